"""Toy tables and file paths shared by the compare tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from govtext.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
DIMENSIONS_FILE = resource_path("dimensions")
RAW_DIR = ROOT / "data" / "raw"


def make_sentences(rows: list[tuple[str, str, str]], part: str = "body") -> pd.DataFrame:
    """Sentences from (doc_id, locality, text); ids numbered per document, clean offsets consecutive."""
    out = []
    counters: dict[str, int] = {}
    offsets: dict[str, int] = {}
    for doc_id, locality, text in rows:
        counters[doc_id] = counters.get(doc_id, 0) + 1
        start = offsets.get(doc_id, 0)
        offsets[doc_id] = start + len(text)
        out.append(
            {
                "doc_id": doc_id,
                "article_id": f"{doc_id}-1",
                "sentence_id": f"{doc_id}-1-{counters[doc_id]}",
                "part": part,
                "text": text,
                "clean_start": start,
                "clean_end": start + len(text),
                "locality": locality,
            }
        )
    return pd.DataFrame(out)


TERMS = {"campaign": ["攻坚", "专班", "攻坚战"], "crisis": ["疫情", "防控", "疫情防控"]}
