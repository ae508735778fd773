# mypy: ignore-errors
# (numba kernels: arguments are numpy arrays and numba scalars, typed by numba at compile time)
"""Compiled kernels of :mod:`govtext.postag`: ``jieba.posseg``'s and ``jieba.lcut``'s cut of a text, in numba.

Imported only by :func:`govtext.postag.load_kernel` (which points numba's cache at a private folder first);
importing it needs numba. Every function follows a piece of jieba 0.42.1 line by line, so that the tokens,
their tags, the float64 sums and the tie-breaking are those of ``jieba.posseg.POSTokenizer.cut``:

* :func:`cut_text` is ``__cut_internal`` (blocks of ``re_han_internal``; ``\\r\\n`` or one character per
  token outside them, tagged ``x``);
* ``_cut_block`` is ``Tokenizer.get_DAG`` + ``Tokenizer.calc`` + ``POSTokenizer.__cut_DAG``;
* ``_cut_detail`` is ``__cut_detail`` (``re_han_detail``, then ``re_skip_detail`` with tags ``m``, ``eng``
  and ``x``);
* ``_viterbi`` is ``jieba.posseg.viterbi.viterbi`` and ``_emit_route`` is ``__cut``;
* :func:`cut_words` is ``jieba.Tokenizer.cut(text, HMM=True)`` (blocks of ``re_han_default``), with
  ``_cut_block_words`` its ``__cut_DAG`` (the same ``_best_route``), ``_finalseg_cut`` ``jieba.finalseg.cut``
  and ``_finalseg_viterbi`` ``jieba.finalseg.viterbi``.

The dictionary is a trie (open-addressing hash of ``(node, code point)``) built from ``Tokenizer.FREQ`` by
:func:`build_trie`; the model is jieba's tables turned into arrays by ``govtext.postag``. Output tokens are
``(start, end, tag)`` rows: ``tag`` is ``TAG_DICT`` (the caller looks the word up in ``word_tag_tab``,
default ``x``), or an index into the caller's tag names (``x``, ``m``, ``eng``, then the HMM's tags).
Nothing here uses fastmath: float64 additions happen in jieba's order, and logarithms are computed by
the caller with Python's ``math.log``.
"""

from __future__ import annotations

import os

import numba
import numpy as np

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi.MIN_FLOAT: the emission of a character a state never emits
HAN_LO = 0x4E00
HAN_HI = 0x9FD5
CODE_POINTS = 0x110000  # the trie's key is node * CODE_POINTS + code point
BMES_B, BMES_E, BMES_M, BMES_S = 0, 1, 2, 3
TAG_DICT = -1
TAG_HMM = -2  # a word of jieba.finalseg's Viterbi (the dictionary tagger's cut)
TAG_X, TAG_M, TAG_ENG = 0, 1, 2  # the first tag names; the HMM's tags follow
DEAD_END = -1  # jieba's viterbi would call max() on no states (and raise): the caller lets jieba do it

_jit = numba.njit(cache=os.environ.get("GOVTEXT_NUMBA_CACHE", "1") != "0", nogil=True)


@_jit
def _is_han(c: int) -> bool:  # re_han_detail: [\u4E00-\u9FD5]
    return HAN_LO <= c <= HAN_HI


@_jit
def _is_internal(c: int) -> bool:  # re_han_internal: [\u4E00-\u9FD5a-zA-Z0-9+#&\._]
    return (
        (HAN_LO <= c <= HAN_HI)
        or (97 <= c <= 122)
        or (65 <= c <= 90)
        or (48 <= c <= 57)
        or c == 43  # +
        or c == 35  # #
        or c == 38  # &
        or c == 46  # .
        or c == 95  # _
    )


@_jit
def _is_num(c: int) -> bool:  # re_num: [\.0-9]
    return (48 <= c <= 57) or c == 46


@_jit
def _is_eng(c: int) -> bool:  # re_eng: [a-zA-Z0-9]
    return (97 <= c <= 122) or (65 <= c <= 90) or (48 <= c <= 57)


@_jit
def _slot(key: int, mask: int) -> int:
    h = key * 0x5851F42D4C957F2D  # wraps in int64
    h ^= h >> 29
    return h & mask


@_jit
def _child(node, c, hkeys, hvals):
    """The trie node of ``node``'s word followed by code point ``c``, or -1."""
    mask = hkeys.size - 1
    key = np.int64(node) * CODE_POINTS + np.int64(c)
    i = _slot(key, mask)
    while True:
        k = hkeys[i]
        if k == key:
            return hvals[i]
        if k == -1:
            return -1
        i = (i + 1) & mask


