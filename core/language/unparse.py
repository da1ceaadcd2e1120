"""Syntax-tree nodes back to stride text: numbers, expressions, calls, statements.

The formatter lays these pieces out into whole files; the engine uses them to
quote a rule's condition or a progression call in an explanation. Neither
needs the other, so they live apart.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from stridelift.core.language import ast

__all__ = [
    "format_call",
    "format_clause",
    "format_exercise",
    "format_expr",
    "format_group_head",
    "format_number",
    "format_param",
    "format_phase_head",
    "format_scope_item",
    "format_setting",
    "format_setting_value",
    "format_statement",
    "format_string",
]


def format_number(value: float) -> str:
    """``8`` (never ``8.0``), ``9.5``; never exponent notation, which the grammar lacks.

    A literal the parser kept as written (``2.50``, ``08``) prints as written."""
    spelled = ast.spelling(value)
    if spelled is not None:
        return spelled
    if isinstance(value, int):
        return str(value)
    if math.isinf(value):  # only a literal too long for a float parses to infinity
        return "1" + "0" * 400
    if math.isnan(value):  # pragma: no cover - the grammar cannot write one
        return "0"
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def format_string(text: str) -> str:
    """A quoted string literal; ``\\`` and ``"`` are escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quantity(q: ast.Quantity) -> str:
    return f"{format_number(q.value)}{q.unit}"


def _weeks(count: float | int | str) -> str:
    if isinstance(count, str):
        return f"{count} weeks"
    return f"{format_number(count)} {'week' if count == 1 else 'weeks'}"


# ---------------------------------------------------------------- expressions

# Binding strength, lowest to highest. ``for N weeks`` binds loosest of all.
_FOR, _OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _ATOM = range(9)


def _precedence(expr: ast.Expr) -> int:
    if isinstance(expr, ast.ForWeeks):
        return _FOR
    if isinstance(expr, ast.BoolOp):
        return _OR if expr.op == "or" else _AND
    if isinstance(expr, ast.Not):
        return _NOT
    if isinstance(expr, ast.Compare | ast.IsTest):
        return _COMPARE
    if isinstance(expr, ast.BinOp):
        return _SUM if expr.op in ("+", "-") else _PRODUCT
    if isinstance(expr, ast.Unary):
        return _UNARY
    return _ATOM


def format_expr(expr: ast.Expr, minimum: int = _OR) -> str:
    """``expr`` with the fewest parentheses; wrapped if it binds looser than ``minimum``.

    The default ``minimum`` suits an expression used as a value (an argument, an
    action's right-hand side): a bare ``for N weeks`` is wrapped there. Pass 0 for
    a clause's condition, where ``for N weeks`` may stand bare.
    """
    text = _expr(expr)
    return f"({text})" if _precedence(expr) < minimum else text


def _expr(expr: ast.Expr) -> str:
    if isinstance(expr, ast.Number):
        return format_number(expr.value)
    if isinstance(expr, ast.Quantity):
        return _quantity(expr)
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Apply):
        return f"{expr.function}({expr.argument.id})"
    if isinstance(expr, ast.Unary):
        return expr.op + format_expr(expr.operand, _UNARY)
    if isinstance(expr, ast.BinOp):
        return _binop_chain(expr)
    if isinstance(expr, ast.Compare):
        # Comparisons do not chain: both sides are sums.
        left = format_expr(expr.left, _SUM)
        right = format_expr(expr.right, _SUM)
        return f"{left} {expr.op} {right}"
    if isinstance(expr, ast.IsTest):
        negation = "not " if expr.negated else ""
        return f"{format_expr(expr.subject, _SUM)} is {negation}{expr.word.name}"
    if isinstance(expr, ast.BoolOp):
        # ``a or b or c`` is one node; an operand of the same operator came from parentheses.
        level = _OR if expr.op == "or" else _AND
        return f" {expr.op} ".join(format_expr(operand, level + 1) for operand in expr.operands)
    if isinstance(expr, ast.Not):
        return "not " + format_expr(expr.operand, _NOT)
    if isinstance(expr, ast.ForWeeks):
        return f"{format_expr(expr.condition, _OR)} for {_weeks(expr.weeks)}"
    raise TypeError(f"not an expression: {expr!r}")  # pragma: no cover


