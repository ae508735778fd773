"""Write the book's source pages: ``book/sources/<article_id>.md`` (one per article) and their index.

    python scripts/write_source_pages.py [--check]

Each page is a title and the directive ``govtext-source ARTICLE_ID`` (book/_ext/govtext_sources.py),
which prints the article's text from ``data/raw`` when the book is built. Run this when the corpus gains
or loses an article; ``--check`` exits 1 if a page is missing, stale or extra (tests/book runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "book" / "sources"


def pages() -> dict[Path, str]:
    """The path and text of every source page and of the index."""
    from govtext import corpus

    documents = corpus.load_corpus(ROOT / "data" / "raw")
    cleaned = corpus.clean_documents(documents)
    articles = corpus.split_articles(documents, cleaned)
    sentences = corpus.split_sentences(documents, cleaned, articles)
    counts = sentences.groupby("article_id").size()
    places = documents.set_index("doc_id")
    out: dict[Path, str] = {}
    lines = [
        "# The sources",
        "",
        "The articles the book analyses, one page each: the clean text as printed, paragraph by",
        "paragraph, every sentence, heading, byline and caption with its own anchor. Every evidence id in",
        "the book's tables (`001_…-1-61`: file 001, article 1, unit 61) links to its unit here. The raw",
        "files, byte for byte, are in `data/raw/` with their checksums.",
        "",
        "| article | place | title (as printed) | units |",
        "|---|---|---|---|",
    ]
    for article in articles.sort_values("article_id").itertuples():
        place = places.loc[article.doc_id]
        label = f"{article.article_id[:3]}-{article.article_no}"
        title = " ".join(str(article.title).split()) or "(no headline printed)"
        out[SOURCES / f"{article.article_id}.md"] = (
            f"# {label} {article.sub_units}: {title}\n\n```{{govtext-source}} {article.article_id}\n```\n"
        )
        lines.append(
            f"| [{label}]({article.article_id}.md) | {place['locality']} {place['place_zh']} | "
            f"{title} | {int(counts.get(article.article_id, 0))} |"
        )
    out[SOURCES / "index.md"] = "\n".join(lines) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the pages are up to date")
    args = parser.parse_args(argv)
    wanted = pages()
    present = set(SOURCES.glob("*.md")) if SOURCES.is_dir() else set()
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    extra = sorted(present - set(wanted))
    if args.check:
        for path in [*stale, *extra]:
            print(f"write_source_pages: {path.relative_to(ROOT)} is not up to date", file=sys.stderr)
        return 1 if stale or extra else 0
    SOURCES.mkdir(parents=True, exist_ok=True)
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
    for path in extra:
        path.unlink()
    print(f"write_source_pages: {len(wanted)} pages, {len(stale)} written, {len(extra)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
