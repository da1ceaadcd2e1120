"""The built-in lint rules: what a coach expects to hear about a program and a week.

Every rule of the domain brief's "Lints a coach expects" table is here, with the
plan warnings the engine used to hard-wire (P301-P305), load monitoring
(Foster 2001, Gabbett 2016), and progressions that can never fire. Each rule is
a :class:`~stridelift.core.hooks.records.LintRule`: a code, a name, a default
severity, its parameters with their defaults and sources (``../shared/domain.md``),
and a check. ``static`` rules read the checked program (``stridelift check``);
``plan`` rules read a planned week, the week before it and the log (``plan``,
``history``, ``simulate``). ``docs/diagnostics.md`` documents each code.

It is registered exactly like a third-party plugin, through
:func:`register_lint_rules`.
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stridelift.core.check.lints import StaticContext
from stridelift.core.hooks.guard import PluginFault
from stridelift.core.hooks.records import LintFinding, LintParam, LintRule, WeekPlan
from stridelift.core.hooks.specs import hookimpl
from stridelift.core.language import ast
from stridelift.core.language.unparse import format_number
from stridelift.core.source import Span
from stridelift.core.training.loads import nearest
from stridelift.core.units import MASS, convert

if TYPE_CHECKING:
    # The plan rules' context; imported for types only, so `stridelift check` (which
    # runs the static rules) never imports the engine.
    from stridelift.core.engine.warnings import PlanContext


def fmt_load(value: float | None, units: str) -> str:
    """``22.5kg`` (the engine's own wording, without importing the engine)."""
    return "-" if value is None else f"{format_number(round(value, 2))}{units}"


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIME = frozenset({"s", "min", "h"})
LINTS = "Lints a coach expects"


def _name_span(node: ast.Session) -> Span | None:
    return Span.point(node.span.line, node.span.column, len(node.name)) if node.span.line else None


# ---------------------------------------------------------------- static rules


def consecutive_days(ctx: StaticContext) -> Iterator[LintFinding]:
    """W201: two strength sessions on consecutive days."""
    schedule = ctx.checked.program.first(ast.Schedule)
    if schedule is None:
        return
    day_index: dict[int, ast.ScheduleEntry] = {}
    for entry in schedule.entries:
        day = entry.day.lower()
        if day in DAYS:
            day_index[DAYS.index(day)] = entry
    days = sorted(day_index)
    for a in days:
        b = (a + 1) % 7
        if b in day_index and len(days) < 7:
            yield LintFinding(
                f"strength sessions on consecutive days ({DAYS[a]} and {DAYS[b]})",
                day_index[b].span,
                hint="leave a day between sessions so the legs recover for running",
            )


def over_time_budget(ctx: StaticContext) -> Iterator[LintFinding]:
    """W209: a session's estimate above the program's time budget."""
    budget = ctx.checked.program.first(ast.TimeBudget)
    if not ctx.sound or budget is None or budget.duration.unit not in TIME:
        return
    from stridelift.core.training.session_time import session_minutes

    limit = convert(budget.duration.value, budget.duration.unit, "min")
    slack = ctx.number("slack_minutes")
    for name, session in ctx.checked.sessions.items():
        estimate = session_minutes(session, ctx.exercise)
        if estimate > limit + slack:
            yield LintFinding(
                f"session `{name}` takes about {estimate:.0f} min; "
                f"the time budget is {format_number(limit)} min",
                session.span,
                path=ctx.session_path(name),
                hint="cut sets or rest, or move an accessory to another session",
            )


def _week_plans(ctx: StaticContext, total: int) -> list[WeekPlan] | None:
    """The style's plan of each week 1..total; ``None`` without a style, or when the
    style fails (the checker has reported that at the ``periodization`` line)."""
    style = ctx.checked.style
    if style is None or not ctx.sound:
        return None
    try:
        return [style.style.week(n, style.values, total) for n in range(1, total + 1)]
    except PluginFault:
        return None


def _light_weeks(ctx: StaticContext, total: int) -> list[bool] | None:
    """Whether each week 1..total is a deload or lighter week."""
    checked = ctx.checked
    plans = _week_plans(ctx, total)
    if plans is None and checked.style is not None:
        return None
    light = []
    for n in range(1, total + 1):
        lighter = n in checked.deload_weeks or bool(
            checked.deload_every and n % checked.deload_every == 0
        )
        if plans is not None and not lighter:
            plan = plans[n - 1]
            lighter = plan.deload or plan.volume < 0.95 or plan.phase in ("taper", "deload")
        light.append(lighter)
    return light


def no_deload(ctx: StaticContext) -> Iterator[LintFinding]:
    """W211: a run of more than ``max_weeks`` weeks with no deload or lighter week."""
    total = ctx.checked.weeks
    limit = int(ctx.number("max_weeks"))
    if not total or total <= limit:
        return
    light = _light_weeks(ctx, total)
    if light is None:
        return
    run = start = 0
    worst: tuple[int, int] | None = None
    for n, lighter in enumerate(light, 1):
        if lighter:
            run = 0
            continue
        if run == 0:
            start = n
        run += 1
        if run > limit and (worst is None or run > worst[1] - worst[0] + 1):
            worst = (start, n)
    if worst is None:
        return
    first, last = worst
    node = ctx.checked.program.first(ast.Deload) or ctx.checked.program.first(ast.Weeks)
    yield LintFinding(
        f"weeks {first}-{last} run {last - first + 1} weeks with no deload or lighter week "
        f"(more than {limit})",
        node.span if node else None,
        hint="add `deload every 4 weeks` (or 5 or 6), or a style with lighter weeks",
    )


def missing_warmup(ctx: StaticContext) -> Iterator[LintFinding]:
    """W212: a scheduled session with no warm-up."""
    scheduled = {name for _, name in ctx.checked.schedule}
    for name, session in ctx.checked.sessions.items():
        if name not in scheduled:
            continue
        warmups = [p for p in session.phases if p.kind == "warmup"]
        if not any(p.entries or p.duration for p in warmups):
            yield LintFinding(
                f"session `{name}` has no warm-up",
                _name_span(session),
                path=ctx.session_path(name),
                hint="start with `warmup 10min { ... }`: mobility and activation for hips, "
                "glutes, hamstrings and ankles, then ramp-up sets",
            )


TAPER_PHASES = frozenset({"taper", "race", "peak"})


def taper_volume(ctx: StaticContext) -> Iterator[LintFinding]:
    """W213: a taper or race week that keeps full volume, or brings a new exercise."""
    checked = ctx.checked
    total = checked.weeks or 0
    cut = ctx.number("min_cut")
    plans = _week_plans(ctx, total) if total else None
    if plans is not None:
        for n, plan in enumerate(plans, 1):
            if plan.phase in TAPER_PHASES and plan.volume > 1 - cut + 1e-9:
                node = checked.program.first(ast.Periodization)
                yield LintFinding(
                    f"week {n} is a {plan.phase} week with {plan.volume:.0%} of the volume; "
                    f"a taper cuts at least {cut:.0%}",
                    node.span if node else None,
                    hint="cut sets 41-60 % in the taper and hold the loads (Bosquet 2007)",
                )
                break
    for rule in checked.rules:
        for clause in rule.clauses:
            phase = _taper_test(clause.condition)
            if phase is None:
                continue
            for action in clause.actions:
                if isinstance(action, ast.SimpleAction) and action.kind == "advance":
                    yield LintFinding(
                        f'rule "{rule.title}" moves to a new exercise in a {phase} week: '
                        "race weeks keep the exercises the athlete knows",
                        action.span,
                        hint="advance before the taper, or hold",
                    )


def _taper_test(expr: ast.Expr | None) -> str | None:
    """The taper phase a condition requires (``phase is taper``), if it does."""
    if isinstance(expr, ast.IsTest):
        subject = expr.subject
        if isinstance(subject, ast.Name) and subject.id == "phase" and not expr.negated:
            return expr.word.name if expr.word.name in TAPER_PHASES else None
    elif isinstance(expr, ast.ForWeeks):
        return _taper_test(expr.condition)
    elif isinstance(expr, ast.BoolOp) and expr.op == "and":
        for operand in expr.operands:
            found = _taper_test(operand)
            if found:
                return found
    return None


def no_calf_ankle(ctx: StaticContext) -> Iterator[LintFinding]:
    """W214: a week with no calf or ankle exercise."""
    week = ctx.scheduled()
    if not week:
        return
    for session in week:
        for _, line in session.exercises():
            exercise = ctx.exercise(line.name)
            if exercise is not None and exercise.pattern == "calf_ankle":
                return
    schedule = ctx.checked.program.first(ast.Schedule)
    yield LintFinding(
        "no calf or ankle work in the week",
        schedule.span if schedule else None,
        hint="add calf raises (full range, slow lowering) or ankle work to a session: "
        "the calves and Achilles take the most load in running",
    )


def far_from_failure(ctx: StaticContext) -> Iterator[LintFinding]:
    """W215: a working set's target more than ``max_rir`` reps short of failure."""
    limit = ctx.number("max_rir")
    for session, phase, line in ctx.lines():
        effort = line.effort
        if effort is None or phase.kind not in ("main", "accessory"):
            continue
        rir = effort.value if effort.kind == "rir" else 10 - effort.value
        if rir > limit + 1e-9:
            yield LintFinding(
                f"{line.name}: {effort.kind} {format_number(effort.value)} leaves about "
                f"{format_number(rir)} reps in reserve; far from failure, a set trains little",
                effort.span if effort.span.line else line.span,
                path=ctx.session_path(session.name),
                hint=f"aim for {format_number(limit)} reps in reserve or fewer "
                "(RPE 5 or more), or move the line to the warm-up",
            )


def _owned(ctx: StaticContext, name: str) -> list[float]:
    exercise = ctx.exercise(name)
    loads: set[float] = set()
    for kind in exercise.equipment if exercise else ():
        has = ctx.checked.available.get(kind)
        if has is not None:
            loads.update(has.loads)
    return sorted(loads)


def _mass(value: ast.ArgValue | None, units: str) -> float | None:
    if isinstance(value, ast.Unary) and isinstance(value.operand, ast.Quantity):
        inner = _mass(value.operand, units)
        return None if inner is None else (inner if value.op == "+" else -inner)
    if isinstance(value, ast.Quantity) and value.unit in MASS:
        return convert(value.value, value.unit, units)
    return None


def step_unreachable(ctx: StaticContext) -> Iterator[LintFinding]:
    """W216: a progression's load step the owned equipment cannot make."""
    units = ctx.checked.units
    for session, _, line in ctx.lines():
        if line.progress is None or not isinstance(line.load, ast.WeightLoad):
            continue
        bound = ctx.checked.calls.get(line.progress)
        loads = _owned(ctx, line.name)
        if bound is None or not loads:
            continue
        start = convert(line.load.quantity.value, line.load.quantity.unit, units)
        current = nearest(start, loads)
        for spec in bound.params:
            if spec.type != "load":
                continue
            step = _mass(bound.arg(spec.name), units)
            if step is None or step <= 0:
                continue
            heavier = [x for x in loads if x > current + 1e-9]
            shown = f"{format_number(step)}{units}"
            if not heavier:
                message = (
                    f"{line.name}: `{line.progress.name}` adds {shown}, but the athlete owns "
                    f"nothing heavier than {fmt_load(current, units)} for it: the load never rises"
                )
            elif nearest(current + step, loads) <= current + 1e-9:
                message = (
                    f"{line.name}: `{line.progress.name}` adds {shown}, but the next load the "
                    f"athlete owns is {fmt_load(heavier[0], units)}: "
                    f"{fmt_load(current, units)} + {shown} rounds back to "
                    f"{fmt_load(current, units)}, so the load never rises"
                )
            else:
                continue
            arg = bound.arg(spec.name)
            span = getattr(arg, "span", None) if spec.name not in bound.defaulted else None
            yield LintFinding(
                message,
                span if span is not None and span.line else line.progress.span,
                path=ctx.session_path(session.name),
                hint=f"make the step at least {fmt_load(heavier[0] - current, units)}, or "
                "declare the in-between loads"
                if heavier
                else "declare a heavier implement, or progress reps or the exercise",
            )


def _weeks_args(ctx: StaticContext) -> Iterator[tuple[str, ast.Call, ast.ArgValue, Span | None]]:
    for session, _, line in ctx.lines():
        call = line.progress
        bound = ctx.checked.calls.get(call) if call is not None else None
        if call is None or bound is None:
            continue
        for name, value in bound.args:
            if isinstance(value, ast.WeeksValue) and name not in bound.defaulted:
                yield ctx.session_path(session.name), call, value, value.span


def every_too_long(ctx: StaticContext) -> Iterator[LintFinding]:
    """W217: a progression's period longer than the program."""
    total = ctx.checked.weeks
    if not total:
        return
    for path, call, value, span in _weeks_args(ctx):
        assert isinstance(value, ast.WeeksValue)
        if value.count > total:
            yield LintFinding(
                f"`{call.name}` steps every {format_number(value.count)} weeks, "
                f"but the program runs {total}: it never steps",
                span if span is not None and span.line else call.span,
                path=path,
                hint=f"use a period of {total} weeks or fewer",
            )


#: The values a metric of the log can take (``core/units.py`` LIMITS, the log's ranges).
METRIC_RANGES: dict[str, tuple[float, float]] = {
    "rpe": (1.0, 10.0),
    "rir": (0.0, 10.0),
    "fatigue": (1.0, 10.0),
    "soreness": (1.0, 10.0),
    "stress": (1.0, 10.0),
    "sleep": (0.0, 24.0),
    "sets": (0.0, math.inf),
    "reps": (0.0, math.inf),
    "missed": (0.0, math.inf),
}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _impossible(compare: ast.Compare) -> str | None:
    left, right, op = compare.left, compare.right, str(compare.op)
    if isinstance(left, ast.Number) and isinstance(right, ast.Name):
        left, right, op = right, left, _FLIP[op]
    if not (isinstance(left, ast.Name) and isinstance(right, ast.Number)):
        return None
    bounds = METRIC_RANGES.get(left.id)
    if bounds is None:
        return None
    low, high = bounds
    v = right.value
    never = {
        ">": v >= high,
        ">=": v > high,
        "<": v <= low,
        "<=": v < low,
        "==": not low <= v <= high,
        "!=": False,
    }[op]
    if not never:
        return None
    top = "no upper limit" if high == math.inf else f"{format_number(low)} to {format_number(high)}"
    return f"`{left.id}` is {top}"


def _never(expr: ast.Expr | None) -> Iterator[tuple[ast.Compare, str]]:
    """The comparisons that make a condition never true."""
    if isinstance(expr, ast.Compare):
        why = _impossible(expr)
        if why:
            yield expr, why
    elif isinstance(expr, ast.ForWeeks):
        yield from _never(expr.condition)
    elif isinstance(expr, ast.BoolOp):
        found = [list(_never(o)) for o in expr.operands]
        if expr.op == "and" or all(found):
            for parts in found:
                yield from parts


def never_true(ctx: StaticContext) -> Iterator[LintFinding]:
    """W218: a clause whose condition can never be true."""
    checked = ctx.checked
    owners: list[tuple[str, tuple[ast.Clause, ...], str]] = []
    own = [*checked.program.body, *(item for item, _ in checked.unit.included)]
    paths = {id(item): origin.path for item, origin in checked.unit.included}
    for item in own:
        if isinstance(item, ast.ProgressionDef):
            owners.append((f"progression `{item.name}`", item.clauses, paths.get(id(item), "")))
        elif isinstance(item, ast.Rule):
            owners.append((f'rule "{item.title}"', item.clauses, paths.get(id(item), "")))
    for owner, clauses, path in owners:
        for clause in clauses:
            for compare, why in _never(clause.condition):
                text = _unparse(compare)
                yield LintFinding(
                    f"{owner}: `{text}` can never be true ({why}), so its clause never runs",
                    compare.span if compare.span.line else clause.span,
                    path=path or None,
                    hint="check the number: RPE runs 1-10, RIR 0-10, check-ins 1-10",
                )


def _unparse(expr: ast.Expr) -> str:
    from stridelift.core.language.unparse import format_expr

    return format_expr(expr, 0)


def reps_outside_range(ctx: StaticContext) -> Iterator[LintFinding]:
    """W219: a line's reps outside its progression's rep range."""
    for session, _, line in ctx.lines():
        call = line.progress
        bound = ctx.checked.calls.get(call) if call is not None else None
        prescription = line.prescription
        if call is None or bound is None or prescription is None:
            continue
        amount = prescription.amount
        if isinstance(amount, ast.Reps):
            low_reps, high_reps = amount.count, amount.count
        elif isinstance(amount, ast.RepRange):
            low_reps, high_reps = amount.low, amount.high
        else:
            continue
        for spec in bound.params:
            value = bound.arg(spec.name)
            if spec.range_names is None or not isinstance(value, ast.Range):
                continue
            if low_reps < value.low or high_reps > value.high:
                written = (
                    format_number(low_reps) if low_reps == high_reps else f"{low_reps}..{high_reps}"
                )
                yield LintFinding(
                    f"{line.name}: {written} reps is outside `{call.name}`'s range "
                    f"{format_number(value.low)}..{format_number(value.high)}: "
                    "the progression never steps as written",
                    prescription.span if prescription.span.line else line.span,
                    path=ctx.session_path(session.name),
                    hint=f"start the line inside the range, for example "
                    f"`{prescription.sets or 3} x {format_number(value.low)}`",
                )


def progression_on_amrap(ctx: StaticContext) -> Iterator[LintFinding]:
    """W220: a progression on an AMRAP line whose clauses can only change reps: on
    such a line the reps are the athlete's, so they change nothing."""
    for session, _, line in ctx.lines():
        call = line.progress
        bound = ctx.checked.calls.get(call) if call is not None else None
        prescription = line.prescription
        if (
            call is None
            or bound is None
            or bound.definition is None
            or prescription is None
            or not isinstance(prescription.amount, ast.Amrap)
        ):
            continue
        changing = [
            a
            for clause in bound.definition.clauses
            for a in clause.actions
            if not isinstance(a, ast.NoteAction)
            and not (isinstance(a, ast.SimpleAction) and a.kind == "hold")
        ]
        if changing and all(isinstance(a, ast.SetAction) and a.target == "reps" for a in changing):
            yield LintFinding(
                f"{line.name}: `{call.name}` only changes reps, and on an AMRAP line the "
                "reps are the athlete's: it never changes anything",
                call.span if call.span.line else line.span,
                path=ctx.session_path(session.name),
                hint="use a progression that adds load from the reps logged (`double` adds "
                "load once the logged reps reach the top of its range), or write the reps",
            )


#: The parameters that name a progression's effort target (the compiler gives a
#: left-out one the line's own target).
_EFFORT_PARAMS = ("effort", "target")


def effort_disagrees(ctx: StaticContext) -> Iterator[LintFinding]:
    """W221: a progression called with an effort target other than the line's own."""
    for session, _, line in ctx.lines():
        call, effort = line.progress, line.effort
        bound = ctx.checked.calls.get(call) if call is not None else None
        if call is None or bound is None or effort is None:
            continue
        rpe = effort.value if effort.kind == "rpe" else 10 - effort.value
        for name in _EFFORT_PARAMS:
            if name in bound.defaulted:
                continue
            value = bound.values().get(name)
            if not isinstance(value, int | float) or abs(float(value) - rpe) < 1 - 1e-9:
                continue
            written = f"{effort.kind} {format_number(effort.value)}"
            yield LintFinding(
                f"{line.name}: `{call.name}` aims at RPE {format_number(float(value))} but the "
                f"line asks for {written} (RPE {format_number(rpe)}): "
                + (
                    "a week done as prescribed counts as easy and the load climbs past it"
                    if float(value) > rpe
                    else "a week done as prescribed counts as too hard"
                ),
                call.span if call.span.line else line.span,
                path=ctx.session_path(session.name),
                hint=f"leave `{name}` out (it is then the line's own target) or write the "
                "line's effort to match",
            )


# ---------------------------------------------------------------- plan rules


class _HardRun:
    """A quality, long or race run the week's lifting should keep clear of: planned
    (the athlete record's or the program's running week), or, on a day the plan does
    not name, last week's logged run a week on."""

    __slots__ = ("date", "how", "kind")

    def __init__(self, date: dt.date, kind: str, how: str) -> None:
        self.date, self.kind, self.how = date, kind, how


def _hard_runs(ctx: PlanContext) -> list[_HardRun]:
    from stridelift.core.engine.running import HARD_KINDS, source_words, week_runs

    planned = week_runs(ctx.program, ctx.index.athlete, ctx.result.start)
    found = [
        _HardRun(p.date, p.kind, f"{p.date:%a} {p.text()}, {source_words(p.source)}")
        for p in planned
        if p.kind in HARD_KINDS
    ]
    # Runners keep a weekly rhythm: last week's runs, a week on, are the best guess
    # for a day the plan leaves open. (This week's own records would break "week N
    # depends only on the log before it".)
    named = {p.date for p in planned}
    week = dt.timedelta(days=7)
    for r in ctx.index.runs_in(ctx.result.week - 1):
        date = r.date + week
        if r.kind in HARD_KINDS and date not in named:
            found.append(_HardRun(date, r.kind, f"{date:%a}, as run last week"))
    return found


def _heavy_days(ctx: PlanContext, gap_days: int) -> Iterator[tuple[str, dt.date, _HardRun]]:
    hard = _hard_runs(ctx)
    program = ctx.program
    for _, name, day in program.session_dates(ctx.result.start) if hard else ():
        if name not in program.heavy_sessions:
            continue
        for run in hard:
            if (run.date - day).days == gap_days:
                yield name, day, run


def heavy_before_run(ctx: PlanContext) -> Iterator[LintFinding]:
    """P301: heavy legs the day before a quality or long run."""
    for name, day, run in _heavy_days(ctx, 1):
        yield LintFinding(
            f"session {name} on {day:%a %d %b} is the day before a {run.kind} run "
            f"({run.how}): keep heavy legs 24 h clear of quality and long runs "
            "(Doma 2013, 2017)",
            session=name,
        )


def heavy_on_run_day(ctx: PlanContext) -> Iterator[LintFinding]:
    """P302: heavy legs on the day of a quality or long run."""
    for name, _, run in _heavy_days(ctx, 0):
        yield LintFinding(
            f"session {name} falls on the day of a {run.kind} run ({run.how}): lift after "
            "the run, at least 3 h later (Robineau 2016, Schumann 2022)",
            session=name,
        )


def percent_without_estimate(ctx: PlanContext) -> Iterator[LintFinding]:
    """P303: a %1RM line with no estimate."""
    for item in ctx.result.prescriptions:
        if item.percent is not None and item.load is None:
            yield LintFinding(
                f"{item.exercise}: {format_number(item.percent)}% of 1RM needs a 1RM "
                "estimate; log its sets with the load lifted and RPE or RIR",
                session=item.slot.session,
            )


def load_jump(ctx: PlanContext) -> Iterator[LintFinding]:
    """P304: a load rising more than ``jump`` in a week, the body's weight counted where
    the exercise carries it; quiet when the rise is the smallest step the owned
    equipment allows."""
    previous = ctx.previous
    if previous is None:
        return
    program = ctx.program
    units = program.units
    jump = ctx.number("jump")
    body = convert(ctx.number("body_weight"), "kg", units)
    for item, old in zip(ctx.result.prescriptions, previous.prescriptions, strict=False):
        if item.load is None or not old.load or item.exercise != old.exercise:
            continue
        if item.slot.key != old.slot.key or item.load <= old.load + 1e-9:
            continue
        exercise = program.exercise(item.exercise)
        carried = body if exercise is not None and "bodyweight" in exercise.equipment else 0.0
        base = old.load + carried
        rise = (item.load - old.load) / base
        if rise <= jump + 1e-9:
            continue
        owned = program.loads_for(item.exercise)
        if owned and not any(old.load + 1e-9 < x < item.load - 1e-9 for x in owned):
            continue  # the next implement up: the coach's own smallest step
        most = base * jump
        text = (
            f"{item.exercise}: load {fmt_load(old.load, units)} -> "
            f"{fmt_load(item.load, units)} is a {rise:.0%} jump in a week"
        )
        if carried:
            text += f" (with {fmt_load(carried, units)} of body weight)"
        between = [x for x in owned if old.load + 1e-9 < x < item.load - 1e-9]
        if between:
            text += (
                f"; a step to {fmt_load(between[0], units)}, which the athlete owns, "
                "would be gentler"
            )
        else:
            text += f"; a step of {fmt_load(most, units)} or less would stay within {jump:.0%}"
        yield LintFinding(text, session=item.slot.session)


def running_spike(ctx: PlanContext) -> Iterator[LintFinding]:
    """P305: running distance rising more than ``rise`` in a week."""
    week = ctx.result.week
    now = sum(r.distance_km for r in ctx.index.runs_in(week - 1))
    then = sum(r.distance_km for r in ctx.index.runs_in(week - 2))
    limit = ctx.number("rise")
    if then > 0 and now > then * (1 + limit):
        yield LintFinding(
            f"running distance rose {now / then - 1:.0%} last week "
            f"({format_number(round(then, 1))} -> {format_number(round(now, 1))} km); "
            f"rises above {limit:.0%} go with more injuries (Nielsen 2014)"
        )


def left_right(ctx: PlanContext) -> Iterator[LintFinding]:
    """P307: an exercise's limb symmetry over the last ``symmetry_weeks`` weeks (the
    weaker side's reps x load over the stronger's, from the log's ``side``) shows the
    weaker side doing ``difference`` or more less."""
    from stridelift.core.engine.logweeks import limb_totals, symmetry_index

    week = ctx.result.week
    window = ctx.program.policy.symmetry_weeks
    first = max(1, week - window)
    totals = limb_totals(ctx.index.get(n) for n in range(first, week))
    limit = ctx.number("difference")
    weeks = f"week {first}" if first == week - 1 else f"weeks {first}-{week - 1}"
    for name, (left, right) in sorted(totals.items()):
        lsi = symmetry_index(left, right)
        if lsi is None or 100 - lsi < limit * 100 - 1e-6:
            continue
        weaker, stronger = ("left", "right") if left < right else ("right", "left")
        yield LintFinding(
            f"{name}: limb symmetry {lsi:.0f}% over {weeks}: the {weaker} side did "
            f"{1 - lsi / 100:.0%} less than the {stronger} (reps x load); {limit:.0%} or more "
            "is worth a look (a convention, not a validated threshold)",
            session=_session_of(ctx, name),
        )


def _session_of(ctx: PlanContext, name: str) -> str | None:
    for item in ctx.result.prescriptions:
        if item.exercise == name or item.slot.name == name:
            return item.slot.session
    return None


def daily_loads(ctx: PlanContext, week: int) -> list[float]:
    """Each day's session load in program week ``week``: session RPE x minutes
    (Foster 2001). A run's RPE and minutes are logged; a strength session's RPE is
    the mean RPE of its working sets, its minutes the program's estimate."""
    from stridelift.core.training.session_time import session_minutes

    if week < 1:
        return [0.0] * 7
    runs = ctx.index.runs_in(week)
    log = ctx.index.get(week)
    # P308-P310 ask for the same weeks again and again (the chronic window slides):
    # each week's loads are kept per log index, as long as the week's records are.
    stamp = (len(runs), sum(len(v) for v in log.raw.values()) if log is not None else 0)
    cache = _DAILY.setdefault(ctx.index, {})
    kept = cache.get(week)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    start = ctx.index.start + dt.timedelta(days=7 * (week - 1))
    days = [0.0] * 7
    for run in runs:
        if run.rpe is not None:
            days[(run.date - start).days] += run.rpe * run.duration_min
    if log is not None:
        by_day: dict[tuple[int, str], list[float]] = {}
        for records in log.raw.values():
            for r in records:
                rpe = r.effective_rpe()
                if rpe is None or r.role == "warmup":
                    continue
                name = r.session or ctx.program.session_on(r.date)
                by_day.setdefault(((r.date - start).days, name), []).append(rpe)
        for (day, session_name), rpes in by_day.items():
            session = ctx.program.sessions.get(session_name)
            if session is None or not 0 <= day < 7:
                continue
            minutes = session_minutes(session, ctx.program.exercise)
            days[day] += sum(rpes) / len(rpes) * minutes
    cache[week] = (stamp, days)
    return days


#: Each log index's daily loads by week, with the stamp they were worked out at.
_DAILY: weakref.WeakKeyDictionary[Any, dict[int, tuple[tuple[int, int], list[float]]]] = (
    weakref.WeakKeyDictionary()
)


def monotony(ctx: PlanContext) -> Iterator[LintFinding]:
    """P308: last week's training monotony (mean daily load / its standard deviation,
    rest days 0) above ``limit``."""
    days = daily_loads(ctx, ctx.result.week - 1)
    mean = sum(days) / 7
    if mean <= 0:
        return
    sd = math.sqrt(sum((d - mean) ** 2 for d in days) / 7)
    value = math.inf if sd == 0 else mean / sd
    limit = ctx.number("limit")
    if value > limit:
        shown = "no day easier than another" if sd == 0 else f"{value:.1f}"
        yield LintFinding(
            f"last week's training monotony was {shown} (above {format_number(limit)}): "
            "the days' loads were too alike; make easy days easier (Foster)"
        )


def _acwr(ctx: PlanContext) -> tuple[float, float, float] | None:
    week = ctx.result.week - 1
    count = int(ctx.number("chronic_weeks"))
    if week < count:
        return None
    totals = [sum(daily_loads(ctx, week - k)) for k in range(count)]
    chronic = sum(totals) / count
    if chronic <= 0 or totals[0] <= 0:
        return None
    return totals[0] / chronic, totals[0], chronic


def acute_chronic(ctx: PlanContext) -> Iterator[LintFinding]:
    """P309: last week's acute:chronic workload ratio, shown, never gating."""
    found = _acwr(ctx)
    if found is None:
        return
    ratio, acute, chronic = found
    yield LintFinding(
        f"acute:chronic workload ratio {ratio:.2f} (last week {acute:.0f}, "
        f"{int(ctx.number('chronic_weeks'))}-week mean {chronic:.0f} RPE x min); "
        "0.8-1.3 is usual; shown only, its predictive value is disputed (Impellizzeri 2020)"
    )


def acute_chronic_high(ctx: PlanContext) -> Iterator[LintFinding]:
    """P310: the acute:chronic ratio at or above ``flag``."""
    found = _acwr(ctx)
    flag = ctx.number("flag")
    if found is None or found[0] < flag - 1e-9:
        return
    yield LintFinding(
        f"acute:chronic workload ratio {found[0]:.2f} is at or above "
        f"{format_number(flag)} (Gabbett 2016): last week's load rose fast; the plan "
        "is not changed for it"
    )


# ---------------------------------------------------------------- the records


def _when_sound(check: Any) -> Any:
    """The rule, quiet on a program with errors: an unknown exercise may be the calf
    raise or the warm-up it looks for, and a coach fixes errors first."""

    def sound_only(ctx: StaticContext) -> Iterable[LintFinding]:
        return check(ctx) if ctx.sound else ()

    sound_only.__doc__ = check.__doc__
    return sound_only


def _p(
    name: str,
    type_: Any,
    default: float,
    doc: str,
    source: str,
    bounds: tuple[float, float],
) -> LintParam:
    return LintParam(name, type_, default, doc, source, bounds)


RULES: tuple[LintRule, ...] = (
    LintRule(
        "W201",
        "consecutive-days",
        "warning",
        "static",
        consecutive_days,
        doc="Two strength sessions fall on consecutive days.",
    ),
    LintRule(
        "W209",
        "over-time-budget",
        "warning",
        "static",
        over_time_budget,
        (
            _p(
                "slack_minutes",
                "number",
                0.5,
                "Minutes a session may run over the budget before the warning.",
                "Session length; the slack is a convention (rounding)",
                (0, 60),
            ),
        ),
        doc="A session's estimated length exceeds the time budget.",
    ),
    LintRule(
        "W211",
        "no-deload",
        "warning",
        "static",
        _when_sound(no_deload),
        (
            _p(
                "max_weeks",
                "integer",
                6,
                "The most weeks in a row without a deload or lighter week.",
                f"{LINTS}: no deload or lighter week for more than 6 weeks; "
                "Periodization: deload every 4-6 weeks (Bell 2022, 2024)",
                (1, 52),
            ),
        ),
        doc="More than 6 weeks in a row with no deload or lighter week.",
    ),
    LintRule(
        "W212",
        "missing-warm-up",
        "warning",
        "static",
        _when_sound(missing_warmup),
        doc="A scheduled session has no warm-up.",
    ),
    LintRule(
        "W213",
        "taper-full-volume",
        "warning",
        "static",
        _when_sound(taper_volume),
        (
            _p(
                "min_cut",
                "fraction",
                0.41,
                "The least a taper week cuts from the volume.",
                "Periodization: taper, cut volume 41-60 % and hold intensity (Bosquet 2007)",
                (0, 0.9),
            ),
        ),
        doc="A taper or race week keeps full volume, or brings in a new exercise.",
    ),
    LintRule(
        "W214",
        "no-calf-ankle",
        "info",
        "static",
        _when_sound(no_calf_ankle),
        doc="No calf or ankle exercise in the week.",
    ),
    LintRule(
        "W215",
        "far-from-failure",
        "info",
        "static",
        _when_sound(far_from_failure),
        (
            _p(
                "max_rir",
                "number",
                5,
                "The most reps in reserve a working set's target may leave.",
                f"{LINTS}: target far from failure (RIR above 5)",
                (0, 10),
            ),
        ),
        doc="A working set's target is more than 5 reps short of failure.",
    ),
    LintRule(
        "W216",
        "load-step-unreachable",
        "warning",
        "static",
        _when_sound(step_unreachable),
        doc="A progression's load step is smaller than the owned equipment allows.",
    ),
    LintRule(
        "W217",
        "period-longer-than-program",
        "warning",
        "static",
        _when_sound(every_too_long),
        doc="A progression steps less often than the program is long.",
    ),
    LintRule(
        "W218",
        "condition-never-true",
        "warning",
        "static",
        _when_sound(never_true),
        doc="A clause's condition can never be true.",
    ),
    LintRule(
        "W219",
        "reps-outside-range",
        "warning",
        "static",
        _when_sound(reps_outside_range),
        doc="A line's reps lie outside its progression's rep range.",
    ),
    LintRule(
        "W220",
        "progression-on-amrap",
        "warning",
        "static",
        _when_sound(progression_on_amrap),
        doc="A progression that only changes reps, on an AMRAP line.",
    ),
    LintRule(
        "W221",
        "effort-target-disagrees",
        "warning",
        "static",
        _when_sound(effort_disagrees),
        doc="A progression's effort target is not the line's own.",
    ),
    LintRule(
        "P301",
        "heavy-legs-before-hard-run",
        "warning",
        "plan",
        heavy_before_run,
        doc="Heavy lower-body lifting the day before a hard run.",
    ),
    LintRule(
        "P302",
        "heavy-legs-on-hard-run-day",
        "warning",
        "plan",
        heavy_on_run_day,
        doc="Heavy lower-body lifting on the day of a hard run.",
    ),
    LintRule(
        "P303",
        "percent-without-estimate",
        "warning",
        "plan",
        percent_without_estimate,
        doc="A percentage of 1RM with no estimate to resolve it.",
    ),
    LintRule(
        "P304",
        "load-jump",
        "warning",
        "plan",
        load_jump,
        (
            _p(
                "jump",
                "fraction",
                0.10,
                "A week-over-week load rise above this fraction is warned about.",
                f"{LINTS}: week-over-week load jump, warn above 10 %",
                (0, 1),
            ),
            _p(
                "body_weight",
                "number",
                70,
                "The athlete's body weight in kg, counted in the load of an exercise "
                "that carries it (one the catalog says can be done with body weight).",
                "a convention: set it to the athlete's weight",
                (20, 250),
            ),
        ),
        doc="A load rises more than 10% from last week's.",
    ),
    LintRule(
        "P305",
        "running-spike",
        "warning",
        "plan",
        running_spike,
        (
            _p(
                "rise",
                "fraction",
                0.30,
                "A week-over-week rise in running distance above this is warned about.",
                "Load monitoring: weekly distance rising more than 30 % (Nielsen 2014)",
                (0, 2),
            ),
        ),
        doc="Logged running distance rose more than 30% in a week.",
    ),
    LintRule(
        "P307",
        "left-right-difference",
        "warning",
        "plan",
        left_right,
        (
            _p(
                "difference",
                "fraction",
                0.10,
                "A weaker side doing this fraction or more less than the stronger (reps x "
                "load over the policy's symmetry_weeks) is warned about.",
                f"{LINTS}: unilateral left/right difference, warn above 10 % "
                "(a convention, not validated)",
                (0, 1),
            ),
        ),
        doc="Last week's left and right sides differ by more than 10%.",
    ),
    LintRule(
        "P308",
        "training-monotony",
        "warning",
        "plan",
        monotony,
        (
            _p(
                "limit",
                "number",
                2.0,
                "Last week's monotony (mean daily load / its standard deviation) above "
                "this is warned about.",
                "Load monitoring: monotony, warn above 2.0 (Foster; a convention)",
                (0.5, 10),
            ),
        ),
        doc="Last week's training monotony was above 2.0.",
    ),
    LintRule(
        "P309",
        "acute-chronic-ratio",
        "info",
        "plan",
        acute_chronic,
        (
            _p(
                "chronic_weeks",
                "integer",
                4,
                "Weeks averaged for the chronic load.",
                "Load monitoring: acute:chronic workload ratio (Gabbett 2016)",
                (2, 12),
            ),
        ),
        doc="Last week's acute:chronic workload ratio, shown, never gating.",
    ),
    LintRule(
        "P310",
        "acute-chronic-high",
        "warning",
        "plan",
        acute_chronic_high,
        (
            _p(
                "flag",
                "number",
                1.5,
                "An acute:chronic ratio at or above this is flagged.",
                "Load monitoring: acute:chronic workload ratio, flag 1.5 or more (Gabbett 2016)",
                (1, 5),
            ),
            _p(
                "chronic_weeks",
                "integer",
                4,
                "Weeks averaged for the chronic load.",
                "Load monitoring: acute:chronic workload ratio (Gabbett 2016)",
                (2, 12),
            ),
        ),
        doc="The acute:chronic workload ratio is 1.5 or more (flagged, never gating).",
    ),
)


def rules_by_code() -> Mapping[str, LintRule]:
    return {rule.code: rule for rule in RULES}


@hookimpl
def register_lint_rules() -> Iterable[LintRule]:
    return RULES
