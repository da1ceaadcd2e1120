"""Findings as GitHub Actions workflow commands: each one an annotation on its line.

``::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message``, with a
finding's level (error, warning; info is a ``notice``). GitHub escapes: in the
message ``%``, CR and LF; in a property also ``:`` and ``,``.

GitHub shows at most 10 annotations of each level per step and drops the rest
without a word. So at most 10 of each are written, in the report's order, and
when any were left out, one notice says how many and where the whole report is:
the SARIF file the same run wrote (``--sarif-file``), or how to get one. That
notice is itself a notice, so notices keep one place free for it. A plain summary
line ends the output, for the log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stridelift.core.diagnostics import Severity
from stridelift.core.output import findings_text, tests_text
from stridelift.core.output.findings import FindingsReport, in_a_file
from stridelift.core.output.terminal import Paint, plain
from stridelift.core.source import Span, printable_path, visible_line
from stridelift.core.testing.results import Outcome

#: GitHub's limit of annotations per level and step.
LIMIT = 10
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF percent-encoded (the runner decodes them)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property's value: as a message, and ``:`` and ``,`` too (they end a value)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, slots=True)
class Annotation:
    level: Severity
    path: str
    span: Span | None
    title: str
    message: str

    def command(self) -> str:
        properties: list[tuple[str, str]] = []
        # A plugin's problem (`<plugin NAME>`, `--athlete NAME`) is on no file: GitHub
        # shows it in the job's summary.
        if self.path and in_a_file(self.path):
            properties.append(("file", printable_path(self.path)))
            span = self.span
            if span is not None and span.line > 0:
                properties.append(("line", str(span.line)))
                # GitHub takes columns only for an annotation on one line.
                one_line = span.end_line in (0, span.line)
                if one_line and span.column > 0:
                    properties.append(("col", str(span.column)))
                if span.end_line > span.line:
                    properties.append(("endLine", str(span.end_line)))
                elif one_line and span.end_column > span.column:
                    properties.append(("endLine", str(span.line)))
                    properties.append(("endColumn", str(span.end_column)))
        properties.append(("title", self.title))
        written = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
        return f"::{COMMANDS[self.level]} {written}::{escape_data(self.message)}"


def annotations_of(report: FindingsReport) -> Iterator[Annotation]:
    """Every finding, then every test case that failed or could not run."""
    for d in report.findings:
        # What is quoted from the input is shown, not obeyed: no escape sequence gets through.
        message = visible_line(d.message)
        if d.hint:
            message += f"\nhint: {visible_line(d.hint)}"
        yield Annotation(d.severity, d.path, d.span, d.code, message)
    for case in report.cases:
        if case.outcome not in (Outcome.FAILED, Outcome.ERROR):
            continue
        verb = "failed" if case.outcome is Outcome.FAILED else "could not run"
        lines = [f"test `{visible_line(case.name)}` {verb}"]
        if case.message:
            lines[0] += f": {visible_line(case.message)}"
        lines.extend(visible_line(detail) for detail in case.details)
        title = "T001" if case.outcome is Outcome.FAILED else "T002"
        yield Annotation(Severity.ERROR, case.path, case.span, title, "\n".join(lines))


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    every = list(annotations_of(report))
    by_level = {level: [a for a in every if a.level is level] for level in Severity}
    hidden = {level: max(0, len(found) - LIMIT) for level, found in by_level.items()}
    if any(hidden.values()):
        # The notice that says what is missing takes one of the notices' places.
        hidden[Severity.INFO] = max(0, len(by_level[Severity.INFO]) - (LIMIT - 1))
    room = {level: len(found) - hidden[level] for level, found in by_level.items()}
    lines = []
    for annotation in every:  # the first of each level, in the report's order
        if room[annotation.level] > 0:
            room[annotation.level] -= 1
            lines.append(annotation.command())
    if any(hidden.values()):
        lines.append(f"::notice title=stridelift::{escape_data(_hidden_notice(report, hidden))}")
    lines.append(tests_text.summary(report) if report.has_tests else findings_text.summary(report))
    return "\n".join(lines)


def _hidden_notice(report: FindingsReport, hidden: dict[Severity, int]) -> str:
    """``12 more error(s), 1 more notice(s) not shown ...; the full report: FILE``."""
    words = {Severity.ERROR: "error(s)", Severity.WARNING: "warning(s)", Severity.INFO: "notice(s)"}
    counts = ", ".join(
        f"{hidden[level]} more {words[level]}" for level in reversed(Severity) if hidden[level]
    )
    text = f"{counts} not shown (GitHub shows {LIMIT} annotations of each level per step); "
    if report.full_report is not None:
        return text + f"the full report: {printable_path(report.full_report)} (SARIF)"
    return text + (
        f"for the full report, run `stridelift {report.command}` again with "
        "`--output-format sarif -o FILE`, or add `--sarif-file FILE`"
    )
