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

import datetime
import json
import os
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeAlias

from stridelift.core.diagnostics import did_you_mean
from stridelift.core.schemas import quick_check, schema, validator

KG_PER_LB = 0.45359237

Format: TypeAlias = Literal["jsonl", "csv"]

#: The schema every record is validated with; it dispatches on `type`.
RECORD_SCHEMA = "log-record.schema.json"

# ---------------------------------------------------------------- the records


@dataclass(frozen=True, slots=True)
class SetRecord:
    """One set of one exercise (JSON ``"type": "set"``)."""

    date: datetime.date
    exercise: str
    set: int
    session: str | None = None
    side: Literal["left", "right"] | None = None
    reps: int | None = None
    load: float | None = None
    unit: Literal["kg", "lb"] | None = None
    band: str | None = None
    seconds: float | None = None
    distance_m: float | None = None
    rpe: float | None = None
    rir: float | None = None
    form: Literal["good", "ok", "poor"] | None = None
    role: Literal["warmup", "working", "drop"] = "working"
    line: int = field(default=0, compare=False)

    def load_kg(self) -> float | None:
        """The load in kilograms, or None for a set without one."""
        if self.load is None:
            return None
        if self.unit == "lb":
            return self.load * KG_PER_LB
        if self.unit == "kg":
            return self.load
        raise ValueError(f"a load of {self.load} without a unit cannot be converted")

    def load_in(self, unit: str) -> float | None:
        """The load in ``unit`` ("kg" or "lb"); exactly as logged when the units agree."""
        if unit not in ("kg", "lb"):
            raise ValueError(f"unit must be kg or lb, not {unit!r}")
        if self.load is None or self.unit == unit:
            return self.load
        kilograms = self.load_kg()
        assert kilograms is not None
        return kilograms if unit == "kg" else kilograms / KG_PER_LB

    def effective_rir(self) -> float | None:
        """Reps in reserve as logged, else worked out from RPE (RIR = 10 - RPE)."""
        if self.rir is not None:
            return self.rir
        return None if self.rpe is None else 10 - self.rpe

    def effective_rpe(self) -> float | None:
        """RPE as logged, else worked out from reps in reserve (RPE = 10 - RIR)."""
        if self.rpe is not None:
            return self.rpe
        return None if self.rir is None else 10 - self.rir


@dataclass(frozen=True, slots=True)
class CheckIn:
    """How the athlete felt on a day (``"type": "checkin"``); at least one value is given."""

    date: datetime.date
    fatigue: int | None = None
    soreness: int | None = None
    sleep_hours: float | None = None
    stress: int | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Run:
    """One run (``"type": "run"``)."""

    date: datetime.date
    kind: Literal["easy", "quality", "long", "race"]
    distance_km: float
    duration_min: float
    rpe: float | None = None
    cadence: float | None = None
    heart_rate: float | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Athlete:
    """Who the log belongs to (``"type": "athlete"``): optional, at most one, first."""

    name: str | None = None
    start: datetime.date | None = None
    program: str | None = None
    line: int = field(default=0, compare=False)


Record: TypeAlias = SetRecord | CheckIn | Run | Athlete

_KINDS: dict[str, type[Record]] = {
    "set": SetRecord,
    "checkin": CheckIn,
    "run": Run,
    "athlete": Athlete,
}
_KIND_OF: dict[type[Record], str] = {cls: kind for kind, cls in _KINDS.items()}
_SCHEMA_OF = {kind: f"log-{kind}.schema.json" for kind in _KINDS}
_A = {"set": "a set", "checkin": "a check-in", "run": "a run", "athlete": "an athlete record"}


def kind_of(record: Record) -> str:
    """The record's JSON ``type``: set, checkin, run or athlete."""
    return _KIND_OF[type(record)]


def _date_of(record: Record) -> datetime.date | None:
    return None if isinstance(record, Athlete) else record.date


