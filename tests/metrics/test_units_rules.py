"""Tests of the units codebook's rule sections (ranks, tiers, sets, frequency) and new unit fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtext.metrics import find_quantities, load_units
from govtext.metrics.units import KINDS, METRIC_KINDS

BASE = """
classes:
  items: {kind: count, description: items}
  events: {kind: count, description: events}
  tiers: {kind: count, description: tiers}
units:
  - {unit: 个, class: items}
  - {unit: 次, class: events, not_after: [届]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_rules(units):
    assert "排名" in units.ranks.verbs and "全国" in units.ranks.scopes and "河南" in units.ranks.places
    assert units.tiers.unit == "级" and units.tiers.unit_class == "tiers"
    assert "周" in units.frequency.periods and "季度" in units.frequency.periods
    assert units.sets.unit_class in units.classes
    assert set(KINDS) < set(METRIC_KINDS) and {"rate", "frequency"} <= set(METRIC_KINDS)
    assert "四大班子" not in {phrase for phrase, _ in units.not_quantities}  # an N大X count


def test_sections_are_optional_and_switch_their_rules_off(tmp_path):
    units = load_units(write(tmp_path, BASE))
    assert [q.kind for q in find_quantities("排名全国第九，每周2次", units)] == ["count"]
    assert find_quantities("构建三级联动体系", units) == []
    assert [q.text for q in find_quantities("十一届九次全会", units)] == []  # not_after


def test_rules_from_a_custom_file(tmp_path):
    text = BASE + (
        "ranks: {verbs: [排名], scopes: [全国]}\n"
        "tiers: {unit: 级, class: tiers, nouns: [联动]}\n"
        "frequency: {periods: [周]}\n"
    )
    units = load_units(write(tmp_path, text))
    found = [(q.text, q.kind) for q in find_quantities("排名全国第九，每周2次，三级联动", units)]
    assert found == [("第九", "rank"), ("2次", "frequency"), ("三级", "count")]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("ranks: [排名]\n", "ranks: must be a mapping"),
        ("ranks: {verb: [排名]}\n", r"ranks: unknown field\(s\) verb"),
        ("ranks: {verbs: 排名}\n", "ranks.verbs"),
        ("tiers: {class: tiers}\n", "tiers: field 'unit'"),
        ("tiers: {unit: 级, class: levels}\n", "tiers.class"),
        ("tiers: {unit: 级, max_value: 0}\n", "tiers.max_value"),
        ("sets: {max_list_gap: -1}\n", "sets.max_list_gap"),
        ("frequency: {periods: [周], every: true}\n", r"frequency: unknown field\(s\) every"),
    ],
)
def test_rule_section_errors_name_file_and_field(tmp_path, extra, message):
    path = write(tmp_path, BASE + extra)
    with pytest.raises(ValueError, match=message) as info:
        load_units(path)
    assert str(path) in str(info.value)


def test_only_after_numbers(tmp_path):
    text = BASE.replace(
        "  - {unit: 个, class: items}",
        '  - {unit: 个, class: items}\n  - {unit: "%", class: items, forms: [数], multiplier: 100, '
        "only_after_numbers: [半]}",
    )
    units = load_units(write(tmp_path, text))
    assert [(q.text, q.value) for q in find_quantities("半数居民", units)] == [("半数", 50)]
    assert find_quantities("十数人", units) == []
    with pytest.raises(ValueError, match="only_after_numbers"):
        load_units(write(tmp_path, text.replace("only_after_numbers: [半]", "only_after_numbers: 半")))


def test_half_after_one_is_fifty_percent_in_the_packaged_units():
    from govtext.metrics import load_units as packaged

    units = packaged()
    assert [(q.text, q.value, q.unit) for q in find_quantities("改造工作已接近完成一半。", units)] == [
        ("一半", 50, "%")
    ]
    # 半 after 年 is part of a duration (a year and a half, round 36), not a share
    found = find_quantities("用了一年半时间", units)
    assert [(q.text, q.value, q.unit) for q in found] == [("一年半", 1.5, "年")]
