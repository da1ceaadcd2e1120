"""Reading and parsing a test file (``*.stride-test``) into a :class:`~.spec.Suite`.

Lark's LALR parser reads ``grammar/stride_test.lark`` (its analysis is kept in
the on-disk cache, as the stride grammar's is); a transformer builds the
:mod:`.spec` nodes, each with its span. Nothing here raises at the user: a file
that cannot be read is T011, a syntax error T010 (at its place, in a coach's
words, with a hint for the usual slips), and a setup that does not hold
together (a setting given twice, a row of the wrong length, ``$name`` without
a column) T014-T016. ``docs/testing.md`` is the reference.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from lark import (
    Token,
    Transformer,
    Tree,
    UnexpectedCharacters,
    UnexpectedInput,
    UnexpectedToken,
    v_args,
)
from lark.tree import Meta

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.language.parsed import line_col
from stridelift.core.source import NO_SPAN, Span, is_control, source_lines
from stridelift.core.testing import spec

#: What a test file is named: ``*.stride-test``.
SUFFIX = ".stride-test"
#: The largest test file read (test files are a few dozen lines).
MAX_TEST_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ParsedSuite:
    """What reading a test file found: its text, the suite (None when it does not
    parse) and every problem."""

    path: str
    text: str | None
    suite: spec.Suite | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def lines(self) -> list[str] | None:
        return None if self.text is None else source_lines(self.text)


def read_suite(path: str | os.PathLike[str], display: str | None = None) -> ParsedSuite:
    """Read and parse a test file; a file that cannot be read is one T011."""
    from stridelift.core.language.parse import read_source

    name = display or os.fspath(path)
    text, problems = read_source(path, name)
    reasons: list[tuple[Span | None, str]] = [
        (d.span, d.message.replace("not program text", "not text")) for d in problems
    ]
    if text is not None and len(text) > MAX_TEST_FILE_BYTES:
        reasons = [
            (None, f"file is larger than the {MAX_TEST_FILE_BYTES // 1024} KiB a test file may be")
        ]
    if text is None or reasons:
        hint = "give the path of a .stride-test file saved as UTF-8 text"
        return ParsedSuite(
            name,
            None,
            None,
            [Diagnostic.make(name, span, "T011", message, hint) for span, message in reasons],
        )
    return parse_suite(text, name)


def parse_suite(text: str, path: str = "<test>") -> ParsedSuite:
    """Parse a test file's text. Never raises for bad input."""
    front = _front()
    try:
        tree = front.lark.parse(text)
    except UnexpectedInput as exc:
        return ParsedSuite(path, text, None, [_syntax_diagnostic(exc, text, path, front)])
    build = _ToSpec(text)
    suite = build.transform(tree)
    diagnostics = [
        Diagnostic.make(path, span, code, message, hint)
        for span, code, message, hint in build.problems
    ]
    diagnostics.extend(_setup_problems(suite, path))
    return ParsedSuite(path, text, suite, sorted(diagnostics, key=lambda d: d.sort_key))


# ---------------------------------------------------------------- the transformer


def _span(meta: Meta) -> Span:
    if getattr(meta, "empty", True):
        return NO_SPAN
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _tspan(token: Token) -> Span:
    return Span(token.line or 0, token.column or 0, token.end_line or 0, token.end_column or 0)


_ESCAPE = re.compile(r"\\(.)")
_QUANTITY = re.compile(r"([0-9]+(?:\.[0-9]+)?)(.*)")
_UNIT = re.compile(r"(kg|lb|s|min|h|m|km|mi|%)(?![A-Za-z0-9_])")


