"""Figures: one seaborn theme, one CJK font, one colour per place.

Which places there are, their order and their colours are not the library's to know: a book or a
researcher passes them once, ``set_theme(places=PlaceStyle(order, colours))``, and every figure uses
them. Without a style, places are drawn in alphabetical order in the Okabe-Ito palette.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
"""Colour-blind-safe palette (Okabe & Ito), distinguishable in greyscale by lightness for the first three."""
UNKNOWN_COLOUR = "#999999"


@dataclass(frozen=True)
class PlaceStyle:
    """The places of a study: their order in every figure and table, and one colour each."""

    order: tuple[str, ...] = ()
    colours: Mapping[str, str] = field(default_factory=dict)

    def sort(self, places: Iterable[str]) -> list[str]:
        """``places`` in this order, places not in it after them, alphabetically."""
        found = list(dict.fromkeys(places))
        known = [p for p in self.order if p in found]
        return known + sorted(p for p in found if p not in self.order)

    def colour(self, place: str | None) -> str:
        """The colour of ``place``: its own, else by its position in the order, else grey."""
        if place is None:
            return UNKNOWN_COLOUR
        if place in self.colours:
            return self.colours[place]
        if place in self.order:
            return OKABE_ITO[self.order.index(place) % len(OKABE_ITO)]
        return UNKNOWN_COLOUR

    def palette(self) -> list[str]:
        """Colours in place order (seaborn's default cycle)."""
        return [self.colour(p) for p in self.order] or list(OKABE_ITO)


_STYLE = PlaceStyle()


def place_style() -> PlaceStyle:
    """The places' order and colours set by :func:`set_theme` (empty until then)."""
    return _STYLE


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


def set_theme(places: PlaceStyle | None = None) -> str:
    """Apply the seaborn theme with the CJK font and, when given, the places' order and colours; returns
    the font family used."""
    import seaborn as sns

    global _STYLE
    if places is not None:
        _STYLE = places
    sns.set_theme(context="notebook", style="whitegrid", palette=_STYLE.palette())
    family = register_cjk_font()
    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "figure.figsize": (7.0, 4.0),
            "svg.hashsalt": "govtext",
            # the bundled CJK font has one weight: bold text would warn on stderr
            "axes.titleweight": "normal",
            "figure.titleweight": "normal",
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
        hue_order=_places_in_order([str(p) for p in data["locality"]]),
        palette={p: _colour(p) for p in set(data["locality"])},
        dodge=False,
        ax=ax,
    )
    ax.set_xlabel("characters of body text (clean)", loc="right")  # never past the figure's right edge
    ax.set_ylabel("")
    handles, labels = ax.get_legend_handles_labels()
    legend_above(ax, handles, labels)
    return ax


def legend_above(ax: Axes, handles: Sequence[Any] | None = None, labels: Sequence[str] | None = None) -> Any:
    """The legend in one row above the plotting area, outside it (it hides no bar or dot) and within the
    figure's width (it adds no width, so a figure made for the text column stays that wide)."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    return ax.legend(
        handles=list(handles),
        labels=list(labels) if labels is not None else None,
        loc="lower right",  # from the right edge leftwards: over the labels, never past the figure
        bbox_to_anchor=(1.0, 1.01),
        ncol=max(len(handles), 1),
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.2,
        columnspacing=1.2,
        title=None,
    )


def figure_legend_above(figure: Any, handles: Sequence[Any], labels: Sequence[str]) -> Any:
    """One legend, in one row, above all the panels of ``figure``: outside every plotting area (with a
    constrained layout the panels make room for it, without one it sits at the figure's top edge)."""
    engine = figure.get_layout_engine()
    constrained = engine is not None and type(engine).__name__ == "ConstrainedLayoutEngine"
    return figure.legend(
        handles=list(handles),
        labels=list(labels),
        loc="outside upper center" if constrained else "lower center",
        bbox_to_anchor=None if constrained else (0.5, 1.0),
        ncol=max(len(handles), 1),
        frameon=False,
        handlelength=1.2,
        columnspacing=1.2,
    )


def _place_sort_key(column: pd.Series[Any]) -> pd.Series[Any]:
    """Sort key: places in the style's order; other columns unchanged."""
    if column.name == "locality":
        order = _places_in_order([str(p) for p in column])
        return column.map({p: i for i, p in enumerate(order)})
    return column


def setup_notebook(places: PlaceStyle | None = None) -> None:
    """One call at the top of every chapter: the theme, the CJK font, the places' order and colours, and
    pandas display options."""
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 3)
    set_theme(places)