@dataclass(frozen=True, slots=True)
class Log:
    """Every record of one log, by kind; each kind in file order."""

    path: str
    athlete: Athlete | None = None
    sets: tuple[SetRecord, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    runs: tuple[Run, ...] = ()

    @classmethod
    def of(cls, path: str, records: Iterable[Record]) -> Log:
        """A log holding ``records`` (the last athlete record wins)."""
        athlete: Athlete | None = None
        sets: list[SetRecord] = []
        checkins: list[CheckIn] = []
        runs: list[Run] = []
        for record in records:
            if isinstance(record, SetRecord):
                sets.append(record)
            elif isinstance(record, CheckIn):
                checkins.append(record)
            elif isinstance(record, Run):
                runs.append(record)
            else:
                athlete = record
        return cls(path, athlete, tuple(sets), tuple(checkins), tuple(runs))

    @property
    def records(self) -> tuple[Record, ...]:
        """All records in file order (for records built in code, with no lines: by date)."""
        everything: list[Record] = [*self.sets, *self.checkins, *self.runs]
        everything.sort(key=lambda record: (record.line, _date_of(record)))
        if self.athlete is not None:
            everything.insert(0, self.athlete)
        return tuple(everything)

    def _dates(self) -> list[datetime.date]:
        return [r.date for group in (self.sets, self.checkins, self.runs) for r in group]

    @property
    def first_date(self) -> datetime.date | None:
        """The earliest dated record's date, or None for a log without one."""
        return min(self._dates(), default=None)

    @property
    def last_date(self) -> datetime.date | None:
        """The latest dated record's date, or None for a log without one."""
        return max(self._dates(), default=None)


@dataclass(frozen=True, slots=True)
class LogProblem:
    """One thing wrong with a log: where (line 0 for the whole file; a column where
    the line is not JSON), which field (``$`` for the whole record), and why."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.line and self.column:
            where += f":{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True, slots=True)
class LogReading:
    """What reading a log found: the valid records, and every problem."""

    log: Log
    problems: tuple[LogProblem, ...]
    skipped: tuple[int, ...]
    fatal: bool

    @property
    def ok(self) -> bool:
        """True when the log has no problem at all."""
        return not self.problems


# ---------------------------------------------------------------- what the schemas say


@cache
def _properties(kind: str) -> dict[str, dict[str, Any]]:
    """A kind's properties in schema order, without `type`."""
    properties: dict[str, dict[str, Any]] = schema(_SCHEMA_OF[kind])["properties"]
    return {name: spec for name, spec in properties.items() if name != "type"}


def _from_json(spec: dict[str, Any]) -> Callable[[Any], Any] | None:
    """How a valid JSON value becomes the model's value; None when it already is."""
    if spec.get("format") == "date":
        return datetime.date.fromisoformat
    if spec.get("type") == "integer":
        return int  # JSON's 8.0 is a valid integer; the model holds 8
    if spec.get("type") == "number":
        return float
    return None


@cache
def _converters(kind: str) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    found = ((name, _from_json(spec)) for name, spec in _properties(kind).items())
    return tuple((name, convert) for name, convert in found if convert is not None)


@cache
def _defaults(kind: str) -> dict[str, Any]:
    return {name: spec["default"] for name, spec in _properties(kind).items() if "default" in spec}


@cache
def csv_columns() -> tuple[str, ...]:
    """Every CSV column, in canonical order: `type`, then each kind's fields in schema order."""
    columns = ["type"]
    for kind in _KINDS:
        columns += [name for name in _properties(kind) if name not in columns]
    return tuple(columns)


def _build(instance: dict[str, Any], line: int) -> Record:
    """The record for a schema-valid JSON object."""
    values = dict(instance)
    kind = values.pop("type")
    for name, convert in _converters(kind):
        if name in values:
            values[name] = convert(values[name])
    return _KINDS[kind](**values, line=line)


# ---------------------------------------------------------------- writing


def _json_value(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 16, not 16.0
    return value


def to_json(record: Record) -> dict[str, object]:
    """The record as its canonical JSON object: schema order, absent and default fields left out."""
    kind = kind_of(record)
    defaults = _defaults(kind)
    out: dict[str, object] = {"type": kind}
    for name in _properties(kind):
        value = getattr(record, name)
        if value is None or (name in defaults and value == defaults[name]):
            continue
        out[name] = _json_value(value)
    return out


def _canonical(log_or_records: Log | Iterable[Record]) -> list[Record]:
    """The athlete first, then the rest by date (stable: same-day records keep their order)."""
    records = list(log_or_records.records if isinstance(log_or_records, Log) else log_or_records)
    athletes = [record for record in records if isinstance(record, Athlete)]
    dated = [record for record in records if not isinstance(record, Athlete)]
    dated.sort(key=lambda record: record.date)
    return [*athletes, *dated]


def dumps_jsonl(log_or_records: Log | Iterable[Record]) -> str:
    """The records as canonical JSON Lines text."""
    return "".join(
        json.dumps(to_json(record), ensure_ascii=False) + "\n"
        for record in _canonical(log_or_records)
    )


def _cell(value: object) -> str:
    shown = _json_value(value)
    return "" if shown is None else str(shown)


def dumps_csv(log_or_records: Log | Iterable[Record]) -> str:
    """The records as canonical CSV text: only the columns some record uses."""
    import csv
    import io

    rows = [to_json(record) for record in _canonical(log_or_records)]
    used = {name for row in rows for name in row}
    header = [name for name in csv_columns() if name in used or name == "type"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in header])
    return buffer.getvalue()


def write_jsonl(log_or_records: Log | Iterable[Record], path: str | os.PathLike[str]) -> None:
    """Write the records to ``path`` as canonical JSON Lines (UTF-8)."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(dumps_jsonl(log_or_records))


def write_csv(log_or_records: Log | Iterable[Record], path: str | os.PathLike[str]) -> None:
    """Write the records to ``path`` as canonical CSV (UTF-8)."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(dumps_csv(log_or_records))


# ---------------------------------------------------------------- schema errors in a runner's words

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "object": "a JSON object",
    "array": "a list",
    "boolean": "true or false",
    "null": "null",
}
_Explained: TypeAlias = tuple[str, str, str]  # field, message, hint


