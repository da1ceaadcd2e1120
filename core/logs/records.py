"""The records of an athlete's log (sets, check-ins, runs, the athlete) and the log itself."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from stridelift.core.units import convert

Format: TypeAlias = Literal["jsonl", "csv"]


#: The schema every record is validated with; it dispatches on `type`.
RECORD_SCHEMA = "log-record.schema.json"


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
        if self.unit in ("kg", "lb"):
            return convert(self.load, self.unit, "kg")
        raise ValueError(f"a load of {self.load} without a unit cannot be converted")

    def load_in(self, unit: str) -> float | None:
        """The load in ``unit`` ("kg" or "lb"); exactly as logged when the units agree."""
        if unit not in ("kg", "lb"):
            raise ValueError(f"unit must be kg or lb, not {unit!r}")
        if self.load is None or self.unit == unit:
            return self.load
        kilograms = self.load_kg()
        assert kilograms is not None
        return convert(kilograms, "kg", unit)

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


RunKind: TypeAlias = Literal["easy", "quality", "long", "race"]


@dataclass(frozen=True, slots=True)
class PlannedRun:
    """A run of the athlete's week (``wed: quality 45min``): its weekday (``mon`` to
    ``sun``), its kind, and optionally how long or how far. The program's ``running``
    line and the athlete record's ``runs`` both hold these."""

    day: str
    kind: RunKind
    duration_min: float | None = None
    distance_km: float | None = None

    def amount_text(self) -> str:
        """``45min``, ``18km`` or ``""``: the run's length as a coach writes it."""
        if self.duration_min is not None:
            return f"{self.duration_min:g}min"
        if self.distance_km is not None:
            return f"{self.distance_km:g}km"
        return ""


@dataclass(frozen=True, slots=True)
class RaceDay:
    """A race of the athlete's calendar (``"races"``). ``goal`` False is a tune-up:
    listed, but the taper is placed before goal races only."""

    date: datetime.date
    name: str | None = None
    distance_km: float | None = None
    goal: bool = True


@dataclass(frozen=True, slots=True)
class AssessmentResult:
    """One result of one test of the assessment (``"type": "assessment"``): a rep max
    (``reps`` at ``load``), reps to failure (``reps``), or a measure (``value`` in
    ``unit``), for one ``side`` when the test is taken per side."""

    date: datetime.date
    test: str
    side: Literal["left", "right"] | None = None
    reps: int | None = None
    load: float | None = None
    value: float | None = None
    unit: Literal["kg", "lb", "cm", "m", "s", "deg"] | None = None
    rpe: float | None = None
    rir: float | None = None
    line: int = field(default=0, compare=False)

    def load_in(self, unit: str) -> float | None:
        """The load in ``unit`` ("kg" or "lb"); exactly as logged when the units agree."""
        if self.load is None or self.unit == unit or self.unit not in ("kg", "lb"):
            return self.load if self.unit in ("kg", "lb", None) else None
        return convert(self.load, self.unit, unit)

    def effective_rir(self) -> float:
        """Reps in reserve as logged, else from RPE; a test left without either was
        taken to failure (RIR 0)."""
        if self.rir is not None:
            return self.rir
        return 0.0 if self.rpe is None else 10 - self.rpe


@dataclass(frozen=True, slots=True)
class Athlete:
    """Who the log belongs to (``"type": "athlete"``): optional, at most one, first."""

    name: str | None = None
    start: datetime.date | None = None
    program: str | None = None
    #: The race the program builds to (the taper is placed before it).
    race: datetime.date | None = None
    #: The planned running week; replaces the program's ``running`` line when given.
    runs: tuple[PlannedRun, ...] | None = None
    #: The race calendar, in date order.
    races: tuple[RaceDay, ...] | None = None
    line: int = field(default=0, compare=False)

    def goal_races(self) -> list[datetime.date]:
        """Every goal race day the record names (``race`` and the goal ``races``), in order."""
        days = {race.date for race in self.races or () if race.goal}
        if self.race is not None:
            days.add(self.race)
        return sorted(days)

    def next_race(self, first: datetime.date) -> datetime.date | None:
        """The goal race the taper is placed before: the first on or after ``first``
        (week 1's first day); None when every goal race is before it, or none is named."""
        return next((day for day in self.goal_races() if day >= first), None)


Record: TypeAlias = SetRecord | CheckIn | Run | AssessmentResult | Athlete


KINDS: dict[str, type[Record]] = {
    "set": SetRecord,
    "checkin": CheckIn,
    "run": Run,
    "assessment": AssessmentResult,
    "athlete": Athlete,
}


KIND_OF: dict[type[Record], str] = {cls: kind for kind, cls in KINDS.items()}


SCHEMA_OF = {kind: f"log-{kind}.schema.json" for kind in KINDS}


KIND_NOUNS = {
    "set": "a set",
    "checkin": "a check-in",
    "run": "a run",
    "assessment": "an assessment result",
    "athlete": "an athlete record",
}


def kind_of(record: Record) -> str:
    """The record's JSON ``type``: set, checkin, run, assessment or athlete."""
    return KIND_OF[type(record)]


def date_of(record: Record) -> datetime.date | None:
    return None if isinstance(record, Athlete) else record.date


@dataclass(frozen=True, slots=True)
class Log:
    """Every record of one log, by kind; each kind in file order."""

    path: str
    athlete: Athlete | None = None
    sets: tuple[SetRecord, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    runs: tuple[Run, ...] = ()
    #: Assessment results, in file order (they may come before week 1).
    assessments: tuple[AssessmentResult, ...] = ()

    @classmethod
    def of(cls, path: str, records: Iterable[Record]) -> Log:
        """A log holding ``records`` (the last athlete record wins)."""
        athlete: Athlete | None = None
        sets: list[SetRecord] = []
        checkins: list[CheckIn] = []
        runs: list[Run] = []
        assessments: list[AssessmentResult] = []
        for record in records:
            if isinstance(record, SetRecord):
                sets.append(record)
            elif isinstance(record, CheckIn):
                checkins.append(record)
            elif isinstance(record, Run):
                runs.append(record)
            elif isinstance(record, AssessmentResult):
                assessments.append(record)
            else:
                athlete = record
        return cls(path, athlete, tuple(sets), tuple(checkins), tuple(runs), tuple(assessments))

    @property
    def records(self) -> tuple[Record, ...]:
        """All records in file order (for records built in code, with no lines: by date)."""
        everything: list[Record] = [*self.sets, *self.checkins, *self.runs, *self.assessments]
        everything.sort(key=lambda record: (record.line, date_of(record)))
        if self.athlete is not None:
            everything.insert(0, self.athlete)
        return tuple(everything)

    def _dates(self) -> list[datetime.date]:
        return [r.date for group in (self.sets, self.checkins, self.runs) for r in group]

    @property
    def first_date(self) -> datetime.date | None:
        """The earliest training record's date, or None for a log without one.
        Assessment results are left out: they are often taken before week 1, and the
        start worked out from this date is the week the training begins."""
        return min(self._dates(), default=None)

    @property
    def last_date(self) -> datetime.date | None:
        """The latest dated record's date, or None for a log without one."""
        return max(self._dates(), default=None)
