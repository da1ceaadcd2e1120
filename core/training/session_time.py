"""How long a session takes, estimated from its prescriptions.

Used for the time-budget warning now and by the engine and exporters later.
A phase with a stated length (``warmup 10min``) counts as that length; other
work counts sets x reps x tempo, plus rest between sets and a short
changeover between exercises.
"""

from __future__ import annotations

from collections.abc import Callable

from stridelift.core.hooks.records import Exercise
from stridelift.core.language import ast
from stridelift.core.units import DISTANCE, TIME, metres, seconds

DEFAULT_SECONDS_PER_REP = 3.0  # tempo 2-0-1-0, the default
DEFAULT_REST_SECONDS = {"warmup": 15.0, "main": 90.0, "accessory": 60.0, "cooldown": 10.0}
CHANGEOVER_SECONDS = 30.0
CARRY_METRES_PER_SECOND = 1.3
AMRAP_REPS = 12


def seconds_per_rep(tempo: ast.Tempo | None) -> float:
    if tempo is None:
        return DEFAULT_SECONDS_PER_REP
    total = 0.0
    for part in tempo.parts:
        total += float(part) if part.isdigit() else 1.0  # X: explosive, about a second
    return total or DEFAULT_SECONDS_PER_REP


def _seconds(quantity: ast.Quantity) -> float:
    if quantity.unit in TIME:
        return seconds(quantity.value, quantity.unit)
    if quantity.unit in DISTANCE:  # a carry: walked at a steady pace
        return metres(quantity.value, quantity.unit) / CARRY_METRES_PER_SECOND
    return 0.0


def set_seconds(line: ast.ExerciseLine) -> float:
    """Work time of one set (both sides when it is per side)."""
    prescription = line.prescription
    if prescription is None:
        return 0.0
    amount = prescription.amount
    if isinstance(amount, ast.Measured):
        work = _seconds(amount.quantity)
    else:
        if isinstance(amount, ast.Reps):
            reps = amount.count
        elif isinstance(amount, ast.RepRange):
            reps = amount.high  # budget for the top of the range
        else:
            reps = AMRAP_REPS
        work = reps * seconds_per_rep(line.tempo)
    return work * (2 if prescription.per_side else 1)


def line_seconds(line: ast.ExerciseLine, phase: str, rounds: int | None = None) -> float:
    prescription = line.prescription
    sets = (prescription.sets if prescription else None) or rounds or 1
    rest = _seconds(line.rest) if line.rest else DEFAULT_REST_SECONDS[phase]
    return sets * set_seconds(line) + (sets - 1) * rest + CHANGEOVER_SECONDS


def session_minutes(
    session: ast.Session, lookup: Callable[[str], Exercise | None] | None = None
) -> float:
    total = 0.0
    for phase in session.phases:
        if phase.duration is not None:
            total += _seconds(phase.duration)
            continue
        for entry in phase.entries:
            if isinstance(entry, ast.Group):
                if not entry.exercises:
                    continue  # an empty superset takes no time (the checker reports it)
                rounds = entry.rounds or max(
                    ((m.prescription.sets or 1) if m.prescription else 1) for m in entry.exercises
                )
                work = sum(set_seconds(m) for m in entry.exercises)
                # A rest written on a member is taken after that member's set, every round.
                work += sum(_seconds(m.rest) for m in entry.exercises if m.rest)
                rest = _seconds(entry.rest) if entry.rest else DEFAULT_REST_SECONDS[phase.kind]
                total += rounds * work + (rounds - 1) * rest + CHANGEOVER_SECONDS
            else:
                total += line_seconds(entry, phase.kind)
    return total / 60
