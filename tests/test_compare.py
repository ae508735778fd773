"""govtext.compare: hand-computable rates, log-odds, similarity, KWIC offsets, codebook validation."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import fake_clean

from govtext import compare
from govtext.resources import resource_path
from govtext.segment import load_wordlist

ROOT = Path(__file__).resolve().parents[1]
DIMENSIONS_FILE = resource_path("dimensions")
STOPWORDS_FILE = resource_path("stopwords")
BIB_FILES = [ROOT / "book" / "references.bib", ROOT.parent / "shared" / "references.bib"]
RAW_DIR = ROOT / "data" / "raw"


def make_sentences(rows: list[tuple[str, str, str]], part: str = "body") -> pd.DataFrame:
    """Sentences from (doc_id, locality, text); ids numbered per document, clean offsets consecutive."""
    out = []
    counters: dict[str, int] = {}
    offsets: dict[str, int] = {}
    for doc_id, locality, text in rows:
        counters[doc_id] = counters.get(doc_id, 0) + 1
        start = offsets.get(doc_id, 0)
        offsets[doc_id] = start + len(text)
        out.append(
            {
                "doc_id": doc_id,
                "article_id": f"{doc_id}-1",
                "sentence_id": f"{doc_id}-1-{counters[doc_id]}",
                "part": part,
                "text": text,
                "clean_start": start,
                "clean_end": start + len(text),
                "locality": locality,
            }
        )
    return pd.DataFrame(out)


TERMS = {"campaign": ["攻坚", "专班", "攻坚战"], "crisis": ["疫情", "防控", "疫情防控"]}


# --------------------------------------------------------------------------------------------------
# matching and counting


def test_match_terms_longest_first_without_double_counting() -> None:
    assert compare.match_terms("做好疫情防控", ["疫情", "防控", "疫情防控"]) == [(2, 6, "疫情防控")]
    assert [t for *_, t in compare.match_terms("打赢攻坚战，攻坚", TERMS["campaign"])] == ["攻坚战", "攻坚"]
    # overlapping terms of equal length: the first in code-point order wins, once
    assert len(compare.match_terms("党建引领", ["党建", "建引"])) == 1
    assert compare.match_terms("没有", ["攻坚"]) == []


def test_count_dimension_terms_one_row_per_sentence_and_dimension() -> None:
    sentences = make_sentences([("d1", "A", "攻坚攻坚专班，疫情防控"), ("d1", "A", "无")])
    counts = compare.count_dimension_terms(sentences, TERMS)
    assert len(counts) == 2 * 2
    first = counts[counts["sentence_id"] == "d1-1-1"].set_index("dimension")
    assert first.loc["campaign", "hits"] == 3
    assert first.loc["campaign", "terms"] == "攻坚×2; 专班"
    assert first.loc["crisis", "hits"] == 1  # 疫情防控 once, not 疫情 + 防控
    assert first.loc["campaign", "n_chars"] == len("攻坚攻坚专班，疫情防控")
    assert counts["hits"].sum() == 4


def test_document_dimension_scores_sum_the_sentence_counts() -> None:
    sentences = make_sentences(
        [("d1", "A", "专班攻坚。"), ("d1", "A", "攻坚攻坚，疫情防控"), ("d2", "B", "无"), ("d1", "A", "防控")]
    )
    sentences.loc[3, "part"] = "heading"  # not counted: body text only
    scores = compare.document_dimension_scores(sentences, TERMS, doc_ids=["d2", "d1", "d3"])
    assert list(scores.columns) == compare.DOCUMENT_SCORE_COLUMNS
    assert list(zip(scores["doc_id"], scores["dimension"], strict=True)) == [
        (doc, dim) for doc in ("d2", "d1", "d3") for dim in ("campaign", "crisis")
    ]
    d1 = scores[scores["doc_id"] == "d1"].set_index("dimension")
    assert d1.loc["campaign", "n_sentences"] == 2
    assert d1.loc["campaign", "n_chars"] == len("专班攻坚。") + len("攻坚攻坚，疫情防控")
    assert d1.loc["campaign", "hits"] == 4
    # the sentences' lists merged: 攻坚 three times, then 专班 (listed first in the first sentence)
    assert d1.loc["campaign", "terms"] == "攻坚×3; 专班"
    assert d1.loc["campaign", "rate"] == pytest.approx(4 / d1.loc["campaign", "n_chars"] * 10_000)
    counts = compare.count_dimension_terms(sentences, TERMS, parts=["body"])
    assert scores["hits"].sum() == counts["hits"].sum()
    d3 = scores[scores["doc_id"] == "d3"]  # no sentences at all: zeros and no rate
    assert d3["hits"].tolist() == [0, 0] and d3["rate"].isna().all() and d3["terms"].tolist() == ["", ""]


def test_find_dimension_terms_offsets_point_into_clean_text() -> None:
    sentences = make_sentences([("d1", "A", "前言。"), ("d1", "A", "全力攻坚")])
    matches = compare.find_dimension_terms(sentences, TERMS)
    row = matches.iloc[0]
    clean_text = "".join(sentences["text"])
    assert clean_text[row["clean_start"] : row["clean_end"]] == "攻坚"
    assert row["offset"] == 2


# --------------------------------------------------------------------------------------------------
# rates and bootstrap


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


def test_term_counts_show_which_terms_drive_a_rate() -> None:
    sentences = make_sentences([("d1", "A", "攻坚攻坚专班"), ("d2", "B", "疫情")])
    counts = compare.term_counts(sentences, TERMS)
    assert counts.values.tolist() == [
        ["A", "campaign", "攻坚", 2],
        ["A", "campaign", "专班", 1],
        ["B", "crisis", "疫情", 1],
    ]


# --------------------------------------------------------------------------------------------------
# weighted log-odds


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


# --------------------------------------------------------------------------------------------------
# similarity


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


# --------------------------------------------------------------------------------------------------
# KWIC


def test_kwic_clean_and_raw_offsets() -> None:
    raw = "前言。\n推进攻\n坚行动，攻坚"
    clean = fake_clean(raw)
    sentences = make_sentences([("d1", "A", "前言。"), ("d1", "A", "推进攻坚行动，攻坚")])
    assert "".join(sentences["text"]) == clean.text
    hits = compare.kwic(sentences, "攻坚", width=2)
    assert hits[["left", "term", "right"]].values.tolist() == [["推进", "攻坚", "行动"], ["动，", "攻坚", ""]]
    assert hits[["start", "end"]].values.tolist() == [[5, 7], [10, 12]]
    for start, end in hits[["start", "end"]].itertuples(index=False):
        assert clean.text[start:end] == "攻坚"
    raw_hits = compare.kwic(sentences, "攻坚", width=2, cleaned={"d1": clean})
    assert [raw[s:e] for s, e in raw_hits[["start", "end"]].itertuples(index=False)] == ["攻\n坚", "攻坚"]
    assert list(raw_hits.columns) == compare.KWIC_COLUMNS


# --------------------------------------------------------------------------------------------------
# programmes by place


DOCUMENTS = pd.DataFrame(
    {"doc_id": ["g1", "g2", "x1", "z1"], "locality": ["Gongyi", "Gongyi", "Xingyang", "Zhongyuan"]}
)


def _mentions() -> pd.DataFrame:
    rows = [
        ("g1", "p_all", "老旧小区改造", "project"),
        ("g2", "p_all", "老旧小区改造", "project"),
        ("x1", "p_all", "老旧小区改造", "project"),
        ("z1", "p_all", "老旧小区改造", "project"),
        ("g1", "p_two", "挂图作战", "method"),
        ("x1", "p_two", "挂图作战", "method"),
        ("g2", "p_gy", "摘星夺旗", "campaign"),
    ]
    frame = pd.DataFrame(rows, columns=["doc_id", "programme_id", "name_zh", "kind"])
    frame["sentence_id"] = frame["doc_id"] + "-1-1"
    return frame


def test_programme_matrix_counts_by_place() -> None:
    matrix = compare.programme_matrix(_mentions(), DOCUMENTS)
    assert list(matrix.index) == ["Gongyi", "Xingyang", "Zhongyuan"]
    assert list(matrix.columns) == ["p_all", "p_two", "p_gy"]
    assert matrix.loc["Gongyi"].tolist() == [2, 1, 1]
    assert matrix.loc["Zhongyuan"].tolist() == [1, 0, 0]
    by_name = compare.programme_matrix(_mentions(), DOCUMENTS, label="name_zh")
    assert by_name.columns[0] == "老旧小区改造"


def test_shared_programmes_categories() -> None:
    shared = compare.shared_programmes(_mentions(), DOCUMENTS).set_index("programme_id")
    assert shared.loc["p_all", "category"] == "shared by 3"
    assert shared.loc["p_all", "places"] == "Gongyi; Xingyang; Zhongyuan"
    assert shared.loc["p_two", "category"] == "shared by 2"
    assert shared.loc["p_two", "places"] == "Gongyi; Xingyang"
    assert shared.loc["p_gy", "category"] == "unique to Gongyi"
    assert shared["n_places"].tolist() == [3, 2, 1]
    assert shared.loc["p_all", "n_mentions"] == 4


def test_kind_profile_shares_sum_to_one() -> None:
    documents = pd.concat(
        [DOCUMENTS, pd.DataFrame({"doc_id": ["q1"], "locality": ["Quiet"]})], ignore_index=True
    )
    profile = compare.kind_profile(_mentions(), documents)
    assert profile.loc["Gongyi", "project"] == pytest.approx(0.5)
    np.testing.assert_allclose(profile.drop(index="Quiet").sum(axis=1), 1.0)
    assert profile.loc["Quiet"].isna().all()
    assert list(profile.columns) == ["campaign", "method", "project"]


# --------------------------------------------------------------------------------------------------
# typology evidence


SPEC = pd.DataFrame(
    [
        {"id": "mode", "label": "Mode of mobilisation", "dimensions": ("campaign",), "terms": ()},
        {"id": "crisis", "label": "Crisis context", "dimensions": ("crisis",), "terms": ("灾后",)},
        {"id": "methods", "label": "Methods", "dimensions": (), "terms": (), "programme_kinds": ("method",)},
    ]
)


def test_typology_evidence_ranks_by_hits_then_sentence_order() -> None:
    texts = ["攻坚"] + ["前言"] * 8 + ["专班攻坚", "攻坚战"]  # sentence 10 and 11 outrank sentence 1
    rows = [("g1", "Gongyi", t) for t in texts] + [
        ("x1", "Xingyang", "灾后重建，疫情防控" + "，不断推进" * 30)
    ]
    sentences = make_sentences(rows)
    mentions = pd.DataFrame(
        {"sentence_id": ["g1-1-2"], "kind": ["method"], "name_zh": ["挂图作战"], "doc_id": ["g1"]}
    )
    evidence = compare.typology_evidence(sentences, mentions, TERMS, SPEC, n=2, max_chars=20)
    mode = evidence[(evidence["row_id"] == "mode") & (evidence["locality"] == "Gongyi")]
    assert mode["sentence_id"].tolist() == ["g1-1-10", "g1-1-1"]  # 2 hits first; then numeric order
    assert mode["rank"].tolist() == [1, 2]
    assert mode["terms"].iloc[0] == "专班; 攻坚"
    crisis = evidence[evidence["row_id"] == "crisis"].iloc[0]
    assert crisis["locality"] == "Xingyang" and crisis["hits"] == 2
    assert crisis["quote"].endswith("…") and len(crisis["quote"]) <= 21
    methods = evidence[evidence["row_id"] == "methods"]
    assert methods[["sentence_id", "terms"]].values.tolist() == [["g1-1-2", "挂图作战"]]
    assert evidence["row_id"].tolist()[:3] == ["mode", "mode", "methods"]  # spec order within a place

    table = compare.typology_table(evidence, places=["Gongyi", "Xingyang", "Zhongyuan"])
    assert list(table.columns) == ["Gongyi", "Xingyang", "Zhongyuan"]
    assert table.loc["Mode of mobilisation", "Gongyi"] == "攻坚×2, 专班 (g1-1-10, g1-1-1)"
    assert table.loc["Mode of mobilisation", "Xingyang"] == compare.NO_EVIDENCE
    assert (table["Zhongyuan"] == compare.NO_EVIDENCE).all()


def test_short_sentence_id() -> None:
    assert compare.short_sentence_id("000_e68ce179375f246f-2-15") == "000-2-15"
    assert compare.short_sentence_id("odd") == "odd"


# --------------------------------------------------------------------------------------------------
# the codebook and lexicon files


def bib_keys() -> set[str]:
    keys: set[str] = set()
    for path in BIB_FILES:
        if path.is_file():
            keys |= set(re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), flags=re.M))
    return keys


def test_dimensions_file_loads_and_cites_existing_references() -> None:
    keys = bib_keys()
    assert keys, "no references.bib found"
    codebook = compare.load_dimensions(DIMENSIONS_FILE, known_references=keys)
    ids = codebook.dimensions["id"].tolist()
    for required in [
        "mobilisation_campaign",
        "party_leadership",
        "hierarchical_supervision",
        "incentives_competition",
        "participation",
        "digital_technocratic",
        "speed_deadlines",
        "services_livelihood",
        "crisis_response",
    ]:
        assert required in ids
    assert codebook.version and codebook.name and codebook.source == "dimensions.yml"
    assert {"lead_actor", "role_of_residents", "crisis_context"} <= set(codebook.typology["id"])
    assert compare.dimension_terms(codebook).groupby("dimension").size().min() >= 10


def test_every_indicator_term_is_counted_in_the_seeds() -> None:
    """Each term was chosen from the seeds: it must be counted at least once under the matching rules
    (layout whitespace removed, as in clean text), i.e. occur and not always be shadowed by a longer term."""
    seeds = [re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in sorted(RAW_DIR.glob("*.txt"))]
    if not seeds:
        pytest.skip("seed files not present")
    codebook = compare.load_dimensions(DIMENSIONS_FILE)
    never = []
    for dim, terms in codebook.terms.items():
        counted = {term for text in seeds for *_, term in compare.match_terms(text, terms)}
        never += [(dim, term) for term in terms if term not in counted]
    assert never == []
    # the documented traps: bare forms that would match unrelated words
    joined = "\n".join(seeds)
    assert "繁重建设" in joined and "白云" in joined


def test_typology_programme_kinds_exist_in_the_programme_codebook() -> None:
    programmes_file = resource_path("codebook")
    if not programmes_file.is_file():
        pytest.skip("programmes.yml not present")
    kinds = set(yaml.safe_load(programmes_file.read_text(encoding="utf-8")).get("kinds") or {})
    codebook = compare.load_dimensions(DIMENSIONS_FILE)
    used = {kind for row in codebook.typology["programme_kinds"] for kind in row}
    assert used and used <= kinds, used - kinds


def write_yaml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bad_dimensions.yml"
    path.write_text("name: test\ndescription: test\nversion: '1'\n" + body, encoding="utf-8")
    return path


PARTY = "dimensions:\n  - {id: party, name_en: P, name_zh: 党, concept: c, definition: d, "


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (PARTY + "reference: k}\n", r"bad_dimensions\.yml: dimension 'party': field 'terms': missing"),
        (
            PARTY + "reference: k, terms: [党员, 党员]}\n",
            r"dimension 'party': field 'terms': duplicate entry '党员'",
        ),
        (
            PARTY + "reference: nope, terms: [党员]}\n",
            r"dimension 'party': field 'reference': unknown BibTeX key\(s\) nope",
        ),
        (
            PARTY + "reference: k, terms: [党员], colour: red}\n",
            r"dimension 'party': unknown field\(s\): colour",
        ),
        (
            PARTY
            + "reference: k, terms: [党员]}\ntypology:\n  - {id: lead, label: Lead, dimensions: [parti]}\n",
            r"typology row 'lead': field 'dimensions': unknown dimension\(s\) parti",
        ),
        (
            PARTY
            + "reference: k, terms: [党员]}\n"
            + PARTY[len("dimensions:\n") :]
            + "reference: k, terms: [党组织]}\n",
            r"dimension 'party': field 'id': duplicate id",
        ),
        (
            PARTY
            + "reference: k, terms: [党员]}\ntypology:\n"
            + "  - {id: lead, label: Lead, terms: [党员]}\n  - {id: lead, label: Again, terms: [书记]}\n",
            r"typology row 'lead': field 'id': duplicate id",
        ),
        ("dimensions:\n  - {id: party, name_en: P}\n", r"dimension 'party': field 'name_zh': missing"),
        ("dimensions: []\n", r"field 'dimensions': must be a non-empty list"),
        ("dimensions: [\n", r"not valid YAML"),
    ],
)
def test_malformed_dimensions_file_names_file_entry_and_field(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write_yaml(tmp_path, body)
    with pytest.raises(compare.DimensionsError, match=expected):
        compare.load_dimensions(path, known_references={"k"})


def test_missing_dimensions_file() -> None:
    with pytest.raises(ValueError, match=r"no_such\.yml: file not found"):
        compare.load_dimensions("no_such.yml")


def test_stopwords_are_function_words_not_governance_verbs() -> None:
    words = set(load_wordlist(STOPWORDS_FILE))
    assert {"的", "了", "我们", "在", "和", "是"} <= words
    assert not words & {"进行", "开展", "推进", "落实", "要", "确保", "群众", "各级", "党员"}
    header = STOPWORDS_FILE.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "written by the govtext project" in header and "NOT copied" in header


# --------------------------------------------------------------------------------------------------
# integration on the seeds, when the corpus module is there


@pytest.fixture(scope="module")
def seed_tables() -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """documents, cleaned texts and located sentences of the seeds (skips until govtext.corpus exists)."""
    corpus = pytest.importorskip("govtext.corpus")
    if not all(
        hasattr(corpus, f) for f in ("load_corpus", "clean_documents", "split_articles", "split_sentences")
    ):
        pytest.skip("govtext.corpus is not complete yet")
    documents = corpus.load_corpus(RAW_DIR)
    cleaned = corpus.clean_documents(documents)
    articles = corpus.split_articles(documents, cleaned)
    sentences = compare.attach_locality(corpus.split_sentences(documents, cleaned, articles), documents)
    return documents, cleaned, sentences


def test_dimensions_on_the_seeds(seed_tables) -> None:
    documents, cleaned, sentences = seed_tables
    codebook = compare.load_dimensions(DIMENSIONS_FILE)
    rates = compare.dimension_rates(sentences, codebook, n_boot=200)
    assert set(rates["locality"]) == {"Gongyi", "Xingyang", "Zhongyuan"}
    totals = rates.groupby("dimension")["hits"].sum()
    assert (totals > 0).all(), totals[totals == 0]
    wide = rates.pivot(index="dimension", columns="locality", values="rate")
    assert wide.loc["crisis_response"].idxmax() == "Xingyang"  # the flood and the epidemic
    assert wide.loc["digital_technocratic"].idxmax() == "Xingyang"  # platforms, grids, big data
    assert wide.loc["party_leadership"].idxmax() == "Zhongyuan"  # the organisation department's report
    hits = compare.kwic(sentences, "挂图作战", cleaned=cleaned)
    assert set(hits["doc_id"].str[:3]) == {"002", "003"}
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for doc_id, start, end in hits[["doc_id", "start", "end"]].itertuples(index=False):
        assert re.sub(r"\s", "", raw[doc_id][start:end]) == "挂图作战"
    loo = compare.leave_one_out(sentences, codebook, documents)
    assert loo["left_out"].nunique() == 4


def test_programmes_by_place_on_the_seeds(seed_tables) -> None:
    programmes = pytest.importorskip("govtext.programmes")
    if not all(hasattr(programmes, f) for f in ("load_codebook", "match_programmes")):
        pytest.skip("govtext.programmes is not complete yet")
    documents, cleaned, sentences = seed_tables
    codebook = programmes.load_codebook(resource_path("codebook"))
    mentions = programmes.match_programmes(sentences, cleaned, codebook)
    matrix = compare.programme_matrix(mentions, documents)
    assert list(matrix.index) == ["Gongyi", "Xingyang", "Zhongyuan"]
    assert matrix.to_numpy().sum() == len(mentions)
    shared = compare.shared_programmes(mentions, documents)
    assert set(shared["n_places"]) <= {1, 2, 3}
    assert shared["places"].str.split("; ").map(lambda p: p == sorted(p)).all()
    profile = compare.kind_profile(mentions, documents)
    np.testing.assert_allclose(profile.sum(axis=1), 1.0)
    assert compare.cosine_similarity_profiles(profile).shape == (3, 3)
    dims = compare.load_dimensions(DIMENSIONS_FILE)
    evidence = compare.typology_evidence(sentences, mentions, dims, dims)
    table = compare.typology_table(evidence, places=["Gongyi", "Xingyang", "Zhongyuan"])
    assert list(table.index) == dims.typology["label"].tolist()
    assert (evidence.groupby(["locality", "row_id"]).size() <= 3).all()


# --------------------------------------------------------------------------------------------------
# display tables, leaders and robustness


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


def test_short_article_id() -> None:
    assert compare.short_article_id("000_e68ce179375f246f-2") == "000-2"
    assert compare.short_article_id("odd") == "odd"


def test_leave_one_out_summary_counts_leader_changes() -> None:
    rows = []
    for left_out, gongyi in [("none", 10.0), ("g1", 4.0), ("g2", 12.0)]:
        rows += [(left_out, "Gongyi", "campaign", gongyi), (left_out, "Zhongyuan", "campaign", 8.0)]
    loo = pd.DataFrame(rows, columns=["left_out", "locality", "dimension", "rate"])
    summary = compare.leave_one_out_summary(loo).iloc[0]
    assert summary["rate_full"] == 10.0 and summary["rate_min"] == 4.0 and summary["rate_max"] == 12.0
    assert summary["leader_full"] == "Gongyi"
    assert summary["leader_changes"] == 1
    assert summary["leaders"] == "Gongyi; Zhongyuan"


# --------------------------------------------------------------------------------------------------
# vocabulary helpers


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


# --------------------------------------------------------------------------------------------------
# themes and denominators


THEMES_FILE = resource_path("themes")


def _metric(sentence: pd.Series, surface: str, value: float, unit: str, kind: str, **extra) -> dict:
    pos = sentence["text"].index(surface)
    row = {
        "doc_id": sentence["doc_id"],
        "sentence_id": sentence["sentence_id"],
        "surface": surface,
        "value": value,
        "unit": unit,
        "kind": kind,
        "subject": extra.pop("subject", ""),
        "per": extra.pop("per", ""),
        "clean_start": int(sentence["clean_start"]) + pos,
        "clean_end": int(sentence["clean_start"]) + pos + len(surface),
        "start": int(sentence["clean_start"]) + pos,
        "end": int(sentence["clean_start"]) + pos + len(surface),
    }
    row.update(extra)
    return row


def _theme_corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    texts = [
        ("z1", "Zhongyuan", "中原区488个老旧小区已完工468个，实现了综合改造。"),
        ("g1", "Gongyi", "目前2020年改造的53个楼院中，8个已完工，28个正在施工。"),
        (
            "g1",
            "Gongyi",
            "在45个重点项目中，86%为民生类项目，特别是老旧小区改造项目，将原计划实施的30个项目提前。",
        ),
        ("x1", "Xingyang", "坚守在113个楼院，做好疫情防控，每万人配备40个隔离房间，投入900万元。"),
    ]
    sentences = make_sentences(texts)
    s = [sentences.iloc[i] for i in range(len(sentences))]
    rows = [
        _metric(s[0], "488个", 488, "个", "count", subject="老旧小区"),
        _metric(s[0], "468个", 468, "个", "count"),
        _metric(s[1], "53个", 53, "个", "count", subject="楼院"),
        _metric(s[1], "8个", 8, "个", "count"),
        _metric(s[1], "28个", 28, "个", "count"),
        _metric(s[2], "45个", 45, "个", "count", subject="重点项目"),
        _metric(s[2], "86%", 86, "%", "percent", subject="民生"),
        _metric(s[2], "30个", 30, "个", "count"),
        _metric(s[3], "113个", 113, "个", "count", subject="楼院"),
        _metric(s[3], "40个", 40, "个", "rate", subject="隔离房间", per="每万人"),
        _metric(s[3], "900万元", 9_000_000, "元", "money"),
    ]
    return sentences, pd.DataFrame(rows)


def test_metric_denominators_only_from_the_text() -> None:
    sentences, metrics = _theme_corpus()
    out = compare.metric_denominators(metrics, sentences, ["已完工", "中，"]).set_index("surface")
    assert out.loc["468个", "share"] == pytest.approx(468 / 488)
    assert out.loc["468个", "denominator"] == "488个" and out.loc["488个", "basis"] == compare.BASIS_WHOLE
    assert out.loc["8个", "share"] == pytest.approx(8 / 53)
    assert out.loc["28个", "share"] == pytest.approx(28 / 53)
    assert out.loc["86%", "share"] == pytest.approx(0.86) and out.loc["86%", "denominator"] == "民生"
    # 45个 ... 中， ... 30个: the cue is there but too far away, so no pair is invented
    assert math.isnan(out.loc["30个", "share"]) and out.loc["45个", "basis"] == ""
    assert out.loc["40个", "basis"] == compare.BASIS_RATE and out.loc["40个", "denominator"] == "每万人"
    assert math.isnan(out.loc["900万元", "share"]) and out.loc["113个", "basis"] == ""
    assert len(out) == len(metrics)


def test_metric_denominators_need_a_cue() -> None:
    sentences, metrics = _theme_corpus()
    out = compare.metric_denominators(metrics, sentences, cues=[])
    assert out["share"].notna().sum() == 1  # only the stated percentage


THEME_SPEC = pd.DataFrame(
    [
        {"id": "old", "label": "Old compounds", "terms": ("老旧小区", "楼院"), "exclude_if": ("疫情",)},
        {"id": "money", "label": "Money", "terms": (), "metric_kinds": ("money",)},
        {"id": "epidemic", "label": "Epidemic", "terms": ("疫情",), "exclude_if": ()},
    ]
)


def test_theme_metrics_assignment() -> None:
    sentences, metrics = _theme_corpus()
    with_shares = compare.metric_denominators(metrics, sentences, ["已完工", "中，"])
    rows = compare.theme_metrics(with_shares, sentences, THEME_SPEC)
    assert list(rows.columns) == compare.THEME_METRIC_COLUMNS
    old = rows[rows["theme"] == "old"]
    assert "113个" not in set(old["surface"])  # excluded: the sentence is about the epidemic
    assert old["locality"].tolist()[:5] == ["Gongyi"] * 5 and old["locality"].iloc[-1] == "Zhongyuan"
    assert rows[rows["theme"] == "money"]["surface"].tolist() == ["900万元"]
    assert set(rows[rows["theme"] == "epidemic"]["surface"]) == {"113个", "40个", "900万元"}
    assert rows["theme"].tolist() == sorted(rows["theme"], key=["old", "money", "epidemic"].index)


def test_theme_indicator_table_cells() -> None:
    sentences, metrics = _theme_corpus()
    with_shares = compare.metric_denominators(metrics, sentences, ["已完工", "中，"])
    rows = compare.theme_metrics(with_shares, sentences, THEME_SPEC)
    table = compare.theme_indicator_table(rows, THEME_SPEC, places=["Gongyi", "Zhongyuan", "Xingyang"])
    assert list(table.index) == ["Old compounds", "Money", "Epidemic"]
    assert table.loc["Old compounds", "Zhongyuan"] == "2 figures in 1 sentence; computed: 468个/488个 = 96%"
    gongyi = table.loc["Old compounds", "Gongyi"]
    assert gongyi.startswith("6 figures in 2 sentences; stated: 86% (民生); computed: 8个/53个 = 15%")
    assert table.loc["Money", "Xingyang"] == "1 figure in 1 sentence; no denominator; e.g. 900万元"
    assert "stated rate: 每万人40个" in table.loc["Epidemic", "Xingyang"]
    assert table.loc["Old compounds", "Xingyang"] == compare.NO_EVIDENCE


def test_themes_file_loads_and_every_term_occurs_in_the_seeds() -> None:
    themes = compare.load_themes(THEMES_FILE)
    assert themes.source == "themes.yml" and themes.part_whole_cues
    ids = themes.themes["id"].tolist()
    assert ids == [
        "old_compounds",
        "demolition_resettlement",
        "party_mobilisation",
        "money",
        "epidemic",
        "flood",
    ]
    seeds = [re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in sorted(RAW_DIR.glob("*.txt"))]
    if not seeds:
        pytest.skip("seed files not present")
    joined = "\n".join(seeds).replace(",", "，")
    terms = [t for row in themes.themes.itertuples() for t in (*row.terms, *row.exclude_if)]
    assert [t for t in terms if t not in joined] == []
    assert [c for c in themes.part_whole_cues if c not in joined] == []


THEME_HEAD = "name: t\ndescription: t\nversion: '1'\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("themes: []\n", r"field 'themes': must be a non-empty list"),
        ("themes:\n  - {id: a, label: A}\n", r"theme 'a': field 'label_zh': missing"),
        ("themes:\n  - {id: a, label: A, label_zh: 甲}\n", r"theme 'a': needs at least one of terms"),
        (
            "themes:\n  - {id: a, label: A, label_zh: 甲, terms: [x, x]}\n",
            r"theme 'a': field 'terms': duplicate",
        ),
        ("themes:\n  - {id: A-1, label: A, label_zh: 甲, terms: [x]}\n", r"field 'id': must be snake_case"),
        (
            "themes:\n  - {id: a, label: A, label_zh: 甲, terms: [x], colour: red}\n",
            r"unknown field\(s\): colour",
        ),
        ("themes:\n  - {id: a, label: A, label_zh: 甲, terms: [x]}\nextra: 1\n", r"unknown top-level"),
    ],
)
def test_malformed_themes_file_names_file_theme_and_field(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "bad_themes.yml"
    path.write_text(THEME_HEAD + body, encoding="utf-8")
    with pytest.raises(compare.ThemesError, match=r"bad_themes\.yml: .*" + expected):
        compare.load_themes(path)


def test_missing_themes_file() -> None:
    with pytest.raises(compare.ThemesError, match=r"no_such\.yml: file not found"):
        compare.load_themes("no_such.yml")


def test_themes_on_the_seeds(seed_tables) -> None:
    metrics_module = pytest.importorskip("govtext.metrics")
    if not hasattr(metrics_module, "extract_metrics"):
        pytest.skip("govtext.metrics is not complete yet")
    documents, cleaned, sentences = seed_tables
    themes = compare.load_themes(THEMES_FILE)
    found = metrics_module.extract_metrics(sentences, cleaned)
    with_shares = compare.metric_denominators(found, sentences, themes.part_whole_cues)
    rows = compare.theme_metrics(with_shares, sentences, themes)
    computed = rows[rows["basis"] == compare.BASIS_PART]
    pairs = set(zip(computed["surface"], computed["denominator"], strict=True))
    assert ("468个", "488个") in pairs and ("8个", "53个") in pairs
    assert (computed["share"] <= 1).all()
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for doc_id, start, end, surface in rows[["doc_id", "start", "end", "surface"]].itertuples(index=False):
        assert raw[doc_id][start:end] == surface
    flood = rows[rows["theme"] == "flood"]
    assert set(flood["locality"]) == {"Xingyang"}
    table = compare.theme_indicator_table(rows, themes, places=["Gongyi", "Zhongyuan", "Xingyang"])
    assert table.shape == (6, 3)


def test_programme_overlap_counts_and_jaccard() -> None:
    documents = pd.concat(
        [DOCUMENTS, pd.DataFrame({"doc_id": ["q1"], "locality": ["Quiet"]})], ignore_index=True
    )
    overlap = compare.programme_overlap(_mentions(), documents)
    assert list(overlap.index) == ["Gongyi", "Quiet", "Xingyang", "Zhongyuan"]
    assert overlap.loc["Gongyi", "Gongyi"] == 3 and overlap.loc["Gongyi", "Xingyang"] == 2
    assert overlap.loc["Xingyang", "Zhongyuan"] == 1 and overlap.loc["Quiet", "Gongyi"] == 0
    assert (overlap.to_numpy() == overlap.to_numpy().T).all()
    jaccard = compare.programme_overlap(_mentions(), documents, jaccard=True)
    assert jaccard.loc["Gongyi", "Xingyang"] == pytest.approx(2 / 3)
    assert jaccard.loc["Gongyi", "Zhongyuan"] == pytest.approx(1 / 3)
    assert math.isnan(jaccard.loc["Quiet", "Quiet"])


def test_token_kwic_uses_tokens_not_substrings() -> None:
    raw = "重要的是\n要落实。要快"
    clean = fake_clean(raw)
    sentences = make_sentences([("d1", "A", "重要的是要落实。"), ("d1", "A", "要快")])
    tokens = pd.DataFrame(
        {
            "doc_id": ["d1"] * 6,
            "sentence_id": ["d1-1-1"] * 4 + ["d1-1-2"] * 2,
            "token": ["重要", "的", "是", "要", "要", "快"],
            "clean_start": [0, 2, 3, 4, 8, 9],
            "clean_end": [2, 3, 4, 5, 9, 10],
        }
    )
    hits = compare.token_kwic(tokens, sentences, "要", width=2)
    assert hits[["left", "term", "right"]].values.tolist() == [["的是", "要", "落实"], ["", "要", "快"]]
    assert hits[["start", "end"]].values.tolist() == [[4, 5], [8, 9]]
    raw_hits = compare.token_kwic(tokens, sentences, "要", width=2, cleaned={"d1": clean})
    assert [raw[s:e] for s, e in raw_hits[["start", "end"]].itertuples(index=False)] == ["要", "要"]
    assert raw_hits["start"].tolist() == [5, 9]
    assert len(compare.kwic(sentences, "要")) == 3  # the substring search also finds 重要


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


def test_quote_figure_gives_the_clause_and_the_one_before() -> None:
    sentences, _ = _theme_corpus()
    # 在45个重点项目中，86%为民生类项目，特别是老旧小区改造项目，将原计划实施的30个项目提前。
    assert compare.quote_figure(sentences, "g1-1-2", "86%") == "在45个重点项目中，86%为民生类项目…"
    assert (
        compare.quote_figure(sentences, "g1-1-2", "30个")
        == "…特别是老旧小区改造项目，将原计划实施的30个项目提前"
    )
    assert (
        compare.quote_figure(sentences, "g1-1-2", "45个", clauses_after=1)
        == "在45个重点项目中，86%为民生类项目…"
    )
    assert (
        compare.quote_figure(sentences, "z1-1-1", "488 个", clauses_after=5)
        == "中原区488个老旧小区已完工468个，实现了综合改造"
    )
    with pytest.raises(ValueError, match="not in sentence"):
        compare.quote_figure(sentences, "z1-1-1", "99个")
