"""govtext.compare.themes: denominators only from the text, theme assignment, indicator cells, the
themes file and quotes of figures."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from compare.helpers import RAW_DIR, make_sentences
from govtext import compare
from govtext.resources import resource_path

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


@pytest.mark.slow
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
