"""govtext.compare.themes, the one theme implementation of chapters 4 and 5: the themes file, denominators
only from the text, claims and their ranks, the headline and denominator tables, quotes of figures; and,
on the seeds, that every headline of chapter 4's table is a figure of its own theme (issue 14)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from compare.helpers import RAW_DIR, make_sentences
from govtext import compare, programmes, segment
from govtext.metrics import extract_metrics
from govtext.resources import resource_path

THEMES_FILE = resource_path("themes")
PLACES = ["Gongyi", "Zhongyuan", "Xingyang"]


def _metric(sentence: pd.Series, surface: str, value: float, unit: str, kind: str, **extra) -> dict:
    pos = sentence["text"].index(surface)
    start = int(sentence["clean_start"]) + pos
    row = {
        "doc_id": sentence["doc_id"],
        "sentence_id": sentence["sentence_id"],
        "surface": surface,
        "value": value,
        "unit": unit,
        "kind": kind,
        "subject": extra.pop("subject", ""),
        "per": extra.pop("per", ""),
        "clean_start": start,
        "clean_end": start + len(surface),
        "start": start,
        "end": start + len(surface),
    }
    row.update(extra)
    return row


def _toy() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Sentences, quantities (as extract_metrics would give them) and documents of three toy places."""
    texts = [
        ("z1", "Pa", "中原区488个老旧小区已完工468个，投入资金300万元。"),
        ("z1", "Pa", "疫情期间坚守113个楼院，发动党员1400余名，每万人配备40个隔离房间。"),
        ("g1", "Pb", "发动党员代表等六方合力，另有群众5000名参加，奖励5万元。"),
        ("x1", "Pc", "灾后建设15个集中安置点，另有安置房74套。"),
        ("x1", "Pc", "拆迁安置群众350户。"),
    ]
    sentences = make_sentences(texts)
    s = [sentences.iloc[i] for i in range(len(sentences))]
    rows = [
        _metric(s[0], "488个", 488, "个", "count", subject="老旧小区"),
        _metric(s[0], "468个", 468, "个", "count"),
        _metric(s[0], "300万元", 3_000_000, "元", "money", subject="资金"),
        _metric(s[1], "113个", 113, "个", "count", subject="楼院"),
        _metric(s[1], "1400余名", 1400, "名", "count", subject="党员"),
        _metric(s[1], "40个", 40, "个", "rate", subject="隔离房间", per="每万人"),
        _metric(s[2], "六方", 6, "方", "count", subject="合力"),
        _metric(s[2], "5000名", 5000, "名", "count", subject="群众"),
        _metric(s[2], "5万元", 50_000, "元", "money"),
        _metric(s[3], "15个", 15, "个", "count", subject="集中安置点"),
        _metric(s[3], "74套", 74, "套", "count", subject="安置房"),
        _metric(s[4], "350户", 350, "户", "count", subject="群众"),
    ]
    documents = pd.DataFrame({"doc_id": ["z1", "g1", "x1"], "locality": ["Pa", "Pb", "Pc"]})
    return sentences, pd.DataFrame(rows), documents


def _codebook(themes: list[dict], share_cues=("占",), part_whole_cues=("已完工",)) -> compare.ThemeCodebook:
    rows = [
        {"label_zh": t["id"], "terms": (), "kinds": (), "exclude_if": (), "exclude_if_theme": (), "note": ""}
        | t
        for t in themes
    ]
    return compare.ThemeCodebook(
        name="toy",
        description="toy",
        version="1",
        themes=pd.DataFrame(rows, columns=compare.THEME_COLUMNS),
        share_cues=tuple(share_cues),
        part_whole_cues=tuple(part_whole_cues),
    )


