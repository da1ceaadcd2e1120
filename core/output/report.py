"""``stridelift report`` as text and as JSON (``core/schemas/report.schema.json``).

Both render a :class:`~stridelift.core.report.model.Report` and compute nothing:
a figure without a value prints the reason the report gives for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from stridelift.core.report.model import Figure, Report, Running, Trend, WeekReport

#: Bumped when a field of the JSON changes meaning or disappears.
REPORT_FORMAT_VERSION = 1


# ---------------------------------------------------------------- JSON


def report_json(report: Report, version: str, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report as the JSON ``report.schema.json`` describes."""
    body = _plain(report)
    assert isinstance(body, dict)
    payload: dict[str, Any] = {
        "format_version": REPORT_FORMAT_VERSION,
        "stridelift_version": version,
        "program": {
            "title": body.pop("program_title"),
            "path": body.pop("program_path"),
            "units": body.pop("units"),
        },
    }
    payload.update(body)
    if meta:
        payload.update({k: v for k, v in meta.items() if k not in payload or payload[k] is None})
    return payload


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- text


def render_report(report: Report) -> str:
    """The report as a coach reads it: the references, each week, then the block."""
    refs = report.references
    lines = [
        f"{report.program_title} ({report.program_path})",
        f"athlete: {report.athlete or '-'}; week 1 starts {report.start}; loads in {report.units}",
        "references, from the whole log:",
        *_table(
            [
                (1, "easy heart rate", _figure(refs.heart_rate, runs=True)),
                (1, "easy pace", _figure(refs.pace, runs=True)),
                (1, "baseline fatigue", _figure(refs.fatigue)),
                (1, "baseline soreness", _figure(refs.soreness)),
            ]
        ),
    ]
    if report.baseline:
        lines.append("assessment before week 1:")
        lines.extend(_table([(1, "", _assessment(a)) for a in report.baseline]))
    for week in report.weeks:
        lines.append("")
        lines.extend(_week(report, week))
    lines.append("")
    lines.extend(_summary(report))
    return "\n".join(lines)


Row = tuple[int, str, str]


def _table(rows: list[Row]) -> list[str]:
    """Rows of (indent, label, text), the texts lined up in one column."""
    width = max((2 * indent + len(label) for indent, label, text in rows if text), default=0)
    out = []
    for indent, label, text in rows:
        left = "  " * indent + label
        out.append(f"{left:<{width}}  {text}".rstrip() if text else left)
    return out


def _week(report: Report, week: WeekReport) -> list[str]:
    units = report.units
    phase = week.phase + (", deload" if week.deload else "")
    rows: list[Row] = [(1, "strength", "" if week.strength else "no main lift this week")]
    for lift in week.strength:
        rows.append((2, lift.exercise, f"e1RM {_figure(lift.e1rm)}; anchor {_figure(lift.anchor)}"))
        if lift.rep_maxes:
            maxes = ", ".join(
                f"{m.reps}RM {number(m.load)} {m.unit}" + (f" ({m.side})" if m.side else "")
                for m in lift.rep_maxes
            )
            rows.append((2, "", f"rep maxes: {maxes}"))
        else:
            rows.append((2, "", f"rep maxes: {lift.rep_max_missing}"))
        for result in lift.assessments:
            rows.append((2, "", f"assessment: {_assessment(result)}"))
    v = week.volume
    rows.append((1, "volume", f"{v.sets} sets, {v.reps} reps, {number(v.tonnage)} {units} lifted"))
    s = week.session_load
    left = f", {s.left_out} without an RPE" if s.left_out else ""
    rows.append(
        (
            1,
            "session load",
            f"{s.total} AU (strength {s.strength}, running {s.running}; "
            f"{s.counted} sessions{left})",
        )
    )
    a = week.adherence
    rows.append(
        (
            1,
            "adherence",
            f"sessions {a.sessions_logged}/{a.sessions_prescribed} ({_figure(a.sessions)}), "
            f"sets {a.sets_logged}/{a.sets_prescribed} ({_figure(a.sets)})",
        )
    )
    w = week.wellness
    if w.checkins:
        plural = "s" if w.checkins != 1 else ""
        rows.append(
            (
                1,
                "wellness",
                f"fatigue {_value(w.fatigue)}, soreness {_value(w.soreness)}, "
                f"sleep {_value(w.sleep_hours)}, stress {_value(w.stress)} "
                f"({w.checkins} check-in{plural})",
            )
        )
    else:
        rows.append((1, "wellness", "not enough data: needs a check-in this week"))
    if week.symmetry:
        rows.append((1, "symmetry", ""))
    for sym in week.symmetry:
        if sym.difference.value is None:
            said = sym.difference.missing or "-"
        elif sym.weaker is None:
            said = "even"
        else:
            said = f"{sym.weaker} {number(sym.difference.value)}% weaker"
        rows.append(
            (
                2,
                sym.exercise,
                f"left {number(sym.left)}, right {number(sym.right)} ({sym.basis}): {said}",
            )
        )
    for result in week.assessments:
        rows.append((1, "assessment", _assessment(result)))
    rows.extend(_running(report, week.running))
    return [f"week {week.week}  {week.start} to {week.end}  {phase}", *_table(rows)]


