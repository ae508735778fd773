"""Tests of page furniture in cleaning (govtext.corpus.furniture, classify_paragraph) and of ASCII
punctuation treated like its full-width form. All page lines here are made up for the tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govtext.corpus import FULLWIDTH, classify_paragraph, clean_text, is_layout_space
from govtext.corpus.furniture import (
    FURNITURE_PATH,
    default_furniture,
    ends_with_date,
    furniture_spans,
    is_furniture_line,
    is_list_marker,
    is_page_code,
    is_page_header,
    load_furniture,
)
from govtext.yamlfile import ResourceError


@pytest.mark.parametrize(
    "line",
    [
        "上一篇 下一篇",
        "第03版:要闻 上一版 下一版",
        "首页 > 新闻中心 > 基层动态",
        "当前位置: 某某网 > 社会",
        "您的当前位置:新闻 > 地方 >",
        "2024-03-05 10:20:30 | 某某网",
        "2024年03月05日08:15",
        "2024年3月5日 星期二",
        "发布时间:2024-03-05 10:20 来源:某某日报",
        "来源:某某日报 作者: 责编:张三 2024-03-05 10:20",
        "信息来源:某市政府网",
        "浏览量:1234",
        "阅读:2.1万 评论:0 点赞:15",
        "1.5万阅读",
        "分享到:",
        "小号 默认 大号",
        "【字体:大 中 小】",
        "打开某某APP 查看更多",
        "联系我们 - 广告服务 - 服务热线:0371-1234567",
        "举报电话:13812345678",
        "某ICP备12345678号-1",
        "某公网安备41010502000001号",
        "互联网新闻信息服务许可证编号41120180001",
        "Copyright © 2010-2024 某某网 版权所有",
        "未经书面授权不得转载或镜像",
        "(下转02版)",
        "图片3.jpg",
        "![]()",
        "• 主办:某某传媒集团 • 设为首页",
        "相关新闻",
        "推荐阅读:",
    ],
)
def test_furniture_lines(line):
    assert is_furniture_line(line)
    assert classify_paragraph(line) == "furniture"


@pytest.mark.parametrize(
    "line",
    [
        "坚持党建引领 筑牢发展基础",  # a heading
        "某区:组团改造 扮靓老旧小区2024-03-05 10:20来源:某某网",  # a headline printed with its timestamp
        "资金来源:中央财政补助500万元",  # 来源 inside article text
        "办理时间:2天",
        "本报讯 记者 张三",  # a byline stays a byline
        "编辑:张三 美编:李四 校对:王五",
        "中 |||",  # separators alone never make furniture
        "今年以来，全区新建游园12个，改造小区30个。",
        "分享经验 共谋发展",
    ],
)
def test_article_lines_are_not_furniture(line):
    assert not is_furniture_line(line)
    assert classify_paragraph(line) != "furniture"


def test_run_of_link_texts_without_punctuation_is_furniture():
    run = (
        "某县“好人”事迹传遍乡村图片新闻某镇社区工作日忙某银行金融活水润乡村"
        "某地召开成果研讨会某区大棚里唱响致富歌某县用心呵护孩子心理健康"
    )
    assert len(run) >= default_furniture().min_headline_run_chars
    assert is_furniture_line(run)
    assert not is_furniture_line(run[:40])  # a heading-length line is a heading
    assert not is_furniture_line("【" + run + "】")  # a long headline with its kicker
    assert not is_furniture_line(run.replace("图片新闻", "，"))  # punctuated: running text


def test_list_markers_and_dated_lines():
    assert is_list_marker("相关新闻") and is_list_marker("推荐阅读 >>") and is_list_marker("热点推荐：")
    assert not is_list_marker("相关新闻报道了社区的做法")
    assert ends_with_date("某镇新建公园3个 2024-06-12") and ends_with_date("某村修路 (06-11)")
    assert not ends_with_date("某村修路5公里")


def test_inline_spans_cover_only_furniture():
    text = "目前已加装电梯706部。下一篇 阅读：1.2万 2024-03-05 10:20"
    spans = [text[a:b] for a, b in furniture_spans(text)]
    assert spans == ["下一篇", "阅读：1.2万 ", "2024-03-05 10:20"]
    assert furniture_spans("资金来源：中央财政补助500万元") == []


def test_furniture_lines_become_paragraphs_of_their_own_with_raw_offsets():
    raw = (
        "某县推进社区治理\n2024-03-05 10:20:30 来源:某某网 浏览:321\n\n"
        "今年以来,全县新建游园12个.\n上一篇 下一篇\n"
    )
    clean = clean_text(raw)
    lines = clean.text.split("\n")
    kinds = [classify_paragraph(line) for line in lines]
    assert "furniture" in kinds
    furniture = lines[kinds.index("furniture")]
    start = clean.text.index(furniture)
    raw_start, raw_end = clean.raw_span(start, start + len(furniture))
    assert raw[raw_start:raw_end].startswith("2024-03-05")
    assert kinds[-1] == "furniture" and lines[-1] == "上一篇 下一篇"


def test_glued_furniture_in_a_blank_line_document_is_split_off():
    raw = "2024-03-05 10:20 | 某某网\n分享到:\n核心提示:今年以来,某区创新治理方式。\n\n第二段。"
    lines = clean_text(raw).text.split("\n")
    assert lines[0] == "2024-03-05 10:20 | 某某网"
    assert lines[1] == "分享到："
    assert lines[2].startswith("核心提示：")


def test_ascii_punctuation_and_quotes_become_full_width_in_chinese_text():
    clean = clean_text("他说:'好的',社区(村)共有3个网格;大家都说\"满意\"!")
    assert clean.text == "他说：‘好的’，社区（村）共有3个网格；大家都说“满意”！"
    assert clean_text("It's a test.").text == "It's a test."  # an apostrophe between Latin letters stays


def test_bracketed_byline_is_not_a_run_in_heading():
    ascii_form = "本报讯(记者 张三)今年以来,新建游园12个。"
    full_width = "本报讯（记者 张三）今年以来，新建游园12个。"
    for raw in (ascii_form, full_width):
        lines = clean_text(raw).text.split("\n")
        assert len(lines) == 1 and classify_paragraph(lines[0]) == "body", raw


def test_load_furniture_errors_name_file_and_entry(tmp_path):
    good = FURNITURE_PATH.read_text(encoding="utf-8")
    cases = [
        (good.replace("  - name: timestamp\n", "  - name: timestamp\n    colour: red\n", 1), r"inline\[0\]"),
        (
            good.replace("pattern: '[上下]一", "pattern: '([上下]一", 1),
            r"inline\[\d+\] \(navigation\): bad pattern",
        ),
        (good.replace("max_remaining_han: 8", "max_remaining_han: many"), "max_remaining_han"),
        (good.replace("markers: [", "markers: ['', "), "markers"),
        (good + "\nunknown_key: 1\n", "unknown field"),
        (good.replace("page_header: '第", "page_header: '(第", 1), "page_header: bad pattern"),
        (good.replace("page_header: '第\\s*[\\dA-Z]{1,4}\\s*版'", "page_header: 3", 1), "page_header"),
        (
            good.replace("list_openers: [copyright,", "list_openers: [no_such_entry,", 1),
            "list_openers: no inline",
        ),
    ]
    for text, message in cases:
        path = tmp_path / "furniture.yml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ResourceError, match=message) as info:
            load_furniture(path)
        assert str(path) in str(info.value)


def test_packaged_rules_load():
    rules = load_furniture()
    assert rules.markers and rules.max_remaining_han > 0


# Property tests: furniture words and ASCII punctuation keep every cleaning invariant.
PIECES = [
    *"中国街道社区。，、：；！？“”（）…—·",
    *",;:()?!\"'.%+-|>~",
    *"1209",
    *[" ", "\n", "\n\n", "\r\n", "\t", "\u3000"],
    *["上一篇", "下一篇", "首页", " > ", "来源:", "浏览量:", "评论:0", "2024-03-05 10:20", "ICP备123号"],
    *["版权所有", "相关新闻", "分享到:", "0371-1234567", "第02版", "(下转02版)", "图1.jpg", "本报讯"],
    *["坚持党建引领", "全县新建游园12个", "资金来源:", "每周2次", "排名全国第九"],
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=50).map("".join)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXTS)
def test_cleaning_pages_keeps_the_raw_map_and_is_idempotent(raw: str):
    clean = clean_text(raw)
    assert len(clean.raw_index) == len(clean.text)
    for char, position in zip(clean.text, clean.raw_index, strict=True):
        source = raw[position]
        same = char == source or char in FULLWIDTH.get(source, "")
        assert same or (is_layout_space(source) and char in " \n")
    assert clean_text(clean.text).text == clean.text


@FAST
@given(TEXTS)
def test_a_furniture_line_stays_furniture_once_cleaned(raw: str):
    for line in clean_text(raw).text.split("\n"):
        if line and is_furniture_line(line):
            assert is_furniture_line(clean_text(line).text)


def test_a_site_menu_is_furniture_but_a_byline_of_short_words_is_a_byline():
    assert classify_paragraph("首页 要闻 政情 产经 医卫 房产 教育") == "furniture"
    assert classify_paragraph("记者 张三 通讯员 李四 王五 文/图") == "byline"
    assert classify_paragraph("统筹安排 压实责任 严格督导 持续发力") == "heading"  # four phrases, not a menu


def test_a_comment_box_without_colons_is_furniture_but_a_count_of_participants_is_not():
    assert is_furniture_line("我来说两句 0条评论 0人参与,")
    assert is_furniture_line("12条评论 30人参与")
    assert not is_furniture_line("共有200人参与活动")
    assert not is_furniture_line("活动收到300条评论")


def test_a_page_header_starts_with_a_page_label():
    assert is_page_header("第AA03版:学党史 悟思想 办实事 开新局 上一版3  4下一版")
    assert is_page_header("第05版：要闻")
    assert not is_page_header("社区工作第05版样样好")  # not at the start
    assert not is_page_header("第05版刊登了社区的做法。")  # a sentence
    assert is_page_code("AA03") and not is_page_code("AA03社区")


def test_a_follow_prompt_alone_on_a_line_is_furniture_but_not_in_a_sentence():
    assert is_furniture_line("关注河南热线")
    assert is_furniture_line("扫码关注郑州发布公众号")
    assert not is_furniture_line("市民可关注12345热线反映问题。")
    assert not is_furniture_line("关注民生热点问题")
    assert furniture_spans("市民可关注12345热线反映问题。") == []  # line-only: never masked in a sentence


def test_a_repost_attribution_alone_on_a_line_is_furniture_but_not_in_a_sentence():
    assert is_furniture_line("本文来自微信公众号“大象新闻”")
    assert is_furniture_line("本文转自：河南日报")
    assert not is_furniture_line("本文来自一线调研，记者走访了12个社区。")
    assert furniture_spans("他说本文来自基层的实践。") == []  # line-only: never masked in a sentence


def test_a_passive_view_counter_is_furniture_but_being_read_in_a_sentence_is_not():
    assert is_furniture_line("发表于2019-08-09 08:13 被阅读0次")
    assert furniture_spans("文章被阅读1.2万次以后") != []  # a counter glued to text is masked
    assert furniture_spans("这封信被阅读了很多遍。") == []  # no count: article text


def test_editors_credits_are_furniture_lines_but_not_sentences_that_name_an_editor():
    for line in ["[责任编辑:马玲]", "|总监制:张 哲", "|责 编:张 芳 刘伟佳", "（责编：王子锋、王潇潇）"]:
        assert is_furniture_line(line), line
    assert not is_furniture_line("责任编辑马玲说，社区的变化很大")
    assert not is_furniture_line("主编：本报讯记者王强在村里看到很多人在干活")
