"""Calls and argument binding: periodization styles and progressions; calls into the
plugin code a program names (a style's ``validate()`` and ``week()``, an equipment
set's ``resolve()``), each behind its plugin's :class:`~stridelift.core.hooks.guard.Guard`.

:func:`bind` is the language's one argument binder. The checker reports what
does not fit; the :class:`~.checked.BoundCall` it returns is what the compiler
evaluates, so the engine never matches arguments to parameters itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from stridelift.core.check.checked import BoundCall, BoundStyle
from stridelift.core.check.context import MASS, TIME, CheckContext, fmt
from stridelift.core.diagnostics import did_you_mean
from stridelift.core.hooks.guard import Guard, PluginFault
from stridelift.core.hooks.manager import Registry
from stridelift.core.hooks.records import (
    ArgValues,
    Availability,
    EquipmentSet,
    EquipmentValueError,
    ParamSpec,
    PeriodizationStyle,
    WeekPlan,
    params_of,
)
from stridelift.core.hooks.values import availability, week_plan
from stridelift.core.hooks.values import messages as messages_of
from stridelift.core.language import ast
from stridelift.core.units import LIMITS

_TYPE_EXAMPLES: dict[str, str] = {
    "number": "a number such as 8",
    "integer": "a whole number such as 3",
    "reps": "a whole number of reps such as 8",
    "load": "a load such as +4kg or 5%",
    "weeks": "a number of weeks such as 2 weeks",
    "seconds": "a time such as 90s",
    "percent": "a percentage such as 5%",
    "range": "a range such as 8..12",
}


def signature(params: Sequence[ParamSpec]) -> str:
    return ", ".join((p.name if p.required else f"{p.name} = ...") for p in params)


def check_periodization(ctx: CheckContext, periodization: ast.Periodization) -> None:
    call = periodization.call
    registry = ctx.plugins.periodization_styles
    style = registry.get(call.name)
    if style is None:
        ctx.report(
            call.span,
            "E109",
            f"unknown periodization style `{call.name}`",
            did_you_mean(call.name, registry.names())
            or "installed: " + ", ".join(registry.names()),
        )
        return
    bound = bind(ctx, call, style.params, f"periodization `{call.name}`")
    if bound is None:
        return
    source = registry.sources.get(style.name, "?")
    values = bound.values()
    outcome = (
        "the style is treated as failing, so the program does not check; check the "
        f"arguments of `periodization {call.name}`"
    )
    guard = ctx.plugins.guard(registry, style.name).at(ctx.path, call.span, outcome)
    ctx.style = BoundStyle(guarded_style(style, guard), bound, values, source)
    weeks = ctx.weeks or 52
    try:
        messages = guard.call(
            "validate()", style.validate or _no_messages, values, ctx.weeks, check=messages_of
        )
        # The phase names conditions may test: every week the program has.
        phases = {ctx.style.style.week(n, values, weeks).phase for n in range(1, weeks + 1)}
    except PluginFault as fault:
        if fault.strict:
            raise
        ctx.report(call.span, "X001", fault.message, fault.hint)
        return
    ctx.phase_names = tuple(sorted(phases))
    for message in messages:
        ctx.report(call.span, "W206", f"{call.name}: {message}")


def guarded_style(style: PeriodizationStyle, guard: Guard) -> PeriodizationStyle:
    """The style with its callables behind ``guard``: what the compiler and the engine
    call, so that a ``week()`` failing in week 60 of a plan is an X001 at the program's
    ``periodization`` line, and every WeekPlan the engine sees is in range."""
    week = style.week

    def guarded_week(n: int, args: ArgValues, weeks: int) -> WeekPlan:
        return guard.call(f"week({n})", week, n, args, weeks, check=week_plan(n))

    return dataclasses.replace(style, week=guarded_week)


def _no_messages(args: ArgValues, weeks: int) -> tuple[str, ...]:
    return ()


def resolve_equipment(
    ctx: CheckContext,
    registry: Registry[EquipmentSet],
    record: EquipmentSet,
    item: ast.EquipmentItem,
) -> Availability | None:
    """What a program's equipment item offers, from the set's resolver: ``None`` when
    the values are wrong (E112, the resolver's own message) or the resolver fails (X001
    at the item, naming the plugin; the equipment counts as declared but unreadable)."""
    outcome = f"`{item.name}` is left unread, so the program does not check"
    guard = ctx.plugins.guard(registry, record.name).at(ctx.path, item.span, outcome)
    try:
        return guard.call(
            "resolve()",
            record.resolve,
            item.values,
            ctx.units,
            check=availability,
            passes=(EquipmentValueError,),
        )
    except EquipmentValueError as exc:
        ctx.report(exc.span or item.span, "E112", f"{item.name}: {exc}", exc.hint)
    except PluginFault as fault:
        if fault.strict:
            raise
        ctx.report(item.span, "X001", fault.message, fault.hint)
    return None


def bind(
    ctx: CheckContext,
    call: ast.Call,
    params: Sequence[ParamSpec],
    what: str,
    definition: ast.ProgressionDef | None = None,
) -> BoundCall | None:
    """Match a call's arguments to its parameters, reporting every mismatch (E110).

    The one binder for progressions and periodization styles: positional
    arguments in order, then named ones, then the parameters' defaults.
    """
    positional = [a for a in call.args if a.name is None]
    named = [a for a in call.args if a.name is not None]
    ok = True

    def problem(span: ast.Span, message: str, hint: str | None = None) -> None:
        nonlocal ok
        ok = False
        ctx.report(span, "E110", message, hint or f"{call.name}({signature(params)})")

    if len(positional) > len(params):
        problem(
            positional[len(params)].span,
            f"{what} takes at most {len(params)} argument"
            f"{'s' if len(params) != 1 else ''}, got {len(call.args)}",
        )
    by_name = {p.name: p for p in params}
    given: dict[str, ast.ArgValue] = {}
    for param, arg in zip(params, positional, strict=False):
        given[param.name] = arg.value
    for arg in named:
        assert arg.name is not None
        if arg.name not in by_name:
            problem(
                arg.span,
                f"{what} has no parameter `{arg.name}`",
                did_you_mean(arg.name, by_name) or f"parameters: {signature(params)}",
            )
        elif arg.name in given:
            problem(arg.span, f"{what}: `{arg.name}` is given twice")
        else:
            given[arg.name] = arg.value
    args: list[tuple[str, ast.ArgValue]] = []
    for param in params:
        value = given.get(param.name, param.default)
        if value is None:
            problem(call.span, f"{what} needs `{param.name}`")
            continue
        # A default is the definition's, not the coach's: its units are not this file's.
        message = arg_type_problem(ctx, value, param) if param.name in given else None
        if message is not None:
            problem(getattr(value, "span", call.span), f"{what}: {message}")
            continue
        args.append((param.name, value))
    if not ok:
        return None
    defaulted = frozenset(p.name for p in params if p.name not in given)
    return BoundCall(call, tuple(params), tuple(args), defaulted, definition)


def arg_type_problem(ctx: CheckContext, value: ast.ArgValue, param: ParamSpec) -> str | None:
    """What is wrong with ``value`` as ``param``'s argument: its kind, or its number
    outside the parameter's declared ``bounds``."""
    problem = _type_problem(ctx, value, param)
    if problem is not None or param.bounds is None:
        return problem
    inner = value.operand if isinstance(value, ast.Unary) else value
    number, unit = None, ""
    if isinstance(inner, ast.Number):
        number = -inner.value if isinstance(value, ast.Unary) and value.op == "-" else inner.value
    elif isinstance(inner, ast.Quantity):
        number, unit = inner.value, inner.unit
    elif isinstance(inner, ast.WeeksValue):
        number, unit = inner.count, " weeks"
    low, high = param.bounds
    if number is None or ast.too_long(number) or low <= number <= high:
        return None
    return (
        f"`{param.name}` of {fmt(number)}{unit} is out of range: "
        f"use {fmt(low)}{unit} to {fmt(high)}{unit}"
    )


