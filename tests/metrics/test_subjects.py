"""Tests of govtext.metrics.subjects: the noun phrase a quantity counts, from jieba tokens around it."""

from __future__ import annotations

import pytest

from govtext.metrics import find_quantities, find_subject
from govtext.segment import cut_with_offsets


def subjects(text: str, units, tokenizer) -> dict[str, str]:
    """Surface → subject for every quantity of ``text`` (the other quantities block their tokens)."""
    found = find_quantities(text, units)
    tokens = cut_with_offsets(text, tokenizer)
    return {q.text: find_subject(text, q, tokens, found, units) for q in found}


@pytest.mark.parametrize(
    ("text", "surface", "subject"),
    [
        ("在2020年确定的45个重点项目中", "45个", "重点项目"),  # right of the unit
        ("充实网格员6513名。", "6513名", "网格员"),  # left, leading verb dropped
        ("每个楼院指派1名机关科级干部", "1名", "机关科级干部"),  # a rate: the base is not the subject
        ("坚持党建引领，完成3个。", "3个", ""),  # never across clause punctuation
    ],
)
def test_find_subject_examples(units, tokenizer, text, surface, subject):
    assert subjects(text, units, tokenizer)[surface] == subject


def test_find_subject_left_phrase_keeps_the_noun_run(units, tokenizer):
    assert subjects("荥阳市核酸日总检测能力72500管。", units, tokenizer)["72500管"].endswith(
        "核酸日总检测能力"
    )


def test_find_subject_default_units_and_no_others(units, tokenizer):
    text = "建设住房74套，投资900万元。"
    found = find_quantities(text, units)
    tokens = cut_with_offsets(text, tokenizer)
    for q in found:
        assert find_subject(text, q, tokens) == find_subject(text, q, tokens, found, units)
    assert find_subject(text, found[0], []) == ""
