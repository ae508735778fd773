"""Segmentation: jieba with the project's user dictionary, stopwords and POS tags.

jieba keeps global state; this module builds private tokenizers so that a user dictionary
never leaks between corpora, keeps jieba's cache inside the project and silences its log.
"""

from __future__ import annotations

import logging
import operator
import os
import re
import warnings
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, Protocol, overload

with warnings.catch_warnings():
    # jieba 0.42.1 imports pkg_resources, which setuptools >= 80 deprecates with a UserWarning on every import
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    import jieba
    import jieba.posseg
import numpy as np
import pandas as pd

from govtext import postag
from govtext.yamlfile import ResourceError, resource_problem

TOKEN_COLUMNS = [
    "doc_id",
    "article_id",
    "sentence_id",
    "token_no",
    "token",
    "pos",
    "clean_start",
    "clean_end",
    "is_stopword",
]


TOKEN_OUTPUT_COLUMNS = [*TOKEN_COLUMNS, "start", "end"]
"""Columns of the token table ``govtext run`` writes: :data:`TOKEN_COLUMNS` and the raw offsets."""


def default_cache_dir() -> Path:
    """Where jieba's prefix-dictionary cache lives: ``$GOVTEXT_CACHE_DIR`` or ``.cache/`` in the project."""
    env = os.environ.get("GOVTEXT_CACHE_DIR")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "src" / "govtext").is_dir():
            return folder / ".cache" / "jieba"
    return Path.home() / ".cache" / "govtext" / "jieba"


def configure_jieba(cache_dir: Path | None = None) -> Path:
    """Silence jieba's log and point its cache at a private folder; returns that folder."""
    jieba.setLogLevel(logging.WARNING)
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    advice = "set GOVTEXT_CACHE_DIR to a folder you can write to"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = f"cannot create the segmenter's cache folder ({exc.strerror}); {advice}"
        raise ResourceError(resource_problem(folder, None, message)) from None
    if not os.access(folder, os.W_OK | os.X_OK):  # else jieba prints a traceback on every run
        message = f"the segmenter's cache folder is not writable; {advice}"
        raise ResourceError(resource_problem(folder, None, message))
    jieba.dt.tmp_dir = str(folder)
    return folder


