"""Findings as text for a person: ``path:line:col: CODE severity: message``, the source
line with a caret under the problem, the hint, and a summary line."""

from __future__ import annotations

from stridelift.core.diagnostics import Severity, render
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import Paint, plain


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    blocks = (render(d, report.lines.get(d.path), paint=paint) + "\n\n" for d in report.findings)
    return "".join(blocks) + summary(report)


def summary(report: FindingsReport) -> str:
    counts = report.counts()
    noun = "file" if report.checked == 1 else "files"
    return (
        f"{report.checked} {noun} checked: {counts[Severity.ERROR]} error(s), "
        f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
    )
