"""govtext.export.qdpx: the seed run as a REFI-QDA project — structure, positions, codes, variables, GUIDs."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest

from govtext import cli, compare
from govtext.export import (
    GUID_RE,
    PROJECT_NS,
    QdaError,
    dimension_hits,
    export_qdpx,
    stable_guid,
)
from govtext.resources import resource_path

from .conftest import RAW_DIR
from .helpers import NS, read_project
from .structure import problems

pytestmark = pytest.mark.slow  # the session's run and export run govtext end to end


def _tables(run_dir):
    return {
        name: pd.read_csv(run_dir / f"{name}.csv", dtype={"doc_id": str}, keep_default_na=False)
        for name in ("documents", "programmes", "metrics", "dimension_scores")
    }


def _raw_texts():
    from govtext.corpus import load_corpus

    documents = load_corpus(RAW_DIR)
    return documents, dict(zip(documents["doc_id"], documents["raw_text"], strict=True))


def _codes(root):
    return {c.attrib["guid"]: c for c in root.iterfind(".//q:CodeBook//q:Code", NS)}


def test_archive_holds_project_and_one_utf8_source_per_document(project_file, run_dir):
    documents, raw = _raw_texts()
    with zipfile.ZipFile(project_file) as archive:
        names = archive.namelist()
        assert names[0] == "project.qde"
        sources = [n for n in names if n.startswith("sources/")]
        assert len(sources) == len(documents)
        root = ET.fromstring(archive.read("project.qde"))
        for source in root.iterfind(".//q:TextSource", NS):
            member = "sources/" + source.attrib["plainTextPath"].removeprefix("internal://")
            assert archive.read(member).decode("utf-8") == raw[source.attrib["name"]]
            assert member == f"sources/{source.attrib['guid']}.txt"


def test_project_follows_the_schema_structure(project_file):
    root, _ = read_project(project_file)
    assert root.tag == f"{{{PROJECT_NS}}}Project"
    assert problems(root) == []
    order = [child.tag.split("}")[1] for child in root]
    assert order == ["Users", "CodeBook", "Variables", "Sources", "Sets", "Description"]


def test_structure_check_can_fail(project_file):
    """The checker of the tests finds an element out of schema order, a missing attribute, a bad GUID."""
    root, _ = read_project(project_file)
    sources = root.find("q:Sources", NS)
    root.remove(sources)
    root.insert(0, sources)  # Sources before Users
    selection = root.find(".//q:PlainTextSelection", NS)
    del selection.attrib["endPosition"]
    root.find(".//q:Code", NS).attrib["guid"] = "not-a-guid"
    found = problems(root)
    assert any("out of order" in p for p in found)
    assert any("'endPosition' missing" in p for p in found)
    assert any("is not a GUID" in p for p in found)


def test_guids_are_well_formed_unique_and_every_reference_resolves(project_file):
    root, _ = read_project(project_file)
    guids = [e.attrib["guid"] for e in root.iter() if "guid" in e.attrib]
    assert all(GUID_RE.match(g) for g in guids)
    assert len(guids) == len(set(guids))
    codes = _codes(root)
    for ref in root.iterfind(".//q:CodeRef", NS):
        assert ref.attrib["targetGUID"] in codes
    for member in root.iterfind(".//q:MemberCode", NS):
        assert member.attrib["targetGUID"] in codes
    variables = {v.attrib["guid"] for v in root.iterfind(".//q:Variable", NS)}
    for ref in root.iterfind(".//q:VariableRef", NS):
        assert ref.attrib["targetGUID"] in variables


def test_one_selection_per_mention_metric_and_hit_at_the_raw_offsets(project_file, run_dir):
    root, _ = read_project(project_file)
    documents, raw = _raw_texts()
    tables = _tables(run_dir)
    codes = _codes(root)
    found = []
    for source in root.iterfind(".//q:TextSource", NS):
        doc_id = source.attrib["name"]
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(selection.attrib["startPosition"]), int(selection.attrib["endPosition"])
            assert 0 <= start < end <= len(raw[doc_id])
            (coding,) = selection.iterfind("q:Coding", NS)
            code = codes[coding.find("q:CodeRef", NS).attrib["targetGUID"]]
            found.append((doc_id, start, end, code.attrib["guid"]))
    expected = [
        (d, int(s), int(e), stable_guid("code", "programme", p))
        for d, s, e, p in tables["programmes"][["doc_id", "start", "end", "programme_id"]].itertuples(
            index=False
        )
    ]
    expected += [
        (d, int(s), int(e), stable_guid("code", "unit_class", u))
        for d, s, e, u in tables["metrics"][["doc_id", "start", "end", "unit_class"]].itertuples(index=False)
    ]
    hits = dimension_hits(documents, compare.load_dimensions(resource_path("dimensions")))
    expected += [
        (d, int(s), int(e), stable_guid("code", "dimension", dim))
        for d, s, e, dim in hits[["doc_id", "start", "end", "dimension"]].itertuples(index=False)
    ]
    assert sorted(found) == sorted(expected)
    # the hits are the ones dimension_scores counts
    scores = tables["dimension_scores"]
    assert len(hits) == scores["hits"].astype(int).sum()


def test_codes_are_programmes_by_kind_unit_classes_and_dimensions(project_file, codebook):
    root, _ = read_project(project_file)
    groups = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [g.attrib["name"] for g in groups] == ["programmes", "metrics", "dimensions"]
    assert all(g.attrib["isCodable"] == "false" for g in groups)
    kinds = groups[0].findall("q:Code", NS)
    assert [k.attrib["name"] for k in kinds] == list(codebook.attrs["kinds"])
    for kind in kinds:
        assert kind.find("q:Description", NS).text == " ".join(
            codebook.attrs["kinds"][kind.attrib["name"]].split()
        )
    definitions = dict(zip(codebook["name_zh"], codebook["definition"], strict=True))
    programme_codes = [c for k in kinds for c in k.findall("q:Code", NS)]
    assert len(programme_codes) == len(codebook)
    for code in programme_codes:
        assert code.find("q:Description", NS).text.startswith(definitions[code.attrib["name"]])
    assert {c.attrib["name"] for c in groups[1].findall("q:Code", NS)} >= {"money", "people", "percent"}
    dimensions = compare.load_dimensions(resource_path("dimensions")).dimensions
    assert [c.attrib["name"] for c in groups[2].findall("q:Code", NS)] == dimensions["name_zh"].tolist()


def test_documents_carry_the_manifest_as_variables(project_file, run_dir):
    root, _ = read_project(project_file)
    variables = {v.attrib["guid"]: v for v in root.iterfind(".//q:Variable", NS)}
    names = {v.attrib["name"]: v.attrib["typeOfVariable"] for v in variables.values()}
    assert {"doc_id", "place_zh", "locality", "date", "outlet_as_stated"} <= set(names)
    assert names["date"] == "Date"
    assert "sha256" not in names
    documents = _tables(run_dir)["documents"].set_index("doc_id")
    for source in root.iterfind(".//q:TextSource", NS):
        values = {}
        for value in source.iterfind("q:VariableValue", NS):
            name = variables[value.find("q:VariableRef", NS).attrib["targetGUID"]].attrib["name"]
            values[name] = value[1].text
        row = documents.loc[source.attrib["name"]]
        assert values["place_zh"] == row["place_zh"]
        assert values.get("date", "") == row["date"]
        assert values.get("outlet_as_stated", "") == row["outlet_as_stated"]
        description = source.find("q:Description", NS)
        assert (description.text if description is not None else "") == row["title"]


def test_exports_of_the_same_run_are_the_same_bytes(project_file, run_dir, tmp_path):
    again = tmp_path / "again.qdpx"
    export_qdpx(run_dir, RAW_DIR, again)
    assert again.read_bytes() == project_file.read_bytes()
    root, _ = read_project(again)
    assert "creationDateTime" not in ET.tostring(root, encoding="unicode")


def test_a_corpus_file_other_than_the_runs_is_refused(run_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, corpus)
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n补充一句。", encoding="utf-8")
    (corpus / "manifest.csv").unlink()  # else the manifest's checksum refuses it first
    with pytest.raises(QdaError, match=f"{first.name}: not the file the run read"):
        export_qdpx(run_dir, corpus, tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists()


def test_a_codebook_other_than_the_runs_is_refused(run_dir, tmp_path):
    other = tmp_path / "programmes.yml"
    other.write_text(resource_path("codebook").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(QdaError, match=r"run.json: resources.codebook: .* --codebook"):
        export_qdpx(run_dir, RAW_DIR, tmp_path / "x.qdpx", codebook=other)
    assert list(tmp_path.iterdir()) == [other]


def test_not_a_run_folder_is_refused(tmp_path):
    with pytest.raises(QdaError, match=r"run\.json: missing"):
        export_qdpx(tmp_path, RAW_DIR, tmp_path / "x.qdpx")


def test_an_excel_safe_parquet_or_bom_run_exports_the_same_selections(tmp_path, project_file):
    """--bom (and so --excel-safe) and Parquet runs give the project of the plain CSV run."""
    for options in (["--bom"], ["--format", "parquet"]):
        out = tmp_path / options[-1].strip("-")
        assert cli.main(["run", str(RAW_DIR), "--out", str(out), *options]) == cli.EXIT_OK
        path = tmp_path / f"{options[-1].strip('-')}.qdpx"
        export_qdpx(out, RAW_DIR, path)
        assert path.read_bytes() == project_file.read_bytes()
