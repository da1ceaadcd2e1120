"""A fast contextual tokenizer that drives Lark's LALR tables.

Lark compiles ``grammar/stride.lark`` into LALR tables and the callbacks that
build the AST; this module only replaces Lark's general-purpose lexer loop,
which spent more than half of the parse time skipping whitespace token by
token. One master regular expression finds the next lexeme; the parser's
current state says which terminal it is, exactly as Lark's contextual lexer
decides (a keyword is a keyword only where the grammar accepts it, so
``main`` can be a phase here and a name there).

``tests/test_lexer.py`` parses every shipped program and a generated corpus
both ways, with Lark's own contextual lexer and with this one, and requires
the same AST.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Lark

_MASTER = re.compile(
    r"""(?:
      (?P<nl>(?:(?:\r?\n|;)[ \t\f]*(?:\#[^\n]*)?)+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>"(?:[^"\\\n]|\\.)*")
    | (?P<num>[0-9]+(?:\.[0-9]+)?(?:%|(?:kg|lb|min|km|mi|s|h|m)(?![A-Za-z0-9_]))?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>==|!=|<=|>=|\.\.|[-+*]?=|[<>{}(),:;@+\-*/])
    )""",
    re.VERBOSE,
)
_SPACE = re.compile(r"[ \t\f]*")
_COMMENT_IN_NL = re.compile(r"#[^\n]*")

# Terminals whose text depends on what the parser accepts at this point: tried
# before the master expression, and only where the grammar allows them.
_CONTEXTUAL: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("TEMPO", re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+")),
    ("PER_SIDE", re.compile(r"per[ \t]+side(?![A-Za-z0-9_])")),
    ("1rm", re.compile(r"1rm(?![A-Za-z0-9_])")),
    ("x", re.compile(r"x(?![A-Za-z_])")),
)


@dataclass(frozen=True, slots=True)
class RawComment:
    line: int
    column: int
    text: str
    trailing: bool


class Tokenizer:
    """Feeds tokens of one text into a Lark LALR parser state."""

    def __init__(self, lark: Lark):
        from lark import Token
        from lark.parsers.lalr_parser_state import ParseConf

        self._token = Token
        frontend: Any = lark.parser
        inner = frontend.parser.parser
        self._conf = ParseConf(inner.parse_table, inner.callbacks, "start")
        self._states: dict[Any, dict[str, Any]] = inner.parse_table.states
        self._terminals = [
            (t, re.compile(t.pattern.to_regexp()))
            for t in lark.terminals
            if t.name not in ("COMMENT", "_NL")
        ]
        self._by_text: dict[str, tuple[str, ...]] = {}
        literal = {t.pattern.value: t.name for t in lark.terminals if t.pattern.type == "str"}
        # Contextual patterns keyed by the terminal name the parse table uses.
        self._contextual = tuple((literal.get(key, key), pattern) for key, pattern in _CONTEXTUAL)

    def _candidates(self, text: str) -> tuple[str, ...]:
        """Terminal names that match ``text`` entirely: literals first, then by priority."""
        found = self._by_text.get(text)
        if found is None:
            matching = [t for t, regex in self._terminals if regex.fullmatch(text) is not None]
            matching.sort(key=lambda t: (t.pattern.type != "str", -t.priority))
            found = self._by_text[text] = tuple(t.name for t in matching)
        return found

    def parse(self, text: str, on_comment: Callable[[RawComment], None]) -> Any:
        """Parse ``text``; raises Lark's ``UnexpectedToken``/``UnexpectedCharacters``."""
        from lark.exceptions import UnexpectedCharacters
        from lark.parsers.lalr_parser_state import ParserState

        Token = self._token
        state = ParserState(self._conf, None)  # type: ignore[arg-type]
        stack = state.state_stack
        states = self._states
        feed = state.feed_token
        candidates = self._candidates
        contextual = self._contextual
        match = _MASTER.match
        pos, n = 0, len(text)
        line, line_start = 1, 0
        last_line = 0  # line of the last real token, to tell trailing comments apart
        while True:
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= n:
                break
            accepts = states[stack[-1]]
            kind: str | None = None
            value = ""
            for name, pattern in contextual:
                if name in accepts:
                    m = pattern.match(text, pos)
                    if m is not None:
                        kind, value = name, m.group()
                        break
            if kind is None:
                m = match(text, pos)
                if m is None or m.end() == pos:
                    raise UnexpectedCharacters(  # type: ignore[no-untyped-call]
                        text,
                        pos,
                        line,
                        pos - line_start + 1,
                        allowed={t for t in accepts if t.isupper()},
                    )
                group = m.lastgroup
                value = m.group(group)  # type: ignore[arg-type]
                pos = m.start(group)  # type: ignore[arg-type]
                if group == "nl":
                    column = pos - line_start + 1
                    feed(Token("_NL", value, pos, line, column, line, column + 1, pos + len(value)))
                    if "#" in value:
                        for c in _COMMENT_IN_NL.finditer(value):
                            at = pos + c.start()
                            newlines = value.count("\n", 0, c.start())
                            start = text.rfind("\n", 0, at) + 1
                            on_comment(
                                RawComment(
                                    line + newlines,
                                    at - start + 1,
                                    c.group().rstrip(),
                                    newlines == 0 and last_line == line,
                                )
                            )
                    line += value.count("\n")
                    line_start = pos + value.rfind("\n") + 1
                    pos += len(value)
                    continue
                if group == "comment":
                    on_comment(
                        RawComment(line, pos - line_start + 1, value.rstrip(), last_line == line)
                    )
                    pos += len(value)
                    continue
                if group == "string":
                    kind = "STRING"
                else:
                    options = candidates(value)
                    kind = options[0] if options else "NAME"
                    for option in options:
                        if option in accepts:
                            kind = option
                            break
            column = pos - line_start + 1
            end = pos + len(value)
            feed(Token(kind or "NAME", value, pos, line, column, line, column + len(value), end))
            last_line = line
            pos = end
        column = pos - line_start + 1
        return feed(Token("$END", "", pos, line, column, line, column, pos), True)
