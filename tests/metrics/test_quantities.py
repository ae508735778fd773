"""Tests of govtext.metrics.quantities: what is a quantity, what is not, masking, rates and ranks."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from govtext.metrics import find_quantities, mask_non_quantities
from metrics.helpers import programme_names


def quantities(text: str, units, names=()) -> list[tuple[str, float, str]]:
    return [(q.text, q.value, q.unit) for q in find_quantities(text, units, names)]


def one(text: str, units, names=()):
    found = find_quantities(text, units, names)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


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
        # a bare 二 before a classifier is an ordinal or part of a name (a count says 两)
        "最终在辖区交警二支队、街道办执法中队的协调下",
        "巩义市北山口镇西头村二组村民",
        # adverbs and idioms with numerals
        "着急的四处翻找",
        "帮人一把,情长一寸",
        # a point in time, a pronoun, a grade, a service radius
        "原来，两天前小区接到通知",
        "事情还要从半个月前说起",
        "肖聚财就是其中一位。",
        "打造5分钟服务圈",
        "构建15分钟生活圈",
        # numbers inside the quoted name of an arrangement, however long
        "建立“10分钟响应、24小时办结”快速服务机制",
        "落实“1、3、5分钟快反机制”的同时",
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


def test_a_long_quote_is_a_name_only_with_a_name_suffix(units, tmp_path):
    assert quantities("提出“每万人配备40个隔离房间”的要求", units) == [("40个", 40, "个")]
    assert quantities("落实“每万人配备40个隔离房间”工作机制", units) == []
    from govtext.metrics import load_units
    from govtext.metrics.units import DEFAULT_UNITS_PATH

    text = Path(DEFAULT_UNITS_PATH).read_text(encoding="utf-8")
    plain = tmp_path / "units.yml"  # without the list, quoted text over quoted_name_max_chars is read
    kept = [line for line in text.split("\n") if not line.startswith("quoted_name_suffixes:")]
    plain.write_text("\n".join(kept), encoding="utf-8")
    assert quantities("落实“每万人配备40个隔离房间”工作机制", load_units(plain)) == [("40个", 40, "个")]


def test_new_units_and_grades_after_a_count(units):
    assert quantities("总户数781户，2671口人。", units)[-1] == ("2671口人", 2671, "人")
    assert quantities("控制在40桌以内，", units) == [("40桌以内", 40, "桌")]
    assert quantities("有近200匹壮马，", units) == [("近200匹", 200, "匹")]
    # 65个三级网格: 65 grids at the third level, not a count of three tiers
    assert quantities("划分65个三级网格，", units) == [("65个", 65, "个")]
    assert quantities("构建三级网格体系，", units) == [("三级", 3, "级")]
    assert quantities("其中16个扎根楼栋，", units) == [("16个", 16, "个")]  # 其中 before digits counts


def test_two_before_a_classifier_counts_only_as_liang(units):
    assert quantities("组建两支队伍，", units) == [("两支", 2, "支")]
    assert quantities("交警二支队", units) == []
    assert quantities("分成二十组，", units) == [("二十组", 20, "组")]  # 二 inside a larger numeral counts
    assert quantities("种植二亩地，", units) == [("二亩", 2, "亩")]  # a measure, not a classifier


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


def test_units_without_quoted_name_masking_read_quoted_numbers(units):
    from dataclasses import replace

    text = "实现“8个100%”目标"
    assert find_quantities(text, units) == []
    surfaces = [q.text for q in find_quantities(text, replace(units, mask_quoted_names=False))]
    assert surfaces == ["8个", "100%"]


def test_an_approximator_before_wan_multiplies_and_two_multipliers_after_a_prefix(units):
    assert quantities("入住人口有70多万，", units) == [("70多万", 700_000, "")]
    assert quantities("居民20多万人", units) == [("20多万人", 200_000, "人")]
    assert quantities("惠及十多万户", units) == [("十多万户", 100_000, "户")]
    assert quantities("投入3000余万元", units) == [("3000余万元", 30_000_000, "元")]  # as before
    assert quantities("常住人口超千万的城市", units) == [("超千万", 10_000_000, "")]
    assert quantities("常住人口突破千万人，", units) == [("突破千万人", 10_000_000, "人")]
    assert quantities("千万不要大意", units) == []  # no prefix: 千万 is "by all means"
    assert quantities("有10多个小区", units) == [("10多个", 10, "个")]


def test_one_character_levels_before_a_tier_count(units):
    assert quantities("首创市县两级党委", units) == [("两级", 2, "级")]
    assert quantities("镇村两级干部下沉", units) == [("两级", 2, "级")]
    assert quantities("省市县三级干部", units) == [("三级", 3, "级")]
    assert quantities("县两级干部", units) == []  # one level named, not two
    assert quantities("市县三级干部", units) == []  # two levels named, three counted


def test_a_count_that_sums_up_the_list_before_it(units):
    assert quantities("实现人民、行政、司法三调解的对接", units) == [("三调", 3, "调")]
    assert quantities("春、夏、秋三季", units) == [("三季", 3, "季")]
    assert quantities("春、夏三季", units) == []  # two items listed, three counted
    assert quantities("实现“街区、社区、小区”三区融合", units) == []  # a quoted list names a formula


def test_together_and_parallel_slogans_with_one_are_not_counts(units):
    assert quantities("和广大市民群众一起，用行动", units) == []
    assert quantities("本月发生交通事故一起。", units) == [("一起", 1, "起")]
    assert quantities("切实做到发现一处、规范一处。", units) == []
    assert quantities("整治一个，影响一片，打造", units) == []
    assert quantities("力争“调解一件、普法教育一片”", units) == []
    assert quantities("新建公厕一座、改造游园一个。", units) == [("一座", 1, "座"), ("一个", 1, "个")]


def test_new_units_and_idioms_of_round_eleven(units):
    assert quantities("销售农特产品50多万斤。", units) == [("50多万斤", 500_000, "斤")]
    assert quantities("清运垃圾840多车。", units) == [("840多车", 840, "车")]
    assert quantities("改造一车间，", units) == []
    assert quantities("配备20瓶灭火器", units) == [("20瓶", 20, "瓶")]
    assert quantities("分为汇演和推介两部分。", units) == [("两部分", 2, "部分")]
    assert quantities("提供八折优惠", units) == [("八折", 80, "%")]
    assert quantities("一把三折叠伞", units) == []  # 折叠 (folding) is a word
    assert quantities("每天一大早他就来", units) == []
    assert quantities("引来八方瞩目。", units) == []
    assert quantities("街道“2011人居环境整改”", units) == []
    assert quantities("共5人居住在这里", units) == [("5人", 5, "人")]


def test_round_twelve_units_prefix_and_listed_grades(units):
    assert quantities("邀请知名的三方机构，", units) == []  # a third party
    assert quantities("组建四方主体", units) == [("四方", 4, "方")]
    assert quantities("做好垃圾四分类。", units) == [("四分类", 4, "类")]
    assert quantities("带着200束鲜花", units) == [("200束", 200, "束")]
    assert quantities("建筑为两层楼设计", units) == [("两层楼", 2, "层")]
    assert quantities("直逼3层的着火点", units) == []  # a floor's number, not a count of storeys
    assert quantities("常住人口破千万的城市", units) == [("破千万", 10_000_000, "")]
    assert quantities("组织了二级路长、三级路长深入辖区", units) == []  # grades side by side
    assert quantities("划分一级网格、二级网格和三级网格", units) == []
    assert quantities("推行三级路长制", units) == [("三级", 3, "级")]
    assert quantities("三级网格体系和四级网格体系", units) == [("三级", 3, "级"), ("四级", 4, "级")]


def test_round_thirteen_units_idioms_and_summed_lists(units):
    assert quantities("农用车三轮车40台", units) == [("40台", 40, "台")]  # 三轮车: a tricycle
    assert quantities("开展督导四轮。", units) == [("四轮", 4, "轮")]
    assert quantities("共清理垃圾960立方；", units) == [("960立方", 960, "立方米")]
    assert quantities("下辖9自然村18组，", units) == [("9自然村", 9, "村"), ("18组", 18, "组")]
    assert quantities("每到一处，工作人员", units) == []
    # a list of four phrases before 四 does not make 四镇 a count of four (每周四 is Thursday)
    text = "利用各类会议、“周四消夏晚会”、“周六志愿服务”活动、每周四镇集会等活动"
    assert quantities(text, units) == []
    assert quantities("实现了人民、行政、司法三调解的对接", units) == [("三调", 3, "调")]


def test_round_fourteen_formulas_of_secretaries_and_together(units):
    assert quantities("社区落实”四级书记抓治理责任体系", units) == []  # a formula, not four tiers
    assert quantities("落实五级书记抓乡村振兴", units) == []
    assert quantities("构建县乡村三级书记联动机制", units) == [("三级", 3, "级")]  # tiers of secretaries
    assert quantities("将居民紧紧连在了一起。", units) == []


def test_round_fifteen_districts_financial_numerals_and_names(units):
    assert quantities("二七塔商圈地跨三区五街道，", units) == [("三区", 3, "区"), ("五街道", 5, "街道")]
    assert quantities("将全村划分为4区53片，", units) == [("4区", 4, "区"), ("53片", 53, "片")]
    assert quantities("位于二七区，", units) == []  # a place name read digit by digit, not seven districts
    assert quantities("扎根在龙达二区核心生活圈", units) == []  # 二区: zone two; two districts are 两区
    assert quantities("实现“街区、社区、小区”三区融合", units) == []
    assert quantities("区域划分为三区域。", units) == []
    assert quantities("过硬队伍强信心", units) == []  # 伍 alone is a character of 队伍, not five
    assert quantities("收到捐款伍佰元", units) == [("伍佰元", 500, "元")]
    assert quantities("彦张村位于八台镇北部", units) == []  # 八台镇: a place name
    assert quantities("购置设备八台，", units) == [("八台", 8, "台")]
    assert quantities("清理树木1000余颗，", units) == [("1000余颗", 1000, "颗")]
    assert quantities("每天走访两趟，", units) == [("两趟", 2, "趟")]
    assert quantities("逢雨天四周雨水倒灌", units) == []
    assert quantities("极速三子棋", units) == []
    assert quantities("清明、五一两个小长假", units) == [("两个", 2, "个")]  # the tail after 五一 stays


def test_round_sixteen_idioms_and_a_visit_told(units):
    assert quantities("主动对自家房前屋后、道路两旁的卫生进行清理", units) == []  # 两旁: both sides
    assert quantities("“积分制激励、文化式凝聚”三位一体模式", units) == []
    assert quantities("2008年春节我们回来过一趟,看到", units) == []
    assert quantities("每天走访两趟，", units) == [("两趟", 2, "趟")]


def test_round_seventeen_groups_radii_orders_and_three_part_slogans(units):
    assert quantities("下北村七组、八组、九组154户群众", units) == [("154户", 154, "户")]  # group numbers
    assert quantities("下辖9自然村18组，", units) == [("9自然村", 9, "村"), ("18组", 18, "组")]
    assert quantities("志愿者分成三组，", units) == [("三组", 3, "组")]
    assert quantities("倾心打造“10分钟政务便民服务圈”", units) == []  # a service radius, not ten minutes
    assert quantities("15分钟内到达现场，", units) == [("15分钟内", 15, "分钟")]
    assert quantities("冒出地面一米多高的烂尾楼", units) == [("一米多", 1, "米")]
    assert quantities("创造出日成交量6000单，", units) == [("6000单", 6000, "单")]
    assert quantities("确保农村户厕建一个、成一个、用一个。", units) == []  # a parallel slogan of three


def test_not_after_chinese_must_be_a_list_of_strings(tmp_path):
    from govtext.metrics import load_units
    from govtext.resources import resource_path

    text = resource_path("units.yml").read_text(encoding="utf-8")
    bad = text.replace("not_after_chinese: [村]", "not_after_chinese: 村村")
    assert bad != text
    path = tmp_path / "units.yml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValueError, match="not_after_chinese"):
        load_units(path)


def test_round_eighteen_a_plan_named_by_its_years(units):
    assert quantities("启动了农村人居环境整治提升五年行动，", units) == []  # the plan's name
    assert quantities("开展三年攻坚行动，", units) == []
    assert quantities("开展为期三年的行动，", units) == [("三年", 3, "年")]


def test_round_nineteen_place_names_with_numerals_and_an_idiom(units):
    assert quantities("记者走进钢六区社区，", units) == []  # a community's name
    assert quantities("在西平县出山镇八张村看到", units) == []  # a village's name
    assert quantities("购置桌椅八张。", units) == [("八张", 8, "张")]
    assert quantities("邻里间的大小矛盾纠纷很有一套。", units) == []


def test_round_twenty_horizons_glosses_formula_parts_and_only_one(units):
    assert quantities("打造“一刻钟(15分钟)生活圈”，", units) == []  # a gloss inside a service radius's name
    assert quantities("15分钟内到达现场，", units) == [("15分钟内", 15, "分钟")]
    assert quantities("推行“123+N”(一核带动、二元融合、三维一体、多点联动)工作方法", units) == []
    assert quantities("打造“一环、两带、三区”的发展目标", units) == []
    assert quantities("共发放慰问金二元，", units) == [("二元", 2, "元")]  # outside a formula 二元 is money
    assert quantities("常兴镇未来5年规划", units) == []  # the horizon of a plan
    assert quantities("未来十天没有降水，", units) == []
    assert quantities("坚持了5年，", units) == [("5年", 5, "年")]
    assert quantities("结婚仅一个月就离婚了", units) == [("一个月", 1, "个月")]
    assert quantities("结婚一个月就离婚了", units) == []  # a bare 一 + unit stays the article
    assert quantities("仅一起接一起的上访问题", units) == []  # one after another
    assert quantities("建成120千瓦光伏电站", units) == [("120千瓦", 120, "千瓦")]
    assert quantities("装机容量2兆瓦，", units) == [("2兆瓦", 2000, "千瓦")]
    assert quantities("年发电10万度电，", units) == [("10万度电", 100000, "千瓦时")]
    # no count is written digit by digit: the run before a unit ends in a count of its last digit
    assert quantities("位于金水、二七三区交界地带", units) == [("三区", 3, "区")]
    assert quantities("构建一二三级网格化管理框架", units) == [("三级", 3, "级")]
    assert quantities("一九九八年成立", units) == []  # a year


def test_an_unknown_top_level_key_of_the_units_codebook_is_an_error(tmp_path):
    from govtext.metrics import load_units
    from govtext.resources import resource_path

    text = resource_path("units.yml").read_text(encoding="utf-8")
    bad = text.replace("one_counts_after:", "one_count_after:")
    assert bad != text
    path = tmp_path / "units.yml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValueError, match="one_count_after"):
        load_units(path)


def test_round_twenty_one_latin_power_units_and_pots(units):
    assert quantities("建成了规模300KW光伏电站", units) == [("300KW", 300, "千瓦")]
    assert quantities("装机2MW，", units) == [("2MW", 2000, "千瓦")]
    assert quantities("年发电1.2万kWh，", units) == [("1.2万kWh", 12000, "千瓦时")]
    assert quantities("我为共享花园提供5盆花。", units) == [("5盆", 5, "盆")]
    assert quantities("端来一盆水", units) == []  # the article, not a count


def test_round_twenty_one_a_range_written_with_a_pause_mark(units):
    found = find_quantities("调解纠纷也有七、八百件了", units)
    assert [(q.text, q.value, q.value_high, q.approx) for q in found] == [("七、八百件", 700, 800, True)]
    found = find_quantities("等了三、四个小时", units)
    assert [(q.text, q.value, q.value_high) for q in found] == [("三、四个小时", 3, 4)]
    assert quantities("一、二、三个", units) == [("三个", 3, "个")]  # a list, not a range
    assert quantities("完善了二、三级网格", units) == []  # grades of grids
    assert [q.text for q in find_quantities("第一、二批", units)] == ["二批"]  # ordinals


def test_round_twenty_two_fractions_idioms_of_regions_and_the_other_day(units):
    found = find_quantities("占整个社区人口的五分之二，", units)
    assert [(q.text, q.value, q.unit) for q in found] == [("五分之二", 40, "%")]
    assert [round(q.value, 3) for q in find_quantities("近三分之一的居民", units)] == [33.33]
    assert quantities("达到百分之八十，", units) == [("百分之八十", 80, "%")]
    assert quantities("志愿服务造福一方", units) == []
    assert quantities("因铜器舞表演而蜚声四方。", units) == []
    assert quantities("实现三方联动，", units) == [("三方", 3, "方")]
    assert quantities("前两天，网格员走访时", units) == []  # the other day
    assert quantities("开工前3天，", units) == [("3天", 3, "天")]
    assert quantities("共建文明城 2 周口晚报", units) == []  # 周口 is a city
    assert quantities("坚持了2周，", units) == [("2周", 2, "周")]


def test_round_twenty_three_half_a_century_and_vague_hundred_millions(units):
    assert quantities("半世纪善治富民", units) == [("半世纪", 0.5, "世纪")]
    assert quantities("进入21世纪，", units) == []  # the name of a century
    assert quantities("半个世纪以来，", units) == []  # a time frame, as 五年来
    found = find_quantities("直播产业产值上亿元；", units)
    assert [(q.text, q.value, q.unit, q.approx) for q in found] == [("上亿元", 1e8, "元", True)]


def test_round_24_poles_ridges_and_traditional_classifiers(units):
    """Round 24: 根 and 垄 are units (not in 根据, 根本, 垄断); a page in traditional characters is read as
    simplified by cleaning, so its classifiers count."""
    assert quantities("53根电线杆硬是靠人拉肩扛运到村里", units) == [("53根", 53.0, "根")]
    assert quantities("老夏的玉米无缘无故丢了两垄", units) == [("两垄", 2.0, "垄")]
    assert quantities("根据3根本原则", units) == []
    from govtext.corpus.chinese_script import to_simplified

    assert quantities(to_simplified("安裝路燈40盞,新建36個車位"), units) == [
        ("40盏", 40.0, "盏"),
        ("36个", 36.0, "个"),
    ]


def test_round_25_ranges_after_a_leading_number_and_temperatures(units):
    """Round 25: two adjacent digits after a number ending in a multiplier are a range of the next place
    (十五六万 = 150,000 to 160,000); the plan's name 十四五 stays out; ℃ is a unit of temperature."""
    found = find_quantities("全村十五六万元的收入", units)
    assert [(q.text, q.value, q.value_high, q.approx) for q in found] == [
        ("十五六万元", 150000, 160000, True)
    ]
    found = find_quantities("已经坚持了五十六七年", units)
    assert [(q.text, q.value, q.value_high) for q in found] == [("五十六七年", 56, 57)]
    found = find_quantities("来了一百二三十人", units)
    assert [(q.text, q.value, q.value_high) for q in found] == [("一百二三十人", 120, 130)]
    assert quantities("“十四五”期间，", units) == []
    assert quantities("十四五规划", units) == []
    assert quantities("三十七九个", units) == []  # not adjacent: no range, no number
    found = find_quantities("气温高达38℃，", units)
    assert [(q.text, q.value, q.unit, q.unit_class) for q in found] == [("38℃", 38, "℃", "temperature")]


