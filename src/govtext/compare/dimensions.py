"""The dimensions codebook and term matching: :func:`load_dimensions` reads and validates the
dimensions file (each dimension with its definition, references and indicator terms; the typology rows
that combine them), :func:`dimension_terms` and ``_term_map`` normalise any dimensions argument to
``{id: terms}``, :func:`match_terms` finds non-overlapping occurrences (longest terms first), and
:func:`format_terms` / :func:`merge_term_lists` write and merge the ``term×k; term`` lists the tables
carry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.common import ID_PATTERN
from govtext.compare._shared import _check_text_entry, _entry_name, _read_yaml, _require, _string_list
from govtext.yamlfile import ResourceError

DIMENSION_REQUIRED = ("id", "name_en", "name_zh", "concept", "definition", "reference", "terms")
DIMENSION_OPTIONAL = ("excluded_terms", "history")
TYPOLOGY_REQUIRED = ("id", "label")
TYPOLOGY_OPTIONAL = ("question", "dimensions", "terms", "programme_kinds")
DIMENSION_COLUMNS = [
    "id",
    "name_en",
    "name_zh",
    "concept",
    "definition",
    "reference",
    "terms",
    "n_terms",
    "excluded_terms",
    "history",
]
TYPOLOGY_COLUMNS = ["id", "label", "question", "dimensions", "terms", "programme_kinds"]


class DimensionsError(ResourceError):
    """A dimensions codebook is missing, unreadable or malformed (the message names file, entry, field)."""


@dataclass(frozen=True, eq=False)
class DimensionCodebook:
    """A validated dimensions file: metadata, one row per dimension and one row per typology row.

    ``dimensions`` columns: id, name_en, name_zh, concept, definition, reference (tuple of BibTeX keys),
    terms (tuple), n_terms, excluded_terms (tuple of ``(term, reason)``), history (how the dimension
    changed between versions of the file, or ""). ``typology`` columns: id,
    label, question, dimensions, terms, programme_kinds (tuples).
    """

    name: str
    description: str
    version: str
    dimensions: pd.DataFrame
    typology: pd.DataFrame
    source: str = ""

    @property
    def terms(self) -> dict[str, tuple[str, ...]]:
        """Indicator terms by dimension id, in file order."""
        return dict(zip(self.dimensions["id"], self.dimensions["terms"], strict=True))


DimensionsLike = DimensionCodebook | pd.DataFrame | Mapping[str, Sequence[str]]


# --------------------------------------------------------------------------------------------------
# Loading and validating the codebook


def load_dimensions(path: str | Path, known_references: Iterable[str] | None = None) -> DimensionCodebook:
    """Read and validate a dimensions YAML file (cntext style: name, description, version, dimensions).

    With ``known_references`` (e.g. the keys of book/references.bib) every ``reference`` key must be one
    of them. Raises :class:`DimensionsError` naming the file, the dimension (or typology row) and field.
    """
    path = Path(path)
    data = _read_yaml(path, DimensionsError)
    if not isinstance(data, dict):
        raise DimensionsError(
            f"{path}: top level must be a mapping with name, description, version, dimensions"
        )
    meta = {}
    for field in ("name", "description", "version"):
        value = data.get(field)
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise DimensionsError(f"{path}: field '{field}': missing or empty")
        meta[field] = str(value).strip()
    unknown = sorted(set(data) - {"name", "description", "version", "dimensions", "typology"})
    if unknown:
        raise DimensionsError(f"{path}: unknown top-level field(s): {', '.join(map(str, unknown))}")
    entries = data.get("dimensions")
    if not isinstance(entries, list) or not entries:
        raise DimensionsError(f"{path}: field 'dimensions': must be a non-empty list")
    known = None if known_references is None else frozenset(known_references)
    rows = _unique_id_rows(
        path, "dimension", entries, lambda i, entry: _validate_dimension(path, i, entry, known)
    )
    typology_entries = data.get("typology") or []
    if not isinstance(typology_entries, list):
        raise DimensionsError(f"{path}: field 'typology': must be a list")
    dimension_ids = {row["id"] for row in rows}
    typology_rows = _unique_id_rows(
        path,
        "typology row",
        typology_entries,
        lambda i, entry: _validate_typology_row(path, i, entry, dimension_ids),
    )
    return DimensionCodebook(
        name=meta["name"],
        description=meta["description"],
        version=meta["version"],
        dimensions=pd.DataFrame(rows, columns=DIMENSION_COLUMNS),
        typology=pd.DataFrame(typology_rows, columns=TYPOLOGY_COLUMNS),
        source=path.name,
    )


def _unique_id_rows(
    path: Path, kind: str, entries: list[Any], validate: Callable[[int, Any], dict[str, Any]]
) -> list[dict[str, Any]]:
    """``validate(index, entry)`` for every entry; :class:`DimensionsError` on a repeated ``id``."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        row = validate(index, entry)
        if row["id"] in seen:
            raise DimensionsError(f"{path}: {kind} '{row['id']}': field 'id': duplicate id")
        seen.add(row["id"])
        rows.append(row)
    return rows


