"""An athlete's log: what they did (sets, runs), how they felt (check-ins), and who they are.

A log is a file of records, each with a ``type``: ``set``, ``checkin``, ``run``
or ``athlete``. It is written as JSON Lines (one JSON object a line; blank
lines and ``#`` comments allowed) or as CSV (a header row naming the columns,
then one record a row). The shipped JSON Schemas (``schemas/log-*.schema.json``)
define the records; ``docs/logs.md`` is the reference for coaches and runners.

Reading never raises on bad input. Every problem, in a runner's words, is a
:class:`LogProblem` with the file, line, field and a hint; a record with any
problem is left out of the :class:`Log` and its line listed in
``LogReading.skipped``. Whether to refuse the log or go on without those
records (``--skip-invalid``) is the caller's decision.

A log is read as a stream: a line at a time from the open file (only regular
files are opened: a FIFO or a device would block or never end), each line
bounded in length, and only the records kept and the problems' lines are held.

The schemas define the records: field order, JSON types, ranges and CSV cell
conversions are all read from them. Their ranges are the log rows of
``LIMITS`` (``core/units.py``), where every bounded number of stridelift is
stated once; a test holds the two equal. Most records are accepted by
:func:`stridelift.core.schemas.quick_check`; a record it does not pass goes to
the jsonschema validator, which has the last word and supplies the errors.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Collection
from typing import BinaryIO

from stridelift.core.files import NotRegularFile, kind_of, open_regular
from stridelift.core.logs.csv_rows import read_csv_lines
from stridelift.core.logs.intake import Intake, Stop, fatal_reading
from stridelift.core.logs.jsonl import read_jsonl_lines
from stridelift.core.logs.lines import LINE_BYTES, NotUTF8, numbered_lines, universal_lines
from stridelift.core.logs.problems import LogReading
from stridelift.core.logs.records import Format


def _format_of(path: str, source: BinaryIO) -> Format:
    """The format the path's extension names, else the one the first record looks like
    (the file is read up to that line, then rewound)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    try:
        while line := source.readline(LINE_BYTES):
            stripped = line.strip().removeprefix(b"\xef\xbb\xbf").strip()
            if stripped and not stripped.startswith(b"#"):
                return "jsonl" if stripped.startswith(b"{") else "csv"
        return "jsonl"
    finally:
        source.seek(0)


def parse_log(
    text: str,
    path: str,
    *,
    format: Format | None = None,
    exercises: Collection[str] | None = None,
    measures: Collection[str] | None = None,
) -> LogReading:
    """Read a log from text. The format comes from ``format``, else the path's extension
    (.jsonl, .ndjson, .json; .csv), else the text (JSON Lines when it starts with ``{``).
    ``exercises``, when given, are the known exercise names; with ``measures`` too, an
    assessment result must test one of either."""
    return read_stream(
        io.BytesIO(text.encode("utf-8")),
        path,
        format=format,
        exercises=exercises,
        measures=measures,
    )


def read_log(
    path: str | os.PathLike[str],
    *,
    exercises: Collection[str] | None = None,
    format: Format | None = None,
    measures: Collection[str] | None = None,
) -> LogReading:
    """Read a log file; see :func:`parse_log`. Never raises on a bad or missing file, and
    never blocks: a FIFO, a device, a socket or a folder is refused before a byte is read.
    The file is read a line at a time, so memory grows with the records, not the file."""
    name = os.fspath(path)
    try:
        source = open_regular(name)
    except OSError as error:
        return fatal_reading(name, 0, _unreadable(error), _unreadable_hint(error), code="L001")
    with source:
        try:
            return read_stream(source, name, format=format, exercises=exercises, measures=measures)
        except OSError as error:  # the disk failed under the read
            return fatal_reading(name, 0, _unreadable(error), "check the file", code="L001")


def read_stream(
    source: BinaryIO,
    path: str,
    *,
    format: Format | None = None,
    exercises: Collection[str] | None = None,
    measures: Collection[str] | None = None,
) -> LogReading:
    """Read a log from an open binary file that can be rewound (a regular file, or
    bytes in memory); ``path`` names it in the problems."""
    reader = Intake(path, exercises, measures)
    csv = (format or _format_of(path, source)) == "csv"
    lines = universal_lines(source) if csv else numbered_lines(source)
    try:
        try:
            if csv:
                fatal = read_csv_lines(lines, reader)
            else:
                read_jsonl_lines(lines, reader)
                fatal = None
        except Stop as stop:
            fatal = fatal_reading(
                path, stop.line, stop.message, stop.hint, code=stop.code, quoted=reader.quoted
            )
        if fatal is not None:
            # A file that is not UTF-8 says so first, wherever the bytes are: the
            # encoding is the problem to fix before the layout.
            for _ in lines:
                pass
            return fatal
        return reader.reading()
    except NotUTF8 as error:
        hint = "save the log as UTF-8 (in a spreadsheet: CSV UTF-8)"
        return fatal_reading(path, error.line, error.message, hint, code="L002")


def _not_regular(error: OSError) -> str | None:
    """What the path is when it is there but not a regular file: "a socket" (which
    open() refuses with ENXIO before open_regular can look), or None."""
    if isinstance(error, NotRegularFile):
        return error.strerror
    if error.filename is None or isinstance(error, FileNotFoundError | PermissionError):
        return None
    try:
        mode = os.stat(error.filename).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else kind_of(mode)


def _unreadable(error: OSError) -> str:
    what = _not_regular(error)
    if what is not None:
        return f"this is {what}, not a log file"
    if isinstance(error, FileNotFoundError):
        return "the log file does not exist"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a log file"
    if isinstance(error, PermissionError):
        return "the log file cannot be read: permission denied"
    if error.errno == errno.ELOOP:
        return "the log path is a symlink loop: it links back to itself"
    return f"the log file cannot be read: {error.strerror or error}"


def _unreadable_hint(error: OSError) -> str:
    if _not_regular(error) is not None:
        return "give the path of the log file itself (.jsonl or .csv)"
    if error.errno == errno.ELOOP:
        return "point the link at the log file"
    return "check the path"
