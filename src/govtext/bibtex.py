"""The one BibTeX reader of the package: entry keys, entries and field values of a ``.bib`` file.

Enough for what govtext checks against the bibliography (``book/references.bib``): that a key exists
(dimension and origin references, field-codebook evidence), an entry's title, and dates printed in an entry.
Not a full BibTeX parser: an entry starts at a line ``@type{key,`` and runs to the next one.
"""

from __future__ import annotations

import re
from pathlib import Path

ENTRY_START = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
"""The first line of an entry; group 1 is its key."""


def entries(text: str) -> dict[str, str]:
    """``{key: entry text}`` of BibTeX text, each entry from its ``@`` to the next entry's."""
    starts = [(m.start(), m.group(1)) for m in ENTRY_START.finditer(text)]
    return {
        key: text[start : starts[n + 1][0] if n + 1 < len(starts) else len(text)]
        for n, (start, key) in enumerate(starts)
    }


def bibliography_keys(path: str | Path) -> frozenset[str]:
    """The entry keys of a BibTeX file (``@article{key, …``)."""
    return frozenset(ENTRY_START.findall(Path(path).read_text(encoding="utf-8")))


def entry_field(entry: str, field: str) -> str | None:
    """The value of ``field`` in one entry (``field = {…}`` with nested braces), braces removed."""
    match = re.search(rf"(?m)^\s*{field}\s*=\s*\{{", entry)
    if not match:
        return None
    depth, out = 1, list[str]()
    for char in entry[match.end() :]:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return "".join(out)
        if char not in "{}":
            out.append(char)
    return None


def bibliography_titles(path: str | Path) -> dict[str, str]:
    """``{key: title}`` of a BibTeX file (braces removed; entries without a title are left out)."""
    titles = {}
    for key, entry in entries(Path(path).read_text(encoding="utf-8")).items():
        title = entry_field(entry, "title")
        if title is not None:
            titles[key] = title
    return titles
