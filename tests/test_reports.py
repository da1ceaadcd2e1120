"""The report formats, each read by its real consumer: SARIF by the OASIS schema, JUnit
by the XSD pytest validates its own reports with and by junitparser, GitHub's
workflow commands by a reader that parses them as the Actions runner does, JSON by
``json.loads``. Reports come from real ``stridelift check`` and ``fmt`` runs, and,
for program tests (whose runner is not there yet), from :class:`CaseResult`s built
by hand."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import CLI_ENV, PROGRAMS, REPO, invoke, write
from reports import (
    sarif_errors,
    valid_junit,
    valid_sarif,
    workflow_commands,
)

from stridelift.core.diagnostics import CODES, Diagnostic, Severity
from stridelift.core.output.emitters import FORMATS, emitter
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import plain
from stridelift.core.source import Span
from stridelift.core.testing.results import CaseResult, Coverage, Outcome

DIAGNOSTICS_DOC = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")

#: An error (E103), a warning (W201) and an info (W208) in one program.
MIXED = """\
program "Mixed" {
  units kg
  weeks 8
  equipment kettlebell 16kg 24kg
  schedule mon: A, tue: B
  session A { main goblet_squat 3 x 8 @ 20kg }
  session B { main push_up 3 x 10 }
  progression unused(step: load) { when completed: load += step }
}
"""
BROKEN = "session A {\n  main goblet_squat 3 x 8 @ 16 kg\n}\n"


def _sarif(report: FindingsReport) -> dict[str, Any]:
    return valid_sarif(emitter("sarif")(report, plain))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A coach's folder: a program with an error, a warning and an info, and one with a
    syntax error."""
    (tmp_path / "pyproject.toml").touch()
    write(tmp_path, "mixed.stride", MIXED)
    write(tmp_path, "broken.stride", BROKEN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(*args: str, env: dict[str, str] | None = None) -> Any:
    return invoke("check", *args, env={**CLI_ENV, **(env or {})})


# ---------------------------------------------------------------- the consumers themselves


def test_the_sarif_schema_rejects_what_is_not_sarif() -> None:
    """The vendored schema is the real one: copies in circulation accept anything."""
    good: dict[str, Any] = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "stridelift"}},
                "results": [{"ruleId": "E103", "level": "error", "message": {"text": "x"}}],
            }
        ],
    }
    assert sarif_errors(good) == []
    fatal = json.loads(json.dumps(good))
    fatal["runs"][0]["results"][0]["level"] = "fatal"
    assert any("'fatal' is not one of" in e for e in sarif_errors(fatal))
    no_version = {key: value for key, value in good.items() if key != "version"}
    assert any("'version' is a required property" in e for e in sarif_errors(no_version))
    no_message = json.loads(json.dumps(good))
    del no_message["runs"][0]["results"][0]["message"]
    assert any("'message' is a required property" in e for e in sarif_errors(no_message))


def test_the_junit_schema_rejects_what_is_not_junit() -> None:
    import xmlschema

    with pytest.raises(xmlschema.XMLSchemaValidationError):
        valid_junit('<testsuites><testsuite name="x"/></testsuites>')  # no tests= and others
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        valid_junit(
            '<testsuites><testsuite name="x" tests="1" failures="0" errors="0">'
            '<testcase name="a"><broken/></testcase></testsuite></testsuites>'
        )


def test_the_workflow_command_reader_refuses_an_unescaped_property() -> None:
    commands, _ = workflow_commands("::error file=a%2Cb.stride,line=3::50%25 of 1rm%0Ahint")
    assert commands[0].properties == {"file": "a,b.stride", "line": "3"}
    assert commands[0].message == "50% of 1rm\nhint"
    with pytest.raises(AssertionError, match="without a value"):
        workflow_commands("::error file=a,b.stride::x")


# ---------------------------------------------------------------- a report built by hand


def _finding(code: str, line: int, message: str, path: str = "p.stride", **kw: Any) -> Diagnostic:
    span = Span(line, 3, line, 9) if line else None
    return Diagnostic.make(path, span, code, message, **kw)


