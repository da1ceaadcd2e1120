"""``stridelift plan``, ``history`` and ``simulate`` as a coach and a CI job run them.

Golden files in ``tests/golden/`` pin the plan for every shipped program and
log; regenerate them with ``STRIDELIFT_UPDATE_GOLDEN=1 python -m pytest
tests/test_engine_cli.py`` and review the diff like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, fenced_blocks, invoke

from stridelift.core.schemas import validator

GOLDEN = REPO / "tests" / "golden"
LOGS = sorted((REPO / "programs" / "logs").glob("*.*"))
UPDATE = os.environ.get("STRIDELIFT_UPDATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths in the output are as given on the command line: relative, as a coach types them.
    monkeypatch.chdir(REPO)


def _program_of(log: Path) -> str:
    return f"programs/{log.stem}.stride"


def _schema_errors(payload: Any) -> list[str]:
    return [
        f"{e.json_path}: {e.message}" for e in validator("plan.schema.json").iter_errors(payload)
    ]


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with STRIDELIFT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"plan changed: {path}"


def test_every_shipped_program_has_an_example_log() -> None:
    programs = {p.stem for p in (REPO / "programs").glob("*.stride")}
    assert programs == {log.stem for log in LOGS}


@pytest.mark.parametrize("log", LOGS, ids=lambda p: p.name)
def test_plan_text_is_pinned(log: Path) -> None:
    result = invoke("plan", _program_of(log), "--log", f"programs/logs/{log.name}")
    assert result.exit_code == 0, result.stderr
    _golden(f"{log.stem}.plan.txt", result.stdout)


@pytest.mark.parametrize("log", LOGS, ids=lambda p: p.name)
def test_plan_json_is_pinned_and_follows_the_schema(log: Path) -> None:
    result = invoke(
        "plan", _program_of(log), "--log", f"programs/logs/{log.name}", "--output-format", "json"
    )
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert _schema_errors(payload) == []
    _golden(f"{log.stem}.plan.json", result.stdout)


def test_the_same_program_and_log_give_the_same_bytes() -> None:
    args = ("plan", "programs/home-dumbbells.stride", "--log", "programs/logs/home-dumbbells.jsonl")
    assert invoke(*args).stdout == invoke(*args).stdout
    assert (
        invoke(*args, "--output-format", "json").stdout
        == invoke(*args, "--output-format", "json").stdout
    )


def test_plan_shows_dates_explanations_and_warnings() -> None:
    result = invoke(
        "plan",
        "programs/minimal-equipment.stride",
        "--log",
        "programs/logs/minimal-equipment.jsonl",
    )
    assert "week 9 of 12 (build), Mon 02 Mar 2026 to Sun 08 Mar 2026" in result.stdout
    assert 'session A "Squat and swing", Tue 03 Mar 2026' in result.stdout
    assert "bell_jump(10..15, +8kg) clause 8: completed and rpe <= effort + 1" in result.stdout
    assert "P301 session A on Tue 03 Mar is the day before a quality run" in result.stdout


def test_a_week_or_a_date_can_be_asked_for() -> None:
    base = ("plan", "programs/home-dumbbells.stride", "--log", "programs/logs/home-dumbbells.jsonl")
    by_week = json.loads(invoke(*base, "--week", "3", "--output-format", "json").stdout)
    by_date = json.loads(invoke(*base, "--date", "2026-01-22", "--output-format", "json").stdout)
    assert by_week["plan"]["week"] == by_date["plan"]["week"] == 3
    assert by_week == by_date


def test_a_missed_week_in_the_example_log_is_explained() -> None:
    result = invoke(
        "plan",
        "programs/home-dumbbells.stride",
        "--log",
        "programs/logs/home-dumbbells.jsonl",
        "--week",
        "7",
    )
    assert "no sets were logged in week 6: its prescriptions are repeated" in result.stdout


def test_explain_holds_says_why_nothing_changed() -> None:
    args = (
        "plan",
        "programs/home-dumbbells.stride",
        "--log",
        "programs/logs/home-dumbbells.jsonl",
        "--week",
        "5",
    )
    plain, explained = invoke(*args).stdout, invoke(*args, "--explain-holds").stdout
    assert "held:" not in plain
    assert "held: " in explained and "lighter week" in explained


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "13"), "the program has 12 weeks; week 13 is past its end"),
        (("--week", "0"), "week 0 does not exist"),
        (("--date", "2025-12-01"), "is before the program starts"),
        (("--date", "March"), "'March' is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_weeks_outside_the_program_are_refused(args: tuple[str, ...], message: str) -> None:
    result = invoke(
        "plan",
        "programs/minimal-equipment.stride",
        "--log",
        "programs/logs/minimal-equipment.jsonl",
        *args,
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_log_the_start_date_is_needed() -> None:
    result = invoke("plan", "programs/minimal-equipment.stride")
    assert result.exit_code == 2
    assert "pass --start YYYY-MM-DD" in result.stderr
    week1 = invoke("plan", "programs/minimal-equipment.stride", "--start", "2026-09-07")
    assert week1.exit_code == 0
    assert "week 1 of 12 (base), Mon 07 Sep 2026" in week1.stdout


def test_a_program_with_errors_is_not_evaluated(tmp_path: Path) -> None:
    bad = tmp_path / "bad.stride"
    bad.write_text('program "x" {\n  units kg\n  session A { main goblet_sqat 3 x 8 }\n}\n')
    result = invoke("plan", str(bad), "--start", "2026-01-05")
    assert result.exit_code == 1
    assert "unknown exercise `goblet_sqat`" in result.stderr
    assert "nothing was evaluated" in result.stderr


# ---------------------------------------------------------------- bad logs


def _log(tmp_path: Path, text: str, name: str = "log.jsonl") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD = (
    '{"type": "set", "date": "2026-01-06", "session": "A", "exercise": "goblet_squat", '
    '"set": 1, "reps": 8, "load": 16, "unit": "kg", "rpe": 7}\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace('"reps": 8', '"reps": "eight"'),
            ":1:1: L005 error: $.reps: `reps` must be a whole number",
        ),
        (
            GOOD.replace("goblet_squat", "goblet_sqaut"),
            ":1:1: L007 error: $.exercise: unknown exercise",
        ),
        (
            GOOD + GOOD.replace("2026-01-06", "2026-01-05").replace('"set": 1', '"set": 2'),
            ":2:1: L011 error: $.date: records must be in date order",
        ),
        (GOOD + GOOD, ":2:1: L010 error: $: duplicate of line 1"),
        (
            GOOD + GOOD.replace('"set": 1', '"set": 2')[:60],
            ":2:1: L004 error: $: the last line is cut off",
        ),
        ("", ": L003 error: the log is empty"),
    ],
    ids=["wrong type", "unknown exercise", "out of order", "duplicate", "truncated", "empty"],
)
def test_bad_logs_are_refused_with_the_line_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = _log(tmp_path, text)
    result = invoke("plan", "programs/minimal-equipment.stride", "--log", path)
    assert result.exit_code == 1
    assert f"{path}{expected}" in result.stderr
    assert "nothing was evaluated" in result.stderr or "cannot use the log" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_csv_cut_off_in_its_last_row_is_refused(tmp_path: Path) -> None:
    path = _log(
        tmp_path,
        "type,date,session,exercise,set,reps,load,unit,rpe\n"
        "set,2026-01-06,A,goblet_squat,1,8,16,kg,7\n"
        "set,2026-01-06,A,goblet_squat,2,8",
        "log.csv",
    )
    result = invoke("plan", "programs/minimal-equipment.stride", "--log", path)
    assert result.exit_code == 1
    assert f"{path}:3:1: L006 error: the last line is cut off" in result.stderr


def test_a_start_after_the_whole_log_plans_week_1_and_a_mismatch_is_said(tmp_path: Path) -> None:
    args = ("plan", "programs/home-dumbbells.stride", "--log", "programs/logs/home-dumbbells.jsonl")
    late = invoke(*args, "--start", "2027-01-04")
    assert late.exit_code == 0
    assert "week 1 of 12" in late.stdout
    assert "is dated on or after the start date 2027-01-04: week 1 is planned from" in late.stderr
    moved = invoke(*args, "--start", "2026-01-12")
    assert moved.exit_code == 0
    assert "--start 2026-01-12 replaces the log's start date 2026-01-05" in moved.stderr
    assert "record(s) of programs/logs/home-dumbbells.jsonl before the start date" in moved.stderr
    other = invoke(
        "plan",
        "programs/minimal-equipment.stride",
        "--log",
        "programs/logs/home-dumbbells.jsonl",
        "--week",
        "2",
    )
    assert other.exit_code == 0
    assert "is Kofi's log for programs/home-dumbbells.stride, not" in other.stderr


def test_skip_invalid_goes_on_and_says_what_it_left_out(tmp_path: Path) -> None:
    text = GOOD + GOOD.replace('"set": 1', '"set": 2').replace('"reps": 8', '"reps": -1')
    path = _log(tmp_path, text)
    result = invoke(
        "plan",
        "programs/minimal-equipment.stride",
        "--log",
        path,
        "--skip-invalid",
        "--output-format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert f"{path}:2:1: L005 error: $.reps:" in result.stderr
    assert "left out 1 invalid record(s)" in result.stderr and "line(s) 2" in result.stderr
    assert json.loads(result.stdout)["log"]["skipped_lines"] == [2]


def test_a_csv_log_in_pounds_is_read(tmp_path: Path) -> None:
    result = invoke(
        "plan",
        "programs/barbell-gym-lb.stride",
        "--log",
        "programs/logs/barbell-gym-lb.csv",
        "--output-format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["program"]["units"] == "lb"


# ---------------------------------------------------------------- history


def test_history_lists_each_week_with_what_was_done() -> None:
    result = invoke(
        "history",
        "programs/minimal-equipment.stride",
        "--log",
        "programs/logs/minimal-equipment.jsonl",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\nweek ") == 8
    # Week 1's session A was missed (the example athlete does 85 % of sessions).
    assert "A/goblet_squat" in result.stdout
    assert "8, 8, 8 @ 16kg rpe 5.5, 5.5, 6.5 form good" in result.stdout
    payload = json.loads(
        invoke(
            "history",
            "programs/minimal-equipment.stride",
            "--log",
            "programs/logs/minimal-equipment.jsonl",
            "--output-format",
            "json",
        ).stdout
    )
    assert _schema_errors(payload) == []
    assert [w["week"] for w in payload["weeks"]] == list(range(1, 9))
    assert "A/goblet_squat" not in payload["weeks"][0]["done"]
    assert payload["weeks"][1]["done"]["A/goblet_squat"]["sets"] == 3


# ---------------------------------------------------------------- simulate


def test_simulate_is_deterministic_for_a_seed_and_varies_with_it() -> None:
    args = ("simulate", "programs/marathon-year.stride", "--weeks", "12")
    first, again = invoke(*args, "--seed", "4"), invoke(*args, "--seed", "4")
    other = invoke(*args, "--seed", "5")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == again.stdout
    assert first.stdout != other.stdout
    assert "simulated athlete: steady(" in first.stdout and "seed 4" in first.stdout


def test_simulate_json_follows_the_schema_and_its_log_replays(tmp_path: Path) -> None:
    log = tmp_path / "sim.jsonl"
    result = invoke(
        "simulate",
        "programs/minimal-equipment.stride",
        "--weeks",
        "6",
        "--param",
        "adherence=1",
        "--log-out",
        str(log),
        "--output-format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    simulated = json.loads(result.stdout)
    assert _schema_errors(simulated) == []
    # The log the athlete wrote gives the same plan again, through the ordinary path.
    replay = invoke(
        "plan",
        "programs/minimal-equipment.stride",
        "--log",
        str(log),
        "--start",
        "2026-01-05",
        "--week",
        "6",
        "--output-format",
        "json",
    )
    assert replay.exit_code == 0, replay.stderr
    week6 = simulated["weeks"][5]
    assert json.loads(replay.stdout)["plan"]["sessions"] == week6["sessions"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--athlete", "stedy"), "no athlete model 'stedy'"),
        (("--param", "adherance=0.5"), "has no parameter 'adherance'"),
        (("--param", "adherence"), "is not NAME=NUMBER"),
        (("--param", "strength=0"), "strength must be between 0.1 and 10, got 0"),
        (("--param", "adherence=2"), "adherence must be between 0 and 1, got 2"),
        (("--param", "response=nan"), "is not a finite number"),
        (("--weeks", "0"), "0 is not in the range 1<=x<=104"),
        (("--weeks", "99999999999999999999"), "is not in the range 1<=x<=104"),
        (("--log-out", "/nonexistent/folder/x.jsonl"), "cannot write /nonexistent/folder/x.jsonl"),
    ],
)
def test_simulate_refuses_unknown_models_and_parameters(
    args: tuple[str, ...], message: str
) -> None:
    result = invoke("simulate", "programs/minimal-equipment.stride", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# ---------------------------------------------------------------- docs/engine.md


def test_the_worked_example_in_the_engine_guide_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = {b.info: b.text for b in fenced_blocks(REPO / "docs" / "engine.md")}
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "week.stride").write_text(blocks["stride file=week.stride"])
    (tmp_path / "week.jsonl").write_text(blocks["jsonl file=week.jsonl"])
    command, _, shown = blocks["console"].partition("\n")
    assert command == "$ stridelift plan week.stride --log week.jsonl"
    monkeypatch.chdir(tmp_path)
    result = invoke("plan", "week.stride", "--log", "week.jsonl")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown


def test_a_session_the_program_does_not_have_is_noted_and_its_sets_count(tmp_path: Path) -> None:
    sets = "".join(
        GOOD.replace('"session": "A"', '"session": "Z"').replace('"set": 1', f'"set": {n}')
        for n in (1, 2, 3)
    )
    path = _log(tmp_path, sets)
    result = invoke(
        "plan", "programs/minimal-equipment.stride", "--log", path, "--output-format", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert "names session(s) Z that programs/minimal-equipment.stride does not have" in (
        result.stderr
    )
    session_a = json.loads(result.stdout)["plan"]["sessions"][0]
    squat = next(e for e in session_a["exercises"] if e["slot"] == "A/goblet_squat")
    assert squat["amount"]["value"] == 9  # the three logged sets counted: one more rep


@pytest.mark.parametrize("date", ["9999-12-20", "0001-01-01"])
def test_a_start_outside_the_calendar_is_a_usage_error(date: str) -> None:
    """Near year 9999 the weeks of a program would run off the calendar; year 1 would
    print as "Mon 01 Jan 1". Both are refused where they are read."""
    for command in ("plan", "simulate"):
        result = invoke(command, "programs/minimal-equipment.stride", "--start", date)
        assert result.exit_code == 2, result.stderr
        assert "use dates from 1900-01-01 to 2999-12-31" in result.stderr
        assert "internal error" not in result.stderr
