"""govtext.programmes.discover: candidate names in the seeds, and the codebook's coverage of them."""

from __future__ import annotations

from conftest import fake_clean

from govtext import programmes
from programmes.helpers import CODEBOOK, SANYI, one_sentence, tiny_codebook


def test_discovery_finds_the_known_shapes(candidates) -> None:
    assert list(candidates.columns) == programmes.CANDIDATE_COLUMNS
    assert set(candidates["pattern"]) == set(programmes.PATTERNS)
    found: dict[str, set[str]] = {}
    for name, pattern in zip(candidates["candidate"], candidates["pattern"], strict=True):
        found.setdefault(name, set()).add(pattern)
    assert found["三会一课"] == {"numbered_formula"}
    assert "numbered_formula" in found["一征三议两公开工作法"]  # “一征三议两公开”工作法: quote + suffix
    assert found["13710督办平台"] == {"digit_name"}
    assert found["13710工作制度"] == {"digit_name"}
    assert found["1+3+4模式"] == {"digit_name"}
    assert found["12834行动计划"] == {"digit_name"}
    assert "五步工作法" in found and "六步工作法" in found
    assert found["河长制"] == {"suffix"}
    assert found["擂台赛制"] == {"suffix"}  # cut after 建立
    assert "建立擂台赛制" not in found and "建立专班推进制" not in found
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


def test_zhidu_ends_a_name_but_not_an_ordinary_noun() -> None:
    """制度 is a weak suffix (round 7): a standing rule with a stem is a candidate, 规章制度 is not one and a
    count of generic nouns is generic."""
    rules = programmes.load_discovery_rules(CODEBOOK)
    clean = fake_clean("，推行楼栋长管理制度。完善规章制度。建立一套制度。")
    found = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), rules
    ).set_index("candidate")
    assert found.loc["楼栋长管理制度", "suffix_strength"] == "weak"
    assert "规章制度" not in found.index  # a false friend
    assert found.loc["一套制度", "generic"]  # a count (一套) of a generic noun


def test_coverage_and_uncoded(candidates, codebook) -> None:
    excluded = programmes.load_not_programmes(CODEBOOK)
    table = programmes.coverage(candidates, codebook, excluded)
    assert table["pattern"].tolist() == [*programmes.PATTERNS, "all"]
    overall = table.set_index("pattern").loc["all"]
    assert (
        overall["n_distinct"] == overall["n_in_codebook"] + overall["n_not_programme"] + overall["n_uncoded"]
    )
    # measured 0.542 with codebook 1.1.0, 0.336 with 1.2.0 (its review moved 66 entries to not_programmes):
    # many quoted spans are slogans
    assert 0.25 <= overall["share_in_codebook"] <= 0.7
    uncoded = programmes.uncoded_candidates(candidates, codebook, excluded)
    assert list(uncoded.columns) == ["candidate", "pattern", "n_mentions", "n_docs", "first_doc"]
    assert len(uncoded) == overall["n_uncoded"]
    without_list = programmes.uncoded_candidates(candidates, codebook)
    assert {"双胜利", "十三五"} <= set(without_list["candidate"])
    counts = without_list["n_mentions"].tolist()
    assert counts == sorted(counts, reverse=True)


def test_one_core_many_parts_is_a_numbered_formula() -> None:
    """一 and a part, then 多 and a part (一核多元, 一格多员) is a formula; a duration or an approximate count
    (一年多来, 一个多月, 一千多元) is not."""
    rules = programmes.load_discovery_rules(CODEBOOK)
    clean = fake_clean("，构建一核多元、一格多员。一年多来，一个多月，花了一千多元。")
    found = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), rules
    ).set_index("candidate")
    formulas = found[found["pattern"] == "numbered_formula"]
    assert set(formulas.index) == {"一核多元", "一格多员"}
    assert (formulas["numerals"] == "formula").all()


def test_a_name_the_matcher_passes_over_does_not_make_a_candidate_in_codebook() -> None:
    rules = programmes.load_discovery_rules(CODEBOOK)
    grid = {"id": "grid", "name_zh": "党建引领网格化推进基层治理", "aliases": ["网格化"]}
    clean = fake_clean("以“网格化、数智化”为抓手，推进“网格化”治理。")
    codebook = tiny_codebook([grid])
    found = programmes.discover_candidates(one_sentence("d", clean), {"d": clean}, codebook, rules)
    in_codebook = dict(zip(found["candidate"], found["in_codebook"], strict=True))
    assert in_codebook == {"网格化、数智化": False, "网格化": True}
