"""Charts as inline SVG, drawn with matplotlib (the ``html`` extra).

Deterministic: the same figure gives the same bytes. matplotlib's SVG ids come
from a hash salted with ``svg.hashsalt`` (set per chart, so two charts in one
page never share an id), the file's date is left out (``metadata={"Date":
None}``), and text is written as text (``svg.fonttype = "none"``) rather than
as glyph outlines of whichever font is installed. Only the object-oriented API
is used (``matplotlib.figure.Figure``): no pyplot, no GUI backend, no global
state.
"""

from __future__ import annotations

import io
import re
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from stridelift.plugins.exporters.figures import Figure

#: Colours that stay apart for the colour-blind (Okabe and Ito's palette).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
PLANNED = "#7f7f7f"
TREND = "#333333"
#: A marker per logged series, so lines that overlap (left and right even) stay apart.
MARKERS = ("o", "s", "^", "D", "v", "P")
_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def draw(figure: Figure, first: int, last: int, last_logged: int) -> str:
    """``figure`` as an ``<svg>`` element for a page, over weeks ``first`` to ``last``;
    a line marks the last logged week when planned weeks follow it."""
    settings: Any = {**_RC, "svg.hashsalt": f"stridelift-{figure.id}"}
    with rc_context(settings):
        legend = len(figure.series) + len(figure.references) > 1
        canvas = MplFigure(figsize=(4.2, 2.7 if legend else 2.4), dpi=72, layout="constrained")
        axes = canvas.add_subplot()
        colour = 0
        bars = [series for series in figure.series if figure.bars and series.kind != "trend"]
        width = 0.7 / max(1, len(bars))
        for series in figure.series:
            weeks = sorted(series.values)
            values = [series.values[w] for w in weeks]
            style: dict[str, Any]
            if series.kind == "planned":
                style = {"color": PLANNED, "linestyle": "--", "marker": "o", "markersize": 3}
            elif series.kind == "trend":
                style = {"color": TREND, "linestyle": "-", "linewidth": 1, "alpha": 0.7}
            else:
                style = {
                    "color": COLOURS[colour % len(COLOURS)],
                    "marker": MARKERS[colour % len(MARKERS)],
                    "markersize": 4,
                }
                colour += 1
            if series in bars:
                offset = (bars.index(series) - (len(bars) - 1) / 2) * width
                axes.bar(
                    [w + offset for w in weeks],
                    values,
                    color=style["color"],
                    label=series.label,
                    width=width,
                )
            else:
                style.setdefault("linewidth", 1.5)
                axes.plot(weeks, values, label=series.label, **style)
        for number, (label, value) in enumerate(figure.references):
            axes.axhline(
                value,
                color=COLOURS[number % len(COLOURS)],
                linewidth=1,
                linestyle=":",
                label=label,
            )
        if first <= last_logged < last:
            axes.axvline(last_logged + 0.5, color="#bbbbbb", linewidth=1, linestyle=":")
        axes.set_xlim(first - 0.5, last + 0.5)
        if figure.limits is not None:
            axes.set_ylim(*figure.limits)
        elif figure.from_zero:
            axes.set_ylim(bottom=0)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
        axes.set_xlabel("week")
        axes.set_ylabel(figure.unit)
        if figure.unit == "min/km":
            axes.yaxis.set_major_formatter(FuncFormatter(_pace))
        axes.set_title(figure.title, loc="left", fontsize=10)
        axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        if legend:
            entries = len(figure.series) + len(figure.references)
            canvas.legend(
                loc="outside lower center", ncols=min(entries, 3), fontsize=8, frameon=False
            )
        out = io.StringIO()
        canvas.savefig(out, format="svg", metadata={"Date": None})
    return inline(out.getvalue(), figure.title)


def _pace(minutes: float, _position: object = None) -> str:
    """A pace axis' tick, ``5:30`` rather than ``5.5``."""
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def inline(svg: str, label: str) -> str:
    """A standalone SVG document as an element of a page: no XML declaration or
    DOCTYPE, scalable (the fixed width and height become the viewBox's), labelled."""
    start = svg.index("<svg")
    element = svg[start:].strip()
    head_end = element.index(">")
    head = element[:head_end]
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    from html import escape

    head += f' role="img" aria-label="{escape(label)}"'
    return head + element[head_end:]
