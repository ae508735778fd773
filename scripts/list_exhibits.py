"""Print the README's list of exhibits: each glued figure and downloadable table, and its notebook.

Usage: python scripts/list_exhibits.py  (reads book/*.ipynb and book/*.md in _toc.yml order)
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIGURE_RE = re.compile(
    r"```\{glue:figure\}\s+(\S+)\s*\n(?::name:\s*(\S+)\s*\n)?(?::\w+:.*\n)*\s*([\s\S]+?)\n```", re.M
)
DOWNLOAD_RE = re.compile(r"\{download\}`([^<`]+?)\s*<([^>]+)>`")


def toc_files() -> list[str]:
    """Documents in the order of _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def exhibits(doc: str) -> list[tuple[str, str, str]]:
    """(kind, label, description) for every figure and download in one document."""
    path = next((ROOT / f"{doc}{ext}" for ext in (".ipynb", ".md") if (ROOT / f"{doc}{ext}").exists()), None)
    if path is None:
        return []
    if path.suffix == ".ipynb":
        cells = nbformat.read(path, as_version=4).cells
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    rows = [("figure", key, " ".join(caption.split())) for key, _name, caption in FIGURE_RE.findall(text)]
    rows += [("table (CSV)", target, label.strip()) for label, target in DOWNLOAD_RE.findall(text)]
    return rows


def first_sentence(caption: str) -> str:
    """The caption up to its first full stop (the whole caption if it has none)."""
    match = re.match(r"(.+?[.。])(\s|$)", caption)
    return match.group(1) if match else caption


def main() -> None:
    print("| exhibit | made by | glue key / file | caption or name |")
    print("|---|---|---|---|")
    for doc in toc_files():
        for kind, label, description in exhibits(doc):
            print(f"| {kind} | `{doc}` | `{label}` | {first_sentence(description).replace('|', '/')} |")


if __name__ == "__main__":
    main()
