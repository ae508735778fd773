"""Property tests of govtext.corpus cleaning: the raw map, idempotence, no CJK lost, spans in bounds."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govtext.corpus import FULLWIDTH, clean_text, is_han, is_layout_space, split_running_text
from govtext.corpus.chinese_script import to_simplified

# Pieces that exercise the cleaning rules: CJK text, both widths of punctuation, quotes, digits,
# Latin, every kind of whitespace, byline and furniture words, rules, headings and captions.
PIECES = [
    *"中国街道社区镇村。，、：；！？“”‘’（）《》…—·",
    *",;:()?!\"'.%+-|~",
    *"120aBZ",
    *[" ", " ", "\n", "\n", "\n\n", "\t", "\u3000", "\r\n", "\u2028", "\x0b"],
    *["记者", "本报讯", "本报记者", "通讯员", "文/图", "编辑：", "编辑：张三", "巩义融媒记者", "李晓霞"],
    *["版权所有", "2020年5月14日", "星期四", "V10-11", "|||", "摄", "图为"],
    *["打牢基层基础", "树立大抓基层基础的鲜明导向，着力规范", "汝河小区游园", "1.5", "10:30", "LED"],
    *["靈寶市澗西區", "6個", "1萬餘平方米", "長效機制", "於", "乾"],  # traditional characters
]
TEXTS = st.one_of(st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.text(max_size=80))
FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXTS)
def test_raw_index_round_trips(raw: str):
    clean = clean_text(raw)
    assert clean.raw == raw
    assert len(clean.raw_index) == len(clean.text)
    assert all(b > a for a, b in zip(clean.raw_index, clean.raw_index[1:], strict=False))
    for char, position in zip(clean.text, clean.raw_index, strict=True):
        source = raw[position]
        assert (
            char in (source, to_simplified(source))
            or char in FULLWIDTH.get(source, "")
            or (is_layout_space(source) and char in " \n")
        )


@FAST
@given(TEXTS)
def test_cleaning_is_idempotent(raw: str):
    once = clean_text(raw).text
    assert clean_text(once).text == once


@FAST
@given(TEXTS)
def test_no_cjk_character_is_lost(raw: str):
    clean = clean_text(raw)
    simplified = to_simplified(raw)  # a traditional character is read as its simplified form, not lost
    assert Counter(c for c in simplified if is_han(c)) == Counter(c for c in clean.text if is_han(c))


@FAST
@given(TEXTS)
def test_paragraphs_are_single_newlines_without_padding(raw: str):
    text = clean_text(raw).text
    assert "\n\n" not in text
    assert all(line and line == line.strip() for line in text.split("\n")) or text == ""


@FAST
@given(TEXTS, st.data())
def test_raw_span_within_bounds(raw: str, data):
    clean = clean_text(raw)
    n = len(clean.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    raw_start, raw_end = clean.raw_span(start, end)
    assert 0 <= raw_start <= raw_end <= len(raw)
    if start < end:
        assert raw_end - raw_start >= end - start
        assert raw_start == clean.raw_index[start] and raw_end == clean.raw_index[end - 1] + 1


@FAST
@given(TEXTS)
def test_sentences_tile_running_text(raw: str):
    text = clean_text(raw).text
    spans = split_running_text(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
    assert "".join("".join(text[a:b].split()) for a, b in spans) == "".join(text.split())
