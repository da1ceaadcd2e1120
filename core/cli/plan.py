"""``stridelift plan``: next week's (or week N's) sessions, every change explained."""

from __future__ import annotations

import datetime as dt
import json

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.inputs import meta, prepare_command, target_week
from stridelift.core.cli.reporting import EXIT_CLEAN, report_plugin_problems


@click.command(
    "plan",
    short_help="Next week's sessions from a program and a log, every change explained.",
    help="Evaluate PROGRAM against the athlete's LOG and print next week's (or week N's) "
    "sessions with dates, each exercise's prescription, why it changed, and warnings. Exit 1 "
    "when the program has errors or the log has invalid records.\n\nWith --output-format "
    "junit, github or sarif (or --sarif-file) the log's problems, the program's errors and "
    "the plan's warnings are reported for tools, each at its line.",
)
@options.program
@options.log(required=False)
@options.start
@click.option(
    "--week", type=int, help="Plan this program week (default: the week after the last logged)."
)
@click.option(
    "--date",
    callback=options.to_date,
    metavar="DATE",
    help="Plan the program week that contains this date (YYYY-MM-DD).",
)
@click.option(
    "--explain-holds",
    is_flag=True,
    help="Also say why an exercise did not progress (text output; JSON always has it).",
)
@options.race
@options.e1rm
@options.config
@options.reporting("the plan")
@options.lint_selection
@click.pass_context
def plan_command(
    ctx: click.Context,
    program_path: str,
    log_path: str | None,
    start: dt.date | None,
    week: int | None,
    date: dt.date | None,
    output_format: str,
    colour: str,
    skip_invalid: bool,
    strict_plugins: bool,
    explain_holds: bool,
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
    from stridelift.core.output.plan import plan_json, render_week

    options.exclusive(ctx, "week", "date")
    outputs = ReportOptions(output_format, output_file, sarif_file, colour)
    found = Found("plan", [program_path, log_path, config_path])
    outputs.refuse_inputs(found.inputs)  # before the work; the includes are known after it
    with found.reporting(outputs):
        prepared = prepare_command(found)
        plugins, program, log = prepared.plugins, prepared.program, prepared.log
        first, evaluation, skipped = prepared.first, prepared.evaluation, prepared.skipped
        race_day = evaluation.race
        n = target_week(program, week, date, first, evaluation.index.last_week)
        result = evaluation.plan(n)
        found.weeks([result], prepared.warnings)
    own: dict[str, str | None] = {}
    if outputs.output_format == "json":
        payload = plan_json(
            program,
            result,
            meta(log_path, log, first, skipped, race_day),
            __version__,
            evaluation.index,
        )
        own["json"] = json.dumps(payload, indent=2) + "\n"
    elif outputs.text:
        shown = render_week(
            program,
            result,
            paint=outputs.paint(),
            explain_holds=explain_holds,
            index=evaluation.index,
        )
        own["text"] = shown + "\n"
    found.write(outputs, own)
    report_plugin_problems(plugins)
    return EXIT_CLEAN
