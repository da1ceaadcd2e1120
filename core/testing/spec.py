"""A test file as written (``*.stride-test``): the program it names, and its tests.

:mod:`.parse` builds these from the text (``grammar/stride_test.lark``); the
runner (:mod:`.runner`) resolves them against the compiled program. Every node
keeps the span of its text in the test file, excluded from equality, so a
problem or a failing assertion is shown where it is written. ``docs/testing.md``
is the reference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from stridelift.core.source import NO_SPAN, Span

#: What a value is, as written: ``number`` (8), ``quantity`` (20kg, 90s), ``percent``
#: (10%), ``tempo`` (3-1-1-0), ``date`` (2026-01-05), ``word`` (a name), ``slot``
#: (``A/goblet_squat``), ``band`` (``band medium``), ``bodyweight``, ``effort``
#: (``rpe 8``), ``string`` (quoted text) and ``param`` (``$name``: a table's value).
VALUE_KINDS = (
    "number",
    "quantity",
    "percent",
    "tempo",
    "date",
    "word",
    "slot",
    "band",
    "bodyweight",
    "effort",
    "string",
    "param",
)


@dataclass(frozen=True, slots=True)
class Value:
    """One value as written: its kind, its text, and what it says.

    ``number`` holds the figure of a number, quantity, percentage or effort;
    ``unit`` the unit of a quantity (``kg``, ``s``) or an effort's kind (``rpe``);
    ``word`` the name of a word, slot, band level or ``$name``, or a string's text."""

    kind: str
    text: str
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)
    number: float | None = None
    unit: str = ""
    word: str = ""


@dataclass(frozen=True, slots=True)
class Arg:
    """``adherence: 0.8``: one parameter of an athlete model."""

    name: str
    value: Value
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Athlete:
    """``athlete steady(adherence: 0.8)``: a simulated athlete."""

    model: str
    args: tuple[Arg, ...]
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)
    model_span: Span = dataclasses.field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Seeds:
    """``seeds 1..5, 9``: each seed (or range of seeds) runs the athlete once."""

    items: tuple[tuple[Value, Value | None], ...]
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Setting:
    """One line of a test's input: ``log``, ``weeks``, ``start``, ``race`` or ``skip``."""

    name: str
    value: Value
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


#: Which weeks an assertion judges: ``week`` (one), ``weeks`` (a range), ``every``,
#: ``no`` and ``some``.
SELECTORS = ("week", "weeks", "every", "no", "some")


@dataclass(frozen=True, slots=True)
class Selector:
    kind: str
    first: Value | None = None
    last: Value | None = None
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


#: What an assertion checks in a week: ``compare`` (a line's field against a value),
#: ``rises`` (a field going up from the week before), ``has_pattern`` and
#: ``has_exercise`` (the week holds such work), ``sound`` (the audit finds nothing),
#: ``skipped`` (a line left out of the week, before a race).
CHECKS = ("compare", "rises", "has_pattern", "has_exercise", "sound", "skipped")

#: The fields of a line an assertion may name; ``anything`` only rises.
FIELDS = ("sets", "reps", "load", "tempo", "rest", "effort", "exercise")

#: The weeks a rise may follow: ``missed`` (nothing of the line logged), ``failed``
#: (missed reps), ``poor form`` and ``tired`` (fatigue or soreness at the hold).
AFTER = ("missed", "failed", "poor form", "tired")


@dataclass(frozen=True, slots=True)
class Check:
    kind: str
    slot: Value | None = None
    field: str | None = None
    op: str | None = None
    value: Value | None = None
    after: str | None = None
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Assertion:
    """``week 3: goblet_squat load == 20kg``: the weeks, then what holds in them."""

    selector: Selector
    check: Check
    #: The line as written (``week 3: goblet_squat load == 20kg``), for messages.
    text: str
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class Table:
    """``where { a | b ... }``: the column names, then a row of values per case."""

    columns: tuple[Value, ...]
    rows: tuple[tuple[Value, ...], ...]
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)
    #: Each row's span (its line), in order.
    row_spans: tuple[Span, ...] = dataclasses.field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class ProgramTest:
    """One ``test "name" { ... }`` block."""

    name: str
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)
    name_span: Span = dataclasses.field(default=NO_SPAN, compare=False)
    log: Setting | None = None
    athlete: Athlete | None = None
    seeds: Seeds | None = None
    weeks: Setting | None = None
    start: Setting | None = None
    race: Setting | None = None
    skip: Setting | None = None
    assertions: tuple[Assertion, ...] = ()
    table: Table | None = None

    def values(self) -> Iterator[Value]:
        """Every value the test's input and assertions hold (not its table's)."""
        for setting in (self.log, self.weeks, self.start, self.race):
            if setting is not None:
                yield setting.value
        if self.athlete is not None:
            yield from (arg.value for arg in self.athlete.args)
        if self.seeds is not None:
            for first, last in self.seeds.items:
                yield first
                if last is not None:
                    yield last
        for assertion in self.assertions:
            selector, check = assertion.selector, assertion.check
            for value in (selector.first, selector.last, check.slot, check.value):
                if value is not None:
                    yield value


@dataclass(frozen=True, slots=True)
class Suite:
    """A parsed test file: the program it names (its path as written), and its tests
    (named so that pytest does not take it for a test class)."""

    program: Value | None
    tests: tuple[ProgramTest, ...]
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)
