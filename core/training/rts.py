"""The RTS reps-to-failure chart: percent of 1RM by the reps that could be done.

The widely reproduced chart from Reactive Training Systems (domain brief,
"Effort"). :func:`percent_of_1rm` reads it for a set logged with its effort;
:func:`reps_to_failure` and :func:`percent_for` read it the other way, for the
simulated athlete, extended past 12 reps at the chart's last slope.
"""

from __future__ import annotations

#: Reps to failure -> percent of 1RM (the widely reproduced RTS chart).
RTS_CHART: dict[int, float] = {
    1: 100.0,
    2: 95.5,
    3: 92.2,
    4: 89.2,
    5: 86.3,
    6: 83.7,
    7: 81.1,
    8: 78.6,
    9: 76.2,
    10: 73.9,
    11: 70.7,
    12: 68.0,
}

#: The chart as a row per rep count, 1 rep first.
CHART: tuple[float, ...] = tuple(RTS_CHART[reps] for reps in sorted(RTS_CHART))


def percent_of_1rm(reps: int, rir: float) -> float | None:
    """Percent of 1RM for ``reps`` done with ``rir`` in reserve, from the RTS chart
    (half reps in reserve interpolate between rows)."""
    to_failure = reps + rir
    low = int(to_failure)
    if low < 1 or to_failure > max(RTS_CHART):
        return None
    if to_failure == low:
        return RTS_CHART[low]
    return RTS_CHART[low] + (RTS_CHART[low + 1] - RTS_CHART[low]) * (to_failure - low)


def reps_to_failure(percent: float) -> float:
    """How many reps can be done at ``percent`` of 1RM (the chart inverted, and
    extended past 12 reps at its last slope)."""
    if percent >= 100:
        return max(0.0, 1 - (percent - 100) / 4.5)
    for i in range(1, len(CHART)):
        if percent >= CHART[i]:
            high, low = CHART[i - 1], CHART[i]
            return i + (high - percent) / (high - low)
    return len(CHART) + (CHART[-1] - percent) / 2.7


def percent_for(reps: float) -> float:
    """Percent of 1RM at which ``reps`` is the most that can be done."""
    if reps <= 1:
        return 100.0
    if reps >= len(CHART):
        return CHART[-1] - (reps - len(CHART)) * 2.7
    low = int(reps)
    fraction = reps - low
    return CHART[low - 1] + (CHART[low] - CHART[low - 1]) * fraction
