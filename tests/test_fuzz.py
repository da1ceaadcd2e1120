"""Fuzzing in the suite: hostile programs, logs and option values, at a bounded number
of derandomized examples, against the properties of ``tests/fuzzing/properties.py``.

Each test pairs a strategy (``tests/fuzzing/strategies.py``) with a property: every
command exits 0, 1 or 2 with no traceback and no internal error; ``fmt`` round-trips;
``plan`` is deterministic; simulated logs pass the log checks. ``tools/fuzz.py`` runs
the same pairs for a time budget (docs/fuzzing.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fuzzing import properties, strategies
from fuzzing.properties import Workspace
from fuzzing.strategies import Case
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

#: How a fuzz test runs in the suite: the same examples on every run and machine, and
#: no shrinking (it can take longer than the rest of the file); a failure shows how
#: its case was made, and tools/fuzz.py cuts a case down to a small reproducer.
BOUNDED = settings(
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


def bounded(examples: int) -> settings:
    return settings(BOUNDED, max_examples=examples)


@pytest.fixture(autouse=True, scope="module")
def _the_same_examples_whatever_else_is_collected() -> Iterator[None]:
    """Hypothesis mixes constants it finds in the project's imported modules into what
    it draws, so the derandomized examples here would change with the other test files
    collected beside this one. Without those
    constants, this file draws the same cases alone and in the whole suite. (An
    internal of hypothesis: if it moves, the examples merely vary again.)"""
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
        from hypothesis.internal.floats import float_to_int
        from sortedcontainers import SortedSet
    except ImportError:
        yield
        return

    def none() -> Constants:
        return Constants(
            integers=SortedSet(),
            floats=SortedSet(key=float_to_int),
            bytes=SortedSet(),
            strings=SortedSet(),
        )

    patch = pytest.MonkeyPatch()
    patch.setattr(providers, "_get_local_constants", none, raising=False)
    yield
    patch.undo()


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    ws = Workspace()
    yield ws
    ws.close()


def check(prop: Callable[[Case, Workspace], None], case: Case, ws: Workspace) -> None:
    """Run a property; on failure show how the case was made and every command's output."""
    try:
        prop(case, ws)
    except properties.Broken as broken:
        runs = "\n\n".join(run.shown() for run in broken.runs[-3:])
        pytest.fail(f"{broken.cause}\ncase: {case.how}\n{broken.detail}\n\n{runs}", False)


# ---------------------------------------------------------------- programs from the grammar


@bounded(40)
@given(strategies.program_cases(strategies.PROGRAMS, "from the grammar"))
def test_programs_from_the_grammar(workspace: Workspace, case: Case) -> None:
    check(properties.commands_behave, case, workspace)


@bounded(40)
@given(strategies.program_cases(strategies.GLUED_PROGRAMS, "from the grammar, glued"))
def test_programs_with_glued_tokens(workspace: Workspace, case: Case) -> None:
    check(properties.commands_behave, case, workspace)


@bounded(60)
@given(strategies.glued_keyword())
def test_a_keyword_glued_to_the_next_word_stays_an_error(workspace: Workspace, case: Case) -> None:
    check(properties.glued_keywords_stay_errors, case, workspace)


@bounded(40)
@given(strategies.program_cases(strategies.PROGRAMS, "from the grammar"))
def test_fmt_round_trips_on_programs_from_the_grammar(workspace: Workspace, case: Case) -> None:
    check(properties.fmt_round_trips, case, workspace)


# ---------------------------------------------------------------- mutated programs and logs


@bounded(40)
@given(strategies.mutated_programs())
def test_mutated_programs(workspace: Workspace, case: Case) -> None:
    check(properties.commands_behave, case, workspace)


@bounded(40)
@given(strategies.mutated_programs())
def test_fmt_round_trips_on_mutated_programs(workspace: Workspace, case: Case) -> None:
    check(properties.fmt_round_trips, case, workspace)


@bounded(40)
@given(strategies.mutated_logs())
def test_mutated_logs(workspace: Workspace, case: Case) -> None:
    check(properties.commands_behave, case, workspace)


@bounded(25)
@given(strategies.include_graphs())
def test_include_graphs(workspace: Workspace, case: Case) -> None:
    check(properties.commands_behave, case, workspace)


@bounded(40)
@given(strategies.cli_values())
def test_odd_option_values(workspace: Workspace, case: Case) -> None:
    check(properties.options_behave, case, workspace)


# ---------------------------------------------------------------- the engine's round trips


@bounded(20)
@given(st.one_of(strategies.shipped_programs(), strategies.mutated_programs()))
def test_plan_is_deterministic(workspace: Workspace, case: Case) -> None:
    check(properties.plan_is_deterministic, case, workspace)


