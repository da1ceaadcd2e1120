"""Reading CSV logs: a header row naming the columns, then one record a row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from stridelift.core.logs.fields import properties_of
from stridelift.core.logs.intake import Intake, fatal_reading
from stridelift.core.logs.lines import LongLine, too_long_message
from stridelift.core.logs.messages import json_path, number_out_of_range
from stridelift.core.logs.numbers import OutOfRange, cell_number, clip
from stridelift.core.logs.problems import LogProblem, LogReading
from stridelift.core.logs.records import KINDS


@cache
def _cell_types(kind: str) -> dict[str, str]:
    return {name: str(spec.get("type", "string")) for name, spec in properties_of(kind).items()}


class _BeyondRange(ValueError):
    """A cell that is a number, but beyond any field's range and a float's."""


def _cell_value(cell: str, wanted: str) -> object:
    """A cell as the schema's type wants it: ValueError when it cannot be."""
    if wanted == "array":
        import json

        try:
            return json.loads(cell)  # the athlete's runs and races: JSON text in the cell
        except json.JSONDecodeError:
            raise ValueError(cell) from None
    if wanted not in ("integer", "number"):
        return cell
    value = cell_number(cell)
    if value is None:
        raise ValueError(cell)
    if isinstance(value, OutOfRange):
        raise _BeyondRange(cell)
    if wanted == "number" or isinstance(value, int):
        return value
    if value.is_integer():
        return int(value)  # "8.0" from a spreadsheet is 8
    raise ValueError(cell)


def _cell_problem(cell: str, wanted: str) -> tuple[str, str]:
    if wanted == "array":
        return (
            f"'{clip(cell)}' is not a JSON list",
            'write the list as JSON, like [{"day": "wed", "kind": "quality"}]',
        )
    noun = "whole number" if wanted == "integer" else "number"
    said = f"'{clip(cell)}' is not a {noun}"
    if "," in cell and cell_number(cell.replace(",", ".")) is not None:
        return said, "write decimals with a dot: 7.5, not 7,5"
    example = "8" if wanted == "integer" else "16 or 7.5"
    return said, f"write a {noun}, like {example}"


def _header_problem(reader: Intake, line: int, names: list[str], raw: str) -> LogReading | None:
    if "type" not in names:
        if any(name.lower() == "type" for name in names):
            hint = "column names are lower case: write `type`"
        elif ";" in raw or "\t" in raw:
            hint = "the values seem separated by `;` or tabs; save the file with commas"
        else:
            hint = "the first row must name the columns, like: type,date,exercise,set,reps"
        return fatal_reading(
            reader.path, line, "the CSV header has no `type` column", hint, code="L006"
        )
    for index, name in enumerate(names):
        if name and name in names[:index]:
            first = names.index(name) + 1
            message = f"the CSV header names `{name}` twice (columns {first} and {index + 1})"
            return fatal_reading(
                reader.path, line, message, "keep one of the two columns", code="L006"
            )
    return None


class _Feed:
    """The file's lines as the csv module reads them, one at a time (ended by CR, LF
    or CR LF, as the csv module and spreadsheets have it). It keeps the
    lines of the row being read (to quote them) and whether the last one ended; a
    line over the length limit is reported and read as a blank line."""

    def __init__(self, lines: Iterable[tuple[int, str | LongLine]], reader: Intake) -> None:
        self.lines = iter(lines)
        self.reader = reader
        self.row: dict[int, str] = {}
        self.ended = True

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        number, text = next(self.lines)
        if isinstance(text, LongLine):
            hint = "one record a row: split the line, or delete it if it is not a record"
            self.reader.reject(
                number, [self.reader.problem(number, "", too_long_message(), hint, code="L006")]
            )
            text = "\n"
        self.row[number] = text
        self.ended = text.endswith(("\n", "\r"))
        return text


def read_csv_lines(
    lines: Iterable[tuple[int, str | LongLine]], reader: Intake
) -> LogReading | None:
    """Read CSV rows into ``reader``; a LogReading only for a fatal header problem."""
    import csv

    feed = _Feed(lines, reader)
    rows = csv.reader(feed)
    names: list[str] | None = None
    while True:
        start = rows.line_num + 1
        feed.row.clear()
        before = len(reader.problems)
        try:
            row = next(rows)
        except StopIteration:
            return None
        except csv.Error as error:
            message = f"the CSV cannot be read from this line on: {error}"
            reader.reject(start, [reader.problem(start, "", message, code="L006")])
            _quote(reader, feed, start)
            return None
        if not any(cell.strip() for cell in row):
            _quote(reader, feed, start, before)
            continue
        if names is None:
            names = [cell.strip() for cell in row]
            fatal = _header_problem(reader, start, names, ",".join(row))
            if fatal is not None:
                return replace(fatal, quoted={start: feed.row.get(start, "")})
            continue
        if len(row) < len(names) and not feed.ended:
            # Some spreadsheets drop a row's trailing empty cells, so a short row is
            # fine, except as the last line of a file that does not end its lines:
            # that is a file cut off in the middle of a record.
            message = "the last line is cut off (the file may have been truncated)"
            hint = "restore the file from where it came, or delete the partial line"
            reader.reject(start, [reader.problem(start, "", message, hint, code="L006")])
        else:
            _take_row(reader, start, names, row)
        _quote(reader, feed, start, before)


def _quote(reader: Intake, feed: _Feed, start: int, before: int = -1) -> None:
    """Keep the row's first line to quote, when reading it found a problem."""
    if len(reader.problems) != before and start in feed.row:
        reader.quote(start, feed.row[start])


def _take_row(reader: Intake, line: int, names: list[str], row: list[str]) -> None:
    if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :]):
        message = f"the row has {len(row)} values but the header names {len(names)} columns"
        reader.reject(
            line, [reader.problem(line, "", message, "check for a stray comma", code="L006")]
        )
        return
    kind = row[names.index("type")].strip() if names.index("type") < len(row) else ""
    types = _cell_types(kind) if kind in KINDS else {}
    instance: dict[str, object] = {}
    early: list[LogProblem] = []
    unconverted: list[str] = []
    for index, (name, raw) in enumerate(zip(names, row, strict=False)):
        cell = raw.strip()
        if not cell:
            continue  # an empty cell: the field is absent
        if not name:
            message = f"column {index + 1} has a value but no name in the header"
            early.append(
                reader.problem(line, "", message, "name the column, or empty it", code="L006")
            )
            continue
        try:
            instance[name] = _cell_value(cell, types.get(name, "string"))
        except _BeyondRange:
            said = number_out_of_range(kind, name, cell)
            message, hint = (said, "") if said else _cell_problem(cell, types[name])
            early.append(reader.problem(line, json_path([name]), message, hint))
            unconverted.append(name)
            instance[name] = cell
        except ValueError:
            message, hint = _cell_problem(cell, types[name])
            early.append(reader.problem(line, json_path([name]), message, hint))
            unconverted.append(name)
            instance[name] = cell  # kept, so the schema does not also call it missing
    reader.take(line, instance, early, unconverted)
