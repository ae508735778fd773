"""The compiled POS tagger (govtext.postag) gives exactly jieba.posseg's (word, flag) sequence.

The comparisons run ``postag.CompiledPOSTokenizer`` directly, not through ``compiled_tagger``, whose
self-check would quietly fall back to jieba when the kernel is wrong: a bug in the kernel fails them.
"""

from __future__ import annotations

import importlib.util
import math
import random
import re
import sys
from pathlib import Path

import jieba
import jieba.posseg
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govtext import postag, segment

ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = ROOT / "data" / "raw"
USER_WORDS = [
    "杜甫路街道",
    "老旧小区",
    "网格员",
    "无主管楼院",
    "iPhone6s",
    "C++",
    "5G基站",
    "王小明",
    "鄱阳湖畔",
]
HAS_NUMBA = importlib.util.find_spec("numba") is not None

needs_numba = pytest.mark.skipif(not HAS_NUMBA, reason="numba is not installed: only the jieba path runs")

Pairs = list[tuple[str, str]]


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8").removeprefix("\ufeff") for path in sorted(RAW_DIR.glob("*.txt"))]


def jieba_pairs(posseg: jieba.posseg.POSTokenizer, text: str) -> Pairs:
    """jieba.posseg's own cut."""
    return [(pair.word, pair.flag) for pair in posseg.cut(text, HMM=True)]


@pytest.fixture(scope="module")
def plain() -> segment.Segmenter:
    return segment.make_tokenizer(pos_backend="auto")  # compiled unless its self-check fails


@pytest.fixture(scope="module")
def user() -> segment.Segmenter:
    return segment.make_tokenizer(USER_WORDS, pos_backend="auto")


@pytest.fixture(scope="module")
def compiled_plain(plain: segment.Segmenter) -> postag.CompiledPOSTokenizer:
    return postag.CompiledPOSTokenizer(plain.posseg)


@pytest.fixture(scope="module")
def compiled_user(user: segment.Segmenter) -> postag.CompiledPOSTokenizer:
    return postag.CompiledPOSTokenizer(user.posseg)


@needs_numba
def test_compiled_is_the_default_when_numba_is_there(monkeypatch) -> None:
    monkeypatch.delenv("GOVTEXT_POS_BACKEND", raising=False)
    tagger = segment.make_tokenizer(["网格员"])
    assert (tagger.pos_backend, tagger.pos_backend_note) == ("compiled", "")


@needs_numba
@pytest.mark.parametrize("which", ["plain", "user"])
def test_seed_texts_identical(which, request) -> None:
    tagger: segment.Segmenter = request.getfixturevalue(which)
    compiled: postag.CompiledPOSTokenizer = request.getfixturevalue(f"compiled_{which}")
    texts = seed_texts()
    assert len(texts) == 5
    for text in texts:
        expected = jieba_pairs(tagger.posseg, text)
        assert compiled.lcut(text) == expected
        assert tagger.pos_pairs(text) == expected  # the segmenter's compiled path
        assert len(expected) > 500
    if which == "user":  # the user dictionary is in play: its words come out whole, tagged nz
        assert ("老旧小区", "nz") in compiled.lcut("".join(texts))


def _bench_paragraphs(folder: Path, n_docs: int = 25, limit: int = 400) -> list[str]:
    """Distinct paragraphs of ``benchmarks/bench_pipeline.py``'s corpus (seeds shuffled, digits redrawn)."""
    if importlib.util.find_spec("psutil") is None:
        pytest.skip("benchmarks/bench_pipeline.py needs psutil")
    spec = importlib.util.spec_from_file_location("bench_pipeline", ROOT / "benchmarks" / "bench_pipeline.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_pipeline", bench)
    spec.loader.exec_module(bench)
    bench.build_corpus(folder, n_docs)
    paragraphs: dict[str, None] = {}
    for path in sorted(folder.glob("*.txt")):
        for paragraph in re.split(r"\n", path.read_text(encoding="utf-8")):
            if paragraph.strip():
                paragraphs[paragraph] = None
    return list(paragraphs)[:limit]


