"""Draw the blind validation sample of dimension-dictionary hits (issue 15, requirement 3).

For each governance dimension of the packaged ``dimensions.yml``, a random sample (fixed seed) of up to
``--per-dimension`` hits of its indicator terms in the seed corpus, each with its sentence, the hit marked
with 【】, and raw offsets. Writes ``data/annotations/dimensions/sample.csv`` (what the judges see:
item id, dimension name and definition, the marked sentence; never the term lists) and ``sample_key.csv``
(item id -> doc, sentence, term, raw offsets), so judgements can be joined back to the hits.

Round 1 (seed 20201, every dimension of version 0.1.0) wrote ``sample.csv`` / ``sample_key.csv``. Round 2
(seed 20202) samples only the dimensions that version 0.2.0 split out of ``digital_technocratic``, with item
ids ``e001``...; it writes ``sample_round2.csv`` / ``sample_key_round2.csv``:

    .venv/bin/python scripts/sample_dimension_hits.py                       # round 1 (as committed)
    .venv/bin/python scripts/sample_dimension_hits.py --round 2 \
        --dimensions digital_platforms grid_management
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

import govtext as gt
from govtext import compare

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "annotations" / "dimensions"
SEEDS = {1: 20201, 2: 20202}
PREFIXES = {1: "d", 2: "e"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-dimension", type=int, default=30)
    parser.add_argument("--round", type=int, choices=sorted(SEEDS), default=1)
    parser.add_argument("--dimensions", nargs="*", help="only these dimension ids (default: all)")
    args = parser.parse_args(argv)
    documents = gt.load_corpus(ROOT / "data" / "raw")
    cleaned = gt.clean_documents(documents)
    sentences = gt.split_sentences(documents, cleaned, gt.split_articles(documents, cleaned))
    dims = compare.load_dimensions(gt.resource_path("dimensions"))
    hits = compare.find_dimension_terms(sentences, dims, parts=None)
    text = sentences.set_index("sentence_id")["text"]
    rng = np.random.default_rng(SEEDS[args.round])
    chosen = dims.dimensions
    if args.dimensions:
        unknown = sorted(set(args.dimensions) - set(chosen["id"]))
        if unknown:
            parser.error(f"unknown dimension(s): {', '.join(unknown)}")
        chosen = chosen[chosen["id"].isin(args.dimensions)]
    rows = []
    for dim in chosen.itertuples():
        block = hits[hits["dimension"] == dim.id].sort_values(
            ["sentence_id", "offset", "term"], kind="stable"
        )
        take = min(args.per_dimension, len(block))
        picked = block.iloc[np.sort(rng.choice(len(block), size=take, replace=False))]
        for hit in picked.itertuples():
            sentence = str(text[hit.sentence_id])
            at, end = int(hit.offset), int(hit.offset) + len(hit.term)
            clean = cleaned[hit.doc_id]
            raw_start, raw_end = clean.raw_span(int(hit.clean_start), int(hit.clean_end))
            rows.append(
                {
                    "dimension": dim.id,
                    "dimension_name": dim.name_en,
                    "definition": " ".join(str(dim.definition).split()),
                    "marked_sentence": f"{sentence[:at]}【{sentence[at:end]}】{sentence[end:]}",
                    "doc_id": hit.doc_id,
                    "sentence_id": hit.sentence_id,
                    "term": hit.term,
                    "start": raw_start,
                    "end": raw_end,
                }
            )
    table = pd.DataFrame(rows)
    order = rng.permutation(len(table))  # judges see the items shuffled, not grouped by dimension
    table = table.iloc[order].reset_index(drop=True)
    table.insert(0, "item", [f"{PREFIXES[args.round]}{k + 1:03d}" for k in range(len(table))])
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.round == 1 else f"_round{args.round}"
    table[["item", "dimension", "dimension_name", "definition", "marked_sentence"]].to_csv(
        OUT / f"sample{suffix}.csv", index=False
    )
    table[["item", "dimension", "doc_id", "sentence_id", "term", "start", "end"]].to_csv(
        OUT / f"sample_key{suffix}.csv", index=False
    )
    print(f"{len(table)} items, {table['dimension'].nunique()} dimensions -> {OUT}")


if __name__ == "__main__":
    main()
