"""The units codebook: unit classes, written forms, approximators and not-quantities, validated.

``load_units`` reads ``units.yml`` (package data, :data:`DEFAULT_UNITS_PATH`) into a frozen
:class:`Units` that compiles, once, the patterns the finder uses (quantity, rate base 每…, idioms,
quoted names). Errors are :class:`UnitsError` and name the file, the entry and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from govtext.metrics.numerals import _AR_DIGITS, _number_pattern
from govtext.regexguard import guarded
from govtext.resources import resource_path
from govtext.yamlfile import ResourceError, read_yaml

BOUNDS = ("exact", "lower", "upper")
KINDS = ("count", "money", "measure", "percent", "rank")
"""Kinds a unit class may have (``classes`` of the codebook)."""
METRIC_KINDS = (*KINDS, "rate", "frequency")
"""Every value of the ``kind`` column: a class's kind, or ``rate`` / ``frequency`` for a quantity after a
每… base (a frequency: a count after a time period, 每周2次)."""

DEFAULT_UNITS_PATH = resource_path("units")
NAMED_QUOTE_TAIL_CHARS = 6
"""Characters that may stand between a closing quotation mark and the name suffix that makes the quoted text
a name (“…”快速服务机制), as in discovery's tails."""


@dataclass(frozen=True)
class UnitClass:
    """A class of units (area, money, people …) and the kind of metric it yields."""

    name: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class UnitEntry:
    """One unit of the codebook with its written forms."""

    unit: str
    unit_class: str
    forms: tuple[str, ...]
    multiplier: float = 1.0
    approx_after: bool = False
    chinese_is_ordinal: bool = False
    not_before: tuple[str, ...] = ()
    date_between: tuple[float, float] | None = None
    note: str = ""
    not_after: tuple[str, ...] = ()
    only_after_numbers: tuple[str, ...] = ()
    not_before_phrase_ending: tuple[str, ...] = ()
    not_after_chinese: tuple[str, ...] = ()
    arabic_only: bool = False


@dataclass(frozen=True)
class RankRules:
    """When 第N / 前N without a rank unit is a rank (``ranks`` of the codebook)."""

    verbs: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    next_allowed: frozenset[str] = frozenset()
    not_before_top: frozenset[str] = frozenset()
    top_units: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TierRules:
    """Tier counts (三级网格体系): the unit, its class and the cues (``tiers`` of the codebook)."""

    unit: str = ""
    unit_class: str = ""
    max_value: int = 10
    nouns: tuple[str, ...] = ()
    list_separators: str = ""
    level_characters: str = ""


@dataclass(frozen=True)
class SetRules:
    """N大X counts and enumerated counts (``sets`` of the codebook)."""

    unit_class: str = "items"
    max_value: int = 10
    not_first: frozenset[str] = frozenset()
    max_list_gap: int = 4


