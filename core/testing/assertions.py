"""Assertions resolved against a compiled program, ready to judge a run.

:func:`resolve` turns an assertion as written (:class:`~.spec.Assertion`, its
``$names`` already replaced by a row's values) into a :class:`Judge`: the
program's lines it names, the value it compares with in the program's units.
Whatever does not fit (an unknown line or pattern, a load without a unit, week
14 of a 12-week run) is a located problem (T012, T013) in :class:`Problems`.
:mod:`.verdicts` judges a :class:`Judge` against a run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stridelift.core.diagnostics import Diagnostic, did_you_mean
from stridelift.core.hooks.records import PATTERNS
from stridelift.core.source import Span
from stridelift.core.testing import spec
from stridelift.core.units import DISTANCE, MASS, TIME, convert, metres, seconds

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram
    from stridelift.core.engine.slots import SlotSpec

#: The fields a rise after a failed, poor-form or tired week is judged on: the audit's
#: (``core/engine/audit.py``), which says whether such a week came before.
_AUDITED = frozenset({"load", "reps", "sets", "tempo", "exercise", "anything"})


class Problems:
    """The located problems found while resolving a test (T012, T013)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[Diagnostic] = []

    def add(self, span: Span | None, code: str, message: str, hint: str | None = None) -> None:
        self.found.append(Diagnostic.make(self.path, span, code, message, hint))

    def __bool__(self) -> bool:
        return bool(self.found)


@dataclass(frozen=True, slots=True)
class Target:
    """A value an assertion compares with, in the units the engine holds it in.

    ``kind``: ``count`` (sets), ``amount`` (reps: a count, seconds or metres, by
    ``measure``), ``mass`` (in the program's units), ``percent`` (of 1RM), ``band``,
    ``bodyweight``, ``tempo``, ``seconds`` (rest), ``effort`` (as RPE), ``exercise``."""

    kind: str
    text: str
    number: float = 0.0
    measure: str = ""
    word: str = ""


@dataclass(frozen=True, slots=True)
class Judge:
    """An assertion resolved against the program: ready to judge a run."""

    source: spec.Assertion
    selector: str
    first: int
    last: int
    check: str
    #: The lines it names, or None for every line.
    slots: tuple[SlotSpec, ...] | None = None
    field: str = ""
    op: str = ""
    target: Target | None = None
    #: ``rises more than``: ("percent", 10) or ("amount", 2.0) in the field's units.
    by: tuple[str, float] | None = None
    after: str | None = None
    #: The pattern or exercise of ``has``.
    word: str = ""
    #: What names the lines, as written (``goblet_squat``), or "" for every line.
    named: str = ""
    #: ``rises more than X``: X as written.
    by_text: str = ""


def resolve(
    assertion: spec.Assertion,
    program: CompiledProgram,
    weeks: int,
    has_input: bool,
    problems: Problems,
) -> Judge | None:
    """The assertion against ``program`` for a run of ``weeks`` weeks; None (with the
    reasons in ``problems``) when it does not fit the program."""
    before = len(problems.found)
    selector = assertion.selector
    first, last = 1, weeks
    if selector.kind == "week":
        assert selector.first is not None
        first = last = _week_number(selector.first, weeks, problems)
    elif selector.kind == "weeks":
        assert selector.first is not None and selector.last is not None
        first = _week_number(selector.first, weeks, problems)
        last = _week_number(selector.last, weeks, problems)
        if first > last > 0:
            problems.add(
                selector.span,
                "T013",
                f"weeks {first}..{last} run backwards",
                f"write the earlier week first: weeks {last}..{first}",
            )
    check = assertion.check
    kind = check.kind
    lines = kind in ("compare", "rises", "skipped") and check.slot is not None
    slots = _slots(check.slot, program, problems) if lines and check.slot else None
    named = check.slot.text if lines and check.slot else ""
    field_name = check.field or ""
    target: Target | None = None
    by: tuple[str, float] | None = None
    word = ""
    if kind == "compare":
        assert check.value is not None and check.op is not None
        target = _target(field_name, check.op, check.value, slots, program, problems)
    elif kind == "rises":
        if check.value is not None:
            by = _by(field_name, check.value, slots, program, problems)
        if check.after is not None:
            if not has_input:
                problems.add(
                    check.span,
                    "T013",
                    f"a test without a `log` or an `athlete` has no {check.after} weeks to rise "
                    "after",
                    'name the input: log "../logs/athlete.jsonl", or athlete steady',
                )
            elif check.after != "missed" and field_name not in _AUDITED:
                problems.add(
                    check.span,
                    "T013",
                    f"a rise in {field_name} after a {check.after} week is not judged",
                    "after a failed, poor-form or tired week the load, reps, sets, tempo and "
                    "exercise are judged, or `anything`",
                )
        if selector.kind == "week" and first == 1:
            problems.add(
                selector.span,
                "T013",
                "week 1 has no week before it to rise from",
                "judge a later week, or a range: weeks 2..6",
            )
    elif kind == "has_pattern":
        assert check.slot is not None
        word = check.slot.word
        slots = None
        if check.slot.kind != "word" or word not in PATTERNS:
            problems.add(
                check.slot.span,
                "T012",
                f"`{check.slot.text}` is not a movement pattern",
                did_you_mean(word, PATTERNS) or "the patterns: " + ", ".join(PATTERNS),
            )
    elif kind == "has_exercise":
        assert check.slot is not None
        word = check.slot.word
        slots = None
        if check.slot.kind != "word" or program.exercise(word) is None:
            names = {slot.name for slot in program.slots}
            problems.add(
                check.slot.span,
                "T012",
                f"`{check.slot.text}` is no exercise of the catalog",
                did_you_mean(word, names) or "`stridelift plugins --all` lists the exercises",
            )
    if len(problems.found) > before:
        return None
    return Judge(
        assertion,
        selector.kind,
        first,
        last,
        kind,
        slots,
        field_name,
        check.op or "",
        target,
        by,
        check.after,
        word,
        named,
        check.value.text if by is not None and check.value is not None else "",
    )


