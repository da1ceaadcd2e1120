"""A slot's progression state for one athlete, and where it starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


class State:
    """A slot's progression state for one athlete (mutated by the fold)."""

    __slots__ = (
        "band",
        "e1rm",
        "e1rm_from",
        "effort",
        "estimates",
        "intensity",
        "load",
        "loads",
        "percent",
        "reps",
        "rest",
        "sets",
        "streaks",
        "target",
        "tempo",
        "variant",
        "version",
        "volume",
    )

    sets: int
    reps: float | None
    load: float | None
    band: str | None
    percent: float | None
    tempo: tuple[str, ...] | None
    rest: float | None
    effort: tuple[str, float] | None
    variant: str
    streaks: list[list[int]]
    e1rm: float | None
    #: Where the 1RM came from, for the plan ("the 5 rep max on ...").
    e1rm_from: str | None
    #: The last weeks' 1RM estimates (None: no eligible set), oldest first.
    estimates: tuple[float | None, ...]
    #: The style's intensity and volume factors the slot has taken on (a rise waits
    #: for readiness; see :mod:`.readiness`).
    intensity: float
    volume: float
    #: The style's rep target the slot has taken on (None: the line's reps).
    target: int | None
    #: Bumped by every lasting change, so an unchanged slot's prescription is reused.
    version: int
    #: The loads owned for the current variant (a ladder can change the equipment).
    loads: tuple[float, ...]

    def copy(self) -> State:
        other = State.__new__(State)
        for name in State.__slots__:
            setattr(other, name, getattr(self, name))
        other.streaks = [list(s) for s in self.streaks]
        return other
