"""Athletes' logs: reading both formats, every problem a runner can make, writing them back.

Logs are real files in ``tmp_path`` (or the fixtures under ``tests/fixtures/logs``)
read through :func:`read_log`, the way the commands read them; messages are
asserted word for word, as a runner would see them. The examples in
``docs/logs.md`` are read here too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import fenced_blocks, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelift.core import schemas
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.logs import (
    AssessmentResult,
    Athlete,
    CheckIn,
    Log,
    LogProblem,
    LogReading,
    Record,
    Run,
    SetRecord,
    csv_columns,
    dumps_csv,
    dumps_jsonl,
    parse_log,
    read_log,
    to_json,
    write_csv,
    write_jsonl,
)
from stridelift.core.logs.messages import explain_errors
from stridelift.core.units import KG_PER_LB

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "logs"
DOCS = ROOT / "docs" / "logs.md"
D = dt.date


@cache
def catalog() -> frozenset[str]:
    return frozenset(make_plugin_manager(entry_points=False).exercises.names())


def shown(reading: LogReading) -> list[str]:
    """The problems as their text (file paths cut to the file's name)."""
    lines = []
    for problem in reading.problems:
        lines.append(str(dataclasses.replace(problem, path=Path(problem.path).name)))
        if problem.hint:
            lines.append(f"  hint: {problem.hint}")
    return lines


def shown_as_findings(reading: LogReading) -> list[str]:
    """The problems as the command line prints them, without the quoted line (file
    paths cut to the file's name)."""
    lines = []
    for problem in reading.problems:
        found = dataclasses.replace(problem, path=Path(problem.path).name).to_diagnostic()
        where = found.path + (f":{found.span.line}:{found.span.column}" if found.span.line else "")
        lines.append(f"{where}: {found.code} {found.severity}: {found.message}")
        if found.hint:
            lines.append(f"  hint: {found.hint}")
    return lines


def only(reading: LogReading) -> LogProblem:
    assert len(reading.problems) == 1, shown(reading)
    return reading.problems[0]


def jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


SQUAT = {
    "type": "set",
    "date": "2026-03-03",
    "session": "A",
    "exercise": "goblet_squat",
    "set": 1,
    "reps": 8,
    "load": 16,
    "unit": "kg",
    "rpe": 7.5,
}


def squat(**changes: object) -> dict[str, object]:
    record = {**SQUAT, **changes}
    return {key: value for key, value in record.items() if value is not None}


def read_one(tmp_path: Path, record: dict[str, object], **options: object) -> LogReading:
    return read_log(write(tmp_path, "log.jsonl", jsonl(record)), **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------- good logs


def test_a_week_reads_the_same_from_jsonl_and_csv() -> None:
    from_jsonl = read_log(FIXTURES / "week.jsonl", exercises=catalog())
    from_csv = read_log(FIXTURES / "week.csv", exercises=catalog())
    assert from_jsonl.ok and from_csv.ok, shown(from_jsonl) + shown(from_csv)
    assert not from_jsonl.fatal and from_jsonl.skipped == ()
    assert from_jsonl.log.records == from_csv.log.records
    log = from_jsonl.log
    assert log.athlete == Athlete("Sam Runner", D(2026, 3, 2), "programs/minimal.stride")
    assert (len(log.sets), len(log.checkins), len(log.runs)) == (15, 2, 3)
    assert (log.first_date, log.last_date) == (D(2026, 3, 3), D(2026, 3, 8))
    assert log.sets[2] == SetRecord(
        D(2026, 3, 3), "goblet_squat", 1, session="A", reps=8, load=16.0, unit="kg", rpe=7.0
    )
    assert log.runs[-1] == Run(D(2026, 3, 8), "long", 18.5, 105.0, 6.5, 172.0, 148.0)


def test_records_remember_their_line() -> None:
    log = read_log(FIXTURES / "week.jsonl").log
    assert [record.line for record in log.records] == list(range(1, 22))
    csv_log = read_log(FIXTURES / "week.csv").log
    assert [record.line for record in csv_log.records] == list(range(2, 23))


def test_the_fixtures_are_in_canonical_form() -> None:
    for name, dumps in (("week.jsonl", dumps_jsonl), ("week.csv", dumps_csv)):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        assert dumps(read_log(FIXTURES / name).log) == text, name


def test_values_have_the_models_types(tmp_path: Path) -> None:
    reading = read_one(tmp_path, squat(set=2.0, reps=8.0, load=16))
    assert reading.ok, shown(reading)
    record = reading.log.sets[0]
    assert type(record.set) is int and type(record.reps) is int  # JSON 8.0 is a whole number
    assert type(record.load) is float and type(record.rpe) is float
    assert record.date == D(2026, 3, 3)


def test_comments_blank_lines_and_windows_line_endings(tmp_path: Path) -> None:
    text = "# my log\r\n\r\n   \r\n" + jsonl(SQUAT).replace("\n", "\r\n") + "  # done\r\n"
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert reading.ok, shown(reading)
    assert [s.line for s in reading.log.sets] == [4]


def test_csv_tolerates_what_spreadsheets_write(tmp_path: Path) -> None:
    text = (
        "\ufefftype, date ,exercise,set,reps,load,unit,name,,\r\n"
        'athlete,,,,,,,"Runner, Sam",,\r\n'
        ",,,,,,,,,\r\n"
        "set, 2026-03-03 , goblet_squat ,1, 8 ,16.0,kg,,,\r\n"
        "set,2026-03-03,goblet_squat,2,8,1.6e1,kg\r\n"
    )
    reading = read_log(write(tmp_path, "log.csv", text))
    assert reading.ok, shown(reading)
    assert reading.log.athlete == Athlete(name="Runner, Sam")
    assert [(s.set, s.reps, s.load) for s in reading.log.sets] == [(1, 8, 16.0), (2, 8, 16.0)]
    assert [s.line for s in reading.log.sets] == [4, 5]


def test_a_csv_value_over_two_lines_keeps_the_line_numbers_right(tmp_path: Path) -> None:
    text = (
        "type,date,exercise,set,reps,name\n"
        'athlete,,,,,"Sam\nRunner"\n'
        "set,2026-03-03,goblet_squat,1,eight,\n"
    )
    assert shown(read_log(write(tmp_path, "log.csv", text))) == [
        "log.csv:2: $.name: `name` must be one line of text that does not start or end with "
        'a space, got "Sam\\nRunner"',
        "log.csv:4: $.reps: 'eight' is not a whole number",
        "  hint: write a whole number, like 8",
    ]


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("log.jsonl", jsonl(SQUAT), "jsonl"),
        ("log.ndjson", jsonl(SQUAT), "jsonl"),
        ("log.json", jsonl(SQUAT), "jsonl"),
        ("log.JSONL", jsonl(SQUAT), "jsonl"),
        ("log.txt", "# sniffed\n" + jsonl(SQUAT), "jsonl"),
        ("log", "type,date,exercise,set,reps\nset,2026-03-03,goblet_squat,1,8\n", "csv"),
        ("log.csv", "type,date,exercise,set,reps\nset,2026-03-03,goblet_squat,1,8\n", "csv"),
    ],
)
def test_the_format_comes_from_the_extension_or_the_text(
    tmp_path: Path, name: str, text: str, kind: str
) -> None:
    reading = read_log(write(tmp_path, name, text))
    assert reading.ok, shown(reading)
    assert len(reading.log.sets) == 1
    forced = parse_log(text, name, format=kind)  # type: ignore[arg-type]
    assert forced.log.sets == reading.log.sets


