"""Places in a source file, and the excerpt of a line that shows one.

A :class:`Span` is where a node of a program (or a finding about it) sits:
1-based line and column of its first character, and where it ends
(exclusive). :func:`excerpt` cuts a long source line down to a window around
a span, so a finding on a 5,000-character line still prints one screen line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

_C = TypeVar("_C", bound=type)


def pickled_by_fields(cls: _C) -> _C:
    """Pickle a frozen, slotted dataclass as its class and field values.

    On Python 3.11 such a class pickles through ``__getstate__``/``__setstate__``
    functions that call ``dataclasses.fields()`` for every object, which made a
    large program's parse cost about as much to cache as to make. Constructing
    from the field values halves both directions.
    """
    names = tuple(f.name for f in fields(cls))
    values = attrgetter(*names) if len(names) > 1 else lambda node: (getattr(node, names[0]),)

    def __reduce__(self: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return (cls, values(self))

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """1-based line and column of a node's first character; end is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int, width: int = 1) -> Span:
        return cls(line, column, line, column + width)


#: The span of something that has no place in a file (a whole file, a built-in).
NO_SPAN = Span(0, 0, 0, 0)

#: The widest excerpt of a source line a finding shows.
MAX_EXCERPT = 120


def excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line down to a window around ``start:end`` (0-based columns): the
    text shown, and where the span starts and ends in it."""
    if len(line) <= MAX_EXCERPT:
        return line, start, end
    left = max(0, min(start - 20, len(line) - MAX_EXCERPT))
    piece = line[left : left + MAX_EXCERPT]
    prefix = "..." if left else ""
    suffix = "..." if left + MAX_EXCERPT < len(line) else ""
    shift = len(prefix) - left
    return prefix + piece + suffix, start + shift, min(end + shift, len(prefix) + len(piece))
