"""``stridelift history``: week by week, what was prescribed, what was done, what changed."""

from __future__ import annotations

import datetime as dt
import json

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.inputs import meta, prepare
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    Failure,
    echo,
    painter_for,
    report_plugin_problems,
)


@click.command(
    "history",
    short_help="Week by week: what was prescribed, what was done, what changed.",
    help="Replay PROGRAM over LOG and print, for every logged week, each exercise's "
    "prescription, each set the log holds for it (each side apart), and what changed.",
)
@options.program
@options.log(required=True)
@options.start
@options.race
@options.e1rm
@options.config
@options.reporting
@options.lint_selection
def history_command(
    program_path: str,
    log_path: str,
    start: dt.date | None,
    output_format: str,
    colour: str,
    skip_invalid: bool,
    strict_plugins: bool,
    race: dt.date | None = None,
    e1rm: str | None = None,
    config_path: str | None = None,
    select: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    lint_options: tuple[str, ...] = (),
) -> int:
    from stridelift.core.output.plan import history_json, render_history

    prepared = prepare(
        program_path,
        log_path,
        start,
        skip_invalid,
        strict_plugins,
        e1rm,
        config_path,
        race,
        lint=(select, extend_select, ignore, lint_options),
    )
    plugins, program, log = prepared.plugins, prepared.program, prepared.log
    first, evaluation, skipped = prepared.first, prepared.evaluation, prepared.skipped
    race_day = evaluation.race
    last = evaluation.index.last_week
    if program.weeks:
        last = min(last, program.weeks)
    if last < 1:
        raise Failure(f"{log_path} has nothing logged on or after {first}", code=1)
    weeks = list(evaluation.weeks(last))
    prepared.warnings.apply(weeks)
    if output_format == "json":
        described = meta(log_path, log, first, skipped, race_day)
        echo(
            json.dumps(
                history_json(program, weeks, described, __version__, index=evaluation.index),
                indent=2,
            )
        )
    else:
        echo(render_history(program, weeks, paint=painter_for(colour), index=evaluation.index))
    report_plugin_problems(plugins)
    return EXIT_CLEAN
