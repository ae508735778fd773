"""An exact, compiled ``jieba.posseg`` and ``jieba.lcut``: the same ``(word, tag)`` sequence and the same
tokens, several times faster.

``jieba.posseg.POSTokenizer.cut`` spends most of its time in its POS Viterbi (an HMM over B/M/E/S x tag
states, in pure Python). :class:`CompiledPOSTokenizer` runs the whole cut of a text (blocks, the
dictionary DAG and its best route, the buffers of single characters, the English and number runs, and the
Viterbi) in one numba kernel (``govtext._postag_kernel``) over jieba's own tables, read at run time: the
prefix dictionary of the tokenizer (``Tokenizer.FREQ``, with user words), ``word_tag_tab``, and
``jieba.posseg``'s ``char_state_tab_P``, ``start_P``, ``trans_P`` and ``emit_P``. Float64 sums are made in
jieba's order and ties go where Python's ``max`` over ``(prob, state)`` or ``(prob, end)`` tuples sends
them (the larger state, the longer word), so the output is identical to ``jieba.posseg`` for every
input; the tests compare them on the seed corpus and on random strings.
:meth:`CompiledPOSTokenizer.word_spans` does the same for ``Tokenizer.cut(text, HMM=True)`` (the cut of
``jieba.lcut``, which the ``dictionary`` tagger uses): the same DAG and route, new words by
``jieba.finalseg``'s Viterbi over its own tables (``start_P``, ``trans_P``, ``emit_P``, ``PrevStatus``).

numba is optional: :func:`compiled_tagger` returns None when it is missing, fails to compile, or the
self-check at start disagrees with jieba, and ``govtext.segment.Segmenter`` then uses ``jieba.posseg``
(``Segmenter.pos_backend`` says which ran). Compiled code is cached (numba's ``cache=True``) in
:func:`numba_cache_dir`, so only the first process on a machine pays the compile time.
"""

from __future__ import annotations

import importlib
import math
import os
import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

with warnings.catch_warnings():
    # jieba 0.42.1 imports pkg_resources, which setuptools >= 80 deprecates with a UserWarning on every import
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    import jieba
    import jieba.finalseg
    import jieba.posseg
    from jieba._compat import strdecode

BACKENDS = ("auto", "compiled", "jieba")
"""``pos_backend`` choices: ``compiled`` (this module; an error if it is unavailable), ``jieba``
(``jieba.posseg`` itself), ``auto`` (compiled when available). ``$GOVTEXT_POS_BACKEND`` sets the default."""

SELF_CHECK_TEXT = (
    "杜甫路街道改造88个老旧小区，王小明说iPhone6s售价5.5千元\r\n鄱阳湖畔的龘靐齉爩 C++ & R_2 v1.0"
    " 同比增长3.5%-4%，a1.25b%+#龘靐"
)
"""A text with unknown names, rare characters, Latin letters, numbers and ``\\r\\n``: the compiled cut of it
must equal jieba's before the compiled path is used."""

_lock = threading.Lock()
_kernel: ModuleType | None = None
_kernel_error: str | None = None
_models: dict[tuple[int, ...], _Model] = {}
_finalseg_models: dict[tuple[object, ...], tuple[tuple[object, ...], _FinalsegModel]] = {}


def numba_cache_dir() -> Path:
    """Where numba caches the compiled kernel: ``$NUMBA_CACHE_DIR`` if set, else ``numba/`` beside jieba's
    cache folder (``$GOVTEXT_CACHE_DIR/numba``, ``.cache/numba`` in the project, else
    ``~/.cache/govtext/numba``): never inside site-packages, which may be read-only. Where no folder is
    writable the kernel is compiled in every process (as with ``$GOVTEXT_NUMBA_CACHE=0``)."""
    env = os.environ.get("NUMBA_CACHE_DIR")
    if env:
        return Path(env)
    from govtext.segment import default_cache_dir

    jieba_dir = default_cache_dir()
    if os.environ.get("GOVTEXT_CACHE_DIR"):
        return jieba_dir / "numba"
    return jieba_dir.parent / "numba"


