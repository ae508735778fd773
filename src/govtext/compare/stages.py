"""Process tracing of the campaign cycle: which stages each article reports, and in which order.

The stage lexicon (``resources/stages.yml``, read by :func:`load_stages`) defines six stages -
mobilisation (动员部署), task force (专班/指挥部), scheduling (挂图作战), supervision (督导/观摩),
assessment (考核/排名), reward and sanction (表彰/约谈/问责) - each with cue terms and excluded senses.
:func:`find_stages` gives one row per sentence and stage with the cues found and the sentence's raw
offsets (``raw[start:end]`` is the sentence as printed); :func:`stage_sequence` lists per article the
stages in order of first appearance, :func:`stage_matrix` counts sentences per article and stage, and
:func:`load_stage_translations` reads the project's own English translations of the stage sentences,
checking that each repeats its sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.common import ID_PATTERN, SPAN_COLUMNS
from govtext.compare._shared import Row, _article_key, _require, _sentence_key
from govtext.compare.dimensions import match_terms
from govtext.corpus import CleanText
from govtext.resources import resource_path
from govtext.yamlfile import ResourceError, read_yaml_mapping

STAGES_FILE = resource_path("stages")
"""The packaged stage lexicon."""

STAGE_FIELDS = ("id", "name_zh", "name_en", "definition", "cues", "excluded", "note")
STAGE_PARTS = ("body", "heading", "caption")
"""Sentence parts searched by default: running text, headings and captions (not bylines or furniture)."""
STAGE_COLUMNS = [*SPAN_COLUMNS, "part", "stage", "cue", "cue_start", "cue_end", "text"]
"""Columns of :func:`find_stages`: ``start``/``end`` are the sentence's raw offsets and ``surface`` the
sentence as printed (``raw[start:end]``); ``cue`` holds the cues found, in text order, joined with ``|``;
``cue_start``/``cue_end`` are the raw offsets of the first cue; ``text`` is the clean sentence."""
SEQUENCE_COLUMNS = [
    "doc_id",
    "article_id",
    "order",
    "stage",
    "first_sentence_id",
    "start",
    "end",
    "n_sentences",
]
"""Columns of :func:`stage_sequence`: ``start``/``end`` are the raw offsets of the stage's first sentence."""
TRANSLATION_COLUMNS = ["sentence_id", "text", "translation"]


class StagesError(ResourceError):
    """A stage lexicon or translation file that cannot be used (names the file, entry and field)."""


@dataclass(frozen=True)
class StageLexicon:
    """The stage lexicon: metadata and one row per stage (``stages``, columns ``STAGE_FIELDS``, cues and
    excluded phrases as tuples), in the file's order, which is the order of the cycle."""

    name: str
    description: str
    version: str
    stages: pd.DataFrame
    source: str

    @property
    def ids(self) -> tuple[str, ...]:
        """The stage ids in lexicon order."""
        return tuple(str(stage) for stage in self.stages["id"])


def load_stages(path: str | Path | None = None) -> StageLexicon:
    """Read and validate a stage lexicon (the packaged ``stages.yml`` by default; format in its header).

    Top level: name, description, reference, version, stages. Each stage needs a snake_case ``id``,
    ``name_zh``, ``name_en``, ``definition``, ``note`` and a non-empty list of ``cues``; ``excluded`` is
    a list (may be empty). Raises :class:`StagesError` naming the file, the stage and the field: a
    duplicate id, a cue listed twice or under two stages, an excluded phrase that contains no cue of its
    stage (it could never exclude anything), an unknown field. Repeated keys are refused by
    :func:`govtext.yamlfile.read_yaml`.
    """
    path = STAGES_FILE if path is None else Path(path)
    fields = {"name", "description", "reference", "version", "stages"}
    data = read_yaml_mapping(path, fields, error=StagesError, what="name, description, version, stages")
    meta = {}
    for field in ("name", "description", "version"):
        value = data.get(field)
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise StagesError(f"{path}: field '{field}': missing or empty")
        meta[field] = " ".join(str(value).split())
    entries = data.get("stages")
    if not isinstance(entries, list) or not entries:
        raise StagesError(f"{path}: field 'stages': must be a non-empty list")
    rows: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for index, entry in enumerate(entries):
        row = _stage(path, index, entry)
        where = f"{path}: stage '{row['id']}'"
        if any(r["id"] == row["id"] for r in rows):
            raise StagesError(f"{where}: field 'id': duplicate id")
        for cue in row["cues"]:
            if cue in owner:
                raise StagesError(f"{where}: field 'cues': {cue!r} is already a cue of stage '{owner[cue]}'")
            owner[cue] = row["id"]
        rows.append(row)
    stages = pd.DataFrame(rows, columns=list(STAGE_FIELDS))
    return StageLexicon(meta["name"], meta["description"], meta["version"], stages, path.name)


