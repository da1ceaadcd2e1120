"""Conditions and actions: the types of expressions in progressions and rules.

A name in a condition is a metric of last week's log (:data:`METRICS`) or a
parameter of the progression; every expression has a :class:`Type`, and a
condition must be yes or no.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from stridelift.core.check.calls import arg_type_problem
from stridelift.core.check.context import (
    ASSIGNABLE,
    FORM_GRADES,
    MASS,
    TIME,
    CheckContext,
    fmt,
)
from stridelift.core.check.prescriptions import check_tempo
from stridelift.core.diagnostics import did_you_mean
from stridelift.core.hooks.records import PATTERNS, ParamSpec
from stridelift.core.language import ast

Kind = Literal["number", "load", "percent", "time", "distance", "angle", "bool", "word", "weeks"]


@dataclass(frozen=True, slots=True)
class Type:
    kind: Kind
    words: tuple[str, ...] = ()  # for "word": the values it can take (empty: any)

    def __str__(self) -> str:
        return {
            "number": "a number",
            "load": "a load",
            "percent": "a percentage",
            "time": "a time",
            "distance": "a distance",
            "angle": "an angle",
            "bool": "a yes/no condition",
            "word": "a word",
            "weeks": "a number of weeks",
        }[self.kind]


NUMBER, LOAD, PERCENT, TIME_T, DIST_T, BOOL = (
    Type("number"),
    Type("load"),
    Type("percent"),
    Type("time"),
    Type("distance"),
    Type("bool"),
)

#: What a name means in a condition: last week's logged value for the exercise.
METRICS: dict[str, tuple[Type, str]] = {
    "completed": (BOOL, "every working set done at the prescribed reps and load"),
    "partial": (BOOL, "some, but not all, working sets done as prescribed"),
    "reps": (NUMBER, "fewest reps done in a working set"),
    "sets": (NUMBER, "working sets done"),
    "load": (LOAD, "heaviest working load"),
    "rpe": (NUMBER, "highest RPE of the working sets"),
    "rir": (NUMBER, "fewest reps in reserve of the working sets"),
    "form": (Type("word", FORM_GRADES), "worst form grade: good, ok or poor"),
    "missed": (NUMBER, "scheduled sessions with this exercise that were not logged"),
    "symmetry": (
        PERCENT,
        "a one-sided exercise's weaker side as a percentage of the stronger (reps x load)",
    ),
    "fatigue": (NUMBER, "highest fatigue check-in of the week, 1-10"),
    "soreness": (NUMBER, "highest soreness check-in of the week, 1-10"),
    "sleep": (NUMBER, "average hours of sleep"),
    "stress": (NUMBER, "highest stress check-in of the week, 1-10"),
    "week": (NUMBER, "the program week being planned, from 1"),
    "phase": (Type("word"), "the periodization phase of the week being planned"),
    "eccentric": (NUMBER, "seconds of the prescribed lowering phase (tempo's first figure)"),
    "target_reps": (NUMBER, "the prescribed reps"),
    "target_sets": (NUMBER, "the prescribed sets"),
    "target_load": (LOAD, "the prescribed load"),
    "target_rpe": (NUMBER, "the prescribed RPE"),
}

_PARAM_TYPES: dict[str, Type] = {
    "number": NUMBER,
    "integer": NUMBER,
    "reps": NUMBER,
    "load": LOAD,
    "weeks": NUMBER,
    "seconds": TIME_T,
    "percent": PERCENT,
    "range": NUMBER,
}


#: What an assessment test's result is in a condition (see training/assessment.py).
_TEST_TYPES: dict[str, Type] = {
    "load": LOAD,
    "reps": NUMBER,
    "mass": LOAD,
    "length": DIST_T,
    "time": TIME_T,
    "angle": Type("angle"),
}

#: The functions a condition may apply to an assessment test.
FUNCTIONS: dict[str, str] = {
    "asymmetry": "how much weaker the weaker side is, in % of the stronger side",
}


def quantity_type(unit: str) -> Type:
    if unit in MASS:
        return LOAD
    if unit == "%":
        return PERCENT
    if unit in TIME:
        return TIME_T
    if unit == "deg":
        return _TEST_TYPES["angle"]
    return DIST_T


def check_progression_def(ctx: CheckContext, definition: ast.ProgressionDef) -> None:
    params: dict[str, Type] = {}
    for param in definition.params:
        names = (param.low, param.high) if isinstance(param, ast.RangeParam) else (param.name,)
        kind = param.type
        if kind is not None and kind not in _PARAM_TYPES:
            ctx.report(
                param.span,
                "E110",
                f"unknown parameter type `{kind}`",
                did_you_mean(kind, _PARAM_TYPES) or "types: " + ", ".join(_PARAM_TYPES),
            )
            kind = None
        for name in names:
            if name in params:
                ctx.report(param.span, "E113", f"parameter `{name}` is declared twice")
            if name in METRICS:
                ctx.report(
                    param.span,
                    "E113",
                    f"parameter `{name}` hides the metric of the same name",
                    "give the parameter another name",
                )
            params[name] = _PARAM_TYPES[kind] if kind else NUMBER
            if kind == "load":
                params[name] = Type("load")
        if isinstance(param, ast.Param) and param.default is not None and kind is not None:
            spec = ParamSpec(param.name, kind, param.default)
            message = arg_type_problem(ctx, param.default, spec)
            if message is not None:
                ctx.report(param.span, "E110", f"default of {message}")
    check_clauses(ctx, definition.clauses, params, f"progression `{definition.name}`")


def check_rule(ctx: CheckContext, rule: ast.Rule) -> None:
    for item in rule.scope:
        if item.kind == "pattern" and item.name not in PATTERNS:
            ctx.report(
                item.span,
                "E121",
                f"unknown movement pattern `{item.name}`",
                did_you_mean(item.name, PATTERNS) or "patterns: " + ", ".join(PATTERNS),
            )
        elif item.kind == "session" and ctx.program is not None and item.name not in ctx.sessions:
            ctx.report(
                item.span,
                "E121",
                f"unknown session `{item.name}`",
                did_you_mean(item.name, ctx.sessions),
            )
        elif item.kind == "exercise" and item.name not in ctx.plugins.exercises:
            ctx.report(
                item.span,
                "E101",
                f"unknown exercise `{item.name}`",
                did_you_mean(item.name, ctx.plugins.exercises.names()),
            )
    check_clauses(ctx, rule.clauses, {}, f'rule "{rule.title}"')


def check_clauses(
    ctx: CheckContext, clauses: Sequence[ast.Clause], params: Mapping[str, Type], where: str
) -> None:
    unconditional: ast.Clause | None = None
    for clause in clauses:
        if unconditional is not None:
            ctx.report(
                clause.span,
                "W204",
                f"{where}: this clause never runs",
                f"the unconditional clause at line {unconditional.span.line} always matches "
                "first; move this one above it",
            )
        if clause.condition is None:
            unconditional = unconditional or clause
        else:
            found = expr_type(ctx, clause.condition, params)
            if found is not None and found.kind != "bool":
                ctx.report(
                    clause.condition.span,
                    "E117",
                    f"a condition must be yes or no; this is {found}",
                    "compare it, for example `rpe >= 9`",
                )
        for action in clause.actions:
            check_action(ctx, action, params)


def expr_type(ctx: CheckContext, expr: ast.Expr, params: Mapping[str, Type]) -> Type | None:
    """The type of ``expr``, reporting what is wrong inside it (None when unknown)."""
    if isinstance(expr, ast.Number):
        return NUMBER
    if isinstance(expr, ast.Quantity):
        if expr.unit in MASS and ctx.units_declared and expr.unit != ctx.units:
            ctx.mass(expr, "a load")
        return quantity_type(expr.unit)
    if isinstance(expr, ast.Name):
        if expr.id in params:
            return params[expr.id]
        if expr.id == "phase" and ctx.phase_names:
            return Type("word", ctx.phase_names)
        if expr.id in METRICS:
            return METRICS[expr.id][0]
        test = ctx.assessment.test(expr.id) if ctx.assessment is not None else None
        if test is not None:
            return _TEST_TYPES[test.dimension]
        if expr.id in ctx.assessment_names:
            return None  # the test itself is wrong, and reported
        if _catalog_test(ctx, expr.id):
            ctx.report(
                expr.span,
                "E116",
                f"`{expr.id}` is not one of the program's assessment tests",
                f"add a `{expr.id}` test to the program's `assessment` block",
            )
            return None
        ctx.report(
            expr.span,
            "E116",
            f"`{expr.id}` means nothing here",
            did_you_mean(expr.id, [*METRICS, *params])
            or "conditions use metrics (reps, rpe, form, ...) and the progression's parameters",
        )
        return None
    if isinstance(expr, ast.Apply):
        return _apply_type(ctx, expr)
    if isinstance(expr, ast.Unary):
        found = expr_type(ctx, expr.operand, params)
        if found is not None and found.kind in ("bool", "word"):
            ctx.report(
                expr.span,
                "E117",
                f"`{expr.op}` needs a number; this is {found}",
                "a sign goes before a number or an amount: `-2`, `-10%`",
            )
            return None
        return found
    if isinstance(expr, ast.BinOp):
        left, right = expr_type(ctx, expr.left, params), expr_type(ctx, expr.right, params)
        if left is None or right is None:
            return None
        return arith_type(ctx, expr, left, right)
    if isinstance(expr, ast.Compare):
        left, right = expr_type(ctx, expr.left, params), expr_type(ctx, expr.right, params)
        if left is not None and right is not None:
            if left.kind in ("bool", "word") or right.kind in ("bool", "word"):
                hint = (
                    "a yes/no value stands on its own: `completed`, `not completed`"
                    if "bool" in (left.kind, right.kind)
                    else "test words with `is`, for example `form is poor`"
                )
                ctx.report(
                    expr.span,
                    "E117",
                    f"`{expr.op}` compares numbers; here it gets {left} and {right}",
                    hint,
                )
            elif left.kind != right.kind and {left.kind, right.kind} != {"number", "weeks"}:
                ctx.report(expr.span, "E117", f"cannot compare {left} with {right}")
        return BOOL
    if isinstance(expr, ast.IsTest):
        subject = expr_type(ctx, expr.subject, params)
        if subject is not None:
            if subject.kind != "word":
                ctx.report(
                    expr.span,
                    "E117",
                    f"`is` tests a word (form, phase); this is {subject}",
                    "compare numbers with `==`, `>=`, ...",
                )
            elif subject.words and expr.word.name not in subject.words:
                ctx.report(
                    expr.word.span,
                    "E116",
                    f"`{expr.word.name}` is not one of {', '.join(subject.words)}",
                    did_you_mean(expr.word.name, subject.words),
                )
        return BOOL
    if isinstance(expr, ast.BoolOp | ast.Not):
        operands = expr.operands if isinstance(expr, ast.BoolOp) else (expr.operand,)
        for operand in operands:
            found = expr_type(ctx, operand, params)
            if found is not None and found.kind != "bool":
                word = expr.op if isinstance(expr, ast.BoolOp) else "not"
                ctx.report(
                    operand.span,
                    "E117",
                    f"`{word}` joins yes/no conditions; this is {found}",
                    "compare it, for example `fatigue >= 7`",
                )
        return BOOL
    if isinstance(expr, ast.ForWeeks):
        if isinstance(expr.weeks, str):
            if expr.weeks not in params:
                ctx.report(
                    expr.span,
                    "E116",
                    f"`for {expr.weeks} weeks`: `{expr.weeks}` is not a parameter",
                    did_you_mean(expr.weeks, params),
                )
        else:
            ctx.within(expr.weeks, "weeks", expr.span, f"`for {fmt(expr.weeks)} weeks`")
        return expr_type(ctx, expr.condition, params)
    return None


def _catalog_test(ctx: CheckContext, name: str) -> bool:
    plugins = ctx.plugins
    return name in plugins.assessment_measures or name in plugins.exercises


def _apply_type(ctx: CheckContext, expr: ast.Apply) -> Type | None:
    """``asymmetry(single_leg_calf_raise)``: a test of the assessment taken per side."""
    if expr.function not in FUNCTIONS:
        ctx.report(
            expr.span,
            "E116",
            f"`{expr.function}(...)` is not a function conditions know",
            did_you_mean(expr.function, FUNCTIONS)
            or "conditions have " + ", ".join(f"`{f}(TEST)`" for f in FUNCTIONS),
        )
        return None
    name = expr.argument.id
    test = ctx.assessment.test(name) if ctx.assessment is not None else None
    if test is None and name in ctx.assessment_names:
        return None  # the test itself is wrong, and reported
    if test is None:
        tests = [t.name for t in ctx.assessment.tests] if ctx.assessment is not None else []
        ctx.report(
            expr.argument.span,
            "E116",
            f"`{name}` is not one of the program's assessment tests",
            did_you_mean(name, tests) or f"add a `{name}` test to the `assessment` block",
        )
        return None
    if not test.per_side:
        ctx.report(
            expr.span,
            "E117",
            f"`{expr.function}({name})` compares the two sides, but `{name}` is not "
            "tested per side",
            f"write `{test.describe()} per side` in the assessment",
        )
        return None
    return PERCENT


def arith_type(ctx: CheckContext, expr: ast.BinOp, left: Type, right: Type) -> Type | None:
    kinds = {left.kind, right.kind}
    if "bool" in kinds or "word" in kinds:
        ctx.report(expr.span, "E117", f"cannot do arithmetic with {left} and {right}")
        return None
    if expr.op in ("+", "-"):
        if left.kind == right.kind:
            return left
        if right.kind == "percent":
            return left
        if left.kind == "percent":
            return right
        if kinds == {"number", "weeks"}:
            return NUMBER
        ctx.report(expr.span, "E117", f"cannot add {left} and {right}")
        return None
    if right.kind == "number":
        return left
    if left.kind == "number" and expr.op == "*":
        return right
    ctx.report(expr.span, "E117", f"cannot multiply or divide {left} by {right}")
    return None


def check_action(ctx: CheckContext, action: ast.Action, params: Mapping[str, Type]) -> None:
    if not isinstance(action, ast.SetAction):
        return
    if action.target not in ASSIGNABLE:
        ctx.report(
            action.span,
            "E116",
            f"`{action.target}` cannot be changed by a rule",
            did_you_mean(action.target, ASSIGNABLE) or "actions change " + ", ".join(ASSIGNABLE),
        )
        return
    if action.target == "tempo":
        if isinstance(action.value, ast.Tempo):
            if action.op != "=":
                ctx.report(action.span, "E117", "set a tempo with `=`: `tempo = 3-1-X-0`")
            check_tempo(ctx, action.value)
        else:
            found = expr_type(ctx, action.value, params)
            if action.op == "=" or (found is not None and found.kind != "number"):
                ctx.report(
                    action.span,
                    "E117",
                    "`tempo += N` slows the lowering by N seconds; `tempo = 3-1-X-0` sets it",
                )
        return
    if isinstance(action.value, ast.Tempo):
        ctx.report(action.span, "E117", f"`{action.target}` takes a number, not a tempo")
        return
    found = expr_type(ctx, action.value, params)
    if found is None:
        return
    expected = {"load": LOAD, "rest": TIME_T}.get(action.target, NUMBER)
    fits = found.kind == expected.kind or (action.op in ("+=", "-=") and found.kind == "percent")
    if action.op == "*=":
        fits = found.kind == "number"
    if found.kind == "weeks" and expected.kind == "number":
        fits = True
    if not fits:
        ctx.report(
            action.value.span,
            "E117",
            f"`{action.target} {action.op}` needs {expected}"
            + (" or a percentage" if action.op in ("+=", "-=") else "")
            + f", not {found}",
        )
    elif action.op == "=":
        _check_set_value(ctx, action)


#: The range an action's fixed value must keep, by what it sets.
_ACTION_LIMITS = {"reps": "reps", "sets": "sets", "rest": "rest", "load": "load", "rpe": "rpe"}
_ACTION_LIMITS["rir"] = "rir"


def _check_set_value(ctx: CheckContext, action: ast.SetAction) -> None:
    """``reps = 5000``: a fixed value is held to the range of what it sets."""
    limit = _ACTION_LIMITS.get(action.target)
    value = action.value
    if limit is None:
        return
    if isinstance(value, ast.Number):
        ctx.within(value.value, limit, value.span, f"`{action.target} = {fmt(value.value)}`")
    elif isinstance(value, ast.Quantity) and value.unit != "%":
        ctx.within_quantity(value, limit, f"`{action.target} =`")
