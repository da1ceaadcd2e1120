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
    from stridelift.core.hooks.guard import Guard
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
    guard: Guard | None = None,
    race: dt.date | None = None,
) -> tuple[list[WeekResult], Log]:
    """Fold ``weeks`` weeks with the athlete's records added as each week is planned;
    returns the weeks and the log the athlete wrote.

    Each week, an athlete with a ``check_ins(week_start, sessions, start)`` method
    (``sessions``: day, session and date of each scheduled session) is asked for the
    check-ins it writes before the week's sessions, and they are filed before the week
    is planned; then ``week(week, units)`` gets the planned week and returns its sets
    and runs (and its check-ins, for a model without ``check_ins``).

    The model's ``create()`` and its athlete's ``check_ins()`` and ``week()`` are called
    through ``guard`` (:meth:`~stridelift.core.hooks.manager.Plugins.guard`, which names
    the plugin): one
    that raises, returns junk or runs over the time limit is a
    :class:`~stridelift.core.hooks.guard.PluginFault`, and the simulation stops there.
    A ``ValueError`` from ``create()`` is the model refusing its parameters."""
    from stridelift.core.hooks.guard import Culprit, Guard
    from stridelift.core.hooks.values import athlete as athlete_of
    from stridelift.core.hooks.values import athlete_records
    from stridelift.core.logs import AssessmentResult, CheckIn, Log, Run, SetRecord

    guard = guard or Guard(Culprit("?"), f"athlete model {model.name!r}", "register_athlete_models")
    values = model_params(model, params)
    try:
        athlete = guard.call(
            "create()", model.create, values, seed, check=athlete_of, passes=(ValueError,)
        )
    except ValueError as exc:  # the model's own check of its parameters
        raise SimulationError(f"athlete model {model.name!r}: {exc}") from None
    evaluation = Evaluation(program, None, start, race)
    results: list[WeekResult] = []
    records: list[Any] = []
    # An athlete that checks in before its sessions (the built-in one does) is asked
    # for the week's check-ins before the week is planned, so a check-in on the day of
    # a session or the day before is in the log when that session is planned.
    check_ins = getattr(athlete, "check_ins", None)
    # An athlete that takes tests (the built-in one does) takes the program's
    # assessment before week 1 and whenever it is due again.
    assess = getattr(athlete, "assess", None)
    spec = program.assessment if callable(assess) else None
    # The program's first prescription of each exercise tested, as written (the
    # athlete's capacity starts where that is a comfortable set).
    first: dict[str, Any] = {}
    if spec is not None:
        from stridelift.core.engine.plan import Prescribed
        from stridelift.core.engine.slots import initial_state

        tested = {t.name for t in spec.tests}
        for slot in program.slots:
            if slot.name in tested and slot.name not in first:
                first[slot.name] = Prescribed(slot, initial_state(slot, program.units))
    for n in range(1, weeks + 1):
        week_start = start + dt.timedelta(days=7 * (n - 1))
        due = spec is not None and spec.tests and spec.due(n, evaluation.calendar.phase_starts)
        if spec is not None and due and callable(assess):
            day = week_start - dt.timedelta(days=2 if n == 1 else 1)
            loads = {t.name: program.loads_for(t.name) for t in spec.tests if t.kind == "rep_max"}
            taken = guard.call(
                f"assess({n})",
                assess,
                spec.tests,
                day,
                program.units,
                loads,
                first,
                check=athlete_records,
            )
            evaluation.add_assessments(taken)
            records.extend(taken)
        if callable(check_ins):
            sessions = program.session_dates(week_start)
            ahead = guard.call(
                f"check_ins({n})", check_ins, week_start, sessions, start, check=athlete_records
            )
            evaluation.index.add(ahead)
            records.extend(ahead)
        evaluation.step()
        week = evaluation.result()
        done = guard.call(
            f"week({week.week})", athlete.week, week, program.units, check=athlete_records
        )
        evaluation.index.add(done)
        evaluation.read_done(week)
        records.extend(done)
        results.append(week)
    records.sort(key=lambda r: r.date)
    log = Log(
        path="<simulated>",
        athlete=None,
        sets=tuple(r for r in records if isinstance(r, SetRecord)),
        checkins=tuple(r for r in records if isinstance(r, CheckIn)),
        runs=tuple(r for r in records if isinstance(r, Run)),
        assessments=tuple(r for r in records if isinstance(r, AssessmentResult)),
    )
    return results, log
