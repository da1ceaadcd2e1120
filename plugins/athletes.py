"""Built-in simulated athlete: ``steady``.

A deterministic model of a runner who lifts, for ``stridelift simulate``.
For every exercise it keeps a capacity: an estimated 1RM for loaded work, or
the most reps (seconds, metres) for unloaded work. A capacity starts where
the program's first prescription of that exercise is a comfortable set
(about 3 reps in reserve, scaled by ``strength``), grows each trained week by
``response`` (less as the weeks add up) and shrinks in weeks off. Sets are
done up to what the capacity allows; effort follows from the reps left in
reserve through the RTS chart; ``adherence`` is the chance of doing each
scheduled session. A seeded generator makes the same seed give the same log.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from stridelift.core.hooks.records import AthleteModel, ParamSpec
from stridelift.core.hooks.specs import hookimpl
from stridelift.core.language import ast
from stridelift.core.training.rts import percent_for, reps_to_failure
from stridelift.core.units import convert

if TYPE_CHECKING:
    from stridelift.core.engine import Prescribed, WeekResult

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


class SteadyAthlete:
    """One simulated athlete (see the module docstring)."""

    #: Reps in reserve the first prescription of an exercise leaves at strength 1 ...
    START_RIR = 3.0
    #: ... and of a variant first met later (a harder rung of a ladder).
    NEW_VARIANT_RIR = 1.5

    def __init__(self, params: Mapping[str, float], seed: int) -> None:
        self.strength = float(params.get("strength", 1.0))
        self.response = float(params.get("response", 0.02))
        self.adherence = float(params.get("adherence", 0.9))
        self.fatigue_prone = float(params.get("fatigue", 0.3))
        self.runs = float(params.get("runs", 1.0))
        self.bodyweight = float(params.get("bodyweight", 65.0))
        for name, low, high in (
            ("strength", 0.1, 10.0),
            ("response", 0.0, 0.5),
            ("adherence", 0.0, 1.0),
            ("fatigue", 0.0, 1.0),
            ("runs", 0.0, 3.0),
            ("bodyweight", 20.0, 250.0),
        ):
            value = float(params.get(name, low))
            if not low <= value <= high:
                raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value:g}")
        import random  # not at module level: it pulls in hashlib, on every cold check

        self.rng = random.Random(seed)
        self.capacity: dict[str, float] = {}
        self.trained_weeks = 0
        self.weeks_seen = 0
        self.run_km = 30.0

    # -- one week
    def week(self, week: WeekResult, units: str) -> list[Any]:
        from stridelift.core.logs import CheckIn, Run, SetRecord

        records: list[Any] = []
        done_any = False
        hard_sets = 0
        for session in week.sessions:
            if session.date is None or self.rng.random() >= self.adherence:
                continue
            done_any = True
            # An exercise on two lines of one session is logged as a runner would:
            # its sets numbered on from the first line's (1-3, then 4-6), not 1-3 twice.
            done_sets: dict[tuple[str, str | None], int] = {}
            for item in session.items:
                if item.slot.phase not in ("main", "accessory"):
                    continue
                before = dict(done_sets)
                for s in self._sets(item, units, session.name, session.date, SetRecord):
                    key = (s.exercise, s.side)
                    if before.get(key):
                        s = dataclasses.replace(s, set=s.set + before[key])
                    done_sets[key] = max(done_sets.get(key, 0), s.set)
                    records.append(s)
                    if s.rpe is not None and s.rpe >= 9:
                        hard_sets += 1
        # Most weeks feel fine; hard sets add up, and now and then a week is simply bad
        # (poor sleep, a cold): that is what the programs' wellness rules are for.
        bad = self.rng.random() < 0.25 * self.fatigue_prone
        fatigue = 2 + self.rng.random() * 4 * self.fatigue_prone + min(2.0, hard_sets / 6)
        soreness = 2 + self.rng.random() * 4 * self.fatigue_prone + min(2.0, hard_sets / 8)
        if bad:
            fatigue += 4
            soreness += 2
        records.insert(
            0,
            CheckIn(
                week.start,
                fatigue=min(10, max(1, round(fatigue))),
                soreness=min(10, max(1, round(soreness))),
                sleep_hours=round(6.5 + self.rng.random() * 1.5, 1),
                stress=min(10, max(1, round(3 + self.rng.random() * 3))),
            ),
        )
        if self.runs > 0:
            records.extend(self._runs(week, Run))
        records.sort(key=lambda r: r.date)
        self.weeks_seen += 1
        if done_any:
            self.trained_weeks += 1
            gain = self.response * math.exp(-self.trained_weeks / 26)
            for name in self.capacity:
                self.capacity[name] *= 1 + gain
        else:
            for name in self.capacity:
                self.capacity[name] *= 0.99
        return records

    def _sets(self, item: Prescribed, units: str, session: str, date: Any, make: Any) -> list[Any]:
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
            scale = capacity * tempo_cost * fatigue_cost
            if measure == "reps" and load is not None:
                moved = load + self._carried(slot.pattern)
                reps, rir = self._effort(target, reps_to_failure(moved / scale * 100))
            else:
                reps, rir = self._unloaded(target, scale)
            rpe = min(10.0, max(5.0, round((10 - rir) * 2) / 2))
            form = "poor" if rir < 0.5 else "ok" if rir < 1.5 else "good"
            for side in sides:
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
                if load is not None:
                    values["load"] = load
                    values["unit"] = units
                elif item.band is not None:
                    values["band"] = item.band
                out.append(make(date, name, index, **values))
        return out

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
        return float(done), min(rir, 5.0)

    def _runs(self, week: WeekResult, make: Any) -> list[Any]:
        import datetime as dt

        self.run_km *= 1 + 0.03 * self.runs
        # Kind, day of the week, share of the weekly distance, minutes per km.
        plan = (
            ("easy", 0, 0.2, 5.6),
            ("quality", 2, 0.25, 4.4),
            ("easy", 4, 0.2, 5.6),
            ("long", 5, 0.35, 5.9),
        )
        runs = []
        for kind, offset, share, pace in plan:
            if self.rng.random() >= min(1.0, self.adherence + 0.05):
                continue
            km = round(self.run_km * share, 1)
            runs.append(
                make(
                    week.start + dt.timedelta(days=offset),
                    kind,
                    km,
                    round(km * pace, 1),
                    rpe=4.0 if kind == "easy" else 7.0,
                )
            )
        return runs


def _eccentric(tempo: tuple[str, ...] | None) -> float:
    if not tempo:
        return 2.0
    return float(tempo[0]) if tempo[0].isdigit() else 1.0


def _number(value: float) -> ast.Number:
    return ast.Number(value)


STEADY = AthleteModel(
    "steady",
    (
        ParamSpec("strength", "number", _number(1.0)),
        ParamSpec("response", "number", _number(0.02)),
        ParamSpec("adherence", "number", _number(0.9)),
        ParamSpec("fatigue", "number", _number(0.3)),
        ParamSpec("runs", "number", _number(1.0)),
        ParamSpec("bodyweight", "number", _number(65.0)),
    ),
    SteadyAthlete,
    description="Capacity grows about 2% a trained week (less as weeks add up); effort from "
    "reps in reserve; misses sessions at random (adherence); logs weekly check-ins and runs.",
)


@hookimpl
def register_athlete_models() -> Iterable[AthleteModel]:
    return (STEADY,)
