"""Loads are discrete (domain brief, "Movement patterns and equipment"): a runner with
16 and 24 kg kettlebells cannot lift 20 kg. One rounding rule for the engine and the
lint rules alike."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def nearest(target: float, loads: Sequence[float]) -> float:
    """The owned load nearest ``target`` (ties go to the lighter one); any load when
    the equipment is unlimited. ``loads`` are in ascending order."""
    if not loads:
        return round(target, 2)
    i = bisect_left(loads, target)
    if i == 0:
        return loads[0]
    lighter = loads[i - 1]
    if i == len(loads):
        return lighter
    heavier = loads[i]
    # Within a rounding error of a tie, the lighter one.
    return heavier if heavier - target < target - lighter - 1e-9 else lighter
