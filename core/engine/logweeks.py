"""The log cut into program weeks, each exercise-week summarised when first read.

Filing touches every set once (a day's run of sets of one exercise in one
lookup); the fold then asks a week for an exercise's summary, made in one pass
the first time and a dictionary lookup after that. A week the fold rests in
(after a deload) is never summarised.
"""

from __future__ import annotations

import datetime as dt
import operator
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from stridelift.core.engine.codegen import Percent
from stridelift.core.engine.metrics import FORM_NAMES, FORM_ORDER, Done, Wellness
from stridelift.core.units import convert

_date = operator.attrgetter("date")

if TYPE_CHECKING:
    from stridelift.core.hooks.records import Exercise
    from stridelift.core.logs import Athlete, CheckIn, Log, Run, SetRecord


class FilingProgram(Protocol):
    """What filing a log by week needs of the compiled program (and nothing more, so
    the log's side of the engine does not depend on how a program is compiled)."""

    units: str
    read_names: frozenset[str]
    shared_names: frozenset[str]
    sessions: Mapping[str, Any]

    def exercise(self, name: str) -> Exercise | None: ...

    def session_on(self, date: dt.date) -> str: ...

    def measure_of(self, name: str) -> str: ...


class Agg:
    """One exercise's working sets in one week, summarised in one pass (warm-up sets
    are kept with the records but not counted), so each week of each slot then
    looks a number up instead of walking the sets.
    """

    __slots__ = (
        "_completed",
        "amount",
        "band",
        "both",
        "days",
        "left",
        "lightest",
        "load",
        "measure",
        "records",
        "right",
        "rir",
        "units",
        "whole",
        "worst",
    )

    def __init__(self, records: list[SetRecord], measure: str = "reps", units: str = "kg") -> None:
        # One loop with the figures in locals: it runs for every set of a roster's logs.
        by_reps = measure == "reps"
        left = right = both = days = 0
        last_day: dt.date | None = None
        amount: float | None = None
        load: float | None = None
        lightest: float | None = None
        whole = True
        rir: float | None = None
        worst = -1
        band: str | None = None
        for r in records:
            if r.role == "warmup":
                continue
            side = r.side
            if side is None:
                both += 1
            elif side == "left":
                left += 1
            else:
                right += 1
            if r.date != last_day:
                last_day = r.date
                days += 1
            done = r.reps if by_reps else amount_of(r, measure)
            if done is None:
                whole = False
            elif amount is None or done < amount:
                amount = done
            weight = r.load
            if weight is None:
                whole = False
            else:
                unit = r.unit
                if unit != units and unit is not None:
                    weight = convert(weight, unit, units)
                if load is None or weight > load:
                    load = weight
                if lightest is None or weight < lightest:
                    lightest = weight
            if (used := r.band) is not None:
                band = used
            effort = r.rir
            if effort is None and (rpe := r.rpe) is not None:
                effort = 10 - rpe
            if effort is not None and (rir is None or effort < rir):
                rir = effort
            if (form := r.form) is not None:
                grade = FORM_ORDER[form]
                if grade > worst:
                    worst = grade
        self.records = records
        self.measure = measure
        self.units = units
        self.left, self.right, self.both = left, right, both
        #: The days with a working set.
        self.days = days
        #: The fewest reps (seconds, metres) of a set, and the heaviest load.
        self.amount = amount
        self.load = load
        #: The lightest load of a set, and whether every set has an amount and a load:
        #: then :meth:`completed` needs no walk when all sets reach the target.
        self.lightest = lightest
        self.whole = whole
        #: The hardest effort, as reps in reserve; the worst form, as an index into
        #: ``FORM_NAMES`` (-1: not graded); the last band used.
        self.rir = rir
        self.worst = worst
        self.band = band
        #: The last :meth:`completed` asked and its answer: the slot's reader and its
        #: readiness both ask it with what the slot showed.
        self._completed: tuple[float | None, float | None, int] | None = None

    @classmethod
    def of(cls, records: Iterable[SetRecord], units: str, measure: str) -> Agg:
        """The working sets among ``records`` (one exercise, one week), summarised."""
        return cls(list(records), measure, units)

    @property
    def sets(self) -> int:
        return pairs(self.left, self.right, self.both)

    def completed(self, reps: float | None, load: float | None) -> int:
        """Sets done at ``reps`` (or more) and ``load`` (within 1%, or more) together;
        per-side sets count once per pair. Success is judged set by set."""
        last = self._completed
        if last is not None and last[0] == reps and last[1] == load:
            return last[2]
        done = self._completed_sets(reps, load)
        self._completed = (reps, load, done)
        return done

    def _completed_sets(self, reps: float | None, load: float | None) -> int:
        floor = None if load is None else load * 0.99
        if self.whole and (
            (reps is None or (self.amount is not None and self.amount >= reps))
            and (floor is None or (self.lightest is not None and self.lightest >= floor))
        ):
            return pairs(self.left, self.right, self.both)  # every set reached both
        units, measure = self.units, self.measure

        def reached(r: SetRecord) -> bool:
            if reps is not None:
                done = amount_of(r, measure)
                if done is None or done < reps:
                    return False
            if floor is not None:
                weight = r.load
                if weight is None:
                    return False
                if r.unit != units and r.unit is not None:
                    weight = convert(weight, r.unit, units)
                if weight < floor:
                    return False
            return True

        sides = [r.side for r in self.records if r.role != "warmup" and reached(r)]
        return pairs(sides.count("left"), sides.count("right"), sides.count(None))

    def symmetry(self) -> float | None:
        """The week's limb symmetry index for a one-sided exercise: the weaker side's
        work (reps x load, as :func:`limb_totals` counts it) as a percentage of the
        stronger side's; None unless both sides were logged."""
        left = right = 0.0
        for r in self.records:
            side = r.side
            if side is None or r.role == "warmup":
                continue
            done = r.reps or r.seconds or r.distance_m or 0
            amount = float(done) * (float(r.load) if r.load else 1.0)
            if side == "left":
                left += amount
            else:
                right += amount
        found = symmetry_index(left, right)
        return None if found is None else Percent(found)

    def done(self, units: str) -> Done:
        rir = self.rir
        form = FORM_NAMES[self.worst] if self.worst >= 0 else None
        return (SidedDone if self.left or self.right else Done)(
            self.sets,
            self.amount,
            self.load,
            None if rir is None else 10 - rir,
            rir,
            form,
            self.band,
            # A copy: the index's list grows if more of the week's sets are filed.
            list(self.records),
            units,
            self.measure,
        )