def _show(value: object) -> str:
    """A value as the runner wrote it, cut short when long."""
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"


def _path(parts: Iterable[object]) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, str) and part.isidentifier():
            out += "." + part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def _names(names: Iterable[str]) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _range_words(spec: dict[str, Any]) -> str:
    low, above = spec.get("minimum"), spec.get("exclusiveMinimum")
    high, below = spec.get("maximum"), spec.get("exclusiveMaximum")
    if low is not None and high is not None:
        return f"between {low} and {high}"
    lower = (
        f"{low} or more" if low is not None else f"more than {above}" if above is not None else ""
    )
    upper = (
        f"at most {high}" if high is not None else f"less than {below}" if below is not None else ""
    )
    return " and ".join(words for words in (lower, upper) if words)


def _step_words(step: float) -> str:
    if step == 0.5:
        return "in half steps (like 7 or 7.5)"
    if step == 1:
        return "a whole number"
    return f"a multiple of {step}"


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _pattern_words(value: str, spec: dict[str, Any]) -> tuple[str, str]:
    """What a pattern asks for, and a hint, judged from the pattern's shape."""
    pattern = spec["pattern"]
    if spec.get("format") == "date":
        return "a date written YYYY-MM-DD", "for example 2026-03-05"
    if pattern.startswith("^[a-z]"):
        fixed = _snake(value)
        hint = f"did you mean `{fixed}`?" if fixed and fixed != value else ""
        return "a catalog name in lower_snake_case", hint
    if pattern.startswith("^[A-Za-z_]"):
        fixed = re.sub(r"[^A-Za-z0-9_]+", "_", value).strip("_")
        hint = f"did you mean `{fixed}`?" if fixed and fixed != value else ""
        return "a name of letters, digits and underscores, as the program writes it", hint
    if pattern.startswith("^[^\\s"):
        return "one line of text that does not start or end with a space", ""
    return f"text matching {pattern}", ""


#: Words runners use for a field, by kind of record.
_ALIASES: dict[str, dict[str, str]] = {
    "set": {
        "weight": "load",
        "repetitions": "reps",
        "effort": "rpe",
        "duration": "seconds",
        "time": "seconds",
        "distance": "distance_m",
    },
    "checkin": {"sleep": "sleep_hours", "tiredness": "fatigue", "doms": "soreness"},
    "run": {
        "distance": "distance_km",
        "km": "distance_km",
        "duration": "duration_min",
        "time": "duration_min",
        "hr": "heart_rate",
        "heartrate": "heart_rate",
        "spm": "cadence",
        "effort": "rpe",
    },
    "athlete": {"start_date": "start", "athlete": "name"},
}