@bounded(20)
@given(st.one_of(strategies.shipped_programs(), strategies.mutated_programs()))
def test_simulated_logs_pass_the_log_checks(workspace: Workspace, case: Case) -> None:
    check(properties.simulated_logs_pass_log_checks, case, workspace)


# ---------------------------------------------------------------- the harness itself


def test_every_shipped_program_keeps_every_property(workspace: Workspace) -> None:
    """The seeds the mutations start from are clean: a failure below is the mutation's."""
    for program, log in strategies._pairs():
        case = strategies.shipped_case(program, log)
        for prop in properties.PROPERTIES.values():
            if prop is not properties.glued_keywords_stay_errors:
                check(prop, case, workspace)


def test_every_keyword_of_the_grammar_has_a_strategy() -> None:
    """A keyword added to the grammar needs a word in the strategies, or from_lark
    cannot generate it (its lookahead is beyond hypothesis's regex generation)."""
    from lark import Lark

    from stridelift.grammar import grammar_text

    grammar = Lark(grammar_text(), parser="lalr", lexer="contextual")
    keywords = {t.name for t in grammar.terminals if t.pattern.value.endswith("(?![A-Za-z0-9_])")}
    keywords |= {"_X"}
    assert keywords - {"PER_SIDE", "QUANTITY"} == set(strategies.KEYWORDS)


# ---------------------------------------------------------------- what the fuzzer found
#
# Each finding of tools/fuzz.py, cut down to a few lines: the property it broke, on
# the smallest case that showed it. All are fixed; these keep them fixed.

RUNNING = """\
program "p" {
  units kg
  equipment kettlebell 16kg 20kg
  weeks 4
  schedule tue: A
%s  session A {
%s
  }
}
"""


def project(program: str, **files: str) -> Case:
    given = {"pyproject.toml": b"", "p.stride": program.encode()}
    given.update({name.replace("_", "."): text.encode() for name, text in files.items()})
    return Case(tuple(given.items()), "p.stride", "log.jsonl" if "log_jsonl" in files else None)


def test_an_empty_superset_with_a_time_budget_is_not_an_internal_error(
    workspace: Workspace,
) -> None:
    program = RUNNING % ("  time budget 30min\n", "    accessory superset {}")
    check(properties.commands_behave, project(program), workspace)


@pytest.mark.parametrize("written", ["3 x 08", "3 x 8 rest 99999999999999999999s"])
def test_fmt_keeps_every_number_as_written(workspace: Workspace, written: str) -> None:
    program = RUNNING % (
        "",
        f"    main goblet_squat {written} @ 16kg\n    main kettlebell_swing 3 x 8 @ 20kg",
    )
    check(properties.fmt_round_trips, project(program), workspace)


def test_a_simulated_log_of_an_exercise_written_twice_passes_the_log_checks(
    workspace: Workspace,
) -> None:
    twice = "    main goblet_squat 3 x 8 @ 16kg\n    main goblet_squat 3 x 8 @ 16kg"
    check(properties.simulated_logs_pass_log_checks, project(RUNNING % ("", twice)), workspace)


@pytest.mark.parametrize(
    ("where", "control"),
    [("program", "\x1b[2J"), ("program", "\f"), ("log", "\x1b[2J"), ("log", "\v")],
)
def test_quoted_lines_are_the_lines_named_and_print_no_control_characters(
    workspace: Workspace, where: str, control: str
) -> None:
    program = RUNNING % ("", "    main goblet_squat 3 x 8 @ 16kg")
    if where == "program":
        # A comment line holding the character, then a syntax error on the next line.
        broken = program.replace("weeks 4", f"# a note{control}here\n  weeks x {control}")
        case = project(broken)
    else:
        line = '{"type": "checkin", "date": "2026-01-05", "fatigue": 3,%s "soreness": 3}\n'
        then = '{"type": "checkin", "date": "2026-01-06", "fatigue": "high"}\n'
        case = project(program, log_jsonl=line % control + then)
    check(properties.commands_behave, case, workspace)


def test_a_syntax_error_shows_the_control_character_it_found_not_obeys_it(
    workspace: Workspace,
) -> None:
    """Found by tools/fuzz.py: an escape sequence where a name should be was echoed
    raw in the S001 message (`found `...``), colouring the terminal."""
    program = (RUNNING % ("", "    main goblet_squat 3 x 8 @ 16kg")).replace(
        "weeks 4", "weeks 4\n  progression p(o\x1b[31m) {}"
    )
    check(properties.commands_behave, project(program), workspace)


def test_fmt_round_trips_a_range_written_without_spaces(workspace: Workspace) -> None:
    """Found by tools/fuzz.py (a false alarm of the property's own number reader):
    `9.. 4` becomes `9..4`, and both numbers are still there."""
    program = RUNNING % ("", "    main goblet_squat 3 x 8 @ 16kg progress double(8.. 12, +4kg)")
    check(properties.fmt_round_trips, project(program), workspace)
