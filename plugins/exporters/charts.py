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
from matplotlib.ticker import MaxNLocator

from stridelift.plugins.exporters.figures import Figure

#: Colours that stay apart for the colour-blind (Okabe and Ito's palette).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
PLANNED = "#7f7f7f"
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
        canvas = MplFigure(figsize=(4.2, 2.4), dpi=72, layout="constrained")
        axes = canvas.add_subplot()
        colour = 0
        for series in figure.series:
            weeks = sorted(series.values)
            values = [series.values[w] for w in weeks]
            style: dict[str, Any]
            if series.kind == "planned":
                style = {"color": PLANNED, "linestyle": "--", "marker": "o", "markersize": 3}
            else:
                style = {"color": COLOURS[colour % len(COLOURS)], "marker": "o", "markersize": 4}
                colour += 1
            if figure.bars:
                axes.bar(weeks, values, color=style["color"], label=series.label, width=0.6)
            else:
                axes.plot(weeks, values, label=series.label, linewidth=1.5, **style)
        if first <= last_logged < last:
            axes.axvline(last_logged + 0.5, color="#bbbbbb", linewidth=1, linestyle=":")
        axes.set_xlim(first - 0.5, last + 0.5)
        if figure.limits is not None:
            axes.set_ylim(*figure.limits)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
        axes.set_xlabel("week")
        axes.set_ylabel(figure.unit)
        axes.set_title(figure.title, loc="left", fontsize=10)
        axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        if len(figure.series) > 1:
            axes.legend(loc="best", fontsize=8, frameon=False)
        out = io.StringIO()
        canvas.savefig(out, format="svg", metadata={"Date": None})
    return inline(out.getvalue(), figure.title)


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
