"""Tests of govtext.cli.writer: the output folder, every table of a run, --bom, Parquet parts."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govtext import cli, compare, corpus, segment

from .helpers import RAW_DIR, leftovers, read_tables, run_cli

# ----------------------------------------------------------------------------------------------------
# csv_rows writes exactly the bytes of DataFrame.to_csv (it replaces it for speed)
# ----------------------------------------------------------------------------------------------------


PANDAS_CSV = {"index": False, "header": False, "lineterminator": "\n"}

# Characters the csv module treats specially, CJK text and other whitespace.
field_text = st.text(alphabet=st.sampled_from(list(',"\n\r\t ;ab1。，“”人民\u2028\x00')), max_size=8)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n_rows = draw(st.integers(min_value=0, max_value=12))
    n_cols = draw(st.integers(min_value=1, max_value=4))
    columns = {}
    for number in range(n_cols):
        kind = draw(st.sampled_from(["str", "str_missing", "object", "int", "bool", "float"]))
        if kind == "int":
            values = draw(st.lists(st.integers(-(2**62), 2**62), min_size=n_rows, max_size=n_rows))
            columns[f"c{number}"] = pd.Series(values, dtype="int64")
        elif kind == "bool":
            values = draw(st.lists(st.booleans(), min_size=n_rows, max_size=n_rows))
            columns[f"c{number}"] = pd.Series(values, dtype=bool)
        elif kind == "float":
            values = draw(st.lists(st.floats(allow_infinity=False), min_size=n_rows, max_size=n_rows))
            columns[f"c{number}"] = pd.Series(values, dtype="float64")
        else:
            values = draw(st.lists(field_text, min_size=n_rows, max_size=n_rows))
            if kind == "str_missing" and values:
                values[draw(st.integers(0, n_rows - 1))] = None
            dtype = object if kind == "object" else "str"
            columns[f"c{number}"] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns)


def reference_csv(frame: pd.DataFrame) -> str:
    """``to_csv`` row by row with a CRLF terminator (so the csv module quotes any field holding ``\\r``
    or ``\\n``), each row then ended with a line feed: what csv_rows must write."""
    rows = [
        frame.iloc[[i]].to_csv(index=False, header=False, lineterminator="\r\n") for i in range(len(frame))
    ]
    return "".join(row.removesuffix("\r\n") + "\n" for row in rows)


@settings(max_examples=300, deadline=None)
@given(frames())
def test_csv_rows_equals_pandas(frame: pd.DataFrame) -> None:
    """The bytes of ``to_csv``, except that a field holding a bare ``\\r`` is quoted too."""
    expected = frame.to_csv(**PANDAS_CSV)
    if "\r" in expected:
        expected = reference_csv(frame)
    assert cli.csv_rows(frame) == expected


@settings(max_examples=200, deadline=None)
@given(frames())
def test_csv_rows_reads_back_with_the_rows_written(frame: pd.DataFrame) -> None:
    assume(frame.shape[1] >= 2)  # a lone missing field is a blank line, which readers skip
    text = cli.csv_header([str(c) for c in frame.columns]) + cli.csv_rows(frame)
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert back.shape == frame.shape
    with_csv = list(csv.reader(io.StringIO(text, newline="")))
    assert len(with_csv) == len(frame) + 1


@pytest.mark.parametrize(
    "value",
    ["a,b", 'say "hi"', "two\nlines", "", " padded ", "，。“”"],
)
def test_csv_rows_quotes_like_the_csv_module(value: str) -> None:
    frame = pd.DataFrame({"text": pd.Series([value, "plain"], dtype="str"), "n": [1, 2]})
    assert cli.csv_rows(frame) == frame.to_csv(**PANDAS_CSV)


@pytest.mark.parametrize("value", ["\r", "old\rmac", "a\r\nb", 'q"\r'])
@pytest.mark.parametrize("other", ["int", "float"])
def test_csv_rows_quotes_a_bare_carriage_return(value: str, other: str) -> None:
    """The csv module (line terminator ``\\n``) leaves ``\\r`` unquoted; csv_rows quotes it, on the fast
    path (strings and integers) and the pandas one (a float column)."""
    numbers = [1, 2] if other == "int" else [1.5, 2.5]
    frame = pd.DataFrame({"text": pd.Series([value, "plain"], dtype="str"), "n": numbers})
    rows = cli.csv_rows(frame)
    assert rows.startswith('"' + value.replace('"', '""') + '",')
    back = pd.read_csv(io.StringIO("text,n\n" + rows), dtype=str, keep_default_na=False)
    assert back["text"].tolist() == [value, "plain"]


def test_csv_rows_token_table_columns() -> None:
    """The shape of the token table: strings, integers and booleans, the fast path."""
    frame = pd.DataFrame(
        {
            "doc_id": pd.Series(["d1", "d1"], dtype="str"),
            "token_no": np.array([0, 1], dtype="int64"),
            "token": pd.Series(["巩义", ","], dtype="str"),
            "is_stopword": [False, True],
        }
    )
    assert cli.csv_rows(frame) == 'd1,0,巩义,False\nd1,1,",",True\n'


# ----------------------------------------------------------------------------------------------------
# The output folder and the tables of a run
# ----------------------------------------------------------------------------------------------------


def test_staged_output_appears_only_when_the_block_succeeds(tmp_path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), cli.staged_output(out) as staging:
        (staging / "tokens.csv").write_text("partial", encoding="utf-8")
        raise RuntimeError("stop")
    assert not out.exists() and leftovers(tmp_path) == []
    with cli.staged_output(out) as staging:
        (staging / "tokens.csv").write_text("done", encoding="utf-8")
        assert not out.exists()
    assert (out / "tokens.csv").read_text(encoding="utf-8") == "done" and leftovers(tmp_path) == []
    with pytest.raises(FileExistsError, match="not empty"):
        cli.check_out_dir(out)


def test_output_folder_that_is_not_empty_is_refused(capsys, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_cli(capsys, "run", RAW_DIR, "--out", out)
    assert code == cli.EXIT_BAD_INPUT
    assert "not empty" in err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


@pytest.mark.slow
def test_run_writes_every_table(seed_run) -> None:
    names = sorted(p.name for p in seed_run.iterdir())
    assert names == sorted([*(f"{name}.csv" for name in cli.TABLES), "run.json"])
    tables = read_tables(seed_run)
    for name in cli.TABLES:
        assert len(tables[name]) > 0, name
    assert list(tables["tokens"].columns) == segment.TOKEN_OUTPUT_COLUMNS
    assert list(tables["dimension_scores"].columns) == compare.DOCUMENT_SCORE_COLUMNS
    assert not (seed_run.parent.glob(".*.partial") and leftovers(seed_run.parent))


@pytest.mark.slow
def test_documents_table_is_load_corpus_without_raw_text(seed_run) -> None:
    expected = corpus.load_corpus(RAW_DIR).drop(columns=["raw_text"])
    expected = pd.read_csv(io.StringIO(expected.to_csv(index=False)), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(read_tables(seed_run)["documents"], expected)


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_bom(seed_run, tmp_path) -> None:
    """``--bom``: a byte-order mark, and the cells a spreadsheet would run as formulas (the seeds have
    tokens such as ``-`` and ``+``) prefixed with ``'`` (``--bom`` implies ``--excel-safe``); dropping
    that ``'`` gives the default output's cells back."""
    out = tmp_path / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out), "--bom", "--on-error", "skip"]) == cli.EXIT_OK
    changed = 0
    for name in cli.TABLES:
        data = (out / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        safe = pd.read_csv(io.BytesIO(data[3:]), dtype=str, keep_default_na=False)
        plain = pd.read_csv(seed_run / f"{name}.csv", dtype=str, keep_default_na=False)
        assert safe.shape == plain.shape, name
        for column in plain.columns:
            risky = plain[column].str[:1].isin(list(cli.EXCEL_FORMULA_START))
            numeric = pd.to_numeric(plain[column], errors="coerce").notna().all()
            expected = plain[column].where(~risky | numeric, "'" + plain[column])
            assert safe[column].tolist() == expected.tolist(), (name, column)
            changed += int((safe[column] != plain[column]).sum())
    assert changed > 0
    assert (out / "errors.csv").read_bytes() == "\ufeffsource_file,doc_id,stage,error\n".encode()
    assert not (seed_run / "tokens.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["excel_safe"] is True


@pytest.mark.slow
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
