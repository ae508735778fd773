"""govtext.compare.typology: evidence sentences ranked by hits, the typology table, short ids."""

from __future__ import annotations

import pandas as pd

from compare.helpers import TERMS, make_sentences
from govtext import compare

SPEC = pd.DataFrame(
    [
        {"id": "mode", "label": "Mode of mobilisation", "dimensions": ("campaign",), "terms": ()},
        {"id": "crisis", "label": "Crisis context", "dimensions": ("crisis",), "terms": ("灾后",)},
        {"id": "methods", "label": "Methods", "dimensions": (), "terms": (), "programme_kinds": ("method",)},
    ]
)


def test_typology_evidence_ranks_by_hits_then_sentence_order() -> None:
    texts = ["攻坚"] + ["前言"] * 8 + ["专班攻坚", "攻坚战"]  # sentence 10 and 11 outrank sentence 1
    rows = [("g1", "Gongyi", t) for t in texts] + [
        ("x1", "Xingyang", "灾后重建，疫情防控" + "，不断推进" * 30)
    ]
    sentences = make_sentences(rows)
    mentions = pd.DataFrame(
        {"sentence_id": ["g1-1-2"], "kind": ["method"], "name_zh": ["挂图作战"], "doc_id": ["g1"]}
    )
    evidence = compare.typology_evidence(sentences, mentions, TERMS, SPEC, n=2, max_chars=20)
    mode = evidence[(evidence["row_id"] == "mode") & (evidence["locality"] == "Gongyi")]
    assert mode["sentence_id"].tolist() == ["g1-1-10", "g1-1-1"]  # 2 hits first; then numeric order
    assert mode["rank"].tolist() == [1, 2]
    assert mode["terms"].iloc[0] == "专班; 攻坚"
    crisis = evidence[evidence["row_id"] == "crisis"].iloc[0]
    assert crisis["locality"] == "Xingyang" and crisis["hits"] == 2
    assert crisis["quote"].endswith("…") and len(crisis["quote"]) <= 21
    methods = evidence[evidence["row_id"] == "methods"]
    assert methods[["sentence_id", "terms"]].values.tolist() == [["g1-1-2", "挂图作战"]]
    assert evidence["row_id"].tolist()[:3] == ["mode", "mode", "methods"]  # spec order within a place

    table = compare.typology_table(evidence, places=["Gongyi", "Xingyang", "Zhongyuan"])
    assert list(table.columns) == ["Gongyi", "Xingyang", "Zhongyuan"]
    assert table.loc["Mode of mobilisation", "Gongyi"] == "攻坚×2, 专班 (g1-1-10, g1-1-1)"
    assert table.loc["Mode of mobilisation", "Xingyang"] == compare.NO_EVIDENCE
    assert (table["Zhongyuan"] == compare.NO_EVIDENCE).all()


def test_short_sentence_id() -> None:
    assert compare.short_sentence_id("000_e68ce179375f246f-2-15") == "000-2-15"
    assert compare.short_sentence_id("odd") == "odd"


def test_short_article_id() -> None:
    assert compare.short_article_id("000_e68ce179375f246f-2") == "000-2"
    assert compare.short_article_id("odd") == "odd"
