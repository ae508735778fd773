"""Segmentation: jieba with the project's user dictionary, stopwords and POS tags.

jieba keeps global state; this module builds private tokenizers so that a user dictionary
never leaks between corpora, keeps jieba's cache inside the project and silences its log.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

import jieba
import jieba.posseg
import pandas as pd

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
    folder.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(folder)
    return folder


def load_wordlist(path: str | Path) -> list[str]:
    """Read a UTF-8 word list: one entry per line, ``#`` starts a comment, blanks ignored.

    A line may carry jieba's optional frequency and POS tag after the word (``word [freq] [tag]``);
    only the word is returned. Duplicates are dropped, first occurrence kept.
    """
    path = Path(path)
    words: list[str] = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        word = entry.split()[0]
        if not word:
            raise ValueError(f"{path}:{line_no}: empty word")
        words.append(word)
    return list(dict.fromkeys(words))


def make_tokenizer(
    user_words: Iterable[str] = (), cache_dir: Path | None = None
) -> jieba.posseg.POSTokenizer:
    """A private jieba POS tokenizer with ``user_words`` added as whole words."""
    folder = configure_jieba(cache_dir)
    base = jieba.Tokenizer()
    base.tmp_dir = str(folder)
    base.initialize()
    for word in sorted(set(user_words)):
        if word.strip():
            base.add_word(word.strip(), freq=None, tag="nz")
    return jieba.posseg.POSTokenizer(base)


def cut_with_offsets(text: str, tokenizer: jieba.posseg.POSTokenizer) -> list[tuple[str, str, int, int]]:
    """Segment ``text`` into ``(token, pos, start, end)`` with offsets into ``text``."""
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    for pair in tokenizer.cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:  # jieba never rewrites text, so this only guards against surprises
            raise RuntimeError(f"jieba returned {word!r}, not found in the text at or after {pos}")
        out.append((word, flag, start, start + len(word)))
        pos = start + len(word)
    return out


def tokenize(
    sentences: pd.DataFrame,
    tokenizer: jieba.posseg.POSTokenizer,
    stopwords: Iterable[str] = (),
) -> pd.DataFrame:
    """One row per token of every sentence, with POS tag and offsets into the document's clean text.

    ``sentences`` needs ``doc_id, article_id, sentence_id, text, clean_start``. Whitespace tokens are
    dropped; punctuation is kept with POS ``x`` and marked as a stopword.
    """
    stop = frozenset(stopwords)
    rows: list[tuple] = []
    for sent in sentences[["doc_id", "article_id", "sentence_id", "text", "clean_start"]].itertuples(
        index=False
    ):
        token_no = 0
        for word, flag, start, end in cut_with_offsets(sent.text, tokenizer):
            if not word.strip():
                continue
            is_stop = word in stop or flag == "x"
            rows.append(
                (
                    sent.doc_id,
                    sent.article_id,
                    sent.sentence_id,
                    token_no,
                    word,
                    flag,
                    sent.clean_start + start,
                    sent.clean_start + end,
                    is_stop,
                )
            )
            token_no += 1
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)
