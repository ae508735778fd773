"""Open the built book in headless Chromium, as a reader would, with no network but this machine.

    python scripts/browser_test.py [--site _build/html] [--screenshots _build/screenshots]
    python scripts/browser_test.py --pages 04_metrics --pages 05_compare   # a few pages, no search

Run by `make test-browser` (which installs Debian's chromium, a CJK font and Playwright's Python
package, builds the book and runs scripts/check_search_index.py first). It

- serves the site with `python -m http.server` on 127.0.0.1 (a free port; stopped on exit);
- blocks every request that is not to that server, and fails a page that asked for one (a CDN script,
  stylesheet, font or image: the book must render offline), and any <script src>/<link href> to
  another host found in the HTML;
- opens every page of _toc.yml and every other built page (all *.html but genindex, search, _static,
  _sources), failing on a JavaScript error, a console error, a local resource that fails to load, a
  broken image or an empty page, and saves a screenshot of each to _build/screenshots/;
- checks every link on every page that points into the site: the file exists, and its #anchor too;
- checks that the browser draws Chinese with a real font (not the same empty box for every glyph);
- runs the site search for each query of SEARCH_EXPECTATIONS (scripts/check_search_index.py: extend
  that table as chapters land, all-digit queries such as 13710 included) on search.html?q=… and checks
  that the expected page is listed and that the snippets under the results are prose, not code;
- opens every page at two widths, 1280 px (desktop) and 390 px (a phone), and fails on: a page that
  scrolls sideways; a table wider than its column (at 390 px a table may scroll inside its own scroll
  box, which must fit the column); a column squeezed until its text wraps every few characters; a figure
  wider than its column; figure labels smaller than MIN_LABEL_PX (the SVG's smallest font size times the
  figure's scale; a PNG must be stored at twice its displayed width); alt text that is empty or a file
  path; more than one search box; a header button that leads off the site when no repository address is
  set (_config.yml repository.url). Screenshots of every page at both widths (full page, JPEG) go to
  _build/screenshots/<width>/ and are kept as CI artefacts.

Pages listed in PENDING_LAYOUT (none at present) are still checked, but their layout problems are printed as
"pending", not failures, while their chapters are converted to the book's table and figure helpers.

Prints a summary and exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_search_index import SEARCH_EXPECTATIONS, parse_expectation  # one table for both checks

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FETCHED_LINKS = {"stylesheet", "preload", "modulepreload", "icon"}  # <link rel> a browser loads
SKIP_PAGES = {"genindex.html", "search.html"}
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads"}
PAGE_TIMEOUT_MS = 30_000
SERVER_START_S = 10.0
WIDTHS = (1280, 390)
MIN_LABEL_PX = {1280: 10.0, 390: 8.0}
"""The smallest figure text a reader is asked to read, in CSS px, at each width."""
PENDING_LAYOUT: set[str] = set()
"""Pages whose layout problems are reported only, not failed (empty: every chapter uses chapter_setup's
show and figure since issue 17; list a page here while it is being converted)."""


@dataclass
class Report:
    pages: list[str] = field(default_factory=list)
    links_checked: int = 0
    link_targets: set[str] = field(default_factory=set)
    external_links: set[str] = field(default_factory=set)
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    layout_checked: int = 0
    pending: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)  # Latin word -> first page showing it
    unfindable: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)


class _Anchors(HTMLParser):
    """ids and names of a page, and its <script src>/<link href> to other hosts."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("id", "name") if tag in {"a", "map"} else ("id",):
            if a.get(key):
                self.anchors.add(a[key])
        url = a.get("src") if tag in {"script", "img", "iframe"} else None
        if tag == "link" and set((a.get("rel") or "").split()) & FETCHED_LINKS:
            url = a.get("href")
        if url and (urlsplit(url).scheme in {"http", "https"} or url.startswith("//")):
            self.external.append(f"<{tag}> {url}")


