"""The comparison chapters' summaries (govtext.report.compare), on small synthetic tables."""

from __future__ import annotations

import pandas as pd
import pytest

from govtext.report import compare as rc

PLACES = ["Gongyi", "Zhongyuan", "Xingyang"]


def _tests() -> pd.DataFrame:
    rows = [
        ("party", "Gongyi", 0.8, 1 / 35, 1.0),
        ("party", "Zhongyuan", 0.095, 1 / 21, 0.9),
        ("party", "Xingyang", 1 / 7, 1 / 7, 1.0),
        ("crisis", "Gongyi", 0.05, 1 / 35, 0.75),
        ("crisis", "Zhongyuan", 0.5, 1 / 21, 1.0),
        ("crisis", "Xingyang", 1 / 7, 1 / 7, 1.0),
    ]
    frame = pd.DataFrame(rows, columns=["dimension", "place", "p_value", "min_p_value", "p_adjusted"])
    return frame.assign(n_assignments=105)


def _rates() -> pd.DataFrame:
    rows = [(p, d, 10.0 * (k + 1), 5.0, 20.4) for k, p in enumerate(PLACES) for d in ["party", "crisis"]]
    return pd.DataFrame(rows, columns=["locality", "dimension", "rate", "ci_low", "ci_high"])


def test_permutation_facts_format_what_the_text_prints() -> None:
    leaders = pd.DataFrame(
        {"leader": ["Zhongyuan", "Xingyang"], "leader_rate": [132.3, 81.0], "ratio": [1.86, 5.06]},
        index=pd.Index(["party", "crisis"], name="dimension"),
    )
    facts = rc.permutation_facts(_tests(), _rates(), leaders, PLACES)
    assert facts["lead_party"] == "Zhongyuan" and facts["lead_rate_party"] == "132"
    assert facts["lead_ratio_crisis"] == "5.1"
    assert facts["rate_party_Xingyang"] == "30" and facts["ci_party_Gongyi"] == "5–20"
    assert facts["p_party_Zhongyuan"] == "0.095" and facts["padj_crisis_Gongyi"] == "0.75"
    assert facts["min_p_Xingyang"] == "0.143" and facts["one_in_Xingyang"] == "7"
    assert facts["one_in_Gongyi"] == "35" and facts["one_in_Zhongyuan"] == "21"
    assert facts["n_assignments"] == 105 and facts["n_tests"] == 6
    assert facts["n_raw_below_05"] == 1  # 0.05 counts: "at or below"
    assert facts["min_p_adjusted"] == "0.75"
    assert facts["n_at_floor"] == 2  # Xingyang twice
    with pytest.raises(ValueError, match="no test for place 'Elsewhere'"):
        rc.permutation_facts(_tests(), _rates(), leaders, [*PLACES, "Elsewhere"])
    with pytest.raises(ValueError, match="missing column"):
        rc.permutation_facts(_tests().drop(columns="p_value"), _rates(), leaders, PLACES)


def test_pair_sharing_counts_a_programme_named_everywhere_for_every_pair() -> None:
    shared = pd.DataFrame(
        {
            "programme_id": ["everywhere", "gz_1", "gz_2", "gx", "only_g"],
            "places": [
                "Gongyi; Xingyang; Zhongyuan",
                "Gongyi; Zhongyuan",
                "Gongyi; Zhongyuan",
                "Gongyi; Xingyang",
                "Gongyi",
            ],
        }
    )
    pairs = rc.pair_sharing(shared, PLACES).set_index(["place_a", "place_b"])
    assert list(pairs.index) == [("Gongyi", "Zhongyuan"), ("Gongyi", "Xingyang"), ("Zhongyuan", "Xingyang")]
    assert pairs.loc[("Gongyi", "Zhongyuan"), "n_shared"] == 3  # the programme named everywhere included
    assert pairs.loc[("Gongyi", "Zhongyuan"), "n_only_these_two"] == 2
    assert pairs.loc[("Gongyi", "Xingyang")].tolist() == [2, 1]
    assert pairs.loc[("Zhongyuan", "Xingyang")].tolist() == [1, 0]
    with pytest.raises(ValueError, match="places Elsewhere are not in"):
        rc.pair_sharing(pd.DataFrame({"programme_id": ["p"], "places": ["Elsewhere; Gongyi"]}), PLACES)


def test_pair_sharing_reads_the_places_as_shared_programmes_writes_them() -> None:
    from govtext.compare import shared_programmes

    mentions = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3", "d1", "d2"],
            "programme_id": ["all", "all", "all", "gz", "gz"],
            "name_zh": ["甲", "甲", "甲", "乙", "乙"],
            "kind": ["campaign"] * 5,
        }
    )
    documents = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "locality": ["Gongyi", "Zhongyuan", "Xingyang"]})
    pairs = rc.pair_sharing(shared_programmes(mentions, documents), PLACES)
    assert pairs["n_shared"].tolist() == [2, 1, 1] and pairs["n_only_these_two"].tolist() == [1, 0, 0]


