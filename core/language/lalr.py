"""Lark's LALR parser for ``grammar/stride.lark``, with :class:`ToAst` as its inline
transformer, so the AST is built as rules reduce, with no parse tree in between.

Lark's analysis of the grammar is kept in the on-disk cache. Syntax errors
become diagnostics written in a coach's words. :mod:`.parse` is the way in.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import zlib
from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.language import ast
from stridelift.core.language.parsed import Comment, ParseResult, line_col
from stridelift.core.source import is_control

# ---------------------------------------------------------------- the transformer

_QUANTITY = re.compile(r"([0-9]+(?:\.[0-9]+)?)(.*)")
_ESCAPE = re.compile(r"\\(.)")


class _Opt:
    """An exercise option on its way into an :class:`ExerciseLine` field."""

    __slots__ = ("kind", "span", "value")

    def __init__(self, kind: str, value: Any, span: ast.Span):
        self.kind, self.value, self.span = kind, value, span


class _Block(tuple[Any, ...]):
    """Entries of a phase written as a ``{ ... }`` block."""

    end_line = 0


def _canonical(whole: str, fraction: str) -> bool:
    """The formatter prints this literal back exactly as written (``8``, ``2.5``): no
    leading or trailing zero, and few enough digits that a float keeps them all."""
    return (
        (len(whole) == 1 or whole[0] != "0")
        and (not fraction or fraction[-1] != "0")
        and len(whole) + len(fraction) <= 15
    )


def _tspan(token: Token) -> ast.Span:
    return ast.Span(token.line or 0, token.column or 0, token.end_line or 0, token.end_column or 0)


def unquote(token: str) -> str:
    return _ESCAPE.sub(r"\1", token[1:-1])


def _start(x: Any) -> tuple[int, int] | None:
    if isinstance(x, Token):
        return (x.line, x.column or 0) if x.line else None
    span = getattr(x, "span", None)
    if span is not None:
        return (span.line, span.column) if span.line else None
    if isinstance(x, tuple) and x:
        return _start(x[0])
    return None


def _end(x: Any) -> tuple[int, int] | None:
    if isinstance(x, Token):
        return (x.end_line or 0, x.end_column or 0) if x.line else None
    span = getattr(x, "span", None)
    if span is not None:
        return (span.end_line, span.end_column) if span.line else None
    if isinstance(x, tuple) and x:
        return _end(x[-1])
    return None


def _cover(c: list[Any]) -> ast.Span:
    """The span from the first to the last positioned child."""
    first = last = None
    for x in c:
        if x is not None:
            first = _start(x)
            if first is not None:
                break
    for x in reversed(c):
        if x is not None:
            last = _end(x)
            if last is not None:
                break
    if first is None or last is None:
        return ast.NO_SPAN
    return ast.Span(first[0], first[1], last[0], last[1])


def _closed(c: list[Any]) -> tuple[list[Any], ast.Span, int]:
    """Split the closing ``}`` off a block rule's children: (children, span, end line)."""
    brace = c[-1]
    span = _cover(c)
    return c[:-1], span, brace.line or 0