@needs_numba
def test_benchmark_paragraphs_identical(plain, user, compiled_plain, compiled_user, tmp_path) -> None:
    paragraphs = _bench_paragraphs(tmp_path / "corpus")
    assert len(paragraphs) >= 200
    for paragraph in paragraphs:
        assert compiled_plain.lcut(paragraph) == jieba_pairs(plain.posseg, paragraph)
        assert compiled_user.lcut(paragraph) == jieba_pairs(user.posseg, paragraph)


# Random strings: common and rare Han characters (most of the rare ones are outside the POS model's
# tables, where every state ties at MIN_FLOAT and the tie rule decides), ASCII letters, digits, the
# punctuation re_han_internal keeps (+#&._), other punctuation, full-width forms, spaces, \r, \n; glued
# with dictionary words, user words and their prefixes.
_SEED_CHARS = sorted(set("".join(seed_texts())) - set(" \n\r\t"))
_ASCII = "abcxyzABCXYZ0123456789.+#&_-%@"
_PUNCT = "，。、；：？！（）《》“”—…·％０１２ＡＢ"
_SPACE = [" ", "\n", "\r", "\r\n", "\t", "\u3000", "\xa0"]
_CHAR = st.one_of(
    st.sampled_from(_SEED_CHARS),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5),
    st.sampled_from(_ASCII),
    st.sampled_from(_PUNCT),
    st.sampled_from(_SPACE),
)
_WORDS = ["街道", "改造", "小区", "网格", "主管", "楼院", "老旧", "中华人民共和国", "社区", "党建", "工作"]
_PIECE = st.one_of(
    _CHAR,
    st.sampled_from(_WORDS + USER_WORDS),
    st.sampled_from(USER_WORDS).map(lambda word: word[: len(word) // 2 + 1]),
)
RANDOM_TEXT = st.lists(_PIECE, max_size=40).map("".join)
HYPOTHESIS = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@needs_numba
@HYPOTHESIS
@given(text=RANDOM_TEXT)
def test_random_strings_identical(plain, compiled_plain, text) -> None:
    assert compiled_plain.lcut(text) == jieba_pairs(plain.posseg, text)


@needs_numba
@HYPOTHESIS
@given(text=RANDOM_TEXT)
def test_random_strings_identical_with_user_dictionary(user, compiled_user, text) -> None:
    assert compiled_user.lcut(text) == jieba_pairs(user.posseg, text)


@needs_numba
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5), min_size=1, max_size=30))
def test_random_han_runs_identical(plain, compiled_plain, text) -> None:
    """Han only: long stretches the dictionary does not know go to the POS Viterbi."""
    assert compiled_plain.lcut(text) == jieba_pairs(plain.posseg, text)


@needs_numba
def test_the_global_tokenizer_too() -> None:
    compiled = postag.CompiledPOSTokenizer(jieba.posseg.dt)
    text = seed_texts()[2]
    assert compiled.lcut(text) == [(pair.word, pair.flag) for pair in jieba.posseg.lcut(text)]