@v_args(meta=True)
class _ToSpec(Transformer[Token, spec.Suite]):
    """Builds :mod:`.spec` nodes from the parse tree, one handler per rule; what it
    notices while building (a setting given twice) goes to :attr:`problems`."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.lines = source_lines(text)
        self.problems: list[tuple[Span, str, str, str | None]] = []

    def _string(self, token: Token) -> spec.Value:
        text = _ESCAPE.sub(r"\1", str(token)[1:-1])
        bad = next((ch for ch in text if ch != "\t" and is_control(ch)), None)
        if bad is not None:
            self.problems.append(
                (
                    _tspan(token),
                    "T013",
                    f"the text holds a control character (U+{ord(bad):04X})",
                    "delete it; text in a test is printable characters and tabs",
                )
            )
        return spec.Value("string", str(token), _tspan(token), word=text)

    def start(self, meta: Meta, c: list[Any]) -> spec.Suite:
        programs = [item for item in c if isinstance(item, spec.Value)]
        for extra in programs[1:]:
            self.problems.append(
                (
                    extra.span,
                    "T014",
                    "the file names a second program",
                    "a test file tests one program: put the tests of another in a file of "
                    "their own",
                )
            )
        tests = tuple(item for item in c if isinstance(item, spec.ProgramTest))
        return spec.Suite(programs[0] if programs else None, tests, _span(meta))

    def program(self, meta: Meta, c: list[Any]) -> spec.Value:
        return self._string(c[0])

    def test(self, meta: Meta, c: list[Any]) -> spec.ProgramTest:
        name = self._string(c[0])
        single: dict[str, Any] = {}
        assertions: list[spec.Assertion] = []
        for item in c[1:-1]:  # the name, the statements, the closing brace
            if isinstance(item, spec.Assertion):
                assertions.append(item)
                continue
            key = (
                item.name
                if isinstance(item, spec.Setting)
                else "athlete"
                if isinstance(item, spec.Athlete)
                else "seeds"
                if isinstance(item, spec.Seeds)
                else "table"
            )
            if key in single:
                word = "where" if key == "table" else key
                first = single[key].span.line
                self.problems.append(
                    (
                        item.span,
                        "T014",
                        f"`{word}` is given twice in this test (first on line {first})",
                        f"keep one `{word}` line",
                    )
                )
                continue
            single[key] = item
        return spec.ProgramTest(
            name.word,
            _span(meta),
            name.span,
            log=single.get("log"),
            athlete=single.get("athlete"),
            seeds=single.get("seeds"),
            weeks=single.get("weeks"),
            start=single.get("start"),
            race=single.get("race"),
            skip=single.get("skip"),
            assertions=tuple(assertions),
            table=single.get("table"),
        )

    def log(self, meta: Meta, c: list[Any]) -> spec.Setting:
        return spec.Setting("log", c[0], _span(meta))

    def skip(self, meta: Meta, c: list[Any]) -> spec.Setting:
        return spec.Setting("skip", self._string(c[0]), _span(meta))

    def weeks(self, meta: Meta, c: list[Any]) -> spec.Setting:
        return spec.Setting("weeks", c[0], _span(meta))

    def start_date(self, meta: Meta, c: list[Any]) -> spec.Setting:
        return spec.Setting("start", c[0], _span(meta))

    def race(self, meta: Meta, c: list[Any]) -> spec.Setting:
        return spec.Setting("race", c[0], _span(meta))

    def athlete(self, meta: Meta, c: list[Any]) -> spec.Athlete:
        model = c[0]
        args = tuple(arg for arg in c[1:] if arg is not None)
        seen: set[str] = set()
        for arg in args:
            if arg.name in seen:
                self.problems.append(
                    (
                        arg.span,
                        "T014",
                        f"the parameter `{arg.name}` is given twice",
                        "give each parameter once",
                    )
                )
            seen.add(arg.name)
        return spec.Athlete(str(model), args, _span(meta), _tspan(model))

    def arg(self, meta: Meta, c: list[Any]) -> spec.Arg:
        return spec.Arg(str(c[0]), c[1], _span(meta))

    def seeds(self, meta: Meta, c: list[Any]) -> spec.Seeds:
        return spec.Seeds(tuple(c), _span(meta))

    def seed_item(self, meta: Meta, c: list[Any]) -> tuple[spec.Value, spec.Value | None]:
        return (c[0], c[1])

    def where(self, meta: Meta, c: list[Any]) -> spec.Table:
        columns: tuple[spec.Value, ...] = c[0]
        rows = [row for row in c[1:-1] if isinstance(row, tuple)]
        return spec.Table(
            columns,
            tuple(cells for cells, _ in rows),
            _span(meta),
            tuple(span for _, span in rows),
        )

    def header(self, meta: Meta, c: list[Any]) -> tuple[spec.Value, ...]:
        return tuple(spec.Value("word", str(t), _tspan(t), word=str(t)) for t in c)

    def row(self, meta: Meta, c: list[Any]) -> tuple[tuple[spec.Value, ...], Span]:
        return tuple(c), _span(meta)

    def assertion(self, meta: Meta, c: list[Any]) -> spec.Assertion:
        span = _span(meta)
        line = self.lines[span.line - 1] if 0 < span.line <= len(self.lines) else ""
        end = span.end_column - 1 if span.end_line == span.line else len(line)
        text = line[span.column - 1 : end].strip()
        return spec.Assertion(c[0], c[1], text, span)

    # -- selectors
    def week_one(self, meta: Meta, c: list[Any]) -> spec.Selector:
        return spec.Selector("week", c[0], None, _span(meta))

    def week_range(self, meta: Meta, c: list[Any]) -> spec.Selector:
        return spec.Selector("weeks", c[0], c[1], _span(meta))

    def every_week(self, meta: Meta, c: list[Any]) -> spec.Selector:
        return spec.Selector("every", span=_span(meta))

    def no_week(self, meta: Meta, c: list[Any]) -> spec.Selector:
        return spec.Selector("no", span=_span(meta))

    def some_week(self, meta: Meta, c: list[Any]) -> spec.Selector:
        return spec.Selector("some", span=_span(meta))

    # -- checks
    def compare(self, meta: Meta, c: list[Any]) -> spec.Check:
        slot, name, op, value = c
        return spec.Check("compare", slot, str(name), str(op), value, span=_span(meta))

    def rises(self, meta: Meta, c: list[Any]) -> spec.Check:
        slot, name, _, amount, after = c
        return spec.Check("rises", slot, str(name), None, amount, after, _span(meta))

    def has_pattern(self, meta: Meta, c: list[Any]) -> spec.Check:
        return spec.Check("has_pattern", c[0], span=_span(meta))

    def has_exercise(self, meta: Meta, c: list[Any]) -> spec.Check:
        return spec.Check("has_exercise", c[0], span=_span(meta))

    def sound(self, meta: Meta, c: list[Any]) -> spec.Check:
        return spec.Check("sound", span=_span(meta))

    def skipped(self, meta: Meta, c: list[Any]) -> spec.Check:
        return spec.Check("skipped", c[0], span=_span(meta))

    def after(self, meta: Meta, c: list[Any]) -> str:
        word = str(c[0])
        return "poor form" if word == "poor" else word

    def slot(self, meta: Meta, c: list[Any]) -> spec.Value:
        token: Token = c[0]
        kind = {"SLOT": "slot", "PARAM": "param"}.get(token.type, "word")
        name = str(token).removeprefix("$")
        return spec.Value(kind, str(token), _tspan(token), word=name)

    # -- values
    def number(self, meta: Meta, c: list[Any]) -> spec.Value:
        token = c[0]
        return spec.Value("number", str(token), _tspan(token), number=float(token))

    def quantity(self, meta: Meta, c: list[Any]) -> spec.Value:
        token = c[0]
        match = _QUANTITY.fullmatch(str(token))
        assert match is not None  # the terminal's own shape
        number, unit = match.groups()
        return spec.Value("quantity", str(token), _tspan(token), float(number), unit)

    def percent(self, meta: Meta, c: list[Any]) -> spec.Value:
        token = c[0]
        return spec.Value("percent", str(token), _tspan(token), float(str(token)[:-1]), "%")

    def tempo(self, meta: Meta, c: list[Any]) -> spec.Value:
        return spec.Value("tempo", str(c[0]), _tspan(c[0]))

    def date(self, meta: Meta, c: list[Any]) -> spec.Value:
        return spec.Value("date", str(c[0]), _tspan(c[0]))

    def word(self, meta: Meta, c: list[Any]) -> spec.Value:
        return spec.Value("word", str(c[0]), _tspan(c[0]), word=str(c[0]))

    def slot_value(self, meta: Meta, c: list[Any]) -> spec.Value:
        return spec.Value("slot", str(c[0]), _tspan(c[0]), word=str(c[0]))

    def string(self, meta: Meta, c: list[Any]) -> spec.Value:
        return self._string(c[0])

    def param(self, meta: Meta, c: list[Any]) -> spec.Value:
        token = c[0]
        return spec.Value("param", str(token), _tspan(token), word=str(token)[1:])

    def band(self, meta: Meta, c: list[Any]) -> spec.Value:
        return spec.Value("band", f"band {c[0]}", _span(meta), word=str(c[0]))

    def bodyweight(self, meta: Meta, c: list[Any]) -> spec.Value:
        return spec.Value("bodyweight", "bodyweight", _span(meta))

    def effort(self, meta: Meta, c: list[Any]) -> spec.Value:
        kind, figure = c
        text = f"{kind} {figure}"
        return spec.Value("effort", text, _span(meta), float(figure), str(kind))


# ---------------------------------------------------------------- the setup


def _setup_problems(suite: spec.Suite, path: str) -> Iterable[Diagnostic]:
    """What the grammar cannot say: a program named, one input a test, seeds only
    with an athlete, a table that fits the ``$names``, tests that assert something."""
    if suite.program is None:
        yield Diagnostic.make(
            path,
            Span.point(1, 1),
            "T014",
            "the file names no program to test",
            'start it with the program\'s path, relative to this file: program "../base.stride"',
        )
    if not suite.tests:
        yield Diagnostic.make(
            path,
            None,
            "T016",
            "the file holds no test",
            'add a test: test "name" { ... } (docs/testing.md)',
        )
    names: dict[str, spec.ProgramTest] = {}
    for test in suite.tests:
        if test.name in names:
            yield Diagnostic.make(
                path,
                test.name_span,
                "T014",
                f'two tests are named "{test.name}" '
                f"(the first on line {names[test.name].span.line})",
                "give each test its own name: a report tells them apart by it",
            )
        names.setdefault(test.name, test)
        yield from _test_problems(test, path)


def _test_problems(test: spec.ProgramTest, path: str) -> Iterable[Diagnostic]:
    if test.log is not None and test.athlete is not None:
        yield Diagnostic.make(
            path,
            test.athlete.span,
            "T014",
            "a test reads a log or simulates an athlete, not both",
            "keep the `log` line or the `athlete` line; put the other in a test of its own",
        )
    if test.seeds is not None and test.athlete is None:
        yield Diagnostic.make(
            path,
            test.seeds.span,
            "T014",
            "`seeds` without an `athlete`: only a simulated athlete has seeds",
            "add an `athlete` line, such as athlete steady(adherence: 0.8), or drop `seeds`",
        )
    if not test.assertions and test.skip is None:
        yield Diagnostic.make(
            path,
            test.name_span,
            "T016",
            f'the test "{test.name}" asserts nothing, so it cannot fail',
            "add an assertion, such as week 3: goblet_squat load == 20kg",
        )
    table = test.table
    columns = {} if table is None else {c.word: c for c in table.columns}
    if table is not None:
        seen: set[str] = set()
        for column in table.columns:
            if column.word in seen:
                yield Diagnostic.make(
                    path,
                    column.span,
                    "T015",
                    f"the table has two columns named `{column.word}`",
                    "give each column its own name",
                )
            seen.add(column.word)
        for cells, span in zip(table.rows, table.row_spans, strict=True):
            if len(cells) != len(table.columns):
                yield Diagnostic.make(
                    path,
                    span,
                    "T015",
                    f"this row has {len(cells)} value(s) and the table {len(table.columns)} "
                    "column(s)",
                    "give every row one value a column, separated by `|`",
                )
            for cell in cells:
                if cell.kind == "param":
                    yield Diagnostic.make(
                        path,
                        cell.span,
                        "T015",
                        f"a table's value cannot be another `{cell.text}`",
                        "write the value itself",
                    )
        if not table.rows:
            yield Diagnostic.make(
                path,
                table.span,
                "T015",
                "the table has no row, so the test makes no case",
                "add a row of values under the column names",
            )
    used: set[str] = set()
    for value in test.values():
        if value.kind != "param":
            continue
        used.add(value.word)
        if value.word not in columns:
            hint = (
                "add a where { ... } table with a column of that name"
                if table is None
                else "the columns are " + ", ".join(f"`{name}`" for name in columns)
            )
            yield Diagnostic.make(
                path, value.span, "T015", f"`{value.text}` names no column of a table", hint
            )
    for name, column in columns.items():
        if name not in used:
            yield Diagnostic.make(
                path,
                column.span,
                "T015",
                f"the column `{name}` is used nowhere in the test",
                f"use it as `${name}`, or delete the column",
            )


# ---------------------------------------------------------------- the parser


class _Front:
    """The parser and the terminals' words, built once per process."""

    def __init__(self) -> None:
        from stridelift.core.language.lalr import cached_lark, terminal_words
        from stridelift.grammar import grammar_path

        with open(grammar_path(TEST_GRAMMAR), encoding="utf-8") as handle:
            self.lark = cached_lark(handle.read(), "tests", propagate_positions=True)
        self.literals = terminal_words(self.lark)


