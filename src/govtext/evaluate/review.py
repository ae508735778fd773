"""The codebook review: two blind reviewers' judgements of every codebook entry, and the rule applied.

Layout (``data/annotations/codebook_review/``)::

    TASK.md, manual_A1_A2.md, entries.csv   what both reviewers had (the entries of codebook 1.1.0)
    reviewer_a.csv, reviewer_b.csv          entry, decision (programme | not_programme), category,
                                            aliases_rejected, note
    restored.csv                            entries both rejected that the development sets' blind coders
                                            coded in at least half of their occurrences there, each text
                                            weighing once (``restore_counts``, ``restored_rows``)
    dropped.csv                             entries the reviewers kept whose matches those coders code in
                                            under a quarter of their occurrences, each text weighing once,
                                            over at least three texts (``dropped_rows``; round 26)

The rule (codebook 1.2.0): an entry both reviewers judged ``not_programme`` leaves the programme list for
``not_programmes``, unless ``restored.csv`` lists it. ``review_decisions`` applies it;
``review_problems`` checks a codebook against it. The second rule (codebook 1.17.0) is the restore rule's
mirror: an entry listed in ``dropped.csv`` leaves the programme list for ``not_programmes`` with all its
names; ``dropped_problems`` checks a codebook against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from govtext.evaluate.agreement import krippendorff_alpha

DECISIONS = ("programme", "not_programme")
REVIEW_COLUMNS = ("entry", "decision", "category", "aliases_rejected", "note")
RESTORED_COLUMNS = ("entry", "alias", "occurrences", "coded", "texts", "share_coded")
RESTORE_SHARE = 0.5
"""An entry both reviewers rejected stays when the development sets' coders coded at least this share of
its occurrences in the texts where it occurs, each text weighing once (the mean over those texts of the
share coded there), as names per text weigh them: a name repeated in one text does not outweigh the other
texts (until round 21 each occurrence weighed once)."""


def _share_counts(found: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per ``keys`` (rows of ``found`` with ``doc_id`` and a bool ``coded``): ``occurrences``, ``coded``,
    ``texts`` and ``share``, the mean over the texts where it occurs of the share coded there."""
    coded = found.groupby(keys, sort=True)["coded"]
    per_text = found.groupby([*keys, "doc_id"], sort=True)["coded"].mean().groupby(level=keys)
    return pd.DataFrame(
        {
            "occurrences": coded.size().astype("int64"),
            "coded": coded.sum().astype("int64"),
            "texts": per_text.size().astype("int64"),
            "share": per_text.mean(),
        }
    )


def restore_counts(found: pd.DataFrame) -> pd.DataFrame:
    """Per rejected entry and alias (``programme_id``, ``alias``; rows of ``found`` with a bool ``coded``):
    ``occurrences``, ``coded``, ``texts`` and ``share`` (compared with ``RESTORE_SHARE``)."""
    return _share_counts(found, ["programme_id", "alias"]).rename_axis(index=["entry", "alias"])


DROPPED_COLUMNS = ("entry", "names", "occurrences", "coded", "texts", "share_coded")
DROP_SHARE = 0.25
DROP_MIN_TEXTS = 3
"""An entry leaves the matcher when the development sets' coders coded less than ``DROP_SHARE`` of its
occurrences (each text weighing once, as for ``RESTORE_SHARE``) over at least ``DROP_MIN_TEXTS`` texts: fewer
texts say too little about a name."""


def drop_counts(found: pd.DataFrame) -> pd.DataFrame:
    """Per entry (rows of ``found``: ``programme_id``, ``doc_id`` and a bool ``coded``): the counts of
    :func:`restore_counts` (compared with ``DROP_SHARE``)."""
    return _share_counts(found, ["programme_id"]).rename_axis(index="entry")