def load_kernel() -> ModuleType | None:
    """The compiled kernel module, imported once with numba's cache in :func:`numba_cache_dir`; None when
    numba is missing or broken (:func:`kernel_error` says why)."""
    global _kernel, _kernel_error
    with _lock:
        if _kernel is not None or _kernel_error is not None:
            return _kernel
        try:
            numba = importlib.import_module("numba")  # optional: not a dependency of govtext itself
        except Exception as error:  # ImportError, or a numba that does not match numpy
            _kernel_error = f"numba unavailable: {error!r}"
            return None
        previous = numba.config.CACHE_DIR
        try:
            folder = numba_cache_dir()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                numba.config.CACHE_DIR = str(folder)  # read when each function is decorated
            except OSError:
                pass  # numba falls back to __pycache__ or the user-wide cache, or compiles every time
            try:
                _kernel = importlib.import_module("govtext._postag_kernel")
            except RuntimeError as error:  # "cannot cache function": no writable cache folder at all
                if "cache" not in str(error) or os.environ.get("GOVTEXT_NUMBA_CACHE") == "0":
                    raise
                sys.modules.pop("govtext._postag_kernel", None)
                os.environ["GOVTEXT_NUMBA_CACHE"] = "0"  # compile in every process instead
                _kernel = importlib.import_module("govtext._postag_kernel")
        except Exception as error:
            _kernel_error = f"the kernel failed to load: {error!r}"
        finally:
            numba.config.CACHE_DIR = previous
        return _kernel


def kernel_error() -> str | None:
    """Why the compiled kernel is unavailable (None if it loaded or was never asked for)."""
    return _kernel_error


class _Model:
    """``jieba.posseg``'s HMM tables as arrays; states are numbered in sorted order."""

    def __init__(
        self,
        char_state: dict[str, tuple[tuple[str, str], ...]],
        start: dict[tuple[str, str], float],
        trans: dict[tuple[str, str], dict[tuple[str, str], float]],
        emit: dict[tuple[str, str], dict[str, float]],
    ) -> None:
        states = sorted(trans)  # all_states = trans_p.keys(); sorted as Python compares the tuples
        number = {state: k for k, state in enumerate(states)}
        n_states = len(states)
        if any(set(targets) - number.keys() for targets in trans.values()):
            raise ValueError("trans_p names a state it has no row for")
        for table in (start, emit):
            if set(table) != set(states):
                raise ValueError("start_p or emit_p do not have the states of trans_p")
        tags = sorted({tag for _, tag in states})
        self.tag_names: list[str] = ["x", "m", "eng", *tags]
        tag_number = {tag: 3 + k for k, tag in enumerate(tags)}
        bmes = {"B": 0, "E": 1, "M": 2, "S": 3}
        self.st_bmes = np.array([bmes.get(state[0], 4) for state in states], dtype=np.int8)
        self.st_tag = np.array([tag_number[state[1]] for state in states], dtype=np.int64)
        self.start_p = np.array([float(start[state]) for state in states])
        self.trans = np.full((n_states, n_states), -math.inf)
        tr_idx: list[int] = []
        tr_ptr = [0]
        for k, state in enumerate(states):
            for target, value in trans[state].items():
                self.trans[k, number[target]] = float(value)
                tr_idx.append(number[target])
            tr_ptr.append(len(tr_idx))
        self.tr_ptr = np.array(tr_ptr, dtype=np.int64)
        self.tr_idx = np.array(tr_idx, dtype=np.int64)
        chars = sorted(set(char_state) | {char for row in emit.values() for char in row})
        if any(len(char) != 1 or not "\u4e00" <= char <= "\u9fd5" for char in chars):
            raise ValueError("the POS model has a character outside re_han_detail")
        row_of = {char: k for k, char in enumerate(chars)}
        self.han_row = np.full(0x9FD5 - 0x4E00 + 1, -1, dtype=np.int64)
        for char, k in row_of.items():
            self.han_row[ord(char) - 0x4E00] = k
        self.cs_all = np.array([char not in char_state for char in chars], dtype=np.bool_)
        cs_ptr, cs_idx = [0], []
        for char in chars:
            cs_idx += sorted({number[state] for state in char_state.get(char, ())})  # KeyError: unknown
            cs_ptr.append(len(cs_idx))
        self.cs_ptr = np.array(cs_ptr, dtype=np.int64)
        self.cs_idx = np.array(cs_idx, dtype=np.int64)
        by_char: list[list[tuple[int, float]]] = [[] for _ in chars]
        for state, row in emit.items():
            for char, value in row.items():
                by_char[row_of[char]].append((number[state], float(value)))
        em_ptr, em_idx, em_val = [0], [], []
        for entries in by_char:
            entries.sort()
            em_idx += [k for k, _ in entries]
            em_val += [value for _, value in entries]
            em_ptr.append(len(em_idx))
        self.em_ptr = np.array(em_ptr, dtype=np.int64)
        self.em_idx = np.array(em_idx, dtype=np.int64)
        self.em_val = np.array(em_val, dtype=np.float64)

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (
            self.start_p,
            self.trans,
            self.tr_ptr,
            self.tr_idx,
            self.han_row,
            self.cs_all,
            self.cs_ptr,
            self.cs_idx,
            self.em_ptr,
            self.em_idx,
            self.em_val,
            self.st_bmes,
            self.st_tag,
        )


