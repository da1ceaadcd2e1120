"""Reading JSON Lines logs: one JSON object a line, blank lines and ``#`` comments allowed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from stridelift.core.logs.intake import Intake, Stop
from stridelift.core.logs.lines import CR_ONLY, CR_ONLY_HINT, LongLine, cr_only, too_long_message
from stridelift.core.logs.messages import json_path, number_out_of_range
from stridelift.core.logs.numbers import MAX_DIGITS, JSONValueError, OutOfRange
from stridelift.core.logs.problems import LogProblem


def _no_constant(name: str) -> object:
    raise JSONValueError(f"{name} is not a number JSON allows")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise JSONValueError(f"`{name}` is given twice", json_path([name]))
            seen.add(name)
    return obj


def _maybe_repeated(raw: str, obj: object) -> bool:
    """True when the line may name a key twice. Every key and text value brings two quotes;
    more quotes than that (escaped quotes, nesting, a repeated key) means: look closer."""
    if not isinstance(obj, dict):
        return False
    texts = sum(1 for value in obj.values() if type(value) is str)
    return raw.count('"') != 2 * (len(obj) + texts)


def _decoders(beyond: list[OutOfRange]) -> tuple[json.JSONDecoder, json.JSONDecoder]:
    """The decoder, and a stricter one that refuses a key given twice. A number beyond
    any field's range is decoded as :class:`OutOfRange` and noted in ``beyond``."""

    def number(text: str) -> float | OutOfRange:
        value = float(text)
        if value - value == 0:  # not inf (NaN is not JSON: parse_constant refuses it)
            return value
        mark = OutOfRange(text)
        beyond.append(mark)
        return mark

    def integer(text: str) -> int | OutOfRange:
        if len(text) <= MAX_DIGITS:
            return int(text)
        mark = OutOfRange(text)
        beyond.append(mark)
        return mark

    options: dict[str, Any] = {
        "parse_float": number,
        "parse_int": integer,
        "parse_constant": _no_constant,
    }
    return json.JSONDecoder(**options), json.JSONDecoder(**options, object_pairs_hook=_no_repeats)


def read_jsonl_lines(lines: Iterable[tuple[int, str | LongLine]], reader: Intake) -> None:
    """Take each line's record into ``reader``; raises :class:`Stop` when the file's line
    ends are CR only (nothing in it can be read as lines)."""
    beyond: list[OutOfRange] = []
    decode, strict_decode = (decoder.decode for decoder in _decoders(beyond))
    problems = reader.problems
    for number, raw in lines:
        if type(raw) is LongLine:
            _long_line(reader, number, raw)
            continue
        assert isinstance(raw, str)
        stripped = raw.strip()
        if not stripped or stripped[0] == "#":
            continue
        ended = raw.endswith("\n")
        line = raw[:-1] if ended else raw  # a column counts from the line's start
        before = len(problems)
        try:
            obj = decode(line)
            if _maybe_repeated(line, obj):
                beyond.clear()
                obj = strict_decode(line)
        except json.JSONDecodeError as error:
            beyond.clear()
            problem = _json_problem(reader, number, line, ended, stripped, error)
            reader.reject(number, [problem])
        except JSONValueError as error:
            beyond.clear()
            message = str(error) if error.where else f"not valid JSON: {error}"
            reader.reject(
                number, [reader.problem(number, error.where or "$", message, code="L004")]
            )
        except (ValueError, RecursionError) as error:
            beyond.clear()
            message = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            reader.reject(
                number, [reader.problem(number, "$", f"not valid JSON: {message}", code="L004")]
            )
        else:
            if beyond:
                beyond.clear()
                _take_out_of_range(reader, number, obj)
            else:
                reader.take(number, obj)
        if len(problems) != before:
            reader.quote(number, line)


def _long_line(reader: Intake, number: int, line: LongLine) -> None:
    if line.cr_only:
        reader.reject(number, [_cr_only(reader, number)])
        return
    hint = "one record a line: split the line, or delete it if it is not a record"
    reader.reject(number, [reader.problem(number, "$", too_long_message(), hint, code="L004")])


def _cr_only(reader: Intake, number: int) -> LogProblem:
    """A line holding carriage returns that end no line. On the file's first line it
    stops the reading: the line ends are CR only, and the file is one "line"."""
    if number == 1:
        raise Stop(number, CR_ONLY, CR_ONLY_HINT, "L004")
    return reader.problem(number, "$", CR_ONLY, CR_ONLY_HINT, code="L004")


def _take_out_of_range(reader: Intake, number: int, obj: object) -> None:
    """A record holding a number beyond any field's range: each such field is reported
    as out of range, and the rest of the record is checked as usual."""
    if isinstance(obj, OutOfRange):  # the line is a bare number
        reader.take(number, 0)
        return
    if not isinstance(obj, dict):
        reader.take(number, _as_text(obj))
        return
    kind = obj.get("type")
    kind = kind if isinstance(kind, str) else None
    early: list[LogProblem] = []
    unconverted: list[str] = []
    instance: dict[str, Any] = {}
    for name, value in obj.items():
        if isinstance(value, OutOfRange):
            message = number_out_of_range(kind, name, value.text)
            if message is not None:
                early.append(reader.problem(number, json_path([name]), message))
                unconverted.append(name)
        instance[name] = _as_text(value)
    reader.take(number, instance, early, unconverted)


def _as_text(value: object) -> object:
    """``value`` with each :class:`OutOfRange` in it replaced by its text."""
    if isinstance(value, OutOfRange):
        return value.text
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return value


def _json_problem(
    reader: Intake,
    number: int,
    line: str,
    ended: bool,
    stripped: str,
    error: json.JSONDecodeError,
) -> LogProblem:
    if cr_only(line):
        return _cr_only(reader, number)
    if not ended:  # only the last line of a file can end without a line end
        message = "the last line is cut off (the file may have been truncated)"
        return reader.problem(
            number, "$", message, "complete the record or delete the line", code="L004"
        )
    if stripped.startswith("[") and reader.count == 0:
        hint = "a log holds one JSON object a line (JSON Lines), not a JSON array"
    elif stripped in ("{", "}") or not stripped.endswith("}"):
        hint = "each record must be one complete JSON object on a single line"
    elif "'" in stripped and "double quotes" in error.msg:
        hint = "JSON needs double quotes: \"reps\", not 'reps'"
    else:
        hint = 'each line holds one JSON object, like {"type": "checkin", "date": "2026-03-05"}'
    return reader.problem(
        number, "$", f"not valid JSON: {error.msg}", hint, error.colno, code="L004"
    )