def test_exercise_names_are_only_checked_against_a_catalog_when_given(tmp_path: Path) -> None:
    assert read_one(tmp_path, squat(exercise="my_own_drill")).ok


def test_both_sides_of_a_set_are_not_duplicates(tmp_path: Path) -> None:
    left = squat(exercise="split_squat", side="left")
    right = squat(exercise="split_squat", side="right")
    reading = read_log(write(tmp_path, "log.jsonl", jsonl(left, right)))
    assert reading.ok, shown(reading)


def test_records_of_one_day_may_come_in_any_order(tmp_path: Path) -> None:
    text = jsonl(
        {"type": "run", "date": "2026-03-03", "kind": "easy", "distance_km": 5, "duration_min": 30},
        squat(),
        {"type": "checkin", "date": "2026-03-03", "fatigue": 3},
    )
    assert read_log(write(tmp_path, "log.jsonl", text)).ok


# ---------------------------------------------------------------- bad records, in a runner's words


def test_the_jsonl_fixture_reports_every_problem() -> None:
    reading = read_log(FIXTURES / "problems.jsonl", exercises=catalog())
    expected = (FIXTURES / "problems.jsonl.expected").read_text(encoding="utf-8")
    assert shown(reading) == expected.splitlines()
    assert reading.skipped == (4, 5, 6, 8, 9, 10, 11, 12)
    assert [record.line for record in reading.log.records] == [1, 3, 7]
    assert not reading.fatal


def test_the_csv_fixture_reports_every_problem() -> None:
    reading = read_log(FIXTURES / "problems.csv", exercises=catalog())
    expected = (FIXTURES / "problems.csv.expected").read_text(encoding="utf-8")
    assert shown(reading) == expected.splitlines()
    assert reading.skipped == (3, 4, 5, 6, 7, 8, 10, 11)
    assert [record.line for record in reading.log.records] == [2]


@pytest.mark.parametrize(
    ("changes", "expected", "hint"),
    [
        ({"reps": "eight"}, '$.reps: `reps` must be a whole number, got "eight"', ""),
        ({"reps": 8.5}, "$.reps: `reps` must be a whole number, got 8.5", ""),
        ({"reps": "8"}, '$.reps: `reps` must be a whole number, got "8"', "without quotes: 8"),
        ({"load": True}, "$.load: `load` must be a number, got true", ""),
        ({"session": 1}, "$.session: `session` must be text, got 1", ""),
        ({"form": "bad"}, '$.form: `form` must be one of good, ok, poor, got "bad"', ""),
        ({"side": "lft"}, '$.side: `side` must be one of left, right, got "lft"', "`left`"),
        ({"rpe": 11}, "$.rpe: `rpe` must be between 1 and 10, got 11", ""),
        ({"rpe": 7.3}, "$.rpe: `rpe` must be in half steps (like 7 or 7.5), got 7.3", ""),
        ({"reps": -1}, "$.reps: `reps` must be between 0 and 1000, got -1", ""),
        ({"set": 0}, "$.set: `set` must be between 1 and 100, got 0", ""),
        ({"rir": 10.5, "rpe": None}, "$.rir: `rir` must be between 0 and 10, got 10.5", ""),
        ({"unit": None}, "$.load: `load` needs a `unit` (kg or lb)", ""),
        ({"exercise": None}, "$: a set needs `exercise`", "`exercise`: The exercise's"),
        (
            {"reps": None},
            "$: a set needs at least one of `reps`, `seconds` or `distance_m`",
            "",
        ),
        ({"wieght": 16}, "$.wieght: unknown field `wieght`", "did you mean `load`?"),
        ({"rpee": 7}, "$.rpee: unknown field `rpee`", "did you mean `rpe`?"),
        ({"fatigue": 3}, "$.fatigue: unknown field `fatigue`", "of a check-in, not of a set"),
        ({"notes": "easy"}, "$.notes: unknown field `notes`", "the fields of a set are `type`"),
        (
            {"date": "5/3/2026"},
            '$.date: `date` must be a date written YYYY-MM-DD, got "5/3/2026"',
            "for example 2026-03-05",
        ),
        (
            {"date": "2026-02-30"},
            '$.date: `date` must be a real day of the calendar, got "2026-02-30"',
            "",
        ),
        (
            {"exercise": "Goblet Squat"},
            '$.exercise: `exercise` must be a catalog name in lower_snake_case, got "Goblet Squat"',
            "did you mean `goblet_squat`?",
        ),
        (
            {"session": "A 1"},
            "$.session: `session` must be a name of letters, digits and underscores, as the "
            'program writes it, got "A 1"',
            "did you mean `A_1`?",
        ),
        (
            {"type": "sets"},
            '$.type: `type` must be one of set, checkin, run, assessment, athlete, got "sets"',
            "`set`",
        ),
        (
            {"type": None},
            "$: a record needs `type`: one of set, checkin, run, assessment, athlete",
            "",
        ),
    ],
)
def test_a_bad_set_is_explained(
    tmp_path: Path, changes: dict[str, object], expected: str, hint: str
) -> None:
    reading = read_one(tmp_path, squat(**changes))
    problem = only(reading)
    assert str(problem) == f"{tmp_path / 'log.jsonl'}:1: {expected}"
    assert hint in problem.hint if hint else problem.hint == ""
    assert (reading.skipped, reading.log.sets, reading.fatal) == ((1,), (), False)


