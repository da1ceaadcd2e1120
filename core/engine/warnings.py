"""Plan warnings P301-P305: what a coach should know about the week being planned.

Each threshold is the policy's (:class:`~.compiled.Policy`) and names its source
in the domain brief; ``docs/engine.md#warnings`` lists them for coaches.
(P306, the step back after missed weeks, is raised by the fold itself.)
"""

from __future__ import annotations

import datetime as dt

from stridelift.core.engine.compiled import CompiledProgram
from stridelift.core.engine.explain import PlanWarning, fmt_load
from stridelift.core.engine.logweeks import LogIndex
from stridelift.core.engine.week import WeekResult
from stridelift.core.language.unparse import format_number


def plan_warnings(
    program: CompiledProgram, index: LogIndex, result: WeekResult, previous: WeekResult | None
) -> None:
    """Add to ``result`` the week's warnings: heavy legs next to hard runs (P301,
    P302), a percentage with no 1RM (P303), a load jump from ``previous`` (P304), a
    running spike (P305)."""
    # Runners keep a weekly rhythm: last week's runs, a week on, are this week's
    # best guess. (This week's own records would break "week N depends only on
    # the log before it".)
    runs = index.runs_in(result.week - 1)
    source = "as run last week"
    week = dt.timedelta(days=7)
    hard = [(r.date + week, r.kind) for r in runs if r.kind in ("quality", "long", "race")]
    for _, name, day in program.session_dates(result.start) if hard else ():
        if name not in program.heavy_sessions:
            continue
        for date, kind in hard:
            gap = (date - day).days
            if gap == 1:
                result.warnings.append(
                    PlanWarning(
                        "P301",
                        f"session {name} on {day:%a %d %b} is the day "
                        f"before a {kind} run ({date:%a}, {source}): keep heavy "
                        "legs 24 h clear of quality and long runs (Doma 2013, 2017)",
                        name,
                    )
                )
            elif gap == 0:
                result.warnings.append(
                    PlanWarning(
                        "P302",
                        f"session {name} falls on the day of a {kind} run "
                        f"({source}): lift after the run, 3 h or more later "
                        "(Robineau 2016)",
                        name,
                    )
                )
    for item in result.prescriptions:
        if item.percent is not None and item.load is None:
            result.warnings.append(
                PlanWarning(
                    "P303",
                    f"{item.exercise}: {format_number(item.percent)}% of 1RM needs a 1RM "
                    "estimate; log its sets with the load lifted and RPE or RIR",
                    item.slot.session,
                )
            )
    if previous is not None:
        for item, old in zip(result.prescriptions, previous.prescriptions, strict=True):
            if (
                item.load is not None
                and old.load
                and item.exercise == old.exercise
                and item.load > old.load * (1 + program.policy.load_jump) + 1e-9
            ):
                rise = item.load / old.load - 1
                message = (
                    f"{item.exercise}: load {fmt_load(old.load, program.units)} -> "
                    f"{fmt_load(item.load, program.units)} is a {rise:.0%} jump in a week"
                )
                owned = program.loads_for(item.exercise)
                if owned and not any(old.load + 1e-9 < x < item.load - 1e-9 for x in owned):
                    # Nothing to change in the program: say so, and what would help.
                    message += (
                        ", the smallest step the athlete's equipment allows; "
                        "an in-between load would make it gentler"
                    )
                result.warnings.append(PlanWarning("P304", message, item.slot.session))
    now = sum(r.distance_km for r in index.runs_in(result.week - 1))
    then = sum(r.distance_km for r in index.runs_in(result.week - 2))
    if then > 0 and now > then * (1 + program.policy.run_jump):
        result.warnings.append(
            PlanWarning(
                "P305",
                f"running distance rose {now / then - 1:.0%} last week "
                f"({format_number(round(then, 1))} -> {format_number(round(now, 1))} km); "
                "rises above 30% go with more injuries (Nielsen 2014)",
            )
        )