@dataclass(frozen=True)
class FrequencyRules:
    """Time periods after 每 that make a frequency (``frequency`` of the codebook)."""

    periods: tuple[str, ...] = ()
    formula_not_first: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Units:
    """The units codebook (see ``data/codebook/units.yml``) with its compiled patterns."""

    classes: Mapping[str, UnitClass]
    entries: tuple[UnitEntry, ...]
    rank_units: tuple[str, ...]
    prefix_approx: Mapping[str, str]
    inner_approx: Mapping[str, str]
    suffix_approx: Mapping[str, str]
    range_separators: str
    quoted_name_max_chars: int
    not_quantities: tuple[tuple[str, str], ...]
    subject_light_words: frozenset[str] = frozenset()
    quoted_name_suffixes: tuple[str, ...] = ()
    one_counts_after: tuple[str, ...] = ()
    one_length_before: tuple[str, ...] = ()
    words_ending_in_one: tuple[str, ...] = ()
    words_starting_with_half: tuple[str, ...] = ()
    source: str = ""
    mask_quoted_names: bool = True
    ranks: RankRules = RankRules()
    tiers: TierRules = TierRules()
    sets: SetRules = SetRules()
    frequency: FrequencyRules = FrequencyRules()
    mask_furniture: bool = True
    by_form: Mapping[str, UnitEntry] = field(init=False, repr=False)
    quantity_re: re.Pattern[str] = field(init=False, repr=False)
    per_re: re.Pattern[str] = field(init=False, repr=False)
    stop_re: re.Pattern[str] | None = field(init=False, repr=False)
    quoted_re: re.Pattern[str] = field(init=False, repr=False)
    rank_before_re: re.Pattern[str] | None = field(init=False, repr=False)
    tier_noun_re: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_form = {form: entry for entry in self.entries for form in entry.forms}
        object.__setattr__(self, "by_form", by_form)
        tier_forms = {self.tiers.unit} if self.tiers.unit else set()
        forms = sorted(set(by_form) | set(self.rank_units) | tier_forms, key=lambda f: (-len(f), f))
        unit_alt = "|".join(re.escape(f) for f in forms) or "(?!)"
        prefix_alt = "|".join(re.escape(p) for p in sorted(self.prefix_approx, key=lambda p: (-len(p), p)))
        inner_alt = "|".join(re.escape(p) for p in sorted(self.inner_approx, key=lambda p: (-len(p), p)))
        seps = re.escape(self.range_separators) if self.range_separators else "~"
        number = _number_pattern()
        sp = r"[ \u3000\t]?"
        prefix = rf"(?:(?P<prefix>{prefix_alt or '(?!)'}){sp})?"
        inner = rf"(?:{sp}(?P<inner>{inner_alt or '(?!)'})(?P<imult>[万亿])?)?"
        pattern = (
            rf"{prefix}"
            rf"(?:(?P<den>百|千|[一二三四五六七八九十]{{1,2}})分之(?P<pct>{number})"
            rf"|(?P<ord>第)?(?<![A-Za-z{_AR_DIGITS}.．])(?P<num>{number}|(?(prefix)(?:[百千]?[万亿]|[十百千])|(?!)))"
            rf"(?:(?P<unit0>{unit_alt})?{sp}(?P<sep>[{seps}]){sp}(?P<num2>{number}))?"
            rf"{inner}"
            rf"(?:{sp}(?P<unit>{unit_alt}))?)"
        )
        object.__setattr__(self, "quantity_re", guarded(re.compile(pattern)))
        base_forms = sorted(set(forms) | set(self.frequency.periods), key=lambda f: (-len(f), f))
        base_alt = "|".join(re.escape(f) for f in base_forms)
        per = rf"每(?:(?P<pnum>{number}|半)|(?P<pmult>[万千百]))?{sp}(?P<punit>{base_alt})"
        object.__setattr__(self, "per_re", guarded(re.compile(per)))
        object.__setattr__(self, "rank_before_re", _rank_before_re(self.ranks))
        nouns = sorted(self.tiers.nouns, key=lambda n: (-len(n), n))
        tier_noun_re = re.compile("|".join(re.escape(n) for n in nouns)) if nouns else None
        object.__setattr__(self, "tier_noun_re", tier_noun_re)
        stops = sorted({p for p, _ in self.not_quantities}, key=lambda p: (-len(p), p))
        stop_re = re.compile("|".join(re.escape(p) for p in stops)) if stops else None
        object.__setattr__(self, "stop_re", stop_re)
        n = int(self.quoted_name_max_chars)
        quoted = "|".join(
            [
                rf"“[^“”\n]{{1,{n}}}”",
                rf'"[^"“”\n]{{1,{n}}}"',
                rf"「[^「」\n]{{1,{n}}}」",
                rf"『[^『』\n]{{1,{n}}}』",
                r"《[^《》\n]*》",
                *self._named_quote_patterns(),
            ]
        )
        object.__setattr__(self, "quoted_re", re.compile(quoted))

    def _named_quote_patterns(self) -> list[str]:
        """Quoted text of any length that a name suffix ends or follows within a few characters: a name
        (“1、3、5分钟快反机制”, “10分钟响应、24小时办结”快速服务机制), whatever ``quoted_name_max_chars``
        says."""
        if not self.quoted_name_suffixes:
            return []
        alt = "|".join(re.escape(s) for s in sorted(self.quoted_name_suffixes, key=lambda s: (-len(s), s)))
        tail = rf"[\u4e00-\u9fff]{{0,{NAMED_QUOTE_TAIL_CHARS}}}"
        return [rf"“[^“”\n]*(?:{alt})”", rf"“[^“”\n]+”(?={tail}(?:{alt}))"]

    def kind_of(self, unit_class: str) -> str:
        """The metric kind of a unit class (count, money, measure, percent, rank)."""
        return self.classes[unit_class].kind if unit_class in self.classes else "count"


