"""Programmes: codebook validation, the tolerant matcher, discovery of candidates and scores against gold."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FakeClean, fake_clean

from govtext import compare, corpus, programmes
from govtext.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = resource_path("codebook")
GOLD = ROOT / "data" / "annotations" / "programmes_gold.csv"
RAW = ROOT / "data" / "raw"

# Measured on the seeds (2026-11-23): matcher P = R = 1.000 (first reading pass of the gold: P = 0.996);
# discovery (span overlap, programme ignored) P = 0.613, R = 0.719. Thresholds leave a small margin.
MATCHER_MIN_PRECISION = 0.95
MATCHER_MIN_RECALL = 0.95
DISCOVERY_MIN_PRECISION = 0.55
DISCOVERY_MIN_RECALL = 0.68


# ----------------------------------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------------------------------


def one_sentence(doc_id: str, clean: FakeClean) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [doc_id],
            "article_id": [f"{doc_id}-1"],
            "sentence_id": [f"{doc_id}-1-1"],
            "clean_start": [0],
            "clean_end": [len(clean.text)],
        }
    )


def tiny_codebook(entries: list[dict]) -> pd.DataFrame:
    rows = []
    for entry in entries:
        rows.append(
            {
                "id": entry["id"],
                "name_zh": entry["name_zh"],
                "aliases": tuple(entry.get("aliases", ())),
                "kind": entry.get("kind", "other"),
            }
        )
    return pd.DataFrame(rows)


def match_text(raw: str, entries: list[dict], drop: str = "\n") -> pd.DataFrame:
    clean = fake_clean(raw, drop)
    return programmes.match_programmes(one_sentence("d", clean), {"d": clean}, tiny_codebook(entries))


@pytest.fixture(scope="module")
def seeds():
    documents = corpus.load_corpus(RAW)
    cleaned = corpus.clean_documents(documents)
    articles = corpus.split_articles(documents, cleaned)
    sentences = corpus.split_sentences(documents, cleaned, articles)
    return documents, cleaned, sentences


@pytest.fixture(scope="module")
def codebook() -> pd.DataFrame:
    return programmes.load_codebook(CODEBOOK)


@pytest.fixture(scope="module")
def mentions(seeds, codebook) -> pd.DataFrame:
    _documents, cleaned, sentences = seeds
    return programmes.match_programmes(sentences, cleaned, codebook)


@pytest.fixture(scope="module")
def candidates(seeds, codebook) -> pd.DataFrame:
    _documents, cleaned, sentences = seeds
    return programmes.discover_candidates(
        sentences, cleaned, codebook, programmes.load_discovery_rules(CODEBOOK)
    )


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return programmes.load_gold_mentions(GOLD)


# ----------------------------------------------------------------------------------------------------
# The codebook file
# ----------------------------------------------------------------------------------------------------


def test_project_codebook_is_valid_and_complete(codebook) -> None:
    assert programmes.check_codebook_file(CODEBOOK) == []
    assert list(codebook.columns) == programmes.CODEBOOK_COLUMNS
    assert len(codebook) >= 140
    assert codebook["id"].is_unique
    assert all(isinstance(a, tuple) for a in codebook["aliases"])
    assert set(codebook["kind"]) <= set(codebook.attrs["kinds"])
    assert set(codebook.attrs["kinds"]) == {
        "organisational",
        "supervision",
        "incentive",
        "participation",
        "digital",
        "campaign",
        "party-building",
        "service",
        "other",
    }
    assert set(codebook.attrs["levels"]) == {"national", "provincial", "Zhengzhou-wide", "local", "unknown"}
    by_name = codebook.set_index("name_zh")
    assert "摘夺创" in by_name.at["摘星夺旗创三宜", "aliases"]
    assert "亮承诺、赛实绩、比干劲" in by_name.at["亮赛比", "aliases"]


def test_examples_and_level_evidence_are_verbatim_quotes(seeds, codebook) -> None:
    documents, _cleaned, _sentences = seeds
    assert set(codebook["example_doc"]) <= set(documents["doc_id"])
    assert programmes.check_examples(codebook, documents) == []
    broken = codebook.copy()
    broken.loc[0, "example"] = "这句话不在文中"
    problems = programmes.check_examples(broken, documents)
    assert len(problems) == 1 and f"entry {broken.loc[0, 'id']}" in problems[0] and "'example'" in problems[0]


def test_every_entry_has_a_gold_mention(codebook, gold) -> None:
    assert set(gold["programme_id"]) <= set(codebook["id"])
    assert set(codebook["id"]) <= set(gold["programme_id"])


def test_not_programmes_and_discovery_rules_load() -> None:
    excluded = programmes.load_not_programmes(CODEBOOK)
    assert list(excluded.columns) == programmes.NOT_PROGRAMME_COLUMNS
    assert {"双胜利", "十三五"} <= set(excluded["surface"])
    rules = programmes.load_discovery_rules(CODEBOOK)
    assert "工作法" in rules["suffixes"] and rules["min_stem_chars"] >= 1


def test_codebook_terms_for_jieba(codebook) -> None:
    terms = programmes.codebook_terms(codebook)
    assert terms == sorted(set(terms))
    assert {"三会一课", "13710督办平台", "亮承诺赛实绩比干劲", "党建+"} <= set(terms)
    assert not any("·" in t or "(" in t or "、" in t for t in terms)


# ----------------------------------------------------------------------------------------------------
# Validation: every problem, each naming file, entry and field
# ----------------------------------------------------------------------------------------------------


def good_codebook() -> dict:
    return {
        "name": "test",
        "description": "a test codebook",
        "version": "0.1",
        "kinds": {"campaign": "a drive", "party-building": "Party routines"},
        "levels": {"local": "set locally", "unknown": "not said"},
        "programmes": [
            {
                "id": "three_meetings",
                "name_zh": "三会一课",
                "aliases": [],
                "name_en": "Three meetings one lesson",
                "kind": "party-building",
                "level": "unknown",
                "definition": "Branch routine.",
                "example": "“三会一课”",
                "example_doc": "000",
            },
            {
                "id": "stars",
                "name_zh": "摘星夺旗创三宜",
                "aliases": ["摘夺创"],
                "name_en": "Stars and flags",
                "kind": "campaign",
                "level": "local",
                "level_evidence": "巩义",
                "definition": "A competition.",
                "example": "摘夺创",
                "example_doc": "000",
            },
        ],
    }


def test_good_codebook_has_no_problems() -> None:
    assert programmes.validate_codebook(good_codebook(), "cb.yml") == []


@pytest.mark.parametrize("field", list(programmes.ENTRY_FIELDS))
def test_missing_field_is_named(field: str) -> None:
    obj = good_codebook()
    del obj["programmes"][1][field]
    problems = programmes.validate_codebook(obj, "cb.yml")
    label = "#2" if field == "id" else "stars"
    assert f"cb.yml: entry {label}: field '{field}': missing" in problems


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("aliases", "摘夺创", "field 'aliases': must be a list, got str"),
        ("kind", "parade", "field 'kind': unknown kind 'parade'"),
        ("level", "galactic", "field 'level': unknown level 'galactic'"),
        ("name_zh", "  ", "field 'name_zh': empty name"),
        ("id", "Stars-1", "field 'id': 'Stars-1' is not snake_case ASCII"),
        ("definition", 3, "field 'definition': must be a string, got int"),
        ("colour", "red", "field 'colour': unknown field"),
        ("aliases", ["摘夺创", ""], "field 'aliases': alias #2 must be a non-empty string"),
    ],
)
def test_bad_field_is_named(field: str, value: object, expected: str) -> None:
    obj = good_codebook()
    obj["programmes"][1][field] = value
    problems = programmes.validate_codebook(obj, "cb.yml")
    assert any(p.startswith("cb.yml: entry ") and expected in p for p in problems), problems


def test_level_needs_evidence() -> None:
    obj = good_codebook()
    del obj["programmes"][1]["level_evidence"]
    assert programmes.validate_codebook(obj, "cb.yml") == [
        "cb.yml: entry stars: field 'level_evidence': required when level is not 'unknown'"
    ]


def test_duplicate_id_and_alias_across_entries() -> None:
    obj = good_codebook()
    twin = copy.deepcopy(obj["programmes"][0])
    twin["name_zh"] = "三会 一课"  # the same name once spaces are ignored
    obj["programmes"].append(twin)
    obj["programmes"][0]["aliases"] = ["摘夺创"]  # also an alias of entry 'stars'
    problems = programmes.validate_codebook(obj, "cb.yml")
    assert "cb.yml: entry three_meetings: field 'id': duplicate id (also entry #1)" in problems
    assert any("entry stars: field 'aliases': duplicate alias '摘夺创'" in p for p in problems)
    assert any("entry three_meetings: field 'name_zh': duplicate alias '三会 一课'" in p for p in problems)


def test_all_problems_are_reported_together() -> None:
    obj = good_codebook()
    obj["version"] = 1.0
    del obj["kinds"]
    obj["programmes"][0]["level"] = "cosmic"
    obj["programmes"][1]["name_en"] = ""
    obj["programmes"].append("not a mapping")
    obj["not_programmes"] = [{"surface": "摘夺创", "reason": "oops"}, {"surface": "口号"}]
    problems = programmes.validate_codebook(obj, "cb.yml")
    expected = [
        "cb.yml: header: field 'version': must be a string, got float",
        "cb.yml: header: field 'kinds': missing",
        "cb.yml: entry three_meetings: field 'level': unknown level 'cosmic'",
        "cb.yml: entry stars: field 'name_en': is empty",
        "cb.yml: entry #3: must be a mapping of fields, got str",
        "cb.yml: not_programmes #1: field 'surface': '摘夺创' is a name or alias of entry stars",
        "cb.yml: not_programmes #2: field 'reason': missing",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in problems), (line, problems)
    assert programmes.validate_codebook(["a", "list"], "cb.yml")[0].startswith("cb.yml: top level:")


def test_load_codebook_raises_with_every_problem(tmp_path: Path) -> None:
    obj = good_codebook()
    obj["programmes"][0]["kind"] = "parade"
    obj["programmes"][1]["aliases"] = "摘夺创"
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(obj, allow_unicode=True), encoding="utf-8")
    with pytest.raises(programmes.CodebookError) as info:
        programmes.load_codebook(path)
    message = str(info.value)
    assert str(path) in message and "2 problem(s)" in message
    assert "entry three_meetings: field 'kind'" in message and "entry stars: field 'aliases'" in message
    assert programmes.check_codebook_file(path) == programmes.validate_codebook(obj, path)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("name: x\nprogrammes:\n  - {id: a, name_zh: “a, b\n", encoding="utf-8")
    with pytest.raises(programmes.CodebookError, match=r"broken\.yml: not valid YAML"):
        programmes.load_codebook(path)
    (problem,) = programmes.check_codebook_file(path)
    assert problem.startswith(f"{path}: not valid YAML")
    missing = tmp_path / "missing.yml"
    with pytest.raises(programmes.CodebookError, match=r"missing\.yml: file not found"):
        programmes.load_codebook(missing)


# ----------------------------------------------------------------------------------------------------
# The matcher on small inputs
# ----------------------------------------------------------------------------------------------------

LIANG = {"id": "liang_sai_bi", "name_zh": "亮赛比", "aliases": ["亮承诺、赛实绩、比干劲"]}
STARS = {"id": "stars", "name_zh": "摘星夺旗创三宜", "aliases": ["摘夺创"]}
SANYI = {"id": "san_yi", "name_zh": "三宜"}
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
    pattern, owners = programmes.build_matcher(programmes._codebook_names(codebook))
    began = time.perf_counter()
    found = programmes.find_names(text, pattern, owners)
    assert time.perf_counter() - began < 5.0
    assert len(found) > 40 * 200


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


def test_gold_cites_the_raw_text(seeds, gold) -> None:
    _documents, cleaned, _sentences = seeds
    assert list(gold.columns) == programmes.GOLD_COLUMNS
    for row in gold.itertuples():
        assert cleaned[row.doc_id].raw[row.start : row.end] == row.surface
    assert not gold.duplicated(["doc_id", "start", "end"]).any()


def test_matcher_against_gold(mentions, gold) -> None:
    scores = programmes.evaluate_mentions(mentions, gold)
    assert scores["precision"] >= MATCHER_MIN_PRECISION, scores
    assert scores["recall"] >= MATCHER_MIN_RECALL, scores


# ----------------------------------------------------------------------------------------------------
# Discovery
# ----------------------------------------------------------------------------------------------------


def test_discovery_finds_the_known_shapes(candidates) -> None:
    assert list(candidates.columns) == programmes.CANDIDATE_COLUMNS
    assert set(candidates["pattern"]) == set(programmes.PATTERNS)
    found = dict(zip(candidates["candidate"], candidates["pattern"], strict=False))
    assert found["三会一课"] == "numbered_formula"
    assert found["一征三议两公开"] == "numbered_formula"
    assert found["13710督办平台"] == "digit_name"
    assert found["13710工作制度"] == "digit_name"
    assert found["1+3+4模式"] == "digit_name"
    assert found["12834行动计划"] == "digit_name"
    assert "五步工作法" in found and "六步工作法" in found
    assert found["河长制"] == "suffix"
    assert found["专班推进制"] == "suffix"  # cut after 建立
    assert "建立专班推进制" not in found
    assert candidates.loc[candidates["candidate"] == "三会一课", "in_codebook"].all()
    assert not candidates.loc[candidates["candidate"] == "双胜利", "in_codebook"].any()


def test_discovery_surfaces_cite_the_raw_text(seeds, candidates) -> None:
    _documents, cleaned, _sentences = seeds
    for row in candidates.itertuples():
        assert cleaned[row.doc_id].raw[row.start : row.end] == row.surface
    assert not candidates.duplicated(["doc_id", "start", "end"]).any()


def test_discovery_suffix_boundary_on_small_input() -> None:
    rules = programmes.load_discovery_rules(CODEBOOK)
    clean = fake_clean("街道建立擂台赛制。全面深化河长制，提供平台，完善规章制度。")
    found = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), rules
    )
    assert found["candidate"].tolist() == ["擂台赛制", "河长制"]
    assert not found["in_codebook"].any()


def test_coverage_and_uncoded(candidates, codebook) -> None:
    excluded = programmes.load_not_programmes(CODEBOOK)
    table = programmes.coverage(candidates, codebook, excluded)
    assert table["pattern"].tolist() == [*programmes.PATTERNS, "all"]
    overall = table.set_index("pattern").loc["all"]
    assert (
        overall["n_distinct"] == overall["n_in_codebook"] + overall["n_not_programme"] + overall["n_uncoded"]
    )
    assert 0.5 <= overall["share_in_codebook"] <= 0.7  # measured 0.578: many quoted spans are slogans
    uncoded = programmes.uncoded_candidates(candidates, codebook, excluded)
    assert list(uncoded.columns) == ["candidate", "pattern", "n_mentions", "n_docs", "first_doc"]
    assert len(uncoded) == overall["n_uncoded"] <= 5
    without_list = programmes.uncoded_candidates(candidates, codebook)
    assert {"双胜利", "十三五"} <= set(without_list["candidate"])
    counts = without_list["n_mentions"].tolist()
    assert counts == sorted(counts, reverse=True)


def test_discovery_against_gold(candidates, gold) -> None:
    scores = programmes.evaluate_mentions(candidates, gold, by_programme=False)
    assert scores["precision"] >= DISCOVERY_MIN_PRECISION, scores
    assert scores["recall"] >= DISCOVERY_MIN_RECALL, scores


# ----------------------------------------------------------------------------------------------------
# Evaluation and gold loading
# ----------------------------------------------------------------------------------------------------


def test_evaluate_mentions_counts() -> None:
    gold = pd.DataFrame(
        {"doc_id": ["a", "a", "b"], "start": [0, 10, 0], "end": [4, 14, 3], "programme_id": ["x", "y", "x"]}
    )
    predicted = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "start": [2, 10, 0, 8],
            "end": [5, 12, 3, 9],
            "programme_id": ["x", "z", "x", "x"],
        }
    )
    scores = programmes.evaluate_mentions(predicted, gold)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (2, 2, 1)
    assert scores["precision"] == pytest.approx(0.5) and scores["recall"] == pytest.approx(2 / 3)
    loose = programmes.evaluate_mentions(predicted.drop(columns="programme_id"), gold, by_programme=False)
    assert (loose["tp"], loose["fp"], loose["fn"]) == (3, 1, 0)


def test_load_gold_rejects_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "gold.csv"
    path.write_text("doc_id,start,end,surface,programme_id,note\nd,5,3,x,p,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.csv: row 2: end must be greater than start"):
        programmes.load_gold_mentions(path)
    path.write_text("doc_id,start,surface\nd,5,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.csv: missing column"):
        programmes.load_gold_mentions(path)


# ----------------------------------------------------------------------------------------------------
# Summaries for the book
# ----------------------------------------------------------------------------------------------------


def test_codebook_header_tables(codebook) -> None:
    kinds = programmes.codebook_header_table(codebook, "kinds")
    assert list(kinds.columns) == ["kind", "definition", "n_entries"]
    assert kinds["kind"].tolist() == list(codebook.attrs["kinds"])
    assert kinds["n_entries"].sum() == len(codebook)
    levels = programmes.codebook_header_table(codebook, "levels")
    assert levels["level"].tolist() == list(codebook.attrs["levels"])
    assert levels["n_entries"].sum() == len(codebook)
    assert levels.set_index("level").at["provincial", "n_entries"] == 0  # listed in the header, unused
    with pytest.raises(ValueError, match="field must be one of"):
        programmes.codebook_header_table(codebook, "aliases")
    with pytest.raises(ValueError, match="load_codebook"):
        programmes.codebook_header_table(pd.DataFrame({"kind": ["other"]}), "kinds")


def test_codebook_table_by_kind(codebook) -> None:
    table = programmes.codebook_table(codebook, "digital")
    assert list(table.columns) == programmes.CODEBOOK_TABLE_COLUMNS
    assert table["id"].tolist() == codebook.loc[codebook["kind"] == "digital", "id"].tolist()  # file order
    sanyi = programmes.codebook_table(codebook).set_index("name_zh").at["摘星夺旗创三宜", "aliases"]
    assert isinstance(sanyi, str) and "摘夺创" in sanyi.split("; ")
    assert len(programmes.codebook_table(codebook)) == len(codebook)
    with pytest.raises(ValueError, match="unknown kind 'sport'"):
        programmes.codebook_table(codebook, "sport")


def test_glossary_is_sorted_by_code_point_with_id_tie_break() -> None:
    book = pd.DataFrame(
        {
            "id": ["c", "b", "a", "d"],
            "name_zh": ["网格", "三会一课", "三会一课", "13710"],
            "name_en": ["Grid", "B", "A", "13710"],
            "kind": ["digital", "party-building", "party-building", "supervision"],
            "definition": ["g", "b", "a", "d"],
            "aliases": [(), ("三会",), (), ("13710平台", "13710督办")],
        }
    )
    table = programmes.glossary(book)
    assert list(table.columns) == programmes.GLOSSARY_COLUMNS
    assert table["name_zh"].tolist() == ["13710", "三会一课", "三会一课", "网格"]
    assert table["name_en"].tolist() == ["13710", "A", "B", "Grid"]  # tie on name_zh broken by id
    assert table.at[0, "aliases"] == "13710平台; 13710督办"
    assert programmes.glossary(book.iloc[::-1]).equals(table)  # input order does not matter


def test_glossary_of_the_project_codebook(codebook) -> None:
    table = programmes.glossary(codebook)
    assert len(table) == len(codebook)
    names = table["name_zh"].tolist()
    assert names == sorted(names)
    assert table["name_en"].str.len().gt(0).all() and table["definition"].str.len().gt(0).all()


def test_inventory_per_place_and_article(seeds, mentions) -> None:
    documents, _cleaned, sentences = seeds
    places = ["Gongyi", "Zhongyuan", "Xingyang"]
    table = programmes.inventory(mentions, sentences, documents, places=places)
    assert table["locality"].tolist() == places
    body = sentences[sentences["part"] == "body"]
    assert table["n_chars"].sum() == body["text"].str.len().sum()
    assert table["n_mentions"].sum() == mentions["sentence_id"].isin(body["sentence_id"]).sum()
    assert table["n_articles"].tolist() == [4, 2, 1]
    row = table.iloc[2]
    assert row["mentions_per_10k"] == pytest.approx(row["n_mentions"] / row["n_chars"] * 10_000)
    every_part = programmes.inventory(mentions, sentences, documents, parts=None, places=places)
    assert every_part["n_mentions"].sum() == len(mentions)
    by_article = programmes.inventory(mentions, sentences, documents, by="article_id", places=places)
    assert len(by_article) == 7 and by_article["n_mentions"].sum() == table["n_mentions"].sum()
    assert by_article["locality"].tolist()[:4] == ["Gongyi"] * 4
    with pytest.raises(ValueError, match="places: missing Xingyang"):
        programmes.inventory(mentions, sentences, documents, places=["Gongyi", "Zhongyuan"])
    with pytest.raises(ValueError, match="by must be"):
        programmes.inventory(mentions, sentences, documents, by="doc")


def test_inventory_counts_places_without_mentions() -> None:
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "article_id": ["a-1", "a-1", "b-1"],
            "sentence_id": ["a-1-1", "a-1-2", "b-1-1"],
            "part": ["body", "heading", "body"],
            "text": ["三会一课好", "三会一课", "无"],
        }
    )
    documents = pd.DataFrame({"doc_id": ["a", "b"], "locality": ["P", "Q"]})
    mentions = pd.DataFrame(
        {"doc_id": ["a", "a"], "sentence_id": ["a-1-1", "a-1-2"], "programme_id": ["x", "x"]}
    )
    table = programmes.inventory(mentions, sentences, documents)
    assert table[["locality", "n_chars", "n_mentions", "n_programmes"]].values.tolist() == [
        ["P", 5, 1, 1],
        ["Q", 1, 0, 0],
    ]
    assert table.at[0, "mentions_per_10k"] == pytest.approx(2000.0)
    assert table.at[1, "mentions_per_10k"] == 0.0


def test_mention_examples_quote_the_sentence(seeds, mentions) -> None:
    documents, cleaned, sentences = seeds
    ids = ["responsibility_contracting", "three_meetings_one_lesson"]
    first = programmes.mention_examples(mentions, sentences, cleaned, documents, ids)
    assert list(first.columns) == programmes.EXAMPLE_COLUMNS
    assert first["programme_id"].tolist() == ids
    per_place = programmes.mention_examples(mentions, sentences, cleaned, documents, ids, per_place=True)
    assert per_place.loc[per_place["programme_id"] == ids[0], "locality"].tolist() == sorted(
        ["Gongyi", "Zhongyuan", "Xingyang"]
    )
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for row in per_place.itertuples(index=False):
        text = raw[row.sentence_id.rsplit("-", 2)[0]]
        assert text[row.start : row.end] == row.surface
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
        assert programmes.name_key(row.surface) in programmes.name_key(row.quote)
    with pytest.raises(ValueError, match="no mention of nothing_here"):
        programmes.mention_examples(mentions, sentences, cleaned, documents, ["nothing_here"])


def test_mention_examples_cut_long_sentences() -> None:
    raw = "甲" * 40 + "三会\n一课" + "乙" * 40
    clean = fake_clean(raw)
    sentences = one_sentence("d", clean).assign(text=clean.text, start=0, end=len(raw))
    found = match_text(raw, [{"id": "smyk", "name_zh": "三会一课"}])
    documents = pd.DataFrame({"doc_id": ["d"], "locality": ["P"]})
    example = programmes.mention_examples(found, sentences, {"d": clean}, documents, width=3)
    assert example.at[0, "quote"] == "…甲甲甲三会一课乙乙乙…"
    assert (example.at[0, "start"], example.at[0, "end"]) == (40, 45)


def test_sharing_by_level(codebook) -> None:
    shared = pd.DataFrame(
        {
            "programme_id": ["three_meetings_one_lesson", "tent_branch", "west_beauty_strategy"],
            "n_places": [2, 1, 1],
            "category": ["shared by 2", "unique to Zhongyuan", "unique to Gongyi"],
        }
    )
    table = programmes.sharing_by_level(shared, codebook)
    assert table.index.tolist() == ["shared by 2", "unique to Gongyi", "unique to Zhongyuan"]
    assert table.columns.tolist() == [*codebook.attrs["levels"], "total"]
    assert table.at["shared by 2", "unknown"] == 1
    assert table.at["unique to Zhongyuan", "local"] == 1
    assert table.at["unique to Gongyi", "Zhengzhou-wide"] == 1
    assert table["total"].sum() == 3
    with pytest.raises(ValueError, match="not in the codebook: nope"):
        programmes.sharing_by_level(
            shared.assign(programme_id=["nope", "tent_branch", "tent_branch"]), codebook
        )


def test_top_programmes_by_level(seeds, mentions, codebook) -> None:
    documents, _cleaned, _sentences = seeds
    shared = compare.shared_programmes(mentions, documents)
    places = ["Gongyi", "Zhongyuan", "Xingyang"]
    table = programmes.top_programmes_by_level(shared, codebook, "local", n=3, places=places)
    assert table["places"].tolist() == [p for p in places for _ in range(3)]
    assert set(table["programme_id"]) <= set(codebook.loc[codebook["level"] == "local", "id"])
    assert table["level_evidence"].str.len().gt(0).all()
    for place in places:
        counts = table.loc[table["places"] == place, "n_mentions"].tolist()
        assert counts == sorted(counts, reverse=True)
        best = shared[(shared["places"] == place)].merge(codebook, left_on="programme_id", right_on="id")
        assert counts[0] == best.loc[best["level"] == "local", "n_mentions"].max()
    assert len(programmes.top_programmes_by_level(shared, codebook, "provincial")) == 0
    with pytest.raises(ValueError, match="unknown level 'city'"):
        programmes.top_programmes_by_level(shared, codebook, "city")


def test_not_programme_summary() -> None:
    listed = pd.DataFrame(
        {
            "surface": ["双胜利", "硬骨头", "十佳", "项目为王", "担当之星"],
            "reason": ["slogan", "metaphor", "honour", "slogan", "honour"],
        }
    )
    table = programmes.not_programme_summary(listed, n_examples=1)
    assert table.values.tolist() == [
        ["honour", 2, "十佳"],
        ["slogan", 2, "双胜利"],
        ["metaphor", 1, "硬骨头"],
    ]
    full = programmes.not_programme_summary(programmes.load_not_programmes(CODEBOOK))
    assert full["n_surfaces"].sum() == len(programmes.load_not_programmes(CODEBOOK))
    with pytest.raises(ValueError, match="missing column"):
        programmes.not_programme_summary(listed.drop(columns="reason"))
