"""Tests of govtext.corpus.split with page furniture: lists of other articles, furniture parts, and ASCII
sentence ends. The pages are made up for the tests."""

from __future__ import annotations

import pandas as pd

from govtext.corpus import clean_documents, clean_text, paragraph_spans, split_articles, split_sentences
from govtext.corpus.split import split_running_text


def kinds(raw: str) -> list[tuple[str, str]]:
    text = clean_text(raw).text
    return [(text[a:b], kind) for a, b, kind in paragraph_spans(text)]


def sentences_of(raw: str) -> pd.DataFrame:
    documents = pd.DataFrame({"doc_id": ["p"], "raw_text": [raw]})
    cleaned = clean_documents(documents)
    return split_sentences(documents, cleaned, split_articles(documents, cleaned))


def test_headlines_after_a_list_marker_are_furniture_until_running_text():
    raw = "正文第一段。\n相关新闻\n某镇新建游园3个\n某村修路5公里\n这是另一段正文，说明情况。\n某区召开会\n"
    found = dict(kinds(raw))
    assert found["相关新闻"] == "furniture"
    assert found["某镇新建游园3个"] == found["某村修路5公里"] == "furniture"
    assert found["某区召开会"] == "heading"  # after running text the list has ended


def test_an_exclaimed_headline_in_a_list_is_furniture_but_running_text_ends_the_list():
    raw = "正文第一段。\n相关新闻\n别再乱停车了！交警已在这个路段治理了上百辆乱停车辆\n某村修路5公里\n"
    found = dict(kinds(raw))
    assert found["别再乱停车了！交警已在这个路段治理了上百辆乱停车辆"] == "furniture"
    assert found["某村修路5公里"] == "furniture"  # the list goes on after it
    ended = dict(kinds("正文第一段。\n相关新闻\n太好了！居民说，路修好了。\n某村修路5公里\n"))
    assert ended["太好了！居民说，路修好了。"] == "body" and ended["某村修路5公里"] == "heading"
    outside = dict(kinds("正文第一段。\n别再乱停车了！交警已在这个路段治理了上百辆乱停车辆\n"))
    assert outside["别再乱停车了！交警已在这个路段治理了上百辆乱停车辆"] != "furniture"  # no marker, no list


def test_after_a_footer_notice_or_a_follow_prompt_only_links_and_other_posts_follow():
    footer = dict(kinds("社区新建游园3个，居民点赞。\n中华龙都网版权所有,未经授权不得转载\n周口24小时\n"))
    assert footer["周口24小时"] == "furniture"  # a site section after the footer's notice, not a headline
    posts = dict(kinds("社区新建游园3个，居民点赞。\n欢迎关注新乡日报视频号\n1059人！新乡多地招聘\n"))
    assert posts["1059人！新乡多地招聘"] == "furniture"  # the account's other posts
    top = dict(kinds("关注国搜官方微信\n河南滑县：十户联防把问题解决到家门口\n本报讯 记者 张三\n正文。\n"))
    assert top["河南滑县：十户联防把问题解决到家门口"] != "furniture"  # before running text: the title


def test_a_run_of_dated_headlines_is_a_list_of_other_articles():
    first = "某镇新建街心游园3个方便居民休闲 2024-06-12"
    second = "某村修通断头路5公里群众出行更便利 2024-06-11"
    found = kinds(f"正文第一段。\n{first}\n{second}\n正文第二段。\n")
    assert [kind for _, kind in found] == ["body", "furniture", "furniture", "body"]
    single = kinds(f"正文。\n{first}\n正文。\n")
    assert [kind for _, kind in single] == ["body", "heading", "body"]  # one dated headline is not a list


