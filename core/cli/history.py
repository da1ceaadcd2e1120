"""``stridelift history``: week by week, what was prescribed, what was done, what changed."""

from __future__ import annotations

import datetime as dt
import json

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.inputs import meta, prepare_command
from stridelift.core.cli.reporting import EXIT_CLEAN, report_plugin_problems


@click.command(
    "history",
    short_help="Week by week: what was prescribed, what was done, what changed.",
    help="Replay PROGRAM over LOG and print, for every logged week, each exercise's "
    "prescription, each set the log holds for it (each side apart), and what changed."
    "\n\nWith --output-format junit, github or sarif (or --sarif-file) the log's problems, "
    "the program's errors and every week's warnings are reported for tools.",
)
@options.program
@options.log(required=True)
@options.start
@options.race
@options.e1rm
@options.config
@options.reporting("the weeks")
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
    output_file: str | None = None,
    sarif_file: str | None = None,
) -> int:
    from stridelift.core.cli.found import Found
    from stridelift.core.cli.reports import ReportOptions
    from stridelift.core.output.plan import history_json, render_history

    outputs = ReportOptions(output_format, output_file, sarif_file, colour)
    found = Found("history", [program_path, log_path, config_path])
    outputs.refuse_inputs(found.inputs)  # before the work; the includes are known after it
    with found.reporting(outputs):
        prepared = prepare_command(found)
        plugins, program, log = prepared.plugins, prepared.program, prepared.log
        first, evaluation, skipped = prepared.first, prepared.evaluation, prepared.skipped
        race_day = evaluation.race
        weeks = list(evaluation.weeks(prepared.logged_weeks(log_path)))
        found.weeks(weeks, prepared.warnings)
    own: dict[str, str | None] = {}
    if outputs.output_format == "json":
        described = meta(log_path, log, first, skipped, race_day)
        payload = history_json(program, weeks, described, __version__, index=evaluation.index)
        own["json"] = json.dumps(payload, indent=2) + "\n"
    elif outputs.text:
        shown = render_history(program, weeks, paint=outputs.paint(), index=evaluation.index)
        own["text"] = shown + "\n"
    found.write(outputs, own)
    report_plugin_problems(plugins)
    return EXIT_CLEAN
