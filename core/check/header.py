"""Header settings: units, weeks, equipment, time budget, deload, periodization,
the race day and the running week (the ``policy`` block is :mod:`.policy`'s)."""

from __future__ import annotations

import datetime
import re
import typing

from stridelift.core.check.assessment import check_assessment
from stridelift.core.check.calls import check_periodization, resolve_equipment
from stridelift.core.check.context import DAYS, DISTANCE, TIME, UNITS, CheckContext, weeks_text
from stridelift.core.check.policy import check_policy
from stridelift.core.diagnostics import did_you_mean
from stridelift.core.language import ast
from stridelift.core.logs.records import PlannedRun, Run
from stridelift.core.units import LIMITS, convert

#: The kinds of run a running week names: the log's own words for a run.
RUN_KINDS: tuple[str, ...] = typing.get_args(typing.get_type_hints(Run)["kind"])

#: How a header item is named in a message.
_WORDS = {
    ast.TimeBudget: "time budget",
    ast.PolicyBlock: "policy",
    ast.Race: "race",
    ast.Running: "running",
    ast.Assessment: "assessment",
}

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def check_header(ctx: CheckContext, program: ast.Program) -> None:
    seen: dict[type, ast.ProgramItem] = {}
    for item in program.body:
        if isinstance(item, ast.Include | ast.Session | ast.ProgressionDef | ast.Rule):
            continue
        if type(item) in seen:
            word = _WORDS.get(type(item), type(item).__name__.lower())
            ctx.report(
                item.span,
                "E113",
                f"the program sets `{word}` twice",
                f"keep one; the first is at line {seen[type(item)].span.line}",
            )
            continue
        seen[type(item)] = item
    units = program.first(ast.Units)
    if units is None:
        ctx.report(
            program.span,
            "E119",
            "the program does not say its units",
            "add `units kg` or `units lb` to the program header",
        )
    elif units.name not in UNITS:
        ctx.report(
            units.span,
            "E115",
            f"unknown units `{units.name}`",
            did_you_mean(units.name, UNITS) or "write `units kg` or `units lb`",
        )
    else:
        ctx.units = units.name
        ctx.units_declared = True
    weeks = program.first(ast.Weeks)
    if weeks is None:
        ctx.report(
            program.span,
            "E119",
            "the program does not say how many weeks it runs",
            "add `weeks 12` (or the length you plan) to the program header",
        )
    elif weeks.count in LIMITS["weeks"]:
        ctx.weeks = weeks.count
    elif not ast.too_long(weeks.count):  # a number too long is the parser's S010
        ctx.report(
            weeks.span,
            "E120",
            f"{weeks_text(weeks.count)} is not a program length",
            f"use {LIMITS['weeks'].words}",
        )
    equipment = program.first(ast.Equipment)
    if equipment is not None:
        check_equipment(ctx, equipment)
    budget = program.first(ast.TimeBudget)
    if budget is not None and ctx.expect_unit(budget.duration, TIME, "a time budget", "45min"):
        ctx.within_quantity(budget.duration, "time_budget", "a time budget")
    deload = program.first(ast.Deload)
    if deload is not None:
        check_deload(ctx, deload)
    periodization = program.first(ast.Periodization)
    if periodization is not None:
        check_periodization(ctx, periodization)
    policy = program.first(ast.PolicyBlock)
    if policy is not None:
        check_policy(ctx, policy)
    race = program.first(ast.Race)
    if race is not None:
        check_race(ctx, race)
    running = program.first(ast.Running)
    if running is not None:
        check_running(ctx, running)
    assessment = program.first(ast.Assessment)
    if assessment is not None:
        check_assessment(ctx, assessment)


def check_race(ctx: CheckContext, race: ast.Race) -> None:
    """``race 2027-04-18``: an ISO date (year, month, day), and a day that exists."""
    hint = "write the race day as YEAR-MONTH-DAY, for example `race 2027-04-18`"
    match = _ISO_DATE.fullmatch(race.date)
    if match is None:
        ctx.report(race.date_span, "E131", f"`{race.date}` is not a date", hint)
        return
    year, month, day = (int(part) for part in match.groups())
    try:
        ctx.race = datetime.date(year, month, day)
    except ValueError as exc:
        ctx.report(race.date_span, "E131", f"`{race.date}` is not a date ({exc})", hint)
        return
    ctx.race_name = race.name


