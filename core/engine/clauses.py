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
from stridelift.core.engine.metrics import Metrics, is_assessment
from stridelift.core.engine.readiness import exempt_kinds
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
        "exempt",
        "given",
        "index",
        "inert",
        "names",
        "quiet_steps",
        "run",
        "run_quiet",
        "source",
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
        #: The actions as one generated function ``run(actor, m, before, progressed)``
        #: calling the actor's method for each in turn, and one without the notes
        #: (for a week folded through unexplained); ``source`` is the first's.
        self.run, self.source = compile_actions(self.steps, "run")
        self.run_quiet, _ = compile_actions(self.quiet_steps, "run_quiet")
        #: Whether, in a progression, the clause only explains (``hold``, a note): a
        #: week folded through without explanations can skip it.
        self.inert = all(code in ("hold", "note") for code, _, _ in self.steps)
        self.index = index
        #: The kinds of readiness reason the condition decides on itself (they do not
        #: hold its increases; :mod:`.readiness`).
        self.exempt = exempt_kinds(names)
        self.condition = condition
        self.text = text
        self.names = names
        self.actions = actions


#: Each action's call on the :class:`~.actions.Actor`, by what it does (``v``: its
#: value, computed first; ``OP``, ``CODE``, ``ACTION``: the step's own).
_CALLS = {
    "reps": "actor.reps({op}, v)",
    "load": "actor.load({op}, v)",
    "sets": "actor.sets({op}, v)",
    "rest": "actor.rest({op}, v)",
}

ActionsFn = Callable[..., None]


def compile_actions(
    steps: tuple[tuple[str, ast.Action, Fn | None], ...], name: str
) -> tuple[ActionsFn, str]:
    """A fired clause's actions as one function calling the actor's method for each,
    in order (what :meth:`.actions.Actor.apply` would dispatch to), and its source."""
    namespace: dict[str, object] = {}
    lines: list[str] = []
    for k, (code, action, compiled) in enumerate(steps):
        if compiled is not None:
            assert isinstance(action, ast.SetAction)
            namespace[f"VALUE{k}"] = compiled
            if code == "tempo":  # ``tempo += 1``: a second slower (or faster) lowering
                call = "actor.slow(float(v))" if action.op == "+=" else "actor.slow(-float(v))"
            else:
                call = _CALLS.get(code, "actor.effort({code!r}, {op}, v)")
            lines.append(f"v = VALUE{k}(m)  # {action.target} {action.op} ...")
            lines.append("if v is not None:")
            lines.append("    " + call.format(op=repr(action.op), code=code))
        elif code == "note":
            assert isinstance(action, ast.NoteAction)
            lines.append("if actor.explain:")
            lines.append(
                f"    actor.week_notes.setdefault(actor.slot.index, []).append({action.text!r})"
            )
        elif code == "hold":
            lines.append("actor.hold(before, progressed)")
        elif code == "advance":
            lines.append("actor.variant(+1)")
        elif code == "regress":
            lines.append("actor.variant(-1)")
        elif code == "deload":
            lines.append("actor.adjust.setdefault(actor.slot.index, {})['deload'] = True")
            lines.append("actor.change('', '', '', 'a lighter week for this exercise')")
        elif code == "tempo=":
            assert isinstance(action, ast.SetAction) and isinstance(action.value, ast.Tempo)
            lines.append(f"actor.set_tempo({action.value.parts!r})")
    lines.append("return None")
    source = f"def {name}(actor, m, before, progressed):\n" + "".join(
        f"    {line}\n" for line in lines
    )
    exec(compile(source, f"<stridelift {name}>", "exec"), namespace)
    run: ActionsFn = namespace[name]  # type: ignore[assignment]
    return run, source


def value_reader(names: tuple[str, ...]) -> Callable[[Metrics], tuple[object, ...]]:
    if not names:
        return lambda m: ()
    if any(is_assessment(name) for name in names):
        tests = frozenset(name for name in names if is_assessment(name))

        def read(m: Metrics) -> tuple[object, ...]:
            return tuple(m.tests.get(n) if n in tests else getattr(m, n) for n in names)

        return read
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
        "reads_tests",
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
        self.week_level = not streaks and all(
            all(n in WEEK_METRICS or is_assessment(n) for n in c.names) for c in clauses
        )
        #: Whether a condition reads the assessment (such a rule is applied to week 1 too,
        #: when every condition reads only the assessment and the week).
        self.reads_tests = any(is_assessment(n) for c in clauses for n in c.names)
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
