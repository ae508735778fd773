"""govtext.export.qdc: the programme codebook as a REFI-QDA codebook."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from govtext.export import CODEBOOK_NS, codebook_document, export_qdc, stable_guid
from govtext.programmes import CodebookError, load_codebook
from govtext.resources import resource_path

from .helpers import NS, read_project
from .structure import problems

CB = {"c": CODEBOOK_NS}


@pytest.fixture(scope="module")
def qdc(tmp_path_factory):
    path = tmp_path_factory.mktemp("qdc") / "programmes.qdc"
    export_qdc(resource_path("codebook"), path)
    return path


def test_codebook_follows_the_schema_structure(qdc):
    root = ET.parse(qdc).getroot()
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    assert root.attrib["origin"].startswith("govtext ")
    assert problems(root, "codebook") == []
    assert qdc.read_bytes().startswith(b'<?xml version="1.0" encoding="utf-8"?>')


def test_one_code_per_kind_and_programme_with_the_definitions(qdc, codebook):
    root = ET.parse(qdc).getroot()
    (group,) = root.findall("c:Codes/c:Code", CB)
    assert group.attrib == {
        "guid": stable_guid("code", "group", "programmes"),
        "name": "programmes",
        "isCodable": "false",
    }
    kinds = group.findall("c:Code", CB)
    assert [k.attrib["name"] for k in kinds] == list(codebook.attrs["kinds"])
    by_name = codebook.set_index("name_zh")
    seen = 0
    for kind in kinds:
        for code in kind.findall("c:Code", CB):
            row = by_name.loc[code.attrib["name"]]
            assert row["kind"] == kind.attrib["name"]
            assert code.attrib["guid"] == stable_guid("code", "programme", row["id"])
            assert code.find("c:Description", CB).text.startswith(row["definition"])
            seen += 1
    assert seen == len(codebook)


def test_level_sets_hold_the_programmes_of_each_level(qdc, codebook):
    root = ET.parse(qdc).getroot()
    sets = {
        s.attrib["name"]: {m.attrib["guid"] for m in s.findall("c:MemberCode", CB)}
        for s in root.iter(f"{{{CODEBOOK_NS}}}Set")
    }
    for level, ids in codebook.groupby("level")["id"]:
        assert sets[f"level: {level}"] == {stable_guid("code", "programme", i) for i in ids}


@pytest.mark.slow
def test_codes_have_the_guids_of_the_project_export(qdc, project_file):
    project, _ = read_project(project_file)
    project_codes = {c.attrib["guid"]: c.attrib["name"] for c in project.iterfind(".//q:Code", NS)}
    codebook_codes = {
        c.attrib["guid"]: c.attrib["name"] for c in ET.parse(qdc).getroot().iter(f"{{{CODEBOOK_NS}}}Code")
    }
    assert codebook_codes.items() <= project_codes.items()


def test_proposed_entries_are_left_out(tmp_path):
    text = resource_path("codebook").read_text(encoding="utf-8")
    marker = "  - id: party_member_activity_day\n"
    path = tmp_path / "proposed.yml"
    path.write_text(text.replace(marker, marker + "    status: proposed\n"), encoding="utf-8")
    data = codebook_document(load_codebook(path)).decode("utf-8")
    assert stable_guid("code", "programme", "party_member_activity_day") not in data
    assert stable_guid("code", "programme", "three_meetings_one_lesson") in data


def test_an_invalid_codebook_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\nprogrammes: []\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"bad\.yml"):
        export_qdc(bad, tmp_path / "out.qdc")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yml"]
