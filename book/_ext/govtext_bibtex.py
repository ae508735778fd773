"""Sphinx extension: the reference list labels entries as the text cites them (author–year).

Registered in ``_config.yml`` (``sphinx: local_extensions: {govtext_bibtex: book/_ext}``) with
``bibtex_default_style: govtext_author_year``.

The text cites with sphinxcontrib-bibtex's ``author_year`` referencing style ("Birney, 2014", "Liu et al.,
2015", "周雪光, 2012"), but the list used pybtex's ``alpha`` labels: "[Bir14]", and for Chinese authors,
whom ``alpha`` cannot abbreviate, a bare "[12a]". :class:`AuthorYearStyle` is pybtex's ``unsrt`` entry
formatting (DOIs and URLs printed as links) with labels built like the in-text citations — last names
(one, "A and B", or "A et al." for three or more), a comma, the year — and entries sorted by author, year
and title, so English and Chinese entries are labelled the same way and found where a reader looks.
Two entries with the same label get "a", "b" after the year.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx

__version__ = "1.0"


def _plain(latex: str) -> str:
    return str(Text.from_latex(latex).render_as("text")).strip()


def author_year_label(entry: Any) -> str:
    """``Birney, 2014``; ``Hayes and Krippendorff, 2007``; ``Liu et al., 2015``; ``周雪光, 2012``."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    lasts = [_plain(" ".join([*p.prelast_names, *p.last_names])) for p in persons]
    if not lasts:
        names = _plain(entry.fields.get("organization", "") or entry.fields.get("title", "")) or entry.key
    elif len(lasts) == 1:
        names = lasts[0]
    elif len(lasts) == 2:
        names = f"{lasts[0]} and {lasts[1]}"
    else:
        names = f"{lasts[0]} et al."
    year = _plain(entry.fields.get("year", "")) or "n.d."
    return f"{names}, {year}"


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries: Any) -> Any:
        entries = list(sorted_entries)
        labels = [author_year_label(entry) for entry in entries]
        repeated = {label for label, n in Counter(labels).items() if n > 1}
        seen: Counter[str] = Counter()
        for label in labels:
            if label in repeated:
                seen[label] += 1
                yield f"{label}{chr(ord('a') + seen[label] - 1)}"
            else:
                yield label


class AuthorYearStyle(UnsrtStyle):
    default_label_style = AuthorYearLabelStyle
    default_sorting_style = "author_year_title"


def setup(app: Sphinx) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "govtext_author_year", AuthorYearStyle, force=True)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
