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

The schemas are the single source of truth: field order, JSON types, ranges
and CSV cell conversions are all read from them. Most records are accepted by
:func:`stridelift.core.schemas.quick_check`; a record it does not pass goes to
the jsonschema validator, which has the last word and supplies the errors.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import replace

from stridelift.core.logs.csv_rows import read_csv_text
from stridelift.core.logs.intake import Intake, fatal_reading
from stridelift.core.logs.jsonl import read_jsonl_text
from stridelift.core.logs.problems import LogReading
from stridelift.core.logs.records import Format


def _format_of(path: str, text: str) -> Format:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return "jsonl" if stripped.startswith("{") else "csv"
    return "jsonl"


def parse_log(
    text: str,
    path: str,
    *,
    format: Format | None = None,
    exercises: Collection[str] | None = None,
) -> LogReading:
    """Read a log from text. The format comes from ``format``, else the path's extension
    (.jsonl, .ndjson, .json; .csv), else the text (JSON Lines when it starts with ``{``).
    ``exercises``, when given, are the known exercise names."""
    text = text.removeprefix("\ufeff")  # spreadsheets save "CSV UTF-8" with a byte-order mark
    reader = Intake(path, exercises)
    if (format or _format_of(path, text)) == "csv":
        reading = read_csv_text(text, reader) or reader.reading()
    else:
        read_jsonl_text(text, reader)
        reading = reader.reading()
    return replace(reading, text=text) if reading.problems else reading


def read_log(
    path: str | os.PathLike[str],
    *,
    exercises: Collection[str] | None = None,
    format: Format | None = None,
) -> LogReading:
    """Read a log file; see :func:`parse_log`. Never raises on a bad or missing file."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as source:
            data = source.read()
    except OSError as error:
        return fatal_reading(name, 0, _unreadable(error), "check the path", code="L001")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return fatal_reading(name, *_not_utf8(data, error), code="L002")
    return parse_log(text, name, format=format, exercises=exercises)


def _unreadable(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "the log file does not exist"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a log file"
    if isinstance(error, PermissionError):
        return "the log file cannot be read: permission denied"
    return f"the log file cannot be read: {error.strerror or error}"


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[int, str, str]:
    start = error.start
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    message = (
        f"the log is not UTF-8 text: byte 0x{data[start]:02x} on line {line}, column {column} "
        "is not valid UTF-8"
    )
    hint = "save the log as UTF-8 (in a spreadsheet: CSV UTF-8)"
    return line, message, hint
