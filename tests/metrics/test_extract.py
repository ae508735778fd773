"""Tests of govtext.metrics.extract: extract_metrics over sentences, clause cuts and the typed frame."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest

import govtext as gt
from govtext import metrics as gm
from govtext.metrics import METRIC_COLUMNS, extract_metrics, find_quantities
from govtext.metrics.extract import _CLAUSE_RE, _clause_tokens, _metrics_frame
from govtext.segment import cut_with_offsets
from metrics.helpers import codebook_frame, programme_names, single_document


def test_extract_metrics_columns_offsets_and_subjects(tokenizer):
    raw = (
        "辖区222个居民小区中老旧楼院占比96.8%，申请中央和地方资金8863万元，"
        "计划用三年时间改造老旧楼院88个。已建立一级网格15个，充实网格员6513名。"
        "荥阳市核酸日总检测能力72500管。"
    )
    sentences, cleaned = single_document(raw)
    out = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    assert list(out.columns) == METRIC_COLUMNS
    assert out["surface"].tolist() == [
        "222个",
        "96.8%",
        "8863万元",
        "三年",
        "88个",
        "15个",
        "6513名",
        "72500管",
    ]
    for row in out.itertuples():
        assert raw[row.start : row.end] == row.surface
    subjects = dict(zip(out["surface"], out["subject"], strict=True))
    assert subjects["222个"] == "居民小区"
    assert "楼院" in subjects["88个"]
    assert "资金" in subjects["8863万元"]
    assert subjects["6513名"] == "网格员"
    assert subjects["72500管"].endswith("核酸日总检测能力")
    assert "楼院" in subjects["96.8%"]
    assert set(out["sentence_id"]) == {"doc-1-1"}
    assert out["kind"].tolist() == [
        "count",
        "percent",
        "money",
        "measure",
        "count",
        "count",
        "count",
        "count",
    ]
    assert out["value"].dtype == "float64" and out["approx"].dtype == bool


def test_extract_metrics_maps_layout_spaces_and_line_breaks_to_raw(tokenizer):
    raw = "示范带动 1.5 万名群众积极参与，\n占全市总任务量的\n80%，受到好评。"
    sentences, cleaned = single_document(raw)
    out = extract_metrics(sentences, cleaned, tokenizer)
    assert out["surface"].tolist() == ["1.5 万名", "80%"]
    assert out["value"].tolist() == [15_000.0, 80.0]
    assert all(raw[r.start : r.end] == r.surface for r in out.itertuples())


def test_extract_metrics_sorted_by_doc_and_offsets(tokenizer):
    frames, cleaned = [], {}
    for doc_id, raw in (("b", "完成9条道路和66处宅基。"), ("a", "建设住房74套，投资900万元。")):
        sentences, clean = single_document(raw, doc_id)
        frames.append(sentences)
        cleaned.update(clean)
    out = extract_metrics(pd.concat(frames, ignore_index=True), cleaned, tokenizer)
    assert list(zip(out["doc_id"], out["surface"], strict=True)) == [
        ("a", "74套"),
        ("a", "900万元"),
        ("b", "9条"),
        ("b", "66处"),
    ]
    assert out.equals(out.sort_values(["doc_id", "start", "end"], kind="mergesort"))


def test_extract_metrics_rate_and_rank_columns(tokenizer):
    raw = (
        "组织全区161个机关党支部结对联建，每个楼院指派1名机关科级干部。营商环境位居河南省104个县（市）第2位。"
    )
    sentences, cleaned = single_document(raw)
    out = extract_metrics(sentences, cleaned, tokenizer).set_index("surface")
    assert out.loc["1名", "kind"] == "rate" and out.loc["1名", "per"] == "每个楼院"
    assert out.loc["1名", "subject"] == "机关科级干部"
    assert out.loc["第2位", "rank_of"] == 104 and out.loc["第2位", "kind"] == "rank"
    assert out.loc["161个", "subject"].startswith("机关党支部")


def test_extract_metrics_empty_and_numberless_input(tokenizer):
    sentences, cleaned = single_document("坚持党建引领，筑牢发展基础。")
    out = extract_metrics(sentences, cleaned, tokenizer)
    assert out.empty and list(out.columns) == METRIC_COLUMNS
    empty = sentences.iloc[0:0]
    assert extract_metrics(empty, cleaned, tokenizer).empty


def test_extract_metrics_errors(tokenizer):
    sentences, cleaned = single_document("建设住房74套。")
    with pytest.raises(ValueError, match="missing column"):
        extract_metrics(sentences.drop(columns=["clean_start"]), cleaned, tokenizer)
    with pytest.raises(KeyError, match="no CleanText"):
        extract_metrics(sentences, {}, tokenizer)


def sliced_sentence_tokens(text, found, tokenizer):
    """The tokens of the quantity clauses taken from one cut of the whole sentence."""
    spans = [
        m.span()
        for m in _CLAUSE_RE.finditer(text)
        if any(
            (q.start < m.end() and m.start() < q.end)
            or (q.per_start >= 0 and q.per_start < m.end() and m.start() < q.per_end)
            for q in found
        )
    ]
    return [t for t in cut_with_offsets(text, tokenizer) if any(a <= t[2] and t[3] <= b for a, b in spans)]


@pytest.mark.parametrize("tagger", ["hmm", "dictionary"])
def test_clause_cuts_are_slices_of_the_sentence_cut(tagger, seeds, tokenizer, dictionary_tokenizer, units):
    """What ``segment.slice_cut`` relies on, on every seed sentence and on variants with other digits and
    punctuation (as in the benchmark corpus), with either tagger."""
    tokenizer = tokenizer if tagger == "hmm" else dictionary_tokenizer
    _, _, sentences = seeds
    rng = random.Random(7)
    texts = [*sentences["text"], "共有“8个100%”和45个项目，其中3个完工;另有2,000 余名党员：每万人配备40个。"]
    for text in list(sentences["text"]):
        varied = re.sub(r"[0-9]", lambda _: str(rng.randrange(10)), text)
        texts.append(re.sub(r"，", lambda _: rng.choice(["，", ",", "；", "、", " "]), varied))
    checked = 0
    for text in texts:
        found = find_quantities(text, units, programme_names())
        if not found:
            continue
        clause_tokens = _clause_tokens(text, found, lambda t: cut_with_offsets(t, tokenizer))
        assert clause_tokens == sliced_sentence_tokens(text, found, tokenizer), text
        checked += 1
    assert checked > 150


class RecordingTokenizer:
    """Wraps a jieba tokenizer and records what it is asked to cut."""

    def __init__(self, tokenizer):
        self.tokenizer, self.seen = tokenizer, []
        self.block_re = tokenizer.block_re

    def cut(self, text):
        self.seen.append(text)
        return self.tokenizer.cut(text)


@pytest.mark.parametrize("tagger", ["hmm", "dictionary"])
def test_metrics_from_the_sentence_cuts_equal_metrics_from_clause_cuts(
    tagger, seeds, tokenizer, dictionary_tokenizer
):
    """Slicing the clause cuts out of the sentences' cuts (``cuts=``) changes nothing but the time."""
    tokenizer = tokenizer if tagger == "hmm" else dictionary_tokenizer
    _, cleaned, sentences = seeds
    cuts = [cut_with_offsets(text, tokenizer) for text in sentences["text"]]
    alone = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    shared = extract_metrics(sentences, cleaned, tokenizer, programme_names(), cuts=cuts)
    pd.testing.assert_frame_equal(shared, alone)
    with pytest.raises(ValueError, match="cuts: 1 cuts for"):
        extract_metrics(sentences, cleaned, tokenizer, programme_names(), cuts=cuts[:1])