def _posseg_model() -> _Model:
    """The arrays of the tables ``jieba.posseg`` uses now (built once per set of tables)."""
    tables = (
        jieba.posseg.char_state_tab_P,
        jieba.posseg.start_P,
        jieba.posseg.trans_P,
        jieba.posseg.emit_P,
    )
    key = tuple(map(id, tables))
    with _lock:
        model = _models.get(key)
        if model is None:
            model = _models[key] = _Model(*tables)
        return model


class _FinalsegModel:
    """``jieba.finalseg``'s HMM (the new words of ``Tokenizer.cut``) as arrays over the states B, E, M, S
    (numbered in sorted order); every missing entry is ``finalseg.MIN_FLOAT``, as its ``dict.get`` says."""

    STATES = "BEMS"

    def __init__(
        self,
        start: dict[str, float],
        trans: dict[str, dict[str, float]],
        emit: dict[str, dict[str, float]],
        prev_status: dict[str, str],
        min_float: float,
    ) -> None:
        number = {state: k for k, state in enumerate(self.STATES)}
        if any(not set(self.STATES) <= set(table) for table in (start, trans, emit, prev_status)):
            raise ValueError("jieba.finalseg's tables do not have the states B, M, E, S")
        if any(set(prev_status[state]) - set(self.STATES) for state in self.STATES):
            raise ValueError("jieba.finalseg.PrevStatus names a state outside B, M, E, S")
        self.start_p = np.array([float(start[state]) for state in self.STATES])
        self.trans = np.full((4, 4), float(min_float))
        for state in self.STATES:
            for target, value in trans[state].items():
                if target in number:
                    self.trans[number[state], number[target]] = float(value)
        prev_ptr, prev_idx = [0], []
        for state in self.STATES:
            prev_idx += [number[before] for before in prev_status[state]]
            prev_ptr.append(len(prev_idx))
        self.prev_ptr = np.array(prev_ptr, dtype=np.int64)
        self.prev_idx = np.array(prev_idx, dtype=np.int64)
        self.emit = np.full((0x9FD5 - 0x4E00 + 1, 4), float(min_float))  # only Han characters are looked up
        for state in self.STATES:
            for char, value in emit[state].items():
                if len(char) == 1 and "\u4e00" <= char <= "\u9fd5":
                    self.emit[ord(char) - 0x4E00, number[state]] = float(value)
        tables = (self.start_p, self.trans, self.emit)
        if not all(np.isfinite(table).all() for table in tables):
            raise ValueError("jieba.finalseg's tables hold a value that is not a finite number")

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.start_p, self.trans, self.prev_ptr, self.prev_idx, self.emit)