def _type_problem(ctx: CheckContext, value: ast.ArgValue, param: ParamSpec) -> str | None:
    expected = param.type
    if expected is None:
        return None
    wanted = f"`{param.name}` must be {_TYPE_EXAMPLES[expected]}"
    inner = value.operand if isinstance(value, ast.Unary) else value
    if expected == "range":
        if not isinstance(value, ast.Range):
            return wanted
        if value.low > value.high:
            return f"the range {fmt(value.low)}..{fmt(value.high)} runs backwards"
        return None
    if isinstance(value, ast.Range):
        return wanted
    if expected in ("number", "integer", "reps"):
        if not isinstance(inner, ast.Number):
            return wanted
        if expected != "number" and not inner.value.is_integer():
            return wanted
        if expected == "reps":
            return _out_of_range(param, inner.value, "reps", "")
        return None
    if expected == "weeks":
        count = value.count if isinstance(value, ast.WeeksValue) else None
        if isinstance(inner, ast.Number):
            count = inner.value
        if count is None or not count.is_integer() or count < 1:
            return wanted
        return _out_of_range(param, count, "weeks", " weeks")
    if not isinstance(inner, ast.Quantity):
        return wanted
    if expected == "load":
        if inner.unit == "%":
            return None
        if inner.unit not in MASS:
            return wanted
        # A weight in the wrong units is reported by _mass itself, with the conversion.
        if ctx.mass(inner, f"`{param.name}`"):
            ctx.within_quantity(inner, "load", f"`{param.name}`")
        return None
    if expected == "percent":
        return None if inner.unit == "%" else wanted
    if expected == "seconds":
        if inner.unit in TIME:
            ctx.within_quantity(inner, "rest", f"`{param.name}`")
            return None
        return wanted
    return None


def _out_of_range(param: ParamSpec, value: float, limit: str, unit: str) -> str | None:
    if ast.too_long(value) or value in LIMITS[limit]:
        return None
    return f"`{param.name}` of {fmt(value)}{unit} is out of range: use {LIMITS[limit].words}"


def advances(ctx: CheckContext, call: ast.Call) -> bool:
    definition = ctx.progressions.get(call.name)
    if definition is None:
        spec = ctx.plugins.progressions.get(call.name)
        definition = spec.definition if spec is not None else None
    if definition is None:
        return False
    return any(
        isinstance(action, ast.SimpleAction) and action.kind == "advance"
        for clause in definition.clauses
        for action in clause.actions
    )


def check_progress_call(ctx: CheckContext, call: ast.Call) -> None:
    ctx.used_progressions.add(call.name)
    definition = ctx.progressions.get(call.name)
    if definition is not None:
        bound = bind(ctx, call, params_of(definition), f"progression `{call.name}`", definition)
        if bound is not None:
            ctx.bound_calls[call] = bound
        return
    spec = ctx.plugins.progressions.get(call.name)
    if spec is None:
        known = [*ctx.progressions, *ctx.plugins.progressions.names()]
        ctx.report(
            call.span,
            "E108",
            f"unknown progression `{call.name}`",
            did_you_mean(call.name, known) or "available: " + ", ".join(sorted(known)),
        )
        return
    bound = bind(ctx, call, spec.params, f"progression `{call.name}`", spec.definition)
    if bound is not None:
        ctx.bound_calls[call] = bound