# --------------------------------------------------------------------------------------------------
# Programmes (chapter 03): kinds by place, the place x programme matrix, mention rates


def _places_in_order(places: Sequence[str]) -> list[str]:
    """``places`` in the style's order, unknown places after them, sorted."""
    return _STYLE.sort(places)


def _colour(place: str | None) -> str:
    return _STYLE.colour(place)


def _colour_place_labels(labels: Sequence[Any], places: Sequence[str | None]) -> None:
    """Colour tick labels by place (labels and places in the same order); unknown places stay black."""
    for label, place in zip(labels, places, strict=True):
        if place is not None and _colour(place) != UNKNOWN_COLOUR:
            label.set_color(_colour(place))


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
    colours = [_colour(p) for p in data["locality"]]
    positions = list(range(len(data)))
    ax.barh(positions, data[value].astype(float), color=colours)
    ax.set_yticks(positions, [str(v) for v in data[label]])
    ax.invert_yaxis()
    name = "programme mentions per 10,000 characters" if value == "mentions_per_10k" else value
    ax.set_xlabel(name, loc="right")  # a label wider than the bars would stick out of the figure
    ax.set_ylabel("")
    handles = [Patch(color=_colour(p), label=p) for p in order]
    legend_above(ax, handles, list(order))
    return ax


# --------------------------------------------------------------------------------------------------
# Comparison (chapters 05-06): dimension rates, intervals, distinctive terms, similarity matrices


