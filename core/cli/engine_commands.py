"""The engine's commands: ``plan``, ``history`` and ``simulate``.

Kept apart from :mod:`.cli` so ``stridelift check`` never imports the
engine, the log readers or jsonschema.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stridelift.core import __version__
from stridelift.core.cli.main import (
    EXIT_CLEAN,
    Failure,
    _colour,
    _load_plugins,
    _report_plugin_problems,
    echo,
)

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram, Evaluation
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.logs import Log

_STYLES = {"bold": "\033[1m", "dim": "\033[2m", "cyan": "\033[36m", "yellow": "\033[33m"}


def _painter(colour: str) -> Any:
    if not _colour(colour):
        return lambda text, style: text
    return lambda text, style: f"{_STYLES.get(style, '')}{text}\033[0m"


def load_program(path: str, plugins: Plugins, e1rm: str = "rts") -> CompiledProgram:
    """Parse, check and compile; a program with errors is refused (exit 1)."""
    import os

    from stridelift.core.check import check_path
    from stridelift.core.diagnostics import Severity, render
    from stridelift.core.engine import EngineError, Policy, compile_program
    from stridelift.core.language.parse import parse_file

    if os.path.isdir(path):
        raise Failure(f"{path} is a folder", "give the path of one .stride program file")
    if not os.path.isfile(path):
        raise Failure(f"{path}: no such program file", "give the path of a .stride file")
    result = check_path(path, plugins)
    errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
    if errors:
        for diagnostic in errors:
            echo(render(diagnostic, parse_file(diagnostic.path).lines), err=True)
            echo(err=True)
        raise Failure(
            f"{path} has {len(errors)} error(s); nothing was evaluated",
            f"fix them first (`stridelift check {path}` lists them)",
            code=1,
        )
    if result.checked is None:
        raise Failure(f"{path} holds no `program` block", "evaluate the file that includes it")
    try:
        return compile_program(result.checked, Policy(e1rm_method=e1rm))
    except EngineError as exc:
        raise Failure(str(exc), exc.hint or None) from None


def load_log(
    path: str | None, plugins: Plugins, skip_invalid: bool
) -> tuple[Log | None, list[int]]:
    """Read and validate a log; refuse (exit 1) on any invalid record unless
    ``skip_invalid``, and then say exactly which records were left out."""
    if path is None:
        return None, []
    from stridelift.core.logs import read_log

    reading = read_log(path, exercises=set(plugins.exercises.names()))
    for problem in reading.problems:
        echo(str(problem), err=True)
        if problem.hint:
            echo(f"  hint: {problem.hint}", err=True)
    if reading.fatal:
        raise Failure(f"cannot use the log {path}", code=1)
    if reading.problems and not skip_invalid:
        raise Failure(
            f"{len(reading.problems)} problem(s) in {len(reading.skipped)} record(s) of {path}; "
            "nothing was evaluated",
            "fix the records, or pass --skip-invalid to leave them out and go on",
            code=1,
        )
    if reading.skipped:
        lines = ", ".join(str(n) for n in reading.skipped)
        echo(
            f"stridelift: left out {len(reading.skipped)} invalid record(s) of {path} "
            f"(--skip-invalid): line(s) {lines}",
            err=True,
        )
    return reading.log, list(reading.skipped)


def _start(option: dt.date | None, log: Log | None) -> dt.date:
    from stridelift.core.engine import default_start

    start = option or default_start(log)
    if start is None:
        raise Failure(
            "no start date: the log is empty and --start was not given",
            "pass --start YYYY-MM-DD (the first day of week 1)",
        )
    return start


def _meta(
    log_path: str | None, log: Log | None, start: dt.date, skipped: list[int]
) -> dict[str, Any]:
    athlete = log.athlete.name if log is not None and log.athlete is not None else None
    return {
        "athlete": athlete,
        "start": start.isoformat(),
        "log": None if log_path is None else {"path": log_path, "skipped_lines": skipped},
    }


def _target_week(
    program: CompiledProgram,
    week: int | None,
    date: dt.date | None,
    start: dt.date,
    last_logged: int,
) -> int:
    from stridelift.core.engine import week_of

    if week is None and date is not None:
        week = week_of(start, date)
        if week < 1:
            raise Failure(f"{date} is before the program starts ({start})", "pass a later --date")
    if week is None:
        week = last_logged + 1
        if program.weeks and week > program.weeks:
            raise Failure(
                f"the log reaches week {last_logged} and the program has {program.weeks}: "
                "there is no next week to plan",
                f"pass --week N (1-{program.weeks}) to see a week again, or start the "
                "athlete on a new program",
            )
    if week < 1:
        raise Failure(f"week {week} does not exist: weeks count from 1")
    if program.weeks and week > program.weeks:
        raise Failure(
            f"the program has {program.weeks} weeks; week {week} is past its end",
            f"pass --week between 1 and {program.weeks}",
        )
    return week


def _prepare(
    program_path: str,
    log_path: str | None,
    start: dt.date | None,
    skip_invalid: bool,
    strict_plugins: bool,
    e1rm: str,
) -> tuple[Plugins, CompiledProgram, Log | None, list[int], dt.date, Evaluation]:
    """What ``plan`` and ``history`` share: plugins, the checked program, the
    validated log, the start date, and the evaluation ready to fold."""
    from stridelift.core.engine import Evaluation

    plugins = _load_plugins(strict_plugins)
    program = load_program(program_path, plugins, e1rm)
    log, skipped = load_log(log_path, plugins, skip_invalid)
    first = _start(start, log)
    if log is not None and log_path is not None:
        _match(program, program_path, log_path, log, start, first)
    return plugins, program, log, skipped, first, Evaluation(program, log, first)


def _match(
    program: CompiledProgram,
    program_path: str,
    log_path: str,
    log: Log,
    start: dt.date | None,
    first: dt.date,
) -> None:
    """Say when the log and the program (or the start date) do not go together."""
    import os

    athlete = log.athlete
    if start is not None and athlete is not None and athlete.start not in (None, start):
        echo(
            f"stridelift: note: --start {start} replaces the log's start date {athlete.start}",
            err=True,
        )
    if athlete is not None and athlete.program:
        named = os.path.basename(athlete.program)
        if named != os.path.basename(program_path):
            echo(
                f"stridelift: warning: {log_path} is {athlete.name or 'the athlete'}'s log for "
                f"{athlete.program}, not {program_path}",
                err=True,
            )
    sessions = {name for s in log.sets if (name := s.session) is not None}
    unknown = sorted(sessions - set(program.sessions))
    if unknown:
        echo(
            f"stridelift: note: {log_path} names session(s) {', '.join(unknown)} that "
            f"{program_path} does not have; their sets count for the exercise wherever it is",
            err=True,
        )
    dates = [
        *(r.date for r in log.sets),
        *(r.date for r in log.checkins),
        *(r.date for r in log.runs),
    ]
    early = sum(1 for d in dates if d < first)
    if dates and early == len(dates):
        raise Failure(
            f"nothing in {log_path} is dated on or after the start date {first}",
            "pass an earlier --start, or leave it out to use the log's own",
            code=1,
        )
    if early:
        echo(
            f"stridelift: note: {early} record(s) of {log_path} before the start date {first} "
            "are not used",
            err=True,
        )


def plan_command(
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
    e1rm: str = "rts",
) -> int:
    """Next week's (or week N's) sessions, prescriptions, explanations and warnings."""
    from stridelift.core.output.plan import plan_json, render_week

    plugins, program, log, skipped, first, evaluation = _prepare(
        program_path, log_path, start, skip_invalid, strict_plugins, e1rm
    )
    n = _target_week(program, week, date, first, evaluation.index.last_week)
    result = evaluation.plan(n)
    if output_format == "json":
        payload = plan_json(program, result, _meta(log_path, log, first, skipped), __version__)
        echo(json.dumps(payload, indent=2))
    else:
        echo(render_week(program, result, paint=_painter(colour), explain_holds=explain_holds))
    _report_plugin_problems(plugins)
    return EXIT_CLEAN


def history_command(
    program_path: str,
    log_path: str,
    start: dt.date | None,
    output_format: str,
    colour: str,
    skip_invalid: bool,
    strict_plugins: bool,
    e1rm: str = "rts",
) -> int:
    """Week by week: what was prescribed, what was done, what changed."""
    from stridelift.core.output.plan import history_json, render_history

    plugins, program, log, skipped, first, evaluation = _prepare(
        program_path, log_path, start, skip_invalid, strict_plugins, e1rm
    )
    last = evaluation.index.last_week
    if program.weeks:
        last = min(last, program.weeks)
    if last < 1:
        raise Failure(f"{log_path} has nothing logged on or after {first}", code=1)
    weeks = list(evaluation.weeks(last))
    if output_format == "json":
        meta = _meta(log_path, log, first, skipped)
        echo(json.dumps(history_json(program, weeks, meta, __version__), indent=2))
    else:
        echo(render_history(program, weeks, paint=_painter(colour)))
    _report_plugin_problems(plugins)
    return EXIT_CLEAN


def simulate_command(
    program_path: str,
    weeks: int | None,
    athlete: str,
    params: Sequence[str],
    seed: int,
    start: dt.date | None,
    log_out: str | None,
    output_format: str,
    colour: str,
    explain: bool,
    strict_plugins: bool,
    e1rm: str = "rts",
) -> int:
    """Run PROGRAM against a simulated athlete and print the resulting progression."""
    from stridelift.core.engine.simulate import (
        DEFAULT_START,
        SimulationError,
        model_params,
        simulate,
    )
    from stridelift.core.output.plan import history_json, render_simulation

    plugins = _load_plugins(strict_plugins)
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
    program = load_program(program_path, plugins, e1rm)
    if weeks is not None and weeks < 1:
        raise Failure(f"--weeks {weeks}: a simulation runs 1 week or more")
    count = weeks or program.weeks
    if count is None:
        raise Failure("the program has no `weeks`; pass --weeks N")
    first = start or DEFAULT_START
    try:
        values = model_params(model, given)
        results, log = simulate(program, model, given, seed, count, first)
    except SimulationError as exc:
        raise Failure(str(exc)) from None
    if log_out is not None:
        from stridelift.core.logs import Athlete, Log, write_csv, write_jsonl

        # The athlete record carries the start, so the log replays with plan and history.
        record = Athlete(f"simulated {model.name}, seed {seed}", first, program_path)
        out = Log.of(log_out, [record, *log.sets, *log.checkins, *log.runs])
        try:
            (write_csv if log_out.endswith(".csv") else write_jsonl)(out, log_out)
        except OSError as exc:
            raise Failure(
                f"cannot write {log_out}: {exc.strerror or exc}", "check the folder exists"
            ) from None
        echo(f"stridelift: wrote the simulated log to {log_out}", err=True)
    meta = {
        "athlete": {"model": model.name, "params": values, "seed": seed},
        "start": first.isoformat(),
    }
    if output_format == "json":
        echo(json.dumps(history_json(program, results, meta, __version__), indent=2))
    else:
        described = ", ".join(f"{k}={v:g}" for k, v in values.items())
        heading = (
            f"simulated athlete: {model.name}({described}), seed {seed}, "
            f"{count} weeks from {first.isoformat()}"
        )
        echo(render_simulation(program, results, heading, paint=_painter(colour), explain=explain))
    _report_plugin_problems(plugins)
    return EXIT_CLEAN


def parse_date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02"
        ) from None


def weeks_list(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values)