@needs_numba
def test_route_tie_goes_to_the_longer_word(tmp_path) -> None:
    """Two routes of exactly the same log probability: jieba's max over (prob, end) keeps the longer word.

    The counts are set in ``FREQ`` directly (a float, found by stepping through adjacent floats) so that
    the tie is exact."""
    tagger = segment.make_tokenizer(cache_dir=tmp_path, pos_backend="jieba")
    tokenizer = tagger.tokenizer
    text = "龘靐爩"
    assert not any(tokenizer.FREQ.get(char) for char in text)
    log_total = math.log(tokenizer.total)
    tokenizer.FREQ["龘"] = 0
    tokenizer.FREQ["龘靐"] = 1000
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(text[2:], tokenizer.get_DAG(text[2:]), route)
    short = (math.log(1000) - log_total) + route[0][0]  # 龘靐 + 爩
    count = math.exp(short + log_total)
    for step in [*([math.inf] * 400), *([0.0] * 800)]:
        if (math.log(count) - log_total) + 0 == short:
            break
        count = math.nextafter(count, step)
    else:
        pytest.fail("no float count gives an exact tie")
    tokenizer.FREQ["龘靐爩"] = count
    route = {}
    tokenizer.calc(text, tokenizer.get_DAG(text), route)
    assert route[0] == (short, 2)  # the tie, and the longer word wins it in jieba
    expected = jieba_pairs(tagger.posseg, text)
    assert expected == [("龘靐爩", "x")]
    assert postag.CompiledPOSTokenizer(tagger.posseg).lcut(text) == expected


@needs_numba
def test_words_added_later_are_seen(tmp_path, monkeypatch) -> None:
    # del_word below is add_word(word, 0), which also adds the word to jieba.finalseg's global
    # Force_Split_Words (and so would send every later compiled word cut to jieba): a private copy
    monkeypatch.setattr(jieba.finalseg, "Force_Split_Words", set(jieba.finalseg.Force_Split_Words))
    tagger = segment.make_tokenizer(cache_dir=tmp_path, pos_backend="compiled")
    text = "龘靐齉爩是新词，C++与5G基站"
    before = tagger.pos_pairs(text)
    tagger.tokenizer.add_word("龘靐齉爩", tag="nz")
    tagger.tokenizer.add_word("5G基站", freq=5, tag="n")
    after = tagger.pos_pairs(text)
    assert after != before
    assert ("龘靐齉爩", "nz") in after and ("5G基站", "n") in after
    assert after == jieba_pairs(tagger.posseg, text)
    tagger.tokenizer.del_word("龘靐齉爩")  # changes a count in place: refresh() is needed
    tagger._compiled.refresh()
    assert tagger.pos_pairs(text) == jieba_pairs(tagger.posseg, text)


def test_fallback_gives_the_same_output(plain, user) -> None:
    """The jieba path (forced) gives what the default path gives."""
    texts = [*seed_texts(), "王小明说iPhone6s售价5.5千元\r\n C++ & R_2 v1.0 龘靐齉爩"]
    for words, default in (([], plain), (USER_WORDS, user)):
        forced = segment.make_tokenizer(words, pos_backend="jieba")  # its own jieba tokenizer, same words
        assert forced.pos_backend == "jieba"
        assert forced.pos_pairs(texts[-1]) == jieba_pairs(forced.posseg, texts[-1])
        for text in texts:  # one jieba cut per text (jieba.posseg is slow): its pairs and its rows
            expected = forced.cut(text)
            assert [(word, flag) for word, flag, *_ in expected] == default.pos_pairs(text)
            assert default.cut(text) == expected


def test_fallback_when_numba_is_missing(monkeypatch, plain) -> None:
    monkeypatch.setattr(postag, "_kernel", None)
    monkeypatch.setattr(postag, "_kernel_error", "numba unavailable: ModuleNotFoundError('numba')")
    monkeypatch.delenv("GOVTEXT_POS_BACKEND", raising=False)
    fallback = segment.Segmenter(plain.tokenizer)
    assert fallback.pos_backend == "jieba"
    assert "numba" in fallback.pos_backend_note
    text = seed_texts()[0]
    assert fallback.cut(text) == plain.cut(text)
    with pytest.raises(RuntimeError, match="unavailable"):
        segment.Segmenter(plain.tokenizer, pos_backend="compiled")