class ToAst(Transformer[Token, ast.Document]):
    """Builds :mod:`ast` nodes as the LALR parser reduces rules: one handler per rule.

    It runs inside the parser (Lark's ``transformer=`` for LALR), so no parse
    tree is built. Lark gives an inline transformer children but no ``meta``
    (``v_args(meta=True)`` is refused there, and ``propagate_positions`` only
    fills in ``Tree`` results), so spans come from the tokens, which carry
    their lines and columns: that is why the grammar keeps ``}`` as a named
    terminal. Rules named ``_rule`` are
    inlined by Lark and have no handler. Problems noticed while building (an
    option given twice) go to :attr:`problems`.
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[tuple[ast.Span, str, str, str | None]] = []

    def _number(self, text: str, span: ast.Span, whole_only: bool = False) -> Any:
        """A literal's value: a plain ``float`` (an ``int`` for ``whole_only``), or a
        spelled one that keeps its text where the plain value would print otherwise."""
        whole, _, fraction = text.partition(".")
        if len(whole) > ast.MAX_WHOLE_DIGITS:
            self.problems.append(
                (
                    span,
                    "S010",
                    f"`{ast.quoted_spelling(text)}` is too long for a number "
                    f"({len(whole)} digits before the point)",
                    f"numbers in a program have at most {ast.MAX_WHOLE_DIGITS} digits before "
                    "the point; docs/language.md#ranges gives the range of each value",
                )
            )
            # A finite stand-in: the file has an error, so nothing computes with it;
            # the checker sees ``too_long`` and reports nothing more about it.
            stand_in = int("9" * ast.MAX_WHOLE_DIGITS)
            if whole_only:
                return ast.SpelledInt(stand_in, text)
            return ast.SpelledFloat(stand_in, text)
        if whole_only:
            value = int(whole)
            return value if _canonical(whole, "") else ast.SpelledInt(value, text)
        number = float(text)
        return number if _canonical(whole, fraction) else ast.SpelledFloat(number, text)

    def _text(self, token: Token) -> str:
        """A quoted string's text; a control character in it (an escape sequence, a
        form feed, a carriage return) is reported (S014): printed in a plan, it
        would colour or clear the coach's terminal, or forge a line."""
        text = unquote(token)
        bad = next((ch for ch in text if ch != "\t" and is_control(ch)), None)
        if bad is not None:
            self.problems.append(
                (
                    _tspan(token),
                    "S014",
                    f"the text holds a control character (U+{ord(bad):04X})",
                    "delete it; text in a program is printable characters and tabs",
                )
            )
        return text

    def _int(self, token: Token) -> Any:
        return self._number(str(token), _tspan(token), whole_only=True)

    def _float(self, token: Token) -> Any:
        return self._number(str(token), _tspan(token))

    def start(self, c: list[Any]) -> ast.Document:
        return ast.Document(tuple(c), _cover(c))

    def program(self, c: list[Any]) -> ast.Program:
        c, span, end = _closed(c)
        return ast.Program(self._text(c[0]), tuple(c[1:]), span, end)

    def units(self, c: list[Any]) -> ast.Units:
        return ast.Units(str(c[0]), _cover(c))

    def equipment(self, c: list[Any]) -> ast.Equipment:
        return ast.Equipment(tuple(c), _cover(c))

    def equipment_item(self, c: list[Any]) -> ast.EquipmentItem:
        return ast.EquipmentItem(str(c[0]), tuple(c[1:]), _cover(c))

    def load_range(self, c: list[Any]) -> ast.LoadRange:
        return ast.LoadRange(c[0], c[1], c[2], _cover(c))

    def word(self, c: list[Any]) -> ast.Word:
        return ast.Word(str(c[0]), _cover(c))

    def quantity(self, c: list[Any]) -> ast.Quantity:
        match = _QUANTITY.fullmatch(c[0])
        assert match is not None
        span = _tspan(c[0])
        return ast.Quantity(self._number(match[1], span), match[2], span)

    def weeks(self, c: list[Any]) -> ast.Weeks:
        return ast.Weeks(self._int(c[0]), _cover(c))

    def periodization(self, c: list[Any]) -> ast.Periodization:
        return ast.Periodization(c[0], _cover(c))

    def deload_every(self, c: list[Any]) -> ast.Deload:
        return ast.Deload(every=self._int(c[0]), span=_cover(c))

    def deload_weeks(self, c: list[Any]) -> ast.Deload:
        return ast.Deload(weeks=tuple(self._int(t) for t in c), span=_cover(c))

    def deload_none(self, c: list[Any]) -> ast.Deload:
        return ast.Deload(span=_cover(c))

    def schedule(self, c: list[Any]) -> ast.Schedule:
        return ast.Schedule(tuple(c), _cover(c))

    def schedule_entry(self, c: list[Any]) -> ast.ScheduleEntry:
        return ast.ScheduleEntry(str(c[0]), str(c[1]), _cover(c))

    def time_budget(self, c: list[Any]) -> ast.TimeBudget:
        return ast.TimeBudget(c[0], _cover(c))

    def policy(self, c: list[Any]) -> ast.PolicyBlock:
        c, span, end = _closed(c)
        return ast.PolicyBlock(tuple(c[1:]), span, end)

    def policy_setting(self, c: list[Any]) -> ast.PolicySetting:
        return ast.PolicySetting(str(c[0]), c[1], _cover(c), _tspan(c[0]))

    def lint_setting(self, c: list[Any]) -> ast.LintLine:
        rule, setting, value = c
        return ast.LintLine(
            str(rule), str(setting), value, _cover(c), _tspan(rule), _tspan(setting)
        )

    def setting_value(self, c: list[Any]) -> ast.SettingValue:
        token: Token = c[0]
        if token.type == "NUMBER":
            return ast.Number(self._float(token), _tspan(token))
        if token.type == "NAME":
            return ast.Word(str(token), _tspan(token))
        return self.quantity(c)

    def race(self, c: list[Any]) -> ast.Race:
        date, name = c
        title = self._text(name) if name is not None else None
        return ast.Race(str(date), title, _cover(c), _tspan(date))

    def running(self, c: list[Any]) -> ast.Running:
        return ast.Running(tuple(c), _cover(c))

    def running_entry(self, c: list[Any]) -> ast.RunningEntry:
        return ast.RunningEntry(str(c[0]), str(c[1]), c[2], _cover(c))

    def include(self, c: list[Any]) -> ast.Include:
        return ast.Include(self._text(c[0]), _cover(c))

    def assessment(self, c: list[Any]) -> ast.Assessment:
        c, span, end = _closed(c)
        repeat, *tests = c[1:]
        weeks = phase = None
        repeat_span = ast.NO_SPAN
        if repeat is not None:
            weeks, phase, repeat_span = repeat
        return ast.Assessment(tuple(tests), weeks, phase is True, span, end, repeat_span)

    def repeat_weeks(self, c: list[Any]) -> tuple[int, None, ast.Span]:
        return self._int(c[0]), None, _cover(c)

    def repeat_phase(self, c: list[Any]) -> tuple[None, bool, ast.Span]:
        return None, True, _tspan(c[0])

    def assessment_test(self, c: list[Any]) -> ast.AssessmentTest:
        name, (kind, reps, unit, kind_span), per_side = c
        first = _tspan(name)
        last = _tspan(per_side) if per_side is not None else kind_span
        return ast.AssessmentTest(
            str(name),
            kind,
            reps,
            unit,
            per_side is not None,
            ast.Span(first.line, first.column, last.end_line, last.end_column),
            first,
            kind_span,
        )

    def rep_max(self, c: list[Any]) -> tuple[str, int, None, ast.Span]:
        return "rep_max", self._int(c[0]), None, _cover(c)

    def to_failure(self, c: list[Any]) -> tuple[str, None, None, ast.Span]:
        return "to_failure", None, None, _tspan(c[0])

    def measured_in(self, c: list[Any]) -> tuple[str, None, str, ast.Span]:
        return "measure", None, str(c[0]), _tspan(c[0])

    # sessions
    def session(self, c: list[Any]) -> ast.Session:
        c, span, end = _closed(c)
        title = self._text(c[1]) if c[1] is not None else None
        return ast.Session(str(c[0]), tuple(c[2:]), title, span, end)

    def phase_kind(self, c: list[Any]) -> Token:
        return c[0]  # type: ignore[no-any-return]

    group_kind = effort_kind = phase_kind

    def phase(self, c: list[Any]) -> ast.Phase:
        duration, body = c[1], c[2]
        kind = cast(ast.PhaseKind, str(c[0]))
        if isinstance(body, _Block):
            return ast.Phase(kind, tuple(body), duration, True, _cover(c), body.end_line)
        end = getattr(body, "end_line", 0) or _cover(c).end_line
        return ast.Phase(kind, (body,), duration, False, _cover(c), end)

    def block(self, c: list[Any]) -> _Block:
        c, _, end = _closed(c)
        block = _Block(c)
        block.end_line = end
        return block

    def group(self, c: list[Any]) -> ast.Group:
        c, span, end = _closed(c)
        kind, rounds, rest, *members = c
        return ast.Group(
            str(kind),  # type: ignore[arg-type]
            tuple(members),
            self._int(rounds) if rounds is not None else None,
            rest.value if rest is not None else None,
            span,
            end,
        )

    def exercise(self, c: list[Any]) -> ast.ExerciseLine:
        name: Token = c[0]
        fields: dict[str, Any] = {}
        for opt in c[2:]:
            if opt.kind == "at":
                load, effort = opt.value
                pairs = [("load", load), ("effort", effort)]
            else:
                pairs = [(opt.kind, opt.value)]
            for key, value in pairs:
                if value is None:
                    continue
                if key in fields:
                    word = {"load": "a load", "effort": "an effort target"}.get(key, f"`{key}`")
                    self.problems.append(
                        (
                            opt.span,
                            "S008",
                            f"`{name}` is given {word} twice",
                            "keep one; the line says each thing once",
                        )
                    )
                    continue
                fields[key] = value
        return ast.ExerciseLine(str(name), c[1], span=_cover(c), name_span=_tspan(name), **fields)

    def prescription(self, c: list[Any]) -> ast.Prescription:
        sets, amount, per_side = c
        return ast.Prescription(
            self._int(sets) if sets is not None else None, amount, per_side is not None, _cover(c)
        )

    def reps(self, c: list[Any]) -> ast.Reps:
        return ast.Reps(self._int(c[0]), _cover(c))

    def rep_range(self, c: list[Any]) -> ast.RepRange:
        return ast.RepRange(self._int(c[0]), self._int(c[1]), _cover(c))

    def measured(self, c: list[Any]) -> ast.Measured:
        return ast.Measured(c[0], _cover(c))

    def amrap(self, c: list[Any]) -> ast.Amrap:
        return ast.Amrap()

    def at(self, c: list[Any]) -> _Opt:
        if len(c) == 1:
            return _Opt("at", (None, c[0]), _cover(c))
        return _Opt("at", (c[0], c[1]), _cover(c))

    def load_quantity(self, c: list[Any]) -> ast.WeightLoad:
        return ast.WeightLoad(c[0], _cover(c))

    def load_percent(self, c: list[Any]) -> ast.PercentLoad:
        return ast.PercentLoad(self._number(c[0][:-1], _tspan(c[0])), _cover(c))

    def load_bodyweight(self, c: list[Any]) -> ast.BodyweightLoad:
        return ast.BodyweightLoad()

    def load_band(self, c: list[Any]) -> ast.BandLoad:
        return ast.BandLoad(str(c[0]), _cover(c))

    def effort(self, c: list[Any]) -> ast.Effort:
        return ast.Effort(str(c[0]), self._float(c[1]), _cover(c))  # type: ignore[arg-type]

    def tempo(self, c: list[Any]) -> _Opt:
        span = _tspan(c[0])
        return _Opt("tempo", ast.Tempo(str(c[0]), span), span)

    def rest(self, c: list[Any]) -> _Opt:
        return _Opt("rest", c[0], _cover(c))

    def progress(self, c: list[Any]) -> _Opt:
        return _Opt("progress", c[0], _cover(c))

    def cue(self, c: list[Any]) -> _Opt:
        return _Opt("cue", self._text(c[0]), _cover(c))

    def call(self, c: list[Any]) -> ast.Call:
        args = tuple(a for a in c[1:] if a is not None)
        return ast.Call(str(c[0]), args, _cover(c))

    def arg(self, c: list[Any]) -> ast.Arg:
        return ast.Arg(str(c[0]) if c[0] is not None else None, c[1], _cover(c))

    def default(self, c: list[Any]) -> Any:
        return c[0]

    def range(self, c: list[Any]) -> ast.Range:
        return ast.Range(self._float(c[0]), self._float(c[1]), _cover(c))

    def weeks_value(self, c: list[Any]) -> ast.WeeksValue:
        return ast.WeeksValue(self._float(c[0]), _cover(c))

    # progressions and rules
    def progression(self, c: list[Any]) -> ast.ProgressionDef:
        c, span, end = _closed(c)
        params = tuple(p for p in c[1:] if isinstance(p, ast.Param | ast.RangeParam))
        clauses = tuple(x for x in c[1:] if isinstance(x, ast.Clause))
        return ast.ProgressionDef(str(c[0]), params, clauses, span, end)

    def param(self, c: list[Any]) -> ast.Param:
        return ast.Param(str(c[0]), str(c[1]) if c[1] is not None else None, c[2], _cover(c))

    def range_param(self, c: list[Any]) -> ast.RangeParam:
        return ast.RangeParam(
            str(c[0]), str(c[1]), str(c[2]) if c[2] is not None else None, _cover(c)
        )

    def rule(self, c: list[Any]) -> ast.Rule:
        c, span, end = _closed(c)
        scope = c[1] if c[1] is not None else ()
        return ast.Rule(self._text(c[0]), scope, tuple(c[2:]), span, end)

    def scope(self, c: list[Any]) -> tuple[ast.ScopeItem, ...]:
        return tuple(c)

    def scope_phase(self, c: list[Any]) -> ast.ScopeItem:
        return ast.ScopeItem("phase", str(c[0]), _cover(c))

    def scope_pattern(self, c: list[Any]) -> ast.ScopeItem:
        return ast.ScopeItem("pattern", str(c[0]), _cover(c))

    def scope_session(self, c: list[Any]) -> ast.ScopeItem:
        return ast.ScopeItem("session", str(c[0]), _cover(c))

    def scope_exercise(self, c: list[Any]) -> ast.ScopeItem:
        return ast.ScopeItem("exercise", str(c[0]), _cover(c))

    def when_clause(self, c: list[Any]) -> ast.Clause:
        return ast.Clause(c[0], c[1], _cover(c))

    def otherwise_clause(self, c: list[Any]) -> ast.Clause:
        return ast.Clause(None, c[0], _cover(c))

    def actions(self, c: list[Any]) -> tuple[Any, ...]:
        return tuple(c)

    def set_action(self, c: list[Any]) -> ast.SetAction:
        return ast.SetAction(str(c[0]), str(c[1]), c[2], _cover(c))  # type: ignore[arg-type]

    def tempo_action(self, c: list[Any]) -> ast.SetAction:
        value = c[1]
        if getattr(value, "type", None) == "TEMPO":
            value = ast.Tempo(str(value), _tspan(value))
        return ast.SetAction("tempo", str(c[0]), value, _cover(c))  # type: ignore[arg-type]

    def action(self, c: list[Any]) -> Any:
        return c[0]

    def simple_action(self, c: list[Any]) -> ast.SimpleAction:
        return ast.SimpleAction(str(c[0]), _tspan(c[0]))  # type: ignore[arg-type]

    def note(self, c: list[Any]) -> ast.NoteAction:
        return ast.NoteAction(self._text(c[0]), _cover(c))

    # expressions
    def condition(self, c: list[Any]) -> ast.Expr:
        expr, weeks = c
        if weeks is None:
            return expr  # type: ignore[no-any-return]
        count = self._int(weeks) if weeks.type == "INT" else str(weeks)
        return ast.ForWeeks(expr, count, _cover(c))

    def weeks_count(self, c: list[Any]) -> Token:
        return c[0]  # type: ignore[no-any-return]

    def or_expr(self, c: list[Any]) -> ast.BoolOp:
        return ast.BoolOp("or", tuple(c), _cover(c))

    def and_expr(self, c: list[Any]) -> ast.BoolOp:
        return ast.BoolOp("and", tuple(c), _cover(c))

    def not_op(self, c: list[Any]) -> ast.Not:
        return ast.Not(c[0], _cover(c))

    def compare(self, c: list[Any]) -> ast.Compare:
        return ast.Compare(str(c[1]), c[0], c[2], _cover(c))  # type: ignore[arg-type]

    def is_test(self, c: list[Any]) -> ast.IsTest:
        return ast.IsTest(c[0], ast.Word(str(c[1]), _tspan(c[1])), False, _cover(c))

    def is_not_test(self, c: list[Any]) -> ast.IsTest:
        return ast.IsTest(c[0], ast.Word(str(c[1]), _tspan(c[1])), True, _cover(c))

    def binop(self, c: list[Any]) -> ast.BinOp:
        return ast.BinOp(str(c[1]), c[0], c[2], _cover(c))  # type: ignore[arg-type]

    def unary_op(self, c: list[Any]) -> ast.Unary:
        return ast.Unary(str(c[0]), c[1], _cover(c))  # type: ignore[arg-type]

    def number(self, c: list[Any]) -> ast.Number:
        return ast.Number(self._float(c[0]), _tspan(c[0]))

    def name(self, c: list[Any]) -> ast.Name:
        return ast.Name(str(c[0]), _tspan(c[0]))

    def call_expr(self, c: list[Any]) -> ast.Apply:
        function, argument = c
        return ast.Apply(str(function), ast.Name(str(argument), _tspan(argument)), _cover(c))

    def paren(self, c: list[Any]) -> Any:
        return c[0]


