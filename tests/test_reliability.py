"""Reliability (issue 18): every bad input is named, every run leaves a clean folder or none.

One case per class of hostile but realistic input or situation: what the tool reads and what it leaves
out on purpose, encodings and mojibake, unreadable entries, duplicates, line endings and CSV quoting,
manifests, codebooks and YAML, output folders and staging, signals, resource limits, messages,
spreadsheet safety, and ``kwic`` and the library loaders under the same contract. Most cases run
``govtext`` in this process on tiny folders; the ones that start ``govtext`` as a subprocess (signals)
are marked slow. The README section "Bad input" lists what each kind of input gets.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govtext import cli, corpus
from govtext.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
SEEDS = sorted(RAW_DIR.glob("*.txt"))

DOC_A = (
    "巩义市召开基层治理工作会议。\n\n各支部坚持三会一课制度，网格员每月走访群众。\n\n全市共有1200名网格员。\n"
)
DOC_B = "中原区推进党建引领基层治理。\n\n社区志愿服务队开展活动300余次。\n"


# ----------------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> Result:
    """``govtext ARGV`` in this process."""
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def folder_with(path: Path, files: dict[str, str | bytes]) -> Path:
    """A corpus folder holding ``files`` (text is written as UTF-8)."""
    path.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for name in cli.TABLES
    }


def run_info(out: Path) -> dict[str, object]:
    info: dict[str, object] = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return info


def errors_csv(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def only_error(result: Result) -> str:
    """The message of a bad-input exit: exit 1, and one ``govtext: error:`` (one line per problem)."""
    assert result.code == cli.EXIT_BAD_INPUT, result.err
    assert sum(line.startswith("govtext: error:") for line in result.err_lines) == 1, result.err
    return result.err


def usage_error(result: Result) -> str:
    """A usage exit: exit 2, one ``error:`` line after the usage."""
    assert result.code == cli.EXIT_USAGE, result.err
    assert sum(": error: " in line for line in result.err_lines) == 1, result.err
    return result.err


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.endswith(".partial"))


# ----------------------------------------------------------------------------------------------------
# What is read, what is left out on purpose (stated in --help, counted in run.json)
# ----------------------------------------------------------------------------------------------------


def test_help_states_what_is_not_read_and_the_excel_option(capsys) -> None:
    for command in ("run", "kwic"):
        text = run(capsys, command, "--help").out
        assert "--recursive" in text and "hidden" in text and "sub-folders" in text and "not_read" in text
    text = run(capsys, "run", "--help").out
    assert "--excel-safe" in text and "= + - @" in text and "implies --excel-safe" in text


def test_hidden_files_subfolders_and_other_files_are_counted_not_silent(capsys, tmp_path) -> None:
    folder = folder_with(
        tmp_path / "c",
        {"a.txt": DOC_A, ".hidden.txt": DOC_B, "notes.md": "x", "sub/b.txt": DOC_B, ".git/c.txt": DOC_B},
    )
    result = run(capsys, "run", folder, "--out", tmp_path / "out")
    assert result.code == cli.EXIT_OK
    assert run_info(tmp_path / "out")["not_read"] == {"hidden": 2, "subfolders": 1, "other_files": 1}
    assert any("not read:" in line and "--recursive" in line for line in result.err_lines)
    assert tables(tmp_path / "out")["documents"]["source_file"].tolist() == ["a.txt"]


def test_recursive_reads_sub_folders_with_their_relative_names(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A, "2021/b.txt": DOC_B, ".cache/x.txt": DOC_B})
    (folder / "2021" / "loop").symlink_to(folder, target_is_directory=True)  # a link back: read once
    result = run(capsys, "run", folder, "--out", tmp_path / "out", "--recursive")
    assert result.code == cli.EXIT_OK, result.err
    documents = tables(tmp_path / "out")["documents"]
    assert documents["source_file"].tolist() == ["a.txt", "2021/b.txt"]
    info = run_info(tmp_path / "out")
    assert info["recursive"] is True and info["not_read"] == {"hidden": 1, "subfolders": 0, "other_files": 0}


def test_same_doc_id_in_two_sub_folders_is_named(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"x/a.txt": DOC_A, "y/a.txt": DOC_B})
    message = only_error(run(capsys, "run", folder, "--out", tmp_path / "out", "--recursive"))
    assert "same doc_id" in message and "x/a.txt" in message and "y/a.txt" in message


def test_a_folder_without_txt_files_says_what_it_left_out(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"sub/a.txt": DOC_A})
    message = only_error(run(capsys, "run", folder, "--out", tmp_path / "out"))
    assert "no .txt files" in message and "1 sub-folder(s) (use --recursive" in message


def test_missing_corpus_folder(capsys, tmp_path) -> None:
    assert "not a folder" in only_error(run(capsys, "run", tmp_path / "nope", "--out", tmp_path / "o"))
    assert not (tmp_path / "o").exists()


# ----------------------------------------------------------------------------------------------------
# Files that cannot be read: named (exit 1), or recorded in errors.csv with --on-error skip
# ----------------------------------------------------------------------------------------------------


def bad_entries(folder: Path) -> dict[str, str]:
    """Add one entry per kind of unreadable file; returns {name: words its error must contain}."""
    folder_with(folder, {"empty.txt": b"", "blank.txt": b" \n\r\n\t", "binary.txt": b"\x89PNG\x00\x01"})
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    return {
        "empty.txt": "empty",
        "blank.txt": "only whitespace",
        "binary.txt": "NUL byte",
        "broken.txt": "broken link",
        "pipe.txt": "not a regular file",
    }


def test_unreadable_entries_are_named_and_skip_records_every_one(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"good.txt": DOC_A})
    expected = bad_entries(folder)
    message = only_error(run(capsys, "run", folder, "--out", tmp_path / "out"))
    for name, words in expected.items():
        assert any(name in line and words in line for line in message.splitlines()), (name, message)
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == []

    result = run(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip")
    assert result.code == cli.EXIT_OK, result.err
    errors = errors_csv(tmp_path / "out")
    assert errors["source_file"].tolist() == sorted(expected)
    for row in errors.itertuples():
        assert expected[row.source_file] in row.error and row.stage == "load"
    assert run_info(tmp_path / "out")["skipped"] == len(expected)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_recorded_not_fatal(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"good.txt": DOC_A, "locked.txt": DOC_B})
    (folder / "locked.txt").chmod(0)
    result = run(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip")
    assert result.code == cli.EXIT_OK
    assert "cannot read the file" in errors_csv(tmp_path / "out")["error"].iloc[0]


# ----------------------------------------------------------------------------------------------------
# Encodings: read correctly, or named with the likely encoding; never silent mojibake
# ----------------------------------------------------------------------------------------------------


def _gb18030_decodable_utf8() -> str:
    """Chinese text whose UTF-8 bytes happen to decode as gb18030 (the silent-mojibake case)."""
    text = "党建引领社区"
    text.encode("utf-8").decode("gb18030")  # guard: it does decode
    return text


@pytest.mark.parametrize(
    ("content", "options", "must", "must_not"),
    [
        # UTF-8 read as gb18030: a decode error, or (when every byte pair happens to be valid) mojibake
        (DOC_A.encode(), ["--encoding", "gb18030"], "--encoding utf-8", "--encoding gb18030"),
        (_gb18030_decodable_utf8().encode(), ["--encoding", "gb18030"], "mojibake", "--encoding gb18030"),
        # a legacy file read as UTF-8 (the default) gets the gb18030 hint
        (DOC_A.encode("gb18030"), [], "--encoding gb18030", "--encoding utf-8"),
        # bytes valid in none of the usual encodings, read as gb18030: no hint to use gb18030 again
        (
            b"\x80\x80\xff\xff" * 3,
            ["--encoding", "gb18030"],
            "damaged or in another encoding",
            "--encoding gb18030",
        ),
        # GB text read as Latin-1 decodes without error, into text with no Chinese at all
        (DOC_A.encode("gb18030"), ["--encoding", "latin-1"], "--encoding gb18030", "--encoding latin"),
        # UTF-8 text once read as cp1252 and saved again ("å·©ä¹‰å¸‚")
        (DOC_A.encode().decode("cp1252", "ignore").encode(), [], "mojibake", "--encoding"),
        # a GB passage pasted into a UTF-8 file
        (DOC_A.encode() + DOC_B.encode("gb18030"), [], "mixes encodings", "--encoding gb18030"),
        # UTF-16 (with its byte-order mark) read as UTF-8
        (DOC_A.encode("utf-16"), [], "--encoding utf-16", "--encoding gb18030"),
        # UTF-8 read as UTF-16
        (DOC_A.encode(), ["--encoding", "utf-16"], "--encoding utf-8", "--encoding gb18030"),
    ],
    ids=[
        "utf8-as-gb",
        "utf8-as-gb-valid",
        "gb-as-utf8",
        "junk-as-gb",
        "gb-as-latin1",
        "double-encoded",
        "mixed",
        "utf16-as-utf8",
        "utf8-as-utf16",
    ],
)
def test_wrong_encoding_is_named_with_the_likely_one(
    capsys, tmp_path, content, options, must, must_not
) -> None:
    folder = folder_with(tmp_path / "c", {"doc.txt": content})
    message = only_error(run(capsys, "run", folder, "--out", tmp_path / "out", *options))
    assert "doc.txt" in message and must in message and must_not not in message, message


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "UTF8"])
def test_declared_encodings_read_correctly_give_the_utf8_tables(capsys, tmp_path, encoding) -> None:
    plain = folder_with(tmp_path / "plain", {"doc.txt": DOC_A})
    other = folder_with(tmp_path / "other", {"doc.txt": DOC_A.encode(encoding)})
    assert run(capsys, "run", plain, "--out", tmp_path / "o1").code == cli.EXIT_OK
    assert run(capsys, "run", other, "--out", tmp_path / "o2", "--encoding", encoding).code == cli.EXIT_OK
    first, second = tables(tmp_path / "o1"), tables(tmp_path / "o2")
    for name in cli.TABLES:
        drop = ["sha256"] if name == "documents" else []
        pd.testing.assert_frame_equal(first[name].drop(columns=drop), second[name].drop(columns=drop))


@pytest.mark.parametrize("command", ["run", "kwic"])
@pytest.mark.parametrize("encoding", ["klingon", "base64"])
def test_unknown_encoding_is_one_usage_error(capsys, tmp_path, command, encoding) -> None:
    folder = folder_with(tmp_path / "c", {f"{n}.txt": DOC_A + str(n) for n in range(5)})
    argv = ["run", folder, "--out", tmp_path / "o"] if command == "run" else ["kwic", "网格员", folder]
    assert "--encoding" in usage_error(run(capsys, *argv, "--encoding", encoding))
    assert not (tmp_path / "o").exists()
    with pytest.raises(corpus.CorpusError, match="encoding") as caught:
        corpus.load_corpus(folder, encoding=encoding)
    assert "\n" not in str(caught.value)  # once, not once per file


# ----------------------------------------------------------------------------------------------------
# Duplicates: by decoded text, not bytes; kwic counts what run counts
# ----------------------------------------------------------------------------------------------------


def duplicate_folder(path: Path) -> Path:
    return folder_with(
        path,
        {
            "a.txt": DOC_A,
            "a_copy.txt": DOC_A,
            "a_bom.txt": b"\xef\xbb\xbf" + DOC_A.encode(),
            "a_crlf.txt": DOC_A.replace("\n", "\r\n"),
            "a_cr.txt": DOC_A.replace("\n", "\r"),
            "b.txt": DOC_B,
        },
    )


def test_documents_equal_after_decoding_are_duplicates(capsys, tmp_path) -> None:
    folder = duplicate_folder(tmp_path / "c")
    message = only_error(run(capsys, "run", folder, "--out", tmp_path / "out"))
    for name in ("a_copy.txt", "a_bom.txt", "a_crlf.txt", "a_cr.txt"):
        assert any(name in line and "duplicate" in line for line in message.splitlines()), name
    assert run(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip").code == cli.EXIT_OK
    assert tables(tmp_path / "out")["documents"]["source_file"].tolist() == ["a.txt", "b.txt"]
    assert set(errors_csv(tmp_path / "out")["stage"]) == {"duplicate"}
    with pytest.raises(corpus.CorpusError, match="duplicate documents"):
        corpus.load_corpus(folder)


def test_kwic_refuses_or_skips_what_run_refuses(capsys, tmp_path) -> None:
    folder = duplicate_folder(tmp_path / "c")
    message = only_error(run(capsys, "kwic", "网格员", folder))
    assert "a_bom.txt" in message and "--on-error skip" in message
    result = run(capsys, "kwic", "网格员", folder, "--on-error", "skip")
    assert result.code == cli.EXIT_OK
    assert len(result.out.splitlines()) == 2  # a.txt only, not its four copies
    assert "in 1 of 2 document(s); skipped 4 file(s)" in result.err
    bad_entries(folder)
    result = run(capsys, "kwic", "网格员", folder, "--on-error", "skip")
    assert result.code == cli.EXIT_OK and "skipped 9 file(s)" in result.err and "pipe.txt" in result.err


# ----------------------------------------------------------------------------------------------------
# Line endings and CSV quoting
# ----------------------------------------------------------------------------------------------------


def comparable(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables without what depends on the bytes of the file (raw offsets, raw surfaces, checksums)."""
    drop = {"start", "end", "surface", "sha256", "n_chars"}
    return {
        name: frame.drop(columns=[c for c in frame.columns if c in drop]) for name, frame in frames.items()
    }