def _unknown_hint(name: str, kind: str | None, known: list[str]) -> str:
    import difflib

    # A field of another kind is a clearer story than the nearest spelling.
    hint = _other_kind_hint(name, kind) or did_you_mean(name, known) or ""
    if hint or kind is None:
        return hint
    aliases = _ALIASES.get(kind, {})
    close = difflib.get_close_matches(name.lower(), aliases, n=1, cutoff=0.75)
    if close:
        return f"did you mean `{aliases[close[0]]}`?"
    return f"the fields of {_A[kind]} are " + ", ".join(f"`{k}`" for k in known)


def _other_kind_hint(name: str, kind: str | None) -> str:
    owners = [other for other in _KINDS if other != kind and name in _properties(other)]
    if not owners or kind is None:
        return ""
    return f"`{name}` is a field of {' and '.join(_A[o] for o in owners)}, not of {_A[kind]}"


@dataclass(frozen=True, slots=True)
class _Failure:
    """One jsonschema error, with what the explanations need from it."""

    keyword: str
    parts: list[object]  # where in the record: [] for the record, ["reps"] for its reps
    value: Any  # the value at that place
    spec: dict[str, Any]  # the schema node whose keyword failed
    rule: Any  # the keyword's value in the schema (the minimum, the enum, ...)
    kind: str | None  # the record's type, when it is a known one
    message: str  # jsonschema's own words, for a keyword nobody rewrote

    @property
    def where(self) -> str:
        return _path(self.parts)

    @property
    def name(self) -> str:
        return str(self.parts[-1]) if self.parts else ""

    @property
    def whose(self) -> str:
        return _A.get(self.kind or "", "a record")

    def said(self, words: str, hint: str = "") -> list[_Explained]:
        """``name must be <words>, got <value>`` at the failure's place."""
        return [(self.where, f"`{self.name}` must be {words}, got {_show(self.value)}", hint)]


def _explain(error: Any, kind: str | None) -> list[_Explained]:
    """One jsonschema error as (field, message, hint) triples in a runner's words."""
    failure = _Failure(
        error.validator,
        list(error.absolute_path),
        error.instance,
        error.schema,
        error.validator_value,
        kind,
        error.message,
    )
    explain = _EXPLAINERS.get(failure.keyword)
    return explain(failure) if explain else [(failure.where, failure.message, "")]


def _wrong_type(f: _Failure) -> list[_Explained]:
    if not f.parts:
        hint = 'one record a line, like {"type": "checkin", "date": "2026-03-05", "fatigue": 4}'
        return [("$", f"a record must be a JSON object {{...}}, got {_json_kind(f.value)}", hint)]
    wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in _as_list(f.rule))
    quoted = isinstance(f.value, str) and _number(f.value) is not None and wanted != "text"
    return f.said(wanted, f"write numbers without quotes: {f.value.strip()}" if quoted else "")


def _not_allowed(f: _Failure) -> list[_Explained]:
    allowed = [str(a) for a in _as_list(f.rule)]
    suggestion = did_you_mean(f.value, allowed) if isinstance(f.value, str) else None
    return f.said(f"one of {', '.join(allowed)}", suggestion or "")


def _missing(f: _Failure) -> list[_Explained]:
    out: list[_Explained] = []
    for name in f.rule:
        if name in f.value:
            continue
        if name == "type" and not f.parts:
            out.append(("$", f"a record needs `type`: one of {', '.join(_KINDS)}", ""))
            continue
        spec = _properties(f.kind).get(name, {}) if f.kind in _KINDS else {}
        hint = f"`{name}`: {spec['description']}" if "description" in spec else ""
        out.append((f.where, f"{f.whose} needs `{name}`", hint))
    return out


def _dependencies(f: _Failure) -> list[_Explained]:
    out: list[_Explained] = []
    properties = _properties(f.kind) if f.kind in _KINDS else {}
    for name, needed in f.rule.items():
        for other in needed:
            if name in f.value and other not in f.value:
                choices = properties.get(other, {}).get("enum")
                also = f" ({' or '.join(choices)})" if choices else ""
                out.append((_path([*f.parts, name]), f"`{name}` needs a `{other}`{also}", ""))
    return out


