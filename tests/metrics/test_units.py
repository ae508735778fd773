"""Tests of govtext.metrics.units: the units codebook, its content and its validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtext.metrics import BOUNDS, UnitsError, find_quantities, load_units


def test_units_codebook_content(units):
    forms = set(units.by_form)
    for form in [
        "亩",
        "平方米",
        "元",
        "万元",
        "亿元",
        "个亿",
        "户",
        "名",
        "人",
        "人次",
        "个",
        "套",
        "栋",
        "处",
    ]:
        assert form in forms, form
    for form in ["所", "间", "天", "个月", "小时", "场", "场次", "次", "期", "轮", "批次", "米", "株", "管"]:
        assert form in forms, form
    for form in ["条", "座", "家", "支", "起", "件", "项", "册", "份", "楼院", "%"]:
        assert form in forms, form
    assert units.by_form["万元"].unit == "元" and units.by_form["万元"].multiplier == 10_000
    used = {entry.unit_class for entry in units.entries}
    assert used <= set(units.classes)
    assert all(reason for _, reason in units.not_quantities)
    assert set(units.prefix_approx.values()) | set(units.suffix_approx.values()) <= set(BOUNDS)
    phrases = [p for p, _ in units.not_quantities]
    assert len(phrases) == len(set(phrases))
    for idiom in ["千万市民", "最后一公里", "一户一人", "两手抓", "一马当先", "一把尺子"]:
        assert idiom in phrases


def write_units(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
classes:
  area: {kind: measure, description: area}
units:
  - {unit: 亩, class: area}
"""


def test_load_units_minimal(tmp_path):
    units = load_units(write_units(tmp_path, GOOD))
    assert [q.text for q in find_quantities("占地34.9亩，5个", units)] == ["34.9亩"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("classes: [", "not valid YAML"),
        ("- a\n- b\n", "mapping at the top level"),
        ("units: []\n", "missing field 'classes'"),
        (GOOD.replace("class: area}", "class: volume}"), r"units\[0\] \(亩\): field 'class'"),
        (GOOD.replace("kind: measure", "kind: size"), r"classes.area: field 'kind'"),
        (GOOD.replace("{unit: 亩, class: area}", "{class: area}"), r"units\[0\]: field 'unit'"),
        (GOOD.replace("class: area}", "class: area, multiplier: -1}"), r"\(亩\): field 'multiplier'"),
        (GOOD.replace("class: area}", "class: area, forms: 亩}"), r"\(亩\): field 'forms'"),
        (GOOD.replace("class: area}", "class: area, approx_after: maybe}"), r"field 'approx_after'"),
        (GOOD.replace("class: area}", "class: area, arabic_only: maybe}"), r"\(亩\): field 'arabic_only'"),
        (GOOD + "words_starting_with_half: 半年\n", "words_starting_with_half"),
        (GOOD.replace("class: area}", "class: area, colour: red}"), r"\(亩\): unknown field\(s\) colour"),
        (GOOD.replace("class: area}", "class: area, date_between: [3, 1]}"), r"field 'date_between'"),
        (GOOD + "  - {unit: 公亩, class: area, forms: [亩]}\n", r"units\[1\] \(公亩\): field 'forms': '亩'"),
        (GOOD + "approximators: {prefix: {约: about}}\n", r"approximators.prefix.约: bound 'about'"),
        (GOOD + "not_quantities:\n  - {phrase: 两手抓}\n", r"not_quantities\[0\] \(两手抓\): field 'reason'"),
        (GOOD + "quoted_name_max_chars: 0\n", "quoted_name_max_chars"),
    ],
)
def test_load_units_errors_name_file_entry_and_field(tmp_path, text, message):
    path = write_units(tmp_path, text)
    with pytest.raises(ValueError, match=message) as info:
        load_units(path)
    assert str(path) in str(info.value)


def test_load_units_missing_file(tmp_path):
    with pytest.raises(UnitsError, match=r"nope\.yml: file not found"):
        load_units(tmp_path / "nope.yml")
