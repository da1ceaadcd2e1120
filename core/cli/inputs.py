"""What ``plan``, ``history`` and ``simulate`` work on: the program, the log, the weeks.

Kept apart from ``check`` so ``stridelift check`` never imports the engine,
the log readers or jsonschema.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stridelift.core.cli.reporting import Failure, echo, plugins_for_command, tell

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from stridelift.core.check import CheckResult
    from stridelift.core.check.waivers import Waivers
    from stridelift.core.cli.found import Found
    from stridelift.core.config import Config
    from stridelift.core.engine import CompiledProgram, Evaluation, WeekResult
    from stridelift.core.engine.explain import PlanWarning
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.logs import Log
    from stridelift.core.training.policy import LintSetting, Settings
    from stridelift.core.training.selection import LintSelection, Selected, Vocabulary


def project_settings(path: str, config: str | None = None) -> Settings:
    """The project's settings for the program at ``path``: ``config`` (``--config``)
    when given, else the ``stridelift.toml`` or ``pyproject.toml`` found walking up
    from the program's folder, else the defaults. A problem in the file is printed,
    located, and ends the command (exit 2); a warning is printed and the run goes on."""
    return settings_for([path], config)[path]


def settings_for(paths: Iterable[str], config: str | None = None) -> dict[str, Settings]:
    """:func:`project_settings` for several programs: each settings file is read and
    reported once, and every file's problems are printed before the command ends."""
    return Project(config).settings_for(paths)


# LintChoice and Prepared are plain classes: this module is imported on every start
# (`--help` included), and a dataclass or a named tuple costs a good part of a
# millisecond to build.


class LintChoice:
    """What the command line says about the lint rules: a selection (``--select``,
    ``--extend-select``, ``--ignore``; None when none was given) and settings
    (``--lint``), both checked against the installed rules."""

    __slots__ = ("lints", "selection")

    def __init__(
        self,
        selection: LintSelection | None = None,
        lints: Mapping[str, LintSetting] | None = None,
    ) -> None:
        self.selection = selection
        self.lints: Mapping[str, LintSetting] = lints or {}


def lint_choice(
    plugins: Plugins,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    lint_options: Sequence[str] = (),
) -> LintChoice:
    """The command line's :class:`LintChoice`; a selector that names nothing, or a
    ``--lint`` the rule refuses, is a usage error (exit 2) with the message a
    settings file would get."""
    import click

    from stridelift.core.training.policy import LintSetting
    from stridelift.core.training.selection import LintSelection

    ctx = click.get_current_context(silent=True)
    words = vocabulary(plugins)
    for option, given in (
        ("--select", select),
        ("--extend-select", extend_select),
        ("--ignore", ignore),
    ):
        for selector in given:
            problem = words.problem(selector)
            if problem is not None:
                message, hint = problem
                raise click.BadParameter(f"{message}; {hint}", ctx, param_hint=f"'{option}'")
    lints: dict[str, LintSetting] = {}
    for text in lint_options:
        key, setting = _lint_option(text, ctx)
        before = lints.get(key)
        if before is not None:
            severity = setting.severity if setting.severity is not None else before.severity
            setting = LintSetting(severity, {**before.params, **setting.params})
        lints[key] = setting
    problems: list[str] = []
    if lints:
        from stridelift.core.check.lints import resolve_lints

        problems = resolve_lints(plugins, lints)[1]
    if problems:
        raise click.BadParameter(
            "; ".join(problems) + " (`stridelift plugins --all` lists the rules and their "
            "parameters)",
            ctx,
            param_hint="'--lint'",
        )
    selection = LintSelection(
        select=tuple(select) if select else None,
        extend_select=tuple(extend_select),
        ignore=tuple(ignore),
    )
    return LintChoice(selection, lints)


