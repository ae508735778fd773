"""The set-up every chapter shares, in one place (``from chapter_setup import *`` in a chapter's first cell).

It quiets jieba, fixes pandas' display options, applies the figure theme with the book's places
(``places.yml``: order and colours) and names what chapters use: the ``govtext`` modules, ``pd``, ``plt``,
``glue``, ``display``, the paths of the corpus and of the downloadable tables, and the book's place order.
Nothing here computes a result; the chapters do that in their visible cells.

Three helpers decide how results look to a reader, once for every chapter:

- :func:`show` displays a table: curated columns under human headers, no pandas index, long text in a
  readable width, evidence ids linked to their sentence on the source pages (``book/sources/``), long
  tables searchable and paged in the page (the book's ``govtext_reader`` extension turns them into
  DataTables from itables' offline bundle) and, with ``csv=``, the full table one click away.
- :func:`save_csv` writes a downloadable table: UTF-8 with a BOM (Excel reads the Chinese), no index,
  every column named.
- :func:`figure` makes a figure for the text column (figures are SVG, their text kept as text, so they
  stay sharp at any width); glue it and the numbered ``glue:figure`` shows it once, its caption as alt text.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure
from matplotlib_inline.backend_inline import set_matplotlib_formats
from myst_nb import glue

import govtext as gt
import govtext.report.compare
import govtext.report.environment  # noqa: F401  (gt.report.environment: the pinned stack of the appendix)
from govtext import compare, corpus, metrics, plots, programmes, segment
from govtext.yamlfile import read_yaml

BOOK_DIR = Path(__file__).resolve().parent
CORPUS_DIR = BOOK_DIR.parent / "data" / "raw"
"""The seed corpus (five files and their manifest)."""
ANNOTATIONS_DIR = BOOK_DIR.parent / "data" / "annotations"
TABLES_DIR = BOOK_DIR / "tables"
"""Where chapters save the tables readers download."""
SOURCES_URL = "sources"
"""The source pages, relative to a chapter (``book/sources/<article_id>.html#<sentence_id>``)."""


def _place_style(path: Path) -> plots.PlaceStyle:
    entries = read_yaml(path)["places"]
    return plots.PlaceStyle(
        order=tuple(entry["id"] for entry in entries),
        colours={entry["id"]: entry["colour"] for entry in entries},
    )


PLACES = _place_style(BOOK_DIR / "places.yml")
PLACE_ORDER = list(PLACES.order)
"""Gongyi, Zhongyuan, Xingyang: the order of places in every table and figure."""

plots.setup_notebook(PLACES)
pd.set_option("display.max_colwidth", None)  # definitions, quotes and evidence are shown in full


def use_svg_figures() -> None:
    """Figures as SVG (vector: sharp on a phone and in the PDF), their text kept as text (selectable, and
    its size measurable by the browser test), no timestamp (stored outputs stay identical between runs).
    :func:`figure` turns this on; a chapter that makes its figures with ``plt.subplots`` keeps PNG."""
    set_matplotlib_formats("svg", metadata={"Date": None})
    matplotlib.rcParams["svg.fonttype"] = "none"


FIGURE_WIDTH = 5.6
"""Inches. At this width a figure is shown at its natural size in the desktop column and scaled by about
0.64 on a 390 px phone, so the theme's 11-point labels stay above 9 px."""


def figure(
    height: float = 3.2,
    width: float = FIGURE_WIDTH,
    *,
    nrows: int = 1,
    ncols: int = 1,
    layout: str | None = "constrained",
    **subplots: Any,
) -> tuple[Figure, Any]:
    """A figure and its axes for the text column, outside pyplot: the cell shows nothing, the numbered
    ``glue:figure`` shows it once (no ``plt.close`` needed).

    ``nrows``/``ncols`` (and ``sharey=True`` …) make several panels, returned as matplotlib's array of
    axes. The constrained layout keeps labels, titles and legends inside ``width``, so the figure is shown
    at its natural size in the desktop column, nothing scaled down (``layout=None``: matplotlib's fixed
    margins, and labels may widen the figure)."""
    use_svg_figures()
    fig = Figure(figsize=(width, height), layout=layout)
    return fig, fig.subplots(nrows, ncols, **subplots)


def glue_values(values: Mapping[str, Any]) -> None:
    """Glue every ``name: value`` for the text (``{glue:text}`name```), none of them displayed: one call
    for the numbers a library function computes for a chapter's prose."""
    for name, value in values.items():
        glue(name, value, display=False)


# --------------------------------------------------------------------------------------------------
# Tables

HEADERS: dict[str, str] = {
    "doc_id": "Document",
    "article_id": "Article",
    "sentence_id": "Sentence",
    "sentence_no": "No.",
    "locality": "Place",
    "place_zh": "Place (zh)",
    "admin_level": "Administrative level",
    "sub_units": "Sub-units (zh)",
    "title": "Title (zh)",
    "label": "Article",
    "date": "Date",
    "date_as_stated": "Date as printed",
    "n_chars": "Characters",
    "n_sentences": "Sentences",
    "n_documents": "Files",
    "n_articles": "Articles",
    "n_entries": "Entries",
    "n_mentions": "Mentions",
    "n_programmes": "Programmes",
    "name_zh": "Name (zh)",
    "name_en": "English name",
    "kind": "Kind",
    "level": "Level",
    "definition": "Definition",
    "description": "Description",
    "aliases": "Aliases (zh)",
    "surface": "As printed",
    "quote": "Quote (zh)",
    "start": "Start",
    "end": "End",
    "part": "Part",
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1",
    "tp": "TP",
    "fp": "FP",
    "fn": "FN",
    "candidate": "Candidate",
    "pattern": "Pattern",
    "reason": "Reason",
}
"""Human headers of the columns chapters show most; :func:`show` takes others from its ``columns``."""

EVIDENCE_COLUMNS = ("sentence_id", "article_id", "doc_id")
"""Columns whose ids link to the source pages."""

PAGED_ROWS = 12
"""Tables with more rows are searchable and paged in the page (all rows stay in the HTML and the PDF)."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_ID = re.compile(
    r"^(?P<doc>(?P<no>\d{3})_[0-9a-f]{6,})(?:-(?P<article>\d+)(?:-(?P<sentence>\d+))?)?$"
)  # a document, article or sentence id: 001_1f5be98b5adc7a5e, …-1, …-1-61


def header(column: str) -> str:
    """The human header of a column: :data:`HEADERS`, else ``snake_case`` → "Snake case"."""
    if column in HEADERS:
        return HEADERS[column]
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else "(unnamed)"


def short_id(evidence_id: str) -> str:
    """``001_1f5be98b5adc7a5e-1-61`` → ``001_…-1-61``; a document id → ``001``. The full id stays in the
    link's tooltip and in the CSV."""
    match = _SENTENCE_ID.match(str(evidence_id))
    if not match:
        return str(evidence_id)
    if not match["article"]:
        return match["no"]
    tail = f"-{match['article']}" + (f"-{match['sentence']}" if match["sentence"] else "")
    return f"{match['no']}_…{tail}"


def source_url(evidence_id: str) -> str | None:
    """The link from a chapter to a sentence (``sources/<article>.html#<sentence>``), an article, or a
    document (its first article)."""
    match = _SENTENCE_ID.match(str(evidence_id))
    if not match:
        return None
    article = f"{match['doc']}-{match['article'] or 1}"
    anchor = f"#{evidence_id}" if match["sentence"] else ""
    return f"{SOURCES_URL}/{article}.html{anchor}"


_SHORT_ID = re.compile(r"^(?P<no>\d{3})-(?P<tail>\d+(?:-\d+)?)$")  # 001-1-25, as some tables print ids
_ID_IN_TEXT = re.compile(
    r"(?<![\w.])\d{3}_[0-9a-f]{6,}(?:-\d+){0,2}(?![\w-])(?!\.\w)"  # a full id, not a file name (….txt)
    r"|(?<=\[)\d{3}-\d+-\d+(?=\])"  # a short sentence id in brackets: [001-1-25]
)


def document_ids() -> dict[str, str]:
    """The corpus' document ids by their number (``"001"`` → ``001_1f5be98b5adc7a5e``), from the manifest."""
    global _DOCUMENT_IDS
    if _DOCUMENT_IDS is None:
        manifest = pd.read_csv(CORPUS_DIR / "manifest.csv", usecols=["doc_id"], dtype=str)
        _DOCUMENT_IDS = {doc_id.split("_", 1)[0]: doc_id for doc_id in manifest["doc_id"]}
    return _DOCUMENT_IDS


_DOCUMENT_IDS: dict[str, str] | None = None


def full_id(evidence_id: str) -> str:
    """A short id of the corpus (``001-1-25``) as its full id (``001_1f5be98b5adc7a5e-1-25``); a full id,
    or anything else, unchanged."""
    match = _SHORT_ID.match(str(evidence_id))
    if match and match["no"] in document_ids():
        return f"{document_ids()[match['no']]}-{match['tail']}"
    return str(evidence_id)


def evidence_link(evidence_id: str) -> str:
    """HTML: the short id, linked to its sentence on the source page, the full id as its tooltip (a short
    id of the corpus, ``001-1-25``, links the same way)."""
    evidence_id = full_id(evidence_id)
    url = source_url(evidence_id)
    text = html.escape(short_id(evidence_id))
    if url is None:
        return text
    return f'<a class="evidence" href="{html.escape(url)}" title="{html.escape(str(evidence_id))}">{text}</a>'


def _text_html(text: str) -> str:
    """A text cell as HTML: evidence ids in it linked (full ids, and short ids in brackets), a line break
    shown (↵) and kept, snake_case breakable after "_"."""
    parts, last = [], 0
    for match in _ID_IN_TEXT.finditer(text):
        parts.append(_plain_html(text[last : match.start()]))
        parts.append(evidence_link(match.group(0)))
        last = match.end()
    parts.append(_plain_html(text[last:]))
    return "".join(parts)


def _plain_html(text: str) -> str:
    return html.escape(text).replace("\n", "↵\n").replace("_", "_<wbr>")


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _format(value: Any, digits: int) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.{digits}f}"
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return "; ".join(str(v) for v in value)
    return str(value)


