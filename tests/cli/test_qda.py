"""``govtext export qdpx|qdc``, ``import qdpx``, ``codebook suggest``: exit codes, messages, no partial
output."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from govtext import cli
from govtext.resources import resource_path

from .helpers import RAW_DIR, leftovers, run_cli

pytestmark = pytest.mark.slow  # on the session's seed run


@pytest.fixture(scope="module")
def exported(seed_run, tmp_path_factory):
    path = tmp_path_factory.mktemp("qda") / "seeds.qdpx"
    assert (
        cli.main(["export", "qdpx", str(seed_run), "--corpus", str(RAW_DIR), "--to", str(path)])
        == cli.EXIT_OK
    )
    return path


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_export_qdpx_writes_the_project_and_says_what_it_holds(capsys, seed_run, tmp_path, exported):
    path = tmp_path / "again.qdpx"
    code, out, err = run_cli(capsys, "export", "qdpx", seed_run, "--corpus", RAW_DIR, "--to", path)
    assert code == cli.EXIT_OK, err
    assert out.startswith(f"wrote {path}: 5 sources, ")
    programmes = len(pd.read_csv(seed_run / "programmes.csv"))
    assert f"selections: {programmes} programme, " in out
    assert path.read_bytes() == exported.read_bytes()  # the same bytes on every run
    assert _files(tmp_path) == ["again.qdpx"]


def test_export_qdc_writes_the_codebook(capsys, tmp_path):
    path = tmp_path / "programmes.qdc"
    code, out, err = run_cli(capsys, "export", "qdc", resource_path("codebook"), "--to", path)
    assert code == cli.EXIT_OK, err
    assert out.startswith(f"wrote {path}: 9 kinds, ")
    assert path.read_bytes().startswith(
        b'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"'
    )


def test_import_qdpx_writes_annotations_and_scores_the_run(capsys, seed_run, exported, tmp_path):
    out_dir = tmp_path / "annotations"
    code, out, err = run_cli(
        capsys, "import", "qdpx", exported, "--corpus", RAW_DIR, "--out", out_dir, "--score", seed_run
    )
    assert code == cli.EXIT_OK, err
    assert _files(out_dir) == ["dimensions.csv", "import.json", "metrics.csv", "programmes.csv", "scores.csv"]
    assert "5 sources" in out and "precision 1.000  recall 1.000  F1 1.000" in out
    scores = pd.read_csv(out_dir / "scores.csv")
    assert scores.loc[scores["compared"] == "mentions, same programme", "f1"].item() == 1.0


def test_codebook_suggest_to_a_file_and_to_stdout(capsys, seed_run, tmp_path):
    path = tmp_path / "mine.yml"
    code, out, err = run_cli(
        capsys, "codebook", "suggest", seed_run, "--min-docs", "1", "--corpus", RAW_DIR, "--to", path
    )
    assert code == cli.EXIT_OK, err
    assert out == "" and "proposed" in err and str(path) in err
    assert run_cli(capsys, "codebook", "check", path)[:2] == (cli.EXIT_OK, "ok\n")
    code, out, err = run_cli(capsys, "codebook", "suggest", seed_run, "--min-docs", "1")
    assert code == cli.EXIT_OK
    assert out.startswith("# Codebook of named governance programmes") and 'status: "proposed"' in out


# ------------------------------------------------------------------------------------------------ bad input


def _one_line_error(err: str, *needles: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("govtext: error: ") and lines[0].endswith("(nothing was written)")
    for needle in needles:
        assert needle in lines[0], (needle, err)


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (b"not a zip at all", ["not a zip archive"]),
        (None, ["project.qde: root element <Project> in namespace urn:example"]),
    ],
)
def test_import_of_a_bad_project_exits_1_and_writes_nothing(capsys, tmp_path, content, needles):
    project = tmp_path / "bad.qdpx"
    if content is None:
        with zipfile.ZipFile(project, "w") as archive:
            archive.writestr("project.qde", '<Project xmlns="urn:example" name="x"/>')
    else:
        project.write_bytes(content)
    out_dir = tmp_path / "annotations"
    code, _, err = run_cli(capsys, "import", "qdpx", project, "--corpus", RAW_DIR, "--out", out_dir)
    assert code == cli.EXIT_BAD_INPUT
    _one_line_error(err, str(project), *needles)
    assert not out_dir.exists() and leftovers(tmp_path) == []


def test_import_into_a_folder_that_is_not_empty_is_refused(capsys, tmp_path, exported):
    out_dir = tmp_path / "annotations"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_cli(capsys, "import", "qdpx", exported, "--corpus", RAW_DIR, "--out", out_dir)
    assert code == cli.EXIT_BAD_INPUT
    _one_line_error(err, "not empty")
    assert _files(out_dir) == ["keep.txt"]


def test_export_with_the_wrong_corpus_exits_1_and_leaves_no_file(capsys, seed_run, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "other.txt").write_text("另一个文件。", encoding="utf-8")
    path = tmp_path / "x.qdpx"
    code, _, err = run_cli(capsys, "export", "qdpx", seed_run, "--corpus", corpus, "--to", path)
    assert code == cli.EXIT_BAD_INPUT
    _one_line_error(err, "no file for document")
    assert _files(tmp_path) == ["corpus"]


def test_an_export_that_fails_keeps_the_previous_file(capsys, seed_run, tmp_path):
    path = tmp_path / "x.qdpx"
    path.write_bytes(b"previous")
    code, _, err = run_cli(
        capsys,
        "export",
        "qdpx",
        seed_run,
        "--corpus",
        RAW_DIR,
        "--to",
        path,
        "--units",
        RAW_DIR / "manifest.csv",
    )
    assert code == cli.EXIT_BAD_INPUT
    _one_line_error(err, "resources.units")
    assert path.read_bytes() == b"previous" and _files(tmp_path) == ["x.qdpx"]


def test_export_qdc_of_an_invalid_codebook_exits_1(capsys, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "export", "qdc", bad, "--to", tmp_path / "x.qdc")
    assert code == cli.EXIT_BAD_INPUT
    _one_line_error(err, str(bad))
    assert _files(tmp_path) == ["bad.yml"]


def test_codebook_suggest_with_a_codebook_the_run_did_not_use_exits_1(capsys, seed_run, tmp_path):
    other = tmp_path / "other.yml"
    other.write_text(resource_path("codebook").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    target = tmp_path / "out.yml"
    code, out, err = run_cli(capsys, "codebook", "suggest", seed_run, "--codebook", other, "--to", target)
    assert code == cli.EXIT_BAD_INPUT and out == ""
    _one_line_error(err, "resources.codebook", str(other))
    assert not target.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["export"],
        ["import"],
        ["export", "qdpx", "results/"],  # --corpus and --to missing
        ["export", "qdc", "codebook.yml"],  # --to missing
        ["import", "qdpx", "p.qdpx", "--corpus", "data/raw"],  # --out missing
        ["codebook", "suggest", "results/", "--min-docs", "0"],
        ["codebook", "suggest", "results/", "--min-docs", "two"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, _, err = run_cli(capsys, *argv)
    assert code == cli.EXIT_USAGE
    assert "usage: govtext" in err


def test_help_of_each_command_has_examples(capsys):
    for argv in (["export", "qdpx"], ["export", "qdc"], ["import", "qdpx"], ["codebook", "suggest"]):
        code, out, _ = run_cli(capsys, *argv, "--help")
        assert code == cli.EXIT_OK
        assert "examples:" in out and f"govtext {' '.join(argv)}" in out
    code, out, _ = run_cli(capsys, "codebook", "--help")
    assert "suggest" in out and "check" in out
