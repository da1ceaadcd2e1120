"""What ``plan``, ``history`` and ``simulate`` work on: the program, the log, the weeks.

Kept apart from ``check`` so ``stridelift check`` never imports the engine,
the log readers or jsonschema.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stridelift.core.cli.reporting import Failure, echo, plugins_for_command, tell

if TYPE_CHECKING:
    from collections.abc import Iterable

    from stridelift.core.config import Config
    from stridelift.core.engine import CompiledProgram, Evaluation
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.logs import Log
    from stridelift.core.training.policy import Settings


def project_settings(path: str, config: str | None = None) -> Settings:
    """The project's settings for the program at ``path``: ``config`` (``--config``)
    when given, else the ``stridelift.toml`` or ``pyproject.toml`` found walking up
    from the program's folder, else the defaults. A problem in the file is printed,
    located, and ends the command (exit 2); a warning is printed and the run goes on."""
    return settings_for([path], config)[path]


def settings_for(paths: Iterable[str], config: str | None = None) -> dict[str, Settings]:
    """:func:`project_settings` for several programs (``check``): each settings file is
    read and reported once, and every file's problems are printed before the command
    ends."""
    import os

    from stridelift.core.config import config_for, find_config

    found: dict[str, Settings] = {}
    read: dict[str | None, Config] = {}
    failing: list[Config] = []
    for path in paths:
        where = config or find_config(os.path.dirname(os.path.abspath(path)))
        if where not in read:
            read[where] = loaded = config_for(path, config)
            _report(loaded)
            if loaded.errors:
                failing.append(loaded)
        found[path] = read[where].settings
    if failing:
        count = sum(len(c.errors) for c in failing)
        named = ", ".join(os.fspath(c.path or "") for c in failing)
        raise Failure(
            f"{count} error(s) in the settings ({named}); nothing was run",
            "fix the settings as each message says (docs/cli.md#configuration)",
        )
    return found


def _report(loaded: Config) -> None:
    from stridelift.core.diagnostics import render

    for diagnostic in loaded.diagnostics:
        echo(render(diagnostic, loaded.lines.get(diagnostic.path)), err=True)
        echo(err=True)


def race_date(option: dt.date | None, log: Log | None) -> dt.date | None:
    """The race date from outside the program: ``--race`` wins over the log's athlete
    record (``"race"``); None when neither gives one."""
    if option is not None:
        return option
    if log is not None and log.athlete is not None:
        return log.athlete.race
    return None


def checked_race(
    option: dt.date | None, log: Log | None, log_path: str | None, first: dt.date
) -> dt.date | None:
    """:func:`race_date`, refused when it falls before week 1 (``first``); a note says
    when ``--race`` replaces the athlete record's."""
    race = race_date(option, log)
    recorded = log.athlete.race if log is not None and log.athlete is not None else None
    if option is not None and recorded not in (None, option):
        tell(f"note: --race {option} replaces the log's race date {recorded}")
    if race is not None and race < first:
        if option is not None:
            raise Failure(
                f"--race {race} is before the program starts ({first})",
                "pass the day of the race ahead, or an earlier --start",
            )
        raise Failure(
            f"the race date {race} of {log_path} is before the program starts ({first})",
            "correct the athlete record's `race`, or pass --race YYYY-MM-DD",
            code=1,
        )
    return race


def load_program(
    path: str,
    plugins: Plugins,
    e1rm: str | None = None,
    *,
    config: str | None = None,
    sources: list[str] | None = None,
) -> CompiledProgram:
    """Parse, check and compile; a program with errors is refused (exit 1).

    The policy is the defaults, then the project's settings (:func:`project_settings`),
    then the program's own ``policy`` block, then the command line (``e1rm``, when
    given). ``sources``, when given, receives
    every file read: the program and its includes (a command that writes a file must
    not write over one of them)."""
    import os

    from stridelift.core.check import check_path
    from stridelift.core.diagnostics import Severity, render
    from stridelift.core.engine import EngineError, compile_program
    from stridelift.core.files import open_regular
    from stridelift.core.language.parse import unreadable

    try:  # refuses a folder, a FIFO or a device without reading (or waiting on) it
        open_regular(path).close()
    except OSError as error:
        hint = "give the path of one .stride program file"
        raise Failure(f"{os.fspath(path)} {unreadable(error)}", hint) from None
    settings = project_settings(path, config)
    final = {} if e1rm is None else {"e1rm_method": e1rm}
    result = check_path(path, plugins, lints=settings.lints)
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
        return compile_program(result.checked, settings.policy, final=final)
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
    log_path: str | None,
    log: Log | None,
    start: dt.date,
    skipped: list[int],
    race: dt.date | None = None,
) -> dict[str, Any]:
    athlete = log.athlete.name if log is not None and log.athlete is not None else None
    described: dict[str, Any] = {
        "athlete": athlete,
        "start": start.isoformat(),
        "log": None if log_path is None else {"path": log_path, "skipped_lines": skipped},
    }
    if race is not None:  # --race, or the athlete record's
        described["race"] = race.isoformat()
    return described


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
    e1rm: str | None,
    config: str | None = None,
    race: dt.date | None = None,
) -> tuple[Plugins, CompiledProgram, Log | None, list[int], dt.date, Evaluation]:
    """What ``plan`` and ``history`` share: plugins, the checked program, the
    validated log, the start date, and the evaluation ready to fold (its ``race``:
    ``--race``, else the athlete record's, else the program's)."""
    from stridelift.core.engine import Evaluation

    plugins = plugins_for_command(strict_plugins)
    program = load_program(program_path, plugins, e1rm, config=config)
    log, skipped = load_log(log_path, plugins, skip_invalid)
    first = start_date(start, log)
    if log is not None and log_path is not None:
        _match(program, program_path, log_path, log, start, first)
    race_day = checked_race(race, log, log_path, first)
    return plugins, program, log, skipped, first, Evaluation(program, log, first, race_day)


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


def jobs_for(value: str | None, configured: int | str | None = None) -> int:
    """``--jobs`` as a number of processes (else the project's ``jobs`` setting, else
    every core); a value that is not one is a usage error (exit 2)."""
    from stridelift.core.cli.batch import JobsError, resolve_jobs
    from stridelift.core.cli.reporting import Failure

    try:
        return resolve_jobs(value if value is not None else configured)
    except JobsError as error:
        raise Failure(str(error), "for example --jobs 2, or --jobs auto for every core") from None
