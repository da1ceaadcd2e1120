"""The report options of the commands with a document of their own: ``plan``, ``history``,
``simulate`` and ``plugins`` take ``--output-format junit|github|sarif``, ``-o`` and
``--sarif-file`` as ``check`` does, and report the log's problems, the program's errors,
the plan warnings and the plugin problems for tools, each at its place. Every report is
read by its real consumer: the OASIS SARIF schema, the JUnit XSD and junitparser, the
runner's reading of workflow commands; the plan's own JSON by the plan schema."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from conftest import CLI_ENV, PROGRAMS, invoke, write
from reports import valid_junit, valid_sarif, workflow_commands

from stridelift.core.hooks.records import Exercise
from stridelift.core.hooks.specs import hookimpl
from stridelift.core.schemas import validator

PROGRAM = "minimal-equipment.stride"
LOG = "minimal-equipment.jsonl"


@pytest.fixture
def coach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A coach's folder: a shipped program (it includes shared/warmups.stride) and its
    athlete's log (without its assessment, so the lines below stay put), with a bad
    record on line 3 (fatigue 12) and a field no set has on line 5."""
    write(tmp_path, "pyproject.toml", "[tool.stridelift]\n")
    shutil.copy(PROGRAMS / PROGRAM, tmp_path / PROGRAM)
    shutil.copytree(PROGRAMS / "shared", tmp_path / "shared")
    lines = (PROGRAMS / "logs" / LOG).read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if '"type": "assessment"' not in line]
    write(tmp_path, LOG, "".join(lines))
    bad = list(lines)
    assert '"fatigue": 2,' in bad[2] and bad[4].startswith('{"type": "set"')
    bad[2] = bad[2].replace('"fatigue": 2,', '"fatigue": 12,')
    bad[4] = '{"bogus": 1, ' + bad[4][1:]
    write(tmp_path, "bad.jsonl", "".join(bad))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return invoke(*args, env={**CLI_ENV, **(env or {})})


