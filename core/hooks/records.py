"""Frozen, self-validating records that plugins register through the hooks.

A record that is malformed raises :class:`RecordError` when it is built, so a
broken plugin fails at load time with its own name on the message, not deep in
a check run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from stridelift.core.language import ast

PATTERNS: tuple[str, ...] = (
    "squat",
    "hinge",
    "single_leg",
    "push",
    "pull",
    "carry",
    "calf_ankle",
    "hip_stability",
    "core",
    "plyometric",
    "mobility",
)
LOWER_BODY_PATTERNS = frozenset({"squat", "hinge", "single_leg", "calf_ankle", "plyometric"})
Measure = Literal["reps", "seconds", "distance"]
MEASURES: tuple[Measure, ...] = ("reps", "seconds", "distance")
_IDENT = re.compile(r"[a-z][a-z0-9_]*\Z")


class RecordError(ValueError):
    """A plugin registered a record that does not make sense."""


def _require_ident(kind: str, name: str) -> None:
    if not _IDENT.match(name):
        raise RecordError(f"{kind} name {name!r} must be lower_snake_case")


@dataclass(frozen=True, slots=True)
class Exercise:
    """One catalog entry.

    ``equipment`` lists the equipment sets any one of which is enough
    (``("kettlebell", "dumbbells")`` for a goblet squat); ``("bodyweight",)``
    needs nothing. ``easier``/``harder`` are the ladder neighbours the engine
    steps to when load cannot go up; ``substitutes`` are same-pattern swaps the
    checker offers when the program lacks the equipment.
    """

    name: str
    pattern: str
    equipment: tuple[str, ...]
    unilateral: bool = False
    measure: Measure = "reps"
    substitutes: tuple[str, ...] = ()
    easier: str | None = None
    harder: str | None = None
    description: str = ""
    #: Done fast on purpose (a swing, a snatch): never slowed or paused when load
    #: cannot rise. Plyometric exercises are explosive whatever this says.
    ballistic: bool = False

    def __post_init__(self) -> None:
        # Plugins may pass lists; records stay immutable and hashable.
        for name in ("equipment", "substitutes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        _require_ident("exercise", self.name)
        if self.pattern not in PATTERNS:
            raise RecordError(
                f"exercise {self.name!r}: pattern {self.pattern!r} "
                f"is not one of {', '.join(PATTERNS)}"
            )
        if self.measure not in MEASURES:
            raise RecordError(f"exercise {self.name!r}: measure must be one of {MEASURES}")
        if not self.equipment:
            raise RecordError(f"exercise {self.name!r}: equipment must name at least one set")
        if self.name in self.substitutes or self.name in (self.easier, self.harder):
            raise RecordError(f"exercise {self.name!r} lists itself as a neighbour")

    @property
    def lower_body(self) -> bool:
        return self.pattern in LOWER_BODY_PATTERNS

    @property
    def explosive(self) -> bool:
        """A lift done fast on purpose: a slower tempo or a pause is no progression."""
        return self.ballistic or self.pattern == "plyometric"


#: What an assessment measure is measured in, and the units a program may write it in.
MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    "length": ("cm", "m"),
    "mass": ("kg", "lb"),
    "time": ("s",),
    "angle": ("deg",),
}


@dataclass(frozen=True, slots=True)
class AssessmentMeasure:
    """A test of an assessment that is not an exercise: ankle dorsiflexion as
    knee-to-wall distance, body weight, a hip's range of motion.

    ``dimension`` is a key of :data:`MEASURE_UNITS`; ``unilateral`` measures are
    taken and logged per side; ``better`` says which way is an improvement
    ("higher" or "lower"), so a report and ``asymmetry()`` know the weaker side.
    """

    name: str
    dimension: str
    unilateral: bool = False
    better: Literal["higher", "lower"] = "higher"
    description: str = ""

    def __post_init__(self) -> None:
        _require_ident("assessment measure", self.name)
        if self.dimension not in MEASURE_UNITS:
            raise RecordError(
                f"assessment measure {self.name!r}: dimension {self.dimension!r} "
                f"is not one of {', '.join(MEASURE_UNITS)}"
            )
        if self.better not in ("higher", "lower"):
            raise RecordError(
                f"assessment measure {self.name!r}: better must be 'higher' or 'lower'"
            )

    @property
    def units(self) -> tuple[str, ...]:
        return MEASURE_UNITS[self.dimension]


@dataclass(frozen=True, slots=True)
class Availability:
    """What a declared piece of equipment offers: discrete loads or ordered levels."""

    loads: tuple[float, ...] = ()
    levels: tuple[str, ...] = ()


class EquipmentValueError(ValueError):
    """Raised by an equipment set's ``resolve`` with a message and a fix."""

    def __init__(self, message: str, hint: str | None = None, span: ast.Span | None = None):
        super().__init__(message)
        self.hint = hint
        self.span = span


