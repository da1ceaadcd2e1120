"""Program-wide checks: definitions, the schedule, unused and unmatched parts.

(Sessions on consecutive days, W201, and the time budget, W209, are lint rules:
``stridelift.plugins.lints``.)"""

from __future__ import annotations

from collections.abc import Sequence

from stridelift.core.check.context import DAYS, CheckContext
from stridelift.core.diagnostics import did_you_mean
from stridelift.core.language import ast
from stridelift.core.units import convert


def collect_definitions(ctx: CheckContext, items: Sequence[tuple[object, str]]) -> None:
    for item, path in items:
        ctx.path = path
        if isinstance(item, ast.Session):
            if item.name in ctx.sessions:
                ctx.report(
                    item.span,
                    "E113",
                    f"session `{item.name}` is defined twice",
                    "rename one of them",
                )
            else:
                ctx.sessions[item.name] = item
                ctx.session_paths[item.name] = path
        elif isinstance(item, ast.Rule):
            ctx.rules.append((item, path))
        elif isinstance(item, ast.ProgressionDef):
            if item.name in ctx.progressions:
                ctx.report(
                    item.span,
                    "E113",
                    f"progression `{item.name}` is defined twice",
                    "rename one of them",
                )
            else:
                ctx.progressions[item.name] = item
    ctx.path = ctx.unit.path


def check_program_wide(ctx: CheckContext, program: ast.Program) -> None:
    schedule = program.first(ast.Schedule)
    scheduled: set[str] = set()
    if schedule is None:
        ctx.report(
            program.span,
            "E119",
            "the program has no schedule",
            "add one, for example `schedule tue: A, thu: B`",
        )
    else:
        day_index: dict[int, ast.ScheduleEntry] = {}
        for entry in schedule.entries:
            day = entry.day.lower()
            if day not in DAYS:
                ctx.report(
                    entry.span,
                    "E114",
                    f"`{entry.day}` is not a day",
                    did_you_mean(day[:3], DAYS) or "days: " + ", ".join(DAYS),
                )
            else:
                index = DAYS.index(day)
                if index in day_index:
                    ctx.report(
                        entry.span,
                        "E113",
                        f"`{day}` is scheduled twice",
                        "one session per day; combine them into one session",
                    )
                day_index[index] = entry
            if entry.session not in ctx.sessions:
                ctx.report(
                    entry.span,
                    "E107",
                    f"the schedule names session `{entry.session}`, which is not defined",
                    did_you_mean(entry.session, ctx.sessions)
                    or "defined: " + (", ".join(ctx.sessions) or "none"),
                )
            scheduled.add(entry.session)
        for name, session in ctx.sessions.items():
            if name not in scheduled and session.span.line:
                ctx.path = ctx.session_paths[name]
                ctx.report(
                    session.span,
                    "W202",
                    f"session `{name}` is never scheduled",
                    f"add it to `schedule`, for example `sat: {name}`",
                )
    for rule, path in ctx.rules:
        ctx.path = path
        check_scope_matches(ctx, rule)
    ctx.path = ctx.unit.path
    for name, definition in ctx.progressions.items():
        if name not in ctx.used_progressions and definition in program.body:
            ctx.report(
                definition.span,
                "W208",
                f"progression `{name}` is defined but no exercise uses it",
                f"use it with `progress {name}(...)` or remove it",
            )


def check_scope_matches(ctx: CheckContext, rule: ast.Rule) -> None:
    if not rule.scope:
        return
    for _path, phase, line, exercise in ctx.exercises_used:
        for item in rule.scope:
            if (
                (item.kind == "phase" and phase.kind == item.name)
                or (item.kind == "exercise" and line.name == item.name)
                or (
                    item.kind == "pattern"
                    and exercise is not None
                    and exercise.pattern == item.name
                )
                or (
                    item.kind == "session"
                    and item.name in ctx.sessions
                    and any(line is other for _, other in ctx.sessions[item.name].exercises())
                )
            ):
                return
    ctx.report(
        rule.span,
        "W203",
        f'rule "{rule.title}" applies to nothing: no exercise in the program matches its scope',
        "check the scope after `in`",
    )


def _minutes(quantity: ast.Quantity) -> float:
    return convert(quantity.value, quantity.unit, "min")
