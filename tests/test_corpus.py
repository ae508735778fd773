"""Tests of govtext.corpus: loading and its errors, cleaning, articles, sentences (seed corpus and toys)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from govtext.corpus import (
    ARTICLE_COLUMNS,
    DOCUMENT_COLUMNS,
    FULLWIDTH,
    PARTS,
    SENTENCE_COLUMNS,
    CleanText,
    CorpusError,
    classify_paragraph,
    clean_documents,
    clean_text,
    find_sub_units,
    is_layout_space,
    iter_corpus_files,
    load_corpus,
    load_document,
    split_articles,
    split_running_text,
    validate_corpus_dir,
)

SEED_IDS = [
    "000_e68ce179375f246f",
    "001_1f5be98b5adc7a5e",
    "002_b2f53911b68c468c",
    "003_3994295fa6c43e31",
    "004_e1a0eba0960487ce",
]
EXPECTED_ARTICLES = [
    ("000_e68ce179375f246f-1", "巩义市杜甫路街道：推进重点工作谋发展", "杜甫路街道"),
    (
        "001_1f5be98b5adc7a5e-1",
        "推进文明城市创建 塑造城区新风貌 杜甫路街道“内修外治”激发“创文”活力",
        "杜甫路街道",
    ),
    (
        "002_b2f53911b68c468c-1",
        "真抓实干强党建 挂图作战促攻坚 ——中原区委组织部统筹推进基层党建，落实落细各项任务",
        "中原区委组织部",
    ),
    ("002_b2f53911b68c468c-2", "中原区汝河路街道办事处 为民逐梦惟笃行 倾尽一切只为“汝”", "汝河路街道"),
    ("003_3994295fa6c43e31-1", "", "荥阳市委市政府; 汜水镇西邢村"),
    (
        "004_e1a0eba0960487ce-1",
        "巩义市2020年深化全国文明城市创建工作推进会召开 统筹安排 压实责任 严格督导 持续发力",
        "巩义市",
    ),
    (
        "004_e1a0eba0960487ce-2",
        "书记访谈录 紫荆路街道党工委书记韩润峰：树牢高质量发展理念 强力推进项目建设",
        "紫荆路街道",
    ),
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


@pytest.fixture
def two_docs(tmp_path: Path) -> Path:
    write(tmp_path, "b.txt", "第二篇文章。")
    write(tmp_path, "a.txt", "第一篇文章。")
    return tmp_path


# ----------------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------------


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
    folder = Path(__file__).resolve().parents[1] / "data" / "raw"
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
    from_path = load_corpus(two_docs, manifest=elsewhere)
    from_frame = load_corpus(two_docs, manifest=pd.DataFrame(rows))
    assert list(from_path["locality"]) == ["X", "Y"]
    assert from_path.loc[1, "sha256"] == sha("第二篇文章。")  # blank in the manifest: computed, not checked
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


# ----------------------------------------------------------------------------------------------------
# Cleaning
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # hard wraps inside a paragraph are deleted; blank lines separate paragraphs
        (
            "突如其来的疫情打乱了经济社会发展的正常节\n奏。如何实现“双胜利”。\n\n第二段。",
            "突如其来的疫情打乱了经济社会发展的正常节奏。如何实现“双胜利”。\n第二段。",
        ),
        # a column break leaves a blank line mid-sentence: joined
        (
            "发挥好党建引领作\n用，以红色物业、全科\n网格为载体，建立志愿服务项目清单，开\n\n展特色志愿服务。",
            "发挥好党建引领作用，以红色物业、全科网格为载体，建立志愿服务项目清单，开展特色志愿服务。",
        ),
        (
            "“党建+物业服务”。成立\n\n“红色物业”“红色管家”“网格党支部”，把党组织延伸到居民楼院。",
            "“党建+物业服务”。成立“红色物业”“红色管家”“网格党支部”，把党组织延伸到居民楼院。",
        ),
        # a heading is not joined, and keeps the space between its phrases
        ("坚持党建引领 筑牢发展基础\n\n全力推进项目建设。", "坚持党建引领 筑牢发展基础\n全力推进项目建设。"),
        # a colon at the end continues into the next line even if it looks like a heading
        (
            "巩义市杜甫路街道：\n\n推进重点工作谋发展\n\n正文。",
            "巩义市杜甫路街道：推进重点工作谋发展\n正文。",
        ),
    ],
)
def test_paragraphs_and_hard_wraps(raw: str, expected: str):
    assert clean_text(raw).text == expected


def test_byline_and_date_lines_stay_separate_inside_a_block():
    raw = (
        "2020年5月14日 星期四\n编辑：康迪 美编：王姿\n正文第一句，\n正文继续。\n记者 李晓霞\n"
        "通讯员 刘菲 文/图"
    )
    assert clean_text(raw).text.split("\n") == [
        "2020年5月14日 星期四",
        "编辑：康迪 美编：王姿",
        "正文第一句，正文继续。",
        "记者 李晓霞",
        "通讯员 刘菲 文/图",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("在全 区重点项目、 工程 一线成立临时党支部。", "在全区重点项目、工程一线成立临时党支部。"),
        ("拆除违建20 外800 余平方米。", "拆除违建20外800余平方米。"),
        ("示范带动 1.5 万名群众积极参与。", "示范带动1.5万名群众积极参与。"),
        ("桐柏路 191 号院在尊重原楼风貌基础上改造。", "桐柏路191号院在尊重原楼风貌基础上改造。"),
        (
            "已完成全市中小学281所学校, 38.4万师生的信息归集。",
            "已完成全市中小学281所学校，38.4万师生的信息归集。",
        ),
        ("利用 LED 电子屏和 APP 平台, 依托 5G 基站。", "利用LED电子屏和APP平台，依托5G基站。"),
    ],
)
def test_layout_spaces_removed_in_running_text(raw: str, expected: str):
    assert clean_text(raw).text == expected


def test_heading_loses_digit_spaces_but_keeps_phrase_space():
    raw = "正文结束。\n\n桐柏路 191 号院老旧 小区改造临时党支部"
    assert clean_text(raw).text == "正文结束。\n桐柏路191号院老旧 小区改造临时党支部"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("健全机制,区委(社区)书记:抓书记;好吗?好!", "健全机制，区委（社区）书记：抓书记；好吗？好！"),
        ('弘扬"帐篷精神",让临时党支部成为"标配"。', "弘扬“帐篷精神”，让临时党支部成为“标配”。"),
        ('创新探索卡点"1+3+4"模式,打造"7·24"服务。', "创新探索卡点“1+3+4”模式，打造“7·24”服务。"),
        ("上午10:30开会,投资1,000万元,增长1.5%。", "上午10:30开会，投资1,000万元，增长1.5%。"),
        ("开复工率90.9%;51个项目进展顺利。", "开复工率90.9%；51个项目进展顺利。"),
        ("Hello, world (test)? Yes!", "Hello, world (test)? Yes!"),
    ],
)
def test_punctuation_full_width_in_chinese_context_only(raw: str, expected: str):
    assert clean_text(raw).text == expected


def test_one_line_document_with_rules_byline_run_in_headings_and_footer():
    raw = (
        "|\n||||\n本报记者 史治国 通讯员 赵红娟 文/图 6月24日上午,西邢村举行乔迁仪式。 好日子。 "
        "树牢民本意识 在实事推进中提升服务水平 荥阳市委市政府把灾后恢复重建作为最大政治责任。 |\n"
        "版权声明 @ 中原网 网站版权所有 |\n"
    )
    assert clean_text(raw).text.split("\n") == [
        "|",
        "||||",
        "本报记者 史治国 通讯员 赵红娟 文/图",
        "6月24日上午，西邢村举行乔迁仪式。",
        "好日子。",
        "树牢民本意识 在实事推进中提升服务水平",
        "荥阳市委市政府把灾后恢复重建作为最大政治责任。",
        "|",
        "版权声明 @ 中原网 网站版权所有 |",
    ]


def test_run_in_heading_and_trailing_caption_split_off():
    raw = (
        "打牢基层基础 树立大抓基层基础的鲜明导向，着力\n规范制度落实。\n\n"
        "围绕建设目标，按 下快进键，承接喜人形势，为实现第二个百年奋斗目标 汝河小区游园"
    )
    assert clean_text(raw).text.split("\n") == [
        "打牢基层基础",
        "树立大抓基层基础的鲜明导向，着力规范制度落实。",
        "围绕建设目标，按下快进键，承接喜人形势，为实现第二个百年奋斗目标",
        "汝河小区游园",
    ]


def test_wrap_spaces_of_a_narrow_column_are_not_a_heading():
    raw = (
        "五年来,推动李江沟安置新居等项目落地,依托新蒲恒辉广场、索克商务\n\n"
        "等楼宇资源大力发 展服务业项 目,积极 引进 优 质税源。"
    )
    assert clean_text(raw).text == (
        "五年来，推动李江沟安置新居等项目落地，依托新蒲恒辉广场、索克商务等楼宇资源大力发展服务业项目，积极引进优质税源。"
    )


def test_rules_are_reapplied_until_the_text_is_stable():
    raw = "中\u2028|||\r\n中\n\n中"  # one pass gives "中 ||| 中\n中": the rule only stands alone then
    clean = clean_text(raw)
    assert clean.text == "中\n|||\n中\n中"
    assert clean_text(clean.text).text == clean.text
    assert [raw[k] for k in clean.raw_index] == ["中", "\u2028", "|", "|", "|", "\r", "中", "\n", "中"]


def test_raw_index_maps_every_character(seed_corpus):
    _, cleaned, _, _ = seed_corpus
    for clean in cleaned.values():
        assert len(clean.raw_index) == len(clean.text)
        assert all(b > a for a, b in zip(clean.raw_index, clean.raw_index[1:], strict=False))
        for char, position in zip(clean.text, clean.raw_index, strict=True):
            source = clean.raw[position]
            assert (
                char == source
                or char in FULLWIDTH.get(source, "")
                or (is_layout_space(source) and char in " \n")
            )


def test_seed_cleaning_is_idempotent_and_keeps_every_cjk_character(seed_corpus):
    _, cleaned, _, _ = seed_corpus
    for clean in cleaned.values():
        assert clean_text(clean.text).text == clean.text
        assert sorted(c for c in clean.raw if "\u4e00" <= c <= "\u9fff") == sorted(
            c for c in clean.text if "\u4e00" <= c <= "\u9fff"
        )
        assert "\n\n" not in clean.text and clean.text == clean.text.strip()


def test_seed_clean_text_examples(seed_corpus):
    _, cleaned, _, _ = seed_corpus
    text_000 = cleaned["000_e68ce179375f246f"].text
    assert text_000.startswith("巩义市杜甫路街道：推进重点工作谋发展\n2020年5月14日 星期四\n")
    assert "建立志愿服务项目清单，开展特色志愿服务。" in text_000
    assert "将原计划2021年实施的30个老旧小区改造项目提前至2020年进行" in text_000
    text_002 = cleaned["002_b2f53911b68c468c"].text
    assert "在全区重点项目、工程一线成立临时党支部39个" in text_002
    assert "示范带动1.5万名群众" in text_002 and "拆除违建20外800余平方米" in text_002
    assert "弘扬“帐篷精神”，在全区" in text_002


def test_raw_span():
    clean = clean_text("标题\n\n正 文,结束。")
    assert clean.text == "标题\n正文，结束。"
    start, end = clean.raw_span(3, 9)
    assert (start, end) == (4, 11) and clean.raw[start:end] == "正 文,结束。"
    assert clean.raw_span(2, 2) == (2, 2)
    assert clean.raw_span(9, 9) == (11, 11)
    with pytest.raises(ValueError, match="outside the text"):
        clean.raw_span(5, 20)


def test_clean_documents_keys(two_docs: Path):
    documents = load_corpus(two_docs)
    cleaned = clean_documents(documents)
    assert list(cleaned) == ["a", "b"] and isinstance(cleaned["a"], CleanText)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("||||||", "furniture"),
        ("2020年5月14日 星期四", "furniture"),
        ("版权声明 @ 中原网 网站版权所有 |", "furniture"),
        ("编辑：康迪 美编：王姿 校对：姜军V10-11", "byline"),
        ("记者 李晓霞 巩义融媒记者 孙淑霞", "byline"),
        ("本报记者 孙志刚 通讯员 蔚光勋 冉安伟 文/图", "byline"),
        ("坚持党建引领 筑牢发展基础", "heading"),
        ("统筹推进文明城市创建,树立文明城区形象", "heading"),
        ("针对群众最关心的问题，实施制度，把问题调研清", "body"),
        ("紫荆路街道党工委书记韩润峰:", "body"),
        ("紧抓重点区域。", "body"),
    ],
)
def test_classify_paragraph(text: str, kind: str):
    assert classify_paragraph(text) == kind


# ----------------------------------------------------------------------------------------------------
# Articles
# ----------------------------------------------------------------------------------------------------


def test_seven_seed_articles_with_titles_and_sub_units(seed_corpus):
    articles = seed_corpus[2]
    assert list(articles.columns) == ARTICLE_COLUMNS
    got = list(articles[["article_id", "title", "sub_units"]].itertuples(index=False, name=None))
    assert got == EXPECTED_ARTICLES
    assert list(articles["article_no"]) == [1, 1, 1, 2, 1, 1, 2]


def test_seed_article_bylines(seed_corpus):
    bylines = dict(zip(seed_corpus[2]["article_id"], seed_corpus[2]["byline"], strict=True))
    assert bylines["000_e68ce179375f246f-1"].endswith("记者 李晓霞 巩义融媒记者 孙淑霞 通讯员 刘菲 文/图")
    assert bylines["002_b2f53911b68c468c-2"] == "本报记者 孙志刚 通讯员 许秩康 文/图"
    assert bylines["003_3994295fa6c43e31-1"] == "本报记者 史治国 通讯员 赵红娟 付志华 文/图"
    assert bylines["004_e1a0eba0960487ce-1"] == "本报讯 记者 李晓霞 通讯员 孙小琪"
    assert bylines["004_e1a0eba0960487ce-2"] == "记者 李晓霞 巩义融媒记者 孙淑霞 文/图"


def test_seed_article_boundaries(seed_corpus):
    documents, cleaned, articles, _ = seed_corpus
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for article in articles.itertuples():
        clean = cleaned[article.doc_id]
        assert (article.start, article.end) == clean.raw_span(article.clean_start, article.clean_end)
        assert (
            raw[article.doc_id][article.start : article.end].strip()
            == raw[article.doc_id][article.start : article.end]
        )
    second = articles.set_index("article_id")
    text_002 = cleaned["002_b2f53911b68c468c"].text
    assert text_002[second.loc["002_b2f53911b68c468c-2", "clean_start"] :].startswith(
        "中原区汝河路街道办事处\n"
    )
    assert text_002[: second.loc["002_b2f53911b68c468c-1", "clean_end"]].endswith("小区改造临时党支部")
    text_004 = cleaned["004_e1a0eba0960487ce"].text
    assert text_004[second.loc["004_e1a0eba0960487ce-2", "clean_start"] :].startswith("书记访谈录\n")
    first_004 = second.loc["004_e1a0eba0960487ce-1"]
    assert raw["004_e1a0eba0960487ce"][first_004["start"] : first_004["end"]].endswith(
        "记者 李晓霞 通讯员 孙小琪"
    )


def test_articles_cover_each_document(seed_corpus):
    _, cleaned, articles, _ = seed_corpus
    for doc_id, group in articles.groupby("doc_id"):
        text = cleaned[doc_id].text
        assert group["clean_start"].iloc[0] == 0 and group["clean_end"].iloc[-1] == len(text)
        assert list(group["clean_start"].iloc[1:]) == [end + 1 for end in group["clean_end"].iloc[:-1]]


def test_unrelated_texts_are_one_article_each(tmp_path: Path):
    write(tmp_path, "x.txt", "第一段，讲一件事。\n\n第二段，讲另一件事。\n\n小标题\n\n第三段。")
    write(tmp_path, "y.txt", "没有标题也没有署名的一段文字。")
    documents = load_corpus(tmp_path)
    cleaned = clean_documents(documents)
    articles = split_articles(documents, cleaned)
    assert list(articles["article_id"]) == ["x-1", "y-1"]
    assert list(articles["title"]) == ["", ""] and list(articles["byline"]) == ["", ""]


def test_two_articles_split_at_a_new_headline_and_byline():
    raw = "第一篇标题\n\n记者 张三\n\n第一篇正文。\n\n第二篇标题\n\n本报记者 李四 文/图\n\n第二篇正文。"
    documents = pd.DataFrame({"doc_id": ["d"], "raw_text": [raw]})
    cleaned = clean_documents(documents)
    articles = split_articles(documents, cleaned)
    assert list(articles["title"]) == ["第一篇标题", "第二篇标题"]
    assert list(articles["byline"]) == ["记者 张三", "本报记者 李四 文/图"]


def test_sub_unit_lexicon_replaces_the_regex(seed_corpus):
    documents, cleaned, _, _ = seed_corpus
    articles = split_articles(documents, cleaned, sub_unit_lexicon=["杜甫路街道", "西邢村", "不存在的镇"])
    units = dict(zip(articles["article_id"], articles["sub_units"], strict=True))
    assert units["000_e68ce179375f246f-1"] == "杜甫路街道"
    assert units["003_3994295fa6c43e31-1"] == "西邢村"
    assert units["002_b2f53911b68c468c-1"] == ""


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("摆在杜甫路街道党工委面前", ["杜甫路街道"]),
        ("中原区汝河路街道办事处", ["汝河路街道"]),
        ("荥阳市汜水镇西邢村举行仪式，荥阳市和汜水镇相关领导", ["汜水镇西邢村"]),
        ("寄托着荥阳市委市政府对西邢村百姓的祝福", ["荥阳市委市政府", "西邢村"]),
        ("——中原区委组织部统筹推进基层党建", ["中原区委组织部"]),
        ("各镇（街道）、市直单位", []),
    ],
)
def test_find_sub_units(text: str, units: list[str]):
    assert find_sub_units(text) == units


# ----------------------------------------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------------------------------------


def test_sentence_table_invariants(seed_corpus):
    documents, cleaned, articles, sentences = seed_corpus
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert set(sentences["part"]) == set(PARTS)
    assert sentences["sentence_id"].is_unique
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    for sentence in sentences.itertuples():
        clean = cleaned[sentence.doc_id]
        assert sentence.text and sentence.text == sentence.text.strip()
        assert clean.text[sentence.clean_start : sentence.clean_end] == sentence.text
        assert (sentence.start, sentence.end) == clean.raw_span(sentence.clean_start, sentence.clean_end)
        positions = clean.raw_index[sentence.clean_start : sentence.clean_end]
        assert sentence.start == positions[0] and sentence.end == positions[-1] + 1
        source = raw[sentence.doc_id]
        for char, position in zip(sentence.text, positions, strict=True):
            assert char == source[position] or char in FULLWIDTH.get(source[position], "")
    for article_id, group in sentences.groupby("article_id"):
        assert list(group["sentence_no"]) == list(range(1, len(group) + 1))
        assert group["sentence_id"].iloc[0] == f"{article_id}-1"
    assert set(sentences["article_id"]) == set(articles["article_id"])


def test_every_clean_character_is_in_some_unit(seed_corpus):
    _, cleaned, _, sentences = seed_corpus
    for doc_id, group in sentences.groupby("doc_id"):
        text = cleaned[doc_id].text
        covered = set()
        for start, end in zip(group["clean_start"], group["clean_end"], strict=True):
            covered.update(range(start, end))
        assert all(k in covered for k, char in enumerate(text) if not char.isspace())


def unit_part(sentences: pd.DataFrame, doc_prefix: str, text: str) -> str:
    found = sentences[sentences["doc_id"].str.startswith(doc_prefix) & (sentences["text"] == text)]
    assert len(found) == 1, (doc_prefix, text)
    return str(found["part"].iloc[0])


@pytest.mark.parametrize(
    ("doc", "text", "part"),
    [
        ("000", "巩义市杜甫路街道：推进重点工作谋发展", "heading"),
        ("000", "2020年5月14日 星期四", "furniture"),
        ("000", "编辑：康迪 美编：王姿 校对：姜军V10-11", "byline"),
        ("000", "通讯员 刘菲 文/图", "byline"),
        ("000", "打牢基层基础", "heading"),
        ("000", "坚持党建引领 筑牢发展基础", "heading"),
        ("000", "第一季度逐村观摩", "caption"),
        ("000", "创新探索卡点“1+3+4”模式", "caption"),
        ("002", "桐柏路191号院老旧 小区改造临时党支部", "caption"),
        ("002", "汝河小区游园", "caption"),
        ("002", "提站位 顶层设计突出“高度”", "heading"),
        ("003", "|", "furniture"),
        ("003", "版权声明 @ 中原网 网站版权所有 |", "furniture"),
        ("003", "本报记者 史治国 通讯员 赵红娟 付志华 文/图", "byline"),
        ("003", "树牢民本意识 在实事推进中提升服务水平", "heading"),
        ("004", "本报讯", "byline"),
        ("004", "书记访谈录", "heading"),
    ],
)
def test_seed_units_and_parts(seed_corpus, doc: str, text: str, part: str):
    sentences = seed_corpus[3]
    if text == "|":
        found = sentences[sentences["doc_id"].str.startswith(doc) & (sentences["text"] == text)]
        assert list(found["part"]) == ["furniture", "furniture"]
    else:
        assert unit_part(sentences, doc, text) == part


def test_closing_quotes_stay_with_their_sentence(seed_corpus):
    sentences = seed_corpus[3]
    body = sentences[sentences["part"] == "body"]
    quoted = body[body["text"].str.contains("他感激地说")]["text"].iloc[0]
    assert quoted == (
        "看着干净、整洁的新房和添置的新家具，他感激地说："
        "“今天的生活是多么的美好啊，感谢党和政府让我住上这么好的新房。”"
    )
    assert not body["text"].str.startswith(("”", "）", "」")).any()
    questions = body[body["doc_id"].str.startswith("004")]["text"]
    assert "今后有何打算？" in set(questions)


def test_body_sentences_end_at_terminators(seed_corpus):
    body = seed_corpus[3][seed_corpus[3]["part"] == "body"]
    ends = body["text"].str.rstrip("”’）)").str[-1]
    assert (ends.isin(list("。！？；…"))).mean() > 0.97
    assert len(body) > 300


def test_split_running_text():
    text = "第一句。“第二句！”第三句；第四句……第五句？！  尾巴"
    spans = split_running_text(text)
    assert [text[a:b] for a, b in spans] == [
        "第一句。",
        "“第二句！”",
        "第三句；",
        "第四句……",
        "第五句？！",
        "尾巴",
    ]
    assert split_running_text("前缀。中间。后缀", 3, 6) == [(3, 6)]
    assert split_running_text("   ") == []