def dropped_rows(counts: pd.DataFrame, names: dict[str, list[str]]) -> pd.DataFrame:
    """The rows of ``dropped.csv`` (``DROPPED_COLUMNS``) from :func:`drop_counts`: the entries coded in under
    ``DROP_SHARE`` over at least ``DROP_MIN_TEXTS`` texts, with their names (``names``: entry -> name and
    aliases, joined by `` | ``) and the share as a 3-place string."""
    chosen = counts[(counts["share"] < DROP_SHARE) & (counts["texts"] >= DROP_MIN_TEXTS)].reset_index()
    out = chosen.assign(
        names=chosen["entry"].map(lambda entry: " | ".join(names.get(str(entry), []))),
        share_coded=chosen["share"].map(lambda share: f"{share:.3f}"),
    )
    return out[list(DROPPED_COLUMNS)]


def load_dropped(folder: str | Path) -> pd.DataFrame:
    """``dropped.csv`` of ``folder``, checked: every row has names, at least ``DROP_MIN_TEXTS`` texts and a
    share under ``DROP_SHARE`` (no rows when the file does not exist)."""
    path = Path(folder) / "dropped.csv"
    if not path.exists():
        return pd.DataFrame(columns=list(DROPPED_COLUMNS))
    frame = _read(path, DROPPED_COLUMNS)
    shares = pd.to_numeric(frame["share_coded"], errors="coerce")
    texts = pd.to_numeric(frame["texts"], errors="coerce")
    bad = (
        frame["names"].eq("")
        | shares.isna()
        | (shares >= DROP_SHARE)
        | texts.isna()
        | (texts < DROP_MIN_TEXTS)
    )
    if bool(bad.any()):
        rows = ", ".join(frame.loc[bad, "entry"].astype(str))
        raise ReviewError(
            f"{path}: rows {rows} need names, share_coded < {DROP_SHARE} and texts >= {DROP_MIN_TEXTS}"
        )
    return frame


def dropped_problems(
    dropped: pd.DataFrame, programme_names: dict[str, list[str]], not_programme_surfaces: Iterable[str]
) -> list[str]:
    """What in a codebook breaks the drop rule: an entry of ``dropped`` is still a programme
    (``programme_names``: entry -> name and aliases of the codebook), one of its names is still matched
    under another entry, or is not listed in ``not_programmes``."""
    surfaces = set(not_programme_surfaces)
    matched = {name: entry for entry, names in programme_names.items() for name in names}
    problems = []
    for entry, joined in zip(dropped["entry"], dropped["names"], strict=True):
        if entry in programme_names:
            problems.append(f"entry {entry}: dropped.csv lists it, but it is still a programme")
        for name in str(joined).split(" | "):
            if name in matched:
                problems.append(f"entry {entry}: its name {name!r} is still matched as {matched[name]}")
            if name not in surfaces:
                problems.append(f"entry {entry}: its name {name!r} is not listed in not_programmes")
    return problems


