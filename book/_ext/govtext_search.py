"""Sphinx extension: the book's Chinese full-text search (``html_search_language: zh``).

Registered in ``_config.yml`` with ``sphinx: local_extensions: {govtext_search: book/_ext}``.

What it does, and why:

1. **jieba quiet and local.** Sphinx's Chinese search imports jieba while it builds the search index.
   At ``config-inited`` (before the index builder exists) this extension silences jieba's log (no
   "Building prefix dict… / Loading model cost…" on stderr) and points jieba's cache at
   ``<project>/.cache/jieba`` (or ``$GOVTEXT_CACHE_DIR``, as :mod:`govtext.segment` does) instead of the
   system temp folder, where a foreign-owned ``jieba.cache`` prints a traceback.

2. **A user dictionary.** It writes ``search_userdict.txt`` into the doctree folder
   (``_build/.doctrees``: a build product, not published) from
   ``src/govtext/resources/governance_terms.txt`` (one term per line, ``#`` comments, optional jieba frequency
   and tag after the word) and the ``name_zh`` + ``aliases`` of every entry of ``programmes:`` in
   ``src/govtext/resources/programmes.yml`` (each file is optional), and sets
   ``html_search_options = {"dict": <that file>, "dict_sha256": <hash of its content>}``.
   ``sphinx.search.zh.SearchChinese.init`` passes ``dict`` to ``jieba.load_userdict``, so 老旧小区 or
   帐篷支部 are indexed as whole words (``jieba.cut_for_search`` also indexes their known parts, e.g.
   小区). The hash is there because Sphinx re-indexes only the pages it rewrites: a new term in the
   lexicon changes the hash, so the HTML configuration hash, so every page is rewritten and re-indexed.

3. **English words that Sphinx's zh mode loses** (Sphinx 7.4.7, ``sphinx/search/zh.py``). Latin words
   *are* indexed (``[a-zA-Z0-9_]+``, lower-cased, stemmed), but the Python side stems them with
   Snowball's ``english`` (Porter2) stemmer while the browser stems the query with the JavaScript
   *Porter* stemmer shipped in the same module. Where the two disagree the word cannot be found:
   "fairly" is indexed as ``fair`` but searched as ``fairli``; "news" → ``news`` vs ``new``,
   "communities" → ``communiti`` vs ``commun``, "generously" → ``generous`` vs ``gener`` (some of these
   are rescued, imprecisely, by the browser's partial matching). :class:`SearchChineseGovtext` stems
   with Snowball's ``porter``, the pair Sphinx's English search (``sphinx/search/en.py``) uses, and
   stems every word: zh.py keeps a word of 3+ letters whole when its stem is shorter ("age", "one",
   "its" indexed as such) while the browser looks up "ag", "on", "it". It also keeps Latin words with
   accents (``Xíngyáng``) whole, where zh.py's ``[a-zA-Z0-9_]+`` cut them at the accent.

4. **Chinese queries typed without spaces.** The browser splits a query only at non-letters, so
   网格化管理 is one term and finds nothing unless that exact compound was indexed. The extension's
   JavaScript ``splitQuery`` cuts each run of Han characters that is not itself an indexed term into the
   longest indexed terms (greedy, left to right, against the loaded ``searchindex.js``); a run with no
   indexed part is kept whole so Sphinx's partial matching still applies. The terms are then combined
   as Sphinx combines words separated by spaces: a page is listed when it holds all of them (or, by
   Sphinx's rule for short words, all but the terms of fewer than three characters).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import snowballstemmer
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging as sphinx_logging

with warnings.catch_warnings():  # jieba imports pkg_resources, deprecated by setuptools >= 80
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    from sphinx.search.zh import SearchChinese  # imports jieba too

    try:
        import jieba
    except ImportError:  # Sphinx's zh search then indexes Latin words only; so do we
        jieba = None

__version__ = "1.0"

logger = sphinx_logging.getLogger(__name__)

LEXICON = Path("src/govtext/resources/governance_terms.txt")
PROGRAMMES = Path("src/govtext/resources/programmes.yml")
USERDICT_NAME = "search_userdict.txt"

# Han ideographs (CJK unified, extension A, compatibility, supplementary planes).
_HAN = "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A run of word characters (letters of any non-Han script, digits, "_"): what the browser's splitQuery
# keeps together, minus Han, which jieba segments.
LATIN_WORD = re.compile(rf"(?:(?![{_HAN}])\w)+")
_HAS_HAN = re.compile(f"[{_HAN}]")

JS_SPLITTER = r"""
/**
 * splitQuery for Chinese (govtext_search): split at non-letters like Sphinx's default, separate Han
 * from other scripts, and cut a run of Han characters that is not itself an indexed term into the
 * longest indexed terms, left to right. A run with no indexed part is kept whole (partial matching).
 */
