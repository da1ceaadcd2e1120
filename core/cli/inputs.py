"""What ``plan``, ``history`` and ``simulate`` work on: the program, the log, the weeks.

Kept apart from ``check`` so ``stridelift check`` never imports the engine,
the log readers or jsonschema.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stridelift.core.cli.reporting import Failure, echo, plugins_for_command, tell

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram, Evaluation
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.logs import Log


def load_program(
    path: str, plugins: Plugins, e1rm: str = "rts", *, sources: list[str] | None = None
) -> CompiledProgram:
    """Parse, check and compile; a program with errors is refused (exit 1).

    ``sources``, when given, receives every file read: the program and its includes
    (a command that writes a file must not write over one of them)."""
    import os

    from stridelift.core.check import check_path
    from stridelift.core.diagnostics import Severity, render
    from stridelift.core.engine import EngineError, Policy, compile_program
    from stridelift.core.files import open_regular
    from stridelift.core.language.parse import unreadable

    try:  # refuses a folder, a FIFO or a device without reading (or waiting on) it
        open_regular(path).close()
    except OSError as error:
        hint = "give the path of one .stride program file"
        raise Failure(f"{os.fspath(path)} {unreadable(error)}", hint) from None
    result = check_path(path, plugins)
    if sources is not None:
        sources.extend(result.lines)
    errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
    if errors:
        for diagnostic in errors:
            echo(render(diagnostic, result.lines.get(diagnostic.path)), err=True)
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
    if reading.problems:
        from stridelift.core.diagnostics import render

        quoted = reading.lines()
        for problem in reading.problems:
            echo(render(problem.to_diagnostic(), quoted), err=True)
            echo(err=True)
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
        tell(
            f"left out {len(reading.skipped)} invalid record(s) of {path} (--skip-invalid): "
            f"line(s) {lines}"
        )
    return reading.log, list(reading.skipped)


def start_date(option: dt.date | None, log: Log | None) -> dt.date:
    from stridelift.core.engine import default_start

    start = option or default_start(log)
    if start is None:
        raise Failure(
            "no start date: the log is empty and --start was not given",
            "pass --start YYYY-MM-DD (the first day of week 1)",
        )
    return start


def meta(
    log_path: str | None, log: Log | None, start: dt.date, skipped: list[int]
) -> dict[str, Any]:
    athlete = log.athlete.name if log is not None and log.athlete is not None else None
    return {
        "athlete": athlete,
        "start": start.isoformat(),
        "log": None if log_path is None else {"path": log_path, "skipped_lines": skipped},
    }


def target_week(
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


def prepare(
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

    plugins = plugins_for_command(strict_plugins)
    program = load_program(program_path, plugins, e1rm)
    log, skipped = load_log(log_path, plugins, skip_invalid)
    first = start_date(start, log)
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
        tell(f"note: --start {start} replaces the log's start date {athlete.start}")
    if athlete is not None and athlete.program:
        named = os.path.basename(athlete.program)
        if named != os.path.basename(program_path):
            tell(
                f"warning: {log_path} is {athlete.name or 'the athlete'}'s log "
                f"for {athlete.program}, not {program_path}"
            )
    sessions = {name for s in log.sets if (name := s.session) is not None}
    unknown = sorted(sessions - set(program.sessions))
    if unknown:
        tell(
            f"note: {log_path} names session(s) {', '.join(unknown)} that {program_path} "
            "does not have; their sets count for the exercise wherever it is"
        )
    # Counted, not listed: a long log's dates are not copied to be counted.
    dated = len(log.sets) + len(log.checkins) + len(log.runs)
    early = sum(1 for group in (log.sets, log.checkins, log.runs) for r in group if r.date < first)
    if dated and early == dated:
        raise Failure(
            f"nothing in {log_path} is dated on or after the start date {first}",
            "pass an earlier --start, or leave it out to use the log's own",
            code=1,
        )
    if early:
        tell(f"note: {early} record(s) of {log_path} before the start date {first} are not used")
