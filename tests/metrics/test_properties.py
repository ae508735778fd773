"""Property tests of govtext.metrics: numeral round trips against cn2an, and robustness on arbitrary text."""

from __future__ import annotations

import math

import cn2an
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govtext.corpus import clean_text
from govtext.metrics import BOUNDS, METRIC_COLUMNS, extract_metrics, find_quantities, load_units, parse_number
from govtext.segment import make_tokenizer

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# extract_metrics builds a DataFrame per call: fewer examples keep the whole file fast
FEW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def tokenizer():
    return make_tokenizer(["三会一课", "网格员"])


@pytest.fixture(scope="module")
def units():
    return load_units()


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_chinese_integers_round_trip_through_cn2an(n):
    assert parse_number(cn2an.an2cn(n)) == n


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_financial_numerals_round_trip_through_cn2an(n):
    assert parse_number(cn2an.an2cn(n, "up")) == n


@SETTINGS
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_chinese_decimals_round_trip_through_cn2an(whole, cents):
    text = f"{whole}.{cents:02d}".rstrip("0")
    assert parse_number(cn2an.an2cn(text)) == pytest.approx(float(text), rel=1e-12)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_forms_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n / 100:.2f}") == pytest.approx(n / 100, rel=1e-12)


@SETTINGS
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿"]))
def test_arabic_with_multiplier(n, multiplier):
    scale = 10_000 if multiplier == "万" else 100_000_000
    assert parse_number(f"{n / 10:.1f}{multiplier}") == pytest.approx(n / 10 * scale, rel=1e-12)


@SETTINGS
@given(st.text(max_size=12))
def test_parse_number_raises_only_value_error(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert isinstance(value, float) and not math.isnan(value)


ALPHABET = st.sampled_from(
    list("0123456789０１.,，%％~-一二两三四五六七八九十百千万亿零〇半第每约近多余以上下左右")
    + list("个名人户元亩套栋处所间天月年日号场次期轮米株管条座家支起件项册份类方位县岁")
    + list('“”"《》（）()、。；！？：\n \u3000')
    + list("的是在和了有建设项目小区楼院网格员资金完成累计党支部老旧改造AbcG")
    + ["万元", "亿元", "个月", "人次", "平方米", "个亿", "百分之", "三会一课", "十三五", "五一", "以下"]
)


@SETTINGS
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_find_quantities_never_crashes_and_spans_are_sane(units, text):
    found = find_quantities(text, units, ["三会一课", "13710"])
    previous_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= previous_end  # non-overlapping, in order
        previous_end = q.end
        assert text[q.start : q.end] == q.text
        assert math.isfinite(q.value)
        assert q.bound in BOUNDS
        assert math.isnan(q.value_high) or q.value_high >= q.value


@FEW
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_extract_metrics_never_crashes_on_arbitrary_text(tokenizer, units, raw):
    clean = clean_text(raw)
    sentences = pd.DataFrame(
        {
            "doc_id": ["r"],
            "article_id": ["r-1"],
            "sentence_id": ["r-1-1"],
            "text": [clean.text],
            "clean_start": [0],
        }
    )
    out = extract_metrics(sentences, {"r": clean}, tokenizer, ["三会一课"], units)
    assert list(out.columns) == METRIC_COLUMNS
    for row in out.itertuples():
        assert raw[row.start : row.end] == row.surface
        assert row.start < row.end
        assert row.bound in BOUNDS
        assert isinstance(row.subject, str)
    assert out.equals(out.sort_values(["doc_id", "start", "end"], kind="mergesort"))


@SETTINGS
@given(st.integers(min_value=2, max_value=10**8), st.sampled_from(["个", "名", "户", "套", "亩", "万元"]))
def test_written_count_is_read_back(units, n, unit):
    text = f"共完成{n}{unit}，"
    found = find_quantities(text, units)
    assert len(found) == 1
    expected = n * 10_000 if unit == "万元" else n
    assert found[0].value == pytest.approx(expected, rel=1e-12)
    # a count of two before a classifier says 两 (a bare 二 there is an ordinal: 二支队)
    chinese = "两" if n == 2 and unit in ("个", "套") else cn2an.an2cn(n)
    found = find_quantities(f"共完成{chinese}{unit}，", units)
    assert [q.value for q in found] == [pytest.approx(expected, rel=1e-12)]