def test_furniture_sentences_keep_part_and_raw_offsets():
    raw = "首页 > 新闻 > 正文\n某县推进社区治理\n本报讯 记者 张三\n今年以来,新建游园12个。\n上一篇 下一篇\n"
    table = sentences_of(raw)
    furniture = table[table["part"] == "furniture"]
    assert furniture["text"].tolist() == ["首页 > 新闻 > 正文", "上一篇 下一篇"]
    for row in table.itertuples():
        assert "".join(raw[row.start : row.end].split()) == "".join(row.text.split()).translate(
            str.maketrans("，：", ",:")
        )
    assert table.loc[table["part"] == "heading", "text"].tolist() == ["某县推进社区治理"]


def test_ascii_sentence_ends_split_like_full_width():
    assert split_running_text("好!很好?对;完") == [(0, 2), (2, 5), (5, 7), (7, 8)]
    text = "访问 http://a.cn/?id=1 查看。下一句"
    assert split_running_text(text) == [(0, len(text) - 3), (len(text) - 3, len(text))]
    assert split_running_text("第一句！第二句") == [(0, 4), (4, 7)]


EPAPER = (
    "第05版:都市新闻 上一版3  4下一版\n居民大院开来“民生直通车”\n窨井盖 草编的\n5位外籍人士\n获中国“绿卡”\n"
    "wx25220\n      \n返回主页 | 郑州日报 | 版面导航 | 郑州晚报      \n上一期  下一期\n"
    "居民大院开来“民生直通车”\n\n本报记者 张 永\n\n"
    "5月10日下午，社区大院开来“民生直通车”，为居民解决问题12件。\n"
)


def test_an_e_paper_pages_headlines_stay_apart_and_are_furniture():
    found = kinds(EPAPER)
    texts = [text for text, _ in found]
    assert "5位外籍人士" in texts and "获中国“绿卡”" in texts  # one per line, not joined as a hard wrap
    kind = dict(found)
    assert kind["第05版：都市新闻 上一版3 4下一版"] == "furniture"
    assert kind["5位外籍人士"] == kind["窨井盖 草编的"] == kind["wx25220"] == "furniture"
    # the article's own title after the navigation is kept, and so is its text
    assert found[[t for t, _ in found].index("上一期 下一期") + 1] == ("居民大院开来“民生直通车”", "heading")
    assert any(k == "body" and "12件" in t for t, k in found)


def test_navigation_between_the_header_and_the_headlines_and_a_page_nav_heading():
    """Round 26: a navigation line after the page label (3上一版 下一版4) and a blank line do not hide the
    headlines after them, and 版面导航 alone on its line ends them."""
    raw = (
        "第A03版:民生\n3上一版  下一版4\n \n9岁至18岁学生无须预约\n又一处老年食堂开业\n版面导航     \n"
        "3上一篇  下一篇4 2024年8月20日 放大 缩小 默认\n\n又一处老年食堂开业\n\n"
        "本报讯 8月16日上午，社区老年食堂挂牌营业。\n"
    )
    found = kinds(raw)
    assert all(k == "furniture" for t, k in found if "9岁至18岁" in t)
    assert dict(found)["版面导航"] == "furniture"
    assert ("又一处老年食堂开业", "heading") in found  # the article's own title after the navigation


def test_a_page_header_followed_by_its_article_keeps_the_title():
    raw = "第05版:都市新闻\n社区开来“民生直通车”\n\n5月10日下午，社区大院开来“民生直通车”，为居民解决问题。\n"
    found = dict(kinds(raw))
    assert found["社区开来“民生直通车”"] == "heading"  # no furniture line ends the run: not a list
    raw = "社区工作第05版样样好\n社区开来直通车\n返回主页\n"
    assert dict(kinds(raw))["社区开来直通车"] != "furniture"  # a page label not at the start: no header


def test_headlines_without_a_page_header_are_joined_as_before():
    raw = "某镇新建游园\n某村修路\n\n正文第一段，说明情况。\n"
    assert kinds(raw)[0] == ("某镇新建游园 某村修路", "heading")  # one paragraph, as before