class SidedDone(Done):
    """A week of per-side sets: its summary says each side (``L 3x8 / R 3x5 at 10kg``,
    or ``3x8 per side`` when they match), so an explanation quoting last week shows a
    weaker side instead of hiding it."""

    __slots__ = ()

    def summary(self, units: str) -> str:
        unit = {"seconds": "s", "distance": "m"}.get(self.measure, "")
        sides = []
        for side, letter in (("left", "L"), ("right", "R")):
            done = [r for r in self.records if r.side == side and r.role != "warmup"]
            amounts = [a for r in done if (a := amount_of(r, self.measure)) is not None]
            fewest = f"{_num(min(amounts))}{unit}" if amounts else "?"
            sides.append((letter, f"{len(done)}x{fewest}"))
        (_, left), (_, right) = sides
        shown = f"{left} per side" if left == right else f"L {left} / R {right}"
        text = Done.summary(self, units)
        return shown + text[text.index(" ") :] if " " in text else shown


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def limb_totals(weeks: Iterable[WeekLog | None]) -> dict[str, tuple[float, float]]:
    """Each exercise's (left, right) work over ``weeks``: the sum of reps x load (or
    seconds, metres; reps alone without a load) of its working sets logged per side.
    Exercises never logged per side are left out."""
    totals: dict[str, list[float]] = {}
    for week in weeks:
        if week is None:
            continue
        for key, records in week.raw.items():
            name = key.partition("@")[0]
            for r in records:
                side = r.side
                if side is None or r.role == "warmup":
                    continue
                done = r.reps if r.reps is not None else r.seconds or r.distance_m or 0
                load = r.load_kg() if r.load and r.unit is not None else r.load
                pair = totals.setdefault(name, [0.0, 0.0])
                pair[0 if side == "left" else 1] += float(done) * (load if load else 1.0)
    return {name: (pair[0], pair[1]) for name, pair in totals.items()}


