"""Chinese renders in figures: a missing glyph is an error, not a blank box."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import seaborn as sns

from govtext import plots


def test_font_file_is_shipped_and_registered() -> None:
    family = plots.set_theme()
    assert plots.cjk_font_path().is_file()
    assert family == plots.CJK_FONT_FAMILY
    assert matplotlib.rcParams["font.sans-serif"][0] == family


def _draw_chinese_barplot() -> None:
    frame = pd.DataFrame({"地方": ["巩义市", "中原区", "荥阳市"], "字数": [3, 2, 1]})
    fig, ax = plt.subplots()
    sns.barplot(data=frame, x="地方", y="字数", hue="地方", ax=ax, legend=False)
    ax.set_title("老旧小区改造 网格员")
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_seaborn_plot_with_chinese_labels_has_no_missing_glyph() -> None:
    plots.set_theme()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _draw_chinese_barplot()


def test_the_glyph_check_can_fail_without_the_cjk_font() -> None:
    """Guard the guard: with a Latin-only font the same plot must warn about missing glyphs."""
    plots.set_theme()
    latin_only = {"font.family": "DejaVu Sans", "font.sans-serif": ["DejaVu Sans"]}
    with matplotlib.rc_context(latin_only), pytest.warns(UserWarning, match="missing from font"):
        _draw_chinese_barplot()


def test_place_style_orders_and_colours_places() -> None:
    style = plots.PlaceStyle(order=("b", "a"), colours={"a": "#111111"})
    assert style.sort(["x", "a", "b", "a"]) == ["b", "a", "x"]
    assert style.colour("a") == "#111111"
    assert style.colour("b") == plots.OKABE_ITO[0]  # by position when no colour is given
    assert style.colour("x") == style.colour(None) == plots.UNKNOWN_COLOUR
    assert plots.PlaceStyle().sort(["c", "a"]) == ["a", "c"]  # no style: alphabetical, nothing seed-specific


def test_theme_sets_the_places_used_by_every_figure(plot_theme) -> None:
    style = plots.place_style()
    assert style.order == ("Gongyi", "Zhongyuan", "Xingyang")
    assert len({style.colour(p) for p in style.order}) == 3