def test_backend_from_the_environment(monkeypatch, plain) -> None:
    monkeypatch.setenv("GOVTEXT_POS_BACKEND", "jieba")
    assert segment.Segmenter(plain.tokenizer).pos_backend == "jieba"
    monkeypatch.setenv("GOVTEXT_POS_BACKEND", "fast")
    with pytest.raises(ValueError, match="pos_backend"):
        segment.Segmenter(plain.tokenizer)


@needs_numba
def test_a_disagreeing_kernel_is_not_used(monkeypatch, plain) -> None:
    monkeypatch.setattr(postag.CompiledPOSTokenizer, "lcut", lambda self, text: [(text, "x")])
    with pytest.warns(UserWarning, match="disagrees"):
        tagger, note = postag.compiled_tagger(plain.posseg)
    assert tagger is None and "self-check" in note


@needs_numba
def test_model_tables_are_read_at_run_time(monkeypatch, plain, compiled_plain) -> None:
    """Other tables in jieba.posseg: the compiled tagger follows them (and so stays jieba's model)."""
    rng = random.Random(19)
    trans = {
        state: {target: value * rng.uniform(0.5, 2.0) for target, value in row.items()}
        for state, row in jieba.posseg.trans_P.items()
    }
    monkeypatch.setattr(jieba.posseg, "trans_P", trans)
    tagger = postag.CompiledPOSTokenizer(plain.posseg)
    text = seed_texts()[1]
    assert tagger.lcut(text) == jieba_pairs(plain.posseg, text)
    assert tagger.lcut(text) != compiled_plain.lcut(text)  # the stock tables tag it otherwise


@needs_numba
def test_dead_end_raises_like_jieba(monkeypatch, plain) -> None:
    """jieba's Viterbi calls max() on nothing when no state at t - 1 has a transition: so does ours."""
    monkeypatch.setattr(jieba.posseg, "trans_P", {state: {} for state in jieba.posseg.trans_P})
    tagger = postag.CompiledPOSTokenizer(plain.posseg)
    text = "龘靐齉爩"
    with pytest.raises(ValueError) as expected:
        jieba_pairs(plain.posseg, text)
    with pytest.raises(ValueError) as got:
        tagger.lcut(text)
    assert str(got.value) == str(expected.value)
    assert tagger.lcut("街道") == [("街道", "n")]  # dictionary words never reach the Viterbi


# ----------------------------------------------------------------------------------------------------
# The dictionary tagger's cut: jieba.Tokenizer.cut(text, HMM=True) (jieba.lcut), compiled
# ----------------------------------------------------------------------------------------------------