def _stage(path: Path, index: int, entry: Any) -> dict[str, Any]:
    name = entry.get("id") if isinstance(entry, dict) else None
    where = (
        f"{path}: stage '{name}'" if isinstance(name, str) and name.strip() else f"{path}: stage #{index + 1}"
    )
    if not isinstance(entry, dict):
        raise StagesError(f"{where}: must be a mapping of fields")
    unknown = sorted(set(entry) - set(STAGE_FIELDS), key=str)
    if unknown:
        raise StagesError(f"{where}: unknown field(s): {', '.join(map(str, unknown))}")
    row: dict[str, Any] = {}
    for field in ("id", "name_zh", "name_en", "definition", "note"):
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            raise StagesError(f"{where}: field '{field}': missing")
        row[field] = " ".join(value.split())
    if not ID_PATTERN.match(row["id"]):
        raise StagesError(f"{where}: field 'id': must be snake_case ASCII, got {row['id']!r}")
    for field in ("cues", "excluded"):
        value = entry.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise StagesError(f"{where}: field '{field}': must be a list of non-empty strings")
        items = [v.strip() for v in value]
        repeated = sorted({v for v in items if items.count(v) > 1})
        if repeated:
            raise StagesError(f"{where}: field '{field}': listed twice: {', '.join(repeated)}")
        row[field] = tuple(items)
    if not row["cues"]:
        raise StagesError(f"{where}: field 'cues': must not be empty")
    for phrase in row["excluded"]:
        if not any(cue in phrase for cue in row["cues"]):
            raise StagesError(f"{where}: field 'excluded': {phrase!r} contains no cue of this stage")
    return row


def stage_cues(text: str, cues: Sequence[str], excluded: Sequence[str] = ()) -> list[tuple[int, int, str]]:
    """The cue occurrences in ``text`` as ``(start, end, cue)`` (longest first, no overlaps; see
    :func:`~govtext.compare.match_terms`), leaving out every occurrence that lies inside an occurrence of
    an ``excluded`` phrase."""
    blocked = [(s, e) for s, e, _ in match_terms(text, excluded)] if excluded else []
    return [
        (start, end, cue)
        for start, end, cue in match_terms(text, cues)
        if not any(s <= start and end <= e for s, e in blocked)
    ]


def find_stages(
    sentences: pd.DataFrame,
    cleaned: Mapping[str, CleanText],
    stages: StageLexicon,
    parts: Sequence[str] | None = STAGE_PARTS,
) -> pd.DataFrame:
    """One row per sentence and stage whose cues the sentence contains (``STAGE_COLUMNS``), sentences in
    input order, stages in lexicon order.

    ``sentences`` are the pipeline's (``govtext.corpus.split_sentences``); cues are matched in the clean
    text. ``start``/``end`` are the raw offsets of the sentence, mapped through ``cleaned[doc_id]``
    (``CleanText.raw_span`` of its clean offsets), so ``raw[start:end]`` is the sentence as printed and
    ``surface`` holds it. Sentences whose ``part`` is not in ``parts`` are skipped (None: every part).
    """
    _require(
        sentences, ["doc_id", "article_id", "sentence_id", "text", "clean_start", "clean_end"], "sentences"
    )
    chosen = sentences
    if parts is not None and "part" in sentences.columns:
        chosen = sentences[sentences["part"].isin(list(parts))]
    lexicon = list(zip(stages.stages["id"], stages.stages["cues"], stages.stages["excluded"], strict=True))
    rows: list[tuple[Any, ...]] = []
    sentence: Row
    for sentence in chosen.itertuples(index=False):
        text = str(sentence.text)
        clean = cleaned[str(sentence.doc_id)]
        clean_start = int(sentence.clean_start)
        start, end = clean.raw_span(clean_start, int(sentence.clean_end))
        part = str(getattr(sentence, "part", ""))
        for stage, cues, excluded in lexicon:
            found = stage_cues(text, cues, excluded)
            if not found:
                continue
            cue_start, cue_end = clean.raw_span(clean_start + found[0][0], clean_start + found[0][1])
            cue = "|".join(dict.fromkeys(term for _, _, term in found))
            rows.append(
                (
                    str(sentence.doc_id),
                    str(sentence.article_id),
                    str(sentence.sentence_id),
                    start,
                    end,
                    clean.raw[start:end],
                    part,
                    str(stage),
                    cue,
                    cue_start,
                    cue_end,
                    text,
                )
            )
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def stage_sequence(found: pd.DataFrame, stages: StageLexicon | None = None) -> pd.DataFrame:
    """Per article, the stages in order of first appearance (``SEQUENCE_COLUMNS``, one row per article and
    stage found): ``order`` 1 is the stage of the article's earliest stage sentence, and so on. Stages
    first seen in the same sentence are ordered by where their first cue stands in it (then by lexicon
    order, when ``stages`` is given). ``n_sentences`` counts the article's sentences showing the stage."""
    _require(found, ["doc_id", "article_id", "sentence_id", "stage", "start", "end", "cue_start"], "found")
    rank = {stage: number for number, stage in enumerate(stages.ids)} if stages is not None else {}
    rows: list[tuple[Any, ...]] = []
    for article_id in sorted(found["article_id"].unique(), key=_article_key):
        group = found[found["article_id"] == article_id]
        firsts: list[tuple[tuple[str, int, int], int, int, str, Row, int]] = []
        for stage, by_stage in group.groupby("stage", sort=False):
            ordered = by_stage.assign(_key=by_stage["sentence_id"].map(_sentence_key))
            first = ordered.sort_values(["_key", "cue_start"], kind="mergesort").iloc[0]
            key = _sentence_key(str(first["sentence_id"]))
            firsts.append(
                (key, int(first["cue_start"]), rank.get(str(stage), 0), str(stage), first, len(by_stage))
            )
        firsts.sort(key=lambda item: (item[0], item[1], item[2], item[3]))
        for order, (_key, _cue, _rank, stage, first, count) in enumerate(firsts, start=1):
            rows.append(
                (
                    str(first["doc_id"]),
                    str(article_id),
                    order,
                    stage,
                    str(first["sentence_id"]),
                    int(first["start"]),
                    int(first["end"]),
                    count,
                )
            )
    return pd.DataFrame(rows, columns=SEQUENCE_COLUMNS)