def _running(report: Report, r: Running) -> list[Row]:
    hr, pace = _references(report)
    rows: list[Row] = [
        (1, "running", f"{r.runs} runs, {number(r.distance_km)} km, {number(r.minutes)} min"),
        (2, f"pace at {hr}", _figure(r.pace_at_hr, runs=True)),
        (2, f"heart rate at {pace}", _figure(r.hr_at_pace, runs=True)),
        (2, f"RPE at {pace}", _figure(r.rpe_at_pace, runs=True)),
    ]
    cadence = _figure(r.cadence, runs=True)
    if r.cadence.value is not None:
        cv = r.cadence_cv
        cadence += f", CV {number(cv.value)}%" if cv.value is not None else f"; CV: {cv.missing}"
    rows.append((2, "cadence", cadence))
    if r.recovery_days.value is not None:
        late = f", {r.not_recovered} not before the next" if r.not_recovered else ""
        plural = "s" if r.hard_days != 1 else ""
        days = "day" if r.recovery_days.value == 1 else "days"
        said = (
            f"{number(r.recovery_days.value)} {days} to baseline after "
            f"{r.hard_days} hard day{plural}{late}"
        )
    else:
        said = r.recovery_days.missing or "-"
    rows.append((2, "recovery", said))
    return rows


def _references(report: Report) -> tuple[str, str]:
    """The reference heart rate and pace as labels read them."""
    refs = report.references
    hr = _figure(refs.heart_rate) if refs.heart_rate.value is not None else "easy heart rate"
    pace = _figure(refs.pace) if refs.pace.value is not None else "easy pace"
    return hr, pace


def _summary(report: Report) -> list[str]:
    s = report.summary
    weeks = [w.week for w in report.weeks]
    span = (
        "no weeks"
        if not weeks
        else f"week {weeks[0]}"
        if len(weeks) == 1
        else f"weeks {weeks[0]}-{weeks[-1]}"
    )
    rows: list[Row] = []
    for lift in s.strength:
        rows.append((1, f"{lift.exercise} e1RM", _trend(lift.e1rm, report.units)))
    hr, pace = _references(report)
    rows.append((1, f"pace at {hr}", _trend(s.pace_at_hr, "min/km")))
    economy = s.running_economy
    if economy.value is not None:
        word = "faster" if economy.value >= 0 else "slower"
        said = f"{number(abs(economy.value))}% {word} at the same heart rate"
    else:
        said = economy.missing or "-"
    rows.append((1, "running economy", said))
    rows.append((1, f"heart rate at {pace}", _trend(s.hr_at_pace, "bpm")))
    rows.append((1, f"RPE at {pace}", _trend(s.rpe_at_pace, "rpe")))
    rows.append((1, "distance", f"{number(s.distance_km)} km"))
    rows.append(
        (
            1,
            "adherence",
            f"sessions {_figure(s.adherence_sessions)}, sets {_figure(s.adherence_sets)}",
        )
    )
    return [f"block ({span})", *_table(rows)]


def _trend(trend: Trend, unit: str) -> str:
    if trend.first is None or trend.last is None:
        return trend.change.missing or "-"
    first, last = (
        (pace_text(trend.first), pace_text(trend.last))
        if unit == "min/km"
        else (f"{trend.first:.1f}", f"{trend.last:.1f}")
    )
    shown = {"min/km": " /km", "rpe": "", "bpm": " bpm"}.get(unit, f" {unit}")
    change = trend.change.value
    sign = "" if change is None else f" ({'+' if change >= 0 else ''}{number(change)}%)"
    return (
        f"{first}{shown} in week {trend.first_week} -> {last}{shown} in week "
        f"{trend.last_week}{sign}"
    )


def _figure(figure: Figure, runs: bool = False) -> str:
    """A value with its unit, or the reason there is none."""
    if figure.value is None:
        return figure.missing or "-"
    unit = figure.unit
    if unit == "min/km":
        text = f"{pace_text(figure.value)} /km"
    elif unit == "rpe":
        text = f"RPE {number(figure.value)}"
    elif unit in ("%",):
        text = f"{number(figure.value)}%"
    elif unit == "1-10":
        text = number(figure.value)
    else:
        text = f"{number(figure.value)} {unit}"
    if runs and figure.n:
        text += f" ({figure.n} run{'s' if figure.n != 1 else ''})"
    return text


def _value(figure: Figure) -> str:
    """A value, or a dash for one no record had (the JSON gives the reason)."""
    return "-" if figure.value is None else _figure(figure)


def pace_text(minutes: float) -> str:
    """Minutes per km as m:ss (the HTML report's too)."""
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def number(value: float | None) -> str:
    """A value as the report prints it: ``24.7``, ``20``, ``-`` (the HTML report's too)."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _assessment(a: Any) -> str:
    parts = [a.test]
    if a.side:
        parts.append(a.side)
    if a.reps is not None:
        parts.append(f"{a.reps} reps")
    if a.load is not None:
        parts.append(f"@ {number(a.load)} {a.unit or ''}".rstrip())
    if a.value is not None:
        parts.append(f"{number(a.value)} {a.unit or ''}".rstrip())
    return f"{a.date} " + " ".join(parts)
