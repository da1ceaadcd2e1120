"""A progression or rule compiled: its clauses, first match wins, and what they read."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from stridelift.core.engine.codegen import (
    Fn,
    compile_first,
    compile_ticks,
    metric_names,
)
from stridelift.core.engine.metrics import Metrics
from stridelift.core.language import ast

if TYPE_CHECKING:
    pass


WEEK_METRICS = frozenset({"fatigue", "soreness", "sleep", "stress", "week", "phase"})


class ClauseCode:
    """A clause: its condition (``None``: ``otherwise``), and its actions with their
    values compiled (``None`` for a tempo or an action without a value). The unit
    evaluates the conditions (:attr:`UnitCode.first`)."""

    __slots__ = (
        "actions",
        "condition",
        "given",
        "index",
        "inert",
        "names",
        "quiet_steps",
        "steps",
        "text",
        "values",
    )

    def __init__(
        self,
        index: int,
        condition: ast.Expr | None,
        text: str,
        names: tuple[str, ...],
        actions: tuple[tuple[ast.Action, Fn | None], ...],
        given: tuple[tuple[str, object], ...] = (),
    ) -> None:
        #: The progression's arguments the condition reads, quoted with the metrics.
        self.given = given
        #: The metric values an explanation quotes, read in one call.
        self.values = value_reader(names)
        #: Each action as (what it does, the action, its compiled value).
        self.steps = tuple((step_code(a), a, fn) for a, fn in actions)
        #: The steps that do something when nothing is explained (no notes).
        self.quiet_steps = tuple(step for step in self.steps if step[0] != "note")
        #: Whether, in a progression, the clause only explains (``hold``, a note): a
        #: week folded through without explanations can skip it.
        self.inert = all(code in ("hold", "note") for code, _, _ in self.steps)
        self.index = index
        self.condition = condition
        self.text = text
        self.names = names
        self.actions = actions


def value_reader(names: tuple[str, ...]) -> Callable[[Metrics], tuple[object, ...]]:
    if not names:
        return lambda m: ()
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda m: (get(m),)
    many: Callable[[Metrics], tuple[object, ...]] = operator.attrgetter(*names)
    return many


def step_code(action: ast.Action) -> str:
    if isinstance(action, ast.NoteAction):
        return "note"
    if isinstance(action, ast.SimpleAction):
        return action.kind
    return "tempo=" if isinstance(action.value, ast.Tempo) else action.target


class UnitCode:
    """A progression bound to its arguments, or a rule: clauses, first match wins."""

    __slots__ = (
        "clauses",
        "first",
        "holds",
        "kind",
        "label",
        "owns_reps",
        "params",
        "reads",
        "streaks",
        "tick",
        "week_level",
    )

    def __init__(
        self,
        kind: str,
        label: str,
        clauses: tuple[ClauseCode, ...],
        params: Mapping[str, object],
    ) -> None:
        self.kind = kind
        self.label = label
        self.clauses = clauses
        self.params = params
        streaks: list[tuple[Fn, int]] = []
        #: The first clause whose condition holds for a week's metrics, or ``None``.
        self.first: Callable[[Metrics], ClauseCode | None] = compile_first(
            [(clause.condition, clause) for clause in clauses], params, streaks
        )
        #: The inner conditions of its ``for N weeks``, and how many weeks each needs.
        self.streaks = tuple(streaks)
        #: Moves the unit's ``for N weeks`` counters on by one week.
        self.tick = compile_ticks(self.streaks)
        #: The metrics its conditions and action values read.
        reads = {name for clause in clauses for name in clause.names}
        for clause in clauses:
            for action, _ in clause.actions:
                if isinstance(action, ast.SetAction) and not isinstance(action.value, ast.Tempo):
                    reads.update(metric_names(action.value, params))
        self.reads = frozenset(reads)
        #: Whether every condition reads only the week's wellness, number or phase (no
        #: per-exercise metric, no streak): then it is evaluated once a week, not per slot.
        self.week_level = not streaks and all(set(c.names) <= WEEK_METRICS for c in clauses)
        self.holds = any(
            isinstance(action, ast.SimpleAction) and action.kind == "hold"
            for clause in clauses
            for action, _ in clause.actions
        )
        #: Whether a clause sets reps: then a style's rep target leaves the slot alone.
        self.owns_reps = any(
            isinstance(action, ast.SetAction) and action.target == "reps"
            for clause in clauses
            for action, _ in clause.actions
        )
