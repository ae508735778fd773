"""Score the pipeline on the development set (issue 15): texts it was not built from, coded blind.

The texts are third-party and not in the repository: `data/devset/SOURCES.md` lists each page's address,
title, date and sha256, and `data/devset/manifest.csv` the checksums the loader verifies. Put the texts in
`data/devset/texts/` (or pass `--texts`); without them the script says so and exits 0.

    .venv/bin/python scripts/evaluate_devset.py                  # development set, Zhengzhou sets, seeds
    .venv/bin/python scripts/evaluate_devset.py --gold data/devset/annotations/adjudicated
    .venv/bin/python scripts/evaluate_devset.py --fit            # also refit the candidate weights
    .venv/bin/python scripts/evaluate_devset.py --no-seeds --loso data/devset/loso_scores.csv
    .venv/bin/python scripts/evaluate_devset.py --no-seeds --skip henan_c09 henan_c13   # without two texts

Prints, per set (the other Henan cities, on which the candidate weights and threshold were chosen; the first
Zhengzhou set, held out; the second, third and fourth Zhengzhou sets, each gathered and coded after a round's
rules were frozen and scored once for that round; and the five seeds against their blind gold): precision and
recall of the codebook matcher, of the matcher plus the discovery candidates the package selects (the
pipeline's own `Tables.candidates`, rows with `selected`, i.e. score >= the threshold of
`candidate_scoring.yml`), of the matcher plus every candidate (the ceiling of discovery), and of the metric
extractor, as `govtext.evaluate.blind` scores the seeds in chapter 2; then the gold items the instruments
missed.
`--fit` refits the weights by logistic regression on the sets the rules are built on (`devset.FITTING_SETS`,
with the documents of each set as the corpus of `repeated_across_documents`), reruns discovery with them
and refits until the weights and threshold reproduce themselves (from round 30), and prints them with the
scores at each threshold, for `src/govtext/resources/candidate_scoring.yml`. `--loso CSV` holds each
fitting set out in turn, fits the weights and picks the threshold by the rule on the others, scores the set
held out and writes the table (chapter 2 reads `data/devset/loso_scores.csv`). `--write CSV` writes the
scores (the file chapter 2 reads is `data/devset/scores.csv`); nothing else is written. `--skip ID …`
leaves texts out, for a sensitivity reading (texts a gatherer found by queries that named programmes,
SOURCES.md); it mixes with neither `--write` nor `--loso`. `--allow-missing` scores the texts present when a
rebuild found only some (each set's scores depend on its own texts only, so a set whose texts are all present
scores as it would in the whole set; the sets with texts missing are listed, and each row's `n_texts` says how
many texts it scored); `--only-complete` with it and `--write` rewrites only the rows of the complete sets and
the seeds, keeping the others from the file (how a new set's first scoring is added).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

import govtext as gt
from govtext.evaluate import blind, devset
from govtext.evaluate.agreement import pair_spans, score_spans
from govtext.evaluate.metrics import evaluate_metrics
from govtext.programmes import scoring
from govtext.programmes.names import name_key

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "data" / "devset"
SEEDS = ROOT / "data" / "raw"
SEED_GOLD = ROOT / "data" / "annotations" / "blind" / "adjudicated"
GOLD_FOLDERS = tuple(folder / "adjudicated" for folder in devset.annotation_folders(DEVSET / "annotations"))
"""The adjudicated blind gold of the development texts, one folder per coding (devset.annotation_folders)."""
INSTRUMENTS = (
    "matcher",
    "matcher_and_candidates",
    "matcher_and_all_candidates",
    "matcher_and_candidates_by_name",
    "extractor",
)


def devset_manifest() -> pd.DataFrame:
    """The committed manifest of the development texts, each ``source_file`` a bare file name."""
    manifest = gt.corpus.read_manifest(DEVSET / "manifest.csv")
    manifest["source_file"] = manifest["source_file"].map(lambda name: Path(name).name)
    return manifest


def load_devset(
    texts: Path, allow_missing: bool = False, manifest: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The development texts with the committed manifest (``manifest``, read when not given; its checksums
    verified by the loader). With ``allow_missing``, the manifest's rows whose file is not in ``texts`` are
    left out, and the sets they belong to are listed on standard output (a set rebuilt in part cannot be
    compared with its scores)."""
    manifest = devset_manifest() if manifest is None else manifest
    if allow_missing:
        present = manifest["source_file"].map(lambda name: (texts / name).is_file())
        for name, count in incomplete_sets(manifest, present).items():
            print(f"evaluate_devset: {count} text(s) of '{name}' missing from {texts}; set scored in part.")
        manifest = manifest[present].reset_index(drop=True)
    return gt.load_corpus(texts, manifest=manifest)