def test_extract_metrics_cuts_only_quantity_clauses(seeds, tokenizer):
    """Only clauses (as ``_CLAUSE_RE`` finds them) of sentences holding a quantity are segmented."""
    _, cleaned, sentences = seeds
    recording = RecordingTokenizer(tokenizer)
    found = extract_metrics(sentences, cleaned, recording, programme_names())
    with_metrics = sentences[sentences["sentence_id"].isin(found["sentence_id"])]
    clauses = {m.group() for text in with_metrics["text"] for m in _CLAUSE_RE.finditer(text)}
    assert recording.seen and set(recording.seen) <= clauses
    assert sum(len(t) for t in recording.seen) < with_metrics["text"].str.len().sum()


def test_metrics_frame_sorts_only_when_needed_and_keeps_dtypes(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences.iloc[::-1], cleaned, tokenizer, programme_names())
    ordered = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    pd.testing.assert_frame_equal(found, ordered)
    assert found["start"].dtype == "int64" and found["approx"].dtype == "bool"
    assert found["value_high"].dtype == "float64" and str(found["surface"].dtype) == "str"
    empty = _metrics_frame([])
    assert list(empty.columns) == METRIC_COLUMNS and empty["start"].dtype == "int64"


def test_codebook_names_keep_names_jieba_cannot_hold(seeds, tokenizer):
    names = gm.codebook_names(codebook_frame())
    assert "13710" in names and names == sorted(set(names))
    # a former programme name that the codebook review moved to not_programmes stays masked (三起 of
    # 扛、立、强三起来 is no quantity), and the masked names include every programme name
    masked = gt.Resources.default().programme_names
    assert "扛、立、强三起来" in masked and set(names) <= set(masked)
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, masked)
    assert "三起" not in set(found["surface"])
    with pytest.raises(ValueError, match="aliases"):
        gm.codebook_names(pd.DataFrame({"name_zh": ["a"]}))