def _results(log: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(rule, file, start line) of each SARIF result."""
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in log["runs"][0]["results"]
    ]


def _session_line(path: Path, name: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(f"session {name}"))


# ---------------------------------------------------------------- plan


def test_plan_sarif_reports_the_log_problems_and_the_warnings_at_their_lines(coach: Path) -> None:
    result = _run(
        "plan", PROGRAM, "--log", "bad.jsonl", "--skip-invalid", "--week", "3",
        "--output-format", "sarif",
    )  # fmt: skip
    assert result.exit_code == 0  # --skip-invalid goes on: the exit code is as documented
    log = valid_sarif(result.stdout)
    found = _results(log)
    assert ("L005", "bad.jsonl", 3) in found and ("L005", "bad.jsonl", 5) in found
    line = _session_line(coach / PROGRAM, "A")
    assert ("P301", PROGRAM, line) in found
    (p301,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "P301"]
    assert p301["level"] == "warning"
    assert p301["message"]["text"].startswith("week 3: session A on ")
    region = p301["locations"][0]["physicalLocation"]["region"]
    column = (coach / PROGRAM).read_text().splitlines()[line - 1].index(" A ") + 2
    assert (region["startColumn"], region["endColumn"]) == (column, column + 1)  # the name
    rules = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"L005", "P301"} <= rules
    # The problems are still printed for a person, on standard error.
    assert "bad.jsonl:3:1: L005 error" in result.stderr


def test_plan_json_stays_the_plan_document_and_the_sarif_file_goes_beside_it(coach: Path) -> None:
    plain = _run("plan", PROGRAM, "--log", LOG, "--week", "3", "--output-format", "json")
    both = _run(
        "plan", PROGRAM, "--log", LOG, "--week", "3", "--output-format", "json",
        "--sarif-file", "plan.sarif",
    )  # fmt: skip
    assert both.exit_code == plain.exit_code == 0
    assert both.stdout == plain.stdout
    payload = json.loads(both.stdout)
    assert not list(validator("plan.schema.json").iter_errors(payload))
    codes = [w["code"] for s in [payload["plan"]] for w in s["warnings"]]
    log = valid_sarif((coach / "plan.sarif").read_text(encoding="utf-8"))
    assert sorted(codes) == sorted(rule for rule, _, _ in _results(log))


def test_plan_text_is_as_it_was_with_a_sarif_file(coach: Path) -> None:
    plain = _run("plan", PROGRAM, "--log", LOG, "--week", "3")
    both = _run("plan", PROGRAM, "--log", LOG, "--week", "3", "--sarif-file", "plan.sarif")
    assert both.stdout == plain.stdout and both.stdout.startswith("Runner strength")
    assert valid_sarif((coach / "plan.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


def test_plan_text_goes_to_the_output_file(coach: Path) -> None:
    plain = _run("plan", PROGRAM, "--log", LOG, "--week", "3")
    into = _run("plan", PROGRAM, "--log", LOG, "--week", "3", "-o", "week3.txt")
    assert into.exit_code == 0 and into.stdout == ""
    assert (coach / "week3.txt").read_text(encoding="utf-8") == plain.stdout


def test_a_refused_log_is_reported_and_exits_1(coach: Path) -> None:
    result = _run("plan", PROGRAM, "--log", "bad.jsonl", "--output-format", "sarif")
    assert result.exit_code == 1
    assert "nothing was evaluated" in result.stderr
    assert _results(valid_sarif(result.stdout)) == [
        ("L005", "bad.jsonl", 3),
        ("L005", "bad.jsonl", 5),
    ]
    # json has no plan to print: nothing, as before; the SARIF file still holds the problems.
    shown = _run(
        "plan", PROGRAM, "--log", "bad.jsonl", "--output-format", "json",
        "--sarif-file", "log.sarif",
    )  # fmt: skip
    assert shown.exit_code == 1 and shown.stdout == ""
    assert len(valid_sarif((coach / "log.sarif").read_text())["runs"][0]["results"]) == 2


def test_a_program_with_errors_is_reported_at_its_line(coach: Path) -> None:
    text = (coach / PROGRAM).read_text(encoding="utf-8")
    write(coach, "typo.stride", text.replace("main goblet_squat", "main gobelt_squat", 1))
    result = _run("plan", "typo.stride", "--output-format", "junit")
    assert result.exit_code == 1
    (suite,) = list(valid_junit(result.stdout))
    assert suite.name == "stridelift plan"
    cases = {case.name: case for case in suite}
    (failure,) = cases["typo.stride"].result
    assert failure.type == "E101" and "gobelt_squat" in failure.message


def test_plan_junit_has_a_case_for_each_file_read(coach: Path) -> None:
    result = _run("plan", PROGRAM, "--log", LOG, "--week", "3", "--output-format", "junit")
    assert result.exit_code == 0
    (suite,) = list(valid_junit(result.stdout))
    cases = {case.name: case for case in suite}
    assert set(cases) == {PROGRAM, "shared/warmups.stride", LOG}
    assert [r.type for r in cases[PROGRAM].result] == ["P301"]  # the warning fails the case
    assert not cases[LOG].result


def test_plan_github_annotates_the_warnings(coach: Path) -> None:
    result = _run("plan", PROGRAM, "--log", LOG, "--week", "3", "--output-format", "github")
    commands, others = workflow_commands(result.stdout)
    by_title = {c.properties["title"]: c for c in commands}
    assert by_title["P301"].name == "warning"
    assert by_title["P301"].properties["file"] == PROGRAM
    assert by_title["P301"].properties["line"] == str(_session_line(coach / PROGRAM, "A"))
    assert by_title["P320"].name == "notice"  # info: about the week, at the program
    assert "line" not in by_title["P320"].properties
    assert others == ["2 files read: 0 error(s), 1 warning(s), 1 info"]


def test_a_waived_plan_warning_is_counted_not_reported(coach: Path) -> None:
    text = (coach / PROGRAM).read_text(encoding="utf-8")
    line = _session_line(coach / PROGRAM, "A")
    lines = text.splitlines(keepends=True)
    lines.insert(line - 1, "  # stride: ignore[P301] the quality run is easy this block\n")
    write(coach, PROGRAM, "".join(lines))
    result = _run("plan", PROGRAM, "--log", LOG, "--week", "3", "--output-format", "github")
    commands, others = workflow_commands(result.stdout)
    assert "P301" not in {c.properties["title"] for c in commands}
    assert others == ["2 files read: 0 error(s), 0 warning(s), 1 info, 1 waived"]


def test_the_environment_picks_the_format_of_plan_and_the_option_wins(coach: Path) -> None:
    env = {"STRIDELIFT_OUTPUT_FORMAT": "sarif"}
    chosen = _run("plan", PROGRAM, "--log", LOG, "--week", "3", env=env)
    assert valid_sarif(chosen.stdout)["runs"][0]["results"]
    text = _run("plan", PROGRAM, "--log", LOG, "--week", "3", "--output-format", "text", env=env)
    assert text.stdout.startswith("Runner strength")


@pytest.mark.parametrize("target", [PROGRAM, LOG, "shared/warmups.stride", "pyproject.toml"])
def test_a_plan_report_never_replaces_an_input(coach: Path, target: str) -> None:
    before = (coach / target).read_bytes()
    args = ["plan", PROGRAM, "--log", LOG, "--week", "3", "--config", "pyproject.toml"]
    for option in ("-o", "--sarif-file"):
        result = _run(*args, "--output-format", "sarif", option, target)
        assert result.exit_code == 2, result.stderr
        assert "an input of this run" in result.stderr
        assert (coach / target).read_bytes() == before


def test_a_warning_about_an_included_session_is_placed_in_the_fragment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "shared").mkdir()
    write(
        tmp_path, "shared/a.stride", "# one session\nsession A { main goblet_squat 3 x 8 @ 16kg }\n"
    )
    write(
        tmp_path,
        "inc.stride",
        'program "Inc" {\n  units kg\n  weeks 8\n  equipment kettlebell 16kg 24kg\n'
        '  schedule tue: A\n  include "shared/a.stride"\n}\n',
    )
    write(
        tmp_path,
        "w.jsonl",
        '{"type": "athlete", "name": "Sam", "start": "2026-03-02"}\n'
        '{"type": "set", "date": "2026-03-03", "session": "A", "exercise": "goblet_squat", '
        '"set": 1, "reps": 8, "load": 16, "unit": "kg", "rpe": 8}\n'
        '{"type": "run", "date": "2026-03-04", "kind": "quality", "distance_km": 8, '
        '"duration_min": 40, "rpe": 7}\n',
    )
    monkeypatch.chdir(tmp_path)
    result = _run("plan", "inc.stride", "--log", "w.jsonl", "--output-format", "sarif")
    (p301,) = valid_sarif(result.stdout)["runs"][0]["results"]
    location = p301["locations"][0]["physicalLocation"]
    assert p301["ruleId"] == "P301"
    assert location["artifactLocation"]["uri"] == "shared/a.stride"
    assert location["region"] == {"startLine": 2, "startColumn": 9, "endLine": 2, "endColumn": 10}


# ---------------------------------------------------------------- history, simulate


def test_history_reports_every_weeks_warnings_in_week_order(coach: Path) -> None:
    result = _run(
        "history", PROGRAM, "--log", LOG, "--output-format", "github",
        "--sarif-file", "history.sarif",
    )  # fmt: skip
    assert result.exit_code == 0
    log = valid_sarif((coach / "history.sarif").read_text(encoding="utf-8"))
    every = log["runs"][0]["results"]
    weeks = [int(r["message"]["text"].split(":")[0].removeprefix("week ")) for r in every]
    assert len(set(weeks)) > 3 and weeks == sorted(weeks)  # in the order of the weeks
    commands, others = workflow_commands(result.stdout)
    assert len(commands) == len(every)  # under GitHub's caps: every one annotated
    assert others[-1].startswith("2 files read: 0 error(s), ")


def test_simulate_keeps_to_githubs_caps_and_names_the_sarif_file(coach: Path) -> None:
    result = _run("simulate", PROGRAM, "--output-format", "github", "--sarif-file", "sim.sarif")
    assert result.exit_code == 0
    every = valid_sarif((coach / "sim.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert sum(1 for r in every if r["level"] == "warning") > 10  # a warning a week
    commands, _ = workflow_commands(result.stdout)
    assert sum(1 for c in commands if c.name == "warning") == 10
    (notice,) = [c for c in commands if c.properties["title"] == "stridelift"]
    assert "the full report: sim.sarif (SARIF)" in notice.message


def test_history_json_stays_the_weeks_document(coach: Path) -> None:
    result = _run("history", PROGRAM, "--log", LOG, "--output-format", "json", "-o", "h.json")
    assert result.exit_code == 0 and result.stdout == ""
    payload = json.loads((coach / "h.json").read_text(encoding="utf-8"))
    assert not list(validator("plan.schema.json").iter_errors(payload))


def test_simulate_reports_its_warnings_as_junit(coach: Path) -> None:
    result = _run("simulate", PROGRAM, "--weeks", "4", "--output-format", "junit")
    assert result.exit_code == 0
    (suite,) = list(valid_junit(result.stdout))
    assert suite.name == "stridelift simulate"
    cases = {case.name: case for case in suite}
    assert set(cases) == {PROGRAM, "shared/warmups.stride"}
    failures = cases[PROGRAM].result
    assert failures and all(f.type.startswith("P3") for f in failures)
    assert any(f.message.startswith(f"{PROGRAM}:") and " week 2: " in f.message for f in failures)


def test_simulate_never_writes_its_log_and_a_report_to_one_file(coach: Path) -> None:
    result = _run("simulate", PROGRAM, "--log-out", "sim.jsonl", "--sarif-file", "sim.jsonl")
    assert result.exit_code == 2
    assert "--log-out and --sarif-file are both sim.jsonl" in result.stderr
    assert not (coach / "sim.jsonl").exists()


def test_a_plugin_that_stops_the_run_is_reported_where_it_is_used(
    coach: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_plugins import RUN_TIME, Misbehaving, _with

    write(coach, "p.stride", RUN_TIME)
    _with(monkeypatch, Misbehaving("volume", bad_from_week=5))
    args = ("simulate", "p.stride", "--athlete", "odd_athlete", "--weeks", "6")
    ran = _run(*args, "--output-format", "sarif")
    assert ran.exit_code == 1, ran.stderr
    assert _results(valid_sarif(ran.stdout)) == [("X001", "p.stride", 5)]  # the style's line


def test_an_athlete_model_that_stops_the_run_is_reported_on_no_file(
    coach: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_plugins import RUN_TIME, Misbehaving, _with

    write(coach, "p.stride", RUN_TIME)
    _with(monkeypatch, Misbehaving("athlete_raise"))
    args = ("simulate", "p.stride", "--athlete", "odd_athlete", "--weeks", "6")
    ran = _run(*args, "--output-format", "github", "--sarif-file", "sim.sarif")
    assert ran.exit_code == 1
    commands, _ = workflow_commands(ran.stdout)
    (fault,) = [c for c in commands if c.properties["title"] == "X001"]
    assert "file" not in fault.properties  # about the command line's --athlete, no file
    assert "tripped on the stairs" in fault.message
    (run,) = valid_sarif((coach / "sim.sarif").read_text(encoding="utf-8"))["runs"]
    assert run["results"] == []
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "X001" and note["message"]["text"].startswith(
        "plugin 'Misbehaving': athlete model 'odd_athlete'"
    )


# ---------------------------------------------------------------- plugins


class Raises:
    @hookimpl
    def register_exercises(self) -> Iterable[Exercise]:
        raise RuntimeError("catalog file missing")


class Twin:
    @hookimpl
    def register_exercises(self) -> Iterable[Exercise]:
        return [Exercise("goblet_squat", "squat", equipment=("kettlebell",))]


@pytest.fixture
def troubled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The built-ins, a plugin whose hook raises and one that registers a name twice."""
    from stridelift.core.hooks import manager

    real = manager.make_plugin_manager

    def make(**options: Any) -> Any:
        return real(**{**options, "entry_points": False, "extra": [Raises(), Twin()]})

    monkeypatch.setattr(manager, "make_plugin_manager", make)
    (tmp_path / "pyproject.toml").touch()
    monkeypatch.chdir(tmp_path)


def test_plugins_sarif_has_the_problems_as_notifications(troubled: None) -> None:
    result = _run("plugins", "--output-format", "sarif")
    assert result.exit_code == 1  # a plugin failed, whatever the format
    (run,) = valid_sarif(result.stdout)["runs"]
    assert run["results"] == []  # no file of the repository holds them
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [(n["descriptor"]["id"], n["level"]) for n in notes] == [
        ("X001", "error"),
        ("X002", "warning"),
    ]
    assert "catalog file missing" in notes[0]["message"]["text"]


def test_plugins_junit_has_a_case_for_each_plugin(troubled: None) -> None:
    result = _run("plugins", "--output-format", "junit")
    assert result.exit_code == 1
    (suite,) = list(valid_junit(result.stdout))
    cases = {case.name: case for case in suite}
    assert "<plugin catalog>" in cases and not cases["<plugin catalog>"].result
    assert [r.type for r in cases["<plugin Raises>"].result] == ["X001"]
    assert [r.type for r in cases["<plugin Twin>"].result] == ["X002"]


def test_plugins_github_annotates_no_file(troubled: None) -> None:
    result = _run("plugins", "--output-format", "github", "--sarif-file", "plugins.sarif")
    commands, others = workflow_commands(result.stdout)
    assert [(c.name, c.properties) for c in commands] == [
        ("error", {"title": "X001"}),
        ("warning", {"title": "X002"}),
    ]
    assert others == ["9 plugins listed: 1 error(s), 1 warning(s), 0 info"]
    assert Path("plugins.sarif").is_file()


def test_plugins_text_and_json_are_as_they_were(troubled: None) -> None:
    text = _run("plugins")
    assert text.exit_code == 1
    assert "error: plugin 'Raises': register_exercises() raised RuntimeError" in text.stdout
    payload = json.loads(_run("plugins", "--output-format", "json").stdout)
    assert payload["failed"] == ["Raises"] and len(payload["clashes"]) == 1


# ---------------------------------------------------------------- the waived count


def test_check_counts_the_waived_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").touch()
    write(
        tmp_path,
        "p.stride",
        'program "P" {\n  units kg\n  weeks 8\n  equipment kettlebell 16kg 24kg\n'
        "  schedule mon: A, tue: B  # stride: ignore[W201] the runs are on other days\n"
        "  session A { main goblet_squat 3 x 8 @ 16kg }\n"
        "  session B { main push_up 3 x 10 }\n}\n",
    )
    monkeypatch.chdir(tmp_path)
    payload = json.loads(_run("check", "--output-format", "json", "p.stride").stdout)
    assert payload["format_version"] == 1
    assert payload["summary"]["waived"] == 1
    assert "W201" not in {d["code"] for d in payload["diagnostics"]}
    shown = _run("check", "p.stride")
    assert shown.stdout.rstrip().endswith(", 1 waived")
    bare = json.loads(
        _run("check", "--output-format", "json", "p.stride", "--ignore", "W201").stdout
    )
    assert bare["summary"]["waived"] == 0


# ---------------------------------------------------------------- the docs' examples


def test_the_findings_examples_of_the_cli_reference_print_what_they_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import REPO, fenced_blocks

    blocks = fenced_blocks(REPO / "docs" / "cli.md")
    (tmp_path / "pyproject.toml").touch()
    for block in blocks:
        words = block.info.split()
        if words and words[-1].startswith("file="):
            write(tmp_path, words[-1].removeprefix("file="), block.text)
    examples = [block for block in blocks if block.info == "console findings"]
    assert len(examples) == 2
    monkeypatch.chdir(tmp_path)
    for example in examples:
        command, _, shown = example.text.partition("\n")
        args = command.split()[2:]
        result = _run(*args)
        assert result.stdout == shown, f"docs/cli.md:{example.line}: {command}"
        assert result.exit_code == (0 if "--skip-invalid" in args else 1)
        name = args[args.index("--output-format") + 1]
        if name == "junit":
            valid_junit(result.stdout)
        else:
            commands, others = workflow_commands(result.stdout)
            assert len(commands) == 2 and len(others) == 1


def test_the_ci_guide_plan_step_runs_as_shown(tmp_path: Path) -> None:
    from conftest import REPO, fenced_blocks, run_cli

    (step,) = [
        b for b in fenced_blocks(REPO / "docs" / "ci.md") if b.info == "yaml" and "plan" in b.text
    ]
    runs = [
        line.split("run: ", 1)[1] for line in step.text.splitlines() if "run: stridelift" in line
    ]
    assert runs, step.text
    shutil.copytree(PROGRAMS, tmp_path / "programs")
    (tmp_path / "pyproject.toml").touch()
    for run in runs:
        done = run_cli(*run.split()[1:], cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        commands, others = workflow_commands(done.stdout)
        assert commands and others[-1].startswith("2 files read: 0 error(s)")
    for sarif in tmp_path.glob("*.sarif"):
        valid_sarif(sarif.read_text(encoding="utf-8"))
    assert list(tmp_path.glob("*.sarif"))
