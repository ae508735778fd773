"""govtext.export.qda_import: a project coded in a QDA tool back as annotations; the round trip; bad input."""

from __future__ import annotations

import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govtext import compare, corpus
from govtext.evaluate.programmes import evaluate_mentions, load_gold_mentions
from govtext.export import (
    PROGRAMME_COLUMNS,
    QdaError,
    Selection,
    build_project,
    dimension_hits,
    import_qdpx,
    programme_codes,
    score_run,
    stable_guid,
    unit_class_codes,
    write_import,
    write_qdpx,
)
from govtext.metrics import load_units
from govtext.programmes import load_codebook
from govtext.resources import resource_path

from .conftest import RAW_DIR
from .helpers import NS, edited, read_project, small_corpus, tree_edited, write_project

pytestmark = pytest.mark.slow  # the session's run and export run govtext end to end

Q = f"{{{NS['q']}}}"


@pytest.fixture(scope="module")
def imported(project_file):
    return import_qdpx(project_file, RAW_DIR)


def _spans(table, code):
    return sorted(
        zip(table["doc_id"], table["start"].astype(int), table["end"].astype(int), table[code], strict=True)
    )


def test_round_trip_recovers_exactly_the_runs_mentions_metrics_and_hits(imported, run_dir):
    programmes = pd.read_csv(run_dir / "programmes.csv", dtype={"doc_id": str})
    metrics = pd.read_csv(run_dir / "metrics.csv", dtype={"doc_id": str}, keep_default_na=False)
    assert _spans(imported.programmes, "programme_id") == _spans(programmes, "programme_id")
    assert _spans(imported.metrics, "unit_class") == _spans(metrics, "unit_class")
    hits = dimension_hits(corpus.load_corpus(RAW_DIR), compare.load_dimensions(resource_path("dimensions")))
    assert _spans(imported.dimensions, "dimension") == _spans(hits, "dimension")
    assert imported.programmes.columns.tolist() == PROGRAMME_COLUMNS
    assert set(imported.programmes["coder"]) == {"govtext"}
    assert imported.info["left_out"] == {}
    assert imported.info["documents"] == sorted(p.stem for p in RAW_DIR.glob("*.txt"))


def test_surfaces_are_the_raw_text(imported):
    raw = dict(zip(imported.documents["doc_id"], imported.documents["raw_text"], strict=True))
    for table in (imported.programmes, imported.metrics, imported.dimensions):
        for doc_id, start, end, surface in table[["doc_id", "start", "end", "surface"]].itertuples(
            index=False
        ):
            assert raw[doc_id][start:end] == surface


def test_written_annotations_are_gold_files_the_evaluation_reads(imported, run_dir, tmp_path):
    write_import(imported, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dimensions.csv",
        "import.json",
        "metrics.csv",
        "programmes.csv",
    ]
    gold = load_gold_mentions(tmp_path / "programmes.csv")
    predicted = pd.read_csv(run_dir / "programmes.csv", dtype={"doc_id": str})
    scores = evaluate_mentions(predicted, gold)
    assert (scores["precision"], scores["recall"], scores["fn"]) == (1.0, 1.0, 0)


def test_score_run_against_its_own_export_is_perfect(imported, run_dir):
    scores = score_run(imported, run_dir).set_index("compared")
    assert scores.loc["mentions, same programme", "f1"] == 1.0
    assert scores.loc["spans, same unit class", "f1"] == 1.0
    assert scores.loc["hits, same dimension", "f1"] == 1.0
    assert scores.loc["spans: mentions and candidates", "recall"] == 1.0