_parsed: dict[Path, _Anchors] = {}


def parse_html(path: Path) -> _Anchors:
    if path not in _parsed:
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        _parsed[path] = parser
    return _parsed[path]


def toc_pages(toc: Path) -> list[str]:
    """Docnames listed in _toc.yml (root, then every `file:` in order)."""
    names: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    names.append(node[key])
            for value in node.values():
                if isinstance(value, list | dict):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(toc.read_text(encoding="utf-8")))
    return [str(Path(n).with_suffix("")) for n in dict.fromkeys(names)]


def site_pages(site: Path) -> list[str]:
    """Every built page, relative to the site, but the generated index, search and asset folders."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] in SKIP_DIRS or rel.as_posix() in SKIP_PAGES or rel.as_posix() == "index.html":
            continue
        pages.append(rel.as_posix())
    return pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(site: Path):
    """`python -m http.server` on 127.0.0.1 for the duration of the block; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                conn.request("HEAD", "/")
                conn.getresponse()
                conn.close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"http.server on port {port} did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def check_links(page_url: str, hrefs: list[str], base: str, site: Path, report: Report, page: str) -> None:
    for href in hrefs:
        if not href or href.startswith(("javascript:", "mailto:", "data:")):
            continue
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if not url.startswith(base):
            if parts.scheme in {"http", "https"}:
                report.external_links.add(url)
            continue
        report.links_checked += 1
        rel = unquote(parts.path[len(urlsplit(base).path) :])
        target = site / rel
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            report.fail(f"{page}: broken link {href!r}: {target.relative_to(site)} does not exist")
            continue
        report.link_targets.add(f"{rel}#{parts.fragment}" if parts.fragment else rel)
        if parts.fragment and target.suffix == ".html":
            anchor = unquote(parts.fragment)
            if anchor not in parse_html(target).anchors:
                report.fail(f"{page}: broken anchor {href!r}: no id {anchor!r} in {rel}")


GLYPH_CHECK = """() => {
  const font = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext("2d");
  const draw = (ch) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = "40px " + font;
    ctx.fillText(ch, 2, 42);
    return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(",");
  };
  const a = draw("网"), b = draw("格"), missing = draw("\\u{10FFFD}");
  return {font, distinct: a !== b, notBoxes: a !== missing && b !== missing};
}"""

PAGE_STATE = """() => {
  function* textNodes(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) yield walker.currentNode.textContent;
  }
  const main = document.querySelector("main, article, [role=main]") || document.body;
  // the text Sphinx indexed: the article without widgets the theme and extensions draw around it
  const prose = (document.querySelector("article") || main).cloneNode(true);
  prose.querySelectorAll("script, style, summary, button, .headerlink, .copybtn, mjx-container, " +
      ".dt-search, .dt-length, .dt-info, .dt-paging")
    .forEach((el) => el.remove());
  const images = Array.from(document.images)
    .filter((img) => !img.complete || img.naturalWidth === 0)
    .map((img) => img.getAttribute("src"));
  return {
    title: document.title,
    text: main.innerText.trim().length,
    styles: document.styleSheets.length,
    hrefs: Array.from(document.querySelectorAll("a[href]")).map((a) => a.getAttribute("href")),
    brokenImages: images,
    // text node by text node: a table cell and the link after it are two words, not one
    words: Array.from(new Set(Array.from(textNodes(prose)).join(" ").match(/[\\p{L}\\p{N}_]+/gu) || []))
      .filter((w) => /\\p{Script=Latin}/u.test(w) && !/\\p{Script=Han}/u.test(w)),
  };
}"""

LAYOUT_CHECK = (Path(__file__).resolve().parent / "browser_layout_check.js").read_text(encoding="utf-8")
"""A function of {minLabel, narrow}: the layout problems of the page (scripts/browser_layout_check.js)."""