def test_stage_facts_and_table() -> None:
    matrix = pd.DataFrame(
        {"mobilisation": [2, 0, 1], "supervision": [1, 3, 0], "reward": [1, 1, 0]},
        index=pd.Index(["a-1", "a-2", "b-1"], name="article_id"),
    )
    found = pd.DataFrame(
        {
            "sentence_id": ["a-1-1", "a-1-1", "a-1-2", "b-1-4"],
            "stage": ["mobilisation", "supervision", "reward", "mobilisation"],
            "cue": ["动员", "督查", "表彰", "动员"],
            "text": ["动员督查", "动员督查", "表彰", "动员"],
            "start": [0, 0, 10, 0],
            "end": [4, 4, 12, 2],
        }
    )
    sequence = pd.DataFrame(
        {
            "article_id": ["a-1", "a-2", "b-1"],
            "stage": ["mobilisation", "supervision", "mobilisation"],
            "order": 1,
        }
    )
    translations = pd.DataFrame({"sentence_id": ["a-1-1"], "translation": ["Mobilise and supervise."]})
    places = {"a-1": "Gongyi", "a-2": "Gongyi", "b-1": "Xingyang"}
    facts = rc.stage_facts(found, matrix, sequence, translations, places, {"a-1": "A one", "b-1": "B one"})
    assert facts["n_stages"] == 3 and facts["n_stages_less"] == 2
    assert facts["n_stage_sentences"] == 3 and facts["n_stage_rows"] == 4 and facts["n_translated"] == 1
    assert facts["n_articles_all_stages"] == 1 and facts["n_articles_five_plus"] == 2
    assert facts["n_first_mobilisation"] == 2 and facts["first_mobilisation_article"] == "A one, B one"
    assert facts["n_supervision_Gongyi"] == 4 and facts["n_supervision_Xingyang"] == 0
    table = rc.stage_sentence_table(found, translations, {"mobilisation": "Mobilisation meeting"})
    assert list(table.columns) == rc.STAGE_TABLE_COLUMNS
    assert table["stage"].tolist()[:2] == ["Mobilisation meeting", "supervision"]
    assert table["translation"].tolist() == ["Mobilise and supervise."] * 2 + ["", ""]
    with pytest.raises(ValueError, match="no stage 'inspection'"):
        rc.stage_facts(found, matrix, sequence, translations, places, {}, counted_stage="inspection")


def test_origin_facts() -> None:
    origins = pd.DataFrame(
        {
            "programme_id": ["p1", "p2", "p3", "p4"],
            "origin_level": ["municipal", "local", "local", "unknown"],
            "presentation": ["implementation", "invention", "implementation", "unknown"],
            "first_claim": ["", "全省首个", "", ""],
            "origin_quote": ["市定\n标准", "创新推出", "", ""],
        }
    )
    evidence = pd.DataFrame(
        {"programme_id": ["p3", "p3"], "role": ["origin", "presentation"], "quote": ["x", "作为试点\n县"]}
    )
    facts = rc.origin_facts(origins, evidence, ["p1", "p3"], pilot="p3")
    assert (
        facts["n_programmes_coded"] == 4 and facts["n_origin_known"] == 3 and facts["n_origin_unknown"] == 1
    )
    assert facts["n_origin_local"] == 2 and facts["n_origin_higher"] == 1
    assert facts["n_inventions"] == 1 and facts["n_implementations"] == 2 and facts["n_local_inventions"] == 1
    assert facts["n_first_claims"] == 1
    assert facts["origin_quote_p1"] == "市定标准" and facts["origin_quote_p3"] == "(none)"
    assert facts["origin_quote_grid_pilot"] == "作为试点县"
    with pytest.raises(KeyError, match="no programme 'p9'"):
        rc.origin_facts(origins, evidence, ["p9"], pilot="p3")
    with pytest.raises(KeyError, match="no presentation quote"):
        rc.origin_facts(origins, evidence, [], pilot="p1")


SENTENCES = pd.DataFrame(
    {
        "sentence_id": ["003_aa-1-30", "003_aa-1-31", "000_bb-1-2"],
        "text": ["通报批评", "成立指挥部", "评星"],
        "start": [100, 120, 5],
        "end": [104, 125, 7],
    }
)