def restored_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``restored.csv`` (``RESTORED_COLUMNS``) from :func:`restore_counts`: the entries and
    aliases whose share reaches ``RESTORE_SHARE``, the share as a 3-place string."""
    out = counts[counts["share"] >= RESTORE_SHARE].reset_index()
    out = out.assign(share_coded=out["share"].map(lambda share: f"{share:.3f}"))
    return out[list(RESTORED_COLUMNS)]


COMPACT_SEQUENCE = re.compile(r"^一[^、，,]*二[^、，,]*三[^、，,]*$")
"""A compact numbered sequence (一进二看三访…): rule A3 of the coding manual, which the reviewers were not
shown, counts it as a mention of the formula it spells out, so a review does not take it out."""


class ReviewError(ValueError):
    """A review file that is missing, malformed or inconsistent with the other."""


def _restored(folder: Path) -> pd.DataFrame:
    """``restored.csv`` of ``folder``; no rows before ``scripts/codebook_review.py`` has written it."""
    path = folder / "restored.csv"
    return _read(path, RESTORED_COLUMNS) if path.exists() else pd.DataFrame(columns=list(RESTORED_COLUMNS))


def _read(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ReviewError(f"{path}: cannot be read: {exc}") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ReviewError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame


def load_review(folder: str | Path) -> pd.DataFrame:
    """Both reviewers' judgements, one row per entry: ``decision_a``, ``category_a``, ``decision_b``,
    ``category_b``, ``both_rejected`` and ``restored`` (listed in ``restored.csv``)."""
    folder = Path(folder)
    frames = {}
    for name in ("a", "b"):
        path = folder / f"reviewer_{name}.csv"
        frame = _read(path, REVIEW_COLUMNS)
        bad = sorted(set(frame["decision"]) - set(DECISIONS))
        if bad:
            raise ReviewError(f"{path}: unknown decision(s) {', '.join(bad)}")
        if frame["entry"].duplicated().any():
            raise ReviewError(f"{path}: an entry is judged twice")
        frames[name] = frame.set_index("entry")
    if set(frames["a"].index) != set(frames["b"].index):
        raise ReviewError(f"{folder}: the two reviewers judged different entries")
    restored = _restored(folder)
    table = (
        frames["a"][["decision", "category"]]
        .add_suffix("_a")
        .join(frames["b"][["decision", "category"]].add_suffix("_b"))
    )
    table["both_rejected"] = (table["decision_a"] == "not_programme") & (
        table["decision_b"] == "not_programme"
    )
    unknown = sorted(
        set(restored.loc[restored["alias"] == "", "entry"]) - set(table.index[table["both_rejected"]])
    )
    if unknown:
        raise ReviewError(
            f"{folder / 'restored.csv'}: not entries both reviewers rejected: {', '.join(unknown)}"
        )
    shares = pd.to_numeric(restored["share_coded"], errors="coerce")
    if bool((shares.isna() | (shares < RESTORE_SHARE)).any()):
        raise ReviewError(f"{folder / 'restored.csv'}: every share_coded must be a number >= {RESTORE_SHARE}")
    table["restored"] = table.index.isin(set(restored.loc[restored["alias"] == "", "entry"]))
    return table.rename_axis("entry").reset_index()


def review_decisions(review: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The entries that leave the programme list (both rejected, not restored) and those restored."""
    out = review[review["both_rejected"] & ~review["restored"]]["entry"].tolist()
    back = review[review["restored"]]["entry"].tolist()
    return out, back


def review_problems(
    review: pd.DataFrame,
    programme_ids: Iterable[str],
    not_programme_surfaces: Iterable[str],
    names: dict[str, list[str]],
) -> list[str]:
    """What in a codebook breaks the review's rule: an entry that should have left is still a programme,
    or one of its names (``names``: entry -> its 1.1.0 name and aliases) is not in ``not_programmes``."""
    ids, surfaces = set(programme_ids), set(not_programme_surfaces)
    problems = []
    for entry in review_decisions(review)[0]:
        if entry in ids:
            problems.append(f"entry {entry}: both reviewers rejected it, but it is still a programme")
        for name in names.get(entry, []):
            if name not in surfaces:
                problems.append(f"entry {entry}: its name {name!r} is not listed in not_programmes")
    return problems


def review_facts(review: pd.DataFrame) -> dict[str, float | int]:
    """The figures chapter 2 states: entries judged, agreement (Krippendorff's alpha, nominal, and the
    share of entries with the same decision), entries each reviewer and both rejected, restored, out."""
    same = review["decision_a"] == review["decision_b"]
    alpha = krippendorff_alpha([review["decision_a"].tolist(), review["decision_b"].tolist()])
    out, back = review_decisions(review)
    return {
        "n_entries": len(review),
        "alpha": float(alpha),
        "share_same": float(same.mean()),
        "n_rejected_a": int((review["decision_a"] == "not_programme").sum()),
        "n_rejected_b": int((review["decision_b"] == "not_programme").sum()),
        "n_both_rejected": int(review["both_rejected"].sum()),
        "n_restored": len(back),
        "n_out": len(out),
    }


