"""The command line as a coach and a CI job use it: exit codes, output formats, colour."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import VALID, invoke

from stridelift.core import __version__
from stridelift.core.cli.main import main


def run(*args: str) -> tuple[int, str, str]:
    result = invoke(*args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def coach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A coach's repository with one good and one broken program."""
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "good.stride").write_text(VALID)
    (tmp_path / "athletes").mkdir()
    (tmp_path / "athletes" / "broken.stride").write_text(
        VALID.replace("main goblet_squat", "main gobelt_squat")
    )
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "ignored.stride").write_text("this is not a program")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_defaults_to_the_current_folder_and_keeps_going(coach: Path) -> None:
    code, out, _ = run("check")
    assert code == 1
    assert "athletes/broken.stride:16:10: E101 error: unknown exercise `gobelt_squat`" in out
    assert "    main gobelt_squat 3 x 8" in out and "^^^^^^^^^^^^" in out
    assert "hint: did you mean `goblet_squat`?" in out
    assert "2 files checked: 1 error(s), 0 warning(s), 0 info" in out
    assert "ignored.stride" not in out


def test_one_broken_file_does_not_stop_the_batch(coach: Path) -> None:
    (coach / "athletes" / "syntax.stride").write_text("program {\n")
    (coach / "athletes" / "binary.stride").write_bytes(b"\x00\x01")
    code, out, _ = run("check", "--output-format", "json")
    payload = json.loads(out)
    assert code == 1
    found = {(d["path"], d["code"]) for d in payload["diagnostics"]}
    assert ("athletes/syntax.stride", "S001") in found
    assert ("athletes/binary.stride", "S002") in found
    assert ("athletes/broken.stride", "E101") in found
    assert payload["summary"]["files"] == 4


def test_clean_check_exits_zero(coach: Path) -> None:
    code, out, err = run("check", "good.stride")
    assert (code, out) == (0, "")
    assert "1 file checked: 0 error(s)" in err


def test_explicit_files_are_checked_whatever_their_name(coach: Path) -> None:
    (coach / "program.txt").write_text(VALID)
    assert run("check", "program.txt")[0] == 0


def test_fail_on_warning(coach: Path) -> None:
    (coach / "warn.stride").write_text(VALID.replace("thu: B", "wed: B"))
    assert run("check", "warn.stride")[0] == 0
    assert run("check", "--fail-on", "warning", "warn.stride")[0] == 1


def test_json_output_is_versioned_and_complete(coach: Path) -> None:
    code, out, _ = run("check", "--output-format", "json", "athletes")
    payload = json.loads(out)
    assert code == 1
    assert payload["format_version"] == 1 and payload["stridelift_version"] == __version__
    (diagnostic,) = payload["diagnostics"]
    assert diagnostic == {
        "path": "athletes/broken.stride",
        "line": 16,
        "column": 10,
        "end_line": 16,
        "end_column": 22,
        "code": "E101",
        "name": "unknown-exercise",
        "severity": "error",
        "message": "unknown exercise `gobelt_squat`",
        "hint": "did you mean `goblet_squat`?",
    }
    assert payload["summary"] == {"files": 1, "errors": 1, "warnings": 0, "info": 0, "waived": 0}


def test_missing_path(coach: Path) -> None:
    code, out, _ = run("check", "nowhere.stride")
    assert code == 1 and "nowhere.stride: S007 error: no such file or folder" in out


def test_usage_errors_exit_2(coach: Path) -> None:
    assert run("check", "--output-format", "yaml")[0] == 2
    assert run("frobnicate")[0] == 2


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"stridelift, version {__version__}"


