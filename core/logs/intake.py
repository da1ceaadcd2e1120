"""Taking records one at a time: validation, duplicates, date order, and the problems found."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable

from stridelift.core.diagnostics import did_you_mean
from stridelift.core.logs.fields import build_record
from stridelift.core.logs.messages import explain_errors
from stridelift.core.logs.problems import LogProblem, LogReading
from stridelift.core.logs.records import (
    KINDS,
    RECORD_SCHEMA,
    Athlete,
    CheckIn,
    Log,
    Record,
    Run,
    SetRecord,
    date_of,
    kind_of,
)
from stridelift.core.logs.writing import json_value
from stridelift.core.schemas import quick_check, validator


class Intake:
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
        record = build_record(instance, line)
        problems = self.meaning(record)
        self.count += 1
        if problems:
            self.problems.extend(problems)
            self.skipped.append(line)
            return
        self.records.append(record)
        dated = date_of(record)
        if dated is not None:
            self.latest = (dated, line)

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
            code="L007",
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

    def duplicate(self, record: Record) -> LogProblem | None:
        key = _identity(record)
        if key is None:
            return None
        first = self.seen.setdefault(key, record.line)
        if first == record.line:
            return None
        hint = _DUPLICATE_HINTS[kind_of(record)]
        return self.problem(record.line, "$", f"duplicate of line {first}", hint, code="L010")

    def out_of_order(self, record: Record) -> LogProblem | None:
        dated = date_of(record)
        if dated is None or self.latest is None or dated >= self.latest[0]:
            return None
        later, later_line = self.latest
        return self.problem(
            record.line,
            "$.date",
            f"records must be in date order: {dated} comes after {later} (line {later_line})",
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
    return str(json_value(float(value)))


def fatal_reading(path: str, line: int, message: str, hint: str = "", *, code: str) -> LogReading:
    problem = LogProblem(path, line, "", message, hint, code=code)
    return LogReading(Log(path), (problem,), (), True)
