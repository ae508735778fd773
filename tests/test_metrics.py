"""Tests of govtext.metrics: numeral parser, quantity rules, extractor, units codebook, gold evaluation."""

from __future__ import annotations

import functools
import math
import random
import re
from pathlib import Path

import pandas as pd
import pytest

from govtext import metrics as gm
from govtext.corpus import clean_documents, clean_text, load_corpus, split_articles, split_sentences
from govtext.metrics import (
    BOUNDS,
    DEFAULT_UNITS_PATH,
    GOLD_COLUMNS,
    METRIC_COLUMNS,
    check_gold_spans,
    evaluate_metrics,
    extract_metrics,
    find_quantities,
    load_metrics_gold,
    load_units,
    mask_non_quantities,
    parse_number,
)
from govtext.programmes import load_codebook
from govtext.resources import resource_path
from govtext.segment import cut_with_offsets, make_tokenizer

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
GOLD_PATH = ROOT / "data" / "annotations" / "metrics_gold.csv"
PROGRAMMES_PATH = resource_path("codebook")

# Measured on the five seeds (2026-11-23): precision 1.000, recall 0.995 (208 of 209), value accuracy 1.000.
# Thresholds = measured minus a small margin, so a regression of two or three quantities fails the test.
PRECISION_MIN = 0.98
RECALL_MIN = 0.975
VALUE_ACCURACY_MIN = 0.99


@functools.cache
def programme_names() -> tuple[str, ...]:
    """Names and aliases of the programme codebook (what the caller of extract_metrics passes)."""
    codebook = load_codebook(PROGRAMMES_PATH)
    names: list[str] = []
    for name, aliases in zip(codebook["name_zh"], codebook["aliases"], strict=True):
        names.append(name)
        names.extend(aliases)
    return tuple(names)


@pytest.fixture(scope="module")
def units():
    return load_units(DEFAULT_UNITS_PATH)


@pytest.fixture(scope="module")
def tokenizer():
    return make_tokenizer(programme_names())


@pytest.fixture(scope="module")
def dictionary_tokenizer():
    return make_tokenizer(programme_names(), tagger="dictionary")


def quantities(text: str, units, names=()) -> list[tuple[str, float, str]]:
    return [(q.text, q.value, q.unit) for q in find_quantities(text, units, names)]


def one(text: str, units, names=()):
    found = find_quantities(text, units, names)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def single_document(raw: str, doc_id: str = "doc"):
    """A one-sentence document: sentences frame and cleaned mapping, built with the corpus cleaner."""
    clean = clean_text(raw)
    sentences = pd.DataFrame(
        {
            "doc_id": [doc_id],
            "article_id": [f"{doc_id}-1"],
            "sentence_id": [f"{doc_id}-1-1"],
            "part": ["body"],
            "text": [clean.text],
            "clean_start": [0],
        }
    )
    return sentences, {doc_id: clean}


# --------------------------------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("45", 45),
        ("0", 0),
        ("96.8", 96.8),
        ("1,234.5", 1234.5),
        ("12，345", 12345),
        ("１２", 12),
        (" 72500 ", 72500),
        ("1.5万", 15_000),
        ("1.5 万", 15_000),
        ("8863万", 88_630_000),
        ("13.5亿", 1_350_000_000),
        ("320.9亿", 32_090_000_000),
        ("2千万", 20_000_000),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一万零一十", 10_010),
        ("两千", 2000),
        ("三百五", 350),
        ("一万五", 15_000),
        ("二千万零一", 20_000_001),
        ("十亿", 1_000_000_000),
        ("一亿二千三百四十五万六千七百八十九", 123_456_789),
        ("一万亿", 1e12),
        ("三点一四", 3.14),
        ("零点五", 0.5),
        ("负五", -5),
        ("-3.5", -3.5),
        ("二〇二〇", 2020),
        ("一三七一〇", 13710),
        ("半", 0.5),
        ("万", 10_000),
        ("数十", 10),
        ("几百", 100),
        ("上千", 1000),
        ("十几", 10),
        ("二十几", 20),
        ("百", 100),
        ("壹佰贰拾", 120),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


def test_parse_number_has_no_binary_noise():
    assert parse_number("320.9亿") == 32_090_000_000.0
    assert parse_number("157.3亿") == 15_730_000_000.0


@pytest.mark.parametrize(
    "text",
    ["", "  ", "十三五", "一一", "abc", "三点", "1,23", "万万", "十百", "三百四千", "五G", "1.2.3", "第一"],
)
def test_parse_number_rejects(text):
    with pytest.raises(ValueError, match=r"not a number|ambiguous"):
        parse_number(text)


