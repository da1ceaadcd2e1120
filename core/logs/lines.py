"""A log file's lines, read one at a time: numbered, bounded in length, decoded as UTF-8.

The readers never hold the whole file: each line is read from the open file,
decoded and handed on, so memory grows with the records kept, not with the
file. A line longer than ``LIMITS["log.line_bytes"]`` is never held either:
its first bytes tell whether it is a file with CR-only line ends (one
"line" holding the whole file), and the rest is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from stridelift.core.units import LIMITS

#: The longest line a log may hold, in bytes, its line end aside.
LINE_BYTES = int(LIMITS["log.line_bytes"].high)

#: How much of a too-long line is read at a time while skipping it.
_CHUNK = 1 << 16

CR_ONLY = (
    "the line ends are CR only (as old Mac files have them): stridelift reads lines "
    "that end in LF or CR LF"
)
CR_ONLY_HINT = "save the log with Unix (LF) or Windows (CR LF) line ends; most editors offer both"


class LongLine(NamedTuple):
    """A line over the limit, skipped unread; ``lone_cr`` when its first bytes hold a
    carriage return that ends no line (CR-only line ends, not a long record)."""

    lone_cr: bool


def too_long_message() -> str:
    return f"the line is too long: a log line holds {LIMITS['log.line_bytes'].words}"


class NotUTF8(Exception):
    """A line that is not UTF-8 text: the file is in another encoding."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def has_lone_cr(text: str) -> bool:
    """True when a carriage return inside ``text`` ends no line (CR-only line ends)."""
    body = text.rstrip("\r\n")
    return "\r" in body


def numbered_lines(
    source: BinaryIO, limit: int = LINE_BYTES
) -> Iterator[tuple[int, str | LongLine]]:
    """Each line of ``source`` with its number (from 1), as text with its line end
    (``\\n`` or ``\\r\\n``; the last line of a file that does not end its lines has
    none), or :class:`LongLine` for a line over ``limit`` bytes. The byte-order mark
    spreadsheets write is left out. Raises :class:`NotUTF8` at the first line that
    is not UTF-8 text."""
    readline = source.readline
    number = 0
    # Room for the limit and a CR LF: a longer read that ends no line is over the limit.
    room = limit + 2
    while True:
        raw = readline(room)
        if not raw:
            return
        number += 1
        if (len(raw) == room and not raw.endswith(b"\n")) or len(raw.rstrip(b"\r\n")) > limit:
            lone_cr = b"\r" in raw.rstrip(b"\r\n").replace(b"\r\n", b"")
            while raw and not raw.endswith(b"\n"):
                raw = readline(_CHUNK)
            yield number, LongLine(lone_cr)
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise NotUTF8(number, _not_utf8(raw, number, error)) from None
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield number, text


def _not_utf8(raw: bytes, number: int, error: UnicodeDecodeError) -> str:
    return (
        f"the log is not UTF-8 text: byte 0x{raw[error.start]:02x} on line {number}, "
        f"column {error.start + 1} is not valid UTF-8"
    )
