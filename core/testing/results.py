"""What a run of program tests produced, as every output format receives it.

A :class:`CaseResult` is one test case (one ``test`` of a test file, or one row of
a data-driven test): where it is written, how it ended, and for a failure what
was expected, what the engine gave, and the explanation trace behind it. The
emitters of :mod:`stridelift.core.output` render these beside the findings of
the same run (JUnit ``<testcase>``, SARIF results, GitHub annotations).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from stridelift.core.source import Span


class Outcome(enum.Enum):
    """How a test case ended. ``ERROR``: it could not run (a program with errors, a log
    that cannot be read); ``SKIPPED``: filtered out or marked skip."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One test case's outcome."""

    #: The test file, as shown (relative to the current folder when inside it).
    path: str
    #: The test's name; a data-driven row adds its parameters: ``week 3 load [athlete=tired]``.
    name: str
    outcome: Outcome
    #: Where the test (or its failing assertion) is written.
    span: Span | None = None
    #: One line: why it failed or could not run (empty when it passed).
    message: str = ""
    #: For a failure, the lines a coach reads under the message: the expected and the
    #: actual values and the explanation trace of the changes behind them.
    details: Sequence[str] = ()
    #: Wall time of the case, in seconds.
    seconds: float = 0.0
    #: The program the case evaluated (for reports that group cases by program).
    program: str | None = None


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which progression clauses and rule clauses fired during a run of tests."""

    #: Every clause that could fire, as ``(program path, label)``, with how often it fired.
    fired: Sequence[tuple[str, str, int]] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return len(self.fired)

    @property
    def covered(self) -> int:
        return sum(1 for *_, count in self.fired if count > 0)

    @property
    def percent(self) -> float:
        return 100.0 if not self.fired else 100.0 * self.covered / self.total
