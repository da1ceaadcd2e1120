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
    #: True when ``low`` itself is outside the range ("more than 0 km").
    above_low: bool = False

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int | float) or not value <= self.high:
            return False
        return value > self.low if self.above_low else value >= self.low


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
    # logs: each log field's range, keyed `type.field` (the record's type and the
    # field's name). The shipped schemas (core/schemas/log-*.schema.json) state the
    # same numbers for editors and other tools; a test holds the two equal, and
    # docs/logs.md lists them. Text fields are bounded by their length. Log dates
    # lie in "year" above.
    "set.set": Limit(1, 100, "1 to 100"),
    "set.reps": Limit(0, 1000, "0 to 1000 reps"),
    "set.load": Limit(0, 1500, "0 to 1500 (kg or lb)"),
    "set.seconds": Limit(0, 3600, "0 to 3600 seconds"),
    "set.distance_m": Limit(0, 10000, "0 to 10000 metres"),
    "set.rpe": Limit(1, 10, "1 to 10 in half steps"),
    "set.rir": Limit(0, 10, "0 to 10 in half steps"),
    "set.session": Limit(1, 40, "1 to 40 characters"),
    "set.exercise": Limit(1, 80, "1 to 80 characters"),
    "set.band": Limit(1, 40, "1 to 40 characters"),
    "checkin.fatigue": Limit(1, 10, "1 to 10"),
    "checkin.soreness": Limit(1, 10, "1 to 10"),
    "checkin.sleep_hours": Limit(0, 24, "0 to 24 hours"),
    "checkin.stress": Limit(1, 10, "1 to 10"),
    "run.distance_km": Limit(0, 1000, "more than 0, at most 1000 km", above_low=True),
    "run.duration_min": Limit(0, 6000, "more than 0, at most 6000 minutes", above_low=True),
    "run.rpe": Limit(1, 10, "1 to 10 in half steps"),
    "run.cadence": Limit(40, 300, "40 to 300 steps a minute"),
    "run.heart_rate": Limit(25, 250, "25 to 250 beats a minute"),
    "athlete.name": Limit(1, 200, "1 to 200 characters"),
    "athlete.program": Limit(1, 500, "1 to 500 characters"),
    #: The longest line a log may hold, in bytes (its line end aside): one record
    #: is a few hundred bytes, and a line is held in memory while it is read.
    "log.line_bytes": Limit(0, 65536, "at most 65536 bytes (64 KiB) a line"),
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
