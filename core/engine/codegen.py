"""Conditions and actions compiled to Python functions, once per program.

The engine evaluates the same few conditions for every exercise slot, every
week, for every athlete on a roster; walking the AST each time would cost an
``isinstance`` chain per node, and a tree of closures a call per node.
:func:`compile_expr` writes an expression as the source of one function over
a :class:`~stridelift.core.engine.metrics.Metrics` and compiles it; :func:`compile_first`
does the same for a whole progression or rule (its clauses in order, first
match wins) and :func:`compile_ticks` for its ``for N weeks`` counters.
Parameters of a progression are bound at compile time and become constants.

Values inside a compiled function: numbers are floats; weights are floats in the
program's units (the checker makes sure a program writes weights in its own
units); times are seconds and distances metres; percentages are
:class:`Percent`. ``None`` is a metric that was not logged: arithmetic with it
gives ``None`` and a comparison with it is false.
"""

from __future__ import annotations

import keyword
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from stridelift.core.engine.metrics import is_assessment
from stridelift.core.language import ast
from stridelift.core.units import DISTANCE, TIME, metres, seconds

Fn = Callable[[Any], Any]


class Percent(float):
    """A percentage (``5%`` is ``Percent(5.0)``); scaling keeps it a percentage."""

    __slots__ = ()

    def __neg__(self) -> Percent:
        return Percent(-float(self))

    def __mul__(self, other: object) -> Percent:
        return Percent(float(self) * float(other))  # type: ignore[arg-type]

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Percent:
        return Percent(float(self) / float(other))  # type: ignore[arg-type]

    def __add__(self, other: object) -> Percent:
        return Percent(float(self) + float(other))  # type: ignore[arg-type]

    def __sub__(self, other: object) -> Percent:
        return Percent(float(self) - float(other))  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"{float(self):g}%"


def quantity_value(quantity: ast.Quantity) -> float:
    """A written amount in the engine's units (see the module docstring)."""
    unit = quantity.unit
    if unit == "%":
        return Percent(quantity.value)
    if unit in TIME:
        return seconds(quantity.value, unit)
    if unit in DISTANCE:
        return metres(quantity.value, unit)
    return quantity.value


def arg_value(value: ast.ArgValue) -> object:
    """A progression's argument as a constant (ranges are bound as their two names)."""
    if isinstance(value, ast.WeeksValue):
        return value.count
    if isinstance(value, ast.Range):
        return (value.low, value.high)
    return constant(value)


def constant(expr: ast.Expr) -> object:
    """The value of an expression that needs no metrics (a default, an argument)."""
    if isinstance(expr, ast.Number):
        return expr.value
    if isinstance(expr, ast.Quantity):
        return quantity_value(expr)
    return compile_expr(expr, {}, [])(None)


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">="})
#: Constants written into the generated source as literals (``repr`` round-trips them).
_LITERAL = (float, int, str, bool, type(None))


def _arith(symbol: str, a: Any, b: Any) -> Any:
    """``a <symbol> b`` with the language's rules: ``None`` (not logged) in gives ``None``
    out, ``load + 5%`` is five percent more than the load, and ``x / 0`` is ``None``."""
    if a is None or b is None:
        return None
    if isinstance(b, Percent) and not isinstance(a, Percent) and symbol in "+-":
        factor = 1 + float(b) / 100 if symbol == "+" else 1 - float(b) / 100
        return a * factor
    try:
        return _ARITH[symbol](a, b)
    except ZeroDivisionError:
        return None