def jieba_words(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    """jieba's own ``Tokenizer.lcut`` (the tokens of ``jieba.lcut``)."""
    return list(tokenizer.cut(text, HMM=True))


def compiled_words(compiled: postag.CompiledPOSTokenizer, text: str) -> list[str]:
    """The compiled word cut, checked to be the kernel's (not handed to jieba)."""
    spans = compiled.word_spans(text)
    assert spans is not None, "the compiled word cut handed the text to jieba"
    return [text[start:end] for start, end in zip(*spans, strict=True)]


@needs_numba
@pytest.mark.parametrize("which", ["plain", "user"])
def test_word_cut_of_seed_texts_identical(which, request) -> None:
    tagger: segment.Segmenter = request.getfixturevalue(which)
    compiled: postag.CompiledPOSTokenizer = request.getfixturevalue(f"compiled_{which}")
    for text in seed_texts():
        expected = jieba_words(tagger.tokenizer, text)
        assert compiled_words(compiled, text) == expected
        assert len(expected) > 500
    if which == "user":
        assert "老旧小区" in compiled_words(compiled, "".join(seed_texts()))


@needs_numba
def test_word_cut_of_benchmark_paragraphs_identical(
    plain, user, compiled_plain, compiled_user, tmp_path
) -> None:
    paragraphs = _bench_paragraphs(tmp_path / "corpus")
    assert len(paragraphs) >= 200
    for paragraph in paragraphs:
        assert compiled_words(compiled_plain, paragraph) == jieba_words(plain.tokenizer, paragraph)
        assert compiled_words(compiled_user, paragraph) == jieba_words(user.tokenizer, paragraph)


@needs_numba
@HYPOTHESIS
@given(text=RANDOM_TEXT)
def test_word_cut_of_random_strings_identical(plain, compiled_plain, text) -> None:
    assert compiled_words(compiled_plain, text) == jieba_words(plain.tokenizer, text)


@needs_numba
@HYPOTHESIS
@given(text=RANDOM_TEXT)
def test_word_cut_of_random_strings_identical_with_user_dictionary(user, compiled_user, text) -> None:
    assert compiled_words(compiled_user, text) == jieba_words(user.tokenizer, text)


@needs_numba
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        st.one_of(
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5),
            st.sampled_from("aZ09.%-+#&_"),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_word_cut_of_unknown_runs_identical(plain, compiled_plain, text) -> None:
    """Rare Han characters with letters, digits and the block's punctuation: buffers the dictionary
    does not know go to finalseg (its Viterbi, and its split of the rest: 5.5%, a1.25, +#)."""
    assert compiled_words(compiled_plain, text) == jieba_words(plain.tokenizer, text)


@needs_numba
def test_dictionary_tagger_cut_equals_the_jieba_path(user) -> None:
    """``Segmenter.cut`` with ``--tagger dictionary``: compiled and jieba backends give the same rows."""
    compiled = segment.make_tokenizer(USER_WORDS, tagger="dictionary", pos_backend="compiled")
    forced = segment.make_tokenizer(USER_WORDS, tagger="dictionary", pos_backend="jieba")
    assert (compiled.pos_backend, forced.pos_backend) == ("compiled", "jieba")
    texts = [*seed_texts(), "同比增长3.5%-4%，a1.25b%+#龘靐齉爩\r\n C++ 5G基站 iPhone6s"]
    for text in texts:
        expected = forced.cut(text)
        assert [token for token, *_ in expected] == jieba_words(forced.tokenizer, text)
        assert compiled.cut(text) == expected
        assert compiled._compiled is not None and compiled._compiled.word_spans(text) is not None


@needs_numba
def test_force_split_words_go_to_jieba(monkeypatch, plain, compiled_plain) -> None:
    """Words ``add_word(word, freq=0)`` put in ``finalseg.Force_Split_Words``: jieba splits them where its
    HMM finds them; the compiled cut hands such texts to jieba."""
    text = "龘靐齉爩"
    whole = jieba_words(plain.tokenizer, text)
    assert compiled_plain.word_spans(text) is not None
    monkeypatch.setattr(jieba.finalseg, "Force_Split_Words", set(whole))
    assert compiled_plain.word_spans(text) is None
    assert compiled_plain.lcut_words(text) == jieba_words(plain.tokenizer, text) == list(text)


@needs_numba
def test_finalseg_tables_are_read_at_run_time(monkeypatch, plain, compiled_plain) -> None:
    """Other tables in jieba.finalseg: a new compiled tokenizer follows them (it stays jieba's model)."""
    text = "龘靐齉爩鱻麤"  # characters no dictionary word holds: all of it goes to finalseg
    samples = (text, text[::-1], text[1:], text[:4])
    stock = {sample: compiled_words(compiled_plain, sample) for sample in samples}  # before the patch:
    # the stock tokenizer reads jieba's tables when it first cuts, so it must cut before they change
    rng = random.Random(20)
    emit = {
        state: {char: value * rng.uniform(0.2, 5.0) for char, value in row.items()}
        for state, row in jieba.finalseg.emit_P.items()
    }
    for state in emit:
        for char in text:
            emit[state][char] = rng.uniform(-20.0, -1.0)
    monkeypatch.setattr(jieba.finalseg, "emit_P", emit)
    tagger = postag.CompiledPOSTokenizer(plain.posseg)
    assert compiled_words(tagger, text) == jieba_words(plain.tokenizer, text)
    changed = [sample for sample in samples if compiled_words(tagger, sample) != stock[sample]]
    assert changed  # the stock tables cut some of them otherwise
    for sample in changed:
        assert compiled_words(tagger, sample) == jieba_words(plain.tokenizer, sample)


# ----------------------------------------------------------------------------------------------------
# A batch of sentences in one kernel call (Segmenter.cut_many, SentenceCuts, tokenize from the arrays)
# ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dictionary_user() -> segment.Segmenter:
    return segment.make_tokenizer(USER_WORDS, tagger="dictionary", pos_backend="auto")


def _sentences(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{number // 3}" for number in range(len(texts))],
            "article_id": [f"a{number // 2}" for number in range(len(texts))],
            "sentence_id": [f"s{number}" for number in range(len(texts))],
            "text": texts,
            "clean_start": [7 * number for number in range(len(texts))],
        }
    )


def _check_batch(tagger: segment.Segmenter, texts: list[str]) -> None:
    """``cut_many`` gives ``cut`` of every text, and ``tokenize`` from it the table ``tokenize`` makes
    from the one-by-one cuts."""
    many = tagger.cut_many(texts)
    assert isinstance(many, segment.SentenceCuts), "the batch was not cut by the kernel"
    one_by_one = [tagger.cut(text) for text in texts]
    assert len(many) == len(texts)
    assert list(many) == one_by_one
    assert many[1:3] == one_by_one[1:3] and many[-1:] == one_by_one[-1:]
    sentences = _sentences(texts)
    fast = segment.tokenize(sentences, tagger, ["的", "，", "C++"], cuts=many)
    slow = segment.tokenize(sentences, tagger, ["的", "，", "C++"], cuts=one_by_one)
    pd.testing.assert_frame_equal(fast, slow)


@needs_numba
@pytest.mark.parametrize("which", ["user", "dictionary_user"])
def test_batch_of_seed_sentences_identical(which, request) -> None:
    tagger: segment.Segmenter = request.getfixturevalue(which)
    texts = [line for text in seed_texts() for line in text.splitlines(keepends=True)]
    assert len(texts) > 100
    _check_batch(tagger, texts)
    _check_batch(tagger, ["", " ", "\r\n", "，", "龘", *texts[:3]])  # empty and one-character texts


@needs_numba
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(RANDOM_TEXT, min_size=1, max_size=8))
def test_batch_of_random_strings_identical(user, dictionary_user, texts) -> None:
    for tagger in (user, dictionary_user):
        _check_batch(tagger, texts)


