"""govtext.compare.kwic: keyword in context by substring and by token, clean and raw offsets."""

from __future__ import annotations

import pandas as pd
from conftest import fake_clean

from compare.helpers import make_sentences
from govtext import compare


def test_kwic_clean_and_raw_offsets() -> None:
    raw = "前言。\n推进攻\n坚行动，攻坚"
    clean = fake_clean(raw)
    sentences = make_sentences([("d1", "A", "前言。"), ("d1", "A", "推进攻坚行动，攻坚")])
    assert "".join(sentences["text"]) == clean.text
    hits = compare.kwic(sentences, "攻坚", width=2)
    assert hits[["left", "term", "right"]].values.tolist() == [["推进", "攻坚", "行动"], ["动，", "攻坚", ""]]
    assert hits[["start", "end"]].values.tolist() == [[5, 7], [10, 12]]
    for start, end in hits[["start", "end"]].itertuples(index=False):
        assert clean.text[start:end] == "攻坚"
    raw_hits = compare.kwic(sentences, "攻坚", width=2, cleaned={"d1": clean})
    assert [raw[s:e] for s, e in raw_hits[["start", "end"]].itertuples(index=False)] == ["攻\n坚", "攻坚"]
    assert list(raw_hits.columns) == compare.KWIC_COLUMNS


def test_token_kwic_uses_tokens_not_substrings() -> None:
    raw = "重要的是\n要落实。要快"
    clean = fake_clean(raw)
    sentences = make_sentences([("d1", "A", "重要的是要落实。"), ("d1", "A", "要快")])
    tokens = pd.DataFrame(
        {
            "doc_id": ["d1"] * 6,
            "sentence_id": ["d1-1-1"] * 4 + ["d1-1-2"] * 2,
            "token": ["重要", "的", "是", "要", "要", "快"],
            "clean_start": [0, 2, 3, 4, 8, 9],
            "clean_end": [2, 3, 4, 5, 9, 10],
        }
    )
    hits = compare.token_kwic(tokens, sentences, "要", width=2)
    assert hits[["left", "term", "right"]].values.tolist() == [["的是", "要", "落实"], ["", "要", "快"]]
    assert hits[["start", "end"]].values.tolist() == [[4, 5], [8, 9]]
    raw_hits = compare.token_kwic(tokens, sentences, "要", width=2, cleaned={"d1": clean})
    assert [raw[s:e] for s, e in raw_hits[["start", "end"]].itertuples(index=False)] == ["要", "要"]
    assert raw_hits["start"].tolist() == [5, 9]
    assert len(compare.kwic(sentences, "要")) == 3  # the substring search also finds 重要