def review_text_facts(folder: str | Path) -> dict[str, str | int]:
    """The review's figures for a chapter's prose, formatted: ``review_<name>`` for every figure of
    :func:`review_facts` (alpha and the share to three decimals), and ``review_n_aliases_out``, the
    aliases both reviewers rejected that left their entries (restored aliases and compact sequences
    stay); ``review_n_dropped`` and ``review_n_dropped_occurrences``, the entries the drop rule took out and
    their occurrences in the development sets it counts (``dropped.csv``)."""
    facts = review_facts(load_review(folder))
    restored = restored_aliases(folder)
    aliases_out = sum(
        1
        for entry, aliases in aliases_both_rejected(folder).items()
        for a in aliases
        if a not in restored.get(entry, [])
    )
    text: dict[str, str | int] = {
        f"review_{name}": f"{value:.3f}" if isinstance(value, float) else value
        for name, value in facts.items()
    }
    text["review_n_aliases_out"] = aliases_out
    dropped = load_dropped(folder)
    text["review_n_dropped"] = len(dropped)
    text["review_n_dropped_occurrences"] = int(pd.to_numeric(dropped["occurrences"]).sum())
    return text


def rejected_by_category(review: pd.DataFrame) -> pd.DataFrame:
    """The entries both reviewers rejected, counted by their grounds (the pair of categories when the
    two differ)."""
    both = review[review["both_rejected"]]
    grounds = [
        a.replace("_", " ") if a == b else f"{a.replace('_', ' ')} / {b.replace('_', ' ')}"
        for a, b in zip(both["category_a"], both["category_b"], strict=True)
    ]
    counts = pd.Series(grounds, dtype=str).value_counts().rename_axis("grounds").reset_index(name="entries")
    return counts.sort_values(["entries", "grounds"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def reviewed_names(folder: str | Path) -> dict[str, list[str]]:
    """``entry -> [name, *aliases]`` of the codebook the reviewers judged (``entries.csv`` for the names,
    ``aliases.csv`` for the aliases, one per row: ``entries.csv`` joins them with ``、``, which also
    occurs inside names)."""
    folder = Path(folder)
    entries = _read(folder / "entries.csv", ("entry", "name_zh"))
    names = {str(e): [str(n)] for e, n in zip(entries["entry"], entries["name_zh"], strict=True)}
    aliases = _read(folder / "aliases.csv", ("entry", "alias"))
    for entry, alias in zip(aliases["entry"], aliases["alias"], strict=True):
        if str(entry) not in names:
            raise ReviewError(f"{folder / 'aliases.csv'}: {entry!r} is not an entry of entries.csv")
        names[str(entry)].append(str(alias))
    return names


def aliases_both_rejected(folder: str | Path) -> dict[str, list[str]]:
    """``entry -> aliases`` both reviewers rejected. The aliases of each entry are read from
    ``aliases.csv`` (one per row: ``entries.csv`` joins them with ``、``, which also occurs inside names); a
    rejected piece counts for an alias when it is the alias, or, for an alias that holds ``、`` itself, when
    the alias is inside it."""
    folder = Path(folder)
    known = {entry: names[1:] for entry, names in reviewed_names(folder).items()}
    picked = []
    for name in ("a", "b"):
        frame = _read(folder / f"reviewer_{name}.csv", REVIEW_COLUMNS).set_index("entry")
        picked.append(
            {
                str(entry): {
                    a for a in known.get(str(entry), []) if a in text.split("、") or ("、" in a and a in text)
                }
                for entry, text in frame["aliases_rejected"].items()
                if text
            }
        )
    both = {
        entry: sorted(a for a in aliases & picked[1].get(entry, set()) if not COMPACT_SEQUENCE.match(a))
        for entry, aliases in picked[0].items()
    }
    return {entry: aliases for entry, aliases in sorted(both.items()) if aliases}


def restored_aliases(folder: str | Path) -> dict[str, list[str]]:
    """``entry -> aliases`` that ``restored.csv`` keeps although both reviewers rejected them."""
    restored = _restored(Path(folder))
    kept: dict[str, list[str]] = {}
    for entry, alias in zip(restored["entry"], restored["alias"], strict=True):
        if alias:
            kept.setdefault(entry, []).append(alias)
    return kept
