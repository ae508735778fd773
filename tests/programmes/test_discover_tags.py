"""govtext.programmes.discover with a part-of-speech tagger: leading verbs cut off suffix names, a verb
before a weak suffix, and a place name before generic nouns."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import fake_clean

import govtext as gt
from govtext import programmes
from govtext.programmes.discover import TagWords
from programmes.helpers import CODEBOOK, SANYI, one_sentence, tiny_codebook

RULES = programmes.load_discovery_rules(CODEBOOK)

WORDS = {  # a tiny tagged dictionary: the tagger below cuts longest-first and tags unknown characters x
    "开始": "v",
    "行动": "vn",
    "做活": "v",
    "议事": "n",
    "机制": "n",
    "共享": "v",
    "食堂": "n",
    "道路": "n",
    "改造": "v",
    "工程": "n",
    "禹州市": "ns",
    "河南": "ns",
    "样本": "n",
    "中心": "n",
    "邻里": "n",
    "书记": "n",
    "大家": "r",
    "社区": "n",
    "四治": "ns",  # as jieba tags it
    "融合": "vn",
}


def fake_tagger(text: str) -> list[tuple[str, str]]:
    """Longest-first cut by ``WORDS`` (single unknown characters tagged ``x``)."""
    out, at = [], 0
    longest = max(map(len, WORDS))
    while at < len(text):
        for size in range(min(longest, len(text) - at), 0, -1):
            word = text[at : at + size]
            if word in WORDS or size == 1:
                out.append((word, WORDS.get(word, "x")))
                at += size
                break
    return out


def found(raw: str, tag_words: TagWords | None) -> pd.DataFrame:
    clean = fake_clean(raw, "\n")
    table = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), RULES, tag_words=tag_words
    )
    return table.set_index("candidate", drop=False)


def test_leading_verbs_are_cut_off_suffix_names() -> None:
    text = "，开始行动。，做活议事机制。，共享食堂开门。"
    tagged = found(text, fake_tagger)
    assert "开始行动" not in tagged.index  # a verb and its object: nothing of the stem is left
    assert "议事机制" in tagged.index and "做活议事机制" not in tagged.index
    assert "共享食堂" in tagged.index  # before a strong suffix the verb qualifies the name
    untagged = found(text, None)  # without a tagger the spans are as the patterns give them
    assert {"开始行动", "做活议事机制", "共享食堂"} <= set(untagged.index)


def test_a_verb_before_a_weak_suffix_is_flagged_unless_quoted() -> None:
    tagged = found("，道路改造工程完工。推出“书记工程”。", fake_tagger)
    assert tagged.loc["道路改造工程", "verb_before_suffix"]
    assert not tagged.loc["书记工程", "verb_before_suffix"]  # a noun before the suffix
    quoted = found("推出“道路改造工程”。", fake_tagger)
    assert not quoted.loc["道路改造工程", "verb_before_suffix"]
    assert not found("，道路改造工程完工。", None).loc["道路改造工程", "verb_before_suffix"]


def test_a_place_name_before_generic_nouns_is_generic() -> None:
    text = "形成“河南样本”。形成“邻里样本”。"
    tagged = found(text, fake_tagger)
    assert tagged.loc["河南样本", "generic"]  # 样本 is a generic policy noun, 河南 a place
    assert not tagged.loc["邻里样本", "generic"]
    assert not found(text, None).loc["河南样本", "generic"]


def test_a_count_the_tagger_reads_as_a_place_is_no_place() -> None:
    tagged = found("围绕“四治融合”。形成“河南融合”。", fake_tagger)
    assert not tagged.loc["四治融合", "generic"]  # four kinds of governance fused: a formula
    assert tagged.loc["河南融合", "generic"]  # a place name and a generic noun


@pytest.mark.slow
def test_the_pipeline_tags_with_its_segmenter() -> None:
    """The same rules with jieba's tags, as ``run_pipeline`` passes them (``Segmenter.pos_pairs``)."""
    tagger = gt.Resources.default().tokenizer.pos_pairs
    table = found("，开始行动。，做活议事机制。，道路改造工程完工。", tagger)
    assert "开始行动" not in table.index and "议事机制" in table.index
    assert table.loc["道路改造工程", "verb_before_suffix"]


def test_a_clues_file_without_tag_lists_turns_the_tag_rules_off(tmp_path) -> None:
    from govtext.programmes import scoring

    packaged = scoring._packaged(scoring.CLUES_FILE).read_text(encoding="utf-8")
    older = tmp_path / "clues.yml"
    older.write_text(packaged[: packaged.index("# Part-of-speech tags")], encoding="utf-8")
    rules = scoring.load_candidate_rules(clues=older)
    assert not rules.tags_not_starting_names and not rules.verb_tags and not rules.place_tags
    clean = fake_clean("，开始行动。", "\n")
    table = programmes.discover_candidates(
        one_sentence("d", clean), {"d": clean}, tiny_codebook([SANYI]), RULES, rules, tag_words=fake_tagger
    )
    assert "开始行动" in set(table["candidate"])  # no tags to cut by
    bad = tmp_path / "bad.yml"
    bad.write_text(packaged.replace("verb_tags:\n  - v\n  - vn\n", "verb_tags: v\n"), encoding="utf-8")
    with pytest.raises(scoring.ResourceError, match="verb_tags"):
        scoring.load_candidate_rules(clues=bad)


def test_only_a_later_flag_may_be_missing_from_a_candidates_table() -> None:
    from govtext.programmes import scoring

    table = found("，道路改造工程完工。", fake_tagger).reset_index(drop=True)
    older = table.drop(columns=["verb_before_suffix"])  # a candidates.csv from before the column
    assert not scoring.feature_flags(older)["verb_before_suffix"].any()
    with pytest.raises(KeyError):
        scoring.feature_flags(table.drop(columns=["generic"]))
