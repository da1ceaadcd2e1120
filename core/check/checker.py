"""The semantic pass: everything a coach can get wrong that the grammar cannot see.

The checker reports every problem it finds in a unit (a program and its
includes) and never stops at the first. Vocabularies come from plugins: the
exercise catalog, equipment sets, progressions and periodization styles.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from stridelift.core.diagnostics import Diagnostic, did_you_mean
from stridelift.core.hooks.manager import Plugins
from stridelift.core.hooks.records import (
    PATTERNS,
    Availability,
    EquipmentValueError,
    Exercise,
    ParamSpec,
)
from stridelift.core.language import ast
from stridelift.core.language.sources import Unit
from stridelift.core.values import field, record

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UNITS = ("kg", "lb")
MASS = frozenset(UNITS)
TIME = frozenset({"s", "min", "h"})
DISTANCE = frozenset({"m", "km", "mi"})
FORM_GRADES = ("good", "ok", "poor")
ASSIGNABLE = ("load", "reps", "sets", "rest", "tempo", "rpe", "rir")
LB_PER_KG = 2.20462

# ---------------------------------------------------------------- the type vocabulary of conditions

Kind = Literal["number", "load", "percent", "time", "distance", "bool", "word", "weeks"]


@record
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


def _quantity_type(unit: str) -> Type:
    if unit in MASS:
        return LOAD
    if unit == "%":
        return PERCENT
    if unit in TIME:
        return TIME_T
    return DIST_T


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---------------------------------------------------------------- argument binding


@record(frozen=False)
class Bound:
    values: dict[str, object] = field(default_factory=dict)
    problems: list[tuple[ast.Span, str, str | None]] = field(default_factory=list)


def _plain(value: ast.ArgValue) -> object:
    """A Python value for a style's validator: numbers, weeks and amounts as floats."""
    if isinstance(value, ast.Number | ast.WeeksValue):
        return value.value if isinstance(value, ast.Number) else value.count
    if isinstance(value, ast.Quantity):
        return value.value
    if isinstance(value, ast.Unary) and isinstance(value.operand, ast.Number | ast.Quantity):
        inner = _plain(value.operand)
        return -inner if value.op == "-" and isinstance(inner, float) else inner
    if isinstance(value, ast.Range):
        return (value.low, value.high)
    return value


def _signature(params: Sequence[ParamSpec]) -> str:
    return ", ".join((p.name if p.required else f"{p.name} = ...") for p in params)


