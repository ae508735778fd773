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


# --------------------------------------------------------------------------------------------------
# Programmes (chapter 03): kinds by place, the place x programme matrix, mention rates


def _places_in_order(places: list[str]) -> list[str]:
    """``places`` in the book's order (Gongyi, Zhongyuan, Xingyang), unknown places after them, sorted."""
    known = [p for p in PLACE_ORDER if p in places]
    return known + sorted(p for p in places if p not in PLACE_ORDER)


def _colour_place_labels(labels: list, places: list[str]) -> None:
    """Colour tick labels by place (labels and places in the same order)."""
    for label, place in zip(labels, places, strict=True):
        if place in PLACE_COLOURS:
            label.set_color(PLACE_COLOURS[place])


def plot_kind_shares(shares: pd.DataFrame, ax: Axes | None = None, counts: pd.Series | None = None) -> Axes:
    """Heatmap of programme kinds (columns) by place (rows, book order), annotated in percent.

    ``shares`` is ``compare.kind_profile`` (rows sum to 1). With ``counts`` (mentions per place) each
    place label reads ``Gongyi (n=115)``. Place labels keep the place colours; the cells use a neutral
    sequential palette (darker = larger share) and carry their values, so there is no colour bar.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if shares.empty:
        raise ValueError("plot_kind_shares: no shares to plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(8.0, 2.8))
    places = _places_in_order([str(p) for p in shares.index])
    data = shares.loc[places].astype(float)
    notes = data.map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
    labels = [f"{p} (n={int(counts[p])})" if counts is not None else p for p in places]
    sns.heatmap(
        data.set_axis(labels, axis=0),
        annot=notes.to_numpy(),
        fmt="",
        cmap="Purples",
        vmin=0.0,
        linewidths=0.5,
        cbar=False,
        ax=ax,
    )
    ax.set_xlabel("programme kind")
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(axis="x", rotation=30)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    _colour_place_labels(ax.get_yticklabels(), places)
    return ax


def plot_programme_matrix(matrix: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Heatmap of mentions: programmes (rows, labelled as in ``matrix``, e.g. in Chinese) by place
    (columns, book order); counts annotated, zero cells left blank
    (darker = more mentions; no colour bar).

    ``matrix`` is ``compare.programme_matrix(mentions, documents, label="name_zh")`` (places as rows,
    programmes as columns), usually restricted to programmes named in two or more places.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if matrix.empty or matrix.shape[1] == 0:
        raise ValueError("plot_programme_matrix: no programmes to plot")
    places = _places_in_order([str(p) for p in matrix.index])
    data = matrix.loc[places].T.astype(int)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 0.35 * len(data) + 1.2))
    notes = data.map(lambda v: str(v) if v else "")
    sns.heatmap(
        data,
        annot=notes.to_numpy(),
        fmt="",
        cmap="Purples",
        vmin=0,
        linewidths=0.5,
        cbar=False,
        ax=ax,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    ax.xaxis.tick_top()
    _colour_place_labels(ax.get_xticklabels(), places)
    return ax


def plot_mention_rates(
    table: pd.DataFrame, ax: Axes | None = None, value: str = "mentions_per_10k", label: str = "label"
) -> Axes:
    """Horizontal bars of ``value`` (default: programme mentions per 10,000 characters), one bar per row
    of ``table`` (places or articles, e.g. ``programmes.inventory``), coloured by ``locality``.

    Rows are drawn in the book's place order, then in table order; ``label`` names the bars.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    for column in ("locality", value, label):
        if column not in table.columns:
            raise ValueError(f"plot_mention_rates: table has no column '{column}'")
    if table.empty:
        raise ValueError("plot_mention_rates: no rows to plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.45 * len(table) + 1.0))
    order = {p: i for i, p in enumerate(_places_in_order([str(p) for p in table["locality"].unique()]))}
    data = table.assign(_rank=table["locality"].map(order)).sort_values("_rank", kind="mergesort")
    colours = [PLACE_COLOURS.get(p, "#999999") for p in data["locality"]]
    positions = list(range(len(data)))
    ax.barh(positions, data[value].astype(float), color=colours)
    ax.set_yticks(positions, [str(v) for v in data[label]])
    ax.invert_yaxis()
    ax.set_xlabel("programme mentions per 10,000 characters" if value == "mentions_per_10k" else value)
    ax.set_ylabel("")
    handles = [Patch(color=PLACE_COLOURS.get(p, "#999999"), label=p) for p in order]
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return ax