def test_every_error_of_a_record_is_reported_sorted_by_field(tmp_path: Path) -> None:
    reading = read_one(tmp_path, squat(reps="eight", rpe=11, form="bad", wieght=2, unit=None))
    assert [p.field for p in reading.problems] == [
        "$.form",
        "$.load",
        "$.reps",
        "$.rpe",
        "$.wieght",
    ]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"type": "checkin", "date": "2026-03-03"},
            "$: a check-in needs at least one of `fatigue`, `soreness`, `sleep_hours` or `stress`",
        ),
        (
            {"type": "checkin", "date": "2026-03-03", "fatigue": 0},
            "$.fatigue: `fatigue` must be between 1 and 10, got 0",
        ),
        (
            {"type": "checkin", "date": "2026-03-03", "sleep_hours": 25},
            "$.sleep_hours: `sleep_hours` must be between 0 and 24, got 25",
        ),
        (
            {"type": "checkin", "date": "2026-03-03", "stress": 4.5},
            "$.stress: `stress` must be a whole number, got 4.5",
        ),
        (
            {
                "type": "run",
                "date": "2026-03-03",
                "kind": "easy",
                "distance_km": 0,
                "duration_min": 30,
            },
            "$.distance_km: `distance_km` must be more than 0 and at most 1000, got 0",
        ),
        (
            {
                "type": "run",
                "date": "2026-03-03",
                "kind": "tempo",
                "distance_km": 8,
                "duration_min": 40,
            },
            '$.kind: `kind` must be one of easy, quality, long, race, got "tempo"',
        ),
        (
            {"type": "athlete"},
            "$: an athlete record needs at least one of `name`, `start`, `program`, `race`, "
            "`runs` or `races`",
        ),
        (
            {"type": "athlete", "name": " Sam"},
            "$.name: `name` must be one line of text that does not start or end with a space, "
            'got " Sam"',
        ),
        (
            {"type": "athlete", "start": "next monday"},
            '$.start: `start` must be a date written YYYY-MM-DD, got "next monday"',
        ),
    ],
)
def test_bad_checkins_runs_and_athletes_are_explained(
    tmp_path: Path, record: dict[str, object], expected: str
) -> None:
    assert str(only(read_one(tmp_path, record))) == f"{tmp_path / 'log.jsonl'}:1: {expected}"


def test_a_missing_field_gets_its_description_as_hint(tmp_path: Path) -> None:
    run = {"type": "run", "date": "2026-03-03", "kind": "easy", "distance_km": 8}
    problem = only(read_one(tmp_path, run))
    assert (problem.field, problem.message) == ("$", "a run needs `duration_min`")
    assert problem.hint == "`duration_min`: Time spent running, in minutes (more than 0)."


def test_an_unknown_exercise_gets_a_suggestion(tmp_path: Path) -> None:
    problem = only(read_one(tmp_path, squat(exercise="gobelt_squat"), exercises=catalog()))
    assert (
        str(problem) == f"{tmp_path / 'log.jsonl'}:1: $.exercise: unknown exercise `gobelt_squat`"
    )
    assert problem.hint == "did you mean `goblet_squat`?"
    nothing_close = only(read_one(tmp_path, squat(exercise="xyzzy"), exercises=catalog()))
    assert nothing_close.hint == "use the exercise's catalog name, as the program writes it"


def test_dates_out_of_order(tmp_path: Path) -> None:
    text = jsonl(
        squat(date="2026-03-03"),
        squat(date="2026-03-05"),
        squat(date="2026-03-04", set=2),
        squat(date="2026-03-04", set=3),
        squat(date="2026-03-06"),
    )
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert shown(reading) == [
        "log.jsonl:3: $.date: records must be in date order: 2026-03-04 comes after 2026-03-05 "
        "(line 2)",
        "  hint: move the record to where its date belongs, or correct the date",
        "log.jsonl:4: $.date: records must be in date order: 2026-03-04 comes after 2026-03-05 "
        "(line 2)",
        "  hint: move the record to where its date belongs, or correct the date",
    ]
    # What is kept is in date order, so --skip-invalid never hands the engine a shuffled log.
    assert [s.date.day for s in reading.log.sets] == [3, 5, 6]


def test_a_record_left_out_does_not_set_the_date_order(tmp_path: Path) -> None:
    text = jsonl(
        squat(date="2026-03-03"),
        squat(date="2027-03-03", exercise="gobelt_squat"),  # a typo in the year, and left out
        squat(date="2026-03-04"),
    )
    reading = read_log(write(tmp_path, "log.jsonl", text), exercises=catalog())
    assert reading.skipped == (2,)
    assert [p.field for p in reading.problems] == ["$.exercise"]


@pytest.mark.parametrize(
    ("first", "second", "hint"),
    [
        (squat(), squat(reps=9), "number each set of an exercise in a session 1, 2, 3"),
        (
            {"type": "checkin", "date": "2026-03-03", "fatigue": 3},
            {"type": "checkin", "date": "2026-03-03", "soreness": 2},
            "keep one check-in a day",
        ),
        (
            {
                "type": "run",
                "date": "2026-03-03",
                "kind": "easy",
                "distance_km": 5,
                "duration_min": 30,
            },
            {
                "type": "run",
                "date": "2026-03-03",
                "kind": "easy",
                "distance_km": 5,
                "duration_min": 30,
            },
            "delete one of the two",
        ),
    ],
)
def test_duplicate_records(
    tmp_path: Path, first: dict[str, object], second: dict[str, object], hint: str
) -> None:
    reading = read_log(write(tmp_path, "log.jsonl", "# header\n" + jsonl(first, second)))
    problem = only(reading)
    assert str(problem) == f"{tmp_path / 'log.jsonl'}:3: $: duplicate of line 2"
    assert problem.hint.startswith(hint)
    assert reading.skipped == (3,) and len(reading.log.records) == 1