CASES = (
    CaseResult(
        "tests/squat.test.stride", "week 1 load", Outcome.PASSED, Span.point(3, 3), seconds=0.01
    ),
    CaseResult(
        "tests/squat.test.stride",
        "week 3 load [athlete=tired]",
        Outcome.FAILED,
        Span(7, 3, 7, 30),
        message="expected goblet_squat load 20kg, got 16kg",
        details=("expected: 20kg", "actual:   16kg", "week 2: rpe 9.5 >= 9.5, load held"),
        seconds=0.1234,
        program="programs/base.stride",
    ),
    CaseResult(
        "tests/log.test.stride",
        "replays the log",
        Outcome.ERROR,
        None,
        message="the log cannot be read: logs/missing.jsonl does not exist",
        seconds=0.002,
    ),
    CaseResult(
        "tests/log.test.stride", "race week", Outcome.SKIPPED, Span.point(12, 1), "marked skip"
    ),
)
COVERAGE = Coverage(
    (
        ("programs/base.stride", "progression mine: when completed and rpe <= 8", 3),
        ("programs/base.stride", "progression mine: when rpe >= 9.5 for 2 weeks", 0),
        ("programs/base.stride", "rule fatigue cuts volume first", 1),
    )
)


@pytest.fixture
def tested() -> FindingsReport:
    """A run of program tests: four cases, coverage, and a finding in a test file."""
    findings = (_finding("E101", 4, "unknown exercise `gobelt_squat`", "tests/squat.test.stride"),)
    return FindingsReport(
        files=("tests/squat.test.stride", "tests/log.test.stride"),
        findings=findings,
        checked=2,
        cases=CASES,
        coverage=COVERAGE,
        command="test",
    )


def test_sarif_of_a_test_run_has_a_result_for_each_case_that_did_not_pass(
    tested: FindingsReport,
) -> None:
    log = _sarif(tested)
    (run,) = log["runs"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("E101", "error"),
        ("T001", "error"),
        ("T002", "error"),
    ]
    failed = results[1]
    assert failed["message"]["text"].startswith(
        "test `week 3 load [athlete=tired]` failed: expected goblet_squat load 20kg, got 16kg\n"
    )
    assert "week 2: rpe 9.5 >= 9.5, load held" in failed["message"]["text"]
    assert failed["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 3,
        "endLine": 7,
        "endColumn": 30,
    }
    # A case with no place still has a file and a line: GitHub refuses a result without.
    unplaced = results[2]["locations"][0]["physicalLocation"]
    assert unplaced["artifactLocation"]["uri"] == "tests/log.test.stride"
    assert unplaced["region"] == {"startLine": 1}
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["E101", "T001", "T002"]
    assert [results[n]["ruleIndex"] for n in range(3)] == [0, 1, 2]
    assert rules[1]["helpUri"].endswith("diagnostics.md#t001-test-failed")
    assert run["properties"]["tests"] == {
        "passed": 1,
        "failed": 1,
        "error": 1,
        "skipped": 1,
        "clauses": 3,
        "covered": 2,
    }


def test_junit_of_a_test_run_has_a_case_for_each_test(tested: FindingsReport) -> None:
    xml = valid_junit(emitter("junit")(tested, plain))
    (suite,) = list(xml)
    assert suite.name == "stridelift test"
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (5, 2, 1, 1)
    cases = {(case.classname, case.name): case for case in suite}
    passed = cases["tests/squat.test.stride", "week 1 load"]
    assert passed.is_passed and passed.time == pytest.approx(0.01)
    failed = cases["tests/squat.test.stride", "week 3 load [athlete=tired]"]
    (failure,) = failed.result
    assert failure.message == "expected goblet_squat load 20kg, got 16kg"
    assert failure.type == "T001"
    assert failure.text.splitlines() == [
        "tests/squat.test.stride:7:3: expected goblet_squat load 20kg, got 16kg",
        "expected: 20kg",
        "actual:   16kg",
        "week 2: rpe 9.5 >= 9.5, load held",
    ]
    assert failed.time == pytest.approx(0.123)
    assert cases["tests/log.test.stride", "replays the log"].is_error
    skipped = cases["tests/log.test.stride", "race week"]
    assert skipped.is_skipped and skipped.result[0].message == "marked skip"
    # The finding in the test file is a case of its own, failed.
    (finding,) = cases["test", "tests/squat.test.stride"].result
    assert finding.message == "tests/squat.test.stride:4:3: E101 unknown exercise `gobelt_squat`"


