"""Estimated one-rep maxes from a logged set (domain brief, "Effort").

Epley ``w*(1+r/30)`` and Brzycki ``w*36/(37-r)`` for sets of 10 or fewer reps
taken to failure, and the RTS reps-to-failure chart when the set's effort was
logged, counting reps in reserve as reps that could have been done.
"""

from __future__ import annotations

from stridelift.core.training.rts import percent_of_1rm

#: Sets with more reps than this (to failure) say too little about a 1RM.
MAX_ESTIMATE_REPS = 10


def epley(load: float, reps: float) -> float:
    """Epley's estimate for ``reps`` taken to failure."""
    return load * (1 + reps / 30) if reps > 1 else load


def brzycki(load: float, reps: float) -> float:
    """Brzycki's estimate for ``reps`` taken to failure."""
    return load * 36 / (37 - reps) if reps > 1 else load


def rts_e1rm(load: float, reps: int, rir: float) -> float | None:
    percent = percent_of_1rm(reps, rir)
    return None if percent is None else load * 100 / percent


def estimate_1rm(load: float, reps: int, rir: float | None, method: str = "rts") -> float | None:
    """One set's estimated 1RM, or None when the set says too little.

    ``rts`` reads the RTS chart with the logged effort (RPE or RIR). ``epley``
    and ``brzycki`` are formulas for sets taken to failure; a set logged with
    reps in reserve counts them as reps that could have been done. Either way
    only sets of 10 or fewer reps to failure count (domain brief). Without a
    logged effort a set is taken as done to failure.
    """
    if reps < 1 or load <= 0:
        return None
    if method == "rts" and rir is not None:
        return rts_e1rm(load, reps, rir)
    to_failure = reps + (rir or 0.0)
    if to_failure > MAX_ESTIMATE_REPS:
        return None
    return brzycki(load, to_failure) if method == "brzycki" else epley(load, to_failure)
