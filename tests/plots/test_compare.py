"""Comparison figures: place order and colours, values, Chinese labels without missing glyphs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import SEED_PLACES, render_strict

from govtext import plots

STYLE_COLOURS = SEED_PLACES.colours

PLACES = ["Gongyi", "Xingyang", "Zhongyuan"]  # alphabetical, as govtext.compare returns them


pytestmark = pytest.mark.usefixtures("plot_theme")


def _hex(colour) -> str:
    return mcolors.to_hex(colour).lower()


def _rates() -> pd.DataFrame:
    rows = []
    for k, place in enumerate(PLACES):
        for j, dim in enumerate(["party_leadership", "crisis_response"]):
            rate = 10.0 * (k + 1) + j
            rows.append((place, dim, rate, rate - 2.0, rate + 3.0))
    return pd.DataFrame(rows, columns=["locality", "dimension", "rate", "ci_low", "ci_high"])


def test_rate_heatmap_places_in_book_order_with_values() -> None:
    fig, ax = plt.subplots()
    labels = {"party_leadership": "Party leadership 党建引领", "crisis_response": "Crisis response"}
    assert plots.plot_rate_heatmap(_rates(), ax=ax, row_labels=labels) is ax
    ticks = ax.get_xticklabels()
    assert [t.get_text() for t in ticks] == list(plots.place_style().order)
    assert [_hex(t.get_color()) for t in ticks] == [
        plots.place_style().colours[p].lower() for p in plots.place_style().order
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(labels.values())
    # row by row, columns Gongyi, Zhongyuan, Xingyang
    assert [t.get_text() for t in ax.texts] == ["10", "30", "20", "11", "31", "21"]
    render_strict(fig)


def test_rate_heatmap_by_article_with_labels_coloured_by_place() -> None:
    rates = _rates().rename(columns={"locality": "article_id"})
    rates["article_id"] = rates["article_id"].map({"Gongyi": "g-1", "Xingyang": "x-1", "Zhongyuan": "z-1"})
    fig, ax = plt.subplots()
    plots.plot_rate_heatmap(
        rates,
        ax=ax,
        by="article_id",
        columns=["g-1", "z-1", "x-1"],
        column_labels={"g-1": "000-1 巩义"},
        column_places={"g-1": "Gongyi", "z-1": "Zhongyuan"},
    )
    ticks = ax.get_xticklabels()
    assert [t.get_text() for t in ticks] == ["000-1 巩义", "z-1", "x-1"]
    assert _hex(ticks[0].get_color()) == plots.place_style().colours["Gongyi"].lower()
    assert _hex(ticks[2].get_color()) != plots.place_style().colours["Xingyang"].lower()  # no place given
    render_strict(fig)


def test_rate_heatmap_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="no column 'rate'"):
        plots.plot_rate_heatmap(_rates().drop(columns="rate"))
    with pytest.raises(ValueError, match="no rates"):
        plots.plot_rate_heatmap(_rates().iloc[0:0])


def test_rate_intervals_one_colour_per_place_and_whiskers_match_cis() -> None:
    fig, ax = plt.subplots()
    assert plots.plot_rate_intervals(_rates(), ax=ax) is ax
    containers = ax.containers
    assert len(containers) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == list(plots.place_style().order)
    for container, place in zip(containers, plots.place_style().order, strict=True):
        line = container.lines[0]
        assert _hex(line.get_color()) == plots.place_style().colours[place].lower()
        block = _rates()[_rates()["locality"] == place]
        np.testing.assert_allclose(line.get_xdata(), block["rate"])
        segments = container.lines[2][0].get_segments()
        np.testing.assert_allclose([s[0][0] for s in segments], block["ci_low"])
        np.testing.assert_allclose([s[1][0] for s in segments], block["ci_high"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["party_leadership", "crisis_response"]
    render_strict(fig)


def _top() -> pd.DataFrame:
    rows = []
    terms = {
        "Gongyi": ["要", "拆迁", "保障房"],
        "Xingyang": ["投资", "灾后重建"],
        "Zhongyuan": ["党建", "书记"],
    }
    for place, words in terms.items():
        rows += [(place, i + 1, w, 3.0 - i * 0.5) for i, w in enumerate(words)]
    return pd.DataFrame(rows, columns=["locality", "rank", "term", "z"])


def test_top_terms_one_panel_per_place_with_chinese_labels() -> None:
    fig, axes = plt.subplots(1, 3)
    out = plots.plot_top_terms(_top(), axes, n=3)
    assert [ax.get_title() for ax in out] == list(plots.place_style().order)
    first = out[0]
    assert [t.get_text() for t in first.get_yticklabels()] == ["要", "拆迁", "保障房"]
    assert [_hex(p.get_facecolor()) for p in first.patches] == [
        plots.place_style().colours["Gongyi"].lower()
    ] * 3
    assert [p.get_width() for p in first.patches] == [3.0, 2.5, 2.0]
    assert [_hex(p.get_facecolor()) for p in out[2].patches] == [
        plots.place_style().colours["Xingyang"].lower()
    ] * 2
    render_strict(fig)


def test_top_terms_needs_one_axis_per_place() -> None:
    _fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="3 places but 2 axes"):
        plots.plot_top_terms(_top(), axes)


def test_similarity_pairs_one_row_per_pair_in_book_order_with_horizontal_labels() -> None:
    sim = pd.DataFrame(
        [[1.0, 0.5, 0.25], [0.5, 1.0, np.nan], [0.25, np.nan, 1.0]], index=PLACES, columns=PLACES
    )
    jaccard = pd.DataFrame([[1.0, 0.1, 0.2], [0.1, 1.0, 0.0], [0.2, 0.0, 1.0]], index=PLACES, columns=PLACES)
    fig, ax = plt.subplots(layout="constrained")
    out = plots.plot_similarity_pairs(
        {"vocabulary (tf-idf cosine)": sim, "shared (Jaccard)": jaccard},
        ax=ax,
        fmt={"shared (Jaccard)": "{:.1f}"},
    )
    assert out is ax
    order = list(plots.place_style().order)  # Gongyi, Zhongyuan, Xingyang
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == [f"{order[0]} – {order[1]}", f"{order[0]} – {order[2]}", f"{order[1]} – {order[2]}"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "vocabulary\n(tf-idf cosine)",
        "shared\n(Jaccard)",
    ]
    assert all(t.get_rotation() == 0 for t in [*ax.get_xticklabels(), *ax.get_yticklabels()])
    # row by row: G–Z, G–X, Z–X; the NaN (Zhongyuan–Xingyang vocabulary) gets no text
    assert [t.get_text() for t in ax.texts] == ["0.25", "0.2", "0.50", "0.1", "0.0"]
    render_strict(fig)


def test_similarity_pairs_needs_matrices() -> None:
    with pytest.raises(ValueError, match="no matrices"):
        plots.plot_similarity_pairs({})


def _article_values() -> tuple[pd.DataFrame, dict[str, str]]:
    articles = ["003_cc-1", "000_aa-2", "002_bb-1", "000_aa-1"]
    places = {"003_cc-1": "Xingyang", "000_aa-2": "Gongyi", "002_bb-1": "Zhongyuan", "000_aa-1": "Gongyi"}
    values = pd.DataFrame(
        [[1.0, 2.0, 3.0, 0.0], [10.0, 20.0, 30.0, 40.0]],
        index=["grid_management", "party_leadership"],
        columns=articles,
    )
    return values, places


def test_article_heatmap_groups_articles_by_place_with_short_horizontal_ids() -> None:
    values, places = _article_values()
    fig, ax = plt.subplots(figsize=(5.6, 3.0), layout="constrained")
    labels = {"grid_management": "Grids and management devices", "party_leadership": "Party leadership"}
    out = plots.plot_article_heatmap(values, places, ax=ax, row_labels=labels, blank_zero=True)
    assert out is ax
    ticks = ax.get_xticklabels()
    assert [t.get_text() for t in ticks] == ["000-1", "000-2", "002-1", "003-1"]
    assert all(t.get_rotation() == 0 for t in [*ticks, *ax.get_yticklabels()])
    colours = plots.place_style().colours
    assert [_hex(t.get_color()) for t in ticks] == [
        colours[p].lower() for p in ["Gongyi", "Gongyi", "Zhongyuan", "Xingyang"]
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Grids and management\ndevices",
        "Party leadership",
    ]
    # columns reordered with their values; the zero of 000-1 is left blank
    assert [t.get_text() for t in ax.texts] == ["", "2", "3", "1", "40", "20", "30", "10"]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Gongyi", "Zhongyuan", "Xingyang"]
    assert legend.get_bbox_to_anchor().y0 >= ax.bbox.y1  # above the plotting area
    render_strict(fig)


def test_article_heatmap_needs_a_place_for_every_article() -> None:
    values, places = _article_values()
    del places["002_bb-1"]
    with pytest.raises(ValueError, match="no place for article"):
        plots.plot_article_heatmap(values, places)
    with pytest.raises(ValueError, match="no values"):
        plots.plot_article_heatmap(values.iloc[:, 0:0], places)


def test_short_article_label() -> None:
    assert plots.short_article_label("000_e68ce179375f246f-1") == "000-1"
    assert plots.short_article_label("plain") == "plain"


def test_rate_heatmap_orders_columns_by_place_when_places_are_given() -> None:
    rates = _rates().rename(columns={"locality": "article_id"})
    rates["article_id"] = rates["article_id"].map({"Gongyi": "a-2", "Xingyang": "b-1", "Zhongyuan": "c-1"})
    fig, ax = plt.subplots()
    places = {"a-2": "Gongyi", "b-1": "Xingyang", "c-1": "Zhongyuan"}
    plots.plot_rate_heatmap(rates, ax=ax, by="article_id", column_places=places)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a-2", "c-1", "b-1"]
    render_strict(fig)
