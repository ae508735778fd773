"""The design table: the hand-coded file loads, every quote is the raw text at its offsets, a bad quote
is an error naming file, article and field; confounds are computed from the table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from govtext.compare.design import (
    CONFOUND_COLUMNS,
    DESIGN_COLUMNS,
    DesignError,
    confound_table,
    confounds,
    design_evidence,
    load_design,
)

DESIGN = Path(__file__).resolve().parents[2] / "data" / "design" / "articles.yml"


@pytest.fixture(scope="module")
def design(seed_corpus):
    documents, cleaned, _articles, sentences = seed_corpus
    return load_design(DESIGN, documents, sentences, cleaned)


def test_one_row_per_article(design, seed_corpus):
    _documents, _cleaned, articles, sentences = seed_corpus
    assert list(design.columns) == DESIGN_COLUMNS
    assert design["article_id"].tolist() == articles["article_id"].tolist()
    assert design.groupby("place").size().to_dict() == {"Gongyi": 4, "Zhongyuan": 2, "Xingyang": 1}
    body = sentences[(sentences["part"] == "body") & (sentences["article_id"] == design["article_id"][0])]
    assert design["body_chars"][0] == body["text"].str.len().sum()
    xingyang = design[design["place"] == "Xingyang"].iloc[0]
    assert (xingyang["date"], xingyang["date_basis"], xingyang["year"]) == ("2022-06-24", "inferred", 2022)
    assert "flood_reconstruction" in xingyang["crisis_context"]
    assert design["year"].isna().sum() == 2  # the two Zhongyuan articles state no year


def test_every_quote_is_the_raw_text(seed_corpus):
    documents, cleaned, _articles, sentences = seed_corpus
    evidence = design_evidence(DESIGN, documents, sentences, cleaned)
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    assert len(evidence) > 20
    for row in evidence.itertuples():
        assert raw[row.doc_id][row.start : row.end] == row.quote
    assert set(evidence["field"]) == {"speaker", "speaker_level", "genre", "date", "campaign_context"}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "articles.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_quote_off_its_offsets_names_file_article_and_field(tmp_path, seed_corpus):
    documents = seed_corpus[0]
    text = DESIGN.read_text(encoding="utf-8")
    good = '{quote: "突如其来的疫情", start: 63, end: 70}'
    assert good in text
    path = _write(tmp_path, text.replace(good, '{quote: "突如其来的疫情", start: 64, end: 71}'))
    with pytest.raises(DesignError) as error:
        load_design(path, documents)
    message = str(error.value)
    assert str(path) in message
    assert "article '000_e68ce179375f246f-1'" in message and "campaign_context" in message
    assert "突如其来的疫情" in message


def test_quote_outside_its_article(tmp_path, seed_corpus):
    documents = seed_corpus[0]
    text = DESIGN.read_text(encoding="utf-8")
    # a quote of the meeting report (004-1) given as evidence in the interview (004-2) of the same file
    good = '{quote: "8月31日下午", start: 53, end: 60}'
    assert good in text
    anchor = '          - {quote: "以“摘夺创”工作为抓手"'
    bad = text.replace(anchor, f"          - {good}\n{anchor}")
    assert bad != text
    with pytest.raises(DesignError, match=r"article '004_e1a0eba0960487ce-2'.*outside the article"):
        load_design(_write(tmp_path, bad), documents)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ('value: "interview"', 'value: "op_ed"', "field 'genre': 'op_ed' is not in the file's genres"),
        (
            'value: "2020-05-14"\n      basis: "stated"',
            'value: "2020-05-14"\n      basis: "guessed"',
            "field 'date': basis must be one of",
        ),
        (
            "  - article_id: 000_e68ce179375f246f-1\n",
            "  - article_id: 000_e68ce179375f246f-9\n",
            "article '000_e68ce179375f246f-9': field 'article_id': no such article",
        ),
        (
            '      value: "feature"\n',
            '      value: "feature"\n      value: "interview"\n',
            "duplicate key 'value'",
        ),
        (
            'value: "civilised_city_renewal"',
            'value: "olympics"',
            "campaign_context' #1: value must be one of",
        ),
    ],
)
def test_bad_entries_are_errors(tmp_path, seed_corpus, old, new, match):
    text = DESIGN.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(DesignError, match=match):
        load_design(_write(tmp_path, text.replace(old, new, 1)), seed_corpus[0])


def test_an_article_without_entry_is_an_error(tmp_path, seed_corpus):
    text = DESIGN.read_text(encoding="utf-8")
    head, _, _rest = text.partition("  - article_id: 004_e1a0eba0960487ce-2\n")
    with pytest.raises(DesignError, match=r"no entry for article.*004_e1a0eba0960487ce-2"):
        load_design(_write(tmp_path, head), seed_corpus[0])


def test_confounds_of_xingyang(design):
    table = confounds(design, "Xingyang")
    assert list(table.columns) == CONFOUND_COLUMNS
    alignment = dict(zip(table["explanation"], table["alignment"], strict=True))
    assert alignment["crisis: flood_reconstruction"] == "perfect"
    assert alignment["year"] == "perfect"
    assert alignment["body_chars"] == "perfect"  # the one Xingyang article is the longest
    assert alignment["genre"] == "partial"  # features are written about other places too
    year = table[table["explanation"] == "year"].iloc[0]
    assert year["n_unknown"] == 2 and not year["complete"]


def test_confounds_are_computed_from_the_table(design):
    """Change the design and the confounds change: they are not typed."""
    changed = design.copy()
    changed.loc[changed["place"] == "Xingyang", "genre"] = "only_here"
    row = confounds(changed, "Xingyang").set_index("explanation").loc["genre"]
    assert row["alignment"] == "perfect" and row["separation"] == 1.0
    same = changed.copy()
    same["genre"] = "feature"
    assert confounds(same, "Xingyang").set_index("explanation").loc["genre", "alignment"] == "none"


def test_confounds_toy():
    toy = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "place": ["P", "P", "Q", "Q"],
            "speaker_level": ["x", "y", "x", "x"],
            "genre": ["g", "g", "h", "h"],
            "year": pd.array([2020, pd.NA, 2020, 2021], dtype="Int64"),
            "crisis_context": ["", "flood", "", ""],
            "body_chars": [10, 30, 20, 40],
        }
    )
    rows = confounds(toy, "P").set_index("explanation")
    assert rows.loc["speaker_level", "separation"] == pytest.approx(0.5)  # P: x ½, y ½ vs Q: x 1
    assert rows.loc["genre", "alignment"] == "perfect"
    assert rows.loc["year", "n_unknown"] == 1 and rows.loc["year", "separation"] == pytest.approx(0.5)
    assert rows.loc["body_chars", "separation"] == pytest.approx(
        0.5
    )  # AUC 1/4: pairs 10<20,10<40,30>20,30<40
    assert rows.loc["crisis: flood", "in_place"] == "named ×1, not named ×1"
    with pytest.raises(ValueError, match="no article of place"):
        confounds(toy, "R")


def test_confound_table_stacks_every_place(design):
    table = confound_table(design)
    assert table["place"].unique().tolist() == ["Gongyi", "Zhongyuan", "Xingyang"]


def test_presentations_load_and_a_bad_link_is_named(tmp_path) -> None:
    from pathlib import Path

    from govtext import compare

    path = Path(__file__).resolve().parents[2] / "data" / "design" / "presentations.yml"
    chains, translations = compare.load_presentations(path)
    assert set(chains) == {"Gongyi", "Zhongyuan", "Xingyang"}
    assert all(set(links) <= set(compare.design.PRESENTATION_LINKS) for links in chains.values())
    assert translations and all(text.strip() for text in translations.values())
    bad = tmp_path / "bad.yml"
    bad.write_text("chains:\n  Gongyi:\n    motive: [a-1-1]\n", encoding="utf-8")
    with pytest.raises(compare.DesignError, match=r"bad\.yml: place 'Gongyi': links must be among"):
        compare.load_presentations(bad)
