"""Taking records one at a time: validation, duplicates, date order, and the problems found.

An :class:`Intake` keeps what a log's records need and little more, so a long
log costs about its records: the valid records by kind, the problems with the
text of their lines, and, to find duplicates, the identities of the latest
day's records (an earlier day's are looked up among the records kept, which
are in date order).
"""

from __future__ import annotations

import datetime
import json
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from typing import Any

from stridelift.core.diagnostics import did_you_mean
from stridelift.core.logs.fields import Shared, build_record, date_fields
from stridelift.core.logs.messages import explain_errors
from stridelift.core.logs.problems import LogProblem, LogReading
from stridelift.core.logs.records import (
    KINDS,
    RECORD_SCHEMA,
    SCHEMA_OF,
    AssessmentResult,
    Athlete,
    CheckIn,
    Log,
    Record,
    Run,
    SetRecord,
    kind_of,
)
from stridelift.core.logs.writing import json_value
from stridelift.core.schemas import quick_check, validator
from stridelift.core.units import LIMITS

_YEARS = LIMITS["year"]
_FIRST_DAY = f"{int(_YEARS.low):04d}-01-01"
_LAST_DAY = f"{int(_YEARS.high):04d}-12-31"


#: A record with a date: every kind but the athlete.
Dated = SetRecord | CheckIn | Run | AssessmentResult


