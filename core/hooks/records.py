"""Frozen, self-validating records that plugins register through the hooks.

A record that is malformed raises :class:`RecordError` when it is built, so a
broken plugin fails at load time with its own name on the message, not deep in
a check run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
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