TOY_THEMES = _codebook(
    [
        {"id": "old", "label": "Old", "terms": ("老旧小区", "楼院"), "exclude_if": ("疫情",)},
        {
            "id": "resettlement",
            "label": "Resettlement",
            "terms": ("拆迁", "安置"),
            "exclude_if_theme": ("flood",),
        },
        {"id": "party", "label": "Party", "terms": ("党员",)},
        {"id": "money", "label": "Money", "terms": ("资金",), "kinds": ("money",)},
        {"id": "epidemic", "label": "Epidemic", "terms": ("疫情", "隔离")},
        {"id": "flood", "label": "Flood", "terms": ("灾后", "集中安置")},
    ]
)


def _toy_claims() -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences, metrics, documents = _toy()
    shared = compare.stated_shares(metrics, sentences, TOY_THEMES.share_cues, TOY_THEMES.part_whole_cues)
    claims = compare.theme_claims(shared, sentences, documents, TOY_THEMES, places=["Pa", "Pb", "Pc"])
    return claims, sentences


# --------------------------------------------------------------------------------------------------
# Denominators the text states


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "使全年改造小区计划总数达到88个，占全市总任务量的80%。",
            {"88个": (0.8, "全市总任务量", compare.BASIS_SHARE), "80%": (0.8, "", compare.BASIS_PERCENT)},
        ),
        ("中原区488个老旧小区已完工468个。", {"468个": (468 / 488, "488个老旧小区", compare.BASIS_PART)}),
        (
            "目前改造的53个楼院中，8个已完工，28个正在施工。",
            {
                "8个": (8 / 53, "53个楼院", compare.BASIS_PART),
                "28个": (28 / 53, "53个楼院", compare.BASIS_PART),
            },
        ),
        ("辖区222个居民小区中老旧楼院占比96.8%。", {"96.8%": (0.968, "222个居民小区", compare.BASIS_PART)}),
        (
            "督办平台共立项工作699项，已办理462项，正常推进237项。",
            {
                "462项": (462 / 699, "工作699项", compare.BASIS_PART),
                "237项": (237 / 699, "工作699项", compare.BASIS_PART),
            },
        ),
        ("5个项目中，4个已完工，3个在建。", {"4个": (0.8, "5个项目", compare.BASIS_PART)}),
        ("办结率达99%。", {"99%": (0.99, "", compare.BASIS_PERCENT)}),
        ("建设住房74套，总投资900万元。", {}),
    ],
)
def test_stated_shares(tokenizer, text: str, expected: dict) -> None:
    from metrics.helpers import single_document

    sentences, cleaned = single_document(text, "doc")
    found = extract_metrics(sentences, cleaned, tokenizer)
    themes = compare.load_themes(THEMES_FILE)
    out = compare.stated_shares(found, sentences, themes.share_cues, themes.part_whole_cues)
    assert len(out) == len(found) and {"share", "denominator", "basis"} <= set(out.columns)
    assert set(out["basis"]) <= {"", *compare.BASES}
    shared = out[out["share"].notna()]
    got = {r.surface: (r.share, r.denominator, r.basis) for r in shared.itertuples(index=False)}
    assert got == {k: (pytest.approx(v[0]), v[1], v[2]) for k, v in expected.items()}
    if any(v[2] == compare.BASIS_PART for v in expected.values()):
        assert (out["basis"] == compare.BASIS_WHOLE).sum() == 1


def test_stated_shares_rates_and_no_outside_denominator() -> None:
    sentences, metrics, _ = _toy()
    out = compare.stated_shares(metrics, sentences, ("占",), ("已完工",)).set_index("surface")
    assert out.loc["40个", "basis"] == compare.BASIS_RATE and out.loc["40个", "denominator"] == "每万人"
    assert math.isnan(out.loc["40个", "share"])
    assert out.loc["488个", "basis"] == compare.BASIS_WHOLE
    # no cue, no pair: 113个楼院 … 1400余名 are not a whole and its part
    assert out.loc["1400余名", "basis"] == "" and math.isnan(out.loc["1400余名", "share"])
    assert compare.stated_shares(metrics, sentences, (), ())["share"].notna().sum() == 0