def test_some_tens_or_hundreds_give_no_figure_and_ten_odd_does(units):
    """Round 26: 几十, 几百, 几万 ("some tens, hundreds, ten thousands") have no definite value and the
    development adjudicators set them aside; 十几, 二十几 (ten-odd, twenty-odd), 数十 and 上百 stay lower
    bounds."""
    assert quantities("几十瓶灭火器", units) == []
    assert quantities("村里几十年没变样，花了几万元。", units) == []
    assert quantities("几百元", units) == []
    assert quantities("十几户村民", units) == [("十几户", 10, "户")]
    assert quantities("坚守了二十几年。", units) == [("二十几年", 20, "年")]
    assert quantities("上百束鲜花", units) == [("上百束", 100, "束")]


def test_bags_wells_and_sections_of_round_26(units):
    assert quantities("发放500袋化肥", units) == [("500袋", 500, "袋")]
    assert quantities("打了3眼机井", units) == [("3眼机井", 3, "眼")]
    assert quantities("看了一眼。", units) == []  # a glance: 眼 alone is no unit
    assert quantities("硬化26段道路", units) == [("26段", 26, "段")]
    assert quantities("过了一段时间，又用了两段时期", units) == []  # a while


def test_an_area_in_mu_and_fen_is_one_quantity_in_mu(units):
    assert quantities("仅收取其中1亩4分地的租金", units) == [("1亩4分地", 1.4, "亩")]
    assert quantities("整整少了6分地。", units) == [("6分地", 6, "分")]
    assert quantities("两亩三分地", units) == [("两亩三分地", 2.3, "亩")]
    assert quantities("种了3亩地，得了48分", units) == [("3亩", 3, "亩")]  # 48分 are points


