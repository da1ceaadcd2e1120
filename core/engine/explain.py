"""What the engine says: explained changes and warnings, and how values read.

Explanations are formatted only when read (:class:`Lazy`): a roster
evaluation explains thousands of changes nobody prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from stridelift.core.diagnostics import Diagnostic, Severity
from stridelift.core.engine.codegen import Percent
from stridelift.core.language.unparse import format_number
from stridelift.core.source import Span


class Lazy:
    """Text formatted only when read: a roster evaluation explains thousands of changes
    that nobody prints."""

    __slots__ = ("args", "fn")

    def __init__(self, fn: Callable[..., str], *args: Any) -> None:
        self.fn = fn
        self.args = args

    def __str__(self) -> str:
        return self.fn(*self.args)


Text = str | Lazy


class Change:
    """One explained change to a prescription."""

    __slots__ = ("_after", "_before", "_reason", "clause", "field", "kind", "source")

    def __init__(
        self,
        field: str,
        before: Text,
        after: Text,
        source: str,
        reason: Text,
        kind: str = "progression",
        clause: int | None = None,
    ) -> None:
        self.field = field
        self._before = before
        self._after = after
        self.source = source
        self._reason = reason
        self.kind = kind
        self.clause = clause

    @property
    def before(self) -> str:
        return str(self._before)

    @property
    def after(self) -> str:
        return str(self._after)

    @property
    def reason(self) -> str:
        return str(self._reason)

    def text(self) -> str:
        where = self.source if self.clause is None else f"{self.source} clause {self.clause}"
        head = f"{self.field} {self.before} -> {self.after}" if self.field else "held"
        reason = self.reason
        return f"{head}: {where}: {reason}" if reason else f"{head}: {where}"

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field or None,
            "before": self.before or None,
            "after": self.after or None,
            "kind": self.kind,
            "source": self.source,
            "clause": self.clause,
            "reason": self.reason,
            "text": self.text(),
        }

    def __repr__(self) -> str:
        return f"Change({self.text()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Change) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """Something a coach should know about a week's plan."""

    code: str
    message: str
    session: str | None = None
    #: The severity a lint setting gave the rule (``None``: the code's own).
    severity: Severity | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "session": self.session}

    def to_diagnostic(self, path: str, span: Span | None = None) -> Diagnostic:
        """The warning as the one finding type, placed at ``span`` (its session's, say)."""
        return Diagnostic.make(path, span, self.code, self.message, severity=self.severity)


def fmt_load(value: float | None, units: str) -> str:
    return "-" if value is None else f"{format_number(round(value, 2))}{units}"


def fmt_amount(value: float | None, measure: str) -> str:
    if value is None:
        return "amrap"
    if measure == "seconds":
        return f"{format_number(value)}s"
    if measure == "distance":
        return f"{format_number(value)}m"
    return format_number(value)


def fmt_tempo(tempo: Sequence[str] | None) -> str:
    return "-".join(tempo) if tempo else "-"


def fmt_effort(effort: tuple[str, float] | None) -> str:
    return "-" if effort is None else f"{effort[0]} {format_number(effort[1])}"


def quoted(value: object) -> str:
    """A metric's or an argument's value as an explanation shows it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not logged"
    shown = getattr(value, "shown", None)
    if shown is not None:  # an assessment result, in the unit the test is taken in
        return str(shown)
    if isinstance(value, Percent):
        return f"{format_number(round(float(value), 2))}%"
    if isinstance(value, float | int):
        return format_number(round(float(value), 2))
    return str(value)


def join(first: Text, then: str) -> str:
    return f"{first}; {then}"
