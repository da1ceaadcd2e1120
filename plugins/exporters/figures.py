"""The numbers the HTML report draws, week by week, from the engine's weekly results.

Nothing here draws: :mod:`.charts` does. Each figure is a :class:`Series` of
values by week, either planned (what each week prescribed, logged weeks and
planned ones alike) or logged (what the log holds for the weeks it reaches), so
the report shows the plan beside what was done. The numbers are those
``stridelift history`` shows:

- per exercise line (main and accessory lines): the load (the heaviest working
  set logged; the prescription's load), the reps (the mean of the working sets
  logged; the prescription's), and the volume: reps times load summed over the
  sets for a loaded line (kg or lb), the reps summed for an unloaded one;
- adherence: the sessions logged in a week over the sessions scheduled;
- wellness: the week's mean fatigue, soreness and stress (1-10) and sleep
  (hours) from the check-ins.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from stridelift.core.engine import Prescribed, WeekResult
from stridelift.core.output.exports import ExportContext

Values = Mapping[int, float]


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: a value for some weeks (a week without one is a gap).
    ``kind`` is "planned" (what the plan prescribes, dashed grey), "logged" (what the
    log holds, or the report computed from it) or "trend" (the block's
    least-squares line, thin); :mod:`.charts` draws them apart."""

    label: str
    values: Values
    kind: str = "logged"

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True, slots=True)
class Figure:
    """What one chart shows: its title, the unit of its values and its series."""

    id: str
    title: str
    unit: str
    series: tuple[Series, ...]
    caption: str = ""
    #: Draw bars instead of lines (adherence).
    bars: bool = False
    #: The value axis' range, when it has a natural one (a 1-10 scale, a percentage).
    limits: tuple[float, float] | None = None
    #: Horizontal lines at fixed values (a baseline), each with its label.
    references: tuple[tuple[str, float], ...] = ()
    #: Start the value axis at 0 (counts, work, distance), rather than fit the values.
    from_zero: bool = False
    #: What the page says instead of a chart when there is nothing to draw: why the
    #: figure has no value (the report's reason, such as ``not enough data: ...``).
    missing: str = ""

    @property
    def empty(self) -> bool:
        return not any(self.series)


