"""Evidence for the governance typology: for each place and typology row of the dimensions codebook,
the sentences with most hits of the row's terms, dimensions and programme kinds
(:func:`typology_evidence`), summarised one cell per place (:func:`typology_table`); short article and
sentence ids for display.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from govtext.compare._shared import (
    CLAUSE_BREAKS,
    NO_EVIDENCE,
    Row,
    _article_key,
    _as_tuple,
    _require,
    _select_parts,
    _sentence_key,
)
from govtext.compare.dimensions import (
    DimensionCodebook,
    DimensionsLike,
    _parse_terms,
    _term_map,
    format_terms,
    match_terms,
)
from govtext.compare.scores import DEFAULT_PARTS

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


def _quote(text: str, first_hit: int, max_chars: int) -> str:
    """``text`` cut to about ``max_chars`` characters around the first hit, at clause breaks if possible."""
    if len(text) <= max_chars:
        return text
    start = max(0, min(first_hit - max_chars // 3, len(text) - max_chars))
    if start > 0:
        head = text[start:first_hit]
        breaks = [i for i, ch in enumerate(head) if ch in CLAUSE_BREAKS]
        if breaks:
            start += breaks[0] + 1
    end = min(len(text), start + max_chars)
    if end < len(text):
        tail_from = max(first_hit + 1, end - max_chars // 3) - start
        window = text[start:end]
        breaks = [i for i, ch in enumerate(window) if ch in CLAUSE_BREAKS and i >= tail_from]
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
    spec_row: Row
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


def short_article_id(article_id: str) -> str:
    """``000_e68ce179375f246f-2`` -> ``000-2``: the doc_id up to its first underscore."""
    doc, number = _article_key(article_id)
    if not doc or number == 0:
        return str(article_id)
    return f"{doc.split('_', 1)[0]}-{number}"


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
