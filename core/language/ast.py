"""The typed syntax tree of a stride file.

Every node is an immutable value with a :class:`Span`. Spans never take part in
equality, so two files that say the same thing in different layouts compare
equal: the formatter's round-trip guarantee is stated in those terms.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, TypeVar

# Spans live with the sources they point into; the syntax tree re-exports them.
from stridelift.core.source import NO_SPAN as NO_SPAN
from stridelift.core.source import Span as Span

_T = TypeVar("_T")


_set = object.__setattr__


class Node:
    """Base of every syntax-tree class: immutable, equal and hashed by value
    (spans and other positions excluded), with a readable repr.

    The classes are written out rather than made with ``@dataclass``: building
    some fifty dataclasses cost a cold ``stridelift check`` about 70 ms, more
    than the whole check of a program.
    """

    __slots__ = ()
    _compare: tuple[str, ...] = ()
    _repr: tuple[str, ...] | None = None

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._compare)

    def __hash__(self) -> int:
        return hash((self.__class__, *(getattr(self, name) for name in self._compare)))

    def __repr__(self) -> str:
        names = self._compare if self._repr is None else self._repr
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__name__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: syntax trees are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: syntax trees are immutable")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # __slots__ lists the constructor's parameters in order.
        slots: tuple[str, ...] = getattr(self, "__slots__", ())
        return (self.__class__, tuple(getattr(self, name) for name in slots))


# ---------------------------------------------------------------- values


class Quantity(Node):
    """A number with a unit: ``16kg``, ``30s``, ``10min``, ``400m``, ``75%``."""

    __slots__ = ("value", "unit", "span")
    _compare = ("value", "unit")

    value: float
    unit: str
    span: Span

    def __init__(self, value: float, unit: str, span: Span = NO_SPAN) -> None:
        _set(self, "value", value)
        _set(self, "unit", unit)
        _set(self, "span", span)


class Word(Node):
    """A bare word used as a value: a band level, a form grade, a phase name."""

    __slots__ = ("name", "span")
    _compare = ("name",)

    name: str
    span: Span

    def __init__(self, name: str, span: Span = NO_SPAN) -> None:
        _set(self, "name", name)
        _set(self, "span", span)


class LoadRange(Node):
    """``2kg to 30kg by 2kg``: evenly spaced loads, as dumbbell racks come."""

    __slots__ = ("low", "high", "step", "span")
    _compare = ("low", "high", "step")

    low: Quantity
    high: Quantity
    step: Quantity
    span: Span

    def __init__(self, low: Quantity, high: Quantity, step: Quantity, span: Span = NO_SPAN) -> None:
        _set(self, "low", low)
        _set(self, "high", high)
        _set(self, "step", step)
        _set(self, "span", span)


class Range(Node):
    """``8..12``: an inclusive range of numbers."""

    __slots__ = ("low", "high", "span")
    _compare = ("low", "high")

    low: float
    high: float
    span: Span

    def __init__(self, low: float, high: float, span: Span = NO_SPAN) -> None:
        _set(self, "low", low)
        _set(self, "high", high)
        _set(self, "span", span)


class WeeksValue(Node):
    """``2 weeks``."""

    __slots__ = ("count", "span")
    _compare = ("count",)

    count: float
    span: Span

    def __init__(self, count: float, span: Span = NO_SPAN) -> None:
        _set(self, "count", count)
        _set(self, "span", span)


# ---------------------------------------------------------------- expressions


class Number(Node):
    __slots__ = ("value", "span")
    _compare = ("value",)

    value: float
    span: Span

    def __init__(self, value: float, span: Span = NO_SPAN) -> None:
        _set(self, "value", value)
        _set(self, "span", span)


class Name(Node):
    __slots__ = ("id", "span")
    _compare = ("id",)

    id: str
    span: Span

    def __init__(self, id: str, span: Span = NO_SPAN) -> None:
        _set(self, "id", id)
        _set(self, "span", span)


class Unary(Node):
    __slots__ = ("op", "operand", "span")
    _compare = ("op", "operand")

    op: Literal["+", "-"]
    operand: Expr
    span: Span

    def __init__(self, op: Literal["+", "-"], operand: Expr, span: Span = NO_SPAN) -> None:
        _set(self, "op", op)
        _set(self, "operand", operand)
        _set(self, "span", span)


class BinOp(Node):
    __slots__ = ("op", "left", "right", "span")
    _compare = ("op", "left", "right")

    op: Literal["+", "-", "*", "/"]
    left: Expr
    right: Expr
    span: Span

    def __init__(
        self, op: Literal["+", "-", "*", "/"], left: Expr, right: Expr, span: Span = NO_SPAN
    ) -> None:
        _set(self, "op", op)
        _set(self, "left", left)
        _set(self, "right", right)
        _set(self, "span", span)


class Compare(Node):
    __slots__ = ("op", "left", "right", "span")
    _compare = ("op", "left", "right")

    op: Literal["==", "!=", "<", "<=", ">", ">="]
    left: Expr
    right: Expr
    span: Span

    def __init__(
        self,
        op: Literal["==", "!=", "<", "<=", ">", ">="],
        left: Expr,
        right: Expr,
        span: Span = NO_SPAN,
    ) -> None:
        _set(self, "op", op)
        _set(self, "left", left)
        _set(self, "right", right)
        _set(self, "span", span)


class IsTest(Node):
    """``form is poor`` / ``phase is not taper``."""

    __slots__ = ("subject", "word", "negated", "span")
    _compare = ("subject", "word", "negated")

    subject: Expr
    word: Word
    negated: bool
    span: Span

    def __init__(
        self, subject: Expr, word: Word, negated: bool = False, span: Span = NO_SPAN
    ) -> None:
        _set(self, "subject", subject)
        _set(self, "word", word)
        _set(self, "negated", negated)
        _set(self, "span", span)


class BoolOp(Node):
    __slots__ = ("op", "operands", "span")
    _compare = ("op", "operands")

    op: Literal["and", "or"]
    operands: tuple[Expr, ...]
    span: Span

    def __init__(
        self, op: Literal["and", "or"], operands: tuple[Expr, ...], span: Span = NO_SPAN
    ) -> None:
        _set(self, "op", op)
        _set(self, "operands", operands)
        _set(self, "span", span)


class Not(Node):
    __slots__ = ("operand", "span")
    _compare = ("operand",)

    operand: Expr
    span: Span

    def __init__(self, operand: Expr, span: Span = NO_SPAN) -> None:
        _set(self, "operand", operand)
        _set(self, "span", span)


class ForWeeks(Node):
    """``<condition> for N weeks``: held in each of the last N weeks."""

    __slots__ = ("condition", "weeks", "span")
    _compare = ("condition", "weeks")

    condition: Expr
    weeks: int | str
    span: Span

    def __init__(self, condition: Expr, weeks: int | str, span: Span = NO_SPAN) -> None:
        _set(self, "condition", condition)
        _set(self, "weeks", weeks)
        _set(self, "span", span)


Expr: TypeAlias = (
    "Number | Quantity | Name | Unary | BinOp | Compare | IsTest | BoolOp | Not | ForWeeks"
)
ArgValue: TypeAlias = "Expr | Range | WeeksValue"


# ---------------------------------------------------------------- calls


class Arg(Node):
    __slots__ = ("name", "value", "span")
    _compare = ("name", "value")

    name: str | None
    value: ArgValue
    span: Span

    def __init__(self, name: str | None, value: ArgValue, span: Span = NO_SPAN) -> None:
        _set(self, "name", name)
        _set(self, "value", value)
        _set(self, "span", span)


class Call(Node):
    """``double(8..12, +4kg)``; ``ladder`` has ``args == ()``."""

    __slots__ = ("name", "args", "span")
    _compare = ("name", "args")

    name: str
    args: tuple[Arg, ...]
    span: Span

    def __init__(self, name: str, args: tuple[Arg, ...] = (), span: Span = NO_SPAN) -> None:
        _set(self, "name", name)
        _set(self, "args", args)
        _set(self, "span", span)


# ---------------------------------------------------------------- prescriptions


class Reps(Node):
    __slots__ = ("count", "span")
    _compare = ("count",)

    count: int
    span: Span

    def __init__(self, count: int, span: Span = NO_SPAN) -> None:
        _set(self, "count", count)
        _set(self, "span", span)


class RepRange(Node):
    __slots__ = ("low", "high", "span")
    _compare = ("low", "high")

    low: int
    high: int
    span: Span

    def __init__(self, low: int, high: int, span: Span = NO_SPAN) -> None:
        _set(self, "low", low)
        _set(self, "high", high)
        _set(self, "span", span)


class Measured(Node):
    """A timed hold (``30s``) or a carry distance (``40m``)."""

    __slots__ = ("quantity", "span")
    _compare = ("quantity",)

    quantity: Quantity
    span: Span

    def __init__(self, quantity: Quantity, span: Span = NO_SPAN) -> None:
        _set(self, "quantity", quantity)
        _set(self, "span", span)


class Amrap(Node):
    __slots__ = ("span",)
    _compare = ()

    span: Span

    def __init__(self, span: Span = NO_SPAN) -> None:
        _set(self, "span", span)


Amount: TypeAlias = "Reps | RepRange | Measured | Amrap"


class Prescription(Node):
    __slots__ = ("sets", "amount", "per_side", "span")
    _compare = ("sets", "amount", "per_side")

    sets: int | None
    amount: Amount
    per_side: bool
    span: Span

    def __init__(
        self, sets: int | None, amount: Amount, per_side: bool = False, span: Span = NO_SPAN
    ) -> None:
        _set(self, "sets", sets)
        _set(self, "amount", amount)
        _set(self, "per_side", per_side)
        _set(self, "span", span)


class WeightLoad(Node):
    __slots__ = ("quantity", "span")
    _compare = ("quantity",)

    quantity: Quantity
    span: Span

    def __init__(self, quantity: Quantity, span: Span = NO_SPAN) -> None:
        _set(self, "quantity", quantity)
        _set(self, "span", span)


class PercentLoad(Node):
    """``75% 1rm``: resolved against the estimated 1RM at evaluation time."""

    __slots__ = ("percent", "span")
    _compare = ("percent",)

    percent: float
    span: Span

    def __init__(self, percent: float, span: Span = NO_SPAN) -> None:
        _set(self, "percent", percent)
        _set(self, "span", span)


class BodyweightLoad(Node):
    __slots__ = ("span",)
    _compare = ()

    span: Span

    def __init__(self, span: Span = NO_SPAN) -> None:
        _set(self, "span", span)


class BandLoad(Node):
    __slots__ = ("level", "span")
    _compare = ("level",)

    level: str
    span: Span

    def __init__(self, level: str, span: Span = NO_SPAN) -> None:
        _set(self, "level", level)
        _set(self, "span", span)


Load: TypeAlias = "WeightLoad | PercentLoad | BodyweightLoad | BandLoad"


class Effort(Node):
    __slots__ = ("kind", "value", "span")
    _compare = ("kind", "value")

    kind: Literal["rpe", "rir"]
    value: float
    span: Span

    def __init__(self, kind: Literal["rpe", "rir"], value: float, span: Span = NO_SPAN) -> None:
        _set(self, "kind", kind)
        _set(self, "value", value)
        _set(self, "span", span)


class Tempo(Node):
    """Four figures, eccentric-pause-concentric-pause; ``X`` is explosive."""

    __slots__ = ("text", "span")
    _compare = ("text",)

    text: str
    span: Span

    def __init__(self, text: str, span: Span = NO_SPAN) -> None:
        _set(self, "text", text)
        _set(self, "span", span)

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.text.split("-"))


class ExerciseLine(Node):
    __slots__ = (
        "name",
        "prescription",
        "load",
        "effort",
        "tempo",
        "rest",
        "progress",
        "cue",
        "span",
        "name_span",
    )
    _compare = ("name", "prescription", "load", "effort", "tempo", "rest", "progress", "cue")

    name: str
    prescription: Prescription | None
    load: Load | None
    effort: Effort | None
    tempo: Tempo | None
    rest: Quantity | None
    progress: Call | None
    cue: str | None
    span: Span
    name_span: Span

    def __init__(
        self,
        name: str,
        prescription: Prescription | None = None,
        load: Load | None = None,
        effort: Effort | None = None,
        tempo: Tempo | None = None,
        rest: Quantity | None = None,
        progress: Call | None = None,
        cue: str | None = None,
        span: Span = NO_SPAN,
        name_span: Span = NO_SPAN,
    ) -> None:
        _set(self, "name", name)
        _set(self, "prescription", prescription)
        _set(self, "load", load)
        _set(self, "effort", effort)
        _set(self, "tempo", tempo)
        _set(self, "rest", rest)
        _set(self, "progress", progress)
        _set(self, "cue", cue)
        _set(self, "span", span)
        _set(self, "name_span", name_span)


class Group(Node):
    """Exercises done in alternation: a superset, or a circuit of N rounds."""

    __slots__ = ("kind", "exercises", "rounds", "rest", "span", "end_line")
    _compare = ("kind", "exercises", "rounds", "rest")

    kind: Literal["superset", "circuit"]
    exercises: tuple[ExerciseLine, ...]
    rounds: int | None
    rest: Quantity | None
    span: Span
    end_line: int

    def __init__(
        self,
        kind: Literal["superset", "circuit"],
        exercises: tuple[ExerciseLine, ...],
        rounds: int | None = None,
        rest: Quantity | None = None,
        span: Span = NO_SPAN,
        end_line: int = 0,
    ) -> None:
        _set(self, "kind", kind)
        _set(self, "exercises", exercises)
        _set(self, "rounds", rounds)
        _set(self, "rest", rest)
        _set(self, "span", span)
        _set(self, "end_line", end_line)


Entry: TypeAlias = "ExerciseLine | Group"
PhaseKind = Literal["warmup", "main", "accessory", "cooldown"]
PHASES: tuple[PhaseKind, ...] = ("warmup", "main", "accessory", "cooldown")


class Phase(Node):
    """One line or block of a session: ``main goblet_squat ...`` or ``warmup 10min {...}``."""

    __slots__ = ("kind", "entries", "duration", "block", "span", "end_line")
    _compare = ("kind", "entries", "duration", "block")

    kind: PhaseKind
    entries: tuple[Entry, ...]
    duration: Quantity | None
    block: bool
    span: Span
    end_line: int

    def __init__(
        self,
        kind: PhaseKind,
        entries: tuple[Entry, ...],
        duration: Quantity | None = None,
        block: bool = False,
        span: Span = NO_SPAN,
        end_line: int = 0,
    ) -> None:
        _set(self, "kind", kind)
        _set(self, "entries", entries)
        _set(self, "duration", duration)
        _set(self, "block", block)
        _set(self, "span", span)
        _set(self, "end_line", end_line)


class Session(Node):
    __slots__ = ("name", "phases", "title", "span", "end_line")
    _compare = ("name", "phases", "title")

    name: str
    phases: tuple[Phase, ...]
    title: str | None
    span: Span
    end_line: int

    def __init__(
        self,
        name: str,
        phases: tuple[Phase, ...],
        title: str | None = None,
        span: Span = NO_SPAN,
        end_line: int = 0,
    ) -> None:
        _set(self, "name", name)
        _set(self, "phases", phases)
        _set(self, "title", title)
        _set(self, "span", span)
        _set(self, "end_line", end_line)

    def exercises(self) -> tuple[tuple[Phase, ExerciseLine], ...]:
        found: list[tuple[Phase, ExerciseLine]] = []
        for phase in self.phases:
            for entry in phase.entries:
                members = entry.exercises if isinstance(entry, Group) else (entry,)
                found.extend((phase, member) for member in members)
        return tuple(found)


# ---------------------------------------------------------------- progressions and rules


# ---------------------------------------------------------------- progressions and rules


class Param(Node):
    __slots__ = ("name", "type", "default", "span")
    _compare = ("name", "type", "default")

    name: str
    type: str | None
    default: ArgValue | None
    span: Span

    def __init__(
        self,
        name: str,
        type: str | None = None,
        default: ArgValue | None = None,
        span: Span = NO_SPAN,
    ) -> None:
        _set(self, "name", name)
        _set(self, "type", type)
        _set(self, "default", default)
        _set(self, "span", span)


class RangeParam(Node):
    """``low..high``: bound by one range argument such as ``8..12``."""

    __slots__ = ("low", "high", "type", "span")
    _compare = ("low", "high", "type")

    low: str
    high: str
    type: str | None
    span: Span

    def __init__(self, low: str, high: str, type: str | None = None, span: Span = NO_SPAN) -> None:
        _set(self, "low", low)
        _set(self, "high", high)
        _set(self, "type", type)
        _set(self, "span", span)


class SetAction(Node):
    """``load += step``, ``reps = low``, ``sets -= 1``, ``tempo = 3-1-1-0``."""

    __slots__ = ("target", "op", "value", "span")
    _compare = ("target", "op", "value")

    target: str
    op: Literal["=", "+=", "-=", "*="]
    value: Expr | Tempo
    span: Span

    def __init__(
        self,
        target: str,
        op: Literal["=", "+=", "-=", "*="],
        value: Expr | Tempo,
        span: Span = NO_SPAN,
    ) -> None:
        _set(self, "target", target)
        _set(self, "op", op)
        _set(self, "value", value)
        _set(self, "span", span)


class SimpleAction(Node):
    """``hold``, ``deload``, ``advance`` (next ladder variant) or ``regress``."""

    __slots__ = ("kind", "span")
    _compare = ("kind",)

    kind: Literal["hold", "deload", "advance", "regress"]
    span: Span

    def __init__(
        self, kind: Literal["hold", "deload", "advance", "regress"], span: Span = NO_SPAN
    ) -> None:
        _set(self, "kind", kind)
        _set(self, "span", span)


class NoteAction(Node):
    __slots__ = ("text", "span")
    _compare = ("text",)

    text: str
    span: Span

    def __init__(self, text: str, span: Span = NO_SPAN) -> None:
        _set(self, "text", text)
        _set(self, "span", span)


Action: TypeAlias = "SetAction | SimpleAction | NoteAction"


class Clause(Node):
    """``when <condition>: <actions>``; ``condition is None`` for ``otherwise``."""

    __slots__ = ("condition", "actions", "span")
    _compare = ("condition", "actions")

    condition: Expr | None
    actions: tuple[Action, ...]
    span: Span

    def __init__(
        self, condition: Expr | None, actions: tuple[Action, ...], span: Span = NO_SPAN
    ) -> None:
        _set(self, "condition", condition)
        _set(self, "actions", actions)
        _set(self, "span", span)


class ProgressionDef(Node):
    __slots__ = ("name", "params", "clauses", "span", "end_line")
    _compare = ("name", "params", "clauses")

    name: str
    params: tuple[Param | RangeParam, ...]
    clauses: tuple[Clause, ...]
    span: Span
    end_line: int

    def __init__(
        self,
        name: str,
        params: tuple[Param | RangeParam, ...],
        clauses: tuple[Clause, ...],
        span: Span = NO_SPAN,
        end_line: int = 0,
    ) -> None:
        _set(self, "name", name)
        _set(self, "params", params)
        _set(self, "clauses", clauses)
        _set(self, "span", span)
        _set(self, "end_line", end_line)

    def param_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for param in self.params:
            names.extend(
                (param.low, param.high) if isinstance(param, RangeParam) else (param.name,)
            )
        return tuple(names)


class ScopeItem(Node):
    __slots__ = ("kind", "name", "span")
    _compare = ("kind", "name")

    kind: Literal["phase", "pattern", "session", "exercise"]
    name: str
    span: Span

    def __init__(
        self,
        kind: Literal["phase", "pattern", "session", "exercise"],
        name: str,
        span: Span = NO_SPAN,
    ) -> None:
        _set(self, "kind", kind)
        _set(self, "name", name)
        _set(self, "span", span)


class Rule(Node):
    __slots__ = ("title", "scope", "clauses", "span", "end_line")
    _compare = ("title", "scope", "clauses")

    title: str
    scope: tuple[ScopeItem, ...]
    clauses: tuple[Clause, ...]
    span: Span
    end_line: int

    def __init__(
        self,
        title: str,
        scope: tuple[ScopeItem, ...],
        clauses: tuple[Clause, ...],
        span: Span = NO_SPAN,
        end_line: int = 0,
    ) -> None:
        _set(self, "title", title)
        _set(self, "scope", scope)
        _set(self, "clauses", clauses)
        _set(self, "span", span)
        _set(self, "end_line", end_line)


# ---------------------------------------------------------------- program header


class Units(Node):
    __slots__ = ("name", "span")
    _compare = ("name",)

    name: str
    span: Span

    def __init__(self, name: str, span: Span = NO_SPAN) -> None:
        _set(self, "name", name)
        _set(self, "span", span)


class EquipmentItem(Node):
    __slots__ = ("name", "values", "span")
    _compare = ("name", "values")

    name: str
    values: tuple[Quantity | Word | LoadRange, ...]
    span: Span

    def __init__(
        self, name: str, values: tuple[Quantity | Word | LoadRange, ...] = (), span: Span = NO_SPAN
    ) -> None:
        _set(self, "name", name)
        _set(self, "values", values)
        _set(self, "span", span)


class Equipment(Node):
    __slots__ = ("items", "span")
    _compare = ("items",)

    items: tuple[EquipmentItem, ...]
    span: Span

    def __init__(self, items: tuple[EquipmentItem, ...], span: Span = NO_SPAN) -> None:
        _set(self, "items", items)
        _set(self, "span", span)


class Weeks(Node):
    __slots__ = ("count", "span")
    _compare = ("count",)

    count: int
    span: Span

    def __init__(self, count: int, span: Span = NO_SPAN) -> None:
        _set(self, "count", count)
        _set(self, "span", span)


class Periodization(Node):
    __slots__ = ("call", "span")
    _compare = ("call",)

    call: Call
    span: Span

    def __init__(self, call: Call, span: Span = NO_SPAN) -> None:
        _set(self, "call", call)
        _set(self, "span", span)


class Deload(Node):
    """``deload every 4 weeks``, ``deload weeks 4, 8`` or ``deload none``."""

    __slots__ = ("every", "weeks", "span")
    _compare = ("every", "weeks")

    every: int | None
    weeks: tuple[int, ...]
    span: Span

    def __init__(
        self, every: int | None = None, weeks: tuple[int, ...] = (), span: Span = NO_SPAN
    ) -> None:
        _set(self, "every", every)
        _set(self, "weeks", weeks)
        _set(self, "span", span)


class ScheduleEntry(Node):
    __slots__ = ("day", "session", "span")
    _compare = ("day", "session")

    day: str
    session: str
    span: Span

    def __init__(self, day: str, session: str, span: Span = NO_SPAN) -> None:
        _set(self, "day", day)
        _set(self, "session", session)
        _set(self, "span", span)


class Schedule(Node):
    __slots__ = ("entries", "span")
    _compare = ("entries",)

    entries: tuple[ScheduleEntry, ...]
    span: Span

    def __init__(self, entries: tuple[ScheduleEntry, ...], span: Span = NO_SPAN) -> None:
        _set(self, "entries", entries)
        _set(self, "span", span)


class TimeBudget(Node):
    __slots__ = ("duration", "span")
    _compare = ("duration",)

    duration: Quantity
    span: Span

    def __init__(self, duration: Quantity, span: Span = NO_SPAN) -> None:
        _set(self, "duration", duration)
        _set(self, "span", span)


class Include(Node):
    __slots__ = ("path", "span")
    _compare = ("path",)

    path: str
    span: Span

    def __init__(self, path: str, span: Span = NO_SPAN) -> None:
        _set(self, "path", path)
        _set(self, "span", span)


Fragment: TypeAlias = "Include | Session | ProgressionDef | Rule"
ProgramItem: TypeAlias = (
    "Units | Equipment | Weeks | Periodization | Deload | Schedule | TimeBudget"
    " | Include | Session | ProgressionDef | Rule"
)


class Program(Node):
    __slots__ = ("title", "body", "span", "end_line")
    _compare = ("title", "body")

    title: str
    body: tuple[ProgramItem, ...]
    span: Span
    end_line: int

    def __init__(
        self, title: str, body: tuple[ProgramItem, ...], span: Span = NO_SPAN, end_line: int = 0
    ) -> None:
        _set(self, "title", title)
        _set(self, "body", body)
        _set(self, "span", span)
        _set(self, "end_line", end_line)

    def first(self, kind: type[_T]) -> _T | None:
        for item in self.body:
            if isinstance(item, kind):
                return item
        return None

    def all(self, kind: type[_T]) -> tuple[_T, ...]:
        return tuple(item for item in self.body if isinstance(item, kind))


class Document(Node):
    """A whole file: a program, or a fragment of sessions, progressions and rules."""

    __slots__ = ("items", "span")
    _compare = ("items",)

    items: tuple[Program | Fragment, ...]
    span: Span

    def __init__(self, items: tuple[Program | Fragment, ...], span: Span = NO_SPAN) -> None:
        _set(self, "items", items)
        _set(self, "span", span)

    @property
    def program(self) -> Program | None:
        for item in self.items:
            if isinstance(item, Program):
                return item
        return None


# ---------------------------------------------------------------- plain-data form


_CLASSES: dict[str, type[Node]] = {}


def to_data(value: object) -> object:
    """``value`` as nested tuples, lists and scalars that :mod:`marshal` can store."""
    if isinstance(value, Span):
        return ("@Span", value.line, value.column, value.end_line, value.end_column)
    if isinstance(value, Node):
        slots: tuple[str, ...] = getattr(value, "__slots__", ())
        return ("@" + type(value).__name__, *(to_data(getattr(value, n)) for n in slots))
    if isinstance(value, tuple):
        return [to_data(item) for item in value]
    return value


def from_data(data: object) -> Any:
    """The inverse of :func:`to_data`."""
    if isinstance(data, tuple):
        if not _CLASSES:
            _CLASSES.update(
                (cls.__name__, cls)
                for cls in globals().values()
                if isinstance(cls, type) and issubclass(cls, Node)
            )
        if data[0] == "@Span":
            return Span(*data[1:])
        cls = _CLASSES[data[0][1:]]
        return cls(*(from_data(item) for item in data[1:]))
    if isinstance(data, list):
        return tuple(from_data(item) for item in data)
    return data
