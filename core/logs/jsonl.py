"""Reading JSON Lines logs: one JSON object a line, blank lines and ``#`` comments allowed."""

from __future__ import annotations

import json
from typing import Any

from stridelift.core.logs.intake import Intake
from stridelift.core.logs.messages import json_path
from stridelift.core.logs.numbers import JSONValueError, finite_number, whole_number
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


_DECODER = json.JSONDecoder(
    parse_float=finite_number, parse_int=whole_number, parse_constant=_no_constant
)


_STRICT_DECODER = json.JSONDecoder(
    parse_float=finite_number,
    parse_int=whole_number,
    parse_constant=_no_constant,
    object_pairs_hook=_no_repeats,
)


def read_jsonl_text(text: str, reader: Intake) -> None:
    lines = text.split("\n")
    last = len(lines) if not text.endswith("\n") else -1
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if not stripped or stripped[0] == "#":
            continue
        try:
            obj = _DECODER.decode(raw)
            if _maybe_repeated(raw, obj):
                obj = _STRICT_DECODER.decode(raw)
        except json.JSONDecodeError as error:
            reader.reject(number, [_json_problem(reader, number, stripped, error, number == last)])
            continue
        except JSONValueError as error:
            message = str(error) if error.where else f"not valid JSON: {error}"
            reader.reject(
                number, [reader.problem(number, error.where or "$", message, code="L004")]
            )
            continue
        except (ValueError, RecursionError) as error:
            message = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            reader.reject(
                number, [reader.problem(number, "$", f"not valid JSON: {message}", code="L004")]
            )
            continue
        reader.take(number, obj)


def _json_problem(
    reader: Intake, number: int, stripped: str, error: json.JSONDecodeError, last: bool
) -> LogProblem:
    if last:
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
