"""The RTS reps-to-failure chart: percent of 1RM by the reps that could be done.

The one home of the chart. Its cells for 1 to 12 reps to failure are the
widely reproduced chart from Reactive Training Systems (domain brief,
"Effort"): 1: 100, 2: 95.5, ..., 11: 70.7, 12: 68.0.

**The extension past 12.** The published chart has a column per RPE (10 down
to 6.5) and a row per rep count (1 to 12); a cell is read on its diagonal,
reps + reps in reserve, so the cells of 12 reps at RPE 9, 8 and 7 are 13, 14
and 15 reps to failure: 65.3, 62.6 and 59.9. From 11 reps to failure on the
chart falls by exactly 2.7 points a rep (70.7, 68.0, 65.3, 62.6, 59.9; its
half-step cells 66.7, 64.0, 61.3 and 58.6 lie on the same line, rounded), so
past 12 the chart is that line::

    percent(n) = 68.0 - 2.7 * (n - 12)        for 12 <= n <= 16

13 to 15 are the chart's own cells; 16 (12 reps at RPE 6, 57.2) is the line
carried one rep further, to the RPE 6 column some reproductions print (57.2 or
57.4). Past 16 reps to failure the chart says nothing: :func:`percent_of_1rm`
returns None, so no estimate is read from a set that far from a max.

:func:`percent_of_1rm` reads the chart for a set logged with its effort (half
reps interpolate linearly between rows, as the published half-RPE columns
do, within 0.05). :func:`reps_to_failure` and :func:`percent_for` read the same
chart the other way, for the simulated athlete; past 16 they carry the last
slope on (a load far below a max is many reps from failure), never below
:data:`FLOOR_PERCENT`.
"""

from __future__ import annotations

#: The published chart (domain brief, "Effort"): reps to failure -> percent of 1RM.
PUBLISHED: dict[int, float] = {
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

#: The chart's slope past 11 reps to failure, points of 1RM a rep (see the module).
TAIL_SLOPE = 2.7
#: The most reps to failure the chart covers (12 reps at RPE 6).
MAX_REPS_TO_FAILURE = 16

#: Reps to failure -> percent of 1RM: the published chart and its extension to 16.
RTS_CHART: dict[int, float] = {
    **PUBLISHED,
    **{
        n: round(PUBLISHED[12] - TAIL_SLOPE * (n - 12), 1)
        for n in range(13, MAX_REPS_TO_FAILURE + 1)
    },
}

#: The chart as a row per rep count, 1 rep first.
CHART: tuple[float, ...] = tuple(RTS_CHART[reps] for reps in sorted(RTS_CHART))

#: :func:`percent_for` never goes below this (a load of a few percent of a max).
FLOOR_PERCENT = 5.0


def _chart(to_failure: float) -> float:
    """The chart at ``to_failure`` (1 to 16), linear between whole rows."""
    low = int(to_failure)
    if to_failure == low:
        return RTS_CHART[low]
    return RTS_CHART[low] + (RTS_CHART[low + 1] - RTS_CHART[low]) * (to_failure - low)


def percent_of_1rm(reps: int, rir: float) -> float | None:
    """Percent of 1RM for ``reps`` done with ``rir`` in reserve, from the RTS chart,
    or None off the chart (fewer than 1 or more than 16 reps to failure)."""
    to_failure = reps + rir
    if reps < 1 or rir < 0 or to_failure > MAX_REPS_TO_FAILURE:
        return None
    return _chart(to_failure)


def reps_to_failure(percent: float) -> float:
    """How many reps can be done at ``percent`` of 1RM (the chart inverted; past 16
    reps the chart's last slope carried on; above 100% fewer than one)."""
    if percent >= 100:
        return max(0.0, 1 - (percent - 100) / (CHART[0] - CHART[1]))
    for i in range(1, len(CHART)):
        if percent >= CHART[i]:
            high, low = CHART[i - 1], CHART[i]
            return i + (high - percent) / (high - low)
    return len(CHART) + (CHART[-1] - max(percent, FLOOR_PERCENT)) / TAIL_SLOPE


def percent_for(reps: float) -> float:
    """Percent of 1RM at which ``reps`` is the most that can be done (the chart;
    past 16 reps its last slope carried on, never below :data:`FLOOR_PERCENT`)."""
    if reps <= 1:
        return 100.0
    if reps >= MAX_REPS_TO_FAILURE:
        return max(FLOOR_PERCENT, CHART[-1] - (reps - MAX_REPS_TO_FAILURE) * TAIL_SLOPE)
    return _chart(reps)