def test_stated_shares_needs_its_columns() -> None:
    sentences, metrics, _ = _toy()
    with pytest.raises(ValueError, match="metrics: missing column"):
        compare.stated_shares(metrics.drop(columns=["clean_end"]), sentences)


def test_stated_shares_never_uses_outside_denominators(seed_claims) -> None:
    shared, sentences = seed_claims["shared"], seed_claims["sentences"]
    text = sentences.set_index("sentence_id")["text"]
    named = shared[shared["basis"].isin(compare.DENOMINATOR_BASES)]
    assert len(named) > 0
    for row in named.itertuples(index=False):
        assert re.sub(r"\s+", "", row.denominator) in text[row.sentence_id]
    assert ((shared["share"] > 0) & (shared["share"] <= 1) | shared["share"].isna()).all()


# --------------------------------------------------------------------------------------------------
# Claims, their ranks and the two tables


def test_theme_claims_levels_ranks_and_exclusions() -> None:
    claims, _ = _toy_claims()
    assert list(claims.columns) == compare.CLAIM_COLUMNS
    old = claims[claims["theme"] == "old"]
    # 468个 (a part of a stated whole) outranks its whole; the epidemic sentence (113个楼院) is excluded
    assert list(old["surface"]) == ["468个", "488个", "300万元"]
    assert list(old["level"]) == ["subject", "subject", "sentence"]
    assert list(old["of_theme"]) == [True, True, False]
    party = claims[claims["theme"] == "party"].set_index("surface")
    assert party.loc["1400余名", ["level", "rank", "of_theme"]].tolist() == ["subject", 1, True]
    # 党员 is only in the clause of 六方 and the sentence of 5000名: claims, but not figures of the theme
    assert party.loc["六方", "level"] == "clause" and not party.loc["六方", "of_theme"]
    money = claims[claims["theme"] == "money"]
    assert list(money["surface"]) == ["300万元", "5万元"] and list(money["level"]) == ["subject", "kind"]
    assert money["of_theme"].all()
    # a sentence about the flood is the flood's, not resettlement's (exclude_if_theme)
    resettlement = claims[claims["theme"] == "resettlement"]
    assert list(resettlement["surface"]) == ["350户"] and resettlement["level"].tolist() == ["clause"]
    assert list(claims.loc[claims["theme"] == "flood", "surface"]) == ["15个", "74套"]
    assert "…" in old.iloc[0]["quote"] or old.iloc[0]["quote"].startswith("中原区")


def test_headlines_are_figures_of_their_theme() -> None:
    claims, _ = _toy_claims()
    heads = compare.headlines(claims).set_index(["theme", "locality"])["surface"].to_dict()
    assert heads[("party", "Pa")] == "1400余名" and ("party", "Pb") not in heads  # not 六方
    assert heads[("flood", "Pc")] == "15个" and ("resettlement", "Pc") not in heads


def test_indicator_table_cells() -> None:
    claims, _ = _toy_claims()
    table = compare.indicator_table(claims, TOY_THEMES, ["Pa", "Pb", "Pc"])
    assert list(table.columns) == ["Pa", "Pb", "Pc"] and table.index.name == "theme"
    assert list(table.index)[:2] == ["Old (old)", "Resettlement (resettlement)"]
    cell = table.loc["Old (old)", "Pa"]
    assert cell.startswith("468 个; = 96% of 488个老旧小区; [z1-1-1] “") and cell.endswith("(+2 more)")
    assert table.loc["Old (old)", "Pb"] == compare.NO_CLAIM
    assert table.loc["Party (party)", "Pb"] == f"{compare.NONE_OF_THEME} (3 figures in its sentences)"
    assert table.loc["Resettlement (resettlement)", "Pc"].startswith(compare.NONE_OF_THEME)
    assert table.loc["Money (money)", "Pa"].startswith("3,000,000 元 (300万元) 资金")
    assert table.loc["Epidemic (epidemic)", "Pa"].startswith("40 个 隔离房间; per 每万人; [z1-1-2]")


