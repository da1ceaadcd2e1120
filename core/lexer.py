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
    """Tokenizes one text and runs Lark's LALR tables over it, in one loop.

    The tables, the rules and the callbacks that build the AST are Lark's; the
    loop is ours so that it can (1) pick each token's terminal from the
    current parser state, as Lark's contextual lexer does, (2) skip building
    token objects for punctuation and keywords the AST never sees, and (3)
    look actions up in plain dictionaries instead of hashing Rule objects.
    """

    def __init__(self, lark: Lark, transformer: Any):
        from lark import Token
        from lark.parsers.lalr_analysis import Shift

        self._token = Token
        frontend: Any = lark.parser
        table = frontend.parser.parser.parse_table
        callbacks = reduction_callbacks(lark, transformer)
        self._start = table.start_states["start"]
        self._end = table.end_states["start"]
        # actions[state][terminal]: an int is a shift to that state; a tuple is a
        # reduction (number of children, callback, the rule's nonterminal).
        self._actions: dict[Any, dict[str, Any]] = {}
        self._goto: dict[Any, dict[str, Any]] = {}
        for state, row in table.states.items():
            actions: dict[str, Any] = {}
            goto: dict[str, Any] = {}
            for symbol, (action, arg) in row.items():
                if action is Shift:
                    (
                        actions
                        if symbol.isupper() or symbol.startswith("_") and symbol[1:2].isupper()
                        else goto
                    )[symbol] = arg
                else:
                    actions[symbol] = (len(arg.expansion), callbacks[arg], arg.origin.name)
            self._actions[state] = actions
            self._goto[state] = goto
        kept: set[str] = set()
        for rule in lark.rules:
            for symbol in rule.expansion:
                if symbol.is_term and (rule.options.keep_all_tokens or not symbol.filter_out):
                    kept.add(symbol.name)
        self._kept = frozenset(kept)
        self._terminals = [
            (t, re.compile(t.pattern.to_regexp()))
            for t in lark.terminals
            if t.name not in ("COMMENT", "_NL")
        ]
        self._by_text: dict[str, tuple[str, ...]] = {}
        literal = {t.pattern.value: t.name for t in lark.terminals if t.pattern.type == "str"}
        # Contextual patterns keyed by the terminal name the parse table uses.
        self._contextual = tuple((literal.get(key, key), pattern) for key, pattern in _CONTEXTUAL)
        # The contextual patterns that apply in each state (almost always none).
        self._contextual_by_state = {
            state: tuple((n, pat) for n, pat in self._contextual if n in actions)
            for state, actions in self._actions.items()
        }
        # kind_cache[state][lexeme]: the terminal a lexeme is in that state.
        self._kinds: dict[Any, dict[str, str]] = {state: {} for state in self._actions}

    def _candidates(self, text: str) -> tuple[str, ...]:
        """Terminal names that match ``text`` entirely: literals first, then by priority."""
        found = self._by_text.get(text)
        if found is None:
            matching = [t for t, regex in self._terminals if regex.fullmatch(text) is not None]
            matching.sort(key=lambda t: (t.pattern.type != "str", -t.priority))
            found = self._by_text[text] = tuple(t.name for t in matching)
        return found

    def _kind(self, state: Any, value: str) -> str:
        options = self._candidates(value)
        accepts = self._actions[state]
        kind = options[0] if options else "NAME"
        for option in options:
            if option in accepts:
                kind = option
                break
        self._kinds[state][value] = kind
        return kind

    def _make_token(self, kind: str, value: str, pos: int, line: int, column: int) -> Any:
        token = _new_str(self._token, value)
        token.type = kind
        token.value = value
        token.start_pos = pos
        token.line = token.end_line = line
        token.column = column
        token.end_column = column + len(value)
        token.end_pos = pos + len(value)
        return token

    def _unexpected(
        self, kind: str, value: str, pos: int, line: int, column: int, state: Any
    ) -> Any:
        from lark.exceptions import UnexpectedToken

        token = self._make_token(kind, value, pos, line, column)
        expected = {t for t in self._actions[state] if t.isupper() or t.startswith("_")}
        return UnexpectedToken(token, expected)  # type: ignore[no-untyped-call]

    def parse(self, text: str, on_comment: Callable[[RawComment], None]) -> Any:
        """Parse ``text``; raises Lark's ``UnexpectedToken``/``UnexpectedCharacters``."""
        from lark.exceptions import UnexpectedCharacters

        actions, goto, kinds = self._actions, self._goto, self._kinds
        contextual_by_state = self._contextual_by_state
        kept = self._kept
        make = self._make_token
        match = _MASTER.match
        space = _SPACE.match
        stack: list[Any] = [self._start]
        values: list[Any] = []
        pos, n = 0, len(text)
        line, line_start = 1, 0
        last_line = 0  # line of the last real token, to tell trailing comments apart

        while True:
            pos = space(text, pos).end()  # type: ignore[union-attr]
            state = stack[-1]
            if pos >= n:
                kind, value = "$END", ""
            else:
                kind = None
                for name, pattern in contextual_by_state[state]:
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
                            allowed={t for t in actions[state] if t.isupper()},
                        )
                    group = m.lastgroup
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
            # Shift the token, after as many reductions as it triggers.
            while True:
                action = actions[stack[-1]].get(kind)
                if action is None:
                    raise self._unexpected(kind, value, pos, line, column, stack[-1])
                if action.__class__ is int:
                    stack.append(action)
                    values.append(make(kind, value, pos, line, column) if kind in kept else None)
                    break
                size, callback, origin = action
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del stack[-size:]
                else:
                    children = []
                values.append(callback(children))
                stack.append(goto[stack[-1]][origin])
                if kind == "$END" and stack[-1] == self._end:
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


