"""Project settings: found on disk, validated by the shipped schema, each problem placed
on its line and column, composed with the command line, and refused with exit 2."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import CLI_ENV, fenced_blocks, invoke, write

from stridelift.core.cli.inputs import project_settings, race_date
from stridelift.core.config import (
    SCHEMA,
    config_for,
    config_schema,
    find_config,
    parse_config,
    policy_markdown,
    toml_positions,
)
from stridelift.core.diagnostics import render
from stridelift.core.logs import Athlete, Log
from stridelift.core.schemas import schema
from stridelift.core.training.policy import LintSetting, Policy, policy_fields

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

PROGRAM = """\
program "Config" {
  units kg
  equipment kettlebell 16kg 24kg
  weeks 4
  schedule tue: A

  session A "Squat" {
    main goblet_squat 3 x 8 @ 16kg
  }
}
"""


def _program(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write(folder, "program.stride", PROGRAM)


def _one(text: str, *, pyproject: bool = False) -> tuple[str, int, int, str, str | None]:
    """The one problem of a settings text: code, line, column, message, hint."""
    name = "pyproject.toml" if pyproject else "stridelift.toml"
    found = parse_config(text, name, pyproject=pyproject).diagnostics
    assert len(found) == 1, [str(d) for d in found]
    d = found[0]
    return d.code, d.span.line, d.span.column, d.message, d.hint


# ---------------------------------------------------------------- finding the file


def test_stridelift_toml_is_found_walking_up(tmp_path: Path) -> None:
    write(tmp_path, "stridelift.toml", "[policy]\ndeload_sets = 0.6\nrep_cap = 12\n")
    program = _program(tmp_path / "athletes" / "sam")
    settings = project_settings(str(program))
    assert settings.policy.deload_sets == 0.6
    assert settings.policy.rep_cap == 12
    assert isinstance(settings.policy.rep_cap, int)
    assert settings.policy.effort_margin == Policy().effort_margin  # the rest keep their defaults


def test_pyproject_table_is_read_and_lints_take_both_forms(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "team"\n\n[tool.stridelift.policy]\ne1rm_method = "epley"\n\n'
        '[tool.stridelift.lints]\nW211 = "off"\n'
        'P304 = { severity = "info", jump = 0.15 }\n',
    )
    settings = project_settings(str(_program(tmp_path)))
    assert settings.policy.e1rm_method == "epley"
    assert settings.lints == {
        "W211": LintSetting("off"),
        "P304": LintSetting("info", {"jump": 0.15}),
    }


def test_the_first_folder_with_either_file_ends_the_walk(tmp_path: Path) -> None:
    write(tmp_path, "stridelift.toml", "[policy]\nrep_cap = 12\n")
    inner = tmp_path / "club"
    inner.mkdir()
    write(inner, "pyproject.toml", '[project]\nname = "club"\n')
    assert find_config(inner) == str(inner / "pyproject.toml")
    assert project_settings(str(_program(inner))).policy == Policy()


def test_stridelift_toml_wins_over_pyproject_in_one_folder_and_says_so(tmp_path: Path) -> None:
    write(tmp_path, "stridelift.toml", "[policy]\nrep_cap = 12\n")
    write(
        tmp_path, "pyproject.toml", '[project]\nname = "x"\n[tool.stridelift.policy]\nrep_cap = 9\n'
    )
    config = config_for(str(_program(tmp_path)))
    assert config.settings.policy.rep_cap == 12
    (warning,) = config.diagnostics
    assert (warning.code, warning.path, warning.span.line, warning.span.column) == (
        "C010",
        str(tmp_path / "pyproject.toml"),
        3,
        7,
    )


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    program = _program(tmp_path)
    config = config_for(str(program))
    if config.path is None:  # nothing above tmp_path either
        assert config.settings.policy == Policy()


def test_config_option_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "stridelift.toml", "[policy]\nrep_cap = 12\n")
    other = write(tmp_path, "strict.toml", "[policy]\nrep_cap = 10\n")
    program = _program(tmp_path)
    assert project_settings(str(program), str(other)).policy.rep_cap == 10


# ---------------------------------------------------------------- located errors


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"),
    [
        ("[policy]\nrep_cap 12\n", "C002", 2, 9, "not valid TOML"),
        ("[policy]\ndeload_set = 0.6\n", "C003", 2, 1, "did you mean `deload_sets`"),
        ("[polcy]\nrep_cap = 12\n", "C003", 1, 2, "did you mean `policy`"),
        ('[policy]\ndeload_sets = "60%"\n', "C004", 2, 15, "deload_sets = 0.6"),
        ("[policy]\nrep_cap = 12.5\n", "C004", 2, 11, "whole number"),
        ("policy = 3\n", "C004", 1, 10, "must be a table"),
        ("# fractions\n[policy]\n  deload_sets  =  60\n", "C005", 3, 19, "write 60 % as 0.6"),
        ("[policy]\nrep_cap = 1000\n", "C005", 2, 11, "between 1 and 100"),
        ("[policy]\ndeload_sets = nan\n", "C005", 2, 15, "0.1 to 1"),
        ('[policy]\ne1rm_method = "eply"\n', "C006", 2, 15, "did you mean `epley`"),
        ('[lints]\nW211 = "of"\n', "C006", 2, 8, "did you mean `off`"),
        ('[lints]\nP304 = { severity = "loud", jump = 0.15 }\n', "C006", 2, 21, "loud"),
        ("[lints]\nP304 = { threshold = [1, 2] }\n", "C004", 2, 22, "an array"),
        ('[lints]\n"load jump" = "off"\n', "C008", 2, 1, "code or name"),
        (
            "[policy]\npersistent_fatigue_weeks = 5\n",
            "C009",
            2,
            1,
            "persistent_fatigue_window",
        ),
        ('policy.rep_cap = "x"\n', "C004", 1, 18, "whole number"),
        ("[policy]\nrep_cap = true\n", "C004", 2, 11, "whole number"),
        ("[policy]\ndeload_sets = 2026-03-02\n", "C004", 2, 15, "a date"),
        ("[lints]\nW211 = 3\n", "C004", 2, 8, "text in quotes or a table"),
    ],
)
def test_each_problem_is_placed_and_explained(
    text: str, code: str, line: int, column: int, words: str
) -> None:
    found, at_line, at_column, message, hint = _one(text)
    assert (found, at_line, at_column) == (code, line, column), message
    assert words in f"{message} {hint}"


def test_a_pyproject_problem_is_placed_under_its_table() -> None:
    text = '[project]\nname = "x"\n\n[tool.stridelift.policy]\nrep_cap = 0\n'
    code, line, column, message, hint = _one(text, pyproject=True)
    assert (code, line, column) == ("C005", 5, 11)
    assert message == "`rep_cap` must be between 1 and 100, got 0"
    assert hint == "the range is 1 to 100 reps"


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = "[policy]\nrep_cap = 0\ndeload_sets = 2\nbackof = 0.1\n"
    found = parse_config(text, "stridelift.toml").diagnostics
    assert [(d.code, d.span.line) for d in found] == [("C005", 2), ("C005", 3), ("C003", 4)]


def test_a_missing_or_special_config_file_is_c001(tmp_path: Path) -> None:
    program = _program(tmp_path)
    for given in (tmp_path / "nope.toml", tmp_path):
        (problem,) = config_for(str(program), str(given)).diagnostics
        assert problem.code == "C001"


def test_a_named_pyproject_without_the_table_is_c007(tmp_path: Path) -> None:
    named = write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    (problem,) = config_for(str(_program(tmp_path / "p")), str(named)).diagnostics
    assert problem.code == "C007"


def test_not_utf8_is_located(tmp_path: Path) -> None:
    named = write(tmp_path, "stridelift.toml", b"[policy]\n# caf\xe9\n")
    (problem,) = config_for(str(_program(tmp_path)), str(named)).diagnostics
    assert (problem.code, problem.span.line, problem.span.column) == ("C001", 2, 6)


def test_the_locator_finds_keys_through_strings_arrays_and_inline_tables() -> None:
    text = (
        '# a comment with = and [brackets]\n"quoted.key" = """multi\n[not a table]\n"""\n'
        "[a . b]\nc = [1, { d = 'x' }, [2]]  # trailing\n"
    )
    positions = toml_positions(text)
    assert positions[("quoted.key",)].key is not None
    assert positions[("a", "b", "c")].value.column == 5  # type: ignore[union-attr]
    inner = positions[("a", "b", "c", 1, "d")]
    assert (inner.key.line, inner.key.column) == (6, 11)  # type: ignore[union-attr]
    assert ("not a table",) not in positions


# ---------------------------------------------------------------- schema and docs


def test_the_shipped_schema_is_generated_from_policy_fields() -> None:
    assert schema(SCHEMA) == config_schema(), (
        "core/schemas/config.schema.json is stale: write json.dumps(config_schema(), indent=2)"
    )
    policy = config_schema()["properties"]["policy"]["properties"]
    assert list(policy) == [f.name for f in policy_fields()]
    for f in policy_fields():
        spec = policy[f.name]
        assert spec["default"] == f.default
        if isinstance(f.default, str):
            assert spec["enum"] == list(f.bounds)
        else:
            assert (spec["minimum"], spec["maximum"]) == f.bounds


def test_the_quick_pass_and_the_validator_agree() -> None:
    from stridelift.core.schemas import quick_check, validator

    samples: list[object] = [
        {"policy": {"rep_cap": True}},
        {"policy": {"deload_sets": 0.6, "rep_cap": 12.0}},
        {"lints": {"W211": "off", "P304": {"severity": "info", "threshold": 0.15}}},
        {"lints": {"bad key": "off"}},
        {"lints": {"W211": 3}},
        {"policy": {"e1rm_method": "eply"}},
        {"other": {}},
    ]
    for sample in samples:
        assert quick_check(SCHEMA)(sample) == validator(SCHEMA).is_valid(sample), sample


def test_every_default_is_valid_under_the_schema() -> None:
    from stridelift.core.schemas import validator

    defaults = {"policy": {f.name: f.default for f in policy_fields()}}
    assert list(validator(SCHEMA).iter_errors(defaults)) == []


def test_engine_md_lists_every_setting_as_policy_fields_gives_it() -> None:
    text = (DOCS / "engine.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    assert policy_markdown() in section, (
        "docs/engine.md#policy is stale; paste stridelift.core.config.policy_markdown()"
    )


def _toml_examples() -> list[tuple[str, int, str]]:
    found = []
    for page in ("engine.md", "cli.md"):
        for block in fenced_blocks(DOCS / page):
            if block.info.strip() == "toml":
                found.append((page, block.line, block.text))
    return found


@pytest.mark.parametrize(("page", "line", "text"), _toml_examples(), ids=lambda v: str(v)[:12])
def test_the_docs_example_settings_load(page: str, line: int, text: str, tmp_path: Path) -> None:
    name = "pyproject.toml" if "[tool.stridelift" in text else "stridelift.toml"
    write(tmp_path, name, text)
    config = config_for(str(_program(tmp_path)))
    assert config.diagnostics == (), [str(d) for d in config.diagnostics]
    assert config.settings.policy != Policy()
    assert config.settings.lints


def test_the_docs_examples_exist() -> None:
    assert len(_toml_examples()) >= 2


def _config_error_examples() -> list[tuple[str, str]]:
    found = []
    for block in fenced_blocks(DOCS / "diagnostics.md"):
        words = block.info.split()
        if words and words[0] == "config-error":
            found.append((words[1], block.text))
    return found


@pytest.mark.parametrize(("code", "text"), _config_error_examples(), ids=lambda v: str(v)[:8])
def test_a_config_example_reports_its_code_and_no_other(code: str, text: str) -> None:
    found = parse_config(text, "stridelift.toml").diagnostics
    assert {d.code for d in found} == {code}, [str(d) for d in found]
    assert all(d.span.line > 0 for d in found)


# ---------------------------------------------------------------- the command line


BAD = "[policy]\ndeload_sets = 60\n"


@pytest.mark.parametrize("command", ["check", "plan", "history", "simulate"])
def test_a_bad_config_ends_every_command_with_exit_2(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "stridelift.toml", BAD)
    _program(tmp_path)
    write(tmp_path, "log.jsonl", '{"type": "athlete", "start": "2026-03-02"}\n')
    monkeypatch.chdir(tmp_path)
    args = [command, "program.stride"]
    if command in ("plan", "history"):
        args += ["--log", "log.jsonl"]
    result = invoke(*args, env=CLI_ENV)
    assert result.exit_code == 2, result.stdout + result.stderr
    # Named as the coach would: relative to the folder the command runs in.
    assert result.stderr.startswith(
        "stridelift.toml:2:15: C005 error: `deload_sets` must be between 0.1 and 1, got 60\n"
    )
    assert "write 60 % as 0.6" in result.stderr
    assert "nothing was run" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_config_option_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _program(tmp_path)
    write(tmp_path, "bad.toml", "[policy]\nrep_cap 12\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("plan", "program.stride", "--start", "2026-03-02", "--config", "bad.toml")
    assert result.exit_code == 2
    assert re.search(
        r"bad\.toml:2:9: C002 error: the settings file is not valid TOML", result.stderr
    )
    missing = invoke("check", "program.stride", "--config", "nope.toml", env=CLI_ENV)
    assert missing.exit_code == 2
    assert "nope.toml: C001 error: does not exist" in missing.stderr


def test_a_good_config_and_cli_flags_compose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defaults, then the project's settings, then --e1rm."""
    from stridelift.core.cli.inputs import load_program
    from stridelift.core.hooks.manager import make_plugin_manager

    write(tmp_path, "stridelift.toml", '[policy]\ne1rm_method = "brzycki"\nrep_cap = 12\n')
    program = str(_program(tmp_path))
    plugins = make_plugin_manager(entry_points=False)
    assert load_program(program, plugins).policy.e1rm_method == "brzycki"
    flagged = load_program(program, plugins, "epley").policy
    assert (flagged.e1rm_method, flagged.rep_cap) == ("epley", 12)
    monkeypatch.chdir(tmp_path)
    clean = invoke("check", "program.stride", env=CLI_ENV)
    assert clean.exit_code == 0, clean.stderr