def _regenerate_guids(source: Path, target: Path) -> Path:
    """What a tool that makes its own GUIDs does: every GUID new (upper case, in braces), sources renamed."""
    with zipfile.ZipFile(source) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        members = {n: archive.read(n) for n in archive.namelist() if n != "project.qde"}
    guids = sorted(set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", qde)))
    new = {g: str(uuid.uuid4()).upper() for g in guids}
    qde = re.sub(r'="([0-9a-f-]{36})"', lambda m: f'="{{{new[m.group(1)]}}}"', qde)
    qde = re.sub(
        r"internal://([0-9a-f-]{36})\.txt", lambda m: f"internal://{new[m.group(1)].lower()}.txt", qde
    )
    renamed = {}
    for name, data in members.items():
        guid = name.removeprefix("sources/").removesuffix(".txt")
        renamed[f"Sources/{new[guid].lower()}.txt"] = data  # another tool's folder name
    return write_project(target, qde, renamed)


def test_codes_and_sources_are_mapped_by_name_when_a_tool_changed_every_guid(
    project_file, imported, tmp_path
):
    again = import_qdpx(_regenerate_guids(project_file, tmp_path / "regenerated.qdpx"), RAW_DIR)
    for name in ("programmes", "metrics", "dimensions"):
        columns = ["doc_id", "start", "end", "surface", "code", "coder"]
        pd.testing.assert_frame_equal(getattr(again, name)[columns], getattr(imported, name)[columns])
    assert again.programmes["programme_id"].tolist() == imported.programmes["programme_id"].tolist()


def _add_selection(root, doc_id, start, end, code_guid, guid=None):
    source = next(s for s in root.iter(f"{Q}TextSource") if s.attrib["name"] == doc_id)
    selection = ET.Element(
        f"{Q}PlainTextSelection",
        {
            "guid": guid or str(uuid.uuid4()),
            "startPosition": str(start),
            "endPosition": str(end),
        },
    )
    coding = ET.SubElement(selection, f"{Q}Coding", {"guid": str(uuid.uuid4())})
    ET.SubElement(coding, f"{Q}CodeRef", {"targetGUID": code_guid})
    first_value = next(iter(source.iter(f"{Q}VariableValue")))
    source.insert(list(source).index(first_value), selection)
    return selection


def _add_code(root, parent_name, name):
    parent = next(c for c in root.iter(f"{Q}Code") if c.attrib["name"] == parent_name)
    guid = str(uuid.uuid4())
    ET.SubElement(parent, f"{Q}Code", {"guid": guid, "name": name, "isCodable": "true"})
    return guid


DOC = "002_b2f53911b68c468c"


def _span_of(text: str, doc_id: str = DOC) -> tuple[int, int]:
    raw = (RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")
    start = raw.index(text)
    return start, start + len(text)


def test_a_person_codes_with_a_new_code_named_by_an_alias_a_kind_and_a_new_user(
    project_file, codebook, tmp_path
):
    """Codes added in the tool: one named by a programme's alias (its programme), a kind (a programme the
    codebook does not have); the coder is the tool's user."""
    alias_row = codebook[codebook["aliases"].map(len) > 0].iloc[0]
    alias = alias_row["aliases"][0]
    span = _span_of("多方协调联动平台")

    def edit(root):
        users = root.find(f"{Q}Users")
        ET.SubElement(users, f"{Q}User", {"guid": "11111111-2222-3333-4444-555555555555", "name": "Li Hua"})
        alias_code = _add_code(root, alias_row["kind"], alias)
        selection = _add_selection(root, DOC, span[0], span[1], stable_guid("code", "kind", "digital"))
        selection.find(f"{Q}Coding").attrib["creatingUser"] = "{11111111-2222-3333-4444-555555555555}"
        _add_selection(root, DOC, span[0], span[0] + 2, alias_code)

    coding = import_qdpx(tree_edited(project_file, tmp_path / "coded.qdpx", edit), RAW_DIR)
    rows = coding.programmes[(coding.programmes["doc_id"] == DOC) & (coding.programmes["start"] == span[0])]
    kind_row = rows[rows["end"] == span[1]].iloc[0]
    assert (kind_row["programme_id"], kind_row["kind"], kind_row["coder"]) == ("", "digital", "Li Hua")
    assert kind_row["note"].startswith("coded with a kind")
    alias_rows = rows[rows["end"] == span[0] + 2]
    assert alias_rows["programme_id"].tolist() == [alias_row["id"]]
    assert alias_rows["code"].tolist() == [alias]


def test_inline_plain_text_content_is_read(project_file, tmp_path):
    root, members = read_project(project_file)
    for source in root.iter(f"{Q}TextSource"):
        path = "sources/" + source.attrib.pop("plainTextPath").removeprefix("internal://")
        content = ET.Element(f"{Q}PlainTextContent")
        content.text = members.pop(path).decode("utf-8")
        source.insert(1 if source.find(f"{Q}Description") is not None else 0, content)
    ET.register_namespace("", NS["q"])
    path = write_project(tmp_path / "inline.qdpx", ET.tostring(root, encoding="utf-8"), members)
    assert len(import_qdpx(path, RAW_DIR).programmes) == len(import_qdpx(project_file, RAW_DIR).programmes)


def test_uncoded_selections_and_whole_source_codings_are_counted_not_read(project_file, tmp_path):
    def edit(root):
        source = next(iter(root.iter(f"{Q}TextSource")))
        selection = source.find(f"{Q}PlainTextSelection")
        selection.remove(selection.find(f"{Q}Coding"))
        coding = ET.Element(f"{Q}Coding", {"guid": str(uuid.uuid4())})
        ET.SubElement(coding, f"{Q}CodeRef", {"targetGUID": stable_guid("code", "kind", "campaign")})
        first_value = next(iter(source.iter(f"{Q}VariableValue")))
        source.insert(list(source).index(first_value), coding)

    coding = import_qdpx(tree_edited(project_file, tmp_path / "x.qdpx", edit), RAW_DIR)
    assert coding.info["left_out"] == {"codings of a whole source": 1, "selections without a coding": 1}


# ------------------------------------------------------------------------------------------------ bad input


def _message(path: Path, corpus_dir: Path = RAW_DIR) -> str:
    with pytest.raises(QdaError) as caught:
        import_qdpx(path, corpus_dir)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "notes.qdpx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert _message(path).startswith(f"{path}: not a zip archive")


def test_a_truncated_zip_is_refused(project_file, tmp_path):
    path = tmp_path / "truncated.qdpx"
    path.write_bytes(project_file.read_bytes()[: project_file.stat().st_size // 2])
    assert str(path) in _message(path)


def test_a_zip_without_project_qde_is_refused(tmp_path):
    path = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "no project.qde in the archive" in _message(path)


def test_xml_that_is_not_well_formed_is_refused(project_file, tmp_path):
    path = edited(project_file, tmp_path / "broken.qdpx", lambda qde: qde[: len(qde) // 2])
    assert "project.qde: not well-formed XML" in _message(path)


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ('<Project xmlns="urn:example" name="x"/>', "root element <Project> in namespace urn:example"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "a REFI-QDA codebook, not a project"),
        ("<html><body/></html>", "root element <html> in namespace none"),
    ],
)
def test_xml_that_is_not_a_refi_qda_project_is_refused(tmp_path, root, expected):
    path = write_project(tmp_path / "other.qdpx", root, {})
    message = _message(path)
    assert expected in message and "project.qde" in message


def test_a_position_outside_its_source_is_refused(project_file, tmp_path):
    length = len((RAW_DIR / f"{DOC}.txt").read_text(encoding="utf-8"))

    def edit(root):
        _add_selection(
            root,
            DOC,
            length - 2,
            length + 5,
            stable_guid("code", "kind", "campaign"),
            guid=str(uuid.UUID(int=7)),
        )

    message = _message(tree_edited(project_file, tmp_path / "outside.qdpx", edit))
    assert f"<TextSource name='{DOC}'" in message
    assert "<PlainTextSelection guid='00000000-0000-0000-0000-000000000007'>" in message
    assert f"outside the source (0–{length} characters)" in message


def test_an_unknown_code_is_refused_naming_it(project_file, tmp_path):
    def edit(root):
        guid = _add_code(root, "campaign", "interesting quote")
        _add_selection(root, DOC, 10, 14, guid)

    message = _message(tree_edited(project_file, tmp_path / "unknown.qdpx", edit))
    assert "unknown code 'interesting quote'" in message and "<Code name='interesting quote'" in message


def test_a_coding_of_a_group_or_of_no_code_is_refused(project_file, tmp_path):
    group = tree_edited(
        project_file,
        tmp_path / "group.qdpx",
        lambda root: _add_selection(root, DOC, 10, 14, stable_guid("code", "group", "metrics")),
    )
    assert "'metrics' is the metrics group" in _message(group)
    nothing = tree_edited(
        project_file,
        tmp_path / "nothing.qdpx",
        lambda root: _add_selection(root, DOC, 10, 14, str(uuid.UUID(int=9))),
    )
    assert "no code of the project has this GUID" in _message(nothing)


def test_a_source_whose_text_differs_from_the_corpus_file_is_refused(project_file, tmp_path):
    """A tool that turned line breaks into CRLF shifts every position: an error naming the source."""
    root, members = read_project(project_file)
    source = next(s for s in root.iter(f"{Q}TextSource") if s.attrib["name"] == DOC)
    member = "sources/" + source.attrib["plainTextPath"].removeprefix("internal://")
    members[member] = members[member].replace(b"\n", b"\r\n")
    with zipfile.ZipFile(project_file) as archive:
        path = write_project(tmp_path / "crlf.qdpx", archive.read("project.qde"), members)
    message = _message(path)
    assert f"<TextSource name='{DOC}'" in message
    assert f"text differs from the corpus file {RAW_DIR / (DOC + '.txt')}" in message
    assert member in message


def test_a_source_that_is_not_in_the_corpus_is_refused(project_file, tmp_path):
    folder = small_corpus(tmp_path / "two", ["000_e68ce179375f246f.txt", "001_1f5be98b5adc7a5e.txt"])
    message = _message(project_file, folder)
    assert f"<TextSource name='{DOC}'" in message and "no document of" in message


def test_a_source_file_missing_or_not_utf8_is_refused(project_file, tmp_path):
    _root, members = read_project(project_file)
    first = sorted(members)[0]
    without = dict(members)
    del without[first]
    with zipfile.ZipFile(project_file) as archive:
        qde = archive.read("project.qde")
    assert "no such file in the archive" in _message(write_project(tmp_path / "missing.qdpx", qde, without))
    latin = {**members, first: "é".encode("latin-1")}
    assert f"{first}" in _message(write_project(tmp_path / "latin.qdpx", qde, latin))


# ------------------------------------------------------------------------------------------------ hypothesis

SEED_DOCS = ["000_e68ce179375f246f", "003_3994295fa6c43e31"]


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    folder = small_corpus(tmp_path_factory.mktemp("two") / "corpus", [f"{d}.txt" for d in SEED_DOCS])
    return folder, corpus.load_corpus(folder)


@pytest.fixture(scope="module")
def packaged_codes():
    """The packaged codebook and units, and every ``(kind, code)`` a selection may carry (read once: each
    read parses the YAML again)."""
    codebook = load_codebook(resource_path("codebook"))
    units = load_units(resource_path("units"))
    keys = [("programme", p) for p in codebook["id"]] + [("unit_class", u) for u in units.classes]
    return codebook, units, keys


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_coding_round_trips(two_documents, packaged_codes, data):
    """Random spans coded with random programmes and unit classes come back exactly."""
    folder, documents = two_documents
    codebook, units, keys = packaged_codes
    lengths = dict(zip(documents["doc_id"], documents["raw_text"].str.len(), strict=True))

    @st.composite
    def selection(draw):
        doc_id = draw(st.sampled_from(SEED_DOCS))
        start = draw(st.integers(0, lengths[doc_id] - 1))
        end = draw(st.integers(start + 1, min(lengths[doc_id], start + 40)))
        return Selection(doc_id, start, end, draw(st.sampled_from(keys)))

    selections = data.draw(st.lists(selection(), max_size=30))
    qde, members = build_project(
        documents, [programme_codes(codebook), unit_class_codes(units)], selections, name="hypothesis"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.qdpx"
        write_qdpx(path, qde, members)
        coding = import_qdpx(path, folder)
    found = _spans(coding.programmes, "programme_id") + _spans(coding.metrics, "unit_class")
    expected = sorted((s.doc_id, s.start, s.end, s.code[1]) for s in selections)
    assert sorted(found) == expected


def test_score_run_counts_only_the_selected_candidates(imported, run_dir):
    scores = score_run(imported, run_dir).set_index("compared")
    candidates = pd.read_csv(run_dir / "candidates.csv", dtype={"doc_id": str})
    mentions = pd.read_csv(run_dir / "programmes.csv", dtype={"doc_id": str})
    row = scores.loc["spans: mentions and candidates"]
    assert int(row["tp"] + row["fp"]) == len(mentions) + int(candidates["selected"].sum())
    assert int(candidates["selected"].sum()) < len(candidates)
