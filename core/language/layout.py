"""The formatter: one canonical layout for every stride file.

The output is rendered from the typed AST, never by editing the source text, so
two files that say the same thing format to the same text. Comments are not in
the AST: they are placed back by line number, using the spans of the nodes
around them (``Span.line`` and the ``end_line`` of the constructs that close
with ``}``):

* a full-line comment stays on its own line before the item it preceded,
  indented like that item;
* a trailing comment stays at the end of the line of the last item written on
  its source line (two spaces, then ``# ...``);
* comments before a closing ``}`` stay inside the block, at its inner
  indentation; comments at the end of the file stay at the end.

Every comment appears exactly once and in its original order. Formatting is
idempotent and preserves the AST: ``parse(format(x)).document ==
parse(x).document``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from stridelift.core.diagnostics import Diagnostic, Severity
from stridelift.core.language import ast
from stridelift.core.language.parse import Comment, ParseResult, parse_text
from stridelift.core.language.unparse import (
    format_assessment_head,
    format_assessment_test,
    format_clause,
    format_exercise,
    format_group_head,
    format_param,
    format_phase_head,
    format_scope_item,
    format_setting,
    format_statement,
    format_string,
)

__all__ = ["INDENT", "MAX_WIDTH", "FormatResult", "format_document", "format_text"]

INDENT = 2
"""Spaces per nesting level."""

MAX_WIDTH = 100
"""A block with a single exercise is written on one line only if it fits in this many columns."""

_END = 1 << 62  # a line number past the end of any file


@dataclass(frozen=True, slots=True)
class FormatResult:
    """The formatted text, or ``None`` when the file has errors (or its layout would not
    read back as the same program: S011); and the parse diagnostics."""

    output: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def format_text(text: str, path: str = "<text>") -> FormatResult:
    """Parse ``text`` and render it in the canonical layout. Never raises for bad input."""
    result = parse_text(text, path)
    diagnostics = list(result.diagnostics)
    if result.document is None or any(d.severity is Severity.ERROR for d in diagnostics):
        # A file with errors is not laid out: the layout would drop what the parser
        # could not place (a second load, say), and the error with it.
        return FormatResult(None, diagnostics)
    output = format_document(result.document, result.comments, source=text)
    if output != text:
        problem = _reads_back_differently(result, output, path)
        if problem is not None:
            return FormatResult(None, [*diagnostics, problem])
    return FormatResult(output, diagnostics)


def _reads_back_differently(before: ParseResult, output: str, path: str) -> Diagnostic | None:
    """The formatter's promise, checked on every file it changes: the new text
    parses to the same program, with the same comments and the same findings.
    A layout that breaks it is the formatter's bug; the file is left alone."""
    after = parse_text(output, path)

    def findings(result: ParseResult) -> list[tuple[str, str]]:
        return sorted((d.code, d.message) for d in result.diagnostics)

    same = (
        after.document == before.document
        and [c.text for c in after.comments] == [c.text for c in before.comments]
        and findings(after) == findings(before)
    )
    if same:
        return None
    return Diagnostic.make(
        path,
        None,
        "S011",
        "the canonical layout of this file would not read back as the same program, "
        "so the file is left as it is",
        "this is a bug in `stridelift fmt`; please report it with the file",
    )


def format_document(
    document: ast.Document, comments: Sequence[Comment], *, source: str | None = None
) -> str:
    """Render ``document`` with its ``comments`` in the canonical layout.

    ``source`` is the text the document was parsed from. It is optional and is
    only read to find the line of the few nodes the parser leaves without a
    position (``deload none``, ``otherwise: hold``); without it their line is
    inferred from their neighbours and the comments.
    """
    writer = _Writer(comments, source)
    writer.document(document)
    lines = writer.out
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


# ---------------------------------------------------------------- values


# ---------------------------------------------------------------- layout and comments

# Nodes the parser may leave without a position, and how to find them in the source.
_UNPLACED: tuple[tuple[type[Any], re.Pattern[str]], ...] = (
    (ast.Deload, re.compile(r"\bdeload\s+none\b")),
    (ast.Clause, re.compile(r"\botherwise\b")),
)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _code_only(line: str) -> str:
    """A source line with strings blanked and its comment removed, columns kept."""
    line = _STRING.sub(lambda m: '"' + " " * (len(m.group()) - 2) + '"', line)
    hash_at = line.find("#")
    return line if hash_at < 0 else line[:hash_at]