def _kind_of(series: pd.Series, texts: list[str]) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_numeric_dtype(series):
        return "num"
    longest = max((len(t) for t in texts), default=0)
    if longest > 40:
        return "long"
    if longest > 14:
        return "mid"
    return "text"


class Table:
    """What :func:`show` returns: HTML for the book, plain text for a console and for nbval."""

    def __init__(self, html_text: str, plain: str) -> None:
        self.html = html_text
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain


def show(
    frame: pd.DataFrame | pd.Series,
    columns: Mapping[str, str] | Iterable[str] | None = None,
    *,
    csv: str | None = None,
    csv_frame: pd.DataFrame | None = None,
    paged: bool | None = None,
    digits: int = 3,
    evidence: Iterable[str] = EVIDENCE_COLUMNS,
    anchors: str | None = None,
) -> Table:
    """Display ``frame`` for a reader.

    ``columns`` picks and orders the columns shown: a mapping ``{"snake_case": "Human header"}`` or a list
    (headers from :data:`HEADERS`); ``None`` shows every column. A meaningful index (not 0, 1, 2 …) becomes
    the first column. Floats are printed with ``digits`` decimals (never fewer: 0.995 is not "1.00"), ids in
    ``evidence`` columns link to their sentence, long text gets a readable width, and a table of more than
    :data:`PAGED_ROWS` rows is searchable and paged (``paged`` forces either). ``csv="name"`` saves the whole
    ``frame`` (every column; or ``csv_frame``, e.g. the untransposed table) as ``tables/name.csv``
    (:func:`save_csv`) and links it under the table.
    ``anchors="name_zh"`` gives each row the id ``gl-<value>`` (the glossary's rows, which the
    ``{programme}`` role links to; a link to a row of a paged table opens the table filtered to it).
    """
    data = frame.to_frame() if isinstance(frame, pd.Series) else frame
    full = data if csv_frame is None else csv_frame
    if not isinstance(data.index, pd.RangeIndex) or data.index.name is not None:
        names = [n if n is not None else "" for n in data.index.names]
        data = data.reset_index(names=[n or f"index_{i}" for i, n in enumerate(names)])
    else:
        data = data.reset_index(drop=True)
    if columns is None:
        mapping = {str(c): header(str(c)) for c in data.columns}
    elif isinstance(columns, Mapping):
        mapping = dict(columns)
    else:
        mapping = {c: header(c) for c in columns}
    missing = [c for c in mapping if c not in data.columns]
    if missing:
        raise KeyError(f"show: no column {missing} (columns: {list(data.columns)})")
    shown = data[list(mapping)]
    evidence = set(evidence)
    n_rows = len(shown)
    paged = n_rows > PAGED_ROWS if paged is None else paged

    cells: dict[str, list[str]] = {c: [_format(v, digits) for v in shown[c]] for c in mapping}
    kinds = {c: ("id" if c in evidence else _kind_of(shown[c], cells[c])) for c in mapping}
    head = "".join(f'<th class="t-{kinds[c]}" scope="col">{html.escape(mapping[c])}</th>' for c in mapping)
    body = []
    row_ids = [f"gl-{v}" for v in data[anchors]] if anchors else None
    for i in range(n_rows):
        row = []
        for c in mapping:
            text = cells[c][i]
            if c in evidence and text:
                content = evidence_link(text)
            elif kinds[c] == "num":
                content = html.escape(text)
            else:
                content = _text_html(text)
            lang = ' lang="zh"' if _HAN.search(text) else ""
            row.append(f'<td class="t-{kinds[c]}"{lang}>{content}</td>')
        row_id = f' id="{html.escape(row_ids[i])}"' if row_ids else ""
        body.append(f"<tr{row_id}>" + "".join(row) + "</tr>")
    attrs = ' data-paged="1"' if paged else ""
    parts = [
        f'<div class="govtext-table"><div class="govtext-table-scroll"><table{attrs}>',
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>",
    ]
    if csv:
        save_csv(full, csv)
        path = csv_path(csv)
        size = f"{len(full)} row{'s' * (len(full) != 1)}, {len(full.columns)} columns"
        parts.append(
            f'<p class="govtext-table-csv"><a href="tables/{html.escape(path.name)}" download>'
            f"Download the full table ({html.escape(path.name)}, {size})</a></p>"
        )
    parts.append("</div>")
    plain = shown.rename(columns=mapping).to_string(index=False, max_colwidth=60)
    return Table("".join(parts), plain)


