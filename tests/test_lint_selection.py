"""Lint selection, as a coach's CI uses it: select, extend-select, ignore and
per-file-ignores in the settings, --select/--extend-select/--ignore/--lint on the
command line over them, errors always reported, --exit-zero; real files, the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CLI_ENV, PROGRAMS, invoke, write

from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.training.selection import LintSelection, Vocabulary, enabled

#: Five findings: W211 (no deload), W214 (no calf work, info), W212 (no warm-up),
#: W215 (far from failure, info), W202 (session B never scheduled: a checker warning,
#: not a lint rule).
PROGRAM = """\
program "Selection" {
  units kg
  equipment kettlebell 12kg 16kg 20kg
  weeks 8
  schedule tue: A
  session A {
    main goblet_squat 3 x 8 @ 12kg rir 6
  }
  session B {
    warmup 8min { leg_swing 1 x 10 per side }
    main kettlebell_swing 3 x 10 @ 16kg rpe 7
  }
}
"""
ALL_FIVE = ["W211", "W214", "W212", "W215", "W202"]


def _project(tmp_path: Path, settings: str = "", program: str = PROGRAM) -> Path:
    write(tmp_path, "pyproject.toml", f'[project]\nname = "team"\n\n{settings}')
    write(tmp_path, "p.stride", program)
    return tmp_path


def _check(
    folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str, exit_code: int | None = None
) -> list[dict[str, object]]:
    """The findings of `stridelift check --output-format json ARGS` in ``folder``."""
    monkeypatch.chdir(folder)
    result = invoke("check", "--output-format", "json", *args, env=CLI_ENV)
    if exit_code is not None:
        assert result.exit_code == exit_code, result.stdout + result.stderr
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)["diagnostics"]
    return found


def _codes(found: list[dict[str, object]]) -> list[str]:
    return [str(d["code"]) for d in found]


def test_everything_is_reported_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _codes(_check(_project(tmp_path), monkeypatch, "p.stride")) == ALL_FIVE


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        # a prefix
        ('[tool.stridelift]\nselect = ["W21"]\n', ["W211", "W214", "W212", "W215"]),
        # codes and names alike; the checker's own W202 can be ignored too
        (
            '[tool.stridelift]\nignore = ["no-deload", "session-never-scheduled", "W214"]\n',
            ["W212", "W215"],
        ),
        # the more specific selector wins: a code over a prefix ...
        (
            '[tool.stridelift]\nselect = ["W2"]\nignore = ["W211"]\n',
            ["W214", "W212", "W215", "W202"],
        ),
        # ... either way round
        ('[tool.stridelift]\nignore = ["W2"]\nextend-select = ["W212"]\n', ["W212"]),
        # a name is more specific than any code
        ('[tool.stridelift]\nignore = ["far-from-failure"]\nselect = ["W215"]\n', []),
        ('[tool.stridelift]\nselect = ["ALL"]\nignore = ["W21"]\n', ["W202"]),
        ("[tool.stridelift]\nselect = []\n", []),
    ],
)
def test_the_settings_select_by_code_prefix_and_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, expected: list[str]
) -> None:
    found = _check(_project(tmp_path, settings), monkeypatch, "p.stride")
    assert _codes(found) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # --select starts afresh: the file's ignore no longer counts
        (("--select", "W211"), ["W211"]),
        (("--select", "W211,W212"), ["W211", "W212"]),
        (("--select", "W211", "--select", "no-calf-ankle"), ["W211", "W214"]),
        # --extend-select and --ignore adjust what the file chose
        (("--extend-select", "W211"), ["W211", "W212", "W215", "W202"]),
        (("--ignore", "W212"), ["W215", "W202"]),
        (("--select", "ALL", "--ignore", "W2"), []),
    ],
)
def test_the_command_line_goes_over_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], expected: list[str]
) -> None:
    folder = _project(tmp_path, '[tool.stridelift]\nignore = ["W211", "W214"]\n')
    assert _codes(_check(folder, monkeypatch, "p.stride", *args)) == expected


def test_per_file_ignores_apply_to_the_files_they_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(
        tmp_path,
        '[tool.stridelift.per-file-ignores]\n"drafts/*" = ["W21"]\n"p.stride" = ["W202"]\n',
    )
    (folder / "drafts").mkdir()
    write(folder / "drafts", "d.stride", PROGRAM)
    found = _check(folder, monkeypatch)
    by_file = {(str(d["path"]), str(d["code"])) for d in found}
    assert {code for path, code in by_file if path == "p.stride"} == set(ALL_FIVE) - {"W202"}
    assert {code for path, code in by_file if path.startswith("drafts")} == {"W202"}
    # the command line's --select does not undo them
    found = _check(folder, monkeypatch, "--select", "W2")
    assert ("drafts/d.stride", "W211") not in {(str(d["path"]), str(d["code"])) for d in found}


def test_errors_are_always_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = PROGRAM.replace("@ 12kg rir 6", "@ 14kg rir 6")  # no 14kg bell: E103
    folder = _project(tmp_path, '[tool.stridelift]\nselect = ["W202"]\n', broken)
    assert _codes(_check(folder, monkeypatch, "p.stride")) == ["E103", "W202"]
    assert _codes(_check(folder, monkeypatch, "p.stride", "--ignore", "ALL")) == ["E103"]


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--ignore", "W2111", "no lint rule or warning has the code `W2111`"),
        ("--select", "no-delod", "did you mean `no-deload`?"),
        ("--ignore", "E103", "always reported"),
        ("--extend-select", "S", "always reported"),
        ("--ignore", "w211", "no lint rule or warning has the name `w211`"),
        ("--select", "load jump", "is not a code, a code prefix or a rule's name"),
    ],
)
def test_a_selector_that_names_nothing_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, value: str, words: str
) -> None:
    monkeypatch.chdir(_project(tmp_path))
    result = invoke("check", "p.stride", option, value, env=CLI_ENV)
    assert result.exit_code == 2, result.stderr
    assert f"Invalid value for '{option}'" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_selector_in_the_settings_that_names_nothing_is_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path, '[tool.stridelift]\nignore = ["W214", "W2999"]\n')
    monkeypatch.chdir(folder)
    result = invoke("check", "p.stride", env=CLI_ENV)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "pyproject.toml:5:19: C008 error: no lint rule or warning has the code `W2999`\n"
    )
    assert "nothing was run" in result.stderr


def test_a_plugins_rule_can_be_selected(tmp_path: Path) -> None:
    """The vocabulary is the installed rules': a third party's code is selectable."""
    words = Vocabulary.of([("ACME101", "too-many-sessions")])
    assert words.problem("ACME1") is None and words.problem("too-many-sessions") is None
    on = enabled([LintSelection(select=("ACME",))], words)
    assert on == {"ACME101"}
    # and the built-in rules are all in it
    rules = make_plugin_manager(entry_points=False).lint_rules
    assert {r.code for r in rules} <= set(Vocabulary.of((r.code, r.name) for r in rules).codes)


# ---------------------------------------------------------------- --lint


def test_lint_option_sets_a_severity_or_a_parameter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path)
    assert "W211" not in _codes(_check(folder, monkeypatch, "p.stride", "--lint", "W211=off"))
    # 8 weeks without a deload are fine when the rule allows 10
    quiet = _check(folder, monkeypatch, "p.stride", "--lint", "no-deload.max_weeks=10")
    assert "W211" not in _codes(quiet)
    louder = _check(folder, monkeypatch, "p.stride", "--lint", "W215=warning")
    assert {str(d["severity"]) for d in louder if d["code"] == "W215"} == {"warning"}


def test_lint_option_goes_over_the_settings_and_keeps_what_it_does_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = '[tool.stridelift.lints]\nW215 = { severity = "warning", max_rir = 7 }\n'
    folder = _project(tmp_path, settings)
    # rir 6 is within max_rir 7: quiet ...
    assert "W215" not in _codes(_check(folder, monkeypatch, "p.stride"))
    # ... and with the command line's max_rir 4 it fires, at the settings' severity
    found = _check(folder, monkeypatch, "p.stride", "--lint", "W215.max_rir=4")
    assert [d["severity"] for d in found if d["code"] == "W215"] == ["warning"]


def test_lint_option_goes_over_the_programs_policy_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = PROGRAM.replace("  weeks 8\n", "  weeks 8\n  policy {\n    lint W211 off\n  }\n")
    folder = _project(tmp_path, program=program)
    assert "W211" not in _codes(_check(folder, monkeypatch, "p.stride"))
    back = _check(folder, monkeypatch, "p.stride", "--lint", "W211=warning")
    assert "W211" in _codes(back)


def test_a_rule_turned_off_stays_off_when_selected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Selection and severity are two axes: a rule runs when both let it."""
    folder = _project(tmp_path, '[tool.stridelift.lints]\nW211 = "off"\n')
    assert _codes(_check(folder, monkeypatch, "p.stride", "--select", "W211")) == []
    found = _check(folder, monkeypatch, "p.stride", "--select", "W211", "--lint", "W211=warning")
    assert _codes(found) == ["W211"]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("W211.max_weeks=100", "lint setting `W211`: `max_weeks` 100 is outside 1 to 52"),
        ("W211.max_weeks=2.5", "is not a whole number"),
        ("P304.threshold=0.15", "has no parameter `threshold` (its parameters: jump, body_weight)"),
        ("W211=loud", "severity 'loud' is not one of error, warning, info, off"),
        ("W2999=off", "no lint rule has this code or name"),
        ("W211", "is not RULE=SEVERITY or RULE.PARAM=VALUE"),
        ("W211.=3", "is not RULE=SEVERITY or RULE.PARAM=VALUE"),
    ],
)
def test_a_bad_lint_option_is_a_usage_error_with_the_settings_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, words: str
) -> None:
    monkeypatch.chdir(_project(tmp_path))
    result = invoke("check", "p.stride", "--lint", value, env=CLI_ENV)
    assert result.exit_code == 2, result.stderr
    assert "Invalid value for '--lint'" in result.stderr
    assert words in result.stderr