def _validate_dimension(path: Path, index: int, entry: Any, known: frozenset[str] | None) -> dict[str, Any]:
    where = _entry_name("dimension", index, entry)
    if not isinstance(entry, dict):
        raise DimensionsError(f"{path}: {where}: must be a mapping of fields")
    for field in DIMENSION_REQUIRED:
        if field not in entry or entry[field] is None or entry[field] == "":
            raise DimensionsError(f"{path}: {where}: field '{field}': missing")
    unknown = sorted(set(entry) - set(DIMENSION_REQUIRED) - set(DIMENSION_OPTIONAL))
    if unknown:
        raise DimensionsError(f"{path}: {where}: unknown field(s): {', '.join(map(str, unknown))}")
    dim_id = entry["id"]
    if not isinstance(dim_id, str) or not ID_PATTERN.match(dim_id):
        raise DimensionsError(f"{path}: {where}: field 'id': must be snake_case ASCII, got {dim_id!r}")
    row: dict[str, Any] = {"id": dim_id}
    for field in ("name_en", "name_zh", "concept", "definition"):
        if not isinstance(entry[field], str):
            raise DimensionsError(f"{path}: {where}: field '{field}': must be a string")
        row[field] = " ".join(entry[field].split())
    row["reference"] = _string_list(
        path, where, "reference", entry["reference"], allow_empty=False, error=DimensionsError
    )
    if known is not None:
        missing = [key for key in row["reference"] if key not in known]
        if missing:
            raise DimensionsError(
                f"{path}: {where}: field 'reference': unknown BibTeX key(s) {', '.join(missing)}"
            )
    terms = _string_list(path, where, "terms", entry["terms"], allow_empty=False, error=DimensionsError)
    for term in terms:
        if any(ch.isspace() for ch in term):
            raise DimensionsError(f"{path}: {where}: field 'terms': term {term!r} contains whitespace")
    row["terms"] = terms
    row["n_terms"] = len(terms)
    excluded = []
    for item in entry.get("excluded_terms") or []:
        if not isinstance(item, dict) or not isinstance(item.get("term"), str):
            raise DimensionsError(
                f"{path}: {where}: field 'excluded_terms': each entry needs term and reason"
            )
        if not isinstance(item.get("reason"), str) or not item["reason"].strip():
            raise DimensionsError(
                f"{path}: {where}: field 'excluded_terms': term {item['term']!r} has no reason"
            )
        if item["term"] in terms:
            raise DimensionsError(
                f"{path}: {where}: field 'excluded_terms': {item['term']!r} is also listed in terms"
            )
        excluded.append((item["term"], " ".join(item["reason"].split())))
    row["excluded_terms"] = tuple(excluded)
    history = entry.get("history") or ""
    if not isinstance(history, str):
        raise DimensionsError(f"{path}: {where}: field 'history': must be a string")
    row["history"] = " ".join(history.split())
    return row


def _validate_typology_row(path: Path, index: int, entry: Any, dimension_ids: set[str]) -> dict[str, Any]:
    where = _entry_name("typology row", index, entry)
    _check_text_entry(path, where, entry, TYPOLOGY_REQUIRED, TYPOLOGY_OPTIONAL, DimensionsError)
    row: dict[str, Any] = {
        "id": entry["id"],
        "label": entry["label"].strip(),
        "question": " ".join(str(entry.get("question") or "").split()),
    }
    for field in ("dimensions", "terms", "programme_kinds"):
        row[field] = _string_list(
            path, where, field, entry.get(field), allow_empty=True, error=DimensionsError
        )
    unknown_dims = [d for d in row["dimensions"] if d not in dimension_ids]
    if unknown_dims:
        raise DimensionsError(
            f"{path}: {where}: field 'dimensions': unknown dimension(s) {', '.join(unknown_dims)}"
        )
    if not (row["dimensions"] or row["terms"] or row["programme_kinds"]):
        raise DimensionsError(f"{path}: {where}: needs at least one of dimensions, terms, programme_kinds")
    return row


def dimension_terms(dimensions: DimensionsLike) -> pd.DataFrame:
    """The dictionary as a long table: one row per (dimension, term), in file order."""
    rows = [(dim, term) for dim, terms in _term_map(dimensions).items() for term in terms]
    return pd.DataFrame(rows, columns=["dimension", "term"])