EquipmentValue = ast.Quantity | ast.Word | ast.LoadRange
Resolver = Callable[[Sequence[EquipmentValue], str], Availability]


@dataclass(frozen=True, slots=True)
class EquipmentSet:
    """A kind of equipment a program can declare.

    ``kind`` says how a program lists it: ``"bodyweight"`` takes no values,
    ``"levels"`` takes ordered level names (bands), ``"loads"`` takes
    weights. ``resolve`` turns the values written after the name into an
    :class:`Availability`, in the program's units, or raises
    :class:`EquipmentValueError`.
    """

    name: str
    kind: Literal["bodyweight", "levels", "loads"]
    resolve: Resolver
    aliases: tuple[str, ...] = ()
    description: str = ""
    example: str = ""

    def __post_init__(self) -> None:
        _require_ident("equipment set", self.name)
        for alias in self.aliases:
            _require_ident("equipment alias", alias)
        if self.kind not in ("bodyweight", "levels", "loads"):
            raise RecordError(f"equipment set {self.name!r}: unknown kind {self.kind!r}")


ParamType = Literal["number", "integer", "reps", "load", "weeks", "seconds", "percent", "range"]
PARAM_TYPES: tuple[str, ...] = (
    "number",
    "integer",
    "reps",
    "load",
    "weeks",
    "seconds",
    "percent",
    "range",
)


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """One parameter of a progression or a periodization style.

    A ``range`` parameter binds two names (``low``/``high``) from one
    argument such as ``8..12``.
    """

    name: str
    type: str | None = None
    default: ast.ArgValue | None = None
    range_names: tuple[str, str] | None = None
    #: The range the argument's number must lie in (its unit aside: ``(10, 100)``
    #: for a percentage of 10% to 100%); the checker reports an argument outside
    #: it at the argument (E110), so the plugin never sees it.
    bounds: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.bounds is not None and not (
            len(self.bounds) == 2 and self.bounds[0] <= self.bounds[1]
        ):
            raise RecordError(f"parameter {self.name!r}: bounds must be (low, high)")
        if self.type is not None and self.type not in PARAM_TYPES:
            raise RecordError(
                f"parameter {self.name!r}: type {self.type!r} "
                f"is not one of {', '.join(PARAM_TYPES)}"
            )

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True, slots=True)
class ProgressionSpec:
    """A named progression: its signature, and its stride definition if it has one."""

    name: str
    params: tuple[ParamSpec, ...]
    description: str = ""
    definition: ast.ProgressionDef | None = None
    source: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        _require_ident("progression", self.name)

    @classmethod
    def from_definition(
        cls, definition: ast.ProgressionDef, *, description: str = "", source: str | None = None
    ) -> ProgressionSpec:
        return cls(
            definition.name,
            params_of(definition),
            description=description,
            definition=definition,
            source=source,
        )


def params_of(definition: ast.ProgressionDef) -> tuple[ParamSpec, ...]:
    specs: list[ParamSpec] = []
    for param in definition.params:
        if isinstance(param, ast.RangeParam):
            specs.append(
                ParamSpec(
                    f"{param.low}..{param.high}", "range", range_names=(param.low, param.high)
                )
            )
        else:
            # An unknown type (`margin: eps`) is the checker's to report (E110), at the
            # parameter; here it binds like an untyped one.
            kind = param.type if param.type in PARAM_TYPES else None
            specs.append(ParamSpec(param.name, kind, param.default))
    return tuple(specs)


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """What a periodization style says about one week of a program."""

    week: int
    phase: str
    volume: float = 1.0
    intensity: float = 1.0
    progress: bool = True
    deload: bool = False
    #: A taper week: the engine cuts its volume progressively (the policy's
    #: ``taper_cut_first`` to ``taper_cut_last``) and holds intensity.
    taper: bool = False
    reps: int | None = None
    session_reps: tuple[int, ...] = ()
    note: str = ""


