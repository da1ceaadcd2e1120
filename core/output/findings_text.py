"""Findings as text for a person: ``path:line:col: CODE severity: message``, the source
line with a caret under the problem, the hint, and a summary line. A run of program
tests adds each case that did not pass, a line that counts the cases, and what the
tests left uncovered."""

from __future__ import annotations

from stridelift.core.diagnostics import Severity, render
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import Paint, plain
from stridelift.core.source import printable_path, visible_line
from stridelift.core.testing.results import CaseResult, Coverage, Outcome

#: How each outcome but a pass is written, and its style.
_OUTCOMES = {
    Outcome.FAILED: ("FAILED", "bold red"),
    Outcome.ERROR: ("COULD NOT RUN", "bold red"),
    Outcome.SKIPPED: ("SKIPPED", "bold yellow"),
}


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    blocks = (render(d, report.lines.get(d.path), paint=paint) + "\n\n" for d in report.findings)
    text = "".join(blocks)
    if not report.has_tests:
        return text + summary(report)
    cases = (case_block(c, paint) + "\n\n" for c in report.cases if c.outcome in _OUTCOMES)
    text += "".join(cases) + summary(report) + "\n" + tests_summary(report)
    if report.coverage is not None:
        text += "\n" + coverage_text(report.coverage)
    return text


def summary(report: FindingsReport) -> str:
    counts = report.counts()
    noun = "file" if report.checked == 1 else "files"
    return (
        f"{report.checked} {noun} checked: {counts[Severity.ERROR]} error(s), "
        f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
    )


def where(case: CaseResult) -> str:
    """``path:line:col``, or the path alone when the case has no place."""
    shown = printable_path(case.path)  # a file name cannot forge a line of output
    span = case.span
    return f"{shown}:{span.line}:{span.column}" if span is not None and span.line else shown


def case_block(case: CaseResult, paint: Paint = plain) -> str:
    """``path:line:col: FAILED name``, the message, and the details under it."""
    word, style = _OUTCOMES[case.outcome]
    head = f"{paint(where(case), 'bold')}: {paint(word, style)} {visible_line(case.name)}"
    lines = [head]
    if case.message:
        lines.append(f"  {visible_line(case.message)}")
    lines.extend(f"    {visible_line(detail)}" for detail in case.details)
    return "\n".join(lines)


def tests_summary(report: FindingsReport) -> str:
    """``5 test(s): 3 passed, 1 failed, 1 could not run, 0 skipped in 0.42s``."""
    counts = report.outcomes()
    seconds = sum(case.seconds for case in report.cases)
    return (
        f"{len(report.cases)} test(s): {counts[Outcome.PASSED]} passed, "
        f"{counts[Outcome.FAILED]} failed, {counts[Outcome.ERROR]} could not run, "
        f"{counts[Outcome.SKIPPED]} skipped in {seconds:.2f}s"
    )


def coverage_text(coverage: Coverage) -> str:
    """``coverage: 3 of 4 clauses fired (75.0%)``, then each clause that never fired."""
    lines = [
        f"coverage: {coverage.covered} of {coverage.total} clauses fired ({coverage.percent:.1f}%)"
    ]
    lines.extend(
        f"  never fired: {printable_path(program)}: {visible_line(label)}"
        for program, label, count in coverage.fired
        if count == 0
    )
    return "\n".join(lines)
