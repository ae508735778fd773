"""Tests of govtext.corpus.split: articles (titles, bylines, sub-units) and sentences (seed and toy texts)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from govtext.corpus import (
    ARTICLE_COLUMNS,
    FULLWIDTH,
    PARTS,
    SENTENCE_COLUMNS,
    clean_documents,
    find_sub_units,
    load_corpus,
    split_articles,
    split_running_text,
)

EXPECTED_ARTICLES = [
    ("000_e68ce179375f246f-1", "巩义市杜甫路街道：推进重点工作谋发展", "杜甫路街道"),
    (
        "001_1f5be98b5adc7a5e-1",
        "推进文明城市创建 塑造城区新风貌 杜甫路街道“内修外治”激发“创文”活力",
        "杜甫路街道",
    ),
    (
        "002_b2f53911b68c468c-1",
        "真抓实干强党建 挂图作战促攻坚 ——中原区委组织部统筹推进基层党建，落实落细各项任务",
        "中原区委组织部",
    ),
    ("002_b2f53911b68c468c-2", "中原区汝河路街道办事处 为民逐梦惟笃行 倾尽一切只为“汝”", "汝河路街道"),
    ("003_3994295fa6c43e31-1", "", "荥阳市委市政府; 汜水镇西邢村"),
    (
        "004_e1a0eba0960487ce-1",
        "巩义市2020年深化全国文明城市创建工作推进会召开 统筹安排 压实责任 严格督导 持续发力",
        "巩义市",
    ),
    (
        "004_e1a0eba0960487ce-2",
        "书记访谈录 紫荆路街道党工委书记韩润峰：树牢高质量发展理念 强力推进项目建设",
        "紫荆路街道",
    ),
]


# ----------------------------------------------------------------------------------------------------
# Articles
# ----------------------------------------------------------------------------------------------------


def test_seven_seed_articles_with_titles_and_sub_units(seed_corpus):
    articles = seed_corpus[2]
    assert list(articles.columns) == ARTICLE_COLUMNS
    got = list(articles[["article_id", "title", "sub_units"]].itertuples(index=False, name=None))
    assert got == EXPECTED_ARTICLES
    assert list(articles["article_no"]) == [1, 1, 1, 2, 1, 1, 2]


def test_seed_article_bylines(seed_corpus):
    bylines = dict(zip(seed_corpus[2]["article_id"], seed_corpus[2]["byline"], strict=True))
    assert bylines["000_e68ce179375f246f-1"].endswith("记者 李晓霞 巩义融媒记者 孙淑霞 通讯员 刘菲 文/图")
    assert bylines["002_b2f53911b68c468c-2"] == "本报记者 孙志刚 通讯员 许秩康 文/图"
    assert bylines["003_3994295fa6c43e31-1"] == "本报记者 史治国 通讯员 赵红娟 付志华 文/图"
    assert bylines["004_e1a0eba0960487ce-1"] == "本报讯 记者 李晓霞 通讯员 孙小琪"
    assert bylines["004_e1a0eba0960487ce-2"] == "记者 李晓霞 巩义融媒记者 孙淑霞 文/图"


def test_seed_article_boundaries(seed_corpus):
    documents, cleaned, articles, _ = seed_corpus
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for article in articles.itertuples():
        clean = cleaned[article.doc_id]
        assert (article.start, article.end) == clean.raw_span(article.clean_start, article.clean_end)
        assert (
            raw[article.doc_id][article.start : article.end].strip()
            == raw[article.doc_id][article.start : article.end]
        )
    second = articles.set_index("article_id")
    text_002 = cleaned["002_b2f53911b68c468c"].text
    assert text_002[second.loc["002_b2f53911b68c468c-2", "clean_start"] :].startswith(
        "中原区汝河路街道办事处\n"
    )
    assert text_002[: second.loc["002_b2f53911b68c468c-1", "clean_end"]].endswith("小区改造临时党支部")
    text_004 = cleaned["004_e1a0eba0960487ce"].text
    assert text_004[second.loc["004_e1a0eba0960487ce-2", "clean_start"] :].startswith("书记访谈录\n")
    first_004 = second.loc["004_e1a0eba0960487ce-1"]
    assert raw["004_e1a0eba0960487ce"][first_004["start"] : first_004["end"]].endswith(
        "记者 李晓霞 通讯员 孙小琪"
    )


def test_articles_cover_each_document(seed_corpus):
    _, cleaned, articles, _ = seed_corpus
    for doc_id, group in articles.groupby("doc_id"):
        text = cleaned[doc_id].text
        assert group["clean_start"].iloc[0] == 0 and group["clean_end"].iloc[-1] == len(text)
        assert list(group["clean_start"].iloc[1:]) == [end + 1 for end in group["clean_end"].iloc[:-1]]


def test_unrelated_texts_are_one_article_each(tmp_path: Path):
    (tmp_path / "x.txt").write_text(
        "第一段，讲一件事。\n\n第二段，讲另一件事。\n\n小标题\n\n第三段。", encoding="utf-8"
    )
    (tmp_path / "y.txt").write_text("没有标题也没有署名的一段文字。", encoding="utf-8")
    documents = load_corpus(tmp_path)
    cleaned = clean_documents(documents)
    articles = split_articles(documents, cleaned)
    assert list(articles["article_id"]) == ["x-1", "y-1"]
    assert list(articles["title"]) == ["", ""] and list(articles["byline"]) == ["", ""]


def test_two_articles_split_at_a_new_headline_and_byline():
    raw = "第一篇标题\n\n记者 张三\n\n第一篇正文。\n\n第二篇标题\n\n本报记者 李四 文/图\n\n第二篇正文。"
    documents = pd.DataFrame({"doc_id": ["d"], "raw_text": [raw]})
    cleaned = clean_documents(documents)
    articles = split_articles(documents, cleaned)
    assert list(articles["title"]) == ["第一篇标题", "第二篇标题"]
    assert list(articles["byline"]) == ["记者 张三", "本报记者 李四 文/图"]


def test_sub_unit_lexicon_replaces_the_regex(seed_corpus):
    documents, cleaned, _, _ = seed_corpus
    articles = split_articles(documents, cleaned, sub_unit_lexicon=["杜甫路街道", "西邢村", "不存在的镇"])
    units = dict(zip(articles["article_id"], articles["sub_units"], strict=True))
    assert units["000_e68ce179375f246f-1"] == "杜甫路街道"
    assert units["003_3994295fa6c43e31-1"] == "西邢村"
    assert units["002_b2f53911b68c468c-1"] == ""


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("摆在杜甫路街道党工委面前", ["杜甫路街道"]),
        ("中原区汝河路街道办事处", ["汝河路街道"]),
        ("荥阳市汜水镇西邢村举行仪式，荥阳市和汜水镇相关领导", ["汜水镇西邢村"]),
        ("寄托着荥阳市委市政府对西邢村百姓的祝福", ["荥阳市委市政府", "西邢村"]),
        ("——中原区委组织部统筹推进基层党建", ["中原区委组织部"]),
        ("各镇（街道）、市直单位", []),
    ],
)
def test_find_sub_units(text: str, units: list[str]):
    assert find_sub_units(text) == units


# ----------------------------------------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------------------------------------


def test_sentence_table_invariants(seed_corpus):
    documents, cleaned, articles, sentences = seed_corpus
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert set(sentences["part"]) == set(PARTS)
    assert sentences["sentence_id"].is_unique
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for sentence in sentences.itertuples():
        clean = cleaned[sentence.doc_id]
        assert sentence.text and sentence.text == sentence.text.strip()
        assert clean.text[sentence.clean_start : sentence.clean_end] == sentence.text
        assert (sentence.start, sentence.end) == clean.raw_span(sentence.clean_start, sentence.clean_end)
        positions = clean.raw_index[sentence.clean_start : sentence.clean_end]
        assert sentence.start == positions[0] and sentence.end == positions[-1] + 1
        source = raw[sentence.doc_id]
        for char, position in zip(sentence.text, positions, strict=True):
            assert char == source[position] or char in FULLWIDTH.get(source[position], "")
    for article_id, group in sentences.groupby("article_id"):
        assert list(group["sentence_no"]) == list(range(1, len(group) + 1))
        assert group["sentence_id"].iloc[0] == f"{article_id}-1"
    assert set(sentences["article_id"]) == set(articles["article_id"])


def test_every_clean_character_is_in_some_unit(seed_corpus):
    _, cleaned, _, sentences = seed_corpus
    for doc_id, group in sentences.groupby("doc_id"):
        text = cleaned[doc_id].text
        covered = set()
        for start, end in zip(group["clean_start"], group["clean_end"], strict=True):
            covered.update(range(start, end))
        assert all(k in covered for k, char in enumerate(text) if not char.isspace())


def unit_part(sentences: pd.DataFrame, doc_prefix: str, text: str) -> str:
    found = sentences[sentences["doc_id"].str.startswith(doc_prefix) & (sentences["text"] == text)]
    assert len(found) == 1, (doc_prefix, text)
    return str(found["part"].iloc[0])


@pytest.mark.parametrize(
    ("doc", "text", "part"),
    [
        ("000", "巩义市杜甫路街道：推进重点工作谋发展", "heading"),
        ("000", "2020年5月14日 星期四", "furniture"),
        ("000", "编辑：康迪 美编：王姿 校对：姜军V10-11", "byline"),
        ("000", "通讯员 刘菲 文/图", "byline"),
        ("000", "打牢基层基础", "heading"),
        ("000", "坚持党建引领 筑牢发展基础", "heading"),
        ("000", "第一季度逐村观摩", "caption"),
        ("000", "创新探索卡点“1+3+4”模式", "caption"),
        ("002", "桐柏路191号院老旧 小区改造临时党支部", "caption"),
        ("002", "汝河小区游园", "caption"),
        ("002", "提站位 顶层设计突出“高度”", "heading"),
        ("003", "|", "furniture"),
        ("003", "版权声明 @ 中原网 网站版权所有 |", "furniture"),
        ("003", "本报记者 史治国 通讯员 赵红娟 付志华 文/图", "byline"),
        ("003", "树牢民本意识 在实事推进中提升服务水平", "heading"),
        ("004", "本报讯", "byline"),
        ("004", "书记访谈录", "heading"),
    ],
)
def test_seed_units_and_parts(seed_corpus, doc: str, text: str, part: str):
    sentences = seed_corpus[3]
    if text == "|":
        found = sentences[sentences["doc_id"].str.startswith(doc) & (sentences["text"] == text)]
        assert list(found["part"]) == ["furniture", "furniture"]
    else:
        assert unit_part(sentences, doc, text) == part


def test_closing_quotes_stay_with_their_sentence(seed_corpus):
    sentences = seed_corpus[3]
    body = sentences[sentences["part"] == "body"]
    quoted = body[body["text"].str.contains("他感激地说")]["text"].iloc[0]
    assert quoted == (
        "看着干净、整洁的新房和添置的新家具，他感激地说："
        "“今天的生活是多么的美好啊，感谢党和政府让我住上这么好的新房。”"
    )
    assert not body["text"].str.startswith(("”", "）", "」")).any()
    questions = body[body["doc_id"].str.startswith("004")]["text"]
    assert "今后有何打算？" in set(questions)


def test_body_sentences_end_at_terminators(seed_corpus):
    body = seed_corpus[3][seed_corpus[3]["part"] == "body"]
    ends = body["text"].str.rstrip("”’）)").str[-1]
    assert (ends.isin(list("。！？；…"))).mean() > 0.97
    assert len(body) > 300


def test_split_running_text():
    text = "第一句。“第二句！”第三句；第四句……第五句？！  尾巴"
    spans = split_running_text(text)
    assert [text[a:b] for a, b in spans] == [
        "第一句。",
        "“第二句！”",
        "第三句；",
        "第四句……",
        "第五句？！",
        "尾巴",
    ]
    assert split_running_text("前缀。中间。后缀", 3, 6) == [(3, 6)]
    assert split_running_text("   ") == []