ArgValues = Mapping[str, object]
StyleValidator = Callable[[ArgValues, int], Sequence[str]]
StyleWeek = Callable[[int, ArgValues, int], WeekPlan]


@dataclass(frozen=True, slots=True)
class PeriodizationStyle:
    """A periodization style such as ``block(base: 6, build: 4, taper: 2)``.

    ``validate(args, weeks)`` returns messages about arguments that fit their
    types but not each other or the program's length. ``week(n, args, weeks)``
    says what week ``n`` (1-based) of a ``weeks``-long program is.
    """

    name: str
    params: tuple[ParamSpec, ...]
    week: StyleWeek
    description: str = ""
    validate: StyleValidator | None = None
    phases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require_ident("periodization style", self.name)


#: Builds one simulated athlete from the model's parameter values and a seed.
AthleteFactory = Callable[[Mapping[str, float], int], Any]


@dataclass(frozen=True, slots=True)
class AthleteModel:
    """A simulated athlete for ``stridelift simulate``.

    ``create(params, seed)`` returns an object with a method
    ``week(week, units)`` that receives one planned week (a
    :class:`stridelift.core.engine.WeekResult`) and returns the log records
    (:mod:`stridelift.core.logs` sets, check-ins, runs) the athlete would
    write for it. The same parameters and seed must give the same records.
    ``params`` lists the model's numeric parameters with their defaults.
    """

    name: str
    params: tuple[ParamSpec, ...]
    create: AthleteFactory
    description: str = ""

    def __post_init__(self) -> None:
        _require_ident("athlete model", self.name)
        for param in self.params:
            if param.default is None:
                raise RecordError(
                    f"athlete model {self.name!r}: parameter {param.name!r} needs a default"
                )


#: Where a lint rule runs: on the checked program (``stridelift check``) or on each
#: planned week with the log (``plan``, ``history``, ``simulate``).
LintKind = Literal["static", "plan"]
LINT_KINDS: tuple[str, ...] = ("static", "plan")
#: The severities a rule may default to (a setting may also say ``off``).
LINT_SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
LintParamType = Literal["number", "integer", "fraction", "boolean"]
LINT_PARAM_TYPES: tuple[str, ...] = ("number", "integer", "fraction", "boolean")
_LINT_CODE = re.compile(r"[A-Z][A-Z0-9]{0,7}[0-9]\Z")
_LINT_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*\Z")


@dataclass(frozen=True, slots=True)
class LintParam:
    """One parameter of a lint rule: a number (or yes/no) a project or program may set.

    ``source`` names where the default comes from (a section of the domain brief,
    ``../shared/domain.md``, or "a convention"); ``bounds`` is the inclusive range a
    setting must keep (a ``fraction`` is written ``0.1`` for 10 %).
    """

    name: str
    type: LintParamType
    default: float | int | bool
    doc: str
    source: str
    bounds: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        _require_ident("lint parameter", self.name)
        if self.type not in LINT_PARAM_TYPES:
            raise RecordError(
                f"lint parameter {self.name!r}: type {self.type!r} "
                f"is not one of {', '.join(LINT_PARAM_TYPES)}"
            )
        if self.bounds is not None and not (
            len(self.bounds) == 2 and self.bounds[0] <= self.bounds[1]
        ):
            raise RecordError(f"lint parameter {self.name!r}: bounds must be (low, high)")
        problem = self.problem(self.default)
        if problem:
            raise RecordError(f"lint parameter {self.name!r}: its default {problem}")

    def problem(self, value: object) -> str | None:
        """Why ``value`` cannot be this parameter's (``None``: it can)."""
        if self.type == "boolean":
            return None if isinstance(value, bool) else f"{value!r} is not yes/no (true/false)"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{value!r} is not a number"
        if value != value or value in (float("inf"), float("-inf")):
            return f"{value!r} is not a finite number"
        if self.type == "integer" and value != int(value):
            return f"{value!r} is not a whole number"
        if self.bounds is not None and not self.bounds[0] <= value <= self.bounds[1]:
            low, high = self.bounds
            return f"{value!r} is outside {low:g} to {high:g}"
        return None