@_jit
def build_trie(chars, lengths, hkeys, hvals, node_of_key):
    """Insert every key (``lengths[k]`` code points of ``chars``, in turn) into the trie held by ``hkeys``
    (filled with -1; its size a power of two) and ``hvals``; ``node_of_key[k]`` gets key k's node. Returns
    the number of nodes (the root is 0), or -1 when more than half of ``hkeys`` would be used."""
    mask = hkeys.size - 1
    capacity = hkeys.size // 2
    n_nodes = 1
    pos = 0
    for k in range(lengths.size):
        node = 0
        for j in range(lengths[k]):
            key = np.int64(node) * CODE_POINTS + np.int64(chars[pos + j])
            i = _slot(key, mask)
            while hkeys[i] != -1 and hkeys[i] != key:
                i = (i + 1) & mask
            if hkeys[i] == key:
                node = hvals[i]
            else:
                if n_nodes >= capacity:
                    return -1
                hkeys[i] = key
                hvals[i] = n_nodes
                node = n_nodes
                n_nodes += 1
        pos += lengths[k]
        node_of_key[k] = node
    return n_nodes


@_jit
def _emit(out, n, start, end, tag):
    out[0, n] = start
    out[1, n] = end
    out[2, n] = tag
    return n + 1


@_jit
def _viterbi(
    cps, lo, hi, start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val
):
    """``jieba.posseg.viterbi.viterbi`` of ``cps[lo:hi]`` (Han characters): the best state at each
    position, or an empty array where jieba would raise. States are numbered in sorted order, so that
    "the larger state" of Python's ``max`` over ``(prob, state)`` tuples is the larger number."""
    n = hi - lo
    n_states = start_p.size
    v = np.empty((n, n_states))
    back = np.zeros((n, n_states), dtype=np.int32)
    active = np.zeros((n, n_states), dtype=np.bool_)
    emit = np.empty(n_states)
    char_ok = np.empty(n_states, dtype=np.bool_)
    expect = np.empty(n_states, dtype=np.bool_)
    prev = np.empty(n_states, dtype=np.int64)
    for t in range(n):
        c = cps[lo + t]
        row = han_row[c - HAN_LO] if HAN_LO <= c <= HAN_HI else -1
        emit[:] = MIN_FLOAT  # emit_p[y].get(obs[t], MIN_FLOAT)
        if row >= 0:
            for j in range(em_ptr[row], em_ptr[row + 1]):
                emit[em_idx[j]] = em_val[j]
        # states.get(obs[t], all_states)
        if row < 0 or cs_all[row]:
            char_ok[:] = True
        else:
            char_ok[:] = False
            for j in range(cs_ptr[row], cs_ptr[row + 1]):
                char_ok[cs_idx[j]] = True
        if t == 0:
            for y in range(n_states):
                if char_ok[y]:
                    v[0, y] = start_p[y] + emit[y]
                    active[0, y] = True
            continue
        # prev_states: the states of t - 1 with transitions; prev_states_expect_next: their targets
        n_prev = 0
        any_expect = False
        expect[:] = False
        for y0 in range(n_states):
            if active[t - 1, y0] and tr_ptr[y0 + 1] > tr_ptr[y0]:
                prev[n_prev] = y0
                n_prev += 1
                for j in range(tr_ptr[y0], tr_ptr[y0 + 1]):
                    expect[tr_idx[j]] = True
                    any_expect = True
        if n_prev == 0:
            return np.empty(0, dtype=np.int64)  # max() of an empty sequence
        n_obs = 0
        for y in range(n_states):
            if char_ok[y] and expect[y]:
                active[t, y] = True
                n_obs += 1
        if n_obs == 0:
            for y in range(n_states):
                active[t, y] = expect[y] if any_expect else True
        for y in range(n_states):
            if not active[t, y]:
                continue
            e = emit[y]
            best_state = prev[0]
            best = v[t - 1, best_state] + trans[best_state, y] + e
            for k in range(1, n_prev):
                y0 = prev[k]
                p = v[t - 1, y0] + trans[y0, y] + e
                if p >= best:  # y0 > best_state: a tie goes to the larger state
                    best = p
                    best_state = y0
            v[t, y] = best
            back[t, y] = best_state
    state = -1
    best = 0.0
    for y in range(n_states):
        if active[n - 1, y] and (state < 0 or v[n - 1, y] >= best):
            best = v[n - 1, y]
            state = y
    route = np.empty(n, dtype=np.int64)
    for i in range(n - 1, -1, -1):
        route[i] = state
        if i > 0:
            state = back[i, state]
    return route


