"""Plans and histories as text for a coach, and as JSON for tools.

The JSON form of a week is described by ``schemas/plan.schema.json``; its
``format_version`` changes only when a field changes meaning or disappears.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from stridelift.core.engine import CompiledProgram, Prescribed, WeekResult
from stridelift.core.engine.explain import Change, fmt_amount, fmt_effort, fmt_load, fmt_tempo
from stridelift.core.engine.logweeks import Agg
from stridelift.core.language import ast
from stridelift.core.language.unparse import format_number
from stridelift.core.units import DISTANCE, TIME, metres, seconds

if TYPE_CHECKING:
    from stridelift.core.engine.logweeks import LogIndex
    from stridelift.core.engine.metrics import Done
    from stridelift.core.engine.slots import SlotGroup, SlotSpec
    from stridelift.core.logs import SetRecord

#: 2: an exercise's ``group`` is an object (id, kind, rounds, rest), not the kind alone.
PLAN_FORMAT_VERSION = 2
Paint = Callable[[str, str], str]


def _plain(text: str, style: str) -> str:
    return text


def _written(quantity: ast.Quantity) -> str:
    """A quantity as the coach wrote it: ``2min``, ``45s``, ``0.5km``."""
    return f"{format_number(quantity.value)}{quantity.unit}"


def _in_base_units(quantity: ast.Quantity) -> float:
    """A time in seconds, a distance in metres (how the engine holds them)."""
    if quantity.unit in TIME:
        return seconds(quantity.value, quantity.unit)
    if quantity.unit in DISTANCE:
        return metres(quantity.value, quantity.unit)
    return quantity.value


def shown_measure(slot: SlotSpec) -> str:
    """How a line's amount is printed: the slot's measure, which is the line's own
    when it states one (``45s`` is seconds, ``40m`` metres)."""
    return slot.measure


def amount_text(item: Prescribed) -> str:
    """``8``, ``45s``, ``2min`` (as written while the amount is the line's), ``amrap``."""
    prescription = item.slot.line.prescription
    amount = prescription.amount if prescription is not None else None
    if (
        isinstance(amount, ast.Measured)
        and item.reps is not None
        and item.reps == _in_base_units(amount.quantity)
    ):
        return _written(amount.quantity)
    return fmt_amount(item.reps, shown_measure(item.slot))


def rest_text(item: Prescribed) -> str | None:
    """The rest between sets: as written (``2min``) while it is the line's, else seconds."""
    if item.rest is None:
        return None
    written = item.slot.line.rest
    if written is not None and item.rest == _in_base_units(written):
        return _written(written)
    return f"{format_number(item.rest)}s"


def group_header(group: SlotGroup) -> str:
    """``superset, 3 rounds, rest 90s after each round``."""
    text = group.kind
    if group.rounds is not None:
        text += f", {group.rounds} {'round' if group.rounds == 1 else 'rounds'}"
    if group.rest is not None:
        text += f", rest {_written(group.rest)} after each round"
    return text


def group_json(group: SlotGroup | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "id": group.id,
        "kind": group.kind,
        "rounds": group.rounds,
        "rest_s": None if group.rest is None else _in_base_units(group.rest),
        "rest_text": None if group.rest is None else _written(group.rest),
        "position": group.position,
        "size": group.size,
    }


def prescription_text(item: Prescribed, units: str) -> str:
    """``3 x 8 per side @ 16kg rpe 7 tempo 3-1-1-0 rest 90s``: the language's own words."""
    if item.omitted is not None:
        return f"skipped: {item.omitted}"
    text = f"{item.sets} x {amount_text(item)}"
    if item.per_side:
        text += " per side"
    load = load_text(item, units)
    if load:
        text += f" @ {load}"
    if item.effort is not None:
        text += f" {fmt_effort(item.effort)}"
    if item.tempo is not None:
        text += f" tempo {fmt_tempo(item.tempo)}"
    rest = rest_text(item)
    if rest is not None:
        text += f" rest {rest}"
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


def _week_runs(program: CompiledProgram, week: WeekResult, index: LogIndex | None) -> list[Any]:
    from stridelift.core.engine.running import week_runs

    return week_runs(program, index.athlete if index is not None else None, week.start)


def running_line(program: CompiledProgram, week: WeekResult, index: LogIndex | None) -> str | None:
    """The week day by day, which days run and which lift: ``Mon lift A, Tue run easy
    40min, Wed run quality 45min, Thu lift B + run easy, Fri rest, ...``; None without
    a running week."""
    import datetime as dt

    runs = _week_runs(program, week, index)
    if not runs:
        return None
    days = []
    for offset in range(7):
        date = week.start + dt.timedelta(days=offset)
        here = [f"lift {s.name}" for s in week.sessions if s.date == date]
        here += [f"run {run.text()}" for run in runs if run.date == date]
        days.append(f"{date:%a} {' + '.join(here) if here else 'rest'}")
    source = "the athlete record" if runs[0].source == "athlete" else "the program"
    return f"the week: {', '.join(days)} (runs from {source})"


def runs_json(program: CompiledProgram, week: WeekResult, index: LogIndex | None) -> dict[str, Any]:
    runs = _week_runs(program, week, index)
    return {
        "from": runs[0].source if runs else None,
        "runs": [
            {
                "date": run.date.isoformat(),
                "day": run.day,
                "kind": run.kind,
                "duration_min": run.run.duration_min,
                "distance_km": run.run.distance_km,
            }
            for run in runs
        ],
    }


def render_week(
    program: CompiledProgram,
    week: WeekResult,
    *,
    paint: Paint = _plain,
    explain_holds: bool = False,
    index: LogIndex | None = None,
) -> str:
    """The week's sessions for a coach; ``index`` (the log by week) gives the athlete
    record's running week, which replaces the program's."""
    lines = [paint(program.title, "bold"), week_header(program, week)]
    if week.plan.note:
        lines.append(f"  {week.plan.note}")
    for note in week.notes:
        lines.append(f"  {note}")
    running = running_line(program, week, index)
    if running is not None:
        lines.append(f"  {running}")
    for session in week.sessions:
        lines.append("")
        when = f", {_date(session.date)}" if session.date else ", not scheduled"
        title = f' "{session.title}"' if session.title else ""
        lines.append(paint(f"session {session.name}{title}{when}", "bold"))
        phase = None
        group: str | None = None
        for item in session.items:
            slot = item.slot
            if slot.phase != phase:
                phase = slot.phase
                group = None
                lines.append(f"  {phase}")
            grouping = slot.grouping
            if grouping is not None and grouping.id != group:
                lines.append(f"    {group_header(grouping)}")
            group = grouping.id if grouping is not None else None
            # A group's members sit two columns in, their prescriptions in line.
            indent = "      " if grouping is not None else "    "
            width = 38 - len(indent)
            lines.append(
                f"{indent}{item.exercise:<{width}} {prescription_text(item, program.units)}"
            )
            if slot.cue:
                lines.append(paint(f"{indent}  cue: {slot.cue}", "dim"))
            if item.percent is not None and item.e1rm is not None and item.e1rm_from:
                anchor = f"1RM {fmt_load(round(item.e1rm, 1), program.units)}"
                lines.append(paint(f"{indent}  {anchor}: from {item.e1rm_from}", "dim"))
            for change in item.changes:
                lines.append(paint(f"{indent}  {change.text()}", "cyan"))
            if explain_holds:
                for change in week.holds.get(slot.index, ()):
                    lines.append(paint(f"{indent}  {change.text()}", "dim"))
            for note in item.notes:
                lines.append(paint(f"{indent}  note: {note}", "yellow"))
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
        if item.e1rm_from:
            load["e1rm_from"] = item.e1rm_from
    elif item.load is not None:
        load = {"value": item.load, "unit": units}
    elif item.band is not None:
        load = {"band": item.band}
    elif slot.line.load is not None:
        load = {"bodyweight": True}
    effort = None if item.effort is None else {item.effort[0]: item.effort[1]}
    measure = {"reps": "reps", "seconds": "s", "distance": "m"}[shown_measure(slot)]
    amount = None
    if item.reps is not None:
        amount = {"value": item.reps, "unit": measure, "text": amount_text(item)}
    return {
        "slot": slot.key,
        "exercise": item.exercise,
        "programmed": slot.name,
        "phase": slot.phase,
        "group": group_json(slot.grouping),
        "sets": item.sets,
        "amount": amount,
        "amrap": item.reps is None,
        "per_side": item.per_side,
        "load": load,
        "effort": effort,
        "tempo": fmt_tempo(item.tempo) if item.tempo else None,
        "rest_s": item.rest,
        "rest_text": rest_text(item),
        "cue": slot.cue,
        "deload": item.deload,
        "omitted": item.omitted,
        "text": prescription_text(item, units),
        "changes": [c.to_json() for c in (*item.changes, *holds)],
        "notes": list(item.notes),
    }


def week_json(
    program: CompiledProgram, week: WeekResult, index: LogIndex | None = None
) -> dict[str, Any]:
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
        "running": runs_json(program, week, index),
        "warnings": [w.to_json() for w in week.warnings],
    }