class _Source:
    """Writes an expression as Python source over a metrics object ``m``.

    Each condition becomes one generated function instead of a tree of closures:
    the fold evaluates conditions for every slot of every week of every athlete,
    and a call per node was most of their cost. Constants are literals or names
    in the function's namespace; ``_tN`` are temporaries (assignment expressions)
    so each operand is read once.
    """

    def __init__(self, params: Mapping[str, object], streaks: list[tuple[Fn, int]]) -> None:
        self.params = params
        self.streaks = streaks
        self.namespace: dict[str, object] = {"_arith": _arith}
        self.temps = 0

    def constant(self, value: object) -> str:
        if type(value) in _LITERAL and (type(value) is not float or math.isfinite(value)):
            return repr(value)
        name = f"_k{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def expr(self, expr: ast.Expr) -> str:
        if isinstance(expr, ast.Number):
            return self.constant(expr.value)
        if isinstance(expr, ast.Quantity):
            return self.constant(quantity_value(expr))
        if isinstance(expr, ast.Name):
            if expr.id in self.params:
                return self.constant(self.params[expr.id])
            name = expr.id
            if is_assessment(name):
                return f"m.tests.get({name!r})"
            if name.isidentifier() and not keyword.iskeyword(name):
                return f"m.{name}"
            return f"getattr(m, {name!r})"
        if isinstance(expr, ast.Apply):
            return f"m.tests.get({apply_name(expr)!r})"
        if isinstance(expr, ast.Unary):
            inner = self.expr(expr.operand)
            if expr.op == "+":
                return inner
            t = self.temp()
            return f"(None if ({t} := {inner}) is None else -{t})"
        if isinstance(expr, ast.BinOp):
            left, right = self.expr(expr.left), self.expr(expr.right)
            return f"_arith({expr.op!r}, {left}, {right})"
        if isinstance(expr, ast.Compare):
            assert expr.op in _COMPARE
            left, right = self.expr(expr.left), self.expr(expr.right)
            a = self.temp()
            if isinstance(expr.right, ast.Number | ast.Quantity):
                return f"(({a} := {left}) is not None and {a} {expr.op} {right})"
            b = self.temp()
            return (
                f"(({a} := {left}) is not None and ({b} := {right}) is not None"
                f" and {a} {expr.op} {b})"
            )
        if isinstance(expr, ast.IsTest):
            subject = self.expr(expr.subject)
            word = self.constant(expr.word.name)
            if expr.negated:
                t = self.temp()
                return f"(({t} := {subject}) is not None and {t} != {word})"
            return f"({subject} == {word})"
        if isinstance(expr, ast.BoolOp):
            parts = f" {expr.op} ".join(f"({self.expr(o)})" for o in expr.operands)
            return f"(True if ({parts}) else False)"
        if isinstance(expr, ast.Not):
            # Not known stays not known: `not completed` is false for a week with
            # nothing logged, which was not a failed week.
            t = self.temp()
            return f"(None if ({t} := {self.expr(expr.operand)}) is None else not {t})"
        if isinstance(expr, ast.ForWeeks):
            condition = compile_expr(expr.condition, self.params, self.streaks)
            weeks = expr.weeks
            count = self.params[weeks] if isinstance(weeks, str) else weeks
            needed = int(count)  # type: ignore[call-overload]
            index = len(self.streaks)
            self.streaks.append((condition, needed))
            return f"(m.streaks[{index}] >= {needed})"
        raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover

    def function(self, body: str, name: str = "condition", args: str = "m") -> Any:
        """Compile ``def <name>(<args>): <body>`` in the namespace gathered so far."""
        code = f"def {name}({args}):\n" + "".join(f"    {line}\n" for line in body.splitlines())
        namespace = dict(self.namespace)
        exec(compile(code, f"<stridelift {name}>", "exec"), namespace)
        return namespace[name]


def compile_expr(expr: ast.Expr, params: Mapping[str, object], streaks: list[tuple[Fn, int]]) -> Fn:
    """A function computing ``expr`` from a metrics object; ``for N weeks`` conditions
    append their inner condition to ``streaks`` and read the matching counter from
    ``metrics.streaks``."""
    source = _Source(params, streaks)
    fn: Fn = source.function(f"return {source.expr(expr)}")
    return fn


def compile_first(
    conditions: Sequence[tuple[ast.Expr | None, object]],
    params: Mapping[str, object],
    streaks: list[tuple[Fn, int]],
) -> Callable[[Any], Any]:
    """One function that returns the result paired with the first condition that holds
    (``None`` as a condition always holds), or ``None``: a progression's or rule's
    clauses, first match wins, in one call."""
    source = _Source(params, streaks)
    lines: list[str] = []
    for condition, result in conditions:
        if lines and lines[-1].startswith("return"):
            # Unreachable after ``otherwise``, but its ``for N weeks`` still count.
            if condition is not None:
                source.expr(condition)
            continue
        value = source.constant(result)
        if condition is None:
            lines.append(f"return {value}")
        else:
            lines.append(f"if {source.expr(condition)}:\n    return {value}")
    if not lines or not lines[-1].startswith("return"):
        lines.append("return None")
    found: Callable[[Any], Any] = source.function("\n".join(lines), "first")
    return found


def compile_ticks(streaks: Sequence[tuple[Fn, int]]) -> Callable[[Any, list[int]], None]:
    """One function that moves a unit's ``for N weeks`` counters on by a week: each
    counts up while its condition holds and restarts from 0 when it does not."""
    source = _Source({}, [])
    # An inner ``for N weeks`` (``(rpe >= 9 for 2 weeks) for 2 weeks``) reads the
    # counters ticked just before it.
    lines = ["m.streaks = counters"]
    for index, (condition, _) in enumerate(streaks):
        name = source.constant(condition)
        lines.append(f"counters[{index}] = counters[{index}] + 1 if {name}(m) else 0")
    tick: Callable[[Any, list[int]], None] = source.function(
        "\n".join(lines), "tick", "m, counters"
    )
    return tick


def apply_name(expr: ast.Apply) -> str:
    """``asymmetry(single_leg_calf_raise)``: how the result is named in ``m.tests``."""
    return f"{expr.function}({expr.argument.id})"


def metric_names(
    expr: ast.Expr | None, params: Mapping[str, object], *, parameters: bool = False
) -> tuple[str, ...]:
    """The metrics a condition reads, in the order written (for explanations); with
    ``parameters``, the progression parameters it reads instead."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, ast.Name):
            if (node.id in params) == parameters and node.id not in found:
                found.append(node.id)
        elif isinstance(node, ast.Apply):
            if not parameters and apply_name(node) not in found:
                found.append(apply_name(node))
        elif isinstance(node, ast.Unary | ast.Not):
            walk(node.operand)
        elif isinstance(node, ast.BinOp | ast.Compare):
            walk(node.left)
            walk(node.right)
        elif isinstance(node, ast.IsTest):
            walk(node.subject)
        elif isinstance(node, ast.BoolOp):
            for operand in node.operands:
                walk(operand)
        elif isinstance(node, ast.ForWeeks):
            walk(node.condition)
            if parameters and isinstance(node.weeks, str) and node.weeks not in found:
                found.append(node.weeks)

    walk(expr)
    return tuple(found)