def _week_number(value: spec.Value, weeks: int, problems: Problems) -> int:
    if value.kind != "number" or value.number is None or not value.number.is_integer():
        problems.add(
            value.span, "T013", f"`{value.text}` is not a week number", "weeks count 1, 2, 3"
        )
        return 0
    n = int(value.number)
    if not 1 <= n <= weeks:
        problems.add(
            value.span,
            "T013",
            f"week {n} is not among the {weeks} week(s) the test runs",
            f"judge weeks 1 to {weeks}, or run more with `weeks N`",
        )
        return 0
    return n


def _slots(
    value: spec.Value, program: CompiledProgram, problems: Problems
) -> tuple[SlotSpec, ...] | None:
    """The program's lines a name stands for: ``goblet_squat`` every line of it (its
    catalog name or as written), ``A/goblet_squat`` session A's."""
    text = value.word if value.kind in ("word", "slot") else value.text
    if value.kind == "slot":
        found = tuple(s for s in program.slots if s.key == text or s.key.startswith(text + "#"))
        choices = {s.key.partition("#")[0] for s in program.slots}
    elif value.kind == "word":
        found = tuple(s for s in program.slots if text in (s.name, s.line.name))
        choices = {s.name for s in program.slots}
    else:
        found, choices = (), set()
    if not found:
        problems.add(
            value.span,
            "T012",
            f"`{value.text}` is no exercise line of the program",
            did_you_mean(text, choices)
            or "name a line as the program writes it: goblet_squat, "
            "or A/goblet_squat for session A's",
        )
        return None
    return found


def _number(value: spec.Value) -> float | None:
    return value.number if value.kind == "number" else None


