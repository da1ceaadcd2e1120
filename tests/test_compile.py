"""Compiled conditions mean what the language reference says they mean.

The engine evaluates conditions as generated Python functions
(:mod:`stridelift.core.engine.codegen`). These tests hold them to a plain
tree-walking evaluator written from the reference's rules (``None`` is a
metric that was not logged: arithmetic with it gives ``None``, a comparison
with it is false; ``x + 5%`` is five percent more; division by zero is
``None``), over generated expressions and metric values.
"""

from __future__ import annotations

import operator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from stridelift.core.engine.codegen import Percent, compile_expr, compile_first, compile_ticks
from stridelift.core.engine.metrics import Metrics
from stridelift.core.language import ast

NUMBERS = ("reps", "rpe", "load", "fatigue")
ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def reference(expr: ast.Expr, m: Metrics, params: dict[str, object]) -> Any:
    """The reference's rules, one node at a time."""
    if isinstance(expr, ast.Number):
        return expr.value
    if isinstance(expr, ast.Quantity):
        return Percent(expr.value) if expr.unit == "%" else expr.value
    if isinstance(expr, ast.Name):
        return params[expr.id] if expr.id in params else getattr(m, expr.id)
    if isinstance(expr, ast.Unary):
        v = reference(expr.operand, m, params)
        return v if expr.op == "+" or v is None else -v
    if isinstance(expr, ast.BinOp):
        a, b = reference(expr.left, m, params), reference(expr.right, m, params)
        if a is None or b is None:
            return None
        if isinstance(b, Percent) and not isinstance(a, Percent) and expr.op in "+-":
            return a * (1 + b / 100 if expr.op == "+" else 1 - b / 100)
        try:
            return ARITH[expr.op](a, b)
        except ZeroDivisionError:
            return None
    if isinstance(expr, ast.Compare):
        a, b = reference(expr.left, m, params), reference(expr.right, m, params)
        return a is not None and b is not None and COMPARE[expr.op](a, b)
    if isinstance(expr, ast.IsTest):
        v = reference(expr.subject, m, params)
        if expr.negated:
            return v is not None and v != expr.word.name
        return v == expr.word.name
    if isinstance(expr, ast.BoolOp):
        values = [bool(reference(o, m, params)) for o in expr.operands]
        return all(values) if expr.op == "and" else any(values)
    if isinstance(expr, ast.Not):
        # Not known stays not known (`not completed` in a week with nothing logged).
        inner = reference(expr.operand, m, params)
        return None if inner is None else not inner
    raise AssertionError(expr)


numbers = st.one_of(
    st.sampled_from((*NUMBERS, "high")).map(ast.Name),
    st.floats(-20, 20, allow_nan=False).map(lambda v: ast.Number(round(v, 2))),
    st.sampled_from([0.0, 8.0, 12.0]).map(ast.Number),
    st.sampled_from([5.0, 10.0]).map(lambda v: ast.Quantity(v, "%")),
)


def arithmetic(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.builds(ast.BinOp, st.sampled_from(list(ARITH)), children, children),
        st.builds(ast.Unary, st.sampled_from(["+", "-"]), children),
    )


values = st.recursive(numbers, arithmetic, max_leaves=4)
comparisons = st.one_of(
    st.builds(ast.Compare, st.sampled_from(list(COMPARE)), values, values),
    st.builds(
        ast.IsTest,
        st.just(ast.Name("form")),
        st.sampled_from(["good", "ok", "poor"]).map(ast.Word),
        st.booleans(),
    ),
    st.just(ast.Name("completed")),
)


def logic(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.builds(
            ast.BoolOp,
            st.sampled_from(["and", "or"]),
            st.lists(children, min_size=2, max_size=3).map(tuple),
        ),
        st.builds(ast.Not, children),
    )


conditions = st.recursive(comparisons, logic, max_leaves=6)
logged = st.one_of(st.none(), st.sampled_from([0.0, 7.0, 8.0, 12.0, -3.5]))


@st.composite
def metrics(draw: st.DrawFn) -> Metrics:
    m = Metrics()
    for name in NUMBERS:
        setattr(m, name, draw(logged))
    m.completed = draw(st.one_of(st.none(), st.booleans()))
    m.form = draw(st.sampled_from([None, "good", "ok", "poor"]))
    return m


@settings(max_examples=400, deadline=None)
@given(conditions, metrics())
def test_a_compiled_condition_agrees_with_the_reference(expr: ast.Expr, m: Metrics) -> None:
    params: dict[str, object] = {"high": 12.0}
    assert compile_expr(expr, params, [])(m) == reference(expr, m, params)


@settings(max_examples=300, deadline=None)
@given(values, metrics())
def test_compiled_arithmetic_agrees_with_the_reference(expr: ast.Expr, m: Metrics) -> None:
    params: dict[str, object] = {"high": 12.0}
    found, expected = compile_expr(expr, params, [])(m), reference(expr, m, params)
    assert (found is None) == (expected is None)
    if expected is not None:
        assert found == expected or abs(found - expected) <= 1e-9 * max(1.0, abs(expected))
        assert isinstance(found, Percent) == isinstance(expected, Percent)


@settings(max_examples=200, deadline=None)
@given(st.lists(conditions, min_size=1, max_size=4), st.booleans(), metrics())
def test_first_match_wins(clauses: list[ast.Expr], otherwise: bool, m: Metrics) -> None:
    written: list[tuple[ast.Expr | None, object]] = [(c, i) for i, c in enumerate(clauses)]
    if otherwise:
        written.append((None, "otherwise"))
    expected = next(
        (i for i, c in enumerate(clauses) if reference(c, m, {"high": 12.0})),
        "otherwise" if otherwise else None,
    )
    assert compile_first(written, {"high": 12.0}, [])(m) == expected


def test_for_n_weeks_counts_weeks_in_a_row_and_restarts() -> None:
    hard = ast.Compare(">=", ast.Name("rpe"), ast.Number(9.5))
    streaks: list[Any] = []
    first = compile_first([(ast.ForWeeks(hard, 2), "back off")], {}, streaks)
    tick = compile_ticks(streaks)
    counters = [0]
    m = Metrics()
    m.streaks = counters
    seen = []
    for rpe in (10.0, 9.5, 8.0, 9.5, None, 10.0, 10.0):
        m.rpe = rpe
        tick(m, counters)
        seen.append(first(m))
    assert seen == [None, "back off", None, None, None, None, "back off"]


def test_a_parameter_that_is_not_a_plain_number_is_bound_by_name() -> None:
    expr = ast.BinOp("+", ast.Name("load"), ast.Name("step"))
    m = Metrics()
    m.load = 100.0
    assert compile_expr(expr, {"step": Percent(5.0)}, [])(m) == 105.0
