"""The blind coding of the seeds: loaders, inter-coder agreement, and the instruments scored against it.

Layout of the annotations (``data/annotations/``)::

    blind/coder_a/  blind/coder_b/     each coder's programmes.csv, metrics.csv, stages.csv (raw offsets)
    blind/adjudicated/                 the gold after adjudication (a ``decision`` column per row)
    dimensions/sample_key.csv          the sampled dimension hits; judge_a.csv, judge_b.csv their judgements
    dimensions/sample_key_round2.csv   a later round (judge_a_round2.csv, judge_b_round2.csv), and so on

Coders and judges saw only a written manual and the raw texts (or the sampled sentences), never the
codebook, the extractors, their outputs or each other's work; ``data/annotations/README.md`` says who they
were. Stages are coded per sentence, so a stage unit is a sentence span with its stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.evaluate.agreement import (
    krippendorff_alpha,
    pair_spans,
    paired_alpha,
    score_spans,
    span_agreement,
)

PARTS = ("programmes", "metrics", "stages")
CATEGORY = {"programmes": "kind", "metrics": "metric_class", "stages": "stage"}
"""The categorical judgement of each part on which α is computed (over the spans both coders found)."""
ROUND_SUFFIX = re.compile(r"(?:_round([2-9]|[1-9][0-9]+))?")
"""The file-name suffix of a dimension-sampling round: none for round 1, ``_round<k>`` for k >= 2."""


def _stage_spans(stages: pd.DataFrame) -> pd.DataFrame:
    return stages.rename(columns={"sentence_start": "start", "sentence_end": "end"})


def load_coding(folder: str | Path) -> dict[str, pd.DataFrame]:
    """One coder's (or the adjudicated) tables: ``{part: table}``; stages get ``start``/``end`` columns
    (their sentence's raw offsets). Errors name the file."""
    folder = Path(folder)
    tables: dict[str, pd.DataFrame] = {}
    for part in PARTS:
        path = folder / f"{part}.csv"
        try:
            table = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
        except OSError as exc:
            raise ValueError(f"{path}: cannot read: {exc.strerror}") from None
        if part == "stages":
            table = _stage_spans(table)
        missing = [c for c in ("doc_id", "start", "end", CATEGORY[part]) if c not in table.columns]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        if part == "metrics":
            table["value"] = pd.to_numeric(table["value"], errors="raise")
        tables[part] = table
    return tables


def check_spans(tables: Mapping[str, pd.DataFrame], raw_texts: Mapping[str, str]) -> list[str]:
    """Rows whose ``raw[start:end]`` is not their ``surface`` (or, for stages, their ``sentence``)."""
    problems = []
    for part, table in tables.items():
        column = "sentence" if part == "stages" else "surface"
        if column not in table.columns:  # third-party texts: sentences are not stored, offsets only
            continue
        for doc, start, end, text in zip(
            table["doc_id"], table["start"], table["end"], table[column], strict=True
        ):
            raw = raw_texts.get(str(doc))
            if raw is None or raw[int(start) : int(end)] != text:
                problems.append(f"{part}: {doc} [{start}:{end}] is not {text!r}")
    return problems


def coder_agreement(first: Mapping[str, pd.DataFrame], second: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per part: items each coder found, items both found (paired by overlap; stages: the same
    sentence and stage), positive agreement, and Krippendorff's α on the part's category over the pairs."""
    rows = []
    for part in PARTS:
        a, b = first[part], second[part]
        if part == "stages":
            paired = len(pair_spans(a, b, same=["stage"]))
            agreement = 2 * paired / (len(a) + len(b)) if len(a) + len(b) else 1.0
            alpha, n_alpha = float("nan"), 0
        else:
            result = span_agreement(a, b)
            paired, agreement = result.paired, result.positive_agreement
            alpha, n_alpha = paired_alpha(a, b, CATEGORY[part])
        rows.append(
            {
                "part": part,
                "coder_a": len(a),
                "coder_b": len(b),
                "both": paired,
                "positive_agreement": agreement,
                "category": CATEGORY[part] if part != "stages" else "",
                "alpha": alpha,
                "alpha_pairs": n_alpha,
            }
        )
    return pd.DataFrame(rows)


def dimension_judgements(key: pd.DataFrame, judge_a: pd.DataFrame, judge_b: pd.DataFrame) -> pd.DataFrame:
    """Per dimension: sampled hits, the share each judge called correct (the dictionary's precision by
    that judge), the share both called correct, percent agreement and Krippendorff's α on the judgement.
    A last row ``all`` pools the dimensions."""
    merged = key.merge(judge_a[["item", "judgement"]], on="item", validate="one_to_one").merge(
        judge_b[["item", "judgement"]], on="item", suffixes=("_a", "_b"), validate="one_to_one"
    )
    if len(merged) != len(key):
        raise ValueError("judgements: every sampled item needs one judgement from each judge")
    rows = []
    groups = [(str(d), block) for d, block in merged.groupby("dimension", sort=True)] + [("all", merged)]
    for dimension, block in groups:
        a = block["judgement_a"].eq("correct")
        b = block["judgement_b"].eq("correct")
        rows.append(
            {
                "dimension": dimension,
                "n_hits": len(block),
                "precision_a": float(a.mean()),
                "precision_b": float(b.mean()),
                "precision_both": float((a & b).mean()),
                "percent_agreement": float((a == b).mean()),
                "alpha": krippendorff_alpha([block["judgement_a"].tolist(), block["judgement_b"].tolist()]),
            }
        )
    return pd.DataFrame(rows)


def load_dimension_judgements(
    folder: str | Path, dimensions: Iterable[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The sampled hits and both judges' judgements of every sampling round in ``folder``, kept for the
    given (current) dimension ids: ``(key, judge_a, judge_b)``, the key with a ``round`` column (1, 2, ...).

    Round 1 is ``sample_key.csv`` with ``judge_a.csv`` / ``judge_b.csv``; round *k* adds the suffix
    ``_round<k>``. Items of a dimension that is no longer in ``dimensions`` (one split or dropped since) are
    left out. Every current dimension must have judged hits; errors name the file or the dimension."""
    folder = Path(folder)
    wanted = list(dict.fromkeys(str(d) for d in dimensions))
    keys, firsts, seconds = [], [], []
    for key_path in sorted(folder.glob("sample_key*.csv")):
        suffix = key_path.stem.removeprefix("sample_key")
        found = ROUND_SUFFIX.fullmatch(suffix)
        if found is None:
            raise ValueError(
                f"{key_path}: not a sampling round (expected sample_key.csv or sample_key_round<k>.csv)"
            )
        number = int(found.group(1) or 1)
        frames = []
        for path in (key_path, folder / f"judge_a{suffix}.csv", folder / f"judge_b{suffix}.csv"):
            try:
                frames.append(pd.read_csv(path, dtype=str, keep_default_na=False))
            except OSError as exc:
                raise ValueError(f"{path}: cannot read: {exc.strerror}") from None
            if "item" not in frames[-1].columns:
                raise ValueError(f"{path}: missing column item")
        key, first, second = frames
        key = key[key["dimension"].isin(wanted)].assign(round=number)
        keys.append(key)
        firsts.append(first[first["item"].isin(key["item"])])
        seconds.append(second[second["item"].isin(key["item"])])
    if not keys:
        raise ValueError(f"{folder}: no sample_key*.csv")
    key = pd.concat(keys, ignore_index=True)
    if key["item"].duplicated().any():
        repeated = key.loc[key["item"].duplicated(), "item"].iloc[0]
        raise ValueError(f"{folder}: item {repeated!r} appears in two rounds")
    unjudged = [d for d in wanted if d not in set(key["dimension"])]
    if unjudged:
        raise ValueError(f"{folder}: no judged hits for dimension(s) {', '.join(unjudged)}")
    return key, pd.concat(firsts, ignore_index=True), pd.concat(seconds, ignore_index=True)


def instrument_scores(
    *,
    matcher: pd.DataFrame,
    matcher_and_candidates: pd.DataFrame,
    extractor: pd.DataFrame,
    blind_gold: Mapping[str, pd.DataFrame],
    development_gold: Mapping[str, pd.DataFrame],
) -> pd.DataFrame:
    """Precision, recall and F1 of each instrument against the blind gold and the development gold.

    Programme spans are correct when they overlap a gold span (against the development gold the matcher
    must also name the same codebook entry, as ``evaluate.programmes.evaluate_mentions`` scores it);
    metrics must also give the same value (``evaluate.metrics.evaluate_metrics``)."""
    from govtext.evaluate.metrics import evaluate_metrics
    from govtext.evaluate.programmes import evaluate_mentions

    rows = []

    def add(instrument: str, gold: str, scores: Mapping[str, float]) -> None:
        rows.append({"instrument": instrument, "gold": gold, **{k: scores[k] for k in SCORE_KEYS}})

    add("matcher", "blind", score_spans(matcher, blind_gold["programmes"])[0])
    add("matcher_and_candidates", "blind", score_spans(matcher_and_candidates, blind_gold["programmes"])[0])
    add("extractor", "blind", evaluate_metrics(extractor, blind_gold["metrics"]))
    add("matcher", "development", evaluate_mentions(matcher, development_gold["programmes"]))
    add(
        "matcher_and_candidates",
        "development",
        evaluate_mentions(matcher_and_candidates, development_gold["programmes"], by_programme=False),
    )
    add("extractor", "development", evaluate_metrics(extractor, development_gold["metrics"]))
    table = pd.DataFrame(rows)
    return table.astype({"tp": "int64", "fp": "int64", "fn": "int64"})


SCORE_KEYS = ("precision", "recall", "f1", "tp", "fp", "fn")


def misses(
    mentions: pd.DataFrame, quantities: pd.DataFrame, blind_gold: Mapping[str, pd.DataFrame]
) -> pd.DataFrame:
    """Every blind-gold programme mention the matcher did not find and every gold quantity the extractor
    did not find (with the same value): instrument, doc_id, raw offsets, surface, and the gold's category."""
    programme_missed = score_spans(mentions, blind_gold["programmes"])[1]
    gold_metrics = blind_gold["metrics"]
    paired = pair_spans(gold_metrics, quantities, same=())
    value_ok = [
        abs(float(gold_metrics["value"].iloc[g]) - float(quantities["value"].iloc[p]))
        <= 1e-6 * max(1.0, abs(float(gold_metrics["value"].iloc[g])))
        for g, p in zip(paired["first"], paired["second"], strict=True)
    ]
    found_rows = {int(g) for g, ok in zip(paired["first"], value_ok, strict=True) if ok}
    metric_missed = gold_metrics.reset_index(drop=True).drop(index=sorted(found_rows))
    parts = [
        programme_missed.assign(instrument="matcher", category=programme_missed["kind"]),
        metric_missed.assign(instrument="extractor", category=metric_missed["metric_class"]),
    ]
    columns = ["instrument", "doc_id", "start", "end", "surface", "category"]
    table = pd.concat([p[columns] for p in parts], ignore_index=True)
    return table.sort_values(["instrument", "doc_id", "start"], kind="stable").reset_index(drop=True)


def unmatched_by_name(mentions: pd.DataFrame, gold_programmes: pd.DataFrame) -> pd.DataFrame:
    """The matcher's mentions that overlap no blind-gold programme, counted by codebook name: name_zh,
    kind, mentions, documents (most frequent first)."""
    false = score_spans(mentions, gold_programmes)[2]
    grouped = false.groupby(["name_zh", "kind"], sort=False).agg(
        mentions=("doc_id", "size"), documents=("doc_id", "nunique")
    )
    table = grouped.reset_index()
    return table.sort_values(["mentions", "name_zh"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def dimension_validation_facts(
    validity: pd.DataFrame,
    round_1_key: pd.DataFrame,
    round_1_judge: pd.DataFrame,
    excluded_terms: Iterable[Iterable[tuple[str, str]]],
    retired: str = "digital_technocratic",
) -> dict[str, Any]:
    """The figures chapter 2 states about the dimension validation, by name.

    From ``validity`` (:func:`dimension_judgements`): pooled hits, both-correct precision, α and agreement
    (``dim_*``), the weakest list and the largest per-dimension sample. From round 1's key and one judge's
    file: how that judge sorted the hits of the ``retired`` dimension (``n_digital_*``: grids, platforms,
    other devices, all judged). From the dimensions' ``excluded_terms``: the terms dropped after the
    judgements (reasons that start with "dropped in")."""
    overall = validity.set_index("dimension").loc["all"]
    per_dimension = validity[validity["dimension"] != "all"]
    worst = per_dimension.sort_values(["precision_both", "dimension"]).iloc[0]
    sorted_hits = round_1_key.merge(round_1_judge, on="item").query("dimension == @retired")
    subtypes = sorted_hits["subtype"]
    dropped = [term for terms in excluded_terms for term, reason in terms if reason.startswith("dropped in")]
    return {
        "dim_n_hits": int(validity.loc[validity["dimension"] == "all", "n_hits"].iloc[0]),
        "dim_precision_both": f"{overall['precision_both']:.3f}",
        "dim_alpha": f"{overall['alpha']:.3f}",
        "dim_agreement": f"{overall['percent_agreement']:.3f}",
        "dim_worst": str(worst["dimension"]),
        "dim_worst_precision": f"{worst['precision_both']:.3f}",
        "dim_sample_size": int(per_dimension["n_hits"].max()),
        "n_digital_grid": int((subtypes == "organisational_grid").sum()),
        "n_digital_platform": int((subtypes == "digital_platform").sum()),
        "n_digital_other": int((subtypes == "other_technocratic").sum()),
        "n_digital_judged": len(sorted_hits),
        "dim_dropped_terms": "、".join(dropped),
        "n_dim_dropped": len(dropped),
    }
