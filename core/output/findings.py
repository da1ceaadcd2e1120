"""A batch of findings, as every output format receives it.

A :class:`FindingsReport` holds what one run found: the files it read, every
:class:`~stridelift.core.diagnostics.Diagnostic` (syntax errors, check
findings, plan warnings, log problems, plugin problems alike) and the source
lines to quote. Each output format is one emitter module that renders it
(:mod:`.emitters` finds one by the name the command line offers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from stridelift.core.diagnostics import Diagnostic, Severity, count_by_severity
from stridelift.core.testing.results import CaseResult, Coverage, Outcome

#: Bumped only when a field of the JSON output changes meaning or disappears.
FORMAT_VERSION = 1


def in_a_file(path: str) -> bool:
    """Whether a finding's path names a file: not a plugin's ``<plugin NAME>`` (a
    problem of the installation, which no line of the repository holds) nor the
    command line's option (``--athlete NAME``, a model that failed in ``simulate``)."""
    return not (path.startswith("<") and path.endswith(">")) and not path.startswith("--")


@dataclass(frozen=True, slots=True)
class FindingsReport:
    """What a run found, sorted, with the source lines each finding points into."""

    files: tuple[str, ...]
    findings: tuple[Diagnostic, ...]
    lines: Mapping[str, Sequence[str] | None] = field(default_factory=dict, compare=False)
    checked: int = 0  # files named or found, includes not counted
    #: Plugins that failed to load, as ``docs/diagnostics.md`` describes them in JSON.
    plugin_errors: tuple[Mapping[str, str], ...] = ()
    #: Test cases run (``stridelift test``; empty for the other commands).
    cases: tuple[CaseResult, ...] = ()
    #: Which clauses the tests fired (``stridelift test --coverage``), if measured.
    coverage: Coverage | None = None
    #: The command that made the report (``check``, ``fmt``, ``test``, ``plan``, ...): the
    #: JUnit suite's name.
    command: str = "check"
    #: Where the same run wrote the whole report as SARIF (``--sarif-file``), for formats
    #: that show only part of it (GitHub's annotations) to point to.
    full_report: str | None = None
    #: Findings a waiver in the program excused (``# stride: ignore[CODE] reason``): counted,
    #: not listed.
    waived: int = 0

    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)

    @property
    def has_tests(self) -> bool:
        """The run ran program tests (``stridelift test``), even if none was found."""
        return bool(self.cases) or self.coverage is not None or self.command == "test"

    def outcomes(self) -> dict[Outcome, int]:
        """How many cases ended each way, every outcome present (zero included)."""
        counts = dict.fromkeys(Outcome, 0)
        for case in self.cases:
            counts[case.outcome] += 1
        return counts

    def failing(self, threshold: Severity) -> bool:
        """True when a finding is at least as severe as ``threshold``."""
        return any(d.severity >= threshold for d in self.findings) or any(
            case.outcome in (Outcome.FAILED, Outcome.ERROR) for case in self.cases
        )
