"""Every number a program holds has a range (issue 10): a value outside it is a
located error that names the range, never a crash, a hang or a plan that
prescribes nonsense; and ``fmt`` writes every number as the coach wrote it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import invoke

from stridelift.core.diagnostics import Diagnostic

Check = Callable[[str], list[Diagnostic]]

PROGRAM = """\
program "Ranges" {{
  units kg
  equipment dumbbell 10kg 12kg 14kg, bands light medium heavy
  weeks 4
  {header}
  schedule mon: A
  session A "a" {{
    main goblet_squat {line}
  }}
}}
"""


def findings(check: Check, line: str, header: str = "") -> list[tuple[str, str, str]]:
    text = PROGRAM.format(line=line, header=header)
    return [(d.code, d.message, d.hint or "") for d in check(text) if d.severity >= 3]


@pytest.mark.parametrize(
    ("line", "header", "words"),
    [
        ("3 x 5000 @ 10kg", "", "1 to 1000 reps"),
        ("3 x 8..5000 @ 10kg", "", "1 to 1000 reps"),
        ("3 x 8 @ 10kg rest 5000s", "", "0s to 60min"),
        ("3 x 8 @ 10kg rest 2h", "", "0s to 60min"),
        ("3 x 8 @ 10kg tempo 99-1-1-0", "", "0 to 20 seconds a phase"),
        ("3 x 8 @ 10kg", "time budget 20h", "5min to 6h"),
        ("3 x 8 @ 2000kg", "", "0 to 1500kg"),
    ],
)
def test_a_value_out_of_its_range_is_a_located_error_naming_the_range(
    stride_check: Check, line: str, header: str, words: str
) -> None:
    errors = findings(stride_check, line, header)
    assert [code for code, _, _ in errors] == ["E120"], errors
    assert words in errors[0][2]


def test_a_timed_hold_and_a_carry_have_ranges(stride_check: Check) -> None:
    program = PROGRAM.replace("main goblet_squat {line}", "main side_plank 3 x 2h per side")
    (error,) = [d for d in stride_check(program.format(header="")) if d.code == "E120"]
    assert "1s to 60min a set" in (error.hint or "")


@pytest.mark.parametrize(
    "line",
    [
        "3 x 99999999999999999999 @ 10kg",
        "3 x 8 @ 10kg rest 99999999999999999999s",
        "3 x 8 @ 100000000000000000000kg",
        "3 x 8 @ " + "9" * 5000 + "kg",
        "3 x " + "9" * 400 + " @ 10kg",
        "3 x " + "9" * 5000 + " @ 10kg",
    ],
)
def test_a_number_too_long_is_one_error_that_quotes_it_as_written(
    stride_check: Check, line: str
) -> None:
    # A time budget makes the checker estimate the session's length: with a
    # 400-digit rep count that overflowed a float and crashed `check`.
    errors = findings(stride_check, line, header="time budget 45min")
    assert [code for code, _, _ in errors] == ["S010"], errors
    message = errors[0][1]
    assert "inf" not in message and "e+" not in message
    assert "999" in message or "1000000000" in message
    assert "at most 9 digits" in errors[0][2]


def test_plan_history_and_simulate_refuse_a_too_long_number_cleanly(tmp_path: Path) -> None:
    program = tmp_path / "p.stride"
    program.write_text(PROGRAM.format(line="3 x " + "9" * 400 + " @ 10kg", header=""))
    log = tmp_path / "log.jsonl"
    log.write_text('{"type": "athlete", "name": "Sam", "start": "2026-01-05"}\n')
    for command in (
        ["plan", str(program), "--start", "2026-01-05"],
        ["history", str(program), "--log", str(log)],
        ["simulate", str(program), "--start", "2026-01-05"],
    ):
        done = invoke(*command)
        assert done.exit_code == 1, (command, done.stdout, done.stderr)
        assert "S010" in done.stdout + done.stderr
        assert "internal error" not in done.stderr


def test_an_action_that_sets_a_value_is_held_to_its_range(stride_check: Check) -> None:
    text = PROGRAM.format(
        line="3 x 8 @ 10kg progress big()",
        header="progression big() {\n    when completed: reps = 5000\n  }",
    )
    errors = [d for d in stride_check(text) if d.code == "E120"]
    assert len(errors) == 1 and "1 to 1000 reps" in (errors[0].hint or "")


def test_for_n_weeks_is_held_to_the_program_length_range(stride_check: Check) -> None:
    text = PROGRAM.format(
        line="3 x 8 @ 10kg progress p()",
        header="progression p() {\n    when rpe >= 9 for 500 weeks: hold\n  }",
    )
    errors = [d for d in stride_check(text) if d.code == "E120"]
    assert len(errors) == 1 and "1 to 104 weeks" in (errors[0].hint or "")


def test_an_equipment_range_with_too_many_sizes_is_refused_at_once(stride_check: Check) -> None:
    # 0.1kg to 1500kg by 0.1kg would be 15,000 sizes for every load lookup.
    text = PROGRAM.format(line="3 x 8 @ 10kg", header="").replace(
        "dumbbell 10kg 12kg 14kg", "dumbbell 0.1kg to 1500kg by 0.1kg"
    )
    errors = [d for d in stride_check(text) if d.severity >= 3]
    assert [d.code for d in errors] == ["E112"]
    assert "15,000 sizes" in errors[0].message


def test_fmt_keeps_every_number_as_written(tmp_path: Path) -> None:
    path = tmp_path / "p.stride"
    path.write_text(
        PROGRAM.format(line="03 x 08 @ 12.50kg   rpe 7.0 rest 060s", header="").replace(
            "10kg 12kg 14kg", "10kg 12.50kg 14kg"
        )
    )
    done = invoke("fmt", str(path))
    assert done.exit_code == 0, done.stderr
    text = path.read_text()
    assert "main goblet_squat 03 x 08 @ 12.50kg rpe 7.0 rest 060s" in text
    assert "dumbbell 10kg 12.50kg 14kg" in text


def test_fmt_leaves_a_file_with_a_too_long_number_alone(tmp_path: Path) -> None:
    path = tmp_path / "p.stride"
    original = PROGRAM.format(line="3 x 8 @ 10kg rest  99999999999999999999s", header="")
    path.write_text(original)
    done = invoke("fmt", str(path))
    assert done.exit_code == 1
    assert path.read_text() == original
    assert "S010" in done.stderr


def test_what_a_progression_computes_stays_in_range(tmp_path: Path) -> None:
    """`reps *= 3` every week would reach millions of reps in a year; the engine
    stops at the range's end, says so, and the log the simulator writes from
    such a plan still passes the log checks."""
    program = tmp_path / "p.stride"
    program.write_text(
        PROGRAM.format(
            line="3 x 8 @ 10kg progress triple()",
            # A clause that reads what readiness looks at decides on it itself: this
            # one asks for more whatever was logged (docs/engine.md#readiness).
            header="progression triple() {\n    when completed or not completed or rpe >= 0 "
            "or form is poor or form is not poor or missed >= 0 or fatigue >= 0 "
            "or soreness >= 0 or week >= 1: reps *= 3, rest *= 3\n  }",
        ).replace("weeks 4", "weeks 20")
    )
    log = tmp_path / "log.jsonl"
    done = invoke(
        "simulate", str(program), "--start", "2026-01-05", "--log-out", str(log), "--explain"
    )
    assert done.exit_code == 0, done.stderr
    assert "capped: 1 to 1000 reps" in done.stdout
    reps = [
        int(line.split('"reps": ')[1].split(",")[0])
        for line in log.read_text().splitlines()
        if '"reps": ' in line
    ]
    assert reps and max(reps) <= 1000
    replay = invoke("plan", str(program), "--log", str(log), "--week", "20")
    assert replay.exit_code == 0, replay.stdout + replay.stderr


def test_a_line_too_long_is_refused_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "p.stride"
    path.write_text(PROGRAM.format(line='3 x 8 @ 10kg cue "' + "a" * 20_000 + '"', header=""))
    done = invoke("check", str(path))
    assert done.exit_code == 1
    assert "p.stride:8:10001: S012" in done.stdout
    assert "20,0" in done.stdout and "at most 10,000" in done.stdout
    assert "a" * 200 not in done.stdout  # the blob is not quoted back


@pytest.mark.parametrize(
    ("call", "words"),
    [
        ("in_season(volume: 1500%)", "`volume` of 1500% is out of range: use 10% to 100%"),
        ("undulating(heavy: 1000)", "`heavy` of 1000 is out of range: use 1 to 30"),
    ],
)
def test_a_style_argument_out_of_its_declared_bounds_is_the_coachs_error(
    stride_check: Check, call: str, words: str
) -> None:
    """Not an X001 blaming the built-in plugin: the argument is wrong, and says so."""
    text = PROGRAM.format(line="3 x 8 @ 10kg", header=f"periodization {call}")
    errors = [d for d in stride_check(text) if d.severity >= 3]
    assert [(d.code, words in d.message) for d in errors] == [("E110", True)]


def test_a_mistyped_parameter_type_is_a_diagnostic_not_a_crash(stride_check: Check) -> None:
    text = PROGRAM.format(
        line="3 x 8 @ 10kg progress p()",
        header="progression p(margin: eps = 2) {\n    when reps >= margin: hold\n  }",
    )
    errors = [d for d in stride_check(text) if d.severity >= 3]
    assert [(d.code, d.message) for d in errors] == [("E110", "unknown parameter type `eps`")]


def test_an_empty_superset_under_a_time_budget_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "p.stride"
    path.write_text(
        PROGRAM.format(
            line="3 x 8 @ 10kg\n    accessory superset rest 45s {\n    }", header=""
        ).replace("  schedule", "  time budget 45min\n  schedule")
    )
    done = invoke("check", str(path))
    assert done.exit_code == 1, done.stderr
    assert "a superset alternates at least two exercises" in done.stdout


def test_the_session_estimate_takes_an_empty_superset_as_no_time() -> None:
    from stridelift.core.language.parse import parse_text
    from stridelift.core.training.session_time import session_minutes

    text = "session A {\n  main push_up 3 x 10\n  accessory superset {\n  }\n}\n"
    document = parse_text(text).document
    assert document is not None
    (session,) = document.items
    assert session_minutes(session) > 0  # type: ignore[arg-type]


@pytest.mark.parametrize("control", ["\x1b[2J", "\f", "\r", "\x85", "\u2028"])
def test_a_control_character_in_quoted_text_is_an_error_not_a_terminal_command(
    tmp_path: Path, control: str
) -> None:
    path = tmp_path / "p.stride"
    path.write_text(PROGRAM.format(line=f'3 x 8 @ 10kg cue "hips {control}back"', header=""))
    done = invoke("check", str(path))
    assert done.exit_code == 1
    assert "S014" in done.stdout
    assert control not in done.stdout + done.stderr
    plan = invoke("plan", str(path), "--start", "2026-01-05")
    assert plan.exit_code == 1 and control not in plan.stdout + plan.stderr


@pytest.mark.parametrize("written", ["0.33333333333333333", "1.2345678901234567", "7.10"])
def test_fmt_keeps_digits_a_float_cannot_hold(written: str) -> None:
    """Found by tools/fuzz.py: 17 significant digits came back as a float's 16."""
    from stridelift.core.language.layout import format_text

    result = format_text(f"progression p {{\n  when rpe >= {written}: hold\n}}\n")
    assert result.output is not None and f"rpe >= {written}:" in result.output


def test_simulate_refuses_a_start_whose_weeks_leave_the_calendar(tmp_path: Path) -> None:
    """Its log would hold dates past 2999, which the log checks refuse."""
    path = tmp_path / "p.stride"
    path.write_text(PROGRAM.format(line="3 x 8 @ 10kg", header=""))
    late = invoke("simulate", str(path), "--start", "2999-12-20")
    assert late.exit_code == 2 and "end on 3000-01-16" in late.stderr
    log = tmp_path / "log.jsonl"
    done = invoke("simulate", str(path), "--start", "2999-11-01", "--log-out", str(log))
    assert done.exit_code == 0, done.stderr
    assert invoke("plan", str(path), "--log", str(log), "--week", "4").exit_code == 0
