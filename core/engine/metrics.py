"""What last week's log says about one exercise, and estimated one-rep maxes.

A progression's condition reads metrics such as ``completed``, ``reps`` and
``rpe``. :func:`exercise_metrics` computes them from the working sets the
athlete logged for one exercise slot in one week, judged against what was
prescribed (shown) for that week. Week-level wellness metrics (``fatigue``,
``soreness``, ``sleep``, ``stress``) come from the week's check-ins.

Estimated 1RM (domain brief, "Effort"): Epley ``w*(1+r/30)`` and Brzycki
``w*36/(37-r)`` for sets of 10 or fewer reps taken to failure, and the RTS
reps-to-failure chart when the set's effort was logged, counting reps in
reserve as reps that could have been done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from stridelift.core.units import convert

if TYPE_CHECKING:
    from stridelift.core.logs import CheckIn, SetRecord


#: Reps to failure -> percent of 1RM (the widely reproduced RTS chart).
RTS_CHART: dict[int, float] = {
    1: 100.0,
    2: 95.5,
    3: 92.2,
    4: 89.2,
    5: 86.3,
    6: 83.7,
    7: 81.1,
    8: 78.6,
    9: 76.2,
    10: 73.9,
    11: 70.7,
    12: 68.0,
}
#: Sets with more reps than this (to failure) say too little about a 1RM.
MAX_ESTIMATE_REPS = 10
FORM_ORDER = {"good": 0, "ok": 1, "poor": 2}
FORM_NAMES = ("good", "ok", "poor")
#: A set counts as done at the prescribed load within this fraction (plate rounding).
LOAD_TOLERANCE = 0.01


def epley(load: float, reps: int) -> float:
    return load * (1 + reps / 30) if reps > 1 else load


def brzycki(load: float, reps: int) -> float:
    return load * 36 / (37 - reps) if reps > 1 else load


def rts_percent(reps: int, rir: float) -> float | None:
    """Percent of 1RM for ``reps`` done with ``rir`` in reserve, from the RTS chart
    (half reps in reserve interpolate between rows)."""
    to_failure = reps + rir
    low = int(to_failure)
    if low < 1 or to_failure > max(RTS_CHART):
        return None
    if to_failure == low:
        return RTS_CHART[low]
    return RTS_CHART[low] + (RTS_CHART[low + 1] - RTS_CHART[low]) * (to_failure - low)


def rts_e1rm(load: float, reps: int, rir: float) -> float | None:
    percent = rts_percent(reps, rir)
    return None if percent is None else load * 100 / percent


def estimate_1rm(load: float, reps: int, rir: float | None, method: str = "rts") -> float | None:
    """One set's estimated 1RM, or None when the set says too little.

    ``rts`` reads the RTS chart with the logged effort (RPE or RIR). ``epley``
    and ``brzycki`` are formulas for sets taken to failure; a set logged with
    reps in reserve counts them as reps that could have been done. Either way
    only sets of 10 or fewer reps to failure count (domain brief). Without a
    logged effort a set is taken as done to failure.
    """
    if reps < 1 or load <= 0:
        return None
    if method == "rts" and rir is not None:
        return rts_e1rm(load, reps, rir)
    to_failure = reps + (rir or 0.0)
    if to_failure > MAX_ESTIMATE_REPS:
        return None
    if method == "brzycki":
        return load * 36 / (37 - to_failure) if to_failure > 1 else load
    return load * (1 + to_failure / 30) if to_failure > 1 else load


class Metrics:
    """The metrics one condition sees. Attribute names are the language's metric names.

    ``None`` means not known (not logged); any comparison with it is false.
    """

    __slots__ = (
        "completed",
        "eccentric",
        "fatigue",
        "form",
        "load",
        "missed",
        "partial",
        "phase",
        "reps",
        "rir",
        "rpe",
        "sets",
        "sleep",
        "soreness",
        "streaks",
        "stress",
        "target_load",
        "target_reps",
        "target_rpe",
        "target_sets",
        "week",
    )

    completed: bool | None
    partial: bool | None
    reps: float | None
    sets: float | None
    load: float | None
    rpe: float | None
    rir: float | None
    form: str | None
    missed: float | None
    fatigue: float | None
    soreness: float | None
    sleep: float | None
    stress: float | None
    week: float
    phase: str
    eccentric: float | None
    target_reps: float | None
    target_sets: float | None
    target_load: float | None
    target_rpe: float | None
    streaks: list[int]

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, None)
        self.week = 0.0
        self.phase = ""
        self.streaks = []


class Wellness:
    """A week's check-ins boiled down: the highest fatigue, soreness and stress, and
    the average hours of sleep."""

    __slots__ = ("fatigue", "sleep", "soreness", "stress")

    def __init__(self, checkins: Iterable[CheckIn] = ()) -> None:
        fatigue: float | None = None
        soreness: float | None = None
        stress: float | None = None
        sleep_total = 0.0
        sleep_count = 0
        for c in checkins:
            if c.fatigue is not None and (fatigue is None or c.fatigue > fatigue):
                fatigue = float(c.fatigue)
            if c.soreness is not None and (soreness is None or c.soreness > soreness):
                soreness = float(c.soreness)
            if c.stress is not None and (stress is None or c.stress > stress):
                stress = float(c.stress)
            if c.sleep_hours is not None:
                sleep_total += c.sleep_hours
                sleep_count += 1
        self.fatigue = fatigue
        self.soreness = soreness
        self.stress = stress
        self.sleep = round(sleep_total / sleep_count, 2) if sleep_count else None


class Done:
    """What was logged for one slot in one week, summarised.

    ``sets`` counts working sets (a set logged for one side counts once the other
    side has one too);
    ``reps`` is the fewest reps (or seconds, or metres for holds and carries)
    of a working set; ``load`` the heaviest working load in the program's
    units; ``rpe``/``rir`` the hardest effort; ``form`` the worst grade.
    """

    __slots__ = (
        "band",
        "form",
        "load",
        "measure",
        "records",
        "reps",
        "rir",
        "rpe",
        "sets",
        "units",
    )

    def __init__(
        self,
        sets: int,
        reps: float | None,
        load: float | None,
        rpe: float | None,
        rir: float | None,
        form: str | None,
        band: str | None,
        records: Sequence[SetRecord] = (),
        units: str = "kg",
        measure: str = "reps",
    ) -> None:
        self.measure = measure
        self.sets = sets
        self.reps = reps
        self.load = load
        self.rpe = rpe
        self.rir = rir
        self.form = form
        self.band = band
        self.records = records
        self.units = units

    def e1rm(self, method: str = "rts") -> float | None:
        """The best estimated 1RM among the week's working sets (computed on demand:
        only percent-of-1RM prescriptions and reports need it)."""
        top: float | None = None
        for s in self.records:
            if s.role != "working" or s.load is None or s.reps is None:
                continue
            rir = s.rir if s.rir is not None else (10 - s.rpe if s.rpe is not None else None)
            found = estimate_1rm(
                convert(s.load, s.unit or self.units, self.units), s.reps, rir, method
            )
            if found is not None and (top is None or found > top):
                top = found
        return top

    def summary(self, units: str) -> str:
        """``3x12 at 16kg, RPE 7.5, form ok`` (what an explanation quotes)."""
        unit = {"seconds": "s", "distance": "m"}.get(self.measure, "")
        parts = [f"{self.sets}x{_num(self.reps) + unit if self.reps is not None else '?'}"]
        if self.load is not None:
            parts[0] += f" at {_num(round(self.load, 2))}{units}"
        elif self.band is not None:
            parts[0] += f" with the {self.band} band"
        if self.rpe is not None:
            parts.append(f"RPE {_num(self.rpe)}")
        if self.form is not None:
            parts.append(f"form {self.form}")
        return ", ".join(parts)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