def test_the_athlete_record_comes_first_and_once(tmp_path: Path) -> None:
    text = jsonl(
        squat(),
        {"type": "athlete", "name": "Sam"},
        {"type": "athlete", "name": "Sam"},
    )
    assert shown(read_log(write(tmp_path, "log.jsonl", text))) == [
        "log.jsonl:2: $: the athlete record must be the first record of the log",
        "  hint: move it to the top",
        "log.jsonl:3: $: there is already an athlete record (line 2)",
        "  hint: a log has one athlete record, at the top",
    ]


def test_rpe_and_rir_must_agree(tmp_path: Path) -> None:
    problem = only(read_one(tmp_path, squat(rpe=8, rir=3)))
    assert problem.field == "$.rir"
    assert problem.message == "`rpe` 8 and `rir` 3 disagree: RPE 8 is 2 reps in reserve"
    assert read_one(tmp_path, squat(rpe=7.5, rir=2.5)).ok


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '{"type": "set", "reps": 8,}',
            ":27: $: not valid JSON: Expecting property name enclosed in double quotes",
        ),
        (
            "{'type': 'set'}",
            ":2: $: not valid JSON: Expecting property name enclosed in double quotes",
        ),
        ('{"type": "set", "rpe": NaN}', ": $: not valid JSON: NaN is not a number JSON allows"),
        (
            '{"type": "checkin", "fatigue": 4, "fatigue": 5}',
            ": $.fatigue: `fatigue` is given twice",
        ),
        ("[1, 2]", ": $: a record must be a JSON object {...}, got a list"),
        ('"set"', ": $: a record must be a JSON object {...}, got text"),
        ("[" * 60_000, ": $: not valid JSON: nested too deeply"),
    ],
)
def test_lines_that_are_not_records(tmp_path: Path, line: str, expected: str) -> None:
    """Each is reported at its line (and the column where JSON reading stopped)."""
    reading = read_log(write(tmp_path, "log.jsonl", line + "\n" + jsonl(squat(set=2))))
    assert shown(reading)[0] == "log.jsonl:1" + expected
    assert reading.skipped == (1,) and len(reading.log.sets) == 1 and not reading.fatal


def test_single_quotes_get_a_hint(tmp_path: Path) -> None:
    problem = only(read_log(write(tmp_path, "log.jsonl", "{'type': 'set'}\n")))
    assert problem.hint == "JSON needs double quotes: \"reps\", not 'reps'"


def test_a_truncated_last_line(tmp_path: Path) -> None:
    text = jsonl(squat()) + '{"type": "set", "date": "2026-03-0'
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert shown(reading) == [
        "log.jsonl:2: $: the last line is cut off (the file may have been truncated)",
        "  hint: complete the record or delete the line",
    ]
    assert not reading.fatal and len(reading.log.sets) == 1


def test_a_complete_last_line_without_newline_is_fine(tmp_path: Path) -> None:
    assert read_log(write(tmp_path, "log.jsonl", jsonl(squat()).rstrip("\n"))).ok


def test_a_broken_line_before_the_end_is_not_called_truncated(tmp_path: Path) -> None:
    text = '{"type": "set", "date": "2026-03-0\n' + jsonl(squat())
    problem = only(read_log(write(tmp_path, "log.jsonl", text)))
    assert problem.message.startswith("not valid JSON: Unterminated string")


def test_a_json_array_gets_a_hint(tmp_path: Path) -> None:
    text = "[\n" + json.dumps(SQUAT) + "\n]\n"
    reading = read_log(write(tmp_path, "log.json", text))
    assert reading.problems[0].hint == (
        "a log holds one JSON object a line (JSON Lines), not a JSON array"
    )


# ---------------------------------------------------------------- CSV cells and header


@pytest.mark.parametrize(
    ("cells", "expected", "hint"),
    [
        ("eight,16", "$.reps: 'eight' is not a whole number", "write a whole number, like 8"),
        ("8.5,16", "$.reps: '8.5' is not a whole number", "write a whole number, like 8"),
        ("8,heavy", "$.load: 'heavy' is not a number", "write a number, like 16 or 7.5"),
        ('8,"16,5"', "$.load: '16,5' is not a number", "write decimals with a dot: 7.5, not 7,5"),
        ("8,nan", "$.load: 'nan' is not a number", "write a number, like 16 or 7.5"),
        ("8,1e999", "$.load: `load` must be between 0 and 1500, got 1e999", ""),
        ("8,-5", "$.load: `load` must be between 0 and 1500, got -5", ""),
    ],
)
def test_csv_cells_are_read_as_their_fields_type(
    tmp_path: Path, cells: str, expected: str, hint: str
) -> None:
    text = f"type,date,exercise,set,reps,load,unit\nset,2026-03-03,goblet_squat,1,{cells},kg\n"
    problem = only(read_log(write(tmp_path, "log.csv", text)))
    assert str(problem) == f"{tmp_path / 'log.csv'}:2: {expected}"
    assert problem.hint == hint


def test_csv_text_fields_stay_text(tmp_path: Path) -> None:
    text = "type,date,session,exercise,set,reps,band\nset,2026-03-03,1,pallof_press,1,10,2\n"
    assert shown(read_log(write(tmp_path, "log.csv", text))) == [
        "log.csv:2: $.band: `band` must be a name of letters, digits and underscores, "
        'as the program writes it, got "2"',
        "log.csv:2: $.session: `session` must be a name of letters, digits and underscores, "
        'as the program writes it, got "1"',
    ]


def test_a_csv_row_with_more_values_than_columns(tmp_path: Path) -> None:
    text = "type,date,exercise,set,reps\nset,2026-03-03,goblet_squat,1,8,16\n"
    problem = only(read_log(write(tmp_path, "log.csv", text)))
    assert str(problem) == (
        f"{tmp_path / 'log.csv'}:2: the row has 6 values but the header names 5 columns"
    )


