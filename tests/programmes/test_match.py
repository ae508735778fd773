"""govtext.programmes.match: the tolerant matcher on small inputs and on the seeds."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from conftest import fake_clean

from govtext import programmes
from govtext.programmes.match import _codebook_names, campaign_forms
from programmes.helpers import SANYI, match_text, one_sentence, tiny_codebook

# ----------------------------------------------------------------------------------------------------
# The matcher on small inputs
# ----------------------------------------------------------------------------------------------------

LIANG = {"id": "liang_sai_bi", "name_zh": "亮赛比", "aliases": ["亮承诺、赛实绩、比干劲"]}
STARS = {"id": "stars", "name_zh": "摘星夺旗创三宜", "aliases": ["摘夺创"]}
P982 = {"id": "p982", "name_zh": "982工程", "aliases": ["补短板982工程"]}
P13710 = {"id": "p13710", "name_zh": "13710工作制度", "aliases": ["13710平台"]}


@pytest.mark.parametrize(
    "text",
    [
        "开展亮承诺、赛实绩、比干劲活动",
        "开展亮承诺赛实绩比干劲活动",
        "开展“亮承诺，赛实绩，比干劲”活动",
        "开展亮承诺 赛实绩 比干劲活动",
    ],
)
def test_enumeration_commas_are_optional(text: str) -> None:
    found = match_text(text, [LIANG])
    assert found["programme_id"].tolist() == ["liang_sai_bi"]
    assert found["surface"].iloc[0].startswith("亮承诺") and found["surface"].iloc[0].endswith("比干劲")


def test_commas_only_where_the_alias_has_parts() -> None:
    assert match_text("创建“三、宜”", [SANYI]).empty
    assert match_text("创建三宜", [SANYI])["surface"].tolist() == ["三宜"]


def test_quotes_inside_and_around_a_name() -> None:
    found = match_text("68个补短板“982”工程和“13710”平台", [P982, P13710])
    assert found["surface"].tolist() == ["补短板“982”工程", "13710”平台"]
    assert found["programme_id"].tolist() == ["p982", "p13710"]


def test_line_break_in_raw_is_part_of_the_surface() -> None:
    raw = "抓好“摘夺创”用好“摘星夺\n旗创三宜”这个载体"
    found = match_text(raw, [STARS, SANYI])
    assert found["surface"].tolist() == ["摘夺创", "摘星夺\n旗创三宜"]
    for row in found.itertuples():
        assert raw[row.start : row.end] == row.surface


STAR_CAMPAIGN = {"id": "star_branch", "name_zh": "五星支部创建"}
FENGQIAO = {"id": "fengqiao", "name_zh": "枫桥式派出所", "aliases": ["创建枫桥式派出所"]}
VILLAGE = {"id": "village", "name_zh": "美丽乡村建设"}


def test_a_campaign_to_win_a_title_is_found_in_either_word_order() -> None:
    assert campaign_forms("五星支部创建") == ["创建五星支部", "争创五星支部"]
    assert campaign_forms("创建枫桥式派出所") == ["枫桥式派出所创建"]
    assert campaign_forms("三宜") == [] and campaign_forms("创文") == []  # no 创建, or no stem of two
    found = match_text("积极创建五星支部，争创五星支部，推进五星支部创建", [STAR_CAMPAIGN])
    assert found["surface"].tolist() == ["创建五星支部", "争创五星支部", "五星支部创建"]
    assert match_text("推进枫桥式派出所创建", [FENGQIAO])["programme_id"].tolist() == ["fengqiao"]
    # 建设 is not turned round: 建设美丽乡村 is as often a goal as the campaign's name
    assert match_text("建设美丽乡村", [VILLAGE]).empty
    assert match_text("推进美丽乡村建设", [VILLAGE])["surface"].tolist() == ["美丽乡村建设"]


def test_longest_match_wins_and_drops_overlaps() -> None:
    found = match_text("摘星夺旗创三宜，建设三宜", [STARS, SANYI])
    assert found["programme_id"].tolist() == ["stars", "san_yi"]
    nested = match_text("补短板982工程", [P982, {"id": "short", "name_zh": "短板"}])
    assert nested["programme_id"].tolist() == ["p982"]
    # a longer name that starts later beats a shorter one that starts earlier
    crossing = match_text(
        "一补短板982工程", [{"id": "p982", "name_zh": "短板982工程"}, {"id": "yb", "name_zh": "一补短"}]
    )
    assert crossing["programme_id"].tolist() == ["p982"]


def test_width_variants_and_layout_spaces() -> None:
    entries = [
        {"id": "zhu", "name_zh": "逐社区（村）观摩"},
        {"id": "ka", "name_zh": "卡点1+3+4模式"},
        {"id": "gong", "name_zh": "党员攻坚班"},
    ]
    found = match_text('逐社区(村)观摩、卡点“1＋3＋4”模式、"党员 攻坚班"', entries, drop="")
    assert found["programme_id"].tolist() == ["zhu", "ka", "gong"]
    assert found["surface"].tolist() == ["逐社区(村)观摩", "卡点“1＋3＋4”模式", "党员 攻坚班"]


def test_mentions_outside_the_given_sentences_are_dropped() -> None:
    clean = fake_clean("三宜。三宜。")
    sentences = one_sentence("d", clean).assign(clean_end=3)
    found = programmes.match_programmes(sentences, {"d": clean}, tiny_codebook([SANYI]))
    assert found["start"].tolist() == [0]


def test_empty_input_keeps_columns() -> None:
    empty = one_sentence("d", fake_clean("x")).iloc[0:0]
    found = programmes.match_programmes(empty, {}, tiny_codebook([SANYI]))
    assert list(found.columns) == programmes.MENTION_COLUMNS and found.empty


def test_matcher_is_fast(seeds, codebook) -> None:
    _documents, cleaned, _sentences = seeds
    text = "".join(c.text for c in cleaned.values()) * 40  # about 0.8 million characters
    pattern, owners = programmes.build_matcher(_codebook_names(codebook))
    began = time.perf_counter()
    found = programmes.find_names(text, pattern, owners)
    assert time.perf_counter() - began < 5.0
    assert len(found) > 40 * 150  # 171 mentions in one copy of the seeds (codebook 1.2.0)


# ----------------------------------------------------------------------------------------------------
# The matcher on the seeds
# ----------------------------------------------------------------------------------------------------


def test_seed_mentions_cite_the_raw_text(seeds, mentions) -> None:
    _documents, cleaned, sentences = seeds
    assert list(mentions.columns) == programmes.MENTION_COLUMNS
    for row in mentions.itertuples():
        assert cleaned[row.doc_id].raw[row.start : row.end] == row.surface
    assert set(mentions["sentence_id"]) <= set(sentences["sentence_id"])
    assert (mentions["sentence_id"].str.rsplit("-", n=1).str[0] == mentions["article_id"]).all()
    assert (mentions["source"] == "codebook").all()
    assert set(mentions["doc_id"]) == set(cleaned)
    line_broken = mentions[mentions["surface"].str.contains("\n")]
    assert "摘星夺\n旗创三宜" in set(line_broken["surface"])
    ordered = mentions.sort_values(["doc_id", "start", "end", "programme_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(mentions, ordered)


def test_seed_mentions_are_deterministic(seeds, codebook, mentions) -> None:
    _documents, cleaned, sentences = seeds
    again = programmes.match_programmes(sentences.sample(frac=1, random_state=1), cleaned, codebook)
    pd.testing.assert_frame_equal(mentions, again)


GRID = {"id": "grid", "name_zh": "党建引领网格化推进基层治理", "aliases": ["网格化"]}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("推进党建引领网格化治理", ["网格化"]),
        ("进一步细化网格化服务管理", ["网格化"]),  # a verb in 化 before it: still a name
        ("以“网格化”为依托", ["网格化"]),
        ("信息化网格化精细化支撑", []),  # a run of qualities
        ("以网格化、数智化为抓手", []),
        ("走出了一条数字化、网格化之路", []),
    ],
)
def test_a_name_in_a_run_of_qualities_is_not_a_mention(text: str, found: list[str]) -> None:
    assert match_text(text, [GRID])["surface"].tolist() == found


def test_the_quality_run_rule_needs_a_name_ending_in_hua() -> None:
    assert match_text("推行三宜、规范化管理", [SANYI])["surface"].tolist() == ["三宜"]
