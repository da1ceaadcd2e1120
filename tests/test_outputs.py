"""What a command writes never costs a coach a file (issue 10): `simulate
--log-out` refuses its own inputs, special files, and files it did not write."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import invoke

ROOT = Path(__file__).parents[1]
PROGRAM = ROOT / "programs" / "minimal-equipment.stride"


@pytest.fixture
def program(tmp_path: Path) -> Path:
    copy = tmp_path / "programs"
    shutil.copytree(PROGRAM.parent, copy, ignore=shutil.ignore_patterns("logs"))
    return copy / PROGRAM.name


def simulate(program: Path, out: Path | str, *extra: str) -> tuple[int, str]:
    done = invoke("simulate", str(program), "--weeks", "2", "--log-out", str(out), *extra)
    return done.exit_code, done.stderr


def test_the_program_and_its_includes_are_never_overwritten(program: Path) -> None:
    include = program.parent / "shared" / "warmups.stride"
    for target in (program, include):
        before = target.read_bytes()
        for extra in ((), ("--force",)):
            code, err = simulate(program, target, *extra)
            assert code == 2, err
            assert "an input of this run" in err
            assert target.read_bytes() == before


def test_a_symlink_to_the_program_is_still_the_program(program: Path) -> None:
    link = program.parent / "link.jsonl"
    link.symlink_to(program)
    before = program.read_bytes()
    code, err = simulate(program, link, "--force")
    assert code == 2 and "an input of this run" in err
    assert program.read_bytes() == before


def test_a_file_simulate_did_not_write_needs_force(program: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the athlete's own notes\n")
    real_log = tmp_path / "sam.jsonl"
    shutil.copy(ROOT / "programs" / "logs" / "minimal-equipment.jsonl", real_log)
    for target in (notes, real_log):
        before = target.read_bytes()
        code, err = simulate(program, target)
        assert code == 2, err
        assert "--force" in err and "not overwritten" in err
        assert target.read_bytes() == before
    code, err = simulate(program, notes, "--force")
    assert code == 0, err
    assert notes.read_text().startswith('{"type": "athlete", "name": "simulated steady')


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_log_simulate_wrote_is_replaced_without_force(
    program: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"sim{suffix}"
    assert simulate(program, out)[0] == 0
    first = out.read_bytes()
    code, err = simulate(program, out, "--seed", "7")
    assert code == 0, err
    assert out.read_bytes() != first


def test_special_files_are_refused(program: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, kind in ((tmp_path, "a folder"), (fifo, "a FIFO"), ("/dev/null", "a device")):
        code, err = simulate(program, target, "--force")
        assert code == 2, err
        assert kind in err


def test_a_file_name_with_a_line_end_cannot_forge_an_error_line(tmp_path: Path) -> None:
    forged = tmp_path / "a.stride\nstridelift: error: everything is fine"
    done = invoke("plan", str(forged), "--start", "2026-01-05")
    assert done.exit_code != 0
    assert "\nstridelift: error: everything is fine" not in done.stderr
    assert "a.stride\\nstridelift" in done.stderr


@pytest.mark.parametrize("separator", ["\u2028", "\x85"])
def test_a_line_separator_in_a_logs_text_is_refused_not_printed(
    tmp_path: Path, separator: str
) -> None:
    """Found by tools/fuzz.py: the athlete record's `program` held U+2028, and the
    warning that the log belongs to another program printed it raw."""
    log = tmp_path / "log.jsonl"
    log.write_text(
        f'{{"type": "athlete", "name": "Sam", "start": "2026-01-05", "program": "a{separator}b"}}\n'
    )
    done = invoke("plan", str(PROGRAM), "--log", str(log))
    assert done.exit_code == 1
    assert "L005" in done.stderr and separator not in done.stdout + done.stderr
