"""What a week shows: each slot's prescription, and the sessions they make up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stridelift.core.engine.explain import (
    Change,
)

if TYPE_CHECKING:
    pass
from stridelift.core.engine.slots import SlotSpec
from stridelift.core.engine.state import State


class Prescribed:
    """What one slot shows for one week."""

    __slots__ = (
        "band",
        "changes",
        "deload",
        "e1rm",
        "e1rm_from",
        "effort",
        "exercise",
        "load",
        "notes",
        "omitted",
        "per_side",
        "percent",
        "reps",
        "rest",
        "sets",
        "slot",
        "tempo",
    )

    def __init__(
        self,
        slot: SlotSpec,
        state: State,
        changes: tuple[Change, ...] = (),
        notes: tuple[str, ...] = (),
    ) -> None:
        self.slot = slot
        self.exercise = state.variant
        self.sets = state.sets
        self.reps = state.reps
        self.load = state.load
        self.band = state.band
        self.percent = state.percent
        self.e1rm = state.e1rm
        self.e1rm_from = state.e1rm_from
        self.tempo = state.tempo
        self.rest = state.rest
        self.effort = state.effort
        self.deload = False
        self.changes = changes
        self.notes = notes
        #: Whether the prescription is per side: the line's, unless a ladder moved to a
        #: variant that is (or is not) unilateral.
        self.per_side = slot.per_side
        #: Why the line is left out this week (a race in the next days), or None.
        self.omitted: str | None = None

    def omit(self, reason: str) -> Prescribed:
        """A copy of this prescription left out this week, for ``reason``."""
        other = Prescribed.__new__(Prescribed)
        for name in Prescribed.__slots__:
            setattr(other, name, getattr(self, name))
        other.omitted = reason
        return other

    slot: SlotSpec
    exercise: str
    sets: int
    reps: float | None
    load: float | None
    band: str | None
    percent: float | None
    e1rm: float | None
    tempo: tuple[str, ...] | None
    rest: float | None
    effort: tuple[str, float] | None
    deload: bool
    changes: tuple[Change, ...]
    notes: tuple[str, ...]
    per_side: bool
    omitted: str | None


@dataclass(frozen=True, slots=True)
class SessionPlan:
    name: str
    title: str | None
    date: dt.date | None
    day: str | None
    items: tuple[Prescribed, ...]