@dataclass(frozen=True, slots=True)
class Table:
    """A table of a section: its header and rows of text (escaped when shown)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the HTML report: ``text`` is plain text (escaped), each chart a
    figure drawn over the report's weeks, ``groups`` charts under a heading each (an
    exercise's), then the tables."""

    id: str
    title: str
    text: str = ""
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    groups: tuple[tuple[str, tuple[Figure, ...]], ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class ExerciseFigures:
    """The charts of one line of the program: load, reps and volume."""

    key: str
    exercise: str
    figures: tuple[Figure, ...] = field(default_factory=tuple)


def _kind(item: Prescribed) -> str:
    return "load" if item.load is not None else "reps"


def _planned_volume(item: Prescribed) -> float | None:
    if item.omitted is not None or item.reps is None:
        return None
    total = item.sets * item.reps * (2 if item.per_side else 1)
    return total * item.load if item.load is not None else total


def _weight(record: object, units: str) -> float | None:
    load = getattr(record, "load", None)
    if load is None:
        return None
    unit = getattr(record, "unit", None)
    if unit is None or unit == units:
        return float(load)
    from stridelift.core.units import convert

    return convert(float(load), unit, units)


def _amount(record: object, measure: str) -> float | None:
    value = {
        "reps": getattr(record, "reps", None),
        "seconds": getattr(record, "seconds", None),
        "distance": getattr(record, "distance_m", None),
    }.get(measure)
    return None if value is None else float(value)


def exercise_figures(context: ExportContext) -> list[ExerciseFigures]:
    """Load, reps and volume of each main and accessory line, planned and logged."""
    program = context.program
    units = program.units
    history = context.history
    logged_sets = {
        week.week: context.logged(week) for week in history if week.week <= context.last_logged
    }
    found = []
    for slot in program.slots:
        if slot.phase not in ("main", "accessory"):
            continue
        planned: dict[str, dict[int, float]] = {"load": {}, "reps": {}, "volume": {}}
        done: dict[str, dict[int, float]] = {"load": {}, "reps": {}, "volume": {}}
        loaded = False
        for week in history:
            item = week.prescriptions[slot.index]
            if item.omitted is None:
                if item.load is not None:
                    planned["load"][week.week] = item.load
                    loaded = True
                if item.reps is not None:
                    planned["reps"][week.week] = item.reps
                volume = _planned_volume(item)
                if volume is not None:
                    planned["volume"][week.week] = volume
            records = logged_sets.get(week.week, {}).get(slot.index, [])
            amounts = [a for r in records if (a := _amount(r, slot.measure)) is not None]
            weights = [w for r in records if (w := _weight(r, units)) is not None]
            if weights:
                done["load"][week.week] = max(weights)
            if amounts:
                done["reps"][week.week] = round(statistics.fmean(amounts), 2)
                done["volume"][week.week] = sum(
                    (_amount(r, slot.measure) or 0) * (_weight(r, units) or 1) for r in records
                )
        amount_unit = {"reps": "reps", "seconds": "s", "distance": "m"}[slot.measure]
        figures = [
            Figure(
                f"{_id(slot.key)}-reps",
                "reps" if slot.measure == "reps" else slot.measure,
                amount_unit,
                (
                    Series("planned", planned["reps"], "planned"),
                    Series("logged", done["reps"]),
                ),
            ),
            Figure(
                f"{_id(slot.key)}-volume",
                "volume",
                f"{amount_unit} x {units}" if loaded else amount_unit,
                (
                    Series("planned", planned["volume"], "planned"),
                    Series("logged", done["volume"]),
                ),
            ),
        ]
        if loaded or done["load"]:
            figures.insert(
                0,
                Figure(
                    f"{_id(slot.key)}-load",
                    "load",
                    units,
                    (
                        Series("planned", planned["load"], "planned"),
                        Series("logged", done["load"]),
                    ),
                ),
            )
        found.append(ExerciseFigures(slot.key, slot.name, tuple(figures)))
    return found


def _id(key: str) -> str:
    from stridelift.core.output.exports import slug

    return slug(key)


def adherence(context: ExportContext) -> Figure:
    """Sessions logged over sessions scheduled, per logged week, as a percentage."""
    values: dict[int, float] = {}
    for week in context.history:
        if week.week > context.last_logged:
            break
        scheduled = sum(1 for s in week.sessions if s.date is not None)
        if scheduled:
            values[week.week] = round(100 * min(week.logged_sessions, scheduled) / scheduled, 1)
    return Figure(
        "adherence",
        "sessions done",
        "% of the sessions scheduled",
        (Series("logged", values),),
        caption="The sessions logged in each week over those the program scheduled.",
        bars=True,
        limits=(0, 100),
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(statistics.fmean(present), 2) if present else None


def wellness(context: ExportContext) -> Figure:
    """The week's mean fatigue, soreness, stress and sleep from the check-ins."""
    found: dict[str, dict[int, float]] = {
        "fatigue": {},
        "soreness": {},
        "stress": {},
        "sleep (h)": {},
    }
    index = context.index
    for week in context.history:
        log = index.get(week.week) if index is not None else None
        if log is None or not log.checkins:
            continue
        checkins = log.checkins
        for label, name in (
            ("fatigue", "fatigue"),
            ("soreness", "soreness"),
            ("stress", "stress"),
            ("sleep (h)", "sleep_hours"),
        ):
            mean = _mean(getattr(c, name) for c in checkins)
            if mean is not None:
                found[label][week.week] = mean
    return Figure(
        "wellness",
        "wellness",
        "1-10 (sleep: hours)",
        tuple(Series(label, values) for label, values in found.items()),
        caption="Each week's mean of the check-ins: fatigue, soreness and stress from 1 "
        "to 10, and hours of sleep.",
        limits=(0, 12),
    )


def weeks_shown(history: Sequence[WeekResult]) -> tuple[int, int]:
    return (history[0].week, history[-1].week) if history else (1, 1)
