"""Small inputs shared by the programme tests: one-sentence documents and tiny codebooks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from conftest import FakeClean, fake_clean

from govtext import programmes
from govtext.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK = resource_path("codebook")
GOLD = ROOT / "data" / "annotations" / "programmes_gold.csv"

SANYI = {"id": "san_yi", "name_zh": "三宜"}


def one_sentence(doc_id: str, clean: FakeClean) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [doc_id],
            "article_id": [f"{doc_id}-1"],
            "sentence_id": [f"{doc_id}-1-1"],
            "clean_start": [0],
            "clean_end": [len(clean.text)],
        }
    )


def tiny_codebook(entries: list[dict]) -> pd.DataFrame:
    rows = []
    for entry in entries:
        rows.append(
            {
                "id": entry["id"],
                "name_zh": entry["name_zh"],
                "aliases": tuple(entry.get("aliases", ())),
                "kind": entry.get("kind", "other"),
            }
        )
    return pd.DataFrame(rows)


def match_text(raw: str, entries: list[dict], drop: str = "\n") -> pd.DataFrame:
    clean = fake_clean(raw, drop)
    return programmes.match_programmes(one_sentence("d", clean), {"d": clean}, tiny_codebook(entries))