def _binop_chain(expr: ast.BinOp) -> str:
    """``a - b * c - d``: walks the left spine in a loop, not by recursion.

    The parser limits nesting by parentheses and prefix operators, but not the
    length of a left-associative chain such as ``a + a + ... + a``, whose tree
    is as deep as the chain is long.
    """
    spine: list[ast.BinOp] = []
    node: ast.Expr = expr
    while isinstance(node, ast.BinOp):
        spine.append(node)
        # Left-associative: a left operand at the same level or tighter needs no parentheses.
        left = node.left
        if not (isinstance(left, ast.BinOp) and _precedence(left) >= _precedence(node)):
            break
        node = left
    deepest = spine[-1]
    parts = [format_expr(deepest.left, _precedence(deepest))]
    for link in reversed(spine):
        # ... and a right operand at the same level needs them.
        parts += [link.op, format_expr(link.right, _precedence(link) + 1)]
    return " ".join(parts)


def _arg_value(value: ast.ArgValue) -> str:
    if isinstance(value, ast.Range):
        return f"{format_number(value.low)}..{format_number(value.high)}"
    if isinstance(value, ast.WeeksValue):
        return _weeks(value.count)
    return format_expr(value)


def _call(call: ast.Call) -> str:
    if not call.args:
        return call.name
    args = ", ".join(
        f"{arg.name}: {_arg_value(arg.value)}" if arg.name is not None else _arg_value(arg.value)
        for arg in call.args
    )
    return f"{call.name}({args})"


def format_call(call: ast.Call) -> str:
    """``double(8..12, +4kg)``: a progression or style call as written canonically."""
    return _call(call)


# ---------------------------------------------------------------- lines


def _prescription(p: ast.Prescription) -> str:
    amount = p.amount
    if isinstance(amount, ast.Reps):
        text = format_number(amount.count)
    elif isinstance(amount, ast.RepRange):
        text = f"{format_number(amount.low)}..{format_number(amount.high)}"
    elif isinstance(amount, ast.Measured):
        text = _quantity(amount.quantity)
    else:
        text = "amrap"
    if p.sets is not None:
        text = f"{format_number(p.sets)} x {text}"
    return text + " per side" if p.per_side else text


def _load(load: ast.Load) -> str:
    if isinstance(load, ast.WeightLoad):
        return _quantity(load.quantity)
    if isinstance(load, ast.PercentLoad):
        return f"{format_number(load.percent)}% 1rm"
    if isinstance(load, ast.BandLoad):
        return f"band {load.level}"
    return "bodyweight"


def _effort(effort: ast.Effort) -> str:
    return f"{effort.kind} {format_number(effort.value)}"


def format_exercise(line: ast.ExerciseLine) -> str:
    parts = [line.name]
    if line.prescription is not None:
        parts.append(_prescription(line.prescription))
    if line.load is not None:
        parts += ["@", _load(line.load)]
        if line.effort is not None:
            parts.append(_effort(line.effort))
    elif line.effort is not None:
        parts += ["@", _effort(line.effort)]
    if line.tempo is not None:
        parts += ["tempo", line.tempo.text]
    if line.rest is not None:
        parts += ["rest", _quantity(line.rest)]
    if line.progress is not None:
        parts += ["progress", _call(line.progress)]
    if line.cue is not None:
        parts += ["cue", format_string(line.cue)]
    return " ".join(parts)


def format_group_head(group: ast.Group) -> str:
    parts: list[str] = [group.kind]
    if group.rounds is not None:
        parts += [format_number(group.rounds), "rounds"]
    if group.rest is not None:
        parts += ["rest", _quantity(group.rest)]
    return " ".join(parts)


def format_phase_head(phase: ast.Phase) -> str:
    if phase.duration is None:
        return phase.kind
    return f"{phase.kind} {_quantity(phase.duration)}"


def _equipment_value(value: ast.Quantity | ast.Word | ast.LoadRange) -> str:
    if isinstance(value, ast.Quantity):
        return _quantity(value)
    if isinstance(value, ast.Word):
        return value.name
    return f"{_quantity(value.low)} to {_quantity(value.high)} by {_quantity(value.step)}"


