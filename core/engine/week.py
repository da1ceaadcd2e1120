"""One week of the fold: the plan shown, its warnings, and what the log says was done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.engine.explain import (
    Change,
    PlanWarning,
)
from stridelift.core.engine.metrics import Done
from stridelift.core.hooks.records import WeekPlan
from stridelift.core.source import Span

if TYPE_CHECKING:
    from stridelift.core.logs import Log
from stridelift.core.engine.compiled import CompiledProgram
from stridelift.core.engine.plan import Prescribed, SessionPlan


class WeekResult:
    """One week of the fold: the plan shown for the week, and what the log says was
    done in it."""

    __slots__ = (
        "_done",
        "_sessions",
        "deload",
        "holds",
        "logged_sessions",
        "notes",
        "plan",
        "prescriptions",
        "program",
        "start",
        "warnings",
        "week",
    )

    def __init__(
        self,
        program: CompiledProgram,
        week: int,
        start: dt.date,
        plan: WeekPlan,
        deload: str | None,
        prescriptions: tuple[Prescribed, ...],
        warnings: list[PlanWarning],
        notes: list[str],
        holds: dict[int, list[Change]],
    ) -> None:
        self.program = program
        self.week = week
        self.start = start
        self.plan = plan
        #: Why the week is a deload, if it is.
        self.deload = deload
        self.prescriptions = prescriptions
        self.warnings = warnings
        self.notes = notes
        #: Why a slot did not progress, by slot index (``plan --explain-holds``).
        self.holds = holds
        #: What the log says was done: a dict, or how to work it out on first use.
        self._done: dict[int, Done] | Callable[[], dict[int, Done]] = {}
        self.logged_sessions = 0
        self._sessions: tuple[SessionPlan, ...] | None = None

    @property
    def done(self) -> dict[int, Done]:
        """What the log says was done in the week, by slot index (read on first use:
        only ``history`` asks)."""
        if callable(self._done):
            self._done = self._done()
        return self._done

    def findings(self) -> list[Diagnostic]:
        """The week's warnings as findings, each at the definition of its session."""
        found = []
        for warning in self.warnings:
            session = self.program.sessions.get(warning.session or "")
            span = None
            if session is not None and session.span.line:
                # Under the session's name: the whole session is too long to underline.
                span = Span.point(session.span.line, session.span.column, len(session.name))
            found.append(warning.to_diagnostic(self.program.path, span))
        return found

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def sessions(self) -> tuple[SessionPlan, ...]:
        """The week's sessions in date order, each with its date and prescriptions
        (built on first use: a roster evaluation rarely asks)."""
        if self._sessions is None:
            self._sessions = self.program.sessions_of(self.start, self.prescriptions)
        return self._sessions


def week_of(start: dt.date, date: dt.date) -> int:
    return (date - start).days // 7 + 1


def default_start(log: Log | None) -> dt.date | None:
    """The athlete record's start, else the Monday on or before the first record."""
    if log is None:
        return None
    if log.athlete is not None and log.athlete.start is not None:
        return log.athlete.start
    first = log.first_date
    if first is None:
        return None
    return first - dt.timedelta(days=first.weekday())
