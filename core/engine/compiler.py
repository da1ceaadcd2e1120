"""The compiler: a :class:`~stridelift.core.check.CheckedProgram` in, a
:class:`~.compiled.CompiledProgram` out."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence

from stridelift.core.check import BoundCall, CheckedProgram
from stridelift.core.check.lints import ActiveRule, resolve_lints
from stridelift.core.engine.clauses import ClauseCode, UnitCode
from stridelift.core.engine.codegen import (
    arg_value,
    compile_expr,
    metric_names,
)
from stridelift.core.engine.compiled import CompiledProgram, EngineError
from stridelift.core.engine.slots import LIFTING_PHASES, SlotGroup, SlotSpec
from stridelift.core.hooks.records import Exercise, WeekPlan
from stridelift.core.language import ast
from stridelift.core.language.unparse import format_call, format_expr
from stridelift.core.training.policy import LintSetting, Policy
from stridelift.core.units import DISTANCE, MASS, TIME, convert

#: The parameters that name a progression's effort target; left out, they take the
#: line's own (docs/engine.md#effort).
EFFORT_PARAMS = frozenset({"effort", "target"})


def progression_params(bound: BoundCall, units: str) -> dict[str, object]:
    """A progression call's values, bound by the checker, as the generated code's
    constants; a range binds both its names."""
    specs = {spec.name: spec for spec in bound.params}
    values: dict[str, object] = {}
    for name, given in bound.args:
        if name in bound.defaulted and isinstance(given, ast.Quantity) and given.unit in MASS:
            # A built-in's default is written in its own units, not the program's.
            given = ast.Quantity(convert(given.value, given.unit, units), units)
        value = arg_value(given)
        names = specs[name].range_names
        if names is not None:
            if isinstance(value, tuple):
                values[names[0]], values[names[1]] = value
        else:
            values[name] = value
    return values


def _clauses(clauses: Sequence[ast.Clause], params: Mapping[str, object]) -> tuple[ClauseCode, ...]:
    compiled = []
    for index, clause in enumerate(clauses, 1):
        condition = clause.condition
        text = "otherwise" if condition is None else format_expr(condition, 0)
        names = metric_names(clause.condition, params)
        given = tuple(
            (name, params[name]) for name in metric_names(clause.condition, params, parameters=True)
        )
        actions = tuple(
            (
                action,
                compile_expr(action.value, params, [])
                if isinstance(action, ast.SetAction) and not isinstance(action.value, ast.Tempo)
                else None,
            )
            for action in clause.actions
        )
        compiled.append(ClauseCode(index, condition, text, names, actions, given))
    return tuple(compiled)


def _in_scope(rule: ast.Rule, session: str, phase: str, name: str, pattern: str | None) -> bool:
    if not rule.scope:
        return True
    for item in rule.scope:
        if (
            (item.kind == "phase" and item.name == phase)
            or (item.kind == "exercise" and item.name == name)
            or (item.kind == "pattern" and item.name == pattern)
            or (item.kind == "session" and item.name == session)
        ):
            return True
    return False


def _plan_rules(
    checked: CheckedProgram, lints: Mapping[str, LintSetting] | None
) -> tuple[ActiveRule, ...]:
    """The ``plan`` lint rules, as ``lints`` (else the settings the program was checked
    with) configure them; a setting that names no rule or parameter is refused."""
    if checked.plugins is None:
        return ()
    active, problems = resolve_lints(
        checked.plugins, checked.lint_settings if lints is None else lints
    )
    if problems:
        raise EngineError(problems[0], "`stridelift plugins --all` lists the lint rules")
    return tuple(rule for rule in active if rule.rule.kind == "plan")


def compile_program(
    checked: CheckedProgram,
    policy: Policy | None = None,
    *,
    lints: Mapping[str, LintSetting] | None = None,
    final: Mapping[str, object] | None = None,
) -> CompiledProgram:
    """Compile a program that checked clean: everything the checker resolved (the
    exercises, the equipment, the bound calls) is taken from ``checked`` as it is.
    ``lints`` configures the plan lint rules (default: as the program was checked);
    the program's own ``policy`` block wins over both ``policy`` and ``lints``, and
    ``final`` (the command line's settings) over everything."""
    # The program's own settings win over the project's; the command line's (``final``)
    # over both.
    policy = (policy or Policy()).replace(**checked.policy).replace(**(final or {}))
    lint_rules = _plan_rules(checked, lints)
    program = checked.program
    units = checked.units
    weeks = checked.weeks
    sessions = checked.sessions
    rules = checked.rules
    available = dict(checked.available)
    style_label, style_week = _style(checked)
    # A style that ever raises intensity or volume makes its lifting slots wait for
    # readiness before each rise (core/engine/readiness.py).
    plans = [style_week(n) for n in range(1, (weeks or 52) + 1)]
    rises = any(
        b.intensity > a.intensity + 1e-9
        or (b.volume > a.volume + 1e-9 and not a.taper)
        or (a.reps is not None and b.reps is not None and b.reps > a.reps)
        for a, b in itertools.pairwise(plans)
    )
    schedule = checked.schedule

    cache: dict[tuple[str, str], UnitCode] = {}

    def progression_for(call: ast.Call, line: ast.ExerciseLine) -> UnitCode | None:
        bound = checked.calls.get(call)
        definition = bound.definition if bound is not None else None
        if bound is None or definition is None:
            raise EngineError(f"progression `{call.name}` did not check", "run `stridelift check`")
        params = progression_params(bound, units)
        if line.effort is not None:
            # An effort the call leaves out is the line's own target (`rir 3` is RPE 7):
            # hitting the prescription is not "easy".
            rpe = line.effort.value if line.effort.kind == "rpe" else 10 - line.effort.value
            for name in EFFORT_PARAMS & set(bound.defaulted):
                if isinstance(params.get(name), int | float):
                    params[name] = float(rpe)
        key = (call.name, repr(sorted(params.items())))
        code = cache.get(key)
        if code is None:
            clauses = _clauses(definition.clauses, params)
            code = cache[key] = UnitCode("progression", format_call(call), clauses, params)
        return code

    rule_codes = []
    for rule in rules:
        clauses = _clauses(rule.clauses, {})
        rule_codes.append((rule, UnitCode("rule", f'rule "{rule.title}"', clauses, {})))

    slots: list[SlotSpec] = []
    for session in sessions.values():
        seen: dict[str, int] = {}
        groupings = _groupings(session)
        for phase, line in session.exercises():
            if line.prescription is None:
                continue
            exercise = checked.exercise(line.name)
            name = exercise.name if exercise else line.name
            seen[name] = seen.get(name, 0) + 1
            key = f"{session.name}/{name}" + (f"#{seen[name]}" if seen[name] > 1 else "")
            owner = next(
                (
                    g
                    for g in phase.entries
                    if isinstance(g, ast.Group) and any(line is e for e in g.exercises)
                ),
                None,
            )
            group = owner.kind if owner else None
            rounds = owner.rounds if owner else None
            loads: set[float] = set()
            levels: tuple[str, ...] = ()
            for kind in exercise.equipment if exercise else ():
                has = available.get(kind)
                if has is not None:
                    loads.update(has.loads)
                    levels = levels or has.levels
            if "bands" in available and isinstance(line.load, ast.BandLoad):
                levels = available["bands"].levels
            pattern = exercise.pattern if exercise else None
            progression = progression_for(line.progress, line) if line.progress else None
            amount = line.prescription.amount
            range_: tuple[float, float] | None = None
            if progression is not None:
                for param in _range_params(checked, line):
                    low, high = progression.params.get(param[0]), progression.params.get(param[1])
                    if isinstance(low, float | int) and isinstance(high, float | int):
                        range_ = (float(low), float(high))
            if range_ is None and isinstance(amount, ast.RepRange):
                range_ = (float(amount.low), float(amount.high))
            slots.append(
                SlotSpec(
                    index=len(slots),
                    key=key,
                    session=session.name,
                    phase=phase.kind,
                    group=group,
                    line=line,
                    exercise=exercise,
                    name=name,
                    pattern=pattern,
                    measure=_measure(amount, exercise),
                    per_side=line.prescription.per_side,
                    loads=tuple(sorted(loads)),
                    levels=levels,
                    progression=progression,
                    rules=tuple(
                        code
                        for rule, code in rule_codes
                        if _in_scope(rule, session.name, phase.kind, name, pattern)
                        and _changes_anything(rule)
                    ),
                    range=range_,
                    rounds=rounds,
                    grouping=groupings.get(id(line)),
                    cue=line.cue,
                    styled=rises and phase.kind in LIFTING_PHASES,
                ).finish()
            )
    return CompiledProgram(
        title=program.title,
        path=checked.path,
        units=units,
        weeks=weeks,
        style_label=style_label,
        style_week=style_week,
        deload_every=checked.deload_every,
        deload_weeks=checked.deload_weeks,
        schedule=schedule,
        sessions=sessions,
        slots=tuple(slots),
        exercise=checked.exercise,
        policy=policy,
        equipment=frozenset(available),
        available=available,
        policy_overrides=checked.policy,
        lints=checked.lints,
        race=checked.race,
        running=checked.running,
        assessment=checked.assessment,
        lint_rules=lint_rules,
        plans=plans,
    )


def _measure(amount: object, exercise: Exercise | None) -> str:
    """How a line is measured: as the line states it (``3 x 45s`` is seconds, even for
    a carry the catalog measures in metres), else as the catalog says."""
    if isinstance(amount, ast.Measured):
        unit = amount.quantity.unit
        if unit in TIME:
            return "seconds"
        if unit in DISTANCE:
            return "distance"
    return exercise.measure if exercise else "reps"


def _groupings(session: ast.Session) -> dict[int, SlotGroup]:
    """Each grouped line of a session (by ``id``) with its group's id, rounds and rest."""
    found: dict[int, SlotGroup] = {}
    counts: dict[str, int] = {}
    for phase in session.phases:
        for entry in phase.entries:
            if not isinstance(entry, ast.Group):
                continue
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
            ident = f"{session.name}/{entry.kind}#{counts[entry.kind]}"
            size = len(entry.exercises)
            for position, line in enumerate(entry.exercises, 1):
                found[id(line)] = SlotGroup(
                    ident, entry.kind, entry.rounds, entry.rest, position, size
                )
    return found


def _changes_anything(rule: ast.Rule) -> bool:
    """A rule whose every clause only holds (``otherwise: hold``) cannot change a slot."""
    return any(
        not (isinstance(a, ast.SimpleAction) and a.kind == "hold")
        for clause in rule.clauses
        for a in clause.actions
    )


def _range_params(checked: CheckedProgram, line: ast.ExerciseLine) -> Iterator[tuple[str, str]]:
    bound = checked.calls.get(line.progress) if line.progress is not None else None
    for spec in bound.params if bound is not None else ():
        if spec.range_names is not None:
            yield spec.range_names


def _style(checked: CheckedProgram) -> tuple[str, Callable[[int], WeekPlan]]:
    """The periodization's label and its week function, with the values it was checked with.

    ``bound.style`` is the checker's guarded copy (``check.calls.guarded_style``): every
    WeekPlan the engine gets is in range, and a ``week()`` that fails is a
    :class:`~stridelift.core.hooks.guard.PluginFault` at the ``periodization`` line."""
    bound = checked.style
    if bound is None:
        if checked.program.first(ast.Periodization) is not None:
            raise EngineError("the periodization did not check", "run `stridelift check`")
        return "no periodization", lambda n: WeekPlan(n, "training")
    style, values, total = bound.style, dict(bound.values), checked.weeks or 52
    return format_call(bound.bound.call), lambda n: style.week(n, values, total)
