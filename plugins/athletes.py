"""Built-in simulated athlete: ``steady``.

A deterministic model of a runner who lifts, for ``stridelift simulate``
(``docs/engine.md``, "The simulator", says what each parameter does and its
range). For every exercise it keeps a capacity: an estimated 1RM for loaded
work, or the most reps (seconds, metres) for unloaded work. A capacity starts
where the program's first prescription of that exercise is a comfortable set
(about 3 reps in reserve, scaled by ``strength``), grows each trained week by
``response`` (less as the weeks add up) and shrinks in weeks off.

Each week, before its sessions, the athlete checks in (the day before each
session it will do, or the day itself for a session on the program's first
day): fatigue and soreness from last week's hard sets, its ``fatigue`` level
and now and then a bad week. A tired athlete lifts less that day. Sets are done
up to what the capacity allows; effort follows from the reps left in reserve
through the RTS chart (RPE 1 to 10, so an easy set can be RPE 3); form frays
near failure, sooner with ``breakdown``; a unilateral exercise is done side by
side, the weaker side ``asymmetry`` below the stronger. ``adherence`` is the
chance of doing each scheduled session; runs go where the program's running
week puts them. A seeded generator makes the same seed give the same log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from stridelift.core.hooks.records import AthleteModel, ParamSpec
from stridelift.core.hooks.specs import hookimpl
from stridelift.core.language import ast
from stridelift.core.training.rts import percent_for, reps_to_failure
from stridelift.core.units import convert

if TYPE_CHECKING:
    from stridelift.core.engine import Prescribed, WeekResult
    from stridelift.core.logs import CheckIn

#: How much of the body's weight an exercise of each pattern moves besides the
#: external load (a calf raise lifts nearly all of it, a row none): without it a
#: 2.5kg step on a 5kg step-up would look like a 50% jump.
BODYWEIGHT_SHARE = {
    "squat": 0.65,
    "single_leg": 0.65,
    "hinge": 0.35,
    "calf_ankle": 0.9,
    "plyometric": 0.9,
    "push": 0.3,
    "core": 0.3,
}

#: A first guess at a 1RM, as a multiple of bodyweight, for a percentage-of-1RM
#: prescription met before any estimate exists.
FIRST_GUESS = {"squat": 1.0, "hinge": 1.2, "single_leg": 0.5, "push": 0.6, "pull": 0.6}

#: Each parameter: default, lowest, highest, and what it means (docs/engine.md,
#: "The simulator", is written from this table; a test keeps them in step).
PARAMS: dict[str, tuple[float, float, float, str]] = {
    "strength": (1.0, 0.1, 10.0, "starting capacity: 1 leaves about 3 reps in reserve"),
    "response": (0.02, 0.0, 0.5, "capacity gained a trained week (less as weeks add up)"),
    "adherence": (0.9, 0.0, 1.0, "chance that a scheduled session happens"),
    "fatigue": (
        0.3,
        0.0,
        1.0,
        "fatigue level: how tired check-ins run and how often a week is bad",
    ),
    "breakdown": (0.0, 0.0, 1.0, "form-breakdown tendency: how far from failure form frays"),
    "asymmetry": (0.0, 0.0, 0.5, "the weaker side's shortfall on unilateral work (0.1: 10%)"),
    "asymmetry_load": (
        0.0,
        0.0,
        1.0,
        "chance that the weaker side takes a lighter load instead of doing fewer reps",
    ),
    "runs": (1.0, 0.0, 3.0, "0 logs no runs; above 1 the weekly distance grows faster"),
    "bodyweight": (65.0, 20.0, 250.0, "kg, carried in bodyweight and loaded work alike"),
    "economy": (
        0.05,
        0.0,
        0.2,
        "running economy gained over 12 weeks of strength training (0.05: 5% less cost)",
    ),
    "cadence": (170.0, 120.0, 220.0, "steps per minute on an easy run"),
    "ankle": (
        11.0,
        0.0,
        20.0,
        "knee-to-wall distance (cm) of the stronger ankle; the weaker one is less by "
        "half the asymmetry",
    ),
}

#: Reps to failure at body weight, at strength 1, by pattern (a recreational runner).
TEST_REPS = {"calf_ankle": 20.0, "single_leg": 9.0, "push": 15.0, "core": 20.0, "squat": 30.0}
#: A measure's result at strength 1 when the athlete model has no field for it.
TEST_MEASURES = {
    "hip_internal_rotation": 35.0,
    "hip_external_rotation": 45.0,
    "straight_leg_raise": 75.0,
    "sit_and_reach": 3.0,
}

#: Share of the reference weekly distance, and minutes per km before any training
#: effect, of each kind of run.
RUN_SHAPE = {"easy": (0.2, 5.6), "quality": (0.25, 4.4), "long": (0.35, 5.9), "race": (0.3, 4.6)}
#: An easy run's effort as a fraction of the heart-rate reserve (Karvonen). Speed is
#: taken in proportion to that fraction (%HRR tracks %VO2 reserve, Swain 1997), so a
#: kind's effort is the easy one scaled by how much faster its pace is.
EASY_RESERVE = 0.65
REST_HR, MAX_HR = 55.0, 190.0
#: Each kind's RPE at its usual effort; a run a little harder than usual feels so.
RUN_RPE = {"easy": 4.0, "long": 6.0, "quality": 7.5, "race": 9.0}
#: Steps per minute gained per km/h faster than the easy pace (cadence rises a
#: little with speed), and the run-to-run noise: cadence stays about where it is.
CADENCE_PER_KMH = 3.0
CADENCE_NOISE = 1.5
#: The weeks of strength training over which ``economy`` is gained (a block:
#: Blagrove 2018's studies ran 6-14 weeks); a week without lifting gives one back.
ECONOMY_WEEKS = 12
#: Where runs go when the program has no running week: kind and day of the week.
DEFAULT_RUNS = (("mon", "easy"), ("wed", "quality"), ("fri", "easy"), ("sat", "long"))
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: RPE runs 1 to 10 in the log (docs/logs.md); reps in reserve past 9 are RPE 1.
RPE_RANGE = (1.0, 10.0)
#: Capacity lost a day for each point of check-in fatigue above this.
TIRED_FROM = 5
TIRED_COST = 0.03


@dataclasses.dataclass
class _Day:
    """One scheduled session as the athlete will meet it: done or not, and how tired."""

    date: dt.date
    session: str
    done: bool
    fatigue: int
    soreness: int


@dataclasses.dataclass
class Profile:
    """What is particular to one athlete's body, fixed for the simulation: the place a
    limitation an assessment finds is added (a field, and a factor below)."""

    weak_side: str
    #: The weaker side's shortfall (0.1: 10% less capacity) ...
    asymmetry: float
    #: ... and the chance it takes a lighter load for a session instead of fewer reps.
    asymmetry_load: float
    rest_hr: float = REST_HR
    max_hr: float = MAX_HR
    cadence: float = 170.0
    #: Ankle dorsiflexion, knee to wall (cm), of the stronger side: a limitation the
    #: assessment finds when it is short (under about 10 cm).
    ankle: float = 11.0

    def side_factor(self, exercise: str, side: str | None) -> float:
        """The share of the exercise's capacity one side has (1 for both sides at once
        and for the stronger side)."""
        return 1 - self.asymmetry if side == self.weak_side else 1.0

    def knee_to_wall(self, side: str | None) -> float:
        """The knee-to-wall distance of one side: the weaker side's ankle is as much
        stiffer as half its strength shortfall."""
        return self.ankle * (1 - self.asymmetry / 2) if side == self.weak_side else self.ankle


class SteadyAthlete:
    """One simulated athlete (see the module docstring)."""

    #: Reps in reserve the first prescription of an exercise leaves at strength 1 ...
    START_RIR = 3.0
    #: ... and of a variant first met later (a harder rung of a ladder).
    NEW_VARIANT_RIR = 1.5

    def __init__(self, params: Mapping[str, float], seed: int) -> None:
        for name, (default, low, high, _) in PARAMS.items():
            value = float(params.get(name, default))
            if not low <= value <= high:
                raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value:g}")
        value_of = {name: float(params.get(name, spec[0])) for name, spec in PARAMS.items()}
        self.strength = value_of["strength"]
        self.response = value_of["response"]
        self.adherence = value_of["adherence"]
        self.fatigue_prone = value_of["fatigue"]
        self.breakdown = value_of["breakdown"]
        self.asymmetry = value_of["asymmetry"]
        self.runs = value_of["runs"]
        self.bodyweight = value_of["bodyweight"]
        self.economy = value_of["economy"]
        import random  # not at module level: it pulls in hashlib, on every cold check

        self.rng = random.Random(seed)
        #: The weaker side, fixed for the athlete (a seed picks it).
        self.weak_side = "left" if self.rng.random() < 0.5 else "right"
        self.profile = Profile(
            self.weak_side,
            self.asymmetry,
            value_of["asymmetry_load"],
            cadence=value_of["cadence"],
            ankle=value_of["ankle"],
        )
        # Runs and the weaker side's loads draw from streams of their own, so adding
        # them left every set and check-in of a seed as it was.
        self.run_rng = random.Random(f"runs:{seed}")
        self.side_rng = random.Random(f"sides:{seed}")
        self.assess_rng = random.Random(f"assessment:{seed}")
        #: Weeks of strength training toward the economy gain (see ECONOMY_WEEKS).
        self.economy_weeks = 0
        #: The weaker side's load per (date, exercise), once chosen for the session.
        self._weak_loads: dict[tuple[Any, str], float | None] = {}
        self._loads_for: Any = None
        self.capacity: dict[str, float] = {}
        self.trained_weeks = 0
        self.weeks_seen = 0
        self.run_km = 30.0
        #: Hard sets (RPE 9 or more) of the last week done, and of this week so far.
        self.hard_last_week = 0
        #: The week ahead as the check-ins described it: week start -> its days.
        self._ahead: dict[dt.date, list[_Day]] = {}

    # -- the assessment
    def assess(
        self,
        tests: Sequence[Any],
        date: dt.date,
        units: str,
        loads: Mapping[str, Sequence[float]],
        first: Mapping[str, Prescribed] | None = None,
    ) -> list[Any]:
        """The results of the program's assessment taken on ``date`` (each test a
        :class:`~stridelift.core.training.assessment.TestSpec`; ``loads``: the loads
        the program owns for each exercise; ``first``: the program's first
        prescription of each, as written). A rep max is the heaviest owned load the
        athlete's capacity moves for the test's reps: the capacity its first session
        would have found (so an athlete is as strong tested as not); reps to failure
        and measures follow its strength, side and ankle, with a little noise. The
        tests draw from a stream of their own."""
        for name, item in (first or {}).items():
            if name not in self.capacity and item.slot.measure == "reps":
                load = item.load
                if load is None and item.percent is not None:
                    load = self._first_load(item, units)
                self.capacity[name] = self._start_capacity(item, load)
        from stridelift.core.logs import AssessmentResult

        rng = self.assess_rng
        out: list[Any] = []
        for test in tests:
            sides: tuple[Literal["left", "right"] | None, ...] = (
                ("left", "right") if test.per_side else (None,)
            )
            for side in sides:
                factor = self.profile.side_factor(test.name, side)
                noise = 1 + (rng.random() - 0.5) * 0.06
                if test.kind == "rep_max":
                    lift = self._rep_max(test, units, loads.get(test.name, ()), factor)
                    if lift is not None:
                        load, reps = lift
                        unit: Literal["kg", "lb"] = "lb" if units == "lb" else "kg"
                        out.append(AssessmentResult(date, test.name, side, reps, load, None, unit))
                elif test.kind == "to_failure":
                    base = TEST_REPS.get(test.pattern or "", 15.0)
                    reps = max(0, round(base * self._grown(test.name) * factor * noise))
                    out.append(AssessmentResult(date, test.name, side, reps))
                else:
                    value = self._measure(test, side, units) * noise
                    out.append(
                        AssessmentResult(
                            date, test.name, side, value=round(value, 1), unit=test.unit
                        )
                    )
        return out

    def _grown(self, name: str) -> float:
        """The athlete's strength with what training has added (1 + the weeks' gains)."""
        return self.strength * (1 + self.response * min(self.trained_weeks, 26))

    def _rep_max(
        self, test: Any, units: str, owned: Sequence[float], factor: float
    ) -> tuple[float, int] | None:
        reps = int(test.reps)
        pattern = test.pattern or ""
        one_rm = self.capacity.get(test.name)
        if one_rm is None:
            # An exercise the program does not prescribe: a guess from body weight, kept
            # as the sets keep it (the load in the program's units plus the body
            # weight the exercise carries).
            guess = self.bodyweight * FIRST_GUESS.get(pattern, 0.5) * self.strength
            one_rm = convert(guess, "kg", units) + self._carried(pattern)
            self.capacity[test.name] = one_rm
        moved = one_rm * factor * percent_for(reps) / 100 - self._carried(pattern)
        if owned:
            fits = [x for x in owned if x <= moved + 1e-9]
            if not fits:
                return None  # even the lightest owned load is beyond a rep max of these reps
            return max(fits), reps
        step = 5.0 if units == "lb" else 2.5
        return max(step, math.floor(moved / step) * step), reps

    def _measure(self, test: Any, side: str | None, units: str) -> float:
        if test.name == "knee_to_wall":
            return self.profile.knee_to_wall(side) * (1 if test.unit == "cm" else 0.01)
        if test.name == "body_weight":
            return convert(self.bodyweight, "kg", test.unit or units)
        if test.dimension == "time":
            return 45.0 * self._grown(test.name) * self.profile.side_factor(test.name, side)
        return TEST_MEASURES.get(test.name, 10.0) * self.profile.side_factor(test.name, side)

    # -- before the week: the check-ins
    def check_ins(
        self, week_start: dt.date, sessions: Sequence[tuple[str, str, dt.date]], first: dt.date
    ) -> list[Any]:
        """The check-ins of the week from ``week_start`` (``sessions``: day, session and
        date of each scheduled session), dated the day before each session the athlete
        will do, or the day itself when the day before is before ``first`` (the
        program's start). Called before the week is planned; :meth:`week` then does the
        sessions as tired as these say."""
        from stridelift.core.logs import CheckIn

        bad = self.rng.random() < 0.25 * self.fatigue_prone
        days: list[_Day] = []
        records: list[CheckIn] = []
        for _, session, date in sessions:
            done = self.rng.random() < self.adherence
            fatigue = 2 + self.rng.random() * 4 * self.fatigue_prone
            fatigue += min(2.0, self.hard_last_week / 6)
            soreness = 2 + self.rng.random() * 4 * self.fatigue_prone
            soreness += min(2.0, self.hard_last_week / 8)
            if bad:
                fatigue += 4
                soreness += 2
            day = _Day(date, session, done, _scale(fatigue), _scale(soreness))
            days.append(day)
            if not done:
                continue
            on = date - dt.timedelta(days=1)
            if on < first:
                on = date
            records.append(
                CheckIn(
                    on,
                    fatigue=day.fatigue,
                    soreness=day.soreness,
                    sleep_hours=round(6.5 + self.rng.random() * 1.5 - (1.0 if bad else 0.0), 1),
                    stress=_scale(3 + self.rng.random() * 3 + (2 if bad else 0)),
                )
            )
        self._ahead[week_start] = days
        records.sort(key=lambda r: r.date)
        # Two sessions on consecutive days would check in twice on one day: keep one.
        unique: list[CheckIn] = []
        for r in records:
            if unique and unique[-1].date == r.date:
                unique[-1] = _worse(unique[-1], r)
            else:
                unique.append(r)
        return list(unique)

    # -- one week
    def week(self, week: WeekResult, units: str) -> list[Any]:
        """The sets and runs of a planned week (and its check-ins, when
        :meth:`check_ins` was not called for it)."""
        from stridelift.core.logs import Run, SetRecord

        records: list[Any] = []
        days = self._ahead.pop(week.start, None)
        if days is None:
            dates = [(s.day or "", s.name, s.date) for s in week.sessions if s.date is not None]
            records.extend(self.check_ins(week.start, dates, week.start))
            days = self._ahead.pop(week.start)
        by_session = {(d.session, d.date): d for d in days}
        self._loads_for = getattr(week.program, "loads_for", None)
        done_any = False
        hard_sets = 0
        for session in week.sessions:
            if session.date is None:
                continue
            day = by_session.get((session.name, session.date))
            if day is None or not day.done:
                continue
            done_any = True
            tired = 1 - TIRED_COST * max(0, day.fatigue - TIRED_FROM)
            # An exercise on two lines of one session is logged as a runner would:
            # its sets numbered on from the first line's (1-3, then 4-6), not 1-3 twice.
            done_sets: dict[tuple[str, str | None], int] = {}
            for item in session.items:
                if item.slot.phase not in ("main", "accessory"):
                    continue
                before = dict(done_sets)
                for s in self._sets(item, units, session.name, session.date, tired, SetRecord):
                    key = (s.exercise, s.side)
                    if before.get(key):
                        s = dataclasses.replace(s, set=s.set + before[key])
                    done_sets[key] = max(done_sets.get(key, 0), s.set)
                    records.append(s)
                    if s.rpe is not None and s.rpe >= 9:
                        hard_sets += 1
        if self.runs > 0:
            records.extend(self._runs(week, Run))
        records.sort(key=lambda r: r.date)
        self.weeks_seen += 1
        self.hard_last_week = hard_sets
        if done_any:
            self.economy_weeks = min(ECONOMY_WEEKS, self.economy_weeks + 1)
        else:
            self.economy_weeks = max(0, self.economy_weeks - 1)
        if done_any:
            self.trained_weeks += 1
            gain = self.response * math.exp(-self.trained_weeks / 26)
            for name in self.capacity:
                self.capacity[name] *= 1 + gain
        else:
            for name in self.capacity:
                self.capacity[name] *= 0.99
        return records

    def _sets(
        self, item: Prescribed, units: str, session: str, date: Any, tired: float, make: Any
    ) -> list[Any]:
        slot = item.slot
        name = item.exercise
        target = item.reps
        measure = slot.measure
        load = item.load
        tempo_cost = 1 - 0.04 * max(0.0, _eccentric(item.tempo) - 2)
        capacity = self.capacity.get(name)
        if load is None and item.percent is not None and measure == "reps":
            # A percentage of a 1RM the plan cannot resolve yet: the athlete picks a
            # load by feel, as a first session does, and logs it.
            load = self._first_load(item, units)
        if capacity is None:
            capacity = self._start_capacity(item, load)
            self.capacity[name] = capacity
        out = []
        sides: tuple[str | None, ...] = ("left", "right") if item.per_side else (None,)
        for index in range(1, item.sets + 1):
            fatigue_cost = 1 - 0.02 * (index - 1)
            for side in sides:
                # The stronger side is where the capacity was met; the weaker falls short.
                weak = self.profile.side_factor(name, side)
                scale = capacity * tempo_cost * fatigue_cost * tired * weak
                side_load = load
                if weak < 1 and load is not None and measure == "reps":
                    side_load = self._weak_load(date, name, load)
                if measure == "reps" and side_load is not None:
                    moved = side_load + self._carried(slot.pattern)
                    reps, rir = self._effort(target, reps_to_failure(moved / scale * 100))
                else:
                    reps, rir = self._unloaded(target, scale)
                low, high = RPE_RANGE
                rpe = min(high, max(low, round((10 - rir) * 2) / 2))
                frays = 1.5 * self.breakdown
                form = "poor" if rir < 0.5 + frays else "ok" if rir < 1.5 + frays else "good"
                values: dict[str, Any] = {
                    "session": session,
                    "side": side,
                    "rpe": rpe,
                    "form": form,
                }
                if measure == "seconds":
                    values["seconds"] = float(reps)
                elif measure == "distance":
                    values["distance_m"] = float(reps)
                else:
                    values["reps"] = int(reps)
                if side_load is not None:
                    values["load"] = side_load
                    values["unit"] = units
                elif item.band is not None:
                    values["band"] = item.band
                out.append(make(date, name, index, **values))
        return out

    def _weak_load(self, date: Any, name: str, load: float) -> float:
        """The weaker side's load for a session: the prescribed one (it does fewer reps),
        or, with chance ``asymmetry_load``, the heaviest load the athlete owns at or
        below ``asymmetry`` less (it does the reps), chosen once a session."""
        key = (date, name)
        if key not in self._weak_loads:
            chosen: float | None = None
            if self.profile.asymmetry_load > 0 and self.side_rng.random() < (
                self.profile.asymmetry_load
            ):
                owned = self._loads_for(name) if callable(self._loads_for) else ()
                limit = load * (1 - self.profile.asymmetry) + 1e-9
                lighter = [w for w in owned if w <= limit and w < load]
                chosen = max(lighter) if lighter else None
            self._weak_loads[key] = chosen
        found = self._weak_loads[key]
        return load if found is None else found

    def _first_load(self, item: Prescribed, units: str) -> float:
        """A load for a percentage of 1RM with no estimate: the percentage of a guess
        from bodyweight, rounded to 2.5kg (5lb)."""
        guess = self.bodyweight * FIRST_GUESS.get(item.slot.pattern or "", 0.5) * self.strength
        load = guess * (item.percent or 70) / 100
        if units == "lb":
            return max(5.0, round(convert(load, "kg", "lb") / 5) * 5)
        return max(2.5, round(load / 2.5) * 2.5)

    def _start_capacity(self, item: Prescribed, load: float | None = None) -> float:
        target = item.reps if item.reps is not None else 10.0
        reserve = self.START_RIR if self.weeks_seen == 0 else self.NEW_VARIANT_RIR
        load = item.load if load is None else load
        # The reserve is for the last set, at the prescribed tempo: what a coach means
        # by a comfortable first week.
        cost = (1 - 0.04 * max(0.0, _eccentric(item.tempo) - 2)) * (1 - 0.02 * (item.sets - 1))
        if load is not None and item.slot.measure == "reps":
            percent = percent_for(target + reserve)
            moved = load + self._carried(item.slot.pattern)
            return moved / percent * 100 * self.strength / cost
        return (target + reserve) * self.strength / cost

    def _carried(self, pattern: str | None) -> float:
        return self.bodyweight * BODYWEIGHT_SHARE.get(pattern or "", 0.0)

    def _effort(self, target: float | None, most: float) -> tuple[float, float]:
        noise = (self.rng.random() - 0.5) * 0.8
        most = max(0.0, most + noise)
        if target is None:
            return float(max(1, math.floor(most))), 0.0
        reps = min(target, math.floor(most))
        return float(max(0, reps)), max(0.0, most - reps)

    def _unloaded(self, target: float | None, capacity: float) -> tuple[float, float]:
        noise = (self.rng.random() - 0.5) * 0.1 * capacity
        most = max(1.0, capacity + noise)
        if target is None:
            return float(math.floor(most)), 0.0
        done = min(target, math.floor(most))
        # Reserve scales with the share of capacity used, like reps in reserve.
        rir = max(0.0, (most - done) / max(most, 1) * 10)
        return float(done), min(rir, 10 - RPE_RANGE[0])

    def _runs(self, week: WeekResult, make: Any) -> list[Any]:
        self.run_km *= 1 + 0.03 * self.runs
        # The program's running week (day, kind), else a common one.
        placed: list[tuple[str, str]] = [(r.day, r.kind) for r in week.program.running]
        placed = placed or list(DEFAULT_RUNS)
        offset = week.start.weekday()
        # A run costs less as strength training adds up (Blagrove 2018: 2-8 %).
        cost = 1 - self.economy * self.economy_weeks / ECONOMY_WEEKS
        runs = []
        for day, kind in placed:
            if day not in DAYS:
                continue
            kind = kind if kind in RUN_SHAPE else "easy"
            share, pace = RUN_SHAPE[kind]
            if self.rng.random() >= min(1.0, self.adherence + 0.05):
                continue
            km = max(1.0, round(self.run_km * share, 1))
            date = week.start + dt.timedelta(days=(DAYS.index(day) - offset) % 7)
            minutes, rpe, cadence, heart_rate = self._run_figures(kind, pace, km, cost)
            runs.append(
                make(date, kind, km, minutes, rpe=rpe, cadence=cadence, heart_rate=heart_rate)
            )
        runs.sort(key=lambda r: r.date)
        return runs

    def _run_figures(
        self, kind: str, pace: float, km: float, cost: float
    ) -> tuple[float, float, int, int]:
        """Minutes, RPE, cadence and heart rate of one run of ``kind``.

        The athlete runs at its usual effort for the kind, give or take; that effort is
        a share of the heart-rate reserve, speed follows it, and economy makes the
        same effort faster. Cadence rises a little with speed, with a little noise."""
        p = self.profile
        usual = EASY_RESERVE * RUN_SHAPE["easy"][1] / pace
        effort = usual * (1 + self.run_rng.gauss(0.0, 0.03))
        minutes_per_km = RUN_SHAPE["easy"][1] * EASY_RESERVE / effort * cost
        heart_rate = p.rest_hr + effort * (p.max_hr - p.rest_hr) + self.run_rng.gauss(0.0, 1.5)
        low, high = RPE_RANGE
        rpe = RUN_RPE.get(kind, 4.0) + 10 * (effort - usual)
        rpe = min(high, max(low, round(rpe * 2) / 2))
        kmh = 60 / minutes_per_km - 60 / RUN_SHAPE["easy"][1]
        cadence = p.cadence + CADENCE_PER_KMH * kmh + self.run_rng.gauss(0.0, CADENCE_NOISE)
        minutes = round(km * minutes_per_km, 1)
        return minutes, rpe, round(cadence), round(heart_rate)


def _scale(value: float) -> int:
    """A 1-10 check-in value."""
    return min(10, max(1, round(value)))


def _worse(a: CheckIn, b: CheckIn) -> CheckIn:
    """One check-in for two sessions on consecutive days: the worse of each value."""
    return dataclasses.replace(
        a,
        fatigue=max(a.fatigue or 1, b.fatigue or 1),
        soreness=max(a.soreness or 1, b.soreness or 1),
    )


def _eccentric(tempo: tuple[str, ...] | None) -> float:
    if not tempo:
        return 2.0
    return float(tempo[0]) if tempo[0].isdigit() else 1.0


STEADY = AthleteModel(
    "steady",
    tuple(ParamSpec(name, "number", ast.Number(spec[0])) for name, spec in PARAMS.items()),
    SteadyAthlete,
    description="Capacity grows about 2% a trained week (less as weeks add up); checks in "
    "before each session and lifts less when tired; effort from reps in reserve; "
    "unilateral work side by side, the weaker side weaker; misses sessions at random "
    "(adherence); runs where the program's running week says, with heart rate and cadence, "
    "faster at the same heart rate as strength training adds up (economy).",
)


@hookimpl
def register_athlete_models() -> Iterable[AthleteModel]:
    return (STEADY,)