def incomplete_sets(manifest: pd.DataFrame, present: pd.Series) -> dict[str, int]:
    """The sets with texts missing (``present`` False for a manifest row), with how many, in set order."""
    sets = devset.set_of_documents(manifest)
    missing = pd.Series([sets[str(doc)] for doc in manifest.loc[~present, "doc_id"]], dtype=object)
    counts = missing.value_counts()
    return {name: int(counts[name]) for name in devset.SETS if name in counts}


def merge_complete_sets(new: pd.DataFrame, old: pd.DataFrame, complete: set[str]) -> pd.DataFrame:
    """``old`` scores with the rows of the sets in ``complete`` replaced by (or taken from) ``new``, in the
    order of ``devset.SETS`` then the seeds: how ``--only-complete`` keeps the rows of the
    sets whose texts are not all present."""
    kept = old[~old["set"].isin(complete)]
    merged = pd.concat([kept, new[new["set"].isin(complete)]], ignore_index=True)
    order = {name: i for i, name in enumerate((*devset.SETS, devset.SEED_SET))}
    position = merged["set"].map(lambda name: order.get(str(name), len(order)))
    return merged.assign(_order=position).sort_values("_order", kind="stable").drop(columns="_order")


def score_set(
    name: str, tables: gt.Tables, gold: Mapping[str, pd.DataFrame], keep: set[str]
) -> tuple[list[dict[str, object]], list[pd.DataFrame]]:
    """Score rows of one set (documents ``keep``; each row with the set's ``n_texts``) and the gold items
    each instrument missed."""

    def part(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["doc_id"].isin(keep)]

    programmes, candidates, metrics = part(tables.programmes), part(tables.candidates), part(tables.metrics)
    selected = candidates[candidates["selected"]]
    found = {
        "matcher": programmes,
        "matcher_and_candidates": pd.concat([programmes, selected], ignore_index=True),
        "matcher_and_all_candidates": pd.concat([programmes, candidates], ignore_index=True),
    }
    gold_part = {k: part(v) for k, v in gold.items()}
    rows: list[dict[str, object]] = []
    missed = []
    for instrument, spans in found.items():
        scores, lost, _false = score_spans(spans, gold_part["programmes"])
        rows.append({"instrument": instrument, **{k: scores[k] for k in blind.SCORE_KEYS}})
        if instrument == "matcher_and_candidates":
            missed.append(lost.assign(set=name, instrument=instrument, category=lost["kind"]))
    named = pd.concat(
        [
            programmes.assign(name=programmes["programme_id"].astype(str)),
            selected.assign(name=selected["candidate"].map(name_key)),
        ],
        ignore_index=True,
    )
    by_name = devset.name_scores(named[["doc_id", "start", "end", "name"]], gold_part["programmes"])
    rows.append({"instrument": "matcher_and_candidates_by_name", **by_name})
    metric_scores = evaluate_metrics(metrics, gold_part["metrics"])
    rows.append({"instrument": "extractor", **{k: metric_scores[k] for k in blind.SCORE_KEYS}})
    rows = [{"set": name, "n_texts": len(keep), **row} for row in rows]
    extractor_missed = blind.misses(programmes, metrics, gold_part)
    missed.append(extractor_missed.query("instrument == 'extractor'").assign(set=name))
    return rows, missed