@_jit
def _emit_route(out, n_out, lo, hi, route, st_bmes, st_tag):
    """``POSTokenizer.__cut``: words of ``[lo, hi)`` from the route's B/M/E/S, tagged by its states."""
    n = hi - lo
    begin = 0
    nexti = 0
    for i in range(n):
        s = route[i]
        b = st_bmes[s]
        if b == BMES_B:
            begin = i
        elif b == BMES_E:
            n_out = _emit(out, n_out, lo + begin, lo + i + 1, st_tag[s])
            nexti = i + 1
        elif b == BMES_S:
            n_out = _emit(out, n_out, lo + i, lo + i + 1, st_tag[s])
            nexti = i + 1
    if nexti < n:
        n_out = _emit(out, n_out, lo + nexti, hi, st_tag[route[nexti]])
    return n_out


@_jit
def _cut_detail(
    cps, lo, hi, out, n_out,
    start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
):  # fmt: skip
    """``POSTokenizer.__cut_detail`` of ``cps[lo:hi]``; returns the new token count (or ``DEAD_END``)."""
    p = lo
    while p < hi:
        q = p
        if _is_han(cps[p]):
            while q < hi and _is_han(cps[q]):
                q += 1
            route = _viterbi(
                cps, p, q, start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx,
                em_val,
            )  # fmt: skip
            if route.size == 0:
                return DEAD_END
            n_out = _emit_route(out, n_out, p, q, route, st_bmes, st_tag)
        else:
            while q < hi and not _is_han(cps[q]):
                q += 1
            i = p  # re_skip_detail.split: runs of [.0-9] (m), runs of [a-zA-Z0-9] (eng), the rest (x)
            while i < q:
                j = i + 1
                if _is_num(cps[i]):
                    while j < q and _is_num(cps[j]):
                        j += 1
                    n_out = _emit(out, n_out, i, j, TAG_M)
                elif _is_eng(cps[i]):
                    while j < q and _is_eng(cps[j]):
                        j += 1
                    n_out = _emit(out, n_out, i, j, TAG_ENG)
                else:
                    while j < q and not (_is_num(cps[j]) or _is_eng(cps[j])):
                        j += 1
                    n_out = _emit(out, n_out, i, j, TAG_X)
                i = j
        p = q
    return n_out


@_jit
def _freq_truthy(cps, lo, hi, hkeys, hvals, present, truthy):
    """``bool(FREQ.get(text[lo:hi]))``."""
    node = 0
    for i in range(lo, hi):
        node = _child(node, cps[i], hkeys, hvals)
        if node < 0:
            return False
    return present[node] and truthy[node]


@_jit
def _flush(
    cps, lo, hi, out, n_out, hkeys, hvals, present, truthy,
    start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
):  # fmt: skip
    """``__cut_DAG`` on its buffer of single characters ``[lo, hi)``."""
    if hi - lo == 1:
        return _emit(out, n_out, lo, hi, TAG_DICT)
    if not _freq_truthy(cps, lo, hi, hkeys, hvals, present, truthy):
        return _cut_detail(
            cps, lo, hi, out, n_out, start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr,
            em_idx, em_val, st_bmes, st_tag,
        )  # fmt: skip
    for i in range(lo, hi):
        n_out = _emit(out, n_out, i, i + 1, TAG_DICT)
    return n_out


@_jit
def _best_route(cps, lo, hi, hkeys, hvals, present, truthy, log_freq, log_total):
    """``Tokenizer.get_DAG`` + ``Tokenizer.calc`` of the block ``cps[lo:hi]``: ``route_x[idx]`` is the last
    character (relative to ``lo``) of the best word starting at ``idx``."""
    n = hi - lo
    route_p = np.empty(n + 1)
    route_x = np.empty(n + 1, dtype=np.int64)
    route_p[n] = 0.0
    route_x[n] = 0
    for idx in range(n - 1, -1, -1):
        # calc: max((log(FREQ.get(word) or 1) - logtotal + route[x + 1][0], x) for x in DAG[idx])
        best_x = -1
        best = 0.0
        i = idx
        node = _child(0, cps[lo + i], hkeys, hvals)
        while node >= 0 and present[node]:  # get_DAG: while frag in FREQ
            if truthy[node]:  # if FREQ[frag]: tmplist.append(i)
                p = log_freq[node] - log_total + route_p[i + 1]
                if best_x < 0 or p >= best:  # i > best_x: a tie goes to the longer word
                    best = p
                    best_x = i
            i += 1
            if i >= n:
                break
            node = _child(node, cps[lo + i], hkeys, hvals)
        if best_x < 0:  # DAG[idx] = [idx]; FREQ.get(char) is 0 or None: log(1)
            best = 0.0 - log_total + route_p[idx + 1]
            best_x = idx
        route_p[idx] = best
        route_x[idx] = best_x
    return route_x


