"""Sphinx extension: how the book's pages read (tables, figures, buttons, search results).

Registered in ``_config.yml`` (``sphinx: local_extensions: {govtext_reader: book/_ext}``). It

1. **Tables.** Ships ``static/govtext.css`` (the look of ``chapter_setup.show`` tables: a scroll box that
   never hides a column, readable widths for long text, ids on one line) and ``static/govtext_tables.js``,
   which turns every table marked ``data-paged`` into a searchable, paged DataTable. DataTables comes from
   the *offline* bundle of the ``itables`` package (``itables/html/dt_bundle.js`` and ``.css``), copied
   into ``_static/`` with the book: no CDN, one file cached for every page. Without JavaScript (or in the
   PDF) the table is simply shown whole.
2. **Downloads.** Copies ``book/tables/*.csv`` next to the chapters (``<html>/book/tables/``), where the
   "Download the full table" links under ``show(..., csv=...)`` tables point (and refreshes the files of
   ``static/`` in ``_static/``, which Sphinx 7.4 does not overwrite once copied).
3. **Figures.** Gives every image of a figure the figure's caption as its alt text (myst-nb would leave the
   hashed file name).
4. **Buttons from one setting.** ``repository.url`` in ``_config.yml`` is the only place the repository
   address is written. Empty (the default: no public address has been verified), no repository, issues
   or Binder button is shown; set, all three point at it. See the README. Unset, the inert
   ``<script type="text/x-thebe-config">`` that sphinx-thebe writes into every page (naming its own
   placeholder repository, ``binder-examples/jupyter-stacks-datascience``) is removed too.
5. **A favicon** (``static/favicon.svg``), unless the configuration names one.
6. **Search results** (``static/govtext_search_page.js``): the search page no longer drops all-digit
   query words (Sphinx's ``searchtools.js`` skips ``/^\\d+$/``, so "13710" found nothing although it is
   indexed), and the snippet under each result is taken from the page's prose: code cells, tables and
   figures are left out of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

__version__ = "1.0"

STATIC = Path(__file__).resolve().parent / "static"
TABLES = Path("book") / "tables"


def itables_bundle() -> Path | None:
    """The folder of itables' offline DataTables bundle (``dt_bundle.js``, ``dt_bundle.css``), or None
    when itables is not installed: long tables are then shown whole, without search and pages."""
    try:
        import itables
    except ImportError:
        return None
    folder = Path(itables.__file__).resolve().parent / "html"
    return folder if (folder / "dt_bundle.js").is_file() else None


def configure(app: Sphinx, config: Config) -> None:
    bundle = itables_bundle()
    config.html_static_path = [*config.html_static_path, str(STATIC), *([str(bundle)] if bundle else [])]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")
    options = dict(config.html_theme_options or {})
    url = (options.get("repository_url") or "").strip()
    if url:
        options.update(use_repository_button=True, use_issues_button=True)
        launch = dict(options.get("launch_buttons") or {})
        launch.setdefault("binderhub_url", "https://mybinder.org")
        options["launch_buttons"] = launch
    else:  # no address: no button that leads nowhere
        options.update(use_repository_button=False, use_issues_button=False, use_edit_page_button=False)
        options["launch_buttons"] = {
            key: value
            for key, value in (options.get("launch_buttons") or {}).items()
            if not key.endswith("_url") and key != "thebe"
        }
    config.html_theme_options = options


def add_assets(app: Sphinx) -> None:
    if itables_bundle() is not None:
        app.add_css_file("dt_bundle.css")
        app.add_js_file("govtext_tables.js", type="module")
    else:
        logger.info("govtext_reader: itables is not installed: long tables are shown whole, not paged")
    app.add_css_file("govtext.css")
    app.add_js_file("govtext_search_page.js", defer="defer")


def figure_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for figure in doctree.findall(nodes.figure):
        captions = list(figure.findall(nodes.caption))
        if not captions:
            continue
        text = " ".join(captions[0].astext().split())
        for image in figure.findall(nodes.image):
            image["alt"] = text


THEBE_CONFIG = "text/x-thebe-config"


def drop_placeholder_thebe(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Without a repository address, remove sphinx-thebe's per-page config naming its placeholder repo."""
    if (app.config.html_theme_options or {}).get("repository_url"):
        return
    for node in list(doctree.findall(nodes.raw)):
        if THEBE_CONFIG in node.astext() and node.parent is not None:
            node.parent.remove(node)


def copy_tables(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    # Sphinx 7.4 does not overwrite a static file already in the output: refresh ours after an edit.
    for path in sorted(STATIC.iterdir()):
        target = Path(app.outdir) / "_static" / path.name
        if path.is_file() and (not target.is_file() or target.read_bytes() != path.read_bytes()):
            shutil.copyfile(path, target)
    source = Path(app.srcdir) / TABLES
    if not source.is_dir():
        return
    target = Path(app.outdir) / TABLES
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.csv")):
        shutil.copyfile(path, target / path.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", configure)
    app.connect("builder-inited", add_assets)
    app.connect("doctree-resolved", figure_alt_text)
    app.connect("doctree-resolved", drop_placeholder_thebe, priority=900)  # after sphinx-thebe adds it
    app.connect("build-finished", copy_tables)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