def score(
    documents: pd.DataFrame, gold: Mapping[str, pd.DataFrame], tables: gt.Tables | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores per set and instrument, and the gold items the instruments missed. ``tables`` are the
    pipeline's tables of ``documents`` (default: :func:`govtext.run_pipeline` with the packaged
    resources)."""
    tables = gt.run_pipeline(documents, gt.Resources.default()) if tables is None else tables
    sets = devset.set_of_documents(documents)
    rows, missed = [], []
    coded = set().union(*(set(table["doc_id"]) for table in gold.values()))
    for name in devset.SETS:
        keep = {doc for doc, chosen in sets.items() if chosen == name}
        if keep and not keep & coded:
            print(f"evaluate_devset: no gold for the {len(keep)} texts of '{name}'; set not scored.")
        elif keep:
            set_rows, set_missed = score_set(name, tables, gold, keep)
            rows += set_rows
            missed += set_missed
    return pd.DataFrame(rows), pd.concat(missed, ignore_index=True)


def score_seeds() -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The same scores for the five seeds against their blind gold (None when either is missing)."""
    if not SEEDS.is_dir() or not SEED_GOLD.is_dir():
        return None
    documents = gt.load_corpus(SEEDS)
    tables = gt.run_pipeline(documents, gt.Resources.default())
    rows, missed = score_set(devset.SEED_SET, tables, blind.load_coding(SEED_GOLD), set(documents["doc_id"]))
    return pd.DataFrame(rows), pd.concat(missed, ignore_index=True)


def write_scores(scores: pd.DataFrame, path: Path) -> None:
    """The scores per set and instrument (with each set's number of texts), rounded to 6 places, to
    ``path`` (UTF-8, LF), written whole or not at all."""
    write_table(scores[list(devset.SCORE_COLUMNS)].round(6), path)


def write_table(table: pd.DataFrame, path: Path) -> None:
    """``table`` to ``path`` as CSV (UTF-8, LF), written whole or not at all."""
    partial = path.with_name(path.name + ".partial")
    table.to_csv(partial, index=False, lineterminator="\n")
    partial.replace(path)


def candidate_labels(tables: gt.Tables, gold_programmes: pd.DataFrame) -> pd.Series:
    """True for each candidate that pairs with a gold mention the matcher did not find (the label the
    candidate weights are fitted to)."""
    gold_rows = gold_programmes.reset_index(drop=True)
    found = pair_spans(gold_rows, tables.programmes)
    rest = gold_rows.drop(index=found["first"].tolist()).reset_index(drop=True)
    return _paired(tables.candidates.reset_index(drop=True), rest)


def _paired(rows: pd.DataFrame, spans: pd.DataFrame) -> pd.Series:
    """True for each of ``rows`` (a fresh 0..n-1 index) that pairs with one of ``spans`` (``pair_spans``)."""
    pairs = pair_spans(rows, spans)
    paired = pd.Series(False, index=rows.index)
    paired.iloc[pairs["first"].tolist()] = True
    return paired


def fit_weights(candidates: pd.DataFrame, labels: pd.Series, l2: float = 1.0) -> dict[str, float]:
    """Weights of the candidate score by L2-regularised logistic regression, rounded to tenths (halves until
    round 6, which left several weights a rounding step from their fit); the intercept is left out (it is
    what the threshold stands for); ``not_programme`` keeps its packaged weight (a researcher's list, not a
    clue to estimate) and ``repeated_across_documents`` its packaged 0 (the pipeline scores a batch at a
    time, so a row's score must not depend on the other documents)."""
    fixed = ("not_programme", "repeated_across_documents")
    names = [n for n in scoring.WEIGHT_NAMES if n not in fixed]
    flags = scoring.feature_flags(candidates)
    x = np.column_stack([flags[n].to_numpy(dtype=float) for n in names])
    y = labels.to_numpy(dtype=float)
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(20_000):  # gradient descent; the problem is small and convex
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= 0.5 * (x.T @ (p - y) + l2 * w) / len(y)
        b -= 0.5 * float((p - y).mean())
    weights = {n: round(float(v), 1) for n, v in zip(names, w, strict=True)}
    packaged = scoring.default_candidate_rules().weights
    weights.update({name: packaged[name] for name in fixed})
    return weights


FIT_PRECISION = 0.70
"""The threshold rule (round 7): the threshold with the highest recall of the matcher and the selected
candidates on the pooled fitting sets among those at which their precision is at least this (issue 15's
precision target); the higher threshold on a tie."""


def _counted(tables: gt.Tables, sets: Mapping[str, str]) -> gt.Tables:
    """``tables`` with each candidate's corpus counts taken over its own set (the pipeline's table has none:
    it runs per batch)."""
    counted = pd.concat(
        [
            scoring.add_recurrence(block)
            for _name, block in tables.candidates.groupby(tables.candidates["doc_id"].map(sets), sort=False)
        ],
    ).sort_index()
    return dataclasses.replace(tables, candidates=counted)


