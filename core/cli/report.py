"""``stridelift report``: outcomes week by week, strength, volume and load, adherence,
wellness, left and right, and running (``docs/report.md``)."""

from __future__ import annotations

import datetime as dt
import json
import re

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.inputs import meta, prepare_command
from stridelift.core.cli.reporting import EXIT_CLEAN, Failure, report_plugin_problems

_WEEKS = re.compile(r"\A(?:(\d{1,4})|(\d{1,4})-(\d{1,4}))\Z")


def _weeks(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    """``--weeks N`` (the last N weeks logged) as (0, N); ``--weeks A-B`` as (A, B)."""
    if value is None:
        return None
    found = _WEEKS.match(value.strip())
    if found is None:
        raise click.BadParameter(
            f"{value!r} is neither a number of weeks nor a range; write 4 (the last four "
            "weeks) or 3-6 (weeks 3 to 6)",
            ctx,
            param,
        )
    if found[1] is not None:
        count = int(found[1])
        if count < 1:
            raise click.BadParameter("the number of weeks must be at least 1", ctx, param)
        return 0, count
    first, last = int(found[2]), int(found[3])
    if first < 1 or last < first:
        raise click.BadParameter(
            f"{value}: weeks count from 1 and the range must not run backwards", ctx, param
        )
    return first, last


@click.command(
    "report",
    short_help="Outcomes week by week: strength, volume, load, adherence, wellness, running.",
    help="Read LOG against PROGRAM and print, for every logged program week, strength per "
    "main lift (e1RM, rep maxes), volume and session load, adherence, wellness, left/right "
    "symmetry and running outcomes (pace at heart rate, cadence, effort at pace, recovery), "
    "then the change over the block. A figure with too little data says what it needs. "
    "docs/report.md says how each is computed.",
)
@options.program
@options.log(required=True)
@options.start
@options.race
@options.e1rm
@options.config
@click.option(
    "--weeks",
    "weeks",
    callback=_weeks,
    metavar="N|A-B",
    help="Report the last N weeks logged, or weeks A to B (default: every logged week). "
    "References and baselines still come from the whole log.",
)
@click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="How to print the report (default: text); json follows report.schema.json.",
)
@click.option(
    "-o",
    "--output-file",
    metavar="FILE",
    help="Write the report to FILE instead of standard output (replaced whole, never an "
    "input of the run).",
)
@options.strict_plugins
def report_command(
    program_path: str,
    log_path: str,
    start: dt.date | None,
    skip_invalid: bool,
    output_format: str,
    strict_plugins: bool,
    weeks: tuple[int, int] | None = None,
    output_file: str | None = None,
    race: dt.date | None = None,
    e1rm: str | None = None,
    config_path: str | None = None,
) -> int:
    from stridelift.core.cli.outputs import check_report_output
    from stridelift.core.output.report import render_report, report_json
    from stridelift.core.report import build_report

    if output_file is not None:
        check_report_output(output_file, [program_path, log_path], option="--output-file")
    prepared = prepare_command()
    program, log, evaluation = prepared.program, prepared.log, prepared.evaluation
    last = prepared.logged_weeks(log_path)
    planned = list(evaluation.weeks(last))
    if weeks is not None:
        first, final = weeks
        if first == 0:
            first, final = max(1, last - final + 1), last
        if first > last:
            raise Failure(
                f"--weeks {weeks[0]}-{weeks[1]}: the log reaches week {last}",
                f"pass a range within 1-{last}",
            )
        planned = [w for w in planned if first <= w.week <= final]
    report = build_report(program, log, planned, evaluation.index)
    if output_format == "json":
        described = meta(log_path, log, prepared.first, prepared.skipped, evaluation.race)
        body = json.dumps(report_json(report, __version__, described), indent=2) + "\n"
    else:
        body = render_report(report) + "\n"
    if output_file is not None:
        _write(output_file, body)
    else:
        from stridelift.core.cli.reports import write_stdout

        write_stdout(body)
    report_plugin_problems(prepared.plugins)
    return EXIT_CLEAN


def _write(path: str, text: str) -> None:
    from stridelift.core.files import write_atomic

    try:
        write_atomic(path, text)
    except OSError as error:
        raise Failure(
            f"--output-file {path}: cannot write it: {error.strerror or error}",
            "check that its folder exists and can be written",
        ) from None
