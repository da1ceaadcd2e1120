"""The assessment: which tests a program takes, when, and what the results say.

A program's ``assessment`` block (checked into an :class:`AssessmentSpec`) names
its tests: a rep max of a loaded exercise (``goblet_squat 8 rep max``), reps to
failure (``push_up reps to failure``), or a measure in a unit (``knee_to_wall cm
per side``). The athlete logs results as ``assessment`` records, before week 1
and whenever the test is due again. :class:`Results` reads them: the newest
result of each test (and side) as of a day, the 1RM a rep max estimates, the
weaker side of a test taken per side, and the difference between the sides.

Everything here reads the athlete's whole log, whichever program it was written
under: moving from one program to the next keeps the athlete's numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from stridelift.core.units import UNITS, convert

if TYPE_CHECKING:
    from stridelift.core.logs.records import AssessmentResult

Kind = Literal["rep_max", "to_failure", "measure"]
Side = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class TestSpec:
    """One test as the checker understood it.

    ``dimension`` is what a result is: ``load`` for a rep max (its 1RM estimate in
    the program's units), ``reps`` for reps to failure, and for a measure its
    dimension (``length``, ``mass``, ``time``, ``angle``). ``better`` says which way
    is an improvement, so the weaker side is known.
    """

    __test__ = False  # not a pytest test class, whatever its name

    name: str
    kind: Kind
    dimension: str
    reps: int | None = None
    unit: str | None = None
    per_side: bool = False
    better: Literal["higher", "lower"] = "higher"
    #: True for a catalog exercise, False for a measure.
    exercise: bool = True
    #: The exercise's movement pattern (None for a measure).
    pattern: str | None = None

    def describe(self) -> str:
        """``goblet_squat 8 rep max``, as the program writes it."""
        from stridelift.core.language.unparse import assessment_test_text

        return assessment_test_text(self.name, self.kind, self.reps, self.unit, self.per_side)


@dataclass(frozen=True, slots=True)
class AssessmentSpec:
    """The program's ``assessment`` block: its tests, and when they are taken again."""

    tests: tuple[TestSpec, ...]
    every_weeks: int | None = None
    every_phase: bool = False

    def test(self, name: str) -> TestSpec | None:
        return next((t for t in self.tests if t.name == name), None)

    def due(self, week: int, phase_starts: Collection[int] = ()) -> bool:
        """Whether the tests are due at the start of program week ``week``: before
        week 1, then every N weeks (weeks 1 + N, 1 + 2N, ...) or at the first week of
        each phase (``phase_starts``)."""
        if week == 1:
            return True
        if self.every_weeks is not None and (week - 1) % self.every_weeks == 0:
            return True
        return self.every_phase and week in phase_starts


@dataclass(frozen=True, slots=True)
class Reading:
    """One test's newest result, per side when taken per side: in the engine's units
    (a load or a 1RM in the program's units, reps, metres, kilograms of body weight
    in the program's units, seconds, degrees)."""

    test: str
    date: datetime.date
    #: The value of each side logged ("both" for a test not taken per side).
    sides: Mapping[str, float]
    #: For a rep max: the lift itself, as logged, for the plan's "from" note.
    reps: int | None = None
    load: float | None = None

    def weaker(self, better: str = "higher") -> float:
        """The weaker side's value (the only one, for a test not taken per side)."""
        values = self.sides.values()
        return min(values) if better == "higher" else max(values)

    def asymmetry(self, better: str = "higher") -> float | None:
        """How much weaker the weaker side is, as a percentage of the stronger side
        (100 x (stronger - weaker) / stronger); None without both sides."""
        left, right = self.sides.get("left"), self.sides.get("right")
        if left is None or right is None:
            return None
        strong, weak = (max(left, right), min(left, right))
        if better == "lower":
            strong, weak = weak, strong
        if strong == 0:
            return None
        return 100 * abs(strong - weak) / abs(strong)


def _value(record: AssessmentResult, test: TestSpec, units: str, method: str) -> float | None:
    """What one record says, in the engine's units (see :class:`Reading`)."""
    from stridelift.core.training.e1rm import estimate_1rm  # the checker needs none of it

    if test.kind == "rep_max":
        load = record.load_in(units)
        if load is None or record.reps is None:
            return None
        return estimate_1rm(load, record.reps, record.effective_rir(), method)
    if test.kind == "to_failure":
        return None if record.reps is None else float(record.reps)
    if record.value is None:
        return float(record.reps) if record.reps is not None else None
    unit = record.unit or test.unit
    if unit in ("kg", "lb"):
        return convert(record.value, unit, units)
    if unit in UNITS:  # lengths in metres, times in seconds
        return record.value * UNITS[unit][1]
    return record.value  # degrees, as logged


class Results:
    """The newest result of each of the program's tests as of a day: the athlete's
    whole log, whichever program it was written under."""

    def __init__(
        self,
        spec: AssessmentSpec | None,
        records: Iterable[AssessmentResult],
        units: str,
        method: str = "rts",
    ) -> None:
        self.spec = spec
        self.units = units
        self.method = method
        #: Each test's records, oldest first.
        self._records: dict[str, list[AssessmentResult]] = {}
        self.add(records)

    def add(self, records: Iterable[AssessmentResult]) -> None:
        """File more results (in date order: a simulation's, as the weeks go)."""
        for record in records:
            self._records.setdefault(record.test, []).append(record)

    def reading(self, name: str, before: datetime.date | None = None) -> Reading | None:
        """The test's newest result dated before ``before`` (all of them when None):
        the newest day's record of each side."""
        test = self.spec.test(name) if self.spec is not None else None
        found = self._records.get(name)
        if test is None or not found:
            return None
        kept = [r for r in found if before is None or r.date < before]
        if not kept:
            return None
        day = kept[-1].date
        sides: dict[str, float] = {}
        reps = load = None
        for record in kept:
            if record.date != day:
                continue
            value = _value(record, test, self.units, self.method)
            if value is None:
                continue
            sides[record.side or "both"] = value
            if test.kind == "rep_max":
                reps, load = record.reps, record.load_in(self.units)
        if not sides:
            return None
        return Reading(name, day, sides, reps, load)

    def one_rep_max(self, exercise: str, before: datetime.date | None = None) -> Reading | None:
        """The 1RM the assessment's test of ``exercise`` estimates (in ``sides``): a rep
        max, or reps to failure taken at a load (the load logged with the reps), if
        the athlete took it."""
        test = self.spec.test(exercise) if self.spec is not None else None
        if test is None or test.kind == "measure":
            return None
        if test.kind == "rep_max":
            return self.reading(exercise, before)
        loaded = [
            r
            for r in self._records.get(exercise, ())
            if r.load is not None and r.reps is not None and (before is None or r.date < before)
        ]
        if not loaded:
            return None
        from stridelift.core.training.e1rm import estimate_1rm

        day = loaded[-1].date
        sides: dict[str, float] = {}
        reps = load = None
        for record in loaded:
            if record.date != day or (load_in := record.load_in(self.units)) is None:
                continue
            assert record.reps is not None
            found = estimate_1rm(load_in, record.reps, record.effective_rir(), self.method)
            if found is not None:
                sides[record.side or "both"] = found
                reps, load = record.reps, load_in
        return Reading(exercise, day, sides, reps, load) if sides else None