TEST_GRAMMAR = "stride_test.lark"


@cache
def _front() -> _Front:
    return _Front()


# ---------------------------------------------------------------- syntax errors in a coach's words

_WORDS: dict[str, str] = {
    "STRING": 'quoted text ("...")',
    "NUMBER": "a number",
    "QUANTITY": "an amount with a unit (20kg, 90s, 2min)",
    "PERCENT": "a percentage (10%)",
    "TEMPO": "a tempo (3-1-1-0)",
    "DATE": "a date (2026-01-05)",
    "NAME": "a name",
    "SLOT": "an exercise line (A/goblet_squat)",
    "PARAM": "a table's value ($name)",
    "FIELD": "a field (sets, reps, load, tempo, rest, effort, exercise)",
    "COMP_OP": "a comparison (==, !=, <, <=, >, >=)",
    "EFFORT": "`rpe` or `rir`",
    "RISES": "`rises`",
    "SOUND": "`sound`",
    "SKIPPED": "`skipped`",
    "ANYTHING": "`anything`",
    "_SEEDS": "`seeds`",
    "_A": "`a`",
    "_NL": "the end of the line",
    "$END": "the end of the file",
    "RBRACE": "`}`",
}

#: What is expected after a word, where the terminals alone would read oddly.
_AFTER: dict[str, str] = {
    "program": "the program's path in quotes after 'program', such as program \"../base.stride\"",
    "test": "the test's name in quotes after 'test', such as test \"squat load\" {",
    "log": "the log's path in quotes after 'log', such as log \"../logs/sam.jsonl\"",
    "athlete": "an athlete model after 'athlete', such as athlete steady(adherence: 0.8)",
    "week": "a week number after 'week', such as week 3: ...",
    "start": "a date after 'start', such as start 2026-01-05",
    "race": "a date after 'race', such as race 2026-04-19",
    "skip": "the reason in quotes after 'skip', such as skip \"until the new log\"",
    "where": "`{` after 'where', then a row of column names",
    "has": "`pattern NAME` or an exercise after 'has', such as has pattern calf_ankle",
    "after": "`a missed week`, `a failed week`, `a tired week` or `poor form` after 'after'",
}

