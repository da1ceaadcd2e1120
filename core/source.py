"""Places in a source file, and the excerpt of a line that shows one.

A :class:`Span` is where a node of a program (or a finding about it) sits:
1-based line and column of its first character, and where it ends
(exclusive). :func:`source_lines` splits a text where the lexer counts lines
(at ``\n`` only), so line N of a finding is the line quoted. :func:`excerpt`
cuts a long source line down to a window around a span, so a finding on a
5,000-character line still prints one screen line, and shows control
characters as visible symbols. :func:`printable_path` writes a file name so
that it cannot forge or colour an output line.
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


def source_lines(text: str, *, keepends: bool = False) -> list[str]:
    """The lines of a program text as the lexer numbers them: split at ``\n`` only.

    ``str.splitlines`` also ends a line at a form feed, a vertical tab,
    ``\x1c``-``\x1e``, ``\x85``, U+2028 and U+2029, which the lexer takes as
    ordinary characters; a form feed in a comment would then make every later
    finding quote the line above the one it names."""
    if not keepends:
        return text.split("\n")
    pieces = text.split("\n")
    out = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        out.append(pieces[-1])
    return out


def _visible(ch: str) -> str:
    """One character of a quoted source line, as one visible column."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: \f shows as U+240C
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0 or ch in "\u2028\u2029" or 0xD800 <= code < 0xE000:
        return "\ufffd"
    return ch


#: Characters that would move the cursor, start an escape sequence or end a line.
_CONTROL = frozenset(chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029))


def is_control(ch: str) -> bool:
    """A C0 or C1 control (ESC, form feed, CR, NEL), DEL, or a line or paragraph
    separator: what a terminal acts on instead of showing."""
    return ch in _CONTROL


def visible_line(line: str) -> str:
    """A source line with each control character (an ANSI escape's ESC, a form
    feed, a carriage return) shown as one visible symbol, so quoting it can neither
    colour the terminal nor break the caret's column. Tabs are the caller's."""
    if not any(ch in _CONTROL or "\ud800" <= ch <= "\udfff" for ch in line):
        return line
    return "".join(_visible(ch) for ch in line)


def printable_path(path: str) -> str:
    """A path as output shows it: control characters, line ends and undecodable
    bytes written as Python escapes (``\\n``, ``\\x1b``, ``\\xff``), so a file
    named ``a.stride\\nb.stride:1:1: E101 error: ...`` prints on one line and
    forges nothing."""
    if path.isprintable():
        return path
    out = []
    for ch in path:
        code = ord(ch)
        if ch.isprintable():
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append(f"\\x{code - 0xDC00:02x}")
        else:
            out.append(repr(ch)[1:-1])
    return "".join(out)
