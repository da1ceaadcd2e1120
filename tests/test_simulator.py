"""The simulated athlete is honest enough to test the engine with.

Every log ``simulate --log-out`` writes passes the project's own log checks;
unilateral work is logged side by side, the weaker side weaker; check-ins come
before the sessions they describe; easy sets are logged as easy; runs go where
the program's running week says; the sweep's parameters do what they say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import PROGRAMS, REPO, invoke

from stridelift.core.check import check_path
from stridelift.core.engine import compile_program
from stridelift.core.engine.simulate import simulate
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.logs import Log, Run, SetRecord, read_log
from stridelift.plugins.athletes import DEFAULT_RUNS, PARAMS, STEADY, SteadyAthlete

SHIPPED = sorted(PROGRAMS.glob("*.stride"))
START = dt.date(2026, 1, 5)

#: Athletes across the sweep's ranges: (parameters, seed).
ATHLETES = [
    ({}, 1),
    ({"adherence": "0.6", "fatigue": "0.9", "breakdown": "0.8", "asymmetry": "0.2"}, 2),
    ({"strength": "2.5", "response": "0.05", "asymmetry": "0.1"}, 3),
    ({"strength": "0.5", "fatigue": "1", "adherence": "1", "runs": "2"}, 4),
]


@pytest.fixture(scope="module")
def plugins() -> Any:
    return make_plugin_manager(entry_points=False)


def _program(plugins: Any, path: Path) -> Any:
    checked = check_path(path, plugins).checked
    assert checked is not None, path
    return compile_program(checked)


def _simulated(plugins: Any, path: Path, seed: int = 1, weeks: int = 12, **params: float) -> Log:
    return simulate(_program(plugins, path), STEADY, params, seed, weeks, START)[1]


# ---------------------------------------------------------------- the log checks


@pytest.mark.parametrize("program", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize(("params", "seed"), ATHLETES)
@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_every_simulated_log_passes_the_log_checks(
    plugins: Any, tmp_path: Path, program: Path, params: dict[str, str], seed: int, suffix: str
) -> None:
    out = tmp_path / f"simulated{suffix}"
    given = [x for name, value in params.items() for x in ("--param", f"{name}={value}")]
    result = invoke(
        "simulate",
        str(program),
        "--weeks",
        "16",
        "--seed",
        str(seed),
        *given,
        "--log-out",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    reading = read_log(out, exercises=set(plugins.exercises.names()))
    assert [p.to_diagnostic().message for p in reading.problems] == []
    assert not reading.fatal
    assert reading.log.sets or params.get("adherence") == "0"


# ---------------------------------------------------------------- sides


def _sides(log: Log) -> dict[tuple[dt.date, str, int], dict[str, SetRecord]]:
    paired: dict[tuple[dt.date, str, int], dict[str, SetRecord]] = defaultdict(dict)
    for s in log.sets:
        if s.side is not None:
            paired[(s.date, s.exercise, s.set)][s.side] = s
    return paired


def test_unilateral_work_is_logged_per_side_the_weaker_side_weaker(plugins: Any) -> None:
    log = _simulated(plugins, PROGRAMS / "minimal-equipment.stride", asymmetry=0.2)
    paired = _sides(log)
    assert paired and all(set(p) == {"left", "right"} for p in paired.values())
    athlete = SteadyAthlete({"asymmetry": 0.2}, 1)
    weak, strong = athlete.weak_side, {"left": "right", "right": "left"}[athlete.weak_side]
    differ = [
        p for p in paired.values() if (p[weak].reps, p[weak].rpe) != (p[strong].reps, p[strong].rpe)
    ]
    assert len(differ) > len(paired) // 2
    harder = sum(
        1
        for p in paired.values()
        if (p[weak].reps or 0, -(p[weak].rpe or 0)) < (p[strong].reps or 0, -(p[strong].rpe or 0))
    )
    easier = sum(
        1
        for p in paired.values()
        if (p[weak].reps or 0, -(p[weak].rpe or 0)) > (p[strong].reps or 0, -(p[strong].rpe or 0))
    )
    assert harder > 5 * max(easier, 1)


def test_the_weaker_side_is_a_seeds_and_a_symmetric_athlete_has_none(plugins: Any) -> None:
    assert {SteadyAthlete({}, seed).weak_side for seed in range(20)} == {"left", "right"}
    log = _simulated(plugins, PROGRAMS / "minimal-equipment.stride", asymmetry=0.0)
    paired = _sides(log)
    gaps = [abs((p["left"].rpe or 0) - (p["right"].rpe or 0)) for p in paired.values()]
    assert sum(gaps) / len(gaps) < 1.0  # only the noise of the day


# ---------------------------------------------------------------- check-ins


@pytest.mark.parametrize("program", SHIPPED, ids=lambda p: p.stem)
def test_check_ins_come_the_day_before_or_the_day_of_the_sessions(
    plugins: Any, program: Path
) -> None:
    log = _simulated(plugins, program, seed=7, weeks=10)
    session_days = {s.date for s in log.sets}
    check_days = {c.date for c in log.checkins}
    assert check_days
    for day in session_days:
        assert day in check_days or day - dt.timedelta(days=1) in check_days, day
    for day in check_days:
        # A check-in describes a session of that day or the next, never one before it.
        assert day in session_days or day + dt.timedelta(days=1) in session_days, day
    assert min(check_days) >= START


def test_check_ins_are_filed_before_the_week_is_planned(
    plugins: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stridelift.core.engine import Evaluation

    calls: list[str] = []
    step = Evaluation.step

    def planned(self: Evaluation, *args: Any, **kwargs: Any) -> Any:
        # The week about to be planned already holds the check-ins of its sessions.
        entry = self.index.get(self.n + 1)
        calls.append(f"plan with {len(entry.checkins) if entry is not None else 0} check-ins")
        return step(self, *args, **kwargs)

    class Watched(SteadyAthlete):
        def check_ins(self, week_start: dt.date, sessions: Any, first: dt.date) -> list[Any]:
            calls.append("check in")
            return super().check_ins(week_start, sessions, first)

        def week(self, week: Any, units: str) -> list[Any]:
            calls.append("lift")
            return super().week(week, units)

    monkeypatch.setattr(Evaluation, "step", planned)
    model = STEADY.__class__(STEADY.name, STEADY.params, Watched)
    program = _program(plugins, PROGRAMS / "minimal-equipment.stride")  # tue and thu
    simulate(program, model, {"adherence": 1.0}, 3, 3, START)
    assert calls == ["check in", "plan with 2 check-ins", "lift"] * 3


def test_a_tired_athlete_checks_in_tired_and_lifts_less(plugins: Any) -> None:
    fresh = _simulated(plugins, PROGRAMS / "minimal-equipment.stride", seed=5, fatigue=0.0)
    tired = _simulated(plugins, PROGRAMS / "minimal-equipment.stride", seed=5, fatigue=1.0)

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    assert (
        mean([c.fatigue or 0 for c in tired.checkins])
        > mean([c.fatigue or 0 for c in fresh.checkins]) + 1.5
    )
    assert max(c.fatigue or 0 for c in tired.checkins) >= 7
    # Fatigue costs reps, and the plan answers it with fewer sets and held increases.
    assert sum(s.reps or 0 for s in tired.sets) < sum(s.reps or 0 for s in fresh.sets)


# ---------------------------------------------------------------- effort and form


def test_easy_sets_are_logged_as_easy_within_the_logs_range(plugins: Any) -> None:
    log = _simulated(plugins, PROGRAMS / "home-dumbbells.stride", strength=3.0)
    rpes = [s.rpe for s in log.sets if s.rpe is not None]
    assert min(rpes) < 5
    assert all(1 <= r <= 10 and (r * 2).is_integer() for r in rpes)


def test_form_frays_sooner_with_the_breakdown_tendency(plugins: Any) -> None:
    def poor(log: Log) -> int:
        return sum(1 for s in log.sets if s.form == "poor")

    steady = _simulated(plugins, PROGRAMS / "minimal-equipment.stride", seed=2, breakdown=0.0)
    fraying = _simulated(plugins, PROGRAMS / "minimal-equipment.stride", seed=2, breakdown=1.0)
    assert poor(fraying) > 2 * max(poor(steady), 1)


def test_adherence_is_the_chance_a_session_happens(plugins: Any) -> None:
    program = _program(plugins, PROGRAMS / "minimal-equipment.stride")
    scheduled = 12 * len(program.schedule)
    always = simulate(program, STEADY, {"adherence": 1.0}, 1, 12, START)[1]
    never = simulate(program, STEADY, {"adherence": 0.0}, 1, 12, START)[1]
    half = simulate(program, STEADY, {"adherence": 0.5}, 1, 12, START)[1]
    assert len({(s.date, s.session) for s in always.sets}) == scheduled
    assert never.sets == () and never.checkins == ()
    assert 0.25 * scheduled < len({(s.date, s.session) for s in half.sets}) < 0.75 * scheduled


# ---------------------------------------------------------------- runs


def _week(running: tuple[tuple[str, str], ...]) -> Any:
    from stridelift.core.logs.records import PlannedRun

    program = SimpleNamespace(running=tuple(PlannedRun(day, kind) for day, kind in running))  # type: ignore[arg-type]
    return SimpleNamespace(start=START, program=program, sessions=(), week=1)


def test_runs_go_where_the_programs_running_week_says() -> None:
    athlete = SteadyAthlete({"adherence": 1.0}, 1)
    runs = athlete.week(_week((("wed", "quality"), ("sun", "long"))), "kg")
    assert [(r.date.strftime("%a"), r.kind) for r in runs if isinstance(r, Run)] == [
        ("Wed", "quality"),
        ("Sun", "long"),
    ]


def test_without_a_running_week_runs_keep_the_common_week() -> None:
    athlete = SteadyAthlete({"adherence": 1.0}, 1)
    runs = [r for r in athlete.week(_week(()), "kg") if isinstance(r, Run)]
    assert [(r.date.strftime("%a").lower(), r.kind) for r in runs] == list(DEFAULT_RUNS)


# ---------------------------------------------------------------- the parameters


def test_every_parameter_is_documented_with_its_range() -> None:
    text = (REPO / "docs" / "engine.md").read_text(encoding="utf-8")
    section = text.split("## The simulator", 1)[1].split("\n## ", 1)[0]
    for name, (default, low, high, _) in PARAMS.items():
        row = re.search(rf"^\| `{name}` \| ([^|]+) \| ([^|]+) \|", section, re.M)
        assert row is not None, name
        assert row[1].strip() == f"{default:g}", name
        assert row[2].strip() == f"{low:g} to {high:g}", name
    assert [p.name for p in STEADY.params] == list(PARAMS)


@pytest.mark.parametrize("name", list(PARAMS))
def test_a_parameter_out_of_its_range_is_refused(name: str) -> None:
    _, low, high, _ = PARAMS[name]
    result = invoke(
        "simulate", "programs/minimal-equipment.stride", "--param", f"{name}={high + 1}"
    )
    assert result.exit_code == 2
    assert f"{name} must be between {low:g} and {high:g}" in result.stderr
