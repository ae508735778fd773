"""govtext.programmes.suggest and the ``status`` of codebook entries: proposed entries are valid, left out
by load_codebook (so the matcher ignores them) until accepted; suggest drafts them from candidates.csv."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govtext import programmes
from govtext.common import ID_PATTERN
from govtext.programmes.suggest import (
    Example,
    Proposal,
    proposal_yaml,
    propose_entries,
    suggest_from_run,
    suggested_codebook,
)
from govtext.yamlfile import parse_yaml
from programmes.helpers import CODEBOOK

TEXT = CODEBOOK.read_text(encoding="utf-8")
MARKER = "  - id: party_member_activity_day\n"


def _with_status(tmp_path, status: str):
    path = tmp_path / f"{status or 'blank'}.yml"
    path.write_text(TEXT.replace(MARKER, MARKER + f"    status: {status}\n"), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------------------
# status: accepted | proposed
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["accepted", "proposed"])
def test_status_accepted_or_proposed_passes_the_check(tmp_path, status):
    assert programmes.check_codebook_file(_with_status(tmp_path, status)) == []


def test_an_unknown_status_names_the_entry_and_field(tmp_path):
    problems = programmes.check_codebook_file(_with_status(tmp_path, "maybe"))
    assert problems == [
        f"{tmp_path / 'maybe.yml'}: entry party_member_activity_day: field 'status': unknown status 'maybe' "
        "(known: accepted, proposed)"
    ]


def test_load_codebook_leaves_proposed_entries_out(tmp_path, codebook):
    proposed = programmes.load_codebook(_with_status(tmp_path, "proposed"))
    assert "party_member_activity_day" not in set(proposed["id"])
    assert len(proposed) == len(codebook) - 1
    assert proposed.attrs["proposed"] == ("party_member_activity_day",)
    accepted = programmes.load_codebook(_with_status(tmp_path, "accepted"))
    pd.testing.assert_frame_equal(accepted, codebook)
    assert codebook.attrs["proposed"] == ()


def test_the_matcher_ignores_a_proposed_entry(tmp_path, seeds, mentions):
    _documents, cleaned, sentences = seeds
    proposed = programmes.load_codebook(_with_status(tmp_path, "proposed"))
    found = programmes.match_programmes(sentences, cleaned, proposed)
    assert "party_member_activity_day" in set(mentions["programme_id"])
    assert "party_member_activity_day" not in set(found["programme_id"])
    assert "党员固定活动日" not in programmes.codebook_terms(proposed)
    assert "党员固定活动日" not in programmes.programme_names(proposed)


# ----------------------------------------------------------------------------------------------------
# propose_entries and suggest_from_run
# ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory, seeds, candidates):
    """What ``suggest`` reads of a run: run.json, candidates.csv, sentences.csv (the seeds')."""
    _documents, _cleaned, sentences = seeds
    folder = tmp_path_factory.mktemp("suggest") / "run"
    folder.mkdir()
    sha = hashlib.sha256(CODEBOOK.read_bytes()).hexdigest()
    info = {
        "command": "run",
        "format": "csv",
        "resources": {"codebook": {"file": CODEBOOK.name, "sha256": sha}},
    }
    (folder / "run.json").write_text(json.dumps(info), encoding="utf-8")
    uncoded = candidates[~candidates["in_codebook"]].drop(columns=["in_codebook"])
    uncoded.to_csv(folder / "candidates.csv", index=False)
    sentences.to_csv(folder / "sentences.csv", index=False)
    return folder


def _codebook_yaml():
    return programmes.read_codebook_yaml(CODEBOOK)


def test_names_already_entries_or_not_programmes_are_not_proposed(run_folder):
    candidates = pd.read_csv(run_folder / "candidates.csv", dtype={"doc_id": str})
    sentences = pd.read_csv(run_folder / "sentences.csv", dtype={"doc_id": str})
    proposals = propose_entries(candidates, sentences, _codebook_yaml(), min_docs=1)
    obj = _codebook_yaml()
    rejected = {programmes.name_key(item["surface"]) for item in obj["not_programmes"]}
    assert proposals, "the seeds have candidates that are neither entries nor not_programmes"
    assert all(programmes.name_key(p.name_zh) not in rejected for p in proposals)
    assert len(proposals) < candidates["candidate"].nunique()


def test_min_docs_keeps_names_found_in_that_many_documents():
    candidates = pd.DataFrame(
        {
            "doc_id": ["a", "b", "b", "a", "c"],
            "sentence_id": ["a-1-1", "b-1-1", "b-1-2", "a-1-2", "c-1-1"],
            "start": [0, 0, 10, 5, 0],
            "end": [4, 4, 14, 9, 4],
            "surface": ["甲乙机制", "甲乙机制", "“甲乙机制", "丙丁工程", "甲乙\n机制"],
            "candidate": ["甲乙机制", "甲乙机制", "甲乙机制", "丙丁工程", "甲乙机制"],
            "pattern": ["suffix", "suffix", "quoted", "suffix", "suffix"],
        }
    )
    sentences = pd.DataFrame(
        {
            "sentence_id": ["a-1-1", "a-1-2", "b-1-1", "b-1-2", "c-1-1"],
            "text": ["一", "二", "三", "四", "五"],
            "start": [0, 5, 0, 10, 0],
            "end": [5, 20, 10, 30, 10],
        }
    )
    obj = {"kinds": {"campaign": "…", "other": "…"}, "programmes": []}
    (proposal,) = propose_entries(candidates, sentences, obj, min_docs=2)
    assert proposal.name_zh == "甲乙机制"
    assert (proposal.mentions, proposal.doc_ids) == (4, ("a", "b", "c"))
    assert proposal.patterns == (("suffix", 3), ("quoted", 1))
    assert proposal.forms == ("甲乙机制", "“甲乙机制", "甲乙\n机制")
    assert (proposal.example, proposal.example_doc, proposal.kind) == ("甲乙机制", "a", "other")
    assert [e.sentence_id for e in proposal.examples] == ["a-1-1", "b-1-1", "b-1-2"]
    assert ID_PATTERN.match(proposal.id)
    assert len(propose_entries(candidates, sentences, obj, min_docs=1)) == 2
    assert propose_entries(candidates, sentences, obj, min_docs=4) == []
    one = candidates.iloc[:1].assign(start=2, end=6)
    spans = sentences.assign(start=0, end=9)
    (quoted,) = propose_entries(one, spans, obj, min_docs=1, raw_texts={"a": "开展甲乙机制，好的"})
    assert quoted.example == "开展甲乙机制"  # raw context within the sentence, up to the comma


def test_the_suggested_codebook_passes_the_check_and_codes_as_before(run_folder, tmp_path, seeds, mentions):
    text, proposals = suggest_from_run(run_folder, CODEBOOK, min_docs=1)
    assert proposals
    path = tmp_path / "suggested.yml"
    path.write_text(text, encoding="utf-8")
    assert programmes.check_codebook_file(path) == []
    assert text.startswith(TEXT[: TEXT.index("programmes:")])  # header and comments kept
    assert text.count('status: "proposed"') == len(proposals)
    assert "# ---------------------------------------------------------------- proposed" in text
    loaded = programmes.load_codebook(path)
    pd.testing.assert_frame_equal(loaded, programmes.load_codebook(CODEBOOK))
    assert loaded.attrs["proposed"] == tuple(p.id for p in proposals)
    _documents, cleaned, sentences = seeds
    pd.testing.assert_frame_equal(programmes.match_programmes(sentences, cleaned, loaded), mentions)
    # everything after the programmes list (not_programmes, discovery) is untouched
    tail = TEXT[TEXT.index("\nnot_programmes:") :]
    assert text.endswith(tail)


def test_accepting_a_proposal_makes_the_matcher_find_it(run_folder, tmp_path, seeds):
    text, proposals = suggest_from_run(run_folder, CODEBOOK, min_docs=1)
    chosen = proposals[0]
    start = text.index(f'- id: "{chosen.id}"')
    accepted = text[:start] + text[start:].replace('status: "proposed"', 'status: "accepted"', 1)
    path = tmp_path / "accepted.yml"
    path.write_text(accepted, encoding="utf-8")
    assert programmes.check_codebook_file(path) == []  # unchanged but for the status
    codebook = programmes.load_codebook(path)
    assert chosen.id in set(codebook["id"])
    _documents, cleaned, sentences = seeds
    found = programmes.match_programmes(sentences, cleaned, codebook)
    assert set(found.loc[found["programme_id"] == chosen.id, "doc_id"]) == set(chosen.doc_ids)


def test_suggesting_again_from_the_suggested_codebook_proposes_nothing_new(run_folder, tmp_path):
    text, _proposals = suggest_from_run(run_folder, CODEBOOK, min_docs=1)
    path = tmp_path / "suggested.yml"
    path.write_text(text, encoding="utf-8")
    info = json.loads((run_folder / "run.json").read_text(encoding="utf-8"))
    info["resources"]["codebook"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    again = tmp_path / "run"
    again.mkdir()
    (again / "run.json").write_text(json.dumps(info), encoding="utf-8")
    for name in ("candidates.csv", "sentences.csv"):
        (again / name).write_bytes((run_folder / name).read_bytes())
    text2, proposals2 = suggest_from_run(again, path, min_docs=1)
    assert proposals2 == [] and text2 == text


def test_a_codebook_other_than_the_runs_is_refused(run_folder, tmp_path):
    path = tmp_path / "other.yml"
    path.write_text(TEXT + "\n# edited\n", encoding="utf-8")
    with pytest.raises(programmes.CodebookError, match=r"run.json: resources.codebook: .* --codebook"):
        suggest_from_run(run_folder, path)


def test_a_folder_without_candidates_is_refused(run_folder, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "run.json").write_bytes((run_folder / "run.json").read_bytes())
    with pytest.raises(programmes.CodebookError, match=r"candidates\.csv: missing"):
        suggest_from_run(folder, CODEBOOK)


TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda t: t.strip() and programmes.name_key(t)
)


@settings(max_examples=60, deadline=None)
@given(name=TEXTS, example=TEXTS, sentence=st.text(max_size=40))
def test_any_name_and_quote_survive_the_yaml(name, example, sentence):
    """Quotes, backslashes, colons, # and line breaks in a name or quote come back as written."""
    proposal = Proposal(
        "proposed_0123456789",
        name,
        (name,),
        2,
        ("a", "b"),
        (("quoted", 2),),
        (Example("a", "a-1-1", 0, 1, sentence),),
        example,
        "a",
        "other",
    )
    (entry,) = parse_yaml(proposal_yaml(proposal))
    assert entry == proposal.entry()


def test_suggested_codebook_refuses_a_flow_list():
    obj = "name: x\nprogrammes: [{id: a}]\n"
    proposal = Proposal("proposed_x", "名", ("名",), 1, ("a",), (("suffix", 1),), (), "名", "a", "other")
    with pytest.raises(programmes.CodebookError, match="not a block list"):
        suggested_codebook(obj, [proposal])