def load_wordlist(path: str | Path) -> list[str]:
    """Read a UTF-8 word list: one entry per line, ``#`` starts a comment, blanks ignored.

    A line may carry jieba's optional frequency and POS tag after the word (``word [freq] [tag]``);
    only the word is returned. Duplicates are dropped, first occurrence kept; a byte-order mark is
    removed. Errors are ``govtext.yamlfile.ResourceError`` naming the file (not found, not UTF-8).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResourceError(resource_problem(path, None, "word list not found")) from None
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text (byte offset {exc.start}); save the word list as UTF-8"
        raise ResourceError(resource_problem(path, None, message)) from None
    except OSError as exc:
        message = f"cannot read the word list: {exc.strerror}"
        raise ResourceError(resource_problem(path, None, message)) from None
    words: list[str] = []
    for line_no, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        word = entry.split()[0]
        if not word:
            raise ResourceError(resource_problem(path, f"line {line_no}", "empty word"))
        words.append(word)
    return list(dict.fromkeys(words))


TAGGERS = ("hmm", "dictionary")
"""Segmentation and POS tagging: ``hmm`` (the default, used in the book) is ``jieba.posseg``: its own cut,
with unknown stretches cut and tagged by its POS HMM (run by ``govtext.postag``'s compiled copy of it when
numba is installed: the same tokens and tags, much faster); ``dictionary`` cuts exactly like ``jieba.lcut``
(by ``govtext.postag``'s compiled copy of ``jieba.Tokenizer.cut`` when numba is installed) and looks each
token's tag up in jieba's dictionary (see ``Segmenter``)."""

POS_BACKENDS = postag.BACKENDS
"""Who runs jieba's cut (``jieba.posseg``'s, and ``jieba.lcut``'s for the ``dictionary`` tagger): ``auto``
(the default: the compiled kernels of ``govtext.postag`` when numba is available, else jieba), ``compiled``
(an error without numba) or ``jieba``. The output is the same; ``$GOVTEXT_POS_BACKEND`` changes the
default."""

MAX_UNKNOWN_TAGS = 200_000
"""How many tags of words outside the dictionary a segmenter remembers (each costs one run of the POS HMM)."""

_NUMBER_RE = re.compile(r"[0-9.]*[0-9][0-9.%]*")
_LATIN_RE = re.compile(r"[a-zA-Z0-9]+")
_HAN_RE = re.compile("[\u4e00-\u9fd5]+")


class Segmenter:
    """A private jieba tokenizer and a POS tagger: ``cut(text)`` gives ``(token, pos, start, end)``.

    With the ``dictionary`` tagger the tokens are exactly those of ``jieba.lcut`` (with the user words);
    a token in jieba's dictionary (or a user word, tagged ``nz``) gets the dictionary's tag, a token jieba's
    HMM found (a new word) gets the tag ``jieba.posseg``'s POS HMM gives it (the last part's, if it would
    split it), numbers ``m``, Latin letters ``eng``, anything else (punctuation, spaces) ``x``.
    ``block_re`` matches the runs of characters jieba segments as a whole.

    ``jieba.posseg``'s cut (all of ``hmm``, the tags of new words with ``dictionary``) and the cut of
    ``jieba.lcut`` (``dictionary``) are run by ``govtext.postag.CompiledPOSTokenizer`` or by jieba itself,
    as ``pos_backend`` asks (see ``POS_BACKENDS``; the output is the same); the attribute ``pos_backend``
    then says which runs (``compiled`` or ``jieba``) and ``pos_backend_note`` why not the compiled one.
    """

    def __init__(
        self,
        tokenizer: jieba.Tokenizer,
        tagger: str = "hmm",
        pos_backend: str | None = None,
        *,
        posseg: jieba.posseg.POSTokenizer | None = None,
        trie: postag.DictionaryTrie | None = None,
    ) -> None:
        """``posseg``: a ``POSTokenizer`` on ``tokenizer`` (built when None); ``trie``: the compiled
        tagger's trie of a dictionary with the same words and counts as ``tokenizer``'s (built when None)."""
        _check_tagger(tagger)
        backend = _check_pos_backend(pos_backend)
        self.tokenizer = tokenizer
        self.tagger = tagger
        self.posseg = posseg if posseg is not None else jieba.posseg.POSTokenizer(tokenizer)
        self.posseg.makesure_userdict_loaded()
        self.tags: dict[str, str] = self.posseg.word_tag_tab
        self.block_re: re.Pattern[str] = (
            jieba.re_han_default if tagger == "dictionary" else jieba.posseg.re_han_internal
        )
        self._unknown_tags: dict[str, str] = {}
        self._compiled: postag.CompiledPOSTokenizer | None = None
        self.pos_backend_note = "asked for jieba"
        if backend != "jieba":
            self._compiled, self.pos_backend_note = postag.compiled_tagger(self.posseg, trie)
            if self._compiled is None and backend == "compiled":
                raise RuntimeError(f"pos_backend='compiled' is unavailable: {self.pos_backend_note}")
        self.pos_backend: str = "compiled" if self._compiled is not None else "jieba"

    def pos_pairs(self, text: str) -> list[tuple[str, str]]:
        """``jieba.posseg``'s ``(word, flag)`` pairs of ``text`` (with HMM), from ``pos_backend``."""
        if self._compiled is not None:
            return self._compiled.lcut(text)
        return [(pair.word, pair.flag) for pair in self.posseg.cut(text, HMM=True)]

    def cut(self, text: str) -> list[tuple[str, str, int, int]]:
        """Segment ``text`` into ``(token, pos, start, end)`` with offsets into ``text``."""
        if self.tagger == "hmm":
            pairs = self.pos_pairs(text)
            words = [word for word, _ in pairs]
            flags = [flag for _, flag in pairs]
        else:
            spans = self._compiled.word_spans(text) if self._compiled is not None else None
            known = self.tags.get
            unknown = self.unknown_tag
            if spans is not None:  # jieba.lcut's cut, compiled: every character kept, in order
                starts, ends = spans
                words = [text[start:end] for start, end in zip(starts, ends, strict=True)]
                flags = [known(word) or unknown(word) for word in words]
                return list(zip(words, flags, starts, ends, strict=True))
            words = self.tokenizer.lcut(text, HMM=True)
            flags = [known(word) or unknown(word) for word in words]
        if "".join(words) != text:
            return _align(text, words, flags)  # jieba keeps every character; this guards against surprises
        ends = list(accumulate(map(len, words)))
        return list(zip(words, flags, [0, *ends][: len(ends)], ends, strict=True))  # no token: none

    def cut_many(self, texts: Sequence[str]) -> SentenceCuts | None:
        """``cut`` of every text, each on its own, in one call of the compiled kernel: a ``SentenceCuts``
        (the same tokens, tags and offsets), or None where the texts must be cut one by one (jieba runs the
        cut; a text that is not a ``str`` or holds a lone surrogate; ``--tagger dictionary`` with user
        tags not yet merged into ``word_tag_tab``)."""
        compiled = self._compiled
        if compiled is None or not all(isinstance(text, str) for text in texts):
            return None
        if self.tagger == "dictionary" and self.tokenizer.user_word_tag_tab:
            return None  # merged by the next POS cut: looked up one by one as ``cut`` does
        joined = "".join(texts)
        cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if cps.size and ((cps >= 0xD800) & (cps <= 0xDFFF)).any():
            return None
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=bounds[1:])
        many = compiled.cut_many(cps, bounds, words=self.tagger == "dictionary")
        if many is None:
            return None
        names = list(many.tag_names)
        codes = many.codes
        unresolved = np.flatnonzero(codes < 0)
        if unresolved.size:  # looked up as ``cut`` does; a word's tag depends on the word alone
            code_of = {name: code for code, name in enumerate(names)}
            known = self.tags.get
            unknown = self.unknown_tag
            hmm = self.tagger == "hmm"

            def code(word: str) -> int:
                tag = known(word, "x") if hmm else (known(word) or unknown(word))
                number = code_of.get(tag)
                if number is None:
                    number = code_of[tag] = len(names)
                    names.append(tag)
                return number

            single = many.ends[unresolved] - many.starts[unresolved] == 1
            chars = unresolved[single]  # one-character tokens (punctuation, mostly): once per character
            if chars.size:
                distinct, inverse = np.unique(cps[many.starts[chars]], return_inverse=True)
                char_codes = np.array([code(chr(char)) for char in distinct.tolist()], dtype=np.int64)
                codes[chars] = char_codes[inverse]
            longer = unresolved[~single]
            starts = many.starts[longer].tolist()
            ends = many.ends[longer].tolist()
            for number, start, end in zip(longer.tolist(), starts, ends, strict=True):
                codes[number] = code(joined[start:end])
        return SentenceCuts(
            list(texts), joined, cps, bounds, many.starts, many.ends, codes, many.token_bounds, names
        )

    def unknown_tag(self, word: str) -> str:
        """The tag of a token that is not in the dictionary (remembered, up to ``MAX_UNKNOWN_TAGS``)."""
        tag = self._unknown_tags.get(word)
        if tag is None:
            if _NUMBER_RE.fullmatch(word):
                tag = "m"
            elif _LATIN_RE.fullmatch(word):
                tag = "eng"
            elif _HAN_RE.fullmatch(word):
                tag = self.pos_pairs(word)[-1][1]
            else:
                tag = "x"
            if len(self._unknown_tags) < MAX_UNKNOWN_TAGS:
                self._unknown_tags[word] = tag
        return tag