def _none_of(f: _Failure) -> list[_Explained]:
    if not all(_only_required(sub) for sub in f.rule):
        return [(f.where, f.message, "")]
    names = [sub["required"][0] for sub in f.rule]
    return [(f.where, f"{f.whose} needs at least one of {_names(names)}", "")]


def _unknown_fields(f: _Failure) -> list[_Explained]:
    known = list(f.spec.get("properties", {}))
    return [
        (_path([*f.parts, extra]), f"unknown field `{extra}`", _unknown_hint(extra, f.kind, known))
        for extra in f.value
        if extra not in known
    ]


def _out_of_range(f: _Failure) -> list[_Explained]:
    return f.said(_range_words(f.spec))


def _off_step(f: _Failure) -> list[_Explained]:
    return f.said(_step_words(f.rule))


def _bad_pattern(f: _Failure) -> list[_Explained]:
    return f.said(*_pattern_words(f.value, f.spec))


def _bad_format(f: _Failure) -> list[_Explained]:
    if "pattern" in f.spec and not re.search(f.spec["pattern"], f.value):
        return []  # the pattern's error already says how to write it
    return f.said("a real day of the calendar")


def _too_short(f: _Failure) -> list[_Explained]:
    return [(f.where, f"`{f.name}` must not be empty", "")]


def _too_long(f: _Failure) -> list[_Explained]:
    return [(f.where, f"`{f.name}` must be at most {f.rule} characters long", "")]


_EXPLAINERS: dict[str, Callable[[_Failure], list[_Explained]]] = {
    "type": _wrong_type,
    "enum": _not_allowed,
    "const": _not_allowed,
    "required": _missing,
    "dependentRequired": _dependencies,
    "anyOf": _none_of,
    "additionalProperties": _unknown_fields,
    "minimum": _out_of_range,
    "maximum": _out_of_range,
    "exclusiveMinimum": _out_of_range,
    "exclusiveMaximum": _out_of_range,
    "multipleOf": _off_step,
    "pattern": _bad_pattern,
    "format": _bad_format,
    "minLength": _too_short,
    "maxLength": _too_long,
}


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _only_required(sub: object) -> bool:
    return isinstance(sub, dict) and set(sub) == {"required"} and len(sub["required"]) == 1


# ---------------------------------------------------------------- reading: one record at a time


