"""Tests of extract_metrics on whole made-up news pages: furniture left out, ASCII punctuation read like
full-width, raw offsets kept, and a property: page furniture around an article never changes its metrics."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govtext.corpus import clean_documents, split_articles, split_sentences
from govtext.metrics import extract_metrics
from govtext.metrics.extract import SKIPPED_PARTS

ARTICLE_FULLWIDTH = (
    "某县：基层治理排名全国第九\n\n"
    "本报讯（记者 张三）今年以来，某县综合排名全国第九，位居全省第一；全县划分6大片区，"
    "每周开展2次巡查！构建“县、乡、村”三级联动体系，超三成居民参与，惠及超5000户。\n"
)
ARTICLE_ASCII = (
    "某县:基层治理排名全国第九\n\n"
    "本报讯(记者 张三)今年以来,某县综合排名全国第九,位居全省第一;全县划分6大片区,"
    '每周开展2次巡查!构建"县、乡、村"三级联动体系,超三成居民参与,惠及超5000户。\n'
)
FURNITURE = [
    "首页 > 新闻中心 > 县区动态",
    "上一篇 下一篇",
    "2024-09-15 09:13:59 来源:某某日报 阅读量:1.2万次 评论:3",
    "浏览:356次",
    "联系电话:0371-12345678 豫ICP备12345678号 Copyright 2002-2024 某某网 版权所有",
    "第02版:要闻 上一版 下一版",
    "分享到:",
]


def metrics_of(raw: str, tokenizer) -> pd.DataFrame:
    documents = pd.DataFrame({"doc_id": ["page"], "raw_text": [raw]})
    cleaned = clean_documents(documents)
    sentences = split_sentences(documents, cleaned, split_articles(documents, cleaned))
    found = extract_metrics(sentences, cleaned, tokenizer)
    for row in found.itertuples():
        assert raw[row.start : row.end] == row.surface
    return found


def summary(found: pd.DataFrame) -> list[tuple[str, float, str, str]]:
    return list(zip(found["surface"], found["value"], found["unit"], found["kind"], strict=True))


def test_ascii_page_gives_the_same_metrics_as_full_width(tokenizer):
    full = summary(metrics_of(ARTICLE_FULLWIDTH, tokenizer))
    assert full == summary(metrics_of(ARTICLE_ASCII, tokenizer))
    assert full == [
        ("第九", 9.0, "", "rank"),
        ("第九", 9.0, "", "rank"),
        ("第一", 1.0, "", "rank"),
        ("6大片区", 6.0, "片区", "count"),
        ("2次", 2.0, "次", "frequency"),
        ("三级", 3.0, "级", "count"),
        ("超三成", 30.0, "%", "percent"),
        ("超5000户", 5000.0, "户", "count"),
    ]


def test_furniture_lines_yield_no_metrics(tokenizer):
    page = "\n".join(FURNITURE[:4]) + "\n\n" + ARTICLE_ASCII + "\n" + "\n".join(FURNITURE[4:]) + "\n"
    found = metrics_of(page, tokenizer)
    assert summary(found) == summary(metrics_of(ARTICLE_ASCII, tokenizer))
    assert not set(found["part"]) & SKIPPED_PARTS


def test_a_furniture_sentence_is_skipped_even_with_a_unit(tokenizer):
    documents = pd.DataFrame({"doc_id": ["d"], "raw_text": ["浏览356次"]})
    cleaned = clean_documents(documents)
    sentences = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "article_id": ["d-1", "d-1"],
            "sentence_id": ["d-1-1", "d-1-2"],
            "part": ["furniture", "body"],
            "text": [cleaned["d"].text, cleaned["d"].text],
            "clean_start": [0, 0],
        }
    )
    assert extract_metrics(sentences, cleaned, tokenizer)["sentence_id"].tolist() == ["d-1-2"]


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    st.lists(st.sampled_from(FURNITURE), max_size=4),
    st.lists(st.sampled_from(FURNITURE), max_size=4),
    st.booleans(),
)
def test_furniture_around_an_article_never_changes_its_metrics(tokenizer, before, after, ascii_text):
    article = ARTICLE_ASCII if ascii_text else ARTICLE_FULLWIDTH
    head, tail = "".join(line + "\n" for line in before), "".join(line + "\n" for line in after)
    page = head + "\n" + article + "\n" + tail
    assert summary(metrics_of(page, tokenizer)) == summary(metrics_of(article, tokenizer))
