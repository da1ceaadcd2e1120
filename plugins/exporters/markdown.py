"""The ``markdown`` export: a printable sheet of the weeks asked for.

Each week is a heading with its phase and dates; each session a table of its
lines (exercise, sets and amount, load, effort, tempo, rest), grouped by part
of the session (warm-up, main, ...), with the cues and, unless
``--option changes=no``, why each line changed since the week before. The
tables are GitHub-flavoured Markdown; ``|`` in a cue is escaped.
"""

from __future__ import annotations

from stridelift.core.engine import Prescribed, SessionPlan, WeekResult
from stridelift.core.engine.explain import fmt_effort, fmt_tempo
from stridelift.core.hooks.records import ExportFile
from stridelift.core.output.exports import ExportContext
from stridelift.core.output.plan import amount_text, group_header, load_text, rest_text


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _date(value: object) -> str:
    return f"{value:%a %d %b %Y}"


def week_title(context: ExportContext, week: WeekResult) -> str:
    total = f" of {context.program.weeks}" if context.program.weeks else ""
    text = f"Week {week.week}{total}: {week.plan.phase}, {_date(week.start)} to {_date(week.end)}"
    if week.deload:
        text += f" (deload: {week.deload})"
    return text


def _sets(item: Prescribed) -> str:
    if item.omitted is not None:
        return f"skipped: {item.omitted}"
    text = f"{item.sets} x {amount_text(item)}"
    return text + " per side" if item.per_side else text


def session_lines(
    context: ExportContext, week: WeekResult, session: SessionPlan, changes: bool
) -> list[str]:
    when = _date(session.date) if session.date else "not scheduled"
    title = f": {session.title}" if session.title else ""
    lines = [f"### Session {session.name}{title} ({when})", ""]
    units = context.program.units
    notes: list[str] = []
    part = None
    for item in session.items:
        slot = item.slot
        if slot.phase != part:
            if part is not None:
                lines.append("")
            part = slot.phase
            lines += [
                f"**{part}**",
                "",
                "| exercise | sets | load | effort | tempo | rest |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
        name = f"`{item.exercise}`"
        if slot.grouping is not None:
            name += f" ({_cell(group_header(slot.grouping))})"
        cells = (
            name,
            _cell(_sets(item)),
            _cell(load_text(item, units) or "-"),
            fmt_effort(item.effort),
            fmt_tempo(item.tempo),
            rest_text(item) or "-",
        )
        lines.append("| " + " | ".join(cells) + " |")
        if slot.cue:
            notes.append(f"- `{item.exercise}`: {slot.cue}")
        if changes:
            notes.extend(f"- `{item.exercise}`: {change.text()}" for change in item.changes)
        notes.extend(f"- `{item.exercise}`: note: {note}" for note in item.notes)
    if notes:
        lines += ["", *notes]
    lines.append("")
    return lines


def render(context: ExportContext) -> str:
    program = context.program
    changes = context.options.get("changes", True) is not False
    lines = [f"# {program.title}", ""]
    described = [f"program `{program.path}`"]
    if context.athlete:
        described.insert(0, f"athlete {context.athlete}")
    described.append(f"week 1 starts {context.meta.get('start')}")
    lines += [", ".join(described) + ".", ""]
    for week in context.weeks:
        lines += [f"## {week_title(context, week)}", ""]
        for note in ([week.plan.note] if week.plan.note else []) + list(week.notes):
            lines.append(f"> {note}")
        if week.plan.note or week.notes:
            lines.append("")
        for session in week.sessions:
            lines += session_lines(context, week, session, changes)
        if week.warnings:
            lines += ["**Warnings**", ""]
            lines += [f"- {w.code}: {w.message}" for w in week.warnings]
            lines.append("")
    lines.append(f"_Made by stridelift {context.version}._")
    return "\n".join(lines) + "\n"


def export(context: ExportContext) -> list[ExportFile]:
    return [ExportFile(f"{context.stem}.md", render(context).encode("utf-8"))]