def _lint_option(text: str, ctx: Any) -> tuple[str, LintSetting]:
    """``W211=off`` (a severity) or ``P304.jump=0.15`` (a parameter), as a setting."""
    import click

    from stridelift.core.training.policy import LintSetting

    key, sep, value = text.partition("=")
    rule, dot, param = key.strip().partition(".")
    if not sep or not rule or (dot and not param) or not value.strip():
        raise click.BadParameter(
            f"{text!r} is not RULE=SEVERITY or RULE.PARAM=VALUE; for example "
            "--lint W211=off or --lint P304.jump=0.15",
            ctx,
            param_hint="'--lint'",
        )
    if not dot:
        return rule, LintSetting(severity=value.strip())
    return rule, LintSetting(params={param.strip(): _literal(value.strip())})


def _literal(text: str) -> object:
    """A parameter's value as a settings file would hold it: true/false, a whole
    number, a number, or the text (``10%``, which a fraction accepts)."""
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def vocabulary(plugins: Plugins | None) -> Vocabulary:
    """What a selector may name, with the installed lint rules."""
    from stridelift.core.training.selection import Vocabulary

    rules = () if plugins is None else ((r.code, r.name) for r in plugins.lint_rules)
    return Vocabulary.of(rules)


class Project:
    """The settings of one run's files: each settings file found once a folder, read
    and reported once, with the command line's lint choice over them.

    ``plugins``, when given, lets a settings file's lint keys and selectors be checked
    against the installed rules (C008)."""

    def __init__(
        self,
        config: str | None = None,
        plugins: Plugins | None = None,
        choice: LintChoice | None = None,
    ) -> None:
        self.explicit = config
        self.plugins = plugins
        self.choice = choice or LintChoice()
        self.rules: dict[str, str] = (
            {} if plugins is None else {r.code: r.name for r in plugins.lint_rules}
        )
        self.words = vocabulary(plugins)
        self._where: dict[str, str | None] = {}
        self._read: dict[str | None, Config] = {}
        self._selected: dict[str | None, Selected] = {}

    def where(self, path: str) -> str | None:
        """The settings file for ``path`` (None: there is none)."""
        if self.explicit is not None:
            return self.explicit
        import os

        from stridelift.core.config import find_config

        folder = os.path.dirname(os.path.abspath(path))
        if folder not in self._where:
            self._where[folder] = find_config(folder)
        return self._where[folder]

    def config(self, path: str) -> Config:
        """The settings for ``path``, read (and their problems printed) the first time."""
        where = self.where(path)
        loaded = self._read.get(where)
        if loaded is None:
            from stridelift.core.config import config_for

            rules = self.rules if self.plugins is not None else None
            loaded = self._read[where] = config_for(path, self.explicit, rules)
            _report(loaded)
        return loaded

    def keep(self, path: str, folder: bool, top: str = ".") -> bool:
        """Whether a folder walk from ``top`` takes ``path``: its settings' ``include``
        and ``exclude``, which ``top`` itself escapes (settings with errors choose
        nothing: they end the run)."""
        config = self.config(path)
        settings = config.settings
        if config.errors or (settings.include is None and not settings.exclude):
            return True
        from stridelift.core.language.sources import path_matches

        root = settings.root
        if settings.exclude and path_matches(path, settings.exclude, root, top):
            return False
        return folder or settings.include is None or path_matches(path, settings.include, root)

    def settings_for(self, paths: Iterable[str]) -> dict[str, Settings]:
        """Each file's settings; a settings file with an error, or a required plugin
        that is missing, ends the command (exit 2) once every problem is printed."""
        import os

        from stridelift.core.config import unmet_requirements

        found = {path: self.config(path).settings for path in paths}
        failing = [c for c in self._read.values() if c.errors]
        if failing:
            count = sum(len(c.errors) for c in failing)
            named = ", ".join(os.fspath(c.path or "") for c in failing)
            raise Failure(
                f"{count} error(s) in the settings ({named}); nothing was run",
                "fix the settings as each message says (docs/cli.md#configuration)",
            )
        unmet = [(c, d) for c in self._read.values() for d in unmet_requirements(c)]
        if unmet:
            from stridelift.core.diagnostics import render

            for config, diagnostic in unmet:
                echo(render(diagnostic, config.lines.get(diagnostic.path)), err=True)
                echo(err=True)
            named = ", ".join(dict.fromkeys(os.fspath(c.path or "") for c, _ in unmet))
            raise Failure(
                f"{len(unmet)} plugin(s) the project requires ({named}) are missing or at "
                "another version; nothing was run",
                "install them as each hint says, or change `requires`",
            )
        return found

    def selected(self, path: str) -> Selected:
        """What is reported in the files that share ``path``'s settings."""
        where = self.where(path)
        chosen = self._selected.get(where)
        if chosen is None:
            from stridelift.core.training.selection import Selected

            settings = self.config(path).settings
            given = self.choice.selection
            layers = (settings.selection,) if given is None else (settings.selection, given)
            chosen = self._selected[where] = Selected.of(layers, self.words, settings.root)
        return chosen

    def reports(self, code: str, path: str) -> bool:
        """Whether a finding with ``code`` in ``path`` is reported."""
        return code not in self.words.codes or self.selected(path).reports(code, path)

    def lints(self, path: str) -> dict[str, LintSetting]:
        """The lint settings a program is checked with: its settings', and ``off`` for
        every rule the selection leaves out everywhere (so it does not run)."""
        from stridelift.core.training.policy import LintSetting

        lints = dict(self.config(path).settings.lints)
        off = self.selected(path).off
        for code in self.rules:
            if code in off:
                lints[code] = LintSetting("off")
        return lints