class _Inline:
    """The children of an inlined rule (``_rule`` or a repetition), spliced into its parent."""

    __slots__ = ("children",)

    def __init__(self, children: list[Any]):
        self.children = children


def reduction_callbacks(lark: Lark, transformer: Any) -> dict[Any, Callable[[list[Any]], Any]]:
    """One function per grammar rule that turns a reduction's children into a value.

    The same semantics as Lark's ``ParseTreeBuilder`` for LALR with
    ``maybe_placeholders`` (filtered tokens dropped, ``_rule`` children
    spliced in, ``None`` for each missing ``[optional]``, ``?rule`` with one
    child replaced by it), built as one flat closure per rule instead of a
    chain of wrappers.
    """
    from lark import Tree

    built: dict[Any, Callable[[list[Any]], Any]] = {}
    for rule in lark.rules:
        options = rule.options
        expansion = rule.expansion
        if options.empty_indices:
            flags = "".join(str(int(b)) for b in options.empty_indices)
            nones = [len(run) for run in flags.split("0")]
        else:
            nones = [0] * (len(expansion) + 1)
        include: list[tuple[int, bool, int]] = []
        pending = 0
        for index, symbol in enumerate(expansion):
            pending += nones[index]
            if options.keep_all_tokens or not (symbol.is_term and symbol.filter_out):
                expand = not symbol.is_term and symbol.name.startswith("_")
                include.append((index, expand, pending))
                pending = 0
        trailing = pending + nones[len(expansion)]
        name = rule.alias or options.template_source or rule.origin.name
        user = getattr(transformer, name, None)
        if user is None:
            if name.startswith("_"):
                user = _Inline
            else:
                user = _tree_builder(Tree, name)
        expand1 = bool(options.expand1 and not rule.alias)
        plain = (
            not trailing
            and len(include) == len(expansion)
            and not any(expand or before for _, expand, before in include)
        )
        built[rule] = _callback(tuple(include), trailing, user, expand1, plain)
    return built


def _tree_builder(tree: Any, name: str) -> Callable[[list[Any]], Any]:
    return lambda children: tree(name, children)


def _callback(
    include: tuple[tuple[int, bool, int], ...],
    trailing: int,
    user: Callable[[list[Any]], Any],
    expand1: bool,
    plain: bool,
) -> Callable[[list[Any]], Any]:
    if plain:
        if not expand1:
            return user

        def single(children: list[Any]) -> Any:
            return children[0] if len(children) == 1 else user(children)

        return single

    def filtered(children: list[Any]) -> Any:
        kept: list[Any] = []
        for index, expand, before in include:
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
