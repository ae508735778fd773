"""Tests of govtext.report.corpus: the summaries of the corpus shown in the first chapter."""

from __future__ import annotations

from govtext import corpus
from govtext.report import corpus as report


def test_article_summary_counts_body_text(seed_corpus) -> None:
    documents, _cleaned, articles, sentences = seed_corpus
    table = report.article_summary(documents, articles, sentences)
    assert len(table) == 7
    body = sentences[sentences["part"] == "body"]
    assert table["n_sentences"].sum() == len(body)
    assert table["n_chars"].sum() == body["text"].str.len().sum()
    assert table.loc[table.article_id.str.startswith("003"), "locality"].tolist() == ["Xingyang"]
    assert table["label"].iloc[0].startswith("000-1 杜甫路街道")


def test_corpus_summary_shares_add_up(seed_corpus) -> None:
    documents, _cleaned, articles, sentences = seed_corpus
    summary = report.corpus_summary(report.article_summary(documents, articles, sentences))
    by_place = summary.set_index("locality")
    assert by_place.loc["Gongyi", "n_documents"] == 3
    assert by_place.loc["Gongyi", "n_articles"] == 4
    assert by_place.loc["Zhongyuan", "n_articles"] == 2
    assert abs(by_place["share_of_chars"].sum() - 1) < 0.01


def test_cleaning_examples_map_back_to_raw(seed_corpus) -> None:
    documents, cleaned, _articles, _sentences = seed_corpus
    examples = report.cleaning_examples(cleaned, width=30)
    assert list(examples["doc_id"]) == sorted(documents["doc_id"])
    for row in examples.itertuples():
        raw = cleaned[row.doc_id].raw
        assert raw[row.start : row.end] == row.raw
        assert row.raw != row.clean  # the window shows a change


def test_date_coverage_follows_the_manifest(seed_corpus) -> None:
    documents = seed_corpus[0]
    assert report.date_coverage(documents) == {
        "n_full_date": 1,
        "n_partial_date": 2,
        "n_no_date": 2,
        "n_outlet_stated": 1,
    }


def test_summaries_are_still_reachable_from_govtext_corpus() -> None:
    for name in ("article_summary", "corpus_summary", "cleaning_examples", "date_coverage"):
        assert getattr(corpus, name) is getattr(report, name)
