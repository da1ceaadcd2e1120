"""The checked program: what the checker resolved, handed to the compiler as one value.

The checker works out which exercise each line names, what equipment the
program owns and what loads it offers, which argument goes to which
parameter of every progression and periodization call, and the schedule. The
compiler takes exactly this (:class:`CheckedProgram`) and never reads the
plugins or binds an argument again: one language rule, one implementation.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from stridelift.core.diagnostics import Diagnostic, Severity
from stridelift.core.hooks.manager import Plugins, Registry
from stridelift.core.hooks.records import (
    Availability,
    Exercise,
    ParamSpec,
    PeriodizationStyle,
)
from stridelift.core.language import ast
from stridelift.core.language.sources import Unit
from stridelift.core.logs.records import PlannedRun
from stridelift.core.training.assessment import AssessmentSpec
from stridelift.core.training.policy import LintSetting


def plain_value(value: ast.ArgValue) -> object:
    """A Python value for a style's validator: numbers, weeks and amounts as floats."""
    if isinstance(value, ast.Number | ast.WeeksValue):
        return value.value if isinstance(value, ast.Number) else value.count
    if isinstance(value, ast.Quantity):
        return value.value
    if isinstance(value, ast.Unary) and isinstance(value.operand, ast.Number | ast.Quantity):
        inner = plain_value(value.operand)
        return -inner if value.op == "-" and isinstance(inner, float) else inner
    if isinstance(value, ast.Range):
        return (value.low, value.high)
    return value


@dataclass(frozen=True, slots=True)
class BoundCall:
    """A call's arguments matched to its parameters, defaults filled in.

    ``args`` holds the written value of every parameter, in the parameters'
    order; ``defaulted`` names the ones the call left out, whose value is the
    definition's default (written in the definition's units, not the program's).
    """

    call: ast.Call
    params: tuple[ParamSpec, ...]
    args: tuple[tuple[str, ast.ArgValue], ...]
    defaulted: frozenset[str] = frozenset()
    definition: ast.ProgressionDef | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.call.name

    def arg(self, name: str) -> ast.ArgValue | None:
        return next((value for key, value in self.args if key == name), None)

    def values(self) -> dict[str, object]:
        """Plain values by name, a range bound as its two names (what styles receive)."""
        out: dict[str, object] = {}
        specs = {p.name: p for p in self.params}
        for name, value in self.args:
            names = specs[name].range_names
            if names and isinstance(value, ast.Range):
                out[names[0]], out[names[1]] = value.low, value.high
            else:
                out[name] = plain_value(value)
        return out


@dataclass(frozen=True, slots=True)
class BoundStyle:
    """The program's periodization: the style, its bound call and the values it gets."""

    style: PeriodizationStyle
    bound: BoundCall
    values: Mapping[str, object] = field(compare=False)
    source: str = "?"


@dataclass(frozen=True, slots=True)
class CheckedProgram:
    """A program as the checker understood it (see the module docstring)."""

    unit: Unit
    program: ast.Program
    units: str
    weeks: int | None
    sessions: Mapping[str, ast.Session] = field(compare=False)
    rules: tuple[ast.Rule, ...]
    exercises: Registry[Exercise] = field(compare=False, repr=False)
    available: Mapping[str, Availability] = field(compare=False)
    calls: Mapping[ast.Call, BoundCall] = field(compare=False)
    style: BoundStyle | None
    schedule: tuple[tuple[str, str], ...]
    deload_every: int | None
    deload_weeks: frozenset[int]
    #: The ``policy`` block's engine settings, checked: ``Policy`` field name to value
    #: (a percentage as its fraction), for ``Policy.replace(**policy)``.
    policy: Mapping[str, object] = field(default_factory=dict)
    #: Its lint settings by rule as written (a code or a name, not yet resolved:
    #: the lint rules are plugins, checked where they run).
    lints: Mapping[str, LintSetting] = field(default_factory=dict)
    #: The lint lines as written, with their positions, for that check.
    lint_lines: tuple[ast.LintLine, ...] = field(default=(), compare=False)
    race: datetime.date | None = None
    race_name: str | None = None
    #: The running week: planned runs in the order written; days as in ``schedule``.
    running: tuple[PlannedRun, ...] = ()
    #: The ``assessment`` block, checked (None when the program has none).
    assessment: AssessmentSpec | None = None
    #: The plugins it was checked with, and the lint settings: the compiler finds
    #: the ``plan`` lint rules with them (:func:`~.lints.resolve_lints`).
    plugins: Plugins | None = field(default=None, compare=False, repr=False)
    lint_settings: Mapping[str, LintSetting] = field(default_factory=dict, compare=False)

    @property
    def path(self) -> str:
        return self.unit.path

    @property
    def title(self) -> str:
        return self.program.title

    def exercise(self, name: str) -> Exercise | None:
        """The catalog's exercise of that name (or alias), if any."""
        return self.exercises.get(name)


@dataclass(slots=True)
class CheckResult:
    """Every finding for a unit, and the checked program when the unit holds one."""

    diagnostics: list[Diagnostic]
    checked: CheckedProgram | None
    #: Each file read's lines, to quote the findings in (None: it could not be read).
    lines: Mapping[str, list[str] | None] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        """No errors: the program can be compiled."""
        return self.checked is not None and not any(
            d.severity >= Severity.ERROR for d in self.diagnostics
        )


__all__ = ["BoundCall", "BoundStyle", "CheckResult", "CheckedProgram", "plain_value"]
