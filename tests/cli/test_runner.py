"""Tests of govtext.cli.runner: pass 1, and every way of running pass 2 (batches, --jobs, --tagger, dask)
writes the same rows."""

from __future__ import annotations

import json
import tempfile

import pandas as pd
import pytest

import govtext as gt
from govtext import cli, compare, corpus, metrics, segment

from .helpers import RAW_DIR, SEEDS, leftovers, read_tables, run_cli, small_corpus

# ----------------------------------------------------------------------------------------------------
# Pass 1: the corpus as a whole
# ----------------------------------------------------------------------------------------------------


def test_scan_then_documents_frame_is_load_corpus() -> None:
    """Pass 1 and the per-batch documents table give the rows, columns and dtypes of ``load_corpus``."""
    scan = cli.scan_corpus(RAW_DIR)
    assert scan.problems == [] and [task.doc_id for task in scan.tasks] == [p.stem for p in SEEDS]
    records = [corpus.load_document(task.path) for task in scan.tasks]
    frame = cli.documents_frame(records, [task.metadata for task in scan.tasks])
    pd.testing.assert_frame_equal(frame, corpus.load_corpus(RAW_DIR))


def test_scan_reports_duplicates_and_bad_files_as_problems(tmp_path) -> None:
    folder = small_corpus(tmp_path / "corpus", 1)
    (folder / "zz_copy.txt").write_bytes(SEEDS[0].read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    scan = cli.scan_corpus(folder)
    assert [task.doc_id for task in scan.tasks] == [SEEDS[0].stem]
    assert [(p.source_file, p.stage) for p in scan.problems] == [
        ("empty.txt", "load"),
        ("zz_copy.txt", "duplicate"),
    ]


def test_batches_are_consecutive_and_cover_every_task() -> None:
    tasks = cli.scan_corpus(RAW_DIR).tasks
    assert [[t.index for t in batch] for batch in cli.batches(tasks, 2)] == [[0, 1], [2, 3], [4]]
    assert cli.batches(tasks, cli.DEFAULT_BATCH_SIZE) == [tasks]
    assert cli.batches([], 3) == []


# ----------------------------------------------------------------------------------------------------
# Pass 2: every way of running it writes the same rows
# ----------------------------------------------------------------------------------------------------


def test_merge_term_lists() -> None:
    assert compare.merge_term_lists(["党员×2; 支部", "支部×2; 党建", ""]) == "支部×3; 党员×2; 党建"
    assert compare.merge_term_lists([]) == ""


def test_metrics_from_the_shared_sentence_cuts_equal_a_plain_run() -> None:
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


@pytest.mark.slow
def test_jobs_2_writes_the_same_bytes_as_jobs_1(seed_run, tmp_path) -> None:
    out = tmp_path / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out), "--jobs", "2"]) == cli.EXIT_OK
    for name in cli.TABLES:
        assert (out / f"{name}.csv").read_bytes() == (seed_run / f"{name}.csv").read_bytes(), name


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", ["1", "3"])
def test_batch_size_changes_nothing_in_the_tables(seed_run, tmp_path, batch_size) -> None:
    """A batch is processed by one call per table; the rows are those of one call per document."""
    out = tmp_path / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out), "--batch-size", batch_size]) == cli.EXIT_OK
    for name in cli.TABLES:
        assert (out / f"{name}.csv").read_bytes() == (seed_run / f"{name}.csv").read_bytes(), name


@pytest.mark.slow
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


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_tables(seed_parquet, tmp_path, monkeypatch) -> None:
    """The same tables, and no dask scratch folder left anywhere (it lives inside the staging folder)."""
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'govtext[dask]')")
    pytest.importorskip("distributed", reason="distributed is not installed (pip install 'govtext[dask]')")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    argv = ["run", str(RAW_DIR), "--out", str(out), "--dask", "local", "--batch-size", "2"]
    assert cli.main(argv) == cli.EXIT_OK
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tmp"]
    assert not any(p.name.startswith(".") for p in out.iterdir())
    local, dask = read_tables(seed_parquet, "parquet"), read_tables(out, "parquet")
    for name in cli.TABLES:
        key = list(local[name].columns)
        left = local[name].sort_values(key, kind="stable").reset_index(drop=True)
        right = dask[name].sort_values(key, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


@pytest.mark.slow
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


@pytest.mark.slow
def test_compiled_and_jieba_pos_taggers_write_the_same_bytes(seed_run, tmp_path) -> None:
    """Identity is the release criterion of the compiled tagger: with ``GOVTEXT_POS_BACKEND=jieba`` (pure
    ``jieba.posseg``) every table is byte-identical, and run.json says which tagger ran."""
    import os
    import subprocess
    import sys

    out = tmp_path / "jieba"
    env = {**os.environ, "GOVTEXT_POS_BACKEND": "jieba"}
    command = [sys.executable, "-m", "govtext", "run", str(RAW_DIR), "--out", str(out)]
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["pos_backend"] == "jieba"
    compiled = json.loads((seed_run / "run.json").read_text(encoding="utf-8"))["pos_backend"]
    assert compiled in {"compiled", "jieba"}
    for name in cli.TABLES:
        assert (out / f"{name}.csv").read_bytes() == (seed_run / f"{name}.csv").read_bytes(), name


def test_candidates_get_corpus_wide_counts_after_the_last_batch(seed_run, seed_parquet) -> None:
    """``n_docs``/``n_corpus`` count over the whole run, not a batch; the other columns are the pipeline's."""
    from govtext.programmes.discover import CORPUS_COLUMNS, PIPELINE_CANDIDATE_COLUMNS
    from govtext.programmes.scoring import add_recurrence

    written = pd.read_csv(seed_run / "candidates.csv", dtype={"doc_id": str}, keep_default_na=False)
    assert list(written.columns) == [*PIPELINE_CANDIDATE_COLUMNS, *CORPUS_COLUMNS]
    recounted = add_recurrence(written.drop(columns=list(CORPUS_COLUMNS)))
    for column in CORPUS_COLUMNS:
        assert written[column].tolist() == recounted[column].tolist(), column
    assert written["n_docs"].max() >= 2  # some name recurs across the seed files
    assert (written["n_docs"] <= written["n_corpus"]).all()
    parts = pd.read_parquet(seed_parquet / "candidates")  # two documents per part: counts still corpus-wide
    assert parts["n_docs"].tolist() == written["n_docs"].tolist()
    assert parts["n_corpus"].tolist() == written["n_corpus"].tolist()
