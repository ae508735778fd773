"""Programme origins from the texts: the file covers the codebook, every quote is the raw text at its
offsets, a bad entry is an error naming file, programme and field, and the 13710 case reads as the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtext.bibtex import bibliography_keys
from govtext.compare.origins import (
    EVIDENCE_COLUMNS,
    ORIGIN_COLUMNS,
    OriginsError,
    load_origins,
    origin_evidence,
    origin_summary,
)

ROOT = Path(__file__).resolve().parents[2]
ORIGINS = ROOT / "data" / "design" / "programme_origins.yml"
BIBLIOGRAPHY = ROOT / "book" / "references.bib"


@pytest.fixture(scope="module")
def origins(seed_corpus, codebook, mentions):
    documents = seed_corpus[0]
    keys = bibliography_keys(BIBLIOGRAPHY)
    return load_origins(ORIGINS, documents, codebook, keys, mentioned=mentions["programme_id"])


def test_one_row_per_codebook_programme(origins, codebook, mentions):
    assert list(origins.columns) == ORIGIN_COLUMNS
    # the origins file codes the programmes of the seed texts: every seed entry, and a field entry (which
    # carries its own evidence from public pages) where the seeds name it too (脱贫攻坚 in 000)
    field = codebook.loc[codebook["source"] == "field", "id"]
    named_field = sorted(set(field) & set(mentions["programme_id"]))
    expected = [*codebook.loc[codebook["source"] == "seeds", "id"], *named_field]
    assert sorted(origins["programme_id"]) == sorted(expected)
    assert set(origins["origin_level"]) <= {"national", "provincial", "municipal", "local", "unknown"}
    known = origins[origins["origin_level"] != "unknown"]
    assert (known["origin_quote"] != "").all()
    assert (origins.loc[origins["origin_level"] == "unknown", "origin_quote"] == "").all()


def test_every_quote_is_the_raw_text(seed_corpus, codebook):
    documents = seed_corpus[0]
    evidence = origin_evidence(ORIGINS, documents, codebook)
    assert list(evidence.columns) == EVIDENCE_COLUMNS
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for row in evidence.itertuples():
        assert raw[row.doc_id][row.start : row.end] == row.quote
    assert set(evidence["role"]) == {"origin", "presentation", "first_claim"}


def test_13710_is_a_provincial_system_with_a_local_app(origins, seed_corpus, codebook):
    """The 13710 system runs across the province; what Xingyang claims as a provincial first is the app."""
    row = origins.set_index("programme_id").loc["supervision_13710"]
    assert row["origin_level"] == "provincial"
    assert "省内首个实施用APP平台推进“13710”工作制度" in row["origin_quote"]
    assert row["presentation"] == "mixed" and row["first_claim"] == "provincial"
    evidence = origin_evidence(ORIGINS, seed_corpus[0], codebook)
    mine = evidence[evidence["programme_id"] == "supervision_13710"]
    claimed = mine[(mine["role"] == "presentation") & (mine["value"] == "invention")]["quote"].tolist()
    assert claimed == ["在全省率先建成“13710督办平台”"]


def test_levels_rest_on_the_texts(origins):
    by_id = origins.set_index("programme_id")
    assert by_id.loc["civilised_city_campaign", "origin_level"] == "national"
    assert by_id.loc["civilised_city_campaign", "reference"] == "cartier2013civilised"
    assert by_id.loc["three_projects_one_management", "origin_level"] == "municipal"  # 市定10项指标
    assert by_id.loc["five_step_method", "presentation"] == "invention"  # 创立实施
    assert by_id.loc["grid_governance", "presentation"] == "implementation"  # a pilot (试点县市)
    # set up or carried out is not an origin
    assert by_id.loc["party_building_plus", "origin_level"] == "unknown"


def test_summary_counts_every_programme(origins):
    summary = origin_summary(origins)
    assert int(summary["total"].sum()) == len(origins)
    assert list(summary.index) == ["national", "provincial", "municipal", "local", "unknown"]
    assert (
        summary.loc["local", "invention"]
        == ((origins["origin_level"] == "local") & (origins["presentation"] == "invention")).sum()
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "programme_origins.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            'quote: "违反中央八项规定精神", start: ',
            'quote: "违反中央八项规则精神", start: ',
            "programme 'eight_point_rules': field 'origin_evidence' #1: quote '违反中央八项规则精神' is not",
        ),
        (
            "  - id: ruhe_model  # 汝河模式\n    origin_level: local",
            "  - id: ruhe_model  # 汝河模式\n    origin_level: county",
            "programme 'ruhe_model': field 'origin_level'",
        ),
        (
            "  - id: ruhe_model  # 汝河模式\n",
            "  - id: ruhe_modle  # 汝河模式\n",
            "programme 'ruhe_modle': field 'id': not a programme of the codebook",
        ),
        (
            "reference: cartier2013civilised",
            "reference: smith1999made",
            "field 'reference': 'smith1999made' is not in the bibliography",
        ),
        (
            "  - id: ruhe_model  # 汝河模式\n    origin_level: local",
            "  - id: ruhe_model  # 汝河模式\n    origin_level: local\n    origin_level: local",
            "duplicate key",
        ),
        (
            'value: invention, quote: "逐步探索出',
            'value: invented, quote: "逐步探索出',
            "programme 'ruhe_model': field 'presentation': value must be one of",
        ),
    ],
)
def test_bad_entries_name_file_programme_and_field(tmp_path, seed_corpus, codebook, old, new, match):
    text = ORIGINS.read_text(encoding="utf-8")
    assert old in text
    path = _write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(OriginsError, match=match) as error:
        load_origins(path, seed_corpus[0], codebook, bibliography_keys(BIBLIOGRAPHY))
    assert str(path) in str(error.value)


def test_a_known_level_needs_a_quote_and_unknown_none(tmp_path, seed_corpus, codebook):
    text = ORIGINS.read_text(encoding="utf-8")
    old = "  - id: party_building_plus  # 党建+\n    origin_level: unknown"
    assert old in text
    path = _write(tmp_path, text.replace(old, old.replace("unknown", "provincial")))
    with pytest.raises(
        OriginsError, match=r"programme 'party_building_plus': field 'origin_evidence': level 'provincial'"
    ):
        load_origins(path, seed_corpus[0], codebook)


def test_every_mentioned_programme_needs_an_entry(tmp_path, seed_corpus, codebook):
    text = ORIGINS.read_text(encoding="utf-8")
    head, sep, _rest = text.partition("  - id: xingyang_model")
    assert sep
    path = _write(tmp_path, head)
    with pytest.raises(OriginsError, match=r"no entry for mentioned programme.*xingyang_model"):
        load_origins(path, seed_corpus[0], codebook, mentioned=["xingyang_model"])
