"""Findings as text for a person: ``path:line:col: CODE severity: message``, the source
line with a caret under the problem, the hint, and a summary line. A run of program
tests is rendered by :mod:`.tests_text`."""

from __future__ import annotations

from stridelift.core.diagnostics import Severity, render
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import Paint, plain


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    if report.has_tests:
        from stridelift.core.output import tests_text

        return tests_text.emit(report, paint)
    blocks = (render(d, report.lines.get(d.path), paint=paint) + "\n\n" for d in report.findings)
    return "".join(blocks) + summary(report)


def summary(report: FindingsReport) -> str:
    counts = report.counts()
    noun = "file" if report.checked == 1 else "files"
    return (
        f"{report.checked} {noun} checked: {counts[Severity.ERROR]} error(s), "
        f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
    )