def format_statement(node: Any) -> str | None:
    """The one line of a header statement or an include; ``None`` for other nodes."""
    if isinstance(node, ast.Units):
        return f"units {node.name}"
    if isinstance(node, ast.Equipment):
        items = (
            " ".join([item.name, *(_equipment_value(v) for v in item.values)])
            for item in node.items
        )
        return "equipment " + ", ".join(items)
    if isinstance(node, ast.Weeks):
        return f"weeks {format_number(node.count)}"
    if isinstance(node, ast.Periodization):
        return f"periodization {_call(node.call)}"
    if isinstance(node, ast.Deload):
        if node.every is not None:
            return f"deload every {_weeks(node.every)}"
        if node.weeks:
            return "deload weeks " + ", ".join(format_number(w) for w in node.weeks)
        return "deload none"
    if isinstance(node, ast.Schedule):
        return "schedule " + ", ".join(f"{e.day}: {e.session}" for e in node.entries)
    if isinstance(node, ast.TimeBudget):
        return f"time budget {_quantity(node.duration)}"
    if isinstance(node, ast.Race):
        if node.name is None:
            return f"race {node.date}"
        return f"race {node.date} {format_string(node.name)}"
    if isinstance(node, ast.Running):
        return "running " + ", ".join(
            f"{e.day}: {e.kind}" + (f" {_quantity(e.amount)}" if e.amount else "")
            for e in node.entries
        )
    if isinstance(node, ast.Include):
        return f"include {format_string(node.path)}"
    return None


def format_assessment_head(node: ast.Assessment) -> str:
    """``assessment``, ``assessment every 6 weeks``, ``assessment every phase``."""
    if node.every_weeks is not None:
        return f"assessment every {_weeks(node.every_weeks)}"
    if node.every_phase:
        return "assessment every phase"
    return "assessment"


def format_assessment_test(node: ast.AssessmentTest) -> str:
    """``goblet_squat 8 rep max``, ``push_up reps to failure``, ``knee_to_wall cm per side``."""
    return assessment_test_text(node.name, node.kind, node.reps, node.unit, node.per_side)


def assessment_test_text(
    name: str, kind: str, reps: int | None, unit: str | None, per_side: bool
) -> str:
    """A test of the assessment as the program writes it (the formatter's and the
    plan's words alike)."""
    if kind == "rep_max":
        text = f"{name} {reps} rep max"
    elif kind == "to_failure":
        text = f"{name} reps to failure"
    else:
        text = f"{name} {unit}"
    return text + " per side" if per_side else text


def format_setting_value(value: ast.SettingValue) -> str:
    """``60%``, ``12``, ``epley``: a value in a ``policy`` block as written canonically."""
    if isinstance(value, ast.Quantity):
        return _quantity(value)
    if isinstance(value, ast.Word):
        return value.name
    return format_number(value.value)


def format_setting(node: ast.PolicySetting | ast.LintLine) -> str:
    """One line of a ``policy`` block: ``deload_sets 60%``, ``lint W211 off``."""
    if isinstance(node, ast.PolicySetting):
        return f"{node.name} {format_setting_value(node.value)}"
    text = f"lint {node.rule} {node.setting}"
    if node.value is not None:
        text += " " + format_setting_value(node.value)
    return text


def format_param(param: ast.Param | ast.RangeParam) -> str:
    text = f"{param.low}..{param.high}" if isinstance(param, ast.RangeParam) else param.name
    if param.type is not None:
        text += f": {param.type}"
    if isinstance(param, ast.Param) and param.default is not None:
        text += f" = {_arg_value(param.default)}"
    return text


def _action(action: ast.Action) -> str:
    if isinstance(action, ast.SetAction):
        value = action.value
        text = value.text if isinstance(value, ast.Tempo) else format_expr(value)
        return f"{action.target} {action.op} {text}"
    if isinstance(action, ast.NoteAction):
        return f"note {format_string(action.text)}"
    return action.kind


def format_clause(clause: ast.Clause) -> str:
    actions = ", ".join(_action(a) for a in clause.actions)
    if clause.condition is None:
        return f"otherwise: {actions}"
    return f"when {format_expr(clause.condition, _FOR)}: {actions}"


def format_scope_item(item: ast.ScopeItem) -> str:
    if item.kind in ("pattern", "session"):
        return f"{item.kind} {item.name}"
    return item.name