def _finalseg_model() -> _FinalsegModel:
    """The arrays of the tables ``jieba.finalseg`` uses now (built once per set of tables)."""
    finalseg = jieba.finalseg
    tables = (finalseg.start_P, finalseg.trans_P, finalseg.emit_P, finalseg.PrevStatus)
    key = (*map(id, tables), finalseg.MIN_FLOAT)
    with _lock:
        entry = _finalseg_models.get(key)
        if entry is None:  # the entry keeps the tables alive, so that their ids are not reused
            entry = _finalseg_models[key] = (tables, _FinalsegModel(*tables, finalseg.MIN_FLOAT))
        return entry[1]


class DictionaryTrie:
    """``Tokenizer.FREQ`` as the kernel's trie: node arrays ``present`` (the word is a key), ``truthy``
    (its count is not 0) and ``log_freq`` (``math.log(count or 1)``, Python's own logarithm). Read-only
    once built: tokenizers whose dictionaries hold the same counts may share one."""

    def __init__(self, kernel: ModuleType, freq: dict[str, int]) -> None:
        words = list(freq)
        counts = list(freq.values())
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        chars = np.frombuffer("".join(words).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        node_of_key = np.empty(len(words), dtype=np.int64)
        size = 1 << max(4, (2 * len(words) + 2).bit_length())
        while True:
            hkeys = np.full(size, -1, dtype=np.int64)
            hvals = np.zeros(size, dtype=np.int64)
            n_nodes = int(kernel.build_trie(chars, lengths, hkeys, hvals, node_of_key))
            if n_nodes > 0:
                break
            size *= 2  # FREQ is not closed under prefixes: more nodes than words
        self.hkeys, self.hvals = hkeys, hvals
        self.words = words  # key k's node is node_of_key[k]
        self.node_of_key = node_of_key
        self.present = np.zeros(n_nodes, dtype=np.bool_)
        self.truthy = np.zeros(n_nodes, dtype=np.bool_)
        self.log_freq = np.zeros(n_nodes)
        self.present[node_of_key] = True
        self.truthy[node_of_key] = np.fromiter(map(bool, counts), dtype=np.bool_, count=len(counts))
        log = math.log
        self.log_freq[node_of_key] = np.fromiter(
            (log(count or 1) for count in counts), dtype=np.float64, count=len(counts)
        )


@dataclass(frozen=True)
class ManyCut:
    """The tokens of several texts cut at once (:meth:`CompiledPOSTokenizer.cut_many`): ``starts`` and
    ``ends`` (offsets into the texts joined), the code of each token's tag (an index into ``tag_names``, or
    -1: the caller looks the word up), and ``token_bounds`` (text k's tokens are
    ``token_bounds[k]:token_bounds[k + 1]``)."""

    starts: np.ndarray
    ends: np.ndarray
    codes: np.ndarray
    token_bounds: np.ndarray
    tag_names: list[str]


class CompiledPOSTokenizer:
    """``POSTokenizer.lcut(text)`` as ``(word, tag)`` tuples, computed by the compiled kernel.

    Reads the tokenizer's dictionary when built, and again whenever ``Tokenizer.FREQ`` is replaced or
    changes size, or ``Tokenizer.total`` changes (``add_word``); call :meth:`refresh` after changing the
    count of a word already in the dictionary in place (``del_word``, ``suggest_freq(tune=True)``).
    """

    def __init__(
        self,
        posseg: jieba.posseg.POSTokenizer,
        kernel: ModuleType | None = None,
        trie: DictionaryTrie | None = None,
    ) -> None:
        kernel = kernel if kernel is not None else load_kernel()
        if kernel is None:
            raise RuntimeError(kernel_error() or "the compiled kernel is unavailable")
        self.kernel = kernel
        self.posseg = posseg
        self.tokenizer: jieba.Tokenizer = posseg.tokenizer
        self.model = _posseg_model()
        self._model_arrays = self.model.arrays()
        self._finalseg_arrays: tuple[np.ndarray, ...] | None = None  # built when first needed
        self._node_codes: np.ndarray | None = None  # built when first needed (cut_many)
        self._codes_table: dict[str, str] | None = None  # the word_tag_tab they were built from
        self._codes_len = 0
        self.tag_names: list[str] = list(self.model.tag_names)
        """Names of the tag codes of :meth:`cut_many`: the model's, then those of ``word_tag_tab``."""
        self.refresh(trie)

    def refresh(self, trie: DictionaryTrie | None = None) -> None:
        """Rebuild the trie from the tokenizer's dictionary (about 0.3 s for jieba's), or take ``trie``,
        the trie of a dictionary with the same words and counts in the same order (the caller knows)."""
        tokenizer = self.tokenizer
        tokenizer.check_initialized()
        self._freq = tokenizer.FREQ
        self._freq_len = len(tokenizer.FREQ)
        self._total = tokenizer.total
        self._log_total = math.log(tokenizer.total)  # calc's logtotal
        if trie is None or len(trie.words) != len(tokenizer.FREQ):
            trie = DictionaryTrie(self.kernel, tokenizer.FREQ)
        self._trie = trie
        self._node_codes = None
        self._trie_arrays = (
            self._trie.hkeys,
            self._trie.hvals,
            self._trie.present,
            self._trie.truthy,
            self._trie.log_freq,
        )

    def _fresh(self) -> None:
        tokenizer = self.tokenizer
        if (
            tokenizer.FREQ is not self._freq
            or len(tokenizer.FREQ) != self._freq_len
            or tokenizer.total != self._total
        ):
            self.refresh()

    def _word_codes(self) -> np.ndarray:
        """Trie node -> code of its word's tag in ``word_tag_tab`` (an index into :attr:`tag_names`; -1 for
        a node that is no word, or whose word has no tag or an empty one), rebuilt when ``word_tag_tab``
        is replaced or changes size."""
        table: dict[str, str] = self.posseg.word_tag_tab
        if self._node_codes is not None and table is self._codes_table and len(table) == self._codes_len:
            return self._node_codes
        names = list(self.model.tag_names)
        tags = list(map(table.get, self._trie.words))
        names += sorted({tag for tag in tags if tag} - set(names))
        code_of = {name: code for code, name in enumerate(names)}.get
        codes = np.fromiter(
            (code_of(tag, -1) if tag else -1 for tag in tags), dtype=np.int64, count=len(tags)
        )
        node_codes = np.full(self._trie.present.size, -1, dtype=np.int64)
        node_codes[self._trie.node_of_key] = codes
        self.tag_names = names
        self._node_codes, self._codes_table, self._codes_len = node_codes, table, len(table)
        return node_codes

    def cut_many(self, cps: np.ndarray, bounds: np.ndarray, words: bool = False) -> ManyCut | None:
        """The cut of each text ``cps[bounds[k]:bounds[k + 1]]`` (code points, ``uint32``), each on its own:
        ``jieba.posseg``'s (as :meth:`lcut`), or with ``words`` ``Tokenizer.cut``'s (as :meth:`word_spans`).
        None where jieba must cut them (``Force_Split_Words`` with ``words``; a dead end of the POS Viterbi).
        Tag codes index :attr:`tag_names`; -1 is a token whose word the caller looks up in
        ``word_tag_tab`` (posseg: a dictionary word without a tag there; ``words``: any token whose word
        has none)."""
        if words and jieba.finalseg.Force_Split_Words:
            return None
        if not words:
            self.posseg.makesure_userdict_loaded()
        self._fresh()
        node_codes = self._word_codes()
        out = np.empty((3, cps.size + 1), dtype=np.int64)
        token_bounds = np.empty(bounds.size, dtype=np.int64)
        if words:
            if self._finalseg_arrays is None:
                self._finalseg_arrays = _finalseg_model().arrays()
            n_out = self.kernel.cut_words_many(
                cps, bounds, out, token_bounds, *self._trie_arrays, self._log_total, *self._finalseg_arrays
            )
        else:
            n_out = self.kernel.cut_text_many(
                cps, bounds, out, token_bounds, *self._trie_arrays, self._log_total, *self._model_arrays
            )
            if n_out < 0:
                return None
        codes = np.empty(n_out, dtype=np.int64)
        hkeys, hvals = self._trie.hkeys, self._trie.hvals
        self.kernel.word_codes(cps, out, n_out, words, hkeys, hvals, node_codes, codes)
        return ManyCut(out[0, :n_out].copy(), out[1, :n_out].copy(), codes, token_bounds, self.tag_names)

    def lcut(self, sentence: str | bytes) -> list[tuple[str, str]]:
        """The ``(word, flag)`` pairs of ``jieba.posseg.POSTokenizer.lcut(sentence, HMM=True)``."""
        posseg = self.posseg
        posseg.makesure_userdict_loaded()
        text: str = strdecode(sentence)
        self._fresh()
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        out = np.empty((3, len(text) + 1), dtype=np.int64)
        n_out = self.kernel.cut_text(cps, out, *self._trie_arrays, self._log_total, *self._model_arrays)
        if n_out < 0:  # jieba's Viterbi meets a dead end (and raises): let it
            return [(pair.word, pair.flag) for pair in posseg.cut(text, HMM=True)]
        starts, ends, tags = out[:, :n_out].tolist()
        names = self.model.tag_names
        known = posseg.word_tag_tab.get
        pairs: list[tuple[str, str]] = []
        append = pairs.append
        for start, end, tag in zip(starts, ends, tags, strict=True):
            word = text[start:end]
            append((word, names[tag] if tag >= 0 else known(word, "x")))
        return pairs

    def word_spans(self, sentence: str) -> tuple[list[int], list[int]] | None:
        """The ``(starts, ends)`` of the tokens of ``Tokenizer.lcut(sentence, HMM=True)`` (the cut of
        ``jieba.lcut``, new words by ``jieba.finalseg``'s HMM, whose tables are read when first needed),
        or None when ``jieba.finalseg.Force_Split_Words`` is not empty (``add_word(word, freq=0)`` fills
        it): the caller then asks jieba."""
        if jieba.finalseg.Force_Split_Words:
            return None
        self._fresh()
        if self._finalseg_arrays is None:
            self._finalseg_arrays = _finalseg_model().arrays()
        cps = np.frombuffer(sentence.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        out = np.empty((3, len(sentence) + 1), dtype=np.int64)
        n_out = self.kernel.cut_words(cps, out, *self._trie_arrays, self._log_total, *self._finalseg_arrays)
        starts, ends = out[:2, :n_out].tolist()
        return starts, ends

    def lcut_words(self, sentence: str | bytes) -> list[str]:
        """The tokens of ``Tokenizer.lcut(sentence, HMM=True)``, as :meth:`word_spans` finds them."""
        text: str = strdecode(sentence)
        spans = self.word_spans(text)
        if spans is None:
            words: list[str] = self.tokenizer.lcut(text, HMM=True)
            return words
        return [text[start:end] for start, end in zip(*spans, strict=True)]


def compiled_tagger(
    posseg: jieba.posseg.POSTokenizer, trie: DictionaryTrie | None = None
) -> tuple[CompiledPOSTokenizer | None, str]:
    """A :class:`CompiledPOSTokenizer` on ``posseg`` (on ``trie`` if given: see ``refresh``) and ``""``,
    or None and why not: numba missing, a compile error, jieba's tables not as expected, or the cut of
    :data:`SELF_CHECK_TEXT` differing from jieba's (a warning then, since that would be a bug)."""
    if load_kernel() is None:
        return None, kernel_error() or "the compiled kernel is unavailable"
    try:
        tagger = CompiledPOSTokenizer(posseg, trie=trie)
        got = tagger.lcut(SELF_CHECK_TEXT)  # compiles, or loads from the cache
        expected = [(pair.word, pair.flag) for pair in posseg.cut(SELF_CHECK_TEXT, HMM=True)]
        got_words = tagger.lcut_words(SELF_CHECK_TEXT)
        expected_words = posseg.tokenizer.lcut(SELF_CHECK_TEXT, HMM=True)
    except Exception as error:
        return None, f"the compiled tagger failed: {error!r}"
    if got != expected or got_words != expected_words:
        warnings.warn(
            "govtext.postag: the compiled tagger disagrees with jieba.posseg; using jieba", stacklevel=2
        )
        return None, "the compiled tagger disagreed with jieba.posseg on the self-check text"
    return tagger, ""