def test_a_value_under_a_nameless_column(tmp_path: Path) -> None:
    text = "type,date,exercise,set,reps,\nset,2026-03-03,goblet_squat,1,8,16\n"
    problem = only(read_log(write(tmp_path, "log.csv", text)))
    assert problem.message == "column 6 has a value but no name in the header"


@pytest.mark.parametrize(
    ("header", "message", "hint"),
    [
        (
            "set,2026-03-03,goblet_squat,1,8",
            "the CSV header has no `type` column",
            "the first row must name the columns, like: type,date,exercise,set,reps",
        ),
        (
            "Type,Date,Exercise",
            "the CSV header has no `type` column",
            "column names are lower case: write `type`",
        ),
        (
            "type;date;exercise;set;reps",
            "the CSV header has no `type` column",
            "the values seem separated by `;` or tabs; save the file with commas",
        ),
        (
            "type,date,reps,exercise,reps",
            "the CSV header names `reps` twice (columns 3 and 5)",
            "keep one of the two columns",
        ),
    ],
)
def test_a_bad_csv_header_is_fatal(tmp_path: Path, header: str, message: str, hint: str) -> None:
    text = f"\n{header}\nset,2026-03-03,goblet_squat,1,8\n"
    reading = read_log(write(tmp_path, "log.csv", text))
    assert reading.fatal and reading.log == Log(str(tmp_path / "log.csv"))
    assert str(only(reading)) == f"{tmp_path / 'log.csv'}:2: {message}"
    assert reading.problems[0].hint == hint


# ---------------------------------------------------------------- whole-file problems


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("log.jsonl", ""),
        ("log.jsonl", "\n\n   \n"),
        ("log.jsonl", "# nothing logged yet\n# week 1\n"),
        ("log.csv", ""),
        ("log.csv", "type,date,exercise,set,reps\n\n"),
    ],
)
def test_an_empty_log(tmp_path: Path, name: str, text: str) -> None:
    reading = read_log(write(tmp_path, name, text))
    assert reading.fatal
    assert str(only(reading)) == f"{tmp_path / name}: the log is empty: it has no records"
    assert reading.problems[0].line == 0 and reading.problems[0].field == ""


def test_a_log_that_is_not_utf8(tmp_path: Path) -> None:
    data = (jsonl(squat()) + '{"type": "athlete", "name": "Ren').encode() + b"\xe9e"
    data += b'"}\n'
    reading = read_log(write(tmp_path, "log.jsonl", data))
    assert reading.fatal
    assert str(only(reading)) == (
        f"{tmp_path / 'log.jsonl'}:2: the log is not UTF-8 text: byte 0xe9 on line 2, "
        "column 33 is not valid UTF-8"
    )
    assert reading.problems[0].hint == "save the log as UTF-8 (in a spreadsheet: CSV UTF-8)"


def test_a_missing_log_and_a_folder(tmp_path: Path) -> None:
    missing = read_log(tmp_path / "nope.jsonl")
    assert missing.fatal and str(only(missing)) == (
        f"{tmp_path / 'nope.jsonl'}: the log file does not exist"
    )
    folder = read_log(tmp_path)
    assert folder.fatal and only(folder).message == "this is a folder, not a log file"


# ---------------------------------------------------------------- the model


def test_loads_convert_between_units() -> None:
    pounds = SetRecord(D(2026, 3, 3), "deadlift", 1, reps=5, load=225, unit="lb")
    assert pounds.load_kg() == pytest.approx(102.0582, abs=1e-4)
    assert pounds.load_in("lb") == 225
    assert pounds.load_in("kg") == pounds.load_kg()
    kilos = SetRecord(D(2026, 3, 3), "deadlift", 1, reps=5, load=100, unit="kg")
    assert kilos.load_kg() == 100 and kilos.load_in("lb") == pytest.approx(100 / KG_PER_LB)
    bodyweight = SetRecord(D(2026, 3, 3), "push_up", 1, reps=10)
    assert bodyweight.load_kg() is None and bodyweight.load_in("lb") is None
    with pytest.raises(ValueError, match="kg or lb"):
        kilos.load_in("stone")


def test_effort_is_worked_out_from_whichever_was_logged() -> None:
    base = SetRecord(D(2026, 3, 3), "goblet_squat", 1, reps=8)
    assert (base.effective_rpe(), base.effective_rir()) == (None, None)
    rpe = dataclasses.replace(base, rpe=8.5)
    assert (rpe.effective_rpe(), rpe.effective_rir()) == (8.5, 1.5)
    rir = dataclasses.replace(base, rir=3)
    assert (rir.effective_rpe(), rir.effective_rir()) == (7, 3)


def test_records_are_frozen_values_that_ignore_their_line() -> None:
    one = CheckIn(D(2026, 3, 3), fatigue=4, line=3)
    assert one == CheckIn(D(2026, 3, 3), fatigue=4, line=9)
    assert hash(one) == hash(CheckIn(D(2026, 3, 3), fatigue=4))
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.fatigue = 5  # type: ignore[misc]


def test_a_log_built_in_code_lists_its_records_by_date() -> None:
    run = Run(D(2026, 3, 4), "easy", 5, 30)
    first = SetRecord(D(2026, 3, 5), "goblet_squat", 1, reps=8)
    checkin = CheckIn(D(2026, 3, 3), fatigue=2)
    athlete = Athlete(name="Sam")
    log = Log.of("mine", [first, run, athlete, checkin])
    assert log.records == (athlete, checkin, run, first)
    assert (log.first_date, log.last_date) == (D(2026, 3, 3), D(2026, 3, 5))
    assert (Log("empty").first_date, Log("empty").last_date, Log("empty").records) == (
        None,
        None,
        (),
    )