var splitQuery = (query) => {
  const index = (typeof Search !== "undefined" && Search._index) ? Search._index : null;
  const has = (obj, key) => !!obj && Object.prototype.hasOwnProperty.call(obj, key);
  const known = (w) => !!index && (has(index.terms, w) || has(index.titleterms, w));
  const out = [];
  for (const token of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    if (!token) continue;
    for (const run of token.match(/\p{Script=Han}+|\P{Script=Han}+/gu) || []) {
      if (!/\p{Script=Han}/u.test(run) || run.length < 3 || !index || known(run)) {
        out.push(run);
        continue;
      }
      const parts = [];
      let i = 0;
      while (i < run.length) {
        let j = run.length;
        while (j > i + 1 && !known(run.slice(i, j))) j--;
        if (j > i + 1) {
          parts.push(run.slice(i, j));
          i = j;
        } else {
          i += 1;  // a single character is never indexed (word_filter keeps length > 1)
        }
      }
      out.push(...(parts.length ? parts : [run]));
    }
  }
  return out;
};
"""


def read_wordlist(path: Path) -> list[str]:
    """Words of a one-per-line list; ``#`` starts a comment, a jieba frequency/tag after a word is dropped."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            words.append(entry.split()[0])
    return words


def read_programme_names(path: Path) -> list[str]:
    """``name_zh`` and ``aliases`` of every entry under ``programmes:`` (strings only)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("programmes", []) if isinstance(data, dict) else []
    names: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        candidates = [entry.get("name_zh")]
        aliases = entry.get("aliases") or []
        candidates.extend([aliases] if isinstance(aliases, str) else aliases)
        names.extend(c.strip() for c in candidates if isinstance(c, str) and c.strip())
    return names


def user_dictionary_words(project: Path) -> list[str]:
    """The search dictionary: lexicon terms then programme names/aliases that contain a Han character.

    Missing files are skipped (both are optional); words with inner whitespace cannot be jieba words and
    are dropped, and so are duplicates (first occurrence kept).
    """
    words: list[str] = []
    lexicon, programmes = project / LEXICON, project / PROGRAMMES
    if lexicon.is_file():
        words += read_wordlist(lexicon)
    if programmes.is_file():
        try:
            words += read_programme_names(programmes)
        except Exception as exc:  # a malformed codebook is reported (and fails a -W build)
            logger.warning("govtext_search: cannot read %s: %s", programmes, exc)
    keep = (w for w in words if _HAS_HAN.search(w) and not re.search(r"\s", w))
    return list(dict.fromkeys(keep))


def write_user_dictionary(words: Iterable[str], path: Path) -> str:
    """Write ``words`` one per line (jieba's user-dictionary format); return the content's sha256.

    The file is rewritten only when its content changes.
    """
    text = "".join(f"{w}\n" for w in words)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return digest


def cache_dir(project: Path) -> Path:
    """jieba's cache folder: ``$GOVTEXT_CACHE_DIR`` or ``<project>/.cache/jieba`` (as govtext.segment)."""
    env = os.environ.get("GOVTEXT_CACHE_DIR")
    return Path(env) if env else project / ".cache" / "jieba"


class SearchChineseGovtext(SearchChinese):
    """Sphinx's Chinese search with the stemmer its JavaScript uses, accented Latin kept, compound queries."""

    lang = "zh"
    language_name = "Chinese"
    js_splitter_code = JS_SPLITTER
    latin1_letters = LATIN_WORD

    def init(self, options: dict[str, str]) -> None:
        super().init(options)  # loads options["dict"] into jieba
        # Must match the JavaScript stemmer (js_porter_stemmer), as in sphinx.search.en.
        self.stemmer = snowballstemmer.stemmer("porter")

    def split(self, input: str) -> list[str]:
        # zh.py also records every Latin word in a class-level list (``latin_terms``, shared by every
        # build in the process and scanned linearly per word) for the rule ``stem`` drops; not needed.
        chinese = list(jieba.cut_for_search(input)) if jieba is not None else []
        return chinese + self.latin1_letters.findall(input)

    def stem(self, word: str) -> str:
        # zh.py leaves a word of 3+ letters unstemmed when its stem would be shorter than 3 ("age",
        # "one", "its", "mps" indexed whole), but the browser stems the query ("ag", "on", "it", "mp")
        # and cannot find them: stem every word, as the browser does.
        return self.stemmer.stemWord(word.lower())


def configure(app: Sphinx, config: Config) -> None:
    project = Path(app.srcdir)
    folder = cache_dir(project)
    folder.mkdir(parents=True, exist_ok=True)
    if jieba is not None:
        jieba.setLogLevel(logging.WARNING)
        jieba.dt.tmp_dir = str(folder)
    userdict = Path(app.doctreedir) / USERDICT_NAME
    digest = write_user_dictionary(user_dictionary_words(project), userdict)
    options: dict[str, Any] = dict(config.html_search_options or {})
    options.setdefault("dict", str(userdict))
    options["dict_sha256"] = digest  # a new term changes the config hash: every page is re-indexed
    config.html_search_options = options


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchChineseGovtext)
    app.connect("config-inited", configure)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