def symmetry_index(left: float, right: float) -> float | None:
    """The limb symmetry index: weaker side / stronger side x 100; None unless both
    sides did some work."""
    if left <= 0 or right <= 0:
        return None
    return min(left, right) / max(left, right) * 100


def amount_of(r: SetRecord, measure: str) -> float | None:
    """A set's reps, seconds or metres, as the exercise is measured."""
    return r.reps if measure == "reps" else r.seconds if measure == "seconds" else r.distance_m


def pairs(left: int, right: int, both: int) -> int:
    """Sets done: a set logged for one side counts when the other side has one too."""
    return min(left, right) + both


#: A week without check-ins (shared: a Wellness is never changed once made).
NO_WELLNESS = Wellness()


class Measures:
    """How the sets filed under a key are measured (reps, seconds, distance), or
    ``""`` for an exercise the fold does not read; one per log index, shared by its
    weeks (which hold it rather than the index: no reference cycle)."""

    __slots__ = ("cache", "program", "units")

    def __init__(self, program: FilingProgram) -> None:
        self.program = program
        self.units = program.units
        self.cache: dict[str, str] = {}

    def of(self, key: str) -> str:
        found = self.cache.get(key)
        if found is None:
            name = key.partition("@")[0]
            found = ""
            if name in self.program.read_names:
                found = self.program.measure_of(name)
            self.cache[key] = found
        return found


class WeekLog:
    """One week of the log: each exercise's sets, summarised when first asked for
    (:meth:`summary`), and the check-ins (the runs are looked up by date:
    :meth:`LogIndex.runs_in`)."""

    __slots__ = ("checkins", "dates", "measures", "raw", "summaries", "wellness")

    def __init__(self, measures: Measures) -> None:
        self.measures = measures
        #: Every set as filed, by exercise name, or ``name@session`` for an exercise
        #: the fold reads that two sessions of the program share.
        self.raw: dict[str, list[SetRecord]] = {}
        #: The summaries made so far (``None``: no working set).
        self.summaries: dict[str, Agg | None] = {}
        self.checkins: list[CheckIn] = []
        self.dates: set[int] = set()
        self.wellness = NO_WELLNESS

    def summary(self, key: str) -> Agg | None:
        """The working sets filed under ``key`` (an exercise the fold reads), summarised;
        ``None`` when there are none. A week the fold rests in never asks."""
        summaries = self.summaries
        if key in summaries:
            return summaries[key]
        records = self.raw.get(key)
        measure = self.measures.of(key)
        found = None
        if records is not None and measure:
            found = Agg(records, measure, self.measures.units)
            if not found.days:
                found = None  # only warm-up sets: nothing was done
        summaries[key] = found
        return found

    def snapshot(self) -> WeekLog:
        """The week as it stands: sets filed later do not show in the copy."""
        copy = WeekLog(self.measures)
        copy.raw = {key: list(records) for key, records in self.raw.items()}
        copy.checkins = list(self.checkins)
        copy.dates = set(self.dates)
        copy.wellness = self.wellness
        return copy

    def filed(self, name: str) -> list[SetRecord] | None:
        """The sets of an exercise the fold does not read, as logged."""
        return None if self.measures.of(name) else self.raw.get(name)