def test_a_problem_prints_and_serialises() -> None:
    problem = LogProblem("log.jsonl", 4, "$.reps", "`reps` must be a whole number", "like 8")
    assert str(problem) == "log.jsonl:4: $.reps: `reps` must be a whole number"
    assert str(LogProblem("log.jsonl", 0, "", "the log is empty")) == "log.jsonl: the log is empty"
    assert str(LogProblem("log.jsonl", 7, "", "not valid JSON")) == "log.jsonl:7: not valid JSON"
    at = LogProblem("log.jsonl", 7, "$", "not valid JSON: Expecting value", column=3)
    assert str(at) == "log.jsonl:7:3: $: not valid JSON: Expecting value"
    assert problem.to_json() == {
        "path": "log.jsonl",
        "line": 4,
        "column": 0,
        "field": "$.reps",
        "message": "`reps` must be a whole number",
        "hint": "like 8",
    }


# ---------------------------------------------------------------- writing


def test_canonical_jsonl() -> None:
    records = [
        Run(D(2026, 3, 4), "easy", 5.0, 30.0),
        SetRecord(D(2026, 3, 3), "goblet_squat", 1, session="A", reps=8, load=16.0, unit="kg"),
        SetRecord(D(2026, 3, 3), "goblet_squat", 2, reps=8, load=16.5, unit="kg", role="warmup"),
        Athlete(name="Sam Müller", start=D(2026, 3, 2)),
    ]
    assert dumps_jsonl(records) == (
        '{"type": "athlete", "name": "Sam Müller", "start": "2026-03-02"}\n'
        '{"type": "set", "date": "2026-03-03", "session": "A", "exercise": "goblet_squat", '
        '"set": 1, "reps": 8, "load": 16, "unit": "kg"}\n'
        '{"type": "set", "date": "2026-03-03", "exercise": "goblet_squat", "set": 2, "reps": 8, '
        '"load": 16.5, "unit": "kg", "role": "warmup"}\n'
        '{"type": "run", "date": "2026-03-04", "kind": "easy", "distance_km": 5, '
        '"duration_min": 30}\n'
    )


def test_canonical_csv_has_only_the_columns_in_use() -> None:
    records = [
        CheckIn(D(2026, 3, 3), sleep_hours=7.0),
        SetRecord(D(2026, 3, 3), "goblet_squat", 1, reps=8, load=16.0, unit="kg"),
    ]
    assert dumps_csv(records) == (
        "type,date,exercise,set,reps,load,unit,sleep_hours\n"
        "checkin,2026-03-03,,,,,,7\n"
        "set,2026-03-03,goblet_squat,1,8,16,kg,\n"
    )
    assert csv_columns()[:3] == ("type", "date", "session")


def test_write_then_read_both_formats(tmp_path: Path) -> None:
    log = read_log(FIXTURES / "week.jsonl").log
    write_jsonl(log, tmp_path / "out.jsonl")
    write_csv(log.records, tmp_path / "out.csv")
    for name in ("out.jsonl", "out.csv"):
        again = read_log(tmp_path / name)
        assert again.ok, shown(again)
        assert again.log.records == log.records


# ---------------------------------------------------------------- records survive a round trip

_NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True)
_SNAKE = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
_DATES = st.dates(D(2020, 1, 1), D(2030, 12, 31))
_HALVES = st.integers(2, 20).map(lambda n: n / 2)


def _number(low: float, high: float) -> st.SearchStrategy[float]:
    whole = st.integers(int(low), int(high)).map(float)
    return whole | st.floats(low, high, allow_nan=False, allow_infinity=False)


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


@st.composite
def set_records(draw: st.DrawFn) -> SetRecord:
    measures = draw(st.sets(st.sampled_from(["reps", "seconds", "distance_m"]), min_size=1))
    load = draw(_maybe(_number(0, 1500)))
    effort = draw(st.sampled_from(["rpe", "rir", "both", "none"]))
    rpe = draw(_HALVES) if effort in ("rpe", "both") else None
    rir = draw(st.integers(0, 20).map(lambda n: n / 2)) if effort == "rir" else None
    if effort == "both":
        rir = 10 - rpe  # type: ignore[operator]
    return SetRecord(
        date=draw(_DATES),
        exercise=draw(_SNAKE),
        set=draw(st.integers(1, 100)),
        session=draw(_maybe(_NAME)),  # type: ignore[arg-type]
        side=draw(st.sampled_from([None, "left", "right"])),
        reps=draw(st.integers(0, 1000)) if "reps" in measures else None,
        load=load,  # type: ignore[arg-type]
        unit=None if load is None else draw(st.sampled_from(["kg", "lb"])),
        band=draw(_maybe(_NAME)),  # type: ignore[arg-type]
        seconds=draw(_number(0, 3600)) if "seconds" in measures else None,
        distance_m=draw(_number(0, 10000)) if "distance_m" in measures else None,
        rpe=rpe,
        rir=rir,
        form=draw(st.sampled_from([None, "good", "ok", "poor"])),
        role=draw(st.sampled_from(["warmup", "working", "drop"])),
    )


@st.composite
def checkins(draw: st.DrawFn) -> CheckIn:
    values = {
        "fatigue": draw(_maybe(st.integers(1, 10))),
        "soreness": draw(_maybe(st.integers(1, 10))),
        "sleep_hours": draw(_maybe(_number(0, 24))),
        "stress": draw(_maybe(st.integers(1, 10))),
    }
    if all(value is None for value in values.values()):
        values["fatigue"] = 5
    return CheckIn(draw(_DATES), **values)  # type: ignore[arg-type]


runs = st.builds(
    Run,
    date=_DATES,
    kind=st.sampled_from(["easy", "quality", "long", "race"]),
    distance_km=_number(0, 1000).filter(lambda x: x > 0),
    duration_min=_number(0, 6000).filter(lambda x: x > 0),
    rpe=_maybe(_HALVES),
    cadence=_maybe(_number(40, 300)),
    heart_rate=_maybe(_number(25, 250)),
)
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda text: (
        re.search(schemas.schema("log-athlete")["properties"]["name"]["pattern"], text) is not None
    )
)
athletes = st.builds(
    Athlete,
    name=_maybe(_TEXT),
    start=_maybe(_DATES),
    program=_maybe(_TEXT),
).filter(lambda a: a.name is not None or a.start is not None or a.program is not None)