SNIPPETS = """() => Array.from(document.querySelectorAll("#search-results ul.search li p.context"))
  .map((p) => p.textContent)"""
CODE_LIKE = re.compile(r"\b(glue|show|plt|import|def)\b\s*\(|\w+\s*=\s*\w+\.\w+\(")


def repository_url(config: Path) -> str:
    """``repository.url`` of _config.yml ("" when unset)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else {}
    return str(((data or {}).get("repository") or {}).get("url") or "").strip()


SEARCH_DONE = """() => {
  const s = document.querySelector("#search-results .search-summary");
  return s !== null && s.textContent.trim().length > 0;
}"""

# Latin words the search cannot find: the browser's stem of the word is neither an indexed term nor
# (for stems of 3+ letters) part of one, Sphinx's partial match. Run on search.html (index loaded).
UNFINDABLE = """(words) => {
  const stemmer = new Stemmer();
  const terms = Search._index.terms, titles = Search._index.titleterms;
  const all = Object.keys(terms).concat(Object.keys(titles));
  return words.filter((w) => {
    const lower = w.toLowerCase();
    if (lower.length < 2 || stopwords.includes(lower)) return false;
    const stem = stemmer.stemWord(lower);
    if (stem in terms || stem in titles) return false;
    return !(stem.length > 2 && all.some((t) => t.includes(stem)));
  });
}"""

SEARCH_RESULTS = """() => ({
  summary: document.querySelector("#search-results .search-summary").textContent.trim(),
  links: Array.from(document.querySelectorAll("#search-results ul.search li > a"))
    .map((a) => a.getAttribute("href")),
})"""


def run(
    site: Path,
    toc_file: Path,
    screenshots: Path,
    chromium: str,
    full_page: bool = False,
    expectations: list[tuple[str, str]] = SEARCH_EXPECTATIONS,
    only: list[str] | None = None,
) -> Report:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    report = Report()
    toc = toc_pages(toc_file)
    for docname in toc:
        if not (site / f"{docname}.html").is_file():
            report.fail(f"_toc.yml lists {docname} but {docname}.html was not built")
    pages = [f"{d}.html" for d in toc if (site / f"{d}.html").is_file()]
    pages += [p for p in site_pages(site) if p not in pages]
    if only:  # --pages: the pages whose path contains one of the given strings (their screenshots only)
        pages = [p for p in pages if any(part in p for part in only)]
        if not pages:
            report.fail(f"--pages {' '.join(only)}: no built page matches")
    for page in [*pages, "index.html", "search.html", "genindex.html"]:
        if (site / page).is_file():
            for ref in parse_html(site / page).external:
                report.fail(f"{page}: needs another host: {ref}")
    if screenshots.exists() and not only:
        shutil.rmtree(screenshots)
    screenshots.mkdir(parents=True, exist_ok=True)

    with serve(site) as base, tempfile.TemporaryDirectory(prefix="govtext-chromium-") as profile:
        host = urlsplit(base).netloc
        current = {"page": ""}

        def route(r) -> None:
            if urlsplit(r.request.url).netloc == host or r.request.url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                report.blocked.append(f"{current['page']}: {r.request.resource_type} {r.request.url}")
                r.abort("blockedbyclient")

        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=chromium,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
                locale="zh-CN",
                service_workers="block",
            )
            try:
                context.route("**/*", route)
                browser_page = context.new_page()
                browser_page.set_default_timeout(PAGE_TIMEOUT_MS)

                def on_console(msg) -> None:
                    if msg.type == "error":
                        report.console_errors.append(f"{current['page']}: console: {msg.text}")

                def on_pageerror(exc) -> None:
                    report.console_errors.append(f"{current['page']}: page error: {exc}")

                def on_response(resp) -> None:
                    if resp.url.startswith(base) and resp.status >= 400:
                        report.fail(f"{current['page']}: HTTP {resp.status} for {resp.url[len(base) :]}")

                def on_requestfailed(req) -> None:
                    # the search page fetches each result page for its snippet; going on to the next
                    # query aborts the fetches still running, which is no broken resource
                    if current["page"].startswith("search.html") and req.failure == "net::ERR_ABORTED":
                        return
                    if req.url.startswith(base):
                        report.fail(
                            f"{current['page']}: failed to load {req.url[len(base) :]}: {req.failure}"
                        )

                browser_page.on("console", on_console)
                browser_page.on("pageerror", on_pageerror)
                browser_page.on("response", on_response)
                browser_page.on("requestfailed", on_requestfailed)

                glyphs_checked = False
                allowed = repository_url(ROOT / "_config.yml")
                for width in WIDTHS:
                    browser_page.set_viewport_size({"width": width, "height": 900})
                    (screenshots / str(width)).mkdir(parents=True, exist_ok=True)
                    first = width == WIDTHS[0]
                    for page in pages:
                        current["page"] = f"{page} at {width} px"
                        url = base + quote(page)
                        try:
                            browser_page.goto(url, wait_until="networkidle")
                        except PlaywrightError as exc:
                            report.fail(f"{page}: did not load at {width} px: {exc}")
                            continue
                        if first:
                            state = browser_page.evaluate(PAGE_STATE)
                            report.pages.append(page)
                            if state["text"] < 20:
                                report.fail(f"{page}: the page shows no content ({state['text']} characters)")
                            if state["styles"] == 0:
                                report.fail(f"{page}: no stylesheet applied")
                            for src in state["brokenImages"]:
                                report.fail(f"{page}: image {src} did not load")
                            check_links(browser_page.url, state["hrefs"], base, site, report, page)
                            for word in state["words"]:
                                report.words.setdefault(word, page)
                        layout = browser_page.evaluate(
                            LAYOUT_CHECK, {"minLabel": MIN_LABEL_PX[width], "narrow": width < 600}
                        )
                        report.layout_checked += 1
                        problems = list(layout["problems"])
                        for href in layout["external"]:
                            if not allowed or allowed not in href:
                                problems.append(f"a header button leads off the site: {href}")
                        for problem in problems:
                            message = f"{page} at {width} px: {problem}"
                            if page in PENDING_LAYOUT:
                                report.pending.append(message)
                            else:
                                report.fail(message)
                        shot = (
                            screenshots
                            / str(width)
                            / (page.removesuffix(".html").replace("/", "__") + ".jpg")
                        )
                        browser_page.screenshot(path=str(shot), full_page=full_page, type="jpeg", quality=70)
                        if not glyphs_checked:
                            glyphs = browser_page.evaluate(GLYPH_CHECK)
                            glyphs_checked = True
                            if not (glyphs["distinct"] and glyphs["notBoxes"]):
                                report.fail(
                                    f"{page}: Chinese is drawn as empty boxes in {glyphs['font']!r}: "
                                    "install a CJK font (Debian: fonts-noto-cjk)"
                                )
                browser_page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                (screenshots / "search").mkdir(parents=True, exist_ok=True)

                for query, docname in expectations:
                    current["page"] = f"search.html?q={query}"
                    try:
                        browser_page.goto(f"{base}search.html?q={quote(query)}", wait_until="load")
                        browser_page.wait_for_function(SEARCH_DONE, timeout=PAGE_TIMEOUT_MS)
                    except PlaywrightError as exc:
                        report.fail(f"search {query!r}: no result list: {exc}")
                        continue
                    found = browser_page.evaluate(SEARCH_RESULTS)
                    docs = [
                        urlsplit(urljoin(browser_page.url, h))
                        .path[len(urlsplit(base).path) :]
                        .removesuffix(".html")
                        for h in found["links"]
                    ]
                    docs = list(dict.fromkeys(docs))
                    ok = docname in docs
                    report.search.append(
                        f"{'ok  ' if ok else 'FAIL'} {query} -> {', '.join(docs) or '(nothing)'}"
                    )
                    if not ok:
                        report.fail(
                            f"search {query!r} lists {docs or 'nothing'}, not {docname} ({found['summary']})"
                        )
                    for snippet in browser_page.evaluate(SNIPPETS):
                        if CODE_LIKE.search(snippet) or snippet.count("|") > 3:
                            report.fail(
                                f"search {query!r}: a result's snippet is code or a table: {snippet[:80]!r}"
                            )
                            break
                    shot = screenshots / "search" / f"search_{len(report.search):02d}.jpg"
                    browser_page.screenshot(path=str(shot), type="jpeg", quality=70)
                if report.search:  # the last search page has the index and the stemmer loaded
                    lost = browser_page.evaluate(UNFINDABLE, sorted(report.words))
                    report.unfindable = [f"{w} ({report.words[w]})" for w in lost]
                    if lost:
                        report.fail(f"English words the search cannot find: {', '.join(report.unfindable)}")
            finally:
                context.close()

    # The redirect page left over from jupyter-book must point at a built page.
    index = site / "index.html"
    if index.is_file():
        text = index.read_text(encoding="utf-8")
        marker = "url="
        if marker in text:
            target = text.split(marker, 1)[1].split('"', 1)[0]
            if not (site / target).is_file():
                report.fail(f"index.html redirects to {target}, which does not exist")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml", help="the book's table of contents")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument(
        "--expect",
        type=parse_expectation,
        action="append",
        metavar="QUERY=DOCNAME",
        help="search for these instead of SEARCH_EXPECTATIONS (repeatable)",
    )
    parser.add_argument(
        "--first-screen", action="store_true", help="screenshot only the first screen of each page"
    )
    parser.add_argument(
        "--pages",
        action="append",
        metavar="PART",
        help="check only the pages whose path contains PART (repeatable), e.g. --pages 04_metrics; "
        "the search is then checked only for --expect queries",
    )
    args = parser.parse_args(argv)
    if not (args.site / "searchindex.js").is_file():
        print(f"browser_test: no built book in {args.site}: run `make book` first", file=sys.stderr)
        return 2
    if not Path(args.chromium).is_file():
        print(
            f"browser_test: {args.chromium} missing: apt-get install chromium (make test-browser does)",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    report = run(
        args.site.resolve(),
        args.toc,
        args.screenshots.resolve(),
        args.chromium,
        not args.first_screen,
        args.expect or ([] if args.pages else SEARCH_EXPECTATIONS),
        args.pages,
    )
    report.failures.extend(report.console_errors)
    report.failures.extend(f"needs another host: {b}" for b in report.blocked)

    print(f"browser test of {args.site} in {time.monotonic() - started:.1f} s")
    print(f"  pages opened:      {len(report.pages)}  (screenshots in {args.screenshots})")
    print(f"  layout checks:     {report.layout_checked} (pages x widths {', '.join(map(str, WIDTHS))} px)")
    pending = ", ".join(sorted(PENDING_LAYOUT)) or "no page"
    print(f"  pending layout:    {len(report.pending)} problems on {pending}")
    for line in report.pending:
        print(f"    pending: {line}")
    print(f"  internal links:    {report.links_checked} checked, {len(report.link_targets)} distinct targets")
    print(f"  external links:    {len(report.external_links)} (not followed: the test is offline)")
    print(f"  console errors:    {len(report.console_errors)}")
    print(f"  blocked requests:  {len(report.blocked)} (to hosts other than the local server)")
    print(f"  English words:     {len(report.words)} on the pages, {len(report.unfindable)} unfindable")
    print("  search:")
    for line in report.search:
        print(f"    {line}")
    for failure in report.failures:
        print(f"FAIL {failure}", file=sys.stderr)
    verdict = f"FAILED, {len(report.failures)} problems" if report.failures else "all checks ok"
    print(f"browser test: {verdict}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
