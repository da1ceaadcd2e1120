"""Folders given to `check` and `fmt`: walked inside the folder, special files never opened."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import CLI_ENV, invoke, run_cli

GOOD = 'session A "Squats" {\n  main bodyweight_squat 3 x 15\n}\n'
UNFORMATTED = 'session A "Squats" {\n     main bodyweight_squat 3 x 15\n}\n'
BROKEN = "session A {\n  main glute_bridg 3 x 10\n}\n"
ENV = CLI_ENV


def check_json(*paths: str) -> tuple[int, list[dict[str, object]]]:
    result = invoke("check", "--output-format", "json", *paths, env=ENV)
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """programs/ holding one good program, beside an outside/ folder with a broken one."""
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "good.stride").write_text(GOOD)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "broken.stride").write_text(BROKEN)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "programs"


def test_a_symlink_out_of_the_folder_is_skipped_and_said(folder: Path) -> None:
    (folder / "linked.stride").symlink_to(folder.parent / "outside" / "broken.stride")
    (folder / "elsewhere").symlink_to(folder.parent / "outside", target_is_directory=True)
    code, found = check_json("programs")
    assert code == 0  # the outside program's error is not this folder's
    assert {d["code"] for d in found} == {"S013"}
    skipped = {str(d["path"]): str(d["message"]) for d in found}
    assert set(skipped) == {"programs/linked.stride", "programs/elsewhere"}
    assert all("outside programs" in message for message in skipped.values())


def test_a_symlink_that_stays_inside_is_followed_once(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "broken.stride").write_text(BROKEN)
    (folder / "again").symlink_to("sub", target_is_directory=True)
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)  # a cycle
    code, found = check_json("programs")
    assert code == 1
    assert [d["code"] for d in found] == ["E101"]  # once, though reachable three ways


def test_a_symlinked_folder_inside_the_folder_is_walked(folder: Path) -> None:
    (folder.parent / "programs" / "real").mkdir()
    (folder / "real" / "broken.stride").write_text(BROKEN)
    (folder / "alias").symlink_to("real", target_is_directory=True)
    (folder / "real" / "broken.stride").unlink()
    (folder / "real" / "deep").mkdir()
    (folder / "real" / "deep" / "broken.stride").write_text(BROKEN)
    code, found = check_json("programs/alias")
    assert code == 1 and [d["code"] for d in found] == ["E101"]


def test_a_fifo_in_a_folder_is_skipped_without_opening_it(folder: Path) -> None:
    os.mkfifo(folder / "pipe.stride")
    done = run_cli("check", "programs", cwd=folder.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "programs/pipe.stride: S013 warning: skipped: is a FIFO (named pipe)" in done.stdout
    assert "1 file checked" in done.stdout


def test_fmt_skips_a_fifo_and_formats_the_rest(folder: Path) -> None:
    os.mkfifo(folder / "pipe.stride")
    (folder / "good.stride").write_text(UNFORMATTED)
    done = run_cli("fmt", "programs", cwd=folder.parent)
    assert done.returncode == 0, done.stderr
    assert "S013" in done.stderr and "reformatted programs/good.stride" in done.stderr
    assert (folder / "good.stride").read_text() == GOOD


def test_fmt_never_writes_through_a_symlink_out_of_the_folder(folder: Path) -> None:
    outside = folder.parent / "outside" / "theirs.stride"
    outside.write_text(UNFORMATTED)
    (folder / "theirs.stride").symlink_to(outside)
    result = invoke("fmt", "programs", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert outside.read_text() == UNFORMATTED
    assert "programs/theirs.stride: S013 warning: skipped: a symlink to" in result.stderr


def test_a_broken_symlink_is_skipped_with_a_warning(folder: Path) -> None:
    (folder / "gone.stride").symlink_to("nowhere.stride")
    code, found = check_json("programs")
    assert code == 0
    assert [(d["code"], d["message"]) for d in found] == [("S013", "skipped: a broken symlink")]


def test_a_file_named_explicitly_is_read_even_through_a_symlink(folder: Path) -> None:
    (folder / "linked.stride").symlink_to(folder.parent / "outside" / "broken.stride")
    code, found = check_json("programs/linked.stride")
    assert code == 1 and [d["code"] for d in found] == ["E101"]


# ---------------------------------------------------------------- names that forge nothing


def test_a_file_name_with_a_newline_cannot_forge_a_finding(folder: Path) -> None:
    name = "x.stride\ngood.stride:1:1: E101 error: forged.stride"
    (folder / name).write_text(BROKEN)
    result = invoke("check", "programs", env=ENV)
    assert result.exit_code == 1
    headers = [line for line in result.stdout.splitlines() if ": E101 error:" in line]
    assert headers == [
        "programs/x.stride\\ngood.stride:1:1: E101 error: forged.stride:2:8: "
        "E101 error: unknown exercise `glute_bridg`"
    ]


def test_fmt_prints_a_file_name_with_an_escape_sequence_escaped(folder: Path) -> None:
    (folder / "\x1b[2Jwiped.stride").write_text(UNFORMATTED)
    result = invoke("fmt", "programs", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert "reformatted programs/\\x1b[2Jwiped.stride" in result.stderr
