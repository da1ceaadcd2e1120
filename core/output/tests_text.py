"""Program test results as text for a coach (``stridelift test``): the problems found in
the files, each case's outcome, each failure with its assertion, expected and actual
values and explanation trace, the coverage table when asked for, and a summary.

It renders the same :class:`~.findings.FindingsReport` the other formats do: the
``text`` format of :mod:`.emitters` hands every report with tests to it.
"""

from __future__ import annotations

from collections.abc import Iterator

from stridelift.core.diagnostics import render
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import Paint, plain
from stridelift.core.source import printable_path, visible_line
from stridelift.core.testing.findings import DESELECTED, case_finding
from stridelift.core.testing.results import CaseResult, Coverage, Outcome

_OUTCOME_STYLES = {
    Outcome.PASSED: "green",
    Outcome.FAILED: "bold red",
    Outcome.ERROR: "bold red",
    Outcome.SKIPPED: "yellow",
}


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    """The whole report: findings, outcomes, failures, coverage (when measured), summary."""
    parts = [render(d, report.lines.get(d.path), paint=paint) + "\n" for d in report.findings]
    listing = "\n".join(_listing(report.cases, paint))
    if listing:
        parts.append(listing + "\n")
    parts.extend(_failure(case, report, paint) + "\n" for case in report.cases if _bad(case))
    if report.coverage is not None:
        parts.append(coverage_table(report.coverage, paint) + "\n")
    return "\n".join(parts) + summary(report)


def _bad(case: CaseResult) -> bool:
    return case.outcome in (Outcome.FAILED, Outcome.ERROR)


def _listing(cases: tuple[CaseResult, ...], paint: Paint) -> Iterator[str]:
    """Each case that ran (or was marked ``skip``) under its file, one line each."""
    path = None
    for case in cases:
        if case.outcome is Outcome.SKIPPED and case.message == DESELECTED:
            continue
        if case.path != path:
            path = case.path
            yield paint(printable_path(path), "bold")
        word = "FAILED" if case.outcome is Outcome.FAILED else case.outcome.value
        line = f"  {paint(f'{word:<7}', _OUTCOME_STYLES[case.outcome])} {visible_line(case.name)}"
        if case.outcome is Outcome.SKIPPED and case.message:
            line += f" ({visible_line(case.message)})"
        yield line


def _failure(case: CaseResult, report: FindingsReport, paint: Paint) -> str:
    """A failed case as its finding (the assertion quoted, underlined), then its details."""
    finding = case_finding(case)
    assert finding is not None
    # A case that could not run says why in one line: its cause, where it is written, is
    # one of the problems above.
    quoted = report.lines.get(case.path) if case.outcome is Outcome.FAILED else None
    lines = [render(finding, quoted, paint=paint)]
    lines.extend(f"    {visible_line(detail)}" for detail in case.details)
    return "\n".join(lines)


def coverage_table(coverage: Coverage, paint: Paint = plain) -> str:
    """``coverage: 14 of 20 clauses fired (70.0%)``, then each program's clauses with how
    often each fired."""
    head = (
        f"coverage: {coverage.covered} of {coverage.total} clause(s) fired "
        f"({coverage.percent:.1f}%)"
    )
    out = [paint(head, "bold")]
    program = None
    for path, label, count in coverage.fired:
        if path != program:
            program = path
            out.append(f"  {printable_path(path)}")
            out.append(paint("    fired  clause", "dim"))
        figure = f"{count:>9}"
        out.append(f"{paint(figure, 'red' if count == 0 else 'green')}  {visible_line(label)}")
    return "\n".join(out)


def summary(report: FindingsReport) -> str:
    """``5 test(s) in 2 file(s): 4 passed, 1 failed, 0 error(s), 2 skipped``."""
    counts = dict.fromkeys(Outcome, 0)
    for case in report.cases:
        counts[case.outcome] += 1
    ran = len(report.cases) - counts[Outcome.SKIPPED]
    files = "file" if report.checked == 1 else "files"
    text = (
        f"{ran} test(s) in {report.checked} {files}: {counts[Outcome.PASSED]} passed, "
        f"{counts[Outcome.FAILED]} failed, {counts[Outcome.ERROR]} error(s), "
        f"{counts[Outcome.SKIPPED]} skipped"
    )
    errors = report.counts()
    from stridelift.core.diagnostics import Severity

    if errors[Severity.ERROR]:
        text += f"; {errors[Severity.ERROR]} problem(s) in the files"
    return text
