"""Texts the instruments were not built from: the scores ``scripts/evaluate_devset.py`` wrote, and the
targets they are held to.

The development texts are third-party and not in the repository (``data/devset/SOURCES.md``), so the book
cannot recompute their scores; the script writes them (``--write data/devset/scores.csv``) when the texts
are present, and :func:`read_scores` reads that file back, checked. The blind codings of those texts are
committed (offsets and short spans only), so agreement between their coders is computed from them
(:func:`govtext.evaluate.blind.coder_agreement`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govtext.evaluate import blind
from govtext.evaluate.agreement import precision_recall

SCORE_COLUMNS = ("set", "n_texts", "instrument", "precision", "recall", "f1", "tp", "fp", "fn")
"""The columns of ``scores.csv``, in order."""

TARGETS: Mapping[tuple[str, str], tuple[float, float]] = {
    ("texts", "matcher_and_candidates"): (0.70, 0.85),
    ("texts", "extractor"): (0.95, 0.93),
    ("seeds", "matcher_and_candidates"): (0.90, 0.90),
    ("seeds", "extractor"): (0.98, 0.98),
}
"""``(kind of set, instrument) -> (minimum precision, minimum recall)``, as issue 15 set them: on the
development set and on Zhengzhou texts the project never saw (``texts``), and on the seeds against their
blind gold (``seeds``). The codebook matcher alone and the matcher with every candidate have no target."""


@dataclass(frozen=True)
class DevelopmentSet:
    """A set of development texts: its ``name`` in ``scores.csv``, its short ``key`` (the book's glue keys),
    how prose names it, whether it has ``own_folder`` (the later Zhengzhou sets, whose ids start with
    the key and whose codings are in ``annotations/<key>/``; the first two sets share ``annotations/``) and
    whether the current rules were built on it (``for_fitting``: the candidate weights are fitted and the
    codebook review's restore rule counts on these sets; the set kept clean for the current round is not)."""

    name: str
    key: str
    phrase: str
    own_folder: bool = False
    for_fitting: bool = True


_ORDINALS = {
    "b": "second",
    "c": "third",
    "d": "fourth",
    "e": "fifth",
    "f": "sixth",
    "g": "seventh",
    "h": "eighth",
    "i": "ninth",
    "j": "tenth",
    "k": "eleventh",
    "l": "twelfth",
    "m": "thirteenth",
    "n": "fourteenth",
    "o": "fifteenth",
    "p": "sixteenth",
    "q": "seventeenth",
    "r": "eighteenth",
    "s": "nineteenth",
    "t": "twentieth",
    "u": "twenty-first",
    "v": "twenty-second",
    "w": "twenty-third",
    "x": "twenty-fourth",
    "y": "twenty-fifth",
    "z": "twenty-sixth",
}
"""The ordinal a later set's key letter stands for (``zhengzhou_c``: the third Zhengzhou set)."""


def _later_set(key: str, for_fitting: bool = True) -> DevelopmentSet:
    """A set gathered for one round, with a folder of its own, named from its key's place and letter:
    ``zhengzhou_c`` → "Zhengzhou, third set" (the third Zhengzhou set), ``henan_b`` → "other Henan cities,
    second set" (the second set of other Henan cities)."""
    place, _, letter = key.rpartition("_")
    ordinal = _ORDINALS[letter]
    if place == "zhengzhou":
        name, phrase = f"Zhengzhou, {ordinal} set", f"the {ordinal} Zhengzhou set"
    elif place == "henan":
        name, phrase = f"other Henan cities, {ordinal} set", f"the {ordinal} set of other Henan cities"
    else:
        raise ValueError(f"a later set's key is zhengzhou_X or henan_X, not {key!r}")
    return DevelopmentSet(name, key, phrase, own_folder=True, for_fitting=for_fitting)


DEVELOPMENT_SETS = (
    DevelopmentSet("other Henan cities", "dev", "the other Henan cities"),
    DevelopmentSet("Zhengzhou", "zhengzhou", "the first Zhengzhou set"),
    *(_later_set(f"zhengzhou_{letter}") for letter in "bcdefghijkl"),
    *(_later_set(f"henan_{letter}") for letter in "bcdefghijklmnopqrstuvwxy"),
    _later_set("henan_z", for_fitting=False),
)
"""The development texts' sets (``data/devset/SOURCES.md``): the other Henan cities (the candidate weights
were fitted there until round 6), the first Zhengzhou set (held out from that fit), the second, third and
fourth, each gathered and coded after a round of changes was frozen (rounds 4, 5 and 6) and scored once
for it, and the fifth to twelfth, gathered and coded blind while rounds 7 to 14 were built and each scored
once after its round was frozen; with the twelfth, too small (the stored Zhengzhou pages ran out), a
second set of other Henan cities gathered the same way, a third while round 15 was built, a fourth to a
tenth while rounds 16 to 22 were, an eleventh after round 23 was frozen, a twelfth while round 24 was
built and a thirteenth while round 25 was, a fourteenth and fifteenth while round 26 was, a sixteenth
while round 27 was, a seventeenth while round 28 was, an eighteenth while round 29 was, a nineteenth while
round 30 was and a twentieth while round 31 was (and a twenty-first after round 32 was frozen, its
first gathering having been lost), a twenty-second while round 33 was, a twenty-third while round 34 was,
a twenty-fourth while round 35 was, a twenty-fifth after round 35 was scored, before round 36 was
written, and a twenty-sixth after round 36 was scored, before round 37 was written.
From round 7 the rules are built on every set scored before (``FITTING_SETS``; round 37: all of them, the
twenty-fifth set of other Henan cities among them)."""
SEEDS = DevelopmentSet("seeds", "seeds", "the seeds")
"""The seed texts as a row of ``scores.csv`` (scored against their own blind gold)."""

SETS = tuple(s.name for s in DEVELOPMENT_SETS)
FITTING_SETS = tuple(s.name for s in DEVELOPMENT_SETS if s.for_fitting)
"""The sets the current rules were built on (round 37: every set scored in an earlier round)."""
DEVELOPMENT_SET, HELD_OUT_SET = SETS[:2]
"""The other Henan cities and the first Zhengzhou set, the sets without a folder and key of their own."""
SET_NAMES = {s.key: s.name for s in DEVELOPMENT_SETS}
"""Each set's name by its key (``zhengzhou_b`` -> "Zhengzhou, second set"): the later sets are named so."""
SEED_SET = SEEDS.name
SET_KEYS = {s.name: s.key for s in (*DEVELOPMENT_SETS, SEEDS)}
"""Short names of the sets, for the keys of :func:`score_facts`."""
SET_PHRASES = {s.name: s.phrase for s in (*DEVELOPMENT_SETS, SEEDS)}
"""How the book's prose names each set."""


def annotation_folders(annotations: str | Path) -> list[Path]:
    """The folders of the development codings under ``annotations`` (``data/devset/annotations``): itself,
    then one per set with its own folder. Each holds ``coder_a/``, ``coder_b/`` and ``adjudicated/``."""
    annotations = Path(annotations)
    return [annotations, *(annotations / s.key for s in DEVELOPMENT_SETS if s.own_folder)]


def read_codings(folders: Iterable[str | Path], skip_missing: bool = False) -> dict[str, pd.DataFrame]:
    """The codings of ``folders`` (:func:`govtext.evaluate.blind.load_coding` each), every part's rows
    together. A missing folder is an error naming it, or, with ``skip_missing``, left out (a set not yet
    coded); ValueError when no folder is left."""
    paths = [Path(folder) for folder in folders]
    if not skip_missing:
        absent = [str(path) for path in paths if not path.is_dir()]
        if absent:
            raise ValueError(f"no coding in {', '.join(absent)}")
    codings = [blind.load_coding(path) for path in paths if path.is_dir()]
    if not codings:
        raise ValueError(f"no coding in {', '.join(map(str, paths))}")
    return {part: pd.concat([c[part] for c in codings], ignore_index=True) for part in blind.PARTS}


def set_of_documents(manifest: pd.DataFrame) -> dict[str, str]:
    """``doc_id -> set`` for the rows of the development manifest (columns ``doc_id`` and ``locality``)."""

    def set_of(doc: str, locality: str) -> str:
        later = next((s.name for s in DEVELOPMENT_SETS if s.own_folder and doc.startswith(s.key)), None)
        if later is not None:  # a later set, of Zhengzhou or of another city, by its id prefix
            return later
        return DEVELOPMENT_SET if locality != "Zhengzhou" else HELD_OUT_SET

    return {
        str(doc): set_of(str(doc), str(locality))
        for doc, locality in zip(manifest["doc_id"], manifest["locality"], strict=True)
    }


def agreement_by_set(folders: Iterable[str | Path], sets: Mapping[str, str]) -> pd.DataFrame:
    """Agreement of the two blind coders of the development texts, per set and part
    (:func:`govtext.evaluate.blind.coder_agreement` with a ``set`` column and the number of texts).
    Each folder holds ``coder_a/`` and ``coder_b/`` (:func:`annotation_folders`); their rows are taken
    together, then split by ``sets`` (a document not in ``sets`` is a ValueError naming it)."""
    paths = [Path(folder) for folder in folders]
    first = read_codings(path / "coder_a" for path in paths)
    second = read_codings(path / "coder_b" for path in paths)
    coded = set().union(*(set(t["doc_id"]) for t in (*first.values(), *second.values())))
    unknown = sorted(coded - set(sets))
    if unknown:
        raise ValueError(f"codings name document(s) not in the manifest: {', '.join(unknown)}")
    rows = []
    for name in SETS:
        docs = {doc for doc, chosen in sets.items() if chosen == name}
        if not docs:
            continue
        table = blind.coder_agreement(
            {part: t[t["doc_id"].isin(docs)] for part, t in first.items()},
            {part: t[t["doc_id"].isin(docs)] for part, t in second.items()},
        )
        rows.append(table.assign(set=name, n_texts=len(docs)))
    columns = ["set", "n_texts", *blind.coder_agreement(first, second).columns]
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)


def agreement_facts(agreement: pd.DataFrame) -> dict[str, str]:
    """Values for the book's text from :func:`agreement_by_set`: ``devset_pa_<set>_<part>`` and
    ``devset_alpha_<set>_<part>`` (3-place strings, ``SET_KEYS``), and the lowest and highest over the sets
    of each part, ``devset_pa_<part>_min``/``_max`` and ``devset_alpha_<part>_min``/``_max``."""
    facts: dict[str, str] = {}
    measures = (("pa", "positive_agreement"), ("alpha", "alpha"))
    for row in agreement.itertuples(index=False):
        for measure, column in measures:
            facts[f"devset_{measure}_{SET_KEYS[str(row.set)]}_{row.part}"] = f"{getattr(row, column):.3f}"
    for part, block in agreement.groupby("part", sort=True):
        for measure, column in measures:
            facts[f"devset_{measure}_{part}_min"] = f"{block[column].min():.3f}"
            facts[f"devset_{measure}_{part}_max"] = f"{block[column].max():.3f}"
    return facts


def _read_score_table(path: str | Path, columns: Iterable[str], key: list[str]) -> pd.DataFrame:
    """A scores file checked: ValueError naming the file when it cannot be read, lacks one of
    ``columns``, holds a score outside [0, 1] or a negative count, or repeats ``key``."""
    path = Path(path)
    try:
        table = pd.read_csv(path, keep_default_na=False, dtype={"rules_commit": str, "scores_commit": str})
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from None
    columns = list(columns)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    table = table[columns]
    for share in [c for c in ("precision", "recall", "f1") if c in columns]:
        values = pd.to_numeric(table[share], errors="coerce")
        if values.isna().any() or not values.between(0, 1).all():
            raise ValueError(f"{path}: column '{share}' must hold numbers from 0 to 1")
        table[share] = values
    for column in [c for c in ("round", "n_texts", "tp", "fp", "fn") if c in columns]:
        values = pd.to_numeric(table[column], errors="coerce")
        if values.isna().any() or (values < 0).any() or (values % 1 != 0).any():
            raise ValueError(f"{path}: column '{column}' must hold counts (whole numbers from 0)")
        table[column] = values.astype("int64")
    if table.duplicated(key).any():
        raise ValueError(f"{path}: a row's {' and '.join(key)} appear twice")
    return table.reset_index(drop=True)


def read_scores(path: str | Path) -> pd.DataFrame:
    """``scores.csv`` as written by ``scripts/evaluate_devset.py --write``; ValueError naming the file when
    it cannot be read, lacks a column, or holds a score outside [0, 1] or a negative count."""
    return _read_score_table(path, SCORE_COLUMNS, ["set", "instrument"])


FIRST_SCORE_COLUMNS = ("set", "round", "rules_commit", "scores_commit", *SCORE_COLUMNS[1:])
"""The columns of ``first_scores.csv``: each later set's scores when it was first scored, the
round whose rules scored it, the commit those rules were frozen at and the commit that wrote the scores."""


def read_first_scores(path: str | Path) -> pd.DataFrame:
    """``first_scores.csv`` as written by ``scripts/first_scores.py``: each later set as it scored the one
    time it was unseen (checked as :func:`read_scores` checks; a set named once per instrument)."""
    table = _read_score_table(path, FIRST_SCORE_COLUMNS, ["set", "instrument"])
    unknown = sorted(set(table["set"]) - set(SETS))
    if unknown:
        raise ValueError(f"{Path(path)}: unknown set(s) {', '.join(unknown)}")
    return table


def first_score_facts(first: pd.DataFrame) -> dict[str, object]:
    """Values for the book's text from :func:`read_first_scores`: ``devset_first_<set>_<instrument>_
    precision``/``_recall`` (3-place strings) and ``devset_first_<set>_round``; ``devset_first_n_sets``;
    and for the programmes (the matcher with the selected candidates) and the metric extractor
    ``devset_first_<programmes|extractor>_n_met`` and ``_met_on``: how many sets met the target when first
    scored, and which (``SET_PHRASES``, in the file's order; "none of the sets" if none)."""
    facts: dict[str, object] = {}
    for row in first.itertuples(index=False):
        key = f"devset_first_{SET_KEYS[str(row.set)]}"
        facts[f"{key}_{row.instrument}_precision"] = f"{row.precision:.3f}"
        facts[f"{key}_{row.instrument}_recall"] = f"{row.recall:.3f}"
        facts[f"{key}_round"] = int(str(row.round))
    table = with_targets(first)
    for instrument, name in (("matcher_and_candidates", "programmes"), ("extractor", "extractor")):
        rows = table[table["instrument"] == instrument]
        met_on = [SET_PHRASES[str(s)] for s, met in zip(rows["set"], rows["met"], strict=True) if met]
        facts[f"devset_first_{name}_n_met"] = len(met_on)
        facts[f"devset_first_{name}_met_on"] = _series(met_on)
    facts["devset_first_n_sets"] = int(first["set"].nunique())
    return facts


FIRST_POOLED_RESAMPLES = 2000
FIRST_POOLED_SEED = 20261203


def first_scores_pooled(
    first: pd.DataFrame, resamples: int = FIRST_POOLED_RESAMPLES, seed: int = FIRST_POOLED_SEED
) -> pd.DataFrame:
    """Per instrument, the counts of every later set's first (unseen) scoring summed, with the pooled
    precision and recall and a 95% percentile interval from resampling the *sets* with replacement
    (``resamples`` draws, fixed ``seed``): the set, scored once at the rules of its round, is the unit that
    was unseen, so texts within a set are not treated as independent. Columns: ``instrument``, ``n_sets``,
    ``n_texts``, ``tp``, ``fp``, ``fn``, ``precision``, ``recall`` and ``precision_low``/``_high``,
    ``recall_low``/``_high``."""
    rng = np.random.default_rng(seed)
    rows = []
    for instrument, part in first.groupby("instrument", sort=False):
        counts = part[["tp", "fp", "fn"]].to_numpy(dtype=float)
        draws = counts[rng.integers(0, len(counts), size=(resamples, len(counts)))].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = draws[:, 0] / (draws[:, 0] + draws[:, 1])
            recall = draws[:, 0] / (draws[:, 0] + draws[:, 2])
        tp, fp, fn = (int(n) for n in counts.sum(axis=0))
        point = precision_recall(tp, tp + fp, tp + fn)
        rows.append(
            {
                "instrument": instrument,
                "n_sets": len(part),
                "n_texts": int(part["n_texts"].sum()),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": point["precision"],
                "recall": point["recall"],
                "precision_low": float(np.nanpercentile(precision, 2.5)),
                "precision_high": float(np.nanpercentile(precision, 97.5)),
                "recall_low": float(np.nanpercentile(recall, 2.5)),
                "recall_high": float(np.nanpercentile(recall, 97.5)),
            }
        )
    return pd.DataFrame(rows)


def first_pooled_facts(first: pd.DataFrame) -> dict[str, object]:
    """Values for the book's text from :func:`first_scores_pooled`: ``devset_first_pooled_<instrument>_``
    ``precision``, ``_recall``, their ``_low``/``_high`` bounds (3-place strings), ``_n_sets`` and
    ``_n_texts``; and the two halves by round (:func:`first_halves_facts`)."""
    facts: dict[str, object] = {}
    for row in first_scores_pooled(first).itertuples(index=False):
        key = f"devset_first_pooled_{row.instrument}"
        facts.update(_pooled_rates(key, row))
        facts[f"{key}_n_sets"] = int(str(row.n_sets))
        facts[f"{key}_n_texts"] = int(str(row.n_texts))
    return {**facts, **first_halves_facts(first)}


_POOLED_RATES = ("precision", "recall", "precision_low", "precision_high", "recall_low", "recall_high")


def _pooled_rates(key: str, row: Any) -> dict[str, object]:
    """``<key>_<rate>`` for the rates of a :func:`first_scores_pooled` row, as 3-place strings."""
    return {f"{key}_{name}": f"{getattr(row, name):.3f}" for name in _POOLED_RATES}


def first_halves(first: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first scorings split in two by round: the earlier half of the sets (in order of their round, the
    extra set of an odd count going to the earlier half) and the later half. Does the method, revised round
    after round on more sets, do better on news it was not built from?"""
    sets = first[["set", "round"]].drop_duplicates("set").sort_values("round", kind="stable")["set"].tolist()
    early = set(sets[: (len(sets) + 1) // 2])
    return first[first["set"].isin(early)], first[~first["set"].isin(early)]


def first_halves_facts(first: pd.DataFrame) -> dict[str, object]:
    """Values for the book's text from :func:`first_halves`, each half pooled by :func:`first_scores_pooled`:
    ``devset_first_<early|late>_<instrument>_<precision|recall|..._low|..._high>`` (3-place strings),
    ``devset_first_<early|late>_n_sets`` and ``devset_first_<early|late>_rounds`` ("4–17")."""
    facts: dict[str, object] = {}
    for half, part in zip(("early", "late"), first_halves(first), strict=True):
        if part.empty:
            continue
        facts[f"devset_first_{half}_n_sets"] = int(part["set"].nunique())
        facts[f"devset_first_{half}_rounds"] = f"{int(part['round'].min())}–{int(part['round'].max())}"
        for row in first_scores_pooled(part).itertuples(index=False):
            facts.update(_pooled_rates(f"devset_first_{half}_{row.instrument}", row))
    return facts


LOSO_COLUMNS = ("set", "n_texts", "threshold", "precision", "recall", "tp", "fp", "fn")
"""The columns of ``loso_scores.csv`` (``scripts/evaluate_devset.py --loso``): each fitting set scored with
the weights fitted and the threshold picked by the rule on the other fitting sets."""
POOLED_LOSO = "pooled, each set held out"
"""The row of ``loso_scores.csv`` that pools the held-out counts."""


def read_loso_scores(path: str | Path) -> pd.DataFrame:
    """``loso_scores.csv``, checked as :func:`read_scores` checks, with one pooled row whose counts are the
    sum of the others' (ValueError naming the file otherwise)."""
    table = _read_score_table(path, LOSO_COLUMNS, ["set"])
    table["threshold"] = pd.to_numeric(table["threshold"].replace("", "nan"), errors="coerce")
    pooled = table[table["set"] == POOLED_LOSO]
    sets = table[table["set"] != POOLED_LOSO]
    unknown = sorted(set(sets["set"]) - set(SETS))
    if unknown:
        raise ValueError(f"{Path(path)}: unknown set(s) {', '.join(unknown)}")
    if sets["threshold"].isna().any():
        raise ValueError(f"{Path(path)}: column 'threshold' must hold a number on every set's row")
    if len(pooled) != 1 or any(int(pooled[k].iloc[0]) != int(sets[k].sum()) for k in ("tp", "fp", "fn")):
        raise ValueError(
            f"{Path(path)}: needs one row '{POOLED_LOSO}' whose counts are the sum of the others'"
        )
    return table


def loso_facts(table: pd.DataFrame) -> dict[str, object]:
    """Values for the book's text from :func:`read_loso_scores`: ``devset_loso_precision``/``_recall``
    (pooled), the range of the sets' precision and recall (``_min``/``_max``), ``devset_loso_n_sets``,
    ``devset_loso_n_met`` (sets meeting the programme target) and the thresholds the rule picked
    (``devset_loso_thresholds``: "3.0" or "3.0 to 3.25")."""
    sets = table[table["set"] != POOLED_LOSO]
    pooled = table[table["set"] == POOLED_LOSO].iloc[0]
    target_p, target_r = TARGETS[("texts", "matcher_and_candidates")]
    low, high = float(sets["threshold"].min()), float(sets["threshold"].max())
    return {
        "devset_loso_precision": f"{pooled['precision']:.3f}",
        "devset_loso_recall": f"{pooled['recall']:.3f}",
        "devset_loso_precision_min": f"{sets['precision'].min():.3f}",
        "devset_loso_precision_max": f"{sets['precision'].max():.3f}",
        "devset_loso_recall_min": f"{sets['recall'].min():.3f}",
        "devset_loso_recall_max": f"{sets['recall'].max():.3f}",
        "devset_loso_n_sets": len(sets),
        "devset_loso_n_met": int(((sets["precision"] >= target_p) & (sets["recall"] >= target_r)).sum()),
        "devset_loso_thresholds": _step(low) if low == high else f"{_step(low)} to {_step(high)}",
    }


def _step(threshold: float) -> str:
    """A threshold as the rule's steps are written: 3.0, 3.25."""
    return f"{threshold:.1f}" if round(threshold * 10) == threshold * 10 else f"{threshold:.2f}"


def with_targets(scores: pd.DataFrame) -> pd.DataFrame:
    """``scores`` with the target precision and recall of each row (``TARGETS``; empty where none) and
    ``met``: True, False, or None where there is no target."""
    kinds = scores["set"].map(lambda name: SEED_SET if name == SEED_SET else "texts")
    targets = [
        TARGETS.get((kind, instrument)) for kind, instrument in zip(kinds, scores["instrument"], strict=True)
    ]
    table = scores.copy()
    table["target_precision"] = [t[0] if t else float("nan") for t in targets]
    table["target_recall"] = [t[1] if t else float("nan") for t in targets]
    table["met"] = [
        None if t is None else bool(p >= t[0] and r >= t[1])
        for t, p, r in zip(targets, table["precision"], table["recall"], strict=True)
    ]
    return table


def score_facts(scores: pd.DataFrame) -> dict[str, object]:
    """Values for the book's text: for every set (``SET_KEYS``) and instrument, ``devset_<set>_<instrument>_
    precision``/``_recall`` as 3-place strings, ``_n_texts`` and ``_n_gold`` (the gold items, found or
    not); where there is a target, ``_met``
    ("met" / "not met"); and ``devset_programmes_met_on`` / ``devset_programmes_not_met_on``, the
    development sets (``SET_PHRASES``, the seeds left out: their target differs) on which the programme
    target is met and not met ("none of the sets" if there are none); ``devset_n_sets``, how many
    development sets are scored."""
    table = with_targets(scores)
    facts: dict[str, object] = {}
    met_on: list[str] = []
    not_met_on: list[str] = []
    for row in table.itertuples(index=False):
        key = f"devset_{SET_KEYS.get(str(row.set), str(row.set))}_{row.instrument}"
        facts[f"{key}_precision"] = f"{row.precision:.3f}"
        facts[f"{key}_recall"] = f"{row.recall:.3f}"
        facts[f"{key}_n_texts"] = int(str(row.n_texts))
        facts[f"{key}_n_gold"] = int(str(row.tp)) + int(str(row.fn))
        if row.met is not None:
            facts[f"{key}_met"] = "met" if row.met else "not met"
            if row.instrument == "matcher_and_candidates" and row.set != SEED_SET:
                phrase = SET_PHRASES.get(str(row.set), str(row.set))
                (met_on if row.met else not_met_on).append(phrase)
    facts["devset_programmes_met_on"] = _series(met_on)
    facts["devset_programmes_not_met_on"] = _series(not_met_on)
    facts["devset_n_sets"] = int(table.loc[table["set"] != SEED_SET, "set"].nunique())
    return facts


def coverage_facts(manifest: pd.DataFrame, scores: pd.DataFrame) -> dict[str, int]:
    """How many development texts ``manifest`` lists (``devset_n_listed``), how many the current scores
    count (``devset_n_scored``: the ``n_texts`` of each development set's matcher row) and the difference
    (``devset_n_not_scored``: texts a rebuild did not find, so scored in no row)."""
    rows = scores[(scores["instrument"] == "matcher") & (scores["set"] != SEED_SET)]
    listed, scored = len(manifest), int(rows["n_texts"].astype(int).sum())
    if scored > listed:
        raise ValueError(f"scores count {scored} development texts, the manifest lists {listed}")
    return {"devset_n_listed": listed, "devset_n_scored": scored, "devset_n_not_scored": listed - scored}


def _series(phrases: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``; "none of the sets" for none."""
    if not phrases:
        return "none of the sets"
    return phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"


INSTRUMENT_LABELS = {
    "matcher": "codebook matcher",
    "matcher_and_candidates": "matcher + selected candidates",
    "matcher_and_candidates_by_name": "the same, names per text",
    "matcher_and_all_candidates": "matcher + every candidate",
    "extractor": "metric extractor",
}
"""Plain names of the instruments of ``scores.csv``."""


def targets_table(scores: pd.DataFrame) -> pd.DataFrame:
    """``scores`` for reading: set, texts, instrument (plain name), precision, recall, the target as
    "P ≥ …, R ≥ …" ('' where none) and whether it is met ("yes" / "no" / '')."""
    table = with_targets(scores)
    target = [
        "" if pd.isna(p) else f"P ≥ {p:.2f}, R ≥ {r:.2f}"
        for p, r in zip(table["target_precision"], table["target_recall"], strict=True)
    ]
    return pd.DataFrame(
        {
            "set": table["set"],
            "n_texts": table["n_texts"],
            "instrument": table["instrument"].map(lambda name: INSTRUMENT_LABELS.get(name, name)),
            "precision": table["precision"],
            "recall": table["recall"],
            "n_gold": table["tp"] + table["fn"],
            "target": target,
            "met": ["" if m is None else "yes" if m else "no" for m in table["met"]],
        }
    )


def first_scores_table(first: pd.DataFrame) -> pd.DataFrame:
    """:func:`targets_table` of ``first_scores.csv`` with each set's ``round`` after it, the instruments
    that have targets only (the matcher with the selected candidates, the metric extractor)."""
    targeted = {instrument for _kind, instrument in TARGETS}
    rows = first[first["instrument"].isin(targeted)].reset_index(drop=True)
    table = targets_table(rows)
    table.insert(1, "round", rows["round"])
    return table


def _any_overlap(spans: pd.DataFrame, others: pd.DataFrame) -> pd.Series:
    """For each row of ``spans``: does a row of ``others`` in the same document overlap it?"""
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc, start, end in zip(others["doc_id"], others["start"], others["end"], strict=True):
        by_doc.setdefault(str(doc), []).append((int(start), int(end)))
    hits = [
        any(s < int(end) and int(start) < e for s, e in by_doc.get(str(doc), []))
        for doc, start, end in zip(spans["doc_id"], spans["start"], spans["end"], strict=True)
    ]
    return pd.Series(hits, index=spans.index, dtype=bool)


def name_scores(found: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Precision and recall over the distinct programme names of each document rather than over mentions,
    so that a name repeated in one text counts once. ``found`` has ``doc_id, start, end, name`` (a
    programme id for the matcher, a candidate's name key for discovery), ``gold`` has ``doc_id, start,
    end, canonical_name``. A found name is correct when one of its spans overlaps a gold span; a gold name
    is found when one of its spans is overlapped by a found span. ``tp`` counts the gold names found,
    ``fp`` the found names that are wrong, ``fn`` the gold names missed."""
    found_units = found.assign(hit=_any_overlap(found, gold)).groupby(["doc_id", "name"])["hit"].any()
    gold_units = gold.assign(hit=_any_overlap(gold, found)).groupby(["doc_id", "canonical_name"])["hit"].any()
    precision = float(found_units.mean()) if len(found_units) else 0.0
    recall = float(gold_units.mean()) if len(gold_units) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": int(gold_units.sum()),
        "fp": int((~found_units).sum()),
        "fn": int((~gold_units).sum()),
    }