def test_json_of_a_test_run_has_the_tests_section(tested: FindingsReport) -> None:
    data = json.loads(emitter("json")(tested, plain))
    assert data["format_version"] == 1
    tests = data["tests"]
    assert tests["summary"] == {
        "cases": 4,
        "passed": 1,
        "failed": 1,
        "error": 1,
        "skipped": 1,
        "seconds": pytest.approx(0.1354),
    }
    failed = tests["cases"][1]
    assert failed == {
        "path": "tests/squat.test.stride",
        "name": "week 3 load [athlete=tired]",
        "outcome": "failed",
        "line": 7,
        "column": 3,
        "end_line": 7,
        "end_column": 30,
        "message": "expected goblet_squat load 20kg, got 16kg",
        "details": ["expected: 20kg", "actual:   16kg", "week 2: rpe 9.5 >= 9.5, load held"],
        "seconds": 0.1234,
        "program": "programs/base.stride",
    }
    assert tests["cases"][2]["line"] is None
    assert tests["coverage"]["clauses"] == 3
    assert tests["coverage"]["covered"] == 2
    assert tests["coverage"]["percent"] == pytest.approx(66.67)
    assert tests["coverage"]["fired"][1] == {
        "program": "programs/base.stride",
        "clause": "progression mine: when rpe >= 9.5 for 2 weeks",
        "count": 0,
    }


def test_json_of_a_check_has_no_tests_section() -> None:
    report = FindingsReport(("p.stride",), (_finding("E101", 4, "unknown"),), checked=1)
    assert "tests" not in json.loads(emitter("json")(report, plain))


def test_text_of_a_test_run_lists_every_case_and_explains_what_did_not_pass(
    tested: FindingsReport,
) -> None:
    text = emitter("text")(tested, plain)
    assert text.startswith("tests/squat.test.stride:4:3: E101 error: unknown exercise")
    assert (
        "tests/squat.test.stride\n"
        "  passed  week 1 load\n"
        "  FAILED  week 3 load [athlete=tired]\n"
        "tests/log.test.stride\n"
        "  error   replays the log\n"
        "  skipped race week (marked skip)\n"
    ) in text
    assert (
        'tests/squat.test.stride:7:3: T001 error: test "week 3 load [athlete=tired]": '
        "expected goblet_squat load 20kg, got 16kg\n"
        "    expected: 20kg\n"
        "    actual:   16kg\n"
        "    week 2: rpe 9.5 >= 9.5, load held\n"
    ) in text
    assert 'T002 error: test "replays the log": the log cannot be read' in text
    assert "        0  progression mine: when rpe >= 9.5 for 2 weeks\n" in text
    assert text.endswith(
        "3 test(s) in 2 files: 1 passed, 1 failed, 1 error(s), 1 skipped; 1 problem(s) in the files"
    )


def test_github_of_a_test_run_annotates_the_cases_that_did_not_pass(
    tested: FindingsReport,
) -> None:
    commands, others = workflow_commands(emitter("github")(tested, plain))
    assert [(c.name, c.properties["title"]) for c in commands] == [
        ("error", "E101"),
        ("error", "T001"),
        ("error", "T002"),
    ]
    failed = commands[1]
    assert failed.properties == {
        "file": "tests/squat.test.stride",
        "line": "7",
        "col": "3",
        "endLine": "7",
        "endColumn": "30",
        "title": "T001",
    }
    assert failed.message.splitlines()[0] == (
        "test `week 3 load [athlete=tired]` failed: expected goblet_squat load 20kg, got 16kg"
    )
    assert commands[2].properties == {"file": "tests/log.test.stride", "title": "T002"}
    assert others[-1] == (
        "3 test(s) in 2 files: 1 passed, 1 failed, 1 error(s), 1 skipped; 1 problem(s) in the files"
    )


# ---------------------------------------------------------------- GitHub: escaping and caps


