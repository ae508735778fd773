"""Comparison of places: dimension rates with bootstrap intervals, distinctive vocabulary, programme
overlap, similarity and the evidence behind a governance typology.

Every function is pure over DataFrames; the only files read are by :func:`load_dimensions` and
:func:`load_themes`. Column contracts:

* ``sentences``: doc_id, article_id, sentence_id, part, text (clean), clean_start, clean_end, start, end
  (``part`` and the offsets are optional where a function does not need them);
* ``tokens`` (govtext.segment): doc_id, article_id, sentence_id, token_no, token, pos, ..., is_stopword;
* ``programme_mentions`` (govtext.programmes): doc_id, article_id, sentence_id, ..., programme_id,
  name_zh, kind;
* ``documents`` (govtext.corpus): doc_id, locality, ...

Dimension terms match as substrings of a sentence's clean text; within one dimension the longest terms
are tried first and an occurrence overlapping one already counted is skipped (see
:func:`match_terms`). Rates are hits per 10,000 clean characters.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govtext.common import ID_PATTERN, RATE_SCALE
from govtext.yamlfile import ResourceError, read_yaml

DOCUMENT_SCORE_COLUMNS = ["doc_id", "dimension", "n_sentences", "n_chars", "hits", "rate", "terms"]
DEFAULT_SEED = 20201
DEFAULT_PARTS: tuple[str, ...] = ("body",)
SCORED_PARTS = DEFAULT_PARTS
"""Dimension scores count terms in body sentences only."""
WORD_PATTERN = re.compile(r"[A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CLAUSE_BREAKS = "，；：、。！？"
CLAUSE_PATTERN = re.compile(f"[^{CLAUSE_BREAKS}]*(?:[{CLAUSE_BREAKS}]+|$)")

DIMENSION_REQUIRED = ("id", "name_en", "name_zh", "concept", "definition", "reference", "terms")
DIMENSION_OPTIONAL = ("excluded_terms",)
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
]
TYPOLOGY_COLUMNS = ["id", "label", "question", "dimensions", "terms", "programme_kinds"]
RATE_COLUMNS = ["dimension", "n_sentences", "n_chars", "hits", "rate", "ci_low", "ci_high"]
KWIC_COLUMNS = ["doc_id", "article_id", "sentence_id", "left", "term", "right", "start", "end"]
EVIDENCE_COLUMNS = [
    "locality",
    "row_id",
    "row_label",
    "rank",
    "doc_id",
    "sentence_id",
    "hits",
    "terms",
    "quote",
]
NO_EVIDENCE = "—"


class DimensionsError(ResourceError):
    """A dimensions codebook is missing, unreadable or malformed (the message names file, entry, field)."""


@dataclass(frozen=True, eq=False)
class DimensionCodebook:
    """A validated dimensions file: metadata, one row per dimension and one row per typology row.

    ``dimensions`` columns: id, name_en, name_zh, concept, definition, reference (tuple of BibTeX keys),
    terms (tuple), n_terms, excluded_terms (tuple of ``(term, reason)``). ``typology`` columns: id,
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


def _read_yaml(path: Path, error: type[ResourceError]) -> Any:
    """The parsed YAML file (:func:`govtext.yamlfile.read_yaml`), its error re-raised as ``error``."""
    try:
        return read_yaml(path)
    except ResourceError as exc:
        raise error(str(exc)) from None


def _entry_name(kind: str, index: int, entry: Any) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip():
        return f"{kind} '{entry['id'].strip()}'"
    return f"{kind} #{index + 1}"


def _check_text_entry(
    path: Path,
    where: str,
    entry: Any,
    required: Sequence[str],
    optional: Sequence[str],
    error: type[ValueError],
) -> None:
    """Raise ``error`` naming the entry and field unless ``entry`` is a mapping with every ``required``
    field a non-empty string, no field outside ``required`` and ``optional``, and a snake_case ``id``."""
    if not isinstance(entry, dict):
        raise error(f"{path}: {where}: must be a mapping of fields")
    for field in required:
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise error(f"{path}: {where}: field '{field}': missing")
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        raise error(f"{path}: {where}: unknown field(s): {', '.join(map(str, unknown))}")
    if not ID_PATTERN.match(entry["id"]):
        raise error(f"{path}: {where}: field 'id': must be snake_case ASCII, got {entry['id']!r}")


def _string_list(
    path: Path,
    where: str,
    field: str,
    value: Any,
    *,
    allow_empty: bool,
    error: type[ValueError] = DimensionsError,
) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if value is None:
        value = []
    if not isinstance(value, list):
        raise error(f"{path}: {where}: field '{field}': must be a list of strings")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str | int) or not str(item).strip():
            raise error(f"{path}: {where}: field '{field}': entry {item!r} is not a non-empty string")
        text = str(item).strip()
        if text in out:
            raise error(f"{path}: {where}: field '{field}': duplicate entry {text!r}")
        out.append(text)
    if not out and not allow_empty:
        raise error(f"{path}: {where}: field '{field}': must not be empty")
    return tuple(out)


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
    row["reference"] = _string_list(path, where, "reference", entry["reference"], allow_empty=False)
    if known is not None:
        missing = [key for key in row["reference"] if key not in known]
        if missing:
            raise DimensionsError(
                f"{path}: {where}: field 'reference': unknown BibTeX key(s) {', '.join(missing)}"
            )
    terms = _string_list(path, where, "terms", entry["terms"], allow_empty=False)
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
        row[field] = _string_list(path, where, field, entry.get(field), allow_empty=True)
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
    ordered = [_longest_first(tuple(terms)) for terms in term_map.values()]
    for text in texts:
        yield [_match_ordered(text, terms) for terms in ordered]


