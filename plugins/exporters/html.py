"""The ``html`` export: a self-contained report of the plan and the weeks behind it.

One file, nothing fetched: the style sheet is inline, every chart an inline SVG
(drawn by :mod:`.charts` with matplotlib), no script, and a Content Security
Policy that forbids the page any request at all. The page holds:

- the plan of the weeks asked for (a table per session, cues and changes);
- load, reps and volume of each main and accessory line over every week from
  week 1 to the last exported, the logged weeks beside the planned ones;
- the ``report`` command's figures (:func:`report_sections`, computed by the
  report model as ``docs/report.md`` says): strength per main lift, volume,
  session load, adherence, wellness, left and right, running, the block's
  trends and the assessments, the plan's values beside the logged ones;
- without a logged week (no report), adherence and wellness from the plan's weeks.

Each chart is followed by its values as a table (for a screen reader, or to copy).
A part of the page is a :class:`~.figures.Section`: an id, a title, a line of
text, charts (each a :class:`~.figures.Figure`) and tables. A plugin adds
sections by turning what it computed into these and passing them to
:func:`render` (``extra``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from stridelift.core.engine import SessionPlan, WeekResult
from stridelift.core.engine.explain import fmt_effort, fmt_tempo
from stridelift.core.hooks.records import ExportFile
from stridelift.core.output.exports import ExportContext
from stridelift.core.output.plan import amount_text, group_header, load_text, rest_text
from stridelift.plugins.exporters.figures import (
    Figure,
    Section,
    Table,
    adherence,
    exercise_figures,
    wellness,
)

if TYPE_CHECKING:
    from stridelift.core.report.model import Report

__all__ = ["Figure", "Section", "Table", "export", "render", "report_sections"]

#: No request of any kind: styles inline, images only as data, nothing else.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #6e6e73; --rule: #d2d2d7; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .35rem; }
p.meta, figcaption, .note { color: var(--muted); }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--rule);
  vertical-align: top; }
th { font-weight: 600; background: #f5f5f7; }
td.part { font-weight: 600; background: #fafafa; }
code { font: .92em ui-monospace, SFMono-Regular, Menlo, monospace; }
ul.why { margin: .1rem 0 .2rem 1rem; padding: 0; font-size: .9em; color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr));
  gap: .75rem; }
figure.chart { margin: 0; padding: .25rem; border: 1px solid var(--rule); border-radius: 6px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { font-size: .85em; padding: 0 .25rem; }
.warnings li { color: #8a4b00; }
p.missing { margin: 0; padding: .5rem; border: 1px dashed var(--rule); border-radius: 6px; }
details.values { font-size: .85em; margin: .2rem .25rem; }
details.values summary { color: var(--muted); cursor: pointer; }
details.values table { margin: .25rem 0; }
@media print { body { max-width: none; } .charts { display: block; }
  figure.chart { break-inside: avoid; margin-bottom: .5rem; } nav { display: none; } }
"""


def report_sections(report: Report | None, context: ExportContext | None = None) -> list[Section]:
    """The sections of the ``report`` command's model: strength per main lift (e1RM and
    anchor, rep maxes), volume, session load, adherence, wellness, limb symmetry per
    unilateral exercise, the running outcomes, the block's trends and the assessments.

    Each figure is a :class:`~.figures.Figure` with a :class:`~.figures.Series` per
    lift, side or measure (values by week, as the model holds them); with ``context``
    the plan's values (prescribed load, volume and sets, the planned running week) are
    drawn beside them. A figure with no value in any week is the model's reason
    instead of a chart. None (no logged week): no sections."""
    if report is None:
        return []
    from stridelift.plugins.exporters.reportfigures import report_sections as sections

    return sections(report, context)


def _date(value: object) -> str:
    return f"{value:%a %d %b %Y}"


