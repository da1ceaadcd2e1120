"""The running week: planned runs in the program and the athlete record, the warnings
about heavy legs near hard runs that read them, the week shown in the plan, and the
race calendar placing the taper. Through the real command line, with real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import CLI_ENV, invoke, write

from stridelift.core import schemas

START = "2027-01-04"  # a Monday

PROGRAM = """\
program "Run week" {{
  units kg
  equipment kettlebell 16kg 24kg, bodyweight
  weeks 8
  periodization block(base: 4, build: 2, taper: 2)
  schedule tue: A, thu: B
  {running}
  session A {{ main goblet_squat 3 x 8 @ 16kg }}
  session B {{ main goblet_squat 3 x 8 @ 16kg }}
}}
"""


def _athlete(**fields: Any) -> str:
    return json.dumps({"type": "athlete", "name": "Sam", **fields}) + "\n"


def plan(
    tmp_path: Path, running: str, log: str | None = None, *args: str
) -> tuple[dict[str, Any], str]:
    """The plan as JSON (checked against the schema) and as text."""
    program = write(tmp_path, "p.stride", PROGRAM.format(running=running))
    extra = ["--start", START, *args]
    if log is not None:
        extra += ["--log", str(write(tmp_path, "log.jsonl", log))]
    done = invoke("plan", str(program), *extra, "--output-format", "json", env=CLI_ENV)
    assert done.exit_code == 0, done.stderr
    payload = json.loads(done.stdout)
    errors = list(schemas.validator("plan.schema.json").iter_errors(payload))
    assert not errors, errors
    text = invoke("plan", str(program), *extra, env=CLI_ENV)
    assert text.exit_code == 0, text.stderr
    return payload, text.stdout


def warnings(payload: dict[str, Any], code: str) -> list[str]:
    return [w["message"] for w in payload["plan"]["warnings"] if w["code"] == code]


def test_a_session_the_day_before_a_planned_quality_run_is_warned(tmp_path: Path) -> None:
    payload, _ = plan(tmp_path, "running wed: quality 45min, sun: long 18km")
    assert warnings(payload, "P301") == [
        "session A on Tue 05 Jan is the day before a quality run (Wed quality 45min, as the "
        "program plans): keep heavy legs 24 h clear of quality and long runs (Doma 2013, 2017)"
    ]
    assert warnings(payload, "P302") == []


def test_a_session_on_the_day_of_a_quality_run_says_lift_after_it(tmp_path: Path) -> None:
    payload, text = plan(tmp_path, "running thu: quality, sat: easy")
    assert warnings(payload, "P302") == [
        "session B falls on the day of a quality run (Thu quality, as the program plans): "
        "lift after the run, at least 3 h later (Robineau 2016, Schumann 2022)"
    ]
    assert "lift after the run, at least 3 h later" in text
    assert warnings(payload, "P301") == []  # Tuesday's session is two days before


def test_an_easy_run_near_a_session_is_not_warned(tmp_path: Path) -> None:
    payload, _ = plan(tmp_path, "running wed: easy, thu: easy")
    assert warnings(payload, "P301") == warnings(payload, "P302") == []


def test_the_athlete_records_runs_beat_the_programs(tmp_path: Path) -> None:
    # The program plans Wednesday's quality run (the day after A); this athlete runs
    # it on Friday (the day after B), and the record says so.
    log = _athlete(runs=[{"day": "fri", "kind": "quality", "duration_min": 40}])
    payload, text = plan(tmp_path, "running wed: quality", log)
    assert [m.split(" is the day")[0] for m in warnings(payload, "P301")] == [
        "session B on Thu 07 Jan"
    ]
    assert "(Fri quality 40min, as the athlete record plans)" in warnings(payload, "P301")[0]
    assert payload["plan"]["running"] == {
        "from": "athlete",
        "runs": [
            {
                "date": "2027-01-08",
                "day": "fri",
                "kind": "quality",
                "duration_min": 40,
                "distance_km": None,
            }
        ],
    }
    assert (
        "the week: Mon rest, Tue lift A, Wed rest, Thu lift B, Fri run quality 40min, "
        "Sat rest, Sun rest (runs from the athlete record)"
    ) in text


def test_the_plan_shows_which_days_run_and_which_lift(tmp_path: Path) -> None:
    payload, text = plan(tmp_path, "running tue: easy 30min, wed: quality 45min, sat: long 18km")
    assert (
        "  the week: Mon rest, Tue lift A + run easy 30min, Wed run quality 45min, Thu lift B, "
        "Fri rest, Sat run long 18km, Sun rest (runs from the program)\n"
    ) in text
    assert payload["plan"]["running"]["from"] == "program"
    assert [(r["day"], r["kind"], r["duration_min"], r["distance_km"]) for r in
            payload["plan"]["running"]["runs"]] == [
        ("tue", "easy", 30, None),
        ("wed", "quality", 45, None),
        ("sat", "long", None, 18),
    ]  # fmt: skip


def test_last_weeks_hard_run_counts_on_a_day_the_plan_leaves_open(tmp_path: Path) -> None:
    # Week 1 ran long on Friday; the plan names Wednesday only. Week 2's Thursday
    # session is the day before Friday: warned, from the log.
    log = "".join(
        json.dumps(r) + "\n"
        for r in (
            {"type": "athlete", "name": "Sam"},
            {"type": "run", "date": "2027-01-08", "kind": "long", "distance_km": 20,
             "duration_min": 110},
        )
    )  # fmt: skip
    payload, _ = plan(tmp_path, "running wed: easy", log, "--week", "2")
    assert [m.split(": keep")[0] for m in warnings(payload, "P301")] == [
        "session B on Thu 14 Jan is the day before a long run (Fri, as run last week)"
    ]


def test_a_planned_easy_day_overrides_last_weeks_log(tmp_path: Path) -> None:
    # Last Friday was a hard run, but this week's plan says Friday is easy.
    log = _athlete() + json.dumps(
        {"type": "run", "date": "2027-01-08", "kind": "quality", "distance_km": 9,
         "duration_min": 45}
    ) + "\n"  # fmt: skip
    payload, _ = plan(tmp_path, "running fri: easy", log, "--week", "2")
    assert warnings(payload, "P301") == []


def _phases(tmp_path: Path, log: str | None, *args: str) -> list[str]:
    """Each week's phase, from ``plan --week N``."""
    program = write(tmp_path, "p.stride", PROGRAM.format(running="running sat: long"))
    extra = ["--start", START, *args]
    if log is not None:
        extra += ["--log", str(write(tmp_path, "log.jsonl", log))]
    found = []
    for week in range(1, 9):
        done = invoke(
            "plan", str(program), *extra, "--week", str(week), "--output-format", "json",
            env=CLI_ENV,
        )  # fmt: skip
        assert done.exit_code == 0, done.stderr
        found.append(json.loads(done.stdout)["plan"]["phase"])
    return found


