"""Tests of govtext.corpus.clean: paragraphs, layout spaces, punctuation, the raw map (seed and toy texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtext.corpus import (
    FULLWIDTH,
    CleanText,
    classify_paragraph,
    clean_documents,
    clean_text,
    is_layout_space,
    load_corpus,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # hard wraps inside a paragraph are deleted; blank lines separate paragraphs
        (
            "突如其来的疫情打乱了经济社会发展的正常节\n奏。如何实现“双胜利”。\n\n第二段。",
            "突如其来的疫情打乱了经济社会发展的正常节奏。如何实现“双胜利”。\n第二段。",
        ),
        # a column break leaves a blank line mid-sentence: joined
        (
            "发挥好党建引领作\n用，以红色物业、全科\n网格为载体，建立志愿服务项目清单，开\n\n展特色志愿服务。",
            "发挥好党建引领作用，以红色物业、全科网格为载体，建立志愿服务项目清单，开展特色志愿服务。",
        ),
        (
            "“党建+物业服务”。成立\n\n“红色物业”“红色管家”“网格党支部”，把党组织延伸到居民楼院。",
            "“党建+物业服务”。成立“红色物业”“红色管家”“网格党支部”，把党组织延伸到居民楼院。",
        ),
        # a heading is not joined, and keeps the space between its phrases
        ("坚持党建引领 筑牢发展基础\n\n全力推进项目建设。", "坚持党建引领 筑牢发展基础\n全力推进项目建设。"),
        # a colon at the end continues into the next line even if it looks like a heading
        (
            "巩义市杜甫路街道：\n\n推进重点工作谋发展\n\n正文。",
            "巩义市杜甫路街道：推进重点工作谋发展\n正文。",
        ),
    ],
)
def test_paragraphs_and_hard_wraps(raw: str, expected: str):
    assert clean_text(raw).text == expected


def test_byline_and_date_lines_stay_separate_inside_a_block():
    raw = (
        "2020年5月14日 星期四\n编辑：康迪 美编：王姿\n正文第一句，\n正文继续。\n记者 李晓霞\n"
        "通讯员 刘菲 文/图"
    )
    assert clean_text(raw).text.split("\n") == [
        "2020年5月14日 星期四",
        "编辑：康迪 美编：王姿",
        "正文第一句，正文继续。",
        "记者 李晓霞",
        "通讯员 刘菲 文/图",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("在全 区重点项目、 工程 一线成立临时党支部。", "在全区重点项目、工程一线成立临时党支部。"),
        ("拆除违建20 外800 余平方米。", "拆除违建20外800余平方米。"),
        ("示范带动 1.5 万名群众积极参与。", "示范带动1.5万名群众积极参与。"),
        ("桐柏路 191 号院在尊重原楼风貌基础上改造。", "桐柏路191号院在尊重原楼风貌基础上改造。"),
        (
            "已完成全市中小学281所学校, 38.4万师生的信息归集。",
            "已完成全市中小学281所学校，38.4万师生的信息归集。",
        ),
        ("利用 LED 电子屏和 APP 平台, 依托 5G 基站。", "利用LED电子屏和APP平台，依托5G基站。"),
    ],
)
def test_layout_spaces_removed_in_running_text(raw: str, expected: str):
    assert clean_text(raw).text == expected


def test_heading_loses_digit_spaces_but_keeps_phrase_space():
    raw = "正文结束。\n\n桐柏路 191 号院老旧 小区改造临时党支部"
    assert clean_text(raw).text == "正文结束。\n桐柏路191号院老旧 小区改造临时党支部"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("健全机制,区委(社区)书记:抓书记;好吗?好!", "健全机制，区委（社区）书记：抓书记；好吗？好！"),
        ('弘扬"帐篷精神",让临时党支部成为"标配"。', "弘扬“帐篷精神”，让临时党支部成为“标配”。"),
        ('创新探索卡点"1+3+4"模式,打造"7·24"服务。', "创新探索卡点“1+3+4”模式，打造“7·24”服务。"),
        ("上午10:30开会,投资1,000万元,增长1.5%。", "上午10:30开会，投资1,000万元，增长1.5%。"),
        ("开复工率90.9%;51个项目进展顺利。", "开复工率90.9%；51个项目进展顺利。"),
        ("Hello, world (test)? Yes!", "Hello, world (test)? Yes!"),
    ],
)
def test_punctuation_full_width_in_chinese_context_only(raw: str, expected: str):
    assert clean_text(raw).text == expected


def test_one_line_document_with_rules_byline_run_in_headings_and_footer():
    raw = (
        "|\n||||\n本报记者 史治国 通讯员 赵红娟 文/图 6月24日上午,西邢村举行乔迁仪式。 好日子。 "
        "树牢民本意识 在实事推进中提升服务水平 荥阳市委市政府把灾后恢复重建作为最大政治责任。 |\n"
        "版权声明 @ 中原网 网站版权所有 |\n"
    )
    assert clean_text(raw).text.split("\n") == [
        "|",
        "||||",
        "本报记者 史治国 通讯员 赵红娟 文/图",
        "6月24日上午，西邢村举行乔迁仪式。",
        "好日子。",
        "树牢民本意识 在实事推进中提升服务水平",
        "荥阳市委市政府把灾后恢复重建作为最大政治责任。",
        "|",
        "版权声明 @ 中原网 网站版权所有 |",
    ]


def test_run_in_heading_and_trailing_caption_split_off():
    raw = (
        "打牢基层基础 树立大抓基层基础的鲜明导向，着力\n规范制度落实。\n\n"
        "围绕建设目标，按 下快进键，承接喜人形势，为实现第二个百年奋斗目标 汝河小区游园"
    )
    assert clean_text(raw).text.split("\n") == [
        "打牢基层基础",
        "树立大抓基层基础的鲜明导向，着力规范制度落实。",
        "围绕建设目标，按下快进键，承接喜人形势，为实现第二个百年奋斗目标",
        "汝河小区游园",
    ]


def test_wrap_spaces_of_a_narrow_column_are_not_a_heading():
    raw = (
        "五年来,推动李江沟安置新居等项目落地,依托新蒲恒辉广场、索克商务\n\n"
        "等楼宇资源大力发 展服务业项 目,积极 引进 优 质税源。"
    )
    assert clean_text(raw).text == (
        "五年来，推动李江沟安置新居等项目落地，依托新蒲恒辉广场、索克商务等楼宇资源大力发展服务业项目，积极引进优质税源。"
    )


def test_rules_are_reapplied_until_the_text_is_stable():
    raw = "中\u2028|||\r\n中\n\n中"  # one pass gives "中 ||| 中\n中": the rule only stands alone then
    clean = clean_text(raw)
    assert clean.text == "中\n|||\n中\n中"
    assert clean_text(clean.text).text == clean.text
    assert [raw[k] for k in clean.raw_index] == ["中", "\u2028", "|", "|", "|", "\r", "中", "\n", "中"]


def test_raw_index_maps_every_character(seed_corpus):
    _, cleaned, _, _ = seed_corpus
    for clean in cleaned.values():
        assert len(clean.raw_index) == len(clean.text)
        assert all(b > a for a, b in zip(clean.raw_index, clean.raw_index[1:], strict=False))
        for char, position in zip(clean.text, clean.raw_index, strict=True):
            source = clean.raw[position]
            assert (
                char == source
                or char in FULLWIDTH.get(source, "")
                or (is_layout_space(source) and char in " \n")
            )


def test_seed_cleaning_is_idempotent_and_keeps_every_cjk_character(seed_corpus):
    _, cleaned, _, _ = seed_corpus
    for clean in cleaned.values():
        assert clean_text(clean.text).text == clean.text
        assert sorted(c for c in clean.raw if "\u4e00" <= c <= "\u9fff") == sorted(
            c for c in clean.text if "\u4e00" <= c <= "\u9fff"
        )
        assert "\n\n" not in clean.text and clean.text == clean.text.strip()


def test_seed_clean_text_examples(seed_corpus):
    _, cleaned, _, _ = seed_corpus
    text_000 = cleaned["000_e68ce179375f246f"].text
    assert text_000.startswith("巩义市杜甫路街道：推进重点工作谋发展\n2020年5月14日 星期四\n")
    assert "建立志愿服务项目清单，开展特色志愿服务。" in text_000
    assert "将原计划2021年实施的30个老旧小区改造项目提前至2020年进行" in text_000
    text_002 = cleaned["002_b2f53911b68c468c"].text
    assert "在全区重点项目、工程一线成立临时党支部39个" in text_002
    assert "示范带动1.5万名群众" in text_002 and "拆除违建20外800余平方米" in text_002
    assert "弘扬“帐篷精神”，在全区" in text_002


def test_raw_span():
    clean = clean_text("标题\n\n正 文,结束。")
    assert clean.text == "标题\n正文，结束。"
    start, end = clean.raw_span(3, 9)
    assert (start, end) == (4, 11) and clean.raw[start:end] == "正 文,结束。"
    assert clean.raw_span(2, 2) == (2, 2)
    assert clean.raw_span(9, 9) == (11, 11)
    with pytest.raises(ValueError, match="outside the text"):
        clean.raw_span(5, 20)


def test_clean_documents_keys(two_docs: Path):
    documents = load_corpus(two_docs)
    cleaned = clean_documents(documents)
    assert list(cleaned) == ["a", "b"] and isinstance(cleaned["a"], CleanText)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("||||||", "furniture"),
        ("2020年5月14日 星期四", "furniture"),
        ("版权声明 @ 中原网 网站版权所有 |", "furniture"),
        ("编辑：康迪 美编：王姿 校对：姜军V10-11", "byline"),
        ("记者 李晓霞 巩义融媒记者 孙淑霞", "byline"),
        ("本报记者 孙志刚 通讯员 蔚光勋 冉安伟 文/图", "byline"),
        ("坚持党建引领 筑牢发展基础", "heading"),
        ("统筹推进文明城市创建,树立文明城区形象", "heading"),
        ("针对群众最关心的问题，实施制度，把问题调研清", "body"),
        ("紫荆路街道党工委书记韩润峰:", "body"),
        ("紧抓重点区域。", "body"),
    ],
)
def test_classify_paragraph(text: str, kind: str):
    assert classify_paragraph(text) == kind
