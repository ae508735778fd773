"""Check that the built book's search index finds each query on the page expected.

    python scripts/check_search_index.py                      # the table below, _build/html/searchindex.js
    python scripts/check_search_index.py --expect 网格=book/intro --index path/to/searchindex.js

Exit status 0 when every query finds its page, 1 when one does not, 2 when the index is missing or
unreadable. ``make test-browser`` runs it after ``make book``; scripts/browser_test.py runs the same
table through the real search page in a browser.

The query is processed as the book's search page does (book/_ext/govtext_search.py): split at
non-letters, Han separated from other scripts, a run of Han characters that is not an indexed term cut
into the longest indexed terms, Latin words lower-cased and Porter-stemmed, English stopwords dropped;
a page matches when it holds every term (in its text or its titles). Matching is exact: the browser's
extra partial matching is not emulated, so a pass here is a pass there.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

# (query, docname of a page the search must list). Extend this as chapters land: a Chinese programme
# name, a Chinese place or governance term, and an English word from each chapter.
SEARCH_EXPECTATIONS: list[tuple[str, str]] = [
    ("老旧小区", "book/04_metrics"),  # old residential compounds: the metrics chapter's first theme
    ("老旧小区", "book/01_corpus"),
    ("网格", "book/intro"),  # part of 网格化 (grid governance)
    ("网格员", "book/02_methods"),  # a user-dictionary word (grid worker)
    ("网格化", "book/intro"),
    ("巩义市", "book/intro"),
    ("帐篷支部", "book/03_programmes"),  # a programme name (tent party branches)
    ("13710督办平台", "book/03_programmes"),
    ("13710", "book/03_programmes"),  # all-digit: Sphinx's search page dropped such words
    ("13710", "book/sources/003_3994295fa6c43e31-1"),  # the source page of Xingyang's article
    ("12834", "book/appendix_glossary"),  # a programme named by digits (12834行动计划)
    ("propaganda", "book/08_limitations"),
    ("campaigns", "book/intro"),  # stemmed: campaign
    ("grid", "book/07_discussion"),
    ("typology", "book/06_typology"),
    ("Gongyi", "book/intro"),
]

DEFAULT_INDEX = Path("_build/html/searchindex.js")

# Same stopwords as sphinx.search.zh (the browser drops them from queries).
STOPWORDS = frozenset(
    re.split(
        r"\s+",
        "a and are as at be but by for if in into is it near no not of on or such that the their then "
        "there these they this to was will with",
    )
)
_HAN = "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(rf"[{_HAN}]+|(?:(?![{_HAN}])\w)+")
_HAS_HAN = re.compile(f"[{_HAN}]")


class SearchIndexError(Exception):
    """The file is not a Sphinx search index."""


def parse_search_index(text: str) -> dict:
    """The JSON object inside ``Search.setIndex(...)``."""
    match = re.fullmatch(r"\s*Search\.setIndex\((.*)\)\s*;?\s*", text, flags=re.DOTALL)
    if not match:
        raise SearchIndexError("not of the form Search.setIndex({...})")
    try:
        index = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        raise SearchIndexError(f"invalid JSON: {exc}") from exc
    missing = {"docnames", "terms", "titleterms"} - set(index)
    if missing:
        raise SearchIndexError(f"keys missing: {sorted(missing)}")
    return index


def load_search_index(path: str | Path) -> dict:
    return parse_search_index(Path(path).read_text(encoding="utf-8"))


def _docs(entry: int | list[int] | None) -> set[int]:
    if entry is None:
        return set()
    return {entry} if isinstance(entry, int) else set(entry)


def _known(index: dict, term: str) -> bool:
    return term in index["terms"] or term in index["titleterms"]


def _stem(word: str) -> str:
    import snowballstemmer  # installed with Sphinx

    return snowballstemmer.stemmer("porter").stemWord(word)


def query_terms(query: str, index: dict) -> list[str]:
    """The index terms a query is looked up by (see the module docstring)."""
    terms: list[str] = []
    for run in _RUNS.findall(query):
        if not _HAS_HAN.search(run):
            word = run.lower()
            if word not in STOPWORDS:  # all-digit words are searched too (static/govtext_search_page.js)
                terms.append(word if word.isdigit() else _stem(word))
            continue
        if len(run) < 3 or _known(index, run):
            terms.append(run)
            continue
        parts, i = [], 0
        while i < len(run):
            j = len(run)
            while j > i + 1 and not _known(index, run[i:j]):
                j -= 1
            if j > i + 1:
                parts.append(run[i:j])
            i = j if j > i + 1 else i + 1
        terms.extend(parts or [run])
    return terms


def search(index: dict, query: str) -> list[str]:
    """Docnames of the pages that hold every term of ``query``, in index order."""
    terms = query_terms(query, index)
    if not terms:
        return []
    found: set[int] | None = None
    for term in terms:
        docs = _docs(index["terms"].get(term)) | _docs(index["titleterms"].get(term))
        found = docs if found is None else found & docs
    return [index["docnames"][i] for i in sorted(found or ())]


def check(index: dict, expectations: list[tuple[str, str]]) -> list[str]:
    """One message per expectation that fails; empty when all pass."""
    failures = []
    for query, docname in expectations:
        if docname not in index["docnames"]:
            failures.append(f"{query!r}: page {docname!r} is not in the index (pages: {index['docnames']})")
            continue
        found = search(index, query)
        if docname not in found:
            failures.append(
                f"{query!r} (terms {query_terms(query, index)}) finds {found or 'nothing'}, not {docname!r}"
            )
    return failures


def parse_expectation(text: str) -> tuple[str, str]:
    query, sep, docname = text.partition("=")
    if not sep or not query or not docname:
        raise argparse.ArgumentTypeError(f"expected QUERY=DOCNAME, got {text!r}")
    return query, docname


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help=f"default: {DEFAULT_INDEX}")
    parser.add_argument(
        "--expect",
        type=parse_expectation,
        action="append",
        metavar="QUERY=DOCNAME",
        help="check these instead of the built-in table (repeatable)",
    )
    args = parser.parse_args(argv)
    expectations = args.expect or SEARCH_EXPECTATIONS
    if not args.index.is_file():
        print(f"check_search_index: {args.index} missing: build the book first (make book)", file=sys.stderr)
        return 2
    try:
        index = load_search_index(args.index)
    except SearchIndexError as exc:
        print(f"check_search_index: {args.index}: {exc}", file=sys.stderr)
        return 2
    failures = check(index, expectations)
    for query, docname in expectations:
        print(f"  {query} -> {', '.join(search(index, query)) or '(nothing)'}   [expected {docname}]")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    verdict = f"{len(failures)} FAILED" if failures else "every query found its page"
    print(f"search index, {len(expectations)} queries: {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
