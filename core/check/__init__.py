"""The semantic pass: everything a coach can get wrong that the grammar cannot see.

The checker reports every problem it finds in a unit (a program and its
includes) and never stops at the first. Vocabularies come from plugins: the
exercise catalog, equipment sets, progressions and periodization styles. It
reads the unit part by part, one module each:

* :mod:`.header`: units, weeks, equipment, time budget, deload, periodization,
  race, running week;
* :mod:`.policy`: the ``policy`` block (engine and lint settings);
* :mod:`.calls`: progression and style calls, and the one argument binder;
* :mod:`.prescriptions`: sessions, exercises, loads, effort, tempo;
* :mod:`.expressions`: the types of conditions and actions;
* :mod:`.program`: the schedule and the checks across the whole program.

:func:`check_program` returns the findings with a :class:`CheckedProgram`,
the value the compiler takes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from stridelift.core.check.checked import BoundCall, BoundStyle, CheckedProgram, CheckResult
from stridelift.core.check.context import ASSIGNABLE, CheckContext
from stridelift.core.check.expressions import METRICS, check_progression_def, check_rule
from stridelift.core.check.header import check_header
from stridelift.core.check.lints import merge_lints, resolve_lints, run_static_lints
from stridelift.core.check.prescriptions import check_session
from stridelift.core.check.program import check_program_wide, collect_definitions
from stridelift.core.diagnostics import Diagnostic, Severity
from stridelift.core.hooks.manager import Plugins
from stridelift.core.language import ast
from stridelift.core.language.sources import Unit
from stridelift.core.training.policy import LintSetting

Lints = Mapping[str, LintSetting]

__all__ = [
    "ASSIGNABLE",
    "METRICS",
    "BoundCall",
    "BoundStyle",
    "CheckResult",
    "CheckedProgram",
    "check_file",
    "check_path",
    "check_program",
    "check_unit",
    "unique",
]


def _run(ctx: CheckContext) -> list[Diagnostic]:
    document = ctx.unit.document
    if document is None:
        return ctx.out
    programs = [item for item in document.items if isinstance(item, ast.Program)]
    for extra in programs[1:]:
        ctx.report(
            extra.span,
            "S009",
            "a file holds one program; this is a second `program` block",
            "move it into a file of its own",
        )
    own: list[ast.ProgramItem | ast.Fragment] = [
        item for item in document.items if not isinstance(item, ast.Program)
    ]
    if ctx.program is not None:
        own.extend(ctx.program.body)
        check_header(ctx, ctx.program)
    items: list[tuple[ast.ProgramItem | ast.Fragment, str]] = [(i, ctx.unit.path) for i in own]
    items.extend((item, origin.path) for item, origin in ctx.unit.included)
    collect_definitions(ctx, items)
    for item, path in items:
        ctx.path = path
        if isinstance(item, ast.Session):
            check_session(ctx, item)
        elif isinstance(item, ast.ProgressionDef):
            check_progression_def(ctx, item)
        elif isinstance(item, ast.Rule):
            check_rule(ctx, item)
    ctx.path = ctx.unit.path
    if ctx.program is not None:
        check_program_wide(ctx, ctx.program)
    return ctx.out


def _checked(ctx: CheckContext, lints: Lints) -> CheckedProgram | None:
    program = ctx.program
    if program is None:
        return None
    weeks = program.first(ast.Weeks)
    deload = program.first(ast.Deload)
    schedule = program.first(ast.Schedule)
    # In the order the program reads them (its body, its includes, then the rest of
    # its file): the order of the plan's lines and of the rules applied to a slot.
    document = ctx.unit.document
    items = [
        *program.body,
        *(item for item, _ in ctx.unit.included),
        *(i for i in (document.items if document else ()) if not isinstance(i, ast.Program)),
    ]
    return CheckedProgram(
        unit=ctx.unit,
        program=program,
        units=ctx.units,
        weeks=weeks.count if weeks else None,
        sessions={i.name: i for i in items if isinstance(i, ast.Session)},
        rules=tuple(i for i in items if isinstance(i, ast.Rule)),
        exercises=ctx.plugins.exercises,
        available=dict(ctx.available),
        calls=dict(ctx.bound_calls),
        style=ctx.style,
        schedule=tuple((e.day, e.session) for e in schedule.entries) if schedule else (),
        deload_every=deload.every if deload else None,
        deload_weeks=frozenset(deload.weeks) if deload else frozenset(),
        policy=dict(ctx.policy),
        lints=dict(ctx.lints),
        lint_lines=tuple(ctx.lint_lines),
        race=ctx.race,
        race_name=ctx.race_name,
        running=tuple(ctx.running),
        assessment=ctx.assessment,
        plugins=ctx.plugins,
        lint_settings=dict(lints),
    )


def _lint(ctx: CheckContext, checked: CheckedProgram, lints: Lints) -> list[Diagnostic]:
    """The settings' problems (W229, named) and every static lint rule's findings."""
    active, problems = resolve_lints(ctx.plugins, lints)
    found = []
    for problem in problems:
        # A setting the program's own `policy` block wrote is shown where it was written.
        span = next(
            (
                line.rule_span
                for line in ctx.lint_lines
                if problem.startswith(f"lint setting `{line.rule}`:")
            ),
            None,
        )
        found.append(
            Diagnostic.make(
                ctx.unit.path, span, "W229", problem, "`stridelift plugins --all` lists the rules"
            )
        )
    # A rule that estimates (the time budget) would only add noise to real errors.
    sound = not any(
        d.severity is Severity.ERROR
        for d in (*ctx.out, *ctx.unit.diagnostics, *ctx.unit.result.diagnostics)
    )
    found.extend(
        run_static_lints(checked, active, sound=sound, session_paths=dict(ctx.session_paths))
    )
    return found


def check_program(
    unit: Unit, plugins: Plugins, *, lints: Lints | None = None, final: Lints | None = None
) -> CheckResult:
    """Every semantic finding for one unit (the parse findings are the caller's), and
    the checked program when the unit holds a ``program`` block. ``lints`` configures
    the lint rules by code or name (a severity, ``off``, parameters); the program's
    own ``policy`` block goes over them, and ``final`` (the command line's ``--lint``)
    over both. A setting that names no rule or parameter is a W229 error."""
    lints = lints or {}
    ctx = CheckContext(unit, plugins)
    try:
        found = _run(ctx)
    except RecursionError:
        return CheckResult(
            [
                Diagnostic.make(
                    unit.path,
                    None,
                    "S005",
                    "an expression nests too deeply to check",
                    "split long expressions into simpler clauses",
                )
            ],
            None,
        )
    # The program's own `policy { lint ... }` lines win over the project's settings,
    # and the command line over both.
    lints = merge_lints(plugins, lints, ctx.lints, final)
    checked = _checked(ctx, lints)
    if checked is not None:
        found = [*found, *_lint(ctx, checked, lints)]
    return CheckResult(found, checked)


def check_unit(
    unit: Unit, plugins: Plugins, *, lints: Lints | None = None, final: Lints | None = None
) -> list[Diagnostic]:
    """Every semantic diagnostic for one unit (the parse diagnostics are the caller's)."""
    return check_program(unit, plugins, lints=lints, final=final).diagnostics


def _check_path(
    path: str | os.PathLike[str],
    plugins: Plugins,
    lints: Lints | None = None,
    final: Lints | None = None,
) -> tuple[Unit, CheckResult]:
    from stridelift.core.language.sources import Loader

    loader = Loader()
    unit = loader.load(path)
    found = list(unit.diagnostics)
    checked = None
    if unit.document is not None:
        result = check_program(unit, plugins, lints=lints, final=final)
        found.extend(result.diagnostics)
        checked = result.checked
    lines: dict[str, list[str] | None] = {}
    for parsed in loader.parse_results():
        found.extend(parsed.diagnostics)
        lines[parsed.path] = parsed.lines
    return unit, CheckResult(unique(found), checked, lines)


def check_path(
    path: str | os.PathLike[str],
    plugins: Plugins,
    *,
    lints: Lints | None = None,
    final: Lints | None = None,
) -> CheckResult:
    """Load, parse and check one file with its includes: every finding (the file's and
    its includes' syntax errors too), sorted and without repeats, and the checked
    program the compiler takes when the file holds one."""
    return _check_path(path, plugins, lints, final)[1]


def check_file(
    path: str | os.PathLike[str], plugins: Plugins, *, lints: Lints | None = None
) -> tuple[Unit, list[Diagnostic]]:
    """The unit and every finding of :func:`check_path`."""
    unit, result = _check_path(path, plugins, lints)
    return unit, result.diagnostics


def unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted, without the repeats a fragment shared by several programs produces."""
    return sorted(set(diagnostics), key=lambda d: d.sort_key)