@_jit
def _cut_block(
    cps, lo, hi, out, n_out, hkeys, hvals, present, truthy, log_freq, log_total,
    start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
):  # fmt: skip
    """``POSTokenizer.__cut_DAG`` of the block ``cps[lo:hi]``, with ``get_DAG`` and ``calc`` folded in."""
    n = hi - lo
    route_x = _best_route(cps, lo, hi, hkeys, hvals, present, truthy, log_freq, log_total)
    x = 0
    buf = -1  # start of the buffer of single characters, or -1
    while x < n:
        y = route_x[x] + 1
        if y - x == 1:
            if buf < 0:
                buf = x
        else:
            if buf >= 0:
                n_out = _flush(
                    cps, lo + buf, lo + x, out, n_out, hkeys, hvals, present, truthy, start_p, trans, tr_ptr,
                    tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
                )  # fmt: skip
                if n_out < 0:
                    return n_out
                buf = -1
            n_out = _emit(out, n_out, lo + x, lo + y, TAG_DICT)
        x = y
    if buf >= 0:
        n_out = _flush(
            cps, lo + buf, hi, out, n_out, hkeys, hvals, present, truthy, start_p, trans, tr_ptr, tr_idx,
            han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
        )  # fmt: skip
    return n_out


@_jit
def _cut_range(
    cps, lo, hi, out, n_out, hkeys, hvals, present, truthy, log_freq, log_total,
    start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
):  # fmt: skip
    """``POSTokenizer.cut(text, HMM=True)`` of the text ``cps[lo:hi]`` (``__cut_internal``: blocks of
    ``re_han_internal``; ``\\r\\n`` or one character per token outside them, tagged ``x``)."""
    p = lo
    while p < hi:
        q = p + 1
        if _is_internal(cps[p]):
            while q < hi and _is_internal(cps[q]):
                q += 1
            n_out = _cut_block(
                cps, p, q, out, n_out, hkeys, hvals, present, truthy, log_freq, log_total, start_p, trans,
                tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
            )  # fmt: skip
            if n_out < 0:
                return n_out
        elif cps[p] == 13 and q < hi and cps[q] == 10:  # re_skip_internal: \r\n, else one character
            q += 1
            n_out = _emit(out, n_out, p, q, TAG_X)
        else:
            n_out = _emit(out, n_out, p, q, TAG_X)
        p = q
    return n_out


@_jit
def cut_text(
    cps, out, hkeys, hvals, present, truthy, log_freq, log_total,
    start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
):  # fmt: skip
    """``POSTokenizer.cut(text, HMM=True)`` of the code points ``cps``: writes ``(start, end, tag)`` into
    the columns of ``out`` (3 rows, at least ``len(cps) + 1`` columns) and returns how many, or
    ``DEAD_END``."""
    return _cut_range(
        cps, 0, cps.size, out, 0, hkeys, hvals, present, truthy, log_freq, log_total, start_p, trans,
        tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
    )  # fmt: skip


@_jit
def cut_text_many(
    cps, bounds, out, token_bounds, hkeys, hvals, present, truthy, log_freq, log_total,
    start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes, st_tag,
):  # fmt: skip
    """:func:`cut_text` of each text ``cps[bounds[k]:bounds[k + 1]]`` on its own: the tokens of text k are
    the columns ``token_bounds[k]:token_bounds[k + 1]`` of ``out`` (offsets into ``cps``). Returns the
    number of tokens, or ``DEAD_END``."""
    n_out = 0
    token_bounds[0] = 0
    for k in range(bounds.size - 1):
        n_out = _cut_range(
            cps, bounds[k], bounds[k + 1], out, n_out, hkeys, hvals, present, truthy, log_freq, log_total,
            start_p, trans, tr_ptr, tr_idx, han_row, cs_all, cs_ptr, cs_idx, em_ptr, em_idx, em_val, st_bmes,
            st_tag,
        )  # fmt: skip
        if n_out < 0:
            return n_out
        token_bounds[k + 1] = n_out
    return n_out