def test_lf_crlf_and_cr_give_the_same_tables(capsys, tmp_path) -> None:
    """Old Mac exports (CR only) once lost their headings and wrote CSV that read back with extra rows."""
    outs = {}
    for label, ending in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        texts = {p.name: p.read_text(encoding="utf-8").replace("\n", ending) for p in SEEDS[:2]}
        folder = folder_with(tmp_path / label, dict(texts))
        out = tmp_path / f"out_{label}"
        assert run(capsys, "run", folder, "--out", out).code == cli.EXIT_OK
        outs[label] = tables(out)
        assert {k: len(v) for k, v in outs[label].items()} == run_info(out)["rows"]
        raw = {Path(name).stem: text for name, text in texts.items()}
        for row in outs[label]["programmes"].itertuples():
            assert raw[row.doc_id][int(row.start) : int(row.end)] == row.surface
    for label in ("crlf", "cr"):
        for name, frame in comparable(outs[label]).items():
            pd.testing.assert_frame_equal(comparable(outs["lf"])[name], frame, obj=f"{label} {name}")
    assert set(outs["cr"]["sentences"]["part"]) == set(outs["lf"]["sentences"]["part"])


def test_a_cell_holding_a_bare_cr_is_quoted(capsys, tmp_path) -> None:
    """A programme mention across a CR-only hard wrap: its raw surface holds ``\\r``."""
    text = "巩义市召开会议。\r\r各支部坚持三会一\r课制度，每月开展活动。\r\r第二段正文内容。"
    folder = folder_with(tmp_path / "c", {"mac.txt": text})
    assert run(capsys, "run", folder, "--out", tmp_path / "out").code == cli.EXIT_OK
    data = (tmp_path / "out" / "programmes.csv").read_bytes().decode("utf-8")
    assert '"三会一\r课"' in data
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert len(rows) == 2 and rows[1][rows[0].index("surface")] == "三会一\r课"


