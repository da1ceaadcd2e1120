"""Test cases as the one finding type: a failed case is a T001 at its failing assertion,
a case that could not run a T002 at its test, so a format that shows findings
(text, annotations) shows them the same way."""

from __future__ import annotations

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.testing.results import CaseResult, Outcome

#: Why a case a name filter left out is skipped.
DESELECTED = "deselected by -k/--select"


def case_finding(case: CaseResult) -> Diagnostic | None:
    """The finding of a case that failed (T001) or could not run (T002); None for the
    others."""
    if case.outcome is Outcome.FAILED:
        code = "T001"
    elif case.outcome is Outcome.ERROR:
        code = "T002"
    else:
        return None
    return Diagnostic.make(case.path, case.span, code, f'test "{case.name}": {case.message}')