# ----------------------------------------------------------------------------------------------------
# jieba.Tokenizer.cut(text, HMM=True): the tokens of jieba.lcut (the dictionary tagger's cut)
# ----------------------------------------------------------------------------------------------------


@_jit
def _is_default(c: int) -> bool:  # re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]
    return _is_internal(c) or c == 37 or c == 45  # % -


@_jit
def _is_digit(c: int) -> bool:  # \d among the characters of a block: [0-9]
    return 48 <= c <= 57


@_jit
def _finalseg_viterbi(cps, lo, hi, fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit):
    """``jieba.finalseg.viterbi`` of ``cps[lo:hi]`` (Han characters) over the states B, E, M, S (numbered in
    sorted order, as Python compares them): the best state at each position."""
    n = hi - lo
    v = np.empty((n, 4))
    back = np.zeros((n, 4), dtype=np.int8)
    row = cps[lo] - HAN_LO
    for y in range(4):
        v[0, y] = fs_start[y] + fs_emit[row, y]  # start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT)
    for t in range(1, n):
        row = cps[lo + t] - HAN_LO
        for y in range(4):
            em = fs_emit[row, y]
            # max([(V[t - 1][y0] + trans_p[y0].get(y, MIN_FLOAT) + em_p, y0) for y0 in PrevStatus[y]])
            best_state = -1
            best = 0.0
            for j in range(fs_prev_ptr[y], fs_prev_ptr[y + 1]):
                y0 = fs_prev_idx[j]
                p = v[t - 1, y0] + fs_trans[y0, y] + em
                if best_state < 0 or p > best or (p == best and y0 > best_state):
                    best = p
                    best_state = y0
            v[t, y] = best
            back[t, y] = best_state
    # max((V[len(obs) - 1][y], y) for y in 'ES'): a tie goes to S
    state = BMES_S if v[n - 1, BMES_S] >= v[n - 1, BMES_E] else BMES_E
    route = np.empty(n, dtype=np.int64)
    for i in range(n - 1, -1, -1):
        route[i] = state
        if i > 0:
            state = back[i, state]
    return route


@_jit
def _finalseg_cut(cps, lo, hi, out, n_out, fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit):
    """``jieba.finalseg.cut`` of ``cps[lo:hi]``: runs of Han characters by the Viterbi (tag ``TAG_HMM``),
    the rest split by ``re_skip`` (``[a-zA-Z0-9]+(?:\\.\\d+)?%?`` and the stretches between, whole; tag
    ``TAG_X``)."""
    p = lo
    while p < hi:
        q = p
        if _is_han(cps[p]):
            while q < hi and _is_han(cps[q]):
                q += 1
            route = _finalseg_viterbi(cps, p, q, fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit)
            begin = 0  # finalseg.__cut: words from the route's B/M/E/S
            nexti = 0
            for i in range(q - p):
                state = route[i]
                if state == BMES_B:
                    begin = i
                elif state == BMES_E:
                    n_out = _emit(out, n_out, p + begin, p + i + 1, TAG_HMM)
                    nexti = i + 1
                elif state == BMES_S:
                    n_out = _emit(out, n_out, p + i, p + i + 1, TAG_HMM)
                    nexti = i + 1
            if nexti < q - p:
                n_out = _emit(out, n_out, p + nexti, q, TAG_HMM)
        else:
            while q < hi and not _is_han(cps[q]):
                q += 1
            i = p
            while i < q:
                j = i + 1
                if _is_eng(cps[i]):
                    while j < q and _is_eng(cps[j]):
                        j += 1
                    if j + 1 < q and cps[j] == 46 and _is_digit(cps[j + 1]):  # (?:\.\d+)?
                        j += 2
                        while j < q and _is_digit(cps[j]):
                            j += 1
                    if j < q and cps[j] == 37:  # %?
                        j += 1
                else:
                    while j < q and not _is_eng(cps[j]):
                        j += 1
                n_out = _emit(out, n_out, i, j, TAG_X)
                i = j
        p = q
    return n_out


@_jit
def _flush_words(
    cps, lo, hi, out, n_out, hkeys, hvals, present, truthy,
    fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
):  # fmt: skip
    """``Tokenizer.__cut_DAG`` on its buffer of single characters ``[lo, hi)``."""
    if hi - lo == 1:
        return _emit(out, n_out, lo, hi, TAG_DICT)
    if not _freq_truthy(cps, lo, hi, hkeys, hvals, present, truthy):
        return _finalseg_cut(cps, lo, hi, out, n_out, fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit)
    for i in range(lo, hi):
        n_out = _emit(out, n_out, i, i + 1, TAG_DICT)
    return n_out


