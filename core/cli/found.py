"""What ``plan``, ``history``, ``simulate`` and ``plugins`` find, as a report for tools.

These commands print a document of their own: the week, the weeks, the simulation,
the list of plugins, as text or JSON. On the way they find things a CI job wants
located: the log's problems (at their line and column of the log), the program's
errors (which stop the command), the plan warnings P3xx (at the session they are
about, in the file that defines it), a plugin callable that failed (X001), the
plugins that did not load. :class:`Found` gathers them as the inputs are read, and
:meth:`Found.write` hands them to :func:`stridelift.core.cli.reports.write_report`:

- ``text`` and ``json`` print the command's document, as they always have (the
  plan's JSON is the plan schema's document, which carries its warnings);
- ``junit``, ``github`` and ``sarif`` print the findings;
- ``--sarif-file`` writes the findings as SARIF whatever the format, also when the
  command stops on bad input (exit 1: a program with errors, a refused log), so the
  job's report holds what stopped it (:meth:`Found.reporting`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from stridelift.core.cli.reporting import EXIT_FINDINGS, Failure

if TYPE_CHECKING:
    from stridelift.core.cli.reports import ReportOptions
    from stridelift.core.diagnostics import Diagnostic
    from stridelift.core.engine import WeekResult
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.logs.problems import LogReading
    from stridelift.core.output.findings import FindingsReport


class _Selection(Protocol):
    def reports(self, code: str, path: str) -> bool: ...


class _Waivers(Protocol):
    def covers(self, path: str, line: int, code: str) -> object: ...


class WarningFilter(Protocol):
    """What :class:`stridelift.core.cli.inputs.WarningFilter` tells of a plan's warnings
    (named by its shape: that module hands a :class:`Found` the program and the log)."""

    @property
    def path(self) -> str: ...
    @property
    def places(self) -> Mapping[str, tuple[str, int]]: ...
    @property
    def project(self) -> _Selection: ...
    @property
    def waivers(self) -> _Waivers: ...
    def apply(self, results: Iterable[WeekResult]) -> None: ...


class Found:
    """The findings of one run of a command with a document of its own, in the order
    met: the program's errors, the log's problems, then each week's warnings."""

    __slots__ = ("command", "files", "findings", "inputs", "lines", "named", "plugins", "waived")

    def __init__(self, command: str, inputs: Iterable[str | None] = ()) -> None:
        self.command = command
        #: What the command was given to read (the program, the log, ``--config``): never
        #: a report's file.
        self.inputs = [path for path in inputs if path is not None]
        self.named = len(self.inputs)
        self.files: list[str] = []
        self.lines: dict[str, Sequence[str] | None] = {}
        self.findings: list[Diagnostic] = []
        self.plugins: Plugins | None = None
        self.waived = 0

    def program(
        self,
        lines: Mapping[str, Sequence[str] | None],
        errors: Iterable[Diagnostic],
        plugins: Plugins,
    ) -> None:
        """The program's files as checked (the program and what it includes, with their
        lines to quote), its errors (the command stops on them) and the plugins it was
        checked with."""
        self.read(lines)
        self.findings.extend(errors)
        self.plugins = plugins

    def log(self, path: str, reading: LogReading) -> None:
        """The log read, and every problem found in it (each at its line and column)."""
        self.read({path: reading.lines()})
        self.findings.extend(problem.to_diagnostic() for problem in reading.problems)

    def read(self, lines: Mapping[str, Sequence[str] | None]) -> None:
        for path, text in lines.items():
            if path not in self.lines:
                self.files.append(path)
                self.lines[path] = text

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.findings.extend(diagnostics)

    def weeks(self, results: Iterable[WeekResult], warnings: WarningFilter) -> None:
        """Each week's warnings that are shown, as findings (``week N: message``, at the
        name of the session each is about, a warning about the week at the program),
        counting those a waiver excused; then ``warnings`` leaves out of each week
        those not shown, as the plan prints it."""
        from stridelift.core.diagnostics import Diagnostic
        from stridelift.core.source import Span

        results = list(results)
        for result in results:
            for warning in result.warnings:
                session = warning.session or ""
                path, line = warnings.places.get(session, (warnings.path, 0))
                if not warnings.project.reports(warning.code, path):
                    continue
                if warnings.waivers.covers(path, line, warning.code) is not None:
                    self.waived += 1
                    continue
                span = None
                defined = result.program.sessions.get(session)
                if line and defined is not None and defined.span.line == line:
                    span = Span.point(line, defined.span.column, len(session))
                elif line:  # the whole line, as a log problem without a column
                    span = Span(line, 1, line + 1, 1)
                message = f"week {result.week}: {warning.message}"
                self.findings.append(
                    Diagnostic.make(path, span, warning.code, message, severity=warning.severity)
                )
        warnings.apply(results)

    def report(self) -> FindingsReport:
        from stridelift.core.output.findings import FindingsReport

        errors = () if self.plugins is None else self.plugins.errors
        return FindingsReport(
            files=tuple(self.files),
            findings=tuple(dict.fromkeys(self.findings)),
            lines=self.lines,
            checked=self.named,
            plugin_errors=tuple(error.to_json() for error in errors),
            command=self.command,
            waived=self.waived,
        )

    def write(self, options: ReportOptions, own: Mapping[str, str | None]) -> None:
        """The report as ``options`` say, ``own`` the command's document by format."""
        from stridelift.core.cli.reports import write_report

        write_report(self.report(), options, inputs=self.inputs, own=own)

    @contextmanager
    def reporting(self, options: ReportOptions) -> Iterator[None]:
        """Around the command's work: when it stops on bad input (exit 1) or on a plugin
        that failed where the run could not go on (X001), the findings so far are
        written as any report is (text and json print nothing, as before), then the
        command ends as it would have."""
        from stridelift.core.hooks.guard import PluginFault

        try:
            yield
        except Failure as failure:
            if failure.code == EXIT_FINDINGS:
                self.write(options, _NOTHING)
            raise
        except PluginFault as fault:
            self.findings.append(fault.to_diagnostic())
            self.write(options, _NOTHING)
            raise


#: A command that stopped has no document to print.
_NOTHING: Mapping[str, str | None] = {"text": None, "json": None}