def _rank_before_re(rules: RankRules) -> re.Pattern[str] | None:
    """What may stand right before a rank without a rank unit: a verb, a scope or place, or both
    (排名第1, 全国第九, 河南第一, 位居全市第3); a place is also any name ending in 省/市/区/县."""
    if not (rules.verbs or rules.scopes or rules.places):
        return None

    def alt(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) or "(?!)"

    where = rf"(?:{alt(rules.scopes)}|{alt(rules.places)}|[\u4e00-\u9fff]{{1,5}}[省市区县])"
    return re.compile(rf"(?:(?:{alt(rules.verbs)}){where}?|{where})$")


class UnitsError(ResourceError):
    """A units codebook is missing, unreadable or malformed (the message names file, entry, field)."""


def _fail(path: Path | str, where: str, message: str) -> UnitsError:
    return UnitsError(f"{path}: {where}: {message}")


def _str_list(value: Any, path: Path | str, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        raise _fail(path, where, f"field '{name}' must be a list of strings, got {value!r}")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(path, where, f"field '{name}' holds a non-string or empty item {item!r}")
        out.append(item.strip())
    return tuple(out)


def _bound_map(value: Any, path: Path | str, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, where, f"must be a mapping word -> bound, got {value!r}")
    out = {}
    for word, bound in value.items():
        if not isinstance(word, str) or not word:
            raise _fail(path, where, f"approximator {word!r} must be a non-empty string")
        if bound not in BOUNDS:
            raise _fail(path, f"{where}.{word}", f"bound {bound!r} is not one of {', '.join(BOUNDS)}")
        out[word] = bound
    return out


def _read_units_yaml(path: Path) -> Any:
    """The parsed units codebook (:func:`govtext.yamlfile.read_yaml`); errors are ``UnitsError``."""
    try:
        return read_yaml(path)
    except ResourceError as exc:
        raise UnitsError(str(exc)) from None


_TOP_LEVEL_FIELDS = frozenset(
    {"name", "version", "description", "classes", "units", "rank_units", "ranks", "tiers", "sets"}
    | {"frequency", "approximators", "range_separators", "quoted_name_max_chars", "quoted_name_suffixes"}
    | {
        "one_counts_after",
        "one_length_before",
        "words_ending_in_one",
        "words_starting_with_half",
        "not_quantities",
        "subject_light_words",
    }
)
"""The units codebook's top-level fields; any other is refused (a misspelt key would be ignored)."""


def load_units(path: str | Path = DEFAULT_UNITS_PATH) -> Units:
    """Read and validate the units codebook (YAML, format documented in its header).

    Errors name the file, the entry (``units[3] (亩)``) and the field.
    """
    path = Path(path)
    data = _read_units_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    for key in ("classes", "units"):
        if key not in data:
            raise _fail(path, "top level", f"missing field '{key}'")
    unknown_top = sorted(set(data) - _TOP_LEVEL_FIELDS)
    if unknown_top:
        raise _fail(path, "top level", f"unknown field(s) {', '.join(map(str, unknown_top))}")

    raw_classes = data["classes"]
    if not isinstance(raw_classes, dict) or not raw_classes:
        raise _fail(path, "classes", "must be a non-empty mapping class -> {kind, description}")
    classes: dict[str, UnitClass] = {}
    for name, spec in raw_classes.items():
        where = f"classes.{name}"
        if not isinstance(spec, dict):
            raise _fail(path, where, "must be a mapping with 'kind' and 'description'")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise _fail(path, where, f"field 'kind': {kind!r} is not one of {', '.join(KINDS)}")
        classes[str(name)] = UnitClass(str(name), kind, str(spec.get("description", "")))

    raw_units = data["units"]
    if not isinstance(raw_units, list) or not raw_units:
        raise _fail(path, "units", "must be a non-empty list of entries")
    known = {"unit", "class", "forms", "multiplier", "approx_after", "chinese_is_ordinal"}
    known |= {"not_before", "not_after", "not_after_chinese", "not_before_phrase_ending"}
    known |= {"only_after_numbers", "date_between", "note", "arabic_only"}
    entries: list[UnitEntry] = []
    seen_forms: dict[str, str] = {}
    for i, spec in enumerate(raw_units):
        if not isinstance(spec, dict):
            raise _fail(path, f"units[{i}]", f"must be a mapping, got {spec!r}")
        unit = spec.get("unit")
        where = f"units[{i}] ({unit})"
        if not isinstance(unit, str) or not unit.strip():
            raise _fail(path, f"units[{i}]", "field 'unit' is missing or empty")
        unknown = sorted(set(spec) - known)
        if unknown:
            raise _fail(path, where, f"unknown field(s) {', '.join(unknown)}")
        unit_class = spec.get("class")
        if unit_class not in classes:
            raise _fail(path, where, f"field 'class': {unit_class!r} is not one of the declared classes")
        forms = _str_list(spec.get("forms", [unit]), path, where, "forms") or (unit,)
        multiplier = spec.get("multiplier", 1)
        if isinstance(multiplier, bool) or not isinstance(multiplier, int | float) or multiplier <= 0:
            raise _fail(path, where, f"field 'multiplier' must be a positive number, got {multiplier!r}")
        flags = {}
        for flag in ("approx_after", "chinese_is_ordinal", "arabic_only"):
            value = spec.get(flag, False)
            if not isinstance(value, bool):
                raise _fail(path, where, f"field '{flag}' must be true or false, got {value!r}")
            flags[flag] = value
        date_between = spec.get("date_between")
        if date_between is not None:
            if (
                not isinstance(date_between, list)
                or len(date_between) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in date_between)
                or date_between[0] > date_between[1]
            ):
                raise _fail(path, where, f"field 'date_between' must be [low, high], got {date_between!r}")
            date_between = (float(date_between[0]), float(date_between[1]))
        for form in forms:
            if form in seen_forms:
                raise _fail(path, where, f"field 'forms': {form!r} is already a form of {seen_forms[form]}")
            seen_forms[form] = where
        entries.append(
            UnitEntry(
                unit=unit.strip(),
                unit_class=unit_class,
                forms=forms,
                multiplier=float(multiplier),
                approx_after=flags["approx_after"],
                chinese_is_ordinal=flags["chinese_is_ordinal"],
                arabic_only=flags["arabic_only"],
                not_before=_str_list(spec.get("not_before"), path, where, "not_before"),
                date_between=date_between,
                note=str(spec.get("note", "")),
                not_after=_str_list(spec.get("not_after"), path, where, "not_after"),
                only_after_numbers=_str_list(
                    spec.get("only_after_numbers"), path, where, "only_after_numbers"
                ),
                not_before_phrase_ending=_str_list(
                    spec.get("not_before_phrase_ending"), path, where, "not_before_phrase_ending"
                ),
                not_after_chinese=_str_list(spec.get("not_after_chinese"), path, where, "not_after_chinese"),
            )
        )

    rank_units = _str_list(data.get("rank_units", []), path, "rank_units", "rank_units")
    approximators = data.get("approximators") or {}
    if not isinstance(approximators, dict):
        raise _fail(path, "approximators", "must be a mapping with prefix, inner, suffix")
    unknown = sorted(set(approximators) - {"prefix", "inner", "suffix"})
    if unknown:
        raise _fail(path, "approximators", f"unknown field(s) {', '.join(unknown)}")
    separators = data.get("range_separators", "~")
    if not isinstance(separators, str):
        raise _fail(path, "range_separators", f"must be a string of characters, got {separators!r}")
    max_chars = data.get("quoted_name_max_chars", 10)
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise _fail(path, "quoted_name_max_chars", f"must be a positive integer, got {max_chars!r}")
    stops: list[tuple[str, str]] = []
    for i, spec in enumerate(data.get("not_quantities") or []):
        where = f"not_quantities[{i}]"
        if not isinstance(spec, dict):
            raise _fail(path, where, f"must be a mapping with 'phrase' and 'reason', got {spec!r}")
        phrase, reason = spec.get("phrase"), spec.get("reason")
        if not isinstance(phrase, str) or not phrase.strip():
            raise _fail(path, where, "field 'phrase' is missing or empty")
        if not isinstance(reason, str) or not reason.strip():
            raise _fail(path, f"{where} ({phrase})", "field 'reason' is missing or empty")
        stops.append((phrase.strip(), reason.strip()))
    light = _str_list(data.get("subject_light_words", []), path, "subject_light_words", "subject_light_words")
    suffixes = _str_list(
        data.get("quoted_name_suffixes", []), path, "quoted_name_suffixes", "quoted_name_suffixes"
    )
    one_counts_after = _str_list(
        data.get("one_counts_after", []), path, "one_counts_after", "one_counts_after"
    )
    one_length_before = _str_list(
        data.get("one_length_before", []), path, "one_length_before", "one_length_before"
    )
    words_ending_in_one = _str_list(
        data.get("words_ending_in_one", []), path, "words_ending_in_one", "words_ending_in_one"
    )
    words_starting_with_half = _str_list(
        data.get("words_starting_with_half", []), path, "words_starting_with_half", "words_starting_with_half"
    )
    return Units(
        ranks=_rank_rules(data.get("ranks"), path),
        tiers=_tier_rules(data.get("tiers"), path, classes),
        sets=_set_rules(data.get("sets"), path, classes),
        frequency=_frequency_rules(data.get("frequency"), path),
        classes=classes,
        entries=tuple(entries),
        rank_units=rank_units,
        prefix_approx=_bound_map(approximators.get("prefix"), path, "approximators.prefix"),
        inner_approx=_bound_map(approximators.get("inner"), path, "approximators.inner"),
        suffix_approx=_bound_map(approximators.get("suffix"), path, "approximators.suffix"),
        range_separators=separators,
        quoted_name_max_chars=max_chars,
        not_quantities=tuple(stops),
        subject_light_words=frozenset(light),
        quoted_name_suffixes=tuple(suffixes),
        one_counts_after=tuple(one_counts_after),
        one_length_before=tuple(one_length_before),
        words_ending_in_one=tuple(words_ending_in_one),
        words_starting_with_half=tuple(words_starting_with_half),
        source=str(path),
    )


