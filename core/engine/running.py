"""The running week a plan is laid around: the athlete record's planned runs, else
the program's ``running`` line, dated in a program week.

The athlete record wins because it is the runner's own week (a program is shared by
many runners; one of them runs long on Saturday, another on Sunday). The run-placement
warnings (P301, P302) and the plan's week line read it; docs/engine.md#the-running-week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from stridelift.core.engine.compiled import CompiledProgram
    from stridelift.core.logs.records import Athlete, PlannedRun

#: Where the planned week comes from: the log's athlete record or the program.
Source: TypeAlias = Literal["athlete", "program"]

#: The kinds of run that heavy legs should keep clear of (domain brief, Scheduling).
HARD_KINDS = frozenset({"quality", "long", "race"})

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class DatedRun:
    """A planned run on its day of one program week."""

    date: dt.date
    run: PlannedRun
    source: Source

    @property
    def day(self) -> str:
        return self.run.day

    @property
    def kind(self) -> str:
        return self.run.kind

    def text(self) -> str:
        """``quality 45min``: the kind and, when planned, the length."""
        amount = self.run.amount_text()
        return f"{self.run.kind} {amount}" if amount else self.run.kind


def planned_week(
    program: CompiledProgram, athlete: Athlete | None
) -> tuple[Sequence[PlannedRun], Source | None]:
    """The planned runs and where they come from: the athlete record's ``runs`` when it
    has them (even an empty list: a week without runs), else the program's."""
    if athlete is not None and athlete.runs is not None:
        return athlete.runs, "athlete"
    if program.running:
        return program.running, "program"
    return (), None


def week_runs(
    program: CompiledProgram, athlete: Athlete | None, week_start: dt.date
) -> list[DatedRun]:
    """The planned runs of the week starting ``week_start``, in date order."""
    runs, source = planned_week(program, athlete)
    if source is None:
        return []
    weekday = week_start.weekday()
    found = [
        DatedRun(week_start + dt.timedelta(days=(_DAYS.index(run.day) - weekday) % 7), run, source)
        for run in runs
        if run.day in _DAYS
    ]
    found.sort(key=lambda run: run.date)
    return found


def source_words(source: Source) -> str:
    """How a message names where a planned run comes from."""
    return "as the athlete record plans" if source == "athlete" else "as the program plans"
