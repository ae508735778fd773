"""Tests of govtext.cli.main: the commands, their help and exit codes, --on-error and errors.csv."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from govtext import __version__, cli, corpus
from govtext.resources import resource_path

from .helpers import RAW_DIR, SEEDS, leftovers, read_tables, run_cli, small_corpus

# ----------------------------------------------------------------------------------------------------
# Usage, help, exit codes
# ----------------------------------------------------------------------------------------------------


def test_version(capsys) -> None:
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0
    assert out.strip() == f"govtext {__version__}"


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["run", "--help"], ["kwic", "--help"], ["codebook", "--help"], ["codebook", "check", "-h"]],
)
def test_every_command_has_help_with_examples(capsys, argv) -> None:
    code, out, _ = run_cli(capsys, *argv)
    assert code == cli.EXIT_OK
    assert "usage: govtext" in out
    assert "examples:" in out


def test_run_help_documents_the_tables_and_options(capsys) -> None:
    _, out, _ = run_cli(capsys, "run", "--help")
    for word in [
        *cli.TABLES,
        "errors.csv",
        "--jobs",
        "--dask",
        "--on-error",
        "--bom",
        "--codebook",
        "--lexicon",
    ]:
        assert word in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["codebook"],
        ["frobnicate"],
        ["run", str(RAW_DIR)],  # no --out
        ["run", str(RAW_DIR), "--out", "x", "--jobs", "0"],
        ["run", str(RAW_DIR), "--out", "x", "--format", "xlsx"],
        ["run", str(RAW_DIR), "--out", "x", "--dask", "local", "--format", "csv"],
        ["kwic", "网格员"],  # no CORPUS_DIR
    ],
)
def test_usage_errors_exit_2(capsys, tmp_path, monkeypatch, argv) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, *argv)
    assert code == cli.EXIT_USAGE
    assert "usage:" in err
    assert not (tmp_path / "x").exists()


def test_bad_input_exits_1(capsys, tmp_path) -> None:
    code, _, err = run_cli(capsys, "run", tmp_path / "missing", "--out", tmp_path / "out")
    assert code == cli.EXIT_BAD_INPUT
    assert "missing: not a folder" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_resource_options_replace_the_packaged_files(capsys, tmp_path) -> None:
    """Each ``--codebook``-style option replaces one packaged resource; the others stay packaged."""
    codebook = tmp_path / "mine.yml"
    codebook.write_text(resource_path("codebook").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    code, text, _ = run_cli(
        capsys, "run", small_corpus(tmp_path / "c", 1), "--out", out, "--codebook", codebook
    )
    assert code == cli.EXIT_OK, text
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["resources"]["codebook"]["file"] == "mine.yml"
    assert info["resources"]["units"]["file"] == "units.yml"
    for name, file_name in [("candidate_scoring", "candidate_scoring.yml"), ("furniture", "furniture.yml")]:
        recorded = info["resources"][name]
        digest = hashlib.sha256(resource_path(name).read_bytes()).hexdigest()
        assert recorded == {"file": file_name, "sha256": digest}


# ----------------------------------------------------------------------------------------------------
# Failures: --on-error, errors.csv, never a partial output folder
# ----------------------------------------------------------------------------------------------------


@pytest.fixture
def corpus_with_bad_files(tmp_path) -> Path:
    folder = small_corpus(tmp_path / "corpus", 2)
    (folder / "binary.txt").write_bytes(b"\xff\xfe\x00\x00")
    (folder / "gbk.txt").write_bytes("巩义市网格员".encode("gb18030"))
    shutil.copy(SEEDS[0], folder / "zz_copy.txt")
    return folder


@pytest.mark.slow
def test_skip_lists_failed_files_in_errors_csv(capsys, corpus_with_bad_files, tmp_path) -> None:
    out = tmp_path / "out"
    code, stdout, err = run_cli(capsys, "run", corpus_with_bad_files, "--out", out, "--on-error", "skip")
    assert code == cli.EXIT_OK
    assert "skipped 3 file(s)" in err
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert list(errors.columns) == cli.ERROR_COLUMNS
    assert errors["source_file"].tolist() == ["binary.txt", "gbk.txt", "zz_copy.txt"]
    assert errors["stage"].tolist() == ["load", "load", "duplicate"]
    assert "NUL byte" in errors.loc[0, "error"]
    assert "--encoding gb18030" in errors.loc[1, "error"]
    assert SEEDS[0].name in errors.loc[2, "error"]
    assert read_tables(out)["documents"]["source_file"].tolist() == [p.name for p in SEEDS[:2]]
    assert "2 documents" in stdout


@pytest.mark.slow
def test_fail_names_the_file_and_leaves_no_output(capsys, corpus_with_bad_files, tmp_path) -> None:
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "run", corpus_with_bad_files, "--out", out)
    assert code == cli.EXIT_BAD_INPUT
    assert "binary.txt" in err and "gbk.txt" in err and "zz_copy.txt" in err
    assert not out.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_checksum_mismatch_against_the_manifest(capsys, tmp_path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, folder)
    changed = folder / SEEDS[2].name
    changed.write_bytes(changed.read_bytes() + "补记。".encode())
    code, _, err = run_cli(capsys, "run", folder, "--out", tmp_path / "out")
    assert code == cli.EXIT_BAD_INPUT
    assert f"{SEEDS[2].name}: checksum: sha256 mismatch" in err
    code, _, _ = run_cli(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip")
    assert code == cli.EXIT_OK
    assert pd.read_csv(tmp_path / "out" / "errors.csv")["stage"].tolist() == ["checksum"]


@pytest.mark.slow
def test_manifest_row_without_file_is_a_corpus_error(capsys, tmp_path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, folder)
    (folder / SEEDS[0].name).unlink()
    code, _, err = run_cli(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip")
    assert code == cli.EXIT_BAD_INPUT
    assert f"names {SEEDS[0].name}, but there is no such .txt file" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_no_document_processed_is_an_error(capsys, tmp_path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    code, _, err = run_cli(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip")
    assert code == cli.EXIT_BAD_INPUT
    assert "no document could be processed" in err and "empty.txt" in err
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------------------------------
# govtext kwic, govtext codebook check
# ----------------------------------------------------------------------------------------------------


def test_kwic_prints_doc_ids_and_raw_offsets(capsys) -> None:
    code, out, err = run_cli(capsys, "kwic", "网格员", RAW_DIR, "--width", "6")
    assert code == cli.EXIT_OK
    lines = out.splitlines()
    raw = {path.stem: corpus.load_document(path)["raw_text"] for path in SEEDS}
    assert len(lines) == sum(
        text.count("网格员")
        for text in corpus.clean_documents(corpus.load_corpus(RAW_DIR)).values()
        for text in [text.text]
    )
    for line in lines:
        doc_id, start, end, context = line.split("\t")
        assert raw[doc_id][int(start) : int(end)] == "网格员"
        assert "【网格员】" in context
        left = context.split("【")[0]
        assert len(left) == 6
    assert f"{len(lines)} occurrence(s)" in err


def test_kwic_of_a_missing_folder_exits_1(capsys, tmp_path) -> None:
    code, _, err = run_cli(capsys, "kwic", "网格员", tmp_path / "nope")
    assert code == cli.EXIT_BAD_INPUT
    assert "not a folder" in err


def test_codebook_check_ok(capsys) -> None:
    code, out, _ = run_cli(capsys, "codebook", "check", resource_path("codebook"))
    assert (code, out) == (cli.EXIT_OK, "ok\n")


def test_codebook_check_broken_yaml(capsys, tmp_path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("name: x\nprogrammes: [\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "codebook", "check", path)
    assert code == cli.EXIT_BAD_INPUT
    assert out.startswith(f"{path}: not valid YAML")


def test_codebook_check_names_entry_and_field(capsys, tmp_path) -> None:
    text = (resource_path("codebook")).read_text(encoding="utf-8")
    path = tmp_path / "programmes.yml"
    path.write_text(text.replace("kind:", "knd:", 1), encoding="utf-8")
    code, out, _ = run_cli(capsys, "codebook", "check", path)
    assert code == cli.EXIT_BAD_INPUT
    lines = out.splitlines()
    assert any("entry " in line and "field 'kind': missing" in line for line in lines)
    assert any("field 'knd': unknown field" in line for line in lines)
