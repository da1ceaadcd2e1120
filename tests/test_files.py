"""Nothing lost: a write that fails halfway leaves the original whole.

The failure is real: a child process runs with a file-size limit smaller than
what it must write (the kernel refuses the write, as on a full disk or a quota).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stridelift.core.files import write_atomic

# Runs stridelift with writes capped at 100 bytes (SIGXFSZ ignored, so the write
# fails with EFBIG instead of killing the process).
CAPPED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
from stridelift.core.cli.main import main
main(sys.argv[1:])
"""

UNFORMATTED = (
    'program "Long enough to pass the limit once laid out" {\n'
    "units kg\n  weeks 4\n schedule tue: A\n"
    "  session A {      main bodyweight_squat 3 x 8 @ bodyweight     }\n}\n"
)


def test_a_replaced_file_keeps_its_permissions_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "p.stride"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.stride"]


def test_a_format_that_cannot_be_written_leaves_the_file_whole_and_goes_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").touch()
    big = tmp_path / "a.stride"
    big.write_text(UNFORMATTED)
    small = tmp_path / "b.stride"
    small.write_text("session S {\n main   bodyweight_squat 1 x 5\n}\n")
    done = subprocess.run(
        [sys.executable, "-c", CAPPED, "fmt", str(big), str(small)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert big.read_text() == UNFORMATTED  # untouched, not cut off
    assert small.read_text() == "session S {\n  main bodyweight_squat 1 x 5\n}\n"  # the next one
    assert "cannot write" in done.stderr and "the file is unchanged" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.stride", "b.stride", "pyproject.toml"]


def test_a_log_written_by_simulate_is_all_or_nothing(tmp_path: Path) -> None:
    repo = Path(__file__).parents[1]
    out = tmp_path / "athlete.jsonl"
    out.write_text('{"type": "athlete", "name": "simulated steady, seed 1"}\n')
    done = subprocess.run(
        [
            *(sys.executable, "-c", CAPPED, "simulate", "programs/minimal-equipment.stride"),
            *("--seed", "3", "--log-out", str(out)),
        ],
        capture_output=True,
        text=True,
        cwd=repo,
        env={**os.environ, "STRIDELIFT_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert out.read_text() == '{"type": "athlete", "name": "simulated steady, seed 1"}\n'
    assert f"cannot write {out}" in done.stderr and "Traceback" not in done.stderr
    assert done.returncode != 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_fmt_leaves_a_file_with_errors_alone(tmp_path: Path) -> None:
    """`@ 16kg @ 24kg` is S008; laying it out would drop the second load and the error."""
    from conftest import invoke

    (tmp_path / "pyproject.toml").touch()
    program = tmp_path / "p.stride"
    text = "session A {\n  main goblet_squat 3 x 8 @ 16kg @ 24kg\n}\n"
    program.write_text(text)
    result = invoke("fmt", str(program))
    assert program.read_text() == text
    assert "S008" in result.stderr and "cannot format" in result.stderr
    assert result.exit_code == 1


def test_open_regular_refuses_a_fifo_at_once_and_reads_a_file(tmp_path: Path) -> None:
    from stridelift.core.files import NotRegularFile, open_regular

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile) as caught:
        open_regular(fifo)  # would block forever on a plain open()
    assert caught.value.strerror == "a FIFO (named pipe)"
    with pytest.raises(NotRegularFile) as caught:
        open_regular(tmp_path)
    assert caught.value.strerror == "a folder"
    with pytest.raises(NotRegularFile) as caught:
        open_regular("/dev/zero")
    assert caught.value.strerror == "a device"
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock"))
        with pytest.raises(NotRegularFile) as caught:
            open_regular(tmp_path / "sock")
        assert caught.value.strerror == "a socket"
    (tmp_path / "a.txt").write_bytes(b"text")
    with open_regular(tmp_path / "a.txt") as handle:
        assert handle.read() == b"text"
