"""Book-only summaries of the comparison chapters (5 and 6): the numbers their prose quotes, and the
tables they show, computed from the pipeline's tables in one tested place.

``permutation_facts`` (the exact tests over articles and the rates they test), ``pair_sharing`` (the one
definition of the programmes two places share), ``stage_facts`` and ``stage_sentence_table`` (the
campaign cycle), ``origin_facts`` (where programmes come from), ``chain_quotes`` and ``mechanism_table``
(chapter 6's lead actor → instrument → target → reward or sanction), ``dimension_split_facts`` and
``term_table`` (the two lists that replaced the digital one) and ``reference_dates`` (dates printed in
bibliography entries). The ``…_facts`` functions return ``{glue name: value}``, values formatted as the
text prints them.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from govtext.bibtex import entries


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")


# --------------------------------------------------------------------------------------------------
# Exact tests over articles (chapter 5)


def permutation_facts(
    tests: pd.DataFrame, rates: pd.DataFrame, leaders: pd.DataFrame, places: Sequence[str]
) -> dict[str, Any]:
    """The numbers chapter 5 quotes from its tests and rates.

    ``tests`` is ``compare.permutation_table`` (dimension, place, p_value, min_p_value, p_adjusted,
    n_assignments), ``rates`` ``compare.dimension_rates`` by place (locality, dimension, rate, ci_low,
    ci_high) and ``leaders`` ``compare.rate_leaders`` indexed by dimension (leader, leader_rate, ratio).
    Keys: ``lead_<dim>``, ``lead_rate_<dim>``, ``lead_ratio_<dim>``; ``rate_<dim>_<place>``,
    ``ci_<dim>_<place>``; ``p_<dim>_<place>`` (3 decimals), ``padj_<dim>_<place>`` (2); per place
    ``min_p_<place>`` and ``one_in_<place>`` (the floor the group sizes allow, and 1 in how many);
    ``n_assignments``, ``n_tests``, ``n_raw_below_05`` (p ≤ 0.05 before adjustment), ``min_p_adjusted``
    and ``n_at_floor`` (contrasts whose p-value is the smallest their group sizes allow).
    """
    _require(tests, ["dimension", "place", "p_value", "min_p_value", "p_adjusted", "n_assignments"], "tests")
    _require(rates, ["locality", "dimension", "rate", "ci_low", "ci_high"], "rates")
    _require(leaders, ["leader", "leader_rate", "ratio"], "leaders")
    if tests.empty:
        raise ValueError("permutation_facts: no tests")
    facts: dict[str, Any] = {}
    for dim, row in leaders.iterrows():
        facts[f"lead_{dim}"] = row["leader"]
        facts[f"lead_rate_{dim}"] = f"{row['leader_rate']:.0f}"
        facts[f"lead_ratio_{dim}"] = f"{row['ratio']:.1f}"
    for rate in rates.itertuples():
        facts[f"rate_{rate.dimension}_{rate.locality}"] = f"{rate.rate:.0f}"
        facts[f"ci_{rate.dimension}_{rate.locality}"] = f"{rate.ci_low:.0f}–{rate.ci_high:.0f}"
    for test in tests.itertuples():
        facts[f"p_{test.dimension}_{test.place}"] = f"{test.p_value:.3f}"
        facts[f"padj_{test.dimension}_{test.place}"] = f"{test.p_adjusted:.2f}"
    facts["n_assignments"] = int(tests["n_assignments"].iloc[0])
    for place in places:
        block = tests[tests["place"] == place]
        if block.empty:
            raise ValueError(f"permutation_facts: no test for place {place!r}")
        floor = float(block["min_p_value"].iloc[0])
        facts[f"min_p_{place}"] = f"{floor:.3f}"
        facts[f"one_in_{place}"] = f"{round(1 / floor)}"
    facts["n_tests"] = len(tests)
    facts["n_raw_below_05"] = int((tests["p_value"] <= 0.05).sum())
    facts["min_p_adjusted"] = f"{tests['p_adjusted'].min():.2f}"
    facts["n_at_floor"] = int((tests["p_value"] <= tests["min_p_value"] + 1e-12).sum())
    return facts


# --------------------------------------------------------------------------------------------------
# Programmes two places share (chapters 5 and 6)


PAIR_SHARING_COLUMNS = ["place_a", "place_b", "n_shared", "n_only_these_two"]


def pair_sharing(shared: pd.DataFrame, places: Sequence[str]) -> pd.DataFrame:
    """The programmes each pair of places shares: one row per pair (``places`` order, each pair once).

    **The definition the book uses:** a pair *shares* a programme when the texts of both places name it,
    whether or not the third place names it too (``n_shared``); so the programme named in all three places
    counts for every pair. ``n_only_these_two`` counts those named by the two places and no other.
    ``shared`` is ``compare.shared_programmes`` (one row per programme, ``places`` joined by "; ").
    """
    _require(shared, ["programme_id", "places"], "shared")
    named_by = {
        str(row.programme_id): {p.strip() for p in str(row.places).split(";") if p.strip()}
        for row in shared.itertuples()
    }
    unknown = sorted({p for names in named_by.values() for p in names} - set(places))
    if unknown:
        raise ValueError(f"pair_sharing: places {', '.join(unknown)} are not in {list(places)}")
    rows = []
    for a, b in itertools.combinations(places, 2):
        both = [pid for pid, names in named_by.items() if {a, b} <= names]
        only = [pid for pid in both if named_by[pid] == {a, b}]
        rows.append((a, b, len(both), len(only)))
    return pd.DataFrame(rows, columns=PAIR_SHARING_COLUMNS)


# --------------------------------------------------------------------------------------------------
# The campaign cycle (chapter 5)


def stage_facts(
    found: pd.DataFrame,
    matrix: pd.DataFrame,
    sequence: pd.DataFrame,
    translations: pd.DataFrame,
    article_places: Mapping[str, str],
    labels: Mapping[str, str],
    opening_stage: str = "mobilisation",
    counted_stage: str = "supervision",
) -> dict[str, Any]:
    """The numbers chapter 5 quotes about the stages.

    ``found`` is ``compare.find_stages``, ``matrix`` ``compare.stage_matrix`` (articles × stages),
    ``sequence`` ``compare.stage_sequence``, ``translations`` ``compare.load_stage_translations``.
    Keys: ``n_stages``, ``n_stages_less`` (one fewer), ``n_stage_sentences``, ``n_stage_rows``,
    ``n_translated``, ``n_articles_all_stages``, ``n_articles_five_plus`` (articles showing all stages but
    at most one), ``n_first_mobilisation`` (articles whose first stage is ``opening_stage``) and
    ``first_mobilisation_article`` (their ``labels``), and ``n_<counted_stage>_<place>`` (the place's
    sentences showing ``counted_stage``).
    """
    _require(found, ["sentence_id"], "found")
    _require(sequence, ["article_id", "stage", "order"], "sequence")
    if counted_stage not in matrix.columns:
        raise ValueError(f"stage_facts: no stage {counted_stage!r} in the matrix")
    n_stages = matrix.shape[1]
    shown = (matrix > 0).sum(axis=1)
    firsts = sequence[sequence["order"] == 1]
    opening = firsts.loc[firsts["stage"] == opening_stage, "article_id"]
    facts: dict[str, Any] = {
        "n_stages": n_stages,
        "n_stages_less": n_stages - 1,
        "n_stage_sentences": int(found["sentence_id"].nunique()),
        "n_stage_rows": len(found),
        "n_translated": len(translations),
        "n_articles_all_stages": int((shown == n_stages).sum()),
        "n_articles_five_plus": int((shown >= n_stages - 1).sum()),
        "n_first_mobilisation": len(opening),
        "first_mobilisation_article": ", ".join(labels.get(a, a) for a in opening),
    }
    counted = matrix[counted_stage].groupby(matrix.index.map(lambda a: article_places[a])).sum()
    for place, n in counted.items():
        facts[f"n_{counted_stage}_{place}"] = int(n)
    return facts


STAGE_TABLE_COLUMNS = ["sentence_id", "stage", "cue", "text", "translation", "start", "end"]


def stage_sentence_table(
    found: pd.DataFrame, translations: pd.DataFrame, stage_names: Mapping[str, str]
) -> pd.DataFrame:
    """The stage sentences for display: ``STAGE_TABLE_COLUMNS`` first (stage by its English name, the
    project's translation joined by sentence), then the other columns of ``found``; a sentence without a
    translation keeps an empty one."""
    _require(found, ["sentence_id", "stage", "cue", "text", "start", "end"], "found")
    _require(translations, ["sentence_id", "translation"], "translations")
    table = found.merge(
        translations[["sentence_id", "translation"]], on="sentence_id", how="left", validate="m:1"
    )
    table = table.assign(
        stage=table["stage"].map(lambda s: stage_names.get(s, s)), translation=table["translation"].fillna("")
    )
    return table[STAGE_TABLE_COLUMNS + [c for c in table.columns if c not in STAGE_TABLE_COLUMNS]]


# --------------------------------------------------------------------------------------------------
# Where the programmes come from (chapter 5)

HIGHER_LEVELS = ("national", "provincial", "municipal")


def origins_shown(known: pd.DataFrame) -> pd.DataFrame:
    """The stated origins for a reader: ``offsets`` (``start–end`` of the origin quote) and
    ``presentation`` with the first claim, if any, in brackets (``invention (全省率先)``)."""
    return known.assign(
        offsets=known["origin_start"].astype(str) + "–" + known["origin_end"].astype(str),
        presentation=known["presentation"] + known["first_claim"].map(lambda c: f" ({c})" if c else ""),
    )


def origin_facts(
    origins: pd.DataFrame,
    evidence: pd.DataFrame,
    quoted: Sequence[str],
    pilot: str,
) -> dict[str, Any]:
    """The numbers and quotes chapter 5 gives about programme origins.

    ``origins`` is ``compare.load_origins``, ``evidence`` ``compare.origin_evidence``. Keys:
    ``n_programmes_coded``, ``n_origin_known``/``n_origin_unknown``, ``n_origin_local``,
    ``n_origin_higher`` (national, provincial or municipal), ``n_inventions``, ``n_implementations``,
    ``n_local_inventions`` (local and presented as an invention), ``n_first_claims``; for each programme
    id in ``quoted`` its origin quote ``origin_quote_<id>`` (line breaks removed; "(none)" when empty);
    and ``origin_quote_grid_pilot``, the first presentation quote of the programme ``pilot``.
    """
    _require(
        origins, ["programme_id", "origin_level", "presentation", "first_claim", "origin_quote"], "origins"
    )
    _require(evidence, ["programme_id", "role", "quote"], "evidence")
    level, shown = origins["origin_level"], origins["presentation"]
    facts: dict[str, Any] = {
        "n_programmes_coded": len(origins),
        "n_origin_known": int((level != "unknown").sum()),
        "n_origin_unknown": int((level == "unknown").sum()),
        "n_origin_local": int((level == "local").sum()),
        "n_origin_higher": int(level.isin(HIGHER_LEVELS).sum()),
        "n_inventions": int((shown == "invention").sum()),
        "n_implementations": int((shown == "implementation").sum()),
        "n_local_inventions": int(((level == "local") & (shown == "invention")).sum()),
        "n_first_claims": int((origins["first_claim"] != "").sum()),
    }
    quotes = origins.set_index("programme_id")["origin_quote"]
    for pid in quoted:
        if pid not in quotes.index:
            raise KeyError(f"origin_facts: no programme {pid!r} in the origins")
        facts[f"origin_quote_{pid}"] = str(quotes[pid]).replace("\n", "") or "(none)"
    presented = evidence[(evidence["programme_id"] == pilot) & (evidence["role"] == "presentation")]
    if presented.empty:
        raise KeyError(f"origin_facts: no presentation quote for {pilot!r}")
    facts["origin_quote_grid_pilot"] = str(presented["quote"].iloc[0]).replace("\n", "")
    return facts


# --------------------------------------------------------------------------------------------------
# Mechanisms (chapter 6)

CHAIN_COLUMNS = ["place", "link", "sentence_id", "text", "start", "end", "translation"]


def chain_quotes(
    chain: Mapping[str, Mapping[str, Sequence[str]]],
    sentences: pd.DataFrame,
    translations: Mapping[str, str],
) -> pd.DataFrame:
    """One row per chosen sentence of ``chain`` (place → link → sentence ids, as read by
    ``compare.load_presentations``), in that order, with its clean text, raw offsets and the project's
    translation (``CHAIN_COLUMNS``). Raises ``KeyError`` naming a sentence id that is not in
    ``sentences`` or has no translation."""
    _require(sentences, ["sentence_id", "text", "start", "end"], "sentences")
    by_id = sentences.drop_duplicates("sentence_id").set_index("sentence_id")
    rows = []
    for place, links in chain.items():
        for link, ids in links.items():
            for sid in ids:
                if sid not in by_id.index:
                    raise KeyError(f"chain_quotes: {sid!r} ({place}, {link}) is not a sentence of the corpus")
                if sid not in translations:
                    raise KeyError(f"chain_quotes: {sid!r} ({place}, {link}) has no translation")
                row: Any = by_id.loc[sid]  # a pandas row: untyped
                rows.append(
                    (
                        place,
                        link,
                        sid,
                        str(row["text"]),
                        int(row["start"]),
                        int(row["end"]),
                        translations[sid],
                    )
                )
    return pd.DataFrame(rows, columns=CHAIN_COLUMNS)


def mechanism_table(quotes: pd.DataFrame, links: Sequence[str], places: Sequence[str]) -> pd.DataFrame:
    """One row per place (``places`` order), one column per link (``links`` order): the translations of
    the link's sentences, each followed by its full sentence id in brackets (``[003_…-1-30]`` once a
    table shows it, linked), joined by " / "; a place or link without a sentence stays empty."""
    _require(quotes, ["place", "link", "sentence_id", "translation"], "quotes")
    cells = (
        quotes.assign(cell=quotes["translation"] + " [" + quotes["sentence_id"] + "]")
        .groupby(["place", "link"], sort=False)["cell"]
        .agg(" / ".join)
    )
    table = cells.unstack("link").reindex(index=list(places), columns=list(links)).fillna("")
    table.index.name = "place"
    table.columns.name = None
    return table.reset_index()


def dimension_split_facts(
    scores: pd.DataFrame,
    terms: pd.DataFrame,
    article_places: Mapping[str, str],
    dimensions: Sequence[str],
    place: str,
    grid_term: str,
) -> dict[str, Any]:
    """What chapter 6 says of the lists that replaced the digital one, for one ``place``.

    ``scores`` is ``compare.article_dimension_rates`` (article_id, dimension, hits, n_chars, rate), ``terms``
    ``compare.term_counts`` (locality, dimension, term, hits). For each dimension: ``n_<dim>_<place>``
    (the place's hits), ``max_<dim>_other`` (the highest rate of an article of another place) and
    ``n_terms_<dim>_<place>`` (distinct terms found). Over the dimensions together: ``n_split_<place>``
    (hits), ``n_grid_term_<place>`` (hits of ``grid_term``) and ``share_mixed_<place>``, the share of
    those hits that ``grid_term`` carries (the term the blind judges read both ways, mostly as an
    organisational grid).
    """
    _require(scores, ["article_id", "dimension", "rate"], "scores")
    _require(terms, ["locality", "dimension", "term", "hits"], "terms")
    facts: dict[str, Any] = {}
    mine = terms[(terms["locality"] == place) & terms["dimension"].isin(dimensions)]
    for dim in dimensions:
        block = mine[mine["dimension"] == dim]
        facts[f"n_{dim}_{place}"] = int(block["hits"].sum())
        facts[f"n_terms_{dim}_{place}"] = int((block["hits"] > 0).sum())
        other = scores[
            (scores["dimension"] == dim)
            & (scores["article_id"].map(lambda a: article_places.get(a)) != place)
        ]
        if other.empty:
            raise ValueError(f"dimension_split_facts: no article of another place for {dim!r}")
        facts[f"max_{dim}_other"] = f"{other['rate'].max():.0f}"
    total = int(mine["hits"].sum())
    grid = int(mine.loc[mine["term"] == grid_term, "hits"].sum())
    facts[f"n_split_{place}"] = total
    facts[f"n_grid_term_{place}"] = grid
    facts[f"share_mixed_{place}"] = f"{grid / total:.0%}" if total else "0%"
    return facts


def term_table(terms: pd.DataFrame, dimensions: Sequence[str], places: Sequence[str]) -> pd.DataFrame:
    """Hits of each term of ``dimensions`` by place (columns ``places``, then ``total``), dimensions in the
    given order and terms by falling total, then by term; terms found nowhere are left out."""
    _require(terms, ["locality", "dimension", "term", "hits"], "terms")
    block = terms[terms["dimension"].isin(dimensions)]
    table = block.pivot_table(
        index=["dimension", "term"], columns="locality", values="hits", aggfunc="sum", fill_value=0
    ).reindex(columns=list(places), fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table[table["total"] > 0].reset_index()
    table["_order"] = table["dimension"].map({d: i for i, d in enumerate(dimensions)})
    table = table.sort_values(["_order", "total", "term"], ascending=[True, False, True], kind="mergesort")
    table.columns.name = None
    return table.drop(columns="_order").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Dates printed in bibliography entries (chapter 6)

_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def reference_dates(bibtex: str, keys: Sequence[str]) -> dict[str, str]:
    """For each entry key, the last date written as ``2022年1月21日`` in its BibTeX entry, as
    ``21 January 2022``. Raises ``KeyError`` for a key with no entry or no such date."""
    dates = {}
    by_key = entries(bibtex)
    for key in keys:
        if key not in by_key:
            raise KeyError(f"reference_dates: no entry {key!r}")
        entry = by_key[key].split("\n}", 1)[0]
        found = _CHINESE_DATE.findall(entry)
        if not found:
            raise KeyError(f"reference_dates: entry {key!r} gives no date as 年月日")
        year, month, day = found[-1]
        dates[key] = f"{int(day)} {calendar.month_name[int(month)]} {year}"
    return dates