def test_round_twenty_eight_lengths_after_one_latin_cubic_metres_and_households(units):
    assert quantities("一周后让电梯重新正常运转", units) == [("一周", 1, "周")]  # a length before 后
    assert quantities("先锋队用一周时间完成任务", units) == [("一周", 1, "周")]
    assert quantities("一个月内完成整改", units) == [("一个月内", 1, "个月")]  # 内 is an upper bound
    assert quantities("度过美好的一天后回家", units) == []  # after 的 一 stays the article, even before 后
    assert quantities("一周不见,他还好吗", units) == []  # no time-frame word: not read
    assert quantities("累计清除垃圾4000 m3,清淤1300m3", units) == [
        ("4000 m3", 4000, "立方米"),
        ("1300m3", 1300, "立方米"),
    ]
    assert quantities("这5口之家的日子怎么过", units) == [("5口之家", 5, "人")]


def test_round_twenty_nine_a_one_that_ends_a_word_and_an_idiom_of_frequency(units):
    assert quantities("院里电缆入地,垃圾统一分类,划分停车场", units) == []  # 统一: "unified"
    assert quantities("对隐患逐一排查", units) == []
    assert quantities("这样的问题只有一类。", units) == [
        ("一类", 1, "类")
    ]  # a 一 that ends no listed word still counts
    assert quantities("村民们三天两头齐出动打扫卫生", units) == []  # "every other day"
    assert quantities("连续三天出动打扫卫生", units) == [("三天", 3, "天")]