def test_a_fraction_may_be_written_as_a_percentage(tmp_path: Path) -> None:
    from stridelift.core.cli.inputs import lint_choice

    plugins = make_plugin_manager(entry_points=False)
    choice = lint_choice(plugins, lint_options=["P304.jump=15%", "P304=info"])
    assert choice.lints["P304"].severity == "info"
    assert choice.lints["P304"].params == {"jump": "15%"}


# ---------------------------------------------------------------- exit codes


def test_exit_zero_reports_and_never_fails_on_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path)
    monkeypatch.chdir(folder)
    failing = invoke("check", "p.stride", "--fail-on", "warning", env=CLI_ENV)
    assert failing.exit_code == 1
    zero = invoke("check", "p.stride", "--fail-on", "warning", "--exit-zero", env=CLI_ENV)
    assert zero.exit_code == 0
    assert zero.stdout == failing.stdout  # the same findings are printed
    usage = invoke("check", "p.stride", "--exit-zero", "--ignore", "W2999", env=CLI_ENV)
    assert usage.exit_code == 2
    write(folder, "pyproject.toml", '[tool.stridelift]\nselect = "W2"\n')
    bad_settings = invoke("check", "p.stride", "--exit-zero", env=CLI_ENV)
    assert bad_settings.exit_code == 2
    assert "C004 error: `select` must be a list in brackets" in bad_settings.stderr


