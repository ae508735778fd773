"""The shortcuts of discovery (issue 19) give the values of the plain definitions they replace."""

from __future__ import annotations

from govtext import programmes
from govtext.programmes import discover
from govtext.programmes.names import QUOTES, SEPARATORS, fold_char, name_key


def _reference_key(text: str) -> str:
    """``name_key`` as first defined: fold each character, drop whitespace, quotes and separators."""
    folded = (fold_char(char) for char in text)
    return "".join(c for c in folded if not (c.isspace() or c in QUOTES or c in SEPARATORS))


def test_name_key_agrees_with_the_character_by_character_definition_on_every_code_point() -> None:
    wrong = [hex(code) for code in range(0x110000) if name_key(chr(code)) != _reference_key(chr(code))]
    assert wrong == []
    text = "“９８２”工程、亮承诺，赛实绩\u3000比干劲 1・2\t＂Ａ＇"
    assert name_key(text) == _reference_key(text) == "982工程亮承诺赛实绩比干劲1·2A"


def _plain_features(text: str, start: int, end: int, pattern: str, crules: discover.CandidateRules) -> dict:
    """The context features as first defined (on copies of the text before and after the span)."""
    lead = text[:start].rstrip(QUOTES + " \u3000")
    trail = text[end:].lstrip(QUOTES + " \u3000")
    return {
        "introduced": lead.endswith(crules.introducers),
        "after_de": lead.endswith("的"),
        "explained": trail[:1] in ("(", "（") or trail.startswith("即"),
    }


def test_a_cached_span_text_still_reads_its_own_context() -> None:
    crules = discover.default_candidate_rules()
    introducer = crules.introducers[0]
    name = "“三联一包”机制"
    text = f"{introducer}{name}（即三联）。治理的 {name}。{name}"
    reader = discover._FeatureReader(crules)
    starts = [i for i in range(len(text)) if text.startswith(name, i)]
    regions = discover._quoted_regions(text)
    seen = []
    for start in starts:
        end = start + len(name)
        features = reader(text, start, end, "quoted", regions)
        fresh = discover._FeatureReader(crules)(text, start, end, "quoted", regions)
        assert features == fresh
        plain = _plain_features(text, start, end, "quoted", crules)
        assert {k: features[k] for k in plain} == plain
        seen.append(plain)
    assert seen == [
        {"introduced": True, "after_de": False, "explained": True},
        {"introduced": False, "after_de": True, "explained": False},
        {"introduced": False, "after_de": False, "explained": False},
    ]


def test_generic_reads_the_longest_generic_noun() -> None:
    nouns = frozenset({"工作", "长效工作机制"})
    assert discover._made_of("长效工作机制工作", nouns)
    assert not discover._made_of("长效工作", nouns)
    assert discover._longest_word(nouns) == len("长效工作机制")
    assert programmes.name_key("长效 工作") == "长效工作"