def _report(loaded: Config) -> None:
    from stridelift.core.diagnostics import render

    for diagnostic in loaded.diagnostics:
        echo(render(diagnostic, loaded.lines.get(diagnostic.path)), err=True)
        echo(err=True)


def race_date(
    option: dt.date | None, log: Log | None, first: dt.date = dt.date.min
) -> dt.date | None:
    """The race date from outside the program: ``--race`` wins over the log's athlete
    record (its ``"race"``, or the first goal race of its ``"races"`` on or after week 1,
    ``first``); None when neither gives one."""
    if option is not None:
        return option
    athlete = log.athlete if log is not None else None
    if athlete is None:
        return None
    if athlete.races:
        return athlete.next_race(first)  # a calendar: races before week 1 are history
    return athlete.race


def checked_race(
    option: dt.date | None, log: Log | None, log_path: str | None, first: dt.date
) -> dt.date | None:
    """:func:`race_date`, refused when it falls before week 1 (``first``); a note says
    when ``--race`` replaces the athlete record's."""
    race = race_date(option, log, first)
    recorded = race_date(None, log, first)
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
    choice: LintChoice | None = None,
) -> CompiledProgram:
    """:func:`load_checked`'s compiled program."""
    return load_checked(path, plugins, e1rm, config=config, sources=sources, choice=choice)[0]


def load_checked(
    path: str,
    plugins: Plugins,
    e1rm: str | None = None,
    *,
    config: str | None = None,
    sources: list[str] | None = None,
    choice: LintChoice | None = None,
    found: Found | None = None,
) -> tuple[CompiledProgram, WarningFilter]:
    """Parse, check and compile; a program with errors is refused (exit 1). With the
    program comes the filter its plan warnings go through (the selection, the
    waivers).

    The policy is the defaults, then the project's settings (:func:`project_settings`),
    then the program's own ``policy`` block, then the command line (``e1rm``, when
    given; ``choice`` for the lint rules). ``sources``, when given, receives every
    file read: the program and its includes (a command that writes a file must not
    write over one of them); ``found``, the files with their lines and the errors, for
    the command's report (core/cli/found.py)."""
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
    project = Project(config, plugins, choice)
    settings = project.settings_for([path])[path]
    final = {} if e1rm is None else {"e1rm_method": e1rm}
    result = check_path(path, plugins, lints=project.lints(path), final=project.choice.lints)
    if sources is not None:
        sources.extend(result.lines)
    errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
    if found is not None:
        found.program(result.lines, errors, plugins)
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
        compiled = compile_program(result.checked, settings.policy, final=final)
    except EngineError as exc:
        raise Failure(str(exc), exc.hint or None) from None
    return compiled, WarningFilter.of(project, result)


