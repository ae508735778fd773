"""The book's Markdown pages (home page, chapters 7-9): counts pasted from the notebooks, never typed.

Every ``{glue:text}`NOTEBOOK.ipynb::key``` must name a value the notebook glues in its stored outputs (the
build would fail later, after minutes of execution); and no count of the book's units (articles, files,
programmes …) may be typed in words or digits outside a glue role.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
PAGES = ["intro.md", "07_discussion.md", "08_limitations.md", "09_conclusion.md"]

GLUE = re.compile(r"\{glue(?::text|:any|:figure|:math)?\}`(?P<ref>[^`]+)`")
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred"
UNITS = (
    "articles?|files?|documents?|texts?|programmes?|mentions?|contrasts?|tests?|sentences?|figures?"
    "|metrics?|entries|candidates|places|sub-districts?|hits"
)
TYPED_COUNT = re.compile(
    rf"\b(?:{NUMBER_WORDS}|\d[\d,]*)\s+(?:[a-z-]+\s+){{0,2}}(?:{UNITS})\b", re.IGNORECASE
)
# counts fixed by the design (three places, three presentations), not computed by a notebook
DESIGN = re.compile(r"\bthree\s+(?:places|presentations|types)\b", re.IGNORECASE)


@cache
def glued_keys(notebook: str) -> frozenset[str]:
    """The names a notebook glues (myst-nb's ``scrapbook`` output metadata), from its stored outputs."""
    cells = json.loads((BOOK / notebook).read_text(encoding="utf-8"))["cells"]
    return frozenset(
        output["metadata"]["scrapbook"]["name"]
        for cell in cells
        if cell["cell_type"] == "code"
        for output in cell.get("outputs", [])
        if "scrapbook" in output.get("metadata", {})
    )


def typed_counts(text: str) -> list[str]:
    """Counts of the book's units typed in ``text`` (roles removed first, design counts allowed)."""
    prose = ROLE.sub("<role>", text)
    return [m.group() for m in TYPED_COUNT.finditer(prose) if not DESIGN.fullmatch(m.group())]


@pytest.mark.parametrize("page", PAGES)
def test_cross_page_glue_names_a_glued_key(page: str) -> None:
    refs = [m["ref"] for m in GLUE.finditer((BOOK / page).read_text(encoding="utf-8"))]
    missing = []
    for ref in refs:
        notebook, _, key = ref.partition("::")
        if not key:  # a key of this page itself: the Markdown pages glue nothing
            missing.append(ref)
            continue
        if key.split(":")[0] not in glued_keys(notebook):
            missing.append(ref)
    assert not missing


@pytest.mark.parametrize("page", PAGES)
def test_no_typed_counts(page: str) -> None:
    assert typed_counts((BOOK / page).read_text(encoding="utf-8")) == []


def test_typed_count_finder() -> None:
    assert typed_counts("compares the seven articles as cases") == ["seven articles"]
    assert typed_counts("the 12 shared programmes") == ["12 shared programmes"]
    assert typed_counts("from 5 local news files") == ["5 local news files"]
    assert typed_counts("Xingyang, with one article, and Zhongyuan") == ["one article"]
    assert typed_counts("the {glue:text}`01_corpus.ipynb::n_articles:d` articles") == []
    assert typed_counts("three presentations of governance in three places") == []