class _Writer:
    """Emits output lines and places the comments among them by source line.

    Comments are consumed in source order. A full-line comment is written when
    the writer reaches the first thing after it; a trailing comment is attached
    to the last code line that covers its source line, which is known only once
    the writer moves past that line.
    """

    def __init__(self, comments: Sequence[Comment], source: str | None):
        ordered = sorted(comments, key=lambda c: (c.line, c.column))
        self.pending: deque[Comment] = deque(ordered)
        self.comment_lines = sorted({c.line for c in ordered})
        self.comment_line_set = set(self.comment_lines)
        self.trailing_lines = sorted({c.line for c in ordered if c.trailing})
        self.source_lines = source.split("\n") if source is not None else None
        self.used_matches: set[tuple[int, int]] = set()
        self.out: list[str] = []
        self.last_code = -1
        self.last_range = (0, -1)
        self.has_trailing: set[int] = set()

    # -------------------------------------------------------- emission

    def flush(self, before: int, indent: int) -> None:
        """Write every comment on a source line before ``before``."""
        pending = self.pending
        while pending and pending[0].line < before:
            comment = pending.popleft()
            low, high = self.last_range
            if (
                comment.trailing
                and low <= comment.line <= high
                and self.last_code not in self.has_trailing
            ):
                self.out[self.last_code] += "  " + comment.text
                self.has_trailing.add(self.last_code)
            else:
                self.out.append(" " * indent + comment.text)

    def emit(self, text: str, indent: int, first: int, last: int | None = None) -> None:
        """Write a code line standing for source lines ``first`` to ``last``."""
        self.flush(first, indent)
        self.out.append(" " * indent + text)
        self.last_code = len(self.out) - 1
        self.last_range = (first, first if last is None else max(first, last))

    def has_comment(self, low: int, high: int) -> bool:
        """Whether a comment sits on a source line from ``low`` to ``high``."""
        at = bisect_left(self.comment_lines, low)
        return at < len(self.comment_lines) and self.comment_lines[at] <= high

    # -------------------------------------------------------- where things are

    def extents(
        self, items: Sequence[Any], open_line: int, close_line: int
    ) -> list[tuple[int, int]]:
        """(first line, last line) of each item; inferred for items without a position."""
        found: list[tuple[int, int]] = []
        prev = open_line
        for index, item in enumerate(items):
            span: ast.Span = item.span
            if span.line > 0:
                end = getattr(item, "end_line", 0) or span.end_line
                first, last = span.line, max(span.line, end)
            else:
                upto = close_line
                for later in items[index + 1 :]:
                    if later.span.line > 0:
                        upto = later.span.line
                        break
                first = self._infer(item, prev, max(prev, upto))
                last = first
            found.append((first, last))
            prev = max(prev, last)
        return found

    def _infer(self, item: Any, low: int, high: int) -> int:
        """The source line of an item without a position, between lines ``low`` and ``high``."""
        if self.source_lines is not None:
            for kind, pattern in _UNPLACED:
                if not isinstance(item, kind):
                    continue
                for line in range(max(low, 1), min(high, len(self.source_lines)) + 1):
                    code = _code_only(self.source_lines[line - 1])
                    for match in pattern.finditer(code):
                        key = (line, match.start())
                        if key not in self.used_matches:
                            self.used_matches.add(key)
                            return line
        # No source: a trailing comment in between must sit on this item's line;
        # else the line right under a comment (comments describe what follows);
        # else the first line that holds no comment.
        lines = self.comment_lines
        at = bisect_left(self.trailing_lines, low + 1)
        if at < len(self.trailing_lines) and self.trailing_lines[at] < high:
            return self.trailing_lines[at]
        for line in lines[bisect_left(lines, low + 1) :]:
            if line + 1 >= high:
                break
            if line + 1 not in self.comment_line_set:
                return line + 1
        line = low + 1
        while line < high and line in self.comment_line_set:
            line += 1
        if line < high:
            return line
        return high if high > low else low  # shares a line with a neighbour: `otherwise: hold }`

    # -------------------------------------------------------- structure

    def sequence(
        self,
        items: Sequence[Any],
        indent: int,
        open_line: int,
        close_line: int,
        render: Callable[[Any, int, int, int], None],
        *,
        blanks: bool = False,
    ) -> None:
        """Write ``items`` one per line; with ``blanks``, keep single blank lines between them."""
        start = len(self.out)
        prev_end = open_line
        for item, (first, last) in zip(
            items, self.extents(items, open_line, close_line), strict=True
        ):
            if blanks:
                self._blank_line(prev_end, first, indent, start, closing=False)
            render(item, indent, first, last)
            prev_end = max(prev_end, last)
        if blanks:
            self._blank_line(prev_end, close_line, indent, start, closing=True)
        self.flush(close_line, indent)

    def _blank_line(
        self, prev_end: int, next_start: int, indent: int, start: int, *, closing: bool
    ) -> None:
        """One blank line where the source gap between two things has its first blank line.

        Only blank lines that follow something written in this sequence (an item
        or a comment) count: there is never a blank line right after ``{`` or at
        the start of the file, nor right before ``}`` or at the end of the file.
        """
        if closing:
            # A blank line there must be followed by a comment inside the gap.
            at = bisect_left(self.comment_lines, next_start) - 1
            next_start = self.comment_lines[at] if at >= 0 else 0
        blank = prev_end + 1
        if len(self.out) == start:  # nothing written yet: look after the first comment
            at = bisect_left(self.comment_lines, blank)
            if at == len(self.comment_lines):
                return
            blank = self.comment_lines[at]
        while blank < next_start and blank in self.comment_line_set:
            blank += 1
        if blank >= next_start:
            return
        self.flush(blank, indent)
        if len(self.out) > start and self.out[-1]:
            self.out.append("")

    def block(
        self,
        head: str,
        items: Sequence[Any],
        indent: int,
        first: int,
        close_line: int,
        render: Callable[[Any, int, int, int], None],
        *,
        blanks: bool = False,
    ) -> None:
        if not items and not (first < close_line and self.has_comment(first, close_line - 1)):
            self.emit(head + " {}", indent, first, close_line)
            return
        self.emit(head + " {", indent, first)
        self.sequence(items, indent + INDENT, first, close_line, render, blanks=blanks)
        self.emit("}", indent, close_line)

    def document(self, document: ast.Document) -> None:
        self.sequence(document.items, 0, 0, _END, self.item, blanks=True)

    def item(self, node: Any, indent: int, first: int, last: int) -> None:
        statement = format_statement(node)
        if statement is not None:
            self.emit(statement, indent, first)
        elif isinstance(node, ast.Program):
            head = f"program {format_string(node.title)}"
            self.block(head, node.body, indent, first, last, self.item, blanks=True)
        elif isinstance(node, ast.PolicyBlock):
            self.block("policy", node.settings, indent, first, last, self.setting)
        elif isinstance(node, ast.Assessment):
            head = format_assessment_head(node)
            self.block(head, node.tests, indent, first, last, self.assessment_test)
        elif isinstance(node, ast.Session):
            head = f"session {node.name}"
            if node.title is not None:
                head += f" {format_string(node.title)}"
            self.block(head, node.phases, indent, first, last, self.phase)
        elif isinstance(node, ast.ProgressionDef):
            head = f"progression {node.name}"
            if node.params:
                head += "(" + ", ".join(format_param(p) for p in node.params) + ")"
            self.block(head, node.clauses, indent, first, last, self.clause)
        elif isinstance(node, ast.Rule):
            head = f"rule {format_string(node.title)}"
            if node.scope:
                head += " in " + ", ".join(format_scope_item(s) for s in node.scope)
            self.block(head, node.clauses, indent, first, last, self.clause)
        else:  # pragma: no cover - every program item is handled above
            raise TypeError(f"cannot format {node!r}")

    def setting(
        self, node: ast.PolicySetting | ast.LintLine, indent: int, first: int, last: int
    ) -> None:
        self.emit(format_setting(node), indent, first)

    def assessment_test(self, node: ast.AssessmentTest, indent: int, first: int, last: int) -> None:
        self.emit(format_assessment_test(node), indent, first)

    def clause(self, node: ast.Clause, indent: int, first: int, last: int) -> None:
        self.emit(format_clause(node), indent, first)

    def phase(self, node: ast.Phase, indent: int, first: int, last: int) -> None:
        head = format_phase_head(node)
        entries = node.entries
        if not node.block and len(entries) == 1:
            entry = entries[0]
            if isinstance(entry, ast.ExerciseLine):
                self.emit(f"{head} {format_exercise(entry)}", indent, first)
            else:
                self.group(entry, indent, first, last, prefix=head + " ")
            return
        if len(entries) == 1 and isinstance(entries[0], ast.ExerciseLine):
            text = f"{head} {{ {format_exercise(entries[0])} }}"
            inside = first < last and self.has_comment(first, last - 1)
            if not inside and indent + len(text) <= MAX_WIDTH:
                self.emit(text, indent, first, last)
                return
        self.block(head, entries, indent, first, last, self.entry)

    def entry(self, node: ast.Entry, indent: int, first: int, last: int) -> None:
        if isinstance(node, ast.Group):
            self.group(node, indent, first, last)
        else:
            self.emit(format_exercise(node), indent, first)

    def group(self, node: ast.Group, indent: int, first: int, last: int, prefix: str = "") -> None:
        close = node.end_line or last
        head = prefix + format_group_head(node)
        self.block(head, node.exercises, indent, first, close, self.entry)