def plan_json(
    program: CompiledProgram,
    week: WeekResult,
    meta: dict[str, Any],
    version: str,
    index: LogIndex | None = None,
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
        "plan": week_json(program, week, index),
    }


def done_text(done: Done | None, units: str) -> str:
    return "-" if done is None else done.summary(units)


def _filed(
    program: CompiledProgram, week: WeekResult, item: Prescribed, index: LogIndex | None
) -> Sequence[SetRecord]:
    """The sets filed for a slot's exercise and session in a week: with what the fold
    found done for a slot it reads, else from ``index`` (the log by week)."""
    slot = item.slot
    done = week.done.get(slot.index)
    if done is not None:
        return done.records
    log = index.get(week.week) if index is not None else None
    if log is None:
        return ()
    variant = item.exercise
    split = log.raw.get(f"{variant}@{slot.session}")
    if split is not None:
        return split
    records = log.raw.get(variant, ())
    if variant in program.shared_names:
        records = [r for r in records if (r.session or program.session_on(r.date)) == slot.session]
    return records


def _fit(item: Prescribed, record: SetRecord, units: str) -> float:
    """How well a set matches a prescription (to tell apart two lines of one exercise
    in one session, such as a warm-up set of walks and an accessory one)."""
    score = 0.0
    if item.band is not None and record.band == item.band:
        score += 2
    if item.load is not None and record.load is not None:
        weight = record.load if record.unit is None else record.load_in(units)
        if weight is not None and abs(weight - item.load) <= item.load * 0.01:
            score += 2
    if item.reps is not None and record.reps == item.reps:
        score += 1
    if item.slot.phase in ("main", "accessory"):
        score += 0.5
    return score


