"""Units of measure: one table for mass, time and distance, and conversion between them.

A program writes weights in its own units (``units kg`` or ``units lb``); logs
may write either. Times are written in s, min or h and distances in m, km or
mi. Every conversion in stridelift goes through :func:`convert`; the factors
are the international definitions (a pound is exactly 0.45359237 kg, a mile
exactly 1,609.344 m).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

KG_PER_LB: Final = 0.45359237
LB_PER_KG: Final = 1 / KG_PER_LB
METRES_PER_MILE: Final = 1609.344

#: Each unit's dimension and its size in the dimension's base unit (kg, s, m).
UNITS: Final[dict[str, tuple[str, float]]] = {
    "kg": ("mass", 1.0),
    "lb": ("mass", KG_PER_LB),
    "s": ("time", 1.0),
    "min": ("time", 60.0),
    "h": ("time", 3600.0),
    "m": ("distance", 1.0),
    "km": ("distance", 1000.0),
    "mi": ("distance", METRES_PER_MILE),
}

MASS: Final = frozenset(u for u, (kind, _) in UNITS.items() if kind == "mass")
TIME: Final = frozenset(u for u, (kind, _) in UNITS.items() if kind == "time")
DISTANCE: Final = frozenset(u for u, (kind, _) in UNITS.items() if kind == "distance")


@dataclass(frozen=True, slots=True)
class Limit:
    """The range a number of the language or the command line must lie in."""

    low: float
    high: float
    #: How the range reads in a message: "1 to 104 weeks".
    words: str

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high


#: Every bounded number, stated once; the checker and the command line read it
#: from here, and docs/language.md lists it.
LIMITS: Final[dict[str, Limit]] = {
    "weeks": Limit(1, 104, "1 to 104 weeks"),
    "deload_every": Limit(2, 16, "every 2 to 16 weeks"),
    "sets": Limit(1, 20, "1 to 20 sets"),
    "percent_1rm": Limit(10, 100, "10% to 100% of 1RM"),
    "rpe": Limit(1, 10, "RPE 1-10 in half points"),
    "rir": Limit(0, 10, "RIR 0-10"),
    # A program of the longest length, from any date in range, stays inside the
    # calendar Python can hold (year 9999), and every date prints as a coach reads it.
    "year": Limit(1900, 2999, "dates from 1900-01-01 to 2999-12-31"),
    # includes: how deep fragments may include fragments (the program itself is
    # level 0), and how many files one program may bring in. Shared fragments are
    # a level or two deep in practice; the bounds keep a runaway chain linear.
    "include_depth": Limit(0, 32, "includes nested at most 32 deep"),
    "include_files": Limit(0, 256, "at most 256 included files per program"),
}


def convert(value: float, unit: str, to: str) -> float:
    """``value`` in ``unit`` expressed in ``to``; both must measure the same thing."""
    if unit == to:
        return value
    (kind, size), (to_kind, to_size) = UNITS[unit], UNITS[to]
    if kind != to_kind:
        raise ValueError(f"cannot convert {unit} ({kind}) to {to} ({to_kind})")
    return value * size / to_size


def seconds(value: float, unit: str) -> float:
    """A time in seconds."""
    return convert(value, unit, "s")


def metres(value: float, unit: str) -> float:
    """A distance in metres."""
    return convert(value, unit, "m")