#: Slips a coach makes, as Lark's ``match_examples`` finds them by the parser state
#: they end in: (message, hint) for each, with texts that make the slip.
_SLIPS: dict[tuple[str, str], list[str]] = {
    (
        "expected `:` after the weeks",
        "write the weeks, a colon, then what holds: week 3: goblet_squat load == 20kg",
    ): [
        'program "p"\ntest "t" {\n  week 3 goblet_squat load == 20kg\n}',
        'program "p"\ntest "t" {\n  every week goblet_squat load == 20kg\n}',
        'program "p"\ntest "t" {\n  no week load rises\n}',
        'program "p"\ntest "t" {\n  weeks 2..4 goblet_squat load == 20kg\n}',
    ],
    (
        "expected a field after the exercise (sets, reps, load, tempo, rest, effort, exercise)",
        "name what is compared: week 3: goblet_squat load == 20kg",
    ): [
        'program "p"\ntest "t" {\n  week 3: goblet_squat == 20kg\n}',
        'program "p"\ntest "t" {\n  week 3: goblet_squat 20kg\n}',
    ],
    (
        "expected an input line (log, athlete, seeds, weeks, start, race, skip), an "
        "assertion (week 3: ..., every week: ...) or a `where` table",
        "a test holds one of these a line; docs/testing.md#the-test-file lists them",
    ): [
        'program "p"\ntest "t" {\n  foo bar\n}',
        'program "p"\ntest "t" {\n  log "x"\n  goblet_squat load == 16kg\n}',
    ],
    (
        'expected `program "PATH"` or `test "NAME" { ... }`',
        "a test file names its program, then holds tests",
    ): [
        'foo "p"',
        'program "p"\nfoo',
        'program "p"\ntest "t" {\n}\nweek 3: goblet_squat load == 20kg',
    ],
    (
        "the test's name must be quoted",
        'write it in double quotes: test "squat load" {',
    ): [
        'program "p"\ntest squat {\n}',
    ],
    (
        "the path must be quoted",
        'write it in double quotes: program "../base.stride", log "../logs/sam.jsonl"',
    ): [
        "program base.stride",
        'program "p"\ntest "t" {\n  log sam.jsonl\n}',
    ],
}


