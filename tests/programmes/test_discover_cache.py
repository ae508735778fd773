"""The shortcuts of discovery (issue 19) give the values of the plain definitions they replace."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from govtext import programmes
from govtext.programmes import discover, match, scoring
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


def _plain_features(text: str, start: int, end: int, pattern: str, crules: scoring.CandidateRules) -> dict:
    """The context features as first defined (on copies of the text before and after the span)."""
    lead = text[:start].rstrip(QUOTES + " \u3000")
    trail = text[end:].lstrip(QUOTES + " \u3000")
    return {
        "introduced": lead.endswith(crules.introducers),
        "after_de": lead.endswith("的"),
        "explained": trail[:1] in ("(", "（") or trail.startswith("即"),
    }


def test_a_cached_span_text_still_reads_its_own_context() -> None:
    crules = scoring.default_candidate_rules()
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


def _brute_overlaps(indices, starts, ends) -> list:
    kept: list[tuple[int, int]] = []
    out = []
    for index, start, end in zip(indices, starts, ends, strict=True):
        if all(end <= s or e <= start for s, e in kept):
            kept.append((start, end))
            out.append(index)
    return out


_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_SPANS)
def test_spans_kept_without_overlaps_are_those_of_the_pairwise_test(spans) -> None:
    starts = [s for s, _ in spans]
    ends = [s + n for s, n in spans]  # empty spans included: they take the pairwise path
    indices = list(range(100, 100 + len(spans)))
    assert discover._without_overlaps(indices, starts, ends) == _brute_overlaps(indices, starts, ends)
    non_empty = [e + 1 for e in ends]
    assert discover._without_overlaps(indices, starts, non_empty) == _brute_overlaps(
        indices, starts, non_empty
    )


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet='“”「」‘’"ab三制', max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8))),
)
def test_quoted_is_the_pairwise_test_of_the_quoted_regions(text, spans) -> None:
    regions = discover._quoted_regions(text)
    reader = discover._FeatureReader(scoring.default_candidate_rules())
    for start, length in spans:
        end = start + length
        plain = any((start <= s and e <= end) or (s <= start and end <= e) for s, e in regions)
        assert reader._quoted(start, end, regions) == plain
    overlapping = [(0, 5), (3, 9)]  # not the regions of a text: looked at one by one
    assert reader._quoted(4, 6, overlapping) and not reader._quoted(10, 12, overlapping)


def test_the_sentence_locator_and_remembered_names_give_the_plain_answers() -> None:
    sentences = pd.DataFrame(
        {
            "doc_id": ["b", "a", "a", None],
            "article_id": ["b-1", "a-1", "a-2", "x"],
            "sentence_id": ["b-1-1", "a-1-2", "a-1-1", "x-1"],
            "clean_start": [0, 9, 0, 0],
            "clean_end": [5, 12, 8, 3],
        }
    )
    assert match._sentence_locator(sentences) == {
        "a": ([0, 9], [8, 12], ["a-1-1", "a-1-2"], ["a-2", "a-1"]),
        "b": ([0], [5], ["b-1-1"], ["b-1"]),
    }
    pattern, owners = match.build_matcher({"三会一课": "p1", "河长制": "p2"})
    text = "推行“三会一课”和河长制。"
    first = match.find_names(text, pattern, owners)
    assert first == [(3, 7, "p1"), (9, 12, "p2")] == match._find_names(text, pattern, owners)
    first.append((0, 1, "changed by the caller"))
    assert match.find_names(text, pattern, owners) == [(3, 7, "p1"), (9, 12, "p2")]
    assert match.find_names(text, pattern, {**owners, "河长制": "p9"}) == [(3, 7, "p1"), (9, 12, "p9")]