class LogIndex:
    """A log cut into program weeks (week 1 starts on ``start``)."""

    def __init__(self, log: Log | None, start: dt.date, program: FilingProgram) -> None:
        self.start = start
        self.program = program
        self.weeks: dict[int, WeekLog] = {}
        #: Every run, in date order (only the weeks a plan shows read them).
        self.runs: list[Run] = []
        self.last_week = 0
        self.measures = Measures(program)
        #: The log's athlete record: its planned runs replace the program's (running.py).
        self.athlete: Athlete | None = log.athlete if log is not None else None
        if log is not None:
            self.add_sets(log.sets)
            self.add_checkins(log.checkins)
            self.add_runs(log.runs)

    def add(self, records: Iterable[Any]) -> None:
        """File records (sets, check-ins, runs, in date order) under their weeks; records
        before week 1 are ignored. A simulation adds each week's records as it goes."""
        from stridelift.core.logs import CheckIn, SetRecord

        sets: list[SetRecord] = []
        checkins: list[CheckIn] = []
        runs: list[Run] = []
        for r in records:
            kind = type(r)
            (sets if kind is SetRecord else checkins if kind is CheckIn else runs).append(r)
        self.add_sets(sets)
        self.add_checkins(checkins)
        self.add_runs(runs)

    def add_runs(self, runs: Iterable[Run]) -> None:
        self.runs.extend(runs)
        if self.runs:
            self.runs.sort(key=_date)  # already in order but for a simulation's additions
            last = (self.runs[-1].date - self.start).days // 7 + 1
            self.last_week = max(self.last_week, last)

    def runs_in(self, week: int) -> list[Run]:
        """The runs of program week ``week``."""
        if week < 1:
            return []  # runs before the program started are not its weeks
        first = self.start + dt.timedelta(days=7 * (week - 1))
        low = bisect_left(self.runs, first, key=_date)
        high = bisect_left(self.runs, first + dt.timedelta(days=7), key=_date)
        return self.runs[low:high]

    def add_checkins(self, checkins: Iterable[CheckIn]) -> None:
        origin = self.start.toordinal()
        touched = set()
        for c in checkins:
            week = (c.date.toordinal() - origin) // 7 + 1
            if week >= 1:
                self._week(week).checkins.append(c)
                touched.add(week)
        for week in touched:
            entry = self.weeks[week]
            entry.wellness = Wellness(entry.checkins)

    def add_sets(self, records: Iterable[SetRecord]) -> None:
        """File sets under their weeks and exercises (:meth:`WeekLog.summary` summarises
        them when the fold asks)."""
        origin = self.start.toordinal()
        # Exercises the fold reads for each session apart.
        split = self.program.shared_names & self.program.read_names
        # Logs are in date order, and one exercise's sets on one day follow each
        # other: look the week up once per day, and the exercise once per run of sets.
        day: dt.date | None = None
        entry: WeekLog | None = None
        raw: dict[str, list[SetRecord]] = {}
        last: str | None = None
        target: list[SetRecord] = []
        for r in records:
            date = r.date
            if date != day:
                day = date
                ordinal = date.toordinal()
                week = (ordinal - origin) // 7 + 1
                entry = self._week(week) if week >= 1 else None
                last = None
                if entry is not None:
                    raw = entry.raw
                    entry.dates.add(ordinal)
                    entry.summaries.clear()  # sets were added: summarise again
            if entry is None:
                continue
            key = r.exercise
            if key == last:
                target.append(r)
                continue
            if split and key in split:
                # A session the program does not have counts as the day's session.
                session = r.session
                if session is None or session not in self.program.sessions:
                    session = self.program.session_on(date)
                key = f"{key}@{session}"
                last = None  # the next set may be the other session's
            else:
                last = key
            found = raw.get(key)
            if found is None:
                found = raw[key] = []
            target = found
            target.append(r)

    def _week(self, week: int) -> WeekLog:
        entry = self.weeks.get(week)
        if entry is None:
            entry = self.weeks[week] = WeekLog(self.measures)
            self.last_week = max(self.last_week, week)
        return entry

    def get(self, week: int) -> WeekLog | None:
        return self.weeks.get(week)