def test_parse_number_rejects_non_strings():
    with pytest.raises(ValueError):
        parse_number(12)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Quantities: the examples of issue 5
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit", "unit_class", "approx", "bound"),
    [
        ("在2020年确定的45个重点项目中", "45个", 45, "个", "items", False, "exact"),
        ("申请中央和地方资金8863万元，", "8863万元", 88_630_000, "元", "money", False, "exact"),
        ("财政收入累计完成13.5亿元，", "13.5亿元", 1_350_000_000, "元", "money", False, "exact"),
        ("投资约21个亿。", "约21个亿", 2_100_000_000, "元", "money", True, "exact"),
        ("拿出100万元专项资金", "100万元", 1_000_000, "元", "money", False, "exact"),
        ("示范带动1.5万名群众", "1.5万名", 15_000, "名", "people", False, "exact"),
        ("累计种植苗木11万株；", "11万株", 110_000, "株", "plants", False, "exact"),
        ("比原计划提早近两个月；", "近两个月", 2, "个月", "duration", True, "upper"),
        ("开展督导四轮。", "四轮", 4, "轮", "events", False, "exact"),
        ("举办交流会两场。", "两场", 2, "场", "events", False, "exact"),
        ("仅用40多天完成", "40多天", 40, "天", "duration", True, "lower"),
        ("累计发动党员3760余名，", "3760余名", 3760, "名", "people", True, "lower"),
        ("累计检测近1300万人次，", "近1300万人次", 13_000_000, "人次", "person_times", True, "upper"),
        ("做“白改黑”约1.5万平方米，", "约1.5万平方米", 15_000, "平方米", "area", True, "exact"),
        ("选派人员300人左右。", "300人左右", 300, "人", "people", True, "exact"),
        ("增速达到10%以上；", "10%以上", 10, "%", "percent", True, "lower"),
        ("选派32岁以下干部", "32岁以下", 32, "岁", "age", True, "upper"),
        ("投资超过5亿元。", "超过5亿元", 500_000_000, "元", "money", True, "lower"),
        ("老旧楼院占比96.8%，", "96.8%", 96.8, "%", "percent", False, "exact"),
        ("百分之八十的群众满意。", "百分之八十", 80, "%", "percent", False, "exact"),
        ("南岭 255亩", "255亩", 255, "亩", "area", False, "exact"),
        ("前后历经1个多月，", "1个多月", 1, "个月", "duration", True, "lower"),
        ("历时半年多完工。", "半年多", 0.5, "年", "duration", True, "lower"),
        ("核酸日总检测能力72500管；", "72500管", 72_500, "管", "samples", False, "exact"),
        ("组织70家市直单位下沉", "70家", 70, "家", "organisations", False, "exact"),
        ("成立了13支党员先锋队", "13支", 13, "支", "organisations", False, "exact"),
        ("建成1,200平方米的广场。", "1,200平方米", 1200, "平方米", "area", False, "exact"),
        ("新建公厕一座。", "一座", 1, "座", "facilities", False, "exact"),
        ("数十名志愿者参加。", "数十名", 10, "名", "people", True, "lower"),
    ],
)
def test_quantity_examples(units, text, surface, value, unit, unit_class, approx, bound):
    q = one(text, units)
    assert (q.text, q.unit, q.unit_class, q.approx, q.bound) == (surface, unit, unit_class, approx, bound)
    assert q.value == pytest.approx(value)
    assert math.isnan(q.value_high)


def test_range_keeps_low_value_and_high_end(units):
    q = one("研究1~2个推进缓慢重点项目", units)
    assert (q.text, q.value, q.value_high, q.approx, q.bound) == ("1~2个", 1.0, 2.0, True, "exact")
    q = one("培训3至5天。", units)
    assert (q.value, q.value_high, q.unit) == (3.0, 5.0, "天")
    q = one("来了一两个人", units)
    assert (q.value, q.value_high) == (1.0, 2.0)
    q = one("修路2-3公里。", units)
    assert (q.value, q.value_high, q.unit_class) == (2.0, 3.0, "length")


def test_ranks_and_rank_field(units):
    found = find_quantities("综合成绩位居河南省104个县（市）第2位，", units)
    assert [(q.text, q.kind, q.value) for q in found] == [("104个", "count", 104), ("第2位", "rank", 2)]
    assert found[1].rank_of == 104 and found[1].unit_class == "rank"
    found = find_quantities("5项指标均位居郑州16县（市）区第一方阵。", units)
    assert [(q.text, q.kind) for q in found] == [("5项", "count"), ("16县", "count"), ("第一方阵", "rank")]
    assert found[2].value == 1 and found[2].rank_of == 16
    q = one("转化率均位居郑州市第1位；", units)
    assert (q.text, q.kind, q.value, q.unit) == ("第1位", "rank", 1, "位")
    assert math.isnan(q.rank_of)
    assert one("考核获得第3名。", units).kind == "rank"


def test_rate_base_is_not_a_metric(units):
    q = one("按照“每万人配备40个隔离房间”标准", units)
    assert (q.text, q.kind, q.per, q.per_value) == ("40个", "rate", "每万人", 10_000)
    q = one("每个楼院指派1名机关科级干部", units)
    assert (q.text, q.kind, q.per_value) == ("1名", "rate", 1)
    assert quantities("每10万人有医生5名", units) == [("5名", 5, "名")]


def test_unitless_numbers_need_a_multiplier(units):
    found = find_quantities("11.8万60周岁以上老年人纳入平台，", units)
    assert [(q.text, q.value, q.unit, q.unit_class) for q in found] == [
        ("11.8万", 118_000, "", "unspecified"),
        ("60周岁以上", 60, "周岁", "age"),
    ]
    assert quantities("编号72500的文件", units) == []


def test_layout_spaces_inside_quantities(units):
    assert quantities("已累计下沉 320 名科级干部", units) == [("320 名", 320, "名")]
    assert quantities("排查5万 人次", units) == [("5万 人次", 50_000, "人次")]


def test_list_of_counts_and_chinese_numerals(units):
    found = quantities("新建游园3个、经济林1处、公厕1座，改水1017户，改厕685户", units)
    assert found == [
        ("3个", 3, "个"),
        ("1处", 1, "处"),
        ("1座", 1, "座"),
        ("1017户", 1017, "户"),
        ("685户", 685, "户"),
    ]
    assert quantities("清明、五一两个小长假", units) == [("两个", 2, "个")]
    assert quantities("先后打掉三个违法开采矿山团伙", units) == [("三个", 3, "个")]


