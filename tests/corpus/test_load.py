"""Tests of govtext.corpus.load: the seed corpus, the manifest, and every loading error (toy folders)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW_DIR

from govtext.corpus import (
    DOCUMENT_COLUMNS,
    CorpusError,
    iter_corpus_files,
    load_corpus,
    load_document,
    validate_corpus_dir,
)

SEED_IDS = [
    "000_e68ce179375f246f",
    "001_1f5be98b5adc7a5e",
    "002_b2f53911b68c468c",
    "003_3994295fa6c43e31",
    "004_e1a0eba0960487ce",
]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_manifest(folder: Path, rows: list[dict[str, str]]) -> Path:
    path = folder / "manifest.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_seed_documents_sorted_with_manifest_metadata(seed_corpus):
    documents = seed_corpus[0]
    assert list(documents["doc_id"]) == SEED_IDS
    assert list(documents.columns[:9]) == DOCUMENT_COLUMNS[:9]
    assert list(documents.columns[-2:]) == ["raw_text", "n_chars"]
    assert "reporters_as_stated" in documents.columns
    assert list(documents["locality"]) == ["Gongyi", "Gongyi", "Zhongyuan", "Xingyang", "Gongyi"]
    assert (documents["n_chars"] == documents["raw_text"].str.len()).all()
    assert documents.loc[0, "n_chars"] == 2993


def test_seed_checksums_are_those_of_the_files(seed_corpus):
    documents = seed_corpus[0]
    folder = RAW_DIR
    for doc in documents.itertuples():
        assert doc.sha256 == hashlib.sha256((folder / doc.source_file).read_bytes()).hexdigest()


def test_folder_without_manifest_uses_file_stems_and_blank_metadata(two_docs: Path):
    documents = load_corpus(two_docs)
    assert list(documents["doc_id"]) == ["a", "b"]
    assert list(documents["source_file"]) == ["a.txt", "b.txt"]
    assert list(documents.columns) == DOCUMENT_COLUMNS
    assert (documents["title"] == "").all() and (documents["locality"] == "").all()
    assert documents.loc[0, "sha256"] == sha("第一篇文章。")


def test_iter_corpus_files_sorted_txt_only(tmp_path: Path):
    for name in ["b.txt", "a.txt", "notes.md", ".hidden.txt", "manifest.csv"]:
        write(tmp_path, name, "文。")
    (tmp_path / "sub").mkdir()
    assert [path.name for path in iter_corpus_files(tmp_path)] == ["a.txt", "b.txt"]


def test_load_document_strips_bom_and_offsets_exclude_it(tmp_path: Path):
    path = write(tmp_path, "bom.txt", "\ufeff标题\n\n正文。")
    record = load_document(path)
    assert record["raw_text"] == "标题\n\n正文。"
    assert record["n_chars"] == 7
    assert record["doc_id"] == "bom"
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_explicit_manifest_path_and_dataframe(two_docs: Path, tmp_path_factory):
    rows = [
        {"doc_id": "a", "source_file": "a.txt", "sha256": sha("第一篇文章。"), "locality": "X"},
        {"doc_id": "b", "source_file": "b.txt", "sha256": "", "locality": "Y"},
    ]
    elsewhere = tmp_path_factory.mktemp("meta") / "m.csv"
    pd.DataFrame(rows).to_csv(elsewhere, index=False)
    for manifest in (elsewhere, pd.DataFrame(rows)):  # a blank sha256 is named, never skipped
        with pytest.raises(CorpusError, match=r"line 3: blank sha256 for b\.txt"):
            load_corpus(two_docs, manifest=manifest)
    rows[1]["sha256"] = sha("第二篇文章。")
    pd.DataFrame(rows).to_csv(elsewhere, index=False)
    from_path = load_corpus(two_docs, manifest=elsewhere)
    from_frame = load_corpus(two_docs, manifest=pd.DataFrame(rows))
    assert list(from_path["locality"]) == ["X", "Y"]
    pd.testing.assert_frame_equal(from_path, from_frame)


def test_invalid_encoding_names_file_offset_and_gb18030(tmp_path: Path):
    write(tmp_path, "legacy.txt", "巩义市杜甫路街道".encode("gb18030"))
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path)
    message = str(caught.value)
    assert "legacy.txt" in message and "byte offset 0" in message
    assert 'encoding="gb18030"' in message and "--encoding gb18030" in message
    assert load_corpus(tmp_path, encoding="gb18030").loc[0, "raw_text"] == "巩义市杜甫路街道"


def test_invalid_byte_offset_is_where_the_bad_byte_is(tmp_path: Path):
    write(tmp_path, "mixed.txt", "正文".encode() + "街道".encode("gb18030"))
    with pytest.raises(CorpusError, match="byte offset 6"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b" \n\t\r\n", "only whitespace"), ("文\x00字".encode(), "NUL byte at byte offset 3")],
)
def test_empty_blank_and_binary_files(tmp_path: Path, content: bytes, problem: str):
    write(tmp_path, "good.txt", "正文。")
    write(tmp_path, "bad.txt", content)
    with pytest.raises(CorpusError, match=problem) as caught:
        load_corpus(tmp_path)
    assert "bad.txt" in str(caught.value) and "good.txt" not in str(caught.value)


def test_duplicate_documents_name_both_files(tmp_path: Path):
    write(tmp_path, "one.txt", "同一篇文章。")
    write(tmp_path, "two.txt", "同一篇文章。")
    with pytest.raises(CorpusError, match=r"one\.txt and two\.txt: duplicate documents"):
        load_corpus(tmp_path)


def test_manifest_row_without_file(two_docs: Path):
    write_manifest(
        two_docs,
        [
            {"doc_id": "a", "source_file": "a.txt", "sha256": ""},
            {"doc_id": "b", "source_file": "b.txt", "sha256": ""},
            {"doc_id": "c", "source_file": "c.txt", "sha256": ""},
        ],
    )
    with pytest.raises(CorpusError, match=r"manifest.csv line 4: names c.txt, but there is no such"):
        load_corpus(two_docs)


def test_txt_file_without_manifest_row(two_docs: Path):
    write_manifest(two_docs, [{"doc_id": "a", "source_file": "a.txt", "sha256": ""}])
    with pytest.raises(CorpusError, match=r"b.txt: no row in manifest.csv"):
        load_corpus(two_docs)


def test_checksum_mismatch_names_the_file(two_docs: Path):
    write_manifest(
        two_docs,
        [
            {"doc_id": "a", "source_file": "a.txt", "sha256": sha("第一篇文章。")},
            {"doc_id": "b", "source_file": "b.txt", "sha256": sha("改过的文章。")},
        ],
    )
    with pytest.raises(CorpusError, match=r"b.txt: sha256 mismatch") as caught:
        load_corpus(two_docs)
    assert "a.txt" not in str(caught.value)


def test_manifest_missing_required_columns(two_docs: Path):
    write_manifest(two_docs, [{"doc_id": "a", "file": "a.txt"}])
    with pytest.raises(
        CorpusError, match=r"manifest.csv: manifest lacks required column\(s\) source_file, sha256"
    ):
        load_corpus(two_docs)


def test_manifest_doc_id_must_be_the_file_stem(two_docs: Path):
    write_manifest(
        two_docs,
        [
            {"doc_id": "first", "source_file": "a.txt", "sha256": ""},
            {"doc_id": "b", "source_file": "b.txt", "sha256": ""},
        ],
    )
    with pytest.raises(CorpusError, match=r"doc_id 'first' is not the file stem of a\.txt"):
        load_corpus(two_docs)


def test_no_txt_files_and_missing_folder(tmp_path: Path):
    write(tmp_path, "readme.md", "no texts")
    with pytest.raises(CorpusError, match=r"no \.txt files"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="not a folder"):
        load_corpus(tmp_path / "missing")


def test_every_problem_is_reported_before_anything_is_returned(tmp_path: Path):
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "legacy.txt", "街道".encode("gb18030"))
    write(tmp_path, "ok.txt", "正文。")
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"corpus {tmp_path}: 2 problem(s)")
    assert "empty.txt" in message and "legacy.txt" in message
    assert isinstance(caught.value, ValueError)


def test_validate_corpus_dir_checks_structure_without_reading(two_docs: Path):
    files, manifest = validate_corpus_dir(two_docs)
    assert [path.name for path in files] == ["a.txt", "b.txt"] and manifest is None
