"""scripts/devset_tables.py: the README's development-set tables are the ones the scores files give."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def script():
    return load_module(ROOT / "scripts" / "devset_tables.py")


def test_the_readme_holds_both_tables_as_the_files_give_them(script) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table in script.tables():
        assert table in readme, table.split("\n")[2]


def test_a_changed_score_changes_the_table(script, tmp_path) -> None:
    folder = tmp_path / "devset"
    folder.mkdir()
    scores = (ROOT / "data" / "devset" / "scores.csv").read_text(encoding="utf-8").split("\n")
    header, first_row = scores[0], scores[1].split(",")
    precision = header.split(",").index("precision")
    first_row[precision] = "0.123456"
    (folder / "scores.csv").write_text(
        "\n".join([header, ",".join(first_row), *scores[2:]]), encoding="utf-8"
    )
    (folder / "first_scores.csv").write_text(
        (ROOT / "data" / "devset" / "first_scores.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    current, _first = script.tables(folder)
    assert "0.123 /" in current and current not in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_option_rewrites_the_tables_in_place(script, tmp_path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = readme.replace(script.tables()[0].split("\n")[2], "| stale | 0 | 0 / 0 |")
    assert stale != readme
    path = tmp_path / "README.md"
    path.write_text(stale, encoding="utf-8")
    assert script.main(["--readme", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == readme


def test_readme_without_the_table_is_an_error_and_unchanged(script, tmp_path, capsys) -> None:
    path = tmp_path / "README.md"
    path.write_text("# no tables here\n", encoding="utf-8")
    assert script.main(["--readme", str(path)]) == 1
    assert "no table with the header" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# no tables here\n"
