"""Metrics: quantities in clean text, with value, unit, class, subject and raw offsets.

In this project *metrics* are the quantities a news report states (8863万元, 88个老旧小区, 96.8%), not
evaluation metrics: scores of the extractor against gold (precision, recall, F1) live in
:mod:`govtext.evaluate` (:mod:`govtext.evaluate.metrics`).

Submodules, one step each: :mod:`~govtext.metrics.numerals` (Chinese/Arabic numerals, the number
pattern) → :mod:`~govtext.metrics.units` (the units codebook: ``load_units``, ``Units``) →
:mod:`~govtext.metrics.quantities` (masking, ``find_quantities``, rates and ranks) →
:mod:`~govtext.metrics.subjects` (``find_subject``) → :mod:`~govtext.metrics.extract`
(``extract_metrics`` over sentences, the metrics frame). Book-only summaries are in
:mod:`govtext.report.metrics`; the figures on shared themes, side by side, in :mod:`govtext.compare.themes`.

A *metric* is a number that counts or measures something the article reports: ``45个重点项目``,
``8863万元``, ``近1300万人次``, ``96.8%``, ``第2位``. The pipeline, per sentence of clean text:

1. **Mask** what only looks like a quantity: idioms and fixed names from the units codebook
   (``not_quantities``: 千万市民, 十三五, 三大攻坚战 …), programme names and aliases passed by the caller
   (三会一课, 13710, 五个一 …), short quoted names (“8个100%”, “三人小组”) and book titles 《…》. Masking
   replaces characters by ``□`` so offsets do not move; a number overlapping a masked name is never a metric.
2. **Read** numbers with one compiled regular expression built from the codebook: Arabic numbers (decimals,
   thousands separators, 万/亿 multipliers, layout spaces), Chinese numerals (两, 十, 百, 千, 万, 亿, 点),
   vague forms (数十, 上百, 十几), 百分之…, ranges (1~2个), approximators (近, 约, 多, 余, 左右, 以上 …),
   the unit (longest written form wins) and a rank prefix 第.
3. **Keep** a number only if it is a quantity: it has a unit, a percent sign or a 万/亿 multiplier; it is not
   a calendar year (2020年) or a time frame (五年来); a Chinese 一 + unit ends its clause (公厕一座。),
   otherwise it is the indefinite article (一批, 一处, 一次); 第N… is kept only as a rank (第2位, 第一方阵);
   a Chinese numeral before a phase unit (一期, 二期) is a name. Dates never match because 月/日/号/时 are
   not units, and addresses or line numbers (191号院, 6号线) have no unit.
4. **Describe**: value (multipliers applied: 8863万元 → 88,630,000 元; 21个亿 → 2.1e9 元), ``value_high``
   for ranges, ``approx``/``bound``, ``kind`` (count, money, measure, percent, rank, rate), the rate base
   (每万人 → ``per_value`` 10000), ``rank_of`` (the size of the ranked field: 104个县（市）第2位 → 104), and
   the ``subject`` (the noun phrase counted) from the jieba POS tags around the quantity.

Value conventions: percentages keep the written number (86% → 86, unit ``%``); a range has
``value`` = low end, ``value_high`` = high end, ``approx`` true; a rank has ``value`` = position; vague
forms (数十, 上百) take the round number with ``bound`` lower. ``value_high`` is NaN except for ranges.
"""

from govtext.common import RATE_SCALE
from govtext.metrics.extract import METRIC_COLUMNS, extract_metrics
from govtext.metrics.numerals import parse_number
from govtext.metrics.quantities import MASK_CHAR, Quantity, find_quantities, mask_non_quantities
from govtext.metrics.subjects import find_subject
from govtext.metrics.units import (
    BOUNDS,
    DEFAULT_UNITS_PATH,
    KINDS,
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
    "RATE_SCALE",
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
