"""Extraction over sentences: ``extract_metrics``, the clause cutter and the typed metrics frame.

For each sentence of clean text, the quantities (:mod:`govtext.metrics.quantities`) are found, only
the clauses that hold one are cut by jieba (or sliced from the sentence's cut), subjects are read
(:mod:`govtext.metrics.subjects`) and clean offsets are mapped back to raw offsets through the
document's CleanText. The result is one row per quantity, columns :data:`METRIC_COLUMNS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any, Protocol

import numpy as np
import pandas as pd

from govtext.common import SPAN_COLUMNS
from govtext.metrics.quantities import Quantity, _find_quantities, _names_regex
from govtext.metrics.subjects import _blocked_tokens, _find_subject, _nounish, _Token
from govtext.metrics.units import Units, _default_units
from govtext.segment import cut_with_offsets, make_tokenizer, slice_cut

METRIC_COLUMNS = [
    *SPAN_COLUMNS,
    "value",
    "unit",
    "unit_class",
    "approx",
    "bound",
    "subject",
    "value_high",
    "kind",
    "per",
    "per_value",
    "rank_of",
    "part",
    "clean_start",
    "clean_end",
]


SKIPPED_PARTS = frozenset({"furniture"})
"""Sentence parts never searched for metrics: page furniture (navigation, counters, footers)."""


class _Cleaned(Protocol):
    """What extract_metrics reads of a CleanText: the raw text (read-only) and the span map."""

    @property
    def raw(self) -> str: ...

    def raw_span(self, start: int, end: int) -> tuple[int, int]: ...


def extract_metrics(
    sentences: pd.DataFrame,
    cleaned: Mapping[str, _Cleaned],
    tokenizer: Any = None,
    programme_names: Iterable[str] = (),
    units: Units | None = None,
    cuts: Sequence[Sequence[tuple[str, str, int, int]]] | None = None,
) -> pd.DataFrame:
    """One row per quantity in ``sentences``, with raw offsets, value, unit, class and subject.

    ``sentences`` needs ``doc_id, article_id, sentence_id, text, clean_start`` (``part`` is copied when
    present; rows whose part is in ``SKIPPED_PARTS``, page furniture, are skipped); ``cleaned`` maps
    doc_id to the document's CleanText (``raw`` and ``raw_span``).
    ``tokenizer`` is a ``Segmenter`` from ``govtext.segment.make_tokenizer``; when None one is built
    (about 2 s) with the programme names as user words. ``programme_names`` are names and aliases from the
    programme codebook: numbers inside a match are not metrics. ``units`` defaults to
    ``load_units(DEFAULT_UNITS_PATH)``. ``cuts``, when given, are the sentences' cuts by ``tokenizer``
    (``segment.cut_sentences``, in row order): a clause whose cut is a slice of its sentence's cut is not
    cut again. Columns: ``METRIC_COLUMNS``; sorted by doc_id, start, end.
    """
    names = tuple(sorted({str(n) for n in programme_names if isinstance(n, str) and n.strip()}))
    units = units if units is not None else _default_units()
    needed = {"doc_id", "article_id", "sentence_id", "text", "clean_start"}
    missing = sorted(needed - set(sentences.columns))
    if missing:
        raise ValueError(f"sentences: missing column(s) {', '.join(missing)}")
    if cuts is not None and len(cuts) != len(sentences):
        raise ValueError(f"cuts: {len(cuts)} cuts for {len(sentences)} sentences")
    has_part = "part" in sentences.columns
    names_re = _names_regex(names)
    light = units.subject_light_words
    rows: list[tuple[Any, ...]] = []
    cut = None
    doc_ids, article_ids, sentence_ids, texts, clean_starts = (
        sentences[column].tolist()
        for column in ("doc_id", "article_id", "sentence_id", "text", "clean_start")
    )
    parts = sentences["part"].tolist() if has_part else [""] * len(sentences)
    for number, text in enumerate(texts):
        if not isinstance(text, str) or not text or parts[number] in SKIPPED_PARTS:
            continue
        found = _find_quantities(text, units, names_re)
        if not found:
            continue
        if cut is None:
            cut = _Cutter(tokenizer, names)
        tokens = _clause_tokens(text, found, cut, cuts[number] if cuts is not None else None)
        blocked = _blocked_tokens(tokens, found)
        doc = cleaned.get(doc_ids[number])
        if doc is None:
            raise KeyError(f"cleaned: no CleanText for doc_id {doc_ids[number]!r}")
        base = int(clean_starts[number])
        for q in found:
            start, end = doc.raw_span(base + q.start, base + q.end)
            rows.append(
                (
                    doc_ids[number],
                    article_ids[number],
                    sentence_ids[number],
                    int(start),
                    int(end),
                    doc.raw[start:end],
                    q.value,
                    q.unit,
                    q.unit_class,
                    q.approx,
                    q.bound,
                    q.subject or _find_subject(text, q, tokens, blocked, light),
                    q.value_high,
                    q.kind,
                    _per_phrase(text, q, tokens),
                    q.per_value,
                    q.rank_of,
                    parts[number],
                    base + q.start,
                    base + q.end,
                )
            )
    return _metrics_frame(rows)


_CLAUSE_RE = re.compile(r"[^，。；！？,;!?：:\n]+[，。；！？,;!?：:\n]?")


def _clause_tokens(
    text: str, found: Sequence[Quantity], cut: _Cutter, sentence_cut: Sequence[_Token] | None = None
) -> list[_Token]:
    """Tokens of the clauses of ``text`` that hold a quantity or a rate base, with offsets into ``text``.

    Subjects never cross clause punctuation, and jieba segments the stretches between punctuation marks
    independently (a mark is always a token of its own), so cutting only these clauses gives the same
    tokens there as cutting the whole sentence, faster. With ``sentence_cut`` (the cut of ``text``), a
    clause that starts and ends where jieba cuts whatever the context is taken from it
    (``segment.slice_cut``) instead of being cut again.
    """
    tokens: list[_Token] = []
    for m in _CLAUSE_RE.finditer(text):
        a, b = m.span()
        if not any(
            (q.start < b and a < q.end) or (q.per_start >= 0 and q.per_start < b and a < q.per_end)
            for q in found
        ):
            continue
        if sentence_cut is not None:
            sliced = slice_cut(text, sentence_cut, a, b, cut.tokenizer.block_re)
            if sliced is not None:
                tokens.extend(sliced)
                continue
        tokens.extend((w, pos, a + s, a + e) for w, pos, s, e in cut(text[a:b]))
    return tokens


def _per_phrase(text: str, q: Quantity, tokens: list[_Token]) -> str:
    """The rate base as written, extended by a noun right after it (每个 + 楼院 → 每个楼院)."""
    if q.per_end < 0:
        return q.per
    after = next((t for t in tokens if t[2] == q.per_end), None)
    if after is not None and _nounish(after[1]) and after[3] <= q.start:
        return text[q.per_start : after[3]]
    return q.per


class _Cutter:
    """``cut_with_offsets`` with one tokenizer (built with the programme names when none is given)."""

    def __init__(self, tokenizer: Any, names: tuple[str, ...]) -> None:
        self.tokenizer = tokenizer if tokenizer is not None else make_tokenizer(names)

    def __call__(self, text: str) -> list[_Token]:
        return cut_with_offsets(text, self.tokenizer)


_INT_COLUMNS = frozenset({"start", "end", "clean_start", "clean_end"})
_FLOAT_COLUMNS = frozenset({"value", "value_high", "per_value", "rank_of"})
_STR_COLUMNS = frozenset({"doc_id", "article_id", "sentence_id", "surface", "unit", "unit_class", "bound"})


def _metrics_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """The metrics table from row tuples (``METRIC_COLUMNS``), typed, sorted by doc_id, start, end.

    Columns are built directly with their dtypes (a per-document call costs well under a millisecond);
    rows already in order, the usual case, are not re-sorted.
    """
    if not rows:
        empty = pd.DataFrame(columns=METRIC_COLUMNS)
        empty = empty.astype({c: "int64" for c in _INT_COLUMNS} | {c: "float64" for c in _FLOAT_COLUMNS})
        return empty.astype({"approx": "bool"} | {c: str for c in _STR_COLUMNS})
    columns = list(zip(*rows, strict=True))
    data: dict[str, Any] = {}
    for name, values in zip(METRIC_COLUMNS, columns, strict=True):
        if name in _INT_COLUMNS:
            data[name] = np.array(values, dtype="int64")
        elif name in _FLOAT_COLUMNS:
            data[name] = np.array(values, dtype="float64")
        elif name == "approx":
            data[name] = np.array(values, dtype="bool")
        elif name in _STR_COLUMNS:
            data[name] = [str(v) for v in values]
        else:
            data[name] = list(values)
    df = pd.DataFrame(data, columns=METRIC_COLUMNS)
    keys = list(zip(data["doc_id"], data["start"], data["end"], data["sentence_id"], strict=True))
    if all(a <= b for a, b in pairwise(keys)):
        return df
    return df.sort_values(["doc_id", "start", "end", "sentence_id"], kind="mergesort").reset_index(drop=True)