class Checker:
    """Checks one unit; collect the result with :meth:`run`."""

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

    # -- reporting
    def report(
        self, span: ast.Span | None, code: str, message: str, hint: str | None = None
    ) -> None:
        self.out.append(Diagnostic.make(self.path, span, code, message, hint))

    # -- entry point
    def run(self) -> list[Diagnostic]:
        document = self.unit.document
        if document is None:
            return self.out
        programs = [item for item in document.items if isinstance(item, ast.Program)]
        for extra in programs[1:]:
            self.report(
                extra.span,
                "S009",
                "a file holds one program; this is a second `program` block",
                "move it into a file of its own",
            )
        own: list[ast.ProgramItem | ast.Fragment] = [
            item for item in document.items if not isinstance(item, ast.Program)
        ]
        if self.program is not None:
            own.extend(self.program.body)
            self._header(self.program)
        items: list[tuple[ast.ProgramItem | ast.Fragment, str]] = [(i, self.unit.path) for i in own]
        items.extend((item, origin.path) for item, origin in self.unit.included)
        self._collect_definitions(items)
        for item, path in items:
            self.path = path
            if isinstance(item, ast.Session):
                self._session(item)
            elif isinstance(item, ast.ProgressionDef):
                self._progression_def(item)
            elif isinstance(item, ast.Rule):
                self._rule(item)
        self.path = self.unit.path
        if self.program is not None:
            self._program_wide(self.program)
        return self.out

    # -- definitions
    def _collect_definitions(self, items: Sequence[tuple[object, str]]) -> None:
        for item, path in items:
            self.path = path
            if isinstance(item, ast.Session):
                if item.name in self.sessions:
                    self.report(
                        item.span,
                        "E113",
                        f"session `{item.name}` is defined twice",
                        "rename one of them",
                    )
                else:
                    self.sessions[item.name] = item
                    self.session_paths[item.name] = path
            elif isinstance(item, ast.Rule):
                self.rules.append((item, path))
            elif isinstance(item, ast.ProgressionDef):
                if item.name in self.progressions:
                    self.report(
                        item.span,
                        "E113",
                        f"progression `{item.name}` is defined twice",
                        "rename one of them",
                    )
                else:
                    self.progressions[item.name] = item
        self.path = self.unit.path

    # -- header
    def _header(self, program: ast.Program) -> None:
        seen: dict[type, ast.ProgramItem] = {}
        for item in program.body:
            if isinstance(item, ast.Include | ast.Session | ast.ProgressionDef | ast.Rule):
                continue
            if type(item) in seen:
                word = type(item).__name__.lower().replace("timebudget", "time budget")
                self.report(
                    item.span,
                    "E113",
                    f"the program sets `{word}` twice",
                    f"keep one; the first is at line {seen[type(item)].span.line}",
                )
                continue
            seen[type(item)] = item
        units = program.first(ast.Units)
        if units is None:
            self.report(
                program.span,
                "E119",
                "the program does not say its units",
                "add `units kg` or `units lb` to the program header",
            )
        elif units.name not in UNITS:
            self.report(
                units.span,
                "E115",
                f"unknown units `{units.name}`",
                did_you_mean(units.name, UNITS) or "write `units kg` or `units lb`",
            )
        else:
            self.units = units.name
            self.units_declared = True
        weeks = program.first(ast.Weeks)
        if weeks is None:
            self.report(
                program.span,
                "E119",
                "the program does not say how many weeks it runs",
                "add `weeks 12` (or the length you plan) to the program header",
            )
        elif not 1 <= weeks.count <= 104:
            self.report(
                weeks.span,
                "E120",
                f"{_weeks(weeks.count)} is not a program length",
                "use 1 to 104 weeks",
            )
        else:
            self.weeks = weeks.count
        equipment = program.first(ast.Equipment)
        if equipment is not None:
            self._equipment(equipment)
        budget = program.first(ast.TimeBudget)
        if budget is not None:
            self._expect_unit(budget.duration, TIME, "a time budget", "45min")
        deload = program.first(ast.Deload)
        if deload is not None:
            self._deload(deload)
        periodization = program.first(ast.Periodization)
        if periodization is not None:
            self._periodization(periodization)

    def _expect_unit(
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

    def _mass(self, quantity: ast.Quantity, what: str) -> bool:
        """A weight must be in the program's units (kg in an lb program is a mistake)."""
        if quantity.unit not in MASS:
            self.report(
                quantity.span,
                "E104",
                f"{what} must be a weight in {self.units}, "
                f"not `{_fmt(quantity.value)}{quantity.unit}`",
                f"for example 16{self.units}",
            )
            return False
        if self.units_declared and quantity.unit != self.units:
            if self.units == "lb":
                converted = f"{quantity.value * LB_PER_KG:.1f}lb"
            else:
                converted = f"{quantity.value / LB_PER_KG:.1f}kg"
            self.report(
                quantity.span,
                "E104",
                f"`{_fmt(quantity.value)}{quantity.unit}` in a program "
                f"whose units are {self.units}",
                f"write the weight in {self.units} (about {converted}) or change `units`",
            )
            return False
        return True

    def _equipment(self, equipment: ast.Equipment) -> None:
        registry = self.plugins.equipment_sets
        for item in equipment.items:
            record = registry.get(item.name)
            if record is None:
                self.report(
                    item.span,
                    "E111",
                    f"unknown equipment `{item.name}`",
                    did_you_mean(item.name, registry.names())
                    or "installed: " + ", ".join(r.name for r in registry),
                )
                continue
            if record.name in self.available and record.name != "bodyweight":
                self.report(
                    item.span,
                    "E113",
                    f"`{record.name}` is listed twice in `equipment`",
                    "list all sizes in one place",
                )
                continue
            units_ok = True
            for value in item.values:
                quantities = (
                    (value.low, value.high, value.step)
                    if isinstance(value, ast.LoadRange)
                    else (value,)
                    if isinstance(value, ast.Quantity)
                    else ()
                )
                for quantity in quantities:
                    units_ok = self._mass(quantity, f"a size of {item.name}") and units_ok
            if not units_ok:
                continue
            try:
                self.available[record.name] = record.resolve(item.values, self.units)
            except EquipmentValueError as exc:
                self.unreadable.add(record.name)
                self.report(exc.span or item.span, "E112", f"{item.name}: {exc}", exc.hint)
            except Exception as exc:  # a plugin's resolver failing is the plugin's bug
                self.unreadable.add(record.name)
                source = registry.sources.get(record.name, "?")
                self.plugins.fail(
                    source, f"equipment set {record.name!r}: resolve() raised {exc!r}"
                )
                self.report(
                    item.span,
                    "E112",
                    f"{item.name}: the `{source}` plugin failed to read these values ({exc})",
                )

    def _deload(self, deload: ast.Deload) -> None:
        if deload.every is not None and not 2 <= deload.every <= 16:
            self.report(
                deload.span,
                "E120",
                f"a deload every {_weeks(deload.every)} is not a workable cycle",
                "every 4 to 6 weeks is usual (Bell 2022)",
            )
        for week in deload.weeks:
            if self.weeks and not 1 <= week <= self.weeks:
                self.report(
                    deload.span,
                    "E120",
                    f"deload week {week} is outside the program's {self.weeks} weeks",
                )

    def _periodization(self, periodization: ast.Periodization) -> None:
        call = periodization.call
        registry = self.plugins.periodization_styles
        style = registry.get(call.name)
        if style is None:
            self.report(
                call.span,
                "E109",
                f"unknown periodization style `{call.name}`",
                did_you_mean(call.name, registry.names())
                or "installed: " + ", ".join(registry.names()),
            )
            return
        bound = self._bind(call, style.params, f"periodization `{call.name}`")
        if bound is None:
            return
        source = registry.sources.get(style.name, "?")
        try:
            messages = style.validate(bound.values, self.weeks) if style.validate else ()
        except Exception as exc:  # the plugin's bug: report it, keep checking the program
            self.plugins.fail(
                source, f"periodization style {style.name!r}: validate() raised {exc!r}"
            )
            messages = ()
        for message in messages:
            self.report(call.span, "W206", f"{call.name}: {message}")
        try:
            weeks = range(1, (self.weeks or 52) + 1)
            self.phase_names = tuple(
                sorted({style.week(n, bound.values, len(weeks)).phase for n in weeks})
            )
        except Exception as exc:
            self.plugins.fail(source, f"periodization style {style.name!r}: week() raised {exc!r}")
            self.phase_names = ()

    # -- argument binding
    def _bind(self, call: ast.Call, params: Sequence[ParamSpec], what: str) -> Bound | None:
        bound = Bound()
        positional = [a for a in call.args if a.name is None]
        named = [a for a in call.args if a.name is not None]
        ok = True

        def problem(span: ast.Span, message: str, hint: str | None = None) -> None:
            nonlocal ok
            ok = False
            self.report(span, "E110", message, hint or f"{call.name}({_signature(params)})")

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
                    did_you_mean(arg.name, by_name) or f"parameters: {_signature(params)}",
                )
            elif arg.name in given:
                problem(arg.span, f"{what}: `{arg.name}` is given twice")
            else:
                given[arg.name] = arg.value
        for param in params:
            value = given.get(param.name, param.default)
            if value is None:
                problem(call.span, f"{what} needs `{param.name}`")
                continue
            # A default is the definition's, not the coach's: its units are not this file's.
            message = self._arg_type_problem(value, param) if param.name in given else None
            if message is not None:
                problem(getattr(value, "span", call.span), f"{what}: {message}")
                continue
            if param.range_names and isinstance(value, ast.Range):
                bound.values[param.range_names[0]] = value.low
                bound.values[param.range_names[1]] = value.high
            else:
                bound.values[param.name] = _plain(value)
        return bound if ok else None

    def _arg_type_problem(self, value: ast.ArgValue, param: ParamSpec) -> str | None:
        expected = param.type
        if expected is None:
            return None
        wanted = f"`{param.name}` must be {_TYPE_EXAMPLES[expected]}"
        inner = value.operand if isinstance(value, ast.Unary) else value
        if expected == "range":
            if not isinstance(value, ast.Range):
                return wanted
            if value.low > value.high:
                return f"the range {_fmt(value.low)}..{_fmt(value.high)} runs backwards"
            return None
        if isinstance(value, ast.Range):
            return wanted
        if expected in ("number", "integer", "reps"):
            if not isinstance(inner, ast.Number):
                return wanted
            if expected != "number" and not inner.value.is_integer():
                return wanted
            return None
        if expected == "weeks":
            count = value.count if isinstance(value, ast.WeeksValue) else None
            if isinstance(inner, ast.Number):
                count = inner.value
            if count is None or not count.is_integer() or count < 1:
                return wanted
            return None
        if not isinstance(inner, ast.Quantity):
            return wanted
        if expected == "load":
            if inner.unit == "%":
                return None
            if inner.unit not in MASS:
                return wanted
            # A weight in the wrong units is reported by _mass itself, with the conversion.
            self._mass(inner, f"`{param.name}`")
            return None
        if expected == "percent":
            return None if inner.unit == "%" else wanted
        if expected == "seconds":
            return None if inner.unit in TIME else wanted
        return None

    # -- sessions
    def _session(self, session: ast.Session) -> None:
        for phase in session.phases:
            if phase.duration is not None:
                self._expect_unit(phase.duration, TIME, "a phase's length", "10min")
            for entry in phase.entries:
                if isinstance(entry, ast.Group):
                    if entry.rounds is not None and entry.rounds < 1:
                        self.report(entry.span, "E120", "a circuit needs at least 1 round")
                    if entry.rest is not None:
                        self._expect_unit(entry.rest, TIME, "rest", "90s")
                    if entry.kind == "superset" and len(entry.exercises) < 2:
                        self.report(
                            entry.span,
                            "E120",
                            "a superset alternates at least two exercises",
                            "add the partner exercise, or write the line on its own",
                        )
                    for member in entry.exercises:
                        self._exercise(phase, member, entry)
                else:
                    self._exercise(phase, entry, None)

    def _exercise(self, phase: ast.Phase, line: ast.ExerciseLine, group: ast.Group | None) -> None:
        catalog = self.plugins.exercises
        exercise = catalog.get(line.name)
        self.exercises_used.append((self.path, phase, line, exercise))
        if exercise is None:
            self.report(
                line.name_span,
                "E101",
                f"unknown exercise `{line.name}`",
                did_you_mean(line.name, catalog.names())
                or "`stridelift plugins --all` lists the installed catalogs",
            )
        missing = exercise is not None and self._equipment_for(line, exercise)
        self._prescription(line, exercise, group)
        if line.load is not None and not missing:  # one finding per missing piece of kit
            self._load(line, exercise)
        if line.effort is not None:
            self._effort(line.effort)
        if line.tempo is not None:
            self._tempo(line.tempo)
        if line.rest is not None:
            self._expect_unit(line.rest, TIME, "rest", "90s")
        if line.progress is not None:
            self._progress_call(line.progress)
            if exercise is not None and exercise.harder is None and self._advances(line.progress):
                self.report(
                    line.progress.span,
                    "W210",
                    f"`{line.progress.name}` can `advance` to a harder variant, but the catalog "
                    f"has none after `{line.name}`; it will hold there",
                    "use a progression that adds reps, tempo or load, or an exercise with a ladder",
                )

    def _has(self, equipment: str) -> bool:
        """Declared (or declared but unreadable, already reported as E112)."""
        name = self.plugins.equipment_sets.canonical(equipment) or equipment
        return name in self.available or name in self.unreadable

    def _equipment_for(self, line: ast.ExerciseLine, exercise: Exercise) -> bool:
        """Report an exercise none of whose equipment is declared; True when reported."""
        if self.program is None:
            return False  # a fragment: the including program's equipment decides
        if any(self._has(name) for name in exercise.equipment):
            return False
        needs = " or ".join(f"`{n}`" for n in exercise.equipment)
        substitutes = [
            name
            for name in exercise.substitutes
            if (sub := self.plugins.exercises.get(name)) is not None
            and any(n in self.available for n in sub.equipment)
        ]
        hint = (
            "with the declared equipment: " + ", ".join(f"`{s}`" for s in substitutes)
            if substitutes
            else f"add it to `equipment`, for example `{needs.strip('`').split('` or `')[0]}`"
        )
        self.report(
            line.name_span,
            "E102",
            f"`{line.name}` needs {needs}, which the program does not declare",
            hint,
        )
        return True

    def _prescription(
        self, line: ast.ExerciseLine, exercise: Exercise | None, group: ast.Group | None
    ) -> None:
        prescription = line.prescription
        if prescription is None:
            self.report(
                line.name_span,
                "E118",
                f"`{line.name}` has no prescription",
                "add sets and reps, for example `3 x 8`",
            )
            return
        in_rounds = group is not None and group.rounds is not None
        if prescription.sets is None and not in_rounds:
            self.report(
                prescription.span,
                "E118",
                f"`{line.name}` says how much but not how many sets",
                "write it as sets x reps, for example `3 x 8`, or put it in a circuit with rounds",
            )
        if prescription.sets is not None and not 1 <= prescription.sets <= 20:
            self.report(
                prescription.span, "E120", f"{prescription.sets} sets is not a workable number"
            )
        amount = prescription.amount
        if isinstance(amount, ast.RepRange):
            if amount.low > amount.high:
                self.report(
                    amount.span,
                    "E106",
                    f"the rep range {amount.low}..{amount.high} runs backwards",
                    f"write {amount.high}..{amount.low}",
                )
            elif amount.low < 1:
                self.report(amount.span, "E120", "a rep range starts at 1 or more")
        elif isinstance(amount, ast.Reps) and amount.count < 1:
            self.report(amount.span, "E120", "reps must be 1 or more")
        elif isinstance(amount, ast.Measured):
            unit = amount.quantity.unit
            if unit not in TIME | DISTANCE:
                self.report(
                    amount.quantity.span,
                    "E104",
                    f"`{_fmt(amount.quantity.value)}{unit}` is not a time or a distance",
                    "timed holds take seconds (30s), carries a distance (40m) or a time",
                )
        if exercise is None:
            return
        measure = exercise.measure
        if isinstance(amount, ast.Measured) and amount.quantity.unit in TIME | DISTANCE:
            is_time = amount.quantity.unit in TIME
            # Holds take a time; carries take a distance or a time; rep exercises take reps.
            fits = (measure == "seconds" and is_time) or measure == "distance"
            if not fits:
                example = {"reps": "3 x 8", "seconds": "3 x 30s", "distance": "3 x 40m"}[measure]
                self.report(
                    amount.span,
                    "W205",
                    f"`{line.name}` is measured in {measure}, not "
                    f"{'seconds' if is_time else 'distance'}",
                    f"for example `{example}`",
                )
        elif measure != "reps" and isinstance(amount, ast.Reps | ast.RepRange | ast.Amrap):
            example = "3 x 30s" if measure == "seconds" else "3 x 40m"
            self.report(
                amount.span,
                "W205",
                f"`{line.name}` is measured in {measure}, not reps",
                f"for example `{example}`",
            )
        if prescription.per_side and not exercise.unilateral:
            self.report(
                prescription.span,
                "W207",
                f"`{line.name}` works both sides at once; `per side` doubles what it asks",
                "remove `per side`",
            )
        elif exercise.unilateral and not prescription.per_side:
            self.report(
                prescription.span,
                "W207",
                f"`{line.name}` is one-sided; say `per side` so the athlete logs each side",
                "add `per side` after the reps",
            )

    def _load(self, line: ast.ExerciseLine, exercise: Exercise | None) -> None:
        load = line.load
        if self.program is None and not isinstance(load, ast.PercentLoad):
            # A fragment has no equipment or units of its own; each program that
            # includes it checks these lines against its own.
            if isinstance(load, ast.WeightLoad) and load.quantity.unit not in MASS:
                self._mass(load.quantity, "a load")
            return
        if isinstance(load, ast.WeightLoad):
            quantity = load.quantity
            if quantity.unit == "%":
                self.report(
                    quantity.span,
                    "E104",
                    f"`{_fmt(quantity.value)}%` of what?",
                    f"a percentage of the estimated 1RM is written `{_fmt(quantity.value)}% 1rm`",
                )
                return
            if not self._mass(quantity, "a load"):
                return
            if exercise is None:
                return
            sets = self.plugins.equipment_sets
            names = [sets.canonical(n) or n for n in exercise.equipment]
            if any(name in self.unreadable for name in names):
                return  # its sizes could not be read (E112); nothing to compare with
            implements = [
                (name, self.available[name])
                for name in names
                if name in self.available and self.available[name].loads
            ]
            if not implements:
                loaded = [n for n in exercise.equipment if n != "bodyweight"]
                if loaded:
                    self.report(
                        quantity.span,
                        "E102",
                        f"a {_fmt(quantity.value)}{self.units} `{line.name}` needs "
                        + " or ".join(f"`{n}`" for n in loaded)
                        + ", which the program does not declare",
                        "add the equipment, or prescribe `@ bodyweight`",
                    )
                else:
                    self.report(
                        quantity.span,
                        "E103",
                        f"`{line.name}` is a bodyweight exercise; it takes no weight",
                        "write `@ bodyweight` or drop the load",
                    )
                return
            loads = sorted({w for _, a in implements for w in a.loads})
            if not any(abs(w - quantity.value) < 1e-6 for w in loads):
                lower = [w for w in loads if w < quantity.value]
                higher = [w for w in loads if w > quantity.value]
                near = [f"{_fmt(w)}{self.units}" for w in (lower[-1:] + higher[:1])]
                declared = " or ".join(n for n, _ in implements)
                self.report(
                    quantity.span,
                    "E103",
                    f"no {_fmt(quantity.value)}{self.units} load on the declared {declared}",
                    "nearest available: " + " or ".join(near) if near else None,
                )
        elif isinstance(load, ast.BandLoad):
            bands = self.available.get("bands")
            if bands is None:
                self.report(
                    load.span,
                    "E102",
                    f"`band {load.level}` needs `bands`, which the program does not declare",
                    "add `bands light medium heavy` to `equipment`",
                )
            elif load.level not in bands.levels:
                self.report(
                    load.span,
                    "E103",
                    f"no `{load.level}` band; the program declares {', '.join(bands.levels)}",
                    did_you_mean(load.level, bands.levels),
                )
        elif isinstance(load, ast.PercentLoad):
            if not 10 <= load.percent <= 100:
                self.report(
                    load.span,
                    "E120",
                    f"{_fmt(load.percent)}% of 1RM is not a training load",
                    "use 10% to 100%",
                )
            if exercise is not None and exercise.equipment == ("bodyweight",):
                self.report(
                    load.span,
                    "E103",
                    f"`{line.name}` is a bodyweight exercise; a percentage of 1RM does not apply",
                    "prescribe an effort instead, for example `@ rpe 8`",
                )

    def _effort(self, effort: ast.Effort) -> None:
        if effort.kind == "rpe" and not (
            1 <= effort.value <= 10 and (effort.value * 2).is_integer()
        ):
            self.report(
                effort.span,
                "E120",
                f"RPE {_fmt(effort.value)} is off the scale",
                "RPE runs 1-10 in half points",
            )
        if effort.kind == "rir" and not (
            0 <= effort.value <= 10 and (effort.value * 2).is_integer()
        ):
            self.report(
                effort.span, "E120", f"RIR {_fmt(effort.value)} is off the scale", "RIR runs 0-10"
            )

    def _tempo(self, tempo: ast.Tempo) -> None:
        parts = tempo.parts
        bad = len(parts) != 4 or any(not (p.isdigit() or p in ("X", "x")) for p in parts)
        if bad:
            self.report(
                tempo.span,
                "E105",
                f"`{tempo.text}` is not a tempo",
                "four figures, lowering-pause-lifting-pause in seconds, X for explosive: 3-1-X-0",
            )

    def _advances(self, call: ast.Call) -> bool:
        definition = self.progressions.get(call.name)
        if definition is None:
            spec = self.plugins.progressions.get(call.name)
            definition = spec.definition if spec is not None else None
        if definition is None:
            return False
        return any(
            isinstance(action, ast.SimpleAction) and action.kind == "advance"
            for clause in definition.clauses
            for action in clause.actions
        )

    def _progress_call(self, call: ast.Call) -> None:
        self.used_progressions.add(call.name)
        definition = self.progressions.get(call.name)
        if definition is not None:
            from stridelift.core.hooks.records import params_of

            self._bind(call, params_of(definition), f"progression `{call.name}`")
            return
        spec = self.plugins.progressions.get(call.name)
        if spec is None:
            known = [*self.progressions, *self.plugins.progressions.names()]
            self.report(
                call.span,
                "E108",
                f"unknown progression `{call.name}`",
                did_you_mean(call.name, known) or "available: " + ", ".join(sorted(known)),
            )
            return
        self._bind(call, spec.params, f"progression `{call.name}`")

    # -- progressions and rules
    def _progression_def(self, definition: ast.ProgressionDef) -> None:
        params: dict[str, Type] = {}
        for param in definition.params:
            names = (param.low, param.high) if isinstance(param, ast.RangeParam) else (param.name,)
            kind = param.type
            if kind is not None and kind not in _PARAM_TYPES:
                self.report(
                    param.span,
                    "E110",
                    f"unknown parameter type `{kind}`",
                    did_you_mean(kind, _PARAM_TYPES) or "types: " + ", ".join(_PARAM_TYPES),
                )
                kind = None
            for name in names:
                if name in params:
                    self.report(param.span, "E113", f"parameter `{name}` is declared twice")
                if name in METRICS:
                    self.report(
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
                message = self._arg_type_problem(param.default, spec)
                if message is not None:
                    self.report(param.span, "E110", f"default of {message}")
        self._clauses(definition.clauses, params, f"progression `{definition.name}`")

    def _rule(self, rule: ast.Rule) -> None:
        for item in rule.scope:
            if item.kind == "pattern" and item.name not in PATTERNS:
                self.report(
                    item.span,
                    "E121",
                    f"unknown movement pattern `{item.name}`",
                    did_you_mean(item.name, PATTERNS) or "patterns: " + ", ".join(PATTERNS),
                )
            elif (
                item.kind == "session"
                and self.program is not None
                and item.name not in self.sessions
            ):
                self.report(
                    item.span,
                    "E121",
                    f"unknown session `{item.name}`",
                    did_you_mean(item.name, self.sessions),
                )
            elif item.kind == "exercise" and item.name not in self.plugins.exercises:
                self.report(
                    item.span,
                    "E101",
                    f"unknown exercise `{item.name}`",
                    did_you_mean(item.name, self.plugins.exercises.names()),
                )
        self._clauses(rule.clauses, {}, f'rule "{rule.title}"')

    def _clauses(
        self, clauses: Sequence[ast.Clause], params: Mapping[str, Type], where: str
    ) -> None:
        unconditional: ast.Clause | None = None
        for clause in clauses:
            if unconditional is not None:
                self.report(
                    clause.span,
                    "W204",
                    f"{where}: this clause never runs",
                    f"the unconditional clause at line {unconditional.span.line} always matches "
                    "first; move this one above it",
                )
            if clause.condition is None:
                unconditional = unconditional or clause
            else:
                found = self._expr(clause.condition, params)
                if found is not None and found.kind != "bool":
                    self.report(
                        clause.condition.span,
                        "E117",
                        f"a condition must be yes or no; this is {found}",
                        "compare it, for example `rpe >= 9`",
                    )
            for action in clause.actions:
                self._action(action, params)

    def _expr(self, expr: ast.Expr, params: Mapping[str, Type]) -> Type | None:
        """The type of ``expr``, reporting what is wrong inside it (None when unknown)."""
        if isinstance(expr, ast.Number):
            return NUMBER
        if isinstance(expr, ast.Quantity):
            if expr.unit in MASS and self.units_declared and expr.unit != self.units:
                self._mass(expr, "a load")
            return _quantity_type(expr.unit)
        if isinstance(expr, ast.Name):
            if expr.id in params:
                return params[expr.id]
            if expr.id == "phase" and self.phase_names:
                return Type("word", self.phase_names)
            if expr.id in METRICS:
                return METRICS[expr.id][0]
            self.report(
                expr.span,
                "E116",
                f"`{expr.id}` means nothing here",
                did_you_mean(expr.id, [*METRICS, *params])
                or "conditions use metrics (reps, rpe, form, ...) and the progression's parameters",
            )
            return None
        if isinstance(expr, ast.Unary):
            return self._expr(expr.operand, params)
        if isinstance(expr, ast.BinOp):
            left, right = self._expr(expr.left, params), self._expr(expr.right, params)
            if left is None or right is None:
                return None
            return self._arith(expr, left, right)
        if isinstance(expr, ast.Compare):
            left, right = self._expr(expr.left, params), self._expr(expr.right, params)
            if left is not None and right is not None:
                if left.kind in ("bool", "word") or right.kind in ("bool", "word"):
                    hint = (
                        "a yes/no value stands on its own: `completed`, `not completed`"
                        if "bool" in (left.kind, right.kind)
                        else "test words with `is`, for example `form is poor`"
                    )
                    self.report(
                        expr.span,
                        "E117",
                        f"`{expr.op}` compares numbers; here it gets {left} and {right}",
                        hint,
                    )
                elif left.kind != right.kind and {left.kind, right.kind} != {"number", "weeks"}:
                    self.report(expr.span, "E117", f"cannot compare {left} with {right}")
            return BOOL
        if isinstance(expr, ast.IsTest):
            subject = self._expr(expr.subject, params)
            if subject is not None:
                if subject.kind != "word":
                    self.report(
                        expr.span,
                        "E117",
                        f"`is` tests a word (form, phase); this is {subject}",
                        "compare numbers with `==`, `>=`, ...",
                    )
                elif subject.words and expr.word.name not in subject.words:
                    self.report(
                        expr.word.span,
                        "E116",
                        f"`{expr.word.name}` is not one of {', '.join(subject.words)}",
                        did_you_mean(expr.word.name, subject.words),
                    )
            return BOOL
        if isinstance(expr, ast.BoolOp | ast.Not):
            operands = expr.operands if isinstance(expr, ast.BoolOp) else (expr.operand,)
            for operand in operands:
                found = self._expr(operand, params)
                if found is not None and found.kind != "bool":
                    word = expr.op if isinstance(expr, ast.BoolOp) else "not"
                    self.report(
                        operand.span,
                        "E117",
                        f"`{word}` joins yes/no conditions; this is {found}",
                        "compare it, for example `fatigue >= 7`",
                    )
            return BOOL
        if isinstance(expr, ast.ForWeeks):
            if isinstance(expr.weeks, str):
                if expr.weeks not in params:
                    self.report(
                        expr.span,
                        "E116",
                        f"`for {expr.weeks} weeks`: `{expr.weeks}` is not a parameter",
                        did_you_mean(expr.weeks, params),
                    )
            elif expr.weeks < 1:
                self.report(expr.span, "E120", "`for N weeks` needs N of 1 or more")
            return self._expr(expr.condition, params)
        return None

    def _arith(self, expr: ast.BinOp, left: Type, right: Type) -> Type | None:
        kinds = {left.kind, right.kind}
        if "bool" in kinds or "word" in kinds:
            self.report(expr.span, "E117", f"cannot do arithmetic with {left} and {right}")
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
            self.report(expr.span, "E117", f"cannot add {left} and {right}")
            return None
        if right.kind == "number":
            return left
        if left.kind == "number" and expr.op == "*":
            return right
        self.report(expr.span, "E117", f"cannot multiply or divide {left} by {right}")
        return None

    def _action(self, action: ast.Action, params: Mapping[str, Type]) -> None:
        if not isinstance(action, ast.SetAction):
            return
        if action.target not in ASSIGNABLE:
            self.report(
                action.span,
                "E116",
                f"`{action.target}` cannot be changed by a rule",
                did_you_mean(action.target, ASSIGNABLE)
                or "actions change " + ", ".join(ASSIGNABLE),
            )
            return
        if action.target == "tempo":
            if isinstance(action.value, ast.Tempo):
                if action.op != "=":
                    self.report(action.span, "E117", "set a tempo with `=`: `tempo = 3-1-X-0`")
                self._tempo(action.value)
            else:
                found = self._expr(action.value, params)
                if action.op == "=" or (found is not None and found.kind != "number"):
                    self.report(
                        action.span,
                        "E117",
                        "`tempo += N` slows the lowering by N seconds; `tempo = 3-1-X-0` sets it",
                    )
            return
        if isinstance(action.value, ast.Tempo):
            self.report(action.span, "E117", f"`{action.target}` takes a number, not a tempo")
            return
        found = self._expr(action.value, params)
        if found is None:
            return
        expected = {"load": LOAD, "rest": TIME_T}.get(action.target, NUMBER)
        fits = found.kind == expected.kind or (
            action.op in ("+=", "-=") and found.kind == "percent"
        )
        if action.op == "*=":
            fits = found.kind == "number"
        if found.kind == "weeks" and expected.kind == "number":
            fits = True
        if not fits:
            self.report(
                action.value.span,
                "E117",
                f"`{action.target} {action.op}` needs {expected}"
                + (" or a percentage" if action.op in ("+=", "-=") else "")
                + f", not {found}",
            )

    # -- across the program
    def _program_wide(self, program: ast.Program) -> None:
        schedule = program.first(ast.Schedule)
        scheduled: set[str] = set()
        if schedule is None:
            self.report(
                program.span,
                "E119",
                "the program has no schedule",
                "add one, for example `schedule tue: A, thu: B`",
            )
        else:
            day_index: dict[int, ast.ScheduleEntry] = {}
            for entry in schedule.entries:
                day = entry.day.lower()
                if day not in DAYS:
                    self.report(
                        entry.span,
                        "E114",
                        f"`{entry.day}` is not a day",
                        did_you_mean(day[:3], DAYS) or "days: " + ", ".join(DAYS),
                    )
                else:
                    index = DAYS.index(day)
                    if index in day_index:
                        self.report(
                            entry.span,
                            "E113",
                            f"`{day}` is scheduled twice",
                            "one session per day; combine them into one session",
                        )
                    day_index[index] = entry
                if entry.session not in self.sessions:
                    self.report(
                        entry.span,
                        "E107",
                        f"the schedule names session `{entry.session}`, which is not defined",
                        did_you_mean(entry.session, self.sessions)
                        or "defined: " + (", ".join(self.sessions) or "none"),
                    )
                scheduled.add(entry.session)
            days = sorted(day_index)
            for a in days:
                b = (a + 1) % 7
                if b in day_index and len(days) < 7:
                    self.report(
                        day_index[b].span,
                        "W201",
                        f"strength sessions on consecutive days ({DAYS[a]} and {DAYS[b]})",
                        "leave a day between sessions so the legs recover for running",
                    )
            for name, session in self.sessions.items():
                if name not in scheduled and session.span.line:
                    self.path = self.session_paths[name]
                    self.report(
                        session.span,
                        "W202",
                        f"session `{name}` is never scheduled",
                        f"add it to `schedule`, for example `sat: {name}`",
                    )
        for rule, path in self.rules:
            self.path = path
            self._scope_matches(rule)
        self.path = self.unit.path
        for name, definition in self.progressions.items():
            if name not in self.used_progressions and definition in program.body:
                self.report(
                    definition.span,
                    "W208",
                    f"progression `{name}` is defined but no exercise uses it",
                    f"use it with `progress {name}(...)` or remove it",
                )
        budget = program.first(ast.TimeBudget)
        if budget is not None and budget.duration.unit in TIME:
            from stridelift.core.training.session_time import session_minutes

            limit = _minutes(budget.duration)
            for name, session in self.sessions.items():
                estimate = session_minutes(session, self.plugins.exercises.get)
                if estimate > limit + 0.5:
                    self.path = self.session_paths[name]
                    self.report(
                        session.span,
                        "W209",
                        f"session `{name}` takes about {estimate:.0f} min; "
                        f"the time budget is {_fmt(limit)} min",
                        "cut sets or rest, or move an accessory to another session",
                    )
            self.path = self.unit.path

    def _scope_matches(self, rule: ast.Rule) -> None:
        if not rule.scope:
            return
        for _path, phase, line, exercise in self.exercises_used:
            for item in rule.scope:
                if (
                    (item.kind == "phase" and phase.kind == item.name)
                    or (item.kind == "exercise" and line.name == item.name)
                    or (
                        item.kind == "pattern"
                        and exercise is not None
                        and exercise.pattern == item.name
                    )
                    or (
                        item.kind == "session"
                        and item.name in self.sessions
                        and any(line is other for _, other in self.sessions[item.name].exercises())
                    )
                ):
                    return
        self.report(
            rule.span,
            "W203",
            f'rule "{rule.title}" applies to nothing: no exercise in the program matches its scope',
            "check the scope after `in`",
        )


def _weeks(count: int) -> str:
    return f"{count} week" if count == 1 else f"{count} weeks"


def _minutes(quantity: ast.Quantity) -> float:
    return quantity.value * {"s": 1 / 60, "min": 1.0, "h": 60.0}[quantity.unit]


def check_unit(unit: Unit, plugins: Plugins) -> list[Diagnostic]:
    """Every semantic diagnostic for one unit (the parse diagnostics are the caller's)."""
    try:
        return Checker(unit, plugins).run()
    except RecursionError:
        return [
            Diagnostic.make(
                unit.path,
                None,
                "S005",
                "an expression nests too deeply to check",
                "split long expressions into simpler clauses",
            )
        ]


def check_file(path: str | os.PathLike[str], plugins: Plugins) -> tuple[Unit, list[Diagnostic]]:
    """Load, parse and check one file with its includes: the unit and every finding
    (the file's and its includes' syntax errors too), sorted and without repeats."""
    from stridelift.core.language.sources import Loader

    loader = Loader()
    unit = loader.load(path)
    found = list(unit.diagnostics)
    if unit.document is not None:
        found.extend(check_unit(unit, plugins))
    for result in loader.parse_results():
        found.extend(result.diagnostics)
    return unit, unique(found)


def unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted, without the repeats a fragment shared by several programs produces."""
    return sorted(set(diagnostics), key=lambda d: d.sort_key)
