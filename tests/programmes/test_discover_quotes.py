"""govtext.programmes.discover: the clues that tell a quoted name from a quoted figure of speech (a contrast
of two quoted phrases, a quoted dictionary word) and a word of the field in a candidate."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import fake_clean

from govtext import programmes
from govtext.programmes import scoring
from programmes.helpers import CODEBOOK, SANYI, one_sentence, tiny_codebook
from programmes.test_discover_tags import fake_tagger

RULES = programmes.load_discovery_rules(CODEBOOK)


def found(raw: str, tagged: bool = True, rules: scoring.CandidateRules | None = None) -> pd.DataFrame:
    clean = fake_clean(raw, "\n")
    table = programmes.discover_candidates(
        one_sentence("d", clean),
        {"d": clean},
        tiny_codebook([SANYI]),
        RULES,
        rules,
        tag_words=fake_tagger if tagged else None,
    )
    return table.set_index("candidate", drop=False)


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("实现从“治理洼地”到“五星高地”的蝶变。", ["治理洼地", "五星高地"]),
        ("推动社区由“管得住”向“治得好”转变。", ["管得住", "治得好"]),
        ("变“单兵作战”为“集中兵力”。", ["单兵作战", "集中兵力"]),
        ("从‘小网格’到‘大治理’。", ["小网格", "大治理"]),
    ],
)
def test_both_sides_of_a_quoted_contrast_are_flagged(text, sides) -> None:
    table = found(text)
    assert table.loc[sides, "contrast"].tolist() == [True, True]


def test_a_quoted_name_that_is_no_contrast_is_not_flagged() -> None:
    table = found("推行“治理洼地”工作法。从“邻里中心”出发，到社区去。“甲”到“乙”")
    assert not table["contrast"].any()  # no opener before, no link right after a closing mark
    weights = dict(scoring.default_candidate_rules().weights)
    assert weights["contrast"] < 0  # the packaged weights count a contrast against a name


def test_a_quoted_dictionary_word_is_flagged_only_with_a_tagger() -> None:
    text = "把准“社区”方向。推行“邻里书记”。"
    table = found(text)
    assert table.loc["社区", "dictionary_word"]  # one word of the tagger's dictionary
    assert not table.loc["邻里书记", "dictionary_word"]  # two words: a coined phrase
    assert not found(text, tagged=False)["dictionary_word"].any()


def test_a_word_of_the_field_is_flagged_and_the_lists_are_data(tmp_path) -> None:
    table = found("推行“邻里书记”。打造“甜蜜烘焙”。")
    assert table.loc["邻里书记", "domain_word"] and not table.loc["甜蜜烘焙", "domain_word"]
    packaged = scoring._packaged(scoring.CLUES_FILE).read_text(encoding="utf-8")
    older = tmp_path / "clues.yml"  # a clues file written before round 7 still loads; the rules are off
    older.write_text(packaged[: packaged.index("# Round 7.")], encoding="utf-8")
    rules = scoring.load_candidate_rules(clues=older)
    assert rules.domain_words == () and rules.contrast_links == ()
    plain = found("推行“邻里书记”。从“治理洼地”到“五星高地”。", rules=rules)
    assert not plain["domain_word"].any() and not plain["contrast"].any()


def test_short_quoted_phrases_and_quoted_repeats_are_clues_of_their_own() -> None:
    table = found("圆了“电梯梦”。再圆“电梯梦”。推行“三零”。推行“邻里书记”。").reset_index(drop=True)
    flags = scoring.feature_flags(table)
    by_name = dict(zip(table["candidate"], flags["short_quoted"], strict=True))
    assert by_name["电梯梦"] and not by_name["三零"]  # numerals make a short formula, not a figure of speech
    assert not by_name["邻里书记"]  # four characters
    repeated = dict(zip(table["candidate"], flags["quoted_repeated"], strict=True))
    assert repeated["电梯梦"] and not repeated["邻里书记"]
    weights = scoring.default_candidate_rules().weights
    assert weights["short_quoted"] < 0 and weights["quoted_repeated"] < weights["repeated_in_document"]


def test_a_candidate_inside_page_furniture_is_not_reported() -> None:
    # a phone label (新闻热线：…) is furniture; the same suffix in running text is a candidate
    assert "荥阳政务新闻热线" not in found("（荥阳政务新闻热线：15890039999）社区开展活动。").index
    assert "荥阳政务新闻热线" in found("社区开通荥阳政务新闻热线，方便居民反映问题。").index
