"""Plans and histories as text for a coach, and as JSON for tools.

The JSON form of a week is described by ``schemas/plan.schema.json``; its
``format_version`` changes only when a field changes meaning or disappears.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from stridelift.core.engine import CompiledProgram, Prescribed, WeekResult
from stridelift.core.engine.explain import Change, fmt_amount, fmt_effort, fmt_load, fmt_tempo
from stridelift.core.language.unparse import format_number

if TYPE_CHECKING:
    from stridelift.core.engine.metrics import Done

PLAN_FORMAT_VERSION = 1
Paint = Callable[[str, str], str]


def _plain(text: str, style: str) -> str:
    return text


def prescription_text(item: Prescribed, units: str) -> str:
    """``3 x 8 per side @ 16kg rpe 7 tempo 3-1-1-0 rest 90s``: the language's own words."""
    slot = item.slot
    text = f"{item.sets} x {fmt_amount(item.reps, slot.measure)}"
    if item.per_side:
        text += " per side"
    load = load_text(item, units)
    if load:
        text += f" @ {load}"
    if item.effort is not None:
        text += f" {fmt_effort(item.effort)}"
    if item.tempo is not None:
        text += f" tempo {fmt_tempo(item.tempo)}"
    if item.rest is not None:
        text += f" rest {format_number(item.rest)}s"
    return text


def load_text(item: Prescribed, units: str) -> str:
    if item.percent is not None:
        percent = f"{format_number(item.percent)}% 1RM"
        return f"{fmt_load(item.load, units)} ({percent})" if item.load is not None else percent
    if item.load is not None:
        return fmt_load(item.load, units)
    if item.band is not None:
        return f"band {item.band}"
    load = item.slot.line.load
    return "bodyweight" if load is not None else ""


def _date(value: Any) -> str:
    return f"{value:%a %d %b %Y}"


def week_header(program: CompiledProgram, week: WeekResult) -> str:
    total = f" of {program.weeks}" if program.weeks else ""
    phase = week.plan.phase
    text = f"week {week.week}{total} ({phase}), {_date(week.start)} to {_date(week.end)}"
    if week.deload:
        text += f", deload: {week.deload}"
    return text


def render_week(
    program: CompiledProgram,
    week: WeekResult,
    *,
    paint: Paint = _plain,
    explain_holds: bool = False,
) -> str:
    lines = [paint(program.title, "bold"), week_header(program, week)]
    if week.plan.note:
        lines.append(f"  {week.plan.note}")
    for note in week.notes:
        lines.append(f"  {note}")
    for session in week.sessions:
        lines.append("")
        when = f", {_date(session.date)}" if session.date else ", not scheduled"
        title = f' "{session.title}"' if session.title else ""
        lines.append(paint(f"session {session.name}{title}{when}", "bold"))
        phase = None
        for item in session.items:
            if item.slot.phase != phase:
                phase = item.slot.phase
                lines.append(f"  {phase}")
            group = f" ({item.slot.group})" if item.slot.group else ""
            name = item.exercise + group
            lines.append(f"    {name:<34} {prescription_text(item, program.units)}")
            for change in item.changes:
                lines.append(paint(f"      {change.text()}", "cyan"))
            if explain_holds:
                for change in week.holds.get(item.slot.index, ()):
                    lines.append(paint(f"      {change.text()}", "dim"))
            for note in item.notes:
                lines.append(paint(f"      note: {note}", "yellow"))
    if week.warnings:
        lines.append("")
        lines.append(paint("warnings", "bold"))
        for warning in week.warnings:
            lines.append(paint(f"  {warning.code} {warning.message}", "yellow"))
    return "\n".join(lines)


def prescribed_json(item: Prescribed, units: str, holds: Sequence[Change] = ()) -> dict[str, Any]:
    slot = item.slot
    load: dict[str, Any] | None = None
    if item.percent is not None:
        load = {
            "percent_1rm": item.percent,
            "e1rm": round(item.e1rm, 1) if item.e1rm is not None else None,
            "value": item.load,
            "unit": units,
        }
    elif item.load is not None:
        load = {"value": item.load, "unit": units}
    elif item.band is not None:
        load = {"band": item.band}
    elif slot.line.load is not None:
        load = {"bodyweight": True}
    effort = None if item.effort is None else {item.effort[0]: item.effort[1]}
    measure = {"reps": "reps", "seconds": "s", "distance": "m"}[slot.measure]
    return {
        "slot": slot.key,
        "exercise": item.exercise,
        "programmed": slot.name,
        "phase": slot.phase,
        "group": slot.group,
        "sets": item.sets,
        "amount": None if item.reps is None else {"value": item.reps, "unit": measure},
        "amrap": item.reps is None,
        "per_side": item.per_side,
        "load": load,
        "effort": effort,
        "tempo": fmt_tempo(item.tempo) if item.tempo else None,
        "rest_s": item.rest,
        "cue": slot.cue,
        "deload": item.deload,
        "text": prescription_text(item, units),
        "changes": [c.to_json() for c in (*item.changes, *holds)],
        "notes": list(item.notes),
    }


