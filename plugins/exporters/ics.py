"""The ``ics`` export: an iCalendar file with one event per scheduled session.

Written with the ``icalendar`` library. Each event is all-day on the session's
date, or, with ``--option time=HH:MM``, starts then in ``--option zone`` (an
IANA zone, UTC by default; the calendar carries the zone's VTIMEZONE) and lasts
``--option duration`` minutes (default: the program's estimate of the session).
The summary names the session and the week; the description holds the
prescription, line by line, as ``plan`` prints it.

An event's UID is made of the program's file name, the athlete, the week and the
session, never of what the session holds: importing an edited plan again
updates each event instead of adding a second one. DTSTAMP is the export's
fixed time (:func:`~stridelift.core.output.exports.stamp`), so the same inputs
give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from zoneinfo import ZoneInfo

import icalendar

from stridelift.core.engine import SessionPlan, WeekResult
from stridelift.core.hooks.records import ExportFile
from stridelift.core.output.exports import ExportContext, dated_sessions, session_key, slug, stamp
from stridelift.core.output.plan import group_header, prescription_text

PRODID = "-//stridelift//stridelift export//EN"
UID_DOMAIN = "stridelift.invalid"


def uid(context: ExportContext, week: WeekResult, session: SessionPlan) -> str:
    """Stable for a program file, an athlete, a week and a session."""
    athlete = slug(context.athlete or "athlete")
    key = f"{session_key(context.stem, week, session)}-{athlete}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return f"{key}-{digest}@{UID_DOMAIN}"


def description(context: ExportContext, week: WeekResult, session: SessionPlan) -> str:
    units = context.program.units
    lines = [f"Week {week.week} ({week.plan.phase}) of {context.program.title}"]
    if week.deload:
        lines.append(f"Deload: {week.deload}")
    part = None
    group = None
    for item in session.items:
        slot = item.slot
        if slot.phase != part:
            part, group = slot.phase, None
            lines += ["", f"{part}:"]
        grouping = slot.grouping
        if grouping is not None and grouping.id != group:
            lines.append(f"  {group_header(grouping)}:")
        group = grouping.id if grouping is not None else None
        indent = "    " if grouping is not None else "  "
        lines.append(f"{indent}{item.exercise} {prescription_text(item, units)}")
        if slot.cue:
            lines.append(f"{indent}  cue: {slot.cue}")
    warnings = [w for w in week.warnings if w.session in (None, session.name)]
    if warnings:
        lines += ["", "warnings:"]
        lines += [f"  {w.code} {w.message}" for w in warnings]
    return "\n".join(lines)


def _estimate(context: ExportContext, name: str) -> int:
    """The session's minutes as the program estimates them (the time budget's
    estimate: warm-up, sets x reps x tempo, rest, cool-down), rounded up to 5."""
    from stridelift.core.training.session_time import session_minutes

    session = context.program.sessions.get(name)
    if session is None:
        return 60
    minutes = session_minutes(session, context.program.exercise)
    return max(5, math.ceil(minutes / 5) * 5)


def export(context: ExportContext) -> list[ExportFile]:
    options = context.options
    start_time = options.get("time")
    zone = ZoneInfo(str(options.get("zone") or "UTC"))
    given = options.get("duration")
    made = stamp(context)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", context.program.title)
    for week, session in dated_sessions(context.weeks):
        assert session.date is not None
        event = icalendar.Event()
        event.add("uid", uid(context, week, session))
        event.add("dtstamp", made)
        title = f": {session.title}" if session.title else ""
        event.add("summary", f"Session {session.name}{title} (week {week.week})")
        if start_time is None:
            event.add("dtstart", session.date)
            event.add("dtend", session.date + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            hour, minute = (int(part) for part in str(start_time).split(":"))
            begins = dt.datetime.combine(session.date, dt.time(hour, minute), tzinfo=zone)
            minutes = int(given) if given else _estimate(context, session.name)
            event.add("dtstart", begins)
            event.add("dtend", begins + dt.timedelta(minutes=minutes))
        event.add("description", description(context, week, session))
        event.add("categories", ["strength"])
        calendar.add_component(event)
    if start_time is not None:
        calendar.add_missing_timezones()
    return [ExportFile(f"{context.stem}.ics", calendar.to_ical())]
