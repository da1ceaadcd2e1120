"""``bench/programs/marathon-year.stride`` written by hand as one plain Python function.

The floor an interpreter can approach: the same program, the same log, the
same weekly plan as the engine gives, with every rule hard-coded, no
closures, no explanations beyond what a plan shows. ``bench_engine.py``
times the engine against it, and
``tests/test_engine.py::test_the_engine_agrees_with_the_hand_written_baseline_week_by_week``
holds the two to the same prescriptions, week by week, so the comparison is
of equal work (and each checks the other).

What it hard-codes (docs/engine.md, "One week of the fold" and after):

- the progressions: ``double`` and ``linear`` (plugins/progressions.stride),
  ``conservative`` and ``tendon`` (bench/programs/shared/warmups.stride), each
  backing off first (missed reps with poor form; missed reps two weeks running;
  RPE 9.5 or more two weeks running), then holding for poor form; an effort
  left out of a call is the line's own target (RPE 7);
- readiness: an increase is held in a deload or taper week, after fatigue or
  soreness of 7 or more last week or on the session's day or the day before;
  the build's heavier loads (x1.1) wait, per slot, until a week with all sets
  completed, form not poor, RPE at most the line's target (9.5 without one),
  the exercise logged and no such fatigue;
- the rules: "single leg: stop short of failure" and "fatigue cuts volume
  before intensity" (its set cut is for the week only, and it reads fatigue
  itself, so a tired day cuts no further set);
- the block: base 24 weeks, build 26 (sets x0.85), taper 2 (volume cut 41 %
  then 60 %, sets then reps, loads held at the build's); a deload every 4th
  week (sets x0.5 to the nearest, reps x0.8 rounded down, no increases, and
  the progression rests the week after); a lighter week never shows more
  sets, load or volume than the week before it;
- loads that do not exist: dumbbells 2.5kg to 30kg; when none is heavier,
  a rep (to the range's top, or 15), then a slower lowering, then a pause,
  then a harder variant; when none is lighter, 2 reps fewer;
- two weeks with nothing logged step loads back to 90 %.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from stridelift.core.units import KG_PER_LB

LOADS = tuple(2.5 * k for k in range(1, 13))  # dumbbells 2.5kg to 30kg by 2.5kg
FORM = {"good": 0, "ok": 1, "poor": 2}
POOR = 2
REP_CAP, SLOWEST, LONGEST_PAUSE, TEMPO_LIMIT = 15, 5, 2, 15
BASE, BUILD, TAPER = 24, 26, 2
BUILD_VOLUME, BUILD_INTENSITY = 0.85, 1.1
DELOAD_EVERY, DELOAD_SETS, DELOAD_REPS = 4, 0.5, 0.8
TAPER_FIRST, TAPER_LAST = 0.41, 0.6
HOLD_AT, BACKOFF_RPE, STEP = 7, 9.5, 2.5
BACKOFF = 2 - (1 + 10.0 / 100)  # ``load -= 10%``, as the engine computes it
# The schedule: session -> weekday (mon: A, thu: B).
DAYS = {"A": 0, "B": 3}
# slot: session, name, sets, reps, load, tempo, progression, (low, high), single_leg,
# the line's target RPE (its ``rpe``; None when it names none)
SLOTS: dict[str, tuple[Any, ...]] = {
    "A/goblet_squat": ("A", "goblet_squat", 3, 8, 12.5, "3010", "double", (8, 12), False, 7.0),
    "A/romanian_deadlift": (
        "A",
        "romanian_deadlift",
        3,
        8,
        15.0,
        "3010",
        "double",
        (8, 12),
        False,
        7.0,
    ),
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
        None,
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
        7.0,
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
        7.0,
    ),
    "B/step_up": ("B", "step_up", 2, 10, 5.0, None, "conservative", None, True, None),
}
# Harder variants the athlete can do with dumbbells (goblet squat -> front squat needs a
# barbell; the others have no harder rung in the catalog).
HARDER = {
    "romanian_deadlift": "b_stance_romanian_deadlift",
    "b_stance_romanian_deadlift": "single_leg_romanian_deadlift",
}


def _nearest(target: float, loads: tuple[float, ...] = LOADS) -> float:
    """The owned load nearest ``target``, ties (within a rounding error) lighter."""
    i = bisect_left(loads, target)
    if i == 0:
        return loads[0]
    lighter = loads[i - 1]
    if i == len(loads):
        return lighter
    heavier = loads[i]
    return heavier if heavier - target < target - lighter - 1e-9 else lighter


class _Slot:
    __slots__ = (
        "good",
        "hard",
        "high",
        "intensity",
        "kind",
        "line_tempo",
        "load",
        "low",
        "miss",
        "name",
        "reps",
        "sets",
        "tempo",
    )

    def __init__(self, spec: tuple[Any, ...]) -> None:
        self.name = spec[1]
        self.sets = spec[2]
        self.reps = float(spec[3])
        self.load = spec[4]
        self.tempo = self.line_tempo = spec[5]
        self.kind = spec[6]
        self.low: float | None = float(spec[7][0]) if spec[7] else None
        self.high: float | None = float(spec[7][1]) if spec[7] else None
        self.intensity = 1.0  # the build's x1.1 once readiness lets it in
        # "for 2 weeks" counters: not completed, RPE >= 9.5, completed at RPE <= 7
        self.miss = 0
        self.hard = 0
        self.good = 0


def _index(log: Any, start: dt.date) -> tuple[dict[int, Any], int]:
    """Per week: [{exercise: [left, right, both, reps, load, rir, worst, sets]}, fatigue,
    soreness, sleep, any set logged, [(day, tired)] of the check-ins]; and the last week
    the log reaches."""
    origin = start.toordinal()
    weeks: dict[int, Any] = {}
    day = -1
    entry: Any = None
    last_week = 0
    for r in log.sets:
        d = r.date.toordinal()
        if d != day:
            day = d
            w = (d - origin) // 7 + 1
            if w > last_week:
                last_week = w
            entry = weeks.get(w)
            if entry is None:
                entry = weeks[w] = [{}, None, None, None, True, []]
            entry[4] = True
        if r.role == "warmup":
            continue
        a = entry[0].get(r.exercise)
        if a is None:
            a = entry[0][r.exercise] = [0, 0, 0, None, None, None, -1, []]
        side = r.side
        a[0 if side == "left" else 1 if side == "right" else 2] += 1
        reps = r.reps
        if reps is not None and (a[3] is None or reps < a[3]):
            a[3] = reps
        load = r.load
        if load is not None:
            if r.unit == "lb":
                load = load * KG_PER_LB
            if a[4] is None or load > a[4]:
                a[4] = load
        a[7].append((side, reps, load))
        rir = r.rir if r.rir is not None else (10 - r.rpe if r.rpe is not None else None)
        if rir is not None and (a[5] is None or rir < a[5]):
            a[5] = rir
        if r.form is not None and FORM[r.form] > a[6]:
            a[6] = FORM[r.form]
    for c in log.checkins:
        d = c.date.toordinal()
        w = (d - origin) // 7 + 1
        if w < 1:
            continue
        if w > last_week:
            last_week = w
        entry = weeks.get(w)
        if entry is None:
            entry = weeks[w] = [{}, None, None, None, False, []]
        fatigue, soreness = c.fatigue, c.soreness
        if fatigue is not None and (entry[1] is None or fatigue > entry[1]):
            entry[1] = fatigue
        if soreness is not None and (entry[2] is None or soreness > entry[2]):
            entry[2] = soreness
        if c.sleep_hours is not None:
            entry[3] = (entry[3] or []) + [c.sleep_hours]
        tired = (fatigue is not None and fatigue >= HOLD_AT) or (
            soreness is not None and soreness >= HOLD_AT
        )
        entry[5].append((d, tired))
    for run in log.runs:
        w = (run.date.toordinal() - origin) // 7 + 1
        if w > last_week:
            last_week = w
    return weeks, last_week


def marathon_year(
    log: Any, start: dt.date, weeks: int = 52
) -> Iterator[dict[str, tuple[Any, ...]]]:
    """Each week's shown prescription of the progressing slots:
    ``{slot: (exercise, sets, reps, load, tempo)}``."""
    index, last_week = _index(log, start)
    slots = {key: _Slot(spec) for key, spec in SLOTS.items()}
    # What each slot showed last week (sets, reps, load) and its exercise then.
    shown: dict[str, tuple[int, float, float]] = {}
    shown_as: dict[str, str] = {}
    origin = start.toordinal()
    offsets = {s: (day - start.weekday()) % 7 for s, day in DAYS.items()}
    missed = 0
    taper_step = (TAPER_LAST - TAPER_FIRST) / (TAPER - 1) if TAPER > 1 else 0.0
    for n in range(1, weeks + 1):
        taper = n > BASE + BUILD
        deload = not taper and n % DELOAD_EVERY == 0
        if taper:
            volume = (
                1 - (TAPER_FIRST + taper_step * (n - BASE - BUILD - 1))
                if TAPER > 1
                else 1 - TAPER_LAST
            )
        else:
            volume = 1.0 if n <= BASE else BUILD_VOLUME
        tweak_sets: dict[str, int] = {}
        if n > 1:
            last = index.get(n - 1)
            logged = last is not None and last[4]
            missed = 0 if logged or not last_week else missed + 1
            step_back = missed == 2
            after_light = n - 1 > BASE + BUILD or (n - 1) % DELOAD_EVERY == 0
            fatigue = last[1] if last else None
            soreness = last[2] if last else None
            sleep = round(sum(last[3]) / len(last[3]), 2) if last and last[3] else None
            # Whatever was logged, nothing rises in a lighter week or after a tired one.
            held_week = (
                deload
                or taper
                or (fatigue is not None and fatigue >= HOLD_AT)
                or (soreness is not None and soreness >= HOLD_AT)
            )
            # Readiness on the day: a tired check-in on a session's day or the day before
            # (read when this week has any check-in at all).
            this = index.get(n)
            tired_on = {"A": False, "B": False}
            if this is not None and this[5]:
                monday = origin + 7 * (n - 1)
                checkins = (last[5] if last else []) + this[5]
                for session, offset in offsets.items():
                    on = monday + offset
                    for d, tired in checkins:
                        if tired and on - 1 <= d <= on:
                            tired_on[session] = True
                            break
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
                held = held_week or tired_on[spec[0]]
                a = last[0].get(st.name) if last else None
                completed = False
                reps = rir = rpe = None
                poor = False
                if a is not None:
                    reps, rir, poor = a[3], a[5], a[6] == POOR
                    rpe = None if rir is None else 10 - rir
                    s_sets, s_reps, s_load = shown[key]
                    good = [0, 0, 0]  # left, right, both: sets at the reps and load together
                    floor = s_load * 0.99
                    for side, r_reps, r_load in a[7]:
                        ok = r_reps is not None and r_reps >= s_reps
                        if ok and r_load is not None and r_load >= floor:
                            good[0 if side == "left" else 1 if side == "right" else 2] += 1
                    completed = min(good[0], good[1]) + good[2] >= s_sets
                if not after_light and a is not None:
                    # The streaks: a lighter week, or one with nothing logged for the
                    # slot, neither extends nor breaks one.
                    st.miss = st.miss + 1 if not completed else 0
                    st.hard = st.hard + 1 if rpe is not None and rpe >= BACKOFF_RPE else 0
                    st.good = st.good + 1 if completed and rpe is not None and rpe <= 7 else 0
                    name = st.name
                    if st.kind == "double":
                        changed = _double(st, completed, reps, rpe, poor, held)
                    elif st.kind == "tendon":
                        changed = _tendon(st, completed, reps, rpe, poor, soreness, held)
                    else:  # linear(every: 2 weeks, effort: 7) and conservative alike
                        changed = _streak(st, completed, poor, held)
                    if changed or st.name != name:
                        st.miss = st.hard = st.good = 0
                if spec[8] and rir is not None and rir < 1 and st.reps > 1:
                    st.reps = max(1.0, st.reps - 1)  # rule "single leg: stop short of failure"
                if cut and max(1, st.sets - cut) != st.sets:
                    tweak_sets[key] = max(1, st.sets - cut)
                if n > BASE and st.intensity < BUILD_INTENSITY:
                    # The build's heavier loads wait for a ready week (every reason counts).
                    target = spec[9]
                    ready = not held and (
                        (a is None and last_week < n - 1)
                        or (
                            a is not None
                            and completed
                            and not poor
                            and not (
                                rpe is not None
                                and (
                                    rpe > target + 1e-9
                                    if target is not None
                                    else rpe >= BACKOFF_RPE - 1e-9
                                )
                            )
                        )
                    )
                    if ready:
                        st.intensity = BUILD_INTENSITY
                if step_back:
                    lower = [x for x in LOADS if x <= st.load * 0.9 + 1e-9]
                    if lower and lower[-1] < st.load:
                        st.load = lower[-1]
                    elif st.reps > 1:
                        low = st.low if st.low is not None else 1
                        new = max(low, st.reps - 2, 1)
                        if new < st.reps:
                            st.reps = float(new)
        week: dict[str, tuple[Any, ...]] = {}
        lighter = (deload or taper) and n > 1
        for key, st in slots.items():
            base = sets = tweak_sets.get(key, st.sets)
            base_reps = reps = st.reps
            if volume != 1.0:
                if taper:
                    sets, reps = _taper_cut(sets, reps, volume)
                else:
                    sets = max(1, math.floor(sets * volume + 0.5))
            load = st.load
            if st.intensity != 1.0:
                load = _nearest(load * st.intensity)
            if deload:
                sets = min(sets, max(1, math.floor(base * DELOAD_SETS + 0.5)))
                reps = min(reps, max(1.0, float(math.floor(base_reps * DELOAD_REPS + 1e-9))))
            if lighter and shown_as.get(key) == st.name:
                # A lighter week is never more than the week before it.
                b_sets, b_reps, b_load = shown[key]
                if load > b_load:
                    load = b_load
                if sets > b_sets:
                    sets = b_sets
                if reps > b_reps:
                    reps = b_reps
                if sets * reps > b_sets * b_reps + 1e-9:
                    fewer = max(1.0, float(math.floor(b_sets * b_reps / sets + 1e-9)))
                    if fewer < reps:
                        reps = fewer
            shown[key] = (sets, reps, load)
            shown_as[key] = st.name
            week[key] = (st.name, sets, reps, load, st.tempo)
        yield week


def _taper_cut(sets: int, reps: float, fraction: float) -> tuple[int, float]:
    """The sets nearest ``fraction`` of them, then the reps that bring the volume
    closest to ``fraction`` of it (never more reps than before)."""
    target = sets * reps * fraction
    best_miss, best_sets, best_reps = -1.0, 0, 0.0
    for kept in (max(1, math.floor(sets * fraction)), max(1, math.ceil(sets * fraction))):
        kept = min(kept, sets)
        each = min(reps, max(1.0, float(math.floor(target / kept + 0.5))))
        miss = abs(kept * each - target)
        if (
            best_miss < 0
            or miss < best_miss - 1e-9
            or (abs(miss - best_miss) <= 1e-9 and kept > best_sets)
        ):
            best_miss, best_sets, best_reps = miss, kept, each
    return best_sets, best_reps


def _double(
    st: _Slot,
    completed: bool,
    reps: float | None,
    rpe: float | None,
    poor: bool,
    held: bool,
) -> bool:
    """``double(8..12, +2.5kg)`` at effort 7; whether the state changed."""
    if (not completed and poor) or st.miss >= 2 or st.hard >= 2:
        return _lighter(st, st.load * BACKOFF)
    if poor:
        return False
    if completed and rpe is not None and rpe <= 7:
        assert st.low is not None and st.high is not None
        if held:
            return False
        if reps is not None and reps >= st.high:
            changed, fell_back = _heavier(st)
            if not fell_back and st.reps != st.low:
                st.reps = st.low
                changed = True
            return changed
        st.reps += 1
        return True
    return False


def _tendon(
    st: _Slot,
    completed: bool,
    reps: float | None,
    rpe: float | None,
    poor: bool,
    soreness: float | None,
    held: bool,
) -> bool:
    """``tendon(10..15, +2.5kg)``, slowest lowering 4 s; whether the state changed."""
    low, high = st.low, st.high
    assert low is not None and high is not None
    failed = not completed and poor
    if failed or st.miss >= 2:
        # (The logged reps are never more than the prescribed: ``reps = low`` lowers.)
        if reps is not None and reps > low:
            if st.reps != low:
                st.reps = low
                return True
            return False
        return _lighter(st, st.load - STEP)
    if poor or (soreness is not None and soreness >= 7):
        return False
    if not completed or rpe is None or rpe > 8:
        return False
    if reps is not None and reps < high:
        if held:
            return False
        st.reps += 1
        return True
    tempo = st.tempo or "2010"
    eccentric = float(tempo[0]) if tempo[0].isdigit() else 1.0
    if eccentric < 4:
        if held:
            return False
        st.tempo = str(int(min(eccentric + 1, TEMPO_LIMIT))) + tempo[1:]
        st.reps = low
        return True
    if rpe <= 7:
        if held:
            return False
        changed, fell_back = _heavier(st)
        if not fell_back and st.reps != low:
            st.reps = low
            changed = True
        return changed
    return False


def _streak(st: _Slot, completed: bool, poor: bool, held: bool) -> bool:
    """``linear(+2.5kg, every: 2 weeks, effort: 7)`` and ``conservative(+2.5kg)``: load
    after two weeks completed at RPE 7 or less; whether the state changed."""
    if (not completed and poor) or st.miss >= 2 or st.hard >= 2:
        return _lighter(st, st.load * BACKOFF)
    if poor or st.good < 2 or held:
        return False
    return _heavier(st)[0]


def _heavier(st: _Slot) -> tuple[bool, bool]:
    """``load += 2.5kg`` (readiness allowed it): whether the state changed, and whether
    it fell back to reps, tempo or a variant because no heavier load is owned."""
    new = _nearest(st.load + STEP)
    if new > st.load + 1e-9:
        st.load = new
        return True, False
    # No heavier dumbbell: reps, then a slower lowering, then a pause, then a variant.
    top = float(REP_CAP) if st.high is None else min(float(REP_CAP), st.high)
    if st.reps < top:
        st.reps += 1
        return True, True
    low = st.low if st.low is not None else st.reps
    tempo = st.tempo or "2010"
    eccentric = float(tempo[0]) if tempo[0].isdigit() else 1.0
    if eccentric < SLOWEST:
        st.tempo = str(int(eccentric + 1)) + tempo[1:]
    else:
        pause = float(tempo[1]) if tempo[1].isdigit() else 1.0
        if pause < LONGEST_PAUSE:
            st.tempo = tempo[0] + str(int(pause) + 1) + tempo[2:]
        else:
            harder = HARDER.get(st.name)
            if harder is None:
                return False, True
            st.name = harder
            st.tempo = st.line_tempo  # a new variant starts from the line's tempo
    if low < st.reps:
        st.reps = low
    return True, True


def _lighter(st: _Slot, target: float) -> bool:
    """A back-off to the owned load nearest ``target`` among the lighter ones; with
    none lighter, 2 reps fewer. Whether the state changed."""
    if st.load > LOADS[0] + 1e-9:
        i = bisect_left(LOADS, st.load - 1e-9)
        st.load = _nearest(target, LOADS[:i])
        return True
    if st.reps > 1:
        st.reps = max(1.0, st.reps - 2)
        return True
    return False