def week_sets(
    program: CompiledProgram, week: WeekResult, index: LogIndex | None = None
) -> dict[int, list[SetRecord]]:
    """The working sets the log holds for each slot in a week (by slot index), in the
    order logged; warm-up sets are left out.

    Two lines of one exercise in one session (a walk in the warm-up and again in a
    superset) cannot be told apart by name: each set goes to the line it matches best
    (band, load, reps; a main or accessory line before a warm-up or cool-down one)."""
    by_exercise: dict[tuple[str, str], list[Prescribed]] = {}
    for item in week.prescriptions:
        by_exercise.setdefault((item.slot.session, item.exercise), []).append(item)
    found: dict[int, list[SetRecord]] = {}
    units = program.units
    for items in by_exercise.values():
        records = [r for r in _filed(program, week, items[0], index) if r.role != "warmup"]
        if len(items) == 1:
            found[items[0].slot.index] = records
            continue
        for item in items:
            found[item.slot.index] = []
        for record in records:
            best = max(items, key=lambda item: _fit(item, record, units))
            found[best.slot.index].append(record)
    return found


def _num(value: float) -> str:
    return format_number(round(value, 2))


def _set_amount(record: SetRecord, measure: str) -> str:
    """A set's reps, seconds or metres: what the exercise is measured in, else what
    was logged."""
    order = {
        "reps": ("reps", "seconds", "distance"),
        "seconds": ("seconds", "reps", "distance"),
        "distance": ("distance", "seconds", "reps"),
    }.get(measure, ("reps", "seconds", "distance"))
    for kind in order:
        if kind == "reps" and record.reps is not None:
            text = str(record.reps)
        elif kind == "seconds" and record.seconds is not None:
            text = f"{_num(record.seconds)}s"
        elif kind == "distance" and record.distance_m is not None:
            text = f"{_num(record.distance_m)}m"
        else:
            continue
        return text + (" (drop)" if record.role == "drop" else "")
    return "?"


def _set_load(record: SetRecord, units: str) -> str:
    if record.load is not None:
        return f"{_num(record.load)}{record.unit or units}"
    if record.band is not None:
        return f"band {record.band}"
    return ""


def _series(values: Sequence[str]) -> str:
    """One value when every set has it, else each set's (``-`` where none was logged)."""
    if len(set(values)) == 1:
        return values[0]
    return ", ".join(v or "-" for v in values)


