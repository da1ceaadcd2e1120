"""The ``report`` command's figures as sections of the HTML report.

Every number drawn here is one the report model holds
(:class:`stridelift.core.report.model.Report`, computed as ``docs/report.md``
says): nothing is estimated again. What the model does not have is the plan's
side of a figure, read from the weeks the engine planned (the export's
history, logged weeks and planned ones alike): the load prescribed for each
main lift, the sets, reps and tonnage of the main and accessory lines, the sets
prescribed, and the distance and time of the planned running week. Those are
the dashed grey lines beside the logged values.

A figure of the model without a value in any week is not drawn: the page says
the model's reason instead (``not enough data: needs 6 easy runs with heart rate
in the log (has 2)``), the latest week's. A chart with gaps says which weeks have
no value, and why the latest of them has none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from stridelift.core.output.exports import ExportContext, slug
from stridelift.core.output.report import number, pace_text
from stridelift.plugins.exporters.figures import Figure, Section, Series, Table

if TYPE_CHECKING:
    from stridelift.core.engine import WeekResult
    from stridelift.core.report.model import (
        AssessmentResult,
        LiftStrength,
        Report,
        Symmetry,
        Trend,
        WeekReport,
    )
    from stridelift.core.report.model import Figure as Value

#: The phases whose lines the planned volume and sets count (as the report's adherence).
COUNTED_PHASES = ("main", "accessory")

Getter = Callable[["WeekReport"], "Value | None"]


def report_sections(report: Report, context: ExportContext | None = None) -> list[Section]:
    """The report's figures as sections: strength per main lift, volume, session load,
    adherence, wellness, left and right, running, the block and the assessments. With
    ``context`` (the export), planned series join the logged ones."""
    history = tuple(context.history) if context is not None else ()
    return [
        strength(report, history),
        volume(report, history),
        session_load(report),
        adherence(report, history),
        wellness(report),
        symmetry(report),
        running(report, context),
        block(report),
        assessments(report),
    ]


# ---------------------------------------------------------------- helpers


def value_text(figure: Value) -> str:
    """A model figure with its unit, or the reason it has none."""
    if figure.value is None:
        return figure.missing or "-"
    if figure.unit == "min/km":
        return f"{pace_text(figure.value)} /km"
    if figure.unit == "%":
        return f"{number(figure.value)}%"
    if figure.unit in ("1-10", "rpe"):
        return number(figure.value)
    return f"{number(figure.value)} {figure.unit}"


def week_ranges(weeks: Iterable[int]) -> str:
    """``[2, 4, 5, 6]`` -> ``weeks 2, 4-6``; one week -> ``week 2``."""
    ordered = sorted(set(weeks))
    parts: list[str] = []
    start = previous = None
    for week in [*ordered, None]:
        if week is not None and previous is not None and week == previous + 1:
            previous = week
            continue
        if start is not None:
            parts.append(f"{start}" if start == previous else f"{start}-{previous}")
        start = previous = week
    word = "week" if len(ordered) == 1 else "weeks"
    return f"{word} {', '.join(parts)}"


def values_of(weeks: Sequence[WeekReport], get: Getter) -> dict[int, float]:
    found: dict[int, float] = {}
    for week in weeks:
        figure = get(week)
        if figure is not None and figure.value is not None:
            found[week.week] = figure.value
    return found


def why_missing(weeks: Sequence[WeekReport], get: Getter, default: str) -> str:
    """The latest week's reason for having no value."""
    for week in reversed(weeks):
        figure = get(week)
        if figure is not None and figure.value is None and figure.missing:
            return figure.missing
    return default


def gaps(weeks: Sequence[WeekReport], get: Getter, what: str) -> str:
    """``No e1RM in weeks 1, 3 (week 3: not logged this week).``, or ``""``."""
    without = [w for w in weeks if (f := get(w)) is None or f.value is None]
    if not without:
        return ""
    last = get(without[-1])
    reason = (last.missing if last is not None else None) or "no value"
    return (
        f"No {what} in {week_ranges(w.week for w in without)} (week {without[-1].week}: {reason})."
    )