def test_chain_quotes_and_the_mechanism_table() -> None:
    chain = {
        "Xingyang": {"lead_actor": ["003_aa-1-31"], "reward_sanction": ["003_aa-1-30", "003_aa-1-31"]},
        "Gongyi": {"reward_sanction": ["000_bb-1-2"]},
    }
    english = {"003_aa-1-30": "Criticised.", "003_aa-1-31": "Headquarters set up.", "000_bb-1-2": "Stars."}
    quotes = rc.chain_quotes(chain, SENTENCES, english)
    assert list(quotes.columns) == rc.CHAIN_COLUMNS
    assert quotes["sentence_id"].tolist() == ["003_aa-1-31", "003_aa-1-30", "003_aa-1-31", "000_bb-1-2"]
    assert quotes.loc[1, ["start", "end", "translation"]].tolist() == [100, 104, "Criticised."]
    table = rc.mechanism_table(quotes, ["lead_actor", "reward_sanction"], ["Gongyi", "Xingyang", "Zhongyuan"])
    assert table["place"].tolist() == ["Gongyi", "Xingyang", "Zhongyuan"]
    assert table.loc[1, "reward_sanction"] == "Criticised. [003_aa-1-30] / Headquarters set up. [003_aa-1-31]"
    assert table.loc[0, "lead_actor"] == "" and table.loc[2].tolist() == ["Zhongyuan", "", ""]
    with pytest.raises(KeyError, match="not a sentence of the corpus"):
        rc.chain_quotes({"Gongyi": {"target": ["000_bb-1-99"]}}, SENTENCES, english)
    with pytest.raises(KeyError, match="has no translation"):
        rc.chain_quotes(chain, SENTENCES, {"003_aa-1-30": "x"})


def test_dimension_split_facts_and_term_table() -> None:
    scores = pd.DataFrame(
        {
            "article_id": ["x-1", "x-1", "g-1", "g-1", "g-2", "g-2"],
            "dimension": ["platforms", "grids"] * 3,
            "rate": [50.0, 35.0, 7.7, 7.8, 0.0, 2.4],
        }
    )
    places = {"x-1": "Xingyang", "g-1": "Gongyi", "g-2": "Gongyi"}
    terms = pd.DataFrame(
        {
            "locality": ["Xingyang"] * 4 + ["Gongyi", "Gongyi"],
            "dimension": ["platforms", "platforms", "grids", "grids", "grids", "party"],
            "term": ["平台", "大数据", "网格", "台账", "网格", "党建"],
            "hits": [6, 2, 8, 4, 3, 9],
        }
    )
    facts = rc.dimension_split_facts(
        scores, terms, places, ["platforms", "grids"], "Xingyang", grid_term="网格"
    )
    assert facts["n_platforms_Xingyang"] == 8 and facts["n_grids_Xingyang"] == 12
    assert facts["n_terms_platforms_Xingyang"] == 2
    assert facts["max_platforms_other"] == "8" and facts["max_grids_other"] == "8"
    assert facts["n_split_Xingyang"] == 20 and facts["n_grid_term_Xingyang"] == 8
    assert facts["share_mixed_Xingyang"] == "40%"
    table = rc.term_table(terms, ["platforms", "grids"], ["Gongyi", "Xingyang"])
    assert table[["dimension", "term"]].values.tolist() == [
        ["platforms", "平台"],
        ["platforms", "大数据"],
        ["grids", "网格"],
        ["grids", "台账"],
    ]
    assert table.loc[2, ["Gongyi", "Xingyang", "total"]].tolist() == [3, 8, 11]


def test_reference_dates_reads_the_last_chinese_date_of_an_entry() -> None:
    bib = (
        "@misc{first2022,\n  title = {报告},\n  note = {2021年7月20日 event; 发布于2022年1月21日}\n}\n"
        "@misc{second,\n  note = {no date}\n}\n"
    )
    assert rc.reference_dates(bib, ["first2022"]) == {"first2022": "21 January 2022"}
    with pytest.raises(KeyError, match="no entry 'third'"):
        rc.reference_dates(bib, ["third"])
    with pytest.raises(KeyError, match="gives no date"):
        rc.reference_dates(bib, ["second"])


def test_origins_shown_join_offsets_and_first_claims() -> None:
    known = pd.DataFrame(
        {
            "origin_start": [3, 10],
            "origin_end": [8, 12],
            "presentation": ["invention", "implementation"],
            "first_claim": ["全省率先", ""],
        }
    )
    shown = rc.origins_shown(known)
    assert shown["offsets"].tolist() == ["3–8", "10–12"]
    assert shown["presentation"].tolist() == ["invention (全省率先)", "implementation"]
    assert known["presentation"].tolist() == ["invention", "implementation"]  # the input is left as it was
