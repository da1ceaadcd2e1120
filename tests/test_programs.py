"""The shipped programs are what a new coach copies first: they must be clean and canonical."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PROGRAMS, invoke

from stridelift.core.check import check_unit
from stridelift.core.diagnostics import Severity
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.language import ast
from stridelift.core.language.sources import Loader

PROGRAM_FILES = sorted(p for p in PROGRAMS.glob("*.stride"))


def test_at_least_four_programs_and_a_shared_fragment_ship() -> None:
    names = {p.stem for p in PROGRAM_FILES}
    assert {
        "minimal-equipment",
        "bodyweight-only",
        "home-dumbbells",
        "in-season-maintenance",
    } <= names
    assert (PROGRAMS / "shared" / "warmups.stride").is_file()


def test_check_programs_reports_no_errors_or_warnings() -> None:
    result = invoke("check", "--output-format", "json", str(PROGRAMS))
    payload = json.loads(result.stdout)
    assert result.exit_code == 0
    assert payload["summary"]["errors"] == 0
    assert payload["summary"]["warnings"] == 0
    assert payload["summary"]["files"] == len(PROGRAM_FILES) + 1


def test_programs_are_in_the_canonical_layout() -> None:
    result = invoke("fmt", "--check", str(PROGRAMS))
    assert result.exit_code == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", PROGRAM_FILES, ids=lambda p: p.name)
def test_each_program_holds_one_checked_program(path: Path) -> None:
    unit = Loader().load(path)
    assert unit.program is not None, f"{path} must hold a program"
    plugins = make_plugin_manager(entry_points=False)
    assert [d for d in check_unit(unit, plugins) if d.severity is Severity.ERROR] == []


def test_in_season_program_trains_once_a_week() -> None:
    program = Loader().load(PROGRAMS / "in-season-maintenance.stride").program
    assert program is not None
    schedule = program.first(ast.Schedule)
    assert schedule is not None and len(schedule.entries) == 1
