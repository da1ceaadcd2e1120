"""The report as data: every figure of ``stridelift report``, typed, for any renderer.

A :class:`Report` holds a :class:`WeekReport` per program week and a
:class:`Summary` of the block. Every number that may be missing is a
:class:`Figure`: a value with its unit and the count of records it rests on, or
no value and the reason (``not enough data: needs 2 easy or long runs with heart
rate this week (has 1)``), so a renderer never prints noise. ``docs/report.md``
says how each figure is computed; renderers live in
:mod:`stridelift.core.output.report` (text, JSON) and, later, the exporters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Side = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of the report, or why there is none."""

    value: float | None
    unit: str
    #: How many records (sets, runs, check-ins, weeks) the value rests on.
    n: int = 0
    #: Why there is no value; None when there is one.
    missing: str | None = None

    @classmethod
    def of(cls, value: float, unit: str, n: int, digits: int = 2) -> Figure:
        return cls(round(value, digits), unit, n)

    @classmethod
    def none(cls, unit: str, why: str, n: int = 0) -> Figure:
        return cls(None, unit, n, why)


@dataclass(frozen=True, slots=True)
class RepMax:
    """The heaviest load logged for ``reps`` reps at high effort (one side's, for a
    per-side exercise)."""

    reps: int
    load: float
    unit: str
    date: dt.date
    side: Side | None = None


@dataclass(frozen=True, slots=True)
class AssessmentResult:
    """One result of an assessment (the log's ``assessment`` records, issue 13): a
    rep-max or reps-to-failure test, a single-leg test per side, a mobility measure."""

    date: dt.date
    test: str
    side: Side | None = None
    reps: int | None = None
    load: float | None = None
    unit: str | None = None
    value: float | None = None


@dataclass(frozen=True, slots=True)
class LiftStrength:
    """One main lift in one week."""

    exercise: str
    #: The week's estimated 1RM (the policy's method, the best eligible set).
    e1rm: Figure
    #: The estimate a %1RM line reads: the median of the last ``e1rm_weeks`` weeks'.
    anchor: Figure
    rep_maxes: tuple[RepMax, ...] = ()
    #: Why there is no rep max this week; None when there is one.
    rep_max_missing: str | None = None
    #: The week's assessment results for this lift.
    assessments: tuple[AssessmentResult, ...] = ()


@dataclass(frozen=True, slots=True)
class ExerciseVolume:
    exercise: str
    sets: int
    reps: int
    #: Sum of reps x load, in the program's units (0 for unloaded work).
    tonnage: float


@dataclass(frozen=True, slots=True)
class Volume:
    sets: int
    reps: int
    tonnage: float
    unit: str
    by_exercise: tuple[ExerciseVolume, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionLoad:
    """Session RPE x minutes (Foster 2001), in arbitrary units."""

    total: float
    strength: float
    running: float
    #: Sessions (strength sessions and runs) counted, and left out for want of an
    #: RPE (or, for a strength session, of a session of the program to time).
    counted: int
    left_out: int


@dataclass(frozen=True, slots=True)
class Adherence:
    sessions_prescribed: int
    sessions_logged: int
    sets_prescribed: int
    sets_logged: int
    #: Logged / prescribed, in percent.
    sessions: Figure
    sets: Figure


@dataclass(frozen=True, slots=True)
class Wellness:
    checkins: int
    fatigue: Figure
    soreness: Figure
    sleep_hours: Figure
    stress: Figure


@dataclass(frozen=True, slots=True)
class Symmetry:
    """A unilateral exercise's two sides in one week."""

    exercise: str
    #: What was summed per side: ``reps x load``, or ``reps`` (``seconds``,
    #: ``metres``) for work without a load on every set.
    basis: str
    left: float
    right: float
    weaker: Side | None
    #: (stronger - weaker) / stronger, in percent.
    difference: Figure


@dataclass(frozen=True, slots=True)
class Running:
    runs: int
    distance_km: float
    minutes: float
    #: Pace (min/km) at the reference heart rate, heart rate at the reference pace,
    #: RPE at the reference pace (steady runs: easy and long).
    pace_at_hr: Figure
    hr_at_pace: Figure
    rpe_at_pace: Figure
    #: Mean cadence of the steady runs, and its coefficient of variation (percent).
    cadence: Figure
    cadence_cv: Figure
    #: Hard days (runs or strength sessions) this week, and the mean days until
    #: fatigue and soreness were back at baseline after them.
    hard_days: int
    recovery_days: Figure
    #: Hard days after which the next hard day came before a check-in at baseline.
    not_recovered: int


@dataclass(frozen=True, slots=True)
class WeekReport:
    week: int
    start: dt.date
    end: dt.date
    phase: str
    deload: bool
    strength: tuple[LiftStrength, ...]
    volume: Volume
    session_load: SessionLoad
    adherence: Adherence
    wellness: Wellness
    symmetry: tuple[Symmetry, ...]
    running: Running
    #: Assessment results of tests that are not a main lift (mobility, single-leg tests).
    assessments: tuple[AssessmentResult, ...] = ()


@dataclass(frozen=True, slots=True)
class References:
    """What the week-by-week figures are read at, from the whole log."""

    #: The athlete's typical easy heart rate: the median of the steady runs'.
    heart_rate: Figure
    #: The typical easy pace (min/km): the median of the steady runs'.
    pace: Figure
    #: Baselines: the medians of every check-in's fatigue and soreness.
    fatigue: Figure
    soreness: Figure


@dataclass(frozen=True, slots=True)
class Trend:
    """A weekly figure over the block: the least-squares line through it, read at the
    first and the last week it has."""

    first_week: int | None
    last_week: int | None
    first: float | None
    last: float | None
    #: (last - first) / first, in percent.
    change: Figure


@dataclass(frozen=True, slots=True)
class LiftTrend:
    exercise: str
    e1rm: Trend


@dataclass(frozen=True, slots=True)
class Summary:
    strength: tuple[LiftTrend, ...]
    pace_at_hr: Trend
    hr_at_pace: Trend
    rpe_at_pace: Trend
    #: Running economy proxy: the speed at the reference heart rate, last week of the
    #: trend against the first, in percent (positive: faster at the same heart rate).
    running_economy: Figure
    distance_km: float
    adherence_sessions: Figure
    adherence_sets: Figure


@dataclass(frozen=True, slots=True)
class Report:
    program_title: str
    program_path: str
    units: str
    athlete: str | None
    start: dt.date
    references: References
    weeks: tuple[WeekReport, ...]
    summary: Summary
    notes: tuple[str, ...] = field(default=())
    #: The assessment results logged before week 1: where the athlete started.
    baseline: tuple[AssessmentResult, ...] = field(default=())
