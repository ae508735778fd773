"""scripts/make_intake.py: gathered texts numbered in order in their saved form, checksums kept, bad input
refused with nothing written. The folders are made up for the tests."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = load_module(ROOT / "scripts" / "add_devset.py").SOURCE_COLUMNS  # the intake's sources.tsv


@pytest.fixture(scope="module")
def script():
    return load_module(ROOT / "scripts" / "make_intake.py")


def gatherer(folder: Path, texts: dict[str, str], checksums: bool = True) -> Path:
    (folder / "texts").mkdir(parents=True)
    with (folder / "sources.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "sha256"], delimiter="\t")
        writer.writeheader()
        for gid, text in texts.items():
            (folder / "texts" / f"{gid}.txt").write_text(text, encoding="utf-8")
            sha = (
                hashlib.sha256(text.replace("\r\n", "\n").strip().encode("utf-8")).hexdigest()
                if checksums
                else ""
            )
            writer.writerow(
                {
                    **dict.fromkeys(COLUMNS, "x"),
                    "doc_id": gid,
                    "address": f"http://e.org/{gid}",
                    "sha256": sha,
                }
            )
    (folder / "QUERIES.md").write_text(
        f"# Queries\n\n1. `洛阳 社区` → {next(iter(texts))}\n", encoding="utf-8"
    )
    return folder


def test_texts_are_numbered_in_gatherer_order_in_their_saved_form(script, tmp_path: Path) -> None:
    one = gatherer(tmp_path / "g1", {"g1_01": "第一篇\r\n正文。\n", "g1_02": "第二篇"})
    two = gatherer(tmp_path / "g2", {"g2_01": "  第三篇  "})
    out = tmp_path / "intake"
    assert script.write_texts("henan_z", out, [one, two], drop={"g1_02"}) == 2
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["henan_z01.txt", "henan_z02.txt"]
    assert (out / "texts" / "henan_z01.txt").read_bytes() == "第一篇\n正文。".encode()
    with (out / "sources.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [(r["doc_id"], r["address"]) for r in rows] == [
        ("henan_z01", "http://e.org/g1_01"),
        ("henan_z02", "http://e.org/g2_01"),
    ]
    assert rows[1]["sha256"] == hashlib.sha256("第三篇".encode()).hexdigest()
    assert (out / "map.tsv").read_text(encoding="utf-8").splitlines()[1:] == [
        "g1_01\thenan_z01",
        "g2_01\thenan_z02",
    ]
    queries = (out / "QUERIES.md").read_text(encoding="utf-8")
    assert "## Gatherer 1" in queries and "## Gatherer 2" in queries and "→ g2_01" in queries


def test_a_checksum_that_disagrees_or_a_missing_log_writes_nothing(script, tmp_path: Path) -> None:
    bad = gatherer(tmp_path / "g1", {"g1_01": "第一篇"})
    (bad / "texts" / "g1_01.txt").write_text("第一篇（改）", encoding="utf-8")  # edited after its checksum
    with pytest.raises(script.IntakeBuildError, match=r"g1_01\.txt: checksum differs"):
        script.write_texts("henan_z", tmp_path / "out", [bad], drop=set())
    assert not (tmp_path / "out").exists()
    good = gatherer(tmp_path / "g2", {"g2_01": "第二篇"}, checksums=False)
    (good / "QUERIES.md").unlink()
    with pytest.raises(script.IntakeBuildError, match=r"QUERIES\.md: no query log"):
        script.write_texts("henan_z", tmp_path / "out", [good], drop=set())
    assert not (tmp_path / "out").exists()


def test_codings_are_copied_only_when_every_file_is_there(script, tmp_path: Path, capsys) -> None:
    out = tmp_path / "intake"
    script.write_texts("henan_z", out, [gatherer(tmp_path / "g1", {"g1_01": "第一篇"})], drop=set())
    folders = {}
    for name in ("coder_A", "coder_B", "adj/adjudicated"):
        folders[name] = tmp_path / name
        folders[name].mkdir(parents=True)
        for table in (
            "programmes.csv",
            "metrics.csv",
            "stages.csv",
            "notes.md",
            "rejected.csv",
            "adjudication.md",
        ):
            (folders[name] / table).write_text("x\n", encoding="utf-8")
    briefs = []
    for n in range(3):
        briefs.append(tmp_path / f"brief{n}.md")
        briefs[-1].write_text("# Brief\n", encoding="utf-8")
    (folders["coder_B"] / "stages.csv").unlink()
    args = ["codings", str(out), "--coder-a", str(folders["coder_A"]), "--coder-b", str(folders["coder_B"])]
    args += ["--adjudicator", str(tmp_path / "adj"), "--briefs", *map(str, briefs)]
    assert script.main(args) == 2
    assert "coder_B/stages.csv: missing" in capsys.readouterr().err
    assert not (out / "coder_a").exists()  # nothing copied
    (folders["coder_B"] / "stages.csv").write_text("x\n", encoding="utf-8")
    assert script.main(args) == 0
    assert (out / "adjudicated" / "adjudication.md").is_file() and (out / "BRIEF_adjudicator.md").is_file()


def fake_intake(folder: Path, texts: dict[str, str]) -> Path:
    (folder / "texts").mkdir(parents=True)
    for doc_id, text in texts.items():
        (folder / "texts" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


def test_coders_get_texts_manual_and_a_brief_for_this_set(script, tmp_path: Path) -> None:
    intake = fake_intake(tmp_path / "intake", {"henan_z01": "一", "henan_z02": "二"})
    script.stage_coders(intake, tmp_path / "a", tmp_path / "b")
    brief_b = (tmp_path / "b" / "BRIEF.md").read_text(encoding="utf-8")
    assert "the 2 Chinese news texts" in brief_b and "(henan_z02 first)" in brief_b and "{" not in brief_b
    assert (tmp_path / "a" / "MANUAL.md").read_bytes() == script.MANUAL.read_bytes()
    assert sorted(p.name for p in (tmp_path / "a" / "texts").iterdir()) == ["henan_z01.txt", "henan_z02.txt"]
    assert (tmp_path / "a" / "coder_A").is_dir() and (tmp_path / "b" / "coder_B").is_dir()
    with pytest.raises(script.IntakeBuildError, match="already exists"):
        script.stage_coders(intake, tmp_path / "a", tmp_path / "c")


def test_the_adjudicator_gets_both_codings_and_every_earlier_record(script, tmp_path: Path) -> None:
    intake = fake_intake(tmp_path / "intake", {"henan_z01": "一"})
    coders = []
    for name in ("coder_A", "coder_B"):
        coders.append(tmp_path / name)
        coders[-1].mkdir()
        for table in script.CODING_TABLES:
            (coders[-1] / table).write_text(f"{name}\n", encoding="utf-8")
    out = tmp_path / "adj"
    script.stage_adjudicator(intake, coders[0], coders[1], out)
    records = script.earlier_records()
    assert len(list(out.glob("EARLIER_ADJUDICATION*.md"))) == len(records) > 2
    assert (out / "EARLIER_ADJUDICATION.md").read_bytes() == script.SEED_RECORD.read_bytes()
    assert (out / "coder_2" / "notes.md").read_text(encoding="utf-8") == "coder_B\n"
    brief = (out / "BRIEF.md").read_text(encoding="utf-8")
    assert f"EARLIER_ADJUDICATION_{len(records)}.md" in brief and "`henan_z*`" in brief and "{" not in brief
    (coders[1] / "stages.csv").unlink()
    with pytest.raises(script.IntakeBuildError, match=r"stages\.csv: missing"):
        script.stage_adjudicator(intake, coders[0], coders[1], tmp_path / "adj2")
    assert not (tmp_path / "adj2").exists()


def test_gatherers_get_a_brief_with_their_cities_and_the_avoid_list(script, tmp_path: Path) -> None:
    script.stage_gatherers(tmp_path / "g", ["Luoyang 洛阳", "Nanyang 南阳"], max_searches=30)
    brief = (tmp_path / "g" / "g2" / "BRIEF.md").read_text(encoding="utf-8")
    assert "Nanyang 南阳" in brief and "At most 30 searches" in brief and str(tmp_path / "g" / "g2") in brief
    assert "{" not in brief and "Luoyang" not in brief
    avoid = (tmp_path / "g" / "avoid.tsv").read_text(encoding="utf-8").splitlines()
    assert avoid[0] == "address" and len(avoid) > 1000  # every development text's page and more


def test_a_text_already_in_the_development_set_or_saved_twice_is_refused(script, tmp_path: Path) -> None:
    known = {hashlib.sha256("旧文".encode()).hexdigest(): "henan_l13"}
    old = gatherer(tmp_path / "g1", {"g1_01": "新文", "g1_02": "旧文"})
    with pytest.raises(script.IntakeBuildError, match=r"g1_02\.txt: the same text as henan_l13"):
        script.plan_texts("henan_z", [old], drop=set(), known=known)
    assert len(script.plan_texts("henan_z", [old], drop={"g1_02"}, known=known)[0]) == 1
    twice = gatherer(tmp_path / "g2", {"g2_01": "新文"})
    with pytest.raises(script.IntakeBuildError, match=r"g2_01\.txt: the same text as g1_01"):
        script.plan_texts("henan_z", [old, twice], drop={"g1_02"}, known=known)


def test_by_default_the_listed_development_texts_are_the_known_ones(
    script, tmp_path: Path, monkeypatch
) -> None:
    listed = [SimpleNamespace(doc_id="henan_l13", sha256=hashlib.sha256("旧文".encode()).hexdigest())]
    monkeypatch.setattr(script, "listed_texts", lambda: listed)
    old = gatherer(tmp_path / "g1", {"g1_01": "旧文"})
    with pytest.raises(script.IntakeBuildError, match=r"g1_01\.txt: the same text as henan_l13"):
        script.plan_texts("henan_z", [old], drop=set())
