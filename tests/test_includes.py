"""`include`: fragments shared between programs, resolved safely."""

from __future__ import annotations

from pathlib import Path

from conftest import codes

from stridelift.core.check import check_unit
from stridelift.core.diagnostics import Diagnostic
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.language.sources import Loader

PLUGINS = make_plugin_manager(entry_points=False)

PROGRAM = """\
program "With includes" {{
  units kg
  weeks 8
  schedule tue: A, thu: W
  include "{include}"
  session A {{
    main bodyweight_squat 3 x 15 @ bodyweight progress gentle(+2kg)
  }}
}}
"""

FRAGMENT = """\
progression gentle(step: load) {
  when completed: load += step
  otherwise: hold
}

session W "Shared warm-up" {
  warmup { glute_bridge 2 x 10 }
}
"""


def check(path: Path) -> list[Diagnostic]:
    loader = Loader()
    unit = loader.load(path)
    found = list(unit.diagnostics) + check_unit(unit, PLUGINS)
    for result in loader.parse_results():
        found.extend(result.diagnostics)
    return found


def project(tmp_path: Path, include: str) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'coach'\n")
    (tmp_path / "programs" / "shared").mkdir(parents=True)
    (tmp_path / "programs" / "shared" / "warmups.stride").write_text(FRAGMENT)
    program = tmp_path / "programs" / "main.stride"
    program.write_text(PROGRAM.format(include=include))
    return program


def test_sessions_and_progressions_come_from_the_fragment(tmp_path: Path) -> None:
    assert check(project(tmp_path, "shared/warmups.stride")) == []


def test_missing_include(tmp_path: Path) -> None:
    found = check(project(tmp_path, "shared/warmup.stride"))
    assert "I001" in codes(found)
    (missing,) = [d for d in found if d.code == "I001"]
    assert missing.path.endswith("main.stride") and missing.span.line == 5


def test_include_outside_the_project_root(tmp_path: Path) -> None:
    (tmp_path.parent / "outside.stride").write_text(FRAGMENT)
    found = check(project(tmp_path, "../../outside.stride"))
    assert "I003" in codes(found)


def test_root_without_pyproject_is_the_program_folder(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "w.stride").write_text(FRAGMENT)
    (tmp_path / "sub").mkdir()
    program = tmp_path / "sub" / "p.stride"
    program.write_text(PROGRAM.format(include="../shared/w.stride"))
    assert "I003" in codes(check(program))


def test_include_cycle_is_reported_with_the_chain(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "a.stride").write_text('include "b.stride"\n' + FRAGMENT)
    (tmp_path / "b.stride").write_text('include "a.stride"\n')
    found = check(tmp_path / "a.stride")
    (cycle,) = [d for d in found if d.code == "I002"]
    assert "a.stride -> " in cycle.message and "b.stride -> " in cycle.message


def test_included_file_with_a_program_is_refused(tmp_path: Path) -> None:
    program = project(tmp_path, "other.stride")
    (program.parent / "other.stride").write_text('program "Other" { units kg }\n')
    assert "I004" in codes(check(program))


def test_errors_inside_a_fragment_point_at_the_fragment(tmp_path: Path) -> None:
    program = project(tmp_path, "shared/warmups.stride")
    fragment = program.parent / "shared" / "warmups.stride"
    fragment.write_text(FRAGMENT.replace("glute_bridge", "glute_bridg"))
    (unknown,) = [d for d in check(program) if d.code == "E101"]
    assert unknown.path.endswith("warmups.stride") and unknown.span.line == 7


def test_syntax_error_in_a_fragment_is_reported_once(tmp_path: Path) -> None:
    program = project(tmp_path, "shared/warmups.stride")
    (program.parent / "shared" / "warmups.stride").write_text("session W {\n  warmup {\n")
    found = check(program)
    assert codes(found).count("S001") == 1


def test_warnings_about_an_included_session_point_at_the_fragment(tmp_path: Path) -> None:
    program = project(tmp_path, "shared/warmups.stride")
    program.write_text(PROGRAM.format(include="shared/warmups.stride").replace(", thu: W", ""))
    (never,) = [d for d in check(program) if d.code == "W202"]
    assert never.path.endswith("warmups.stride") and never.span.line == 6
