"""`include`: fragments shared between programs, resolved safely."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import codes, run_cli

from stridelift.core.check import check_unit
from stridelift.core.diagnostics import Diagnostic, render
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.language.sources import Loader
from stridelift.core.units import LIMITS

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
    # What the lint rules say of so small a program (no deload, warm-up or calves)
    # is not about includes.
    found = check(project(tmp_path, "shared/warmups.stride"))
    assert [d for d in found if d.code not in ("W211", "W212", "W214")] == []


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


# ---------------------------------------------------------------- only regular files


def test_an_included_folder_is_named_a_folder_at_the_include(tmp_path: Path) -> None:
    program = project(tmp_path, "shared")
    (refused,) = [d for d in check(program) if d.code == "I005"]
    assert "is a folder" in refused.message
    assert refused.path.endswith("main.stride") and refused.span.line == 5
    assert "I001" not in codes(check(program))


def test_an_included_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    program = project(tmp_path, "shared/pipe.stride")
    os.mkfifo(program.parent / "shared" / "pipe.stride")
    (refused,) = [d for d in check(program) if d.code == "I005"]
    assert "is a FIFO (named pipe)" in refused.message and refused.span.line == 5


def test_an_included_symlink_loop_is_named_a_loop(tmp_path: Path) -> None:
    program = project(tmp_path, "shared/loop.stride")
    (program.parent / "shared" / "loop.stride").symlink_to("loop.stride")
    (refused,) = [d for d in check(program) if d.code == "I005"]
    assert "is a symlink loop" in refused.message and refused.span.line == 5


# ---------------------------------------------------------------- bounded work


def fragment_chain(tmp_path: Path, count: int, *, twice: bool = False) -> Path:
    """f0.stride includes f1.stride (twice, if asked), which includes f2.stride, ..."""
    (tmp_path / "pyproject.toml").touch()
    for index in range(count):
        body = f"session s{index} {{ main push_up 3 x 10 }}\n"
        if index + 1 < count:
            body = f'include "f{index + 1}.stride"\n' * (2 if twice else 1) + body
        (tmp_path / f"f{index}.stride").write_text(body)
    return tmp_path / "f0.stride"


def test_a_diamond_brings_the_shared_fragment_in_once(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "d.stride").write_text(
        "session D { main push_up 3 x 10 }\nsession D2 { main glute_bridg 3 x 10 }\n"
    )
    for name in ("b", "c"):
        (tmp_path / f"{name}.stride").write_text(
            f'include "d.stride"\nsession {name.upper()} {{}}\n'
        )
    program = tmp_path / "a.stride"
    program.write_text(
        PROGRAM.format(include="b.stride").replace(
            '  include "b.stride"\n', '  include "b.stride"\n  include "c.stride"\n'
        )
    )
    loader = Loader()
    unit = loader.load(program)
    names = [item.name for item, _ in unit.included if hasattr(item, "name")]
    assert names.count("D") == 1
    found = check(program)
    assert "E113" not in codes(found)  # D is not "defined twice"
    assert codes(found).count("E101") == 1  # its one unknown exercise, reported once


def test_fragments_that_include_the_next_twice_are_brought_in_once_each(tmp_path: Path) -> None:
    top = fragment_chain(tmp_path, 12, twice=True)
    unit = Loader().load(top)
    assert len(unit.included) == 11  # s1..s11, not 2**11 copies
    assert "E113" not in codes(check(top))


def test_twenty_one_fragments_each_including_the_next_twice_finish(tmp_path: Path) -> None:
    # Each path through the includes used to be walked: 2**20 of them, past 30 s.
    fragment_chain(tmp_path, 21, twice=True)
    done = run_cli("check", "f0.stride", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "E113" not in done.stdout


def test_includes_nested_to_the_limit_are_read(tmp_path: Path) -> None:
    depth = int(LIMITS["include_depth"].high)
    top = fragment_chain(tmp_path, depth + 1)  # f0 plus 32 levels of includes
    found = check(top)
    assert "I006" not in codes(found)
    assert len(Loader().load(top).included) == depth


def test_includes_nested_past_the_limit_name_the_limit_and_the_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    depth = int(LIMITS["include_depth"].high)
    top = fragment_chain(tmp_path, depth + 2)
    (limit,) = [d for d in check(top) if d.code == "I006"]
    assert f"more than {depth} deep" in limit.message
    assert limit.message.split(": ", 1)[1].startswith("f0.stride -> f1.stride -> f2.stride")
    assert f"f{depth + 1}.stride" in limit.message
    assert limit.path.endswith(f"f{depth}.stride") and limit.span.line == 1


def test_a_chain_of_1100_includes_is_a_limit_not_a_crash(tmp_path: Path) -> None:
    fragment_chain(tmp_path, 1100)
    done = run_cli("check", "--output-format", "json", "f0.stride", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    found = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
    assert found == ["I006"]  # not S005 (expression nesting), not a RecursionError


def test_more_included_files_than_the_limit_is_one_clear_error(tmp_path: Path) -> None:
    files = int(LIMITS["include_files"].high)
    (tmp_path / "pyproject.toml").touch()
    for index in range(files + 10):
        (tmp_path / f"s{index}.stride").write_text(f"session s{index} {{}}\n")
    top = tmp_path / "all.stride"
    top.write_text("".join(f'include "s{index}.stride"\n' for index in range(files + 10)))
    unit = Loader().load(top)
    (limit,) = [d for d in unit.diagnostics if d.code == "I006"]
    assert f"more than {files} files" in limit.message and limit.span.line == files + 1
    assert len(unit.included) == files


# ---------------------------------------------------------------- names that forge nothing


def test_an_include_path_with_control_characters_prints_escaped(tmp_path: Path) -> None:
    program = project(tmp_path, "shared/\x1b[2Jnope.stride")
    (missing,) = [d for d in check(program) if d.code == "I001"]
    shown = render(missing, None)
    assert "\x1b" not in shown and "\\x1b[2Jnope.stride" in shown
