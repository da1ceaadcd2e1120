"""``stridelift test``: program tests written by a coach, run through the real command
line against real programs, logs and simulated athletes in a project folder.

Each test writes its files into ``tmp_path`` and reads what a coach reads: the
outcome of each case, the failure with its expected and actual values, the values
week by week and the explanation trace, the coverage table, the exit code.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import CLI_ENV, REPO, invoke, write

from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.testing.results import Outcome
from stridelift.core.testing.runner import run_file

#: A program small enough to know week by week: the squat gains a rep a week from the
#: log (8, 9, 10), a check-in with fatigue 8 holds week 4's load increase, and the rule
#: takes a set off week 5.
PROGRAM = """\
program "Small" {
  units kg
  equipment kettlebell 16kg 20kg 24kg, bodyweight
  weeks 6
  schedule tue: A
  session A {
    warmup 5min { glute_bridge 2 x 10 }
    main goblet_squat 3 x 8 @ 16kg rpe 8 rest 90s progress double(8..10, +4kg)
    accessory standing_calf_raise 3 x 12 @ bodyweight
  }
  rule "tired" in main {
    when fatigue >= 7: sets -= 1
  }
}
"""


def _log() -> str:
    lines = []
    for date, reps in (("2026-03-03", 8), ("2026-03-10", 9), ("2026-03-17", 10)):
        for n in (1, 2, 3):
            record = {
                "type": "set",
                "date": date,
                "exercise": "goblet_squat",
                "set": n,
                "reps": reps,
                "load": 16,
                "unit": "kg",
                "rpe": 7,
            }
            lines.append(json.dumps(record))
    lines.append(json.dumps({"type": "checkin", "date": "2026-03-23", "fatigue": 8}))
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding the small program and its log, the current folder."""
    write(tmp_path, "pyproject.toml", '[project]\nname = "coach"\nversion = "0"\n')
    write(tmp_path, "small.stride", PROGRAM)
    write(tmp_path, "small.jsonl", _log())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _tests(folder: Path, body: str, name: str = "small.stride-test") -> Path:
    """A test file for the small program: ``body`` is its tests."""
    return write(folder, name, 'program "small.stride"\n\n' + body)


def _run(*args: str) -> tuple[int, str, str]:
    result = invoke("test", *args, env=CLI_ENV)
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- passing and failing


def test_assertions_that_hold_pass_and_exit_0(project: Path) -> None:
    _tests(
        project,
        """test "the squat's path" {
  log "small.jsonl"
  week 2: goblet_squat reps == 9
  week 3: goblet_squat reps == 10
  weeks 1..4: goblet_squat load == 16kg
  week 5: A/goblet_squat sets == 2
  every week: goblet_squat rest == 90s
  every week: effort <= rpe 8
  every week: has pattern calf_ankle
  every week: has standing_calf_raise
}
""",
    )
    code, out, _ = _run()
    assert code == 0, out
    assert "  passed  the squat's path" in out
    assert out.rstrip().endswith("1 test(s) in 1 file: 1 passed, 0 failed, 0 error(s), 0 skipped")


def test_a_failing_assertion_shows_expected_actual_values_and_the_trace(project: Path) -> None:
    _tests(
        project,
        """test "the squat earns the next bell in week 4" {
  log "small.jsonl"
  week 4: goblet_squat load == 20kg
}
""",
    )
    code, out, _ = _run("small.stride-test")
    assert code == 1
    assert "  FAILED  the squat earns the next bell in week 4" in out
    # Where: the assertion, quoted and underlined.
    assert (
        'small.stride-test:5:3: T001 error: test "the squat earns the next bell in week 4": '
        "`week 4: goblet_squat load == 20kg` does not hold: "
        "expected A/goblet_squat load == 20kg, got 16kg in week 4"
    ) in out
    assert "    5 |   week 4: goblet_squat load == 20kg" in out
    # The values week by week, then the week's prescription and why it did not rise.
    assert "A/goblet_squat load by week: 1: 16kg, 2: 16kg, 3: 16kg, 4: 16kg, 5: 16kg" in out
    assert "week 4, A/goblet_squat: 3 x 10 @ 16kg rpe 8 rest 90s" in out
    assert "held: double(8..10, +4kg) clause 5: completed and reps >= high" in out
    assert "load would rise: held: fatigue 8 on Mon 23 Mar" in out


