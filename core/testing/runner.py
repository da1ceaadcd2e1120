"""Running one test file: :func:`run_file`, a pure function of the file, the plugins and
the settings, whose :class:`FileResult` pickles (so a pool of processes can run
files side by side).

For a file it parses the tests, expands each ``where`` table into one case a
row, leaves out the cases a name filter does not select, and, if any case is
left, checks and compiles the program once. Each case then reads its log or
simulates its athlete (once a seed), folds the weeks and judges every assertion
(:mod:`.assertions`, :mod:`.verdicts`); the clauses that fired count toward the
coverage (:mod:`.coverage`). Nothing raises at the caller for bad input: a problem is a
located finding, and a case that cannot run is an ``ERROR`` result that says why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stridelift.core.diagnostics import Diagnostic, Severity
from stridelift.core.source import Span
from stridelift.core.testing import spec
from stridelift.core.testing.assertions import Judge, Problems, parse_date, resolve
from stridelift.core.testing.coverage import Counter
from stridelift.core.testing.findings import DESELECTED
from stridelift.core.testing.results import CaseResult, Coverage, Outcome
from stridelift.core.testing.verdicts import Run, verdict

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram
    from stridelift.core.hooks.guard import Guard
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.hooks.records import AthleteModel
    from stridelift.core.logs import Log, LogReading

#: The most runs (seeds) one case may ask for.
MAX_SEEDS = 1000


@dataclass(frozen=True, slots=True)
class FileResult:
    """What running one test file produced."""

    #: The test file, as shown.
    path: str
    cases: tuple[CaseResult, ...] = ()
    #: Problems of the test file, of the program it names (errors only) and of its logs.
    findings: tuple[Diagnostic, ...] = ()
    #: Each file's lines, to quote in a rendered finding or failure.
    lines: Mapping[str, Sequence[str] | None] = field(default_factory=dict)
    #: Every file read: the test file, the program and its includes, the logs.
    files: tuple[str, ...] = ()
    #: The program's clauses and how often the cases that ran made each fire.
    coverage: Coverage = field(default_factory=Coverage)


def case_names(test: spec.ProgramTest) -> list[tuple[str, dict[str, spec.Value] | None]]:
    """A test's cases: the test itself, or one a row of its table, named
    ``name [column=value, ...]``."""
    table = test.table
    if table is None:
        return [(test.name, None)]
    found: list[tuple[str, dict[str, spec.Value] | None]] = []
    for cells in table.rows:
        row = {column.word: cell for column, cell in zip(table.columns, cells, strict=False)}
        shown = ", ".join(f"{name}={cell.text}" for name, cell in row.items())
        found.append((f"{test.name} [{shown}]", row))
    return found


def selected(name: str, path: str, select: Sequence[str]) -> bool:
    """Whether ``-k``/``--select`` keeps a case: no filter, or one of them a part of its
    name or of ``path::name``, ignoring case."""
    if not select:
        return True
    whole = f"{path}::{name}".casefold()
    return any(term.casefold() in whole for term in select)


def run_file(
    path: str,
    *,
    select: Sequence[str] = (),
    plugins: Plugins | None = None,
    config: str | None = None,
) -> FileResult:
    """Run every selected case of the test file at ``path`` (shown relative to the current
    folder when it is inside it). Without ``plugins`` the installed ones are loaded;
    ``config`` is ``--config``."""
    from stridelift.core.language.sources import display_path
    from stridelift.core.testing.parse import read_suite

    where = path
    path = display_path(path)
    parsed = read_suite(where, path)
    lines: dict[str, Sequence[str] | None] = {path: parsed.lines}
    findings = list(parsed.diagnostics)
    suite = parsed.suite
    if suite is None:
        return FileResult(path, (), tuple(findings), lines, (path,))
    broken = _broken_tests(suite, findings)
    cases: list[CaseResult] = []
    todo: list[tuple[spec.ProgramTest, str, dict[str, spec.Value] | None]] = []
    for test in suite.tests:
        for name, row in case_names(test):
            if not selected(name, path, select):
                cases.append(_skipped(path, test, name, DESELECTED))
            elif test.skip is not None:
                cases.append(_skipped(path, test, name, f"skip: {test.skip.value.word}"))
            elif id(test) in broken:
                problem = broken[id(test)]
                cases.append(
                    _error(path, test, name, f"not run: {problem.message} ({problem.code})")
                )
            else:
                todo.append((test, name, row))
    if not todo:
        return FileResult(path, tuple(cases), tuple(_unique(findings)), lines, (path,))
    if plugins is None:
        from stridelift.core.hooks.manager import load_plugins

        plugins = load_plugins()
    context = _Context(path, os.path.dirname(where), suite, plugins, config)
    cases.extend(context.run(test, name, row) for test, name, row in todo)
    findings.extend(context.findings)
    lines.update(context.lines)
    coverage = Coverage()
    if context.counter is not None and context.program_shown is not None:
        coverage = context.counter.coverage(context.program_shown)
    return FileResult(
        path,
        tuple(_in_file_order(suite, cases)),
        tuple(_unique(findings)),
        lines,
        tuple(dict.fromkeys([path, *context.files])),
        coverage,
    )


def _in_file_order(suite: spec.Suite, cases: list[CaseResult]) -> list[CaseResult]:
    """The cases in the order their tests (and rows) are written."""
    rank: dict[str, int] = {}
    for test in suite.tests:
        for name, _ in case_names(test):
            rank.setdefault(name, len(rank))
    return sorted(cases, key=lambda c: rank.get(c.name, len(rank)))


def _unique(findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(findings), key=lambda d: d.sort_key)


def _broken_tests(suite: spec.Suite, findings: Sequence[Diagnostic]) -> dict[int, Diagnostic]:
    """Each test that a setup error of the parse falls inside, with the first such error;
    an error outside every test (no program) breaks them all."""
    broken: dict[int, Diagnostic] = {}
    if suite.program is None:
        first = next(d for d in findings if d.code == "T014")
        return {id(test): first for test in suite.tests}
    for finding in findings:
        if finding.severity < Severity.ERROR:
            continue
        inside = [t for t in suite.tests if _within(finding.span, t.span)]
        for test in inside or suite.tests:
            broken.setdefault(id(test), finding)
    return broken


def _within(span: Span, outer: Span) -> bool:
    return bool(span.line) and outer.line <= span.line <= outer.end_line


def _skipped(path: str, test: spec.ProgramTest, name: str, why: str) -> CaseResult:
    return CaseResult(path, name, Outcome.SKIPPED, test.name_span, why)


def _error(path: str, test: spec.ProgramTest, name: str, why: str) -> CaseResult:
    return CaseResult(path, name, Outcome.ERROR, test.name_span, why)


class _NotRun(Exception):
    """A case cannot run: why, and where in the test file (else at the test's name)."""

    def __init__(self, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.span = span


class _Context:
    """One test file's run: the program compiled once, the logs read once, the findings
    and the coverage of every case."""

    def __init__(
        self, path: str, folder: str, suite: spec.Suite, plugins: Plugins, config: str | None
    ) -> None:
        self.path = path
        self.folder = folder
        self.suite = suite
        self.plugins = plugins
        self.config = config
        self.findings: list[Diagnostic] = []
        self.lines: dict[str, Sequence[str] | None] = {}
        self.files: list[str] = []
        self.counter: Counter | None = None
        self.program_shown: str | None = None
        self._program: CompiledProgram | None = None
        self._program_problem: str | None = None
        self._loaded = False
        self._logs: dict[str, LogReading] = {}

    # -- the program, once
    def program(self) -> CompiledProgram:
        if not self._loaded:
            self._loaded = True
            try:
                self._program = self._compile()
            except _NotRun as problem:
                self._program_problem = str(problem)
        if self._program is None:
            raise _NotRun(self._program_problem or "the program cannot be evaluated")
        return self._program

    def _compile(self) -> CompiledProgram:
        from stridelift.core.check import check_path
        from stridelift.core.config import config_for
        from stridelift.core.engine import EngineError, compile_program
        from stridelift.core.files import open_regular
        from stridelift.core.language.parse import unreadable
        from stridelift.core.language.sources import display_path

        written = self.suite.program
        assert written is not None  # a suite without one has every test broken
        target = os.path.normpath(os.path.join(self.folder, written.word))
        shown = display_path(target)
        try:
            open_regular(target).close()
        except OSError as error:
            self._finding(
                written.span,
                "T014",
                f"the program {shown} {unreadable(error)}",
                "give the program's path relative to this test file",
            )
            raise _NotRun(f"the program {shown} {unreadable(error)}") from None
        self.program_shown = shown
        loaded = config_for(shown, self.config)
        self.findings.extend(loaded.diagnostics)
        self.lines.update(loaded.lines)
        if loaded.errors:
            raise _NotRun(f"the settings ({loaded.path}) have {len(loaded.errors)} error(s)")
        settings = loaded.settings
        result = check_path(shown, self.plugins, lints=settings.lints)
        self.files.extend(result.lines)
        errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
        if errors:
            self.findings.extend(errors)
            self.lines.update(result.lines)
            raise _NotRun(f"the program {shown} has {len(errors)} error(s)")
        if result.checked is None:
            self._finding(
                written.span,
                "T014",
                f"{shown} holds no `program` block",
                "name the file that includes it",
            )
            raise _NotRun(f"{shown} holds no `program` block")
        try:
            program = compile_program(result.checked, settings.policy)
        except EngineError as exc:
            raise _NotRun(f"the program {shown} cannot be evaluated: {exc}") from None
        self.counter = Counter(program)
        return program

    def _finding(self, span: Span | None, code: str, message: str, hint: str) -> None:
        self.findings.append(Diagnostic.make(self.path, span, code, message, hint))

    # -- one case
    def run(
        self, test: spec.ProgramTest, name: str, row: dict[str, spec.Value] | None
    ) -> CaseResult:
        from stridelift.core.hooks.guard import PluginFault

        began = time.perf_counter()
        problems = Problems(self.path)
        try:
            program = self.program()
            runs, judges = self._runs(test, _binder(row), program, problems)
        except _NotRun as problem:
            return CaseResult(
                self.path,
                name,
                Outcome.ERROR,
                problem.span or test.name_span,
                f"not run: {problem}",
                (),
                time.perf_counter() - began,
                self.program_shown,
            )
        except PluginFault as fault:
            if fault.strict:
                raise
            self.findings.append(fault.to_diagnostic())
            return CaseResult(
                self.path,
                name,
                Outcome.ERROR,
                test.name_span,
                f"not run: {fault.message}",
                (),
                time.perf_counter() - began,
                self.program_shown,
            )
        failures: list[tuple[Judge, Run, str, tuple[str, ...], Span]] = []
        for judge in judges:
            for run in runs:
                found = verdict(judge, run)
                if not found.ok:
                    failures.append((judge, run, found.message, found.details, found.span))
                    break  # the first seed it fails for is enough
        seconds = time.perf_counter() - began
        shown = self.program_shown
        if not failures:
            return CaseResult(
                self.path, name, Outcome.PASSED, test.name_span, "", (), seconds, shown
            )
        _, run, message, details, span = failures[0]
        if run.seed is not None and len(runs) > 1:
            message = f"seed {run.seed}: {message}"
        # Every other failing assertion too, each with its own values and explanation.
        more: list[str] = []
        for _, other, text, lines, place in failures[1:]:
            seed = f"seed {other.seed}: " if other.seed is not None and len(runs) > 1 else ""
            more.append(f"also fails, line {place.line}: {seed}{text}")
            more.extend(f"  {line}" for line in lines if not line.startswith("simulated with"))
        return CaseResult(
            self.path,
            name,
            Outcome.FAILED,
            span,
            message,
            (*details, *more),
            seconds,
            shown,
        )

    def _runs(
        self,
        test: spec.ProgramTest,
        bind: Callable[[spec.Value], spec.Value],
        program: CompiledProgram,
        problems: Problems,
    ) -> tuple[list[Run], list[Judge]]:
        """Resolve the case's input and assertions, then run it: one run, or one a seed."""
        from stridelift.core.engine import Evaluation, default_start
        from stridelift.core.engine.simulate import DEFAULT_START

        log: Log | None = None
        if test.log is not None:
            log = self._log(bind(test.log.value), test.log.span)
        start = DEFAULT_START
        if test.start is not None:
            start = parse_date(bind(test.start.value), problems, "`start`") or start
        elif log is not None:
            found = default_start(log)
            if found is None:
                raise _NotRun(
                    "the log holds no dated record to start from; give `start YYYY-MM-DD`",
                    test.log.span if test.log else None,
                )
            start = found
        race: dt.date | None = None
        if test.race is not None:
            race = parse_date(bind(test.race.value), problems, "`race`")
            if race is not None and race < start:
                problems.add(
                    test.race.span,
                    "T013",
                    f"the race ({race}) is before week 1 starts ({start})",
                    "give a race day on or after the start",
                )
        elif log is not None and log.athlete is not None:
            athlete = log.athlete
            race = athlete.next_race(start) if athlete.races else athlete.race
        weeks = self._weeks(test, bind, program, log, start, problems)
        judges = []
        has_input = test.log is not None or test.athlete is not None
        for assertion in test.assertions:
            judge = resolve(_bound(assertion, bind), program, weeks, has_input, problems)
            if judge is not None:
                judges.append(judge)
        simulated = None
        if test.athlete is not None:
            simulated = self._athlete(test.athlete, bind, problems)
        seeds = self._seeds(test.seeds, bind, problems)
        if problems:
            self.findings.extend(problems.found)
            first = min(problems.found, key=lambda d: d.sort_key)
            raise _NotRun(f"{first.message} ({first.code})", first.span)
        if simulated is None:
            evaluation = Evaluation(program, log, start, race)
            runs = [Run(program, list(evaluation.weeks(weeks)), log)]
            self._count(runs)
            return runs, judges
        from stridelift.core.engine.simulate import SimulationError, simulate

        model, params, guard = simulated
        runs = []
        for seed in seeds:
            try:
                results, written = simulate(program, model, params, seed, weeks, start, guard, race)
            except SimulationError as exc:
                assert test.athlete is not None
                self._finding(
                    test.athlete.span, "T013", str(exc), "see docs/engine.md#the-simulator"
                )
                raise _NotRun(str(exc), test.athlete.span) from None
            runs.append(Run(program, results, written, seed))
        self._count(runs)
        return runs, judges

    def _count(self, runs: Iterable[Run]) -> None:
        if self.counter is not None:
            for run in runs:
                self.counter.add(run.weeks)

    def _weeks(
        self,
        test: spec.ProgramTest,
        bind: Callable[[spec.Value], spec.Value],
        program: CompiledProgram,
        log: Log | None,
        start: dt.date,
        problems: Problems,
    ) -> int:
        """How many weeks the case runs: ``weeks N``; else, with a log, the weeks it
        covers and the one after (within the program); else the program's weeks."""
        from stridelift.core.units import LIMITS

        limit = LIMITS["weeks"]
        if test.weeks is not None:
            value = bind(test.weeks.value)
            number = value.number if value.kind == "number" else None
            if number is None or not number.is_integer() or int(number) not in limit:
                problems.add(
                    value.span,
                    "T013",
                    f"`weeks` is a number of weeks, {limit.words}, not `{value.text}`",
                    f"for example: weeks {program.weeks or 12}",
                )
                return program.weeks or 1
            return int(number)
        if log is not None:
            dates = [r.date for group in (log.sets, log.checkins, log.runs) for r in group]
            last = max((d for d in dates if d >= start), default=start)
            covered = (last - start).days // 7 + 1
            return max(1, min(program.weeks or int(limit.high), covered + 1))
        if program.weeks is None:
            problems.add(
                test.name_span,
                "T013",
                "the program has no `weeks`, so the test does not know how long to run",
                "give the test `weeks N`",
            )
            return 1
        return program.weeks

    def _log(self, value: spec.Value, span: Span) -> Log:
        from stridelift.core.language.sources import display_path
        from stridelift.core.logs import read_log

        if value.kind != "string":
            self._finding(
                value.span, "T013", f"a log is a quoted path, not `{value.text}`", 'log "sam.jsonl"'
            )
            raise _NotRun(f"a log is a quoted path, not `{value.text}`", value.span)
        target = os.path.normpath(os.path.join(self.folder, value.word))
        shown = display_path(target)
        reading = self._logs.get(shown)
        if reading is None:
            reading = self._logs[shown] = read_log(
                shown, exercises=set(self.plugins.exercises.names())
            )
            self.files.append(shown)
            if self._missing(reading):
                self._finding(
                    span,
                    "T014",
                    f"the log {shown}: {reading.problems[0].message}",
                    "give the log's path relative to this test file",
                )
            else:
                self.findings.extend(p.to_diagnostic() for p in reading.problems)
                self.lines[shown] = reading.lines()
        if self._missing(reading):
            raise _NotRun(f"the log {shown}: {reading.problems[0].message}", span)
        if reading.problems:
            count = len(reading.problems)
            raise _NotRun(f"the log {shown} has {count} problem(s)", span)
        return reading.log

    @staticmethod
    def _missing(reading: LogReading) -> bool:
        """Whether the log could not be opened at all (L001: missing, not a file)."""
        return reading.fatal and bool(reading.problems) and reading.problems[0].code == "L001"

    def _athlete(
        self,
        athlete: spec.Athlete,
        bind: Callable[[spec.Value], spec.Value],
        problems: Problems,
    ) -> tuple[AthleteModel, dict[str, float], Guard] | None:
        from stridelift.core.diagnostics import did_you_mean
        from stridelift.core.engine.simulate import SimulationError, model_params

        registry = self.plugins.athlete_models
        model = registry.get(athlete.model)
        if model is None:
            names = registry.names()
            problems.add(
                athlete.model_span,
                "T012",
                f"no athlete model `{athlete.model}` is installed",
                did_you_mean(athlete.model, names) or "installed: " + ", ".join(names),
            )
            return None
        given: dict[str, float] = {}
        for arg in athlete.args:
            value = bind(arg.value)
            if value.kind != "number" or value.number is None:
                problems.add(
                    value.span,
                    "T013",
                    f"`{arg.name}` is a number, not `{value.text}`",
                    f"for example: {arg.name}: 0.8",
                )
                continue
            given[arg.name] = value.number
        known = {param.name for param in model.params}
        for arg in athlete.args:
            if arg.name not in known:
                problems.add(
                    arg.span,
                    "T012",
                    f"the athlete model `{model.name}` has no parameter `{arg.name}`",
                    did_you_mean(arg.name, known) or "its parameters: " + ", ".join(sorted(known)),
                )
        if problems:
            return None
        try:
            params = model_params(model, given)
        except SimulationError as exc:
            problems.add(athlete.span, "T013", str(exc))
            return None
        guard = self.plugins.guard(registry, model.name)
        placed = guard.at(self.path, athlete.model_span, "the test stops")
        return model, params, placed

    def _seeds(
        self,
        seeds: spec.Seeds | None,
        bind: Callable[[spec.Value], spec.Value],
        problems: Problems,
    ) -> list[int]:
        if seeds is None:
            return [1]
        found: list[int] = []
        for first_value, last_value in seeds.items:
            first = _seed(bind(first_value), problems)
            last = first if last_value is None else _seed(bind(last_value), problems)
            if first is None or last is None:
                continue
            if last < first:
                problems.add(
                    seeds.span,
                    "T013",
                    f"seeds {first}..{last} run backwards",
                    f"write seeds {last}..{first}",
                )
                continue
            found.extend(range(first, min(last, first + MAX_SEEDS) + 1))
        if len(found) > MAX_SEEDS:
            problems.add(
                seeds.span,
                "T013",
                f"{len(found)} seeds: a test runs at most {MAX_SEEDS}",
                "test fewer seeds, or split the test",
            )
        return list(dict.fromkeys(found)) or [1]


def _seed(value: spec.Value, problems: Problems) -> int | None:
    if value.kind != "number" or value.number is None or not value.number.is_integer():
        problems.add(
            value.span, "T013", f"a seed is a whole number, not `{value.text}`", "seeds 1..5"
        )
        return None
    return int(value.number)


def _binder(row: Mapping[str, spec.Value] | None) -> Callable[[spec.Value], spec.Value]:
    """Each ``$name`` replaced by the row's value (at the place it is used)."""

    def bind(value: spec.Value) -> spec.Value:
        if value.kind != "param" or row is None or value.word not in row:
            return value
        return dataclasses.replace(row[value.word], span=value.span)

    return bind


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _bound(assertion: spec.Assertion, bind: Callable[[spec.Value], spec.Value]) -> spec.Assertion:
    """The assertion with its ``$names`` replaced, in its text too."""
    selector, check = assertion.selector, assertion.check

    def maybe(value: spec.Value | None) -> spec.Value | None:
        return None if value is None else bind(value)

    values: dict[str, str] = {}
    for value in (selector.first, selector.last, check.slot, check.value):
        if value is not None and value.kind == "param":
            values[value.word] = bind(value).text
    text = _PARAM.sub(lambda m: values.get(m[1], m[0]), assertion.text)
    return spec.Assertion(
        dataclasses.replace(selector, first=maybe(selector.first), last=maybe(selector.last)),
        dataclasses.replace(check, slot=maybe(check.slot), value=maybe(check.value)),
        text,
        assertion.span,
    )