# --------------------------------------------------------------------------------------------------
# Not metrics
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # dates and times
        "2020年5月14日 星期四",
        "8月31日下午，会议召开",
        "6月24日上午，西邢村举行仪式",
        "自2021年10月底开工",
        "截至5月底，项目签约落地",
        "预计2022年底前完成",
        "4月份疫情数据筛查",
        "二〇二〇年工作总结",
        "2020-2021年度",
        # years, periods and plan names
        "十三五期间",
        "在2020年确定的",
        "五年来，街道着力推动",
        "紧盯三年行动计划",
        "第一季度逐村观摩",
        "下半年交房",
        # page codes, addresses, line numbers, model numbers
        "校对：姜军V10-11",
        "桐柏路191号院，西站路82号院",
        "轨道交通6号线贾峪镇段",
        "依托5G基站",
        # ordinal list markers and ordinals that are not ranks
        "一是坚持建设，二是坚持教育，三是坚持结合",
        "第一个党支部",
        "第十一届全国少数民族传统体育运动会",
        "第三产业增加值",
        "始终把群众最牵挂的事情放在第一位",
        "承接第二个百年奋斗目标",
        # idioms and slogans
        "更是千万市民的心声",
        "杜甫路街道一马当先",
        "打通服务群众的最后一公里",
        "不让一户一人掉队",
        "坚持整治和修复两手抓",
        "坚持一把尺子量到底",
        "三大攻坚战",
        "十九大精神",
        # ordinary words with numerals; indefinite 一 + classifier
        "表彰一批先进",
        "深入一线点位",
        "大家一起参与",
        "统一设计改造",
        "并把一处“废旧蓄水池”打造成花园",
        "进行一次业务测试",
        "一期工程已完工",
        "郑州商学院二期、巩县窑遗址公园",
        # short quoted names
        "严格落实“8个100%”标准",
        "建立“五个一”制",
        "打通“三人小组”排查信息壁垒",
        "《2020年工作要点》",
        # programme-like numbers without units
        "“13710”工作制度",
        "扩大有效投资“12834”行动计划",
        "卡点“1+3+4”模式",
        "“7·24”微笑服务",
        "推行“365工作法”",
        "补短板“982”工程",
    ],
)
def test_not_metrics(units, text):
    assert quantities(text, units) == []


def test_programme_names_mask_numbers(units):
    names = programme_names()
    text = "参加三个一批活动，落实三会一课，实施五个一拆迁工作法"
    assert quantities(text, units) != []  # without the codebook 三个, 五个 look like counts
    assert quantities(text, units, names) == []
    # a quantity next to a programme name survives
    assert quantities("51个参加“三个一批”活动项目", units, names) == [("51个", 51, "个")]
    # quotes around a name do not hide it from the codebook form without quotes
    assert quantities("扛、立、“强”三起来", units, ["扛、立、强三起来"]) == []


def test_mask_keeps_length_and_masks_only_names_with_numerals(units):
    text = "落实“三会一课”制度和党建+，完成45个项目"
    masked = mask_non_quantities(text, units, ["三会一课", "党建+"])
    assert len(masked) == len(text)
    assert "三会一课" not in masked and "党建+" in masked and "45个" in masked


def test_long_quoted_standard_is_read(units):
    assert quantities("按照“每万人配备40个隔离房间”标准", units) == [("40个", 40, "个")]


# --------------------------------------------------------------------------------------------------
# extract_metrics over sentences
# --------------------------------------------------------------------------------------------------


def test_extract_metrics_columns_offsets_and_subjects(tokenizer):
    raw = (
        "辖区222个居民小区中老旧楼院占比96.8%，申请中央和地方资金8863万元，"
        "计划用三年时间改造老旧楼院88个。已建立一级网格15个，充实网格员6513名。"
        "荥阳市核酸日总检测能力72500管。"
    )
    sentences, cleaned = single_document(raw)
    out = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    assert list(out.columns) == METRIC_COLUMNS
    assert out["surface"].tolist() == [
        "222个",
        "96.8%",
        "8863万元",
        "三年",
        "88个",
        "15个",
        "6513名",
        "72500管",
    ]
    for row in out.itertuples():
        assert raw[row.start : row.end] == row.surface
    subjects = dict(zip(out["surface"], out["subject"], strict=True))
    assert subjects["222个"] == "居民小区"
    assert "楼院" in subjects["88个"]
    assert "资金" in subjects["8863万元"]
    assert subjects["6513名"] == "网格员"
    assert subjects["72500管"].endswith("核酸日总检测能力")
    assert "楼院" in subjects["96.8%"]
    assert set(out["sentence_id"]) == {"doc-1-1"}
    assert out["kind"].tolist() == [
        "count",
        "percent",
        "money",
        "measure",
        "count",
        "count",
        "count",
        "count",
    ]
    assert out["value"].dtype == "float64" and out["approx"].dtype == bool


def test_extract_metrics_maps_layout_spaces_and_line_breaks_to_raw(tokenizer):
    raw = "示范带动 1.5 万名群众积极参与，\n占全市总任务量的\n80%，受到好评。"
    sentences, cleaned = single_document(raw)
    out = extract_metrics(sentences, cleaned, tokenizer)
    assert out["surface"].tolist() == ["1.5 万名", "80%"]
    assert out["value"].tolist() == [15_000.0, 80.0]
    assert all(raw[r.start : r.end] == r.surface for r in out.itertuples())


def test_extract_metrics_sorted_by_doc_and_offsets(tokenizer):
    frames, cleaned = [], {}
    for doc_id, raw in (("b", "完成9条道路和66处宅基。"), ("a", "建设住房74套，投资900万元。")):
        sentences, clean = single_document(raw, doc_id)
        frames.append(sentences)
        cleaned.update(clean)
    out = extract_metrics(pd.concat(frames, ignore_index=True), cleaned, tokenizer)
    assert list(zip(out["doc_id"], out["surface"], strict=True)) == [
        ("a", "74套"),
        ("a", "900万元"),
        ("b", "9条"),
        ("b", "66处"),
    ]
    assert out.equals(out.sort_values(["doc_id", "start", "end"], kind="mergesort"))


def test_extract_metrics_rate_and_rank_columns(tokenizer):
    raw = (
        "组织全区161个机关党支部结对联建，每个楼院指派1名机关科级干部。营商环境位居河南省104个县（市）第2位。"
    )
    sentences, cleaned = single_document(raw)
    out = extract_metrics(sentences, cleaned, tokenizer).set_index("surface")
    assert out.loc["1名", "kind"] == "rate" and out.loc["1名", "per"] == "每个楼院"
    assert out.loc["1名", "subject"] == "机关科级干部"
    assert out.loc["第2位", "rank_of"] == 104 and out.loc["第2位", "kind"] == "rank"
    assert out.loc["161个", "subject"].startswith("机关党支部")


def test_extract_metrics_empty_and_numberless_input(tokenizer):
    sentences, cleaned = single_document("坚持党建引领，筑牢发展基础。")
    out = extract_metrics(sentences, cleaned, tokenizer)
    assert out.empty and list(out.columns) == METRIC_COLUMNS
    empty = sentences.iloc[0:0]
    assert extract_metrics(empty, cleaned, tokenizer).empty


