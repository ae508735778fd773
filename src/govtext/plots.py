"""Figures: one seaborn theme, one CJK font, one colour per place."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"

#: One colour per place for the whole book (Okabe-Ito, readable in greyscale by lightness).
PLACE_COLOURS: dict[str, str] = {
    "Gongyi": "#0072B2",
    "Zhongyuan": "#E69F00",
    "Xingyang": "#009E73",
}
PLACE_ORDER: list[str] = ["Gongyi", "Zhongyuan", "Xingyang"]


def cjk_font_path() -> Path:
    """Path of the Noto Sans CJK SC font file shipped by the ``mplfonts`` package."""
    path = Path(str(resources.files("mplfonts") / "fonts" / CJK_FONT_FILE))
    if not path.is_file():
        raise FileNotFoundError(f"CJK font not found at {path}; reinstall the pinned 'mplfonts' package")
    return path


def register_cjk_font() -> str:
    """Register the CJK font file with matplotlib and put it first in ``font.sans-serif``."""
    path = cjk_font_path()
    known = {Path(f.fname).name for f in font_manager.fontManager.ttflist}
    if path.name not in known:
        font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.sans-serif"] = [family, *sans]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def set_theme() -> str:
    """Apply the book's seaborn theme with the CJK font; returns the font family used."""
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette=[PLACE_COLOURS[p] for p in PLACE_ORDER])
    family = register_cjk_font()
    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "figure.figsize": (7.0, 4.0),
            "svg.hashsalt": "govtext",
            "axes.titleweight": "bold",
        }
    )
    return family


def plot_article_sizes(articles: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: clean characters of body text per article, coloured by place, labelled in Chinese.

    ``articles`` needs ``article_id, locality, label, n_chars`` (see ``corpus.article_summary``).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.6))
    data = articles.sort_values(["locality", "article_id"], key=_place_sort_key).reset_index(drop=True)
    sns.barplot(
        data=data,
        y="label",
        x="n_chars",
        hue="locality",
        hue_order=[p for p in PLACE_ORDER if p in set(data["locality"])],
        palette=PLACE_COLOURS,
        dodge=False,
        ax=ax,
    )
    ax.set_xlabel("characters of body text (clean)")
    ax.set_ylabel("")
    ax.legend(title="", loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return ax


def _place_sort_key(column: pd.Series) -> pd.Series:
    """Sort key: places in the book's order (Gongyi, Zhongyuan, Xingyang); other columns unchanged."""
    if column.name == "locality":
        return column.map({p: i for i, p in enumerate(PLACE_ORDER)}).fillna(len(PLACE_ORDER))
    return column


def setup_notebook() -> None:
    """One call at the top of every chapter: the theme, the CJK font and pandas display options."""
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 3)
    set_theme()
