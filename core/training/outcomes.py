"""The statistics behind ``stridelift report``'s outcome figures (``docs/report.md``).

Runners care whether lifting made running better (domain brief, "Outcomes beyond
the gym"): running economy proxies (pace at a given heart rate or effort),
cadence, perceived effort at a given pace, and the time to recover between hard
sessions. Each figure is computed here from plain numbers, so the report, an
exporter and a test compute it the same way:

- **A figure at a common reference** (:func:`common_slope`, :func:`at_reference`):
  pace at the athlete's typical easy heart rate, heart rate at the typical easy
  pace, RPE at that pace. Each week's runs are few and never at the same heart
  rate, so each week's mean is moved along one slope to the reference: the
  within-week least-squares slope of the whole log (an analysis of covariance
  with a level per week). The slope is the athlete's own pace-heart-rate
  relation, the level what changed week to week.
- **A change over the block** (:func:`trend_change`): the least-squares line
  through the weekly figures, from its value at the first week to its value at
  the last, as a fraction of the first: every week counts, and one odd week moves
  it only a little.
- **Consistency** (:func:`coefficient_of_variation`): the sample standard
  deviation over the mean.
- **Recovery** (:func:`recovery`): days from a hard day until a check-in shows
  fatigue and soreness both back at the athlete's baseline (their medians over
  the whole log).

The fewest records each figure needs are :data:`MINIMUMS`, in one place: they
are what a figure needs to be more than noise, not coaching conventions (those,
such as what counts as a hard session, are fields of
:class:`~stridelift.core.training.policy.Policy`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The runs read at a common heart rate or pace: easy runs, the runs most alike from
#: week to week. An interval session's average mixes work and rest, a race is
#: all-out, and a long run feels harder and drifts up in heart rate with its length.
EASY_RUNS = ("easy",)
#: The runs whose cadence is compared: the steady ones, easy and long (a quality
#: run's cadence is higher with its speed).
STEADY_RUNS = ("easy", "long")
#: Runs that count as a hard session whatever their RPE (domain brief, "Scheduling":
#: the quality and long runs are the ones lifting must not spoil).
HARD_RUNS = ("quality", "long", "race")


@dataclass(frozen=True, slots=True)
class Minimums:
    """The fewest records a report figure needs; with fewer, it says so instead."""

    #: Easy runs with heart rate (with RPE) in a week, for the week's pace at the
    #: reference heart rate and heart rate at the reference pace (RPE at the pace):
    #: one is enough once the log has the slope.
    easy_runs_week: int = 1
    #: Easy runs with heart rate (with RPE) in the whole log, to find the slope that
    #: moves each week to the reference.
    easy_runs_log: int = 6
    #: Steady runs with cadence in a week for its coefficient of variation (its mean
    #: needs one).
    cadence_runs_week: int = 3
    #: Check-ins with both fatigue and soreness in the log, for the baseline.
    baseline_checkins: int = 4
    #: Weekly figures for a change over the block.
    trend_weeks: int = 3


MINIMUMS = Minimums()


def mean(values: Iterable[float]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def median(values: Iterable[float]) -> float | None:
    found = sorted(values)
    if not found:
        return None
    middle = len(found) // 2
    if len(found) % 2:
        return found[middle]
    return (found[middle - 1] + found[middle]) / 2


def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Sample standard deviation / mean (None for fewer than two values or mean 0)."""
    if len(values) < 2:
        return None
    average = sum(values) / len(values)
    if average == 0:
        return None
    variance = sum((v - average) ** 2 for v in values) / (len(values) - 1)
    return math.sqrt(variance) / average


def common_slope(groups: Iterable[Sequence[tuple[float, float]]]) -> float | None:
    """The within-group least-squares slope of y on x over every group's (x, y) points:
    sum((x - mean_x_g)(y - mean_y_g)) / sum((x - mean_x_g)^2). None when x never varies
    within a group (the slope cannot be seen)."""
    sxy = sxx = 0.0
    for points in groups:
        if len(points) < 2:
            continue
        mx = sum(x for x, _ in points) / len(points)
        my = sum(y for _, y in points) / len(points)
        sxy += sum((x - mx) * (y - my) for x, y in points)
        sxx += sum((x - mx) ** 2 for x, _ in points)
    if sxx <= 1e-12:
        return None
    return sxy / sxx


def at_reference(points: Sequence[tuple[float, float]], slope: float, x_ref: float) -> float:
    """The group's mean y moved along ``slope`` from its mean x to ``x_ref``."""
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return my + slope * (x_ref - mx)


def line(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The least-squares line (intercept, slope) through (x, y) points; None when x
    does not vary."""
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx <= 1e-12:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - slope * mx, slope


def trend_change(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The least-squares line through (week, value) points, read at the first and the
    last week: (value at the first week, value at the last). None without a line."""
    fitted = line(points)
    if fitted is None:
        return None
    intercept, slope = fitted
    first = min(x for x, _ in points)
    last = max(x for x, _ in points)
    return intercept + slope * first, intercept + slope * last


@dataclass(frozen=True, slots=True)
class Recovery:
    """How long the athlete took to recover from one hard day."""

    day: dt.date
    #: Days until the first check-in back at baseline, or None when none came ...
    days: int | None
    #: ... before the next hard day (True), or before the log ended (False).
    interrupted: bool = False


def recovery(
    hard_days: Sequence[dt.date],
    checkins: Sequence[tuple[dt.date, float, float]],
    baseline: tuple[float, float],
) -> list[Recovery]:
    """For each hard day, the days until the first later check-in (date, fatigue,
    soreness) with fatigue and soreness both at or below ``baseline``; a hard day
    whose next hard day (or the log's end) comes first is not recovered in time."""
    days = sorted(set(hard_days))
    ordered = sorted(checkins)
    found = []
    for i, day in enumerate(days):
        following = days[i + 1] if i + 1 < len(days) else None
        result = Recovery(day, None, following is not None)
        for date, fatigue, soreness in ordered:
            if date <= day:
                continue
            if following is not None and date > following:
                break
            if fatigue <= baseline[0] and soreness <= baseline[1]:
                result = Recovery(day, (date - day).days)
                break
        found.append(result)
    return found
