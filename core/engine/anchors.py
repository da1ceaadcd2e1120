"""What the athlete brings to week 1: 1RM anchors and assessment results.

A ``75% 1rm`` line needs a 1RM before the athlete has logged the line. It comes
from the athlete's whole log, whichever program it was written under:

- the assessment's rep max of the exercise (``front_squat 5 rep max``), the
  load and reps the athlete logged as an ``assessment`` record, estimated with
  the policy's method at the effort logged (RPE 10 when none is);
- the sets of the exercise logged before week 1 (an earlier program in the same
  log): each week's best eligible set, the median of the last ``e1rm_weeks``
  weeks with one, as the engine reads any week (:mod:`~stridelift.core.training.e1rm`).

The newer of the two anchors the line, and the plan says which. A rep max
re-tested during the program re-anchors the line from the week after.

Conditions read the assessment too (``knee_to_wall < 10cm``,
``asymmetry(single_leg_calf_raise) > 10%``): :func:`test_values` gives each
test's newest result before a week, as the conditions' ``tests`` metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stridelift.core.engine.explain import fmt_load
from stridelift.core.language.unparse import format_number
from stridelift.core.training.assessment import AssessmentSpec, Results, TestSpec
from stridelift.core.training.e1rm import smoothed, week_estimate
from stridelift.core.units import UNITS

if TYPE_CHECKING:
    from stridelift.core.logs import Log, SetRecord
    from stridelift.core.training.policy import Policy


@dataclass(frozen=True, slots=True)
class Anchor:
    """A 1RM a %1RM line starts from, with where it came from."""

    e1rm: float
    #: The day of the result: the test's, or the last set's before week 1.
    date: dt.date
    #: For the plan: "the 5 rep max on Sat 03 Jan 2026 (125lb x 5)".
    source: str


class Anchors:
    """The athlete's anchors for one program: built once per evaluation."""

    def __init__(
        self,
        spec: AssessmentSpec | None,
        log: Log | None,
        start: dt.date,
        units: str,
        policy: Policy,
    ) -> None:
        self.start = start
        self.units = units
        self.policy = policy
        self.results = Results(
            spec, log.assessments if log is not None else (), units, policy.e1rm_method
        )
        #: The sets logged before week 1, by exercise, oldest first.
        self._earlier: dict[str, list[SetRecord]] = {}
        for record in log.sets if log is not None else ():
            if record.date >= start:
                break  # in date order (the reader refuses records out of order)
            self._earlier.setdefault(record.exercise, []).append(record)

    def before_start(self, exercise: str) -> Anchor | None:
        """The anchor of a %1RM line of ``exercise`` for week 1: the newer of the
        assessment's rep max and the sets logged before week 1."""
        found = [a for a in (self.tested(exercise), self.carried(exercise)) if a is not None]
        return max(found, key=lambda a: a.date) if found else None

    def tested(self, exercise: str, before: dt.date | None = None) -> Anchor | None:
        """The rep-max test's 1RM, as of the day ``before`` (default: week 1)."""
        day = before or self.start
        reading = self.results.one_rep_max(exercise, day)
        if reading is None:
            return None
        e1rm = reading.weaker()
        lift = ""
        if reading.load is not None and reading.reps is not None:
            lift = f" ({fmt_load(reading.load, self.units)} x {reading.reps})"
        test = self.results.spec.test(exercise) if self.results.spec is not None else None
        if test is not None and test.kind == "to_failure":
            what = "the reps to failure"
        else:
            what = f"the {test.reps if test is not None else reading.reps} rep max"
        return Anchor(e1rm, reading.date, f"{what} on {reading.date:%a %d %b %Y}{lift}")

    def carried(self, exercise: str) -> Anchor | None:
        """The estimate from sets of ``exercise`` logged before week 1."""
        earlier = self._earlier.get(exercise)
        if not earlier:
            return None
        weeks: dict[int, list[SetRecord]] = {}
        origin = self.start.toordinal()
        for record in earlier:
            weeks.setdefault((record.date.toordinal() - origin) // 7, []).append(record)
        estimates = [
            week_estimate(records, self.policy, self.policy.e1rm_method, self.units)
            for _, records in sorted(weeks.items())
        ]
        known: Sequence[float | None] = [e for e in estimates if e is not None]
        e1rm = smoothed(known, self.policy)
        if e1rm is None:
            return None
        last = earlier[-1].date
        return Anchor(e1rm, last, f"sets logged before week 1 (the last on {last:%a %d %b %Y})")

    def retested(self, exercise: str, week_start: dt.date) -> Anchor | None:
        """A rep max of ``exercise`` taken during the week before ``week_start``: it
        re-anchors the line from that week on."""
        anchor = self.tested(exercise, week_start)
        if anchor is None or anchor.date < week_start - dt.timedelta(days=7):
            return None
        return anchor


class Shown(float):
    """A result as conditions compare it (metres, seconds, the program's units), that an
    explanation shows as the test is written (``8.5cm``)."""

    __slots__ = ("shown",)

    shown: str


def _shown(value: float | None, text: str) -> float | None:
    if value is None:
        return None
    found = Shown(value)
    found.shown = text
    return found


def _words(test: TestSpec, value: float, units: str) -> str:
    if test.kind == "rep_max" or test.dimension == "mass":
        return fmt_load(value, units)
    if test.kind == "to_failure":
        return f"{format_number(round(value, 1))} reps"
    unit = test.unit or ""
    scale = UNITS[unit][1] if unit in UNITS and test.dimension in ("length", "time") else 1.0
    return f"{format_number(round(value / scale, 1))}{unit}"


def test_values(results: Results, before: dt.date) -> Mapping[str, float | None]:
    """Each test's newest result before ``before``, as conditions read it: the name
    of a test is its result (the weaker side's, for a test taken per side);
    ``asymmetry(NAME)`` the difference between the sides, in percent."""
    spec = results.spec
    if spec is None:
        return {}
    values: dict[str, float | None] = {}
    for test in spec.tests:
        reading = results.reading(test.name, before)
        value = None if reading is None else reading.weaker(test.better)
        words = _words(test, value, results.units) if value is not None else ""
        values[test.name] = _shown(value, words)
        if test.per_side:
            gap = None if reading is None else reading.asymmetry(test.better)
            text = f"{format_number(round(gap, 1))}%" if gap is not None else ""
            values[f"asymmetry({test.name})"] = _shown(gap, text)
    return values
