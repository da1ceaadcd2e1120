"""The options several commands share, as click decorators, and the date type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def to_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` to a date (an option callback: the same on every click release)."""
    if value is None:
        return None
    from stridelift.core.units import LIMITS

    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02", ctx, param
        ) from None
    if date.year not in LIMITS["year"]:
        raise click.BadParameter(f"{value} is out of range: use {LIMITS['year'].words}", ctx, param)
    return date


def _apply(function: F, *decorators: Callable[[F], F]) -> F:
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def paths(function: F) -> F:
    return click.argument("paths", nargs=-1, metavar="[PATH]...")(function)


def program(function: F) -> F:
    return click.argument("program_path", metavar="PROGRAM")(function)


def colour(function: F) -> F:
    return click.option(
        "--color",
        "colour",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        help="Colour the text output (default: auto, only on a terminal and not with NO_COLOR).",
    )(function)


def strict_plugins(function: F) -> F:
    return click.option(
        "--strict-plugins",
        is_flag=True,
        help="Treat a plugin that fails to load or while it runs as an error (exit 2); for CI.",
    )(function)


def reporting(document: str) -> Callable[[F], F]:
    """The report options (:func:`document_outputs`), --color and --strict-plugins, which
    plan, history and simulate take; ``document`` says what their text and json print."""

    def decorate(function: F) -> F:
        return _apply(function, document_outputs(document), colour, strict_plugins)

    return decorate


def log(required: bool) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return _apply(
            function,
            click.option(
                "--log",
                "log_path",
                required=required,
                metavar="LOG",
                help="The athlete's log: JSON Lines (.jsonl) or CSV (.csv), see docs/logs.md.",
            ),
            click.option(
                "--skip-invalid",
                is_flag=True,
                help="Leave out invalid log records (each is reported) instead of refusing "
                "the log.",
            ),
        )

    return decorate


def e1rm(function: F) -> F:
    return click.option(
        "--e1rm",
        type=click.Choice(["rts", "epley", "brzycki"]),
        default=None,
        help="How a one-rep max is estimated from a logged set for % of 1RM loads: the RTS "
        "chart with the logged effort, or Epley or Brzycki for sets to failure (default: the "
        "project's `e1rm_method`, else rts).",
    )(function)


def config(function: F) -> F:
    return click.option(
        "--config",
        "config_path",
        metavar="FILE",
        help="Read the project settings from FILE (a stridelift.toml, or a pyproject.toml's "
        "[tool.stridelift]) instead of the one found walking up from the program's folder.",
    )(function)


def race(function: F) -> F:
    return click.option(
        "--race",
        callback=to_date,
        metavar="DATE",
        help="The race day (YYYY-MM-DD); the taper is placed before it (default: the log's "
        "athlete record, else the program's own).",
    )(function)


def start(function: F) -> F:
    return click.option(
        "--start",
        callback=to_date,
        metavar="DATE",
        help="The first day of week 1 (default: the log's athlete record, else the Monday "
        "before its first record).",
    )(function)


def exclusive(ctx: click.Context, *names: str) -> None:
    """Refuse two options that cannot go together (click has no such groups)."""
    given = [name for name in names if ctx.params.get(name) not in (None, False)]
    if len(given) > 1:
        options = {p.name: p.opts[0] for p in ctx.command.params if isinstance(p, click.Option)}
        first, second = (options.get(name, name) for name in given[:2])
        raise click.UsageError(f"{second} cannot be used with {first}", ctx)


#: The environment variable that picks every command's output format (the option wins).
OUTPUT_FORMAT_VARIABLE = "STRIDELIFT_OUTPUT_FORMAT"


def _report_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """The format asked for: the option, else the environment variable, else text."""
    import os

    from stridelift.core.output.emitters import FORMATS

    if value is not None:
        return value
    chosen = os.environ.get(OUTPUT_FORMAT_VARIABLE, "")
    if not chosen:
        return "text"
    if chosen not in FORMATS:
        raise click.UsageError(
            f"{OUTPUT_FORMAT_VARIABLE}={chosen!r} is not an output format; "
            f"set it to one of {', '.join(FORMATS)}, or unset it",
            ctx,
        )
    return chosen


def report_outputs(function: F) -> F:
    """--output-format (every format of findings), -o/--output-file and --sarif-file:
    what every command that reports findings takes (see core/cli/reports.py)."""
    return _outputs(
        function,
        f"How to print the report (default: ${OUTPUT_FORMAT_VARIABLE}, else text).",
        "the whole report",
    )


def document_outputs(document: str) -> Callable[[F], F]:
    """The options of :func:`report_outputs` for a command with a document of its own
    (plan's week, the plugins' list): text and json print ``document``, the formats for
    tools the findings met making it (core/cli/found.py)."""

    def decorate(function: F) -> F:
        return _outputs(
            function,
            f"How to print the results (default: ${OUTPUT_FORMAT_VARIABLE}, else text): "
            f"text and json print {document}; junit, github and sarif report the findings "
            "(log problems, errors, warnings, plugin problems).",
            "the findings",
        )

    return decorate


def _outputs(function: F, format_help: str, sarif: str) -> F:
    from stridelift.core.output.emitters import FORMATS

    return _apply(
        function,
        click.option(
            "--output-format",
            type=click.Choice(FORMATS),
            default=None,
            callback=_report_format,
            help=format_help,
        ),
        click.option(
            "-o",
            "--output-file",
            metavar="FILE",
            help="Write the report to FILE instead of standard output (replaced whole, "
            "never an input of the run).",
        ),
        click.option(
            "--sarif-file",
            metavar="FILE",
            help=f"Also write {sarif} as SARIF to FILE, whatever --output-format says "
            "(the github format's notice points to it).",
        ),
    )


def _codes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``--select W2,P30 --select no-deload``: each use may list several, comma-separated."""
    return tuple(code.strip() for given in value for code in given.split(",") if code.strip())


def lint_selection(function: F) -> F:
    """--select, --extend-select, --ignore and --lint: which findings are reported and
    how each lint rule runs, over the project's settings (docs/cli.md#lint-selection)."""
    return _apply(
        function,
        click.option(
            "--select",
            multiple=True,
            callback=_codes,
            metavar="CODES",
            help="Report only these: codes (W211), code prefixes (W2, P30), rule names "
            "(no-deload) or ALL, comma-separated or repeated; replaces the settings' select.",
        ),
        click.option(
            "--extend-select",
            multiple=True,
            callback=_codes,
            metavar="CODES",
            help="Also report these, on top of the selection.",
        ),
        click.option(
            "--ignore",
            multiple=True,
            callback=_codes,
            metavar="CODES",
            help="Do not report these (errors are always reported).",
        ),
        click.option(
            "--lint",
            "lint_options",
            multiple=True,
            metavar="RULE=SEVERITY|RULE.PARAM=VALUE",
            help="Set a lint rule's severity (--lint W211=off) or a parameter (--lint "
            "P304.jump=0.15), over the settings and the program's policy block; repeatable.",
        ),
    )


def jobs(function: F) -> F:
    """-j/--jobs: processes to spread a tree of files over (core/cli/batch.py)."""
    return click.option(
        "-j",
        "--jobs",
        metavar="N|auto",
        default=None,
        help="Spread the files over N processes (default: the project's `jobs` setting, else "
        "auto: every core; fewer than 8 files always run in one process).",
    )(function)


def exit_zero(function: F) -> F:
    return click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit 0 even when findings reach --fail-on (still 2 for a usage, settings or "
        "internal error).",
    )(function)
