"""The research design table: who speaks, in which genre, when and in which campaign, for each article.

Seven articles differ at once in place, speaker, genre, year and crisis. :func:`load_design` reads the
hand-coded design file (``data/design/articles.yml``; its header gives the format and the vocabularies)
and returns one row per article, with the place and its administrative level from the corpus manifest and
the article's body size computed from the pipeline's sentences. Every coded value carries quotes with raw
offsets, and the loader checks each one against the raw text (``raw[start:end] == quote``, inside the
article's raw span): an error names the file, the article and the field. :func:`design_evidence` lists the
quotes. :func:`confounds` says, for a contrast of one place against the others, which alternative
explanations (speaker level, genre, year, each crisis, article length) are perfectly or partly aligned
with place in these articles, computed from the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.common import ID_PATTERN
from govtext.compare._shared import Row, _require
from govtext.corpus import CleanText, clean_documents, split_articles, split_sentences
from govtext.yamlfile import ResourceError, read_yaml_mapping

DESIGN_COLUMNS = [
    "article_id",
    "doc_id",
    "place",
    "place_zh",
    "place_level",
    "title",
    "speaker",
    "speaker_level",
    "genre",
    "date",
    "date_basis",
    "year",
    "campaign_context",
    "crisis_context",
    "n_sentences",
    "body_chars",
]
"""Columns of :func:`load_design`: ``campaign_context`` and ``crisis_context`` hold context ids joined
with ``"; "`` (crises are the contexts of kind ``crisis``); ``year`` is the year of ``date`` (missing when
the date is unknown); ``body_chars`` counts the clean characters of the article's body sentences."""

EVIDENCE_COLUMNS = ["article_id", "doc_id", "field", "value", "quote", "start", "end"]
"""Columns of :func:`design_evidence`: one row per quote."""

CONFOUND_COLUMNS = [
    "contrast",
    "place",
    "explanation",
    "kind",
    "in_place",
    "elsewhere",
    "n_unknown",
    "complete",
    "separation",
    "alignment",
]
"""Columns of :func:`confounds`."""

CODED_FIELDS = ("speaker", "speaker_level", "genre", "date")
DATE_BASES = ("stated", "inferred", "unknown")
CONTEXT_KINDS = ("crisis", "campaign")
UNKNOWN = "unknown"
JOIN = "; "
EXPLANATIONS = ("speaker_level", "genre", "year", "crisis", "body_chars")
"""The alternative explanations :func:`confounds` checks by default (``crisis`` is one row per crisis)."""
NUMERIC_EXPLANATIONS = frozenset({"body_chars", "n_sentences"})
"""Explanations compared as numbers (by AUC); every other one is compared as categories (``year`` too)."""


class DesignError(ResourceError):
    """A design file that cannot be used: the message names the file, the article and the field."""


@dataclass(frozen=True)
class _Entry:
    article_id: str
    values: dict[str, str]
    date_basis: str
    contexts: tuple[str, ...]
    evidence: tuple[tuple[str, str, str, int, int], ...]  # field, value, quote, start, end