def _in(tables: gt.Tables, ids: set[str]) -> gt.Tables:
    return gt.Tables(**{k: v[v["doc_id"].isin(ids)] if "doc_id" in v else v for k, v in tables})


def _fitted_weights(tables: gt.Tables, gold: Mapping[str, pd.DataFrame], ids: set[str]) -> dict[str, float]:
    """The weights fitted on the documents ``ids`` (:func:`fit_weights`)."""
    part = _in(tables, ids)
    labels = candidate_labels(part, gold["programmes"][gold["programmes"]["doc_id"].isin(ids)])
    return fit_weights(part.candidates.reset_index(drop=True), labels)


TIER_SHARE = 0.5
"""The suffix-tier rule (round 34): a suffix is strong, enough alone to select a candidate, when at least this
share of the candidates ending in it on the fitting sets stand on a gold mention; weak when fewer do."""
TIER_DOCUMENTS = 10
"""…judged only for suffixes whose candidates occur in at least this many fitting documents (fewer: too
little evidence, the tier the clue list gives stands)."""


def suffix_evidence(candidates: pd.DataFrame, gold_programmes: pd.DataFrame) -> pd.DataFrame:
    """Per name suffix of the ``suffix`` pattern's candidates: how many there are (``n``), in how many
    documents (``documents``), the share that overlaps a gold mention (``share_gold``), the tier the clue list
    gives (``tier``) and the one the rule gives (``tier_by_rule``: ``TIER_SHARE`` over at least
    ``TIER_DOCUMENTS`` documents, else the listed tier). Sorted by documents, then suffix."""
    rows = candidates[(candidates["pattern"] == "suffix") & (candidates["name_suffix"].astype(str) != "")]
    rows = rows.reset_index(drop=True)
    table = (
        rows.assign(on_gold=_paired(rows, gold_programmes.reset_index(drop=True)))
        .groupby("name_suffix")
        .agg(
            n=("on_gold", "size"),
            documents=("doc_id", "nunique"),
            share_gold=("on_gold", "mean"),
            tier=("suffix_strength", "first"),
        )
        .reset_index()
    )
    enough = table["documents"] >= TIER_DOCUMENTS
    by_share = np.where(table["share_gold"] >= TIER_SHARE, "strong", "weak")
    table["tier_by_rule"] = np.where(enough, by_share, table["tier"])
    table = table.sort_values(["documents", "name_suffix"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


THRESHOLDS = tuple(float(t) for t in np.arange(1.0, 5.01, 0.25))
"""The thresholds searched by the rule (``FIT_PRECISION``), in steps of 0.25."""


def _programme_scores(
    tables: gt.Tables,
    gold: Mapping[str, pd.DataFrame],
    weights: Mapping[str, float],
    threshold: float,
    groups: Mapping[str, set[str]],
) -> dict[str, dict[str, float]]:
    """Precision, recall, tp, fp and fn of the matcher plus the candidates selected with ``weights`` and
    ``threshold``, for each group of documents."""
    rules = dataclasses.replace(scoring.default_candidate_rules(), weights=dict(weights), threshold=threshold)
    rescored = scoring.score_candidates(tables.candidates, rules)
    results = {}
    for name, ids in groups.items():
        spans = pd.concat(
            [
                tables.programmes[tables.programmes["doc_id"].isin(ids)],
                rescored[rescored["selected"] & rescored["doc_id"].isin(ids)],
            ]
        )
        results[name] = score_spans(spans, gold["programmes"][gold["programmes"]["doc_id"].isin(ids)])[0]
    return results


def _rule_threshold(
    tables: gt.Tables, gold: Mapping[str, pd.DataFrame], weights: Mapping[str, float], ids: set[str]
) -> float | None:
    """The threshold the rule picks on the documents ``ids`` pooled (:func:`_threshold_by_rule`)."""
    return _threshold_by_rule(
        {t: _programme_scores(tables, gold, weights, t, {"pooled": ids})["pooled"] for t in THRESHOLDS}
    )


def _threshold_by_rule(pooled: Mapping[float, Mapping[str, float]]) -> float | None:
    """The rule, given the pooled scores at each threshold: the highest recall among the thresholds at
    which precision is at least ``FIT_PRECISION`` (the higher threshold on a tie), or None."""
    best: tuple[float, float] | None = None
    for threshold in sorted(pooled):
        scores = pooled[threshold]
        if scores["precision"] >= FIT_PRECISION and (best is None or scores["recall"] >= best[1]):
            best = (threshold, scores["recall"])
    return None if best is None else best[0]


def write_rules(path: Path, weights: Mapping[str, float], threshold: float) -> None:
    """Put ``threshold`` and ``weights`` in the candidate rules file ``path``, keeping its comment header
    (which says how the numbers were chosen, and is the maintainer's to update) and its order of weights."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("threshold:"))
    header = lines[:start]
    order = [line.split(":")[0].strip() for line in lines[start:] if line.startswith("  ")]
    names = [*order, *(n for n in weights if n not in order)]
    body = [
        f"threshold: {threshold:.2f}",
        "weights:",
        *(f"  {n}: {float(weights[n]) + 0.0:.1f}" for n in names),
    ]
    path.write_text("\n".join([*header, *body]) + "\n", encoding="utf-8")
    scoring.load_candidate_rules(scoring=path)  # the file must still load


FIXED_POINT_ROUNDS = 10
"""At most this many refits in a row (``refit_to_fixed_point``) before the script gives up."""


def refit_to_fixed_point(
    documents: pd.DataFrame,
    gold: Mapping[str, pd.DataFrame],
    tables: gt.Tables,
    resources: gt.Resources,
    keep: set[str],
    max_rounds: int = FIXED_POINT_ROUNDS,
    verbose: bool = True,
) -> tuple[gt.Tables, dict[str, float], float | None, int]:
    """Refit the weights and pick the threshold until they reproduce themselves (round 30).

    Discovery keeps, of two overlapping spans, the one with the higher score, so the candidates a fit sees
    depend on the weights that scored them; one refit from the packaged weights is then not the fit of its
    own candidates. Each step fits on the documents ``keep`` (``tables`` are the pipeline's tables of
    ``documents`` with ``resources``), reruns the pipeline with the weights and threshold just fitted and
    fits again, until a step returns the weights and threshold it was run with. Returns the tables made with
    the final weights (``tables`` when the packaged ones are already a fixed point), the weights, the
    threshold (None when the rule finds none) and the number of refits; raises ``RuntimeError`` when
    ``max_rounds`` refits do not settle. With ``verbose`` each refit prints the weights it changed."""
    sets = devset.set_of_documents(documents)
    rules = resources.candidate_rules
    used = (dict(rules.weights), rules.threshold)
    counted = _counted(tables, sets)
    for step in range(1, max_rounds + 1):
        weights = _fitted_weights(counted, gold, keep)
        threshold = _rule_threshold(counted, gold, weights, keep)
        if verbose:
            changed = [f"{n} {used[0].get(n)} -> {v}" for n, v in weights.items() if used[0].get(n) != v]
            print(f"refit {step}: threshold {threshold}; weights changed: {', '.join(changed) or 'none'}")
        if threshold is None or (weights == used[0] and threshold == used[1]):
            return counted, weights, threshold, step
        used = (weights, threshold)
        rerun = dataclasses.replace(
            resources, candidate_rules=dataclasses.replace(rules, weights=dict(weights), threshold=threshold)
        )
        counted = _counted(gt.run_pipeline(documents, rerun), sets)
    raise RuntimeError(f"the refit did not reach a fixed point in {max_rounds} steps")


def print_fit(
    documents: pd.DataFrame,
    gold: Mapping[str, pd.DataFrame],
    tables: gt.Tables,
    resources: gt.Resources | None = None,
) -> tuple[dict[str, float], float | None]:
    """Refit the weights on the sets the rules are built on (``devset.FITTING_SETS``) to a fixed point
    (:func:`refit_to_fixed_point`) and print the scores they give at each threshold, per set and pooled
    over those sets, and the threshold the rule (``FIT_PRECISION``) picks; return the weights and that
    threshold (None when none reaches it)."""
    resources = gt.Resources.default() if resources is None else resources
    sets = devset.set_of_documents(documents)
    keep = {doc for doc, name in sets.items() if name in devset.FITTING_SETS}
    tables, weights, best, steps = refit_to_fixed_point(documents, gold, tables, resources, keep)
    print(f"\nweights fitted on {', '.join(devset.FITTING_SETS)} (candidate_scoring.yml; {steps} refit(s)):")
    for name, value in weights.items():
        print(f"  {name}: {value}")
    groups = {name: {doc for doc, chosen in sets.items() if chosen == name} for name in devset.SETS}
    groups = {name: ids for name, ids in groups.items() if ids}
    pooled = "pooled fitting sets"
    groups[pooled] = keep
    print("\nmatcher and candidates at each threshold (precision, recall):")
    for threshold in THRESHOLDS:
        results = _programme_scores(tables, gold, weights, threshold, groups)
        line = [f"  {threshold:.2f}"]
        line += [f"{name}: {r['precision']:.3f} {r['recall']:.3f}" for name, r in results.items()]
        print("  ".join(line))
    if best is None:
        print(f"\nno threshold reaches precision {FIT_PRECISION} on the pooled fitting sets")
        return weights, None
    print(f"\nthreshold by the rule (highest pooled recall at precision >= {FIT_PRECISION}): {best:.2f}")
    evidence = suffix_evidence(_in(tables, keep).candidates, gold["programmes"])
    print(
        f"\nname suffixes on the fitting sets (tier by the rule: strong when >= {TIER_SHARE} of the"
        f" candidates stand on gold, over >= {TIER_DOCUMENTS} documents; name_clues.yml should agree):"
    )
    print(evidence.round(3).to_string(index=False))
    return weights, best


LOSO_COLUMNS, POOLED_LOSO = devset.LOSO_COLUMNS, devset.POOLED_LOSO


def leave_one_set_out(
    documents: pd.DataFrame,
    gold: Mapping[str, pd.DataFrame],
    tables: gt.Tables,
    resources: gt.Resources | None = None,
) -> pd.DataFrame:
    """How the way the rules are chosen transfers to a set they were not chosen on: for each fitting set,
    the weights are fitted and the threshold picked by the rule on the other fitting sets pooled, exactly as
    a round does (to a fixed point, :func:`refit_to_fixed_point`, the pipeline rerun on every text with
    each step's weights), and the set is scored with them (matcher plus selected candidates); a last row
    pools the held-out counts. The codebook, the name clues and the metric rules are not refitted: they were
    built with every set in view, so this reads the selection step only."""
    resources = gt.Resources.default() if resources is None else resources
    sets = devset.set_of_documents(documents)
    rows = []
    for name in devset.FITTING_SETS:
        held_out = {doc for doc, chosen in sets.items() if chosen == name}
        rest = {doc for doc, chosen in sets.items() if chosen in devset.FITTING_SETS and chosen != name}
        if not held_out or not rest:
            continue
        fitted, weights, threshold, _steps = refit_to_fixed_point(
            documents, gold, tables, resources, rest, verbose=False
        )
        if threshold is None:
            continue
        result = _programme_scores(fitted, gold, weights, threshold, {name: held_out})[name]
        rows.append({"set": name, "n_texts": len(held_out), "threshold": threshold, **result})
    table = pd.DataFrame(rows, columns=list(LOSO_COLUMNS))
    if len(table):
        tp, fp, fn = (int(table[k].sum()) for k in ("tp", "fp", "fn"))
        pooled = {
            "set": POOLED_LOSO,
            "n_texts": int(table["n_texts"].sum()),
            "threshold": np.nan,
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
        table = pd.concat([table, pd.DataFrame([pooled])], ignore_index=True)
    return table[list(LOSO_COLUMNS)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--texts", type=Path, default=DEVSET / "texts")
    parser.add_argument(
        "--gold", type=Path, nargs="+", default=list(GOLD_FOLDERS), help="adjudicated gold folder(s)"
    )
    parser.add_argument("--no-seeds", action="store_true", help="do not score the seeds")
    parser.add_argument("--fit", action="store_true", help="refit the candidate weights and print them")
    parser.add_argument(
        "--write-rules",
        type=Path,
        metavar="YAML",
        help="with --fit: write the refitted weights and the rule's threshold to this candidate rules file "
        "(src/govtext/resources/candidate_scoring.yml), keeping its comment header",
    )
    parser.add_argument(
        "--loso",
        type=Path,
        metavar="CSV",
        help="fit and pick the threshold with each fitting set held out in turn, score it, write the table "
        "(the book reads data/devset/loso_scores.csv)",
    )
    parser.add_argument(
        "--skip",
        nargs="+",
        default=[],
        metavar="DOC_ID",
        help="leave these development texts out (a sensitivity reading; not with --write)",
    )
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="score the texts present and list the sets with texts missing (each row's n_texts says how many "
        "were scored)",
    )
    parser.add_argument(
        "--only-complete",
        action="store_true",
        help="with --allow-missing and --write: rewrite only the rows of the sets whose texts are all "
        "present (and the seeds), keeping the others from the file (a new set's first scoring)",
    )
    parser.add_argument(
        "--write",
        type=Path,
        metavar="CSV",
        help="also write the scores to this CSV (the book reads data/devset/scores.csv)",
    )
    args = parser.parse_args(argv)
    if args.write_rules is not None and not args.fit:
        parser.error("--write-rules goes with --fit")
    if args.only_complete and not (args.allow_missing and args.write is not None):
        parser.error("--only-complete goes with --allow-missing and --write")
    if args.skip and args.loso is not None:
        parser.error(
            "--skip reads a subset; loso_scores.csv holds whole sets, so --skip and --loso do not mix"
        )
    if args.skip and args.write is not None:
        parser.error("--skip reads a subset; scores.csv holds whole sets, so --skip and --write do not mix")
    if not args.texts.is_dir() or not any(args.texts.glob("*.txt")):
        print(
            f"evaluate_devset: no texts in {args.texts}; fetch them as data/devset/SOURCES.md says. Skipped."
        )
        return 0
    if not any(folder.is_dir() for folder in args.gold):
        print(f"evaluate_devset: no adjudicated gold in {', '.join(map(str, args.gold))}. Skipped.")
        return 0
    manifest = devset_manifest()
    documents = load_devset(args.texts, allow_missing=args.allow_missing, manifest=manifest)
    unknown = sorted(set(args.skip) - set(documents["doc_id"]))
    if unknown:
        parser.error(f"--skip: no development text with id {', '.join(unknown)} in {args.texts}")
    documents = documents[~documents["doc_id"].isin(args.skip)].reset_index(drop=True)
    gold = devset.read_codings(args.gold, skip_missing=True)
    tables = gt.run_pipeline(documents, gt.Resources.default())
    scores, missed = score(documents, gold, tables)
    seeds = None if args.no_seeds else score_seeds()
    if seeds is not None:
        scores = pd.concat([scores, seeds[0]], ignore_index=True)
        missed = pd.concat([missed, seeds[1]], ignore_index=True)
    if args.write is not None and args.only_complete:
        present = manifest["doc_id"].isin(documents["doc_id"])
        complete = set(devset.SETS) - set(incomplete_sets(manifest, present)) | {devset.SEED_SET}
        old = devset.read_scores(args.write) if args.write.is_file() else scores.iloc[0:0]
        scores_to_write = merge_complete_sets(scores, old, complete)
        kept = sorted(set(scores_to_write["set"]) - complete, key=list(devset.SETS).index)
        print(f"evaluate_devset: rows of {len(kept)} set(s) with texts missing kept from {args.write}.")
        write_scores(scores_to_write, args.write)
    elif args.write is not None:
        write_scores(scores, args.write)
    threshold = gt.Resources.default().candidate_rules.threshold
    with pd.option_context("display.width", 160, "display.max_rows", 400, "display.max_colwidth", 40):
        print(f"candidate threshold: score >= {threshold:g} (candidate_scoring.yml)\n")
        for name, block in scores.groupby("set", sort=False):
            print(f"{name}:")
            print(block.drop(columns=["set", "n_texts"]).round(3).to_string(index=False))
            print()
        print("missed gold items:")
        print(
            missed[["set", "instrument", "doc_id", "start", "end", "surface", "category"]].to_string(
                index=False
            )
        )
    if args.fit:
        weights, fitted_threshold = print_fit(documents, gold, tables)
        if args.write_rules is not None:
            if fitted_threshold is None:
                print(f"evaluate_devset: no threshold by the rule; {args.write_rules} left as it is.")
                return 1
            write_rules(args.write_rules, weights, fitted_threshold)
            print(f"wrote the weights and threshold {fitted_threshold:.2f} to {args.write_rules}")
    if args.loso is not None:
        held_out = leave_one_set_out(documents, gold, tables)
        write_table(held_out.round(6), args.loso)
        print("\nleave one set out (weights and threshold chosen without the set):")
        print(held_out.round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
