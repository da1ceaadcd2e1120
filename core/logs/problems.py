"""What reading a log found wrong: each problem with its file, line, field and hint."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.logs.records import Log
from stridelift.core.source import Span


@dataclass(frozen=True, slots=True)
class LogProblem:
    """One thing wrong with a log: where (line 0 for the whole file; a column where
    the line is not JSON), which field (``$`` for the whole record), and why."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    column: int = 0
    #: The stable code in the one table of codes (``L001``-``L011``, docs/diagnostics.md).
    code: str = "L005"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.line and self.column:
            where += f":{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }

    def to_diagnostic(self) -> Diagnostic:
        """The problem as the one finding type every output format renders."""
        span = None
        if self.line:
            # Without a column the problem is the whole record: underline its line.
            whole = Span(self.line, 1, self.line + 1, 1)
            span = Span.point(self.line, self.column) if self.column else whole
        message = f"{self.field}: {self.message}" if self.field else self.message
        return Diagnostic.make(self.path, span, self.code, message, self.hint or None)


@dataclass(frozen=True, slots=True)
class LogReading:
    """What reading a log found: the valid records, and every problem."""

    log: Log
    problems: tuple[LogProblem, ...]
    skipped: tuple[int, ...]
    fatal: bool
    #: The text of each line with a problem (to quote it), by line number.
    quoted: Mapping[int, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when the log has no problem at all."""
        return not self.problems

    def lines(self) -> Sequence[str]:
        """The log's lines as the renderer quotes them: the problems' lines, the others
        empty (only the problems' lines are kept, not the whole log)."""
        return QuotedLines(self.quoted)


class QuotedLines(Sequence[str]):
    """A file's lines of which only some are known; the others read as empty."""

    def __init__(self, known: Mapping[int, str]) -> None:
        self.known = known
        self.length = max(known, default=0)

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        return self.known.get(index + 1, "")
