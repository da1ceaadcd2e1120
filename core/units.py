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
    # Assessment measures: knee-to-wall in cm, a hip's rotation in degrees.
    "cm": ("distance", 0.01),
    "deg": ("angle", 1.0),
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
    # What a program may prescribe. These are sanity bounds on what a coach can
    # type, far outside any sensible prescription (docs/language.md#ranges), so
    # a slip of the keyboard is an error and the arithmetic stays finite; they
    # are not coaching thresholds. Times are in seconds, distances in metres,
    # loads in kg (an lb program's loads are converted to compare).
    "reps": Limit(1, 1000, "1 to 1000 reps"),
    "rounds": Limit(1, 20, "1 to 20 rounds"),
    # A 1RM is estimated from sets of 10 reps or fewer (domain brief, "Effort").
    "rep_max": Limit(1, 10, "a 1 to 10 rep max"),
    "assessment_every": Limit(1, 52, "every 1 to 52 weeks"),
    "hold": Limit(1, 3600, "1s to 60min a set"),
    "distance": Limit(1, 10_000, "1m to 10km a set"),
    "load": Limit(0, 1500, "0 to 1500kg (3300lb)"),
    "load_step": Limit(0.1, 100, "0.1kg to 100kg (0.25lb to 220lb)"),
    "equipment_sizes": Limit(1, 500, "up to 500 sizes in one range"),
    "rest": Limit(0, 3600, "0s to 60min"),
    "tempo_phase": Limit(0, 20, "0 to 20 seconds a phase, or X"),
    "phase_length": Limit(60, 3 * 3600, "1min to 3h"),
    "time_budget": Limit(5 * 60, 6 * 3600, "5min to 6h"),
    # plugin values: what a plugin's callables may hand back at run time (a style's
    # WeekPlan, a resolver's Availability, a validator's messages, an athlete's week)
    # and how long one call may take; docs/plugins.md lists them.
    "plugin_seconds": Limit(0, 3600, "0 (no limit) to 3600 seconds"),
    "style_volume": Limit(0, 10, "a volume of 0 to 10 times the written sets"),
    "style_intensity": Limit(0, 10, "an intensity of 0 to 10 times the written loads"),
    "style_reps": Limit(1, 100, "a rep target of 1 to 100"),
    "style_session_reps": Limit(0, 14, "at most 14 session rep targets"),
    "plugin_name_chars": Limit(1, 40, "a name of 1 to 40 characters"),
    "plugin_text_chars": Limit(0, 300, "a text of at most 300 characters on one line"),
    "plugin_messages": Limit(0, 20, "at most 20 messages"),
    "equipment_load": Limit(0, 2000, "loads from 0 to 2000 in the program's units"),
    "equipment_loads": Limit(0, 5000, "at most 5000 loads"),
    "equipment_levels": Limit(0, 50, "at most 50 levels"),
    "athlete_records": Limit(0, 2000, "at most 2000 records a week"),
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
    "assessment.test": Limit(1, 80, "1 to 80 characters"),
    "assessment.reps": Limit(0, 1000, "0 to 1000 reps"),
    "assessment.load": Limit(0, 1500, "0 to 1500 (kg or lb)"),
    "assessment.value": Limit(-1000, 10000, "-1000 to 10000 (in `unit`)"),
    "assessment.rpe": Limit(1, 10, "1 to 10 in half steps"),
    "assessment.rir": Limit(0, 10, "0 to 10 in half steps"),
    "athlete.name": Limit(1, 200, "1 to 200 characters"),
    "athlete.program": Limit(1, 500, "1 to 500 characters"),
    #: The longest line a log may hold, in bytes (its line end aside): one record
    #: is a few hundred bytes, and a line is held in memory while it is read.
    "log.line_bytes": Limit(0, 65536, "at most 65536 bytes (64 KiB) a line"),
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
