"""govtext.compare.vocabulary: weighted log-odds by hand, similarity, place names, top-term
comparisons and the stopword list."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from govtext import compare
from govtext.resources import resource_path
from govtext.segment import load_wordlist

STOPWORDS_FILE = resource_path("stopwords")


def _tokens(counts: dict[str, dict[str, int]]) -> pd.DataFrame:
    rows = [
        {"locality": group, "token": token, "pos": "n", "is_stopword": False}
        for group, by_token in counts.items()
        for token, n in by_token.items()
        for _ in range(n)
    ]
    return pd.DataFrame(rows)


def test_weighted_log_odds_matches_a_hand_computation() -> None:
    tokens = _tokens({"A": {"攻坚": 3, "服务": 1}, "B": {"攻坚": 1, "服务": 3}})
    # prior = corpus counts (4, 4) at their own size: a_w = 4, alpha0 = 8; n_A = n_B = 4
    odds = compare.weighted_log_odds(tokens, alpha0=None, min_count=1)
    row = odds[(odds["locality"] == "A") & (odds["term"] == "攻坚")].iloc[0]
    delta = math.log(7 / 5) - math.log(5 / 7)
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(delta / math.sqrt(1 / 7 + 1 / 5))
    assert (row["count"], row["count_rest"], row["total"]) == (3, 1, 4)


def test_weighted_log_odds_sign_symmetry_and_order() -> None:
    tokens = _tokens({"A": {"攻坚": 9, "服务": 2, "平台": 4}, "B": {"攻坚": 1, "服务": 8, "平台": 4}})
    odds = compare.weighted_log_odds(tokens, min_count=1)
    z = odds.pivot(index="term", columns="locality", values="z")
    assert z.loc["攻坚", "A"] > 0 > z.loc["攻坚", "B"]
    assert z.loc["服务", "B"] > 0 > z.loc["服务", "A"]
    np.testing.assert_allclose(z["A"], -z["B"])  # two groups: A vs rest is B vs rest mirrored
    assert odds["locality"].tolist() == ["A"] * 3 + ["B"] * 3
    assert odds.loc[odds["locality"] == "A", "term"].tolist() == ["攻坚", "平台", "服务"]
    pd.testing.assert_frame_equal(odds, compare.weighted_log_odds(tokens.iloc[::-1], min_count=1))


def test_weighted_log_odds_filters_and_top_terms() -> None:
    tokens = _tokens(
        {"A": {"攻坚": 5, "的": 9, "2020": 9, "巩义": 9, "罕见": 1}, "B": {"服务": 5, "攻坚": 1}}
    )
    tokens.loc[tokens["token"] == "的", "is_stopword"] = True
    odds = compare.weighted_log_odds(tokens, min_count=2, exclude_terms=["巩义"])
    assert set(odds["term"]) == {"攻坚", "服务"}  # stopword, number, excluded and rare terms dropped
    top = compare.top_terms(odds, n=1)
    assert top[["locality", "rank", "term"]].values.tolist() == [["A", 1, "攻坚"], ["B", 1, "服务"]]


def test_cosine_of_identical_profiles_is_one() -> None:
    profile = pd.DataFrame(
        {"campaign": [2.0, 4.0, 0.0, 0.0], "services": [1.0, 2.0, 0.0, 3.0]}, index=["A", "B", "C", "D"]
    )
    sim = compare.cosine_similarity_profiles(profile)
    assert sim.loc["A", "B"] == pytest.approx(1.0)
    assert sim.loc["A", "A"] == 1.0
    assert sim.loc["B", "A"] == sim.loc["A", "B"]
    assert np.isnan(sim.loc["A", "C"])  # C has no mentions at all
    assert sim.loc["A", "D"] == pytest.approx(1 / math.sqrt(5))
    assert list(sim.index) == list(sim.columns) == ["A", "B", "C", "D"]


def test_tfidf_similarity_of_identical_groups() -> None:
    tokens = _tokens({"A": {"攻坚": 2, "服务": 1}, "B": {"攻坚": 2, "服务": 1}, "C": {"平台": 3}})
    sim = compare.cosine_similarity_tfidf(tokens)
    assert sim.loc["A", "B"] == pytest.approx(1.0)
    assert sim.loc["A", "C"] == pytest.approx(0.0)


PLACES = pd.DataFrame(
    {
        "doc_id": ["g1", "x1"],
        "place_zh": ["巩义市", "荥阳市"],
        "sub_units": ["杜甫路街道; 巩义市委市政府", "汜水镇西邢村"],
    }
)


def test_place_name_stems_and_terms() -> None:
    assert compare.place_name_stems(PLACES) == ["巩义", "杜甫", "汜水", "荥阳", "西邢"]
    vocabulary = [
        "巩义",
        "巩义市",
        "巩义市委",
        "杜甫路街道",
        "荥阳模式",
        "西邢村",
        "汜水镇",
        "巩义人",
        "攻坚",
    ]
    assert compare.place_name_terms(vocabulary, PLACES) == [
        "巩义",
        "巩义市",
        "巩义市委",
        "杜甫路街道",
        "汜水镇",
        "西邢村",
    ]


def test_token_summary_counts_what_log_odds_counts() -> None:
    tokens = pd.DataFrame(
        {
            "locality": ["A"] * 5 + ["B"] * 2,
            "token": ["攻坚", "攻坚", "的", "，", "3", "平台", "巩义"],
            "pos": ["v", "v", "uj", "x", "m", "n", "ns"],
            "is_stopword": [False, False, True, True, False, False, False],
        }
    )
    summary = compare.token_summary(tokens, exclude_terms=["巩义"]).set_index("locality")
    assert summary.loc["A", "n_tokens"] == 5 and summary.loc["A", "n_counted"] == 2
    assert summary.loc["A", "n_types"] == 1 and summary.loc["A", "mean_chars"] == pytest.approx(2.0)
    assert summary.loc["B", "n_counted"] == 1


def _log_odds_table(terms: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for group, words in terms.items():
        rows += [(group, w, 10.0 - i) for i, w in enumerate(words)]
    return pd.DataFrame(rows, columns=["locality", "term", "z"])


def test_compare_top_terms_side_by_side_and_overlap() -> None:
    first = _log_odds_table({"A": ["攻坚", "专班", "平台"], "B": ["网格", "数据"]})
    second = _log_odds_table({"A": ["专班", "攻", "坚"], "B": ["网格", "数据"]})
    pairs = compare.compare_top_terms(first, second, n=3, names=("with", "without"))
    a = pairs[pairs["locality"] == "A"]
    assert a[["rank", "with", "without"]].values.tolist() == [
        [1, "攻坚", "专班"],
        [2, "专班", "攻"],
        [3, "平台", "坚"],
    ]
    assert a["in_both"].tolist() == [False, True, False]
    overlap = compare.top_terms_overlap(first, second, n=2).set_index("locality")
    assert overlap.loc["A", "shared"] == 1 and overlap.loc["B", "shared"] == 2
    assert overlap.loc["B", "share"] == pytest.approx(1.0)


def test_stopwords_are_function_words_not_governance_verbs() -> None:
    words = set(load_wordlist(STOPWORDS_FILE))
    assert {"的", "了", "我们", "在", "和", "是"} <= words
    assert not words & {"进行", "开展", "推进", "落实", "要", "确保", "群众", "各级", "党员"}
    header = STOPWORDS_FILE.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "written by the govtext project" in header and "NOT copied" in header