def test_round_thirty_three_cases_wells_villages_towns_and_storeys(units):
    assert quantities("化解矛盾纠纷12宗", units) == [("12宗", 12, "宗")]
    assert quantities("坚持为民宗旨", units) == []
    assert quantities("新打机井3口", units) == [("3口", 3, "口")]
    assert quantities("他一口答应", units) == []  # a Chinese 一 + 口 is a manner of speaking
    assert quantities("全镇辖18村", units) == [("18村", 18, "村")]
    assert quantities("三村联建", units) == []  # a Chinese numeral + 村 is not read
    assert quantities("2村民小组", units) == []
    assert quantities("全县共辖5镇", units) == [("5镇", 5, "镇")]
    assert quantities("5镇政府", units) == []
    assert quantities("一栋六层住宅楼", units) == [("六层住宅楼", 6, "层")]
    assert quantities("有一天，他来到社区", units) == []
    assert quantities("引发的两村矛盾纠纷", units) == [("两村", 2, "村")]  # 两 counts where 三村 is a name
    assert quantities("两期工程", units) == [("两期", 2, "期")]
    assert quantities("老两口70多岁了", units) == [("70多岁", 70, "岁")]  # a couple, not two wells
    assert quantities("总面积达1200余平,并", units) == [("1200余平", 1200, "平方米")]
    assert quantities("开辟出200余平方的场地", units) == [("200余平方", 200, "平方米")]
    assert quantities("12345平台", units) == []