LINE_ENDINGS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r"])
FRAGMENTS = st.sampled_from(
    [
        "巩义市",
        "网格员",
        "三会一课",
        "党建引领",
        "基层治理",
        "1200名",
        "30%",
        "，",
        "。",
        "“",
        "”",
        "、",
        "：",
        " ",
        "\t",
        ",",
        '"',
        "'",
        "=SUM(1)",
        "+",
        "-",
        "@",
        "abc",
        "（",
        "）",
        "街道",
        "社区",
    ]
)
LINES = st.lists(FRAGMENTS, min_size=1, max_size=12).map("".join)


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINES, min_size=1, max_size=8))
    text = lines[0]
    for line in lines[1:]:
        text += draw(LINE_ENDINGS) + line
    return "网格员。" + draw(LINE_ENDINGS) + text  # never whitespace only


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(documents(), min_size=1, max_size=3, unique_by=corpus.text_digest))
def test_random_text_round_trips_through_the_csvs(capsys, tmp_path_factory, texts) -> None:
    """Random text with random (mixed) line endings: every CSV reads back, with pandas and with the csv
    module, with exactly the rows run.json counts, every row as wide as its header, and raw offsets that
    give the surfaces."""
    base = tmp_path_factory.mktemp("fuzz")
    folder = folder_with(base / "c", {f"d{n}.txt": text for n, text in enumerate(texts)})
    result = run(capsys, "run", folder, "--out", base / "out")
    assert result.code == cli.EXIT_OK, result.err
    rows = run_info(base / "out")["rows"]
    assert isinstance(rows, dict)
    read = tables(base / "out")
    for name in cli.TABLES:
        assert len(read[name]) == rows[name], name
        with open(base / "out" / f"{name}.csv", encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
        assert len(records) == rows[name] + 1 and {len(r) for r in records} == {len(records[0])}, name
    raw = {f"d{n}": text for n, text in enumerate(texts)}
    for name in ("programmes", "metrics"):
        for row in read[name].itertuples():
            assert raw[row.doc_id][int(row.start) : int(row.end)] == row.surface


@settings(max_examples=60, deadline=None)
@given(documents())
def test_every_line_ending_gives_the_same_clean_text(text: str) -> None:
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    clean = corpus.clean_text(lf).text
    for ending in ("\r\n", "\r"):
        other = corpus.clean_text(lf.replace("\n", ending))
        assert other.text == clean
        assert all(
            other.raw[i] == c or c in "\n " or c in "".join(corpus.FULLWIDTH.values())
            for i, c in zip(other.raw_index, other.text, strict=True)
        )


# ----------------------------------------------------------------------------------------------------
# Manifests: nothing skipped without a word
# ----------------------------------------------------------------------------------------------------


def manifest_folder(path: Path, header: str, rows: list[str]) -> Path:
    folder = folder_with(path, {"a.txt": DOC_A, "b.txt": DOC_B})
    (folder / "manifest.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return folder


def sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(
    ("header", "rows", "words"),
    [
        ("doc_id,source_file,sha256", [f"a,a.txt,{sha(DOC_A)}", "b,b.txt,"], "blank sha256 for b.txt"),
        ("doc_id,source_file,sha256", [f"a,a.txt,{sha(DOC_A)}", "b,b.txt,abc"], "not 64 hexadecimal"),
        (
            "doc_id,source_file,sha256,title,title",
            [f"a,a.txt,{sha(DOC_A)},x,y", f"b,b.txt,{sha(DOC_B)},x,y"],
            "'title' appears more than once",
        ),
        (
            "doc_id,source_file,sha256,title",
            [f"a,a.txt,{sha(DOC_A)},x,extra", f"b,b.txt,{sha(DOC_B)},y"],
            "line 2: 5 field(s), the header has 4",
        ),
        ("doc_id,source_file", ["a,a.txt", "b,b.txt"], "lacks required column"),
        ("doc_id,source_file,sha256", [f"a,a.txt,{sha(DOC_A)}"], "b.txt: no row in manifest.csv"),
        (
            "doc_id,source_file,sha256",
            [f"a,a.txt,{sha(DOC_A)}", f"b,b.txt,{sha(DOC_B)}", f"c,c.txt,{sha('x')}"],
            "names c.txt, but there is no such .txt file",
        ),
        (
            "doc_id,source_file,sha256",
            [f"a,a.txt,{sha(DOC_A)}", f"x,b.txt,{sha(DOC_B)}"],
            "is not the file stem",
        ),
    ],
    ids=[
        "blank-sha",
        "bad-sha",
        "repeated-column",
        "ragged-row",
        "no-sha-column",
        "file-without-row",
        "row-without-file",
        "wrong-doc-id",
    ],
)
def test_manifest_problems_are_named(capsys, tmp_path, header, rows, words) -> None:
    folder = manifest_folder(tmp_path / "c", header, rows)
    for on_error in ("fail", "skip"):  # a manifest problem is about the corpus, not one file
        assert words in only_error(
            run(capsys, "run", folder, "--out", tmp_path / "o", "--on-error", on_error)
        )
    with pytest.raises(corpus.CorpusError, match=words.replace("(", r"\(").replace(")", r"\)")):
        corpus.load_corpus(folder)


def test_checksum_mismatch_and_unreadable_manifest(capsys, tmp_path) -> None:
    folder = manifest_folder(
        tmp_path / "c", "doc_id,source_file,sha256", [f"a,a.txt,{sha(DOC_B)}", f"b,b.txt,{sha(DOC_B)}"]
    )
    assert "a.txt: checksum: sha256 mismatch" in only_error(
        run(capsys, "run", folder, "--out", tmp_path / "o")
    )
    (folder / "manifest.csv").write_bytes("doc_id,source_file,sha256,title\na,a.txt,x,巩义".encode("gb18030"))
    assert "not UTF-8" in only_error(run(capsys, "run", folder, "--out", tmp_path / "o"))
    assert "manifest not found" in only_error(
        run(capsys, "run", folder, "--out", tmp_path / "o", "--manifest", tmp_path / "none.csv")
    )


# ----------------------------------------------------------------------------------------------------
# Codebooks and YAML: no "last one wins", no runaway aliases or nesting
# ----------------------------------------------------------------------------------------------------


def yaml_file(path: Path, kind: str) -> Path:
    codebook = resource_path("codebook").read_text(encoding="utf-8")
    if kind == "two-sections":
        text = codebook + "\nprogrammes: []\n"
    elif kind == "two-names":
        start = codebook.index("name_zh:")
        line = codebook[start : codebook.index("\n", start)]
        text = codebook.replace(line, f"{line}\n    {line.strip()}X", 1)
    elif kind == "alias-bomb":
        lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for level in range(1, 7):
            before, name = chr(ord("a") + level - 1), chr(ord("a") + level)
            lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 10)}]")
        text = "\n".join(lines)
    elif kind == "deep":
        text = "programmes: " + "[" * 1200 + "]" * 1200  # closed: deep, not malformed
    else:
        raise ValueError(kind)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("two-sections", "duplicate key 'programmes'"),
        ("two-names", "duplicate key 'name_zh'"),
        ("alias-bomb", "expands to more than"),
        ("deep", "nested too deeply"),
    ],
)
def test_bad_yaml_fails_codebook_check_and_run(capsys, tmp_path, kind, words) -> None:
    path = yaml_file(tmp_path / f"{kind}.yml", kind)
    result = run(capsys, "codebook", "check", path)
    assert result.code == cli.EXIT_BAD_INPUT and words in result.out and len(result.out.splitlines()) == 1
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    for option in ("--codebook", "--dimensions", "--units"):
        if kind == "two-names" and option != "--codebook":
            continue
        assert words in only_error(run(capsys, "run", folder, "--out", tmp_path / "o", option, path))
    assert not (tmp_path / "o").exists()


