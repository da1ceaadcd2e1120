"""``stridelift simulate``: a program run against a simulated athlete."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.inputs import lint_choice, load_checked
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    Failure,
    plugins_for_command,
    report_plugin_problems,
    tell,
)
from stridelift.core.units import LIMITS


@click.command(
    "simulate",
    short_help="Run a program against a simulated athlete.",
    help="Run PROGRAM for N weeks against a simulated athlete (an athlete-model plugin; the "
    "built-in `steady` model is deterministic for a given --seed) and print how each "
    "progressing exercise moves week by week.\n\nWith --output-format junit, github or sarif "
    "(or --sarif-file) the program's errors and every week's warnings are reported for tools.",
)
@options.program
@click.option(
    "--weeks",
    type=click.IntRange(int(LIMITS["weeks"].low), int(LIMITS["weeks"].high)),
    help=f"Weeks to run, {LIMITS['weeks'].words} (default: the program's length).",
)
@click.option("--athlete", default="steady", help="The athlete model (default: steady).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a model parameter, e.g. --param adherence=0.8 (repeatable). steady has "
    "strength, response, adherence, fatigue, breakdown, asymmetry, runs and bodyweight "
    "(docs/engine.md, The simulator, gives their ranges).",
)
@click.option("--seed", type=int, default=1, help="Random seed (default: 1).")
@options.start
@click.option(
    "--log-out", metavar="FILE", help="Also write the athlete's simulated log (.jsonl or .csv)."
)
@click.option(
    "--force",
    is_flag=True,
    help="Let --log-out replace an existing file stridelift did not write (never an input).",
)
@click.option("--explain", is_flag=True, help="List every change with its explanation.")
@options.race
@options.e1rm
@options.config
@options.reporting("the simulation")
@options.lint_selection
def simulate_command(
    program_path: str,
    weeks: int | None,
    athlete: str,
    params: Sequence[str],
    seed: int,
    start: dt.date | None,
    log_out: str | None,
    force: bool,
    output_format: str,
    colour: str,
    explain: bool,
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
    from stridelift.core.engine.simulate import (
        DEFAULT_START,
        SimulationError,
        model_params,
        simulate,
    )
    from stridelift.core.output.plan import history_json, render_simulation

    outputs = ReportOptions(output_format, output_file, sarif_file, colour)
    found = Found("simulate", [program_path, config_path])
    outputs.refuse_inputs(found.inputs)  # before the work; the includes are known after it
    for option, report in (("--output-file", output_file), ("--sarif-file", sarif_file)):
        if log_out is not None and report is not None and _same(log_out, report):
            raise Failure(
                f"--log-out and {option} are both {log_out}", "give each a file of its own"
            )
    plugins = plugins_for_command(strict_plugins)
    choice = lint_choice(plugins, select, extend_select, ignore, lint_options)
    model = plugins.athlete_models.get(athlete)
    if model is None:
        from stridelift.core.diagnostics import did_you_mean

        names = plugins.athlete_models.names()
        raise Failure(
            f"no athlete model {athlete!r}",
            did_you_mean(athlete, names) or "installed: " + ", ".join(names),
        )
    given: dict[str, float] = {}
    for text in params:
        name, sep, value = text.partition("=")
        try:
            given[name.strip()] = float(value)
        except ValueError:
            raise Failure(
                f"--param {text!r} is not NAME=NUMBER", "for example --param adherence=0.8"
            ) from None
        if not sep:
            raise Failure(
                f"--param {text!r} is not NAME=NUMBER", "for example --param strength=1.2"
            )
    sources: list[str] = []
    with found.reporting(outputs):
        program, warnings = load_checked(
            program_path,
            plugins,
            e1rm,
            config=config_path,
            sources=sources,
            choice=choice,
            found=found,
        )
    if log_out is not None:
        from stridelift.core.cli.outputs import check_output

        check_output(log_out, [program_path, *sources], force=force, option="--log-out")
    count = weeks or program.weeks
    if count is None:
        raise Failure("the program has no `weeks`; pass --weeks N")
    first = start or DEFAULT_START
    last = first + dt.timedelta(weeks=count) - dt.timedelta(days=1)
    if last.year > LIMITS["year"].high:
        # Its log would hold dates the log checks refuse.
        raise click.UsageError(
            f"--start {first.isoformat()}: {count} weeks from then end on {last.isoformat()}; "
            f"simulated logs keep to {LIMITS['year'].words}"
        )
    if race is not None and race < first:
        raise Failure(
            f"--race {race} is before the simulation starts ({first})",
            "pass a later --race, or an earlier --start",
        )
    with found.reporting(outputs):
        try:
            values = model_params(model, given)
            guard = plugins.guard(plugins.athlete_models, model.name)
            at = guard.at(f"--athlete {model.name}", None, "the simulation stops")
            results, log = simulate(program, model, given, seed, count, first, at, race)
        except SimulationError as exc:
            raise Failure(str(exc)) from None
        found.weeks(results, warnings)
    if log_out is not None:
        from stridelift.core.logs import Athlete, Log, write_csv, write_jsonl

        # The athlete record carries the start, so the log replays with plan and history.
        record = Athlete(f"simulated {model.name}, seed {seed}", first, program_path, race)
        out = Log.of(log_out, [record, *log.assessments, *log.sets, *log.checkins, *log.runs])
        try:
            (write_csv if log_out.endswith(".csv") else write_jsonl)(out, log_out)
        except OSError as exc:
            raise Failure(
                f"cannot write {log_out}: {exc.strerror or exc}", "check the folder exists"
            ) from None
        tell(f"wrote the simulated log to {log_out}")
    meta = {
        "athlete": {"model": model.name, "params": values, "seed": seed},
        "start": first.isoformat(),
    }
    if race is not None:
        meta["race"] = race.isoformat()
    own: dict[str, str | None] = {}
    if outputs.output_format == "json":
        payload = history_json(program, results, meta, __version__)
        own["json"] = json.dumps(payload, indent=2) + "\n"
    elif outputs.text:
        described = ", ".join(f"{k}={v:g}" for k, v in values.items())
        heading = (
            f"simulated athlete: {model.name}({described}), seed {seed}, "
            f"{count} weeks from {first.isoformat()}"
        )
        shown = render_simulation(program, results, heading, paint=outputs.paint(), explain=explain)
        own["text"] = shown + "\n"
    found.write(outputs, own)
    report_plugin_problems(plugins)
    return EXIT_CLEAN


def _same(one: str, other: str) -> bool:
    import os

    return os.path.realpath(one) == os.path.realpath(other)
