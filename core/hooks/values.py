"""What a plugin's callables may hand back at run time, checked before core code uses it.

A record is checked when it is built (:mod:`.records`); what its callables
return is only known when they are called, program by program and week by
week. Each check here takes the value a callable returned and gives it back
(as the type core code expects, lists made tuples) or raises :class:`BadValue`
saying what was wrong and what was expected, with the range from ``LIMITS``
in :mod:`stridelift.core.units`. :class:`~.guard.Guard` turns that into an
X001 naming the plugin.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Iterable
from typing import Any

from stridelift.core.hooks.records import Availability, WeekPlan
from stridelift.core.units import LIMITS, Limit

_SHOWN = 40  # characters of a value quoted in a message


class BadValue(Exception):
    """A callable returned something core code cannot use."""

    def __init__(self, problem: str, expected: str):
        super().__init__(f"{problem}, expected {expected}")
        self.problem = problem
        self.expected = expected


def show(value: object) -> str:
    """A value as a message quotes it: short, on one line, whatever it holds."""
    if isinstance(value, str):
        if len(value) > _SHOWN:
            return f"{value[:_SHOWN]!r}... ({len(value):,} characters)"
        return repr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return f"{value:g}"
        except OverflowError:  # an int too large for a float
            return f"a number of {len(str(abs(value))):,} digits"
    text = repr(value) if value is None or isinstance(value, bool) else type(value).__name__
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def _number(field: str, value: object, limit: Limit) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"returned {field} {show(value)}", limit.words)
    if (isinstance(value, float) and not math.isfinite(value)) or value not in limit:
        raise BadValue(f"returned {field} {show(value)}", limit.words)
    return float(value)


def _whole(field: str, value: object, limit: Limit) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"returned {field} {show(value)}", f"a whole number, {limit.words}")
    if value not in limit:
        raise BadValue(f"returned {field} {show(value)}", limit.words)
    return value


def _text(field: str, value: object, limit: Limit) -> str:
    if not isinstance(value, str):
        raise BadValue(f"returned {field} {show(value)}", f"a str, {limit.words}")
    if not limit.low <= len(value) <= limit.high:
        raise BadValue(f"returned a {field} of {len(value):,} characters", limit.words)
    bad = next((c for c in value if not c.isprintable()), None)
    if bad is not None:  # a line break or an escape would forge or garble output lines
        raise BadValue(
            f"returned a {field} holding the control character {bad!r}",
            "printable text on one line",
        )
    return value


def _items(field: str, value: object, limit: Limit) -> tuple[Any, ...]:
    """A bounded iterable as a tuple; an endless generator is cut off, not followed."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise BadValue(f"returned {field} as {show(value)}", f"a tuple, {limit.words}")
    items = tuple(itertools.islice(value, int(limit.high) + 1))
    if len(items) > limit.high:
        raise BadValue(f"returned more than {limit.high:g} {field}", limit.words)
    return items


def week_plan(n: int) -> Callable[[object], WeekPlan]:
    """The check of what a periodization style's ``week(n, args, weeks)`` returns."""

    def check(value: object) -> WeekPlan:
        if not isinstance(value, WeekPlan):
            raise BadValue(f"returned {show(value)}", "a WeekPlan")
        if isinstance(value.week, bool) or value.week != n:
            raise BadValue(f"returned the WeekPlan of week {show(value.week)}", f"week={n}")
        _text("phase", value.phase, LIMITS["plugin_name_chars"])
        _number("volume", value.volume, LIMITS["style_volume"])
        _number("intensity", value.intensity, LIMITS["style_intensity"])
        for flag in ("progress", "deload"):
            if not isinstance(getattr(value, flag), bool):
                raise BadValue(f"returned {flag} {show(getattr(value, flag))}", "True or False")
        if value.reps is not None:
            _whole("reps", value.reps, LIMITS["style_reps"])
        targets = _items("session_reps", value.session_reps, LIMITS["style_session_reps"])
        for target in targets:
            _whole("a session rep target", target, LIMITS["style_reps"])
        _text("note", value.note, LIMITS["plugin_text_chars"])
        if not isinstance(value.session_reps, tuple):
            value = dataclasses.replace(value, session_reps=targets)
        return value

    return check


def messages(value: object) -> tuple[str, ...]:
    """The check of what a periodization style's ``validate(args, weeks)`` returns."""
    found = _items("messages", value, LIMITS["plugin_messages"])
    return tuple(_text("message", message, LIMITS["plugin_text_chars"]) for message in found)


def availability(value: object) -> Availability:
    """The check of what an equipment set's ``resolve(values, units)`` returns."""
    if not isinstance(value, Availability):
        raise BadValue(f"returned {show(value)}", "an Availability")
    loads = _items("loads", value.loads, LIMITS["equipment_loads"])
    for load in loads:
        _number("a load", load, LIMITS["equipment_load"])
    levels = _items("levels", value.levels, LIMITS["equipment_levels"])
    for level in levels:
        _text("a level", level, LIMITS["plugin_name_chars"])
    if isinstance(value.loads, tuple) and isinstance(value.levels, tuple):
        return value
    return Availability(loads, levels)


def athlete(value: object) -> Any:
    """The check of what an athlete model's ``create(params, seed)`` returns."""
    if not callable(getattr(value, "week", None)):
        raise BadValue(
            f"returned {show(value)}, which has no week() method",
            "an athlete with a week(week, units) method",
        )
    return value


def athlete_records(value: object) -> list[Any]:
    """The check of what an athlete's ``week(week, units)`` returns: log records, each
    with finite numbers (the log checks are the fold's; this keeps junk out of it)."""
    from stridelift.core.logs import AssessmentResult, CheckIn, Run, SetRecord

    records = _items("records", value, LIMITS["athlete_records"])
    for record in records:
        if not isinstance(record, SetRecord | CheckIn | Run | AssessmentResult):
            raise BadValue(
                f"returned {show(record)} among its records",
                "SetRecord, CheckIn, Run or AssessmentResult",
            )
        for name, number in _numbers(record):
            if isinstance(number, float) and not math.isfinite(number):
                raise BadValue(
                    f"returned a {type(record).__name__} with {name} {show(number)}",
                    "finite numbers",
                )
    return list(records)


def _numbers(record: object) -> Iterable[tuple[str, object]]:
    for item in dataclasses.fields(record):  # type: ignore[arg-type]
        yield item.name, getattr(record, item.name)