def test_missing_resource_files_are_named_with_their_option(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    for option in ("--codebook", "--lexicon", "--stopwords"):
        message = only_error(
            run(capsys, "run", folder, "--out", tmp_path / "o", option, tmp_path / "nope.txt")
        )
        assert f"{option} " in message and "nope.txt: file not found" in message
    result = run(capsys, "codebook", "check", tmp_path)  # a folder, not a file
    assert result.code == cli.EXIT_BAD_INPUT and str(tmp_path) in result.out


def test_a_lexicon_that_is_not_utf8_is_named(capsys, tmp_path) -> None:
    lexicon = tmp_path / "words.txt"
    lexicon.write_bytes("网格员\n".encode("gb18030"))
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    message = only_error(run(capsys, "run", folder, "--out", tmp_path / "o", "--lexicon", lexicon))
    assert "words.txt" in message and "UTF-8" in message


# ----------------------------------------------------------------------------------------------------
# Spreadsheet safety: only under --excel-safe (or --bom); the default stays byte-exact for programs
# ----------------------------------------------------------------------------------------------------


def test_formula_cells_are_neutralised_only_under_excel_safe(capsys, tmp_path) -> None:
    text = '=HYPERLINK("http://x")\n\n' + DOC_A
    folder = folder_with(tmp_path / "c", {"=cmd.txt": text, "b.txt": DOC_B})
    (folder / "manifest.csv").write_text(
        "doc_id,source_file,sha256,title,@note\n"
        f"=cmd,=cmd.txt,{sha(text)},+SUM(A1),-1\n"
        f"b,b.txt,{sha(DOC_B)},plain,'quoted\n",
        encoding="utf-8",
    )
    assert run(capsys, "run", folder, "--out", tmp_path / "plain").code == cli.EXIT_OK
    assert run(capsys, "run", folder, "--out", tmp_path / "safe", "--excel-safe").code == cli.EXIT_OK
    assert run(capsys, "run", folder, "--out", tmp_path / "bom", "--bom").code == cli.EXIT_OK
    plain, safe = tables(tmp_path / "plain"), tables(tmp_path / "safe")
    documents = plain["documents"]
    assert documents["doc_id"].tolist() == ["=cmd", "b"] and documents["title"].tolist() == [
        "+SUM(A1)",
        "plain",
    ]
    assert "@note" in documents.columns  # the default output is what was read
    assert safe["documents"]["doc_id"].tolist() == ["'=cmd", "b"]
    assert safe["documents"]["title"].tolist() == ["'+SUM(A1)", "plain"]
    assert safe["documents"]["'@note"].tolist() == ["'-1", "''quoted"]
    assert safe["sentences"]["text"].iloc[0].startswith("'=")
    assert safe["sentences"]["start"].tolist() == plain["sentences"]["start"].tolist()  # numbers untouched
    for name in cli.TABLES:
        assert (tmp_path / "bom" / f"{name}.csv").read_bytes()[3:] == (
            tmp_path / "safe" / f"{name}.csv"
        ).read_bytes()
    assert (
        run_info(tmp_path / "bom")["excel_safe"] is True
        and run_info(tmp_path / "plain")["excel_safe"] is False
    )
    for name, frame in safe.items():  # dropping one leading ' gives every cell back
        back = frame.apply(lambda col: col.str.removeprefix("'"))
        back.columns = [c.removeprefix("'") for c in frame.columns]
        pd.testing.assert_frame_equal(back, plain[name], obj=name)


def test_excel_safe_is_for_csv_only(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    for flag in ("--bom", "--excel-safe"):
        usage_error(run(capsys, "run", folder, "--out", tmp_path / "o", "--format", "parquet", flag))


# ----------------------------------------------------------------------------------------------------
# Output folders: all or nothing, kind to the folder
# ----------------------------------------------------------------------------------------------------


def test_an_output_folder_that_is_a_file_a_broken_link_or_not_empty_is_refused(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep").write_text("mine", encoding="utf-8")
    for out, words in (("file", "is a file"), ("dangling", "broken link"), ("full", "not empty")):
        assert words in only_error(run(capsys, "run", folder, "--out", tmp_path / out))
    assert (tmp_path / "dangling").is_symlink() and not (tmp_path / "nowhere").exists()
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep"]


def test_an_existing_empty_folder_or_link_is_filled_in_place(capsys, tmp_path) -> None:
    """A mount point, a link to an empty folder or a shared folder: filled, not replaced (the rename
    that replaced it once threw the results away at the very end), its mode and group kept."""
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    target = tmp_path / "shared"
    target.mkdir()
    target.chmod(0o2775)
    before = target.stat()
    link = tmp_path / "link"
    link.symlink_to(target, target_is_directory=True)
    assert run(capsys, "run", folder, "--out", link).code == cli.EXIT_OK
    after = target.stat()
    assert link.is_symlink() and (after.st_ino, after.st_mode, after.st_gid) == (
        before.st_ino,
        before.st_mode,
        before.st_gid,
    )
    assert sorted(p.name for p in target.iterdir()) == sorted([*(f"{n}.csv" for n in cli.TABLES), "run.json"])


def test_new_output_follows_the_umask(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    old = os.umask(0o027)
    try:
        assert run(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip").code == cli.EXIT_OK
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o750
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()} == {0o640}


def test_a_failed_run_leaves_no_folder_it_created(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"empty.txt": b""})
    result = run(capsys, "run", folder, "--out", tmp_path / "new" / "deeper" / "out", "--on-error", "skip")
    assert "no document could be processed" in only_error(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


def test_stale_staging_of_a_killed_run_is_removed_and_reported(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    stale = tmp_path / ".out.k1ll3d.partial"
    stale.mkdir()
    (stale / "tokens.csv").write_text("partial", encoding="utf-8")
    (stale / cli.LOCK_FILE).write_text("4242 somehost\n", encoding="utf-8")  # nobody holds its lock
    unknown = tmp_path / ".out.0ld.partial"  # no lock file: not removed, but reported
    unknown.mkdir()
    result = run(capsys, "run", folder, "--out", tmp_path / "out")
    assert result.code == cli.EXIT_OK
    assert not stale.exists() and unknown.exists()
    assert any("removed" in line and "k1ll3d" in line for line in result.err_lines)
    assert any("found" in line and "0ld" in line for line in result.err_lines)


def test_a_run_writing_to_the_same_out_is_not_disturbed(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    live = tmp_path / ".out.l1ve.partial"
    live.mkdir()
    lock = live / cli.LOCK_FILE
    lock.write_text("1 otherhost\n", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\nfd = os.open(sys.argv[1], os.O_RDWR)\n"
            "fcntl.lockf(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert "another govtext run" in only_error(run(capsys, "run", folder, "--out", tmp_path / "out"))
        assert live.exists() and not (tmp_path / "out").exists()
    finally:
        holder.kill()
        holder.wait()


# ----------------------------------------------------------------------------------------------------
# Resource limits and messages
# ----------------------------------------------------------------------------------------------------


def test_jobs_above_the_cpu_count_are_capped_with_a_warning(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A, "b.txt": DOC_B})
    result = run(capsys, "run", folder, "--out", tmp_path / "out", "--jobs", "1000", "--batch-size", "1")
    assert result.code == cli.EXIT_OK
    warnings = [line for line in result.err_lines if "--jobs 1000" in line]
    assert len(warnings) == 1 and f"using {os.cpu_count()}" in warnings[0]


def test_kwic_width_is_bounded(capsys, tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A})
    usage_error(run(capsys, "kwic", "网格员", folder, "--width", str(10**9)))


def test_messages_are_one_line_each_and_bounded(capsys, tmp_path) -> None:
    files: dict[str, str | bytes] = {f"bad{n:03d}.txt": b"" for n in range(60)}
    files["line\nbreak.txt"] = DOC_A.encode("gb18030")
    files["long" + "长" * 80 + ".txt"] = b""
    files["good.txt"] = DOC_A
    folder = folder_with(tmp_path / "c", files)
    result = run(capsys, "run", folder, "--out", tmp_path / "out")
    message = only_error(result)
    lines = message.splitlines()
    assert len(lines) <= cli.MAX_MESSAGE_LINES + 1 and max(map(len, lines)) <= cli.MAX_MESSAGE_CHARS
    assert "more line(s)" in lines[-1]
    long_line = cli.bounded("x" * 10_000 + "\r\x1b")
    assert len(long_line) == cli.MAX_MESSAGE_CHARS and "\n" not in long_line and long_line.endswith("…")
    assert run(capsys, "run", folder, "--out", tmp_path / "out", "--on-error", "skip").code == cli.EXIT_OK
    errors = errors_csv(tmp_path / "out")
    assert len(errors) == 62 and "line\nbreak.txt" in errors["source_file"].tolist()
    assert all("\n" not in error for error in errors["error"])  # file names escaped in messages


# ----------------------------------------------------------------------------------------------------
# Signals: a run killed midway leaves its parent folder as it found it
# ----------------------------------------------------------------------------------------------------


def slow_corpus(folder: Path, n: int = 60) -> Path:
    """Enough documents that pass 2 takes several seconds (each seed with a line of its own)."""
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    return folder_with(
        folder, {f"doc{k:03d}.txt": f"{texts[k % len(texts)]}\n\n第{k}号补记。\n" for k in range(n)}
    )


def start_run(corpus_dir: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "govtext", "run", str(corpus_dir), "--out", str(out), *extra]
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_staging(parent: Path, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (parent.is_dir() and leftovers(parent)):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.02)
    time.sleep(0.3)  # into pass 2


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_midway_removes_the_staging_and_the_folders_made(tmp_path, signum, code) -> None:
    corpus_dir = slow_corpus(tmp_path / "c")
    parent = tmp_path / "results"
    process = start_run(corpus_dir, parent / "new" / "out", "--jobs", "2", "--batch-size", "5")
    wait_for_staging(parent / "new", process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert len(err.splitlines()) == 1 and "nothing was written" in err and "Traceback" not in err
    assert not parent.exists()  # the staging and the two folders it made for --out are gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


@pytest.mark.slow
def test_sigkill_leaves_staging_that_the_next_run_removes(capsys, tmp_path) -> None:
    corpus_dir = slow_corpus(tmp_path / "c")
    process = start_run(corpus_dir, tmp_path / "out")
    wait_for_staging(tmp_path, process)
    process.kill()
    process.communicate(timeout=60)
    assert leftovers(tmp_path) and not (tmp_path / "out").exists()
    small = folder_with(tmp_path / "small", {"a.txt": DOC_A})
    result = run(capsys, "run", small, "--out", tmp_path / "out")
    assert result.code == cli.EXIT_OK
    assert leftovers(tmp_path) == [] and any("left by a run that was killed" in e for e in result.err_lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out", "small"]


# ----------------------------------------------------------------------------------------------------
# The library's loaders keep the same contract
# ----------------------------------------------------------------------------------------------------


def test_load_corpus_names_every_problem_and_reads_recursively(tmp_path) -> None:
    folder = folder_with(tmp_path / "c", {"a.txt": DOC_A, "sub/b.txt": DOC_B})
    assert corpus.load_corpus(folder)["source_file"].tolist() == ["a.txt"]
    assert corpus.load_corpus(folder, recursive=True)["source_file"].tolist() == ["a.txt", "sub/b.txt"]
    listing = corpus.list_corpus(folder)
    assert listing.not_read == {"hidden": 0, "subfolders": 1, "other_files": 0}
    bad_entries(folder)
    with pytest.raises(corpus.CorpusError) as caught:
        corpus.load_corpus(folder)
    assert str(caught.value).count("\n  - ") == 5
