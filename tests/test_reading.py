"""Reading program files: only regular files, lines numbered as the lexer numbers them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import CLI_ENV, invoke, run_cli

from stridelift.core.check import check_path
from stridelift.core.diagnostics import render
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.language.parse import parse_file

ENV = CLI_ENV
PLUGINS = make_plugin_manager(entry_points=False)


# ---------------------------------------------------------------- only regular files


def test_a_fifo_given_as_a_program_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.stride")
    done = run_cli("check", "pipe.stride", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("pipe.stride: S007 error: is a FIFO (named pipe), not a file\n")


def test_a_device_given_as_a_program_is_refused_without_reading_it(tmp_path: Path) -> None:
    done = run_cli("check", "--output-format", "json", "/dev/zero", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    (found,) = json.loads(done.stdout)["diagnostics"]
    assert (found["code"], found["message"]) == ("S007", "is a device, not a file")


def test_a_symlink_loop_given_as_a_program_is_named_a_loop(tmp_path: Path) -> None:
    (tmp_path / "loop.stride").symlink_to("loop.stride")
    (found,) = parse_file(tmp_path / "loop.stride").diagnostics
    assert (found.code, found.message) == ("S007", "is a symlink loop")


@pytest.mark.parametrize("command", ["plan", "simulate"])
def test_plan_and_simulate_say_what_the_program_path_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop.stride").symlink_to("loop.stride")
    (tmp_path / "folder.stride").mkdir()
    for name, what in (("loop.stride", "is a symlink loop"), ("folder.stride", "is a folder")):
        result = invoke(command, name, env=ENV)
        assert result.exit_code == 2
        assert f"stridelift: error: {name} {what}" in result.stderr


# ---------------------------------------------------------------- lines as the lexer counts them


@pytest.mark.parametrize(
    "separator", ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
)
def test_a_line_end_python_knows_in_a_comment_does_not_shift_the_quoted_line(
    tmp_path: Path, separator: str
) -> None:
    program = tmp_path / "p.stride"
    program.write_text(
        f"# warm-up{separator}then the main set\n"
        'session A "Squats" {\n'
        "  main glute_bridg 3 x 10\n"
        "}\n",
        encoding="utf-8",
    )
    result = check_path(program, PLUGINS)
    (unknown,) = [d for d in result.diagnostics if d.code == "E101"]
    assert unknown.span.line == 3
    quoted = render(unknown, result.lines[unknown.path]).splitlines()[1]
    assert quoted == "    3 |   main glute_bridg 3 x 10"


def test_control_characters_in_a_quoted_line_show_as_symbols(tmp_path: Path) -> None:
    program = tmp_path / "p.stride"
    program.write_text('session A {\n  main glute_bridg 3 x 10 cue "\x1b[2Jkeep\fit"\n}\n')
    result = check_path(program, PLUGINS)
    (unknown,) = [d for d in result.diagnostics if d.code == "E101"]
    shown = render(unknown, result.lines[unknown.path])
    assert "\x1b" not in shown and "\f" not in shown
    assert '    2 |   main glute_bridg 3 x 10 cue "\u241b[2Jkeep\u240cit"' in shown
    assert shown.splitlines()[2] == "      |        ^^^^^^^^^^^"


def test_a_path_with_control_characters_renders_on_one_escaped_line() -> None:
    from stridelift.core.diagnostics import Diagnostic

    forged = Diagnostic.make("a.stride\nb.stride:1:1: E101 error: \x1b[2J\udcff", None, "S004", "x")
    assert render(forged, None) == (
        "a.stride\\nb.stride:1:1: E101 error: \\x1b[2J\\xff: S004 warning: x"
    )