def test_every_failing_assertion_of_a_test_is_reported_with_its_own_trace(project: Path) -> None:
    _tests(
        project,
        """test "two wrong" {
  log "small.jsonl"
  week 2: goblet_squat reps == 8
  week 5: goblet_squat sets == 3
  week 3: goblet_squat reps == 10
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    assert "expected A/goblet_squat reps == 8, got 9 in week 2" in out
    also = out[out.index("also fails, line 6:") :]
    assert "expected A/goblet_squat sets == 3, got 2 in week 5" in also
    assert 'sets 3 -> 2: rule "tired" clause 1: fatigue >= 7 (fatigue 8)' in also
    assert "line 7" not in out  # the assertion that holds is not reported


def test_an_assertion_fails_once_the_program_changes(tmp_path: Path, monkeypatch) -> None:
    """The shipped tests of minimal-equipment.stride pass; with the build rule's bell
    changed in a copy of the program, the assertion about it fails and names the rule."""
    shutil.copytree(REPO / "programs", tmp_path / "programs")
    write(tmp_path, "pyproject.toml", "")
    monkeypatch.chdir(tmp_path)
    test_file = "programs/tests/minimal-equipment.stride-test"
    assert _run(test_file)[0] == 0
    program = tmp_path / "programs" / "minimal-equipment.stride"
    text = program.read_text(encoding="utf-8")
    assert "when week == 7: load = 24kg" in text
    program.write_text(text.replace("when week == 7: load = 24kg", "when week == 8: load = 24kg"))
    code, out, _ = _run(test_file)
    assert code == 1
    assert "  FAILED  the squat moves to the heavier bell for the build block" in out
    assert "`week 7: goblet_squat load == 24kg` does not hold: " in out
    assert "expected A/goblet_squat load == 24kg, got 16kg in week 7" in out
    assert (
        "A/goblet_squat load by week: 1: 16kg, 2: 16kg, 3: 16kg, 4: 16kg, 5: 16kg, 6: 16kg, 7: 16kg"
        in out
    )


def test_quantified_assertions_judge_every_week_and_name_the_weeks_that_fail(
    project: Path,
) -> None:
    _tests(
        project,
        """test "limits" {
  log "small.jsonl"
  every week: goblet_squat reps <= 9
  no week: reps rises more than 10%
  some week: goblet_squat load == 24kg
  weeks 2..3: goblet_squat reps rises
  no week: goblet_squat reps rises more than 1
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    assert (
        "expected A/goblet_squat reps <= 9, got 10 in week 3 (it fails in 3 of 5 weeks: 3, 4, 5)"
        in out
    )
    assert "expected no rise in reps more than 10%, got A/goblet_squat reps rises 8 -> 9" in out
    assert "expected goblet_squat load == 24kg in some week of weeks 1-5, got it in none" in out
    # Reps rose by one a week in weeks 2 and 3: those two hold.
    assert "weeks 2..3" not in out
    assert "reps rises more than 1`" not in out


def test_a_rise_after_a_missed_week_is_found(project: Path) -> None:
    """A log with week 2 missed and week 3 logged: the progression holds in week 3, and
    the increase earned in week 3 shows in week 4, after a logged week."""
    log = "\n".join(line for line in _log().splitlines() if "2026-03-10" not in line) + "\n"
    write(project, "gap.jsonl", log)
    _tests(
        project,
        """test "gap" {
  log "gap.jsonl"
  no week: anything rises after a missed week
  some week: goblet_squat reps rises after a missed week
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    assert "expected goblet_squat reps to rise after a missed week in some week" in out
    assert "no week: anything" not in out


def test_the_audit_judges_a_sound_season(project: Path) -> None:
    _tests(
        project,
        """test "sound" {
  log "small.jsonl"
  every week: sound
  no week: anything rises after a failed week
  no week: anything rises after a tired week
}
""",
    )
    assert _run()[0] == 0


def test_a_line_left_out_before_a_race_is_skipped(project: Path) -> None:
    _tests(
        project,
        """test "race week" {
  athlete steady
  race 2026-02-05
  week 5: goblet_squat skipped
  no week: standing_calf_raise skipped
  week 5: goblet_squat load == 16kg
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    assert "expected A/goblet_squat load == 16kg, got skipped (2 day(s) before the race" in out
    assert "week 5: goblet_squat skipped`" not in out


# ---------------------------------------------------------------- simulated athletes


def test_a_simulated_athlete_runs_once_a_seed_and_a_failure_names_the_seed(
    project: Path,
) -> None:
    _tests(
        project,
        """test "steady" {
  athlete steady(adherence: 0.9)
  seeds 1..3
  every week: sound
  week 6: goblet_squat load == 16kg
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    assert 'test "steady": seed 1: `week 6: goblet_squat load == 16kg` does not hold' in out
    assert "    simulated with seed 1" in out


def test_data_driven_rows_are_cases_named_after_their_row(project: Path) -> None:
    _tests(
        project,
        """test "week $week" {
  log "small.jsonl"
  week $week: goblet_squat reps == $reps
  where {
    week | reps
    2    | 9
    3    | 10
    4    | 11
  }
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    assert "  passed  week $week [week=2, reps=9]" in out
    assert "  passed  week $week [week=3, reps=10]" in out
    assert "  FAILED  week $week [week=4, reps=11]" in out
    # The row's values are in the failing assertion's text.
    assert "`week 4: goblet_squat reps == 11` does not hold" in out
    assert "3 test(s) in 1 file: 2 passed, 1 failed, 0 error(s), 0 skipped" in out


def test_athlete_parameters_come_from_the_table(project: Path) -> None:
    _tests(
        project,
        """test "athletes" {
  athlete steady(adherence: $adherence, fatigue: $fatigue)
  seeds 1..2
  every week: sound
  where {
    adherence | fatigue
    0.9       | 0.3
    0.5       | 0.9
  }
}
""",
    )
    code, out, _ = _run()
    assert code == 0, out
    assert "  passed  athletes [adherence=0.9, fatigue=0.3]" in out
    assert "  passed  athletes [adherence=0.5, fatigue=0.9]" in out


# ---------------------------------------------------------------- selecting and finding


def _three_tests(project: Path) -> None:
    _tests(
        project,
        """test "squat reps" {
  log "small.jsonl"
  week 2: goblet_squat reps == 9
}

test "squat load" {
  log "small.jsonl"
  week 2: goblet_squat load == 16kg
}

test "calf work" {
  log "small.jsonl"
  every week: has pattern calf_ankle
}
""",
    )


@pytest.mark.parametrize("option", ["-k", "--select"])
def test_k_and_select_run_the_tests_whose_name_contains_the_text(
    project: Path, option: str
) -> None:
    _three_tests(project)
    code, out, _ = _run(option, "SQUAT")
    assert code == 0
    assert "  passed  squat reps" in out and "  passed  squat load" in out
    assert "calf work" not in out
    assert "2 test(s) in 1 file: 2 passed, 0 failed, 0 error(s), 1 skipped" in out


def test_k_matches_the_file_name_too_and_repeats_widen(project: Path) -> None:
    _three_tests(project)
    assert "3 test(s)" in _run("-k", "small.stride-test::")[1]
    out = _run("-k", "reps", "-k", "calf")[1]
    assert "2 test(s) in 1 file: 2 passed, 0 failed, 0 error(s), 1 skipped" in out


def test_fail_on_empty_fails_when_no_test_ran(project: Path) -> None:
    _three_tests(project)
    assert _run("-k", "nothing like it")[0] == 0
    code, out, err = _run("-k", "nothing like it", "--fail-on-empty")
    assert code == 1
    assert "0 test(s) in 1 file: 0 passed, 0 failed, 0 error(s), 3 skipped" in out
    assert "no test ran (--fail-on-empty)" in err
    (project / "small.stride-test").unlink()
    assert _run("--fail-on-empty")[0] == 1
    assert _run()[0] == 0


def test_folders_are_searched_for_test_files_skipping_hidden_ones(project: Path) -> None:
    _three_tests(project)
    (project / "more").mkdir()
    write(project / "more", "x.stride-test", 'program "../small.stride"\n' + _skip_test())
    (project / ".hidden").mkdir()
    write(project / ".hidden", "y.stride-test", "this is not a test file")
    code, out, _ = _run()
    assert code == 0, out
    assert "more/x.stride-test" in out
    assert ".hidden" not in out
    assert "3 test(s) in 2 files: 3 passed, 0 failed, 0 error(s), 1 skipped" in out


def _skip_test() -> str:
    return 'test "later" {\n  skip "not yet"\n  week 1: sets == 3\n}\n'


def test_a_skipped_test_says_why(project: Path) -> None:
    _tests(project, _skip_test())
    code, out, _ = _run()
    assert code == 0
    assert "  skipped later (skip: not yet)" in out


# ---------------------------------------------------------------- coverage


def test_coverage_counts_each_clause_that_fired(project: Path) -> None:
    _tests(project, 'test "log" {\n  log "small.jsonl"\n  every week: sound\n}\n')
    code, out, _ = _run("--coverage")
    assert code == 0
    assert "coverage: 3 of 8 clause(s) fired (37.5%)" in out
    rows = {line[11:]: int(line[:9]) for line in out.splitlines() if line[:9].strip().isdigit()}
    # Weeks 2 and 3 added a rep; week 4's load increase was held (fatigue); week 5's
    # set came off by the rule.
    assert rows["double(8..10, +4kg) clause 6: when completed and rpe <= effort"] == 2
    assert (
        rows["double(8..10, +4kg) clause 5: when completed and reps >= high and rpe <= effort"] == 1
    )
    assert rows['rule "tired" clause 1: when fatigue >= 7'] == 1
    assert rows["double(8..10, +4kg) clause 7: otherwise"] == 0


def test_coverage_threshold_fails_below_it(project: Path) -> None:
    _tests(project, 'test "log" {\n  log "small.jsonl"\n  every week: sound\n}\n')
    code, out, err = _run("--coverage-threshold", "40")
    assert code == 1
    assert "coverage: 3 of 8 clause(s) fired (37.5%)" in out  # the table is shown too
    assert "37.5% of the clauses fired, below --coverage-threshold 40%" in err
    assert _run("--coverage-threshold", "37.5")[0] == 0
    assert _run("--coverage-threshold", "101")[0] == 2  # a usage error


def test_coverage_adds_up_across_files_testing_one_program(project: Path) -> None:
    _tests(project, 'test "log" {\n  log "small.jsonl"\n  every week: sound\n}\n', "a.stride-test")
    _tests(project, 'test "log" {\n  log "small.jsonl"\n  every week: sound\n}\n', "b.stride-test")
    out = _run("--coverage")[1]
    assert out.count("  small.stride") == 1
    assert "        4  double(8..10, +4kg) clause 6" in out


# ---------------------------------------------------------------- problems in test files


def test_a_syntax_error_is_located_with_a_hint_and_the_other_files_still_run(
    project: Path,
) -> None:
    _tests(project, 'test "broken" {\n  week 2 goblet_squat reps == 9\n}\n', "broken.stride-test")
    _three_tests(project)
    code, out, _ = _run()
    assert code == 1
    assert (
        "broken.stride-test:4:10: T010 error: expected `:` after the weeks, found `goblet_squat`"
    ) in out
    assert "    4 |   week 2 goblet_squat reps == 9\n      |          ^^^^^^^^^^^^" in out
    assert "hint: write the weeks, a colon, then what holds" in out
    assert "3 test(s) in 2 files: 3 passed" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("week 2 : goblet_squat reps = 9", "hint: compare with `==`"),
        ("week 2: goblet_squat reps == 9 kg", "expected a unit right after the number"),
        ("week 2: goblet_squat == 9", "expected a field after the exercise"),
        ("goblet_squat reps == 9", "expected an input line (log, athlete, seeds, weeks"),
        ("log small.jsonl", "the path must be quoted"),
    ],
)
def test_usual_slips_get_their_own_words(project: Path, line: str, message: str) -> None:
    _tests(project, f'test "t" {{\n  {line}\n}}\n')
    code, out, _ = _run()
    assert code == 1
    assert "T010 error" in out and message in out


def test_an_unclosed_test_says_where_it_opened(project: Path) -> None:
    _tests(project, 'test "t" {\n  week 2: goblet_squat reps == 9\n')
    out = _run()[1]
    assert 'the file ends before the `{` of `test "t" {` (line 3) is closed' in out


def test_unknown_names_and_wrong_values_are_located_and_the_test_does_not_run(
    project: Path,
) -> None:
    _tests(
        project,
        """test "typos" {
  athlete stedy
  week 2: goblet_sqat reps == 9
  week 2: goblet_squat load == 16
  week 9: goblet_squat load == 16kg
  every week: has pattern calf
}

test "fine" {
  log "small.jsonl"
  week 2: goblet_squat reps == 9
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    assert "small.stride-test:4:11: T012 error: no athlete model `stedy` is installed" in out
    assert "hint: did you mean `steady`?" in out
    assert "T012 error: `goblet_sqat` is no exercise line of the program" in out
    assert "hint: did you mean `goblet_squat`?" in out
    assert "small.stride-test:6:32: T013 error: `16` is not a load" in out
    assert "hint: write the unit: 16kg" in out
    assert "T013 error: week 9 is not among the 6 week(s) the test runs" in out
    assert "T012 error: `calf` is not a movement pattern" in out
    assert "hint: did you mean `calf_ankle`?" in out
    assert "  error   typos" in out
    assert "  passed  fine" in out


def test_setup_problems_are_reported(project: Path) -> None:
    write(
        project,
        "setup.stride-test",
        """test "a" {
  log "small.jsonl"
  athlete steady
  weeks 3
  weeks 4
  week $w: sets == 3
}

test "a" {
  seeds 1..3
  every week: sound
  where {
    x | y
    1
  }
}
""",
    )
    code, out, _ = _run()
    assert code == 1
    for expected in (
        "setup.stride-test:1:1: T014 error: the file names no program to test",
        "T014 error: a test reads a log or simulates an athlete, not both",
        "T014 error: `weeks` is given twice in this test (first on line 4)",
        "T015 error: `$w` names no column of a table",
        'T014 error: two tests are named "a" (the first on line 1)',
        "T014 error: `seeds` without an `athlete`",
        "T015 error: this row has 1 value(s) and the table 2 column(s)",
        "T015 error: the column `x` is used nowhere in the test",
    ):
        assert expected in out


def test_a_test_that_asserts_nothing_is_warned_about(project: Path) -> None:
    _tests(project, 'test "empty" {\n  log "small.jsonl"\n}\n')
    code, out, _ = _run()
    assert code == 0  # a warning
    assert 'T016 warning: the test "empty" asserts nothing, so it cannot fail' in out


def test_a_program_with_errors_is_listed_and_its_tests_do_not_run(project: Path) -> None:
    write(project, "small.stride", PROGRAM.replace("@ 16kg rpe 8", "@ 18kg rpe 8"))
    _three_tests(project)
    code, out, _ = _run()
    assert code == 1
    assert "small.stride:8:" in out and "E103 error: no 18kg load" in out
    assert "  error   squat reps" in out
    assert "not run: the program small.stride has 1 error(s)" in out


def test_a_missing_program_or_log_is_placed_at_its_line(project: Path) -> None:
    write(
        project, "a.stride-test", 'program "nowhere.stride"\ntest "t" {\n  week 1: sets == 1\n}\n'
    )
    _tests(project, 'test "t" {\n  log "nowhere.jsonl"\n  week 1: sets == 1\n}\n', "b.stride-test")
    code, out, _ = _run()
    assert code == 1
    assert "a.stride-test:1:9: T014 error: the program nowhere.stride does not exist" in out
    assert (
        "b.stride-test:4:3: T014 error: the log nowhere.jsonl: the log file does not exist" in out
    )
    assert "not run: the log nowhere.jsonl: the log file does not exist" in out
    assert out.count("  error   t") == 2


def test_a_log_with_an_invalid_record_stops_only_its_tests(project: Path) -> None:
    bad = '{"type": "set", "date": "2026-03-24", "exercise": "goblet_squat", "set": 1, "reps": "8"}'
    write(project, "bad.jsonl", _log() + bad + "\n")
    _tests(
        project,
        'test "bad" {\n  log "bad.jsonl"\n  week 1: goblet_squat sets == 3\n}\n\n'
        'test "good" {\n  log "small.jsonl"\n  week 1: goblet_squat sets == 3\n}\n',
    )
    code, out, _ = _run()
    assert code == 1
    assert "bad.jsonl:11:" in out and "L005 error" in out
    assert "  error   bad" in out and "not run: the log bad.jsonl has 1 problem(s)" in out
    assert "  passed  good" in out


def test_an_error_in_the_settings_is_a_usage_error(project: Path) -> None:
    write(project, "stridelift.toml", "[policy]\ndeload_sets = 60\n")
    _three_tests(project)
    code, out, err = _run()
    assert code == 2
    assert "C005 error" in err and "no test was run" in err
    assert out == ""


def test_json_output_is_a_findings_document_with_the_test_file_problems(project: Path) -> None:
    _tests(project, 'test "broken" {\n  week 2 goblet_squat reps == 9\n}\n')
    code, out, _ = _run("--output-format", "json")
    assert code == 1
    payload = json.loads(out)
    assert payload["format_version"] == 1
    assert [d["code"] for d in payload["diagnostics"]] == ["T010"]
    assert payload["diagnostics"][0]["line"] == 4


# ---------------------------------------------------------------- the runner itself


def test_run_file_results_pickle_for_a_pool_of_processes(project: Path) -> None:
    _three_tests(project)
    _tests(project, 'test "broken" {\n  week 2 goblet_squat reps == 9\n}\n', "broken.stride-test")
    plugins = make_plugin_manager(entry_points=False)
    for name in ("small.stride-test", "broken.stride-test"):
        result = run_file(name, plugins=plugins)
        again = pickle.loads(pickle.dumps(result))
        assert again.cases == result.cases
        assert again.findings == result.findings
        assert again.coverage == result.coverage
    passed = run_file("small.stride-test", plugins=plugins)
    assert [c.outcome for c in passed.cases] == [Outcome.PASSED] * 3
    assert all(c.program == "small.stride" for c in passed.cases)
    assert passed.files == ("small.stride-test", "small.stride", "small.jsonl")


def test_the_shipped_program_tests_pass() -> None:
    """CI runs the example tests next to the shipped programs through this suite."""
    code, out, _ = _run(str(REPO / "programs" / "tests"), "--fail-on-empty")
    assert code == 0, out
    assert " 0 failed, 0 error(s)" in out
    assert "FAILED" not in out


def test_every_rule_of_the_test_grammar_is_exercised_by_the_docs_and_examples() -> None:
    """The docs' test files and the shipped ones use every rule of stride_test.lark (a
    rule nobody writes is a rule nobody has seen work)."""
    from conftest import fenced_blocks

    from stridelift.core.testing.parse import _front, tree_of

    texts = [p.read_text(encoding="utf-8") for p in (REPO / "programs" / "tests").glob("*")]
    for page in (REPO / "docs").glob("*.md"):
        texts += [b.text for b in fenced_blocks(page) if b.info.startswith("stride-test")]
    seen: set[str] = set()
    for text in texts:
        try:
            tree = tree_of(text)
        except Exception:
            continue  # a T010 example
        seen.update(str(node.data) for node in tree.iter_subtrees())
    rules = {
        str(rule.alias or rule.origin.name)
        for rule in _front().lark.rules
        if not str(rule.origin.name).startswith("_")
    }
    assert rules - seen == set()
