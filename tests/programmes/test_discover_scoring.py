"""govtext.programmes.discover: the features and the score of discovery candidates, on synthetic text."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pandas as pd
import pytest
from conftest import fake_clean
from hypothesis import given, settings
from hypothesis import strategies as st

from govtext import programmes
from govtext.programmes import scoring
from govtext.yamlfile import ResourceError
from programmes.helpers import CODEBOOK, SANYI, one_sentence, tiny_codebook

RULES = programmes.load_discovery_rules(CODEBOOK)


def found(raw: str, crules: scoring.CandidateRules | None = None, drop: str = "\n"):
    clean = fake_clean(raw, drop)
    table = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), RULES, crules
    )
    return table.set_index("candidate", drop=False)


def test_quoted_name_takes_the_suffix_after_the_closing_quote() -> None:
    table = found("社区积极探索“邻里微网格”治理模式，成效明显。")
    assert table["candidate"].tolist() == ["邻里微网格治理模式"]  # one span, not also 治理模式
    row = table.loc["邻里微网格治理模式"]
    assert row["surface"] == "邻里微网格”治理模式"
    assert row["pattern"] == "quoted" and row["quoted"]
    assert row["name_suffix"] == "模式" and row["suffix_strength"] == "weak"
    assert row["introduced"]  # 探索 right before the quotation mark
    assert row["selected"]


def test_tail_stops_at_a_boundary_word_and_needs_a_suffix() -> None:
    table = found("以“快办速度”建立联席会议制。提出“好口碑”的要求。")
    assert "快办速度" in table.index  # not 快办速度建立联席会议制: 建立 starts a new phrase
    assert "联席会议制" in table.index
    assert "好口碑" in table.index  # 的 ends the tail: no suffix, no extension


def test_ascii_and_full_width_quotes_are_both_quotation() -> None:
    full = found("推行“红色代办”服务。")
    ascii_ = found('推行"红色代办"服务。')
    assert full.loc["红色代办", "quoted"] and ascii_.loc["红色代办", "quoted"]
    assert full.loc["红色代办", "score"] == ascii_.loc["红色代办", "score"]


def test_numeral_formulas_and_counts() -> None:
    table = found("推行“三联一包”机制，落实“1+2+N”模式，开展“党建+”行动，形成“四支队伍”。")
    assert table.loc["三联一包机制", "numerals"] == "formula"
    assert table.loc["1+2+N模式", "numerals"] == "formula"
    assert table.loc["党建+行动", "numerals"] == "formula"  # a + formula, whatever the numerals
    assert table.loc["四支队伍", "numerals"] == "count"
    assert table.loc["四支队伍", "generic"]  # a count of a generic noun
    assert not table.loc["四支队伍", "selected"]
    assert table.loc["三联一包机制", "selected"]


def test_generic_policy_nouns_and_plain_nouns() -> None:
    table = found("健全长效工作机制。开办共享食堂，完善治理模式。")
    assert table.loc["长效工作机制", "generic"]
    assert not table.loc["长效工作机制", "selected"]
    assert not table.loc["共享食堂", "generic"]  # 食堂 is a facility, not a policy noun
    assert table.loc["共享食堂", "suffix_strength"] == "strong"
    assert table.loc["共享食堂", "selected"]
    assert "完善治理模式" not in table.index


def test_quoted_sentences_slogans_and_posts_score_low() -> None:
    table = found("他说：“今天来了，真好！”争当“文明宣传员”。打通“最后一步”。")
    assert table.loc["今天来了，真好！", "clause_punctuation"]
    assert table.loc["文明宣传员", "post_or_body"]
    assert not table[["clause_punctuation", "post_or_body"]].any(axis=1).loc["最后一步"]
    assert not table.loc[["今天来了，真好！", "最后一步"], "selected"].any()
    # The post's clue is scored by the fit, not fixed: round 25's weights give post_or_body +0.1 (the blind
    # coders code numeral formulas of posts, 一长五员, 十大员), so a quoted post alone can reach the
    # threshold.
    rules = scoring.default_candidate_rules()
    without = dataclasses.replace(rules, weights={**rules.weights, "post_or_body": 0.0})
    rescored = scoring.score_candidates(table.reset_index(drop=True), without).set_index("candidate")
    shift = table.loc["文明宣传员", "score"] - rescored.loc["文明宣传员", "score"]
    assert shift == pytest.approx(rules.weights["post_or_body"])
    assert table.loc["今天来了，真好！", "score"] == pytest.approx(rescored.loc["今天来了，真好！", "score"])


def test_not_programmes_are_never_selected() -> None:
    rules = scoring.default_candidate_rules().with_not_programmes(["三联一包机制"])
    table = found("推行“三联一包”机制。", rules)
    assert table.loc["三联一包机制", "not_programme"]
    assert not table.loc["三联一包机制", "selected"]
    assert found("推行“三联一包”机制。").loc["三联一包机制", "selected"]


def test_recurrence_counts_and_re_ranking() -> None:
    table = found("推行“红色代办”。“红色代办”受欢迎。")
    assert table["n_in_doc"].tolist() == [2, 2]
    assert table["n_docs"].tolist() == [1, 1] and table["n_corpus"].tolist() == [2, 2]
    rules = scoring.default_candidate_rules()
    zero = dataclasses.replace(rules, weights=dict.fromkeys(scoring.WEIGHT_NAMES, 0.0), threshold=0.5)
    rescored = scoring.score_candidates(table, zero)
    assert (rescored["score"] == 0).all() and not rescored["selected"].any()
    heavy = dataclasses.replace(rules, weights={**rules.weights, "repeated_in_document": 10.0})
    assert (scoring.score_candidates(table, heavy)["score"] > table["score"]).all()


def test_corpus_counts_can_be_left_out() -> None:
    clean = fake_clean("推行“红色代办”。")
    table = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), RULES, corpus_counts=False
    )
    assert "n_docs" not in table.columns and "n_corpus" not in table.columns
    assert "n_in_doc" in table.columns and table["selected"].dtype == bool


def test_overlapping_spans_are_resolved() -> None:
    table = found("实行“一网格一支部”制度和三机制一流程。")
    spans = sorted(zip(table["start"], table["end"], strict=True))
    assert all(a_end <= b_start for (_a, a_end), (b_start, _b) in itertools.pairwise(spans))
    assert "三机制一流程" in table.index and "三机制" not in table.index


PIECES = [
    "推行",
    "“邻里微网格”",
    "治理模式",
    "，",
    "。",
    "\n",
    "“三联一包”机制",
    "共享食堂",
    "建立",
    '"红色代办"',
    "1+2+N",
    "工作法",
    "的",
    "长效机制",
    "四支队伍",
    "‘社区工作日’",
    "河长制",
    " ",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_every_candidate_cites_the_raw_text_and_none_overlap(pieces: list[str]) -> None:
    raw = "".join(pieces)
    clean = fake_clean(raw, drop="\n ")
    if not clean.text:
        return
    table = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), RULES
    )
    for row in table.itertuples():
        assert raw[row.start : row.end] == row.surface
    spans = sorted(zip(table["start"], table["end"], strict=True))
    assert all(a_end <= b_start for (_a, a_end), (b_start, _b) in itertools.pairwise(spans))
    assert (
        table["selected"].tolist() == (table["score"] >= scoring.default_candidate_rules().threshold).tolist()
    )


def test_rule_files_are_checked(tmp_path: Path) -> None:
    bad_weight = tmp_path / "scoring.yml"
    bad_weight.write_text("threshold: 1\nweights:\n  loudness: 2\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="unknown feature"):
        scoring.load_candidate_rules(scoring=bad_weight)
    no_threshold = tmp_path / "scoring2.yml"
    no_threshold.write_text("threshold: high\nweights: {}\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="threshold"):
        scoring.load_candidate_rules(scoring=no_threshold)
    clues = scoring._packaged(scoring.CLUES_FILE).read_text(encoding="utf-8")
    both = tmp_path / "clues.yml"
    both.write_text(clues.replace("weak_suffixes:\n", "weak_suffixes:\n  - 工作法\n"), encoding="utf-8")
    with pytest.raises(ResourceError, match="both strong and weak"):
        scoring.load_candidate_rules(clues=both)


def test_generic_nouns_are_not_programme_names(codebook) -> None:
    """The stop list holds general words: none is a name or alias of a codebook programme."""
    rules = scoring.default_candidate_rules()
    names = {programmes.name_key(n) for n in codebook["name_zh"]}
    names |= {programmes.name_key(a) for aliases in codebook["aliases"] for a in aliases}
    assert not rules.generic_nouns & names


def test_suggest_proposes_only_selected_candidates() -> None:
    from govtext.programmes.suggest import propose_entries

    text = "推行“红色代办”机制。“好心情”来了。"
    table = found(text)
    sentences = pd.DataFrame(
        {"doc_id": ["d"], "sentence_id": ["d-1-1"], "text": [text], "start": [0], "end": [len(text)]}
    )
    as_csv = table.reset_index(drop=True).astype({"selected": str})  # candidates.csv holds True/False
    names = [p.name_zh for p in propose_entries(as_csv, sentences, {"programmes": []}, min_docs=1)]
    assert names == ["红色代办机制"]
    assert not table.loc["好心情", "selected"]