Token = tuple[str, str, int, int]
"""``(token, pos, start, end)``: a token of ``Segmenter.cut``, offsets into the text cut."""


class SentenceCuts(Sequence[list[Token]]):
    """The cuts of a batch of texts held as arrays (``Segmenter.cut_many``): item k is ``Segmenter.cut``
    of text k, made when asked for; ``tokenize`` reads the arrays directly.

    ``joined`` is the texts joined, ``cps`` its code points, text k is ``joined[bounds[k]:bounds[k + 1]]``;
    its tokens are ``token_bounds[k]:token_bounds[k + 1]`` of ``starts``, ``ends`` (offsets into
    ``joined``) and ``codes`` (indices into ``tag_names``)."""

    def __init__(
        self,
        texts: list[str],
        joined: str,
        cps: np.ndarray,
        bounds: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        codes: np.ndarray,
        token_bounds: np.ndarray,
        tag_names: list[str],
    ) -> None:
        self.texts, self.joined, self.cps, self.bounds = texts, joined, cps, bounds
        self.starts, self.ends, self.codes, self.token_bounds = starts, ends, codes, token_bounds
        self.tag_names = tag_names

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> list[Token]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Token]]: ...

    def __getitem__(self, index: int | slice) -> list[Token] | list[list[Token]]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        number = operator.index(index)
        if number < 0:
            number += len(self)
        if not 0 <= number < len(self):
            raise IndexError(f"SentenceCuts index {index} out of range")
        first, last = self.token_bounds[number], self.token_bounds[number + 1]
        base = int(self.bounds[number])
        text = self.texts[number]
        names = self.tag_names
        starts = (self.starts[first:last] - base).tolist()
        ends = (self.ends[first:last] - base).tolist()
        codes = self.codes[first:last].tolist()
        return [
            (text[start:end], names[code], start, end)
            for start, end, code in zip(starts, ends, codes, strict=True)
        ]


