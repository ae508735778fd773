"""Segmentation: the user dictionary keeps governance terms whole; jieba stays quiet and local."""

from __future__ import annotations

import pandas as pd
import pytest

from govtext import segment


@pytest.fixture(scope="module")
def plain_tokenizer():
    return segment.make_tokenizer()


@pytest.fixture(scope="module")
def user_tokenizer():
    return segment.make_tokenizer(["杜甫路街道", "老旧小区", "网格员", "无主管楼院"])


SENTENCE = "杜甫路街道改造88个老旧小区，无主管楼院充实网格员6513名"


def test_user_dictionary_keeps_terms_whole(plain_tokenizer, user_tokenizer) -> None:
    plain = [t for t, *_ in segment.cut_with_offsets(SENTENCE, plain_tokenizer)]
    user = [t for t, *_ in segment.cut_with_offsets(SENTENCE, user_tokenizer)]
    for term in ["杜甫路街道", "老旧小区", "无主管楼院"]:
        assert term in user
        assert term not in plain  # without the dictionary jieba splits them: the test can fail
    assert "网格员" in user


def test_offsets_reproduce_tokens(user_tokenizer) -> None:
    for token, _pos, start, end in segment.cut_with_offsets(SENTENCE, user_tokenizer):
        assert SENTENCE[start:end] == token


def test_tokenize_table(user_tokenizer) -> None:
    sentences = pd.DataFrame(
        {
            "doc_id": ["d"],
            "article_id": ["d-1"],
            "sentence_id": ["d-1-1"],
            "text": [SENTENCE],
            "clean_start": [100],
        }
    )
    tokens = segment.tokenize(sentences, user_tokenizer, stopwords=["个"])
    assert list(tokens.columns) == segment.TOKEN_COLUMNS
    assert tokens["token_no"].tolist() == list(range(len(tokens)))
    first = tokens.iloc[0]
    assert (first.token, first.clean_start, first.clean_end) == ("杜甫路街道", 100, 105)
    assert bool(tokens.loc[tokens.token == "，", "is_stopword"].iloc[0])
    assert bool(tokens.loc[tokens.token == "个", "is_stopword"].iloc[0])


def test_jieba_is_silent_and_caches_in_the_given_folder(tmp_path, capfd) -> None:
    segment.make_tokenizer(["网格员"], cache_dir=tmp_path)
    captured = capfd.readouterr()
    assert captured.err == ""
    assert (tmp_path / "jieba.cache").is_file()


def test_load_wordlist(tmp_path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# header\n老旧小区 10 n\n\n网格员  # comment\n老旧小区\n", encoding="utf-8")
    assert segment.load_wordlist(path) == ["老旧小区", "网格员"]
