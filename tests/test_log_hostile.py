"""Hostile and careless logs (issue 10): ranges, odd files, huge numbers, huge files.

Each test writes a real file and reads it the way the commands do, through
:func:`read_log` or the ``stridelift`` command itself, and asserts what the
runner sees: the message, its line, the records kept, the exit code.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stridelift.core import schemas
from stridelift.core.logs import LogReading, parse_log, read_log
from stridelift.core.logs.records import KINDS
from stridelift.core.units import LIMITS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "logs.md"
PROGRAM = ROOT / "programs" / "minimal-equipment.stride"

SQUAT: dict[str, Any] = {
    "type": "set",
    "date": "2026-03-03",
    "session": "A",
    "exercise": "goblet_squat",
    "set": 1,
    "reps": 8,
    "load": 16,
    "unit": "kg",
}


def squat(**changes: object) -> dict[str, object]:
    return {**SQUAT, **changes}


def jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def shown(reading: LogReading) -> list[str]:
    """Each problem as text, the file's path cut to its name."""
    return [str(p).replace(str(Path(p.path).parent) + os.sep, "", 1) for p in reading.problems]


# ---------------------------------------------------------------- one table of ranges


def _log_limits() -> dict[str, Any]:
    return {key: limit for key, limit in LIMITS.items() if key.partition(".")[0] in KINDS}


def test_the_schemas_state_the_ranges_of_the_one_table() -> None:
    """Every bounded field of every log schema has its row in LIMITS, with the same
    numbers; and every log row of LIMITS is a bounded field of a schema."""
    bounded = set()
    for kind in KINDS:
        for name, spec in schemas.schema(f"log-{kind}")["properties"].items():
            keywords = {"minimum", "exclusiveMinimum", "maximum", "maxLength"} & set(spec)
            if not keywords:
                continue
            key = f"{kind}.{name}"
            bounded.add(key)
            assert key in LIMITS, f"{key} is bounded in its schema but not in LIMITS"
            limit = LIMITS[key]
            if "maxLength" in spec:
                assert (limit.low, limit.high) == (1, spec["maxLength"]), key
                assert limit.words.endswith("characters"), key
                continue
            low = spec.get("minimum", spec.get("exclusiveMinimum"))
            assert (limit.low, limit.high) == (low, spec["maximum"]), key
            assert limit.above_low == ("exclusiveMinimum" in spec), key
            assert ("half steps" in limit.words) == (spec.get("multipleOf") == 0.5), key
    assert bounded == set(_log_limits())


def test_the_ranges_are_documented_as_the_table_states_them() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Ranges\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", section, re.M)[2:])
    expected = {f"`{key}`": limit.words for key, limit in _log_limits().items()}
    expected["every date (`date`, `start`)"] = LIMITS["year"].words
    expected["a line of the file"] = LIMITS["log.line_bytes"].words
    assert rows == expected


def test_a_limit_above_its_low_end_leaves_the_low_end_out() -> None:
    distance = LIMITS["run.distance_km"]
    assert 0 not in distance and 0.01 in distance and 1000 in distance and 1000.5 not in distance
    assert 0 in LIMITS["set.reps"]


# ---------------------------------------------------------------- only regular files


