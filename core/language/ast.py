"""The typed syntax tree of a stride file.

Every node is a frozen, slotted dataclass with a :class:`Span`. Spans (and the
other positions: ``end_line``, ``name_span``) never take part in equality, hashing
or the repr, so two files that say the same thing in different layouts compare
equal: the formatter's round-trip guarantee is stated in those terms. Nodes
pickle, so a parsed document can be cached as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias, TypeVar

# Spans live with the sources they point into; the syntax tree re-exports them.
from stridelift.core.source import NO_SPAN as NO_SPAN
from stridelift.core.source import Span as Span
from stridelift.core.source import pickled_by_fields

_T = TypeVar("_T")


# ---------------------------------------------------------------- values


#: A number literal has at most this many digits before its point: more than
#: any amount in a program needs (the ranges of
#: :data:`stridelift.core.units.LIMITS` are far inside it), few enough that every
#: literal is a finite float and an exact one when whole. docs/language.md states it.
MAX_WHOLE_DIGITS = 9


class SpelledFloat(float):
    """A number the formatter must print as the coach wrote it (``2.50``, ``08``).

    It compares, hashes and computes as its value, so two programs that differ
    only in how a number is spelled are the same program; only
    :func:`stridelift.core.language.unparse.format_number` reads :attr:`text`.
    The parser makes one only where the plain value would print differently."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, value: float, text: str) -> SpelledFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[SpelledFloat], tuple[float, str]]:
        return (SpelledFloat, (float(self), self.text))


class SpelledInt(int):
    """A whole number kept as written (``08``); see :class:`SpelledFloat`."""

    text: str

    def __new__(cls, value: int, text: str) -> SpelledInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[SpelledInt], tuple[int, str]]:
        return (SpelledInt, (int(self), self.text))


def spelling(value: float) -> str | None:
    """How the coach wrote ``value``, when the parser kept it."""
    return getattr(value, "text", None)


def quoted_spelling(text: str) -> str:
    """A literal as a message quotes it: whole, or its two ends when it is long."""
    return text if len(text) <= 24 else f"{text[:10]}...{text[-6:]}"


