"""Print the whole book to one PDF with headless Chromium, and check that its Chinese is real text.

    python scripts/make_pdf.py [--site _build/singlehtml] [--out _build/pdf/book.pdf]

Run by `make pdf`, after `jupyter-book build --builder singlehtml` has rendered every chapter (the same
executed notebooks as the site) into one page. Chromium (Debian's, through Playwright's Python driver, as
scripts/browser_test.py uses it) prints that page with print styles: no sidebars or buttons, tables
whole (the paging script stays off in print), the hidden code folded, figures as vectors. Chromium embeds
the fonts it draws with, subsetted, so the Chinese text uses the Noto CJK font of the machine
(fonts-noto-cjk) embedded in the file; print styles set the text's Chinese in WenQuanYi Micro Hei
(fonts-wqy-microhei), a TrueType font that Chromium embeds by name (Noto's CFF outlines become unnamed
Type 3 glyphs, still embedded, which the figures keep). Links to a sentence of a source page
(``sources/….html#id``) point into the same PDF.

Then the PDF is checked, and the script exits 1 when a check fails: `pdftotext` must find CHECK_TEXT (巩义,
from the corpus) and every chapter title's first words, and `pdffonts` must list an embedded CJK font.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_test import CHROMIUM_ARGS, serve  # one way to start Chromium and serve a folder

ROOT = Path(__file__).resolve().parents[1]
CHECK_TEXT = ("巩义", "Governing Zhengzhou", "References")
CJK_FONT = re.compile(r"CJK|WenQuanYi|WQY|Hei|Song|Ming|Kai|Han", re.IGNORECASE)

PREPARE = """() => {
  // sources/<article>.html#<sentence> and <page>.html#<anchor>: in one page every anchor is local
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    const m = /^(?:[\\w./-]*\\.html)?#(.+)$/.exec(href);
    if (!m) continue;
    let id = m[1];
    try { id = decodeURIComponent(id); } catch (e) { /* a literal % in an anchor (gl-8个100%) */ }
    if (document.getElementById(id) || document.getElementById(m[1])) a.setAttribute("href", "#" + m[1]);
  }
  document.querySelectorAll("details").forEach((d) => d.removeAttribute("open"));
  return document.fonts.ready.then(() => document.images.length);
}"""


def print_pdf(site: Path, out: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    page_file = site / "index.html"
    if not page_file.is_file():
        raise FileNotFoundError(f"{page_file} missing: run jupyter-book build --builder singlehtml")
    redirect = re.search(r'url=([^"]+)"', page_file.read_text(encoding="utf-8"))
    single = site / (redirect.group(1) if redirect else "index.html")  # index.html redirects to the root doc
    # Sphinx writes the single page's links relative to the site's root (_static/, _images/) although the
    # root document is book/intro.html: print a copy placed at the root.
    start = "book_print.html"
    (site / start).write_text(single.read_text(encoding="utf-8"), encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400}, locale="zh-CN")
            page.emulate_media(media="print")
            page.goto(base + start, wait_until="networkidle", timeout=120_000)
            page.evaluate(PREPARE)
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;color:#666">'
                    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                ),
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()


def check_pdf(pdf: Path) -> list[str]:
    """Problems with the printed book: missing text, Chinese not embedded."""
    problems = []
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    for needle in CHECK_TEXT:
        if needle not in text.stdout:
            problems.append(f"pdftotext finds no {needle!r} in {pdf}")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    cjk = [row for row in rows if CJK_FONT.search(row.split()[0])]
    embedded = [row for row in cjk if len(row.split()) >= 5 and row.split()[-5] == "yes"]
    if not embedded:
        problems.append(
            f"pdffonts lists no embedded CJK font by name in {pdf} (install fonts-wqy-microhei; "
            f"fonts: {sorted({row.split()[0] for row in rows})})"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "singlehtml")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "book.pdf")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--check-only", action="store_true", help="check an existing PDF")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if not args.check_only:
        print_pdf(args.site.resolve(), args.out, args.chromium)
    problems = check_pdf(args.out)
    pages = subprocess.run(["pdfinfo", str(args.out)], capture_output=True, text=True).stdout
    n_pages = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
    size = args.out.stat().st_size / 1e6
    print(f"make_pdf: {args.out} ({n_pages} pages, {size:.1f} MB) in {time.monotonic() - started:.1f} s")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    print(
        "make_pdf: "
        + (f"FAILED, {len(problems)} problems" if problems else "Chinese text and embedded CJK font ok")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