class _Reader:
    """Takes records one by one, checks them, and keeps the valid ones and every problem."""

    def __init__(self, path: str, exercises: Collection[str] | None) -> None:
        self.path = path
        self.exercises = None if exercises is None else frozenset(exercises)
        self.problems: list[LogProblem] = []
        self.skipped: list[int] = []
        self.records: list[Record] = []
        self.count = 0  # records met so far, valid or not
        self.athlete_line = 0
        self.latest: tuple[datetime.date, int] | None = None
        self.seen: dict[tuple[object, ...], int] = {}
        self.quick = quick_check(RECORD_SCHEMA)

    def problem(
        self, line: int, where: str, message: str, hint: str = "", column: int = 0
    ) -> LogProblem:
        return LogProblem(self.path, line, where, message, hint, column)

    def reject(self, line: int, problems: Iterable[LogProblem]) -> None:
        self.count += 1
        self.problems.extend(problems)
        self.skipped.append(line)

    def take(
        self,
        line: int,
        instance: object,
        early: list[LogProblem] | None = None,
        unconverted: Collection[str] = (),
    ) -> None:
        """Check one record. ``early`` holds problems found before validation (CSV cells
        that are not numbers); ``unconverted`` names those cells, whose schema errors
        would only repeat them."""
        problems = list(early or ())
        if unconverted or not self.quick(instance):
            try:
                problems += self.schema_problems(line, instance, unconverted)
            except (ArithmeticError, ValueError):  # jsonschema's own arithmetic gave up
                problems.append(self.problem(line, "$", "a number in the record is out of range"))
        if problems or not isinstance(instance, dict):
            self.reject(line, problems)
            return
        record = _build(instance, line)
        problems = self.meaning(record)
        self.count += 1
        if problems:
            self.problems.extend(problems)
            self.skipped.append(line)
            return
        self.records.append(record)
        dated = _date_of(record)
        if dated is not None:
            self.latest = (dated, line)

    def schema_problems(
        self, line: int, instance: object, unconverted: Collection[str]
    ) -> list[LogProblem]:
        kind = instance.get("type") if isinstance(instance, dict) else None
        kind = kind if isinstance(kind, str) and kind in _KINDS else None
        found: dict[tuple[str, str], LogProblem] = {}
        for error in validator(RECORD_SCHEMA).iter_errors(instance):
            path = list(error.absolute_path)
            if path and path[0] in unconverted:
                continue
            for where, message, hint in _explain(error, kind):
                found.setdefault((where, message), self.problem(line, where, message, hint))
        return sorted(found.values(), key=lambda p: (p.field, p.message))

    def meaning(self, record: Record) -> list[LogProblem]:
        """What the schema cannot see: names, agreement, position, duplicates, order."""
        found: list[LogProblem | None] = []
        if isinstance(record, SetRecord):
            found += [self.unknown_exercise(record), self.effort_disagrees(record)]
        if isinstance(record, Athlete):
            found.append(self.misplaced_athlete(record))
        found += [self.duplicate(record), self.out_of_order(record)]
        problems = [problem for problem in found if problem is not None]
        return sorted(problems, key=lambda p: (p.field, p.message)) if problems else problems

    def unknown_exercise(self, record: SetRecord) -> LogProblem | None:
        if self.exercises is None or record.exercise in self.exercises:
            return None
        hint = did_you_mean(record.exercise, self.exercises)
        return self.problem(
            record.line,
            "$.exercise",
            f"unknown exercise `{record.exercise}`",
            hint or "use the exercise's catalog name, as the program writes it",
        )

    def effort_disagrees(self, record: SetRecord) -> LogProblem | None:
        rpe, rir = record.rpe, record.rir
        if rpe is None or rir is None or rpe + rir == 10:
            return None
        rpe_text, rir_text = _number_text(rpe), _number_text(rir)
        message = (
            f"`rpe` {rpe_text} and `rir` {rir_text} disagree: "
            f"RPE {rpe_text} is {_number_text(10 - rpe)} reps in reserve"
        )
        hint = "give only one of them, or make them add up to 10"
        return self.problem(record.line, "$.rir", message, hint)

    def misplaced_athlete(self, record: Athlete) -> LogProblem | None:
        first, self.athlete_line = self.athlete_line, self.athlete_line or record.line
        if first:
            message = f"there is already an athlete record (line {first})"
            hint = "a log has one athlete record, at the top"
            return self.problem(record.line, "$", message, hint)
        if self.count:
            message = "the athlete record must be the first record of the log"
            return self.problem(record.line, "$", message, "move it to the top")
        return None

    def duplicate(self, record: Record) -> LogProblem | None:
        key = _identity(record)
        if key is None:
            return None
        first = self.seen.setdefault(key, record.line)
        if first == record.line:
            return None
        hint = _DUPLICATE_HINTS[kind_of(record)]
        return self.problem(record.line, "$", f"duplicate of line {first}", hint)

    def out_of_order(self, record: Record) -> LogProblem | None:
        dated = _date_of(record)
        if dated is None or self.latest is None or dated >= self.latest[0]:
            return None
        later, later_line = self.latest
        return self.problem(
            record.line,
            "$.date",
            f"records must be in date order: {dated} comes after {later} (line {later_line})",
            "move the record to where its date belongs, or correct the date",
        )

    def reading(self) -> LogReading:
        if not self.count:
            return _fatal(
                self.path,
                0,
                "the log is empty: it has no records",
                "add records, one a line; see docs/logs.md for the format",
            )
        return LogReading(
            Log.of(self.path, self.records),
            tuple(sorted(self.problems, key=lambda p: (p.line, p.field, p.message))),
            tuple(sorted(self.skipped)),
            False,
        )


_DUPLICATE_HINTS = {
    "set": "number each set of an exercise in a session 1, 2, 3, ... (per side, if one-sided)",
    "checkin": "keep one check-in a day",
    "run": "delete one of the two",
}