@dataclass(frozen=True, slots=True)
class LintFinding:
    """What a lint rule found: a message, where (a span in ``path``, the program's file
    by default; a plan rule names a ``session`` instead), and how to fix it."""

    message: str
    span: ast.Span | None = None
    path: str | None = None
    hint: str | None = None
    session: str | None = None


#: A rule's check: called with a static or a plan context
#: (:mod:`stridelift.core.check.lints`, :mod:`stridelift.core.engine.warnings`).
LintCheck = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class LintRule:
    """A lint rule: a stable code and name, a default severity, its parameters, its
    documentation, where it runs (``kind``) and the function that runs it.

    ``check(context)`` returns an iterable of :class:`LintFinding`. A ``static`` rule
    gets a :class:`~stridelift.core.check.lints.StaticContext` (the checked program)
    during ``stridelift check``; a ``plan`` rule gets a
    :class:`~stridelift.core.engine.warnings.PlanContext` (a planned week, the week
    before it and the log) for every week ``plan``, ``history`` and ``simulate``
    build. Both contexts carry ``params``, the parameters as configured. The code
    joins the finding table (``summary`` is its one line there): a third-party
    plugin picks a code no other rule and none of stridelift's own findings use.
    """

    code: str
    name: str
    severity: str
    kind: LintKind
    check: LintCheck
    params: tuple[LintParam, ...] = ()
    doc: str = ""
    summary: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", tuple(self.params))
        if not isinstance(self.code, str) or not _LINT_CODE.match(self.code):
            raise RecordError(
                f"lint rule {self.name!r}: code {self.code!r} must be capital letters "
                "then digits, such as ACME101"
            )
        if not isinstance(self.name, str) or not _LINT_NAME.match(self.name):
            raise RecordError(f"lint rule name {self.name!r} must be lower-kebab-case")
        if self.severity not in LINT_SEVERITIES:
            raise RecordError(
                f"lint rule {self.name!r}: severity must be one of {', '.join(LINT_SEVERITIES)}"
            )
        if self.kind not in LINT_KINDS:
            raise RecordError(f"lint rule {self.name!r}: kind must be static or plan")
        if not callable(self.check):
            raise RecordError(f"lint rule {self.name!r}: check must be callable")
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise RecordError(f"lint rule {self.name!r}: a parameter is listed twice")

    def param(self, name: str) -> LintParam | None:
        return next((p for p in self.params if p.name == name), None)

    def defaults(self) -> dict[str, object]:
        return {p.name: p.default for p in self.params}


#: What an exporter's option holds: its value once read from ``--option NAME=VALUE``.
ExportValue = str | int | float | bool
ExportOptionType = Literal["text", "boolean", "integer", "number", "time", "timezone", "choice"]
EXPORT_OPTION_TYPES: tuple[str, ...] = (
    "text",
    "boolean",
    "integer",
    "number",
    "time",
    "timezone",
    "choice",
)
_EXTENSION = re.compile(r"[a-z0-9]+(\.[a-z0-9]+)*\Z")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]\Z")
_BOOLEAN = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


