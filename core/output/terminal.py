"""Terminal colour: whether to use it, and the one painter (rich's styles, loaded lazily).

Everything stridelift colours goes through :func:`painter`; no other module
writes an escape sequence. rich is imported only when colour is on, so a run
into a pipe or a file (CI, goldens, ``| head``) never loads it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

#: ``paint(text, style)``: ``style`` is a rich style such as ``"bold"`` or ``"bold red"``.
Paint = Callable[[str, str], str]


def plain(text: str, style: str) -> str:
    """The painter when colour is off: the text as it is."""
    return text


def colour_wanted(option: str, stream: TextIO | None = None) -> bool:
    """``--color always|never|auto``: auto is colour on a terminal unless ``NO_COLOR`` is set
    (https://no-color.org)."""
    if option == "always":
        return True
    if option == "never" or os.environ.get("NO_COLOR"):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def painter(colour: bool) -> Paint:
    """A painter that colours with the 16 standard ANSI colours, or :func:`plain`."""
    if not colour:
        return plain
    from rich.color import ColorSystem
    from rich.style import Style

    styles: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        found = styles.get(style)
        if found is None:
            found = styles[style] = Style.parse(style)
        return found.render(text, color_system=ColorSystem.STANDARD)

    return paint