def test_round_thirty_five_centenarians_two_people_generations_halves_and_truckloads(units):
    assert quantities("看望百岁老人", units) == [("百岁", 100, "岁")]
    assert quantities("老百姓满意", units) == []  # a bare 百 is a number only before 岁
    assert quantities("一百岁", units) == [("一百岁", 100, "岁")]
    assert quantities("俩人发生纠纷", units) == [("俩人", 2, "人")]
    assert quantities("咱俩一起去", units) == []
    assert quantities("两代人的坚守", units) == [("两代", 2, "代")]
    assert quantities("四代同堂", units) == [("四代", 4, "代")]
    assert quantities("新一代信息技术", units) == []  # 一代 is not a count
    assert quantities("两代表一委员", units) == []  # deputies, not generations
    assert quantities("宽度不足半米", units) == [("不足半米", 0.5, "米")]
    assert quantities("侵占耕地逾半亩", units) == [("逾半亩", 0.5, "亩")]
    assert quantities("半斤八两", units) == []
    assert quantities("清运垃圾100余车次", units) == [("100余车次", 100, "车次")]
    assert quantities("车间里", units) == []


def test_a_run_of_level_names_looks_through_their_bracketed_glosses(units):
    assert quantities("县乡(镇、街道、局委、)村(社区)三级干部行动起来", units) == [("三级", 3, "级")]
    assert quantities("乡（镇）村两级干部", units) == [("两级", 2, "级")]
    assert quantities("村(社区)两级干部", units) == []  # one level and its gloss are no run
    assert quantities("他(她)三级干部", units) == []  # a gloss after a character that names no level


