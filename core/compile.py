"""Conditions and actions compiled to closures, once per program.

The engine evaluates the same few conditions for every exercise slot, every
week, for every athlete on a roster; walking the AST each time would cost an
``isinstance`` chain per node. :func:`compile_condition` turns an expression
into a closure over a :class:`~stridelift.core.metrics.Metrics`; parameters
of a progression are bound at compile time and become constants.

Values inside a closure: numbers are floats; weights are floats in the
program's units (the checker makes sure a program writes weights in its own
units); times are seconds and distances metres; percentages are
:class:`Percent`. ``None`` is a metric that was not logged: arithmetic with it
gives ``None`` and a comparison with it is false.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from . import ast

Fn = Callable[[Any], Any]

TO_SECONDS = {"s": 1.0, "min": 60.0, "h": 3600.0}
TO_METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344}


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
    if unit in TO_SECONDS:
        return quantity.value * TO_SECONDS[unit]
    if unit in TO_METRES:
        return quantity.value * TO_METRES[unit]
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
    return compile_expr(expr, {}, [])(None)


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compile_expr(expr: ast.Expr, params: Mapping[str, object], streaks: list[tuple[Fn, int]]) -> Fn:
    """A closure computing ``expr``; ``for N weeks`` conditions append their inner
    condition to ``streaks`` and read the matching counter from ``metrics.streaks``."""
    if isinstance(expr, ast.Number):
        value: object = expr.value
        return lambda m: value
    if isinstance(expr, ast.Quantity):
        value = quantity_value(expr)
        return lambda m: value
    if isinstance(expr, ast.Name):
        name = expr.id
        if name in params:
            value = params[name]
            return lambda m: value
        return operator.attrgetter(name)
    if isinstance(expr, ast.Unary):
        inner = compile_expr(expr.operand, params, streaks)
        if expr.op == "+":
            return inner

        def negate(m: Any) -> Any:
            v = inner(m)
            return None if v is None else -v

        return negate
    if isinstance(expr, ast.BinOp):
        return _binop(expr, params, streaks)
    if isinstance(expr, ast.Compare):
        return _compare(expr, params, streaks)
    if isinstance(expr, ast.IsTest):
        subject = compile_expr(expr.subject, params, streaks)
        word = expr.word.name
        if expr.negated:
            return lambda m: (v := subject(m)) is not None and v != word
        return lambda m: subject(m) == word
    if isinstance(expr, ast.BoolOp):
        parts = tuple(compile_expr(o, params, streaks) for o in expr.operands)
        if expr.op == "and":
            if len(parts) == 2:
                a, b = parts
                return lambda m: bool(a(m)) and bool(b(m))
            return lambda m: all(p(m) for p in parts)
        if len(parts) == 2:
            a, b = parts
            return lambda m: bool(a(m)) or bool(b(m))
        return lambda m: any(p(m) for p in parts)
    if isinstance(expr, ast.Not):
        inner = compile_expr(expr.operand, params, streaks)
        return lambda m: not inner(m)
    if isinstance(expr, ast.ForWeeks):
        inner = compile_expr(expr.condition, params, streaks)
        weeks = expr.weeks
        count = params[weeks] if isinstance(weeks, str) else weeks
        needed = int(count)  # type: ignore[call-overload]
        index = len(streaks)
        streaks.append((inner, needed))
        return lambda m: m.streaks[index] >= needed
    raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover


def _binop(expr: ast.BinOp, params: Mapping[str, object], streaks: list[tuple[Fn, int]]) -> Fn:
    left = compile_expr(expr.left, params, streaks)
    right = compile_expr(expr.right, params, streaks)
    op = _ARITH[expr.op]

    def arith(m: Any) -> Any:
        a = left(m)
        if a is None:
            return None
        b = right(m)
        if b is None:
            return None
        if isinstance(b, Percent) and not isinstance(a, Percent) and expr.op in "+-":
            # ``load + 5%``: five percent more than the load.
            factor = 1 + float(b) / 100 if expr.op == "+" else 1 - float(b) / 100
            return a * factor
        try:
            return op(a, b)
        except ZeroDivisionError:
            return None

    return arith


def _compare(expr: ast.Compare, params: Mapping[str, object], streaks: list[tuple[Fn, int]]) -> Fn:
    left = compile_expr(expr.left, params, streaks)
    right = compile_expr(expr.right, params, streaks)
    op = _COMPARE[expr.op]
    if isinstance(expr.right, ast.Number | ast.Quantity):
        value = right(None)

        def against_constant(m: Any) -> bool:
            a = left(m)
            return a is not None and op(a, value)

        return against_constant

    def compare(m: Any) -> bool:
        a = left(m)
        if a is None:
            return False
        b = right(m)
        return b is not None and op(a, b)

    return compare


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
