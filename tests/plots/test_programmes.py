"""Figures of the programmes chapter: place order and colours, Chinese labels without missing glyphs."""

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


def _shares() -> pd.DataFrame:
    # places in alphabetical order, as compare.kind_profile returns them
    return pd.DataFrame(
        {"campaign": [0.5, 0.25, 0.0], "party-building": [0.5, 0.75, float("nan")]},
        index=pd.Index(["Gongyi", "Xingyang", "Zhongyuan"], name="locality"),
    )


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_kind_shares_in_place_order_with_place_colours() -> None:
    fig, ax = plt.subplots()
    counts = pd.Series({"Gongyi": 4, "Zhongyuan": 2, "Xingyang": 8})
    assert plots.plot_kind_shares(_shares(), ax=ax, counts=counts) is ax
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == ["Gongyi (n=4)", "Zhongyuan (n=2)", "Xingyang (n=8)"]
    colours = [mcolors.to_hex(t.get_color()) for t in labels]
    assert colours == [plots.place_style().colours[p].lower() for p in plots.place_style().order]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["campaign", "party-building"]
    # Gongyi 50% 50%, Zhongyuan 0% (its missing value is an empty cell, no text), Xingyang 25% 75%
    assert _texts(ax) == ["50%", "50%", "0%", "25%", "75%"]
    render_strict(fig)


def test_kind_shares_rejects_empty_input() -> None:
    with pytest.raises(ValueError, match="no shares"):
        plots.plot_kind_shares(pd.DataFrame())


def test_programme_matrix_with_chinese_names() -> None:
    matrix = pd.DataFrame(
        {"三项工程、一项管理": [3, 0, 4], "分包责任制": [2, 2, 1]},
        index=pd.Index(["Gongyi", "Xingyang", "Zhongyuan"], name="locality"),
    )
    fig, ax = plt.subplots()
    assert plots.plot_programme_matrix(matrix, ax=ax) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == list(plots.place_style().order)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["三项工程、一项管理", "分包责任制"]
    # rows are programmes, columns places in book order; zero cells blank
    assert _texts(ax) == ["3", "4", "", "2", "1", "2"]
    colours = [mcolors.to_hex(t.get_color()) for t in ax.get_xticklabels()]
    assert colours == [plots.place_style().colours[p].lower() for p in plots.place_style().order]
    render_strict(fig)


def test_programme_matrix_rejects_empty_input() -> None:
    with pytest.raises(ValueError, match="no programmes"):
        plots.plot_programme_matrix(pd.DataFrame(index=["Gongyi"]))


def test_mention_rates_bars_follow_place_order_and_colours() -> None:
    table = pd.DataFrame(
        {
            "locality": ["Xingyang", "Gongyi", "Zhongyuan", "Gongyi"],
            "label": ["003-1 荥阳市", "000-1 杜甫路街道", "002-1 中原区委组织部", "004-2 紫荆路街道"],
            "mentions_per_10k": [150.0, 120.0, 100.0, 50.0],
        }
    )
    fig, ax = plt.subplots()
    assert plots.plot_mention_rates(table, ax=ax) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["000-1 杜甫路街道", "004-2 紫荆路街道", "002-1 中原区委组织部", "003-1 荥阳市"]
    bars = ax.patches
    assert [round(b.get_width()) for b in bars] == [120, 50, 100, 150]
    expected = ["Gongyi", "Gongyi", "Zhongyuan", "Xingyang"]
    assert [mcolors.to_hex(b.get_facecolor()) for b in bars] == [
        plots.place_style().colours[p].lower() for p in expected
    ]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(plots.place_style().order)
    render_strict(fig)


def test_mention_rates_names_a_missing_column() -> None:
    with pytest.raises(ValueError, match="no column 'label'"):
        plots.plot_mention_rates(pd.DataFrame({"locality": ["Gongyi"], "mentions_per_10k": [1.0]}))
