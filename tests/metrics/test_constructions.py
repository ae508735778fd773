"""Tests of what news pages state beyond unit + number: ranks, frequencies, qualifiers and ranges, N大X,
tier and enumerated counts, ages and shares (govtext.metrics.constructions via find_quantities).

Every sentence here is written for the test (synthetic), not copied from an evaluation text.
"""

from __future__ import annotations

import math

import pytest

from govtext.metrics import find_quantities


def found(text: str, units) -> list[tuple[str, float, str, str]]:
    return [(q.text, q.value, q.unit, q.kind) for q in find_quantities(text, units)]


def one(text: str, units):
    quantities = find_quantities(text, units)
    assert len(quantities) == 1, [q.text for q in quantities]
    return quantities[0]


# ranks -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("这项指标排名全国第九，", "第九", 9),
        ("去年考核排名第1。", "第1", 1),
        ("该县总量河南第一", "第一", 1),
        ("发展速度居山东第三，", "第三", 3),
        ("综合得分位居全市第4，", "第4", 4),
        ("满意度位列全省第二。", "第二", 2),
        ("该区跃居全国第十二", "第十二", 12),
        ("营商环境评价洛阳市第三。", "第三", 3),
        ("名列同类城市第5", "第5", 5),
    ],
)
def test_rank_without_rank_unit_after_a_verb_scope_or_place(units, text, surface, value):
    q = one(text, units)
    assert (q.text, q.value, q.kind, q.unit_class, q.unit) == (surface, value, "rank", "rank", "")


def test_ranks_after_a_list_separator_keep_their_scope(units):
    assert found("排名全国第九、全省第一", units) == [("第九", 9, "", "rank"), ("第一", 1, "", "rank")]


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("在年度考评中进入前三名。", "前三名", 3, "名"),
        ("连续三年保持全省前10强", "前10强", 10, "强"),
        ("多项指标进入全市前五，", "前五", 5, ""),
        ("跻身全国前20", "前20", 20, ""),
    ],
)
def test_top_n_ranks(units, text, surface, value, unit):
    q = next(q for q in find_quantities(text, units) if q.kind == "rank")
    assert (q.text, q.value, q.unit, q.approx, q.bound) == (surface, value, unit, True, "upper")


@pytest.mark.parametrize(
    "text",
    [
        "该区是全省第一家试点单位",  # ordinal of a count unit
        "全国第一个社区党校在此成立",
        "驻村第一书记带队入户",  # a title
        "全市第一批示范社区",
        "郑州市第一人民医院",  # a name
        "第一季度完成投资",
        "第三方机构评估",
        "一是抓党建，第二是抓发展",
        "目前三名成员",  # 目前 is not 前N
        "前三季度实现增长",  # a date
        "会前两天通知",
    ],
)
def test_ordinals_titles_and_dates_are_not_ranks(units, text):
    assert not any(q.kind == "rank" for q in find_quantities(text, units))


def test_rank_field_is_linked_for_ranks_without_unit(units):
    ranks = [q for q in find_quantities("在全省104个县中位居全省第2，", units) if q.kind == "rank"]
    assert len(ranks) == 1 and ranks[0].rank_of == 104


# frequencies -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "per", "per_value"),
    [
        ("社区每周开展2次巡查。", "2次", 2, "每周", 1),
        ("每日巡查一次，", "一次", 1, "每日", 1),
        ("每半月组织村干部进行一次业务测试", "一次", 1, "每半月", 0.5),
        ("每两个月召开一次评议会", "一次", 1, "每两个月", 2),
        ("每季度召开3次联席会议", "3次", 3, "每季度", 1),
        ("每年为群众办理10件实事", "10件", 10, "每年", 1),
        ("每月开展两场宣讲", "两场", 2, "每月", 1),
    ],
)
def test_frequencies_have_their_period(units, text, surface, value, per, per_value):
    q = one(text, units)
    assert (q.text, q.value, q.kind, q.per, q.per_value) == (surface, value, "frequency", per, per_value)


def test_money_after_a_period_is_a_rate_not_a_frequency(units):
    q = one("每月发放生活补贴500元", units)
    assert (q.kind, q.per, q.unit_class) == ("rate", "每月", "money")


def test_formula_frequency_one_y_per_period(units):
    q = one("各单位每两月一主题开展问政", units)
    expected = ("一主题", 1, "主题", "frequency", "每两月", 2)
    assert (q.text, q.value, q.unit, q.kind, q.per, q.per_value) == expected
    assert one("每季度一通报，", units).unit == "通报"


