"""``--jobs N`` with CSV: the workers spool their rows, the parent appends them (``os.sendfile``, else reads
and writes); the same bytes as one process, and never a partial output (issue 19)."""

from __future__ import annotations

import errno
import os

import pytest

from govtext import cli
from govtext.cli import runner, writer

from .helpers import RAW_DIR, leftovers, run_cli, small_corpus

ROWS = {
    "documents": "d1,甲.txt,abc\n".encode(),
    "tokens": b"",
    "metrics": 'd1,"1,5",万\n'.encode() * 3,
}


def _appended(tmp_path, rows: dict[str, bytes]) -> dict[str, bytes]:
    spool = tmp_path / "spool"
    spool.mkdir(exist_ok=True)
    spooled = writer.spool_rows(spool, 7, rows)
    assert sorted(spooled) == sorted(rows)
    out = {}
    for name, record in spooled.items():
        target = tmp_path / f"{name}.csv"
        with open(target, "wb", buffering=0) as handle:
            handle.write(b"header\n")
            writer.append_spooled(handle, record)
            writer.append_spooled(handle, record)  # twice: the copy starts at the record's offset
        out[name] = target.read_bytes()
    return out


def test_spooled_rows_are_appended_byte_for_byte(tmp_path) -> None:
    appended = _appended(tmp_path, ROWS)
    assert appended == {name: b"header\n" + data + data for name, data in ROWS.items()}


@pytest.mark.parametrize("how", ["no sendfile", "sendfile refuses"])
def test_without_sendfile_the_rows_are_copied(tmp_path, monkeypatch, how) -> None:
    if how == "no sendfile":
        monkeypatch.delattr(os, "sendfile", raising=False)
    else:

        def refuses(*args: object) -> int:
            raise OSError(errno.ENOTSOCK, "not a socket")  # macOS: only to sockets

        monkeypatch.setattr(os, "sendfile", refuses)
    monkeypatch.setattr(writer, "SPOOL_COPY_CHUNK", 5)  # several reads per table
    assert _appended(tmp_path, ROWS) == {name: b"header\n" + data + data for name, data in ROWS.items()}


def test_a_failing_spool_write_leaves_no_spool_file(tmp_path, monkeypatch) -> None:
    def full(handle, data) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer, "_write_all", full)
    with pytest.raises(OSError, match="No space"):
        writer.spool_rows(tmp_path, 1, ROWS)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("options", [[], ["--bom"], ["--tagger", "dictionary", "--excel-safe"]])
def test_spooled_jobs_write_the_bytes_of_one_process(tmp_path, options) -> None:
    """Two batches or more, two workers: the spool path (the in-process path writes bytes directly)."""
    one, two = tmp_path / "one", tmp_path / "two"
    base = ["run", str(RAW_DIR), "--batch-size", "2", *options]
    assert cli.main([*base, "--out", str(one), "--jobs", "1"]) == cli.EXIT_OK
    assert cli.main([*base, "--out", str(two), "--jobs", "2"]) == cli.EXIT_OK
    assert sorted(p.name for p in two.iterdir()) == sorted(p.name for p in one.iterdir())  # no .spool
    for name in cli.TABLES:
        assert (two / f"{name}.csv").read_bytes() == (one / f"{name}.csv").read_bytes(), name
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_an_error_in_a_worker_leaves_no_partial_output(capsys, tmp_path, monkeypatch) -> None:
    folder = small_corpus(tmp_path / "corpus", 5)
    spool_rows = runner.spool_rows

    def fails_on_the_third_batch(folder_, number, rows):  # in the worker (the fork pool inherits it)
        if number >= 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return spool_rows(folder_, number, rows)

    monkeypatch.setattr(runner, "spool_rows", fails_on_the_third_batch)
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "run", folder, "--out", out, "--jobs", "2", "--batch-size", "2")
    assert code == cli.EXIT_BAD_INPUT
    assert "No space left on device" in err
    assert not out.exists()
    assert leftovers(tmp_path) == []

    out.mkdir()  # an existing empty folder is filled in place: it stays empty
    code, _, _ = run_cli(capsys, "run", folder, "--out", out, "--jobs", "2", "--batch-size", "2")
    assert code == cli.EXIT_BAD_INPUT
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_corpus_counts_read_in_chunks_give_the_same_candidates(seed_run, tmp_path, monkeypatch) -> None:
    """The corpus-wide counts are added a few rows at a time: the bytes of one read of the whole table."""
    monkeypatch.setattr(writer, "CANDIDATE_CHUNK_ROWS", 7)
    out = tmp_path / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out)]) == cli.EXIT_OK
    assert (out / "candidates.csv").read_bytes() == (seed_run / "candidates.csv").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in seed_run.iterdir())


def test_corpus_counts_of_no_candidate_leave_the_header(tmp_path) -> None:
    table = writer.TableWriter(tmp_path, bom=True)
    table._columns["candidates"] = ["doc_id", "candidate"]
    (tmp_path / "candidates.csv").write_bytes("doc_id,candidate\n".encode("utf-8-sig"))
    table._add_corpus_counts()
    assert (tmp_path / "candidates.csv").read_bytes() == "doc_id,candidate,n_docs,n_corpus\n".encode(
        "utf-8-sig"
    )
    (tmp_path / "candidates.csv").write_bytes(
        "doc_id,candidate\nd1,“河长制”\nd2,河长制\nd2,x\n".encode("utf-8-sig")
    )
    table._columns["candidates"] = ["doc_id", "candidate"]
    table._add_corpus_counts()
    expected = "doc_id,candidate,n_docs,n_corpus\nd1,“河长制”,2,2\nd2,河长制,2,2\nd2,x,1,1\n"
    assert (tmp_path / "candidates.csv").read_bytes() == expected.encode("utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["candidates.csv"]


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_counts_brought_by_the_batches_equal_counts_read_from_the_file(seed_run, tmp_path, monkeypatch, jobs):
    """The parent adds the corpus-wide counts from what the batches brought, reading ``candidates.csv``
    once; when a batch brings none it counts the file first: the same bytes either way."""
    reads = []
    chunks = writer.TableWriter._candidate_chunks

    def counted(self, path, usecols):
        reads.append(usecols)
        return chunks(self, path, usecols)

    monkeypatch.setattr(writer.TableWriter, "_candidate_chunks", counted)
    out = tmp_path / "brought"
    base = ["run", str(RAW_DIR), "--batch-size", "2", "--jobs", jobs]
    assert cli.main([*base, "--out", str(out)]) == cli.EXIT_OK
    assert reads == [None, None]  # the header, then one pass over the rows: no counting pass
    assert (out / "candidates.csv").read_bytes() == (seed_run / "candidates.csv").read_bytes()

    reads.clear()

    class NoCounts:  # batches that bring no counts (the workers inherit the patch when they fork)
        @staticmethod
        def of_rows(*rows: object) -> None:
            return None

    monkeypatch.setattr(runner, "CandidateCounts", NoCounts)
    out = tmp_path / "counted"
    assert cli.main([*base, "--out", str(out)]) == cli.EXIT_OK
    assert reads == [["doc_id", "candidate"], None]
    assert (out / "candidates.csv").read_bytes() == (seed_run / "candidates.csv").read_bytes()
