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


#: What a command did with the things ``checked`` counts, for the summary line.
_COUNTED = {
    "plan": ("file", "read"),
    "history": ("file", "read"),
    "simulate": ("file", "read"),
    "plugins": ("plugin", "listed"),
}


def summary(report: FindingsReport) -> str:
    """``3 files checked: 1 error(s), 2 warning(s), 0 info`` (``, 1 waived`` when a
    waiver excused a finding; ``files read`` for plan, history and simulate,
    ``plugins listed`` for plugins)."""
    counts = report.counts()
    noun, verb = _COUNTED.get(report.command, ("file", "checked"))
    nouns = noun if report.checked == 1 else noun + "s"
    text = (
        f"{report.checked} {nouns} {verb}: {counts[Severity.ERROR]} error(s), "
        f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
    )
    return text + (f", {report.waived} waived" if report.waived else "")