def week_json(program: CompiledProgram, week: WeekResult) -> dict[str, Any]:
    return {
        "week": week.week,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "phase": week.plan.phase,
        "volume": week.plan.volume,
        "intensity": week.plan.intensity,
        "progression": week.plan.progress,
        "deload": week.deload,
        "notes": ([week.plan.note] if week.plan.note else []) + list(week.notes),
        "sessions": [
            {
                "session": s.name,
                "title": s.title,
                "date": s.date.isoformat() if s.date else None,
                "day": s.day,
                "exercises": [
                    prescribed_json(i, program.units, week.holds.get(i.slot.index, ()))
                    for i in s.items
                ],
            }
            for s in week.sessions
        ],
        "warnings": [w.to_json() for w in week.warnings],
    }


def plan_json(
    program: CompiledProgram, week: WeekResult, meta: dict[str, Any], version: str
) -> dict[str, Any]:
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "stridelift_version": version,
        "program": {
            "title": program.title,
            "path": program.path,
            "units": program.units,
            "weeks": program.weeks,
            "periodization": program.style_label,
        },
        **meta,
        "plan": week_json(program, week),
    }


def done_text(done: Done | None, units: str) -> str:
    return "-" if done is None else done.summary(units)


def render_history(
    program: CompiledProgram, weeks: Sequence[WeekResult], paint: Paint = _plain
) -> str:
    lines = [paint(program.title, "bold")]
    for week in weeks:
        lines.append("")
        lines.append(paint(week_header(program, week), "bold"))
        lines.append(f"  logged sessions: {week.logged_sessions}")
        rows = []
        for item in week.prescriptions:
            if not item.slot.dynamic:
                continue
            done = week.done.get(item.slot.index)
            # What changed in the prescription itself, not the week's style or deload.
            changed = ", ".join(
                f"{c.field} {c.before} -> {c.after}"
                for c in item.changes
                if c.field and c.kind not in ("periodization", "deload")
            )
            text = prescription_text(item, program.units)
            if item.exercise != item.slot.name:
                text = f"{item.exercise}: {text}"
            rows.append(
                (
                    item.slot.key,
                    text,
                    done_text(done, program.units),
                    changed,
                )
            )
        lines.extend(_table(("slot", "prescribed", "done", "changed from last week"), rows))
    return "\n".join(lines)


def history_json(
    program: CompiledProgram, weeks: Iterable[WeekResult], meta: dict[str, Any], version: str
) -> dict[str, Any]:
    out = []
    method = program.policy.e1rm_method
    for week in weeks:
        entry = week_json(program, week)
        entry["logged_sessions"] = week.logged_sessions
        entry["done"] = {
            week.prescriptions[i].slot.key: {
                "sets": d.sets,
                "reps": d.reps,
                "load": d.load,
                "band": d.band,
                "rpe": d.rpe,
                "rir": d.rir,
                "form": d.form,
                "e1rm": round(e1rm, 1) if (e1rm := d.e1rm(method)) is not None else None,
            }
            for i, d in sorted(week.done.items())
        }
        out.append(entry)
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "stridelift_version": version,
        "program": {"title": program.title, "path": program.path, "units": program.units},
        **meta,
        "weeks": out,
    }


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [len(h) for h in header]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    out = ["  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for row in rows:
        out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return out


def compact(item: Prescribed, units: str) -> str:
    """``3x8 16kg`` / ``3x30s`` / ``2x12 band medium``: one cell of a simulation table."""
    text = f"{item.sets}x{fmt_amount(item.reps, item.slot.measure)}"
    load = load_text(item, units)
    if load and load != "bodyweight":
        text += f" {load}"
    if item.tempo is not None and item.tempo[0] not in ("2", "X"):
        text += f" t{item.tempo[0]}"
    return text


def render_simulation(
    program: CompiledProgram,
    weeks: Sequence[WeekResult],
    heading: str,
    *,
    paint: Paint = _plain,
    explain: bool = False,
) -> str:
    slots = [s for s in program.slots if s.progression is not None]
    lines = [paint(program.title, "bold"), heading, ""]
    lines.append("slots: " + "  ".join(f"[{n}] {s.key}" for n, s in enumerate(slots, 1)))
    lines.append("")
    header = ("week", "phase", "sessions", *(f"[{n}]" for n in range(1, len(slots) + 1)))
    rows = []
    for week in weeks:
        cells = []
        for slot in slots:
            item = week.prescriptions[slot.index]
            cell = compact(item, program.units)
            if item.exercise != slot.name:
                cell = f"{item.exercise}: {cell}"
            cells.append(cell)
        scheduled = sum(1 for s in week.sessions if s.date is not None)
        phase = week.plan.phase + (" (deload)" if week.deload else "")
        rows.append((str(week.week), phase, f"{week.logged_sessions}/{scheduled}", *cells))
    lines.extend(line[2:] for line in _table(header, rows))
    if explain:
        for week in weeks:
            changed = [(i, c) for i in week.prescriptions for c in i.changes if c.field]
            if not changed:
                continue
            lines.append("")
            lines.append(paint(f"week {week.week}", "bold"))
            for item, change in changed:
                lines.append(f"  {item.slot.key}: {change.text()}")
    return "\n".join(lines)
