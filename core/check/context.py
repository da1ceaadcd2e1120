"""What the checker knows while it walks a unit, and the checks every part shares.

The checker reads a unit (a program and its includes) part by part, each part
in a module of its own (:mod:`.header`, :mod:`.calls`, :mod:`.prescriptions`,
:mod:`.expressions`, :mod:`.program`). They share one :class:`CheckContext`:
the findings so far, the file being read, and what the header declared
(units, weeks, equipment) that later parts are checked against.
"""

from __future__ import annotations

import datetime

from stridelift.core.check.checked import BoundCall, BoundStyle
from stridelift.core.diagnostics import Diagnostic
from stridelift.core.hooks.manager import Plugins
from stridelift.core.hooks.records import Availability, Exercise
from stridelift.core.language import ast
from stridelift.core.language.sources import Unit
from stridelift.core.logs.records import PlannedRun
from stridelift.core.training.assessment import AssessmentSpec
from stridelift.core.training.policy import LintSetting
from stridelift.core.units import LIMITS, convert
from stridelift.core.units import UNITS as UNIT_SIZES

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UNITS = ("kg", "lb")
MASS = frozenset(UNITS)
TIME = frozenset({"s", "min", "h"})
DISTANCE = frozenset({"m", "km", "mi"})
FORM_GRADES = ("good", "ok", "poor")
ASSIGNABLE = ("load", "reps", "sets", "rest", "tempo", "rpe", "rir")


def fmt(value: float) -> str:
    """A number as the coach wrote it (``08`` stays ``08``); else 8, not 8.0."""
    spelled = ast.spelling(value)
    if spelled is not None:
        return ast.quoted_spelling(spelled)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def weeks_text(count: int) -> str:
    return f"{fmt(count)} week" if count == 1 else f"{fmt(count)} weeks"


class CheckContext:
    """The state of one unit's check; the parts add findings with :meth:`report`."""

    def __init__(self, unit: Unit, plugins: Plugins):
        self.unit = unit
        self.plugins = plugins
        self.out: list[Diagnostic] = []
        self.path = unit.path
        self.units: str = "kg"
        self.units_declared = False
        self.weeks = 0
        self.available: dict[str, Availability] = {"bodyweight": Availability()}
        self.unreadable: set[str] = set()
        self.sessions: dict[str, ast.Session] = {}
        self.session_paths: dict[str, str] = {}
        self.rules: list[tuple[ast.Rule, str]] = []
        self.phase_names: tuple[str, ...] = ()
        self.progressions: dict[str, ast.ProgressionDef] = {}
        self.used_progressions: set[str] = set()
        self.program = unit.program
        self.exercises_used: list[tuple[str, ast.Phase, ast.ExerciseLine, Exercise | None]] = []
        # What the parts resolve, kept for the checked program.
        self.bound_calls: dict[ast.Call, BoundCall] = {}
        self.style: BoundStyle | None = None
        # The `policy` block, `race` and `running`, as checked (see header.py).
        self.policy: dict[str, object] = {}
        self.lints: dict[str, LintSetting] = {}
        self.lint_lines: list[ast.LintLine] = []
        self.race: datetime.date | None = None
        self.race_name: str | None = None
        self.running: list[PlannedRun] = []
        # The `assessment` block, as checked (see assessment.py).
        self.assessment: AssessmentSpec | None = None
        #: Every test the block writes, valid or not (a condition naming one that is
        #: wrong is not reported again).
        self.assessment_names: set[str] = set()

    def report(
        self, span: ast.Span | None, code: str, message: str, hint: str | None = None
    ) -> None:
        self.out.append(Diagnostic.make(self.path, span, code, message, hint))

    def expect_unit(
        self, quantity: ast.Quantity, allowed: frozenset[str], what: str, example: str
    ) -> bool:
        if quantity.unit in allowed:
            return True
        self.report(
            quantity.span,
            "E104",
            f"{what} is measured in {'/'.join(sorted(allowed))}, not `{quantity.unit}`",
            f"for example {example}",
        )
        return False

    def mass(self, quantity: ast.Quantity, what: str) -> bool:
        """A weight must be in the program's units (kg in an lb program is a mistake)."""
        if quantity.unit not in MASS:
            self.report(
                quantity.span,
                "E104",
                f"{what} must be a weight in {self.units}, "
                f"not `{fmt(quantity.value)}{quantity.unit}`",
                f"for example 16{self.units}",
            )
            return False
        if self.units_declared and quantity.unit != self.units:
            converted = f"{convert(quantity.value, quantity.unit, self.units):.1f}{self.units}"
            self.report(
                quantity.span,
                "E104",
                f"`{fmt(quantity.value)}{quantity.unit}` in a program whose units are {self.units}",
                f"write the weight in {self.units} (about {converted}) or change `units`",
            )
            return False
        return True

    def within(self, value: float, limit: str, span: ast.Span | None, what: str) -> bool:
        """Report (E120) ``value`` outside ``LIMITS[limit]``; a number too long to read
        was reported by the parser (S010) and is not reported again."""
        if ast.too_long(value):
            return False
        if value in LIMITS[limit]:
            return True
        self.report(span, "E120", f"{what} is out of range", f"use {LIMITS[limit].words}")
        return False

    def within_quantity(self, quantity: ast.Quantity, limit: str, what: str) -> bool:
        """:meth:`within` for an amount with a unit: the limit is in the base unit
        (s, m, kg) and the message shows the amount as written."""
        if ast.too_long(quantity.value):
            return False  # reported by the parser (S010)
        if quantity.unit not in UNIT_SIZES:
            return True  # not an amount of anything: the unit's own check reports it
        base = quantity.value * UNIT_SIZES[quantity.unit][1]
        if base in LIMITS[limit]:
            return True
        self.report(
            quantity.span,
            "E120",
            f"{what} of {fmt(quantity.value)}{quantity.unit} is out of range",
            f"use {LIMITS[limit].words}",
        )
        return False

    def has(self, equipment: str) -> bool:
        """Declared (or declared but unreadable, already reported as E112)."""
        name = self.plugins.equipment_sets.canonical(equipment) or equipment
        return name in self.available or name in self.unreadable
