"""govtext.report.programmes: the book's tables of codebook, glossary, inventory and examples."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import fake_clean
from programmes.helpers import CODEBOOK, match_text, one_sentence

from govtext import compare, programmes
from govtext.report import programmes as report


def test_codebook_header_tables(codebook) -> None:
    kinds = report.codebook_header_table(codebook, "kinds")
    assert list(kinds.columns) == ["kind", "definition", "n_entries"]
    assert kinds["kind"].tolist() == list(codebook.attrs["kinds"])
    assert kinds["n_entries"].sum() == len(codebook)
    levels = report.codebook_header_table(codebook, "levels")
    assert levels["level"].tolist() == list(codebook.attrs["levels"])
    assert levels["n_entries"].sum() == len(codebook)
    seeds = report.codebook_header_table(codebook[codebook["source"] == "seeds"], "levels")
    assert seeds.set_index("level").at["provincial", "n_entries"] == 0  # no seed text states a province
    assert levels.set_index("level").at["provincial", "n_entries"] > 0  # field entries whose pages do
    with pytest.raises(ValueError, match="field must be one of"):
        report.codebook_header_table(codebook, "aliases")
    with pytest.raises(ValueError, match="load_codebook"):
        report.codebook_header_table(pd.DataFrame({"kind": ["other"]}), "kinds")


def test_codebook_table_by_kind(codebook) -> None:
    table = report.codebook_table(codebook, "digital")
    assert list(table.columns) == report.CODEBOOK_TABLE_COLUMNS
    assert table["id"].tolist() == codebook.loc[codebook["kind"] == "digital", "id"].tolist()  # file order
    sanyi = report.codebook_table(codebook).set_index("name_zh").at["摘星夺旗创三宜", "aliases"]
    assert isinstance(sanyi, str) and "摘夺创" in sanyi.split("; ")
    assert len(report.codebook_table(codebook)) == len(codebook)
    with pytest.raises(ValueError, match="unknown kind 'sport'"):
        report.codebook_table(codebook, "sport")


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
    table = report.glossary(book)
    assert list(table.columns) == report.GLOSSARY_COLUMNS
    assert table["name_zh"].tolist() == ["13710", "三会一课", "三会一课", "网格"]
    assert table["name_en"].tolist() == ["13710", "A", "B", "Grid"]  # tie on name_zh broken by id
    assert table.at[0, "aliases"] == "13710平台; 13710督办"
    assert report.glossary(book.iloc[::-1]).equals(table)  # input order does not matter


def test_glossary_of_the_project_codebook(codebook) -> None:
    table = report.glossary(codebook)
    assert len(table) == len(codebook)
    names = table["name_zh"].tolist()
    assert names == sorted(names)
    assert table["name_en"].str.len().gt(0).all() and table["definition"].str.len().gt(0).all()


def test_inventory_per_place_and_article(seeds, mentions) -> None:
    documents, _cleaned, sentences = seeds
    places = ["Gongyi", "Zhongyuan", "Xingyang"]
    table = report.inventory(mentions, sentences, documents, places=places)
    assert table["locality"].tolist() == places
    body = sentences[sentences["part"] == "body"]
    assert table["n_chars"].sum() == body["text"].str.len().sum()
    assert table["n_mentions"].sum() == mentions["sentence_id"].isin(body["sentence_id"]).sum()
    assert table["n_articles"].tolist() == [4, 2, 1]
    row = table.iloc[2]
    assert row["mentions_per_10k"] == pytest.approx(row["n_mentions"] / row["n_chars"] * 10_000)
    every_part = report.inventory(mentions, sentences, documents, parts=None, places=places)
    assert every_part["n_mentions"].sum() == len(mentions)
    by_article = report.inventory(mentions, sentences, documents, by="article_id", places=places)
    assert len(by_article) == 7 and by_article["n_mentions"].sum() == table["n_mentions"].sum()
    assert by_article["locality"].tolist()[:4] == ["Gongyi"] * 4
    with pytest.raises(ValueError, match="places: missing Xingyang"):
        report.inventory(mentions, sentences, documents, places=["Gongyi", "Zhongyuan"])
    with pytest.raises(ValueError, match="by must be"):
        report.inventory(mentions, sentences, documents, by="doc")


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
    table = report.inventory(mentions, sentences, documents)
    assert table[["locality", "n_chars", "n_mentions", "n_programmes"]].values.tolist() == [
        ["P", 5, 1, 1],
        ["Q", 1, 0, 0],
    ]
    assert table.at[0, "mentions_per_10k"] == pytest.approx(2000.0)
    assert table.at[1, "mentions_per_10k"] == 0.0


def test_mention_examples_quote_the_sentence(seeds, mentions) -> None:
    documents, cleaned, sentences = seeds
    ids = ["task_force_drive", "three_meetings_one_lesson"]
    first = report.mention_examples(mentions, sentences, cleaned, documents, ids)
    assert list(first.columns) == report.EXAMPLE_COLUMNS
    assert first["programme_id"].tolist() == ids
    per_place = report.mention_examples(mentions, sentences, cleaned, documents, ids, per_place=True)
    assert per_place.loc[per_place["programme_id"] == ids[0], "locality"].tolist() == sorted(
        ["Gongyi", "Xingyang"]
    )
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for row in per_place.itertuples(index=False):
        text = raw[row.sentence_id.rsplit("-", 2)[0]]
        assert text[row.start : row.end] == row.surface
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
        assert programmes.name_key(row.surface) in programmes.name_key(row.quote)
    with pytest.raises(ValueError, match="no mention of nothing_here"):
        report.mention_examples(mentions, sentences, cleaned, documents, ["nothing_here"])


def test_mention_examples_cut_long_sentences() -> None:
    raw = "甲" * 40 + "三会\n一课" + "乙" * 40
    clean = fake_clean(raw)
    sentences = one_sentence("d", clean).assign(text=clean.text, start=0, end=len(raw))
    found = match_text(raw, [{"id": "smyk", "name_zh": "三会一课"}])
    documents = pd.DataFrame({"doc_id": ["d"], "locality": ["P"]})
    example = report.mention_examples(found, sentences, {"d": clean}, documents, width=3)
    assert example.at[0, "quote"] == "…甲甲甲三会一课乙乙乙…"
    assert (example.at[0, "start"], example.at[0, "end"]) == (40, 45)


def test_sharing_by_level(codebook) -> None:
    shared = pd.DataFrame(
        {
            "programme_id": ["three_meetings_one_lesson", "tent_branch", "three_projects_one_management"],
            "n_places": [2, 1, 1],
            "category": ["shared by 2", "unique to Zhongyuan", "unique to Gongyi"],
        }
    )
    table = report.sharing_by_level(shared, codebook)
    assert table.index.tolist() == ["shared by 2", "unique to Gongyi", "unique to Zhongyuan"]
    assert table.columns.tolist() == [*codebook.attrs["levels"], "total"]
    assert table.at["shared by 2", "unknown"] == 1
    assert table.at["unique to Zhongyuan", "local"] == 1
    assert table.at["unique to Gongyi", "Zhengzhou-wide"] == 1
    assert table["total"].sum() == 3
    with pytest.raises(ValueError, match="not in the codebook: nope"):
        report.sharing_by_level(shared.assign(programme_id=["nope", "tent_branch", "tent_branch"]), codebook)


def test_top_programmes_by_level(seeds, mentions, codebook) -> None:
    documents, _cleaned, _sentences = seeds
    shared = compare.shared_programmes(mentions, documents)
    places = ["Gongyi", "Zhongyuan", "Xingyang"]
    table = report.top_programmes_by_level(shared, codebook, "local", n=3, places=places)
    assert table["places"].tolist() == [p for p in places for _ in range(3)]
    assert set(table["programme_id"]) <= set(codebook.loc[codebook["level"] == "local", "id"])
    assert table["level_evidence"].str.len().gt(0).all()
    for place in places:
        counts = table.loc[table["places"] == place, "n_mentions"].tolist()
        assert counts == sorted(counts, reverse=True)
        best = shared[(shared["places"] == place)].merge(codebook, left_on="programme_id", right_on="id")
        assert counts[0] == best.loc[best["level"] == "local", "n_mentions"].max()
    assert len(report.top_programmes_by_level(shared, codebook, "provincial")) == 0
    with pytest.raises(ValueError, match="unknown level 'city'"):
        report.top_programmes_by_level(shared, codebook, "city")


def test_not_programme_summary() -> None:
    listed = pd.DataFrame(
        {
            "surface": ["双胜利", "硬骨头", "十佳", "项目为王", "担当之星"],
            "reason": ["slogan", "metaphor", "honour", "slogan", "honour"],
        }
    )
    table = report.not_programme_summary(listed, n_examples=1)
    assert table.values.tolist() == [
        ["honour", 2, "十佳"],
        ["slogan", 2, "双胜利"],
        ["metaphor", 1, "硬骨头"],
    ]
    full = report.not_programme_summary(programmes.load_not_programmes(CODEBOOK))
    assert full["n_surfaces"].sum() == len(programmes.load_not_programmes(CODEBOOK))
    with pytest.raises(ValueError, match="missing column"):
        report.not_programme_summary(listed.drop(columns="reason"))