def _identity(record: Record) -> tuple[object, ...] | None:
    """What makes two records the same; None for the athlete, which has its own rule."""
    if isinstance(record, SetRecord):
        return ("set", record.date, record.session, record.exercise, record.set, record.side)
    if isinstance(record, CheckIn):
        return ("checkin", record.date)
    if isinstance(record, Run):
        return ("run", record.date, record.kind, record.distance_km, record.duration_min)
    return None


def _number_text(value: float) -> str:
    return str(_json_value(float(value)))


def _fatal(path: str, line: int, message: str, hint: str = "") -> LogReading:
    problem = LogProblem(path, line, "", message, hint)
    return LogReading(Log(path), (problem,), (), True)


# ---------------------------------------------------------------- JSON Lines


class _JSONError(ValueError):
    """Valid JSON syntax that a log does not accept (NaN, 1e999, a key given twice)."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _JSONError(f"the number {_clip(text)} is too large")
    return value


def _whole(text: str) -> int:
    # jsonschema's arithmetic overflows on integers beyond a float's range; no field
    # of a log comes near 2**53, so such a number is an error before it is a record.
    if len(text) > 16:
        raise _JSONError(f"the number {_clip(text)} is too large")
    return int(text)


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _no_constant(name: str) -> object:
    raise _JSONError(f"{name} is not a number JSON allows")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _JSONError(f"`{name}` is given twice", _path([name]))
            seen.add(name)
    return obj


def _maybe_repeated(raw: str, obj: object) -> bool:
    """True when the line may name a key twice. Every key and text value brings two quotes;
    more quotes than that (escaped quotes, nesting, a repeated key) means: look closer."""
    if not isinstance(obj, dict):
        return False
    texts = sum(1 for value in obj.values() if type(value) is str)
    return raw.count('"') != 2 * (len(obj) + texts)


_DECODER = json.JSONDecoder(parse_float=_finite, parse_int=_whole, parse_constant=_no_constant)
_STRICT_DECODER = json.JSONDecoder(
    parse_float=_finite,
    parse_int=_whole,
    parse_constant=_no_constant,
    object_pairs_hook=_no_repeats,
)


def _read_jsonl(text: str, reader: _Reader) -> None:
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
        except _JSONError as error:
            message = str(error) if error.where else f"not valid JSON: {error}"
            reader.reject(number, [reader.problem(number, error.where or "$", message)])
            continue
        except (ValueError, RecursionError) as error:
            message = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            reader.reject(number, [reader.problem(number, "$", f"not valid JSON: {message}")])
            continue
        reader.take(number, obj)


def _json_problem(
    reader: _Reader, number: int, stripped: str, error: json.JSONDecodeError, last: bool
) -> LogProblem:
    if last:
        message = "the last line is cut off (the file may have been truncated)"
        return reader.problem(number, "$", message, "complete the record or delete the line")
    if stripped.startswith("[") and reader.count == 0:
        hint = "a log holds one JSON object a line (JSON Lines), not a JSON array"
    elif stripped in ("{", "}") or not stripped.endswith("}"):
        hint = "each record must be one complete JSON object on a single line"
    elif "'" in stripped and "double quotes" in error.msg:
        hint = "JSON needs double quotes: \"reps\", not 'reps'"
    else:
        hint = 'each line holds one JSON object, like {"type": "checkin", "date": "2026-03-05"}'
    return reader.problem(number, "$", f"not valid JSON: {error.msg}", hint, error.colno)


# ---------------------------------------------------------------- CSV

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _number(cell: str) -> float | int | None:
    """A cell's number (int when written as one), or None when it is not a number a log
    can hold (not a number at all, or beyond any field's range and a float's)."""
    text = cell.strip()
    if _INTEGER.fullmatch(text):
        return int(text) if len(text) <= 16 else None  # see _whole
    if _NUMBER.fullmatch(text):
        value = float(text)
        return value if value - value == 0 else None  # not inf
    return None


@cache
def _cell_types(kind: str) -> dict[str, str]:
    return {name: str(spec.get("type", "string")) for name, spec in _properties(kind).items()}


def _cell_value(cell: str, wanted: str) -> object:
    """A cell as the schema's type wants it: ValueError when it cannot be."""
    if wanted not in ("integer", "number"):
        return cell
    value = _number(cell)
    if value is None:
        raise ValueError(cell)
    if wanted == "number" or isinstance(value, int):
        return value
    if value.is_integer():
        return int(value)  # "8.0" from a spreadsheet is 8
    raise ValueError(cell)