def _describe(terminal: str, literals: dict[str, str]) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal]
    if terminal in literals:
        return f"`{literals[terminal]}`"
    return terminal.lower().lstrip("_")


def _join(words: list[str]) -> str:
    words = sorted(set(words), key=lambda w: (w.startswith("`"), w))
    if len(words) > 6:
        words = [*words[:5], f"{len(words) - 5} other things"]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _expected(exc: UnexpectedInput, fallback: Iterable[str]) -> set[str]:
    """What the parser would have taken where it stopped (the end of the file too),
    read from the parse table of the state the error carries."""
    state = getattr(exc, "state", None)
    try:
        row = state.parse_conf.parse_table.states[state.position]  # type: ignore[union-attr]
    except AttributeError:
        return set(fallback)
    return {terminal for terminal in row if terminal.isupper() or terminal.startswith("_")}


def _previous_word(text: str, offset: int) -> str | None:
    end = offset
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:end] or None


def _unclosed_brace(text: str) -> int | None:
    """Offset of the last ``{`` still open at the end, skipping strings and comments."""
    stack: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            while end > 0 and text[end - 1] == "\\":
                end = text.find('"', end + 1)
            i = len(text) if end < 0 else end + 1
            continue
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            stack.pop()
        i += 1
    return stack[-1] if stack else None