def test_the_race_calendar_places_the_taper_before_the_first_goal_race(tmp_path: Path) -> None:
    written = _phases(tmp_path, None)
    assert written[-2:] == ["taper", "taper"]
    # A goal race in week 6 (Sun 14 Feb): the taper ends there, a recovery after it. A
    # tune-up in week 3 and last year's race do not move it.
    log = _athlete(
        races=[
            {"date": "2026-10-04", "name": "Last autumn"},
            {"date": "2027-01-24", "name": "Tune-up 10K", "distance_km": 10, "goal": False},
            {"date": "2027-02-14", "name": "Goal half", "distance_km": 21.1},
            {"date": "2027-05-02", "name": "Next block's marathon"},
        ]
    )
    from_calendar = _phases(tmp_path, log)
    assert from_calendar == _phases(tmp_path, None, "--race", "2027-02-14")
    assert from_calendar[4:6] == ["taper", "taper"], from_calendar
    assert from_calendar != written


def test_race_beats_the_programs_race_line_and_the_option_beats_both(tmp_path: Path) -> None:
    log = _athlete(races=[{"date": "2027-02-14"}])
    program = write(
        tmp_path,
        "p.stride",
        PROGRAM.format(running="race 2027-02-28"),
    )
    for args, race in (
        ((), "2027-02-14"),
        (("--race", "2027-02-07"), "2027-02-07"),
    ):
        done = invoke(
            "plan", str(program), "--start", START, "--log", str(write(tmp_path, "l.jsonl", log)),
            *args, "--output-format", "json", env=CLI_ENV,
        )  # fmt: skip
        assert done.exit_code == 0, done.stderr
        assert json.loads(done.stdout)["race"] == race
