"""Each dynamic slot's generated weekly step (core/engine/slotstep.py), and the lean
path the fold takes to work out what a week shows."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO, invoke

from stridelift.core.check import check_path
from stridelift.core.engine import CompiledProgram, Evaluation, compile_program
from stridelift.core.engine.simulate import simulate
from stridelift.core.hooks.manager import make_plugin_manager

START = dt.date(2026, 1, 5)
PLUGINS = make_plugin_manager(entry_points=False)
PROGRAMS = sorted((REPO / "programs").glob("*.stride"))


def _compiled(path: Path) -> CompiledProgram:
    checked = check_path(path, PLUGINS).checked
    assert checked is not None
    return compile_program(checked)


def test_every_dynamic_slot_has_readable_generated_source() -> None:
    program = _compiled(REPO / "programs" / "marathon-year.stride")
    source = program.generated_source()
    tree = ast.parse(source)
    names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert names == [f"step_{slot.index}" for slot in program.dynamic]
    # A slot's step holds only what applies to it: the goblet squat's progression and
    # its week-level rule, no %1RM estimate, no snapshot for a rule's hold.
    squat = next(s for s in program.dynamic if s.name == "goblet_squat")
    assert squat.step_source is not None
    assert "# A/goblet_squat" in squat.step_source
    assert "PROGRESSION.first(m)" in squat.step_source
    assert "read once a week" in squat.step_source
    assert "_estimate" not in squat.step_source
    assert "st.copy()" not in squat.step_source
    # A line only the style moves has no progression to run.
    plank = next(s for s in program.dynamic if s.name == "side_plank")
    assert plank.step_source is not None
    assert "PROGRESSION" not in plank.step_source


def test_show_code_prints_the_generated_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("STRIDELIFT_SHOW_CODE", "1")
    result = invoke("plan", "programs/marathon-year.stride", "--week", "3", "--start", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    assert "def step_" in result.stderr
    assert "# A/goblet_squat" in result.stderr
    monkeypatch.delenv("STRIDELIFT_SHOW_CODE")
    quiet = invoke("plan", "programs/marathon-year.stride", "--week", "3", "--start", "2026-01-05")
    assert "def step_" not in quiet.stderr
    assert quiet.stdout == result.stdout


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.stem)
def test_what_the_fold_keeps_as_shown_is_what_the_week_shows(path: Path) -> None:
    """The fold works out each week's sets, reps and load without building the
    prescription (``Evaluation._light``); they must be the prescription's."""
    program = _compiled(path)
    model = PLUGINS.athlete_models.get("steady")
    assert model is not None
    length = program.weeks or 16
    for seed, params in (
        (1, {"adherence": 0.65}),
        (2, {"adherence": 0.95, "fatigue": 0.8, "breakdown": 0.3}),
    ):
        _, log = simulate(program, model, params, seed, length, START)
        evaluation = Evaluation(program, log, START)
        for _ in range(length):
            evaluation.step(explain=False)
            week = evaluation.current
            assert week is not None
            for slot in program.judged:
                st = evaluation.states[slot.index]
                values = evaluation._present(
                    slot, st, week.plan, week.deload, week.adjust.get(slot.index), None
                )
                shown = (values["sets"], values["reps"], values["load"])
                assert evaluation.shown[slot.index] == shown, (path.name, week.n, slot.key)


def test_a_clause_s_actions_are_one_generated_function() -> None:
    program = _compiled(REPO / "programs" / "marathon-year.stride")
    squat = next(s for s in program.dynamic if s.name == "goblet_squat")
    assert squat.progression is not None
    texts = [clause.text for clause in squat.progression.clauses]
    rise = squat.progression.clauses[texts.index("completed and rpe <= effort for every weeks")]
    assert "actor.load('+=', v)" in rise.source
    back_off = squat.progression.clauses[texts.index("not completed and form is poor")]
    assert "actor.load('-=', v)" in back_off.source
    assert "if actor.explain:" in back_off.source  # its note is only written when shown


def test_every_metric_the_checker_knows_is_read_by_the_engine() -> None:
    """A new metric name needs three things (docs/engine.md#adding-a-metric): the
    checker's entry, a ``Metrics`` attribute, and how it is read (a week-level metric
    set once a week, or a filler line that each slot's generated step runs inline)."""
    from stridelift.core.check.expressions import METRICS
    from stridelift.core.engine.clauses import WEEK_METRICS
    from stridelift.core.engine.fillers import filler_lines
    from stridelift.core.engine.metrics import Metrics

    for name in METRICS:
        assert name in Metrics.__slots__, name
        if name not in WEEK_METRICS:
            assert any(f"m.{name} = " in line for line in filler_lines(frozenset({name}))), name