def _check_tagger(tagger: str) -> None:
    if tagger not in TAGGERS:
        raise ValueError(f"tagger must be one of {', '.join(TAGGERS)}, not {tagger!r}")


def _check_pos_backend(pos_backend: str | None) -> str:
    """``pos_backend``, or ``$GOVTEXT_POS_BACKEND`` (default ``auto``) when None; checked."""
    backend = pos_backend if pos_backend is not None else os.environ.get("GOVTEXT_POS_BACKEND") or "auto"
    if backend not in POS_BACKENDS:
        raise ValueError(f"pos_backend must be one of {', '.join(POS_BACKENDS)}, not {backend!r}")
    return backend


def _align(text: str, words: list[str], flags: list[str]) -> list[tuple[str, str, int, int]]:
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    for word, flag in zip(words, flags, strict=True):
        start = text.find(word, pos)
        if start < 0:
            raise RuntimeError(f"jieba returned {word!r}, not found in the text at or after {pos}")
        out.append((word, flag, start, start + len(word)))
        pos = start + len(word)
    return out


def make_tokenizer(
    user_words: Iterable[str] = (),
    cache_dir: Path | None = None,
    tagger: str = "hmm",
    pos_backend: str | None = None,
) -> Segmenter:
    """A private jieba segmenter with ``user_words`` added as whole words (tag ``nz``); ``tagger`` is
    one of ``TAGGERS``, ``pos_backend`` one of ``POS_BACKENDS`` (None: ``$GOVTEXT_POS_BACKEND`` or
    ``auto``).

    Building jieba's dictionary with the user words takes about a second. From the second segmenter with
    the same words and cache folder in a process on, the built dictionary is copied instead (see
    ``_BuiltDictionary``): a new, independent segmenter with the same dictionary, in a tenth of the time."""
    _check_tagger(tagger)  # before building jieba's dictionary
    _check_pos_backend(pos_backend)
    folder = configure_jieba(cache_dir)
    words = tuple(sorted(set(user_words)))
    key = (str(folder), str(jieba.DEFAULT_DICT), words)
    built = _BUILT.get(key)
    if built is not None:
        return built.segmenter(folder, tagger, pos_backend)
    base = jieba.Tokenizer()
    base.tmp_dir = str(folder)
    base.initialize()
    for word in words:
        if word.strip():
            base.add_word(word.strip(), freq=None, tag="nz")
    if key not in _ASKED_FOR:  # the first of its kind: nothing kept (a process that builds one pays nothing)
        _ASKED_FOR.add(key)
        return Segmenter(base, tagger, pos_backend)
    posseg = jieba.posseg.POSTokenizer(base)
    posseg.makesure_userdict_loaded()
    copy = _BuiltDictionary(dict(base.FREQ), base.total, dict(posseg.word_tag_tab))
    segmenter = Segmenter(base, tagger, pos_backend, posseg=posseg)
    copy.trie = segmenter._compiled._trie if segmenter._compiled is not None else None
    if jieba.__version__ == _JIEBA_COPIED:
        while len(_BUILT) >= MAX_BUILT_DICTIONARIES:
            _BUILT.pop(next(iter(_BUILT)))
        _BUILT[key] = copy
    return segmenter