@pytest.mark.parametrize(
    "text",
    [
        "每周一召开例会",  # Mondays
        "每周三下午集中办公",
        "每月1日发放补贴",  # a date
        "每年3月开展植树",
        "每月一日统一发放",
        "每年一月启动",
        "每天都有人值守",  # no number: not coded
        "坚持每周调度、每月通报",
        "每周一课讲党史",  # 一课 after a bare 每周 may be a Monday
    ],
)
def test_weekdays_dates_and_cadences_without_numbers_are_not_frequencies(units, text):
    assert found(text, units) == []


def test_weekday_base_does_not_turn_a_later_count_into_a_frequency(units):
    assert [q.kind for q in find_quantities("每周一召开四大班子碰头会", units)] == ["count"]


def test_each_once_and_every_time_are_not_counts(units):
    assert found("每一次都认真对待", units) == []
    assert found("进行一次检查", units) == []  # no period: the indefinite article


# qualifiers and ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "bound"),
    [
        ("惠及超5000户居民", "超5000户", 5000, "lower"),
        ("累计服务突破1000万人次", "突破1000万人次", 10_000_000, "lower"),
        ("每年开展不少于3次", "不少于3次", 3, "lower"),
        ("占比不足10%。", "不足10%", 10, "upper"),
        ("投资超亿元。", "超亿元", 100_000_000, "lower"),
        ("逾百家企业参与", "逾百家", 100, "lower"),
        ("近千人参加活动", "近千人", 1000, "upper"),
        ("约1.5万人受益", "约1.5万人", 15_000, "exact"),
        ("招募十来个志愿者", "十来个", 10, "exact"),
        ("面积不超过200平方米", "不超过200平方米", 200, "upper"),
        ("一年内完成改造", "一年内", 1, "upper"),
        ("十天内办结", "十天内", 10, "upper"),
    ],
)
def test_qualifiers_are_part_of_the_span(units, text, surface, value, bound):
    q = one(text, units)
    assert (q.text, q.value, q.approx, q.bound) == (surface, value, True, bound)


def test_ranges_with_the_unit_written_once_or_twice(units):
    for text, surface in [
        ("安排3至5个项目", "3至5个"),
        ("整治3-5个小区", "3-5个"),
        ("每人分包200户至300户居民", "200户至300户"),
        ("培训三到五天", "三到五天"),
    ]:
        q = one(text, units)
        assert (q.text, q.value_high > q.value, q.approx) == (surface, True, True), text
    q = one("每人分包200户至300户居民", units)
    assert (q.value, q.value_high, q.unit) == (200, 300, "户")


def test_a_range_of_two_units_is_not_read(units):
    assert found("3个至5天", units) == []


def test_a_chinese_one_with_an_approximator_is_a_count(units):
    assert [q.text for q in find_quantities("用了一个月左右", units)] == ["一个月左右"]
    assert [q.text for q in find_quantities("一年以上的时间", units)] == ["一年以上"]


# N大X, enumerated and tier counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("全市划分为6大片区", "6大片区", 6, "片区"),
        ("启动实施十大工程建设", "十大工程", 10, "工程"),
        ("聚焦五大功能为核心", "五大功能", 5, "功能"),
        ("召开四大班子联席会议", "四大班子", 4, "班子"),
        ("推进两大任务", "两大任务", 2, "任务"),
    ],
)
def test_n_da_x_counts(units, text, surface, value, unit):
    q = one(text, units)
    assert (q.text, q.value, q.unit, q.kind, q.subject) == (surface, value, unit, "count", unit)


@pytest.mark.parametrize(
    "text",
    ["一大批项目落地", "十八大以来成就显著", "两大部分内容", "三大攻坚战", "“三大行动”有序推进", "大力推进"],
)
def test_not_n_da_x_counts(units, text):
    assert found(text, units) == []


def test_enumerated_count_needs_its_list(units):
    q = one("以6心护航（热心、爱心、恒心、暖心、贴心、同心）服务群众", units)
    assert (q.text, q.value, q.unit) == ("6心", 6, "心")
    assert found("以6心护航（热心、爱心、恒心）服务群众", units) == []  # three items, not six
    assert found("以3心护航（热情、爱护、恒久）服务群众", units) == []  # items do not end in 心


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("构建三级网格体系", "三级", 3),
        ("实现县、乡、村三级联动", "三级", 3),
        ("健全三级组织架构", "三级", 3),
        ("形成“社区党委—网格党支部—楼栋党小组—党员中心户”四级链条", "四级", 4),
        ("设立社区、小区、楼栋、单元、家庭5级微信群", "5级", 5),
        ("建立市、县两级联席会议", "两级", 2),
        ("建立县乡村三级书记联动机制", "三级", 3),
    ],
)
def test_tier_counts(units, text, surface, value):
    q = one(text, units)
    assert (q.text, q.value, q.unit, q.unit_class, q.kind) == (surface, value, "级", "tiers", "count")


