"""scripts/add_devset.py: a new development set goes in whole after every check, or not at all."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parents[2]
TEXTS = {"henan_zz01": "洛阳市西工区社区开展老旧小区改造,惠及居民320户。", "henan_zz02": "某村调解纠纷12起。"}


@pytest.fixture(scope="module")
def script():
    return load_module(ROOT / "scripts" / "add_devset.py")


def write_csv(path: Path, rows: list[dict[str, object]], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)


def make_intake(folder: Path) -> Path:
    (folder / "texts").mkdir(parents=True)
    for doc, text in TEXTS.items():
        (folder / "texts" / f"{doc}.txt").write_text(text, encoding="utf-8")
    sources = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "address": f"http://example.org/{doc}",
                "title": "标题|副题",
                "date": "",
                "city": "Luoyang",
                "place_zh": "洛阳市",
                "admin_level": "prefecture-level city (地级市)",
                "sub_units": "西工区",
                "ends": "cut",
                "notes": "test",
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
            for doc, text in TEXTS.items()
        ]
    )
    sources.to_csv(folder / "sources.tsv", sep="\t", index=False)
    raw = TEXTS["henan_zz01"]
    start = raw.index("老旧小区改造")
    for coding in ("coder_a", "coder_b", "adjudicated"):
        write_csv(
            folder / coding / "programmes.csv",
            [
                {
                    "doc_id": "henan_zz01",
                    "start": start,
                    "end": start + 6,
                    "surface": "老旧小区改造",
                    "kind": "campaign",
                }
            ],
            ["doc_id", "start", "end", "surface", "kind"],
        )
        write_csv(
            folder / coding / "metrics.csv",
            [
                {
                    "doc_id": "henan_zz01",
                    "start": raw.index("320"),
                    "end": raw.index("320") + 4,
                    "surface": "320户",
                    "value": 320,
                    "unit": "户",
                    "metric_class": "count",
                }
            ],
            ["doc_id", "start", "end", "surface", "value", "unit", "metric_class"],
        )
        write_csv(
            folder / coding / "stages.csv",
            [
                {
                    "doc_id": "henan_zz02",
                    "sentence_start": 0,
                    "sentence_end": len(TEXTS["henan_zz02"]),
                    "sentence": TEXTS["henan_zz02"],
                    "stage": "implementation",
                    "cue": "调解",
                }
            ],
            ["doc_id", "sentence_start", "sentence_end", "sentence", "stage", "cue"],
        )
    write_csv(
        folder / "adjudicated" / "rejected.csv",
        [
            {
                "part": "stages",
                "coder": "coder_1",
                "doc_id": "henan_zz02",
                "start": 0,
                "end": 10,
                "surface": TEXTS["henan_zz02"],
                "reason": "no stage",
            }
        ],
        ["part", "coder", "doc_id", "start", "end", "surface", "reason"],
    )
    (folder / "adjudicated" / "adjudication.md").write_text("# record\n", encoding="utf-8")
    for name in ("BRIEF_coder_a.md", "BRIEF_coder_b.md", "BRIEF_adjudicator.md", "QUERIES.md"):
        (folder / name).write_text(f"# {name}\n", encoding="utf-8")
    (folder / "SECTION.md").write_text("## Test set\n\nWhy and how.\n", encoding="utf-8")
    return folder


def make_devset(folder: Path) -> Path:
    folder.mkdir()
    shutil.copyfile(ROOT / "data" / "devset" / "manifest.csv", folder / "manifest.csv")
    (folder / "SOURCES.md").write_text(
        "# Sources\n\n## Last set\n\nrows\n\n## Pages considered and not used\n\n- x\n"
    )
    (folder / "annotations").mkdir()
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_checked_intake_is_written_whole(script, tmp_path: Path) -> None:
    devset = make_devset(tmp_path / "devset")
    intake = script.check_intake("henan_zz", make_intake(tmp_path / "intake"), devset)
    script.write_intake(intake, devset)
    manifest = pd.read_csv(devset / "manifest.csv", dtype=str, keep_default_na=False)
    assert list(manifest["doc_id"][-2:]) == list(TEXTS)
    assert (devset / "texts" / "henan_zz02.txt").read_text(encoding="utf-8") == TEXTS["henan_zz02"]
    stages = pd.read_csv(devset / "annotations" / "henan_zz" / "adjudicated" / "stages.csv")
    assert "sentence" not in stages.columns and list(stages["sentence_end"]) == [len(TEXTS["henan_zz02"])]
    rejected = pd.read_csv(
        devset / "annotations" / "henan_zz" / "adjudicated" / "rejected.csv", keep_default_na=False
    )
    assert list(rejected["surface"]) == [""]
    sources = (devset / "SOURCES.md").read_text(encoding="utf-8")
    assert sources.index("## Test set") < sources.index("## Pages considered and not used")
    assert "标题¦副题" in sources and hashlib.sha256(TEXTS["henan_zz01"].encode()).hexdigest() in sources
    assert (devset / "henan_zz" / "QUERIES.md").is_file()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            lambda f: (f / "texts" / "henan_zz01.txt").write_text("改过的文本", encoding="utf-8"),
            "SHA-256 differs",
        ),
        (
            lambda f: (f / "texts" / "henan_zz03.txt").write_text("多余", encoding="utf-8"),
            "not in sources.tsv",
        ),
        (
            lambda f: (f / "texts" / "henan_zz02.txt").write_text(
                TEXTS["henan_zz02"] + "\n", encoding="utf-8"
            ),
            "not in saved form",
        ),
        (
            lambda f: (f / "texts" / "henan_zz02.txt").write_bytes("某村\r\n调解纠纷12起。".encode()),
            "not in saved form",
        ),
        (lambda f: (f / "BRIEF_adjudicator.md").unlink(), "BRIEF_adjudicator.md: missing"),
        (lambda f: (f / "SECTION.md").write_text("no heading\n", encoding="utf-8"), "needs a '## ' heading"),
    ],
)
def test_a_bad_intake_is_refused_and_nothing_is_written(script, tmp_path: Path, spoil, message: str) -> None:
    devset = make_devset(tmp_path / "devset")
    folder = make_intake(tmp_path / "intake")
    spoil(folder)
    before = snapshot(devset)
    with pytest.raises(script.IntakeError, match=message):
        script.check_intake("henan_zz", folder, devset)
    assert snapshot(devset) == before


def test_a_span_off_the_text_is_named(script, tmp_path: Path) -> None:
    devset = make_devset(tmp_path / "devset")
    folder = make_intake(tmp_path / "intake")
    metrics = pd.read_csv(folder / "coder_b" / "metrics.csv")
    metrics.loc[0, "start"] += 1
    metrics.to_csv(folder / "coder_b" / "metrics.csv", index=False)
    with pytest.raises(script.IntakeError, match=r"coder_b: 1 span\(s\) off the raw text"):
        script.check_intake("henan_zz", folder, devset)


def test_ids_of_another_set_or_already_listed_are_refused(script, tmp_path: Path) -> None:
    devset = make_devset(tmp_path / "devset")
    folder = make_intake(tmp_path / "intake")
    with pytest.raises(script.IntakeError, match="not of the form henan_yNN"):
        script.check_intake("henan_y", folder, devset)
    (devset / "annotations" / "henan_zz").mkdir()
    with pytest.raises(script.IntakeError, match="already in the project"):
        script.check_intake("henan_zz", folder, devset)


def test_the_command_line_exits_2_with_one_error(script, tmp_path: Path, capsys) -> None:
    assert script.main(["henan_zz", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "sources.tsv: cannot read" in err and err.count("\n") == 1


@pytest.mark.parametrize("note", ["SOURCES.md", "PENDING.md"])  # an entry's page, a pending name's page
def test_a_page_the_codebook_read_is_refused(script, tmp_path: Path, note: str) -> None:
    devset = make_devset(tmp_path / "devset")
    folder = make_intake(tmp_path / "intake")
    notes = tmp_path / "codebook_sources"
    notes.mkdir()
    (notes / "SOURCES.md").write_text("| http://field.example.org/other | 标题 | | abc |\n", encoding="utf-8")
    with (notes / note).open("a", encoding="utf-8") as handle:
        handle.write("| http://example.org/henan_zz02 | 标题 | | abc |\n")
    with pytest.raises(script.IntakeError, match="henan_zz02's page is a source of the codebook"):
        script.check_intake("henan_zz", folder, devset, codebook_notes=notes)
    checked = script.check_intake("henan_zz", folder, devset, codebook_notes=tmp_path / "absent")
    assert checked.key == "henan_zz"


def test_the_committed_codebook_sources_are_read() -> None:
    script = load_module(ROOT / "scripts" / "add_devset.py")
    addresses = script.codebook_read_addresses()
    assert len(addresses) >= 60 and "https://xy.henance.com/show-72685.html" in addresses
    assert "http://xczxah.com/display.asp?id=12018" in addresses  # from PENDING.md