def test_extract_metrics_errors(tokenizer):
    sentences, cleaned = single_document("建设住房74套。")
    with pytest.raises(ValueError, match="missing column"):
        extract_metrics(sentences.drop(columns=["clean_start"]), cleaned, tokenizer)
    with pytest.raises(KeyError, match="no CleanText"):
        extract_metrics(sentences, {}, tokenizer)


# --------------------------------------------------------------------------------------------------
# Units codebook
# --------------------------------------------------------------------------------------------------


def test_units_codebook_content(units):
    forms = set(units.by_form)
    for form in [
        "亩",
        "平方米",
        "元",
        "万元",
        "亿元",
        "个亿",
        "户",
        "名",
        "人",
        "人次",
        "个",
        "套",
        "栋",
        "处",
    ]:
        assert form in forms, form
    for form in ["所", "间", "天", "个月", "小时", "场", "场次", "次", "期", "轮", "批次", "米", "株", "管"]:
        assert form in forms, form
    for form in ["条", "座", "家", "支", "起", "件", "项", "册", "份", "楼院", "%"]:
        assert form in forms, form
    assert units.by_form["万元"].unit == "元" and units.by_form["万元"].multiplier == 10_000
    used = {entry.unit_class for entry in units.entries}
    assert used <= set(units.classes)
    assert all(reason for _, reason in units.not_quantities)
    assert set(units.prefix_approx.values()) | set(units.suffix_approx.values()) <= set(BOUNDS)
    phrases = [p for p, _ in units.not_quantities]
    assert len(phrases) == len(set(phrases))
    for idiom in ["千万市民", "最后一公里", "一户一人", "两手抓", "一马当先", "一把尺子"]:
        assert idiom in phrases