@pytest.mark.parametrize(
    "text",
    [
        "一级网格长负责统筹",
        "二级网格员入户走访",
        "启动三级应急响应",  # a grade of response
        "三级医院专家坐诊",
        "二级机构负责人",
        "社区、小区两个层级",
        "划分三级以上",
        "五级书记抓治理",  # a formula: the blind coders code N级书记抓… as one, never as a count
    ],
)
def test_grade_labels_are_not_tier_counts(units, text):
    assert not any(q.unit == "级" for q in find_quantities(text, units))


def test_grade_label_before_a_count_leaves_the_count(units):
    expected = [("12个", 12, "个", "count"), ("86个", 86, "个", "count")]
    assert found("一级网格12个，二级网格86个", units) == expected


# ages, shares and other measure words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit", "bound"),
    [
        ("为60岁以上老人体检", "60岁以上", 60, "岁", "lower"),
        ("65周岁以上老年人", "65周岁以上", 65, "周岁", "lower"),
        ("年过八旬的老党员", "八旬", 8, "旬", "exact"),
        ("今年70多岁", "70多岁", 70, "岁", "lower"),
    ],
)
def test_ages(units, text, surface, value, unit, bound):
    q = one(text, units)
    assert (q.text, q.value, q.unit, q.unit_class, q.bound) == (surface, value, unit, "age", bound)


@pytest.mark.parametrize(
    ("text", "surface", "value", "bound"),
    [
        ("社区超三成人口为老年人", "超三成", 30, "lower"),
        ("八成以上居民满意", "八成以上", 80, "lower"),
        ("半数以上房屋出租", "半数以上", 50, "lower"),
        ("两成员工参加培训", "两成", 20, "exact"),
    ],
)
def test_shares_in_tenths_and_half(units, text, surface, value, bound):
    q = one(text, units)
    assert (q.text, q.value, q.unit, q.kind, q.bound) == (surface, value, "%", "percent", bound)


@pytest.mark.parametrize("text", ["三五成群", "一成不变", "十数人参加", "五成立了专班"])
def test_not_shares(units, text):
    assert not any(q.unit == "%" for q in find_quantities(text, units))


@pytest.mark.parametrize(
    ("text", "surface", "unit"),
    [
        ("累计加装电梯706部，", "706部", "部"),
        ("悬挂三幅平面图", "三幅", "幅"),
        ("多占了十多公分的地", "十多公分", "厘米"),
        ("安装路灯200盏", "200盏", "盏"),
        ("分成5组开展", "5组", "组"),
        ("上好50堂课", "50堂", "堂"),
    ],
)
def test_more_measure_words(units, text, surface, unit):
    q = one(text, units)
    assert (q.text, q.unit) == (surface, unit)


@pytest.mark.parametrize(
    "text",
    ["两部门联合发文", "一部分居民", "基层组织建设", "齐聚一堂共商", "交织在一起，", "四面八方的游客"],
)
def test_words_with_these_measure_words_are_not_counts(units, text):
    assert found(text, units) == []


# time references and ordinals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "这两天志愿者又来了",
        "这两年，变化很大",
        "那一年，他回到家乡",
        "这一次，小镇变了",
        "八月底的一天，",
        "平凡的一天。",
        "确保不落一户、不漏一人。",
        "省委十一届九次全会强调",
        "同一个小区",
    ],
)
def test_time_references_articles_and_session_numbers_are_not_counts(units, text):
    assert found(text, units) == []


def test_counts_after_a_demonstrative_of_other_units_stay(units):
    assert found("这3个社区率先完成", units) == [("3个", 3, "个", "count")]
    assert found("召开3次会议", units) == [("3次", 3, "次", "count")]


def test_furniture_inside_a_sentence_is_masked(units):
    assert found("阅读量：1.2万 下一篇", units) == []
    assert found("浏览：356次", units) == []
    from dataclasses import replace

    assert found("浏览：356次", replace(units, mask_furniture=False)) == [("356次", 356, "次", "count")]


def test_value_high_is_nan_outside_ranges(units):
    for q in find_quantities("排名全国第九，每周2次，6大片区，三级联动体系", units):
        assert math.isnan(q.value_high)


def test_n_qiang_is_a_top_n_rank(units):
    assert [(q.text, q.value, q.kind, q.bound) for q in find_quantities("首次进入全市20强", units)] == [
        ("20强", 20, "rank", "upper")
    ]
    assert one("获评全国十强县", units).value == 10
    assert found("推行一强三带模式", units) == []
    assert found("两强相争", units) == []


def test_n_da_x_in_arabic_digits_may_be_larger(units):
    assert [q.text for q in find_quantities("涉及12大项21类", units)] == ["12大项", "21类"]
    assert found("十二大精神", units) == []  # in Chinese numerals N is at most ten
