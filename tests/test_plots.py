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


def test_each_place_has_one_colour() -> None:
    assert set(plots.PLACE_COLOURS) == set(plots.PLACE_ORDER) == {"Gongyi", "Zhongyuan", "Xingyang"}
    assert len(set(plots.PLACE_COLOURS.values())) == 3
