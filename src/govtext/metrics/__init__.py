"""Metrics: quantities in clean text, with value, unit, class, subject and raw offsets.

In this project *metrics* are the quantities a news report states (8863万元, 88个老旧小区, 96.8%), not
evaluation metrics: scores of the extractor against gold (precision, recall, F1) live in
:mod:`govtext.evaluate` (:mod:`govtext.evaluate.metrics`).

Submodules, one step each: :mod:`~govtext.metrics.numerals` (Chinese/Arabic numerals, the number
pattern) → :mod:`~govtext.metrics.units` (the units codebook: ``load_units``, ``Units``) →
:mod:`~govtext.metrics.quantities` (masking, ``find_quantities``, rates and ranks; the constructions
beyond number + unit in :mod:`~govtext.metrics.constructions`) →
:mod:`~govtext.metrics.subjects` (``find_subject``) → :mod:`~govtext.metrics.extract`
(``extract_metrics`` over sentences, the metrics frame). Book-only summaries are in
:mod:`govtext.report.metrics`; the figures on shared themes, side by side, in :mod:`govtext.compare.themes`.

A *metric* is a number that counts or measures something the article reports: ``45个重点项目``,
``8863万元``, ``近1300万人次``, ``96.8%``, ``第2位``. The pipeline, per sentence of clean text:

0. **Skip** page furniture: sentences whose part is ``furniture`` (navigation, counters, footers, marked
   by cleaning with the patterns of ``furniture.yml``) are not searched (``SKIPPED_PARTS``).
1. **Mask** what only looks like a quantity: idioms and fixed names from the units codebook
   (``not_quantities``: 千万市民, 十三五, 三大攻坚战 …), programme names and aliases passed by the caller
   (三会一课, 13710, 五个一 …), short quoted names (“8个100%”, “三人小组”), book titles 《…》 and page
   furniture inside a sentence (阅读：1.2万, 下一篇, timestamps, record numbers). Masking replaces
   characters by ``□`` so offsets do not move; a number overlapping a masked name is never a metric.
2. **Read** numbers with one compiled regular expression built from the codebook: Arabic numbers (decimals,
   thousands separators, 万/亿 multipliers, layout spaces), Chinese numerals (两, 十, 百, 千, 万, 亿, 点),
   vague forms (数十, 上百, 十几), 百分之…, ranges (1~2个, 3至5个, 200户至300户), approximators (近, 约,
   超, 逾, 突破, 不足, 不少于, 多, 余, 左右, 以上, 内 …; 逾百家, 超亿元), the unit (longest written form
   wins; 成 = tenths, 半数 = 50 %, 旬 = ten years of age; 半 before a duration, 米, 亩 or 公里 = 0.5, after
   one a half more (三米半 = 3.5 米; 两个半小时 = 2.5 小时, the 个 going with the unit after 半);
   百岁 = 100 years of age; 俩人 = two people) and a rank prefix 第. A financial numeral (伍, 拾) is one
   only in a run (伍佰元, not the 伍 of 队伍); a run of Chinese digits that is no number (二七区, a place
   name) is dropped, except a tail that starts with the counting 两 (五一两个 → 两个).
3. **Keep** a number only if it is a quantity: it has a unit, a percent sign or a 万/亿 multiplier; it is not
   a calendar year (2020年) or a time frame (五年来); a Chinese 一 + unit ends its clause (公厕一座。),
   otherwise it is the indefinite article (一批, 一处, 一次), and never after 的, 这/那 or 每 (美好的一天,
   这一次) or in an emphatic negation (不落一户); 这/那 + a duration is a time reference (这两天);
   第N… is kept only as a rank: with a rank unit (第2位, 第一方阵) or after a ranking verb, scope or place
   (排名第1, 全国第九, 河南第一, 位居全市第3), and 前N as a top-N rank (前三名, 进入前三); a Chinese
   numeral before a phase unit (一期, 二期) is a name; 届 + N次 numbers a session (十一届九次全会).
   Constructions (:mod:`~govtext.metrics.constructions`): N大X counts (6大片区, 十大工程: unit X), tier
   counts (三级网格体系, 县、乡、村三级联动: unit 级, class ``tiers``; 一级网格 and 二级网格86个 are grades),
   enumerated counts whose list follows (6心护航(热心、爱心、…)). Dates never match because 月/日/号/时
   are not units, and addresses or line numbers (191号院, 6号线) have no unit.
4. **Describe**: value (multipliers applied: 8863万元 → 88,630,000 元; 21个亿 → 2.1e9 元), ``value_high``
   for ranges, ``approx``/``bound``, ``kind`` (count, money, measure, percent, rank, rate, frequency), the
   rate base (每万人 → ``per_value`` 10000) or the period of a frequency (a count after 每日, 每周, 每半月,
   每两个月, 每季度 …: 每周2次 → kind ``frequency``, ``per`` 每周, ``per_value`` 1; 每半月 → 0.5; 每X一Y
   such as 每两月一主题 is one Y per period; weekdays 每周一 and dates 每月1日 are not periods),
   ``rank_of`` (the size of the ranked field: 104个县（市）第2位 → 104), and the ``subject`` (the noun
   phrase counted) from the jieba POS tags around the quantity.

Value conventions: percentages keep the written number (86% → 86, unit ``%``; 三成 → 30); a range has
``value`` = low end, ``value_high`` = high end, ``approx`` true; a rank has ``value`` = position (a top-N
rank 前三 has ``value`` 3, ``bound`` upper; a rank without a rank unit has ``unit`` ""); vague
forms (数十, 上百) take the round number with ``bound`` lower. ``value_high`` is NaN except for ranges.
"""