def plot_rate_heatmap(
    rates: pd.DataFrame,
    ax: Axes | None = None,
    by: str = "locality",
    columns: list[str] | None = None,
    column_labels: dict[str, str] | None = None,
    column_places: dict[str, str] | None = None,
    row_labels: dict[str, str] | None = None,
    value: str = "rate",
    fmt: str = "{:.0f}",
) -> Axes:
    """Heatmap of ``value`` (default: hits per 10,000 characters) by dimension (rows, in the order of
    ``rates``) and group (columns: places in the book's order, or ``columns``), annotated.

    ``rates`` is ``compare.dimension_rates`` (long). ``row_labels`` renames dimensions (e.g. to their
    English names), ``column_labels`` renames columns (e.g. article ids to short labels) and
    ``column_places`` (column -> place) colours column labels by place and, without ``columns``, orders
    the columns by place (book order), then by name. Neutral sequential palette, darker = higher.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    for column in (by, "dimension", value):
        if column not in rates.columns:
            raise ValueError(f"plot_rate_heatmap: rates has no column '{column}'")
    if rates.empty:
        raise ValueError("plot_rate_heatmap: no rates to plot")
    groups = [str(g) for g in rates[by].unique()]
    if columns is not None:
        order = list(columns)
    elif column_places:
        rank = {p: i for i, p in enumerate(_STYLE.order)}
        order = sorted(groups, key=lambda g: (rank.get(column_places.get(g, ""), len(rank)), g))
    else:
        order = _places_in_order(groups)
    dims = list(dict.fromkeys(rates["dimension"]))
    wide = rates.assign(_group=rates[by].astype(str)).pivot(index="dimension", columns="_group", values=value)
    data = wide.reindex(index=dims, columns=order).astype(float)
    notes = data.map(lambda v: "" if pd.isna(v) else fmt.format(v))
    data = data.set_axis([(row_labels or {}).get(d, d) for d in dims], axis=0)
    data = data.set_axis([(column_labels or {}).get(c, c) for c in order], axis=1)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * len(order) + 3.0, 0.4 * len(dims) + 1.2))
    sns.heatmap(
        data, annot=notes.to_numpy(), fmt="", cmap="Blues", vmin=0.0, linewidths=0.5, cbar=False, ax=ax
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    ax.xaxis.tick_top()
    places = [(column_places or {}).get(c, c) for c in order]
    _colour_place_labels(ax.get_xticklabels(), places)
    return ax


def _wrap(label: str, width: int) -> str:
    """``label`` on lines of about ``width`` characters: broken before a parenthesis if it has one (and
    the words before it wrapped at ``width``), else on two lines at a space."""
    import textwrap

    if len(label) <= width or " " not in label:
        return label
    if " (" in label:
        head, _, tail = label.partition(" (")
        return "\n".join([*textwrap.wrap(head, width=width), f"({tail}"])
    lines = textwrap.wrap(label, width=max(width, (len(label) + 1) // 2))
    return "\n".join([lines[0], " ".join(lines[1:])])


def short_article_label(article_id: str) -> str:
    """``000_e68ce179375f246f-1`` → ``000-1``: the file number and the article number, short enough to
    stand horizontally over a column."""
    doc, sep, article = str(article_id).partition("-")
    return doc.split("_", 1)[0] + sep + article


def plot_article_heatmap(
    values: pd.DataFrame,
    article_places: Mapping[str, str],
    ax: Axes | None = None,
    row_labels: Mapping[str, str] | None = None,
    column_labels: Mapping[str, str] | None = None,
    fmt: str = "{:.0f}",
    blank_zero: bool = False,
    wrap: int = 20,
) -> Axes:
    """Heatmap of rows (dimensions, stages …) by article, annotated, for a narrow column: articles are
    columns grouped by place (book order, then by id), labelled horizontally with a short id (``000-1``,
    :func:`short_article_label`, or ``column_labels``) under the cells in the place's colour, a white
    rule between places and the places' colours in a legend above; rows keep the order of ``values`` and take
    ``row_labels`` (short English names: Chinese names belong in a table, not in a rotated label).

    ``values`` is wide: one row per item, one column per article id (e.g. ``compare.stage_matrix(...).T``
    or a pivot of ``compare.dimension_rates(by="article_id")``). ``blank_zero`` leaves zero cells empty;
    row labels longer than ``wrap`` characters go on two lines, which leaves the cells room for their ids.
    Neutral sequential palette, darker = higher, no colour bar (the cells carry their values).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if values.empty or values.shape[1] == 0:
        raise ValueError("plot_article_heatmap: no values to plot")
    missing = [str(a) for a in values.columns if str(a) not in article_places]
    if missing:
        raise ValueError(f"plot_article_heatmap: no place for article(s) {', '.join(missing)}")
    rank = {p: i for i, p in enumerate(_places_in_order([article_places[str(a)] for a in values.columns]))}
    order = sorted((str(a) for a in values.columns), key=lambda a: (rank[article_places[a]], a))
    data = values.set_axis([str(a) for a in values.columns], axis=1)[order].astype(float)
    notes = data.map(lambda v: "" if pd.isna(v) or (blank_zero and v == 0) else fmt.format(v))
    labels = [(column_labels or {}).get(a, short_article_label(a)) for a in order]
    rows = [_wrap((row_labels or {}).get(str(r), str(r)), wrap) for r in data.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(0.55 * len(order) + 2.6, 0.36 * len(rows) + 1.3), layout="constrained")
    sns.heatmap(
        data.set_axis(rows, axis=0).set_axis(labels, axis=1),
        annot=notes.to_numpy(),
        fmt="",
        cmap="Blues",
        vmin=0.0,
        linewidths=0.5,
        cbar=False,
        ax=ax,
    )
    from matplotlib.patches import Patch

    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=0, length=0)
    ax.tick_params(axis="y", rotation=0)
    places = [article_places[a] for a in order]
    _colour_place_labels(ax.get_xticklabels(), places)
    for k in range(1, len(order)):
        if places[k] != places[k - 1]:
            ax.axvline(k, color="white", linewidth=3)
    groups = list(dict.fromkeys(places))
    legend_above(ax, [Patch(color=_colour(p)) for p in groups], groups)
    return ax


