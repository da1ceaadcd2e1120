"""A slot: one exercise line of the program, as the engine tracks it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stridelift.core.engine.codegen import (
    quantity_value,
)
from stridelift.core.hooks.records import Exercise
from stridelift.core.language import ast

if TYPE_CHECKING:
    pass
from stridelift.core.engine.clauses import WEEK_METRICS, UnitCode
from stridelift.core.engine.metrics import is_assessment
from stridelift.core.engine.state import State

LIFTING_PHASES = frozenset({"main", "accessory"})


@dataclass(frozen=True, slots=True)
class SlotGroup:
    """The superset or circuit a slot is done in, as the program writes it.

    ``id`` is stable while the session's groups keep their order:
    ``SESSION/KIND#N``, N counting that session's groups of the kind from 1.
    ``position`` counts the slot among the group's members from 1."""

    id: str
    kind: str
    rounds: int | None
    rest: ast.Quantity | None
    position: int
    size: int


class SlotSpec:
    """One exercise line of the program, as the engine tracks it."""

    __slots__ = (
        "busy",
        "cue",
        "exercise",
        "explosive",
        "group",
        "grouping",
        "index",
        "key",
        "levels",
        "line",
        "loads",
        "measure",
        "name",
        "pattern",
        "per_side",
        "percent",
        "phase",
        "progression",
        "range",
        "reads",
        "rounds",
        "rules",
        "rules_read",
        "session",
        "snapshots",
        "step_source",
        "styled",
        "units",
        "week_rules_only",
        "wellness_only",
        "wellness_rules",
    )

    def __init__(self, **values: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    index: int
    key: str
    session: str
    phase: str
    group: str | None
    #: The superset or circuit, with its id, rounds and rest (``group`` is its kind).
    grouping: SlotGroup | None
    line: ast.ExerciseLine
    exercise: Exercise | None
    name: str
    pattern: str | None
    measure: str
    per_side: bool
    loads: tuple[float, ...]
    levels: tuple[str, ...]
    progression: UnitCode | None
    rules: tuple[UnitCode, ...]
    range: tuple[float, float] | None
    rounds: int | None
    cue: str | None
    units: tuple[UnitCode, ...]
    #: A swing or a jump: never slowed or paused when load cannot rise.
    explosive: bool
    #: A lifting slot of a program whose style raises intensity or volume in some
    #: week: the rise waits for readiness, so the slot is followed every week.
    styled: bool
    snapshots: bool
    wellness_only: bool
    week_rules_only: bool
    #: Whether a rule of the slot reads fatigue or soreness (then the coach decides
    #: what a tired day does, not the fold).
    wellness_rules: bool
    percent: bool
    rules_read: bool
    busy: bool
    reads: frozenset[str]
    #: The source of the slot's weekly step, generated when the program is compiled
    #: (a dynamic slot's; :mod:`.slotstep`).
    step_source: str | None

    def finish(self) -> SlotSpec:
        """Precompute what the fold asks of the slot every week."""
        self.units = ((self.progression,) if self.progression else ()) + self.rules
        self.explosive = self.exercise is not None and self.exercise.explosive
        self.percent = self.initial_percent is not None
        self.snapshots = any(rule.holds for rule in self.rules)
        #: The per-exercise metrics the slot's progression and rules read, and whether
        #: a rule reads any (after a lighter week, when the progression and the
        #: streaks rest, only such a rule needs them).
        self.reads = frozenset(
            n
            for n in frozenset().union(*(unit.reads for unit in self.units)) - WEEK_METRICS
            if not is_assessment(n)
        )
        self.rules_read = any(
            not is_assessment(n) for rule in self.rules for n in rule.reads - WEEK_METRICS
        )
        #: Whether anything but the progression can change the slot in a week.
        self.styled = bool(self.styled)
        self.busy = bool(self.rules) or self.percent
        #: Whether only rules that read the week's wellness change the slot, with the
        #: style: a week whose style moves nothing and whose rules do not fire leaves
        #: it as it was (the fold skips it then).
        self.week_rules_only = (
            self.progression is None
            and self.initial_percent is None
            and all(rule.week_level for rule in self.rules)
        )
        #: ... and no style either: its logged sets are never read.
        self.wellness_only = self.week_rules_only and not self.styled
        self.wellness_rules = any({"fatigue", "soreness"} & rule.reads for rule in self.rules)
        return self

    @property
    def dynamic(self) -> bool:
        return (
            self.progression is not None
            or bool(self.rules)
            or self.initial_percent is not None
            or bool(self.styled)
        )

    @property
    def initial_percent(self) -> float | None:
        load = self.line.load
        return load.percent if isinstance(load, ast.PercentLoad) else None


def initial_state(slot: SlotSpec, units: str) -> State:
    line = slot.line
    prescription = line.prescription
    assert prescription is not None
    st = State.__new__(State)
    amount = prescription.amount
    st.sets = prescription.sets or slot.rounds or 1
    if isinstance(amount, ast.Reps):
        st.reps = float(amount.count)
    elif isinstance(amount, ast.RepRange):
        st.reps = float(amount.low)
    elif isinstance(amount, ast.Measured):
        st.reps = quantity_value(amount.quantity)
    else:
        st.reps = None
    load = line.load
    st.load = load.quantity.value if isinstance(load, ast.WeightLoad) else None
    st.band = load.level if isinstance(load, ast.BandLoad) else None
    st.percent = load.percent if isinstance(load, ast.PercentLoad) else None
    st.tempo = line.tempo.parts if line.tempo else None
    st.rest = quantity_value(line.rest) if line.rest else None
    st.effort = (line.effort.kind, line.effort.value) if line.effort else None
    st.variant = slot.name
    st.loads = slot.loads
    st.e1rm = None
    st.e1rm_from = None
    st.estimates = ()
    st.intensity = 1.0
    st.volume = 1.0
    st.target = None
    st.streaks = [[0] * len(u.streaks) for u in slot.units]
    st.version = 0
    return st
