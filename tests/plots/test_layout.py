"""Figures made for the text column: legends outside the plotting area and within the figure's width,
no text smaller than the tick labels, no rotated label in the narrow-column heatmaps."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import render_strict
from matplotlib.font_manager import FontProperties

from govtext import plots

pytestmark = pytest.mark.usefixtures("plot_theme")

WIDTH = 5.6  # inches: book/chapter_setup.FIGURE_WIDTH


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["003_c-1", "000_a-1", "002_b-1", "000_a-2"],
            "locality": ["Xingyang", "Gongyi", "Zhongyuan", "Gongyi"],
            "label": [
                "003-1 荥阳市委市政府; 汜水镇西邢村",
                "000-1 杜甫路街道",
                "002-1 中原区委组织部",
                "000-2 杜甫路街道",
            ],
            "n_chars": [4800, 2500, 2700, 1800],
            "mentions_per_10k": [150.0, 120.0, 100.0, 50.0],
        }
    )


def _assert_legend_above_and_inside_the_width(fig, ax) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend()
    box = legend.get_window_extent(renderer)
    plot_area = ax.get_window_extent(renderer)
    assert box.y0 >= plot_area.y1 - 1  # above the plotting area: it covers no bar
    tight = fig.get_tightbbox(renderer)  # inches
    assert tight.width <= WIDTH + 0.01  # the legend adds no width to a figure made for the column


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: plots.plot_article_sizes(_articles(), ax=ax),
        lambda ax: plots.plot_mention_rates(_articles(), ax=ax),
    ],
    ids=["article_sizes", "mention_rates"],
)
def test_place_legend_is_above_the_bars_not_beside_them(draw) -> None:
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    draw(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(plots.place_style().order)
    _assert_legend_above_and_inside_the_width(fig, ax)
    render_strict(fig)


def test_interval_legend_is_above_the_dots() -> None:
    rates = pd.DataFrame(
        [
            (p, d, 10.0 + k, 8.0 + k, 13.0 + k)
            for k, p in enumerate(["Gongyi", "Xingyang"])
            for d in ["a", "b"]
        ],
        columns=["locality", "dimension", "rate", "ci_low", "ci_high"],
    )
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0), layout="constrained")
    plots.plot_rate_intervals(rates, ax=ax)
    _assert_legend_above_and_inside_the_width(fig, ax)


def test_hedging_counts_are_as_large_as_the_tick_labels() -> None:
    summary = pd.DataFrame(
        {
            "locality": ["Gongyi", "Zhongyuan"],
            "n_metrics": [47, 65],
            "n_approx": [3, 11],
            "share_approx": [3 / 47, 11 / 65],
            "ci_low": [0.02, 0.1],
            "ci_high": [0.17, 0.28],
        }
    )
    fig, ax = plt.subplots(figsize=(WIDTH, 2.2), layout="constrained")
    plots.plot_hedging(summary, ax=ax)
    tick = FontProperties(size=matplotlib.rcParams["ytick.labelsize"]).get_size_in_points()
    assert min(t.get_fontsize() for t in ax.texts) >= tick
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for text in ax.texts:  # "11 of 65" stays inside the plotting area
        assert text.get_window_extent(renderer).x1 <= ax.get_window_extent(renderer).x1 + 1


def test_wrap_breaks_before_a_parenthesis_and_at_spaces() -> None:
    assert plots._wrap("Party leadership", 20) == "Party leadership"
    assert plots._wrap("Grids and management devices", 20) == "Grids and management\ndevices"
    assert plots._wrap("shared programmes (Jaccard)", 12) == "shared\nprogrammes\n(Jaccard)"
    assert (
        plots._wrap("一网统管一网通办一网统管一网通办一网统管一网通办", 5)
        == "一网统管一网通办一网统管一网通办一网统管一网通办"
    )