def csv_path(name: str) -> Path:
    """``tables/<name>.csv``: where a downloadable table is saved."""
    return TABLES_DIR / f"{name.removesuffix('.csv')}.csv"


def save_csv(frame: pd.DataFrame, name: str) -> None:
    """Write ``frame`` to ``tables/<name>.csv`` for readers: UTF-8 with a BOM, every column named, no index
    (a meaningful index becomes a named column)."""
    data = frame
    if not isinstance(data.index, pd.RangeIndex) or data.index.name is not None:
        data = data.reset_index(names=[n or f"index_{i}" for i, n in enumerate(data.index.names)])
    unnamed = [i for i, c in enumerate(data.columns) if not str(c).strip()]
    if unnamed:
        raise ValueError(f"save_csv: column(s) {unnamed} of {name} have no name")
    path = csv_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    data.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


__all__ = [
    "ANNOTATIONS_DIR",
    "BOOK_DIR",
    "CORPUS_DIR",
    "PLACES",
    "PLACE_ORDER",
    "TABLES_DIR",
    "compare",
    "corpus",
    "display",
    "evidence_link",
    "figure",
    "full_id",
    "glue",
    "glue_values",
    "gt",
    "metrics",
    "pd",
    "plots",
    "plt",
    "programmes",
    "save_csv",
    "segment",
    "short_id",
    "show",
    "source_url",
]
