"""Running a program against a simulated athlete.

Each week the engine plans from what the athlete logged so far, the athlete
model turns the plan into log records, and the fold goes on: the same path a
real athlete's log takes, so a simulation shows how the program's rules
behave before a real athlete meets them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stridelift.core.engine import CompiledProgram, Evaluation, WeekResult

if TYPE_CHECKING:
    from stridelift.core.hooks.records import AthleteModel
    from stridelift.core.logs import Log

DEFAULT_START = dt.date(2026, 1, 5)  # a Monday; simulations must not depend on today


class SimulationError(ValueError):
    """A parameter the model does not have, or a value out of range."""


def model_params(model: AthleteModel, given: Mapping[str, float]) -> dict[str, float]:
    """The model's defaults overlaid with ``given``; unknown names are refused."""
    from stridelift.core.engine.codegen import constant

    values: dict[str, float] = {}
    for param in model.params:
        default = param.default
        assert default is not None
        values[param.name] = float(constant(default))  # type: ignore[arg-type]
    for name, value in given.items():
        if name not in values:
            from stridelift.core.diagnostics import did_you_mean

            hint = did_you_mean(name, values) or "parameters: " + ", ".join(values)
            raise SimulationError(f"athlete model {model.name!r} has no parameter {name!r}; {hint}")
        if not math.isfinite(value):
            raise SimulationError(f"--param {name}={value} is not a finite number")
        values[name] = value
    return values


def simulate(
    program: CompiledProgram,
    model: AthleteModel,
    params: Mapping[str, float],
    seed: int,
    weeks: int,
    start: dt.date = DEFAULT_START,
) -> tuple[list[WeekResult], Log]:
    """Fold ``weeks`` weeks with the athlete's records added as each week is planned;
    returns the weeks and the log the athlete wrote."""
    from stridelift.core.logs import CheckIn, Log, Run, SetRecord

    try:
        athlete = model.create(model_params(model, params), seed)
    except ValueError as exc:  # the model's own check of its parameters
        raise SimulationError(f"athlete model {model.name!r}: {exc}") from None
    evaluation = Evaluation(program, None, start)
    results: list[WeekResult] = []
    records: list[Any] = []
    for week in evaluation.weeks(weeks):
        done = list(athlete.week(week, program.units))
        evaluation.index.add(done)
        evaluation.read_done(week)
        records.extend(done)
        results.append(week)
    log = Log(
        path="<simulated>",
        athlete=None,
        sets=tuple(r for r in records if isinstance(r, SetRecord)),
        checkins=tuple(r for r in records if isinstance(r, CheckIn)),
        runs=tuple(r for r in records if isinstance(r, Run)),
    )
    return results, log