@lru_cache(maxsize=1024)
def _longest_first(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct non-empty ``terms``, longest first, ties in code-point order."""
    return tuple(sorted({term for term in terms if term}, key=lambda t: (-len(t), t)))


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name}: missing column(s) {', '.join(missing)} (has {', '.join(map(str, frame.columns))})"
        )


def _select_parts(sentences: pd.DataFrame, parts: Sequence[str] | None) -> pd.DataFrame:
    """Keep sentences whose ``part`` is in ``parts`` (all sentences when parts is None or no column)."""
    if parts is None or "part" not in sentences.columns:
        return sentences
    return sentences[sentences["part"].isin(list(parts))]


def _sentence_key(sentence_id: str) -> tuple[str, int, int]:
    """Sort key for ``<doc_id>-<article n>-<sentence n>``: numeric on the two counters."""
    parts = str(sentence_id).rsplit("-", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return (parts[0], int(parts[1]), int(parts[2]))
    return (str(sentence_id), 0, 0)


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


def find_dimension_terms(
    sentences: pd.DataFrame, dimensions: DimensionsLike, parts: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every counted term occurrence: one row per match, for retrieving coded segments in context.

    Columns: doc_id, article_id, sentence_id, dimension, term, offset (into the sentence text),
    clean_start, clean_end (into the document's clean text; needs the sentences' ``clean_start``).
    """
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", "clean_start"], "sentences")
    term_map = _term_map(dimensions)
    selected = _select_parts(sentences, parts)
    keys = selected[["doc_id", "article_id", "sentence_id", "clean_start"]].itertuples(index=False, name=None)
    texts = selected["text"].tolist()
    rows = []
    for (doc_id, article_id, sentence_id, clean_start), matches in zip(
        keys, _dimension_matches(texts, term_map), strict=True
    ):
        for dim, found in zip(term_map, matches, strict=True):
            for start, end, term in found:
                base = int(clean_start)
                rows.append((doc_id, article_id, sentence_id, dim, term, start, base + start, base + end))
    columns = [
        "doc_id",
        "article_id",
        "sentence_id",
        "dimension",
        "term",
        "offset",
        "clean_start",
        "clean_end",
    ]
    return pd.DataFrame(rows, columns=columns)


def count_dimension_terms(
    sentences: pd.DataFrame, dimensions: DimensionsLike, parts: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per sentence x dimension: hits, the sentence's clean length and the terms found.

    Columns: doc_id, article_id, sentence_id, [part], [locality], dimension, hits, n_chars, terms
    (``term×k; term`` string). Sentences keep their input order, dimensions their codebook order.
    """
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text"], "sentences")
    term_map = _term_map(dimensions)
    carry = [c for c in ("doc_id", "article_id", "sentence_id", "part", "locality") if c in sentences.columns]
    selected = _select_parts(sentences, parts)
    texts = selected["text"].tolist()
    rows = []
    for base, text, matches in zip(
        selected[carry].itertuples(index=False, name=None),
        texts,
        _dimension_matches(texts, term_map),
        strict=True,
    ):
        for dim, found in zip(term_map, matches, strict=True):
            rows.append((*base, dim, len(found), len(text), format_terms(term for _, _, term in found)))
    return pd.DataFrame(rows, columns=[*carry, "dimension", "hits", "n_chars", "terms"])


def document_dimension_scores(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    doc_ids: Sequence[str] | None = None,
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """One row per document x dimension, the sum of ``count_dimension_terms`` over a document's sentences.

    Documents in the order of ``doc_ids`` (default: of the sentences; a document without sentences gets
    zeros), dimensions in codebook order. Columns: doc_id, dimension, n_sentences, n_chars (clean
    characters), hits, rate (hits per 10,000 characters; NaN without text), terms (``term×k; term``:
    most frequent first, ties by first listing, as ``merge_term_lists`` of the sentences' lists).
    """
    _require(sentences, ["doc_id", "text"], "sentences")
    term_map = _term_map(dimensions)
    selected = _select_parts(sentences, parts)
    texts = selected["text"].tolist()
    totals: dict[str, list[Any]] = {}
    for doc_id, text, matches in zip(
        selected["doc_id"].astype(str).tolist(), texts, _dimension_matches(texts, term_map), strict=True
    ):
        total = totals.get(doc_id)
        if total is None:
            total = totals[doc_id] = [0, 0, [Counter() for _ in term_map]]
        total[0] += 1
        total[1] += len(text)
        for found, counts in zip(matches, total[2], strict=True):
            if found:
                counts.update(dict(_ordered_counts(term for _, _, term in found)))
    if doc_ids is None:
        doc_ids = list(dict.fromkeys(sentences["doc_id"].astype(str)))
    rows = []
    for doc_id in doc_ids:
        n_sentences, n_chars, counters = totals.get(str(doc_id), (0, 0, [Counter() for _ in term_map]))
        for dim, counts in zip(term_map, counters, strict=True):
            hits = sum(counts.values())
            rate = hits / n_chars * RATE_SCALE if n_chars else float("nan")
            terms = _format_counts(_ordered_counts(counts.elements()))
            rows.append((str(doc_id), dim, n_sentences, n_chars, hits, rate, terms))
    table = pd.DataFrame(rows, columns=DOCUMENT_SCORE_COLUMNS)
    return table.astype({"n_sentences": "int64", "n_chars": "int64", "hits": "int64", "rate": "float64"})


def term_counts(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    by: str = "locality",
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """Hits per group x dimension x term (only terms that occur), to see which terms drive a rate.

    Sorted by group, dimension (codebook order), hits descending, term.
    """
    _require(sentences, [by], "sentences")
    term_map = _term_map(dimensions)
    dim_order = {d: i for i, d in enumerate(term_map)}
    counts: Counter[tuple[str, str, str]] = Counter()
    selected = _select_parts(sentences, parts)
    texts = selected["text"].tolist()
    for group, matches in zip(selected[by].tolist(), _dimension_matches(texts, term_map), strict=True):
        for dim, found in zip(term_map, matches, strict=True):
            for _, _, term in found:
                counts[(group, dim, term)] += 1
    rows = sorted(
        ((g, d, t, n) for (g, d, t), n in counts.items()),
        key=lambda r: (str(r[0]), dim_order[r[1]], -r[3], r[2]),
    )
    return pd.DataFrame(rows, columns=[by, "dimension", "term", "hits"])


# --------------------------------------------------------------------------------------------------
# Rates with bootstrap intervals


def attach_locality(frame: pd.DataFrame, documents: pd.DataFrame, column: str = "locality") -> pd.DataFrame:
    """``frame`` with the documents' ``column`` (default locality) joined on doc_id; row order kept."""
    _require(frame, ["doc_id"], "frame")
    _require(documents, ["doc_id", column], "documents")
    if documents["doc_id"].duplicated().any():
        dupes = sorted(documents.loc[documents["doc_id"].duplicated(), "doc_id"].astype(str).unique())
        raise ValueError(f"documents: duplicate doc_id(s) {', '.join(dupes)}")
    lookup = dict(zip(documents["doc_id"], documents[column], strict=True))
    missing = sorted({str(d) for d in frame["doc_id"].unique() if d not in lookup})
    if missing:
        raise ValueError(f"doc_id(s) not in documents: {', '.join(missing[:5])}")
    out = frame.copy()
    out[column] = frame["doc_id"].map(lookup)
    return out


def _hit_matrix(sentences: pd.DataFrame, term_map: Mapping[str, Sequence[str]]) -> np.ndarray:
    texts = sentences["text"].tolist()
    matrix = np.zeros((len(texts), len(term_map)), dtype=np.int64)
    for i, matches in enumerate(_dimension_matches(texts, term_map)):
        matrix[i] = [len(found) for found in matches]
    return matrix


def _group_rng(seed: int, group: Any) -> np.random.Generator:
    """A generator that depends only on the seed and the group's name (stable across runs)."""
    return np.random.default_rng([int(seed), zlib.crc32(str(group).encode("utf-8"))])


def _bootstrap_rates(
    hits: np.ndarray, chars: np.ndarray, n_boot: int, rng: np.random.Generator, ci: float
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of sum(hits)/sum(chars) over sentences resampled with replacement."""
    n, n_dims = hits.shape
    rates = np.empty((n_boot, n_dims))
    chunk = max(1, 2_000_000 // max(n, 1))
    for lo in range(0, n_boot, chunk):
        size = min(chunk, n_boot - lo)
        idx = rng.integers(0, n, size=(size, n))
        boot_chars = chars[idx].sum(axis=1).astype(float)
        for j in range(n_dims):
            with np.errstate(divide="ignore", invalid="ignore"):
                rates[lo : lo + size, j] = hits[:, j][idx].sum(axis=1) / boot_chars * RATE_SCALE
    tail = (1.0 - ci) / 2.0
    low, high = np.nanquantile(rates, [tail, 1.0 - tail], axis=0)
    return low, high


def dimension_rates(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    by: str = "locality",
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    parts: Sequence[str] | None = DEFAULT_PARTS,
    ci: float = 0.95,
    carry: Sequence[str] = (),
) -> pd.DataFrame:
    """Hits per 10,000 clean characters for each group x dimension, with percentile bootstrap CIs.

    Only sentences whose ``part`` is in ``parts`` count (body text by default; ``None`` = all). The
    bootstrap resamples sentences with replacement within each group ``n_boot`` times; each group's
    numpy Generator is seeded from ``seed`` and the group's name, so results are deterministic and a
    group's interval does not change when other groups are added. ``n_boot=0`` leaves the CIs NaN.
    ``carry`` names columns that are constant within a group and are copied after <by> (e.g.
    ``carry=["locality"]`` with ``by="article_id"``). Columns: <by>, [carry], dimension, n_sentences,
    n_chars, hits, rate, ci_low, ci_high.
    """
    _require(sentences, ["text", *carry], "sentences")
    if by not in sentences.columns:
        hint = " (join it with attach_locality(sentences, documents))" if by == "locality" else ""
        raise ValueError(f"sentences: no column {by!r} to group by{hint}")
    if n_boot < 0 or not 0 < ci < 1:
        raise ValueError("n_boot must be >= 0 and ci in (0, 1)")
    term_map = _term_map(dimensions)
    selected = _select_parts(sentences, parts)
    rows = []
    for group in sorted(selected[by].dropna().unique(), key=str):
        members = selected[selected[by] == group]
        carried = []
        for column in carry:
            values = members[column].dropna().unique()
            if len(values) != 1:
                raise ValueError(f"sentences: column {column!r} is not constant within {by} {group!r}")
            carried.append(values[0])
        hits = _hit_matrix(members, term_map)
        chars = members["text"].str.len().to_numpy(dtype=np.int64)
        total_chars = int(chars.sum())
        total_hits = hits.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            point = total_hits / total_chars * RATE_SCALE if total_chars else np.full(len(term_map), np.nan)
        if n_boot and len(members):
            low, high = _bootstrap_rates(hits, chars, n_boot, _group_rng(seed, group), ci)
        else:
            low = high = np.full(len(term_map), np.nan)
        for j, dim in enumerate(term_map):
            rows.append(
                (
                    group,
                    *carried,
                    dim,
                    len(members),
                    total_chars,
                    int(total_hits[j]),
                    point[j],
                    low[j],
                    high[j],
                )
            )
    return pd.DataFrame(rows, columns=[by, *carry, *RATE_COLUMNS])


def combine_rates(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rates tables of different groupings stacked into one, for export: ``level`` (the mapping's key,
    e.g. place or article), ``group`` (the value of the table's first column), the other columns
    (``locality`` when present), then ``RATE_COLUMNS``.
    """
    blocks = []
    for level, table in tables.items():
        _require(table, RATE_COLUMNS, f"rates table {level!r}")
        block = table.copy()
        block.insert(0, "group", block[block.columns[0]].astype(str))
        block.insert(0, "level", level)
        blocks.append(block)
    combined = pd.concat(blocks, ignore_index=True)
    middle = [c for c in ("locality",) if c in combined.columns]
    return combined[["level", "group", *middle, *RATE_COLUMNS]]


def leave_one_out(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    documents: pd.DataFrame,
    group: str = "Gongyi",
    n_boot: int = 0,
    seed: int = DEFAULT_SEED,
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """Rates by locality with each document of ``group`` left out in turn (``left_out`` = its doc_id).

    The first block (``left_out == "none"``) is the full corpus, for comparison. A place with several
    documents (Gongyi: three) should not owe its profile to one of them.
    """
    _require(documents, ["doc_id", "locality"], "documents")
    doc_ids = sorted(documents.loc[documents["locality"] == group, "doc_id"].astype(str))
    if not doc_ids:
        raise ValueError(f"documents: no document with locality {group!r}")
    located = attach_locality(sentences, documents)
    blocks = []
    for left_out in ["none", *doc_ids]:
        subset = located if left_out == "none" else located[located["doc_id"] != left_out]
        rates = dimension_rates(subset, dimensions, by="locality", n_boot=n_boot, seed=seed, parts=parts)
        rates.insert(0, "left_out", left_out)
        blocks.append(rates)
    return pd.concat(blocks, ignore_index=True)


def rate_table(
    rates: pd.DataFrame,
    dimensions: DimensionCodebook | None = None,
    by: str = "locality",
    columns: Sequence[str] | None = None,
    digits: int = 0,
) -> pd.DataFrame:
    """Rates as a wide display table: one row per dimension, one column per group, ``rate [low–high]``.

    Rows follow the order of ``rates`` and are labelled with ``name_en`` when a codebook is given;
    ``columns`` fixes the order of groups (default: sorted).
    """
    _require(rates, [by, "dimension", "rate", "ci_low", "ci_high"], "rates")
    groups = list(columns) if columns is not None else sorted(rates[by].astype(str).unique())
    dims = list(dict.fromkeys(rates["dimension"]))
    names = _dimension_names(dimensions)

    def cell(row: pd.Series) -> str:
        if pd.isna(row["rate"]):
            return NO_EVIDENCE
        if pd.isna(row["ci_low"]):
            return f"{row['rate']:.{digits}f}"
        return f"{row['rate']:.{digits}f} [{row['ci_low']:.{digits}f}–{row['ci_high']:.{digits}f}]"

    cells = {(r["dimension"], str(r[by])): cell(r) for _, r in rates.iterrows()}
    table = pd.DataFrame(
        [[cells.get((dim, group), NO_EVIDENCE) for group in groups] for dim in dims],
        index=pd.Index([names.get(dim, dim) for dim in dims], name="dimension"),
        columns=pd.Index(groups, name=by),
    )
    return table


def _dimension_names(dimensions: DimensionCodebook | None) -> dict[str, str]:
    if dimensions is None:
        return {}
    return dict(zip(dimensions.dimensions["id"], dimensions.dimensions["name_en"], strict=True))


def rate_leaders(rates: pd.DataFrame, by: str = "locality") -> pd.DataFrame:
    """For each dimension, the group with the highest rate and the runner-up.

    ``separated`` is True when the leader's lower CI bound lies above the runner-up's upper bound (the
    percentile intervals do not overlap). Columns: dimension, leader, leader_rate, leader_ci_low,
    runner_up, runner_up_rate, runner_up_ci_high, ratio (leader / runner-up rate), separated. Dimensions
    keep their order in ``rates``; ties in rate go to the group that sorts first.
    """
    _require(rates, [by, "dimension", "rate", "ci_low", "ci_high"], "rates")
    rows = []
    for dim in dict.fromkeys(rates["dimension"]):
        group = rates[rates["dimension"] == dim].copy()
        group["_name"] = group[by].astype(str)
        group = group.sort_values(["rate", "_name"], ascending=[False, True], kind="mergesort")
        first = group.iloc[0]
        second = group.iloc[1] if len(group) > 1 else None
        runner_rate = float(second["rate"]) if second is not None else np.nan
        runner_high = float(second["ci_high"]) if second is not None else np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = float(first["rate"]) / runner_rate if runner_rate else np.nan
        rows.append(
            (
                dim,
                first[by],
                float(first["rate"]),
                float(first["ci_low"]),
                second[by] if second is not None else None,
                runner_rate,
                runner_high,
                ratio,
                bool(first["ci_low"] > runner_high) if second is not None else False,
            )
        )
    columns = [
        "dimension",
        "leader",
        "leader_rate",
        "leader_ci_low",
        "runner_up",
        "runner_up_rate",
        "runner_up_ci_high",
        "ratio",
        "separated",
    ]
    return pd.DataFrame(rows, columns=columns)


def article_contributions(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    by: str = "locality",
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """How much of each group's dimension hits comes from its single most contributing article.

    Columns: <by>, dimension, n_articles, hits, rate, top_article (most hits; ties: first article),
    top_hit_share (its share of the group's hits), top_char_share (its share of the group's characters),
    rate_without_top (the group's rate with that article left out; NaN for a one-article group). A
    top_hit_share far above top_char_share means one article drives the group's rate.
    """
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", by], "sentences")
    counts = count_dimension_terms(_select_parts(sentences, parts), dimensions)
    columns = [by, "dimension", "n_articles", "hits", "rate", "top_article"]
    columns += ["top_hit_share", "top_char_share", "rate_without_top"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    dim_order = {d: i for i, d in enumerate(_term_map(dimensions))}
    per_article = counts.groupby([by, "dimension", "article_id"], sort=False, as_index=False).agg(
        hits=("hits", "sum"), n_chars=("n_chars", "sum")
    )
    rows = []
    for (group, dim), block in per_article.groupby([by, "dimension"], sort=False):
        block = block.assign(_key=block["article_id"].map(_article_key))
        block = block.sort_values(["hits", "_key"], ascending=[False, True], kind="mergesort")
        hits, chars = int(block["hits"].sum()), int(block["n_chars"].sum())
        top = block.iloc[0]
        rest_chars = chars - int(top["n_chars"])
        rate_without = (hits - int(top["hits"])) / rest_chars * RATE_SCALE if rest_chars else np.nan
        rows.append(
            (
                group,
                dim,
                len(block),
                hits,
                hits / chars * RATE_SCALE if chars else np.nan,
                top["article_id"],
                int(top["hits"]) / hits if hits else np.nan,
                int(top["n_chars"]) / chars if chars else np.nan,
                rate_without,
            )
        )
    table = pd.DataFrame(rows, columns=columns)
    table["_dim"] = table["dimension"].map(dim_order)
    table["_group"] = table[by].astype(str)
    table = table.sort_values(["_group", "_dim"], kind="mergesort").drop(columns=["_dim", "_group"])
    return table.reset_index(drop=True)


def _article_key(article_id: str) -> tuple[str, int]:
    doc, _, number = str(article_id).rpartition("-")
    return (doc, int(number)) if number.isdigit() else (str(article_id), 0)


def short_article_id(article_id: str) -> str:
    """``000_e68ce179375f246f-2`` -> ``000-2``: the doc_id up to its first underscore."""
    doc, number = _article_key(article_id)
    if not doc or number == 0:
        return str(article_id)
    return f"{doc.split('_', 1)[0]}-{number}"


def leave_one_out_summary(loo: pd.DataFrame, group: str = "Gongyi", by: str = "locality") -> pd.DataFrame:
    """Summarise :func:`leave_one_out`: per dimension, how far ``group``'s rate moves and whether the
    leading place changes.

    Columns: dimension, rate_full (``group``, nothing left out), rate_min, rate_max (over the leave-outs),
    leader_full (the highest-rate place with nothing left out), leader_changes (number of leave-outs in
    which another place leads), leaders (every leader seen, '; '-joined in order of first appearance).
    """
    _require(loo, ["left_out", by, "dimension", "rate"], "leave_one_out table")
    rows = []
    for dim in dict.fromkeys(loo["dimension"]):
        block = loo[loo["dimension"] == dim]
        full = block[block["left_out"] == "none"]
        if full.empty:
            raise ValueError("leave_one_out table: no block with left_out == 'none'")
        own = block[(block[by] == group) & (block["left_out"] != "none")]["rate"]
        leaders = []
        for left_out in dict.fromkeys(block["left_out"]):
            sub = block[block["left_out"] == left_out].assign(_name=lambda f: f[by].astype(str))
            sub = sub.sort_values(["rate", "_name"], ascending=[False, True], kind="mergesort")
            leaders.append(str(sub.iloc[0][by]))
        rows.append(
            (
                dim,
                float(full.loc[full[by] == group, "rate"].iloc[0]),
                float(own.min()),
                float(own.max()),
                leaders[0],
                sum(leader != leaders[0] for leader in leaders[1:]),
                "; ".join(dict.fromkeys(leaders)),
            )
        )
    columns = ["dimension", "rate_full", "rate_min", "rate_max", "leader_full", "leader_changes", "leaders"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------------
# Vocabulary: weighted log-odds (Monroe, Colaresi & Quinn 2008) and tf-idf similarity


def _content_tokens(
    tokens: pd.DataFrame,
    group_col: str,
    drop_pos: Sequence[str],
    exclude_stopwords: bool,
    exclude_terms: Iterable[str] = (),
    min_chars: int = 1,
) -> pd.DataFrame:
    """Tokens that count as vocabulary: a letter or CJK character, not a stopword, POS not dropped."""
    _require(tokens, ["token", group_col], "tokens")
    words = tokens["token"].astype(str)
    keep = words.str.contains(WORD_PATTERN) & (words.str.len() >= min_chars)
    excluded = list(exclude_terms)
    if excluded:
        keep &= ~words.isin(excluded)
    if drop_pos and "pos" in tokens.columns:
        keep &= ~tokens["pos"].isin(list(drop_pos))
    if exclude_stopwords and "is_stopword" in tokens.columns:
        keep &= ~tokens["is_stopword"].astype(bool)
    return tokens.loc[keep & tokens[group_col].notna(), [group_col, "token"]]


def _count_matrix(content: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """Groups x terms count matrix, both axes sorted."""
    counts = content.groupby([group_col, "token"], sort=True).size().unstack(fill_value=0)
    return counts.sort_index(axis=0).sort_index(axis=1)


def weighted_log_odds(
    tokens: pd.DataFrame,
    group_col: str = "locality",
    prior: pd.Series | None = None,
    alpha0: float | None = 1000.0,
    min_count: int = 3,
    drop_pos: Sequence[str] = ("x", "m"),
    exclude_stopwords: bool = True,
    exclude_terms: Iterable[str] = (),
    min_chars: int = 1,
) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior, each group against all the rest.

    Following Monroe, Colaresi & Quinn (2008), for term w, group i and the rest j with counts y, totals
    n and prior pseudo-counts a_w summing to alpha0::

        delta = log((y_iw + a_w) / (n_i + alpha0 - y_iw - a_w))
              - log((y_jw + a_w) / (n_j + alpha0 - y_jw - a_w))
        var   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z     = delta / sqrt(var)

    Positive z: the term is more typical of group i than of the rest.

    The prior is informative: ``prior`` (background counts by term; default the pooled counts of the
    corpus itself) rescaled to a total of ``alpha0`` pseudo-counts: a_w = alpha0 * prior_w / sum(prior).
    alpha0 sets the prior's weight against the data. The default 1000 is about a seventh of the ~6,900
    counted body tokens of the seed corpus (moderate shrinkage of rare terms). ``alpha0=None`` keeps
    the prior at its own size (with the default prior, as heavy as the data itself: strong shrinkage,
    rankings close to raw frequency). Terms missing from a given ``prior`` get its smallest positive
    count.
    Tokens that are stopwords, have POS in ``drop_pos`` (punctuation, numerals), no letter/CJK
    character, fewer than ``min_chars`` characters or are in ``exclude_terms`` (e.g. place names) are
    not counted. Only terms with at least ``min_count`` occurrences are reported.

    Columns: <group_col>, term, count, count_rest, total, log_odds, se, z; sorted by group, z
    descending, term.
    """
    content = _content_tokens(tokens, group_col, drop_pos, exclude_stopwords, exclude_terms, min_chars)
    columns = [group_col, "term", "count", "count_rest", "total", "log_odds", "se", "z"]
    if content.empty:
        return pd.DataFrame(columns=columns)
    counts = _count_matrix(content, group_col)
    y = counts.to_numpy(dtype=float)
    total = y.sum(axis=0)
    if prior is None:
        prior_counts = total.copy()
    else:
        aligned = pd.Series(prior, dtype=float).reindex(counts.columns)
        positive = aligned[aligned > 0]
        if positive.empty:
            raise ValueError("prior: no positive count for any term in the corpus")
        prior_counts = aligned.fillna(positive.min()).clip(lower=positive.min()).to_numpy()
    scale = 1.0 if alpha0 is None else float(alpha0) / prior_counts.sum()
    if alpha0 is not None and alpha0 <= 0:
        raise ValueError("alpha0 must be positive")
    a = prior_counts * scale
    a0 = a.sum()
    n = y.sum(axis=1, keepdims=True)
    y_rest = total - y
    n_rest = n.sum() - n
    delta = np.log((y + a) / (n + a0 - y - a)) - np.log((y_rest + a) / (n_rest + a0 - y_rest - a))
    se = np.sqrt(1.0 / (y + a) + 1.0 / (y_rest + a))
    frame = pd.DataFrame(
        {
            group_col: np.repeat(counts.index.to_numpy(), counts.shape[1]),
            "term": np.tile(counts.columns.to_numpy(), counts.shape[0]),
            "count": y.ravel().astype(int),
            "count_rest": y_rest.ravel().astype(int),
            "total": np.tile(total, counts.shape[0]).astype(int),
            "log_odds": delta.ravel(),
            "se": se.ravel(),
            "z": (delta / se).ravel(),
        }
    )
    frame = frame[frame["total"] >= min_count]
    frame = frame.sort_values([group_col, "z", "term"], ascending=[True, False, True], kind="mergesort")
    return frame.reset_index(drop=True)


def top_terms(log_odds: pd.DataFrame, n: int = 15, group_col: str | None = None) -> pd.DataFrame:
    """The ``n`` terms with the highest z for each group (group column: the first column by default)."""
    group_col = group_col or str(log_odds.columns[0])
    ordered = log_odds.sort_values([group_col, "z", "term"], ascending=[True, False, True], kind="mergesort")
    top = ordered.groupby(group_col, sort=True).head(n).copy()
    top.insert(1, "rank", top.groupby(group_col, sort=True).cumcount() + 1)
    return top.reset_index(drop=True)


def cosine_similarity_profiles(profile: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity between the rows of a numeric profile (rows = units, columns = features).

    Missing values count as 0; a row of zeros has NaN similarity to everything. Square DataFrame with
    the profile's index on both axes; the diagonal is 1 for non-zero rows.
    """
    matrix = profile.astype(float).fillna(0.0).to_numpy()
    norms = np.linalg.norm(matrix, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = matrix / norms[:, None]
    sim = np.clip(unit @ unit.T, -1.0, 1.0)
    zero = norms == 0
    sim[zero, :] = np.nan
    sim[:, zero] = np.nan
    diag = np.where(zero, np.nan, 1.0)
    np.fill_diagonal(sim, diag)
    return pd.DataFrame(sim, index=profile.index.copy(), columns=profile.index.copy())


def cosine_similarity_tfidf(
    tokens: pd.DataFrame,
    group_col: str = "locality",
    drop_pos: Sequence[str] = ("x", "m"),
    exclude_stopwords: bool = True,
    exclude_terms: Iterable[str] = (),
) -> pd.DataFrame:
    """Cosine similarity of groups' tf-idf vectors (each group's tokens pooled into one document).

    tf = raw counts; idf = ln((1 + G) / (1 + df)) + 1 over the G groups (smoothed, so a term used by
    every group keeps weight 1 instead of vanishing). Same token filter as :func:`weighted_log_odds`.
    """
    content = _content_tokens(tokens, group_col, drop_pos, exclude_stopwords, exclude_terms)
    counts = _count_matrix(content, group_col)
    tf = counts.to_numpy(dtype=float)
    df = (tf > 0).sum(axis=0)
    idf = np.log((1.0 + tf.shape[0]) / (1.0 + df)) + 1.0
    weights = pd.DataFrame(tf * idf, index=counts.index, columns=counts.columns)
    return cosine_similarity_profiles(weights)


ADMIN_SUFFIX_PATTERN = re.compile(r"(?:街道办事处|街道|办事处|市政府|区政府|政府|路|市|区|县|镇|乡|村|委)+")
NAME_STEM_PATTERN = re.compile(r"([\u4e00-\u9fff]{2,}?)(?:街道办事处|街道|办事处|路|市|区|县|镇|乡|村)")


def place_name_stems(documents: pd.DataFrame) -> list[str]:
    """Name stems of the places and sub-units in ``documents`` (``place_zh`` and ``sub_units``).

    A stem is the part of a name before an administrative suffix (市, 区, 县, 镇, 乡, 村, 街道, 办事处)
    or a road (路, since sub-districts are named after roads): 巩义市 -> 巩义, 杜甫路街道 -> 杜甫,
    汜水镇西邢村 -> 汜水, 西邢. Sorted, without duplicates.
    """
    columns = [c for c in ("place_zh", "sub_units") if c in documents.columns]
    if not columns:
        raise ValueError("documents: needs a place_zh or sub_units column")
    stems: set[str] = set()
    for column in columns:
        for value in documents[column].dropna().astype(str):
            for name in re.split(r"[;；]\s*", value):
                stems.update(m.group(1) for m in NAME_STEM_PATTERN.finditer(name.strip()))
    return sorted(stems)


def place_name_terms(vocabulary: Iterable[str], documents: pd.DataFrame) -> list[str]:
    """Words of ``vocabulary`` that only name a place of ``documents``: a stem from
    :func:`place_name_stems` alone or followed by administrative suffixes (巩义, 巩义市, 巩义市委,
    汝河路街道, 荥阳市委市政府). Names of things in a place (汝河小区, 荥阳模式) are not place names.
    Sorted, without duplicates; pass them as ``exclude_terms`` to the vocabulary statistics.
    """
    stems = place_name_stems(documents)
    found = set()
    for word in vocabulary:
        word = str(word)
        for stem in stems:
            if word.startswith(stem) and (
                len(word) == len(stem) or ADMIN_SUFFIX_PATTERN.fullmatch(word[len(stem) :])
            ):
                found.add(word)
                break
    return sorted(found)


def token_summary(
    tokens: pd.DataFrame,
    group_col: str = "locality",
    drop_pos: Sequence[str] = ("x", "m"),
    exclude_stopwords: bool = True,
    exclude_terms: Iterable[str] = (),
) -> pd.DataFrame:
    """Tokens per group: all tokens, the tokens the vocabulary statistics count, and their distinct types.

    Columns: <group_col>, n_tokens, n_counted, n_types, mean_chars (mean length of counted tokens).
    Counted = the filter of :func:`weighted_log_odds` (no stopwords, punctuation, numerals, excluded terms).
    """
    _require(tokens, ["token", group_col], "tokens")
    content = _content_tokens(tokens, group_col, drop_pos, exclude_stopwords, exclude_terms)
    totals = tokens.groupby(group_col, sort=True).size().rename("n_tokens")
    counted = content.groupby(group_col, sort=True)["token"]
    table = pd.concat(
        [
            totals,
            counted.size().rename("n_counted"),
            counted.nunique().rename("n_types"),
            counted.apply(lambda words: float(words.str.len().mean())).rename("mean_chars"),
        ],
        axis=1,
    )
    table[["n_counted", "n_types"]] = table[["n_counted", "n_types"]].fillna(0).astype("int64")
    table.index.name = group_col
    return table.reset_index()


def compare_top_terms(
    first: pd.DataFrame,
    second: pd.DataFrame,
    n: int = 10,
    names: tuple[str, str] = ("first", "second"),
    group_col: str | None = None,
) -> pd.DataFrame:
    """Two log-odds tables side by side: for each group and rank 1..n, the term of each table.

    Columns: <group>, rank, <names[0]>, <names[1]>, in_both (the first table's term is also among the
    second table's top n for that group).
    """
    group_col = group_col or str(first.columns[0])
    top_first = top_terms(first, n, group_col)
    top_second = top_terms(second, n, group_col)
    merged = top_first[[group_col, "rank", "term"]].merge(
        top_second[[group_col, "rank", "term"]], on=[group_col, "rank"], how="outer", suffixes=("_a", "_b")
    )
    merged = merged.sort_values([group_col, "rank"], kind="mergesort").reset_index(drop=True)
    second_sets = {g: set(block["term"]) for g, block in top_second.groupby(group_col, sort=True)}
    merged["in_both"] = [
        isinstance(t, str) and t in second_sets.get(g, set())
        for g, t in zip(merged[group_col], merged["term_a"], strict=True)
    ]
    return merged.rename(columns={"term_a": names[0], "term_b": names[1]})


def top_terms_overlap(
    first: pd.DataFrame, second: pd.DataFrame, n: int = 10, group_col: str | None = None
) -> pd.DataFrame:
    """Per group, how many of the top ``n`` terms of two log-odds tables coincide (order ignored).

    Columns: <group>, n, shared, share (shared / n).
    """
    pairs = compare_top_terms(first, second, n, ("a", "b"), group_col)
    group_col = str(pairs.columns[0])
    table = (
        pairs.groupby(group_col, sort=True)["in_both"].sum().astype("int64").rename("shared").reset_index()
    )
    table.insert(1, "n", n)
    table["share"] = table["shared"] / n
    return table


# --------------------------------------------------------------------------------------------------
# Keyword in context


def kwic(
    sentences: pd.DataFrame,
    term: str,
    width: int = 20,
    cleaned: Mapping[str, Any] | None = None,
    parts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of ``term`` in the sentences' clean text, with ``width`` characters each side.

    Context stays within the sentence. ``start``/``end`` are RAW offsets into the document when
    ``cleaned`` (doc_id -> govtext.corpus.CleanText) is given, so that ``raw[start:end]`` is the
    passage as printed (it may hold a line break); otherwise they are CLEAN offsets into the
    document's clean text (sentence clean_start + position). Occurrences do not overlap.
    """
    if not term:
        raise ValueError("kwic: empty term")
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", "clean_start"], "sentences")
    rows = []
    for sent in _select_parts(sentences, parts).itertuples(index=False):
        text = sent.text
        pos = text.find(term)
        while pos >= 0:
            end = pos + len(term)
            clean_start = int(sent.clean_start) + pos
            clean_end = int(sent.clean_start) + end
            if cleaned is not None:
                if sent.doc_id not in cleaned:
                    raise ValueError(f"kwic: cleaned has no document {sent.doc_id!r}")
                start_out, end_out = cleaned[sent.doc_id].raw_span(clean_start, clean_end)
            else:
                start_out, end_out = clean_start, clean_end
            rows.append(
                (
                    sent.doc_id,
                    sent.article_id,
                    sent.sentence_id,
                    text[max(0, pos - width) : pos],
                    term,
                    text[end : end + width],
                    int(start_out),
                    int(end_out),
                )
            )
            pos = text.find(term, end)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def token_kwic(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    term: str,
    width: int = 20,
    cleaned: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Keyword in context for a *token*: every token equal to ``term`` (as the vocabulary statistics
    count it), with ``width`` characters of its sentence each side.

    Unlike :func:`kwic`, which finds substrings, 要 here does not match inside 重要 or 要求. ``tokens``
    need doc_id, sentence_id, token, clean_start, clean_end (offsets into the document's clean text, as
    govtext.segment.tokenize gives them). ``start``/``end`` are raw offsets when ``cleaned`` is given,
    clean offsets otherwise. Columns ``KWIC_COLUMNS``, in token order.
    """
    if not term:
        raise ValueError("token_kwic: empty term")
    _require(tokens, ["doc_id", "sentence_id", "token", "clean_start", "clean_end"], "tokens")
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", "clean_start"], "sentences")
    lookup = {
        row.sentence_id: (row.article_id, row.text, int(row.clean_start))
        for row in sentences[["sentence_id", "article_id", "text", "clean_start"]].itertuples(index=False)
    }
    rows = []
    for tok in tokens[tokens["token"] == term].itertuples(index=False):
        if tok.sentence_id not in lookup:
            raise ValueError(f"token_kwic: sentence {tok.sentence_id!r} of a token is not in sentences")
        article_id, text, base = lookup[tok.sentence_id]
        pos, end = int(tok.clean_start) - base, int(tok.clean_end) - base
        start_out, end_out = int(tok.clean_start), int(tok.clean_end)
        if cleaned is not None:
            start_out, end_out = cleaned[tok.doc_id].raw_span(start_out, end_out)
        rows.append(
            (
                tok.doc_id,
                article_id,
                tok.sentence_id,
                text[max(0, pos - width) : pos],
                text[pos:end],
                text[end : end + width],
                int(start_out),
                int(end_out),
            )
        )
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


# --------------------------------------------------------------------------------------------------
# Programmes by place


def _located_mentions(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    _require(mentions, ["doc_id", "programme_id"], "programme_mentions")
    located = attach_locality(mentions, documents)
    if located["programme_id"].isna().any():
        raise ValueError("programme_mentions: programme_id is missing in some rows")
    return located


def _places(documents: pd.DataFrame) -> list[str]:
    _require(documents, ["locality"], "documents")
    return sorted(documents["locality"].dropna().astype(str).unique())


def programme_matrix(
    mentions: pd.DataFrame, documents: pd.DataFrame, label: str = "programme_id"
) -> pd.DataFrame:
    """Mentions per place (rows, every locality in documents) x programme (columns, most mentioned first).

    ``label`` picks the column naming programmes (programme_id or name_zh).
    """
    located = _located_mentions(mentions, documents)
    _require(located, [label], "programme_mentions")
    places = _places(documents)
    counts = located.groupby(["locality", label], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=places, fill_value=0)
    totals = counts.sum(axis=0)
    order = sorted(counts.columns, key=lambda c: (-int(totals[c]), str(c)))
    matrix = counts[order].astype(int)
    matrix.index.name = "locality"
    matrix.columns.name = "programme" if label == "programme_id" else label
    return matrix


def shared_programmes(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Each programme with the places that mention it and whether it is shared or unique.

    Columns: programme_id, [name_zh], [kind], places ('; '-joined, sorted), n_places, n_mentions,
    category ("shared by 3", "shared by 2", "unique to Gongyi"). Sorted by n_places, n_mentions
    (descending) and programme_id.
    """
    located = _located_mentions(mentions, documents)
    rows = []
    for programme_id, group in located.groupby("programme_id", sort=True):
        places = sorted(group["locality"].astype(str).unique())
        row = {"programme_id": programme_id}
        for column in ("name_zh", "kind"):
            if column in group.columns:
                row[column] = (
                    group[column].dropna().astype(str).iloc[0] if group[column].notna().any() else ""
                )
        category = f"unique to {places[0]}" if len(places) == 1 else f"shared by {len(places)}"
        row.update(places="; ".join(places), n_places=len(places), n_mentions=len(group), category=category)
        rows.append(row)
    columns = ["programme_id", *[c for c in ("name_zh", "kind") if c in located.columns]]
    columns += ["places", "n_places", "n_mentions", "category"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(
        ["n_places", "n_mentions", "programme_id"], ascending=[False, False, True], kind="mergesort"
    )
    return table.reset_index(drop=True)


def kind_profile(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Share of each place's programme mentions by programme kind (rows sum to 1; NaN with no mentions)."""
    located = _located_mentions(mentions, documents)
    _require(located, ["kind"], "programme_mentions")
    counts = located.groupby(["locality", "kind"], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=_places(documents), fill_value=0).sort_index(axis=1)
    totals = counts.sum(axis=1)
    shares = counts.astype(float).div(totals.where(totals > 0), axis=0)
    shares.index.name = "locality"
    shares.columns.name = "kind"
    return shares


def programme_overlap(mentions: pd.DataFrame, documents: pd.DataFrame, jaccard: bool = False) -> pd.DataFrame:
    """Distinct programmes named by both places of each pair (diagonal: named by the place at all).

    With ``jaccard=True`` each cell is shared / named by either (diagonal 1; NaN for a place with no
    programmes). Square DataFrame, every locality of ``documents`` on both axes, sorted.
    """
    located = _located_mentions(mentions, documents)
    places = _places(documents)
    named = {p: set(located.loc[located["locality"] == p, "programme_id"].astype(str)) for p in places}
    values = np.zeros((len(places), len(places)), dtype=float)
    for i, a in enumerate(places):
        for j, b in enumerate(places):
            both = len(named[a] & named[b])
            if jaccard:
                either = len(named[a] | named[b])
                values[i, j] = both / either if either else np.nan
            else:
                values[i, j] = both
    frame = pd.DataFrame(
        values, index=pd.Index(places, name="locality"), columns=pd.Index(places, name="locality")
    )
    return frame if jaccard else frame.astype("int64")


# --------------------------------------------------------------------------------------------------
# Typology evidence


def _typology_rows(typology_spec: DimensionCodebook | pd.DataFrame) -> pd.DataFrame:
    spec = typology_spec.typology if isinstance(typology_spec, DimensionCodebook) else typology_spec
    _require(spec, ["id"], "typology_spec")
    spec = spec.copy()
    for column in ("dimensions", "terms", "programme_kinds"):
        values = spec[column] if column in spec.columns else [()] * len(spec)
        spec[column] = [_as_tuple(v) for v in values]
    if "label" not in spec.columns:
        spec["label"] = spec["id"]
    return spec


def _as_tuple(value: Any) -> tuple[str, ...]:
    """A spec cell as a tuple of strings: lists and tuples pass, a string is one item, missing is empty."""
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list | tuple | np.ndarray):
        return tuple(str(v) for v in value)
    return ()


def _quote(text: str, first_hit: int, max_chars: int) -> str:
    """``text`` cut to about ``max_chars`` characters around the first hit, at clause breaks if possible."""
    if len(text) <= max_chars:
        return text
    start = max(0, min(first_hit - max_chars // 3, len(text) - max_chars))
    if start > 0:
        head = text[start:first_hit]
        breaks = [i for i, ch in enumerate(head) if ch in "，；：、。！？"]
        if breaks:
            start += breaks[0] + 1
    end = min(len(text), start + max_chars)
    if end < len(text):
        tail_from = max(first_hit + 1, end - max_chars // 3) - start
        window = text[start:end]
        breaks = [i for i, ch in enumerate(window) if ch in "，；：、。！？" and i >= tail_from]
        if breaks:
            end = start + breaks[-1] + 1
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def typology_evidence(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame | None,
    dimensions: DimensionsLike,
    typology_spec: DimensionCodebook | pd.DataFrame,
    n: int = 3,
    max_chars: int = 80,
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """The top ``n`` evidence sentences for each place x typology row.

    A row's evidence is its own terms plus the terms of its dimensions (matched longest first without
    overlap) plus programme mentions whose ``kind`` is in its programme_kinds. Score = number of those
    hits; ties are broken by sentence order (doc_id, article number, sentence number). Sentences need
    a ``locality`` column (see :func:`attach_locality`). Columns: locality, row_id, row_label, rank,
    doc_id, sentence_id, hits, terms (``term×k; …``, programme names included), quote (clean text,
    shortened around the first hit).
    """
    _require(sentences, ["doc_id", "sentence_id", "text", "locality"], "sentences")
    term_map = _term_map(dimensions)
    spec = _typology_rows(typology_spec)
    selected = _select_parts(sentences, parts)
    if mentions is not None and len(mentions):
        _require(mentions, ["sentence_id", "kind"], "programme_mentions")
        name_col = "name_zh" if "name_zh" in mentions.columns else "programme_id"
        mention_list = mentions[["sentence_id", "kind", name_col]].itertuples(index=False, name=None)
    else:
        mention_list = iter(())
    by_sentence: dict[str, list[tuple[str, str]]] = {}
    for sentence_id, kind, name in mention_list:
        by_sentence.setdefault(sentence_id, []).append((str(kind), str(name)))
    records = list(selected[["locality", "doc_id", "sentence_id", "text"]].itertuples(index=False, name=None))
    rows = []
    for spec_row in spec.itertuples(index=False):
        unknown = [d for d in spec_row.dimensions if d not in term_map]
        if unknown:
            raise ValueError(f"typology row {spec_row.id!r}: unknown dimension(s) {', '.join(unknown)}")
        terms = list(dict.fromkeys([*spec_row.terms, *(t for d in spec_row.dimensions for t in term_map[d])]))
        kinds = set(spec_row.programme_kinds)
        scored = []
        for locality, doc_id, sentence_id, text in records:
            spans = match_terms(text, terms) if terms else []
            programmes = [name for kind, name in by_sentence.get(sentence_id, []) if kind in kinds]
            hits = len(spans) + len(programmes)
            if hits:
                first = spans[0][0] if spans else 0
                found = [t for _, _, t in spans] + programmes
                scored.append((locality, doc_id, sentence_id, hits, found, _quote(text, first, max_chars)))
        scored.sort(key=lambda r: (str(r[0]), -r[3], _sentence_key(r[2])))
        rank_in: Counter[str] = Counter()
        for locality, doc_id, sentence_id, hits, found, quote in scored:
            if rank_in[locality] >= n:
                continue
            rank_in[locality] += 1
            rows.append(
                (
                    locality,
                    spec_row.id,
                    spec_row.label,
                    rank_in[locality],
                    doc_id,
                    sentence_id,
                    hits,
                    format_terms(found),
                    quote,
                )
            )
    order = {row_id: i for i, row_id in enumerate(spec["id"])}
    evidence = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    if evidence.empty:
        return evidence
    evidence = evidence.sort_values(
        ["locality", "row_id", "rank"],
        key=lambda s: s.map(order) if s.name == "row_id" else s,
        kind="mergesort",
    )
    return evidence.reset_index(drop=True)


def short_sentence_id(sentence_id: str) -> str:
    """``000_e68ce179375f246f-1-5`` -> ``000-1-5``: the doc_id up to its first underscore."""
    doc, article, sentence = _sentence_key(sentence_id)
    if article == 0 and sentence == 0:
        return str(sentence_id)
    return f"{doc.split('_', 1)[0]}-{article}-{sentence}"


def typology_table(
    evidence: pd.DataFrame,
    places: Sequence[str] | None = None,
    rows: Sequence[str] | None = None,
    max_terms: int = 4,
    short_ids: bool = True,
) -> pd.DataFrame:
    """One row per typology row (by label), one column per place; each cell summarises the evidence.

    A cell reads ``党员×7, 党支部×3 (002-1-14, 002-1-16)``: the ``max_terms`` most frequent terms over
    the evidence sentences, then their sentence ids (shortened with :func:`short_sentence_id`).
    A place without evidence gets ``—``. ``places`` and ``rows`` (row labels) fix the order and let
    empty places or rows appear; otherwise they come from ``evidence`` (places sorted, rows in order).
    """
    _require(evidence, ["locality", "row_label", "sentence_id", "terms"], "evidence")
    places = list(places) if places is not None else sorted(evidence["locality"].astype(str).unique())
    labels = list(rows) if rows is not None else list(dict.fromkeys(evidence["row_label"]))
    cells: dict[tuple[str, str], str] = {}
    for (label, locality), group in evidence.groupby(["row_label", "locality"], sort=False):
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for i, summary in enumerate(group["terms"]):
            for term, k in _parse_terms(summary).items():
                counts[term] += k
                first.setdefault(term, i)
        top = sorted(counts, key=lambda t: (-counts[t], first[t], t))[:max_terms]
        terms = ", ".join(t if counts[t] == 1 else f"{t}×{counts[t]}" for t in top)
        ids = [short_sentence_id(s) if short_ids else str(s) for s in group["sentence_id"]]
        cells[(str(label), str(locality))] = f"{terms} ({', '.join(ids)})"
    table = pd.DataFrame(
        [[cells.get((str(label), str(place)), NO_EVIDENCE) for place in places] for label in labels],
        index=pd.Index(labels, name="typology"),
        columns=pd.Index(places, name="locality"),
    )
    return table


# --------------------------------------------------------------------------------------------------
# Themes: reported figures side by side, normalised only by denominators the text states


THEME_REQUIRED = ("id", "label", "label_zh")
THEME_OPTIONAL = ("terms", "exclude_if", "metric_kinds", "note")
THEME_COLUMNS = ["id", "label", "label_zh", "terms", "exclude_if", "metric_kinds", "note"]
THEME_METRIC_COLUMNS = [
    "theme",
    "label",
    "locality",
    "doc_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "value",
    "unit",
    "kind",
    "subject",
    "share",
    "basis",
    "denominator",
]
BASIS_STATED = "stated percentage"
BASIS_RATE = "stated rate"
BASIS_PART = "computed part of whole"
BASIS_WHOLE = "whole"


class ThemesError(ResourceError):
    """A themes file is missing, unreadable or malformed (the message names file, theme and field)."""


@dataclass(frozen=True, eq=False)
class ThemeCodebook:
    """A validated themes file: one row per theme (columns ``THEME_COLUMNS``) and the part-whole cues."""

    name: str
    description: str
    version: str
    themes: pd.DataFrame
    part_whole_cues: tuple[str, ...]
    source: str = ""


def load_themes(path: str | Path) -> ThemeCodebook:
    """Read and validate a themes YAML file (name, description, version, themes, part_whole_cues).

    Each theme needs id (snake_case), label, label_zh and at least one of ``terms`` or ``metric_kinds``;
    ``exclude_if`` and ``note`` are optional. Raises :class:`ThemesError` naming file, theme and field.
    """
    path = Path(path)
    data = _read_yaml(path, ThemesError)
    if not isinstance(data, dict):
        raise ThemesError(f"{path}: top level must be a mapping with name, description, version, themes")
    unknown = sorted(set(data) - {"name", "description", "version", "themes", "part_whole_cues"})
    if unknown:
        raise ThemesError(f"{path}: unknown top-level field(s): {', '.join(map(str, unknown))}")
    meta = {}
    for field in ("name", "description", "version"):
        value = data.get(field)
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise ThemesError(f"{path}: field '{field}': missing or empty")
        meta[field] = str(value).strip()
    entries = data.get("themes")
    if not isinstance(entries, list) or not entries:
        raise ThemesError(f"{path}: field 'themes': must be a non-empty list")
    rows = []
    for index, entry in enumerate(entries):
        row = _validate_theme(path, index, entry)
        if any(r["id"] == row["id"] for r in rows):
            raise ThemesError(f"{path}: theme '{row['id']}': field 'id': duplicate id")
        rows.append(row)
    cues = _string_list(
        path, "top level", "part_whole_cues", data.get("part_whole_cues"), allow_empty=True, error=ThemesError
    )
    return ThemeCodebook(
        name=meta["name"],
        description=meta["description"],
        version=meta["version"],
        themes=pd.DataFrame(rows, columns=THEME_COLUMNS),
        part_whole_cues=cues,
        source=path.name,
    )


def _validate_theme(path: Path, index: int, entry: Any) -> dict[str, Any]:
    where = _entry_name("theme", index, entry)
    _check_text_entry(path, where, entry, THEME_REQUIRED, THEME_OPTIONAL, ThemesError)
    row: dict[str, Any] = {field: " ".join(entry[field].split()) for field in THEME_REQUIRED}
    for field in ("terms", "exclude_if", "metric_kinds"):
        row[field] = _string_list(path, where, field, entry.get(field), allow_empty=True, error=ThemesError)
    if not (row["terms"] or row["metric_kinds"]):
        raise ThemesError(f"{path}: {where}: needs at least one of terms, metric_kinds")
    row["note"] = " ".join(str(entry.get("note") or "").split())
    return row


def metric_denominators(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    cues: Sequence[str],
    max_gap: int = 15,
) -> pd.DataFrame:
    """``metrics`` with the normalisation the text itself supports: columns share, basis, denominator.

    * a percentage (kind ``percent``): share = value / 100, basis ``stated percentage``, denominator =
      its subject (占全市总任务量的80% → 全市总任务量);
    * a rate (kind ``rate``, 每万人配备40个): basis ``stated rate``, denominator = its base (``per``);
    * a part-whole pair: in one sentence, a count (the whole) followed within ``max_gap`` characters,
      with at most one clause break and one of ``cues`` in between, by counts of the same unit no larger
      than it, each within ``max_gap`` characters of the previous one (488个老旧小区已完工468个;
      53个楼院中，8个已完工，28个正在施工). Parts get share = part / whole, basis ``computed part of
      whole`` and the whole's surface as denominator; the whole gets basis ``whole``.

    Every other quantity keeps share NaN and an empty basis: nothing is normalised by outside data.
    Needs metrics columns doc_id, sentence_id, surface, value, unit, kind, subject, clean_start,
    clean_end and sentences columns sentence_id, text, clean_start.
    """
    needed = [
        "doc_id",
        "sentence_id",
        "surface",
        "value",
        "unit",
        "kind",
        "subject",
        "clean_start",
        "clean_end",
    ]
    _require(metrics, needed, "metrics")
    _require(sentences, ["sentence_id", "text", "clean_start"], "sentences")
    out = metrics.reset_index(drop=True).copy()
    share = np.full(len(out), np.nan)
    basis = [""] * len(out)
    denominator = [""] * len(out)
    for i, row in enumerate(out.itertuples(index=False)):
        if row.kind == "percent":
            share[i], basis[i], denominator[i] = (
                float(row.value) / 100.0,
                BASIS_STATED,
                str(row.subject or ""),
            )
        elif row.kind == "rate":
            per = getattr(row, "per", "") or ""
            basis[i], denominator[i] = BASIS_RATE, str(per)
    lookup = {
        s: (t, int(c))
        for s, t, c in sentences[["sentence_id", "text", "clean_start"]].itertuples(index=False)
    }
    counts = out[out["kind"] == "count"]
    for sentence_id, block in counts.groupby("sentence_id", sort=False):
        if sentence_id not in lookup:
            continue
        text, base = lookup[sentence_id]
        block = block.sort_values(["clean_start", "clean_end"], kind="mergesort")
        items = list(block[["value", "unit", "clean_start", "clean_end", "surface"]].itertuples(name=None))
        k = 0
        while k < len(items):
            idx, value, unit, _start, end, surface = items[k]
            parts: list[int] = []
            previous_end = end
            for j in range(k + 1, len(items)):
                p_idx, p_value, p_unit, p_start, p_end, _ = items[j]
                if p_unit != unit:
                    continue
                gap = text[previous_end - base : p_start - base]
                if not parts and not _cued_gap(gap, cues, max_gap):
                    break
                if parts and len(gap) > max_gap:
                    break
                if float(p_value) > float(value) or float(value) <= 0:
                    break
                parts.append(j)
                previous_end = p_end
            if not parts:
                k += 1
                continue
            basis[idx] = BASIS_WHOLE
            for j in parts:
                p_idx, p_value = items[j][0], items[j][1]
                share[p_idx] = float(p_value) / float(value)
                basis[p_idx] = BASIS_PART
                denominator[p_idx] = str(surface)
            k = parts[-1] + 1
    out["share"] = share
    out["basis"] = basis
    out["denominator"] = denominator
    return out


def quote_figure(
    sentences: pd.DataFrame, sentence_id: str, surface: str, clauses_before: int = 1, clauses_after: int = 0
) -> str:
    """The clause of a figure's sentence that holds the figure, with ``clauses_before`` clauses before it
    and ``clauses_after`` after it (clauses end at ，；：、。！？), trailing punctuation dropped; … marks
    a cut. ``surface`` may be the raw surface: layout whitespace is ignored when it is looked up.
    """
    _require(sentences, ["sentence_id", "text"], "sentences")
    match = sentences.loc[sentences["sentence_id"] == sentence_id, "text"]
    if match.empty:
        raise ValueError(f"quote_figure: no sentence {sentence_id!r}")
    text = str(match.iloc[0])
    position = text.find(_squeeze(surface))
    if position < 0:
        raise ValueError(f"quote_figure: {surface!r} not in sentence {sentence_id!r}")
    clauses = [m.span() for m in CLAUSE_PATTERN.finditer(text) if m.end() > m.start()]
    own = next(i for i, (a, b) in enumerate(clauses) if a <= position < b)
    first, last = max(0, own - clauses_before), min(len(clauses) - 1, own + clauses_after)
    quote = text[clauses[first][0] : clauses[last][1]].rstrip(CLAUSE_BREAKS)
    return ("…" if first > 0 else "") + quote + ("…" if last < len(clauses) - 1 else "")


def _cued_gap(gap: str, cues: Sequence[str], max_gap: int) -> bool:
    """A short stretch between two counts, within one clause break, holding a part-whole cue."""
    if len(gap) > max_gap or "。" in gap or sum(gap.count(ch) for ch in "，；：") > 1:
        return False
    return any(cue in gap for cue in cues)


def theme_metrics(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    themes: ThemeCodebook | pd.DataFrame,
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """Quantities assigned to themes: one row per (theme, quantity), columns ``THEME_METRIC_COLUMNS``.

    A quantity belongs to a theme when its sentence contains one of the theme's terms and none of its
    exclude_if terms, or when its kind is one of the theme's metric_kinds. ``metrics`` should carry
    share/basis/denominator from :func:`metric_denominators` (otherwise they are left empty); sentences
    need a ``locality`` column. Only sentences whose part is in ``parts`` count (body text by default).
    Sorted by theme (file order), locality, sentence order and position.
    """
    _require(metrics, ["doc_id", "sentence_id", "surface", "value", "unit", "kind", "clean_start"], "metrics")
    _require(sentences, ["sentence_id", "text", "locality"], "sentences")
    spec = themes.themes if isinstance(themes, ThemeCodebook) else themes
    _require(spec, ["id", "label", "terms"], "themes")
    selected = _select_parts(sentences, parts)
    info = dict(
        zip(selected["sentence_id"], zip(selected["text"], selected["locality"], strict=True), strict=True)
    )
    frame = metrics[metrics["sentence_id"].isin(list(info))].copy()
    for column, default in (("subject", ""), ("start", -1), ("end", -1), ("basis", ""), ("denominator", "")):
        if column not in frame.columns:
            frame[column] = default
    if "share" not in frame.columns:
        frame["share"] = np.nan
    blocks = []
    for order, theme in enumerate(spec.itertuples(index=False)):
        terms = _as_tuple(theme.terms)
        excluded = _as_tuple(getattr(theme, "exclude_if", ()))
        kinds = set(_as_tuple(getattr(theme, "metric_kinds", ())))

        def belongs(sentence_id: str, kind: str, terms=terms, excluded=excluded, kinds=kinds) -> bool:
            text = info[sentence_id][0]
            if kind in kinds:
                return True
            return any(t in text for t in terms) and not any(t in text for t in excluded)

        mask = [belongs(s, k) for s, k in zip(frame["sentence_id"], frame["kind"], strict=True)]
        block = frame[mask].copy()
        block["theme"], block["label"], block["_order"] = theme.id, theme.label, order
        block["locality"] = block["sentence_id"].map(lambda s: info[s][1])
        blocks.append(block)
    if not blocks or all(b.empty for b in blocks):
        return pd.DataFrame(columns=THEME_METRIC_COLUMNS)
    table = pd.concat([b for b in blocks if not b.empty], ignore_index=True)
    table["_sentence"] = table["sentence_id"].map(_sentence_key)
    table["_locality"] = table["locality"].astype(str)
    table = table.sort_values(["_order", "_locality", "_sentence", "clean_start"], kind="mergesort")
    return table[THEME_METRIC_COLUMNS].reset_index(drop=True)


def theme_indicator_table(
    theme_rows: pd.DataFrame,
    themes: ThemeCodebook | pd.DataFrame,
    places: Sequence[str] | None = None,
    n_examples: int = 2,
) -> pd.DataFrame:
    """One row per theme (label), one column per place; a cell summarises the figures of that theme.

    A cell reads ``5 figures in 3 sentences; stated: 80% (全市总任务量); computed: 8个/53个 = 15%``:
    stated percentages with their subject, stated rates with their base, and shares computed from a
    denominator the same sentence gives. Without any, it says so and gives ``n_examples`` figures in text
    order (``no denominator; e.g. 1400余名 (党员)``). A place without figures gets ``—``.
    """
    _require(theme_rows, ["theme", "locality", "sentence_id", "surface", "basis"], "theme_rows")
    spec = themes.themes if isinstance(themes, ThemeCodebook) else themes
    places = list(places) if places is not None else sorted(theme_rows["locality"].astype(str).unique())
    table = pd.DataFrame(
        NO_EVIDENCE,
        index=pd.Index(list(spec["label"]), name="theme"),
        columns=pd.Index(places, name="locality"),
    )
    for theme_id, label in zip(spec["id"], spec["label"], strict=True):
        for place in places:
            block = theme_rows[(theme_rows["theme"] == theme_id) & (theme_rows["locality"] == place)]
            if not block.empty:
                table.loc[label, place] = _indicator_cell(block, n_examples)
    return table


def _indicator_cell(block: pd.DataFrame, n_examples: int) -> str:
    n, k = len(block), block["sentence_id"].nunique()
    parts = [f"{n} figure{'s' if n != 1 else ''} in {k} sentence{'s' if k != 1 else ''}"]
    stated, rates, computed = [], [], []
    for r in block.itertuples(index=False):
        surface = _squeeze(r.surface)
        if r.basis == BASIS_STATED:
            stated.append(f"{surface} ({r.denominator})" if r.denominator else surface)
        elif r.basis == BASIS_RATE:
            rates.append(f"{r.denominator}{surface}")
        elif r.basis == BASIS_PART:
            computed.append(f"{surface}/{_squeeze(r.denominator)} = {r.share:.0%}")
    for label, items in (("stated", stated), ("stated rate", rates), ("computed", computed)):
        if items:
            parts.append(f"{label}: " + ", ".join(_counted(items)))
    if not (stated or rates or computed):
        examples = [
            f"{_squeeze(r.surface)} ({r.subject})"
            if isinstance(r.subject, str) and r.subject
            else _squeeze(r.surface)
            for r in block.head(n_examples).itertuples(index=False)
        ]
        parts.append("no denominator; e.g. " + ", ".join(examples))
    return "; ".join(parts)


def _squeeze(text: Any) -> str:
    """Layout whitespace removed (raw surfaces may hold a line break or a space: 320 名)."""
    return re.sub(r"\s+", "", str(text))


def _counted(items: Sequence[str]) -> list[str]:
    """Repeated items once, with ``×k``, in order of first appearance."""
    counts = Counter(items)
    return [item if counts[item] == 1 else f"{item} ×{counts[item]}" for item in dict.fromkeys(items)]