def write_units(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
classes:
  area: {kind: measure, description: area}
units:
  - {unit: 亩, class: area}
"""


def test_load_units_minimal(tmp_path):
    units = load_units(write_units(tmp_path, GOOD))
    assert [q.text for q in find_quantities("占地34.9亩，5个", units)] == ["34.9亩"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("classes: [", "not valid YAML"),
        ("- a\n- b\n", "mapping at the top level"),
        ("units: []\n", "missing field 'classes'"),
        (GOOD.replace("class: area}", "class: volume}"), r"units\[0\] \(亩\): field 'class'"),
        (GOOD.replace("kind: measure", "kind: size"), r"classes.area: field 'kind'"),
        (GOOD.replace("{unit: 亩, class: area}", "{class: area}"), r"units\[0\]: field 'unit'"),
        (GOOD.replace("class: area}", "class: area, multiplier: -1}"), r"\(亩\): field 'multiplier'"),
        (GOOD.replace("class: area}", "class: area, forms: 亩}"), r"\(亩\): field 'forms'"),
        (GOOD.replace("class: area}", "class: area, approx_after: maybe}"), r"field 'approx_after'"),
        (GOOD.replace("class: area}", "class: area, colour: red}"), r"\(亩\): unknown field\(s\) colour"),
        (GOOD.replace("class: area}", "class: area, date_between: [3, 1]}"), r"field 'date_between'"),
        (GOOD + "  - {unit: 公亩, class: area, forms: [亩]}\n", r"units\[1\] \(公亩\): field 'forms': '亩'"),
        (GOOD + "approximators: {prefix: {约: about}}\n", r"approximators.prefix.约: bound 'about'"),
        (GOOD + "not_quantities:\n  - {phrase: 两手抓}\n", r"not_quantities\[0\] \(两手抓\): field 'reason'"),
        (GOOD + "quoted_name_max_chars: 0\n", "quoted_name_max_chars"),
    ],
)
def test_load_units_errors_name_file_entry_and_field(tmp_path, text, message):
    path = write_units(tmp_path, text)
    with pytest.raises(ValueError, match=message) as info:
        load_units(path)
    assert str(path) in str(info.value)


def test_load_units_missing_file(tmp_path):
    with pytest.raises(gm.UnitsError, match=r"nope\.yml: file not found"):
        load_units(tmp_path / "nope.yml")


# --------------------------------------------------------------------------------------------------
# Evaluation and gold standard
# --------------------------------------------------------------------------------------------------


def frame(rows):
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "value", "unit"])


def test_evaluate_metrics_counts():
    gold = frame(
        [
            ("d", 0, 3, 45.0, "个"),
            ("d", 10, 14, 8.863e7, "元"),
            ("d", 20, 22, 2.0, "个"),
            ("e", 0, 2, 5.0, "个"),
        ]
    )
    pred = frame(
        [
            ("d", 1, 3, 45.0, "个"),  # overlap, same value: match
            ("d", 10, 14, 8863.0, "元"),  # overlap, wrong value: span match only
            ("d", 30, 32, 7.0, "个"),  # no gold: false positive
            ("e", 0, 2, 5.0000001, "名"),  # within 1e-6 relative: match, unit differs
        ]
    )
    result = evaluate_metrics(pred, gold)
    assert (result["tp"], result["fp"], result["fn"]) == (2, 2, 2)
    assert result["precision"] == pytest.approx(0.5) and result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(0.5)
    assert result["value_accuracy"] == pytest.approx(2 / 3)
    assert result["unit_accuracy"] == pytest.approx(0.5)


def test_evaluate_metrics_is_one_to_one_and_prefers_same_value():
    gold = frame([("d", 0, 4, 1.0, "个")])
    pred = frame([("d", 0, 2, 9.0, "个"), ("d", 2, 4, 1.0, "个")])
    assert evaluate_metrics(pred, gold)["tp"] == 1
    assert evaluate_metrics(pred, gold)["fp"] == 1
    empty = frame([])
    assert evaluate_metrics(empty, gold)["recall"] == 0.0
    assert evaluate_metrics(pred, empty)["precision"] == 0.0
    with pytest.raises(ValueError, match="gold: missing column"):
        evaluate_metrics(pred, gold.drop(columns=["value"]))


@pytest.fixture(scope="module")
def seeds():
    documents = load_corpus(RAW_DIR)
    cleaned = clean_documents(documents)
    sentences = split_sentences(documents, cleaned, split_articles(documents, cleaned))
    return documents, cleaned, sentences


@pytest.fixture(scope="module")
def gold():
    return load_metrics_gold(GOLD_PATH)


def test_gold_file_is_consistent_with_raw_text(gold, seeds):
    documents, _, _ = seeds
    assert list(gold.columns[: len(GOLD_COLUMNS)]) == GOLD_COLUMNS
    assert len(gold) >= 200
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    assert check_gold_spans(gold, raw) == []
    assert not gold.duplicated(["doc_id", "start"]).any()
    assert gold.equals(gold.sort_values(["doc_id", "start", "end"], kind="mergesort"))
    assert set(gold["doc_id"]) == set(documents["doc_id"])


def test_extractor_against_gold(seeds, gold, tokenizer):
    _, cleaned, sentences = seeds
    predicted = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    for row in predicted.itertuples():
        assert cleaned[row.doc_id].raw[row.start : row.end] == row.surface
    result = evaluate_metrics(predicted, gold)
    assert result["precision"] >= PRECISION_MIN, result
    assert result["recall"] >= RECALL_MIN, result
    assert result["value_accuracy"] >= VALUE_ACCURACY_MIN, result
    assert set(predicted["bound"]) <= set(BOUNDS)
    again = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    pd.testing.assert_frame_equal(predicted, again)


def test_check_gold_spans_reports_mismatch():
    gold = pd.DataFrame({"doc_id": ["d", "x"], "start": [0, 0], "end": [2, 1], "surface": ["46", "a"]})
    problems = check_gold_spans(gold, {"d": "45个"})
    assert len(problems) == 2 and "unknown document" in problems[1]


def test_load_metrics_gold_errors(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("doc_id,start,end,surface,value\nd,0,2,45,45\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        load_metrics_gold(path)
    path.write_text("doc_id,start,end,surface,value,unit,note\nd,2,2,45,45,个,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: end must be greater"):
        load_metrics_gold(path)


# --------------------------------------------------------------------------------------------------
# Speed work: whole-sentence cuts, the typed frame (outputs must not change)
# --------------------------------------------------------------------------------------------------


def sliced_sentence_tokens(text, found, tokenizer):
    """The tokens of the quantity clauses taken from one cut of the whole sentence."""
    spans = [
        m.span()
        for m in gm._CLAUSE_RE.finditer(text)
        if any(
            (q.start < m.end() and m.start() < q.end)
            or (q.per_start >= 0 and q.per_start < m.end() and m.start() < q.per_end)
            for q in found
        )
    ]
    return [t for t in cut_with_offsets(text, tokenizer) if any(a <= t[2] and t[3] <= b for a, b in spans)]


@pytest.mark.parametrize("tagger", ["hmm", "dictionary"])
def test_clause_cuts_are_slices_of_the_sentence_cut(tagger, seeds, tokenizer, dictionary_tokenizer, units):
    """What ``segment.slice_cut`` relies on, on every seed sentence and on variants with other digits and
    punctuation (as in the benchmark corpus), with either tagger."""
    tokenizer = tokenizer if tagger == "hmm" else dictionary_tokenizer
    _, _, sentences = seeds
    rng = random.Random(7)
    texts = [*sentences["text"], "共有“8个100%”和45个项目，其中3个完工;另有2,000 余名党员：每万人配备40个。"]
    for text in list(sentences["text"]):
        varied = re.sub(r"[0-9]", lambda _: str(rng.randrange(10)), text)
        texts.append(re.sub(r"，", lambda _: rng.choice(["，", ",", "；", "、", " "]), varied))
    checked = 0
    for text in texts:
        found = find_quantities(text, units, programme_names())
        if not found:
            continue
        clause_tokens = gm._clause_tokens(text, found, lambda t: cut_with_offsets(t, tokenizer))
        assert clause_tokens == sliced_sentence_tokens(text, found, tokenizer), text
        checked += 1
    assert checked > 150


class RecordingTokenizer:
    """Wraps a jieba tokenizer and records what it is asked to cut."""

    def __init__(self, tokenizer):
        self.tokenizer, self.seen = tokenizer, []
        self.block_re = tokenizer.block_re

    def cut(self, text):
        self.seen.append(text)
        return self.tokenizer.cut(text)


@pytest.mark.parametrize("tagger", ["hmm", "dictionary"])
def test_metrics_from_the_sentence_cuts_equal_metrics_from_clause_cuts(
    tagger, seeds, tokenizer, dictionary_tokenizer
):
    """Slicing the clause cuts out of the sentences' cuts (``cuts=``) changes nothing but the time."""
    tokenizer = tokenizer if tagger == "hmm" else dictionary_tokenizer
    _, cleaned, sentences = seeds
    cuts = [cut_with_offsets(text, tokenizer) for text in sentences["text"]]
    alone = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    shared = extract_metrics(sentences, cleaned, tokenizer, programme_names(), cuts=cuts)
    pd.testing.assert_frame_equal(shared, alone)
    with pytest.raises(ValueError, match="cuts: 1 cuts for"):
        extract_metrics(sentences, cleaned, tokenizer, programme_names(), cuts=cuts[:1])


def test_extract_metrics_cuts_only_quantity_clauses(seeds, tokenizer):
    """Only clauses (as ``_CLAUSE_RE`` finds them) of sentences holding a quantity are segmented."""
    _, cleaned, sentences = seeds
    recording = RecordingTokenizer(tokenizer)
    found = extract_metrics(sentences, cleaned, recording, programme_names())
    with_metrics = sentences[sentences["sentence_id"].isin(found["sentence_id"])]
    clauses = {m.group() for text in with_metrics["text"] for m in gm._CLAUSE_RE.finditer(text)}
    assert recording.seen and set(recording.seen) <= clauses
    assert sum(len(t) for t in recording.seen) < with_metrics["text"].str.len().sum()


def test_metrics_frame_sorts_only_when_needed_and_keeps_dtypes(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences.iloc[::-1], cleaned, tokenizer, programme_names())
    ordered = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    pd.testing.assert_frame_equal(found, ordered)
    assert found["start"].dtype == "int64" and found["approx"].dtype == "bool"
    assert found["value_high"].dtype == "float64" and str(found["surface"].dtype) == "str"
    empty = gm._metrics_frame([])
    assert list(empty.columns) == METRIC_COLUMNS and empty["start"].dtype == "int64"


# --------------------------------------------------------------------------------------------------
# Summaries for the book
# --------------------------------------------------------------------------------------------------


@functools.cache
def codebook_frame() -> pd.DataFrame:
    return load_codebook(PROGRAMMES_PATH)


def test_codebook_names_keep_names_jieba_cannot_hold(seeds, tokenizer):
    names = gm.codebook_names(codebook_frame())
    assert "扛、立、强三起来" in names and "13710" in names and names == sorted(set(names))
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, names)
    assert "三起" not in set(found["surface"])
    with pytest.raises(ValueError, match="aliases"):
        gm.codebook_names(pd.DataFrame({"name_zh": ["a"]}))