from govtext.common import RATE_SCALE
from govtext.metrics.extract import METRIC_COLUMNS, SKIPPED_PARTS, extract_metrics
from govtext.metrics.numerals import parse_number
from govtext.metrics.quantities import MASK_CHAR, Quantity, find_quantities, mask_non_quantities
from govtext.metrics.subjects import find_subject
from govtext.metrics.units import (
    BOUNDS,
    DEFAULT_UNITS_PATH,
    KINDS,
    METRIC_KINDS,
    UnitClass,
    UnitEntry,
    Units,
    UnitsError,
    load_units,
)
from govtext.programmes import programme_names as codebook_names  # the book's old name

# isort: split
# Moved to govtext.evaluate / govtext.report; re-exported for the book until its cells are updated.
from govtext.evaluate.metrics import (
    GOLD_COLUMNS,
    ablation_table,
    check_gold_spans,
    evaluate_metrics,
    evaluation_table,
    load_metrics_gold,
)
from govtext.report.metrics import (
    approximator_of,
    class_labels,
    class_profile,
    exclusion_examples,
    hedging_by_place,
    metric_examples,
    place_sizes,
    wilson_interval,
)

__all__ = [
    "BOUNDS",
    "DEFAULT_UNITS_PATH",
    "GOLD_COLUMNS",
    "KINDS",
    "MASK_CHAR",
    "METRIC_COLUMNS",
    "METRIC_KINDS",
    "RATE_SCALE",
    "SKIPPED_PARTS",
    "Quantity",
    "UnitClass",
    "UnitEntry",
    "Units",
    "UnitsError",
    "ablation_table",
    "approximator_of",
    "check_gold_spans",
    "class_labels",
    "class_profile",
    "codebook_names",
    "evaluate_metrics",
    "evaluation_table",
    "exclusion_examples",
    "extract_metrics",
    "find_quantities",
    "find_subject",
    "hedging_by_place",
    "load_metrics_gold",
    "load_units",
    "mask_non_quantities",
    "metric_examples",
    "parse_number",
    "place_sizes",
    "wilson_interval",
]