def model_figure(
    id: str,
    title: str,
    unit: str,
    weeks: Sequence[WeekReport],
    series: Sequence[tuple[str, Getter]],
    *,
    what: str,
    caption: str = "",
    extra: Sequence[Series] = (),
    limits: tuple[float, float] | None = None,
    references: tuple[tuple[str, float], ...] = (),
    bars: bool = False,
) -> Figure:
    """A chart of model figures (one series each), or, when none has a value in any
    week, the first's reason instead of a chart."""
    logged = tuple(Series(label, values_of(weeks, get)) for label, get in series)
    first = series[0][1]
    if not any(logged):
        return Figure(id, title, unit, (), missing=why_missing(weeks, first, "no value yet"))
    note = gaps(weeks, first, what)
    text = " ".join(t for t in (caption, note) if t)
    return Figure(
        id,
        title,
        unit,
        (*extra, *logged),
        caption=text,
        bars=bars,
        limits=limits,
        references=references,
    )


def trend_series(trend: Trend) -> Series | None:
    """The block's least-squares line, from its first week to its last."""
    if trend.first_week is None or trend.last_week is None:
        return None
    if trend.first is None or trend.last is None:
        return None
    return Series("trend", {trend.first_week: trend.first, trend.last_week: trend.last}, "trend")


def trend_text(trend: Trend, unit: str) -> str:
    """``31.4 kg in week 8, +55.1% on week 2`` as a caption says it, or the reason."""
    if trend.first is None or trend.last is None:
        return trend.change.missing or "-"

    def shown(value: float) -> str:
        if unit == "min/km":
            return f"{pace_text(value)} /km"
        if unit == "rpe":
            return f"RPE {number(round(value, 1))}"
        return f"{number(round(value, 1))} {unit}"

    change = trend.change.value
    sign = "" if change is None else f" ({'+' if change >= 0 else ''}{number(change)}%)"
    return (
        f"{shown(trend.first)} in week {trend.first_week} -> {shown(trend.last)} in week "
        f"{trend.last_week}{sign}"
    )


def _lift(week: WeekReport, exercise: str) -> LiftStrength | None:
    return next((lift for lift in week.strength if lift.exercise == exercise), None)


