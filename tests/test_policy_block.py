"""The program header's `policy` block, `race` day and `running` week: parsed, checked
with located findings, formatted back to the same program, and carried into the
compiled program (the program's settings over the project's)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import invoke, write

from stridelift.core.check import check_path
from stridelift.core.engine.compiler import compile_program
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.language import ast
from stridelift.core.language.layout import format_text
from stridelift.core.language.parse import parse_text
from stridelift.core.logs.records import PlannedRun
from stridelift.core.training.policy import LintSetting, Policy, policy_fields

#: HEADER's running week, as checked.
WEEK = (
    PlannedRun("wed", "quality", duration_min=45),
    PlannedRun("sun", "long", distance_km=18),
    PlannedRun("tue", "easy"),
)

HEADER = """\
program "Spring marathon" {
  units kg
  weeks 12
  race 2027-04-18 "Boston"
  running wed: quality 45min, SUN: long 18km, tue: easy
  policy {
    deload_sets 60%
    rep_cap 12
    backoff_rpe 9.5
    e1rm_method epley
    lint W201 off
    lint P304 info
    lint load-jump jump 15%
    lint load-jump body_weight 70
  }
  schedule mon: A, thu: A
  session A { main push_up 3 x 10 }
}
"""


def program(*header: str) -> str:
    """A program that checks clean but for the header lines given."""
    lines = "\n".join(f"  {line}" for line in header)
    return (
        'program "P" {\n  units kg\n  weeks 8\n  schedule tue: A\n'
        f"{lines}\n  session A {{ main push_up 3 x 10 }}\n}}\n"
    )


def policy(*settings: str) -> str:
    return program("policy {", *(f"  {s}" for s in settings), "}")


def check(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = write(tmp_path, "p.stride", text)
    return check_path(path, make_plugin_manager(entry_points=False))


def findings(tmp_path: Path, text: str) -> list[tuple[int, int, str, str, str | None]]:
    """(line, column, code, message, hint) of every finding."""
    return [
        (d.span.line, d.span.column, d.code, d.message, d.hint)
        for d in check(tmp_path, text).diagnostics
    ]


# ---------------------------------------------------------------- parse


def test_the_header_items_parse_to_their_nodes() -> None:
    parsed = parse_text(HEADER)
    assert parsed.diagnostics == []
    assert parsed.document is not None and parsed.document.program is not None
    body = parsed.document.program
    race = body.first(ast.Race)
    assert race == ast.Race("2027-04-18", "Boston")
    assert (race.span.line, race.date_span.column) == (4, 8)
    running = body.first(ast.Running)
    assert running is not None
    assert [(e.day, e.kind, e.amount) for e in running.entries] == [
        ("wed", "quality", ast.Quantity(45, "min")),
        ("SUN", "long", ast.Quantity(18, "km")),
        ("tue", "easy", None),
    ]
    block = body.first(ast.PolicyBlock)
    assert block is not None
    assert (block.span.line, block.span.column, block.end_line) == (6, 3, 15)
    assert block.settings[0] == ast.PolicySetting("deload_sets", ast.Quantity(60, "%"))
    assert block.settings[3] == ast.PolicySetting("e1rm_method", ast.Word("epley"))
    assert block.settings[4] == ast.LintLine("W201", "off")
    assert block.settings[6] == ast.LintLine("load-jump", "jump", ast.Quantity(15, "%"))


def test_a_race_without_a_name_and_an_empty_policy_parse() -> None:
    parsed = parse_text(program("race 2027-10-03", "policy {}"))
    assert parsed.diagnostics == []
    assert parsed.document is not None and parsed.document.program is not None
    assert parsed.document.program.first(ast.Race) == ast.Race("2027-10-03")
    assert parsed.document.program.first(ast.PolicyBlock) == ast.PolicyBlock(())


def test_a_lint_line_without_a_setting_is_a_located_syntax_error() -> None:
    parsed = parse_text(policy("lint W201"))
    assert [(d.code, d.span.line) for d in parsed.diagnostics] == [("S001", 6)]


# ---------------------------------------------------------------- check


def test_a_clean_header_checks_clean_and_keeps_its_values(tmp_path: Path) -> None:
    result = check(tmp_path, HEADER)
    assert [d for d in result.diagnostics if d.severity.name == "ERROR"] == []
    checked = result.checked
    assert checked is not None
    assert checked.policy == {
        "deload_sets": 0.6,
        "rep_cap": 12,
        "backoff_rpe": 9.5,
        "e1rm_method": "epley",
    }
    assert isinstance(checked.policy["rep_cap"], int)
    assert checked.lints == {
        "W201": LintSetting("off"),
        "P304": LintSetting("info"),
        "load-jump": LintSetting(None, {"jump": 0.15, "body_weight": 70}),
    }
    # the lint lines as written, with where they are, for the lint rules to check
    assert [(x.rule, x.rule_span.line, x.rule_span.column) for x in checked.lint_lines][:2] == [
        ("W201", 11, 10),
        ("P304", 12, 10),
    ]
    assert checked.race == datetime.date(2027, 4, 18)
    assert checked.race_name == "Boston"
    assert checked.running == WEEK


@pytest.mark.parametrize(
    ("setting", "column", "code", "words"),
    [
        ("deload_set 60%", 5, "E130", "did you mean `deload_sets`?"),
        ("deload_sets 5%", 17, "E120", "use 10% to 100%"),
        ("rep_cap 200", 13, "E120", "use 1 to 100 reps"),
        ("backoff_rpe 11", 17, "E120", "use RPE 6 to 10"),
        ("e1rm_method epely", 17, "E120", "did you mean `epley`?"),
        ("e1rm_method 3", 17, "E117", "use `rts`, `epley` or `brzycki`"),
        ("deload_sets 0.6", 17, "E117", "write `deload_sets 60%`"),
        ("rep_cap 12.5", 13, "E117", "for example `rep_cap 15`"),
        ("rep_cap 12%", 13, "E117", "for example `rep_cap 15`"),
        ("slowest_eccentric 5s", 23, "E117", "for example `slowest_eccentric 5`"),
        ("backoff_rpe hard", 17, "E117", "for example `backoff_rpe 9.5`"),
        ("lint W201 of", 15, "E130", "did you mean `off`?"),
        ("lint W201 off 2", 19, "E117", "write `lint W201 off`"),
        ("lint load-jump jump 15kg", 25, "E117", "lint load-jump jump 15"),
    ],
)
def test_a_bad_setting_is_reported_where_it_is_written(
    tmp_path: Path, setting: str, column: int, code: str, words: str
) -> None:
    found = findings(tmp_path, policy(setting))
    assert [(line, col, c) for line, col, c, _, _ in found] == [(6, column, code)]
    assert words in (found[0][4] or "")


def test_a_setting_given_twice_is_reported_at_the_second(tmp_path: Path) -> None:
    found = findings(
        tmp_path,
        policy(
            "rep_cap 12",
            "rep_cap 10",
            "lint W201 off",
            "lint W201 info",
            "lint load-jump jump 15%",
            "lint load-jump jump 20%",
        ),
    )
    assert [(line, code) for line, _, code, _, _ in found] == [
        (7, "E113"),
        (9, "E113"),
        (11, "E113"),
    ]
    assert "first is at line 6" in (found[0][4] or "")
    assert "severity of lint `W201`" in found[1][3]
    assert "parameter `jump` of lint `load-jump`" in found[2][3]


def test_two_policy_blocks_are_reported(tmp_path: Path) -> None:
    found = findings(tmp_path, program("policy {}", "policy { rep_cap 12 }"))
    assert [(line, code) for line, _, code, _, m in found] == [(6, "E113")]
    assert "`policy` twice" in found[0][3]


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2027-02-30", "day is out of range for month"),
        ("2027-13-01", "month must be in 1..12"),
        ("18/04/2027", "is not a date"),
        ("2027-4-18", "is not a date"),
        ("april", "is not a date"),
    ],
)
def test_a_bad_race_date_is_located(tmp_path: Path, date: str, words: str) -> None:
    found = findings(tmp_path, program(f'race {date} "Boston"'))
    assert [(line, col, code) for line, col, code, _, _ in found] == [(5, 8, "E131")]
    assert words in found[0][3]
    assert "race 2027-04-18" in (found[0][4] or "")


def test_the_running_week_checks_days_and_kinds(tmp_path: Path) -> None:
    found = findings(tmp_path, program("running tues: easy, sun: lng, wed: tempo, sun: easy"))
    assert [(col, code, hint) for _, col, code, _, hint in found] == [
        (11, "E114", "did you mean `tue`?"),
        (23, "E132", "did you mean `long`?"),
        (33, "E132", "kinds: easy, quality, long, race"),
    ]
    found = findings(tmp_path, program("running sun: long, Sun: easy"))
    assert [(col, code) for _, col, code, _, _ in found] == [(22, "E113")]


def test_a_planned_run_is_a_time_or_a_distance(tmp_path: Path) -> None:
    found = findings(
        tmp_path, program("running wed: quality 45kg, sat: long 1001km, sun: easy 90s")
    )
    assert [(col, code) for _, col, code, _, _ in found] == [(24, "E104"), (40, "E120")]
    assert "a time (min, h) or a distance (km, mi, m), not `kg`" in found[0][3]
    assert found[0][4] == "for example `wed: quality 45min` or `wed: quality 10km`"
    assert found[1][4] == "a run is more than 0, at most 1000 km"


def test_a_planned_run_in_miles_or_hours_is_held_in_km_and_minutes(tmp_path: Path) -> None:
    result = check(tmp_path, program("running sat: long 10mi, sun: easy 1.5h"))
    assert result.checked is not None, result.diagnostics
    long, easy = result.checked.running
    assert (long.kind, round(long.distance_km or 0, 2), long.duration_min) == ("long", 16.09, None)
    assert (easy.duration_min, easy.distance_km) == (90, None)


def test_running_kinds_are_the_logs_run_kinds() -> None:
    from typing import get_args, get_type_hints

    from stridelift.core.check.header import RUN_KINDS
    from stridelift.core.logs.records import Run

    assert RUN_KINDS == get_args(get_type_hints(Run)["kind"]) == ("easy", "quality", "long", "race")


# ---------------------------------------------------------------- fmt


def test_fmt_round_trips_the_header(tmp_path: Path) -> None:
    messy = HEADER.replace("race 2027-04-18", "race   2027-04-18").replace(
        "    rep_cap 12\n", "      rep_cap   12 ;deload_effort 2  # two\n"
    )
    path = write(tmp_path, "p.stride", messy)
    (tmp_path / "pyproject.toml").touch()
    done = invoke("fmt", str(path))
    assert done.exit_code == 0, done.stderr
    assert "1 file(s) reformatted" in done.stderr
    tidy = path.read_text()
    assert '  race 2027-04-18 "Boston"\n' in tidy
    assert "    rep_cap 12\n    deload_effort 2  # two\n" in tidy
    assert "    lint load-jump jump 15%\n" in tidy
    assert "  running wed: quality 45min, SUN: long 18km, tue: easy\n" in tidy
    before, after = parse_text(messy), parse_text(tidy)
    assert before.document == after.document
    assert format_text(tidy).output == tidy
    assert invoke("fmt", "--check", str(path)).exit_code == 0


# ---------------------------------------------------------------- compile


def compiled(tmp_path: Path, text: str, base: Policy | None = None):  # type: ignore[no-untyped-def]
    result = check(tmp_path, text)
    assert result.ok and result.checked is not None, result.diagnostics
    return compile_program(result.checked, base)


def test_compile_applies_the_programs_settings_over_the_projects(tmp_path: Path) -> None:
    project = Policy().replace(rep_cap=14, step_back=0.8)
    done = compiled(tmp_path, HEADER, project)
    assert done.policy.deload_sets == 0.6
    assert done.policy.rep_cap == 12  # the program wins
    assert done.policy.step_back == 0.8  # the project's, untouched by the program
    assert done.policy.e1rm_method == "epley"
    assert done.policy_overrides["rep_cap"] == 12
    assert done.lints["W201"] == LintSetting("off")
    assert done.race == datetime.date(2027, 4, 18)
    assert done.running == WEEK


def test_without_a_policy_block_compile_keeps_the_policy_given(tmp_path: Path) -> None:
    done = compiled(tmp_path, program())
    assert done.policy == Policy()
    assert (done.policy_overrides, done.lints, done.race, done.running) == ({}, {}, None, ())


def test_every_setting_can_be_written_at_its_default(tmp_path: Path) -> None:
    """The docs' table gives each default as a program writes it: each checks clean."""
    from stridelift.core.check.policy import default_text

    lines = [f"{f.name} {default_text(f)}" for f in policy_fields()]
    done = compiled(tmp_path, policy(*lines))
    assert done.policy == Policy()