def test_github_escapes_messages_and_properties_as_the_runner_reads_them() -> None:
    odd = "odd, name: 100%.stride"
    finding = _finding(
        "E103",
        2,
        "no 20kg load: 50% of 1rm, literally %0A, not a line end",
        odd,
        hint="nearest available: 16kg or 24kg",
    )
    report = FindingsReport((odd,), (finding,), checked=1)
    output = emitter("github")(report, plain)
    (command,), _ = workflow_commands(output)
    assert command.name == "error"
    assert command.properties["file"] == odd
    assert command.message == (
        "no 20kg load: 50% of 1rm, literally %0A, not a line end\n"
        "hint: nearest available: 16kg or 24kg"
    )
    assert output.count("\n") == 1  # one command, one summary: the hint's line end is escaped


def test_what_a_finding_quotes_cannot_break_a_format() -> None:
    """A control character in a message or a test's name, an odd file name: each
    format stays readable by its consumer, and nothing reaches a terminal raw."""
    odd = "odd, name: 100%.stride"
    nasty = "unknown exercise `\x1b[31mred\x1b[0m` \ufffe"
    findings = (
        _finding("E101", 2, nasty, odd),
        _finding("S007", 0, "cannot read it: no such file", "/nowhere/gone.stride"),
    )
    case = CaseResult("t.test.stride", "name \x1b[2J::", Outcome.FAILED, None, nasty)
    report = FindingsReport((odd,), findings, checked=1, cases=(case,))
    junit = emitter("junit")(report, plain)
    (suite,) = list(valid_junit(junit))
    assert "\x1b" not in junit
    assert {c.name for c in suite} >= {odd, "/nowhere/gone.stride", "name \ufffd[2J::"}
    (run,) = _sarif(report)["runs"]
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert artifacts[0] == {"uri": "odd%2C%20name%3A%20100%25.stride", "uriBaseId": "%SRCROOT%"}
    assert artifacts[1] == {"uri": "file:///nowhere/gone.stride"}  # absolute: no base
    github = emitter("github")(report, plain)
    assert "\x1b" not in github
    commands, _ = workflow_commands(github)
    assert commands[0].properties["file"] == odd
    assert commands[0].message == "unknown exercise `\u241b[31mred\u241b[0m` \ufffe"
    assert commands[2].message.startswith("test `name \u241b[2J::` failed")


def test_github_hides_nothing_under_the_limits() -> None:
    findings = [_finding("E101", n, f"unknown {n}") for n in range(1, 11)]
    findings += [_finding("W201", n, f"days {n}") for n in range(1, 11)]
    findings += [_finding("W208", n, f"unused {n}") for n in range(1, 11)]
    report = FindingsReport(("p.stride",), tuple(findings), checked=1)
    commands, _ = workflow_commands(emitter("github")(report, plain))
    assert [c.name for c in commands].count("error") == 10
    assert [c.name for c in commands].count("warning") == 10
    assert [c.name for c in commands].count("notice") == 10
    assert all(c.properties["title"] != "stridelift" for c in commands)


def _over_the_limits(**kw: Any) -> FindingsReport:
    findings = [_finding("E101", n, f"unknown {n}") for n in range(1, 26)]
    findings += [_finding("W201", n, f"days {n}") for n in range(1, 13)]
    findings += [_finding("W208", n, f"unused {n}") for n in range(1, 16)]
    return FindingsReport(("p.stride",), tuple(findings), checked=1, **kw)


def test_github_shows_ten_of_each_level_then_says_what_it_left_out() -> None:
    commands, others = workflow_commands(emitter("github")(_over_the_limits(), plain))
    levels = [c.name for c in commands]
    assert levels.count("error") == 10
    assert levels.count("warning") == 10
    # GitHub shows 10 notices too: nine findings and the one that says what is missing.
    assert levels.count("notice") == 10
    assert [c.message for c in commands if c.name == "error"][-1] == "unknown 10"
    last = commands[-1]
    assert last.name == "notice" and last.properties == {"title": "stridelift"}
    assert last.message.startswith(
        "15 more error(s), 2 more warning(s), 6 more notice(s) not shown "
        "(GitHub shows 10 annotations of each level per step); "
    )
    assert "--output-format sarif -o FILE" in last.message
    assert others == ["1 file checked: 25 error(s), 12 warning(s), 15 info"]


def test_github_names_the_sarif_file_that_holds_everything() -> None:
    report = _over_the_limits(full_report="reports/stridelift.sarif")
    commands, _ = workflow_commands(emitter("github")(report, plain))
    assert commands[-1].message.endswith("the full report: reports/stridelift.sarif (SARIF)")


