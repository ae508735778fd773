"""govtext.regexguard: a guarded pattern finds exactly what the pattern finds (issue 19)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govtext.corpus.furniture import default_furniture
from govtext.programmes import discover, scoring
from govtext.regexguard import first_characters, guarded
from metrics.helpers import default_units

SEEDS = sorted((Path(__file__).resolve().parents[2] / "data" / "raw").glob("*.txt"))


def _patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern the pipeline guards: the units codebook's, the page furniture's, discovery's."""
    units = default_units()
    found = {"quantity": units.quantity_re, "per": units.per_re, "formula": discover._FORMULA_RE}
    rules = discover._compiled(discover.load_discovery_rules(), scoring.default_candidate_rules())
    found["digit_name"] = rules.digit_name
    furniture = default_furniture()
    for number, entry in enumerate((*furniture.inline, *furniture.line_only)):
        found[f"furniture {number}"] = entry.regex
    return found


PATTERNS = _patterns()


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    source = pattern.pattern
    if source.startswith("(?=["):  # (?=[...])(?:original)
        source = source[source.index("])(?:") + len("])(?:") : -1]
    return re.compile(source, pattern.flags)


def _same_matches(guarded_re: re.Pattern[str], plain: re.Pattern[str], text: str) -> None:
    def found(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]

    assert found(guarded_re) == found(plain)
    for position in range(len(text) + 1):
        a, b = guarded_re.match(text, position), plain.match(text, position)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_the_costly_patterns_are_guarded() -> None:
    assert PATTERNS["quantity"].pattern.startswith("(?=[")
    assert any(p.pattern.startswith("(?=[") for name, p in PATTERNS.items() if name.startswith("furniture"))


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_guarded_patterns_find_what_the_plain_patterns_find_on_the_seeds(name: str) -> None:
    guarded_re = PATTERNS[name]
    plain = _unguarded(guarded_re)
    assert guarded(plain).pattern == guarded_re.pattern
    for path in SEEDS:
        for line in path.read_text(encoding="utf-8").splitlines():
            _same_matches(guarded_re, plain, line)


ALPHABET = (
    "0123456789０１２３.,，%万亿千百十一二两三五"
    "个人次元年月日第约近超每半“”《》：:|-—>"
    '"上下页阅读浏览ICP备号版 \n者工程制平台机制'
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_guarded_patterns_find_what_the_plain_patterns_find_on_random_text(text: str) -> None:
    for guarded_re in PATTERNS.values():
        _same_matches(guarded_re, _unguarded(guarded_re), text)


def test_what_is_left_as_it_is() -> None:
    for source in (r"\d+", "a|b", "abc", r"(?:x)?", r"(?<=a)b*", "(?i)(?<!a)b"):  # fast, empty, flag
        pattern = re.compile(source)
        assert guarded(pattern) is pattern
    assert guarded(re.compile(r"(?<!x)[ab]c|d")).pattern == r"(?=[abd])(?:(?<!x)[ab]c|d)"
    assert first_characters(re.compile(r"(?:第)?(?<!x)(?:\d+|(?!)z)")) == r"[第\d]"
    assert first_characters(re.compile(r"(?<!x)[^a]")) is None
