"""``govtext codebook suggest``: draft codebook entries from a run's discovery candidates, for review.

``candidates.csv`` (written by ``govtext run``) lists spans that look like programme names and are not in
the codebook, each with a score and ``selected`` (score at or above the threshold of
``candidate_scoring.yml``). ``propose_entries`` takes the selected ones (all, for a table without that
column), groups them by name (``name_key``, as the matcher compares names), keeps
those found in at least ``min_docs`` documents and not already an entry or a ``not_programmes`` surface
of the codebook, and drafts one entry per name: the most frequent form as ``name_zh``, a quote from the
text as ``example`` (the span as printed, or with ``raw_texts`` a few characters around it, always copied
from the raw text), ``kind`` ``other`` and ``level`` ``unknown`` until a researcher decides, and
``status: proposed``. The counts, documents, patterns, forms and example sentences (with their sentence
ids) go into a YAML comment above each entry and a one-line ``note``.

``suggested_codebook`` writes the entries into the text of the codebook itself, at the end of its
``programmes`` list, leaving everything else (comments included) as it was; the result passes ``govtext
codebook check`` as it is, and because ``load_codebook`` leaves out proposed entries, a run with it codes
exactly as before. A researcher reviews an entry (English name, kind, level, definition), sets ``status:
accepted`` (or deletes the line) and from then on the matcher finds it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from govtext.programmes.codebook import (
    PROPOSED,
    UNKNOWN_LEVEL,
    CodebookError,
    read_codebook_yaml,
    validate_codebook,
)
from govtext.programmes.names import name_key
from govtext.runfolder import RunTableError, read_run_table
from govtext.yamlfile import parse_yaml

DEFAULT_MIN_DOCS = 2
DEFAULT_MAX_EXAMPLES = 3
FALLBACK_KIND = "other"
"""The kind of a proposed entry (the codebook's first kind if it has no ``other``)."""
CONTEXT_CHARS = 15
"""At most this many characters of raw text each side of the name in a proposed ``example``."""
CLAUSE_STOPS = "\r\n，。；：！？、,;:!?"
"""Where a quoted example stops: a line break (of the newspaper layout) or a clause mark."""
NAME_EN_PLACEHOLDER = "(to translate)"
DEFINITION_PLACEHOLDER = "(to write: what the programme is, from the texts)"
ID_PREFIX = "proposed_"
_NOT_YAML_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class Example:
    """A sentence in which a proposed name occurs: ids, raw span of the name, the sentence text."""

    doc_id: str
    sentence_id: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Proposal:
    """A drafted codebook entry and the evidence for it."""

    id: str
    name_zh: str
    forms: tuple[str, ...]
    mentions: int
    doc_ids: tuple[str, ...]
    patterns: tuple[tuple[str, int], ...]
    examples: tuple[Example, ...]
    example: str
    example_doc: str
    kind: str

    def entry(self) -> dict[str, Any]:
        """The codebook entry (field order of the codebook's entries)."""
        documents = ", ".join(self.doc_ids)
        patterns = ", ".join(f"{p} ×{n}" for p, n in self.patterns)
        return {
            "id": self.id,
            "status": PROPOSED,
            "name_zh": self.name_zh,
            "aliases": [],
            "name_en": NAME_EN_PLACEHOLDER,
            "kind": self.kind,
            "level": UNKNOWN_LEVEL,
            "definition": DEFINITION_PLACEHOLDER,
            "example": self.example,
            "example_doc": self.example_doc,
            "note": (
                f"Proposed by govtext codebook suggest: {self.mentions} mention(s) in {len(self.doc_ids)} "
                f"document(s) ({documents}); pattern(s) {patterns}. Review name_en, kind, level and "
                "definition, then set status: accepted."
            ),
        }


def _names_in_codebook(obj: Mapping[str, Any]) -> set[str]:
    """``name_key`` of every name, alias (accepted and proposed entries) and not_programmes surface."""
    keys = set()
    for entry in obj.get("programmes") or []:
        if isinstance(entry, dict):
            for text in (entry.get("name_zh"), *(entry.get("aliases") or [])):
                if isinstance(text, str):
                    keys.add(name_key(text))
    for item in obj.get("not_programmes") or []:
        if isinstance(item, dict) and isinstance(item.get("surface"), str):
            keys.add(name_key(item["surface"]))
    return keys


def _proposal_id(key: str, taken: set[str]) -> str:
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    candidate = f"{ID_PREFIX}{digest[:10]}"
    n = 2
    while candidate in taken:
        candidate = f"{ID_PREFIX}{digest[:10]}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def propose_entries(
    candidates: pd.DataFrame,
    sentences: pd.DataFrame,
    codebook: Mapping[str, Any],
    *,
    min_docs: int = DEFAULT_MIN_DOCS,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    raw_texts: Mapping[str, str] | None = None,
) -> list[Proposal]:
    """Draft entries for the candidates found in at least ``min_docs`` documents.

    ``candidates`` has the columns of ``candidates.csv`` (doc_id, sentence_id, start, end, surface,
    candidate, pattern, and ``selected`` if scored: only selected rows are proposed); ``sentences``
    those of ``sentences.csv`` (doc_id, sentence_id, text, start, end); ``codebook`` is the parsed
    codebook YAML (its names, aliases and not_programmes are not proposed again). Proposals are sorted
    by documents, then mentions (most first), then name.
    """
    if min_docs < 1:
        raise ValueError("min_docs must be at least 1")
    if candidates.empty:
        return []
    kinds = list((codebook.get("kinds") or {}).keys())
    kind = FALLBACK_KIND if FALLBACK_KIND in kinds or not kinds else kinds[0]
    known = _names_in_codebook(codebook)
    taken = {
        e["id"]
        for e in codebook.get("programmes") or []
        if isinstance(e, dict) and isinstance(e.get("id"), str)
    }
    sentence_text = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    sentence_span = dict(
        zip(sentences["sentence_id"], zip(sentences["start"], sentences["end"], strict=True), strict=True)
    )
    table = candidates.assign(_key=candidates["candidate"].map(name_key))
    if "selected" in table.columns:  # scored candidates (govtext run since issue 15): the selected ones
        table = table[table["selected"].map(_true)]
    table = table[(table["_key"] != "") & ~table["_key"].isin(known)]
    table = table.sort_values(["doc_id", "start", "end"], kind="stable")
    proposals = []
    for key, group in table.groupby("_key", sort=True):
        doc_ids = tuple(dict.fromkeys(group["doc_id"]))
        if len(doc_ids) < min_docs:
            continue
        name = Counter(group["candidate"]).most_common(1)[0][0]
        forms = tuple(dict.fromkeys(group["surface"]))
        patterns = tuple(sorted(Counter(group["pattern"]).items(), key=lambda item: (-item[1], item[0])))
        examples = []
        row: Any  # an itertuples row: pandas-stubs types every field as any scalar
        for row in group.drop_duplicates("sentence_id").head(max_examples).itertuples(index=False):
            examples.append(
                Example(
                    str(row.doc_id),
                    str(row.sentence_id),
                    int(row.start),
                    int(row.end),
                    _one_line(sentence_text.get(row.sentence_id, "")),
                )
            )
        # the example: the first mention printed on one line (else the first), quoted from the raw text
        one_line = group[~group["surface"].str.contains("\n|\r")]
        chosen = (one_line if len(one_line) else group).iloc[0]
        example, example_doc = str(chosen["surface"]), str(chosen["doc_id"])
        if raw_texts is not None and example_doc in raw_texts:
            raw = raw_texts[example_doc]
            low, high = sentence_span.get(chosen["sentence_id"], (0, len(raw)))
            example = _quote(raw, int(chosen["start"]), int(chosen["end"]), int(low), int(high)) or example
        proposals.append(
            Proposal(
                _proposal_id(str(key), taken),
                str(name),
                forms,
                len(group),
                doc_ids,
                patterns,
                tuple(examples),
                example,
                example_doc,
                kind,
            )
        )
    proposals.sort(key=lambda p: (-len(p.doc_ids), -p.mentions, p.name_zh))
    return proposals