def _plan_in_a_child(log: str) -> subprocess.CompletedProcess[str]:
    """``stridelift plan --log LOG`` in its own process: a log that blocks the reader
    blocks the child, and the timeout ends the test instead of the suite."""
    command = [sys.executable, "-m", "stridelift.core", "plan", str(PROGRAM), "--log", log]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _one_l001(done: subprocess.CompletedProcess[str], log: str, what: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert f"{log}: L001 error: this is {what}, not a log file\n" in done.stderr
    assert done.stderr.count("L001") == 1 and "Traceback" not in done.stderr
    assert "hint: give the path of the log file itself (.jsonl or .csv)" in done.stderr


@pytest.fixture
def short_folder() -> Iterator[Path]:
    """A folder with a short path (a socket's path is limited to about 100 bytes)."""
    with tempfile.TemporaryDirectory(prefix="sl-") as folder:
        yield Path(folder)


def test_a_fifo_as_the_log_is_refused_at_once(short_folder: Path) -> None:
    fifo = short_folder / "log.jsonl"
    os.mkfifo(fifo)
    _one_l001(_plan_in_a_child(str(fifo)), str(fifo), "a FIFO (named pipe)")


def test_dev_zero_as_the_log_is_refused_at_once() -> None:
    _one_l001(_plan_in_a_child("/dev/zero"), "/dev/zero", "a device")


def test_a_socket_as_the_log_is_refused(short_folder: Path) -> None:
    path = short_folder / "log.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        _one_l001(_plan_in_a_child(str(path)), str(path), "a socket")


def test_a_folder_as_the_log_is_refused(tmp_path: Path) -> None:
    reading = read_log(tmp_path)
    assert reading.fatal and shown(reading) == [
        f"{tmp_path.name}: this is a folder, not a log file"
    ]
    assert reading.problems[0].code == "L001"


def test_a_symlink_loop_says_so(tmp_path: Path) -> None:
    loop = tmp_path / "log.jsonl"
    loop.symlink_to(tmp_path / "other.jsonl")
    (tmp_path / "other.jsonl").symlink_to(loop)
    reading = read_log(loop)
    assert reading.fatal
    assert shown(reading) == ["log.jsonl: the log path is a symlink loop: it links back to itself"]
    assert reading.problems[0].hint == "point the link at the log file"


# ---------------------------------------------------------------- dates inside the calendar


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_a_log_date_outside_the_years_is_a_located_rejection(tmp_path: Path, date: str) -> None:
    text = jsonl(squat(), {"type": "checkin", "date": date, "fatigue": 3}, squat(set=2))
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert shown(reading) == [
        f'log.jsonl:2: $.date: `date` must be between 1900-01-01 and 2999-12-31, got "{date}"'
    ]
    assert reading.problems[0].code == "L005" and reading.skipped == (2,)
    assert [s.set for s in reading.log.sets] == [1, 2]


def test_the_first_and_last_days_of_the_years_are_fine(tmp_path: Path) -> None:
    text = jsonl(squat(date="1900-01-01"), squat(date="2999-12-31"))
    assert read_log(write(tmp_path, "log.jsonl", text)).ok


def test_an_athlete_start_and_a_csv_date_outside_the_years(tmp_path: Path) -> None:
    athlete = read_log(
        write(tmp_path, "a.jsonl", jsonl({"type": "athlete", "start": "9999-12-27"}))
    )
    assert shown(athlete) == [
        'a.jsonl:1: $.start: `start` must be between 1900-01-01 and 2999-12-31, got "9999-12-27"'
    ]
    text = "type,date,exercise,set,reps\nset,0001-01-01,goblet_squat,1,8\n"
    assert shown(read_log(write(tmp_path, "log.csv", text))) == [
        'log.csv:2: $.date: `date` must be between 1900-01-01 and 2999-12-31, got "0001-01-01"'
    ]


@pytest.mark.parametrize("command", ["plan", "history"])
def test_plan_and_history_refuse_a_log_dated_9999_instead_of_crashing(
    tmp_path: Path, command: str
) -> None:
    log = write(
        tmp_path, "log.jsonl", jsonl({"type": "checkin", "date": "9999-12-31", "fatigue": 3})
    )
    result = invoke(command, str(PROGRAM), "--log", str(log))
    assert result.exit_code == 1, result.stderr
    assert (
        f"{log}:1:1: L005 error: $.date: `date` must be between 1900-01-01 and 2999-12-31, "
        'got "9999-12-31"'
    ) in result.stderr
    assert "internal error" not in result.stderr and "OverflowError" not in result.stderr


def test_history_never_prints_a_year_one_date(tmp_path: Path) -> None:
    text = jsonl({"type": "checkin", "date": "0001-01-01", "fatigue": 3}, squat(date="2026-01-06"))
    log = write(tmp_path, "log.jsonl", text)
    result = invoke("history", str(PROGRAM), "--log", str(log), "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"\bJan 1\b", result.stdout), result.stdout
    assert "L005 error: $.date" in result.stderr


# ---------------------------------------------------------------- numbers beyond any range


@pytest.mark.parametrize(
    ("written", "shown_as"),
    [
        ("1e400", "1e400"),
        ("-1e400", "-1e400"),
        ("99999999999999999999", "99999999999999999999"),
        ("7" * 5000, "7" * 37 + "..."),
    ],
    ids=["1e400", "-1e400", "20 digits", "5000 digits"],
)
def test_a_huge_json_load_is_out_of_range_not_broken_json(
    tmp_path: Path, written: str, shown_as: str
) -> None:
    bad = json.dumps(squat(set=2)).replace('"load": 16', f'"load": {written}')
    reading = read_log(write(tmp_path, "log.jsonl", jsonl(squat()) + bad + "\n"))
    assert shown(reading) == [
        f"log.jsonl:2: $.load: `load` must be between 0 and 1500, got {shown_as}"
    ]
    assert reading.problems[0].code == "L005" and "JSON" not in reading.problems[0].message
    assert reading.skipped == (2,) and len(reading.log.sets) == 1


def test_a_huge_number_with_other_problems_reports_them_all(tmp_path: Path) -> None:
    line = '{"type": "set", "date": "2026-03-03", "exercise": "goblet_squat", "set": 1e400}\n'
    assert shown(read_log(write(tmp_path, "log.jsonl", line))) == [
        "log.jsonl:1: $: a set needs at least one of `reps`, `seconds` or `distance_m`",
        "log.jsonl:1: $.set: `set` must be between 1 and 100, got 1e400",
    ]


def test_a_huge_number_in_a_field_without_a_range(tmp_path: Path) -> None:
    line = json.dumps(squat()).replace('"session": "A"', '"session": 1e999')
    assert shown(read_log(write(tmp_path, "log.jsonl", line + "\n"))) == [
        "log.jsonl:1: $.session: `session` must be text, got 1e999"
    ]
    unknown = json.dumps(squat()).replace('"session": "A"', '"weight": 1e999')
    assert [p.message for p in read_log(write(tmp_path, "u.jsonl", unknown + "\n")).problems] == [
        "unknown field `weight`"
    ]


@pytest.mark.parametrize(
    ("cell", "shown_as"),
    [
        ("99999999999999999999", "99999999999999999999"),
        ("8" * 5000, "8" * 37 + "..."),
        ("1e400", "1e400"),
    ],
    ids=["20 digits", "5000 digits", "1e400"],
)
def test_a_huge_csv_cell_is_out_of_range(tmp_path: Path, cell: str, shown_as: str) -> None:
    text = (
        f"type,date,exercise,set,reps,load,unit\nset,2026-03-03,goblet_squat,1,{cell},{cell},kg\n"
    )
    assert shown(read_log(write(tmp_path, "log.csv", text))) == [
        f"log.csv:2: $.load: `load` must be between 0 and 1500, got {shown_as}",
        f"log.csv:2: $.reps: `reps` must be between 0 and 1000, got {shown_as}",
    ]


def test_nan_and_infinity_stay_refused(tmp_path: Path) -> None:
    text = jsonl(squat()).replace('"load": 16', '"load": NaN') + jsonl(squat(set=2)).replace(
        '"load": 16', '"load": Infinity'
    )
    assert shown(read_log(write(tmp_path, "log.jsonl", text))) == [
        "log.jsonl:1: $: not valid JSON: NaN is not a number JSON allows",
        "log.jsonl:2: $: not valid JSON: Infinity is not a number JSON allows",
    ]


# ---------------------------------------------------------------- line ends and long lines


def test_a_log_with_cr_only_line_ends_says_so(tmp_path: Path) -> None:
    text = jsonl(squat(), squat(set=2), squat(set=3)).replace("\n", "\r")
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert reading.fatal
    assert shown(reading) == [
        "log.jsonl:1: the line ends are CR only (as old Mac files have them): stridelift reads "
        "lines that end in LF or CR LF"
    ]
    assert reading.problems[0].hint == (
        "save the log with Unix (LF) or Windows (CR LF) line ends; most editors offer both"
    )


def test_a_csv_log_with_cr_only_line_ends_reads_as_spreadsheets_write_it(tmp_path: Path) -> None:
    """Excel's "CSV (Macintosh)" ends lines in CR: the csv module reads it, and so does
    stridelift, whatever the file's size."""
    rows = "".join(f"set,2026-03-03,goblet_squat,{n},8\r" for n in range(1, 101))
    reading = read_log(write(tmp_path, "log.csv", "type,date,exercise,set,reps\r" + rows * 1))
    assert reading.ok and [s.line for s in reading.log.sets] == list(range(2, 102))
    long = "type,date,exercise,set,reps\r" + "".join(
        f"set,2026-03-{day:02d},goblet_squat,{n},8\r" for day in range(1, 29) for n in range(1, 101)
    )
    assert len(long) > 65536 and read_log(write(tmp_path, "long.csv", long)).ok


def test_a_stray_carriage_return_inside_a_record_is_not_called_cr_line_ends(
    tmp_path: Path,
) -> None:
    text = jsonl(squat(session="A\rB"), squat(set=2)).replace("\\r", "\r")
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert not reading.fatal and reading.skipped == (1,) and len(reading.log.sets) == 1
    assert reading.problems[0].message.startswith("not valid JSON: Invalid control character")


def test_a_large_cr_only_log_is_not_called_a_long_line(tmp_path: Path) -> None:
    text = jsonl(*(squat(set=n % 100 + 1, date=f"2026-03-{n // 100 + 1:02d}") for n in range(1000)))
    reading = read_log(write(tmp_path, "log.jsonl", text.replace("\n", "\r")))
    assert reading.fatal and "CR only" in reading.problems[0].message


def test_a_line_with_stray_carriage_returns_is_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    text = (
        jsonl(squat())
        + jsonl(squat(set=2), squat(set=3)).replace("\n", "\r", 1)
        + jsonl(squat(set=4))
    )
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert not reading.fatal and reading.skipped == (2,)
    assert "CR only" in reading.problems[0].message
    assert [s.set for s in reading.log.sets] == [1, 4]


def test_a_line_over_the_length_limit_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    giant = json.dumps(squat(set=2, session="A" * 100)).replace('"A', '"' + "x" * 70_000)
    text = jsonl(squat()) + giant + "\n" + jsonl(squat(set=3))
    reading = read_log(write(tmp_path, "log.jsonl", text))
    assert shown(reading) == [
        "log.jsonl:2: $: the line is too long: a log line holds at most 65536 bytes (64 KiB) a line"
    ]
    assert [s.set for s in reading.log.sets] == [1, 3]
    csv = "type,date,exercise,set,reps\n" + "set," * 20_000 + "\nset,2026-03-03,goblet_squat,1,8\n"
    csv_reading = read_log(write(tmp_path, "log.csv", csv))
    assert [p.line for p in csv_reading.problems] == [2] and len(csv_reading.log.sets) == 1
    assert "too long" in csv_reading.problems[0].message


def test_a_line_at_the_length_limit_is_fine(tmp_path: Path) -> None:
    record = json.dumps(squat())
    padded = record[:-1] + " " * (65536 - len(record)) + "}"
    assert len(padded.encode()) == 65536
    assert read_log(write(tmp_path, "log.jsonl", padded + "\r\n")).ok


# ---------------------------------------------------------------- streamed, in bounded memory


def _long_log(folder: Path, days: int) -> Path:
    import datetime as dt

    start = dt.date(2026, 1, 5)
    records = []
    for n in range(days):
        date = (start + dt.timedelta(days=n)).isoformat()
        records.append({"type": "checkin", "date": date, "fatigue": 1 + n % 7, "sleep_hours": 7.5})
        for number in (1, 2, 3):
            records.append(squat(date=date, set=number, reps=8 + n % 4, rpe=6 + number / 2))
    return write(folder, "long.jsonl", jsonl(*records))


def test_a_long_log_is_read_in_less_memory_than_twice_its_size(tmp_path: Path) -> None:
    """Reading holds the records, not the file: the peak (as tracemalloc counts what
    Python allocates) stays under twice the file's size. Reading the whole file,
    decoding it and splitting it into lines took about 7 times its size."""
    path = _long_log(tmp_path, 250)
    read_log(path)  # schemas and validators are built once per process: not this log's cost
    tracemalloc.start()
    try:
        reading = read_log(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reading.ok and len(reading.log.sets) == 750
    size = path.stat().st_size
    assert peak < 2 * size, f"peak {peak:,} bytes for a {size:,}-byte log"


def test_the_records_of_a_log_share_their_repeated_values(tmp_path: Path) -> None:
    sets = read_log(_long_log(tmp_path, 3)).log.sets
    assert sets[0].date is sets[2].date and sets[0].exercise is sets[5].exercise
    assert sets[0].load is sets[4].load


def test_a_bad_row_in_a_long_log_is_reported_by_line_and_the_rest_kept(tmp_path: Path) -> None:
    path = _long_log(tmp_path, 500)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1001] = lines[1001].replace('"reps": ', '"reps": -')
    path.write_text("".join(lines), encoding="utf-8")
    reading = read_log(path)
    assert [p.line for p in reading.problems] == [1002] and reading.skipped == (1002,)
    assert len(reading.log.sets) + len(reading.log.checkins) == 1999
    assert reading.quoted == {1002: lines[1001].rstrip("\n")}


def test_the_command_quotes_the_problem_lines_from_the_file(tmp_path: Path) -> None:
    path = _long_log(tmp_path, 50)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[150] = lines[150].replace('"reps": ', '"reps": -')
    path.write_text("".join(lines), encoding="utf-8")
    result = invoke("plan", str(PROGRAM), "--log", str(path))
    assert result.exit_code == 1
    assert f"{path}:151:1: L005 error: $.reps:" in result.stderr
    assert f"  151 | {lines[150].rstrip()[:40]}" in result.stderr


def test_a_duplicate_of_an_earlier_day_is_still_found(tmp_path: Path) -> None:
    """Only the latest day's identities are kept while reading; a duplicate of an
    earlier day (which is also out of order) is found among the records kept."""
    text = jsonl(squat(date="2026-03-03"), squat(date="2026-03-05"), squat(date="2026-03-03"))
    assert [
        p.message.split(":")[0] for p in read_log(write(tmp_path, "d.jsonl", text)).problems
    ] == [
        "duplicate of line 1",
        "records must be in date order",
    ]


def test_a_duplicate_of_a_record_left_out_is_still_found(tmp_path: Path) -> None:
    text = jsonl(squat(rpe=8, rir=3), squat(date="2026-03-05"), squat(rpe=8, rir=3))
    assert [(p.line, p.code) for p in read_log(write(tmp_path, "d.jsonl", text)).problems] == [
        (1, "L008"),
        (3, "L010"),
        (3, "L011"),
        (3, "L008"),
    ]


def test_parse_log_reads_text_the_same_way(tmp_path: Path) -> None:
    text = jsonl(squat(), squat(set=2))
    from_text = parse_log(text, "log.jsonl").log
    assert from_text.sets == read_log(write(tmp_path, "log.jsonl", text)).log.sets


@pytest.mark.parametrize("row", [3, 300, 3000])
def test_a_csv_log_that_is_not_utf8_names_the_line_and_column(tmp_path: Path, row: int) -> None:
    """CSV is decoded in pieces, not a line at a time; the byte is still found where an
    editor shows it, however far into the file."""
    rows = [b"type,date,exercise,set,reps,name"] + [
        f"set,2026-03-03,goblet_squat,{n % 100 + 1},8,".encode() for n in range(4000)
    ]
    rows[row - 1] = b"athlete,,,,,Ren\xe9e"
    reading = read_log(write(tmp_path, "log.csv", b"\n".join(rows) + b"\n"))
    assert reading.fatal and shown(reading) == [
        f"log.csv:{row}: the log is not UTF-8 text: byte 0xe9 on line {row}, column 16 "
        "is not valid UTF-8"
    ]
    assert reading.problems[0].code == "L002"


# ---------------------------------------------------------------- mutated shipped logs

SHIPPED = sorted((ROOT / "programs" / "logs").glob("*.*"))
_PIECES = [b"\r", b"\n", b"\r\n", b"\x00", b"\xe9", b"\xef\xbb\xbf", b"{", b"}", b",", b'"']
_PIECES += [b"1e400", b"99999999999999999999", b"9999-12-31", b"0001-01-01", b"-1", b"NaN"]


@st.composite
def mutated_logs(draw: st.DrawFn) -> tuple[str, bytes]:
    """A slice of a shipped log with bytes deleted, pieces inserted and lines repeated."""
    path = draw(st.sampled_from(SHIPPED))
    lines = path.read_bytes().split(b"\n")
    start = draw(st.integers(0, len(lines) - 1))
    data = bytearray(b"\n".join(lines[:1] + lines[start : start + 20]))
    for _ in range(draw(st.integers(0, 5))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            del data[at : at + draw(st.integers(1, 8))]
        else:
            data[at:at] = draw(st.sampled_from(_PIECES))
    return path.suffix, bytes(data)


@settings(
    max_examples=int(os.environ.get("STRIDELIFT_LOG_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutated_logs())
def test_a_mutated_log_is_read_without_raising_and_what_is_kept_reads_back(
    tmp_path: Path, case: tuple[str, bytes]
) -> None:
    """Whatever the bytes: no exception, every problem located inside the file with a
    code of the one table, every kept record valid on its own (written out and read
    back it has no problem) and its numbers finite. 80 cases in the suite; for a
    longer run after changing a reader: STRIDELIFT_LOG_EXAMPLES=20000 python -m pytest
    tests/test_log_hostile.py -k mutated (5,000 cases take about 45 s)."""
    import math

    from stridelift.core.diagnostics import CODES
    from stridelift.core.logs import dumps_jsonl

    suffix, data = case
    path = write(tmp_path, f"log{suffix}", data)
    reading = read_log(path, exercises=catalog())
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for problem in reading.problems:
        assert problem.code in CODES and 0 <= problem.line <= lines, problem
    if reading.fatal:
        assert len(reading.problems) == 1 and not reading.log.records
        return
    for record in reading.log.records:
        for value in vars_of(record):
            assert not isinstance(value, float) or math.isfinite(value), record
            assert not hasattr(value, "year") or 1900 <= value.year <= 2999, record
    again = parse_log(dumps_jsonl(reading.log), "again.jsonl", exercises=catalog())
    assert again.ok or not reading.log.records, shown(again)
    assert again.log.records == reading.log.records


def vars_of(record: object) -> list[object]:
    return [getattr(record, name) for name in record.__slots__]  # type: ignore[attr-defined]


def catalog() -> frozenset[str]:
    from stridelift.core.hooks.manager import make_plugin_manager

    return frozenset(make_plugin_manager(entry_points=False).exercises.names())
