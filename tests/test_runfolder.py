"""govtext.runfolder: a run's tables read back as written (CSV with or without BOM, Parquet, excel-safe)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from govtext.runfolder import RunTableError, read_run_table, undo_excel_safe


def test_csv_with_bom_and_excel_safe_cells_read_back(tmp_path: Path) -> None:
    (tmp_path / "programmes.csv").write_text(
        "doc_id,surface\n001,'=1+N\n002,三会一课\n", encoding="utf-8-sig"
    )
    table = read_run_table(tmp_path, "programmes", bom=True, excel_safe=True)
    assert table.to_dict("list") == {"doc_id": ["001", "002"], "surface": ["=1+N", "三会一课"]}
    plain = read_run_table(tmp_path, "programmes", bom=True)
    assert plain["surface"].tolist() == ["'=1+N", "三会一课"]


def test_parquet_and_the_undo_of_excel_safe(tmp_path: Path) -> None:
    pd.DataFrame({"doc_id": ["001"], "start": [3]}).to_parquet(tmp_path / "metrics", index=False)
    assert read_run_table(tmp_path, "metrics", "parquet")["start"].tolist() == [3]
    assert undo_excel_safe(pd.DataFrame({"a": ["'+5", "x"], "n": [1, 2]}))["a"].tolist() == ["+5", "x"]


def test_missing_and_unreadable_tables_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(RunTableError, match=r"tokens\.csv: missing \(run it first\)"):
        read_run_table(tmp_path, "tokens", missing_hint="run it first")
    (tmp_path / "sentences.csv").write_bytes(b"a,b\n\xff\xfe,1\n")
    with pytest.raises(RunTableError, match=r"sentences\.csv: cannot read"):
        read_run_table(tmp_path, "sentences")