def _true(value: Any) -> bool:
    """A ``selected`` cell as read from a DataFrame (bool) or from CSV text (``True``/``False``)."""
    return value is True or str(value).strip().lower() in ("true", "1")


def _quote(raw: str, start: int, end: int, low: int, high: int) -> str:
    """``raw[start:end]`` with up to ``CONTEXT_CHARS`` characters each side, within ``[low, high)`` and
    the clause: stopping at a line break or a clause mark (，。；：！？、), so the quote reads cleanly."""
    left = start
    while left > max(low, start - CONTEXT_CHARS) and raw[left - 1] not in CLAUSE_STOPS:
        left -= 1
    right = end
    while right < min(high, end + CONTEXT_CHARS) and raw[right] not in CLAUSE_STOPS:
        right += 1
    return raw[left:right].strip()


def _yaml_escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _scalar(value: Any) -> str:
    """A YAML double-quoted scalar: the JSON string (valid YAML), with every character YAML may not hold
    as it is (DEL, C1 controls, lone surrogates) or reads as a line break (NEL, U+2028, U+2029) escaped."""
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return _NOT_YAML_PRINTABLE.sub(
        lambda m: _yaml_escape(m.group()), json.dumps(str(value), ensure_ascii=False)
    )


def _comment(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def proposal_yaml(proposal: Proposal, dash_column: int = 2, key_column: int = 4) -> str:
    """The entry as YAML lines of a block sequence item (``- id: …`` at ``dash_column``), preceded by a
    comment with the evidence: counts, documents, patterns, forms and example sentences with their ids."""
    pad = " " * dash_column
    lines = [
        f"{pad}# {_comment(proposal.name_zh)}: {proposal.mentions} mention(s) in {len(proposal.doc_ids)} "
        f"document(s): {', '.join(proposal.doc_ids)}",
        f"{pad}#   pattern(s): {', '.join(f'{p} ×{n}' for p, n in proposal.patterns)}; form(s) as printed: "
        + " | ".join(_comment(_one_line(f)) or "?" for f in proposal.forms),
    ]
    for example in proposal.examples:
        lines.append(
            f"{pad}#   {example.sentence_id} [{example.start}:{example.end}] "
            f"{_comment(example.sentence)[:120]}"
        )
    entry = proposal.entry()
    inner = " " * key_column
    for n, (field, value) in enumerate(entry.items()):
        rendered = _scalar(value) if field != "aliases" else _scalar(list(value))
        lines.append(f"{pad}- {field}: {rendered}" if n == 0 else f"{inner}{field}: {rendered}")
    return "\n".join(lines) + "\n"


def _last_node(node: yaml.Node) -> yaml.Node:
    while isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def suggested_codebook(
    codebook_text: str, proposals: Sequence[Proposal], source: str | Path = "codebook", heading: str = ""
) -> str:
    """``codebook_text`` with the proposals added at the end of its ``programmes`` list (a block
    sequence), everything else unchanged. The result is checked with ``validate_codebook``: a problem
    raises ``CodebookError``."""
    if not proposals:
        return codebook_text
    document = yaml.compose(codebook_text, Loader=yaml.SafeLoader)
    entries = None
    if isinstance(document, yaml.MappingNode):
        for key, value in document.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "programmes":
                entries = value
    if not isinstance(entries, yaml.SequenceNode) or entries.flow_style or not entries.value:
        raise CodebookError(f"{source}: 'programmes' is not a block list of entries: cannot add proposals")
    lines = codebook_text.splitlines(keepends=True)
    first = entries.value[0]
    line = lines[first.start_mark.line]
    dash = line.rfind("-", 0, first.start_mark.column)
    if dash < 0:
        raise CodebookError(f"{source}: cannot find the '-' of the first entry of 'programmes'")
    end = _last_node(entries.value[-1]).end_mark
    at = end.line + (1 if end.column > 0 else 0)
    if at > 0 and at <= len(lines) and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    pad = " " * dash
    block = [f"{pad}# {'-' * 64} proposed (govtext codebook suggest)\n"]
    block += [f"{pad}# {text}\n" for text in heading.splitlines() if text.strip()]
    block += [proposal_yaml(p, dash, first.start_mark.column) for p in proposals]
    text = "".join([*lines[:at], *block, *lines[at:]])
    problems = validate_codebook(parse_yaml(text, source), source)
    if problems:  # pragma: no cover - would be a bug of this module
        raise CodebookError(f"{source}: the suggested codebook would not pass the check: {problems[0]}")
    return text


def _read(folder: Path, name: str, info: Mapping[str, Any]) -> pd.DataFrame:
    fmt = str(info.get("format", "csv"))
    path = folder / (name if fmt == "parquet" else f"{name}.csv")
    try:
        table = read_run_table(
            folder,
            name,
            fmt,
            bom=bool(info.get("bom")),
            excel_safe=bool(info.get("excel_safe")),
            missing_hint="run govtext run first; candidates.csv is written since 0.2",
        )
    except RunTableError as exc:
        raise CodebookError(str(exc)) from None
    for column in ("start", "end"):
        if column in table.columns:
            numbers = pd.to_numeric(table[column], errors="coerce")
            if numbers.isna().any():
                row = int(numbers.isna().to_numpy().argmax()) + 2
                raise CodebookError(f"{path}: row {row}: column '{column}' must be an integer")
            table[column] = numbers.astype("int64")
    return table


def suggest_from_run(
    out_dir: str | Path,
    codebook_path: str | Path,
    *,
    min_docs: int = DEFAULT_MIN_DOCS,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    raw_texts: Mapping[str, str] | None = None,
) -> tuple[str, list[Proposal]]:
    """The codebook ``codebook_path`` with entries proposed from ``out_dir/candidates.csv`` (see
    :func:`propose_entries`), and the proposals. The codebook must be the one the run used (its sha256 in
    ``run.json``); otherwise, or if a table is missing, ``CodebookError`` names the file."""
    folder = Path(out_dir)
    info_path = folder / "run.json"
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodebookError(f"{info_path}: missing (not the output folder of govtext run?)") from None
    except (OSError, ValueError) as exc:
        raise CodebookError(f"{info_path}: cannot read: {_one_line(str(exc))}") from None
    path = Path(codebook_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read: {exc.strerror or exc}") from None
    recorded = (info.get("resources") or {}).get("codebook") if isinstance(info, dict) else None
    if not isinstance(recorded, dict) or "sha256" not in recorded:
        raise CodebookError(f"{info_path}: resources.codebook: missing (not the run.json of govtext run?)")
    if hashlib.sha256(data).hexdigest() != recorded["sha256"]:
        raise CodebookError(
            f"{info_path}: resources.codebook: the run used {recorded.get('file', '?')} with sha256 "
            f"{str(recorded['sha256'])[:12]}…, not {path}; give that file with --codebook, or run again"
        )
    obj = read_codebook_yaml(path)
    problems = validate_codebook(obj, path)
    if problems:
        raise CodebookError(f"{path}: {len(problems)} problem(s) in the codebook: {problems[0]}")
    candidates = _read(folder, "candidates", info)
    sentences = _read(folder, "sentences", info)
    proposals = propose_entries(
        candidates, sentences, obj, min_docs=min_docs, max_examples=max_examples, raw_texts=raw_texts
    )
    heading = (
        f"Drafted from {folder.name}/candidates.csv: names found in at least {min_docs} document(s) that\n"
        "are not in this codebook. The matcher ignores an entry while its status is proposed: review\n"
        "name_en, kind, level (with level_evidence if not unknown) and definition, then set status: accepted."
    )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CodebookError(f"{path}: not UTF-8 text") from None
    return suggested_codebook(text, proposals, path, heading), proposals
