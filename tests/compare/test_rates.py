"""govtext.compare.rates: hand-computable rates, the deterministic bootstrap, display tables and
leave-one-out checks."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from compare.helpers import DIMENSIONS_FILE, TERMS, make_sentences
from govtext import compare


def test_rate_is_hits_per_ten_thousand_characters() -> None:
    sentences = make_sentences([("d1", "A", "攻坚" + "x" * 4998), ("d1", "A", "专班" + "x" * 4998)])
    rates = compare.dimension_rates(sentences, TERMS, n_boot=0)
    row = rates.set_index("dimension").loc["campaign"]
    assert row["n_chars"] == 10_000 and row["hits"] == 2
    assert row["rate"] == pytest.approx(2.0)
    assert math.isnan(row["ci_low"])


def test_rates_count_body_sentences_only_by_default() -> None:
    body = make_sentences([("d1", "A", "攻坚" + "x" * 98)])
    heading = make_sentences([("d1", "A", "攻坚攻坚")], part="heading")
    sentences = pd.concat([body, heading], ignore_index=True)
    default = compare.dimension_rates(sentences, TERMS, n_boot=0).set_index("dimension")
    assert default.loc["campaign", "rate"] == pytest.approx(1 / 100 * 10_000)
    everything = compare.dimension_rates(sentences, TERMS, n_boot=0, parts=None).set_index("dimension")
    assert everything.loc["campaign", "hits"] == 3


def _bootstrap_corpus() -> pd.DataFrame:
    rows = []
    for i in range(30):
        rows.append(("g1", "Gongyi", ("攻坚" if i % 3 == 0 else "工作") + "推进落实" * (1 + i % 4)))
        rows.append(("z1", "Zhongyuan", ("疫情防控" if i % 2 == 0 else "专班") + "建设" * (2 + i % 3)))
    return make_sentences(rows)


def test_bootstrap_is_deterministic_and_contains_the_estimate() -> None:
    sentences = _bootstrap_corpus()
    first = compare.dimension_rates(sentences, TERMS, n_boot=300, seed=7)
    again = compare.dimension_rates(sentences, TERMS, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(first, again)
    other_seed = compare.dimension_rates(sentences, TERMS, n_boot=300, seed=8)
    assert not np.allclose(first["ci_low"], other_seed["ci_low"])
    assert (first["ci_low"] <= first["rate"]).all() and (first["rate"] <= first["ci_high"]).all()
    nonzero = first[first["hits"] > 0]
    assert len(nonzero) == 3 and (nonzero["ci_low"] < nonzero["ci_high"]).all()
    zero = first[first["hits"] == 0].iloc[0]  # no hit in any resample: a degenerate interval at 0
    assert zero["ci_low"] == zero["ci_high"] == 0.0
    assert list(first["locality"].unique()) == ["Gongyi", "Zhongyuan"]
    assert list(first["dimension"].unique()) == ["campaign", "crisis"]


def test_a_groups_interval_does_not_depend_on_other_groups() -> None:
    sentences = _bootstrap_corpus()
    both = compare.dimension_rates(sentences, TERMS, n_boot=200)
    alone = compare.dimension_rates(sentences[sentences["locality"] == "Zhongyuan"], TERMS, n_boot=200)
    pd.testing.assert_frame_equal(both[both["locality"] == "Zhongyuan"].reset_index(drop=True), alone)


def test_rates_need_a_locality_column() -> None:
    sentences = make_sentences([("d1", "A", "攻坚")]).drop(columns="locality")
    with pytest.raises(ValueError, match="attach_locality"):
        compare.dimension_rates(sentences, TERMS)


def test_attach_locality_joins_on_doc_id_and_rejects_unknown_documents() -> None:
    frame = pd.DataFrame({"doc_id": ["b", "a", "b"], "x": [1, 2, 3]})
    documents = pd.DataFrame({"doc_id": ["a", "b"], "locality": ["Gongyi", "Xingyang"]})
    out = compare.attach_locality(frame, documents)
    assert out["locality"].tolist() == ["Xingyang", "Gongyi", "Xingyang"]
    with pytest.raises(ValueError, match="not in documents: c"):
        compare.attach_locality(pd.DataFrame({"doc_id": ["c"]}), documents)


def test_leave_one_out_drops_each_document_of_the_group() -> None:
    sentences = make_sentences(
        [("g1", "?", "攻坚" + "x" * 98), ("g2", "?", "x" * 100), ("x1", "?", "专班" + "x" * 198)]
    ).drop(columns="locality")
    documents = pd.DataFrame({"doc_id": ["g1", "g2", "x1"], "locality": ["Gongyi", "Gongyi", "Xingyang"]})
    loo = compare.leave_one_out(sentences, TERMS, documents, group="Gongyi")
    assert list(loo["left_out"].unique()) == ["none", "g1", "g2"]
    gongyi = loo[(loo["locality"] == "Gongyi") & (loo["dimension"] == "campaign")].set_index("left_out")
    assert gongyi.loc["none", "rate"] == pytest.approx(1 / 200 * 10_000)
    assert gongyi.loc["g1", "rate"] == 0.0
    assert gongyi.loc["g2", "rate"] == pytest.approx(1 / 100 * 10_000)
    xingyang = loo[(loo["locality"] == "Xingyang") & (loo["dimension"] == "campaign")]
    assert xingyang["rate"].nunique() == 1  # other places are untouched


def test_rates_by_article_carry_the_locality_and_combine_for_export() -> None:
    sentences = _bootstrap_corpus()
    by_article = compare.dimension_rates(sentences, TERMS, by="article_id", n_boot=0, carry=["locality"])
    assert list(by_article.columns[:3]) == ["article_id", "locality", "dimension"]
    assert dict(zip(by_article["article_id"], by_article["locality"], strict=True)) == {
        "g1-1": "Gongyi",
        "z1-1": "Zhongyuan",
    }
    by_place = compare.dimension_rates(sentences, TERMS, n_boot=0)
    combined = compare.combine_rates({"place": by_place, "article": by_article})
    assert list(combined.columns) == ["level", "group", "locality", *compare.RATE_COLUMNS]
    assert combined["level"].tolist() == ["place"] * 4 + ["article"] * 4
    assert combined.loc[combined["level"] == "article", "group"].tolist()[0] == "g1-1"
    mixed = sentences.assign(locality=["A", "A", "B", "B"] * (len(sentences) // 4))
    with pytest.raises(ValueError, match="'locality' is not constant within article_id"):
        compare.dimension_rates(mixed, TERMS, by="article_id", n_boot=0, carry=["locality"])


def _rates_frame() -> pd.DataFrame:
    rows = [
        ("A", "campaign", 10.0, 8.0, 12.0),
        ("B", "campaign", 20.0, 13.0, 30.0),
        ("C", "campaign", 5.0, 1.0, 9.0),
        ("A", "crisis", 4.0, 2.0, 6.0),
        ("B", "crisis", 4.0, 1.0, 7.0),
        ("C", "crisis", 0.0, 0.0, 0.0),
    ]
    return pd.DataFrame(rows, columns=["locality", "dimension", "rate", "ci_low", "ci_high"])


def test_rate_table_cells_and_order() -> None:
    table = compare.rate_table(_rates_frame(), columns=["C", "A", "B"])
    assert list(table.columns) == ["C", "A", "B"]
    assert list(table.index) == ["campaign", "crisis"]
    assert table.loc["campaign", "B"] == "20 [13–30]"
    rates = _rates_frame().assign(ci_low=np.nan)
    assert compare.rate_table(rates, digits=1).loc["crisis", "A"] == "4.0"


def test_rate_table_uses_english_names_from_the_codebook() -> None:
    codebook = compare.load_dimensions(DIMENSIONS_FILE)
    rates = _rates_frame().replace({"campaign": "mobilisation_campaign", "crisis": "crisis_response"})
    table = compare.rate_table(rates, codebook)
    assert list(table.index) == ["Campaign mobilisation", "Crisis response"]


def test_rate_leaders_and_separation() -> None:
    leaders = compare.rate_leaders(_rates_frame()).set_index("dimension")
    assert leaders.loc["campaign", "leader"] == "B" and leaders.loc["campaign", "runner_up"] == "A"
    assert leaders.loc["campaign", "ratio"] == pytest.approx(2.0)
    assert bool(leaders.loc["campaign", "separated"])  # 13 > 12
    assert leaders.loc["crisis", "leader"] == "A"  # tie at 4.0: the name that sorts first
    assert not bool(leaders.loc["crisis", "separated"])


def test_article_contributions_hand_computed() -> None:
    rows = [
        ("d1", "A", "攻坚攻坚" + "x" * 96),  # article d1-1: 2 hits in 100 chars
        ("d2", "A", "攻坚" + "x" * 298),  # article d2-1: 1 hit in 300 chars
        ("d3", "B", "专班" + "x" * 98),
    ]
    sentences = make_sentences(rows)
    table = compare.article_contributions(sentences, TERMS).set_index(["locality", "dimension"])
    row = table.loc[("A", "campaign")]
    assert row["n_articles"] == 2 and row["hits"] == 3
    assert row["top_article"] == "d1-1"
    assert row["top_hit_share"] == pytest.approx(2 / 3)
    assert row["top_char_share"] == pytest.approx(100 / 400)
    assert row["rate"] == pytest.approx(3 / 400 * 10_000)
    assert row["rate_without_top"] == pytest.approx(1 / 300 * 10_000)
    assert math.isnan(table.loc[("B", "campaign"), "rate_without_top"])
    assert list(table.index.get_level_values(1)[:2]) == ["campaign", "crisis"]  # codebook order


def test_leave_one_out_summary_counts_leader_changes() -> None:
    rows = []
    for left_out, gongyi in [("none", 10.0), ("g1", 4.0), ("g2", 12.0)]:
        rows += [(left_out, "Gongyi", "campaign", gongyi), (left_out, "Zhongyuan", "campaign", 8.0)]
    loo = pd.DataFrame(rows, columns=["left_out", "locality", "dimension", "rate"])
    summary = compare.leave_one_out_summary(loo, group="Gongyi").iloc[0]
    assert summary["rate_full"] == 10.0 and summary["rate_min"] == 4.0 and summary["rate_max"] == 12.0
    assert summary["leader_full"] == "Gongyi"
    assert summary["leader_changes"] == 1
    assert summary["leaders"] == "Gongyi; Zhongyuan"


def test_dimensions_on_the_seeds(seed_tables) -> None:
    documents, cleaned, sentences = seed_tables
    codebook = compare.load_dimensions(DIMENSIONS_FILE)
    rates = compare.dimension_rates(sentences, codebook, n_boot=200)
    assert set(rates["locality"]) == {"Gongyi", "Xingyang", "Zhongyuan"}
    totals = rates.groupby("dimension")["hits"].sum()
    assert (totals > 0).all(), totals[totals == 0]
    wide = rates.pivot(index="dimension", columns="locality", values="rate")
    assert wide.loc["crisis_response"].idxmax() == "Xingyang"  # the flood and the epidemic
    assert wide.loc["digital_platforms"].idxmax() == "Xingyang"  # apps, the 13710 platform, big data
    assert wide.loc["grid_management"].idxmax() == "Xingyang"  # its three-tier grid, ledgers, closed loops
    assert wide.loc["party_leadership"].idxmax() == "Zhongyuan"  # the organisation department's report
    hits = compare.kwic(sentences, "挂图作战", cleaned=cleaned)
    assert set(hits["doc_id"].str[:3]) == {"002", "003"}
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for doc_id, start, end in hits[["doc_id", "start", "end"]].itertuples(index=False):
        assert re.sub(r"\s", "", raw[doc_id][start:end]) == "挂图作战"
    loo = compare.leave_one_out(sentences, codebook, documents, group="Gongyi")
    assert loo["left_out"].nunique() == 4