# ---------------------------------------------------------------- real runs of check


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_reports_errors_warnings_and_info_of_a_real_check(
    project: Path, output_format: str
) -> None:
    result = _check("--output-format", output_format, "--fail-on", "warning", ".")
    assert result.exit_code == 1, result.stderr
    out = result.stdout
    expected = {
        ("broken.stride", 2, "S001"),
        ("mixed.stride", 5, "W201"),
        ("mixed.stride", 6, "E103"),
        ("mixed.stride", 8, "W208"),
    }
    if output_format == "text":
        assert "mixed.stride:6:41: E103 error: no 20kg load on the declared kettlebell" in out
        assert "2 files checked: 2 error(s), 1 warning(s), 1 info" in out
    elif output_format == "json":
        found = {(d["path"], d["line"], d["code"]) for d in json.loads(out)["diagnostics"]}
        assert found == expected
    elif output_format == "sarif":
        (run,) = valid_sarif(out)["runs"]
        found = {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["ruleId"],
            )
            for r in run["results"]
        }
        assert found == expected
        levels = {r["ruleId"]: r["level"] for r in run["results"]}
        assert levels == {"S001": "error", "W201": "warning", "E103": "error", "W208": "note"}
        for rule in run["tool"]["driver"]["rules"]:
            row = CODES[rule["id"]]
            assert rule["shortDescription"]["text"] == row.summary
            # The link goes to the code's section of docs/diagnostics.md.
            assert f"\n### {row.code} {row.name}\n" in DIAGNOSTICS_DOC
            assert rule["helpUri"].endswith(f"docs/diagnostics.md#{row.code.lower()}-{row.name}")
    elif output_format == "junit":
        (suite,) = list(valid_junit(out))
        assert suite.name == "stridelift check"
        assert (suite.tests, suite.failures, suite.errors) == (2, 2, 0)
        cases = {case.name: case for case in suite}
        messages = [r.message for r in cases["mixed.stride"].result]
        assert messages == [
            "mixed.stride:5:20: W201 strength sessions on consecutive days (mon and tue)",
            "mixed.stride:6:41: E103 no 20kg load on the declared kettlebell",
        ]
        assert "W208" in cases["mixed.stride"].system_out  # info is said, not failed
        assert cases["broken.stride"].result[0].type == "S001"
    elif output_format == "github":
        commands, _ = workflow_commands(out)
        found = {
            (c.properties["file"], int(c.properties["line"]), c.properties["title"])
            for c in commands
        }
        assert found == expected
        assert {c.properties["title"]: c.name for c in commands} == {
            "S001": "error",
            "W201": "warning",
            "E103": "error",
            "W208": "notice",
        }


@pytest.mark.parametrize("output_format", ["junit", "sarif", "github", "json"])
def test_the_shipped_programs_are_clean_in_every_format(output_format: str) -> None:
    result = invoke("check", "--output-format", output_format, str(PROGRAMS), env=CLI_ENV)
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    programs = sorted(PROGRAMS.rglob("*.stride"))
    if output_format == "junit":
        (suite,) = list(valid_junit(out))
        assert suite.tests == len(programs)
        assert (suite.failures, suite.errors) == (0, 0)
    elif output_format == "sarif":
        (run,) = valid_sarif(out)["runs"]
        assert all(r["level"] not in ("error", "warning") for r in run["results"])
    elif output_format == "github":
        commands, _ = workflow_commands(out)
        assert all(c.name == "notice" for c in commands)
    else:
        assert json.loads(out)["summary"]["errors"] == 0


