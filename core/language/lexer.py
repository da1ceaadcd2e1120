"""The parse driver: a contextual tokenizer running the grammar's LALR tables.

Lark compiles ``grammar/stride.lark`` into LALR tables
(:func:`stridelift.grammar.load_tables`); this module runs them. One master
regular expression finds the next lexeme and the parser's current state says
which terminal it is, exactly as Lark's contextual lexer decides (a keyword is
a keyword only where the grammar accepts it, so ``main`` can be a phase here
and a name there). Each reduction applies Lark's tree-building rules and calls
the AST builder directly, so no parse tree is built.

Running the tables ourselves keeps Lark out of a normal run's imports and
roughly doubles throughput. ``tests/test_lexer.py`` parses every shipped
program and a generated corpus both ways, with Lark's own parser and with this
one, and requires the same AST.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from stridelift.core.values import record

# Leading blanks are part of the match, so one regex call finds the next lexeme.
_MASTER = re.compile(
    r"""[ \t\f]*(?:
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


@record
class RawComment:
    line: int
    column: int
    text: str
    trailing: bool


class Token(str):
    """A lexeme with its terminal name and position (the attributes Lark's tokens have)."""

    __slots__ = ("column", "end_column", "end_line", "end_pos", "line", "start_pos", "type")

    type: str
    start_pos: int
    line: int
    column: int
    end_line: int
    end_column: int
    end_pos: int

    @property
    def value(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {str(self)!r})"


class ParseError(Exception):
    """The text does not follow the grammar at ``pos`` (0-based offset)."""

    def __init__(self, pos: int, expected: set[str]):
        super().__init__(pos)
        self.pos = pos
        self.expected = expected


class UnexpectedToken(ParseError):
    def __init__(self, token: Token, expected: set[str]):
        super().__init__(token.start_pos, expected)
        self.token = token


class UnexpectedCharacter(ParseError):
    def __init__(self, text: str, pos: int, expected: set[str]):
        super().__init__(pos, expected)
        self.char = text[pos]


class _Inline:
    """The children of an inlined rule (``_rule`` or a repetition), spliced into its parent."""

    __slots__ = ("children",)

    def __init__(self, children: list[Any]):
        self.children = children


class Tree:
    """A rule the AST builder has no method for (none in stride; kept for robustness)."""

    __slots__ = ("children", "data")

    def __init__(self, data: str, children: list[Any]):
        self.data, self.children = data, children


class Tokenizer:
    """Tokenizes one text and runs the LALR tables over it, in one loop.

    Besides picking each token's terminal from the parser state, the loop
    skips building token objects for punctuation and keywords the AST never
    sees, and looks actions up in plain dictionaries.
    """

    def __init__(self, tables: dict[str, Any], builder: Any):
        self._start = tables["start"]
        self._end = tables["end"]
        self._callbacks = [reduction_callback(recipe, builder) for recipe in tables["rules"]]
        # actions[state][terminal]: an int is a shift to that state; a tuple is a
        # reduction (number of children, rule index, the rule's nonterminal).
        self._actions: dict[int, dict[str, Any]] = tables["actions"]
        self._goto: dict[int, dict[str, int]] = tables["goto"]
        self._kept: frozenset[str] = tables["kept"]
        terminals = [t for t in tables["terminals"] if t[0] not in ("COMMENT", "_NL")]
        # Only the dozen pattern terminals need compiling; literals are looked up.
        self._patterns = sorted(
            (
                (name, re.compile(regexp), priority)
                for name, regexp, is_str, priority, _ in terminals
                if not is_str
            ),
            key=lambda t: -t[2],
        )
        self.literals: dict[str, str] = {
            name: literal for name, _, is_str, _, literal in tables["terminals"] if is_str
        }
        self._by_literal: dict[str, tuple[str, ...]] = {}
        for name, literal in self.literals.items():
            self._by_literal[literal] = (*self._by_literal.get(literal, ()), name)
        by_literal = {literal: name for name, literal in self.literals.items()}
        contextual = tuple((by_literal.get(key, key), pattern) for key, pattern in _CONTEXTUAL)
        self._contextual = contextual
        # Per state, filled in as states are met: the contextual patterns that
        # apply (almost always none), and the terminal each lexeme is there.
        self._contextual_by_state: dict[int, tuple[tuple[str, re.Pattern[str]], ...]] = {}
        self._kinds: dict[int, dict[str, str]] = {}
        self._by_text: dict[str, tuple[str, ...]] = {}

    def _candidates(self, text: str) -> tuple[str, ...]:
        """Terminal names that match ``text`` entirely: literals first, then by priority."""
        found = self._by_text.get(text)
        if found is None:
            patterns = tuple(name for name, regex, _ in self._patterns if regex.fullmatch(text))
            found = self._by_text[text] = self._by_literal.get(text, ()) + patterns
        return found

    def _enter(self, state: int) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """Learn what a state needs the first time the parser is in it."""
        accepts = self._actions[state]
        found = tuple((n, pat) for n, pat in self._contextual if n in accepts)
        self._contextual_by_state[state] = found
        self._kinds[state] = {}
        return found

    def _kind(self, state: int, value: str) -> str:
        options = self._candidates(value)
        accepts = self._actions[state]
        kind = options[0] if options else "NAME"
        for option in options:
            if option in accepts:
                kind = option
                break
        self._kinds[state][value] = kind
        return kind

    def expected(self, state: int) -> set[str]:
        return {t for t in self._actions[state] if t.isupper()}

    def parse(self, text: str, on_comment: Callable[[RawComment], None]) -> Any:
        """Parse ``text``; raises :class:`ParseError` where it leaves the grammar."""
        actions, goto, kinds = self._actions, self._goto, self._kinds
        callbacks = self._callbacks
        contextual_by_state = self._contextual_by_state
        enter = self._enter
        kept, end_state = self._kept, self._end
        match = _MASTER.match
        space = _SPACE.match
        new = _new_str
        stack: list[int] = [self._start]
        values: list[Any] = []
        pos, n = 0, len(text)
        line, line_start = 1, 0
        last_line = 0  # line of the last real token, to tell trailing comments apart

        while True:
            state = stack[-1]
            kind: str | None = None
            value = ""
            contextual = contextual_by_state.get(state)
            if contextual is None:
                contextual = enter(state)
            if contextual:
                pos = space(text, pos).end()  # type: ignore[union-attr]
                for name, pattern in contextual:
                    m = pattern.match(text, pos)
                    if m is not None:
                        kind, value = name, m.group()
                        break
            if kind is None:
                m = match(text, pos)
                if m is None:
                    pos = space(text, pos).end()  # type: ignore[union-attr]
                    if pos < n:
                        raise UnexpectedCharacter(text, pos, self.expected(state))
                    kind = "$END"
                else:
                    group = m.lastgroup
                    pos = m.start(group)  # type: ignore[arg-type]
                    value = m.group(group)  # type: ignore[arg-type]
                    if group == "nl":
                        kind = "_NL"
                    elif group == "comment":
                        on_comment(
                            RawComment(
                                line, pos - line_start + 1, value.rstrip(), last_line == line
                            )
                        )
                        pos += len(value)
                        continue
                    elif group == "string":
                        kind = "STRING"
                    else:
                        kind = kinds[state].get(value) or self._kind(state, value)
            column = pos - line_start + 1
            token: Token | None = None
            if kind in kept or kind == "$END":
                token = new(Token, value)
                token.type = kind
                token.start_pos = pos
                token.line = token.end_line = line
                token.column = column
                token.end_column = column + len(value)
                token.end_pos = pos + len(value)
            # Shift the token, after as many reductions as it triggers.
            while True:
                action = actions[stack[-1]].get(kind)
                if action is None:
                    if token is None:
                        token = new(Token, value)
                        token.type, token.start_pos = kind, pos
                        token.line = token.end_line = line
                        token.column, token.end_column = column, column + len(value)
                        token.end_pos = pos + len(value)
                    raise UnexpectedToken(token, self.expected(stack[-1]))
                if action.__class__ is int:
                    stack.append(action)
                    values.append(token)
                    break
                size, rule, origin = action
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del stack[-size:]
                else:
                    children = []
                values.append(callbacks[rule](children))
                stack.append(goto[stack[-1]][origin])
                if kind == "$END" and stack[-1] == end_state:
                    return values[-1]
            if kind == "_NL":
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
                newline = value.rfind("\n")
                if newline >= 0:  # a `;` alone keeps the line
                    line += value.count("\n")
                    line_start = pos + newline + 1
            else:
                last_line = line
            pos += len(value)


_new_str = str.__new__


def reduction_callback(recipe: tuple[Any, ...], builder: Any) -> Callable[[list[Any]], Any]:
    """The function that turns one rule's children into its value (see ``compile_tables``)."""
    name, include, trailing, expand1, plain = recipe
    user = getattr(builder, name, None)
    if user is None:
        user = _Inline if name.startswith("_") else (lambda children: Tree(name, children))
    if plain:
        if not expand1:
            return user

        def single(children: list[Any]) -> Any:
            return children[0] if len(children) == 1 else user(children)

        return single

    first_index, first_expand, first_before = include[0] if include else (0, False, 1)
    # Left recursion (`items: items _NL item`): grow the inner list in place
    # instead of copying it at every item, as Lark's LALR child filter does.
    grow = first_expand and not first_before
    rest = include[1:] if grow else include

    def filtered(children: list[Any]) -> Any:
        kept: list[Any] = children[first_index].children if grow else []
        for index, expand, before in rest:
            if before:
                kept.extend([None] * before)
            if expand:
                kept.extend(children[index].children)
            else:
                kept.append(children[index])
        if trailing:
            kept.extend([None] * trailing)
        if expand1 and len(kept) == 1:
            return kept[0]
        return user(kept)

    return filtered