# ---------------------------------------------------------------- plan warnings


def _minimal(folder: Path, settings: str = "") -> None:
    write(folder, "pyproject.toml", f'[project]\nname = "team"\n\n{settings}')
    shutil.copy(PROGRAMS / "minimal-equipment.stride", folder / "p.stride")
    shutil.copytree(PROGRAMS / "shared", folder / "shared", dirs_exist_ok=True)
    shutil.copy(PROGRAMS / "logs" / "minimal-equipment.jsonl", folder / "log.jsonl")


def _plan_codes(monkeypatch: pytest.MonkeyPatch, folder: Path, *args: str) -> list[str]:
    monkeypatch.chdir(folder)
    result = invoke("plan", "p.stride", "--log", "log.jsonl", "--output-format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [w["code"] for w in json.loads(result.stdout)["plan"]["warnings"]]


def test_selection_applies_to_plan_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _minimal(tmp_path)
    assert _plan_codes(monkeypatch, tmp_path) == ["P301", "P309"]
    assert _plan_codes(monkeypatch, tmp_path, "--ignore", "P309") == ["P301"]
    assert _plan_codes(monkeypatch, tmp_path, "--lint", "acute-chronic-ratio=off") == ["P301"]
    assert _plan_codes(monkeypatch, tmp_path, "--select", "P30", "--ignore", "P301") == ["P309"]
    _minimal(tmp_path, '[tool.stridelift]\nignore = ["P3"]\n')
    assert _plan_codes(monkeypatch, tmp_path) == []
    assert _plan_codes(monkeypatch, tmp_path, "--extend-select", "P301") == ["P301"]


def test_history_and_simulate_take_the_selection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _minimal(tmp_path, '[tool.stridelift]\nignore = ["P309", "P310"]\n')
    monkeypatch.chdir(tmp_path)
    for args in (
        ("history", "p.stride", "--log", "log.jsonl"),
        ("simulate", "p.stride", "--weeks", "6"),
    ):
        shown = invoke(*args, "--output-format", "json", env=CLI_ENV)
        assert shown.exit_code == 0, shown.stderr
        codes = {w["code"] for week in json.loads(shown.stdout)["weeks"] for w in week["warnings"]}
        assert not codes & {"P309", "P310"}, codes
        everything = invoke(*args, "--output-format", "json", "--select", "ALL", env=CLI_ENV)
        weeks = json.loads(everything.stdout)["weeks"]
        assert {"P309"} <= {w["code"] for week in weeks for w in week["warnings"]}


def test_the_documented_lint_usage_error_is_what_check_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conftest import REPO, fenced_blocks

    section = [
        block
        for block in fenced_blocks(REPO / "docs" / "cli.md")
        if block.text.startswith("$ stridelift check --ignore W214 --lint")
    ]
    (block,) = section
    command, _, shown = block.text.partition("\n")
    monkeypatch.chdir(REPO)
    result = invoke(*command.split()[2:], env=CLI_ENV)
    assert result.exit_code == 2
    assert result.stderr == shown