def check_running(ctx: CheckContext, running: ast.Running) -> None:
    """``running wed: quality 45min, sun: long 18km``: weekdays as ``schedule`` writes
    them, one run a day, each of a kind the log knows (easy, quality, long, race), with
    an optional length: a time or a distance, in a logged run's range."""
    days: dict[str, ast.RunningEntry] = {}
    for entry in running.entries:
        day = entry.day.lower()
        ok = True
        if day not in DAYS:
            ok = False
            ctx.report(
                entry.span,
                "E114",
                f"`{entry.day}` is not a day",
                did_you_mean(day[:3], DAYS) or "days: " + ", ".join(DAYS),
            )
        elif day in days:
            ok = False
            ctx.report(
                entry.span,
                "E113",
                f"the running week names `{day}` twice",
                f"one run a day; write a double day as its harder run "
                f"(the first is at line {days[day].span.line})",
            )
        if entry.kind not in RUN_KINDS:
            ok = False
            ctx.report(
                entry.span,
                "E132",
                f"`{entry.kind}` is not a kind of run",
                did_you_mean(entry.kind, RUN_KINDS) or "kinds: " + ", ".join(RUN_KINDS),
            )
        length = (None, None) if entry.amount is None else _run_length(ctx, entry)
        if ok and length is not None:
            days[day] = entry
            kind = typing.cast(typing.Any, entry.kind)  # one of RUN_KINDS, checked above
            ctx.running.append(PlannedRun(day, kind, *length))


def _run_length(
    ctx: CheckContext, entry: ast.RunningEntry
) -> tuple[float | None, float | None] | None:
    """A planned run's (minutes, km) from ``45min`` or ``18km``; None when reported."""
    amount = entry.amount
    assert amount is not None
    example = f"`{entry.day}: {entry.kind} 45min` or `{entry.day}: {entry.kind} 10km`"
    if amount.unit not in TIME | DISTANCE:
        ctx.report(
            amount.span,
            "E104",
            f"a planned run is measured in a time (min, h) or a distance (km, mi, m), "
            f"not `{amount.unit}`",
            f"for example {example}",
        )
        return None
    if ast.too_long(amount.value):
        return None  # reported by the parser (S010)
    timed = amount.unit in TIME
    field = "run.duration_min" if timed else "run.distance_km"
    value = convert(amount.value, amount.unit, "min" if timed else "km")
    if value not in LIMITS[field]:
        ctx.report(
            amount.span,
            "E120",
            f"a planned run of {_quantity_text(amount)} is out of range",
            f"a run is {LIMITS[field].words}",
        )
        return None
    return (value, None) if timed else (None, value)


def _quantity_text(amount: ast.Quantity) -> str:
    value = amount.value
    return f"{int(value) if float(value).is_integer() else value:g}{amount.unit}"


def check_equipment(ctx: CheckContext, equipment: ast.Equipment) -> None:
    registry = ctx.plugins.equipment_sets
    for item in equipment.items:
        record = registry.get(item.name)
        if record is None:
            ctx.report(
                item.span,
                "E111",
                f"unknown equipment `{item.name}`",
                did_you_mean(item.name, registry.names())
                or "installed: " + ", ".join(r.name for r in registry),
            )
            continue
        if record.name in ctx.available and record.name != "bodyweight":
            ctx.report(
                item.span,
                "E113",
                f"`{record.name}` is listed twice in `equipment`",
                "list all sizes in one place",
            )
            continue
        units_ok = True
        for value in item.values:
            quantities: tuple[tuple[ast.Quantity, str, str], ...] = ()
            if isinstance(value, ast.LoadRange):
                size = f"a size of {item.name}"
                quantities = (
                    (value.low, "load", size),
                    (value.high, "load", size),
                    (value.step, "load_step", f"the step of {item.name}"),
                )
            elif isinstance(value, ast.Quantity):
                quantities = ((value, "load", f"a size of {item.name}"),)
            for quantity, limit, what in quantities:
                units_ok = ctx.mass(quantity, what) and units_ok
                if units_ok:
                    units_ok = ctx.within_quantity(quantity, limit, what)
            if units_ok and isinstance(value, ast.LoadRange) and value.step.value > 0:
                sizes = (value.high.value - value.low.value) / value.step.value + 1
                if sizes > LIMITS["equipment_sizes"].high:
                    units_ok = False
                    ctx.report(
                        value.span,
                        "E112",
                        f"{item.name}: this range gives {sizes:,.0f} sizes",
                        f"a rack has {LIMITS['equipment_sizes'].words}; use a larger step",
                    )
        if not units_ok:
            ctx.unreadable.add(record.name)  # reported; its lines are not checked against it
            continue
        found = resolve_equipment(ctx, registry, record, item)
        if found is None:
            ctx.unreadable.add(record.name)
        else:
            ctx.available[record.name] = found


def check_deload(ctx: CheckContext, deload: ast.Deload) -> None:
    every = deload.every
    if every is not None and not ast.too_long(every) and every not in LIMITS["deload_every"]:
        ctx.report(
            deload.span,
            "E120",
            f"a deload every {weeks_text(every)} is not a workable cycle",
            "every 4 to 6 weeks is usual (Bell 2022)",
        )
    for week in deload.weeks:
        if ctx.weeks and not 1 <= week <= ctx.weeks:
            ctx.report(
                deload.span,
                "E120",
                f"deload week {week} is outside the program's {ctx.weeks} weeks",
            )