def _identity(record: Record) -> object:
    if isinstance(record, SetRecord):
        return (record.date, record.session, record.exercise, record.set, record.side)
    if isinstance(record, CheckIn):
        return (record.date,)
    if isinstance(record, Run):
        return (record.date, record.kind, record.distance_km, record.duration_min)
    return "athlete"


logs = st.tuples(
    st.lists(
        st.one_of(set_records(), checkins(), runs),
        max_size=12,
        unique_by=lambda r: (type(r), _identity(r)),
    ),
    _maybe(athletes),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs)
def test_records_survive_jsonl_and_csv(drawn: tuple[list[Record], Athlete | None]) -> None:
    records, athlete = drawn
    every: list[Record] = [*records, *([athlete] if athlete is not None else [])]
    if not every:
        return
    by_date = sorted(records, key=lambda r: r.date)  # type: ignore[union-attr]
    expected = dataclasses.replace(Log.of("", by_date), athlete=athlete)
    for kind, text in (("jsonl", dumps_jsonl(every)), ("csv", dumps_csv(every))):
        reading = parse_log(text, "", format=kind)  # type: ignore[arg-type]
        assert reading.ok, (kind, text, [str(p) for p in reading.problems])
        assert reading.log == expected, (kind, text)


# ---------------------------------------------------------------- the schemas


def test_every_shipped_schema_is_in_the_registry_by_its_id() -> None:
    folder = ROOT / "core" / "schemas"
    files = sorted(path.name for path in folder.glob("*.schema.json"))
    assert {"log-set.schema.json", "log-record.schema.json"} <= set(files)
    assert sorted(schemas.schemas()) == sorted(schemas.BASE_URI + name for name in files)
    registry = schemas.registry()
    for uri in schemas.schemas():
        assert registry.contents(uri) == schemas.schema(uri)


def _log_schemas() -> dict[str, dict[str, Any]]:
    return {uri: contents for uri, contents in schemas.schemas().items() if "/log-" in uri}


def test_every_shipped_schema_is_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    for uri, contents in schemas.schemas().items():
        Draft202012Validator.check_schema(contents)
        assert contents["$schema"] == "https://json-schema.org/draft/2020-12/schema", uri


def test_the_log_schemas_are_closed_and_documented() -> None:
    assert len(_log_schemas()) == 6
    for uri, contents in _log_schemas().items():
        assert "description" in contents, uri
        for name, spec in contents.get("properties", {}).items():
            assert spec.get("description"), f"{uri}: `{name}` has no description"
        if uri != schemas.schema_id("log-record"):
            assert contents["additionalProperties"] is False, uri


def test_the_schemas_and_the_model_name_the_same_fields() -> None:
    kinds = (
        ("set", SetRecord),
        ("checkin", CheckIn),
        ("run", Run),
        ("assessment", AssessmentResult),
        ("athlete", Athlete),
    )
    for kind, cls in kinds:
        properties = schemas.schema(f"log-{kind}")["properties"]
        fields = [f.name for f in dataclasses.fields(cls) if f.name != "line"]
        assert sorted(properties) == sorted(["type", *fields]), kind
        assert properties["type"] == {
            "description": properties["type"]["description"],
            "const": kind,
        }
    branches = schemas.schema("log-record")["allOf"]
    assert {b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in branches} == {
        kind: schemas.schema_id(f"log-{kind}") for kind, _ in kinds
    }


def test_every_pattern_is_explained_in_words() -> None:
    """A value that breaks a pattern gets a sentence about what the field wants, not a regex."""
    for uri, contents in _log_schemas().items():
        for name, spec in contents.get("properties", {}).items():
            if "pattern" not in spec:
                continue
            record = {"type": contents["properties"]["type"]["const"], name: " ?"}
            messages = [
                message
                for error in schemas.validator(uri).iter_errors(record)
                for _, message, _ in explain_errors(error, record["type"])
                if error.validator == "pattern"
            ]
            assert messages, f"{uri}: `{name}`"
            assert all("matching" not in message for message in messages), messages


def test_a_validator_is_built_once_per_schema() -> None:
    assert schemas.validator("log-set") is schemas.validator("log-set.schema.json")
    assert schemas.validator("log-set") is schemas.validator(schemas.schema_id("log-set"))
    with pytest.raises(KeyError, match="no shipped schema"):
        schemas.schema("plan-typo")


