"""Tests of govtext.metrics.numerals: Chinese and Arabic numerals read to values."""

from __future__ import annotations

import pytest

from govtext.metrics import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("45", 45),
        ("0", 0),
        ("96.8", 96.8),
        ("1,234.5", 1234.5),
        ("12，345", 12345),
        ("１２", 12),
        (" 72500 ", 72500),
        ("1.5万", 15_000),
        ("1.5 万", 15_000),
        ("8863万", 88_630_000),
        ("13.5亿", 1_350_000_000),
        ("320.9亿", 32_090_000_000),
        ("2千万", 20_000_000),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一万零一十", 10_010),
        ("两千", 2000),
        ("三百五", 350),
        ("一万五", 15_000),
        ("二千万零一", 20_000_001),
        ("十亿", 1_000_000_000),
        ("一亿二千三百四十五万六千七百八十九", 123_456_789),
        ("一万亿", 1e12),
        ("三点一四", 3.14),
        ("零点五", 0.5),
        ("负五", -5),
        ("-3.5", -3.5),
        ("二〇二〇", 2020),
        ("一三七一〇", 13710),
        ("半", 0.5),
        ("万", 10_000),
        ("数十", 10),
        ("几百", 100),
        ("上千", 1000),
        ("十几", 10),
        ("二十几", 20),
        ("百", 100),
        ("壹佰贰拾", 120),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


def test_parse_number_has_no_binary_noise():
    assert parse_number("320.9亿") == 32_090_000_000.0
    assert parse_number("157.3亿") == 15_730_000_000.0


@pytest.mark.parametrize(
    "text",
    ["", "  ", "十三五", "一一", "abc", "三点", "1,23", "万万", "十百", "三百四千", "五G", "1.2.3", "第一"],
)
def test_parse_number_rejects(text):
    with pytest.raises(ValueError, match=r"not a number|ambiguous"):
        parse_number(text)


def test_parse_number_rejects_non_strings():
    with pytest.raises(ValueError):
        parse_number(12)  # type: ignore[arg-type]