def sets_line(records: Sequence[SetRecord], measure: str, units: str) -> str:
    """``8, 8, 7 @ 20kg rpe 8, 9, 10 form good, good, ok``: each set as logged."""
    text = ", ".join(_set_amount(r, measure) for r in records)
    loads = [_set_load(r, units) for r in records]
    if any(loads):
        text += f" @ {_series(loads)}"
    for name, values in (
        ("rpe", [r.rpe for r in records]),
        ("rir", [r.rir for r in records]),
    ):
        if any(v is not None for v in values):
            text += f" {name} " + _series(["" if v is None else _num(v) for v in values])
    forms = [r.form or "" for r in records]
    if any(forms):
        text += f" form {_series(forms)}"
    return text


def sets_text(records: Sequence[SetRecord], measure: str, units: str) -> list[str]:
    """A slot's week of sets, one line per day (when there are several) and per side
    (when the log has sides): ``left: 8, 8 rpe 7``, ``right: 6, 7 rpe 9``."""
    dates = sorted({r.date for r in records})
    lines = []
    for date in dates:
        day = [r for r in records if r.date == date]
        when = f"{date:%a}" if len(dates) > 1 else ""
        sided = any(r.side is not None for r in day)
        for side in ("left", "right", None) if sided else (None,):
            part = [r for r in day if r.side == side]
            if not part:
                continue
            label = " ".join(x for x in (when, side or ("both" if sided else "")) if x)
            line = sets_line(part, measure, units)
            lines.append(f"{label}: {line}" if label else line)
    return lines


def render_history(
    program: CompiledProgram,
    weeks: Sequence[WeekResult],
    paint: Paint = _plain,
    index: LogIndex | None = None,
) -> str:
    """Every week: each slot's prescription, each set the log holds for it (each side
    apart), and what changed. Without ``index`` only the slots the fold reads have sets."""
    lines = [paint(program.title, "bold")]
    for week in weeks:
        lines.append("")
        lines.append(paint(week_header(program, week), "bold"))
        lines.append(f"  logged sessions: {week.logged_sessions}")
        rows = []
        logged = week_sets(program, week, index)
        for item in week.prescriptions:
            # What changed in the prescription itself, not the week's style or deload.
            changed = ", ".join(
                f"{c.field} {c.before} -> {c.after}"
                for c in item.changes
                if c.field and c.kind not in ("periodization", "deload")
            )
            text = prescription_text(item, program.units)
            if item.exercise != item.slot.name:
                text = f"{item.exercise}: {text}"
            records = logged.get(item.slot.index, [])
            done = sets_text(records, shown_measure(item.slot), program.units) or ["-"]
            rows.append((item.slot.key, text, done[0], changed))
            rows.extend(("", "", more, "") for more in done[1:])
        lines.extend(_table(("slot", "prescribed", "done", "changed from last week"), rows))
    return "\n".join(lines)


def set_json(record: SetRecord) -> dict[str, Any]:
    return {
        "date": record.date.isoformat(),
        "side": record.side,
        "reps": record.reps,
        "seconds": record.seconds,
        "distance_m": record.distance_m,
        "load": record.load,
        "unit": record.unit,
        "band": record.band,
        "rpe": record.rpe,
        "rir": record.rir,
        "form": record.form,
        "role": record.role,
    }


def history_json(
    program: CompiledProgram,
    weeks: Iterable[WeekResult],
    meta: dict[str, Any],
    version: str,
    index: LogIndex | None = None,
) -> dict[str, Any]:
    out = []
    method = program.policy.e1rm_method
    units = program.units
    for week in weeks:
        entry = week_json(program, week, index)
        entry["logged_sessions"] = week.logged_sessions
        done: dict[str, Any] = {}
        logged = week_sets(program, week, index)
        for item in week.prescriptions:
            records = logged.get(item.slot.index, [])
            if not records:
                continue
            d = week.done.get(item.slot.index)
            if d is None or len(records) != len([r for r in d.records if r.role != "warmup"]):
                # Not a slot the fold reads, or its sets shared with another line.
                d = Agg.of(records, units, shown_measure(item.slot)).done(units)
            done[item.slot.key] = {
                "sets": d.sets,
                "reps": d.reps,
                "load": d.load,
                "band": d.band,
                "rpe": d.rpe,
                "rir": d.rir,
                "form": d.form,
                "e1rm": round(e1rm, 1) if (e1rm := d.e1rm(method)) is not None else None,
                "logged": [set_json(r) for r in records],
            }
        entry["done"] = done
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
