"""What last week's log says about one exercise.

A progression's condition reads metrics such as ``completed``, ``reps`` and
``rpe``: a :class:`Metrics` holds them for one exercise slot in one week, filled
in from the working sets the athlete logged (:mod:`.fillers`, from
:mod:`.logweeks`), judged against what was prescribed (shown) for that week.
Week-level wellness metrics (``fatigue``, ``soreness``, ``sleep``, ``stress``)
come from the week's check-ins.

The estimated 1RM of a week's sets comes from :mod:`stridelift.core.training.e1rm`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from stridelift.core.training.e1rm import estimate_1rm
from stridelift.core.units import convert

if TYPE_CHECKING:
    from stridelift.core.logs import CheckIn, SetRecord


FORM_ORDER = {"good": 0, "ok": 1, "poor": 2}
FORM_NAMES = ("good", "ok", "poor")
#: A set counts as done at the prescribed load within this fraction (plate rounding).
LOAD_TOLERANCE = 0.01


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
        "symmetry",
        "target_load",
        "target_reps",
        "target_rpe",
        "target_sets",
        "tests",
        "week",
    )

    completed: bool | None
    partial: bool | None
    #: A one-sided exercise's limb symmetry index last week (weaker side / stronger).
    symmetry: float | None
    #: The assessment's results before the week planned, by test name (and
    #: ``asymmetry(NAME)``): see :func:`~.anchors.test_values`.
    tests: Mapping[str, float | None]
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
        self.tests = {}
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


#: The names the engine fills in itself. Any other name a condition reads (the
#: checker allows no other) is a test of the program's assessment, read from
#: ``Metrics.tests`` once a week.
METRIC_NAMES = frozenset(Metrics.__slots__) - {"streaks", "tests"}


def is_assessment(name: str) -> bool:
    """Whether a name a condition reads is one of the assessment's tests."""
    return name not in METRIC_NAMES