MAX_BUILT_DICTIONARIES = 4
"""How many built dictionaries (about 60 MB each) a process keeps for ``make_tokenizer`` to copy."""

_JIEBA_COPIED = "0.42.1"  # the jieba whose Tokenizer and POSTokenizer state _BuiltDictionary copies


class _BuiltDictionary:
    """jieba's state after ``make_tokenizer`` built a dictionary: the prefix dictionary ``FREQ`` and its
    ``total`` (``Tokenizer.initialize`` then ``add_word`` of each user word), ``POSTokenizer``'s
    ``word_tag_tab`` (with the user words' tags merged), and the compiled tagger's read-only trie. Never
    handed out: each segmenter made from it gets its own copies of the dictionaries."""

    def __init__(self, freq: dict[str, int], total: int, word_tag_tab: dict[str, str]) -> None:
        self.freq, self.total, self.word_tag_tab = freq, total, word_tag_tab
        self.trie: postag.DictionaryTrie | None = None

    def segmenter(self, folder: Path, tagger: str, pos_backend: str | None) -> Segmenter:
        """A new segmenter on copies of this state (what ``initialize`` and ``POSTokenizer`` would set)."""
        base = jieba.Tokenizer()
        base.tmp_dir = str(folder)
        base.FREQ, base.total = dict(self.freq), self.total
        base.initialized = True
        posseg = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        posseg.tokenizer = base  # POSTokenizer.__init__ sets these two and nothing else
        posseg.word_tag_tab = dict(self.word_tag_tab)
        return Segmenter(base, tagger, pos_backend, posseg=posseg, trie=self.trie)


_BUILT: dict[tuple[str, str, tuple[str, ...]], _BuiltDictionary] = {}
_ASKED_FOR: set[tuple[str, str, tuple[str, ...]]] = set()


def cut_with_offsets(text: str, tokenizer: Segmenter) -> list[tuple[str, str, int, int]]:
    """Segment ``text`` into ``(token, pos, start, end)`` with offsets into ``text``."""
    return tokenizer.cut(text)


def cut_sentences(sentences: pd.DataFrame, tokenizer: Segmenter) -> Sequence[list[Token]]:
    """``cut_with_offsets`` of every sentence's ``text``, in row order (offsets into the sentence): a
    ``SentenceCuts`` from one call of the compiled kernel when it can (``Segmenter.cut_many``), else a
    list."""
    texts = sentences["text"].tolist()
    many = tokenizer.cut_many(texts)
    if many is not None:
        return many
    return [tokenizer.cut(text) for text in texts]