def test_denominator_table_cells() -> None:
    claims, _ = _toy_claims()
    table = compare.denominator_table(claims, TOY_THEMES, ["Pa", "Pb", "Pc"])
    assert table.loc["Old (old)", "Pa"] == (
        "3 figures in 1 sentence (2 of the theme); part of a stated whole: 468个 = 96% of 488个老旧小区"
    )
    assert table.loc["Epidemic (epidemic)", "Pa"].endswith("stated rate: 每万人40个")
    assert table.loc["Party (party)", "Pb"] == (
        "3 figures in 1 sentence (0 of the theme); no denominator; e.g. 六方 (合力), 5万元"
    )
    assert table.loc["Old (old)", "Pc"] == compare.NO_CLAIM


def test_claim_text_rate_and_plain() -> None:
    claim = {
        "value": 40.0,
        "unit": "个",
        "surface": "40个",
        "subject": "隔离房间",
        "share": math.nan,
        "basis": compare.BASIS_RATE,
        "denominator": "每万人",
        "sentence_id": "003_x-1-51",
        "quote": "每万人配备40个",
    }
    assert compare.claim_text(claim) == "40 个 隔离房间; per 每万人; [003-1-51] “每万人配备40个”"
    claim.update(basis="", denominator="", subject="", value=0.5, unit="年", surface="半年多")
    assert compare.claim_text(claim) == "0.5 年 (半年多); [003-1-51] “每万人配备40个”"


def test_quote_figure_gives_the_clause_and_the_one_before() -> None:
    sentences = make_sentences(
        [
            (
                "g1",
                "Gongyi",
                "在45个重点项目中，86%为民生类项目，特别是老旧小区改造项目，将原计划实施的30个项目提前。",
            ),
            ("z1", "Zhongyuan", "中原区488个老旧小区已完工468个，实现了综合改造。"),
        ]
    )
    assert compare.quote_figure(sentences, "g1-1-1", "86%") == "在45个重点项目中，86%为民生类项目…"
    assert (
        compare.quote_figure(sentences, "g1-1-1", "30个")
        == "…特别是老旧小区改造项目，将原计划实施的30个项目提前"
    )
    assert (
        compare.quote_figure(sentences, "g1-1-1", "45个", clauses_after=1)
        == "在45个重点项目中，86%为民生类项目…"
    )
    assert (
        compare.quote_figure(sentences, "z1-1-1", "488 个", clauses_after=5)
        == "中原区488个老旧小区已完工468个，实现了综合改造"
    )
    with pytest.raises(ValueError, match="not in sentence"):
        compare.quote_figure(sentences, "z1-1-1", "99个")


# --------------------------------------------------------------------------------------------------
# The themes file


def test_themes_file_loads_and_every_term_occurs_in_the_seeds() -> None:
    themes = compare.load_themes()
    assert themes.source == "themes.yml" and compare.load_themes(THEMES_FILE).themes.equals(themes.themes)
    ids = themes.themes["id"].tolist()
    assert ids == [
        "old_compounds",
        "demolition_resettlement",
        "party_mobilisation",
        "money",
        "epidemic",
        "flood",
    ]
    assert themes.share_cues == ("占",) and "已完工" in themes.part_whole_cues
    assert all(len(note) > 40 for note in themes.themes["note"])  # every term list is justified
    seeds = [re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in sorted(RAW_DIR.glob("*.txt"))]
    if not seeds:
        pytest.skip("seed files not present")
    joined = "\n".join(seeds).replace(",", "，")
    terms = [t for row in themes.themes.itertuples() for t in (*row.terms, *row.exclude_if)]
    assert [t for t in terms if t not in joined] == []
    assert [c for c in (*themes.share_cues, *themes.part_whole_cues) if c not in joined] == []