def too_long(value: float) -> bool:
    """A literal with more digits than a program may use (already reported, S010)."""
    text = spelling(value)
    if text is None:
        return False
    return len(text.partition(".")[0]) > MAX_WHOLE_DIGITS


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with a unit: ``16kg``, ``30s``, ``10min``, ``400m``, ``75%``."""

    value: float
    unit: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Word:
    """A bare word used as a value: a band level, a form grade, a phase name."""

    name: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class LoadRange:
    """``2kg to 30kg by 2kg``: evenly spaced loads, as dumbbell racks come."""

    low: Quantity
    high: Quantity
    step: Quantity
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Range:
    """``8..12``: an inclusive range of numbers."""

    low: float
    high: float
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class WeeksValue:
    """``2 weeks``."""

    count: float
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Name:
    id: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Unary:
    op: Literal["+", "-"]
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BinOp:
    op: Literal["+", "-", "*", "/"]
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Compare:
    op: Literal["==", "!=", "<", "<=", ">", ">="]
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class IsTest:
    """``form is poor`` / ``phase is not taper``."""

    subject: Expr
    word: Word
    negated: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: Literal["and", "or"]
    operands: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ForWeeks:
    """``<condition> for N weeks``: held in each of the last N weeks."""

    condition: Expr
    weeks: int | str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Apply:
    """``asymmetry(single_leg_calf_raise)``: a function of the athlete's assessment,
    applied to the name of one of its tests."""

    function: str
    argument: Name
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Expr: TypeAlias = (
    "Number | Quantity | Name | Apply | Unary | BinOp | Compare | IsTest | BoolOp | Not | ForWeeks"
)
ArgValue: TypeAlias = "Expr | Range | WeeksValue"


# ---------------------------------------------------------------- calls


@dataclass(frozen=True, slots=True)
class Arg:
    name: str | None
    value: ArgValue
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Call:
    """``double(8..12, +4kg)``; ``ladder`` has ``args == ()``."""

    name: str
    args: tuple[Arg, ...] = ()
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


# ---------------------------------------------------------------- prescriptions


@dataclass(frozen=True, slots=True)
class Reps:
    count: int
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class RepRange:
    low: int
    high: int
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Measured:
    """A timed hold (``30s``) or a carry distance (``40m``)."""

    quantity: Quantity
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Amrap:
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Amount: TypeAlias = "Reps | RepRange | Measured | Amrap"


@dataclass(frozen=True, slots=True)
class Prescription:
    sets: int | None
    amount: Amount
    per_side: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class WeightLoad:
    quantity: Quantity
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PercentLoad:
    """``75% 1rm``: resolved against the estimated 1RM at evaluation time."""

    percent: float
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BodyweightLoad:
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BandLoad:
    level: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Load: TypeAlias = "WeightLoad | PercentLoad | BodyweightLoad | BandLoad"


@dataclass(frozen=True, slots=True)
class Effort:
    kind: Literal["rpe", "rir"]
    value: float
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Tempo:
    """Four figures, eccentric-pause-concentric-pause; ``X`` is explosive."""

    text: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.text.split("-"))


@dataclass(frozen=True, slots=True)
class ExerciseLine:
    name: str
    prescription: Prescription | None = None
    load: Load | None = None
    effort: Effort | None = None
    tempo: Tempo | None = None
    rest: Quantity | None = None
    progress: Call | None = None
    cue: str | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Group:
    """Exercises done in alternation: a superset, or a circuit of N rounds."""

    kind: Literal["superset", "circuit"]
    exercises: tuple[ExerciseLine, ...]
    rounds: int | None = None
    rest: Quantity | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)


Entry: TypeAlias = "ExerciseLine | Group"
PhaseKind = Literal["warmup", "main", "accessory", "cooldown"]
PHASES: tuple[PhaseKind, ...] = ("warmup", "main", "accessory", "cooldown")


@dataclass(frozen=True, slots=True)
class Phase:
    """One line or block of a session: ``main goblet_squat ...`` or ``warmup 10min {...}``."""

    kind: PhaseKind
    entries: tuple[Entry, ...]
    duration: Quantity | None = None
    block: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Session:
    name: str
    phases: tuple[Phase, ...]
    title: str | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)

    def exercises(self) -> tuple[tuple[Phase, ExerciseLine], ...]:
        found: list[tuple[Phase, ExerciseLine]] = []
        for phase in self.phases:
            for entry in phase.entries:
                members = entry.exercises if isinstance(entry, Group) else (entry,)
                found.extend((phase, member) for member in members)
        return tuple(found)


# ---------------------------------------------------------------- progressions and rules


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str | None = None
    default: ArgValue | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class RangeParam:
    """``low..high``: bound by one range argument such as ``8..12``."""

    low: str
    high: str
    type: str | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SetAction:
    """``load += step``, ``reps = low``, ``sets -= 1``, ``tempo = 3-1-1-0``."""

    target: str
    op: Literal["=", "+=", "-=", "*="]
    value: Expr | Tempo
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SimpleAction:
    """``hold``, ``deload``, ``advance`` (next ladder variant) or ``regress``."""

    kind: Literal["hold", "deload", "advance", "regress"]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class NoteAction:
    text: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Action: TypeAlias = "SetAction | SimpleAction | NoteAction"


@dataclass(frozen=True, slots=True)
class Clause:
    """``when <condition>: <actions>``; ``condition is None`` for ``otherwise``."""

    condition: Expr | None
    actions: tuple[Action, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ProgressionDef:
    name: str
    params: tuple[Param | RangeParam, ...]
    clauses: tuple[Clause, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)

    def param_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for param in self.params:
            names.extend(
                (param.low, param.high) if isinstance(param, RangeParam) else (param.name,)
            )
        return tuple(names)


@dataclass(frozen=True, slots=True)
class ScopeItem:
    kind: Literal["phase", "pattern", "session", "exercise"]
    name: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Rule:
    title: str
    scope: tuple[ScopeItem, ...]
    clauses: tuple[Clause, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)


# ---------------------------------------------------------------- program header


@dataclass(frozen=True, slots=True)
class Units:
    name: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class EquipmentItem:
    name: str
    values: tuple[Quantity | Word | LoadRange, ...] = ()
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Equipment:
    items: tuple[EquipmentItem, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Weeks:
    count: int
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Periodization:
    call: Call
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Deload:
    """``deload every 4 weeks``, ``deload weeks 4, 8`` or ``deload none``."""

    every: int | None = None
    weeks: tuple[int, ...] = ()
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    day: str
    session: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Schedule:
    entries: tuple[ScheduleEntry, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class TimeBudget:
    duration: Quantity
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


SettingValue: TypeAlias = "Number | Quantity | Word"


@dataclass(frozen=True, slots=True)
class PolicySetting:
    """``deload_sets 60%``: one engine setting (a field of ``Policy``) and its value."""

    name: str
    value: SettingValue
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class LintLine:
    """``lint W211 off`` (a severity) or ``lint load-jump threshold 15%`` (a parameter).

    ``rule`` is a code or a name as written; ``value is None`` means ``setting`` is
    a severity word, else ``setting`` names a parameter."""

    rule: str
    setting: str
    value: SettingValue | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    rule_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    setting_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PolicyBlock:
    """``policy { ... }``: the program's own engine and lint settings."""

    settings: tuple[PolicySetting | LintLine, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Race:
    """``race 2027-04-18 "Boston"``: the date as written (the checker reads it)."""

    date: str
    name: str | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    date_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class RunningEntry:
    """``wed: quality`` or ``wed: quality 45min``: the kind of run on a day, and
    optionally how long (a time) or how far (a distance)."""

    day: str
    kind: str
    amount: Quantity | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Running:
    """``running wed: quality, sun: long``: the runner's week of runs."""

    entries: tuple[RunningEntry, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


AssessmentKind: TypeAlias = Literal["rep_max", "to_failure", "measure"]


@dataclass(frozen=True, slots=True)
class AssessmentTest:
    """One test of the assessment: ``goblet_squat 8 rep max`` (the heaviest load for 8
    reps), ``single_leg_calf_raise reps to failure per side``, or a measure in a unit,
    ``knee_to_wall cm per side``."""

    name: str
    kind: AssessmentKind
    #: The reps of a rep-max test.
    reps: int | None = None
    #: The unit of a measure, as written.
    unit: str | None = None
    per_side: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    kind_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Assessment:
    """``assessment every 6 weeks { ... }``: the tests taken before week 1, and when
    to take them again (every N weeks, or at each change of phase)."""

    tests: tuple[AssessmentTest, ...]
    every_weeks: int | None = None
    every_phase: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)
    repeat_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Include:
    path: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


Fragment: TypeAlias = "Include | Session | ProgressionDef | Rule"
ProgramItem: TypeAlias = (
    "Units | Equipment | Weeks | Periodization | Deload | Schedule | TimeBudget"
    " | PolicyBlock | Race | Running | Assessment | Include | Session | ProgressionDef | Rule"
)


@dataclass(frozen=True, slots=True)
class Program:
    title: str
    body: tuple[ProgramItem, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    end_line: int = field(default=0, compare=False, repr=False)

    def first(self, kind: type[_T]) -> _T | None:
        for item in self.body:
            if isinstance(item, kind):
                return item
        return None

    def all(self, kind: type[_T]) -> tuple[_T, ...]:
        return tuple(item for item in self.body if isinstance(item, kind))


@dataclass(frozen=True, slots=True)
class Document:
    """A whole file: a program, or a fragment of sessions, progressions and rules."""

    items: tuple[Program | Fragment, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)

    @property
    def program(self) -> Program | None:
        for item in self.items:
            if isinstance(item, Program):
                return item
        return None


# Every node pickles as its class and field values (see pickled_by_fields): a file's
# parse is cached as it is.
for _node in [value for value in globals().values() if isinstance(value, type)]:
    if _node.__module__ == __name__ and "__dataclass_fields__" in _node.__dict__:
        pickled_by_fields(_node)
del _node