@_jit
def _cut_block_words(
    cps, lo, hi, out, n_out, hkeys, hvals, present, truthy, log_freq, log_total,
    fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
):  # fmt: skip
    """``Tokenizer.__cut_DAG`` of the block ``cps[lo:hi]``."""
    n = hi - lo
    route_x = _best_route(cps, lo, hi, hkeys, hvals, present, truthy, log_freq, log_total)
    x = 0
    buf = -1  # start of the buffer of single characters, or -1
    while x < n:
        y = route_x[x] + 1
        if y - x == 1:
            if buf < 0:
                buf = x
        else:
            if buf >= 0:
                n_out = _flush_words(
                    cps, lo + buf, lo + x, out, n_out, hkeys, hvals, present, truthy,
                    fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
                )  # fmt: skip
                buf = -1
            n_out = _emit(out, n_out, lo + x, lo + y, TAG_DICT)
        x = y
    if buf >= 0:
        n_out = _flush_words(
            cps, lo + buf, hi, out, n_out, hkeys, hvals, present, truthy,
            fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
        )  # fmt: skip
    return n_out


@_jit
def _cut_words_range(
    cps, lo, hi, out, n_out, hkeys, hvals, present, truthy, log_freq, log_total,
    fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
):  # fmt: skip
    """``Tokenizer.cut(text, HMM=True)`` of the text ``cps[lo:hi]`` (blocks of ``re_han_default``;
    ``\\r\\n`` or one character per token outside them)."""
    p = lo
    while p < hi:
        q = p + 1
        if _is_default(cps[p]):
            while q < hi and _is_default(cps[q]):
                q += 1
            n_out = _cut_block_words(
                cps, p, q, out, n_out, hkeys, hvals, present, truthy, log_freq, log_total,
                fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
            )  # fmt: skip
        elif cps[p] == 13 and q < hi and cps[q] == 10:  # re_skip_default: \r\n, else one character
            q += 1
            n_out = _emit(out, n_out, p, q, TAG_X)
        else:
            n_out = _emit(out, n_out, p, q, TAG_X)
        p = q
    return n_out


@_jit
def cut_words(
    cps, out, hkeys, hvals, present, truthy, log_freq, log_total,
    fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
):  # fmt: skip
    """``Tokenizer.cut(text, HMM=True)`` of the code points ``cps``: writes ``(start, end, tag)`` into the
    columns of ``out`` (3 rows, at least ``len(cps) + 1`` columns; the tag says where the token came from:
    ``TAG_DICT`` the dictionary's route, ``TAG_HMM`` finalseg's Viterbi, ``TAG_X`` the rest) and returns
    how many."""
    return _cut_words_range(
        cps, 0, cps.size, out, 0, hkeys, hvals, present, truthy, log_freq, log_total,
        fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
    )  # fmt: skip


@_jit
def cut_words_many(
    cps, bounds, out, token_bounds, hkeys, hvals, present, truthy, log_freq, log_total,
    fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
):  # fmt: skip
    """:func:`cut_words` of each text ``cps[bounds[k]:bounds[k + 1]]`` on its own (as
    :func:`cut_text_many`); returns the number of tokens."""
    n_out = 0
    token_bounds[0] = 0
    for k in range(bounds.size - 1):
        n_out = _cut_words_range(
            cps, bounds[k], bounds[k + 1], out, n_out, hkeys, hvals, present, truthy, log_freq, log_total,
            fs_start, fs_trans, fs_prev_ptr, fs_prev_idx, fs_emit,
        )  # fmt: skip
        token_bounds[k + 1] = n_out
    return n_out


@_jit
def word_codes(cps, out, n_out, every_token, hkeys, hvals, node_code, codes):
    """The tag code of each token ``k < n_out`` (columns of ``out``) into ``codes``: for a token the
    dictionary tags (``TAG_DICT``; every token with ``every_token``) the code its word has in
    ``node_code`` (trie node -> code, -1 where the caller must look the word up), else the tag itself."""
    for k in range(n_out):
        tag = out[2, k]
        if every_token or tag == TAG_DICT:
            node = 0
            for i in range(out[0, k], out[1, k]):
                node = _child(node, cps[i], hkeys, hvals)
                if node < 0:
                    break
            codes[k] = node_code[node] if node > 0 else -1
        else:
            codes[k] = tag
