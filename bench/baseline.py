"""``bench/programs/marathon-year.stride`` written by hand as one plain Python function.

The floor an interpreter can approach: the same program, the same log, the
same weekly plan as the engine gives, with every rule hard-coded, no
closures, no explanations beyond what a plan shows. ``bench_engine.py``
times the engine against it, and ``tests/test_engine_baseline.py`` holds the
two to the same prescriptions, week by week, so the comparison is of equal
work (and each checks the other).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from stridelift.core.units import KG_PER_LB

LOADS = tuple(2.5 * k for k in range(1, 13))  # dumbbells 2.5kg to 30kg by 2.5kg
FORM = {"good": 0, "ok": 1, "poor": 2}
REP_CAP, SLOWEST, LONGEST_PAUSE = 15, 5, 2
BASE, BUILD, TAPER = 24, 26, 2
# slot: session, name, sets, reps, load, tempo, progression, args, single_leg, harder
SLOTS: dict[str, tuple[Any, ...]] = {
    "A/goblet_squat": ("A", "goblet_squat", 3, 8, 12.5, "3010", "double", (8, 12), False),
    "A/romanian_deadlift": ("A", "romanian_deadlift", 3, 8, 15.0, "3010", "double", (8, 12), False),
    "A/single_leg_calf_raise": (
        "A",
        "single_leg_calf_raise",
        3,
        10,
        7.5,
        "3110",
        "tendon",
        (10, 15),
        False,
    ),
    "B/bulgarian_split_squat": (
        "B",
        "bulgarian_split_squat",
        3,
        8,
        7.5,
        "3010",
        "double",
        (8, 12),
        True,
    ),
    "B/single_leg_romanian_deadlift": (
        "B",
        "single_leg_romanian_deadlift",
        3,
        8,
        7.5,
        "3010",
        "linear",
        None,
        False,
    ),
    "B/step_up": ("B", "step_up", 2, 10, 5.0, None, "conservative", None, True),
}
# Harder variants the athlete can do with dumbbells (goblet squat -> front squat needs a
# barbell; the others have no harder rung in the catalog).
HARDER = {"romanian_deadlift": "b_stance_romanian_deadlift"}
HARDER_AFTER = {"b_stance_romanian_deadlift": "single_leg_romanian_deadlift"}


def _nearest(target: float, loads: tuple[float, ...] = LOADS) -> float:
    best = loads[0]
    for load in loads:
        if abs(load - target) < abs(best - target) - 1e-9:
            best = load
    return best


class _Slot:
    __slots__ = ("load", "name", "reps", "s1", "s2", "sets", "tempo")

    def __init__(self, spec: tuple[Any, ...]) -> None:
        self.name = spec[1]
        self.sets = spec[2]
        self.reps = float(spec[3])
        self.load = spec[4]
        self.tempo = spec[5]
        # "for N weeks" streaks: double's back-off; linear's and conservative's two good
        # weeks (s1) and two hard ones (s2)
        self.s1 = 0
        self.s2 = 0


def _index(log: Any, start: dt.date) -> dict[int, Any]:
    """Per week: {exercise: [left, right, both, reps, load, rir, worst, days, lastday]},
    fatigue, soreness, sleep, any set logged."""
    origin = start.toordinal()
    weeks: dict[int, Any] = {}
    day = -1
    entry: Any = None
    for r in log.sets:
        d = r.date.toordinal()
        if d != day:
            day = d
            w = (d - origin) // 7 + 1
            entry = weeks.get(w)
            if entry is None:
                entry = weeks[w] = [{}, None, None, None, True]
            entry[4] = True
        if r.role == "warmup":
            continue
        a = entry[0].get(r.exercise)
        if a is None:
            a = entry[0][r.exercise] = [0, 0, 0, None, None, None, -1, 0, -1, []]
        side = r.side
        a[0 if side == "left" else 1 if side == "right" else 2] += 1
        if a[8] != d:
            a[8] = d
            a[7] += 1
        reps = r.reps
        if reps is not None and (a[3] is None or reps < a[3]):
            a[3] = reps
        load = r.load
        if load is not None:
            if r.unit == "lb":
                load = load * KG_PER_LB
            if a[4] is None or load > a[4]:
                a[4] = load
        a[9].append((side, reps, load))
        rir = r.rir if r.rir is not None else (10 - r.rpe if r.rpe is not None else None)
        if rir is not None and (a[5] is None or rir < a[5]):
            a[5] = rir
        if r.form is not None and FORM[r.form] > a[6]:
            a[6] = FORM[r.form]
    for c in log.checkins:
        w = (c.date.toordinal() - origin) // 7 + 1
        entry = weeks.get(w)
        if entry is None:
            entry = weeks[w] = [{}, None, None, None, False]
        if c.fatigue is not None and (entry[1] is None or c.fatigue > entry[1]):
            entry[1] = c.fatigue
        if c.soreness is not None and (entry[2] is None or c.soreness > entry[2]):
            entry[2] = c.soreness
        if c.sleep_hours is not None:
            entry[3] = (entry[3] or []) + [c.sleep_hours]
    return weeks


def _phase(n: int) -> tuple[float, float, bool]:
    if n <= BASE:
        return 1.0, 1.0, True
    if n <= BASE + BUILD:
        return 0.85, 1.1, True
    return 0.5, 1.0, False


def marathon_year(
    log: Any, start: dt.date, weeks: int = 52
) -> Iterator[dict[str, tuple[Any, ...]]]:
    """Each week's shown prescription of the progressing slots:
    ``{slot: (exercise, sets, reps, load, tempo)}``."""
    index = _index(log, start)
    slots = {key: _Slot(spec) for key, spec in SLOTS.items()}
    shown: dict[str, tuple[int, float, float]] = {}
    missed = 0
    for n in range(1, weeks + 1):
        tweak_sets: dict[str, int] = {}
        if n > 1:
            last = index.get(n - 1)
            logged = last is not None and last[4]
            missed = 0 if logged else missed + 1
            step_back = missed == 2
            fatigue = last[1] if last else None
            soreness = last[2] if last else None
            sleep = round(sum(last[3]) / len(last[3]), 2) if last and last[3] else None
            progress = _phase(n)[2]
            after_light = (n - 1) % 4 == 0 or not _phase(n - 1)[2]
            # rule "fatigue cuts volume before intensity": one answer for every slot
            cut = 0
            if (fatigue is not None and fatigue >= 9) or (soreness is not None and soreness >= 9):
                cut = 2
            elif (
                (fatigue is not None and fatigue >= 7)
                or (soreness is not None and soreness >= 7)
                or (sleep is not None and sleep < 6 and fatigue is not None and fatigue >= 6)
            ):
                cut = 1
            for key, st in slots.items():
                spec = SLOTS[key]
                a = last[0].get(st.name) if last else None
                if a is not None:
                    reps, load, rir, worst = a[3], a[4], a[5], a[6]
                    rpe = None if rir is None else 10 - rir
                    s_sets, s_reps, s_load = shown[key]
                    good = [0, 0, 0]  # left, right, both: sets at the reps and load together
                    floor = s_load * 0.99
                    for side, r_reps, r_load in a[9]:
                        ok_reps = r_reps is not None and r_reps >= s_reps
                        if ok_reps and r_load is not None and r_load >= floor:
                            good[0 if side == "left" else 1 if side == "right" else 2] += 1
                    completed = min(good[0], good[1]) + good[2] >= s_sets
                else:
                    reps = load = rir = rpe = None
                    worst = -1
                    completed = False
                kind = spec[6]
                hard = rpe is not None and rpe >= 9.5
                easy = completed and rpe is not None and rpe <= 7
                if after_light:
                    pass  # a lighter week neither extends nor breaks a streak
                elif kind == "double":
                    st.s1 = st.s1 + 1 if hard else 0
                elif kind == "linear" or kind == "conservative":
                    st.s1 = st.s1 + 1 if easy else 0
                    st.s2 = st.s2 + 1 if hard else 0
                runs = progress and not after_light and a is not None and worst != 2
                if runs and _progress(st, kind, spec, completed, reps, rpe, soreness):
                    st.s1 = st.s2 = 0
                if spec[8] and rir is not None and rir < 1 and st.reps > 1:
                    st.reps = max(1.0, st.reps - 1)  # rule "single leg: stop short of failure"
                if cut:
                    tweak_sets[key] = max(1, st.sets - cut)
                if step_back:
                    lower = [x for x in LOADS if x <= st.load * 0.9 + 1e-9]
                    if lower and lower[-1] < st.load:
                        st.load = lower[-1]
                    elif st.reps > 1:
                        low = spec[7][0] if spec[7] else 1
                        new = max(low, st.reps - 2, 1)
                        if new < st.reps:
                            st.reps = float(new)
        volume, intensity, _ = _phase(n)
        week: dict[str, tuple[Any, ...]] = {}
        for key, st in slots.items():
            base = sets = tweak_sets.get(key, st.sets)
            if volume != 1.0:
                sets = max(1, round(sets * volume))
            load = st.load
            if intensity != 1.0:
                load = _nearest(load * intensity)
            if n % 4 == 0:  # deload every 4 weeks; it does not stack on the taper
                sets = min(sets, max(1, math.ceil(base * 0.5)))
            shown[key] = (sets, st.reps, load)
            week[key] = (st.name, sets, st.reps, load, st.tempo)
        yield week


def _progress(
    st: _Slot,
    kind: str,
    spec: tuple[Any, ...],
    completed: bool,
    reps: float | None,
    rpe: float | None,
    soreness: float | None,
) -> bool:
    """Run the slot's progression (form was not poor); whether its state changed."""
    if kind == "double":
        low, high = spec[7]
        if completed and reps is not None and reps >= high and rpe is not None and rpe <= 8:
            rose = _load_up(st, spec)
            if rose == "rose" and st.reps != low:
                st.reps = float(low)
            return rose != "none"
        if completed and rpe is not None and rpe <= 8:
            st.reps += 1
            return True
        if st.s1 >= 2:
            return _load_down(st, spec)
        return False
    if kind == "tendon":
        low, high = spec[7]
        if soreness is not None and soreness >= 7:
            return False
        if completed and reps is not None and reps < high and rpe is not None and rpe <= 8:
            st.reps += 1
            return True
        if completed and _ecc(st) < 4 and rpe is not None and rpe <= 8:
            st.tempo = str(int(_ecc(st)) + 1) + (st.tempo or "2010")[1:]
            st.reps = float(low)
            return True
        if completed and rpe is not None and rpe <= 7:
            rose = _load_up(st, spec)
            if rose == "rose" and st.reps != low:
                st.reps = float(low)
            return rose != "none"
        return False
    # linear and conservative: load after two good weeks, back off after two hard ones
    if st.s1 >= 2:
        return _load_up(st, spec) != "none"
    if st.s2 >= 2:
        return _load_down(st, spec)
    return False