@dataclass(frozen=True, slots=True)
class ExportOption:
    """One option of an exporter, given as ``stridelift export --option NAME=VALUE``.

    ``type`` says how the text is read: ``text``; ``boolean`` (``yes``/``no``,
    ``true``/``false``); ``integer`` and ``number`` (inside ``bounds`` when given);
    ``time`` (``HH:MM``, 24-hour); ``timezone`` (an IANA name such as
    ``Europe/Oslo``); ``choice`` (one of ``choices``). ``default`` is the value
    without the option (``None``: not set).
    """

    name: str
    type: ExportOptionType
    doc: str
    default: ExportValue | None = None
    choices: tuple[str, ...] = ()
    bounds: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", tuple(self.choices))
        _require_ident("export option", self.name)
        if self.type not in EXPORT_OPTION_TYPES:
            raise RecordError(
                f"export option {self.name!r}: type {self.type!r} "
                f"is not one of {', '.join(EXPORT_OPTION_TYPES)}"
            )
        if self.type == "choice" and not self.choices:
            raise RecordError(f"export option {self.name!r}: a choice lists its choices")
        if self.bounds is not None and not (
            len(self.bounds) == 2 and self.bounds[0] <= self.bounds[1]
        ):
            raise RecordError(f"export option {self.name!r}: bounds must be (low, high)")

    def parse(self, text: str) -> ExportValue:
        """The value ``text`` gives this option; :class:`ValueError` says why it cannot."""
        text = text.strip()
        if self.type == "text":
            return text
        if self.type == "boolean":
            word = _BOOLEAN.get(text.lower())
            if word is None:
                raise ValueError(f"{text!r} is not yes or no")
            return word
        if self.type in ("integer", "number"):
            try:
                value: int | float = int(text) if self.type == "integer" else float(text)
            except ValueError:
                kind = "a whole number" if self.type == "integer" else "a number"
                raise ValueError(f"{text!r} is not {kind}") from None
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError(f"{text!r} is not a finite number")
            if self.bounds is not None and not self.bounds[0] <= value <= self.bounds[1]:
                low, high = self.bounds
                raise ValueError(f"{text} is outside {low:g} to {high:g}")
            return value
        if self.type == "time":
            if not _TIME.match(text):
                raise ValueError(f"{text!r} is not a time of day; write it as HH:MM, e.g. 07:30")
            return text
        if self.type == "timezone":
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(text)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"{text!r} is not an IANA time zone; for example Europe/Oslo or "
                    "America/New_York"
                ) from None
            return text
        if text not in self.choices:
            raise ValueError(f"{text!r} is not one of {', '.join(self.choices)}")
        return text


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One file an exporter writes: its name (a plain file name, no folders) and bytes."""

    name: str
    data: bytes


#: An exporter's function: called with an
#: :class:`~stridelift.core.output.exports.ExportContext`, returns its files.
ExportFunction = Callable[[Any], Iterable["ExportFile"]]


@dataclass(frozen=True, slots=True)
class Exporter:
    """An export format, what ``stridelift export --format NAME`` writes.

    ``extension`` is the files' extension without the dot (``ics``); ``many`` says
    the format writes one file per session or week (``-o`` then names a folder)
    rather than one file. ``export(context)`` gets the planned weeks (an
    :class:`~stridelift.core.output.exports.ExportContext`) and returns
    :class:`ExportFile`\\ s: exactly one when ``many`` is false. The same inputs
    must give the same bytes. ``options`` are what ``--option NAME=VALUE`` may
    set. ``requires`` lists the modules the function imports that a plain
    install may lack (``("icalendar",)``) and ``install`` how to get them
    (``pip install 'stridelift[ics]'``): without them the command says so and
    never calls the function.
    """

    name: str
    extension: str
    export: ExportFunction
    many: bool = False
    options: tuple[ExportOption, ...] = ()
    description: str = ""
    requires: tuple[str, ...] = ()
    install: str = ""

    def __post_init__(self) -> None:
        for name in ("options", "requires"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        _require_ident("exporter", self.name)
        if not isinstance(self.extension, str) or not _EXTENSION.match(self.extension):
            raise RecordError(
                f"exporter {self.name!r}: extension {self.extension!r} must be lowercase "
                "letters and digits without the leading dot, such as 'ics' or 'tar.gz'"
            )
        if not callable(self.export):
            raise RecordError(f"exporter {self.name!r}: export must be callable")
        names = [option.name for option in self.options]
        if len(set(names)) != len(names):
            raise RecordError(f"exporter {self.name!r}: an option is listed twice")
        if self.requires and not self.install:
            raise RecordError(
                f"exporter {self.name!r}: say how to install what it requires (install=)"
            )

    def option(self, name: str) -> ExportOption | None:
        return next((o for o in self.options if o.name == name), None)


@dataclass(frozen=True, slots=True)
class FitExercise:
    """How a catalog exercise is named in a Garmin FIT workout: the FIT profile's
    exercise category (``squat``) and, when the profile has one, the exercise's
    name within it (``goblet_squat``), both as the profile spells them in lowercase.

    An exercise without one is written with the category of its movement pattern
    and no name (docs/exports.md#fit); a plugin registers these for its own
    exercises, or to correct a built-in one (``tryfirst=True``)."""

    name: str
    category: str
    exercise: str | None = None

    def __post_init__(self) -> None:
        _require_ident("exercise", self.name)
        _require_ident("FIT exercise category", self.category)
        if self.exercise is not None:
            _require_ident("FIT exercise name", self.exercise)
