"""``cli.csv_rows`` writes exactly the bytes of ``DataFrame.to_csv`` (it replaces it for speed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govtext import cli

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


@settings(max_examples=300, deadline=None)
@given(frames())
def test_csv_rows_equals_pandas(frame: pd.DataFrame) -> None:
    assert cli.csv_rows(frame) == frame.to_csv(**PANDAS_CSV)


@pytest.mark.parametrize(
    "value",
    ["a,b", 'say "hi"', "two\nlines", "", "\r", " padded ", "，。“”"],
)
def test_csv_rows_quotes_like_the_csv_module(value: str) -> None:
    frame = pd.DataFrame({"text": pd.Series([value, "plain"], dtype="str"), "n": [1, 2]})
    assert cli.csv_rows(frame) == frame.to_csv(**PANDAS_CSV)


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