def stage_matrix(found: pd.DataFrame, articles: Sequence[str], stages: StageLexicon) -> pd.DataFrame:
    """Sentences showing each stage (columns, lexicon order) in each article (rows, in ``articles``
    order; articles with no stage sentence are rows of zeros)."""
    _require(found, ["article_id", "stage"], "found")
    counts = found.groupby(["article_id", "stage"]).size()
    table = counts.unstack("stage") if len(counts) else pd.DataFrame()
    table = table.reindex(index=list(articles), columns=list(stages.ids)).fillna(0).astype("int64")
    table.index.name = "article_id"
    table.columns.name = "stage"
    return table


def load_stage_translations(path: str | Path, sentences: pd.DataFrame) -> pd.DataFrame:
    """The project's English translations of stage sentences (``TRANSLATION_COLUMNS``, file order).

    The file has a ``translations`` mapping from sentence id to ``{zh, en}``; ``zh`` must be the
    sentence's clean text in ``sentences`` exactly. Raises :class:`StagesError` naming the file, the
    sentence and the field for an unknown sentence id, a ``zh`` that differs from the sentence, or a
    missing translation (repeated keys are refused by :func:`govtext.yamlfile.read_yaml`).
    """
    path = Path(path)
    _require(sentences, ["sentence_id", "text"], "sentences")
    fields = {"name", "description", "translator", "translations"}
    data = read_yaml_mapping(path, fields, error=StagesError, what="a 'translations' mapping")
    if not isinstance(data.get("translations"), dict):
        raise StagesError(f"{path}: top level must be a mapping with a 'translations' mapping")
    texts = dict(zip(sentences["sentence_id"].astype(str), sentences["text"].astype(str), strict=True))
    rows = []
    for sentence_id, entry in data["translations"].items():
        where = f"{path}: sentence '{sentence_id}'"
        if str(sentence_id) not in texts:
            raise StagesError(f"{where}: no such sentence")
        if not isinstance(entry, dict) or set(entry) != {"zh", "en"}:
            raise StagesError(f"{where}: must have exactly the fields zh and en")
        if entry["zh"] != texts[str(sentence_id)]:
            raise StagesError(f"{where}: field 'zh': is not the sentence's text {texts[str(sentence_id)]!r}")
        if not isinstance(entry["en"], str) or not entry["en"].strip():
            raise StagesError(f"{where}: field 'en': missing")
        rows.append((str(sentence_id), entry["zh"], " ".join(entry["en"].split())))
    return pd.DataFrame(rows, columns=TRANSLATION_COLUMNS)