def _ecc(st: _Slot) -> float:
    tempo = st.tempo or "2010"
    return float(tempo[0]) if tempo[0].isdigit() else 1.0


def _load_up(st: _Slot, spec: tuple[Any, ...]) -> str:
    """``rose``, ``fell back`` (reps, tempo, pause or variant instead) or ``none``."""
    new = _nearest(st.load + 2.5)
    if new > st.load + 1e-9:
        st.load = new
        return "rose"
    # No heavier dumbbell: reps, then a slower lowering, then a pause, then a variant.
    if st.reps < REP_CAP:
        st.reps += 1
        return "fell back"
    low = float(spec[7][0]) if spec[7] else st.reps
    tempo = st.tempo or "2010"
    if _ecc(st) < SLOWEST:
        st.tempo = str(int(_ecc(st)) + 1) + tempo[1:]
        st.reps = min(st.reps, low)
        return "fell back"
    pause = float(tempo[1]) if tempo[1].isdigit() else 1.0
    if pause < LONGEST_PAUSE:
        st.tempo = tempo[0] + str(int(pause) + 1) + tempo[2:]
        st.reps = min(st.reps, low)
        return "fell back"
    harder = HARDER.get(st.name) or HARDER_AFTER.get(st.name)
    if harder is None:
        return "none"
    st.name = harder
    st.tempo = spec[5]
    st.reps = min(st.reps, low)
    return "fell back"


def _load_down(st: _Slot, spec: tuple[Any, ...]) -> bool:
    lighter = tuple(x for x in LOADS if x < st.load - 1e-9)
    if lighter:
        st.load = _nearest(st.load * 0.9, lighter)
        return True
    if st.reps > 1 and st.reps - 2 < st.reps:
        new = max(1.0, st.reps - 2)
        if new < st.reps:
            st.reps = new
            return True
    return False