def test_sentence_cuts_index_like_a_list(dictionary_user) -> None:
    texts = ["老旧小区改造", "网格员"]
    many = dictionary_user.cut_many(texts)
    if many is None:
        pytest.skip("no compiled kernel")
    assert many[-1] == many[1] == dictionary_user.cut("网格员")
    with pytest.raises(IndexError):
        many[2]


def test_batches_the_kernel_cannot_take_are_cut_one_by_one(user, dictionary_user, monkeypatch) -> None:
    """A lone surrogate (not UTF-8), a text that is not a str, jieba as the backend: None from
    ``cut_many``; ``cut_sentences`` then cuts one text at a time."""
    assert user.cut_many(["街道\ud800"]) is None
    assert user.cut_many(["街道", None]) is None  # type: ignore[list-item]
    forced = segment.make_tokenizer(USER_WORDS, tagger="dictionary", pos_backend="jieba")
    assert forced.cut_many(["街道"]) is None
    cuts = segment.cut_sentences(_sentences(["街道改造", "网格员"]), forced)
    assert cuts == [forced.cut("街道改造"), forced.cut("网格员")]
    monkeypatch.setattr(jieba.finalseg, "Force_Split_Words", {"龘靐"})
    assert dictionary_user.cut_many(["街道"]) is None