def test_a_new_schema_file_is_picked_up_and_refs_stay_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another schema dropped into the folder (plan.schema.json, say) is registered by its
    `$id`, can refer to the log schemas, and a reference to anything else is not fetched."""
    import importlib.resources

    from referencing.exceptions import Unresolvable

    for path in (ROOT / "core" / "schemas").glob("*.schema.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    plan = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schemas.BASE_URI + "plan.schema.json",
        "type": "object",
        "properties": {
            "done": {"$ref": schemas.schema_id("log-set")},
            "far": {"$ref": "https://example.invalid/elsewhere.json"},
        },
    }
    (tmp_path / "plan.schema.json").write_text(json.dumps(plan), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a schema", encoding="utf-8")
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path)
    for cached in (schemas.schemas, schemas.registry, schemas._validator, schemas._quick_check):
        cached.cache_clear()
    try:
        assert schemas.BASE_URI + "plan.schema.json" in schemas.schemas()
        check = schemas.validator("plan")
        assert check.is_valid({"done": squat()})
        assert not check.is_valid({"done": squat(reps="eight")})
        with pytest.raises(Unresolvable):
            check.is_valid({"far": 1})
    finally:
        for cached in (schemas.schemas, schemas.registry, schemas._validator, schemas._quick_check):
            cached.cache_clear()


def test_importing_the_log_model_does_not_import_jsonschema() -> None:
    code = (
        "import sys, stridelift.core.logs, stridelift.core.schemas; "
        "print(sorted(m for m in ('jsonschema', 'referencing') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------- the quick check

_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2000),
    st.floats(-5, 2000, allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "set",
            "checkin",
            "run",
            "athlete",
            "kg",
            "left",
            "good",
            "2026-03-03",
            "2026-02-30",
            "A",
            "goblet_squat",
            "Goblet",
            "x\n",
        ]
    ),
)
_FIELDS = st.sampled_from(sorted(set(csv_columns()) | {"wieght"}))


def _edges(spec: dict[str, object]) -> list[object]:
    """Values on and around one property's bounds, steps and choices: where a quick check
    that disagreed with the validator would show."""
    found: list[object] = ["bad", 7, 7.0, True]
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = spec.get(key)
        if isinstance(bound, int | float):
            found += [bound, float(bound), bound - 1, bound + 1, bound - 0.5, bound + 0.5]
            found += [bound + 0.3, int(bound) - 1]
    found += list(spec.get("enum", []))  # type: ignore[call-overload]
    return found


@st.composite
def near_records(draw: st.DrawFn) -> object:
    """Records that are valid, or one or two steps away from valid."""
    record: dict[str, object] = dict(
        to_json(draw(st.one_of(set_records(), checkins(), runs, athletes)))
    )
    properties = schemas.schema(f"log-{record['type']}")["properties"]
    for _ in range(draw(st.integers(0, 2))):
        action = draw(st.sampled_from(["drop", "nudge", "nudge", "add"]))
        if action == "drop" and record:
            record.pop(draw(st.sampled_from(sorted(record))))
        elif action == "nudge":
            name = draw(st.sampled_from(sorted(properties)))
            record[name] = draw(st.sampled_from(_edges(properties[name])))
        else:
            record[draw(_FIELDS)] = draw(_JSON_SCALARS | st.lists(_JSON_SCALARS, max_size=2))
    return record if draw(st.integers(0, 20)) else draw(_JSON_SCALARS)


@settings(max_examples=400, deadline=None)
@given(near_records())
def test_the_quick_check_agrees_with_the_validator(instance: object) -> None:
    quick = schemas.quick_check("log-record")
    assert quick(instance) == schemas.validator("log-record").is_valid(instance)


def test_the_quick_check_agrees_on_every_edge() -> None:
    """Every property of every kind, set to each value around its bounds, steps and choices."""
    quick, full = schemas.quick_check("log-record"), schemas.validator("log-record")
    checked = 0
    for record in read_log(FIXTURES / "week.jsonl").log.records:
        base = to_json(record)
        properties = schemas.schema(f"log-{base['type']}")["properties"]
        # The reader checks a record of a known type with its type's quick check.
        of_kind = schemas.quick_check(f"log-{base['type']}")
        for name, spec in properties.items():
            for value in [*_edges(spec), None, "", [], {}]:
                instance = {**base, name: value}
                assert quick(instance) == full.is_valid(instance) == of_kind(instance), instance
                checked += 1
    assert checked > 1000


def test_the_quick_check_passes_valid_records_without_the_validator() -> None:
    quick = schemas.quick_check("log-record")
    for record in read_log(FIXTURES / "week.jsonl").log.records:
        assert quick(to_json(record)), record


# ---------------------------------------------------------------- docs/logs.md


def _doc_examples() -> list[tuple[int, str, str, bool, str | None]]:
    """(line, format, text, invalid, expected output) for each ```jsonl and ```csv block."""
    blocks = fenced_blocks(DOCS)
    found: list[tuple[int, str, str, bool, str | None]] = []
    for block, after in zip(blocks, [*blocks[1:], None], strict=True):
        if block.info not in ("jsonl", "csv"):
            continue
        invalid = block.before == "<!-- invalid -->"
        # The output an invalid example gives is the ```text block right after it.
        shown = after is not None and after.info == "text" and after.before == "```"
        expected = after.text.removesuffix("\n") if invalid and shown and after else None
        found.append((block.line, block.info, block.text, invalid, expected))
    return found


def test_the_docs_have_examples_of_both_formats() -> None:
    examples = _doc_examples()
    assert {(kind, invalid) for _, kind, _, invalid, _ in examples} == {
        ("jsonl", False),
        ("csv", False),
        ("jsonl", True),
        ("csv", True),
    }


@pytest.mark.parametrize(
    ("line", "kind", "text", "invalid", "expected"), _doc_examples(), ids=lambda v: str(v)[:12]
)
def test_doc_example(line: int, kind: str, text: str, invalid: bool, expected: str | None) -> None:
    reading = parse_log(text, f"log.{kind}", format=kind, exercises=catalog())  # type: ignore[arg-type]
    if not invalid:
        assert reading.ok, f"docs/logs.md:{line}: " + "\n".join(shown(reading))
        return
    assert reading.problems, f"docs/logs.md:{line} is marked invalid but reads cleanly"
    if expected is not None:
        assert "\n".join(shown_as_findings(reading)) == expected, f"docs/logs.md:{line}"


def test_the_docs_describe_every_field() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for kind in ("set", "checkin", "run", "athlete"):
        section = text.split(f"\n### {kind}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        for name in schemas.schema(f"log-{kind}")["properties"]:
            assert f"| `{name}` |" in section, f"docs/logs.md: the {kind} table lacks `{name}`"
    assert "--skip-invalid" in text
    for uri in schemas.schemas():
        if "/log-" in uri:
            assert uri in text, f"docs/logs.md does not name the schema {uri}"


def test_a_log_problem_is_a_finding_like_any_other() -> None:
    """A log problem renders as the one finding type: its code from the one table,
    its place, and the field it is about in front of the message."""
    from stridelift.core.diagnostics import CODES, Severity, render

    text = '{"type": "checkin", "date": "2026-03-03", "fatigue": 4}\nnot json\n'
    problems = parse_log(text, "log.jsonl").problems
    assert [p.code for p in problems] == ["L004"]
    finding = problems[0].to_diagnostic()
    assert finding.code in CODES and finding.severity is Severity.ERROR
    assert (finding.path, finding.span.line, finding.span.column) == ("log.jsonl", 2, 1)
    shown = render(finding, text.splitlines())
    assert shown.startswith("log.jsonl:2:1: L004 error: $: not valid JSON")
    assert "    2 | not json" in shown


def test_every_plan_warning_code_is_in_the_one_table() -> None:
    import re

    from stridelift.core.diagnostics import CODES

    engine = ROOT / "core" / "engine"
    used = {
        code for path in engine.glob("*.py") for code in re.findall(r'"(P3\d\d)"', path.read_text())
    }
    assert used and used <= CODES.keys(), sorted(used - CODES.keys())
