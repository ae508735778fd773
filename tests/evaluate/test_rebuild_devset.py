"""scripts/rebuild_devset.py: the rebuild lists name every missing text, and only texts whose checksum
matches the manifest are filed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from conftest import load_module
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "data" / "devset"


@pytest.fixture(scope="module")
def script():
    return load_module(ROOT / "scripts" / "rebuild_devset.py")


def fake_devset(folder: Path, texts: dict[str, str]) -> Path:
    """A manifest and a SOURCES.md table for ``texts`` (id -> saved text)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    lines = [
        "| id | city | address | title (as printed) | date (as printed) | n_chars | sha256 | end | notes |"
    ]
    for doc_id, text in texts.items():
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        address = f"http://example.org/{doc_id}.html"
        rows.append(
            {
                "doc_id": doc_id,
                "source_file": f"texts/{doc_id}.txt",
                "sha256": sha,
                "locality": "X",
                "place_zh": "洛阳市",
                "admin_level": "",
                "sub_units": "",
                "title": "标题 ¦ 副题",
                "date": "",
                "address": address,
            }
        )
        lines.append(
            f"| {doc_id} | Luoyang (洛阳市) | {address} | 标题 ¦ 副题 | (not printed) "
            f"| {len(text)} | `{sha}` | x | y |"
        )
    pd.DataFrame(rows).to_csv(folder / "manifest.csv", index=False)
    (folder / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_committed_sources_give_every_text_a_length(script) -> None:
    listed = script.listed_texts(DEVSET)
    manifest = pd.read_csv(DEVSET / "manifest.csv", dtype=str)
    assert [t.doc_id for t in listed] == list(manifest["doc_id"])
    assert all(t.n_chars is not None and t.n_chars >= 400 for t in listed)


def test_lists_hold_only_the_missing_texts_split_in_parts(script, tmp_path: Path) -> None:
    texts = {f"henan_z{i:02d}": f"文本{i}" * 3 for i in range(1, 8)}
    devset = fake_devset(tmp_path / "devset", texts)
    present = tmp_path / "texts"
    present.mkdir()
    (present / "henan_z03.txt").write_text(texts["henan_z03"], encoding="utf-8")
    paths = script.write_lists(3, tmp_path / "lists", present, devset)
    listed = pd.concat([pd.read_csv(p, sep="\t", dtype=str) for p in paths])
    assert sorted(listed["doc_id"]) == sorted(set(texts) - {"henan_z03"})
    assert len(paths) == 3 and all(len(pd.read_csv(p, sep="\t")) <= 2 for p in paths)


def test_lists_name_the_log_of_the_searches_that_found_a_text(script, tmp_path: Path) -> None:
    texts = {"henan_z01": "文本一" * 3, "henan_y01": "文本二" * 3}
    devset = fake_devset(tmp_path / "devset", texts)
    (devset / "henan_z").mkdir()
    (devset / "henan_z" / "QUERIES.md").write_text("1. 洛阳 社区 → g1_01\n", encoding="utf-8")
    paths = script.write_lists(1, tmp_path / "lists", tmp_path / "texts", devset)
    listed = pd.read_csv(paths[0], sep="\t", dtype=str, keep_default_na=False).set_index("doc_id")
    assert listed.loc["henan_z01", "queries_file"] == "henan_z/QUERIES.md"
    assert listed.loc["henan_y01", "queries_file"] == ""  # its set has no log


def test_avoid_lists_every_known_address_with_and_without_its_scheme(script, tmp_path: Path) -> None:
    devset = fake_devset(tmp_path / "devset", {"henan_z01": "文本一" * 3})
    (devset / "henan_z").mkdir()
    (devset / "henan_z" / "QUERIES.md").write_text(
        "1. `洛阳 社区` → none (https://seen.example.org/a.html, passed over)\n", encoding="utf-8"
    )
    notes = tmp_path / "codebook_sources"
    notes.mkdir()
    (notes / "SOURCES.md").write_text("| http://field.example.org/p.htm | t |  | x |\n", encoding="utf-8")
    (notes / "PENDING.md").write_text(
        "| http://pending.example.org/q.htm | t |  | 1 | x |\n", encoding="utf-8"
    )
    addresses = script.avoid_addresses(devset, notes)
    for address in (
        "http://example.org/henan_z01.html",
        "https://seen.example.org/a.html",
        "http://field.example.org/p.htm",
        "http://pending.example.org/q.htm",
    ):
        assert address in addresses and address.split("://", 1)[1] in addresses
    assert addresses == sorted(set(addresses))
    assert not any(a.endswith((",", ")")) for a in addresses)  # the note's punctuation is not part of it


def test_check_files_matches_and_refuses_the_rest(script, tmp_path: Path) -> None:
    texts = {"henan_z01": "第一段\n\n第二段", "henan_z02": "另一篇 文字"}
    devset = fake_devset(tmp_path / "devset", texts)
    found = tmp_path / "found"
    found.mkdir()
    (found / "henan_z01.txt").write_text(
        "\n  第一段\r\n\r\n第二段  \n", encoding="utf-8"
    )  # CRLF, outer blanks
    (found / "henan_z02.txt").write_text("另一篇  文字", encoding="utf-8")  # a run of spaces: differs
    (found / "stray.txt").write_text("x", encoding="utf-8")
    (found / "MISSING_part_1.txt").write_text("henan_z03 not found\n", encoding="utf-8")
    texts_dir = tmp_path / "texts"
    matched, mismatched = script.check_found(found, texts_dir, devset)
    assert not any("MISSING_part_1" in line for line in mismatched)  # a helper's note, not a text
    assert matched == ["henan_z01"]
    assert (texts_dir / "henan_z01.txt").read_bytes() == texts["henan_z01"].encode("utf-8")
    assert not (texts_dir / "henan_z02.txt").exists()
    assert any("henan_z02.txt: checksum differs" in line for line in mismatched)
    assert any("stray.txt: not a listed" in line for line in mismatched)


@given(st.text(alphabet=st.sampled_from(list("社区网格 \n\r\t,。1")), max_size=40))
def test_saved_form_is_stable_and_has_no_carriage_returns(text: str) -> None:
    script = load_module(ROOT / "scripts" / "rebuild_devset.py")
    once = script.saved_form(text)
    assert script.saved_form(once) == once
    assert "\r" not in once and once == once.strip()


def test_check_refuses_a_missing_folder(script, tmp_path: Path, capsys) -> None:
    assert script.main(["--texts", str(tmp_path / "t"), "check", str(tmp_path / "nowhere")]) == 2
    assert "nowhere: no such folder" in capsys.readouterr().err


def test_the_queries_of_filed_texts_are_recorded_and_listed_next_time(script, tmp_path: Path) -> None:
    texts = {"henan_z01": "文本一", "henan_z02": "文本二", "henan_z03": "文本三"}
    devset = fake_devset(tmp_path / "devset", texts)
    (devset / "rebuild").mkdir()
    (devset / "rebuild" / "found_by.tsv").write_text(
        "doc_id\tquery\nhenan_z03\t旧 查询\nhenan_z02\t更旧 查询\n", encoding="utf-8"
    )
    found = tmp_path / "found"
    found.mkdir()
    (found / "FOUND_BY_part_1.tsv").write_text(
        "henan_z02\t洛阳 社区 网格\n\nhenan_z01\t不匹配的 查询\nonly_one_cell\n", encoding="utf-8"
    )
    recorded = script.record_found_by(found, ["henan_z02"], devset)  # henan_z01 did not match
    assert recorded == 1
    lines = (devset / "rebuild" / "found_by.tsv").read_text(encoding="utf-8").splitlines()
    assert lines == ["doc_id\tquery", "henan_z02\t洛阳 社区 网格", "henan_z03\t旧 查询"]  # manifest order
    paths = script.write_lists(1, tmp_path / "lists", tmp_path / "texts", devset)
    listed = pd.read_csv(paths[0], sep="\t", dtype=str, keep_default_na=False).set_index("doc_id")
    assert listed["query"].to_dict() == {
        "henan_z01": "",
        "henan_z02": "洛阳 社区 网格",
        "henan_z03": "旧 查询",
    }
    assert script.record_found_by(tmp_path / "empty", ["henan_z02"], devset) == 0
