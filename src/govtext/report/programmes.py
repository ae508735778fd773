"""Book-only summaries of the programme step: codebook tables, glossary, inventory, examples in context.

Tables the book shows and nothing else computes from: the codebook header's kinds and levels
(``codebook_header_table``), its entries (``codebook_table``) and a Chinese-English ``glossary``, mentions
and distinct programmes per place or article (``inventory``), a quoted example of each programme
(``mention_examples``), programmes by sharing category and level (``sharing_by_level``,
``top_programmes_by_level``) and the ``not_programmes`` list by reason (``not_programme_summary``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from govtext.common import RATE_SCALE
from govtext.programmes.codebook import NOT_PROGRAMME_COLUMNS
from govtext.programmes.match import CleanTextLike

DEFAULT_PARTS: tuple[str, ...] = ("body",)
HEADER_TABLES = {"kinds": "kind", "levels": "level"}
CODEBOOK_TABLE_COLUMNS = ["id", "name_zh", "name_en", "level", "definition", "aliases"]
GLOSSARY_COLUMNS = ["name_zh", "name_en", "kind", "definition", "aliases"]
EXAMPLE_COLUMNS = [
    "programme_id",
    "name_zh",
    "locality",
    "sentence_id",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "surface",
    "quote",
]
ALIAS_JOINER = "; "


def _require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")


def codebook_header_table(codebook: pd.DataFrame, field: str) -> pd.DataFrame:
    """The codebook header's ``kinds`` or ``levels`` as a table: name, definition and number of entries.

    Rows keep the order of the file; the header comes from ``codebook.attrs`` (set by ``load_codebook``).
    Columns: ``kind`` (or ``level``), ``definition``, ``n_entries``.
    """
    if field not in HEADER_TABLES:
        raise ValueError(f"field must be one of {', '.join(HEADER_TABLES)}, got {field!r}")
    definitions = codebook.attrs.get(field)
    if not definitions:
        raise ValueError(f"codebook has no '{field}' header in attrs: load it with load_codebook")
    column = HEADER_TABLES[field]
    counts = codebook[column].value_counts()
    rows = [
        (name, " ".join(str(text).split()), int(counts.get(name, 0))) for name, text in definitions.items()
    ]
    return pd.DataFrame(rows, columns=[column, "definition", "n_entries"])


def codebook_table(codebook: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """Codebook entries for display (``CODEBOOK_TABLE_COLUMNS``), aliases joined by ``; ``, file order.

    With ``kind``, only the entries of that kind (an unknown kind raises ValueError).
    """
    table = codebook
    if kind is not None:
        known = codebook.attrs.get("kinds") or sorted(codebook["kind"].unique())
        if kind not in known:
            raise ValueError(f"unknown kind {kind!r} (known: {', '.join(known)})")
        table = codebook[codebook["kind"] == kind]
    table = table.assign(aliases=table["aliases"].map(ALIAS_JOINER.join))
    return table[CODEBOOK_TABLE_COLUMNS].reset_index(drop=True)


def glossary(codebook: pd.DataFrame) -> pd.DataFrame:
    """A Chinese-English glossary of the codebook (``GLOSSARY_COLUMNS``), one row per programme.

    Sorted by ``name_zh`` in Unicode code-point order, ties by ``id``: the same order on every machine
    and locale (for Han characters, code-point order roughly follows radical and stroke count; digits and
    Latin letters come first). No pinyin: the codebook does not record it.
    """
    _require_columns(codebook, ["id", "name_zh", "name_en", "kind", "definition", "aliases"], "codebook")
    order = sorted(range(len(codebook)), key=lambda i: (codebook["name_zh"].iat[i], codebook["id"].iat[i]))
    table = codebook.iloc[order]
    table = table.assign(aliases=table["aliases"].map(ALIAS_JOINER.join))
    return table[GLOSSARY_COLUMNS].reset_index(drop=True)


def _mentions_in_parts(
    mentions: pd.DataFrame, sentences: pd.DataFrame, parts: Sequence[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences whose ``part`` is in ``parts`` (all if None) and the mentions that lie in them."""
    if parts is not None:
        _require_columns(sentences, ["part"], "sentences")
        sentences = sentences[sentences["part"].isin(list(parts))]
    kept = mentions[mentions["sentence_id"].isin(sentences["sentence_id"])]
    return kept, sentences