def _slip(exc: UnexpectedInput, front: _Front) -> tuple[str, str] | None:
    try:
        found = exc.match_examples(front.lark.parse, cast(Any, _SLIPS), use_accepts=True)
    except Exception:  # an example that no longer fails the same way: no special word
        return None
    return found if isinstance(found, tuple) else None


def _syntax_diagnostic(exc: UnexpectedInput, text: str, path: str, front: _Front) -> Diagnostic:
    offset: int | None = exc.pos_in_stream
    if isinstance(exc, UnexpectedToken):
        offset = exc.token.start_pos
    at_end = isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    if at_end or offset is None:
        offset = len(text.rstrip())
    line, column = line_col(text, offset)
    width = 1
    expected: set[str] = set()
    found = ""
    if isinstance(exc, UnexpectedToken):
        # What the parser takes once the value before is complete (``accepts``), else
        # what the state it stopped in takes.
        expected = set(exc.accepts or ()) or _expected(exc, exc.expected)
        found = "the end of the file" if at_end else f"`{exc.token}`"
        if exc.token.type == "_NL":
            found = "the end of the line"
        elif not at_end:
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
        wanted = _join([_describe(t, front.literals) for t in expected]) if expected else "more"
    message = f"expected {wanted}, found {found}"
    hint: str | None = None
    slip = _slip(exc, front)
    if slip is not None:
        message, hint = f"{slip[0]}, found {found}", slip[1]
    brace = _unclosed_brace(text) if at_end else None
    if brace is not None:
        opened, _ = line_col(text, brace)
        opener = text[text.rfind("\n", 0, brace) + 1 : brace].strip()
        message = f"the file ends before the `{{` of `{opener} {{` (line {opened}) is closed"
        hint = "add the missing `}` where that block ends"
    elif re.match(_UNIT, text[offset:]) and re.search(r"[0-9][ \t]+\Z", text[:offset]):
        message = f"expected a unit right after the number, found a space before {found}"
        hint = "write amounts without a space: 20kg, 90s, 10%"
    elif (
        isinstance(exc, UnexpectedCharacters)
        and exc.char == "="
        and text[offset + 1 : offset + 2] != "="
    ):
        hint = "compare with `==` (or !=, <, <=, >, >=)"
    elif isinstance(exc, UnexpectedCharacters) and exc.char == '"':
        hint = "close the quoted text on the same line"
    return Diagnostic.make(path, Span.point(line, column, width), "T010", message, hint)


def tree_of(text: str) -> Tree[Token]:
    """The parse tree of a test file's text (for tests of the grammar itself)."""
    return _front().lark.parse(text)