def _target(
    field_name: str,
    op: str,
    value: spec.Value,
    slots: Sequence[SlotSpec] | None,
    program: CompiledProgram,
    problems: Problems,
) -> Target | None:
    """The value a ``compare`` compares with, in the engine's units."""
    units = program.units
    text = value.text

    def wrong(message: str, hint: str) -> None:
        problems.add(value.span, "T013", message, hint)

    if field_name in ("tempo", "exercise") and op not in ("==", "!="):
        problems.add(
            value.span,
            "T013",
            f"{field_name} is compared with == or !=, not {op}",
            f"write {field_name} == {text}",
        )
        return None
    if value.kind == "param":
        return None  # (reported by the parse: a $name without a column)
    if field_name == "sets":
        number = _number(value)
        if number is None or not number.is_integer():
            wrong(f"`{text}` is not a whole number of sets", "for example: sets == 3")
            return None
        return Target("count", text, number)
    if field_name == "reps":
        number = _number(value)
        measures = {s.measure for s in slots} if slots else set()
        if number is not None:
            if measures and "reps" not in measures:
                wrong(
                    f"{_names(slots)} is timed or measured, not counted in reps",
                    f"give the amount with its unit: {text}s, {text}m",
                )
                return None
            return Target("amount", text, number, "reps")
        if value.kind == "quantity" and value.number is not None:
            unit = value.unit
            if unit in TIME:
                amount, measure = seconds(value.number, unit), "seconds"
            elif unit in DISTANCE:
                amount, measure = metres(value.number, unit), "distance"
            else:
                wrong(
                    f"`{text}` is not a number of reps, seconds or metres",
                    "for example: reps == 10, reps == 45s",
                )
                return None
            if measures and measure not in measures:
                wrong(
                    f"{_names(slots)} is counted in {', '.join(sorted(measures))}, not `{text}`",
                    "write the amount the way the line does",
                )
                return None
            return Target("amount", text, amount, measure)
        wrong(
            f"`{text}` is not a number of reps, seconds or metres",
            "for example: reps == 10, reps == 45s",
        )
        return None
    if field_name == "load":
        if value.kind == "quantity" and value.unit in MASS and value.number is not None:
            return Target("mass", text, convert(value.number, value.unit, units))
        if value.kind == "percent" and value.number is not None:
            return Target("percent", text, value.number)
        if value.kind == "bodyweight":
            if op not in ("==", "!="):
                wrong(
                    f"a load is compared with bodyweight by == or !=, not {op}",
                    "write load == bodyweight",
                )
                return None
            return Target("bodyweight", text)
        if value.kind == "band":
            levels = {level for s in program.slots for level in s.levels}
            if value.word not in levels:
                problems.add(
                    value.span,
                    "T012",
                    f"the program has no `{value.word}` band",
                    did_you_mean(value.word, levels)
                    or "its bands: " + (", ".join(sorted(levels)) or "none"),
                )
                return None
            return Target("band", text, word=value.word)
        hint = (
            f"write the unit: {text}{units}"
            if value.kind == "number"
            else (f"for example: load == 20{units}, load == band medium, load == bodyweight")
        )
        wrong(
            f"`{text}` is not a load: a weight with its unit (20{units}), a percentage of 1RM "
            "(75%), a band (band medium) or bodyweight",
            hint,
        )
        return None
    if field_name == "rest":
        if value.kind == "quantity" and value.unit in TIME and value.number is not None:
            return Target("seconds", text, seconds(value.number, value.unit))
        wrong(f"`{text}` is not a time", "for example: rest <= 2min, rest == 90s")
        return None
    if field_name == "tempo":
        if value.kind != "tempo":
            wrong(f"`{text}` is not a tempo of four figures", "for example: tempo == 3-1-1-0")
            return None
        return Target("tempo", text, word=value.text.upper())
    if field_name == "effort":
        if value.kind != "effort" or value.number is None:
            wrong(f"`{text}` is not an effort", "for example: effort <= rpe 8, effort == rir 2")
            return None
        rpe = value.number if value.unit == "rpe" else 10 - value.number
        return Target("effort", text, rpe)
    # exercise
    if value.kind != "word" or program.exercise(value.word) is None:
        problems.add(
            value.span,
            "T012",
            f"`{text}` is no exercise of the catalog",
            did_you_mean(value.word, _catalog_names(program))
            or "`stridelift plugins --all` lists the exercises",
        )
        return None
    return Target("exercise", text, word=value.word)


def _catalog_names(program: CompiledProgram) -> set[str]:
    names: set[str] = set()
    for slot in program.slots:
        rung = slot.exercise
        while rung is not None and rung.name not in names:
            names.add(rung.name)
            rung = program.exercise(rung.harder) if rung.harder else None
    return names


def _names(slots: Sequence[SlotSpec] | None) -> str:
    return ", ".join(dict.fromkeys(s.key for s in slots or ()))


def _by(
    field_name: str,
    value: spec.Value,
    slots: Sequence[SlotSpec] | None,
    program: CompiledProgram,
    problems: Problems,
) -> tuple[str, float] | None:
    """``rises more than X``: a percentage of the week before, or an amount in the
    field's units."""
    if field_name in ("tempo", "exercise", "anything"):
        problems.add(
            value.span,
            "T013",
            f"a rise in {field_name} has no size",
            f"write {field_name} rises, without `more than`",
        )
        return None
    if value.kind == "percent" and value.number is not None:
        return ("percent", value.number)
    if value.kind == "param":
        return None
    target = _target(field_name, ">", value, slots, program, problems)
    if target is None:
        return None
    if target.kind in ("band", "bodyweight", "percent"):
        problems.add(
            value.span,
            "T013",
            f"a rise more than `{value.text}` has no size",
            "give a percentage (10%) or an amount (2kg)",
        )
        return None
    return ("amount", target.number)


def parse_date(value: spec.Value, problems: Problems, what: str) -> dt.date | None:
    """A ``start`` or ``race`` date: a real day, from 1900 to 2999."""
    from stridelift.core.units import LIMITS

    if value.kind != "date":
        problems.add(
            value.span, "T013", f"{what} is a date, not `{value.text}`", "write YYYY-MM-DD"
        )
        return None
    try:
        date = dt.date.fromisoformat(value.text)
    except ValueError:
        problems.add(
            value.span, "T013", f"`{value.text}` is no day of the calendar", "write YYYY-MM-DD"
        )
        return None
    if date.year not in LIMITS["year"]:
        problems.add(
            value.span, "T013", f"{value.text} is out of range", f"use {LIMITS['year'].words}"
        )
        return None
    return date