def _term_map(dimensions: DimensionsLike) -> dict[str, tuple[str, ...]]:
    """Normalise a codebook, a dimensions DataFrame (id, terms) or a mapping to {id: terms}."""
    if isinstance(dimensions, DimensionCodebook):
        return dimensions.terms
    items: Iterable[tuple[Any, Any]]
    if isinstance(dimensions, pd.DataFrame):
        _require(dimensions, ["id", "terms"], "dimensions")
        items = zip(dimensions["id"], dimensions["terms"], strict=True)
    elif isinstance(dimensions, Mapping):
        items = dimensions.items()
    else:
        raise TypeError(
            f"dimensions must be a DimensionCodebook, DataFrame or mapping, not {type(dimensions)}"
        )
    out: dict[str, tuple[str, ...]] = {}
    for dim, terms in items:
        if isinstance(terms, str):
            raise TypeError(f"dimension {dim!r}: terms must be a list of strings, not one string")
        clean = tuple(t for t in terms if isinstance(t, str) and t)
        if not clean:
            raise ValueError(f"dimension {dim!r}: no terms")
        out[str(dim)] = clean
    return out


# --------------------------------------------------------------------------------------------------
# Matching


def match_terms(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of ``terms`` in ``text`` as ``(start, end, term)``, in text order.

    Longest terms first (ties in code-point order); an occurrence that overlaps one already taken is
    skipped, so 疫情防控 with terms {疫情, 防控, 疫情防控} is one hit, not three.
    """
    return _match_ordered(text, _longest_first(terms if isinstance(terms, tuple) else tuple(terms)))


def _match_ordered(text: str, ordered: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """``match_terms`` with the terms already in ``_longest_first`` order."""
    present = [term for term in ordered if term in text]
    if not present:
        return []
    taken = bytearray(len(text))
    spans: list[tuple[int, int, str]] = []
    for term in present:
        start = text.find(term)
        while start >= 0:
            end = start + len(term)
            if any(taken[start:end]):
                start = text.find(term, start + 1)
                continue
            taken[start:end] = b"\x01" * len(term)
            spans.append((start, end, term))
            start = text.find(term, end)
    spans.sort()
    return spans


def _dimension_matches(
    texts: Iterable[str], term_map: Mapping[str, Sequence[str]]
) -> Iterator[list[list[tuple[int, int, str]]]]:
    """For each text, ``match_terms`` of each dimension's terms (in ``term_map`` order)."""
    ordered = tuple(_longest_first(tuple(terms)) for terms in term_map.values())
    any_term, by_first = _term_index(ordered)
    for text in texts:
        found: list[list[tuple[int, int, str]]] = [[] for _ in ordered]
        if any_term is None or any_term.search(text) is None:
            yield found
            continue
        # the terms in the text: only those whose first character is in it are looked for
        present = {term for char in by_first.keys() & set(text) for term in by_first[char] if term in text}
        for number, terms in enumerate(ordered):
            if not present.isdisjoint(terms):
                found[number] = _match_ordered(text, tuple(term for term in terms if term in present))
        yield found


@lru_cache(maxsize=64)
def _term_index(
    ordered: tuple[tuple[str, ...], ...],
) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, ...]]]:
    """One regex that finds whether any term is in a text, and the terms by their first character."""
    terms = sorted({term for group in ordered for term in group}, key=lambda t: (-len(t), t))
    by_first: dict[str, list[str]] = {}
    for term in terms:
        by_first.setdefault(term[0], []).append(term)
    pattern = re.compile("|".join(map(re.escape, terms))) if terms else None
    return pattern, {char: tuple(group) for char, group in by_first.items()}


@lru_cache(maxsize=1024)
def _longest_first(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct non-empty ``terms``, longest first, ties in code-point order."""
    return tuple(sorted({term for term in terms if term}, key=lambda t: (-len(t), t)))


# --------------------------------------------------------------------------------------------------
# Term lists (``term×k; term``)


def format_terms(found: Iterable[str]) -> str:
    """``党员×3; 党建引领``: most frequent first, ties in order of first occurrence."""
    return _format_counts(_ordered_counts(found))


def _ordered_counts(found: Iterable[str]) -> list[tuple[str, int]]:
    """Each distinct term and its count: most frequent first, ties in order of first occurrence."""
    counts = Counter(found)  # a Counter keeps the order of first occurrence
    order = {term: i for i, term in enumerate(counts)}
    return sorted(counts.items(), key=lambda item: (-item[1], order[item[0]], item[0]))


def _format_counts(counts: Iterable[tuple[str, int]]) -> str:
    return "; ".join(term if n == 1 else f"{term}×{n}" for term, n in counts)


def merge_term_lists(summaries: Iterable[str]) -> str:
    """Merge ``term×k; term`` lists (``format_terms``): most frequent first, ties by first listing."""
    total: Counter[str] = Counter()
    for summary in summaries:
        total.update(_parse_terms(summary))
    return _format_counts(_ordered_counts(total.elements()))


def _parse_terms(summary: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item in str(summary).split("; "):
        if not item:
            continue
        term, _, n = item.rpartition("×")
        if term and n.isdigit():
            counts[term] += int(n)
        else:
            counts[item] += 1
    return counts