# ---------------------------------------------------------------- the race date


def test_race_option_wins_over_the_athlete_record(tmp_path: Path) -> None:
    log = Log.of("log.jsonl", [Athlete("Sam", dt.date(2026, 3, 2), None, dt.date(2026, 6, 7))])
    assert race_date(None, log) == dt.date(2026, 6, 7)
    assert race_date(dt.date(2026, 6, 14), log) == dt.date(2026, 6, 14)
    assert race_date(None, None) is None


def test_the_athlete_record_carries_a_race(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stridelift.core.logs import read_log

    record = {"type": "athlete", "name": "Sam", "start": "2026-03-02", "race": "2026-04-19"}
    write(tmp_path, "log.jsonl", json.dumps(record) + "\n")
    reading = read_log(str(tmp_path / "log.jsonl"))
    assert reading.problems == () or not reading.problems
    assert reading.log is not None and reading.log.athlete is not None
    assert reading.log.athlete.race == dt.date(2026, 4, 19)
    _program(tmp_path)
    monkeypatch.chdir(tmp_path)
    shown = invoke("plan", "program.stride", "--log", "log.jsonl", "--output-format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["race"] == "2026-04-19"
    replaced = invoke(
        "plan",
        "program.stride",
        "--log",
        "log.jsonl",
        "--race",
        "2026-04-26",
        "--output-format",
        "json",
    )
    assert json.loads(replaced.stdout)["race"] == "2026-04-26"
    assert "--race 2026-04-26 replaces the log's race date 2026-04-19" in replaced.stderr


def test_a_bad_race_date_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _program(tmp_path)
    monkeypatch.chdir(tmp_path)
    early = invoke("plan", "program.stride", "--start", "2026-03-02", "--race", "2026-01-01")
    assert early.exit_code == 2
    assert "--race 2026-01-01 is before the program starts (2026-03-02)" in early.stderr
    typo = invoke("simulate", "program.stride", "--race", "2026-13-01")
    assert typo.exit_code == 2
    assert "is not a date" in typo.stderr
    record = {"type": "athlete", "start": "2026-03-02", "race": "2026-02-30"}
    write(tmp_path, "log.jsonl", json.dumps(record) + "\n")
    invalid = invoke("plan", "program.stride", "--log", "log.jsonl")
    assert invalid.exit_code == 1
    assert "race" in invalid.stderr


def test_simulate_writes_the_race_into_the_athlete_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _program(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = invoke(
        "simulate", "program.stride", "--race", "2026-02-01", "--log-out", "sim.jsonl", env=CLI_ENV
    )
    assert result.exit_code == 0, result.stderr
    first = json.loads((tmp_path / "sim.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["race"] == "2026-02-01"


def test_render_quotes_the_offending_line() -> None:
    config = parse_config("[policy]\nfatigue_hold = 11\n", "stridelift.toml")
    (problem,) = config.diagnostics
    shown = render(problem, config.lines.get(problem.path))
    assert "fatigue_hold = 11" in shown
    assert "^^" in shown


# ---------------------------------------------------------------- the keys CI needs


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"),
    [
        ('select = "W2"\n', "C004", 1, 10, 'write it as select = ["W2"]'),
        ('select = ["W299"]\n', "C008", 1, 11, "no lint rule or warning has the code `W299`"),
        ('select = ["W299"]\n', "C008", 1, 11, "did you mean `W209` or `W219`?"),
        ('ignore = ["W214", "E1"]\n', "C008", 1, 19, "always reported"),
        ('extend-select = ["load jump"]\n', "C008", 1, 18, "not a code, a code prefix"),
        ('ignore = ["no-delod"]\n', "C008", 1, 11, "did you mean `no-deload`?"),
        ("ignore = [3]\n", "C004", 1, 11, "each entry of `ignore` must be text in quotes"),
        ('selct = ["W2"]\n', "C003", 1, 1, "did you mean `select`?"),
        ("per-file-ignores = 3\n", "C004", 1, 20, "must be a table"),
        ('[per-file-ignores]\n"drafts/*" = "W2"\n', "C004", 2, 14, "must be a list of codes"),
        ('[per-file-ignores]\n"drafts/*" = ["W2999"]\n', "C008", 2, 15, "`W2999`"),
        ('[per-file-ignores]\n"" = ["W2"]\n', "C004", 2, 1, "pattern is empty"),
        ('include = "athletes/*"\n', "C004", 1, 11, 'include = ["athletes/*"]'),
        ('exclude = ["drafts", ""]\n', "C004", 1, 22, "entry 2 of `exclude` is empty"),
        ('requires = ["stridelift-kettlebells=1.2"]\n', "C011", 1, 13, "is not a requirement"),
        ('requires = ["x @ https://example.com/x.whl"]\n', "C011", 1, 13, "names a URL"),
        ('output-format = "yaml"\n', "C006", 1, 17, "one of text, json, junit, github, sarif"),
        ('output-format = "jsn"\n', "C006", 1, 17, "did you mean `json`?"),
        ("jobs = 0\n", "C005", 1, 8, "between 1 and 256, got 0"),
        ('jobs = "many"\n', "C006", 1, 8, 'a number or "auto"'),
        ("jobs = 2.5\n", "C004", 1, 8, 'whole number or "auto"'),
        ("jobs = true\n", "C004", 1, 8, 'jobs = "auto"'),
    ],
)
def test_each_new_key_is_validated_where_it_is_written(
    text: str, code: str, line: int, column: int, words: str
) -> None:
    found, at_line, at_column, message, hint = _one(text)
    assert (found, at_line, at_column) == (code, line, column), message
    assert words in f"{message} {hint}"


def test_a_new_key_in_pyproject_is_placed_under_its_table() -> None:
    text = '[project]\nname = "x"\n\n[tool.stridelift]\nignore = ["W2", "Q1"]\n'
    code, line, column, message, _ = _one(text, pyproject=True)
    assert (code, line, column) == ("C008", 5, 17)
    assert message == "no lint rule or warning has the code `Q1`"


def test_the_new_keys_reach_the_settings(tmp_path: Path) -> None:
    write(
        tmp_path,
        "stridelift.toml",
        'select = ["W2"]\nextend-select = ["P30"]\nignore = ["W214"]\n'
        'include = ["athletes/*"]\nexclude = ["drafts"]\nrequires = ["stridelift>=0"]\n'
        'output-format = "sarif"\njobs = 4\n[per-file-ignores]\n"juniors/*" = ["P3"]\n',
    )
    settings = project_settings(str(_program(tmp_path)))
    selection = settings.selection
    assert (selection.select, selection.extend_select, selection.ignore) == (
        ("W2",),
        ("P30",),
        ("W214",),
    )
    assert selection.per_file_ignores == {"juniors/*": ("P3",)}
    assert (settings.include, settings.exclude) == (("athletes/*",), ("drafts",))
    assert settings.requires == ("stridelift>=0",)
    assert (settings.output_format, settings.jobs) == ("sarif", 4)
    assert settings.root == str(tmp_path)
    write(tmp_path, "stridelift.toml", 'jobs = "auto"\n')
    assert project_settings(str(_program(tmp_path))).jobs == "auto"
    write(tmp_path, "stridelift.toml", "[policy]\nrep_cap = 12\n")
    defaults = project_settings(str(_program(tmp_path)))
    assert (defaults.selection.select, defaults.include, defaults.jobs) == (None, None, None)


def test_an_unknown_lint_key_is_c008_once_the_rules_are_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "stridelift.toml", '[lints]\nW211 = "off"\nno-delod = "off"\n')
    _program(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "program.stride", env=CLI_ENV)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "stridelift.toml:3:1: C008 error: no lint rule `no-delod` is installed\n"
    )
    assert "did you mean `no-deload`?" in result.stderr


@pytest.mark.parametrize("command", ["check", "plan", "history", "simulate", "plugins"])
def test_a_required_plugin_is_checked_by_every_command_that_loads_plugins(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stridelift.core import __version__

    _program(tmp_path)
    write(tmp_path, "log.jsonl", '{"type": "athlete", "start": "2026-03-02"}\n')
    monkeypatch.chdir(tmp_path)
    args = [command] if command == "plugins" else [command, "program.stride"]
    if command in ("plan", "history"):
        args += ["--log", "log.jsonl"]
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "team"\n\n[tool.stridelift]\n'
        'requires = ["stridelift>=0", "nonesuch>=1; python_version < \'3\'"]\n',
    )
    met = invoke(*args, env=CLI_ENV)
    assert met.exit_code != 2 and "X003" not in met.stderr, met.stderr
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "team"\n\n[tool.stridelift]\n'
        'requires = [\n  "stridelift>=999",\n  "stridelift-nonesuch>=1.2,<2",\n]\n',
    )
    unmet = invoke(*args, env=CLI_ENV)
    assert unmet.exit_code == 2, unmet.stderr
    assert unmet.stdout == ""
    assert unmet.stderr.startswith(
        "pyproject.toml:6:3: X003 error: the project requires `stridelift>=999`, and "
        f"stridelift {__version__} is installed\n"
    )
    assert "  hint: pip install 'stridelift>=999'\n" in unmet.stderr
    assert (
        "pyproject.toml:7:3: X003 error: the project requires `stridelift-nonesuch>=1.2,<2`, "
        "which is not installed\n"
    ) in unmet.stderr
    assert "  hint: pip install 'stridelift-nonesuch>=1.2,<2'\n" in unmet.stderr
    assert "2 plugin(s) the project requires (pyproject.toml) are missing" in unmet.stderr
    assert "Traceback" not in unmet.stderr


def _tree(root: Path, settings: str) -> None:
    """A project: two athletes, a drafts folder, an old file."""
    write(root, "stridelift.toml", settings)
    for folder in ("athletes/sam", "athletes/kim", "athletes/sam/drafts", "club"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name in (
        "athletes/sam/base.stride",
        "athletes/sam/base-old.stride",
        "athletes/sam/drafts/next.stride",
        "athletes/kim/base.stride",
        "club/squad.stride",
    ):
        write(root, name, PROGRAM)


def _walked(root: Path, monkeypatch: pytest.MonkeyPatch, *paths: str) -> list[str]:
    monkeypatch.chdir(root)
    result = invoke("check", "--output-format", "json", *paths, env=CLI_ENV)
    assert result.exit_code == 0, result.stderr
    return sorted(json.loads(result.stdout)["files"])


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            "",
            [
                "athletes/kim/base.stride",
                "athletes/sam/base-old.stride",
                "athletes/sam/base.stride",
                "athletes/sam/drafts/next.stride",
                "club/squad.stride",
            ],
        ),
        # a name: any folder or file so named, wherever it is
        (
            'exclude = ["drafts", "*-old.stride"]\n',
            ["athletes/kim/base.stride", "athletes/sam/base.stride", "club/squad.stride"],
        ),
        # a path from the settings file's folder
        (
            'exclude = ["athletes/sam"]\n',
            ["athletes/kim/base.stride", "club/squad.stride"],
        ),
        (
            'include = ["athletes/*"]\nexclude = ["drafts"]\n',
            [
                "athletes/kim/base.stride",
                "athletes/sam/base-old.stride",
                "athletes/sam/base.stride",
            ],
        ),
        ('include = ["club"]\n', ["club/squad.stride"]),
    ],
)
def test_include_and_exclude_choose_what_a_walk_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, expected: list[str]
) -> None:
    _tree(tmp_path, settings)
    assert _walked(tmp_path, monkeypatch) == expected