def slice_cut(
    text: str, cut: Sequence[tuple[str, str, int, int]], start: int, end: int, block_re: re.Pattern[str]
) -> list[tuple[str, str, int, int]] | None:
    """The tokens of ``text[start:end]`` taken from ``cut`` (the cut of ``text``), offsets unchanged; None
    unless both ends are token boundaries jieba cuts at whatever the context (outside a run of
    ``block_re`` characters and not inside ``\\r\\n``), where cutting the stretch alone gives those tokens."""
    if not (_block_edge(text, start, block_re) and _block_edge(text, end, block_re)):
        return None
    starts = [token[2] for token in cut]
    first = bisect_left(starts, start)
    last = bisect_left(starts, end, lo=first)
    if first == last or starts[first] != start or cut[last - 1][3] != end:
        return None
    return list(cut[first:last])


def _block_edge(text: str, at: int, block_re: re.Pattern[str]) -> bool:
    if at in (0, len(text)):
        return True
    before, after = text[at - 1], text[at]
    if before == "\r" and after == "\n":
        return False
    return not (block_re.fullmatch(before) and block_re.fullmatch(after))


def tokenize(
    sentences: pd.DataFrame,
    tokenizer: Segmenter,
    stopwords: Iterable[str] = (),
    cuts: Sequence[Sequence[tuple[str, str, int, int]]] | None = None,
) -> pd.DataFrame:
    """One row per token of every sentence, with POS tag and offsets into the document's clean text.

    ``sentences`` needs ``doc_id, article_id, sentence_id, text, clean_start``; ``cuts``, when given, are
    the sentences' cuts (``cut_sentences``), made once for the tokens and the metrics. Whitespace tokens
    are dropped; punctuation is kept with POS ``x`` and marked as a stopword.
    """
    if cuts is None:
        cuts = cut_sentences(sentences, tokenizer)
    if len(cuts) != len(sentences):
        raise ValueError(f"cuts: {len(cuts)} cuts for {len(sentences)} sentences")
    if isinstance(cuts, SentenceCuts):
        return _tokenize_arrays(sentences, cuts, stopwords)
    clean_starts = sentences["clean_start"].tolist()
    counts: list[int] = []
    words: list[str] = []
    flags: list[str] = []
    token_nos: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for number, cut in enumerate(cuts):
        kept = [token for token in cut if not token[0].isspace()]
        counts.append(len(kept))
        if not kept:
            continue
        base = int(clean_starts[number])
        kept_words, kept_flags, kept_starts, kept_ends = zip(*kept, strict=True)
        words += kept_words
        flags += kept_flags
        token_nos += range(len(kept))
        starts += [base + start for start in kept_starts]
        ends += [base + end for end in kept_ends]
    rows = np.repeat(np.arange(len(sentences)), counts)  # the sentence of each token
    keys = ("doc_id", "article_id", "sentence_id")
    table = pd.DataFrame({key: sentences[key].take(rows).reset_index(drop=True) for key in keys})
    table["token_no"] = np.array(token_nos, dtype="int64")
    table["token"] = pd.Series(words, dtype=str)
    table["pos"] = pd.Series(flags, dtype=str)
    table["clean_start"] = np.array(starts, dtype="int64")
    table["clean_end"] = np.array(ends, dtype="int64")
    stop = frozenset(stopwords)
    is_stopword = np.array([word in stop for word in words], dtype=bool)
    table["is_stopword"] = is_stopword | (table["pos"] == "x").to_numpy(dtype=bool)
    return table[TOKEN_COLUMNS]