def _section(value: Any, path: Path, name: str, allowed: set[str]) -> dict[str, Any]:
    """An optional mapping section of the codebook, with its unknown fields refused."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, name, f"must be a mapping, got {value!r}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _fail(path, name, f"unknown field(s) {', '.join(unknown)}")
    return value


def _positive_int(value: Any, path: Path, where: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(path, where, f"must be a positive integer, got {value!r}")
    return value


def _chars(value: Any, path: Path, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _fail(path, where, f"must be a string of characters, got {value!r}")
    return value


def _class_name(value: Any, path: Path, where: str, classes: Mapping[str, UnitClass], default: str) -> str:
    name = default if value is None else value
    if name not in classes:
        raise _fail(path, where, f"{name!r} is not one of the declared classes")
    return str(name)


def _rank_rules(value: Any, path: Path) -> RankRules:
    allowed = {"verbs", "scopes", "places", "next_allowed", "not_before_top", "top_units"}
    spec = _section(value, path, "ranks", allowed)

    def words(name: str) -> tuple[str, ...]:
        return _str_list(spec.get(name), path, f"ranks.{name}", name)

    return RankRules(
        verbs=words("verbs"),
        scopes=words("scopes"),
        places=words("places"),
        next_allowed=frozenset(words("next_allowed")),
        not_before_top=frozenset(words("not_before_top")),
        top_units=frozenset(words("top_units")),
    )


def _tier_rules(value: Any, path: Path, classes: Mapping[str, UnitClass]) -> TierRules:
    fields = {"unit", "class", "max_value", "nouns", "list_separators", "level_characters"}
    spec = _section(value, path, "tiers", fields)
    if not spec:
        return TierRules()
    unit = spec.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        raise _fail(path, "tiers", "field 'unit' is missing or empty")
    return TierRules(
        unit=unit.strip(),
        unit_class=_class_name(spec.get("class"), path, "tiers.class", classes, "items"),
        max_value=_positive_int(spec.get("max_value"), path, "tiers.max_value", 10),
        nouns=_str_list(spec.get("nouns"), path, "tiers.nouns", "nouns"),
        list_separators=_chars(spec.get("list_separators"), path, "tiers.list_separators"),
        level_characters=_chars(spec.get("level_characters"), path, "tiers.level_characters"),
    )


def _set_rules(value: Any, path: Path, classes: Mapping[str, UnitClass]) -> SetRules:
    spec = _section(value, path, "sets", {"class", "max_value", "not_first", "max_list_gap"})
    if not spec:
        return SetRules(unit_class="items" if "items" in classes else next(iter(classes)))
    return SetRules(
        unit_class=_class_name(spec.get("class"), path, "sets.class", classes, "items"),
        max_value=_positive_int(spec.get("max_value"), path, "sets.max_value", 10),
        not_first=frozenset(_str_list(spec.get("not_first"), path, "sets.not_first", "not_first")),
        max_list_gap=_positive_int(spec.get("max_list_gap"), path, "sets.max_list_gap", 4),
    )


def _frequency_rules(value: Any, path: Path) -> FrequencyRules:
    spec = _section(value, path, "frequency", {"periods", "formula_not_first"})
    return FrequencyRules(
        periods=_str_list(spec.get("periods"), path, "frequency.periods", "periods"),
        formula_not_first=frozenset(
            _str_list(spec.get("formula_not_first"), path, "frequency.formula_not_first", "formula_not_first")
        ),
    )


@lru_cache(maxsize=1)
def _default_units() -> Units:
    return load_units(DEFAULT_UNITS_PATH)