class Stop(Exception):
    """A problem with the file itself, found while reading it: nothing in it is used."""

    def __init__(self, line: int, message: str, hint: str, code: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint, self.code = line, message, hint, code


class Intake:
    """Takes records one by one, checks them, and keeps the valid ones and every problem."""

    def __init__(
        self,
        path: str,
        exercises: Collection[str] | None,
        measures: Collection[str] | None = None,
    ) -> None:
        self.path = path
        self.exercises = None if exercises is None else frozenset(exercises)
        #: What an assessment result may test: the exercises and these measures.
        self.measures = None if measures is None else frozenset(measures)
        self.problems: list[LogProblem] = []
        self.skipped: list[int] = []
        #: The text of each line with a problem, to quote it.
        self.quoted: dict[int, str] = {}
        self.athlete: Athlete | None = None
        self.sets: list[SetRecord] = []
        self.checkins: list[CheckIn] = []
        self.runs: list[Run] = []
        self.assessments: list[AssessmentResult] = []
        self.count = 0  # records met so far, valid or not
        self.athlete_line = 0
        #: The latest date of a record kept, and its line.
        self.latest: tuple[datetime.date, int] | None = None
        #: The identities of the records kept that are dated ``latest``, and of every
        #: record checked for its meaning but left out, with the first line of each.
        self.today: dict[tuple[object, ...], int] = {}
        self.left_out: dict[tuple[object, ...], int] = {}
        self.shared = Shared()
        self.quick = quick_check(RECORD_SCHEMA)
        # A record of a known type passes the record schema exactly when it passes its
        # type's schema: checked there directly, the record schema's if/then tries of
        # the other types (each a raised exception) are not paid for every record.
        self.quick_of = {kind: quick_check(SCHEMA_OF[kind]) for kind in KINDS}

    def problem(
        self,
        line: int,
        where: str,
        message: str,
        hint: str = "",
        column: int = 0,
        *,
        code: str = "L005",
    ) -> LogProblem:
        return LogProblem(self.path, line, where, message, hint, column, code)

    def reject(self, line: int, problems: Iterable[LogProblem]) -> None:
        self.count += 1
        self.problems.extend(problems)
        self.skipped.append(line)

    def quote(self, line: int, text: str) -> None:
        """Keep a line's text to quote it with its problems."""
        self.quoted.setdefault(line, text)

    def take(
        self,
        line: int,
        instance: object,
        early: list[LogProblem] | None = None,
        unconverted: Collection[str] = (),
    ) -> None:
        """Check one record. ``early`` holds problems found before validation (CSV cells
        that are not numbers, numbers beyond any range); ``unconverted`` names those
        fields, whose schema errors would only repeat them."""
        problems = list(early or ())
        kind = instance.get("type") if type(instance) is dict else None
        quick = self.quick_of.get(kind, self.quick) if type(kind) is str else self.quick
        if unconverted or not quick(instance):
            try:
                problems += self.schema_problems(line, instance, unconverted)
            except (ArithmeticError, ValueError):  # jsonschema's own arithmetic gave up
                problems.append(self.problem(line, "$", "a number in the record is out of range"))
        if isinstance(instance, dict):
            problems += self.dates_out_of_range(line, instance, unconverted)
        if problems or not isinstance(instance, dict):
            self.reject(line, problems)
            return
        record = build_record(instance, line, self.shared)
        key = _identity(record)
        problems = self.meaning(record, key)
        self.count += 1
        if problems:
            self.problems.extend(problems)
            self.skipped.append(line)
            if key is not None:
                self.left_out.setdefault(key, line)
            return
        self.keep(record, key)

    def keep(self, record: Record, key: tuple[object, ...] | None) -> None:
        if isinstance(record, Athlete):
            self.athlete = record
            return
        if isinstance(record, SetRecord):
            self.sets.append(record)
        elif isinstance(record, CheckIn):
            self.checkins.append(record)
        elif isinstance(record, AssessmentResult):
            self.assessments.append(record)
        else:
            self.runs.append(record)
        if self.latest is None or record.date != self.latest[0]:
            self.today.clear()  # a later day: the earlier ones are among the records kept
        self.latest = (record.date, record.line)
        if key is not None:
            self.today.setdefault(key, record.line)

    def schema_problems(
        self, line: int, instance: object, unconverted: Collection[str]
    ) -> list[LogProblem]:
        kind = instance.get("type") if isinstance(instance, dict) else None
        kind = kind if isinstance(kind, str) and kind in KINDS else None
        found: dict[tuple[str, str], LogProblem] = {}
        for error in validator(RECORD_SCHEMA).iter_errors(instance):
            path = list(error.absolute_path)
            if path and path[0] in unconverted:
                continue
            for where, message, hint in explain_errors(error, kind):
                found.setdefault((where, message), self.problem(line, where, message, hint))
        return sorted(found.values(), key=lambda p: (p.field, p.message))

    def dates_out_of_range(
        self, line: int, instance: dict[str, Any], unconverted: Collection[str]
    ) -> list[LogProblem]:
        """Dates the calendar has but a log does not: outside LIMITS["year"]. (A year
        9999 date overflows the engine's week arithmetic; year 1 prints as "1".)"""
        kind = instance.get("type")
        found: list[LogProblem] = []
        for name in date_fields(kind) if isinstance(kind, str) else ():
            value = instance.get(name)
            if (
                isinstance(value, str)
                and len(value) == 10  # the schema's pattern says how else it is wrong
                and name not in unconverted
                and value[:4].isdigit()
                and not _FIRST_DAY[:4] <= value[:4] <= _LAST_DAY[:4]
            ):
                shown = json.dumps(value)
                message = f"`{name}` must be between {_FIRST_DAY} and {_LAST_DAY}, got {shown}"
                hint = "check the year"
                found.append(self.problem(line, f"$.{name}", message, hint))
        return found

    def meaning(self, record: Record, key: tuple[object, ...] | None) -> list[LogProblem]:
        """What the schema cannot see: names, agreement, position, duplicates, order."""
        found: list[LogProblem | None] = []
        if isinstance(record, SetRecord):
            found += [self.unknown_exercise(record), self.effort_disagrees(record)]
        elif isinstance(record, AssessmentResult):
            found += [
                self.unknown_test(record),
                self.unit_disagrees(record),
                self.effort_disagrees(record),
            ]
        if isinstance(record, Athlete):
            found += [self.misplaced_athlete(record), self.two_runs_a_day(record)]
        if key is not None and not isinstance(record, Athlete):
            found.append(self.duplicate(record, key))
        found.append(self.out_of_order(record))
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
            code="L007",
        )

    def unknown_test(self, record: AssessmentResult) -> LogProblem | None:
        if self.exercises is None or self.measures is None:
            return None
        if record.test in self.exercises or record.test in self.measures:
            return None
        hint = did_you_mean(record.test, [*self.exercises, *self.measures])
        return self.problem(
            record.line,
            "$.test",
            f"unknown assessment test `{record.test}`",
            hint or "use the test's name as the program's assessment writes it",
            code="L007",
        )

    def unit_disagrees(self, record: AssessmentResult) -> LogProblem | None:
        if record.load is None or record.unit in ("kg", "lb"):
            return None
        message = f"a load is in kg or lb, not `{record.unit}`"
        hint = "write the load's unit (kg or lb), or give a measure as `value`"
        return self.problem(record.line, "$.unit", message, hint)

    def effort_disagrees(self, record: SetRecord | AssessmentResult) -> LogProblem | None:
        rpe, rir = record.rpe, record.rir
        if rpe is None or rir is None or rpe + rir == 10:
            return None
        rpe_text, rir_text = _number_text(rpe), _number_text(rir)
        message = (
            f"`rpe` {rpe_text} and `rir` {rir_text} disagree: "
            f"RPE {rpe_text} is {_number_text(10 - rpe)} reps in reserve"
        )
        hint = "give only one of them, or make them add up to 10"
        return self.problem(record.line, "$.rir", message, hint, code="L008")

    def misplaced_athlete(self, record: Athlete) -> LogProblem | None:
        first, self.athlete_line = self.athlete_line, self.athlete_line or record.line
        if first:
            message = f"there is already an athlete record (line {first})"
            hint = "a log has one athlete record, at the top"
            return self.problem(record.line, "$", message, hint, code="L009")
        if self.count:
            message = "the athlete record must be the first record of the log"
            return self.problem(record.line, "$", message, "move it to the top", code="L009")
        return None

    def two_runs_a_day(self, record: Athlete) -> LogProblem | None:
        """The planned week names each day once (as the program's ``running`` line)."""
        seen: set[str] = set()
        for index, run in enumerate(record.runs or ()):
            if run.day in seen:
                message = f"the planned runs name `{run.day}` twice"
                hint = "one run a day; write a double day as its harder run"
                return self.problem(record.line, f"$.runs[{index}].day", message, hint)
            seen.add(run.day)
        return None

    def duplicate(self, record: Dated, key: tuple[object, ...]) -> LogProblem | None:
        first = self.first_line(record, key)
        if first is None:
            return None
        hint = _DUPLICATE_HINTS[kind_of(record)]
        return self.problem(record.line, "$", f"duplicate of line {first}", hint, code="L010")

    def first_line(self, record: Dated, key: tuple[object, ...]) -> int | None:
        """The first line of an earlier record with the same identity, if any."""
        first = self.left_out.get(key) if self.left_out else None
        latest = self.latest[0] if self.latest is not None else None
        if record.date == latest:
            line = self.today.get(key)
        elif latest is not None and record.date < latest:
            # An earlier day (the record is out of order): its records kept are in date
            # order, so they are found by halving. Rare: only a misplaced record asks.
            kept = self.kept_of(record)
            low = bisect_left(kept, record.date, key=_date)
            high = bisect_right(kept, record.date, key=_date)
            line = next((o.line for o in kept[low:high] if _identity(o) == key), None)
        else:
            line = None
        if line is not None and (first is None or line < first):
            first = line
        return first

    def kept_of(self, record: Dated) -> list[Any]:
        if isinstance(record, SetRecord):
            return self.sets
        if isinstance(record, AssessmentResult):
            return self.assessments
        return self.checkins if isinstance(record, CheckIn) else self.runs

    def out_of_order(self, record: Record) -> LogProblem | None:
        if isinstance(record, Athlete) or self.latest is None or record.date >= self.latest[0]:
            return None
        later, later_line = self.latest
        return self.problem(
            record.line,
            "$.date",
            f"records must be in date order: {record.date} comes after {later} (line {later_line})",
            "move the record to where its date belongs, or correct the date",
            code="L011",
        )

    def reading(self) -> LogReading:
        if not self.count:
            return fatal_reading(
                self.path,
                0,
                "the log is empty: it has no records",
                "add records, one a line; see docs/logs.md for the format",
                code="L003",
            )
        # Each list is let go once its tuple is made: a long log is held once, not twice.
        sets, self.sets = tuple(self.sets), []
        checkins, self.checkins = tuple(self.checkins), []
        runs, self.runs = tuple(self.runs), []
        assessments, self.assessments = tuple(self.assessments), []
        return LogReading(
            Log(self.path, self.athlete, sets, checkins, runs, assessments),
            tuple(sorted(self.problems, key=lambda p: (p.line, p.field, p.message))),
            tuple(sorted(self.skipped)),
            False,
            self.quoted,
        )


_DUPLICATE_HINTS = {
    "set": "number each set of an exercise in a session 1, 2, 3, ... (per side, if one-sided)",
    "checkin": "keep one check-in a day",
    "run": "delete one of the two",
    "assessment": "keep one result a test a day (per side, if taken per side)",
}


def _date(record: Dated) -> datetime.date:
    return record.date


def _identity(record: Record) -> tuple[object, ...] | None:
    """What makes two records the same; None for the athlete, which has its own rule."""
    if isinstance(record, SetRecord):
        return ("set", record.date, record.session, record.exercise, record.set, record.side)
    if isinstance(record, CheckIn):
        return ("checkin", record.date)
    if isinstance(record, Run):
        return ("run", record.date, record.kind, record.distance_km, record.duration_min)
    if isinstance(record, AssessmentResult):
        return ("assessment", record.date, record.test, record.side)
    return None


def _number_text(value: float) -> str:
    return str(json_value(float(value)))


def fatal_reading(
    path: str,
    line: int,
    message: str,
    hint: str = "",
    *,
    code: str,
    quoted: dict[int, str] | None = None,
) -> LogReading:
    problem = LogProblem(path, line, "", message, hint, code=code)
    return LogReading(Log(path), (problem,), (), True, quoted or {})
