"""govtext.corpus.chinese_script: traditional characters read as simplified, one to one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtext.corpus import clean_text
from govtext.corpus.chinese_script import TRADITIONAL_PATH, load_character_table, to_simplified
from govtext.yamlfile import ResourceError

TABLE = load_character_table()


def test_the_packaged_table_maps_traditional_only_characters() -> None:
    assert len(TABLE) > 3000
    assert TABLE["個"] == "个" and TABLE["萬"] == "万" and TABLE["餘"] == "余" and TABLE["機"] == "机"
    simplified = set(TABLE.values())
    assert not simplified & set(TABLE)  # no simplified form is itself converted
    for both in "於乾著里干":  # used as they are in simplified writing too
        assert both not in TABLE


def test_a_traditional_page_is_cleaned_to_simplified_with_raw_offsets() -> None:
    raw = "靈寶市澗西區:強弱項補短板,共有6個小區,面積1萬餘平方米。"
    clean = clean_text(raw)
    assert clean.text == "灵宝市涧西区：强弱项补短板，共有6个小区，面积1万余平方米。"
    start = clean.text.index("6个")
    raw_start, raw_end = clean.raw_span(start, start + 2)
    assert raw[raw_start:raw_end] == "6個"


def test_simplified_text_is_unchanged() -> None:
    text = "巩义市紫荆路街道于2020年开展“五星”支部创建，乾坤湾著名景区。"
    assert to_simplified(text) == text


@given(st.text(alphabet=st.sampled_from(sorted(TABLE) + list("中国街道，。6")), max_size=40))
def test_conversion_keeps_the_length_and_is_idempotent(text: str) -> None:
    once = to_simplified(text)
    assert len(once) == len(text)
    assert to_simplified(once) == once


@pytest.mark.parametrize(
    ("line", "problem"),
    [("個个x", "one character, a tab"), ("個\t個", "maps to itself"), ("個\t个\n個\t个", "listed twice")],
)
def test_a_bad_table_names_the_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "table.txt"
    path.write_text("# comment\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=problem) as error:
        load_character_table(path)
    assert "table.txt" in str(error.value) and "line" in str(error.value)


def test_the_table_file_is_the_packaged_resource() -> None:
    assert TRADITIONAL_PATH.name == "traditional_characters.txt" and TRADITIONAL_PATH.is_file()
