"""What parsing a text gives: the document, its comments and its findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.language import ast
from stridelift.core.source import source_lines

#: How deeply brackets and ``not``/sign chains may nest before a text is refused (S005).
MAX_NESTING = 64


@dataclass(frozen=True, slots=True)
class Comment:
    """A ``#`` comment; ``trailing`` when code precedes it on the same line."""

    line: int
    column: int
    text: str
    trailing: bool


@dataclass(frozen=True, slots=True)
class ParseResult:
    path: str
    text: str | None
    document: ast.Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    comments: tuple[Comment, ...] = ()

    @property
    def lines(self) -> list[str] | None:
        """The text's lines as the lexer numbers them (split at ``\\n`` only)."""
        return None if self.text is None else source_lines(self.text)


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