def inventory(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str = "locality",
    parts: Sequence[str] | None = DEFAULT_PARTS,
    places: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Programme mentions and distinct programmes per place (``by="locality"``) or article
    (``by="article_id"``), counted in the sentences of ``parts`` (default: body text; None = all).

    Columns: locality, [article_id], n_articles, n_chars (clean characters of those sentences),
    n_mentions, n_programmes (distinct programme ids), mentions_per_10k and programmes_per_10k (per
    10,000 clean characters). Distinct programmes do not grow in proportion to text length, so
    ``programmes_per_10k`` favours short texts; read it with ``n_chars``. Rows follow ``places`` (default:
    localities sorted), then article_id.
    """
    if by not in ("locality", "article_id"):
        raise ValueError(f"by must be 'locality' or 'article_id', got {by!r}")
    _require_columns(mentions, ["doc_id", "sentence_id", "programme_id"], "mentions")
    _require_columns(sentences, ["doc_id", "article_id", "sentence_id", "text"], "sentences")
    _require_columns(documents, ["doc_id", "locality"], "documents")
    kept, selected = _mentions_in_parts(mentions, sentences, parts)
    locality = documents.set_index("doc_id")["locality"]
    keys = ["locality"] if by == "locality" else ["locality", "article_id"]
    selected = selected.assign(locality=selected["doc_id"].map(locality), n_chars=selected["text"].str.len())
    place_of = selected.set_index("sentence_id")[["article_id", "locality"]]
    kept = kept[["sentence_id", "programme_id"]].join(place_of, on="sentence_id")
    sizes = selected.groupby(keys, sort=True).agg(
        n_articles=("article_id", "nunique"), n_chars=("n_chars", "sum")
    )
    counts = kept.groupby(keys, sort=True).agg(
        n_mentions=("programme_id", "size"), n_programmes=("programme_id", "nunique")
    )
    table = sizes.join(counts, how="left").fillna({"n_mentions": 0, "n_programmes": 0}).reset_index()
    table = table.astype({"n_articles": "int64", "n_chars": "int64", "n_mentions": "int64"})
    table = table.astype({"n_programmes": "int64"})
    chars = table["n_chars"].where(table["n_chars"] > 0)
    table["mentions_per_10k"] = table["n_mentions"] / chars * RATE_SCALE
    table["programmes_per_10k"] = table["n_programmes"] / chars * RATE_SCALE
    order = list(places) if places is not None else sorted(table["locality"].unique())
    missing = [p for p in table["locality"].unique() if p not in order]
    if missing:
        raise ValueError(f"places: missing {', '.join(map(str, missing))}")
    rank = table["locality"].map({p: i for i, p in enumerate(order)})
    table = table.assign(_rank=rank).sort_values(["_rank", *keys[1:]], kind="mergesort")
    return table.drop(columns="_rank").reset_index(drop=True)


def _excerpt(text: str, start: int, end: int, width: int) -> str:
    """``text`` cut to ``width`` characters either side of ``[start, end)``; ``…`` marks a cut."""
    left, right = max(0, start - width), min(len(text), end + width)
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


def mention_examples(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    cleaned: Mapping[str, CleanTextLike],
    documents: pd.DataFrame,
    programme_ids: Sequence[str] | None = None,
    per_place: bool = False,
    width: int = 25,
) -> pd.DataFrame:
    """An example in context for each programme: its first mention in corpus order (doc_id, start), or
    with ``per_place`` its first mention in each place that names it.

    Columns (``EXAMPLE_COLUMNS``): programme_id, name_zh, locality, sentence_id, start, end (raw offsets
    of the mention, ``raw[start:end] == surface``), sentence_start, sentence_end (raw offsets of the
    whole sentence), surface, quote (the sentence's clean text, cut to ``width`` characters either side
    of the mention). Rows follow ``programme_ids`` (default: sorted ids), then locality.
    """
    _require_columns(
        mentions, ["doc_id", "sentence_id", "start", "end", "surface", "programme_id"], "mentions"
    )
    _require_columns(sentences, ["sentence_id", "text", "clean_start", "start", "end"], "sentences")
    ids = sorted(mentions["programme_id"].unique()) if programme_ids is None else list(programme_ids)
    unknown = [p for p in ids if p not in set(mentions["programme_id"])]
    if unknown:
        raise ValueError(f"programme_ids: no mention of {', '.join(unknown)}")
    locality = documents.set_index("doc_id")["locality"]
    table = mentions[mentions["programme_id"].isin(ids)]
    table = table.assign(locality=table["doc_id"].map(locality))
    table = table.sort_values(["doc_id", "start", "end", "programme_id"], kind="mergesort")
    keys = ["programme_id", "locality"] if per_place else ["programme_id"]
    first = table.drop_duplicates(keys, keep="first")
    by_sentence = sentences.set_index("sentence_id")
    rows = []
    row: Any  # pandas-stubs types every field of an itertuples row as any scalar
    for row in first.itertuples(index=False):
        sentence = by_sentence.loc[row.sentence_id]
        raw_index = cleaned[row.doc_id].raw_index
        clean_start = bisect.bisect_left(raw_index, int(row.start)) - int(sentence["clean_start"])
        clean_end = bisect.bisect_left(raw_index, int(row.end) - 1) + 1 - int(sentence["clean_start"])
        name = row.name_zh if "name_zh" in first.columns else row.programme_id
        rows.append(
            (
                row.programme_id,
                name,
                row.locality,
                row.sentence_id,
                int(row.start),
                int(row.end),
                int(sentence["start"]),
                int(sentence["end"]),
                row.surface,
                _excerpt(str(sentence["text"]), clean_start, clean_end, width),
            )
        )
    examples = pd.DataFrame(rows, columns=EXAMPLE_COLUMNS)
    rank = {p: i for i, p in enumerate(ids)}
    examples = examples.assign(_rank=examples["programme_id"].map(rank))
    examples = examples.sort_values(["_rank", "locality"], kind="mergesort").drop(columns="_rank")
    return examples.reset_index(drop=True)


def sharing_by_level(shared: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Programmes counted by sharing category (``compare.shared_programmes``) and codebook level.

    Rows: the categories, most places first (then by name); columns: the levels in the codebook header's
    order, then ``total``. A cell is a number of distinct programmes.
    """
    _require_columns(shared, ["programme_id", "n_places", "category"], "shared")
    levels = list(codebook.attrs.get("levels") or sorted(codebook["level"].unique()))
    table = shared.merge(codebook[["id", "level"]], left_on="programme_id", right_on="id", how="left")
    if table["level"].isna().any():
        missing = table.loc[table["level"].isna(), "programme_id"].tolist()
        raise ValueError(f"shared: programme(s) not in the codebook: {', '.join(missing)}")
    counts = table.groupby(["category", "level"], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(columns=levels, fill_value=0)
    places = table.groupby("category", sort=True)["n_places"].first()
    order = sorted(counts.index, key=lambda c: (-int(places[c]), c))
    counts = counts.loc[order].astype("int64")
    counts["total"] = counts.sum(axis=1)
    counts.index.name = "category"
    counts.columns.name = "level"
    return counts


def top_programmes_by_level(
    shared: pd.DataFrame,
    codebook: pd.DataFrame,
    level: str = "local",
    n: int = 3,
    places: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The ``n`` most mentioned programmes of a codebook ``level`` for each set of places that names them
    (``compare.shared_programmes``), with the quote that justifies the level.

    Columns: places, programme_id, name_zh, name_en, n_mentions, level_evidence. Rows follow ``places``
    (the order of single places; other place sets come after them, sorted), then n_mentions (descending)
    and programme_id.
    """
    _require_columns(shared, ["programme_id", "places", "n_mentions"], "shared")
    levels = codebook.attrs.get("levels") or sorted(codebook["level"].unique())
    if level not in levels:
        raise ValueError(f"unknown level {level!r} (known: {', '.join(levels)})")
    info = codebook.set_index("id")[["name_zh", "name_en", "level", "level_evidence"]]
    table = shared[["programme_id", "places", "n_mentions"]].join(info, on="programme_id")
    table = table[table["level"] == level]
    order = list(places) if places is not None else []
    rank = {p: i for i, p in enumerate(order)}
    table = table.assign(
        _rank=table["places"].map(lambda p: rank.get(p, len(order))), _mentions=-table["n_mentions"]
    )
    table = table.sort_values(["_rank", "places", "_mentions", "programme_id"], kind="mergesort")
    table = table.groupby("places", sort=False).head(n)
    columns = ["places", "programme_id", "name_zh", "name_en", "n_mentions", "level_evidence"]
    return table[columns].reset_index(drop=True)


def not_programme_summary(not_programmes: pd.DataFrame, n_examples: int = 3) -> pd.DataFrame:
    """The codebook's ``not_programmes`` list grouped by reason: how many surfaces and the first few.

    Columns: reason, n_surfaces, examples (the first ``n_examples`` surfaces in file order, joined by
    ``; ``). Sorted by n_surfaces (descending), then reason.
    """
    _require_columns(not_programmes, NOT_PROGRAMME_COLUMNS, "not_programmes")
    rows = []
    for reason, group in not_programmes.groupby("reason", sort=True):
        rows.append((reason, len(group), ALIAS_JOINER.join(group["surface"].head(n_examples))))
    table = pd.DataFrame(rows, columns=["reason", "n_surfaces", "examples"])
    table = table.sort_values(["n_surfaces", "reason"], ascending=[False, True], kind="mergesort")
    return table.reset_index(drop=True)
