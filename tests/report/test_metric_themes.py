"""Tests of govtext.report.metric_themes: themes, stated shares, claims and the indicator table."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from metrics.helpers import programme_names, single_document

from govtext import metrics as gm
from govtext.metrics import DEFAULT_UNITS_PATH, extract_metrics
from govtext.report import metric_themes as mt


def test_load_metric_themes_from_units_codebook():
    themes = mt.load_metric_themes(DEFAULT_UNITS_PATH)
    assert list(themes.themes["id"]) == [
        "old_compounds",
        "demolition_resettlement",
        "party_mobilisation",
        "money",
        "epidemic",
        "flood",
    ]
    assert themes.share_cues == ("占",) and "已完工" in themes.part_whole_cues
    money = themes.themes.set_index("id").loc["money"]
    assert money["kinds"] == ("money",) and money["terms"] == ("投资", "资金")


def test_every_theme_term_occurs_in_the_seeds(seeds):
    _, cleaned, _ = seeds
    text = "".join(c.text for c in cleaned.values())
    themes = mt.load_metric_themes(DEFAULT_UNITS_PATH)
    for row in themes.themes.itertuples():
        for term in (*row.terms, *row.exclude_if):
            assert term in text, (row.id, term)


THEMES_OK = """
themes:
  - {id: a, label: A, label_zh: 甲, terms: [楼院]}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("units: []\n", "missing field 'themes'"),
        ("themes: []\n", "non-empty list"),
        ("themes: [x]\n", r"themes\[0\]: must be a mapping"),
        (THEMES_OK.replace("id: a", "id: A b"), r"themes\[0\] \(A b\): field 'id' must be snake_case"),
        (THEMES_OK.replace("label: A, ", ""), r"\(a\): field 'label' is missing"),
        (THEMES_OK.replace("terms: [楼院]", "kinds: [area]"), r"field 'kinds': 'area'"),
        (THEMES_OK.replace("terms: [楼院]", "terms: []"), r"needs 'terms' or 'kinds'"),
        (THEMES_OK.replace("terms: [楼院]", "terms: 楼院"), r"field 'terms' must be a list"),
        (THEMES_OK.replace("}", ", colour: red}"), r"unknown field\(s\) colour"),
        (
            THEMES_OK + "  - {id: a, label: B, label_zh: 乙, terms: [x]}\n",
            r"themes\[1\] \(a\): field 'id': dup",
        ),
    ],
)
def test_load_metric_themes_errors_name_file_theme_and_field(tmp_path, text, message):
    path = tmp_path / "units.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        mt.load_metric_themes(path)
    assert str(path) in str(info.value)


def extract_text(text: str, tokenizer, doc_id: str = "doc") -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences, cleaned = single_document(text, doc_id)
    return extract_metrics(sentences, cleaned, tokenizer), sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "使全年改造小区计划总数达到88个，占全市总任务量的80%。",
            {"88个": (0.8, "全市总任务量", mt.BASIS_STATED), "80%": (0.8, "", mt.BASIS_PERCENT)},
        ),
        ("中原区488个老旧小区已完工468个。", {"468个": (468 / 488, "488个老旧小区", mt.BASIS_PART)}),
        (
            "目前改造的53个楼院中，8个已完工，28个正在施工。",
            {"8个": (8 / 53, "53个楼院", mt.BASIS_PART), "28个": (28 / 53, "53个楼院", mt.BASIS_PART)},
        ),
        ("辖区222个居民小区中老旧楼院占比96.8%。", {"96.8%": (0.968, "222个居民小区", mt.BASIS_PART)}),
        ("5个项目中，4个已完工，3个在建。", {"4个": (0.8, "5个项目", mt.BASIS_PART)}),
        ("办结率达99%。", {"99%": (0.99, "", mt.BASIS_PERCENT)}),
        ("建设住房74套，总投资900万元。", {}),
    ],
)
def test_stated_shares(tokenizer, text, expected):
    found, sentences = extract_text(text, tokenizer)
    out = mt.stated_shares(found, sentences, ("占",), ("已完工", "中，", "占比"))
    assert len(out) == len(found) and {"share", "denominator", "basis"} <= set(out.columns)
    shared = out[out["share"].notna()]
    got = {
        r.surface: (pytest.approx(r.share), r.denominator, r.basis) for r in shared.itertuples(index=False)
    }
    assert got == {k: (pytest.approx(v[0]), v[1], v[2]) for k, v in expected.items()}
    wholes = set(out.loc[out["basis"] == mt.BASIS_WHOLE, "surface"])
    if expected and next(iter(expected.values()))[2] == mt.BASIS_PART:
        assert len(wholes) == 1


