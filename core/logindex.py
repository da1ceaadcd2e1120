"""The log cut into program weeks and summarised as it is read.

The weekly fold looks numbers up here instead of walking sets: every set is
touched once, when the log is filed, and each week of each exercise slot then
costs a dictionary lookup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .metrics import FORM_NAMES, FORM_ORDER, Done, Wellness, convert

if TYPE_CHECKING:
    from .engine import Program
    from .logs import CheckIn, Log, Run, SetRecord


class Agg:
    """One exercise's working sets in one week, summarised in one pass when the fold
    first reads the week (:meth:`LogIndex.get`), so each week of each slot then
    looks a number up instead of walking the sets.
    """

    __slots__ = (
        "amount",
        "band",
        "both",
        "days",
        "done_sets",
        "last_day",
        "left",
        "lightest",
        "load",
        "measure",
        "records",
        "right",
        "rir",
        "seen",
        "units",
        "whole",
        "worst",
    )

    def __init__(self, measure: str = "reps", units: str = "kg") -> None:
        self.measure = measure
        self.units = units
        self.left = self.right = self.both = 0
        #: The fewest reps (seconds, metres) of a set, and the heaviest load.
        self.amount: float | None = None
        self.load: float | None = None
        #: The lightest load of a set, and whether every set has an amount and a load:
        #: then :meth:`completed` needs no walk when all sets reach the target.
        self.lightest: float | None = None
        self.whole = True
        self.rir: float | None = None
        self.worst = -1
        self.band: str | None = None
        self.days = 0
        self.last_day: dt.date | None = None
        self.records: list[SetRecord] = []
        self.done_sets: list[tuple[str | None, float | None, float | None]] = []
        #: How many of ``records`` the figures include.
        self.seen = 0

    @classmethod
    def of(cls, records: Iterable[SetRecord], units: str, measure: str) -> Agg:
        """The working sets among ``records`` (one exercise, one week), summarised."""
        found = cls(measure, units)
        found.records.extend(r for r in records if r.role != "warmup")
        found.summarise()
        return found

    def summarise(self) -> None:
        """Fold the sets filed since the last call into the figures (one loop with
        the figures in locals: this runs for every working set of a roster's logs)."""
        records = self.records
        if self.seen == len(records):
            return
        units, measure = self.units, self.measure
        left, right, both = self.left, self.right, self.both
        days, last_day = self.days, self.last_day
        amount, load, lightest, whole = self.amount, self.load, self.lightest, self.whole
        rir, worst, band = self.rir, self.worst, self.band
        done_sets = self.done_sets
        for r in records[self.seen :] if self.seen else records:
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
            done = (
                r.reps if measure == "reps" else r.seconds if measure == "seconds" else r.distance_m
            )
            if done is None:
                whole = False
            elif amount is None or done < amount:
                amount = done
            weight = r.load
            if weight is None:
                whole = False
            else:
                if r.unit != units and r.unit is not None:
                    weight = convert(weight, r.unit, units)
                if load is None or weight > load:
                    load = weight
                if lightest is None or weight < lightest:
                    lightest = weight
            # Each set as done: success is judged set by set, reps and load together.
            done_sets.append((side, done, weight))
            if r.band is not None:
                band = r.band
            effort = r.rir
            if effort is None and r.rpe is not None:
                effort = 10 - r.rpe
            if effort is not None and (rir is None or effort < rir):
                rir = effort
            if r.form is not None:
                grade = FORM_ORDER[r.form]
                if grade > worst:
                    worst = grade
        self.left, self.right, self.both = left, right, both
        self.days, self.last_day = days, last_day
        self.amount, self.load, self.lightest, self.whole = amount, load, lightest, whole
        self.rir, self.worst, self.band = rir, worst, band
        self.seen = len(records)

    @property
    def sets(self) -> int:
        return pairs(self.left, self.right, self.both)

    def completed(self, reps: float | None, load: float | None) -> int:
        """Sets done at ``reps`` (or more) and ``load`` (within 1%, or more) together;
        per-side sets count once per pair."""
        floor = None if load is None else load * 0.99
        if self.whole and (
            (reps is None or (self.amount is not None and self.amount >= reps))
            and (floor is None or (self.lightest is not None and self.lightest >= floor))
        ):
            return pairs(self.left, self.right, self.both)  # every set reached both
        left = right = both = 0
        for side, amount, weight in self.done_sets:
            if reps is not None and (amount is None or amount < reps):
                continue
            if floor is not None and (weight is None or weight < floor):
                continue
            if side is None:
                both += 1
            elif side == "left":
                left += 1
            else:
                right += 1
        return pairs(left, right, both)

    def done(self, units: str) -> Done:
        rir = self.rir
        form = FORM_NAMES[self.worst] if self.worst >= 0 else None
        return Done(
            self.sets,
            self.amount,
            self.load,
            None if rir is None else 10 - rir,
            rir,
            form,
            self.band,
            self.records,
            units,
            self.measure,
        )


def pairs(left: int, right: int, both: int) -> int:
    """Sets done: a set logged for one side counts when the other side has one too."""
    return min(left, right) + both


class WeekLog:
    """One week of the log: each exercise's sets summarised, the check-ins, the runs."""

    __slots__ = ("checkins", "dates", "filed", "pending", "runs", "sets", "wellness")

    def __init__(self) -> None:
        #: Keyed by exercise name, or ``name@session`` for an exercise that two
        #: sessions of the program share.
        self.sets: dict[str, Agg] = {}
        #: The sets of exercises no progression or rule reads, by name, unsummarised.
        self.filed: dict[str, list[SetRecord]] = {}
        self.checkins: list[CheckIn] = []
        self.dates: set[int] = set()
        self.runs: list[Run] = []
        self.wellness = Wellness()
        #: Whether sets were filed since the summaries were last brought up to date.
        self.pending = False


class LogIndex:
    """A log cut into program weeks (week 1 starts on ``start``)."""

    def __init__(self, log: Log | None, start: dt.date, program: Program) -> None:
        self.start = start
        self.program = program
        self.weeks: dict[int, WeekLog] = {}
        self.last_week = 0
        self._measures: dict[str, str] = {}
        if log is not None:
            self.add_sets(log.sets)
            self.add_checkins(log.checkins)
            self.add_runs(log.runs)

    def _measure(self, name: str) -> str:
        found = self._measures.get(name)
        if found is None:
            exercise = self.program.exercise(name)
            found = self._measures[name] = exercise.measure if exercise else "reps"
        return found

    def add(self, records: Iterable[Any]) -> None:
        """File records (sets, check-ins, runs, in date order) under their weeks; records
        before week 1 are ignored. A simulation adds each week's records as it goes."""
        from .logs import CheckIn, SetRecord

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
        origin = self.start.toordinal()
        for r in runs:
            week = (r.date.toordinal() - origin) // 7 + 1
            if week >= 1:
                self._week(week).runs.append(r)

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
        """File sets under their weeks and exercises; each week is summarised when first
        read (see :class:`Agg`)."""
        origin = self.start.toordinal()
        units = self.program.units
        shared = self.program.shared_names
        read = self.program.read_names
        # Logs are in date order: look a week up once per run of records on one day.
        day = -1
        entry: WeekLog | None = None
        aggs: dict[str, Agg] = {}
        filed: dict[str, list[SetRecord]] = {}
        for r in records:
            date = r.date
            ordinal = date.toordinal()
            if ordinal != day:
                day = ordinal
                week = (ordinal - origin) // 7 + 1
                entry = self._week(week) if week >= 1 else None
                if entry is not None:
                    aggs = entry.sets
                    filed = entry.filed
                    entry.dates.add(ordinal)
                    entry.pending = True
            if entry is None:
                continue
            key = r.exercise
            if key not in read:
                found = filed.get(key)
                if found is None:
                    filed[key] = [r]
                else:
                    found.append(r)
                continue
            if r.role == "warmup":
                continue
            if shared and key in shared:
                # A session the program does not have counts as the day's session.
                session = r.session
                if session is None or session not in self.program.sessions:
                    session = self.program.session_on(date)
                key = f"{key}@{session}"
            a = aggs.get(key)
            if a is None:
                a = aggs[key] = Agg(self._measure(r.exercise), units)
            a.records.append(r)

    def _week(self, week: int) -> WeekLog:
        entry = self.weeks.get(week)
        if entry is None:
            entry = self.weeks[week] = WeekLog()
            self.last_week = max(self.last_week, week)
        return entry

    def get(self, week: int) -> WeekLog | None:
        """A week of the log, its sets summarised."""
        entry = self.weeks.get(week)
        if entry is not None and entry.pending:
            for a in entry.sets.values():
                a.summarise()
            entry.pending = False
        return entry