def test_metric_examples_raw_surface_offsets_and_order(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    raw = {d: c.raw for d, c in cleaned.items()}
    table = gm.metric_examples(found, ["003:第2位", "002:1.5 万名", "8863万元", "003:1~2个", "003:40个"], raw)
    assert list(table["raw_surface"]) == ["第2位", "1.5 万名", "8863万元", "1~2个", "40个"]
    first = table.iloc[0]
    assert raw["003_3994295fa6c43e31"][first["start"] : first["end"]] == "第2位"
    assert first["extra"] == "among 104" and first["context"].count("【第2位】") == 1
    assert table.iloc[2]["value"] == "88,630,000" and table.iloc[2]["unit"] == "元"
    assert table.iloc[3]["extra"] == "up to 2" and table.iloc[3]["hedge"] == "range (exact)"
    assert table.iloc[4]["extra"] == "per 每万人" and table.iloc[4]["kind"] == "rate"
    with pytest.raises(KeyError, match="999个"):
        gm.metric_examples(found, ["999个"], raw)


def test_exclusion_examples_on_seeds(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    phrases = {"13710": "programme", "“982”工程": "programme", "191号院": "address", "V10-11": "page code"}
    table = gm.exclusion_examples(phrases, sentences, cleaned, found)
    assert list(table["phrase"]) == list(phrases) and (table["n_read"] == 0).all()
    for row in table.itertuples():
        doc = next(d for d in cleaned if d.startswith(row.sentence[:3]))
        assert cleaned[doc].raw[row.start : row.end] == row.raw_surface
    assert table.set_index("phrase").loc["191号院", "read_nearby"] == "488个、468个"
    with pytest.raises(KeyError, match="没有"):
        gm.exclusion_examples({"没有这个词组": "x"}, sentences, cleaned, found)


def toy_tables():
    """Two places, three body sentences and one heading, metrics typed like extract_metrics output."""
    documents = pd.DataFrame({"doc_id": ["a", "b"], "locality": ["Pa", "Pb"]})
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "sentence_id": ["a-1-1", "a-1-2", "b-1-1", "b-1-2"],
            "part": ["body", "body", "body", "heading"],
            "text": ["x" * 4000, "y" * 1000, "z" * 2000, "标题"],
            "clean_start": [0, 4000, 0, 2000],
        }
    )
    metrics = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b"],
            "sentence_id": ["a-1-1", "a-1-1", "a-1-2", "b-1-1", "b-1-2"],
            "surface": ["近5个", "3名", "10%以上", "2000余名", "1个"],
            "unit_class": ["items", "people", "percent", "people", "items"],
            "approx": [True, False, True, True, False],
            "bound": ["upper", "exact", "lower", "lower", "exact"],
            "value_high": [math.nan] * 5,
        }
    )
    return documents, sentences, metrics


def test_class_profile_counts_rates_zero_fill_and_order():
    documents, sentences, metrics = toy_tables()
    table = gm.class_profile(metrics, sentences, documents, places=["Pb", "Pa"])
    assert list(table.columns) == ["unit_class", "locality", "n_metrics", "n_chars", "per_10k"]
    assert list(table["unit_class"]) == ["people", "people", "items", "items", "percent", "percent"]
    assert list(table["locality"]) == ["Pb", "Pa"] * 3
    pa_items = table[(table["unit_class"] == "items") & (table["locality"] == "Pa")].iloc[0]
    assert pa_items["n_metrics"] == 1 and pa_items["n_chars"] == 5000 and pa_items["per_10k"] == 2.0
    pb_items = table[(table["unit_class"] == "items") & (table["locality"] == "Pb")].iloc[0]
    assert pb_items["n_metrics"] == 0  # the heading's 1个 is not body text
    with pytest.raises(ValueError, match="places: missing Pa"):
        gm.class_profile(metrics, sentences, documents, places=["Pb"])


@pytest.mark.parametrize(
    ("surface", "high", "word"),
    [
        ("近1300万人次", math.nan, "近"),
        ("3760余名", math.nan, "余"),
        ("2000余 人", math.nan, "余"),
        ("10%以上", math.nan, "以上"),
        ("32岁以下", math.nan, "以下"),
        ("约21个亿", math.nan, "约"),
        ("1个多月", math.nan, "多"),
        ("半年多", math.nan, "多"),
        ("1~2个", 2.0, "range"),
        ("数十个", math.nan, "vague"),
        ("上百人", math.nan, "vague"),
        ("45个", math.nan, ""),
    ],
)
def test_approximator_of(units, surface, high, word):
    assert gm.approximator_of(surface, units, high) == word