def _cell_problem(cell: str, wanted: str) -> tuple[str, str]:
    noun = "whole number" if wanted == "integer" else "number"
    said = f"'{_clip(cell)}' is not a {noun}"
    if "," in cell and _number(cell.replace(",", ".")) is not None:
        return said, "write decimals with a dot: 7.5, not 7,5"
    example = "8" if wanted == "integer" else "16 or 7.5"
    return said, f"write a {noun}, like {example}"


def _header_problem(reader: _Reader, line: int, names: list[str], raw: str) -> LogReading | None:
    if "type" not in names:
        if any(name.lower() == "type" for name in names):
            hint = "column names are lower case: write `type`"
        elif ";" in raw or "\t" in raw:
            hint = "the values seem separated by `;` or tabs; save the file with commas"
        else:
            hint = "the first row must name the columns, like: type,date,exercise,set,reps"
        return _fatal(reader.path, line, "the CSV header has no `type` column", hint)
    for index, name in enumerate(names):
        if name and name in names[:index]:
            first = names.index(name) + 1
            message = f"the CSV header names `{name}` twice (columns {first} and {index + 1})"
            return _fatal(reader.path, line, message, "keep one of the two columns")
    return None


def _read_csv(text: str, reader: _Reader) -> LogReading | None:
    """Read CSV rows into ``reader``; a LogReading only for a fatal header problem."""
    import csv
    import io

    rows = csv.reader(io.StringIO(text, newline=""))
    names: list[str] | None = None
    ends_with_newline = text.endswith(("\n", "\r"))
    last_line = text.count("\n") + (0 if ends_with_newline else 1)
    while True:
        start = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            return None
        except csv.Error as error:
            message = f"the CSV cannot be read from this line on: {error}"
            reader.reject(start, [reader.problem(start, "", message)])
            return None
        if not any(cell.strip() for cell in row):
            continue
        if names is None:
            names = [cell.strip() for cell in row]
            fatal = _header_problem(reader, start, names, ",".join(row))
            if fatal is not None:
                return fatal
            continue
        if len(row) < len(names) and rows.line_num >= last_line and not ends_with_newline:
            # Some spreadsheets drop a row's trailing empty cells, so a short row is
            # fine, except as the last line of a file that does not end its lines:
            # that is a file cut off in the middle of a record.
            message = "the last line is cut off (the file may have been truncated)"
            hint = "restore the file from where it came, or delete the partial line"
            reader.reject(start, [reader.problem(start, "", message, hint)])
            continue
        _take_row(reader, start, names, row)


def _take_row(reader: _Reader, line: int, names: list[str], row: list[str]) -> None:
    if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :]):
        message = f"the row has {len(row)} values but the header names {len(names)} columns"
        reader.reject(line, [reader.problem(line, "", message, "check for a stray comma")])
        return
    kind = row[names.index("type")].strip() if names.index("type") < len(row) else ""
    types = _cell_types(kind) if kind in _KINDS else {}
    instance: dict[str, object] = {}
    early: list[LogProblem] = []
    unconverted: list[str] = []
    for index, (name, raw) in enumerate(zip(names, row, strict=False)):
        cell = raw.strip()
        if not cell:
            continue  # an empty cell: the field is absent
        if not name:
            message = f"column {index + 1} has a value but no name in the header"
            early.append(reader.problem(line, "", message, "name the column, or empty it"))
            continue
        try:
            instance[name] = _cell_value(cell, types.get(name, "string"))
        except ValueError:
            message, hint = _cell_problem(cell, types[name])
            early.append(reader.problem(line, _path([name]), message, hint))
            unconverted.append(name)
            instance[name] = cell  # kept, so the schema does not also call it missing
    reader.take(line, instance, early, unconverted)


# ---------------------------------------------------------------- entry points


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
    reader = _Reader(path, exercises)
    if (format or _format_of(path, text)) == "csv":
        fatal = _read_csv(text, reader)
        if fatal is not None:
            return fatal
    else:
        _read_jsonl(text, reader)
    return reader.reading()


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
        return _fatal(name, 0, _unreadable(error), "check the path")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _fatal(name, *_not_utf8(data, error))
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