def _tokenize_arrays(sentences: pd.DataFrame, cuts: SentenceCuts, stopwords: Iterable[str]) -> pd.DataFrame:
    """``tokenize`` from the arrays of ``cuts``: the same table, its token and pos columns made by pyarrow
    from the UTF-8 bytes of the text (no Python object per token)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n_sentences = len(cuts)
    sentence_of = np.repeat(np.arange(n_sentences), np.diff(cuts.token_bounds))
    keep = np.ones(cuts.starts.size, dtype=bool)  # tokens whose first character is not whitespace
    if cuts.starts.size:
        first_chars, first_inverse = np.unique(cuts.cps[cuts.starts], return_inverse=True)
        spaces = np.array([chr(code).isspace() for code in first_chars.tolist()], dtype=bool)
        keep = ~spaces[first_inverse]
    rows = sentence_of[keep]  # the sentence of each token
    counts = np.bincount(rows, minlength=n_sentences)
    sentence_first = np.cumsum(counts) - counts
    token_nos = np.arange(rows.size, dtype="int64") - np.repeat(sentence_first, counts)
    starts = cuts.starts[keep]
    ends = cuts.ends[keep]
    words = _utf8_slices(cuts.joined, cuts.cps, starts, ends)
    codes = cuts.codes[keep]
    names = pa.array(cuts.tag_names, type=pa.large_string())
    pos = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), names).dictionary_decode()
    clean_base = sentences["clean_start"].to_numpy(dtype="int64")[rows] - cuts.bounds[rows]
    keys = ("doc_id", "article_id", "sentence_id")
    table = pd.DataFrame({key: sentences[key].take(rows).reset_index(drop=True) for key in keys})
    table["token_no"] = token_nos
    table["token"] = pd.Series(words, dtype=_STR_DTYPE)
    table["pos"] = pd.Series(pos, dtype=_STR_DTYPE)
    table["clean_start"] = clean_base + starts
    table["clean_end"] = clean_base + ends
    stop = pa.array(sorted(frozenset(stopwords)), type=pa.large_string())
    is_stopword = pc.is_in(words, value_set=stop).to_numpy(zero_copy_only=False).astype(bool)
    is_x = np.array([name == "x" for name in cuts.tag_names], dtype=bool)
    table["is_stopword"] = is_stopword | is_x[codes]
    return table[TOKEN_COLUMNS]


_STR_DTYPE = pd.Series([], dtype=str).dtype
"""The dtype of ``pd.Series(list_of_str, dtype=str)`` (the token table's text columns)."""


def _utf8_slices(text: str, cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Any:
    """``[text[start:end] for ...]`` as a pyarrow ``large_string`` array built from the UTF-8 bytes of
    ``text`` (``cps``: its code points, no lone surrogate)."""
    import pyarrow as pa

    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    widths = 1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + (cps >= 0x10000)
    byte_at = np.zeros(cps.size + 1, dtype=np.int64)
    np.cumsum(widths, out=byte_at[1:])
    first, lengths = byte_at[starts], byte_at[ends] - byte_at[starts]
    offsets = np.zeros(starts.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    gather = np.repeat(first - offsets[:-1], lengths) + np.arange(offsets[-1], dtype=np.int64)
    values = data[gather]
    return pa.LargeStringArray.from_buffers(starts.size, pa.py_buffer(offsets), pa.py_buffer(values))


class _RawIndexed(Protocol):
    @property
    def raw_index(self) -> Sequence[int]: ...  # read-only: CleanText is a frozen dataclass


def with_raw_offsets(tokens: pd.DataFrame, cleaned: Mapping[str, _RawIndexed]) -> pd.DataFrame:
    """``tokens`` with raw ``start``/``end`` added: ``raw[start:end]`` is the token as printed (it may
    hold layout whitespace or the half-width form of a punctuation mark). ``cleaned`` maps each doc_id to
    its ``corpus.CleanText``."""
    starts = np.zeros(len(tokens), dtype="int64")
    ends = np.zeros(len(tokens), dtype="int64")
    if len(tokens):
        doc_ids = tokens["doc_id"].to_numpy()
        clean_start = tokens["clean_start"].to_numpy(dtype="int64")
        clean_end = tokens["clean_end"].to_numpy(dtype="int64")
        changes = np.flatnonzero(doc_ids[1:] != doc_ids[:-1]) + 1
        bounds = [0, *changes.tolist(), len(tokens)]
        for first, last in pairwise(bounds):  # rows of one document are contiguous
            index = np.asarray(cleaned[str(doc_ids[first])].raw_index, dtype="int64")
            starts[first:last] = index[clean_start[first:last]]
            ends[first:last] = index[clean_end[first:last] - 1] + 1
    return tokens.assign(start=starts, end=ends)[TOKEN_OUTPUT_COLUMNS]