def test_wilson_interval():
    low, high = gm.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = gm.wilson_interval(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert all(math.isnan(v) for v in gm.wilson_interval(0, 0))
    with pytest.raises(ValueError, match="k=11"):
        gm.wilson_interval(11, 10)


def test_hedging_by_place(units):
    documents, sentences, metrics = toy_tables()
    summary, words = gm.hedging_by_place(metrics, sentences, documents, units, places=["Pa", "Pb"])
    pa = summary.set_index("locality").loc["Pa"]
    assert (pa["n_metrics"], pa["n_approx"], pa["n_lower"], pa["n_upper"], pa["n_about"]) == (3, 2, 1, 1, 0)
    assert pa["share_approx"] == pytest.approx(2 / 3) and pa["ci_low"] < 2 / 3 < pa["ci_high"]
    assert summary.set_index("locality").loc["Pb", "n_approx"] == 1  # the heading does not count
    assert list(words.columns) == ["hedge", "Pa", "Pb", "total"]
    assert list(words["hedge"]) == ["以上", "余", "近"] and list(words["total"]) == [1, 1, 1]


def test_load_metric_themes_from_units_codebook():
    themes = gm.load_metric_themes(DEFAULT_UNITS_PATH)
    assert list(themes.themes["id"]) == [
        "old_compounds",
        "demolition_resettlement",
        "party_mobilisation",
        "money",
        "epidemic",
        "flood",
    ]
    assert themes.share_cues == ("占",) and "已完工" in themes.part_whole_cues
    money = themes.themes.set_index("id").loc["money"]
    assert money["kinds"] == ("money",) and money["terms"] == ("投资", "资金")


def test_every_theme_term_occurs_in_the_seeds(seeds):
    _, cleaned, _ = seeds
    text = "".join(c.text for c in cleaned.values())
    themes = gm.load_metric_themes(DEFAULT_UNITS_PATH)
    for row in themes.themes.itertuples():
        for term in (*row.terms, *row.exclude_if):
            assert term in text, (row.id, term)


THEMES_OK = """
themes:
  - {id: a, label: A, label_zh: 甲, terms: [楼院]}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("units: []\n", "missing field 'themes'"),
        ("themes: []\n", "non-empty list"),
        ("themes: [x]\n", r"themes\[0\]: must be a mapping"),
        (THEMES_OK.replace("id: a", "id: A b"), r"themes\[0\] \(A b\): field 'id' must be snake_case"),
        (THEMES_OK.replace("label: A, ", ""), r"\(a\): field 'label' is missing"),
        (THEMES_OK.replace("terms: [楼院]", "kinds: [area]"), r"field 'kinds': 'area'"),
        (THEMES_OK.replace("terms: [楼院]", "terms: []"), r"needs 'terms' or 'kinds'"),
        (THEMES_OK.replace("terms: [楼院]", "terms: 楼院"), r"field 'terms' must be a list"),
        (THEMES_OK.replace("}", ", colour: red}"), r"unknown field\(s\) colour"),
        (
            THEMES_OK + "  - {id: a, label: B, label_zh: 乙, terms: [x]}\n",
            r"themes\[1\] \(a\): field 'id': dup",
        ),
    ],
)
def test_load_metric_themes_errors_name_file_theme_and_field(tmp_path, text, message):
    path = tmp_path / "units.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        gm.load_metric_themes(path)
    assert str(path) in str(info.value)


def extract_text(text: str, tokenizer, doc_id: str = "doc") -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences, cleaned = single_document(text, doc_id)
    return extract_metrics(sentences, cleaned, tokenizer), sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "使全年改造小区计划总数达到88个，占全市总任务量的80%。",
            {"88个": (0.8, "全市总任务量", gm.BASIS_STATED), "80%": (0.8, "", gm.BASIS_PERCENT)},
        ),
        ("中原区488个老旧小区已完工468个。", {"468个": (468 / 488, "488个老旧小区", gm.BASIS_PART)}),
        (
            "目前改造的53个楼院中，8个已完工，28个正在施工。",
            {"8个": (8 / 53, "53个楼院", gm.BASIS_PART), "28个": (28 / 53, "53个楼院", gm.BASIS_PART)},
        ),
        ("辖区222个居民小区中老旧楼院占比96.8%。", {"96.8%": (0.968, "222个居民小区", gm.BASIS_PART)}),
        ("5个项目中，4个已完工，3个在建。", {"4个": (0.8, "5个项目", gm.BASIS_PART)}),
        ("办结率达99%。", {"99%": (0.99, "", gm.BASIS_PERCENT)}),
        ("建设住房74套，总投资900万元。", {}),
    ],
)
def test_stated_shares(tokenizer, text, expected):
    found, sentences = extract_text(text, tokenizer)
    out = gm.stated_shares(found, sentences, ("占",), ("已完工", "中，", "占比"))
    assert len(out) == len(found) and {"share", "denominator", "basis"} <= set(out.columns)
    shared = out[out["share"].notna()]
    got = {
        r.surface: (pytest.approx(r.share), r.denominator, r.basis) for r in shared.itertuples(index=False)
    }
    assert got == {k: (pytest.approx(v[0]), v[1], v[2]) for k, v in expected.items()}
    wholes = set(out.loc[out["basis"] == gm.BASIS_WHOLE, "surface"])
    if expected and next(iter(expected.values()))[2] == gm.BASIS_PART:
        assert len(wholes) == 1


def test_stated_shares_never_uses_outside_denominators(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    themes = gm.load_metric_themes(DEFAULT_UNITS_PATH)
    out = gm.stated_shares(found, sentences, themes.share_cues, themes.part_whole_cues)
    stated = out[out["basis"].isin([gm.BASIS_STATED, gm.BASIS_PART])]
    for row in stated.itertuples(index=False):
        sentence = sentences.set_index("sentence_id").loc[row.sentence_id, "text"]
        assert row.denominator.replace(" ", "") in sentence.replace(" ", "") or row.denominator in sentence
    assert ((out["share"] > 0) & (out["share"] <= 1) | out["share"].isna()).all()


def toy_claims(tokenizer):
    """Three one-sentence documents in two places, run through extract_metrics and stated_shares."""
    texts = {
        "a1": "中原区488个老旧小区已完工468个，投入资金300万元。",
        "a2": "疫情期间坚守113个楼院，发动党员1400余名。",
        "b1": "发动党员80名，另有群众5000名参加，建设4个示范点，奖励5万元。",
    }
    frames, sentence_frames, cleaned = [], [], {}
    for doc_id, text in texts.items():
        sentences, one = single_document(text, doc_id)
        frames.append(extract_metrics(sentences, one, tokenizer))
        sentence_frames.append(sentences)
        cleaned.update(one)
    found, sentences = pd.concat(frames, ignore_index=True), pd.concat(sentence_frames, ignore_index=True)
    documents = pd.DataFrame({"doc_id": list(texts), "locality": ["Pa", "Pa", "Pb"]})
    themes = gm.MetricThemes(
        themes=pd.DataFrame(
            [
                {
                    "id": "old",
                    "label": "Old",
                    "label_zh": "旧",
                    "terms": ("老旧小区", "楼院"),
                    "kinds": (),
                    "exclude_if": ("疫情",),
                    "note": "",
                },
                {
                    "id": "party",
                    "label": "Party",
                    "label_zh": "党",
                    "terms": ("党员",),
                    "kinds": (),
                    "exclude_if": (),
                    "note": "",
                },
                {
                    "id": "money",
                    "label": "Money",
                    "label_zh": "钱",
                    "terms": ("资金",),
                    "kinds": ("money",),
                    "exclude_if": (),
                    "note": "",
                },
                {
                    "id": "flood",
                    "label": "Flood",
                    "label_zh": "灾",
                    "terms": ("灾后",),
                    "kinds": (),
                    "exclude_if": (),
                    "note": "",
                },
            ]
        ),
        share_cues=("占",),
        part_whole_cues=("已完工",),
    )
    shared = gm.stated_shares(found, sentences, themes.share_cues, themes.part_whole_cues)
    return shared, sentences, documents, themes


def test_theme_claims_levels_ranks_and_exclusions(tokenizer):
    shared, sentences, documents, themes = toy_claims(tokenizer)
    claims = gm.theme_claims(shared, sentences, documents, themes, places=["Pa", "Pb"])
    assert list(claims.columns) == gm.CLAIM_COLUMNS
    old = claims[claims["theme"] == "old"]
    # 468个 (a share of a stated whole) outranks 488个; the epidemic sentence (113个楼院) is excluded
    assert list(old["surface"]) == ["468个", "488个", "300万元"]
    assert list(old["rank"]) == [1, 2, 3] and list(old["level"]) == ["subject", "subject", "sentence"]
    party = claims[claims["theme"] == "party"].set_index("surface")
    assert party.loc["1400余名", "level"] == "subject" and party.loc["1400余名", "rank"] == 1
    assert party.loc["80名", "rank"] == 1 and party.loc["5000名", "level"] == "sentence"
    money = claims[claims["theme"] == "money"]
    assert list(money["surface"]) == ["300万元", "5万元"] and list(money["level"]) == ["subject", "kind"]
    assert claims[claims["theme"] == "flood"].empty
    assert "…" in old.iloc[0]["quote"] or old.iloc[0]["quote"].startswith("中原区")


def test_indicator_table_cells(tokenizer):
    shared, sentences, documents, themes = toy_claims(tokenizer)
    claims = gm.theme_claims(shared, sentences, documents, themes, places=["Pa", "Pb"])
    table = gm.indicator_table(claims, themes, ["Pa", "Pb"])
    assert list(table.columns) == ["theme", "Pa", "Pb"]
    assert list(table["theme"]) == ["Old (旧)", "Party (党)", "Money (钱)", "Flood (灾)"]
    cell = table.iloc[0]["Pa"]
    assert cell.startswith("468 个 老旧小区; = 96% of 488个老旧小区; [a1-1-1] “") and cell.endswith(
        "(+2 more)"
    )
    assert table.iloc[0]["Pb"] == gm.NO_CLAIM and table.iloc[3]["Pa"] == gm.NO_CLAIM
    assert table.iloc[2]["Pa"].startswith("3,000,000 元 (300万元) 资金")
    assert table.iloc[1]["Pb"].startswith("80 名 党员")


def test_claim_text_rate_and_plain():
    claim = {
        "value": 40.0,
        "unit": "个",
        "surface": "40个",
        "subject": "隔离房间",
        "share": math.nan,
        "basis": "",
        "denominator": "",
        "per": "每万人",
        "sentence_id": "003_x-1-51",
        "quote": "每万人配备40个",
    }
    assert gm.claim_text(claim) == "40 个 隔离房间; per 每万人; [003-1-51] “每万人配备40个”"
    claim.update(per="", subject="", value=0.5, unit="年", surface="半年多")
    assert gm.claim_text(claim) == "0.5 年 (半年多); [003-1-51] “每万人配备40个”"


def test_evaluation_table_by_place(seeds, gold, tokenizer):
    documents, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    table = gm.evaluation_table(found, gold, documents, ["Gongyi", "Zhongyuan", "Xingyang"])
    assert list(table["scope"]) == ["all", "Gongyi", "Zhongyuan", "Xingyang"]
    overall = evaluate_metrics(found, gold)
    assert table.iloc[0]["precision"] == overall["precision"] and table.iloc[0]["n_gold"] == len(gold)
    assert table["n_gold"].iloc[1:].sum() == len(gold) and table["tp"].iloc[1:].sum() == overall["tp"]


def test_ablation_table_on_seeds(seeds, gold, tokenizer, units):
    _, cleaned, sentences = seeds
    table = gm.ablation_table(sentences, cleaned, gold, tokenizer, programme_names(), units)
    assert len(table) == 5 and table.iloc[0]["setting"] == "full extractor"
    precision = list(table["precision"])
    assert precision == sorted(precision, reverse=True)  # each filter removed lets more false positives in
    assert table.iloc[0]["fp"] < table.iloc[-1]["fp"]


def test_units_without_quoted_name_masking_read_quoted_numbers(units):
    from dataclasses import replace

    text = "实现“8个100%”目标"
    assert find_quantities(text, units) == []
    surfaces = [q.text for q in find_quantities(text, replace(units, mask_quoted_names=False))]
    assert surfaces == ["8个", "100%"]


def test_class_labels(units):
    labels = gm.class_labels(units)
    assert labels["items"] == "items (个 项 条 …)" and labels["money"] == "money (元 美元)"
    assert labels["rank"] == "rank" and set(labels) == set(units.classes)