def test_round_thirty_six_and_a_half_and_classifiers_after_arabic_digits(units):
    assert quantities("宽三米半的道路", units) == [("三米半", 3.5, "米")]
    assert quantities("用了一年半时间", units) == [("一年半", 1.5, "年")]  # and a half: no article
    assert quantities("三亩半地", units) == [("三亩半", 3.5, "亩")]
    assert quantities("一年半载", units) == []  # "a year or so"
    assert quantities("打井14眼", units) == [("14眼", 14, "眼")]
    assert quantities("看了两眼", units) == []  # a glance after a Chinese numeral
    assert quantities("养牛2000多头", units) == [("2000多头", 2000, "头")]
    assert quantities("两头跑", units) == []
    assert quantities("悬挂横幅2面", units) == [("2面", 2, "面")]
    assert quantities("正反两面", units) == []
    assert quantities("覆盖25村庄", units) == [("25村庄", 25, "村")]


def test_round_thirty_seven_a_half_after_a_classifier_nights_and_idioms(units):
    # the classifier belongs to the unit after the half: one quantity, not 两个 + 半小时
    assert quantities("每天工作两个半小时。", units) == [("两个半小时", 2.5, "小时")]
    assert quantities("用了三个半月时间", units) == [("三个半月", 3.5, "个月")]
    assert quantities("步行一个半小时到达", units) == [("一个半小时", 1.5, "小时")]  # no article
    assert quantities("两个半天", units) == [("两个", 2, "个"), ("半天", 0.5, "天")]  # two half-days
    assert quantities("五个半圆", units) == [("五个", 5, "个")]  # no unit after the half
    assert quantities("护堤三天两夜,最后撤离", units) == [("三天", 3, "天"), ("两夜", 2, "夜")]
    assert quantities("持续一夜的噪音", units) == []  # a bare 一 is the article
    assert quantities("土薄石厚、十年九旱。", units) == []
    assert quantities("和村民们打成一片,", units) == []