class WarningFilter:
    """What a plan shows of its warnings: those the selection reports, in the file of
    the session each is about (the program's, for a warning about the week), that no
    waiver covers: a waiver on the session's line, or the file's ``ignore-file``."""

    def __init__(
        self,
        project: Project,
        path: str,
        waivers: Waivers,
        places: Mapping[str, tuple[str, int]],
    ) -> None:
        self.project = project
        self.path = path
        self.waivers = waivers
        self.places = places

    @classmethod
    def of(cls, project: Project, result: CheckResult) -> WarningFilter:
        from stridelift.core.check.waivers import Waivers
        from stridelift.core.language import ast

        checked = result.checked
        assert checked is not None
        waivers = Waivers(project.rules)
        waivers.read(result.lines)
        document = checked.unit.document
        own = [*checked.program.body, *(document.items if document is not None else ())]
        places = {i.name: (checked.path, i.span.line) for i in own if isinstance(i, ast.Session)}
        for item, origin in checked.unit.included:
            if isinstance(item, ast.Session):
                places[item.name] = (origin.path, item.span.line)
        return cls(project, checked.path, waivers, places)

    def shown(self, warning: PlanWarning) -> bool:
        path, line = self.places.get(warning.session or "", (self.path, 0))
        if not self.project.reports(warning.code, path):
            return False
        return self.waivers.covers(path, line, warning.code) is None

    def apply(self, results: Iterable[WeekResult]) -> None:
        """Leave out of each week's warnings those not shown."""
        for result in results:
            result.warnings[:] = [w for w in result.warnings if self.shown(w)]


def load_log(
    path: str | None, plugins: Plugins, skip_invalid: bool, found: Found | None = None
) -> tuple[Log | None, list[int]]:
    """Read and validate a log; refuse (exit 1) on any invalid record unless
    ``skip_invalid``, and then say exactly which records were left out. ``found``
    receives the log's problems, for the command's report."""
    if path is None:
        return None, []
    from stridelift.core.logs import read_log

    reading = read_log(
        path,
        exercises=set(plugins.exercises.names()),
        measures=set(plugins.assessment_measures.names()),
    )
    if found is not None:
        found.log(path, reading)
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


class Prepared:
    """What ``plan`` and ``history`` share: plugins, the checked program and the filter
    of its warnings, the validated log, the start date, and the evaluation ready to
    fold (its ``race``: ``--race``, else the athlete record's, else the program's)."""

    __slots__ = ("evaluation", "first", "log", "plugins", "program", "skipped", "warnings")

    def __init__(
        self,
        plugins: Plugins,
        program: CompiledProgram,
        log: Log | None,
        skipped: list[int],
        first: dt.date,
        evaluation: Evaluation,
        warnings: WarningFilter,
    ) -> None:
        self.plugins = plugins
        self.program = program
        self.log = log
        self.skipped = skipped
        self.first = first
        self.evaluation = evaluation
        self.warnings = warnings

    def logged_weeks(self, log_path: str | None) -> int:
        """The last week the log holds (within the program's length): what ``history``
        and ``report`` go through; exit 1 when the log holds none."""
        from stridelift.core.cli.reporting import Failure

        last = self.evaluation.index.last_week
        if self.program.weeks:
            last = min(last, self.program.weeks)
        if last < 1:
            raise Failure(f"{log_path} has nothing logged on or after {self.first}", code=1)
        return last


