"""Score the pipeline on the development set (issue 15): texts it was not built from, coded blind.

The texts are third-party and not in the repository: `data/devset/SOURCES.md` lists each page's address,
title, date and sha256, and `data/devset/manifest.csv` the checksums the loader verifies. Put the texts in
`data/devset/texts/` (or pass `--texts`); without them the script says so and exits 0.

    .venv/bin/python scripts/evaluate_devset.py                  # development set and the Zhengzhou set
    .venv/bin/python scripts/evaluate_devset.py --gold data/devset/annotations/adjudicated

Prints, per set (`locality` Zhengzhou vs the other cities): precision and recall of the codebook matcher,
of the matcher plus discovery candidates, and of the metric extractor against the adjudicated blind gold,
as `govtext.evaluate.blind` scores the seeds in chapter 2; then the misses. Writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import govtext as gt
from govtext.evaluate import blind
from govtext.evaluate.agreement import score_spans
from govtext.evaluate.metrics import evaluate_metrics

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "data" / "devset"


def load_devset(texts: Path) -> pd.DataFrame:
    """The development texts with the committed manifest (its checksums verified by the loader)."""
    manifest = gt.corpus.read_manifest(DEVSET / "manifest.csv")
    manifest["source_file"] = manifest["source_file"].map(lambda name: Path(name).name)
    return gt.load_corpus(texts, manifest=manifest)


def score(documents: pd.DataFrame, gold: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores per set and instrument, and the gold items each instrument missed."""
    tables = gt.run_pipeline(documents, gt.Resources.default())
    cleaned = gt.clean_documents(documents)
    candidates = gt.discover_candidates(tables.sentences, cleaned, gt.Resources.default().codebook)
    union = pd.concat([tables.programmes, candidates[~candidates["in_codebook"]]], ignore_index=True)
    sets = {
        "Zhengzhou": documents.loc[documents["locality"] == "Zhengzhou", "doc_id"],
        "other Henan cities": documents.loc[documents["locality"] != "Zhengzhou", "doc_id"],
    }
    rows, missed = [], []
    for name, ids in sets.items():
        keep = set(ids)

        def part(frame: pd.DataFrame, keep: set[str] = keep) -> pd.DataFrame:
            return frame[frame["doc_id"].isin(keep)]

        for instrument, found in (("matcher", tables.programmes), ("matcher_and_candidates", union)):
            scores, lost, _false = score_spans(part(found), part(gold["programmes"]))
            rows.append({"set": name, "instrument": instrument, **scores})
            if instrument == "matcher_and_candidates":
                missed.append(lost.assign(set=name, instrument=instrument, category=lost["kind"]))
        metric_scores = evaluate_metrics(part(tables.metrics), part(gold["metrics"]))
        rows.append(
            {"set": name, "instrument": "extractor", **{k: metric_scores[k] for k in blind.SCORE_KEYS}}
        )
        missed.append(
            blind.misses(part(tables.programmes), part(tables.metrics), {k: part(v) for k, v in gold.items()})
            .query("instrument == 'extractor'")
            .assign(set=name)
        )
    return pd.DataFrame(rows), pd.concat(missed, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, default=DEVSET / "texts")
    parser.add_argument("--gold", type=Path, default=DEVSET / "annotations" / "adjudicated")
    args = parser.parse_args(argv)
    if not args.texts.is_dir() or not any(args.texts.glob("*.txt")):
        print(
            f"evaluate_devset: no texts in {args.texts}; fetch them as data/devset/SOURCES.md says. Skipped."
        )
        return 0
    if not args.gold.is_dir():
        print(f"evaluate_devset: no adjudicated gold in {args.gold}. Skipped.")
        return 0
    documents = load_devset(args.texts)
    gold = blind.load_coding(args.gold)
    scores, missed = score(documents, gold)
    with pd.option_context("display.width", 160, "display.max_rows", 200, "display.max_colwidth", 40):
        print(scores.round(3).to_string(index=False))
        print("\nmissed gold items:")
        print(
            missed[["set", "instrument", "doc_id", "start", "end", "surface", "category"]].to_string(
                index=False
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