def load_design(
    path: str | Path,
    documents: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    cleaned: Mapping[str, CleanText] | None = None,
) -> pd.DataFrame:
    """One row per article (``DESIGN_COLUMNS``), in corpus order, from the design file at ``path``.

    ``documents`` are loaded documents (``govtext.corpus.load_corpus``: ids, manifest columns and raw
    text). ``sentences`` (and ``cleaned``) are the pipeline's; they are computed from ``documents`` when
    not given. Raises :class:`DesignError` naming the file, the article and the field when a quote is not
    the raw text at its offsets or lies outside its article, a value is outside the file's vocabularies,
    an article of ``documents`` has no entry or an entry names no article.
    """
    path = Path(path)
    entries, vocab, articles, sentences = _read(path, documents, sentences, cleaned)
    manifest = {str(doc.doc_id): doc for doc in documents.itertuples(index=False)}
    body = sentences[sentences["part"] == "body"] if "part" in sentences.columns else sentences
    n_sentences = body.groupby("article_id")["text"].size()
    body_chars = body.groupby("article_id")["text"].apply(lambda texts: int(texts.str.len().sum()))
    kinds = vocab["contexts"]
    rows = []
    article: Row
    for article in articles.itertuples(index=False):
        entry = entries[str(article.article_id)]
        doc = manifest[str(article.doc_id)]
        date = entry.values["date"]
        rows.append(
            {
                "article_id": entry.article_id,
                "doc_id": str(article.doc_id),
                "place": str(doc.locality),
                "place_zh": str(doc.place_zh),
                "place_level": str(doc.admin_level),
                "title": str(article.title),
                **{field: entry.values[field] for field in CODED_FIELDS},
                "date_basis": entry.date_basis,
                "year": int(date[:4]) if date[:4].isdigit() else pd.NA,
                "campaign_context": JOIN.join(entry.contexts),
                "crisis_context": JOIN.join(c for c in entry.contexts if kinds[c] == "crisis"),
                "n_sentences": int(n_sentences.get(entry.article_id, 0)),
                "body_chars": int(body_chars.get(entry.article_id, 0)),
            }
        )
    table = pd.DataFrame(rows, columns=DESIGN_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    return table


def design_evidence(
    path: str | Path,
    documents: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    cleaned: Mapping[str, CleanText] | None = None,
) -> pd.DataFrame:
    """Every quote of the design file (``EVIDENCE_COLUMNS``), checked as by :func:`load_design`: one row
    per quote, ``field`` being speaker, speaker_level, genre, date or campaign_context."""
    path = Path(path)
    entries, _vocab, articles, _sentences = _read(path, documents, sentences, cleaned)
    doc_of = dict(zip(articles["article_id"].astype(str), articles["doc_id"].astype(str), strict=True))
    rows = [
        (entry.article_id, doc_of[entry.article_id], *item)
        for article_id in articles["article_id"].astype(str)
        for entry in [entries[article_id]]
        for item in entry.evidence
    ]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


# --------------------------------------------------------------------------------------------------
# Reading and checking


def _read(
    path: Path,
    documents: pd.DataFrame,
    sentences: pd.DataFrame | None,
    cleaned: Mapping[str, CleanText] | None,
) -> tuple[dict[str, _Entry], dict[str, dict[str, str]], pd.DataFrame, pd.DataFrame]:
    _require(documents, ["doc_id", "locality", "place_zh", "admin_level", "raw_text"], "documents")
    cleaned = clean_documents(documents) if cleaned is None else cleaned
    articles = split_articles(documents, cleaned)
    if sentences is None:
        sentences = split_sentences(documents, cleaned, articles)
    top = {"name", "description", "version", "speaker_levels", "genres", "contexts", "articles"}
    data = read_yaml_mapping(path, top, error=DesignError, what="articles and the vocabularies")
    vocab = _vocabularies(path, data)
    raw = dict(zip(documents["doc_id"].astype(str), documents["raw_text"].astype(str), strict=True))
    spans: dict[str, tuple[str, int, int]] = {}
    row: Row
    for row in articles.itertuples(index=False):
        spans[str(row.article_id)] = (str(row.doc_id), int(row.start), int(row.end))
    items = data.get("articles")
    if not isinstance(items, list) or not items:
        raise DesignError(f"{path}: field 'articles': must be a non-empty list")
    entries: dict[str, _Entry] = {}
    for index, item in enumerate(items):
        entry = _entry(path, index, item, vocab, spans, raw)
        if entry.article_id in entries:
            raise DesignError(f"{path}: article '{entry.article_id}': field 'article_id': duplicate entry")
        entries[entry.article_id] = entry
    missing = [article_id for article_id in spans if article_id not in entries]
    if missing:
        raise DesignError(f"{path}: no entry for article(s) {', '.join(missing)}")
    return entries, vocab, articles, sentences


def _vocabularies(path: Path, data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``{speaker_levels|genres: {id: definition}, contexts: {id: kind}}``, each id checked."""
    out: dict[str, dict[str, str]] = {}
    for field in ("speaker_levels", "genres", "contexts"):
        value = data.get(field)
        if not isinstance(value, dict) or not value:
            raise DesignError(f"{path}: field '{field}': must be a non-empty mapping of id to definition")
        out[field] = {}
        for key, definition in value.items():
            where = f"{path}: {field} '{key}'"
            if not isinstance(key, str) or not ID_PATTERN.match(key) or key == UNKNOWN:
                raise DesignError(f"{where}: id must be snake_case ASCII (and not 'unknown')")
            if field == "contexts":
                if not isinstance(definition, dict) or definition.get("kind") not in CONTEXT_KINDS:
                    raise DesignError(f"{where}: field 'kind': must be one of {', '.join(CONTEXT_KINDS)}")
                out[field][key] = str(definition["kind"])
            else:
                if not isinstance(definition, str) or not definition.strip():
                    raise DesignError(f"{where}: definition missing")
                out[field][key] = definition
    return out


def _entry(
    path: Path,
    index: int,
    item: Any,
    vocab: dict[str, dict[str, str]],
    spans: dict[str, tuple[str, int, int]],
    raw: dict[str, str],
) -> _Entry:
    if not isinstance(item, dict):
        raise DesignError(f"{path}: article #{index + 1}: must be a mapping of fields")
    article_id = item.get("article_id")
    if not isinstance(article_id, str) or not article_id.strip():
        raise DesignError(f"{path}: article #{index + 1}: field 'article_id': missing")
    where = f"{path}: article '{article_id}'"
    if article_id not in spans:
        raise DesignError(f"{where}: field 'article_id': no such article in the documents")
    unknown = sorted(set(item) - {"article_id", *CODED_FIELDS, "campaign_context"}, key=str)
    if unknown:
        raise DesignError(f"{where}: unknown field(s): {', '.join(map(str, unknown))}")
    doc_id, art_start, art_end = spans[article_id]
    text = raw[doc_id]
    values: dict[str, str] = {}
    evidence: list[tuple[str, str, str, int, int]] = []
    basis = UNKNOWN
    allowed = {"speaker_level": vocab["speaker_levels"], "genre": vocab["genres"]}
    for field in CODED_FIELDS:
        coded = item.get(field)
        if not isinstance(coded, dict):
            raise DesignError(f"{where}: field '{field}': missing (a mapping with value and evidence)")
        extra = {"basis"} if field == "date" else set()
        bad = sorted(set(coded) - {"value", "evidence", "note", *extra}, key=str)
        if bad:
            raise DesignError(f"{where}: field '{field}': unknown key(s): {', '.join(map(str, bad))}")
        value = coded.get("value")
        if not isinstance(value, str) or not value.strip():
            raise DesignError(f"{where}: field '{field}': value missing")
        if field in allowed and value != UNKNOWN and value not in allowed[field]:
            raise DesignError(f"{where}: field '{field}': {value!r} is not in the file's {field}s")
        if field == "date":
            basis = coded.get("basis", "")
            if basis not in DATE_BASES:
                raise DesignError(f"{where}: field 'date': basis must be one of {', '.join(DATE_BASES)}")
            if (value == UNKNOWN) != (basis == UNKNOWN):
                raise DesignError(f"{where}: field 'date': value and basis must both be unknown or neither")
        quotes = _quotes(f"{where}: field '{field}'", coded.get("evidence"), text, art_start, art_end)
        if value != UNKNOWN and not quotes:
            raise DesignError(f"{where}: field '{field}': a coded value needs evidence")
        values[field] = value
        evidence += [(field, value, *quote) for quote in quotes]
    contexts: list[str] = []
    listed = item.get("campaign_context", [])
    if not isinstance(listed, list):
        raise DesignError(f"{where}: field 'campaign_context': must be a list")
    for number, context in enumerate(listed):
        at = f"{where}: field 'campaign_context' #{number + 1}"
        if not isinstance(context, dict) or context.get("value") not in vocab["contexts"]:
            raise DesignError(f"{at}: value must be one of the file's contexts")
        bad = sorted(set(context) - {"value", "evidence", "note"}, key=str)
        if bad:
            raise DesignError(f"{at}: unknown key(s): {', '.join(map(str, bad))}")
        value = str(context["value"])
        if value in contexts:
            raise DesignError(f"{at}: {value!r} listed twice")
        quotes = _quotes(at, context.get("evidence"), text, art_start, art_end)
        if not quotes:
            raise DesignError(f"{at}: a context needs evidence")
        contexts.append(value)
        evidence += [("campaign_context", value, *quote) for quote in quotes]
    return _Entry(article_id, values, str(basis), tuple(contexts), tuple(evidence))


def _quotes(where: str, value: Any, raw: str, art_start: int, art_end: int) -> list[tuple[str, int, int]]:
    """The evidence list, every quote checked against ``raw`` at its offsets and inside the article."""
    return check_quotes(where, value, raw, (art_start, art_end), DesignError)


def check_quotes(
    where: str,
    value: Any,
    raw: str,
    within: tuple[int, int] | None,
    error: type[ValueError],
) -> list[tuple[str, int, int]]:
    """``[(quote, start, end), ...]`` of an evidence list (mappings with quote, start, end), or ``error``
    naming ``where``: ``raw[start:end]`` must be the quote, and lie inside ``within`` when given."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise error(f"{where}: evidence must be a list of {{quote, start, end}}")
    return [
        check_quote(f"{where}: evidence #{number + 1}", item, raw, within, error)
        for number, item in enumerate(value)
    ]


def check_quote(
    where: str, item: Any, raw: str, within: tuple[int, int] | None, error: type[ValueError]
) -> tuple[str, int, int]:
    """``(quote, start, end)`` of one mapping with exactly quote, start and end, or ``error`` naming
    ``where``: ``raw[start:end]`` must be the quote, and lie inside ``within`` when given."""
    if not isinstance(item, dict) or set(item) != {"quote", "start", "end"}:
        raise error(f"{where}: must have exactly quote, start and end")
    quote, start, end = item["quote"], item["start"], item["end"]
    if not isinstance(quote, str) or not quote:
        raise error(f"{where}: quote missing")
    if not all(isinstance(o, int) and not isinstance(o, bool) for o in (start, end)):
        raise error(f"{where}: start and end must be integers")
    if raw[start:end] != quote:
        found = raw[max(start, 0) : max(end, 0)]
        raise error(f"{where}: quote {quote!r} is not the raw text at [{start}, {end}) ({found!r})")
    if within is not None and not within[0] <= start < end <= within[1]:
        raise error(f"{where}: quote at [{start}, {end}) is outside the article [{within[0]}, {within[1]})")
    return quote, start, end


# --------------------------------------------------------------------------------------------------
# Confounds


def confounds(
    design: pd.DataFrame, contrast_place: str, explanations: Sequence[str] = EXPLANATIONS
) -> pd.DataFrame:
    """Which alternative explanations a contrast of ``contrast_place`` against the other places cannot
    be told apart from, in these articles (``CONFOUND_COLUMNS``, one row per explanation).

    ``explanations`` are columns of the design table (``speaker_level``, ``genre``, ``year``,
    ``body_chars``) or ``crisis``, which gives one yes/no row per crisis named in any article. For a
    categorical explanation ``separation`` is the total variation distance between its distribution in
    the place's articles and in the others' (1: no value shared, so the explanation divides the articles
    exactly as place does); for a numeric one (``body_chars``) it is ``|2·AUC − 1|``, AUC being the share
    of (place, other) article pairs in which the place's article is larger, ties counted half (1: the
    ranges do not overlap). ``alignment`` is ``perfect`` (separation 1), ``partial`` (between) or
    ``none`` (0). Articles whose value is unknown (a missing year) are left out of the separation and
    counted in ``n_unknown`` (``complete`` is False: the alignment holds among the known values only);
    the alignment is ``unknown`` when either side has no known value. ``in_place`` and ``elsewhere``
    show the values with their counts (numbers as ``min–max (n)``).
    """
    _require(design, ["article_id", "place"], "design")
    if contrast_place not in set(design["place"]):
        raise ValueError(f"no article of place {contrast_place!r} (places: {', '.join(_places(design))})")
    in_place = design["place"] == contrast_place
    contrast = f"{contrast_place} vs others"
    rows = []
    for explanation in explanations:
        if explanation == "crisis":
            crises = sorted({c for cell in design["crisis_context"] for c in str(cell).split(JOIN) if c})
            for crisis in crises:
                named = design["crisis_context"].map(lambda cell, c=crisis: c in str(cell).split(JOIN))
                values = named.map({True: "named", False: "not named"})
                rows.append(_categorical(contrast, contrast_place, f"crisis: {crisis}", values, in_place))
            continue
        _require(design, [explanation], "design")
        column = design[explanation]
        if explanation in NUMERIC_EXPLANATIONS:
            rows.append(_numeric(contrast, contrast_place, explanation, column, in_place))
        else:
            rows.append(_categorical(contrast, contrast_place, explanation, column, in_place))
    return pd.DataFrame(rows, columns=CONFOUND_COLUMNS)


def confound_table(design: pd.DataFrame, places: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`confounds` for each place (in ``places`` order; default the design's order) stacked."""
    chosen = list(places) if places is not None else _places(design)
    return pd.concat([confounds(design, place) for place in chosen], ignore_index=True)


def _places(design: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(design["place"].astype(str)))


def _describe(values: pd.Series) -> str:
    counts = Counter(str(v) for v in values)
    return ", ".join(f"{value} ×{n}" for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _describe_numbers(values: pd.Series) -> str:
    numbers = [float(v) for v in values if v != UNKNOWN]
    text = f"{min(numbers):g}–{max(numbers):g} ({len(numbers)})" if numbers else ""
    n_unknown = len(values) - len(numbers)
    return text + (f", {UNKNOWN} ×{n_unknown}" if n_unknown else "")


def _label(separation: float | None) -> str:
    if separation is None:
        return UNKNOWN
    if separation >= 1 - 1e-12:
        return "perfect"
    return "none" if separation <= 1e-12 else "partial"


def _categorical(
    contrast: str, place: str, name: str, values: pd.Series, in_place: pd.Series
) -> dict[str, Any]:
    known = values.notna() & (values.astype(str) != UNKNOWN)
    inside, outside = values[in_place & known].astype(str), values[~in_place & known].astype(str)
    separation: float | None = None
    if len(inside) and len(outside):
        p, q = inside.value_counts(normalize=True), outside.value_counts(normalize=True)
        levels = sorted(set(p.index) | set(q.index))
        separation = 0.5 * sum(abs(float(p.get(v, 0.0)) - float(q.get(v, 0.0))) for v in levels)
    return _row(contrast, place, name, "categorical", values, in_place, known, separation)


def _numeric(contrast: str, place: str, name: str, values: pd.Series, in_place: pd.Series) -> dict[str, Any]:
    known = values.notna()
    inside = [float(v) for v in values[in_place & known]]
    outside = [float(v) for v in values[~in_place & known]]
    separation: float | None = None
    if inside and outside:
        wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in inside for b in outside)
        separation = abs(2 * wins / (len(inside) * len(outside)) - 1)
    return _row(contrast, place, name, "numeric", values, in_place, known, separation)


def _row(
    contrast: str,
    place: str,
    name: str,
    kind: str,
    values: pd.Series,
    in_place: pd.Series,
    known: pd.Series,
    separation: float | None,
) -> dict[str, Any]:
    shown = values.astype("object").where(known, UNKNOWN)
    describe = _describe_numbers if kind == "numeric" else _describe
    return {
        "contrast": contrast,
        "place": place,
        "explanation": name,
        "kind": kind,
        "in_place": describe(shown[in_place]),
        "elsewhere": describe(shown[~in_place]),
        "n_unknown": int((~known).sum()),
        "complete": bool(known.all()),
        "separation": round(separation, 6) if separation is not None else float("nan"),
        "alignment": _label(separation),
    }


PRESENTATION_LINKS = ("lead_actor", "instrument", "target", "reward_sanction")
"""The links of a mechanism chain, in order: who leads, with what, on whom, with what reward or sanction."""


def load_presentations(path: str | Path) -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """The mechanism chains (place -> link -> sentence ids) and the project's own translations of their
    sentences that are not stage sentences, from ``data/design/presentations.yml``. Raises
    :class:`DesignError` naming the file, the place and the link for a link outside
    :data:`PRESENTATION_LINKS`, an empty or non-string id, or a translation that is not a string."""
    path = Path(path)
    data = read_yaml_mapping(path, {"name", "translator", "chains", "translations"}, error=DesignError)
    chains: dict[str, dict[str, list[str]]] = {}
    for place, links in (data.get("chains") or {}).items():
        if not isinstance(links, dict) or not set(links) <= set(PRESENTATION_LINKS):
            raise DesignError(f"{path}: place '{place}': links must be among {', '.join(PRESENTATION_LINKS)}")
        for link, ids in links.items():
            if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
                raise DesignError(f"{path}: place '{place}': field '{link}': must be a list of sentence ids")
        chains[str(place)] = {str(link): list(ids) for link, ids in links.items()}
    translations = data.get("translations") or {}
    for sentence_id, text in translations.items():
        if not isinstance(text, str) or not text.strip():
            raise DesignError(f"{path}: translation '{sentence_id}': must be a non-empty string")
    return chains, {str(k): str(v) for k, v in translations.items()}
