"""Estimated one-rep maxes from logged sets (domain brief, "Effort").

Epley ``w*(1+r/30)`` and Brzycki ``w*36/(37-r)`` for sets of 10 or fewer reps
taken to failure, and the RTS reps-to-failure chart (:mod:`.rts`) when the
set's effort was logged, counting reps in reserve as reps that could have been
done.

Which sets may anchor a percentage-of-1RM line, and how the weekly estimates
are combined, are the brief's rules, with their numbers in
:class:`~stridelift.core.training.policy.Policy`:

- :func:`eligible`: only sets of ``e1rm_max_reps`` reps or fewer (10: "only
  for sets of 10 or fewer reps"), within ``e1rm_max_rir`` reps of failure
  (3: RIR is misjudged by about a rep near failure and more far from it,
  Hackett 2017), and not logged with poor form (a set whose technique frayed
  does not show what the lifter can do well);
- :func:`week_estimate`: a week's estimate is its best eligible set's (for a
  unilateral exercise, each side's best, and the weaker side's counts: the
  load prescribed is one load for both sides);
- :func:`smoothed`: the **median** of the weekly estimates of the last
  ``e1rm_weeks`` weeks (weeks without one left out). A single set's estimate is
  noisy (effort misjudged by a rep or more, Hackett 2017, is 3-4 % of 1RM on
  the chart); the median of three weeks ignores one week that is off either
  way, where a mean would carry half of it, and it moves only once two weeks
  agree. With one or two estimates it is their mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from stridelift.core.training.rts import percent_of_1rm
from stridelift.core.units import convert

if TYPE_CHECKING:
    from stridelift.core.logs import SetRecord
    from stridelift.core.training.policy import Policy

#: Sets with more reps than this (to failure) say too little about a 1RM (the
#: formulas' limit: "only for sets of 10 or fewer reps to failure").
MAX_ESTIMATE_REPS = 10


def epley(load: float, reps: float) -> float:
    """Epley's estimate for ``reps`` taken to failure."""
    return load * (1 + reps / 30) if reps > 1 else load


def brzycki(load: float, reps: float) -> float:
    """Brzycki's estimate for ``reps`` taken to failure."""
    return load * 36 / (37 - reps) if reps > 1 else load


def rts_e1rm(load: float, reps: int, rir: float) -> float | None:
    """The RTS chart's estimate for ``reps`` done with ``rir`` in reserve."""
    percent = percent_of_1rm(reps, rir)
    return None if percent is None else load * 100 / percent


def estimate_1rm(load: float, reps: int, rir: float | None, method: str = "rts") -> float | None:
    """One set's estimated 1RM, or None when the set says too little.

    ``rts`` reads the RTS chart with the logged effort (RPE or RIR), up to 16 reps
    to failure. ``epley`` and ``brzycki`` are formulas for sets taken to failure; a
    set logged with reps in reserve counts them as reps that could have been done,
    and only sets of 10 or fewer reps to failure count (domain brief). Without a
    logged effort a set is taken as done to failure. Which sets should anchor a
    prescription is :func:`eligible`'s question, not this one's.
    """
    if reps < 1 or load <= 0:
        return None
    if method == "rts" and rir is not None:
        return rts_e1rm(load, reps, rir)
    to_failure = reps + (rir or 0.0)
    if to_failure > MAX_ESTIMATE_REPS:
        return None
    return brzycki(load, to_failure) if method == "brzycki" else epley(load, to_failure)


def eligible(reps: int | None, rir: float | None, form: str | None, policy: Policy) -> bool:
    """Whether a set may count toward a 1RM estimate (see the module): at least one
    and at most ``policy.e1rm_max_reps`` reps, at most ``policy.e1rm_max_rir`` reps in
    reserve, form not ``poor``. A set logged without effort is taken as done to
    failure (as :func:`estimate_1rm` takes it), which gives the lowest estimate."""
    if reps is None or reps < 1 or reps > policy.e1rm_max_reps:
        return False
    if rir is not None and rir > policy.e1rm_max_rir:
        return False
    return form != "poor"


def week_estimate(
    sets: Iterable[SetRecord],
    policy: Policy,
    method: str | None = None,
    units: str = "kg",
) -> float | None:
    """A week's estimated 1RM, in ``units``: the best eligible working set's estimate
    (``method``: ``rts``, ``epley`` or ``brzycki``; default ``policy.e1rm_method``), or
    None when no set is eligible. Sets logged per side are estimated side by side and
    the weaker side's best counts. A set without a unit is taken to be in ``units``."""
    how = method or policy.e1rm_method
    best: dict[str | None, float] = {}
    for s in sets:
        if s.role != "working" or s.load is None or s.reps is None:
            continue
        rir = s.effective_rir()
        if not eligible(s.reps, rir, s.form, policy):
            continue
        load = convert(s.load, s.unit or units, units)
        found = estimate_1rm(load, s.reps, rir, how)
        if found is not None and found > best.get(s.side, 0.0):
            best[s.side] = found
    if not best:
        return None
    sided = [value for side, value in best.items() if side is not None]
    return min(sided) if sided else best[None]


def smoothed(estimates: Sequence[float | None], policy: Policy) -> float | None:
    """The estimate a percentage-of-1RM line reads: the median of the weekly
    estimates (oldest first, None for a week without one) of the last
    ``policy.e1rm_weeks`` weeks, or None when none of them has one (see the module)."""
    window = estimates[-policy.e1rm_weeks :] if policy.e1rm_weeks > 0 else ()
    known = [value for value in window if value is not None]
    if not known:
        return None
    known.sort()
    middle = len(known) // 2
    if len(known) % 2:
        return known[middle]
    return (known[middle - 1] + known[middle]) / 2
