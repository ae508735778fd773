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


@pytest.fixture(scope="module")
def dictionary_tokenizer():
    return segment.make_tokenizer(["杜甫路街道", "老旧小区", "网格员", "无主管楼院"], tagger="dictionary")


def test_dictionary_tagger_cuts_like_jieba_lcut(dictionary_tokenizer) -> None:
    text = "杜甫路街道改造88个老旧小区，比原计划提前近两个月完成；64%的楼院 V15 已验收。"
    cut = segment.cut_with_offsets(text, dictionary_tokenizer)
    assert [t for t, *_ in cut] == dictionary_tokenizer.tokenizer.lcut(text, HMM=True)
    assert all(text[start:end] == token for token, _pos, start, end in cut)
    tags = {token: pos for token, pos, *_ in cut}
    assert tags["杜甫路街道"] == "nz"  # a user word
    assert tags["改造"] == dictionary_tokenizer.tags["改造"]  # jieba's dictionary
    assert (tags["88"], tags["64%"], tags["V15"], tags["，"], tags[" "]) == ("m", "m", "eng", "x", "x")


def test_dictionary_tagger_tags_new_words_with_the_pos_hmm(dictionary_tokenizer) -> None:
    """比原 is a word only jieba's HMM finds; its tag comes from jieba.posseg's POS HMM, not a guess."""
    assert "比原" not in dictionary_tokenizer.tags
    expected = [pair.flag for pair in dictionary_tokenizer.posseg.cut("比原", HMM=True)][-1]
    assert dictionary_tokenizer.unknown_tag("比原") == expected


def test_taggers_agree_on_words_of_the_dictionary(user_tokenizer, dictionary_tokenizer) -> None:
    """Both take a dictionary word's tag from the dictionary (single characters inside a stretch that
    jieba.posseg hands to its POS HMM, such as 个 in 88个, get the HMM's tag there instead)."""
    hmm = {(t, p) for t, p, *_ in segment.cut_with_offsets(SENTENCE, user_tokenizer) if len(t) > 1}
    fast = {(t, p) for t, p, *_ in segment.cut_with_offsets(SENTENCE, dictionary_tokenizer) if len(t) > 1}
    words = {t for t, _ in hmm} & {t for t, _ in fast} & set(dictionary_tokenizer.tags)
    assert len(words) >= 5
    assert {x for x in hmm if x[0] in words} == {x for x in fast if x[0] in words}


def test_unknown_tagger_is_an_error() -> None:
    with pytest.raises(ValueError, match="tagger must be one of hmm, dictionary, not 'crf'"):
        segment.make_tokenizer(tagger="crf")


@pytest.mark.parametrize("tagger", segment.TAGGERS)
def test_slice_cut_only_at_boundaries_jieba_always_cuts(tagger, user_tokenizer, dictionary_tokenizer) -> None:
    tokenizer = user_tokenizer if tagger == "hmm" else dictionary_tokenizer
    text = "辖区222个居民小区中老旧楼院占比96.8%，申请资金8863万元。"
    cut = segment.cut_with_offsets(text, tokenizer)
    comma = text.index("，")
    head = segment.slice_cut(text, cut, 0, comma + 1, tokenizer.block_re)
    assert head == segment.cut_with_offsets(text[: comma + 1], tokenizer)
    # 居民小区 starts inside a run of Han characters: cutting it alone may differ, so no slice
    start = text.index("居民小区")
    assert segment.slice_cut(text, cut, start, comma, tokenizer.block_re) is None
    assert segment.slice_cut(text, cut, 1, comma, tokenizer.block_re) is None


def test_segmenters_with_the_same_words_copy_one_built_dictionary() -> None:
    """From the third segmenter with the same words on, jieba's built state is copied: the same
    dictionary, counts and tags as a real build, the same cuts, and independent of the others."""
    import jieba

    words = ["杜甫路街道", "老旧小区", " 网格员 ", "网格员", "复制词典测试"]  # the last one: this test's own
    made = [segment.make_tokenizer(words) for _ in range(3)]
    key = (str(segment.default_cache_dir()), str(jieba.DEFAULT_DICT), tuple(sorted(set(words))))
    assert key in segment._BUILT  # the third was copied from the second's state
    built, copied = made[0], made[2]  # the first is a real build
    assert list(copied.tokenizer.FREQ.items()) == list(built.tokenizer.FREQ.items())
    assert copied.tokenizer.total == built.tokenizer.total
    assert copied.tags == built.tags and copied.tags["老旧小区"] == "nz"
    for other in made[:2]:
        assert copied.tokenizer.FREQ is not other.tokenizer.FREQ and copied.tags is not other.tags
        assert copied.cut(SENTENCE) == other.cut(SENTENCE)
    made[1].tokenizer.add_word("龘靐", tag="nz")
    assert "龘靐" not in copied.tokenizer.FREQ and "龘靐" not in copied.posseg.word_tag_tab
    assert segment.make_tokenizer(words).cut("龘靐齉") == built.cut("龘靐齉")
