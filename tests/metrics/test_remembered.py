"""Shortcuts of the metric rules (issue 19): remembered numbers, names masked across quotation marks."""

from __future__ import annotations

import pytest

from govtext.metrics import numerals, quantities


def test_a_remembered_number_is_read_again_the_same() -> None:
    for _ in range(2):
        assert numerals.parse_number("一万五") == 15000.0
        assert numerals.parse_number("1.5万") == 15000.0
        with pytest.raises(ValueError, match="not a number: '十三五'"):
            numerals.parse_number("十三五")
    with pytest.raises(ValueError, match="expected a string"):
        numerals.parse_number(5)  # type: ignore[arg-type]


def test_programme_names_are_found_across_quotation_marks() -> None:
    names = quantities._names_regex(("“982”工程", "三零"))
    assert names is not None
    text = "推进“982”工程建设，另有“1+N”与982工程。"
    spans = quantities._name_spans(text, names)
    assert [text[s:e] for s, e in spans] == ["982”工程", "982工程"]  # from the first digit, as before
    assert quantities._name_spans("“一条”新闻", names) == []