def test_a_report_goes_to_a_file_whole_and_the_sarif_file_beside_it(project: Path) -> None:
    shown = _check("--output-format", "junit", ".").stdout
    result = _check("--output-format", "junit", "-o", "out/report.xml", ".")
    assert result.exit_code == 2  # out/ does not exist: nothing written, said why
    assert "--output-file out/report.xml: cannot write it" in result.stderr
    (project / "out").mkdir()
    result = _check(
        "--output-format", "junit", "-o", "out/report.xml", "--sarif-file", "out/all.sarif", "."
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (project / "out" / "report.xml").read_text(encoding="utf-8") == shown
    valid_sarif((project / "out" / "all.sarif").read_text(encoding="utf-8"))
    assert sorted(os.listdir(project / "out")) == ["all.sarif", "report.xml"]  # no temp file


def test_a_text_report_to_a_file_is_what_stdout_shows(project: Path) -> None:
    shown = _check(".").stdout
    assert _check("-o", "report.txt", ".").exit_code == 1
    assert (project / "report.txt").read_text(encoding="utf-8") == shown


def test_a_clean_text_report_to_a_file_holds_the_summary(tmp_path: Path) -> None:
    result = invoke(
        "check", "-o", str(tmp_path / "r.txt"), str(PROGRAMS / "minimal-equipment.stride")
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "r.txt").read_text() == "1 file checked: 0 error(s), 0 warning(s), 0 info\n"


@pytest.mark.parametrize("option", ["-o", "--output-file", "--sarif-file"])
def test_a_report_never_replaces_an_input(project: Path, option: str) -> None:
    before = (project / "mixed.stride").read_bytes()
    result = _check(option, "mixed.stride", ".")
    assert result.exit_code == 2
    assert "mixed.stride is mixed.stride, an input of this run; it was not overwritten" in (
        result.stderr
    )
    assert (project / "mixed.stride").read_bytes() == before


def test_a_report_never_replaces_the_settings_file(project: Path) -> None:
    (project / "settings.toml").write_text("[lints]\n")
    before = (project / "settings.toml").read_bytes()
    result = _check("--config", "settings.toml", "-o", "settings.toml", ".")
    assert result.exit_code == 2
    assert "--output-file settings.toml is settings.toml, an input of this run" in result.stderr
    assert (project / "settings.toml").read_bytes() == before


def test_a_report_never_replaces_an_included_file(project: Path) -> None:
    (project / "shared").mkdir()
    write(project, "shared/warmups.stride", "session W { main push_up 3 x 10 }\n")
    write(project, "p.stride", 'include "shared/warmups.stride"\n')
    before = (project / "shared" / "warmups.stride").read_bytes()
    result = _check("--sarif-file", "shared/warmups.stride", "p.stride")
    assert result.exit_code == 2
    assert "an input of this run" in result.stderr
    assert (project / "shared" / "warmups.stride").read_bytes() == before


def test_one_file_cannot_take_both_reports(project: Path) -> None:
    result = _check("-o", "r.sarif", "--sarif-file", "./r.sarif", ".")
    assert result.exit_code == 2
    assert "--output-file and --sarif-file are both r.sarif" in result.stderr
    assert not (project / "r.sarif").exists()


def test_a_report_replaces_the_one_an_earlier_run_left(project: Path) -> None:
    (project / "r.json").write_text("old")
    assert _check("--output-format", "json", "-o", "r.json", ".").exit_code == 1
    assert json.loads((project / "r.json").read_text())["summary"]["errors"] == 2


def test_a_report_cannot_be_a_folder(project: Path) -> None:
    (project / "reports").mkdir()
    result = _check("-o", "reports", ".")
    assert result.exit_code == 2
    assert "--output-file reports is a folder" in result.stderr


# ---------------------------------------------------------------- STRIDELIFT_OUTPUT_FORMAT


def test_the_environment_picks_the_format_and_the_option_wins(project: Path) -> None:
    by_env = _check(".", env={"STRIDELIFT_OUTPUT_FORMAT": "sarif"})
    valid_sarif(by_env.stdout)
    by_option = _check("--output-format", "json", ".", env={"STRIDELIFT_OUTPUT_FORMAT": "sarif"})
    assert json.loads(by_option.stdout)["format_version"] == 1
    fmt = invoke("fmt", "--check", ".", env={**CLI_ENV, "STRIDELIFT_OUTPUT_FORMAT": "github"})
    assert workflow_commands(fmt.stdout)[0]


@pytest.mark.parametrize("command", ["check", "fmt"])
def test_an_unknown_format_in_the_environment_is_a_usage_error(project: Path, command: str) -> None:
    result = invoke(command, ".", env={**CLI_ENV, "STRIDELIFT_OUTPUT_FORMAT": "yaml"})
    assert result.exit_code == 2
    assert (
        "STRIDELIFT_OUTPUT_FORMAT='yaml' is not an output format; set it to one of "
        "text, json, junit, github, sarif, or unset it"
    ) in result.stderr
    assert result.stdout == ""


def test_an_empty_environment_variable_means_text(project: Path) -> None:
    result = _check(".", env={"STRIDELIFT_OUTPUT_FORMAT": ""})
    assert "2 files checked" in result.stdout


# ---------------------------------------------------------------- fmt


@pytest.fixture
def unformatted(project: Path) -> Path:
    """mixed.stride as it is (not in the canonical layout), and one file that is."""
    write(project, "tidy.stride", "session W {\n  main push_up 3 x 10\n}\n")
    return project


def test_fmt_check_text_output_is_as_it_was(unformatted: Path) -> None:
    result = invoke("fmt", "--check", ".", env=CLI_ENV)
    assert result.exit_code == 1
    assert result.stdout == "would reformat mixed.stride\n"
    assert "1 file(s) would be reformatted, 1 unchanged, 1 not formatted" in result.stderr


@pytest.mark.parametrize("output_format", ["json", "sarif", "junit", "github"])
def test_fmt_check_reports_each_file_that_would_change(
    unformatted: Path, output_format: str
) -> None:
    result = invoke("fmt", "--check", "--output-format", output_format, ".", env=CLI_ENV)
    assert result.exit_code == 1
    out = result.stdout
    assert "would reformat" not in out.splitlines()[0]  # the report, not the listing
    if output_format == "json":
        found = [(d["path"], d["code"], d["line"]) for d in json.loads(out)["diagnostics"]]
        assert found == [("broken.stride", "S001", 2), ("mixed.stride", "F001", 6)]
    elif output_format == "sarif":
        (run,) = valid_sarif(out)["runs"]
        assert [r["ruleId"] for r in run["results"]] == ["S001", "F001"]
        rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
        assert rules["F001"]["helpUri"].endswith("docs/diagnostics.md#f001-would-reformat")
    elif output_format == "junit":
        (suite,) = list(valid_junit(out))
        assert suite.name == "stridelift fmt"
        cases = {case.name: case for case in suite}
        assert set(cases) == {"broken.stride", "mixed.stride", "tidy.stride"}
        (failure,) = cases["mixed.stride"].result
        assert failure.type == "F001"
        assert failure.message.startswith("mixed.stride:6:1: F001 would reformat")
        assert cases["tidy.stride"].is_passed
    else:
        commands, _ = workflow_commands(out)
        f001 = next(c for c in commands if c.properties["title"] == "F001")
        assert f001.properties["file"] == "mixed.stride"
        assert f001.properties["line"] == "6"
        assert "hint: run `stridelift fmt mixed.stride` to rewrite the file" in f001.message


def test_fmt_puts_the_first_changed_line_in_the_finding(tmp_path: Path) -> None:
    from stridelift.core.cli.fmt import would_reformat

    finding = would_reformat("x.stride", "a\nb\nc\n", "a\nb\n  c\n")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (3, 1, 2)
    trailing = would_reformat("x.stride", "a\nb", "a\nb\n")  # only the last line end
    assert trailing.span.line == 2
    extra = would_reformat("x.stride", "a\n\n\n", "a\n")  # blank lines dropped at the end
    assert extra.span.line == 2
    assert finding.severity is Severity.ERROR and CODES["F001"].severity is Severity.ERROR


def test_fmt_diff_in_a_tool_format_keeps_the_diff_on_stderr(unformatted: Path) -> None:
    result = invoke("fmt", "--diff", "--output-format", "json", ".", env=CLI_ENV)
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["S001", "F001"]
    assert "--- a/mixed.stride\n+++ b/mixed.stride\n" in result.stderr


def test_fmt_writes_the_listing_to_a_file_in_text(unformatted: Path) -> None:
    diff = invoke("fmt", "--diff", ".", env=CLI_ENV).stdout
    assert diff.startswith("--- a/mixed.stride\n")
    result = invoke("fmt", "--diff", "-o", "changes.diff", ".", env=CLI_ENV)
    assert result.exit_code == 1 and result.stdout == ""
    assert (unformatted / "changes.diff").read_text(encoding="utf-8") == diff


def test_fmt_never_writes_a_report_over_a_program(unformatted: Path) -> None:
    before = (unformatted / "tidy.stride").read_bytes()
    result = invoke("fmt", "--check", "--sarif-file", "tidy.stride", ".", env=CLI_ENV)
    assert result.exit_code == 2
    assert (unformatted / "tidy.stride").read_bytes() == before


def test_fmt_rewriting_reports_only_the_files_it_could_not_format(unformatted: Path) -> None:
    result = invoke("fmt", "--output-format", "sarif", ".", env=CLI_ENV)
    assert result.exit_code == 1  # broken.stride
    (run,) = valid_sarif(result.stdout)["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["S001"]
    assert "reformatted mixed.stride" in result.stderr


# ---------------------------------------------------------------- the docs' examples


def _blocks(page: str) -> list[Any]:
    from conftest import fenced_blocks

    return fenced_blocks(REPO / "docs" / page)


def test_the_output_format_examples_print_what_they_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = _blocks("cli.md")
    (tmp_path / "pyproject.toml").touch()
    for block in blocks:
        words = block.info.split()
        if words and words[0].startswith("stride") and words[-1].startswith("file="):
            write(tmp_path, words[-1].removeprefix("file="), block.text)
    examples = [block for block in blocks if block.info == "console report"]
    assert len(examples) == 3
    monkeypatch.chdir(tmp_path)
    for example in examples:
        command, _, shown = example.text.partition("\n")
        assert command.startswith("$ stridelift check "), command
        result = invoke(*command.split()[2:], env=CLI_ENV)
        assert result.stdout == shown, f"docs/cli.md:{example.line}: {command}"
        assert result.exit_code == 1
        name = command.split()[command.split().index("--output-format") + 1]
        if name == "sarif":
            valid_sarif(result.stdout)
        elif name == "junit":
            valid_junit(result.stdout)
        else:
            assert len(workflow_commands(result.stdout)[0]) == 2


def test_the_notice_the_docs_show_is_the_one_written() -> None:
    (block,) = [b for b in _blocks("cli.md") if b.text.startswith("::notice title=stridelift::")]
    report = _over_the_limits(full_report="stridelift.sarif")
    assert emitter("github")(report, plain).splitlines()[-2] + "\n" == block.text


def test_the_f001_example_is_what_fmt_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = DIAGNOSTICS_DOC.partition("### F001 would-reformat")[2]
    shown = section.partition("```text\n")[2].partition("```")[0]
    (tmp_path / "pyproject.toml").touch()
    write(
        tmp_path,
        "base.stride",
        'program "Base" {\n  units kg\n  weeks 8\n  equipment kettlebell 16kg\n'
        "  schedule tue: A\n  session A { main goblet_squat 3 x 8 @ 16kg }\n}\n",
    )
    monkeypatch.chdir(tmp_path)
    result = invoke("fmt", "--check", "--output-format", "junit", "base.stride", env=CLI_ENV)
    (suite,) = list(valid_junit(result.stdout))
    (case,) = list(suite)
    assert case.result[0].text + "\n" == shown


def test_the_ci_workflow_runs_and_writes_a_sarif_file_to_upload(tmp_path: Path) -> None:
    import shutil

    from conftest import run_cli

    # The first workflow: the one with the SARIF upload (the later blocks are its parts).
    workflow = next(b for b in _blocks("ci.md") if b.info == "yaml" and "upload-sarif" in b.text)
    steps = workflow.text.splitlines()
    (run,) = [line.split("run: ", 1)[1] for line in steps if "run: stridelift check" in line]
    assert run == "stridelift check --output-format github --sarif-file stridelift.sarif programs/"
    assert "uses: github/codeql-action/upload-sarif@v3" in workflow.text
    assert "sarif_file: stridelift.sarif" in workflow.text
    assert "security-events: write" in workflow.text
    shutil.copytree(PROGRAMS, tmp_path / "programs")
    (tmp_path / "pyproject.toml").touch()
    done = run_cli(*run.split()[1:], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    commands, others = workflow_commands(done.stdout)
    assert all(c.name == "notice" for c in commands)  # the shipped programs have info only
    assert others[-1].endswith("0 error(s), 0 warning(s), 1 info")
    log = valid_sarif((tmp_path / "stridelift.sarif").read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris and all(uri.startswith("programs/") for uri in uris)