def test_no_colour_off_a_terminal_and_colour_on_one(coach: Path) -> None:
    _, out, _ = run("check", "athletes")
    assert "\x1b[" not in out
    _, out, _ = run("check", "--color", "always", "athletes")
    assert "\x1b[1;31merror" in out
    main_fd, child_fd = pty.openpty()
    env = {**os.environ, "NO_COLOR": ""}
    env.pop("NO_COLOR")
    done = subprocess.run(
        [sys.executable, "-m", "stridelift.core", "check", "athletes"],
        stdout=child_fd,
        stderr=subprocess.DEVNULL,
        cwd=coach,
        env=env,
    )
    os.close(child_fd)
    tty_output = os.read(main_fd, 65536).decode()
    os.close(main_fd)
    assert done.returncode == 1
    assert "\x1b[1;31merror" in tty_output


def test_internal_error_is_a_message_not_a_traceback(
    coach: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import stridelift.core.check as checker

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checker, "check_unit", explode)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "good.stride"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "stridelift: internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_plugins_lists_builtins_as_text_and_json() -> None:
    code, out, _ = run("plugins")
    assert code == 0
    assert "catalog" in out and "register_exercises" in out and "built-in" in out
    code, out, _ = run("plugins", "--all", "--output-format", "json")
    payload = json.loads(out)
    catalog = next(p for p in payload["plugins"] if p["name"] == "catalog")
    assert "goblet_squat" in catalog["registers"]["exercises"]
    assert payload["errors"] == [] and payload["clashes"] == []
    code, out, _ = run("plugins", "--all")
    assert (
        "periodization styles (6): block, constant, in_season, linear, reverse_linear, undulating"
        in out
    )


@pytest.mark.parametrize("module", ["stridelift.core", "stridelift.core.cli.main"])
def test_the_module_entry_points_report_errors_like_the_command(
    tmp_path: Path, module: str
) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text("not json\n")
    program = Path(__file__).parents[1] / "programs" / "minimal-equipment.stride"
    done = subprocess.run(
        [sys.executable, "-m", module, "plan", str(program), "--log", str(log)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"{log}:1:1: L004 error: $: not valid JSON: Expecting value")
    assert "internal error" not in done.stderr


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    """``stridelift plan ... | head -1``: the reader is gone before the plan is written."""
    repo = Path(__file__).parents[1]
    reader, writer = os.pipe()
    os.close(reader)  # the reader has left before anything is written: EPIPE for sure
    done = subprocess.run(
        [
            sys.executable,
            *("-m", "stridelift.core", "plan", "programs/minimal-equipment.stride"),
            *("--log", "programs/logs/minimal-equipment.jsonl"),
        ],
        stdout=writer,
        stderr=subprocess.PIPE,
        cwd=repo,
        text=True,
    )
    os.close(writer)
    assert done.stderr == ""
    assert done.returncode == 0


def test_debug_shows_the_traceback_of_an_internal_error(
    coach: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stridelift.core.check as checker

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checker, "check_unit", explode)
    monkeypatch.setenv("STRIDELIFT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main(["check", "good.stride"])


def test_usage_errors_say_what_is_wrong_and_how_to_get_help(coach: Path) -> None:
    code, out, err = run("plan", "x.stride", "--week", "2", "--date", "2026-01-01")
    assert code == 2 and out == ""
    assert "Error: --date cannot be used with --week" in err
    assert "Try 'stridelift plan " in err and "for help." in err
    code, _, err = run("fmt", "--check", "--diff")
    assert code == 2 and "--diff cannot be used with --check" in err


def test_a_check_with_errors_fails_in_a_pipeline_whose_reader_left(tmp_path: Path) -> None:
    """``stridelift check bad.stride | head -1`` under ``set -o pipefail`` must still fail
    CI: the reader leaving ends the output, not the verdict."""
    (tmp_path / "pyproject.toml").touch()
    bad = tmp_path / "bad.stride"
    bad.write_text("session A {\n  main goblet_squat 3 x 8 @ 16 kg\n}\n")
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run(
        [sys.executable, "-m", "stridelift.core", "check", str(bad)],
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(writer)
    assert done.stderr == ""
    assert done.returncode == 1