THEME_HEAD = "name: t\ndescription: t\nversion: '1'\n"
OK = "{id: a, label: A, label_zh: 甲, note: n, terms: [x]}"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("themes: []\n", r"field 'themes': must be a non-empty list"),
        ("themes:\n  - {id: a, label: A, note: n, terms: [x]}\n", r"theme 'a': field 'label_zh': missing"),
        ("themes:\n  - {id: a, label: A, label_zh: 甲, terms: [x]}\n", r"theme 'a': field 'note': missing"),
        (
            "themes:\n  - {id: a, label: A, label_zh: 甲, note: n}\n",
            r"theme 'a': needs at least one of terms",
        ),
        (f"themes:\n  - {OK.replace('[x]', '[x, x]')}\n", r"theme 'a': field 'terms': duplicate"),
        (f"themes:\n  - {OK.replace('id: a', 'id: A-1')}\n", r"field 'id': must be snake_case"),
        (f"themes:\n  - {OK.replace('}', ', colour: red}')}\n", r"unknown field\(s\): colour"),
        (
            f"themes:\n  - {OK.replace('terms', 'kinds')}\n",
            r"theme 'a': field 'kinds': 'x' is not one of count",
        ),
        (
            f"themes:\n  - {OK.replace('}', ', exclude_if_theme: [b]}')}\n",
            r"theme 'a': field 'exclude_if_theme': 'b' is not another theme",
        ),
        (f"themes:\n  - {OK}\n  - {OK}\n", r"theme 'a': field 'id': duplicate id"),
        (f"themes:\n  - {OK}\nextra: 1\n", r"unknown top-level"),
        (f"themes:\n  - {OK}\nshare_cues: [占, 占]\n", r"top level: field 'share_cues': duplicate"),
        (f"themes:\n  - {OK}\nthemes: []\n", r"duplicate key 'themes'"),
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


# --------------------------------------------------------------------------------------------------
# On the seeds, as chapters 4 and 5 run it


@pytest.fixture(scope="module")
def seed_claims(seed_tables, codebook) -> dict:
    """Chapter 4's claims: the seeds' quantities found with the book's segmenter (programme names and the
    governance lexicon as user words: the subject of a quantity, and so its headline, depends on them)."""
    documents, cleaned, sentences = seed_tables
    book_tokenizer = segment.make_tokenizer(
        programmes.codebook_terms(codebook) + segment.load_wordlist(resource_path("lexicon"))
    )
    found = extract_metrics(sentences, cleaned, book_tokenizer, programmes.programme_names(codebook))
    themes = compare.load_themes()
    shared = compare.stated_shares(found, sentences, themes.share_cues, themes.part_whole_cues)
    claims = compare.theme_claims(shared, sentences, documents, themes, places=PLACES)
    return {
        "themes": themes,
        "sentences": sentences,
        "documents": documents,
        "shared": shared,
        "claims": claims,
    }


def headline_problems(
    heads: pd.DataFrame, themes: compare.ThemeCodebook, sentences: pd.DataFrame
) -> list[str]:
    """Why a headline is not a figure of its theme, read from the themes file alone: the noun phrase it
    counts (its subject, or the whole it is a share of) names none of the theme's terms and it is not of
    the theme's kinds; its sentence holds a word the theme excludes; or it heads two themes by their terms."""
    spec = themes.themes.set_index("id")
    text = sentences.set_index("sentence_id")["text"]
    problems = []
    for row in heads.itertuples(index=False):
        theme = spec.loc[row.theme]
        counted = f"{row.subject if isinstance(row.subject, str) else ''} "
        if row.basis in (compare.BASIS_SHARE, compare.BASIS_PART) and isinstance(row.denominator, str):
            counted += row.denominator
        where = f"{row.theme}/{row.locality}: {row.surface} ({row.subject})"
        if not (row.kind in theme["kinds"] or any(t in counted for t in theme["terms"])):
            problems.append(f"{where} does not count {theme['label']}")
        excluded = [
            *theme["exclude_if"],
            *(t for o in theme["exclude_if_theme"] for t in spec.loc[o, "terms"]),
        ]
        if any(w in text[row.sentence_id] for w in excluded):
            problems.append(f"{where}: its sentence belongs to another theme")
    by_terms = heads[[not spec.loc[t, "kinds"] for t in heads["theme"]]]
    for (_doc, _start), block in by_terms.groupby(["doc_id", "start"]):
        if len(block) > 1:
            problems.append(f"{block['surface'].iloc[0]} heads {', '.join(block['theme'])}")
    return problems