def prepare(
    program_path: str,
    log_path: str | None,
    start: dt.date | None,
    skip_invalid: bool,
    strict_plugins: bool,
    e1rm: str | None,
    config: str | None = None,
    race: dt.date | None = None,
    lint: tuple[tuple[str, ...], ...] = (),
    found: Found | None = None,
) -> Prepared:
    """Everything :class:`Prepared` holds; ``lint`` is the command line's --select,
    --extend-select, --ignore and --lint, as given (:func:`lint_choice`); ``found``
    gathers what the program and the log hold for the command's report."""
    from stridelift.core.engine import Evaluation

    plugins = plugins_for_command(strict_plugins)
    choice = lint_choice(plugins, *lint)
    program, warnings = load_checked(
        program_path, plugins, e1rm, config=config, choice=choice, found=found
    )
    log, skipped = load_log(log_path, plugins, skip_invalid, found)
    first = start_date(start, log)
    if log is not None and log_path is not None:
        _match(program, program_path, log_path, log, start, first)
    race_day = checked_race(race, log, log_path, first)
    evaluation = Evaluation(program, log, first, race_day)
    return Prepared(plugins, program, log, skipped, first, evaluation, warnings)


def prepare_command(found: Found | None = None) -> Prepared:
    """:func:`prepare` from the running command's own parameters: the shared options of
    :mod:`.options` (``program_path``, ``log_path``, ``start``, ``skip_invalid``,
    ``strict_plugins``, ``e1rm``, ``config_path``, ``race`` and the lint selection),
    so each command that evaluates a program reads its inputs the same way."""
    import click

    given: Mapping[str, Any] = click.get_current_context().params
    return prepare(
        given["program_path"],
        given.get("log_path"),
        given.get("start"),
        given.get("skip_invalid", False),
        given.get("strict_plugins", False),
        given.get("e1rm"),
        given.get("config_path"),
        given.get("race"),
        lint=tuple(
            given.get(name, ()) for name in ("select", "extend_select", "ignore", "lint_options")
        ),
        found=found,
    )


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
        # A new program with the log of the one before it: week 1 is planned from what
        # the athlete brings (the assessment, 1RM estimates of the sets logged).
        tell(
            f"note: nothing in {log_path} is dated on or after the start date {first}: "
            "week 1 is planned from what the log carries over (the assessment and the "
            "1RM estimates of its sets); check --start if that is not what you meant"
        )
    elif early:
        tell(
            f"note: {early} record(s) of {log_path} before the start date {first} are not "
            "weeks of this program; they count only as what the athlete brings (the "
            "assessment and 1RM estimates)"
        )


def jobs_for(value: str | None, configured: int | str | None = None) -> int:
    """``--jobs`` as a number of processes (else the project's ``jobs`` setting, else
    every core); a value that is not one is a usage error (exit 2)."""
    from stridelift.core.cli.batch import JobsError, resolve_jobs
    from stridelift.core.cli.reporting import Failure

    try:
        return resolve_jobs(value if value is not None else configured)
    except JobsError as error:
        raise Failure(str(error), "for example --jobs 2, or --jobs auto for every core") from None


def format_for(given: str, configured: str | None) -> str:
    """The report format: ``--output-format`` or ``$STRIDELIFT_OUTPUT_FORMAT`` when either
    was given (``given``), else the settings' ``output-format``, else text."""
    import os

    import click
    from click.core import ParameterSource

    from stridelift.core.cli.options import OUTPUT_FORMAT_VARIABLE

    ctx = click.get_current_context(silent=True)
    defaulted = ctx is not None and ctx.get_parameter_source("output_format") in (
        ParameterSource.DEFAULT,
        None,
    )
    if defaulted and not os.environ.get(OUTPUT_FORMAT_VARIABLE) and configured:
        return configured
    return given
