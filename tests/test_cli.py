"""The command line: exit codes, help, every table, --on-error, staging, --bom, Parquet, jobs and dask."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import govtext as gt
from govtext import __version__, cli, compare, corpus, metrics, segment
from govtext.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
SEEDS = sorted(RAW_DIR.glob("*.txt"))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """``govtext ARGV`` in this process: exit code, stdout, stderr."""
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_tables(folder: Path, fmt: str = "csv") -> dict[str, pd.DataFrame]:
    if fmt == "csv":
        return {
            name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False) for name in cli.TABLES
        }
    return {name: pd.read_parquet(folder / name) for name in cli.TABLES}


def leftovers(parent: Path) -> list[str]:
    """Hidden staging folders left next to an output folder."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".") and p.name.endswith(".partial"))


def small_corpus(folder: Path, n: int = 2) -> Path:
    """The first ``n`` seed files, without the manifest."""
    folder.mkdir(parents=True)
    for path in SEEDS[:n]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> Path:
    """``govtext run data/raw --out OUT`` (CSV, one job), once for the module."""
    out = tmp_path_factory.mktemp("run") / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out)]) == cli.EXIT_OK
    return out


@pytest.fixture(scope="module")
def seed_parquet(tmp_path_factory) -> Path:
    """The same run as Parquet, two documents per part."""
    out = tmp_path_factory.mktemp("parquet") / "out"
    argv = ["run", str(RAW_DIR), "--out", str(out), "--format", "parquet", "--batch-size", "2"]
    assert cli.main(argv) == cli.EXIT_OK
    return out


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


def test_output_folder_that_is_not_empty_is_refused(capsys, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_cli(capsys, "run", RAW_DIR, "--out", out)
    assert code == cli.EXIT_BAD_INPUT
    assert "not empty" in err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


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


# ----------------------------------------------------------------------------------------------------
# govtext run: the tables
# ----------------------------------------------------------------------------------------------------


def test_run_writes_every_table(seed_run) -> None:
    names = sorted(p.name for p in seed_run.iterdir())
    assert names == sorted([*(f"{name}.csv" for name in cli.TABLES), "run.json"])
    tables = read_tables(seed_run)
    for name in cli.TABLES:
        assert len(tables[name]) > 0, name
    assert list(tables["tokens"].columns) == segment.TOKEN_OUTPUT_COLUMNS
    assert list(tables["dimension_scores"].columns) == compare.DOCUMENT_SCORE_COLUMNS
    assert not (seed_run.parent.glob(".*.partial") and leftovers(seed_run.parent))


def test_documents_table_is_load_corpus_without_raw_text(seed_run) -> None:
    expected = corpus.load_corpus(RAW_DIR).drop(columns=["raw_text"])
    expected = pd.read_csv(io.StringIO(expected.to_csv(index=False)), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(read_tables(seed_run)["documents"], expected)


def test_raw_offsets_give_the_surface(seed_run) -> None:
    raw = {
        str(d): str(t) for d, t in corpus.load_corpus(RAW_DIR)[["doc_id", "raw_text"]].itertuples(index=False)
    }
    tables = read_tables(seed_run)
    for name in ("programmes", "metrics"):
        for row in tables[name].itertuples(index=False):
            assert raw[row.doc_id][int(row.start) : int(row.end)] == row.surface, (name, row)
    tokens = tables["tokens"]
    for row in tokens.sample(500, random_state=1).itertuples(index=False):
        printed = "".join(raw[row.doc_id][int(row.start) : int(row.end)].split())
        assert len(printed) == len(row.token)
        for char, token_char in zip(printed, row.token, strict=True):  # cleaning may widen punctuation
            assert char == token_char or token_char in corpus.FULLWIDTH.get(char, ""), row


def test_dimension_scores_add_up_per_document(seed_run) -> None:
    tables = read_tables(seed_run)
    scores = tables["dimension_scores"].astype({"hits": int, "n_chars": int, "n_sentences": int})
    sentences = tables["sentences"]
    body = sentences[sentences["part"] == "body"]
    n_dimensions = scores["dimension"].nunique()
    assert len(scores) == len(tables["documents"]) * n_dimensions
    per_doc = body.groupby("doc_id")["text"].agg(lambda texts: sum(len(t) for t in texts))
    for row in scores.itertuples(index=False):
        assert row.n_chars == per_doc[row.doc_id]
        if row.hits:
            assert float(row.rate) == pytest.approx(row.hits / row.n_chars * 10_000)
            assert (
                sum(int(t.rpartition("×")[2]) if "×" in t else 1 for t in row.terms.split("; ")) == row.hits
            )


def test_merge_term_lists() -> None:
    assert compare.merge_term_lists(["党员×2; 支部", "支部×2; 党建", ""]) == "支部×3; 党员×2; 党建"
    assert compare.merge_term_lists([]) == ""


def test_metrics_from_the_shared_sentence_cuts_equal_a_plain_run(seed_run) -> None:
    """Metrics that reuse the sentence cuts made for the tokens equal metrics that cut on their own."""
    resources = gt.Resources.default()
    documents = corpus.load_corpus(RAW_DIR)
    cleaned = corpus.clean_documents(documents)
    sentences = corpus.split_sentences(documents, cleaned, corpus.split_articles(documents, cleaned))
    plain = metrics.extract_metrics(
        sentences, cleaned, resources.tokenizer, resources.programme_names, resources.units
    )
    tables = gt.run_pipeline(documents, resources).as_dict()
    pd.testing.assert_frame_equal(tables["metrics"], plain)
    tokens = segment.tokenize(sentences, resources.tokenizer, resources.stopwords)
    pd.testing.assert_frame_equal(tables["tokens"][segment.TOKEN_COLUMNS], tokens)


def test_jobs_2_writes_the_same_bytes_as_jobs_1(seed_run, tmp_path) -> None:
    out = tmp_path / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out), "--jobs", "2"]) == cli.EXIT_OK
    for name in cli.TABLES:
        assert (out / f"{name}.csv").read_bytes() == (seed_run / f"{name}.csv").read_bytes(), name


