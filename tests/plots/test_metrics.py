"""Figures of the metrics chapter: place order and colours, two panels, Chinese labels, no missing glyph."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import render_strict

from govtext import plots

pytestmark = pytest.mark.usefixtures("plot_theme")


def _profile() -> pd.DataFrame:
    # places in alphabetical order inside each class, as a caller might pass them
    rows = [
        ("items", "Gongyi", 21, 26.5),
        ("items", "Xingyang", 44, 91.4),
        ("items", "Zhongyuan", 20, 33.1),
        ("money", "Gongyi", 1, 1.3),
        ("money", "Xingyang", 5, 10.4),
        ("money", "Zhongyuan", 0, 0.0),
    ]
    return pd.DataFrame(rows, columns=["unit_class", "locality", "n_metrics", "per_10k"])


def _bar_colours(ax) -> list[str]:
    return [mcolors.to_hex(p.get_facecolor()) for p in ax.patches]


def test_metric_classes_two_panels_place_colours_and_chinese_labels() -> None:
    fig, axes = plt.subplots(1, 2, sharey=True)
    labels = {"items": "items (个 项 条 …)", "money": "money (元 美元)"}
    assert plots.plot_metric_classes(_profile(), axes=axes, labels=labels) is axes
    ax_count, ax_rate = axes
    assert [t.get_text() for t in ax_count.get_yticklabels()] == ["items (个 项 条 …)", "money (元 美元)"]
    # bars are drawn place by place in the book's order: Gongyi, Zhongyuan, Xingyang
    expected = [plots.place_style().colours[p].lower() for p in plots.place_style().order for _ in range(2)]
    assert _bar_colours(ax_count) == expected and _bar_colours(ax_rate) == expected
    widths = [p.get_width() for p in ax_count.patches]
    assert widths == [21, 1, 20, 0, 44, 5]
    assert [p.get_width() for p in ax_rate.patches] == [26.5, 1.3, 33.1, 0.0, 91.4, 10.4]
    assert ax_count.get_legend() is None and ax_rate.get_legend() is None  # one legend, above both panels
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == list(plots.place_style().order)
    assert "10,000" in ax_rate.get_xlabel()
    render_strict(fig)


def test_metric_classes_makes_its_own_figure_and_rejects_bad_input() -> None:
    ax_count, _ = plots.plot_metric_classes(_profile())
    assert ax_count.figure is not None
    with pytest.raises(ValueError, match="no column 'per_10k'"):
        plots.plot_metric_classes(_profile().drop(columns="per_10k"))
    with pytest.raises(ValueError, match="no quantities"):
        plots.plot_metric_classes(_profile().iloc[0:0])


def _summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "locality": ["Xingyang", "Gongyi", "Zhongyuan"],
            "n_metrics": [96, 47, 65],
            "n_approx": [11, 3, 11],
            "share_approx": [11 / 96, 3 / 47, 11 / 65],
            "ci_low": [0.065, 0.022, 0.097],
            "ci_high": [0.193, 0.171, 0.278],
        }
    )


def test_hedging_bars_in_place_order_with_intervals_and_counts() -> None:
    fig, ax = plt.subplots()
    assert plots.plot_hedging(_summary(), ax=ax) is ax
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == list(plots.place_style().order)
    assert [mcolors.to_hex(t.get_color()) for t in labels] == [
        plots.place_style().colours[p].lower() for p in plots.place_style().order
    ]
    assert _bar_colours(ax) == [plots.place_style().colours[p].lower() for p in plots.place_style().order]
    assert [p.get_width() for p in ax.patches] == pytest.approx([3 / 47, 11 / 65, 11 / 96])
    assert [t.get_text() for t in ax.texts] == ["3 of 47", "11 of 65", "11 of 96"]
    assert ax.get_xlim()[1] <= 1.0
    render_strict(fig)


def test_hedging_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="no column 'ci_low'"):
        plots.plot_hedging(_summary().drop(columns="ci_low"))
    with pytest.raises(ValueError, match="no places"):
        plots.plot_hedging(_summary().iloc[0:0])