def session_html(context: ExportContext, week: WeekResult, session: SessionPlan) -> list[str]:
    when = _date(session.date) if session.date else "not scheduled"
    title = f": {session.title}" if session.title else ""
    units = context.program.units
    out = [
        f"<h4>Session {escape(session.name)}{escape(title)} <span class='note'>"
        f"{escape(when)}</span></h4>",
        "<table><thead><tr><th>exercise</th><th>sets</th><th>load</th><th>effort</th>"
        "<th>tempo</th><th>rest</th></tr></thead><tbody>",
    ]
    part = None
    for item in session.items:
        slot = item.slot
        if slot.phase != part:
            part = slot.phase
            out.append(f"<tr><td class='part' colspan='6'>{escape(part)}</td></tr>")
        name = f"<code>{escape(item.exercise)}</code>"
        if slot.grouping is not None:
            name += f" <span class='note'>({escape(group_header(slot.grouping))})</span>"
        why = [f"cue: {slot.cue}"] if slot.cue else []
        why += [change.text() for change in item.changes]
        why += [f"note: {note}" for note in item.notes]
        if why:
            name += "<ul class='why'>" + "".join(f"<li>{escape(w)}</li>" for w in why) + "</ul>"
        if item.omitted is not None:
            sets = f"skipped: {item.omitted}"
        else:
            sets = f"{item.sets} x {amount_text(item)}" + (" per side" if item.per_side else "")
        cells = (
            escape(sets),
            escape(load_text(item, units) or "-"),
            escape(fmt_effort(item.effort)),
            escape(fmt_tempo(item.tempo)),
            escape(rest_text(item) or "-"),
        )
        out.append(f"<tr><td>{name}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def plan_html(context: ExportContext) -> list[str]:
    out = ["<section id='plan'>", "<h2>The plan</h2>"]
    total = f" of {context.program.weeks}" if context.program.weeks else ""
    for week in context.weeks:
        heading = f"Week {week.week}{total}: {week.plan.phase}, {_date(week.start)} to " + _date(
            week.end
        )
        if week.deload:
            heading += f" (deload: {week.deload})"
        out.append(f"<h3>{escape(heading)}</h3>")
        for note in ([week.plan.note] if week.plan.note else []) + list(week.notes):
            out.append(f"<p class='note'>{escape(note)}</p>")
        for session in week.sessions:
            out += session_html(context, week, session)
        if week.warnings:
            out.append("<ul class='warnings'>")
            out += [f"<li>{escape(w.code)} {escape(w.message)}</li>" for w in week.warnings]
            out.append("</ul>")
    out.append("</section>")
    return out


def sections(context: ExportContext) -> list[Section]:
    """The page's sections after the plan: each line's charts, then the report
    command's figures; without a report, adherence and wellness from the weeks."""
    lines = exercise_figures(context)
    exercises = Section(
        "exercises",
        "Load, reps and volume",
        "Each main and accessory line, week by week: the plan (dashed) beside what "
        "the log holds; the dotted line is the last logged week. Volume is reps times "
        "load over the sets (reps alone for an unloaded line; both sides for a line "
        "per side).",
        groups=tuple((f"{line.key}", line.figures) for line in lines),
    )
    report = context.report
    if report is not None:
        return [exercises, *report_sections(report, context)]
    return [
        exercises,
        Section("adherence", "Adherence", figures=(adherence(context),)),
        Section("wellness", "Wellness", figures=(wellness(context),)),
    ]


def _figure_html(figure: Figure, first: int, last: int, last_logged: int) -> str:
    from stridelift.plugins.exporters.charts import draw

    if figure.empty:
        why = figure.missing or "nothing logged or planned to draw yet."
        return (
            f"<p class='note missing' id='{escape(figure.id)}'>{escape(figure.title)}: "
            f"{escape(why)}</p>"
        )
    svg = draw(figure, first, last, last_logged)
    caption = f"<figcaption>{escape(figure.caption)}</figcaption>" if figure.caption else ""
    return (
        f"<figure class='chart' id='{escape(figure.id)}'>{svg}{caption}"
        f"{values_html(figure)}</figure>"
    )


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def values_html(figure: Figure) -> str:
    """The chart's values as a table, folded away: a week per row, a series per column
    (the trend line's two ends included)."""
    weeks = sorted({week for series in figure.series for week in series.values})
    head = "".join(f"<th>{escape(series.label)}</th>" for series in figure.series)
    rows = "".join(
        f"<tr><td>{week}</td>"
        + "".join(
            f"<td>{_number(series.values[week]) if week in series.values else '-'}</td>"
            for series in figure.series
        )
        + "</tr>"
        for week in weeks
    )
    unit = f" ({escape(figure.unit)})" if figure.unit else ""
    return (
        f"<details class='values'><summary>values{unit}</summary><table><thead><tr>"
        f"<th>week</th>{head}</tr></thead><tbody>{rows}</tbody></table></details>"
    )


def section_html(section: Section, first: int, last: int, last_logged: int) -> list[str]:
    out = [f"<section id='{escape(section.id)}'>", f"<h2>{escape(section.title)}</h2>"]
    if section.text:
        out.append(f"<p class='note'>{escape(section.text)}</p>")
    if section.figures:
        out.append("<div class='charts'>")
        out += [_figure_html(f, first, last, last_logged) for f in section.figures]
        out.append("</div>")
    for title, figures in section.groups:
        out.append(f"<h3><code>{escape(title)}</code></h3>")
        out.append("<div class='charts'>")
        out += [_figure_html(f, first, last, last_logged) for f in figures]
        out.append("</div>")
    for table in section.tables:
        if table.caption:
            out.append(f"<p class='note'>{escape(table.caption)}</p>")
        out.append("<table><thead><tr>")
        out += [f"<th>{escape(h)}</th>" for h in table.header]
        out.append("</tr></thead><tbody>")
        for row in table.rows:
            out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def render(context: ExportContext, extra: Sequence[Section] = ()) -> str:
    program = context.program
    history = context.history
    first, last = (history[0].week, history[-1].week) if history else (1, 1)
    shown = [*sections(context), *extra]
    weeks = [w.week for w in context.weeks]
    asked = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}-{weeks[-1]}"
    meta = [f"program {program.path}", asked]
    if context.athlete:
        meta.insert(0, f"athlete {context.athlete}")
    meta.append(f"logged to week {context.last_logged}" if context.last_logged else "no log")
    out = [
        "<!DOCTYPE html>",
        "<html lang='en'>",
        "<head>",
        "<meta charset='utf-8'>",
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<meta name='generator' content='stridelift {escape(context.version)}'>",
        f"<title>{escape(program.title)}: {escape(asked)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(program.title)}</h1>",
        f"<p class='meta'>{escape(', '.join(meta))}</p>",
        "<nav><ul><li><a href='#plan'>The plan</a></li>"
        + "".join(f"<li><a href='#{escape(s.id)}'>{escape(s.title)}</a></li>" for s in shown)
        + "</ul></nav>",
        "</header>",
        "<main>",
        *plan_html(context),
    ]
    for section in shown:
        out += section_html(section, first, last, context.last_logged)
    out += [
        "</main>",
        f"<footer><p class='note'>Made by stridelift {escape(context.version)}.</p></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def export(context: ExportContext) -> list[ExportFile]:
    return [ExportFile(f"{context.stem}.html", render(context).encode("utf-8"))]