@pytest.mark.parametrize("batch_size", ["1", "3"])
def test_batch_size_changes_nothing_in_the_tables(seed_run, tmp_path, batch_size) -> None:
    """A batch is processed by one call per table; the rows are those of one call per document."""
    out = tmp_path / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out), "--batch-size", batch_size]) == cli.EXIT_OK
    for name in cli.TABLES:
        assert (out / f"{name}.csv").read_bytes() == (seed_run / f"{name}.csv").read_bytes(), name


def test_dictionary_tagger_run(seed_run, tmp_path) -> None:
    """``--tagger dictionary``: the tokens of jieba.lcut; the same quantities and programme mentions."""
    out = tmp_path / "out"
    argv = ["run", str(RAW_DIR), "--out", str(out), "--tagger", "dictionary"]
    assert cli.main(argv) == cli.EXIT_OK
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["tagger"] == "dictionary"
    fast, default = read_tables(out), read_tables(seed_run)
    for name in ("documents", "articles", "sentences", "programmes", "dimension_scores"):
        pd.testing.assert_frame_equal(fast[name], default[name])
    columns = ["doc_id", "start", "end", "surface", "value", "unit"]
    pd.testing.assert_frame_equal(fast["metrics"][columns], default["metrics"][columns])
    resources = gt.Resources.default("dictionary")
    sentence = default["sentences"].iloc[3]
    tokens = fast["tokens"][fast["tokens"]["sentence_id"] == sentence["sentence_id"]]
    words = resources.tokenizer.tokenizer.lcut(sentence["text"])
    assert tokens["token"].tolist() == [w for w in words if not w.isspace()]
    assert fast["tokens"]["token"].tolist() != default["tokens"]["token"].tolist()


def test_bom(seed_run, tmp_path) -> None:
    out = tmp_path / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out), "--bom", "--on-error", "skip"]) == cli.EXIT_OK
    for name in cli.TABLES:
        data = (out / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        assert data[3:] == (seed_run / f"{name}.csv").read_bytes(), name
    assert (out / "errors.csv").read_bytes() == "\ufeffsource_file,doc_id,stage,error\n".encode()
    assert not (seed_run / "tokens.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_parquet_holds_the_same_tables_as_csv(seed_run, seed_parquet) -> None:
    assert sorted(p.name for p in (seed_parquet / "tokens").iterdir()) == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]
    for name, table in read_tables(seed_parquet, "parquet").items():
        text = table.to_csv(index=False, lineterminator="\n")
        assert text == (seed_run / f"{name}.csv").read_text(encoding="utf-8"), name
    assert read_tables(seed_parquet, "parquet")["tokens"]["start"].dtype == "int64"


def test_dask_local_cluster_gives_the_same_tables(seed_parquet, tmp_path) -> None:
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'govtext[dask]')")
    pytest.importorskip("distributed", reason="distributed is not installed (pip install 'govtext[dask]')")
    out = tmp_path / "out"
    argv = ["run", str(RAW_DIR), "--out", str(out), "--dask", "local", "--batch-size", "2"]
    assert cli.main(argv) == cli.EXIT_OK
    local, dask = read_tables(seed_parquet, "parquet"), read_tables(out, "parquet")
    for name in cli.TABLES:
        key = list(local[name].columns)
        left = local[name].sort_values(key, kind="stable").reset_index(drop=True)
        right = dask[name].sort_values(key, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


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


def test_fail_names_the_file_and_leaves_no_output(capsys, corpus_with_bad_files, tmp_path) -> None:
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "run", corpus_with_bad_files, "--out", out)
    assert code == cli.EXIT_BAD_INPUT
    assert "binary.txt" in err and "gbk.txt" in err and "zz_copy.txt" in err
    assert not out.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_failure_during_the_pipeline_removes_the_staging_folder(capsys, tmp_path, monkeypatch, jobs) -> None:
    folder = small_corpus(tmp_path / "corpus", 3)
    bad = SEEDS[1].stem
    split_sentences = corpus.split_sentences

    def failing(documents, cleaned, articles):
        if bad in set(documents["doc_id"]):
            raise ValueError("injected failure")
        return split_sentences(documents, cleaned, articles)

    monkeypatch.setattr(corpus, "split_sentences", failing)  # the fork pool inherits the patch
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "run", folder, "--out", out, "--jobs", jobs, "--format", "parquet")
    assert code == cli.EXIT_BAD_INPUT
    assert f"{bad}.txt: sentences: ValueError: injected failure" in err
    assert not out.exists()
    assert leftovers(tmp_path) == []

    code, _, _ = run_cli(capsys, "run", folder, "--out", out, "--jobs", jobs, "--on-error", "skip")
    assert code == cli.EXIT_OK
    errors = pd.read_csv(out / "errors.csv", dtype=str)
    assert errors[["source_file", "stage"]].values.tolist() == [[f"{bad}.txt", "sentences"]]
    assert len(read_tables(out)["documents"]) == 2


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


def test_manifest_row_without_file_is_a_corpus_error(capsys, tmp_path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, folder)
    (folder / SEEDS[0].name).unlink()
    code, _, err = run_cli(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip")
    assert code == cli.EXIT_BAD_INPUT
    assert f"names {SEEDS[0].name}, but there is no such .txt file" in err
    assert not (tmp_path / "out").exists()


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
