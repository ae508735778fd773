"""Traditional characters read as simplified: a one-to-one table, so cleaning moves no raw offset.

``traditional_characters.txt`` (package data, made from OpenCC's dictionaries by
``scripts/write_traditional_table.py``) lists the characters simplified writing never uses, each with its
simplified form. Cleaning reads the page through this table (``to_simplified``), so the codebook, the unit
lists, the stop lists and jieba, all written in simplified characters, work on a page in traditional
characters (a repost converted by an aggregator: 6個, 1萬餘平方米, 長效機制) as on any other; every span
still points at the page's own characters.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from govtext.resources import resource_path
from govtext.yamlfile import ResourceError, resource_problem

TRADITIONAL_PATH = resource_path("traditional_characters")


def load_character_table(path: str | Path = TRADITIONAL_PATH) -> dict[str, str]:
    """Read a ``traditional<TAB>simplified`` table (``#`` comments, blank lines ignored); each side one
    character, the two different, no character listed twice. Errors name the file and the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(resource_problem(path, None, f"cannot read the character table: {exc}")) from None
    table: dict[str, str] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        traditional, sep, simplified = line.partition("\t")
        where = f"line {number}"
        if not sep or len(traditional) != 1 or len(simplified) != 1:
            raise ResourceError(
                resource_problem(path, where, f"expected one character, a tab, one character: {line!r}")
            )
        if traditional == simplified:
            raise ResourceError(resource_problem(path, where, f"{traditional} maps to itself"))
        if traditional in table:
            raise ResourceError(resource_problem(path, where, f"{traditional} is listed twice"))
        table[traditional] = simplified
    return table


@lru_cache(maxsize=4)
def _translation(path: str) -> dict[int, str]:
    return str.maketrans(load_character_table(path))


def to_simplified(text: str, path: str | Path = TRADITIONAL_PATH) -> str:
    """``text`` with each traditional character of the table replaced by its simplified form (same length;
    every other character unchanged)."""
    return text.translate(_translation(str(path)))