def test_stated_shares_never_uses_outside_denominators(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    themes = mt.load_metric_themes(DEFAULT_UNITS_PATH)
    out = mt.stated_shares(found, sentences, themes.share_cues, themes.part_whole_cues)
    stated = out[out["basis"].isin([mt.BASIS_STATED, mt.BASIS_PART])]
    for row in stated.itertuples(index=False):
        sentence = sentences.set_index("sentence_id").loc[row.sentence_id, "text"]
        assert row.denominator.replace(" ", "") in sentence.replace(" ", "") or row.denominator in sentence
    assert ((out["share"] > 0) & (out["share"] <= 1) | out["share"].isna()).all()


def toy_claims(tokenizer):
    """Three one-sentence documents in two places, run through extract_metrics and stated_shares."""
    texts = {
        "a1": "中原区488个老旧小区已完工468个，投入资金300万元。",
        "a2": "疫情期间坚守113个楼院，发动党员1400余名。",
        "b1": "发动党员80名，另有群众5000名参加，建设4个示范点，奖励5万元。",
    }
    frames, sentence_frames, cleaned = [], [], {}
    for doc_id, text in texts.items():
        sentences, one = single_document(text, doc_id)
        frames.append(extract_metrics(sentences, one, tokenizer))
        sentence_frames.append(sentences)
        cleaned.update(one)
    found, sentences = pd.concat(frames, ignore_index=True), pd.concat(sentence_frames, ignore_index=True)
    documents = pd.DataFrame({"doc_id": list(texts), "locality": ["Pa", "Pa", "Pb"]})
    themes = mt.MetricThemes(
        themes=pd.DataFrame(
            [
                {
                    "id": "old",
                    "label": "Old",
                    "label_zh": "旧",
                    "terms": ("老旧小区", "楼院"),
                    "kinds": (),
                    "exclude_if": ("疫情",),
                    "note": "",
                },
                {
                    "id": "party",
                    "label": "Party",
                    "label_zh": "党",
                    "terms": ("党员",),
                    "kinds": (),
                    "exclude_if": (),
                    "note": "",
                },
                {
                    "id": "money",
                    "label": "Money",
                    "label_zh": "钱",
                    "terms": ("资金",),
                    "kinds": ("money",),
                    "exclude_if": (),
                    "note": "",
                },
                {
                    "id": "flood",
                    "label": "Flood",
                    "label_zh": "灾",
                    "terms": ("灾后",),
                    "kinds": (),
                    "exclude_if": (),
                    "note": "",
                },
            ]
        ),
        share_cues=("占",),
        part_whole_cues=("已完工",),
    )
    shared = mt.stated_shares(found, sentences, themes.share_cues, themes.part_whole_cues)
    return shared, sentences, documents, themes


def test_theme_claims_levels_ranks_and_exclusions(tokenizer):
    shared, sentences, documents, themes = toy_claims(tokenizer)
    claims = mt.theme_claims(shared, sentences, documents, themes, places=["Pa", "Pb"])
    assert list(claims.columns) == mt.CLAIM_COLUMNS
    old = claims[claims["theme"] == "old"]
    # 468个 (a share of a stated whole) outranks 488个; the epidemic sentence (113个楼院) is excluded
    assert list(old["surface"]) == ["468个", "488个", "300万元"]
    assert list(old["rank"]) == [1, 2, 3] and list(old["level"]) == ["subject", "subject", "sentence"]
    party = claims[claims["theme"] == "party"].set_index("surface")
    assert party.loc["1400余名", "level"] == "subject" and party.loc["1400余名", "rank"] == 1
    assert party.loc["80名", "rank"] == 1 and party.loc["5000名", "level"] == "sentence"
    money = claims[claims["theme"] == "money"]
    assert list(money["surface"]) == ["300万元", "5万元"] and list(money["level"]) == ["subject", "kind"]
    assert claims[claims["theme"] == "flood"].empty
    assert "…" in old.iloc[0]["quote"] or old.iloc[0]["quote"].startswith("中原区")


def test_indicator_table_cells(tokenizer):
    shared, sentences, documents, themes = toy_claims(tokenizer)
    claims = mt.theme_claims(shared, sentences, documents, themes, places=["Pa", "Pb"])
    table = mt.indicator_table(claims, themes, ["Pa", "Pb"])
    assert list(table.columns) == ["theme", "Pa", "Pb"]
    assert list(table["theme"]) == ["Old (旧)", "Party (党)", "Money (钱)", "Flood (灾)"]
    cell = table.iloc[0]["Pa"]
    assert cell.startswith("468 个 老旧小区; = 96% of 488个老旧小区; [a1-1-1] “") and cell.endswith(
        "(+2 more)"
    )
    assert table.iloc[0]["Pb"] == mt.NO_CLAIM and table.iloc[3]["Pa"] == mt.NO_CLAIM
    assert table.iloc[2]["Pa"].startswith("3,000,000 元 (300万元) 资金")
    assert table.iloc[1]["Pb"].startswith("80 名 党员")


def test_claim_text_rate_and_plain():
    claim = {
        "value": 40.0,
        "unit": "个",
        "surface": "40个",
        "subject": "隔离房间",
        "share": math.nan,
        "basis": "",
        "denominator": "",
        "per": "每万人",
        "sentence_id": "003_x-1-51",
        "quote": "每万人配备40个",
    }
    assert mt.claim_text(claim) == "40 个 隔离房间; per 每万人; [003-1-51] “每万人配备40个”"
    claim.update(per="", subject="", value=0.5, unit="年", surface="半年多")
    assert mt.claim_text(claim) == "0.5 年 (半年多); [003-1-51] “每万人配备40个”"


def test_old_names_reach_the_moved_themes():
    """``govtext.metrics`` re-exports what moved here, for the book, until its cells are updated."""
    names = ["MetricThemes", "load_metric_themes", "stated_shares", "theme_claims", "claim_text"]
    names += ["indicator_table", "NO_CLAIM", "LEVELS", "THEME_COLUMNS", "CLAIM_COLUMNS"]
    names += ["BASIS_STATED", "BASIS_PERCENT", "BASIS_PART", "BASIS_WHOLE"]
    for name in names:
        assert getattr(gm, name) is getattr(mt, name), name