def plot_rate_intervals(
    rates: pd.DataFrame,
    ax: Axes | None = None,
    row_labels: dict[str, str] | None = None,
    places: list[str] | None = None,
) -> Axes:
    """Dot-and-whisker plot: each dimension's rate per place (dot) with its bootstrap interval (whisker).

    ``rates`` is ``compare.dimension_rates`` by locality with ci_low/ci_high. Dimensions run top to
    bottom in the order of ``rates``; places are offset vertically and keep their colour and a marker of
    their own (readable in greyscale).
    """
    import matplotlib.pyplot as plt

    for column in ("locality", "dimension", "rate", "ci_low", "ci_high"):
        if column not in rates.columns:
            raise ValueError(f"plot_rate_intervals: rates has no column '{column}'")
    if rates.empty:
        raise ValueError("plot_rate_intervals: no rates to plot")
    places = places or _places_in_order([str(p) for p in rates["locality"].unique()])
    dims = list(dict.fromkeys(rates["dimension"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.5 * len(dims) + 1.2))
    markers = ["o", "s", "D", "^", "v"]
    step = 0.8 / max(len(places), 1)
    for i, place in enumerate(places):
        block = rates[rates["locality"] == place].set_index("dimension").reindex(dims)
        y = [k + (i - (len(places) - 1) / 2) * step for k in range(len(dims))]
        x = block["rate"].astype(float).to_numpy()
        low = (x - block["ci_low"].astype(float).to_numpy()).clip(min=0)
        high = (block["ci_high"].astype(float).to_numpy() - x).clip(min=0)
        ax.errorbar(
            x,
            y,
            xerr=[low, high],
            fmt=markers[i % len(markers)],
            color=_colour(place),
            ecolor=_colour(place),
            elinewidth=1.5,
            capsize=2.5,
            markersize=5,
            label=place,
        )
    ax.set_yticks(range(len(dims)), [(row_labels or {}).get(d, d) for d in dims])
    ax.set_ylim(len(dims) - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.set_xlabel("hits per 10,000 characters (95% bootstrap interval)")
    ax.set_ylabel("")
    legend_above(ax)
    return ax


def plot_top_terms(
    top: pd.DataFrame, axes: Sequence[Axes] | None = None, places: list[str] | None = None, n: int = 10
) -> Any:
    """One panel per place: horizontal bars of the z-scores of its ``n`` most distinctive terms.

    ``top`` is ``compare.top_terms(compare.weighted_log_odds(tokens))`` (columns locality, rank, term,
    z). Terms are labelled in Chinese, the strongest at the top; bars keep the place's colour. Returns the
    array of axes (created with one row of panels when ``axes`` is None).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    for column in ("locality", "term", "z"):
        if column not in top.columns:
            raise ValueError(f"plot_top_terms: top has no column '{column}'")
    places = places or _places_in_order([str(p) for p in top["locality"].unique()])
    if axes is None:
        _, axes = plt.subplots(1, len(places), figsize=(3.2 * len(places), 0.32 * n + 1.4))
    panels: Any = np.atleast_1d(cast(Any, axes))
    if len(panels) != len(places):
        raise ValueError(f"plot_top_terms: {len(places)} places but {len(panels)} axes")
    for ax, place in zip(panels, places, strict=True):
        block = top[top["locality"] == place].sort_values("z", ascending=False, kind="mergesort").head(n)
        positions = list(range(len(block)))
        ax.barh(positions, block["z"].astype(float), color=_colour(place))
        ax.set_yticks(positions, block["term"].astype(str).tolist())
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_title(place, color=_colour(place))
        ax.set_xlabel("")
    middle = panels[len(panels) // 2]
    middle.set_xlabel("z (weighted log-odds)")  # once, under the middle panel: the panels share it
    return panels


def plot_similarity_pairs(
    matrices: Mapping[str, pd.DataFrame],
    ax: Axes | None = None,
    fmt: Mapping[str, str] | None = None,
    wrap: int = 12,
) -> Axes:
    """One heatmap of place pairs (rows: each pair once, in the book's order, ``Gongyi – Zhongyuan``) by
    measure (columns: the keys of ``matrices``, on up to two horizontal lines), annotated; every label is
    horizontal and English, so it reads in a narrow column.

    ``matrices`` are square place × place similarity matrices in [0, 1] (``compare.cosine_similarity_*``,
    ``compare.programme_overlap(..., jaccard=True)``); one colour scale from 0 to 1 for all of them
    (darker = more similar), so a pale column is a low similarity, not a different scale. ``fmt`` gives a
    format per key (default ``{:.2f}``).
    """
    import itertools

    import matplotlib.pyplot as plt
    import seaborn as sns

    if not matrices:
        raise ValueError("plot_similarity_pairs: no matrices")
    places = _places_in_order([str(p) for m in matrices.values() for p in m.index])
    pairs = list(itertools.combinations(places, 2))
    data = pd.DataFrame(
        {
            key: [
                float(cast(Any, m.at[a, b])) if a in m.index and b in m.columns else float("nan")
                for a, b in pairs
            ]
            for key, m in matrices.items()
        },
        index=[f"{a} – {b}" for a, b in pairs],
    )
    notes = pd.DataFrame(
        {
            key: ["" if pd.isna(v) else (fmt or {}).get(key, "{:.2f}").format(v) for v in data[key]]
            for key in data.columns
        },
        index=data.index,
    )
    if ax is None:
        _, ax = plt.subplots(
            figsize=(1.2 * len(matrices) + 2.4, 0.5 * len(pairs) + 1.2), layout="constrained"
        )
    sns.heatmap(
        data.set_axis([_wrap(str(k), wrap) for k in data.columns], axis=1),
        annot=notes.to_numpy(),
        fmt="",
        cmap="Greens",
        vmin=0.0,
        vmax=1.0,
        linewidths=0.5,
        cbar=False,
        ax=ax,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", rotation=0, length=0)
    return ax


# --------------------------------------------------------------------------------------------------
# Metrics (chapter 04): quantities per unit class and place, hedging per place


def plot_metric_classes(
    profile: pd.DataFrame,
    axes: Sequence[Axes] | None = None,
    labels: dict[str, str] | None = None,
    places: list[str] | None = None,
) -> Sequence[Axes]:
    """Two panels of horizontal bars, one bar per place (place colours) for each unit class: the count
    of quantities (left) and the rate per 10,000 body characters (right), classes top to bottom as in
    ``profile``.

    ``profile`` is ``metrics.class_profile`` (unit_class, locality, n_metrics, per_10k); ``labels`` maps a
    class to its tick label (``metrics.class_labels``: ``items (个 项 条 …)``). Returns the two axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    for column in ("unit_class", "locality", "n_metrics", "per_10k"):
        if column not in profile.columns:
            raise ValueError(f"plot_metric_classes: profile has no column '{column}'")
    if profile.empty:
        raise ValueError("plot_metric_classes: no quantities to plot")
    classes = list(dict.fromkeys(profile["unit_class"]))
    order = places if places is not None else _places_in_order([str(p) for p in profile["locality"].unique()])
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9.0, 0.32 * len(classes) * len(order) / 2 + 1.5), sharey=True)
    ax_count, ax_rate = axes
    height = 0.8 / len(order)
    data = profile.set_index(["unit_class", "locality"])
    for k, place in enumerate(order):
        positions = [i - 0.4 + height * (k + 0.5) for i in range(len(classes))]
        colour = _colour(place)
        for ax, column in ((ax_count, "n_metrics"), (ax_rate, "per_10k")):
            values = [float(data[column].get((c, place), 0.0)) for c in classes]
            ax.barh(positions, values, height=height, color=colour, label=place)
    names = [labels.get(c, c) if labels else c for c in classes]
    ax_count.set_yticks(range(len(classes)), names)
    ax_count.invert_yaxis()
    ax_count.set_xlabel("quantities")
    ax_rate.set_xlabel("per 10,000 characters")
    ax_rate.tick_params(axis="y", left=False)
    for ax in axes:
        ax.set_ylabel("")
        ax.grid(axis="y", visible=False)
    handles = [Patch(color=_colour(p), label=p) for p in order]
    figure_legend_above(ax_count.get_figure(), handles, list(order))
    return axes


def plot_hedging(summary: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: the share of each place's quantities that are hedged (多, 余, 近, 约 …), in place
    colours, with the 95 % interval as a black line and ``k of n`` written at the end of each bar.

    ``summary`` is the first table of ``metrics.hedging_by_place`` (locality, n_metrics, n_approx,
    share_approx, ci_low, ci_high). Places in the book's order.
    """
    import matplotlib.pyplot as plt

    for column in ("locality", "n_metrics", "n_approx", "share_approx", "ci_low", "ci_high"):
        if column not in summary.columns:
            raise ValueError(f"plot_hedging: summary has no column '{column}'")
    if summary.empty:
        raise ValueError("plot_hedging: no places to plot")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 0.6 * len(summary) + 1.0))
    order = _places_in_order([str(p) for p in summary["locality"]])
    data = summary.set_index("locality").loc[order]
    positions = list(range(len(order)))
    shares = data["share_approx"].astype(float).to_numpy()
    ax.barh(positions, shares, color=[_colour(p) for p in order], height=0.6)
    low = shares - data["ci_low"].astype(float).to_numpy()
    high = data["ci_high"].astype(float).to_numpy() - shares
    ax.errorbar(shares, positions, xerr=[low, high], fmt="none", ecolor="black", capsize=4, linewidth=1)
    for y, (k, n, top) in enumerate(zip(data["n_approx"], data["n_metrics"], data["ci_high"], strict=True)):
        ax.text(float(top) + 0.01, y, f"{int(k)} of {int(n)}", va="center")  # as large as the labels
    ax.set_yticks(positions, order)
    _colour_place_labels(ax.get_yticklabels(), order)
    ax.invert_yaxis()
    ax.set_xlim(0, min(1.0, float(data["ci_high"].max()) * 1.45 + 0.02))
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    ax.set_xlabel("share of quantities hedged (95 % interval)")
    ax.set_ylabel("")
    return ax
