"""A log file's lines, read one at a time: numbered, bounded in length, decoded as UTF-8.

The readers never hold the whole file: each line is read from the open file,
decoded and handed on, so memory grows with the records kept, not with the
file. A line longer than ``LIMITS["log.line_bytes"]`` is never held either:
its first bytes tell whether it is a file with CR-only line ends (one
"line" holding the whole file), and the rest is skipped.
"""

from __future__ import annotations

import io
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
    """A line over the limit, skipped unread; ``cr_only`` when its first bytes show a
    file whose line ends are CR only (not one long record)."""

    cr_only: bool


def too_long_message() -> str:
    return f"the line is too long: a log line holds {LIMITS['log.line_bytes'].words}"


class NotUTF8(Exception):
    """A line that is not UTF-8 text: the file is in another encoding."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def cr_only(text: str) -> bool:
    """True when carriage returns inside ``text`` end lines of records (old Mac line
    ends): after one, a record or a comment starts. A stray CR inside a record (in a
    text value, say) is not that: the record's own problem says what is wrong."""
    body = text.rstrip("\r\n")
    if "\r" not in body:
        return False
    return any(part.lstrip().startswith(("{", "#")) for part in body.split("\r")[1:])


def numbered_lines(
    source: BinaryIO, limit: int = LINE_BYTES
) -> Iterator[tuple[int, str | LongLine]]:
    """Each line of ``source`` (ended by LF) with its number, from 1, as text with its
    line end (``\\n`` or ``\\r\\n``; the last line of a file that does not end its
    lines has none), or :class:`LongLine` for a line over ``limit`` bytes. The
    byte-order mark spreadsheets write is left out. Raises :class:`NotUTF8` at the
    first line that is not UTF-8 text."""
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
            start = raw.decode("utf-8", "replace")
            while raw and not raw.endswith(b"\n"):
                raw = readline(_CHUNK)
            yield number, LongLine(cr_only(start))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise NotUTF8(number, _not_utf8(raw, number, error.start)) from None
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield number, text


def universal_lines(
    source: BinaryIO, limit: int = LINE_BYTES
) -> Iterator[tuple[int, str | LongLine]]:
    """As :func:`numbered_lines`, but a line may end in CR, LF or CR LF, as the csv
    module and spreadsheets have it (Excel's "CSV (Macintosh)" ends lines in CR);
    the limit counts characters. Raises :class:`NotUTF8` with the line (counted by
    LF, as an editor shows it) and column of the first byte that is not UTF-8."""
    text_source = io.TextIOWrapper(source, encoding="utf-8", newline="")
    readline = text_source.readline
    number = 0
    room = limit + 2
    try:
        while True:
            text = readline(room)
            if not text:
                return
            number += 1
            if (len(text) == room and not text.endswith(("\n", "\r"))) or len(
                text.rstrip("\r\n")
            ) > limit:
                while text and not text.endswith(("\n", "\r")):
                    text = readline(_CHUNK)
                yield number, LongLine(False)
                continue
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield number, text
    except UnicodeDecodeError:
        raise _first_not_utf8(source) from None
    finally:
        text_source.detach()  # the caller closes the file


def _first_not_utf8(source: BinaryIO) -> NotUTF8:
    """Where the first byte that is not UTF-8 is (line and column, as
    :func:`numbered_lines` counts them), found again in bounded pieces."""
    source.seek(0)
    line, column = 1, 0  # column: the bytes of the line before the piece
    pending = b""
    while True:
        piece = source.read(_CHUNK)
        data = pending + piece
        if not data:
            return NotUTF8(line, "the log is not UTF-8 text")
        try:
            data.decode("utf-8")
            good, pending = data, b""
        except UnicodeDecodeError as error:
            cut = error.reason == "unexpected end of data" and piece
            if not cut:  # a byte that is wrong, not a character cut by the piece's end
                start = error.start
                newline = data.rfind(b"\n", 0, start)
                where = start - newline if newline >= 0 else column + start + 1
                at = line + data.count(b"\n", 0, start)
                return NotUTF8(at, _not_utf8(data, at, start, where))
            good, pending = data[: error.start], data[error.start :]
        newline = good.rfind(b"\n")
        line += good.count(b"\n")
        column = len(good) - newline - 1 if newline >= 0 else column + len(good)


def _not_utf8(raw: bytes, number: int, start: int, column: int = 0) -> str:
    return (
        f"the log is not UTF-8 text: byte 0x{raw[start]:02x} on line {number}, "
        f"column {column or start + 1} is not valid UTF-8"
    )
