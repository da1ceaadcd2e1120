"""Training knowledge: the RTS chart and its extension, and which sets make a 1RM estimate."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from stridelift.core.logs import SetRecord
from stridelift.core.training.e1rm import eligible, estimate_1rm, smoothed, week_estimate
from stridelift.core.training.policy import Policy
from stridelift.core.training.rts import (
    MAX_REPS_TO_FAILURE,
    RTS_CHART,
    percent_for,
    percent_of_1rm,
    reps_to_failure,
)

#: domain.md, "Effort": reps to failure -> %1RM, the widely reproduced RTS chart.
DOMAIN_CHART = {
    1: 100,
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

#: The published chart's columns (RPE 10, 9.5, ..., 6.5) for 1 to 12 reps, read on its
#: diagonal (reps + reps in reserve, in half reps from 1): 12 reps at RPE 6.5 is 58.6.
PUBLISHED_DIAGONAL = (
    100.0, 97.8, 95.5, 93.9, 92.2, 90.7, 89.2, 87.8, 86.3, 85.0, 83.7, 82.4, 81.1, 79.9, 78.6,
    77.4, 76.2, 75.1, 73.9, 72.3, 70.7, 69.4, 68.0, 66.7, 65.3, 64.0, 62.6, 61.3, 59.9, 58.6,
)  # fmt: skip
RPE_COLUMNS = (10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5)


# ---------------------------------------------------------------- the chart


@pytest.mark.parametrize(("reps", "percent"), sorted(DOMAIN_CHART.items()))
def test_cells_1_to_12_are_the_published_chart(reps: int, percent: float) -> None:
    assert RTS_CHART[reps] == percent
    assert percent_of_1rm(reps, 0) == percent
    assert percent_for(reps) == pytest.approx(percent)
    assert reps_to_failure(percent) == pytest.approx(reps)


@pytest.mark.parametrize("reps", range(1, 13))
@pytest.mark.parametrize("rpe", RPE_COLUMNS)
def test_every_cell_of_the_published_rpe_columns_is_read_within_rounding(
    reps: int, rpe: float
) -> None:
    """The published chart's cells past 12 reps to failure (12 reps at RPE 9 is 65.3,
    at RPE 7 59.9) are what the extension returns."""
    printed = PUBLISHED_DIAGONAL[(reps - 1) * 2 + int((10 - rpe) * 2)]
    found = percent_of_1rm(reps, 10 - rpe)
    assert found is not None
    assert abs(found - printed) <= 0.051


def test_ten_reps_at_rpe_7_has_an_estimate() -> None:
    assert percent_of_1rm(10, 3) == 65.3
    assert estimate_1rm(65.3, 10, 3) == pytest.approx(100)


def test_the_chart_reaches_at_least_15_reps_to_failure_and_stops_past_16() -> None:
    assert MAX_REPS_TO_FAILURE >= 15
    assert percent_of_1rm(12, 3) == 59.9  # 15 reps to failure
    assert percent_of_1rm(12, 4) == pytest.approx(57.2)  # 16, the line carried on
    assert percent_of_1rm(12, 4.5) is None
    assert percent_of_1rm(0, 3) is None


def test_the_extended_chart_is_monotone_and_continuous() -> None:
    steps = [1 + i / 20 for i in range(int((MAX_REPS_TO_FAILURE - 1) * 20) + 1)]
    values = []
    for to_failure in steps:
        reps = int(to_failure)
        value = percent_of_1rm(reps, to_failure - reps)
        assert value is not None
        values.append(value)
    drops = [a - b for a, b in itertools.pairwise(values)]
    assert all(d > 0 for d in drops)  # strictly falling: more reps, a lighter load
    assert max(drops) <= 4.5 / 20 + 1e-9  # no jump: never steeper than the 1-2 rep step
    # The simulator's readings agree with it and invert each other, past 16 too.
    for to_failure, value in zip(steps, values, strict=True):
        assert percent_for(to_failure) == pytest.approx(value)
        assert reps_to_failure(value) == pytest.approx(to_failure)
    for far in (17.0, 20.5, 30.0):
        assert percent_for(far) < percent_for(16)
        assert reps_to_failure(percent_for(far)) == pytest.approx(far)


# ---------------------------------------------------------------- which sets estimate a 1RM


POLICY = Policy()


@pytest.mark.parametrize(
    ("reps", "rir", "form", "counts"),
    [
        (5, 2.0, "good", True),
        (10, 3.0, "ok", True),  # the edges are in
        (11, 0.0, "good", False),  # more than 10 reps
        (8, 3.5, "good", False),  # too far from failure
        (5, 1.0, "poor", False),  # technique frayed
        (5, None, None, True),  # no effort logged: taken as to failure
        (0, 0.0, "good", False),
        (None, 1.0, "good", False),
    ],
)
def test_only_the_sets_the_brief_allows_count_toward_an_estimate(
    reps: int | None, rir: float | None, form: str | None, counts: bool
) -> None:
    assert eligible(reps, rir, form, POLICY) is counts


def test_eligibility_follows_the_policy() -> None:
    loose = POLICY.replace(e1rm_max_reps=12, e1rm_max_rir=4.0)
    assert eligible(12, 4.0, "good", loose)
    assert not eligible(12, 4.0, "good", POLICY)


def _set(n: int, reps: int, load: float, rpe: float | None, **more: object) -> SetRecord:
    return SetRecord(
        dt.date(2026, 1, 6), "goblet_squat", n, reps=reps, load=load, unit="kg", rpe=rpe, **more
    )  # type: ignore[arg-type]


def test_a_weeks_estimate_is_its_best_eligible_set() -> None:
    sets = [
        _set(1, 5, 80, 8),  # 7 to failure: 80 / 0.811
        _set(2, 5, 85, 9.5, form="poor"),  # the heaviest, but poor form
        _set(3, 12, 60, 10),  # too many reps
        _set(4, 5, 100, 9, role="warmup"),  # not a working set
    ]
    assert week_estimate(sets, POLICY) == pytest.approx(80 / 0.811)
    assert week_estimate(sets, POLICY, "epley") == pytest.approx(80 * (1 + 7 / 30))
    assert week_estimate(sets[1:3], POLICY) is None
    assert week_estimate([], POLICY) is None


def test_a_weeks_estimate_converts_units_and_takes_the_weaker_side() -> None:
    pounds = SetRecord(dt.date(2026, 1, 6), "x", 1, reps=1, load=220.462, unit="lb", rpe=10)
    assert week_estimate([pounds], POLICY, units="kg") == pytest.approx(100, abs=0.01)
    sides = [
        _set(1, 5, 20, 8, side="left"),
        _set(1, 5, 20, 10, side="right"),  # the weaker side: no reps to spare
    ]
    assert week_estimate(sides, POLICY) == pytest.approx(20 / 0.863)


def test_the_smoothed_estimate_is_the_median_of_the_last_weeks() -> None:
    assert smoothed([100, 104, 150], POLICY) == 104  # one week off does not carry it
    assert smoothed([200, 100, 104, 150], POLICY) == 104  # only the last 3 weeks
    assert smoothed([100, None, 110], POLICY) == 105  # two known: their mean
    assert smoothed([None, None], POLICY) is None
    assert smoothed([], POLICY) is None
    assert smoothed([90, 100, 110, 120], POLICY.replace(e1rm_weeks=4)) == 105
    assert smoothed([90, 100, 110], POLICY.replace(e1rm_weeks=1)) == 110