# ---------------------------------------------------------------- the parser


class _Comments:
    """Comments as Lark's lexer meets them: ``COMMENT`` is ignored by the grammar and
    ``_NL`` is filtered out of the tree, so both are caught by lexer callbacks."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []  # (offset, text)

    def comment(self, token: Token) -> Token:
        self.found.append((token.start_pos or 0, str(token)))
        return token

    def newline(self, token: Token) -> Token:
        value = str(token)
        if "#" in value:
            at = token.start_pos or 0
            self.found.extend((at + m.start(), m.group()) for m in _COMMENT_IN_NL.finditer(value))
        return token

    def take(self, text: str) -> tuple[Comment, ...]:
        comments = []
        # Lines are counted on from the last comment, not from the top each time:
        # a file of comments would otherwise take time in the square of its size.
        line, counted = 1, 0
        for offset, value in sorted(self.found):
            line += text.count("\n", counted, offset)
            counted = offset
            line_start = text.rfind("\n", 0, offset) + 1
            before = text[line_start:offset]
            comments.append(
                Comment(
                    line,
                    offset - line_start + 1,
                    value.rstrip(),
                    bool(before.replace(";", " ").strip()),
                )
            )
        self.found = []
        return tuple(comments)


_COMMENT_IN_NL = re.compile(r"#[^\n]*")


def cached_lark(grammar: str, prefix: str, **options: Any) -> Lark:
    """An LALR parser with the contextual lexer for ``grammar``, its analysis cached on
    disk as ``PREFIX-lark-SIZE-CRC.cache``; a changed grammar drops every other cache
    file whose name starts with ``PREFIX-`` (earlier grammars', earlier formats').
    ``options`` go to :class:`lark.Lark` as they are."""
    from stridelift.core.cache import cache_dir

    folder = cache_dir()
    data = grammar.encode()
    name = f"{prefix}-lark-{len(data)}-{zlib.crc32(data):08x}.cache"
    path = os.path.join(folder, name)
    fresh = not os.path.exists(path)
    # Lark writes its cache itself and shrugs off a file it cannot write (or a stale
    # or damaged one: it checks a hash and rebuilds); it does not make the folder.
    with contextlib.suppress(OSError):
        os.makedirs(folder, exist_ok=True)
    lark = Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=True,
        cache=path,
        **options,
    )
    if fresh:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.startswith(f"{prefix}-") and entry.name != name:
                    os.unlink(entry.path)
    return lark


class _Front:
    """The parser, its transformer and comment collector: built once per process."""

    def __init__(self) -> None:
        from stridelift.grammar import grammar_text

        self.to_ast = ToAst()
        self.comments = _Comments()
        self.lark = cached_lark(
            grammar_text(),
            "stride",
            transformer=self.to_ast,
            lexer_callbacks={"COMMENT": self.comments.comment, "_NL": self.comments.newline},
        )
        self.literals = terminal_words(self.lark)


_KEYWORD = re.compile(r"([0-9A-Za-z]+)\(\?!.*\)")
"""A keyword terminal: a word that cannot run on into the next one."""


def terminal_words(lark: Lark) -> dict[str, str]:
    """Terminal name to the text it stands for, for punctuation and keywords."""
    found: dict[str, str] = {}
    for terminal in lark.terminals:
        pattern = terminal.pattern
        if pattern.type == "str":
            found[terminal.name] = str(pattern.value)
        else:
            keyword = _KEYWORD.fullmatch(str(pattern.value))
            if keyword is not None:
                found[terminal.name] = keyword[1]
    return found


@cache
def _front() -> _Front:
    return _Front()


# ---------------------------------------------------------------- syntax errors in the user's words

_WORDS: dict[str, str] = {
    "INT": "a whole number",
    "NUMBER": "a number",
    "QUANTITY": "an amount with a unit (16kg, 30s, 10min, 40m)",
    "PERCENT": "a percentage (75%)",
    "TEMPO": "a tempo of four figures (2-0-1-0)",
    "NAME": "a name",
    "STRING": 'quoted text ("...")',
    "_NL": "the end of the line",
    "$END": "the end of the file",
    "PER_SIDE": "`per side`",
    "ASSIGN_OP": "`=`, `+=`, `-=` or `*=`",
    "COMP_OP": "a comparison (`>=`, `<`, `==`, ...)",
    "ADD_OP": "`+` or `-`",
    "MUL_OP": "`*` or `/`",
}

# What an expected-set means in a particular place, keyed by the token before the error.
_AFTER: dict[str, str] = {
    "x": "a number of reps, a time or distance (30s, 40m) or `amrap` after 'x'",
    "@": "a load after '@' (16kg, bodyweight, band light, 75% 1rm) or an effort (rpe 8, rir 2)",
    "tempo": "a tempo of four figures after 'tempo', such as 2-0-1-0",
    "rest": "a rest time after 'rest', such as 90s or 2min",
    "progress": "a progression name after 'progress', such as double(8..12, +4kg)",
    "units": "`kg` or `lb` after 'units'",
    "weeks": "a number of weeks after 'weeks'",
    "session": "a session name after 'session', such as A",
    "schedule": "a day and a session after 'schedule', such as tue: A",
    "race": "a date after 'race', such as 2027-04-18",
    "running": "a day and a kind of run after 'running', such as wed: quality",
    "lint": "a lint rule's code or name after 'lint', such as W201",
}


def _describe(terminal: str, literals: dict[str, str]) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal]
    if terminal in literals:
        return f"`{literals[terminal]}`"
    return terminal.lower()


def _join(words: list[str]) -> str:
    words = sorted(set(words), key=lambda w: (w.startswith("`"), w))
    if len(words) > 6:
        words = [*words[:5], f"{len(words) - 5} other things"]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _unclosed_brace(text: str, upto: int) -> int | None:
    """Offset of the last ``{`` still open at ``upto``, skipping strings and comments."""
    stack: list[int] = []
    i, n = 0, min(upto, len(text))
    while i < n:
        ch = text[i]
        if ch == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            while end > 0 and text[end - 1] == "\\":
                end = text.find('"', end + 1)
            i = n if end < 0 else end + 1
            continue
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            stack.pop()
        i += 1
    return stack[-1] if stack else None


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.%")


def _previous_word(text: str, offset: int) -> str | None:
    """The word (or the one non-space character) just before ``offset``.

    Walked back from ``offset`` by hand: a regular expression anchored at the end
    (``...+$``) tries every start position, which took seconds on a long word
    earlier in the file."""
    end = offset
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == 0 or text[end - 1].isspace():
        return None
    start = end
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    return text[start:end] if start < end else text[end - 1]


def _expected(exc: UnexpectedInput, fallback: Iterable[str]) -> set[str]:
    """What the parser would have taken where it stopped, the end of the file included.

    Lark's own sets leave out what the lexer cannot match (the end of the file),
    so they are read from the parse table of the state the error carries.
    """
    state = getattr(exc, "state", None)
    try:
        row = state.parse_conf.parse_table.states[state.position]  # type: ignore[union-attr]
    except AttributeError:
        return set(fallback)
    return {terminal for terminal in row if terminal.isupper()}


def _syntax_diagnostic(
    exc: UnexpectedInput, text: str, path: str, literals: dict[str, str]
) -> Diagnostic:
    offset: int | None = exc.pos_in_stream
    if isinstance(exc, UnexpectedToken):
        offset = exc.token.start_pos
    at_end = isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    if at_end or offset is None:
        # Point at the last thing written, not past the end of the file.
        offset = len(text.rstrip())
    line, column = line_col(text, offset)
    width = 1
    expected: set[str] = set()
    found = ""
    if isinstance(exc, UnexpectedToken):
        expected = _expected(exc, exc.expected)
        found = "the end of the file" if exc.token.type == "$END" else f"`{exc.token}`"
        if exc.token.type == "_NL":
            found = "the end of the line"
        elif exc.token.type != "$END":
            width = max(1, len(str(exc.token).splitlines()[0]) if str(exc.token) else 1)
    elif isinstance(exc, UnexpectedCharacters):
        expected = _expected(exc, exc.allowed or ())
        found = f"`{exc.char}`" if exc.char.strip() else "a stray space"
        if exc.char == '"':
            found = 'an unclosed `"`'
    expected.discard("COMMENT")

    prev = _previous_word(text, offset)
    if prev in _AFTER and found != f"`{prev}`":
        wanted = _AFTER[prev]
    else:
        wanted = _join([_describe(t, literals) for t in expected]) if expected else "something else"
        if prev:
            wanted += f" after '{prev}'"
    message = f"expected {wanted}, found {found}"

    hint: str | None = None
    brace = _unclosed_brace(text, len(text)) if found == "the end of the file" else None
    if brace is not None:
        bl, _ = line_col(text, brace)
        opener = text[text.rfind("\n", 0, brace) + 1 : brace].strip()
        message = f"the file ends before the `{{` of `{opener} {{` (line {bl}) is closed"
        hint = "add the missing `}` where that block ends"
    elif re.match(r"[0-9]+(\.[0-9]+)?[ \t]+(kg|lb|s|min|h|m|km|mi|%)(?![A-Za-z])", text[offset:]):
        hint = "write amounts without a space: 16kg, 30s, 10min"
    elif isinstance(exc, UnexpectedCharacters) and exc.char == '"':
        hint = "close the quoted text on the same line"
    elif "NAME" in expected and found.startswith("`") and found[1:-1][:1].isdigit():
        hint = "names start with a letter or an underscore"
    return Diagnostic.make(path, ast.Span.point(line, column, width), "S001", message, hint)


# ---------------------------------------------------------------- nesting guard


def lark_parse(text: str, path: str) -> ParseResult:
    """Parse with Lark (the text is known not to nest too deeply)."""
    front = _front()
    front.to_ast.problems = []
    # The parse allocates many small acyclic objects; the cyclic collector has
    # nothing to find in them, so it waits until the tree is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = cast(ast.Document, front.lark.parse(text))
    except UnexpectedInput as exc:
        problem = _syntax_diagnostic(exc, text, path, front.literals)
        return ParseResult(path, text, None, [problem])
    except RecursionError:
        problem = Diagnostic.make(
            path,
            ast.Span.point(1, 1),
            "S005",
            "the file nests too deeply to read",
            "split long expressions into simpler clauses",
        )
        return ParseResult(path, text, None, [problem])
    finally:
        if collecting:
            gc.enable()
        comments = front.comments.take(text)
    diagnostics = [
        Diagnostic.make(path, span, code, message, hint)
        for span, code, message, hint in front.to_ast.problems
    ]
    if not document.items:
        diagnostics.append(
            Diagnostic.make(
                path,
                None,
                "S004",
                "file is empty: no program, session, progression or rule",
                'start it with `program "Title" { ... }` or delete it',
            )
        )
    return ParseResult(path, text, document, diagnostics, comments)
