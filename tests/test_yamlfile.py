"""The one YAML reader: duplicate keys and runaway aliases are errors naming the file and line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtext import programmes
from govtext.resources import RESOURCE_FILES, resource_path
from govtext.yamlfile import MAX_NODES, ResourceError, parse_yaml, read_yaml


def test_duplicate_key_is_an_error_naming_file_and_line(tmp_path) -> None:
    path = tmp_path / "dup.yml"
    path.write_text("programmes:\n  - id: a\nname: x\nprogrammes: []\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"dup\.yml: not valid YAML: line 4: duplicate key 'programmes'"):
        read_yaml(path)


def test_duplicate_key_inside_an_entry_is_an_error(tmp_path) -> None:
    path = tmp_path / "entry.yml"
    path.write_text("- id: a\n  name_zh: 甲\n  name_zh: 乙\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"duplicate key 'name_zh' \(first on line 2\)"):
        read_yaml(path)


def test_codebook_with_two_programme_sections_fails_check(tmp_path) -> None:
    text = resource_path("codebook").read_text(encoding="utf-8")
    path = tmp_path / "twice.yml"
    path.write_text(text + "\nprogrammes: []\n", encoding="utf-8")
    problems = programmes.check_codebook_file(path)
    assert problems and "duplicate key 'programmes'" in problems[0]


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    with pytest.raises(ResourceError, match=f"more than {MAX_NODES:,} nodes"):
        parse_yaml("\n".join(lines), "bomb.yml")


def test_missing_and_undecodable_files_are_named(tmp_path) -> None:
    with pytest.raises(ResourceError, match=r"nope\.yml: file not found"):
        read_yaml(tmp_path / "nope.yml")
    bad = tmp_path / "gbk.yml"
    bad.write_bytes("名称: 巩义".encode("gb18030"))
    with pytest.raises(ResourceError, match=r"gbk\.yml: not UTF-8 text"):
        read_yaml(bad)


def test_every_packaged_resource_is_present_and_valid_yaml() -> None:
    for name, file_name in RESOURCE_FILES.items():
        path = resource_path(name)
        assert path.name == file_name and path.is_file(), name
        if file_name.endswith(".yml"):
            assert read_yaml(path) is not None


@given(st.dictionaries(st.text(min_size=1, max_size=5).filter(str.isidentifier), st.integers(), max_size=8))
def test_mappings_without_repeats_parse_as_plain_yaml(mapping: dict[str, int]) -> None:
    # "k_" keeps keys from being YAML 1.1 booleans or nulls (NO, on, ~)
    text = "".join(f"k_{key}: {value}\n" for key, value in mapping.items()) or "{}"
    assert parse_yaml(text) == {f"k_{key}": value for key, value in mapping.items()}
