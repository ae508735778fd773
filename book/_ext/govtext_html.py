"""Sphinx extension: two fixes that keep the book's pages free of JavaScript console errors.

Registered in ``_config.yml`` with ``sphinx: local_extensions: {govtext_html: book/_ext}``;
``scripts/browser_test.py`` fails on any console error, and without these every page has two.

1. **Inline scripts written twice.** With Sphinx 7.4.7 an inline script that an extension adds after the
   builder starts (``app.add_js_file(None, body=...)``: sphinx-thebe's ``const THEBE_JS_URL = …``,
   sphinx-togglebutton's selector) is stored once with filename ``None`` (builder) and once with ``''``
   (registry, merged in ``prepare_writing``); the two do not compare equal, so the page gets both and the
   second ``const`` throws "Identifier 'THEBE_JS_URL' has already been declared". At
   ``html-page-context`` (late, after the themes added their per-page scripts) the page's
   ``script_files`` are de-duplicated, ``None`` and ``''`` counted as the same file.

2. **"Got invalid theme mode: ."** pydata-sphinx-theme (under sphinx-book-theme) reads the light/dark
   mode from ``html_context["default_mode"]``, which nobody sets here, so its script starts from ``""``
   and logs an error. The default becomes ``"auto"`` (the theme's documented default) unless the
   configuration sets one.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

__version__ = "1.0"


def set_default_mode(app: Sphinx, config: Config) -> None:
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


def _key(script: Any) -> tuple:
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename), getattr(script, "priority", 500), tuple(sorted(attributes.items())))


def dedupe_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    if len(unique) != len(scripts):
        context["script_files"] = unique  # a copy: the builder's own list is restored per page anyway


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", set_default_mode)
    app.connect("html-page-context", dedupe_scripts, priority=900)  # after the themes' handlers
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