def test_a_file_or_folder_named_on_the_command_line_escapes_exclude(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, 'exclude = ["drafts", "*-old.stride"]\n')
    assert _walked(tmp_path, monkeypatch, "athletes/sam/base-old.stride") == [
        "athletes/sam/base-old.stride"
    ]
    # the folder named is walked; what is in it is still chosen
    named = _walked(tmp_path, monkeypatch, "athletes/sam/drafts", "athletes/sam")
    assert named == ["athletes/sam/base.stride", "athletes/sam/drafts/next.stride"]
    write(tmp_path, "stridelift.toml", 'include = ["club"]\n')
    assert _walked(tmp_path, monkeypatch, "athletes/kim/base.stride", ".") == [
        "athletes/kim/base.stride",
        "club/squad.stride",
    ]
    # the settings are the file's own: from inside a folder they still apply
    assert _walked(tmp_path / "club", monkeypatch) == ["squad.stride"]
    assert _walked(tmp_path / "athletes", monkeypatch) == []


def test_the_quick_pass_and_the_validator_agree_on_the_new_keys() -> None:
    from stridelift.core.schemas import quick_check, validator

    samples: list[object] = [
        {"select": ["W2", "no-deload", "ALL"], "ignore": [], "extend-select": ["P30"]},
        {"select": "W2"},
        {"select": ["load jump"]},
        {"select": [3]},
        {"per-file-ignores": {"drafts/*": ["W2"]}},
        {"per-file-ignores": {"": ["W2"]}},
        {"per-file-ignores": {"drafts/*": "W2"}},
        {"include": ["a"], "exclude": [""]},
        {"requires": ["x>=1"]},
        {"output-format": "json"},
        {"output-format": "yaml"},
        {"jobs": "auto"},
        {"jobs": 4},
        {"jobs": 0},
        {"jobs": "many"},
        {"jobs": 2.5},
        {"jobs": True},
    ]
    for sample in samples:
        assert quick_check(SCHEMA)(sample) == validator(SCHEMA).is_valid(sample), sample


def test_cli_md_lists_every_top_level_key_as_the_schema_gives_it() -> None:
    from stridelift.core.config import settings_markdown

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    assert settings_markdown() in section, (
        "docs/cli.md#configuration is stale; paste stridelift.core.config.settings_markdown()"
    )
    keys = set(config_schema()["properties"]) - {"policy", "lints"}
    assert all(f"| `{key}` |" in settings_markdown() for key in keys)