def test_every_headline_on_the_seeds_is_a_figure_of_its_theme(seed_claims) -> None:
    """Issue 14, requirement 9: each cell of chapter 4's table is headed by a quantity of that theme."""
    themes, claims, sentences = seed_claims["themes"], seed_claims["claims"], seed_claims["sentences"]
    table = compare.indicator_table(claims, themes, PLACES)
    heads = compare.headlines(claims)
    assert len(heads) >= 10
    assert headline_problems(heads, themes, sentences) == []
    label = dict(zip(themes.themes["id"], themes.labels, strict=True))
    for row in heads.itertuples(index=False):  # the cell shows its headline first
        assert table.loc[label[row.theme], row.locality].split(";")[0].endswith(str(row.subject))
    shown = table.map(lambda c: c not in (compare.NO_CLAIM,) and not c.startswith(compare.NONE_OF_THEME))
    assert int(shown.to_numpy().sum()) == len(heads)
    # the two headlines issue 14 found wrong
    cell = table.loc[label["party_mobilisation"], "Gongyi"]
    assert "六方" not in cell and cell.startswith(compare.NONE_OF_THEME)
    assert "15个集中安置点" not in table.loc[label["demolition_resettlement"], "Xingyang"]


def test_the_headline_check_catches_the_old_headlines(seed_claims) -> None:
    """The check above fails on chapter 4's headlines before the fix (六方合力 for Gongyi's party-member
    mobilisation; 15个集中安置点 heading both resettlement and the flood in Xingyang)."""
    themes, claims, sentences = seed_claims["themes"], seed_claims["claims"], seed_claims["sentences"]
    liufang = claims[(claims["theme"] == "party_mobilisation") & (claims["surface"] == "六方")]
    sites = claims[(claims["theme"] == "flood") & (claims["surface"] == "15个")]
    old = pd.concat([liufang, sites, sites.assign(theme="demolition_resettlement")], ignore_index=True)
    problems = headline_problems(old, themes, sentences)
    assert any(p.startswith("party_mobilisation/Gongyi: 六方") and "does not count" in p for p in problems)
    assert any(p.startswith("demolition_resettlement/Xingyang: 15个") for p in problems)
    assert "15个 heads flood, demolition_resettlement" in problems


def test_themes_on_the_seeds(seed_claims) -> None:
    claims, documents, themes = seed_claims["claims"], seed_claims["documents"], seed_claims["themes"]
    pairs = set(zip(claims["surface"], claims["denominator"], strict=True))
    assert ("468个", "488个老旧小区") in pairs and ("8个", "53个楼院") in pairs
    assert ("88个", "全市总任务量") in pairs
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for doc_id, start, end, surface in claims[["doc_id", "start", "end", "surface"]].itertuples(index=False):
        assert raw[doc_id][start:end] == surface
    assert set(claims.loc[claims["theme"] == "flood", "locality"]) == {"Xingyang"}
    # post-flood resettlement is the flood's; Xingyang reports no demolition
    assert claims[(claims["theme"] == "demolition_resettlement") & (claims["locality"] == "Xingyang")].empty
    assert (
        claims.groupby(["theme", "locality"])["rank"]
        .apply(lambda r: list(r) == list(range(1, len(r) + 1)))
        .all()
    )
    assert compare.denominator_table(claims, themes, PLACES).shape == (6, 3)