def _first_seen(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


# ---------------------------------------------------------------- strength


def strength(report: Report, history: Sequence[WeekResult]) -> Section:
    weeks = report.weeks
    units = report.units
    lifts = _first_seen(lift.exercise for week in weeks for lift in week.strength)
    trends = {t.exercise: t.e1rm for t in report.summary.strength}
    figures = []
    for name in lifts:
        planned = prescribed_loads(history, name)
        trend = trends.get(name)
        extra = [Series("prescribed load", planned, "planned")] if planned else []
        drawn = trend_series(trend) if trend is not None else None
        if drawn is not None:
            extra.append(drawn)
        caption = f"Over the block: {trend_text(trend, units)}." if trend is not None else ""

        def e1rm(week: WeekReport, name: str = name) -> Value | None:
            lift = _lift(week, name)
            return lift.e1rm if lift is not None else None

        def anchor(week: WeekReport, name: str = name) -> Value | None:
            lift = _lift(week, name)
            return lift.anchor if lift is not None else None

        figures.append(
            model_figure(
                f"e1rm-{slug(name)}",
                name,
                units,
                weeks,
                (("e1RM", e1rm), ("anchor", anchor)),
                what="e1RM",
                caption=caption,
                extra=extra,
            )
        )
    return Section(
        "strength",
        "Strength per main lift",
        "Each main lift's estimated one-rep max week by week (the best eligible set), the "
        "anchor its %1RM lines read (the median of the recent weeks' estimates), the load "
        "the plan prescribes (dashed) and the block's least-squares trend (thin). Below: "
        "each lift's heaviest set at each number of reps."
        if lifts
        else "No main lift is prescribed.",
        figures=tuple(figures),
        tables=(rep_max_table(report, lifts),) if lifts else (),
    )


def prescribed_loads(history: Sequence[WeekResult], exercise: str) -> dict[int, float]:
    """The heaviest load the plan prescribes a main line of ``exercise``, each week."""
    found: dict[int, float] = {}
    for week in history:
        loads = [
            float(item.load)
            for item in week.prescriptions
            if item.slot.phase == "main"
            and item.exercise == exercise
            and item.omitted is None
            and item.load is not None
        ]
        if loads:
            found[week.week] = max(loads)
    return found


def rep_max_table(report: Report, lifts: Sequence[str]) -> Table:
    """Each lift's heaviest load at each number of reps (and side) over the weeks, with
    when; a lift without one, the latest week's reason."""
    rows: list[tuple[str, ...]] = []
    for name in lifts:
        best: dict[tuple[int, str], tuple[float, int, str, str]] = {}
        reason = "not logged"
        for week in report.weeks:
            lift = _lift(week, name)
            if lift is None:
                continue
            if not lift.rep_maxes and lift.rep_max_missing:
                reason = lift.rep_max_missing
            for rm in lift.rep_maxes:
                key = (rm.reps, rm.side or "")
                if key not in best or rm.load > best[key][0]:
                    best[key] = (rm.load, week.week, rm.date.isoformat(), rm.unit)
        if not best:
            rows.append((name, "-", "", reason, "", ""))
            continue
        for (reps, side), (load, week_number, date, unit) in sorted(best.items()):
            rows.append((name, f"{reps}RM", side, f"{number(load)} {unit}", str(week_number), date))
    return Table(
        ("exercise", "reps", "side", "heaviest", "week", "date"),
        tuple(rows),
        caption="A working set of exactly that many reps, logged near failure, form not "
        "poor (docs/report.md, Strength).",
    )


# ---------------------------------------------------------------- volume, load


def planned_volume(history: Sequence[WeekResult]) -> dict[str, dict[int, float]]:
    """The sets, reps and tonnage the plan prescribes in the main and accessory lines,
    counted as the report counts the logged ones (a per-side set is one set and its
    reps are both sides'; tonnage is reps x load)."""
    found: dict[str, dict[int, float]] = {"sets": {}, "reps": {}, "tonnage": {}}
    for week in history:
        sets = 0
        reps = 0.0
        tonnage = 0.0
        for session in week.sessions:
            if session.date is None:
                continue
            for item in session.items:
                if item.omitted is not None or item.slot.phase not in COUNTED_PHASES:
                    continue
                sets += item.sets
                if item.slot.measure == "reps" and item.reps is not None:
                    count = item.sets * item.reps * (2 if item.per_side else 1)
                    reps += count
                    tonnage += count * (item.load or 0.0)
        found["sets"][week.week] = sets
        found["reps"][week.week] = reps
        found["tonnage"][week.week] = round(tonnage, 1)
    return found


def volume(report: Report, history: Sequence[WeekResult]) -> Section:
    weeks = report.weeks
    planned = planned_volume(history)
    logged = {
        "sets": {w.week: float(w.volume.sets) for w in weeks},
        "reps": {w.week: float(w.volume.reps) for w in weeks},
        "tonnage": {w.week: w.volume.tonnage for w in weeks},
    }
    units = {"sets": "sets", "reps": "reps", "tonnage": report.units}
    figures = tuple(
        Figure(
            f"volume-{name}",
            name,
            units[name],
            (
                *([Series("planned", planned[name], "planned")] if planned[name] else []),
                Series("logged", logged[name]),
            ),
            from_zero=True,
        )
        for name in ("sets", "reps", "tonnage")
    )
    return Section(
        "volume",
        "Volume",
        "The working sets of every exercise logged each week (a left and a right set "
        "count as one), their reps (both sides') and tonnage (reps x load), beside what "
        "the plan prescribes in its main and accessory lines (dashed).",
        figures=figures,
    )


def session_load(report: Report) -> Section:
    weeks = report.weeks
    # A week whose sessions all lacked an RPE has no load, not a load of 0.
    known = [w for w in weeks if w.session_load.counted or not w.session_load.left_out]
    series = tuple(
        Series(label, {w.week: float(getattr(w.session_load, label)) for w in known})
        for label in ("total", "strength", "running")
    )
    left_out = [w for w in weeks if w.session_load.left_out]
    note = ""
    if left_out:
        count = sum(w.session_load.left_out for w in left_out)
        note = (
            f"{count} session{'s' if count != 1 else ''} left out for want of an RPE, in "
            f"{week_ranges(w.week for w in left_out)}."
        )
    if not any(w.session_load.counted for w in weeks):
        figure = Figure(
            "session-load-weekly",
            "session load",
            "AU",
            (),
            missing="not enough data: needs a session or run logged with an RPE",
        )
    else:
        figure = Figure(
            "session-load-weekly", "session load", "AU", series, caption=note, from_zero=True
        )
    return Section(
        "session-load",
        "Session load",
        "Session RPE x minutes (Foster 2001), in arbitrary units: a run's logged RPE and "
        "minutes, a strength session's mean set RPE and the program's estimate of its "
        "minutes.",
        figures=(figure,),
    )


# ---------------------------------------------------------------- adherence, wellness


def adherence(report: Report, history: Sequence[WeekResult]) -> Section:
    weeks = report.weeks
    summary = report.summary
    percent = model_figure(
        "adherence-percent",
        "sessions and sets done",
        "% of those prescribed",
        weeks,
        (("sessions", lambda w: w.adherence.sessions), ("sets", lambda w: w.adherence.sets)),
        what="adherence",
        caption=f"Over the block: sessions {value_text(summary.adherence_sessions)}, "
        f"sets {value_text(summary.adherence_sets)}.",
        limits=(0, 100),
        bars=True,
    )
    planned = planned_volume(history)["sets"]
    counts = Figure(
        "adherence-sets",
        "sets prescribed and logged",
        "sets",
        (
            *([Series("prescribed", planned, "planned")] if planned else []),
            Series("logged", {w.week: float(w.adherence.sets_logged) for w in weeks}),
        ),
        caption="Each line's logged sets count up to its prescribed ones.",
        from_zero=True,
    )
    return Section(
        "adherence",
        "Adherence",
        "Sessions and sets logged against those prescribed in the main and accessory "
        "lines; an extra set does not make up for a missed one.",
        figures=(percent, counts),
    )


def wellness(report: Report) -> Section:
    weeks = report.weeks
    refs = report.references
    baselines = tuple(
        (f"{label} baseline", figure.value)
        for label, figure in (("fatigue", refs.fatigue), ("soreness", refs.soreness))
        if figure.value is not None
    )
    scales = model_figure(
        "wellness-scales",
        "fatigue, soreness and stress",
        "1-10",
        weeks,
        (
            ("fatigue", lambda w: w.wellness.fatigue),
            ("soreness", lambda w: w.wellness.soreness),
            ("stress", lambda w: w.wellness.stress),
        ),
        what="check-in",
        limits=(0, 10),
        references=baselines,
        caption="The mean of the week's check-ins"
        + (", and the athlete's baselines (dotted)." if baselines else "."),
    )
    sleep = model_figure(
        "wellness-sleep",
        "sleep",
        "h",
        weeks,
        (("sleep", lambda w: w.wellness.sleep_hours),),
        what="sleep logged",
    )
    return Section(
        "wellness",
        "Wellness",
        "Each week's mean fatigue, soreness and stress (1 to 10) and hours of sleep, over "
        "the check-ins that have them.",
        figures=(scales, sleep),
    )


# ---------------------------------------------------------------- left and right


def symmetry(report: Report) -> Section:
    weeks = report.weeks
    names = _first_seen(s.exercise for w in weeks for s in w.symmetry)
    figures = []
    rows: list[tuple[str, ...]] = []
    for name in names:
        found = [(w.week, s) for w in weeks for s in w.symmetry if s.exercise == name]
        bases = _first_seen(s.basis for _, s in found)
        judged = [(week, s) for week, s in found if s.difference.value is not None]
        if judged:
            sides_said: dict[str, list[int]] = {"left": [], "right": [], "even": []}
            for week, s in judged:
                sides_said[s.weaker or "even"].append(week)
            said = "; ".join(
                f"even in {week_ranges(listed)}"
                if side == "even"
                else f"{side} weaker in {week_ranges(listed)}"
                for side, listed in sides_said.items()
                if listed
            )
            caption = f"{said[0].upper()}{said[1:]}."
        else:
            reason = next(
                (s.difference.missing for _, s in reversed(found) if s.difference.missing),
                "no value yet",
            )
            caption = f"Difference: {reason}."
        figures.append(
            Figure(
                f"symmetry-{slug(name)}",
                name,
                " / ".join(bases),
                (
                    Series("left", _side(found, "left")),
                    Series("right", _side(found, "right")),
                ),
                caption=caption,
                from_zero=True,
            )
        )
        week, latest = found[-1]
        largest = (
            max(judged, key=lambda item: (item[1].difference.value or 0, -item[0]))
            if judged
            else None
        )
        rows.append(
            (
                name,
                latest.basis,
                str(week),
                number(latest.left),
                number(latest.right),
                latest.weaker or ("-" if latest.difference.value is None else "even"),
                value_text(latest.difference),
                f"{value_text(largest[1].difference)} ({largest[1].weaker or 'even'}, "
                f"week {largest[0]})"
                if largest is not None
                else "-",
            )
        )
    table = Table(
        ("exercise", "basis", "latest week", "left", "right", "weaker", "difference", "largest"),
        tuple(rows),
        caption="The difference is (stronger - weaker) / stronger, in the latest week "
        "logged and the largest over the block.",
    )
    return Section(
        "symmetry",
        "Left and right",
        "Each exercise logged per side: the work of each side week by week (reps x load, "
        "or reps, seconds or metres without a load), summed over the week's sets."
        if names
        else "No exercise is logged per side.",
        figures=tuple(figures),
        tables=(table,) if rows else (),
    )


def _side(found: Sequence[tuple[int, Symmetry]], side: str) -> dict[int, float]:
    """One side's work by week; a week the side has no sets (the report then has no
    difference, "only left logged") is a gap, not a 0."""
    values: dict[int, float] = {}
    for week, s in found:
        value = s.left if side == "left" else s.right
        if s.difference.value is None and value == 0:
            continue
        values[week] = value
    return values


# ---------------------------------------------------------------- running


def planned_running(context: ExportContext | None) -> tuple[dict[int, float], dict[int, float]]:
    """The planned running week's kilometres and minutes, each week of the export (a
    week counts only when every planned run gives that length)."""
    if context is None:
        return {}, {}
    from stridelift.core.engine.running import week_runs

    athlete = context.index.athlete if context.index is not None else None
    km: dict[int, float] = {}
    minutes: dict[int, float] = {}
    for week in context.history:
        runs = week_runs(context.program, athlete, week.start)
        if not runs:
            continue
        distances = [r.run.distance_km for r in runs]
        durations = [r.run.duration_min for r in runs]
        if all(d is not None for d in distances):
            km[week.week] = round(sum(d or 0.0 for d in distances), 1)
        if all(d is not None for d in durations):
            minutes[week.week] = round(sum(d or 0.0 for d in durations), 1)
    return km, minutes


def running(report: Report, context: ExportContext | None) -> Section:
    weeks = report.weeks
    refs = report.references
    summary = report.summary
    hr = value_text(refs.heart_rate) if refs.heart_rate.value is not None else "easy heart rate"
    easy = f"{value_text(refs.pace)}" if refs.pace.value is not None else "easy pace"
    runs = sum(w.running.runs for w in weeks)
    if not runs:
        return Section("running", "Running", "No run is logged.")

    def with_trend(trend: Trend) -> tuple[Series, ...]:
        drawn = trend_series(trend)
        return (drawn,) if drawn is not None else ()

    economy = summary.running_economy
    economy_text = (
        f" Running economy: {number(abs(economy.value))}% "
        f"{'faster' if economy.value >= 0 else 'slower'} at the same heart rate."
        if economy.value is not None
        else ""
    )
    km, minutes = planned_running(context)
    distance = Figure(
        "running-distance",
        "weekly distance",
        "km",
        (
            *([Series("planned", km, "planned")] if km else []),
            Series("logged", {w.week: w.running.distance_km for w in weeks}),
        ),
        caption=f"Every run's kilometres; {number(summary.distance_km)} km over the block.",
        from_zero=True,
    )
    time = Figure(
        "running-time",
        "weekly running time",
        "min",
        (
            *([Series("planned", minutes, "planned")] if minutes else []),
            Series("logged", {w.week: w.running.minutes for w in weeks}),
        ),
        from_zero=True,
    )
    figures = (
        model_figure(
            "running-pace-at-hr",
            f"pace at {hr}",
            "min/km",
            weeks,
            (("pace", lambda w: w.running.pace_at_hr),),
            what="pace at the heart rate",
            caption=f"Over the block: {trend_text(summary.pace_at_hr, 'min/km')}." + economy_text,
            extra=with_trend(summary.pace_at_hr),
        ),
        model_figure(
            "running-hr-at-pace",
            f"heart rate at {easy}",
            "bpm",
            weeks,
            (("heart rate", lambda w: w.running.hr_at_pace),),
            what="heart rate at the pace",
            caption=f"Over the block: {trend_text(summary.hr_at_pace, 'bpm')}.",
            extra=with_trend(summary.hr_at_pace),
        ),
        model_figure(
            "running-rpe-at-pace",
            f"RPE at {easy}",
            "RPE",
            weeks,
            (("RPE", lambda w: w.running.rpe_at_pace),),
            what="RPE at the pace",
            caption=f"Over the block: {trend_text(summary.rpe_at_pace, 'rpe')}.",
            extra=with_trend(summary.rpe_at_pace),
            limits=(0, 10),
        ),
        model_figure(
            "running-cadence",
            "cadence",
            "spm",
            weeks,
            (("cadence", lambda w: w.running.cadence),),
            what="cadence",
            caption="The mean of the week's easy and long runs.",
        ),
        model_figure(
            "running-cadence-cv",
            "cadence variation",
            "CV %",
            weeks,
            (("CV", lambda w: w.running.cadence_cv),),
            what="cadence variation",
            caption="The coefficient of variation of the week's easy and long runs' cadence.",
        ),
        distance,
        time,
        model_figure(
            "running-recovery",
            "recovery",
            "days",
            weeks,
            (("days to baseline", lambda w: w.running.recovery_days),),
            what="recovery",
            caption="Days from a hard day until fatigue and soreness are back at baseline."
            + _not_recovered(weeks),
        ),
    )
    refs_text = (
        f"Read at the athlete's easy heart rate ({value_text(refs.heart_rate)}) and easy "
        f"pace ({value_text(refs.pace)}), from the whole log."
    )
    return Section("running", "Running", refs_text, figures=figures)


def _not_recovered(weeks: Sequence[WeekReport]) -> str:
    late = [w for w in weeks if w.running.not_recovered]
    if not late:
        return ""
    count = sum(w.running.not_recovered for w in late)
    return (
        f" {count} hard day{'s' if count != 1 else ''} met the next before baseline, in "
        f"{week_ranges(w.week for w in late)}."
    )


# ---------------------------------------------------------------- the block, assessments


def block(report: Report) -> Section:
    s = report.summary
    units = report.units
    refs = report.references
    hr = value_text(refs.heart_rate) if refs.heart_rate.value is not None else "easy heart rate"
    easy = value_text(refs.pace) if refs.pace.value is not None else "easy pace"
    rows: list[tuple[str, str]] = [
        (f"{lift.exercise} e1RM", trend_text(lift.e1rm, units)) for lift in s.strength
    ]
    rows.append((f"pace at {hr}", trend_text(s.pace_at_hr, "min/km")))
    economy = s.running_economy
    rows.append(
        (
            "running economy",
            f"{number(abs(economy.value))}% {'faster' if economy.value >= 0 else 'slower'} "
            "at the same heart rate"
            if economy.value is not None
            else economy.missing or "-",
        )
    )
    rows.append((f"heart rate at {easy}", trend_text(s.hr_at_pace, "bpm")))
    rows.append((f"RPE at {easy}", trend_text(s.rpe_at_pace, "rpe")))
    rows.append(("distance", f"{number(s.distance_km)} km"))
    rows.append(
        (
            "adherence",
            f"sessions {value_text(s.adherence_sessions)}, sets {value_text(s.adherence_sets)}",
        )
    )
    shown = [w.week for w in report.weeks]
    span = (
        "no weeks"
        if not shown
        else f"week {shown[0]}"
        if len(shown) == 1
        else f"weeks {shown[0]}-{shown[-1]}"
    )
    return Section(
        "block",
        "The block",
        f"The change over {span}: the least-squares line through each weekly figure, "
        "read at the first and the last week that has one.",
        tables=(Table(("figure", "over the block"), tuple(rows)),),
    )


def assessment_text(result: AssessmentResult) -> str:
    parts = []
    if result.reps is not None:
        parts.append(f"{result.reps} reps")
    if result.load is not None:
        parts.append(f"@ {number(result.load)} {result.unit or ''}".rstrip())
    if result.value is not None:
        parts.append(f"{number(result.value)} {result.unit or ''}".rstrip())
    return " ".join(parts) or "-"


def assessments(report: Report) -> Section:
    baseline = Table(
        ("date", "test", "side", "result"),
        tuple(
            (a.date.isoformat(), a.test, a.side or "", assessment_text(a)) for a in report.baseline
        ),
        caption="Before week 1: where the athlete started.",
    )
    during: list[tuple[str, ...]] = []
    for week in report.weeks:
        found = [a for lift in week.strength for a in lift.assessments] + list(week.assessments)
        found.sort(key=lambda a: (a.date, a.test, a.side or ""))
        during += [
            (str(week.week), a.date.isoformat(), a.test, a.side or "", assessment_text(a))
            for a in found
        ]
    tables = []
    if report.baseline:
        tables.append(baseline)
    if during:
        tables.append(
            Table(
                ("week", "date", "test", "side", "result"),
                tuple(during),
                caption="Repeated during the block.",
            )
        )
    text = (
        "The assessment results the log holds."
        if tables
        else "No assessment is logged (the log's assessment records, docs/logs.md)."
    )
    return Section("assessment", "Assessment", text, tables=tuple(tables))
