"""What an exporter gets: the planned weeks, the weeks before them, the log, its options.

``stridelift export`` (core/cli/export.py) builds one :class:`ExportContext` and
hands it to the exporter the command line named (an
:class:`~stridelift.core.hooks.records.Exporter` a plugin registered). The
context is plain data from the engine: each week a
:class:`~stridelift.core.engine.WeekResult`, as ``plan`` and ``history`` show
them, so an exporter renders what a coach already reads on the terminal.

The helpers here are the ones several formats share: the sets of a week
(:func:`prescribed_sets`, one per set a line prescribes), the plan as the JSON
``plan --output-format json`` prints (:func:`plan_document`), and the stable
names of files and events (:func:`session_key`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stridelift.core.engine import CompiledProgram, Prescribed, SessionPlan, WeekResult
from stridelift.core.hooks.records import ExportValue

if TYPE_CHECKING:
    from stridelift.core.engine.logweeks import LogIndex
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.logs import Log, SetRecord
    from stridelift.core.report.model import Report

#: 1: the first export document (``weeks``: the plan JSON's week objects).
EXPORT_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ExportContext:
    """Everything an exporter may read; exporters must not write anywhere (they return
    their files, which the command writes atomically).

    ``weeks`` are the weeks asked for (``--weeks``), each planned as ``plan`` shows
    it; ``history`` is every week from week 1 to the last of them or of the log,
    whichever is later (the logged weeks beside the planned ones, for a report's
    charts); ``last_logged`` the last week the log reaches (0: none). ``meta`` is
    what ``plan --output-format json`` says about the athlete and the log
    (``athlete``, ``start``, ``log``, ``race``). ``options`` holds every option of
    the exporter, defaults filled in.

    :attr:`report` is the ``report`` command's model of the logged weeks, built on
    its first read (``report_builder``), so a format that never reads it (ics, csv,
    markdown) never pays for it.
    """

    program: CompiledProgram
    weeks: tuple[WeekResult, ...]
    history: tuple[WeekResult, ...]
    last_logged: int
    meta: Mapping[str, Any]
    version: str
    stem: str
    options: Mapping[str, ExportValue | None] = field(default_factory=dict)
    log: Log | None = None
    index: LogIndex | None = None
    plugins: Plugins | None = None
    #: Builds :attr:`report` (None: the export has no report, such as without a log).
    report_builder: Callable[[], Report | None] | None = field(
        default=None, repr=False, compare=False
    )
    _built: dict[str, Report | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def report(self) -> Report | None:
        """The ``report`` command's model (``stridelift.core.report.model.Report``) of
        every logged week, as ``stridelift report`` computes it; None without a logged
        week. Built on the first read, then kept."""
        if "report" not in self._built:
            builder = self.report_builder
            self._built["report"] = builder() if builder is not None else None
        return self._built["report"]

    @property
    def athlete(self) -> str | None:
        name = self.meta.get("athlete")
        return name if isinstance(name, str) else None

    def logged(self, week: WeekResult) -> dict[int, list[SetRecord]]:
        """The working sets the log holds for each slot of ``week`` (by slot index), as
        ``history`` files them."""
        from stridelift.core.output.plan import week_sets

        return week_sets(self.program, week, self.index)


def slug(text: str) -> str:
    """``Squat and swing`` -> ``squat-and-swing``: for file names and UIDs."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words or "x"


def session_key(stem: str, week: WeekResult, session: SessionPlan) -> str:
    """A session's name in file names and calendar UIDs: the program's file stem, the
    week and the session, which stay the same when the plan's contents change (so a
    calendar updates an event instead of adding one)."""
    return f"{slug(stem)}-w{week.week:02d}-{slug(session.name)}"


def dated_sessions(weeks: Sequence[WeekResult]) -> Iterator[tuple[WeekResult, SessionPlan]]:
    """Every scheduled session of the weeks, in date order, with its week."""
    for week in weeks:
        for session in week.sessions:
            if session.date is not None:
                yield week, session


@dataclass(frozen=True, slots=True)
class PrescribedSet:
    """One set a line prescribes: the line (``item``) and the set's number."""

    week: WeekResult
    session: SessionPlan
    item: Prescribed
    number: int


def prescribed_sets(weeks: Sequence[WeekResult]) -> Iterator[PrescribedSet]:
    """One row per set each session prescribes, in the plan's order (a line left out
    this week has none)."""
    for week, session in dated_sessions(weeks):
        for item in session.items:
            if item.omitted is not None:
                continue
            for number in range(1, item.sets + 1):
                yield PrescribedSet(week, session, item, number)


def plan_document(context: ExportContext) -> dict[str, Any]:
    """The export as JSON (``schemas/export.schema.json``): the program, the athlete,
    and each week as ``plan --output-format json`` prints it."""
    from stridelift.core.output.plan import week_json

    program = context.program
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "stridelift_version": context.version,
        "program": {
            "title": program.title,
            "path": program.path,
            "units": program.units,
            "weeks": program.weeks,
            "periodization": program.style_label,
        },
        **context.meta,
        "weeks": [week_json(program, week) for week in context.weeks],
    }


def midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def stamp(context: ExportContext) -> dt.datetime:
    """The one time an export states as "made at" (an event's DTSTAMP, a FIT file's
    creation time): midnight UTC after the log's last record, else the program's first
    day. The same inputs give the same time, and a longer log a later one."""
    log = context.log
    last = log.last_date if log is not None else None
    if last is not None:
        return midnight_utc(last + dt.timedelta(days=1))
    return midnight_utc(dt.date.fromisoformat(str(context.meta["start"])))
