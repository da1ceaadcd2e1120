"""Shared fixtures. ``stride_check`` and ``stridelift_plugins`` come from stridelift's own
pytest plugin (``stridelift.plugins.pytest_plugin``), the same helpers plugin authors get."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROGRAMS = REPO / "programs"
# bench/corpus.py generates programs for property tests and benchmarks alike.
sys.path.insert(0, str(REPO))


#: An opening or closing code fence of a Markdown page.
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Fenced:
    """One fenced code block of a Markdown page (the docs' examples are tested)."""

    line: int  # the opening fence, from 1
    end: int  # the closing fence
    info: str  # what follows the opening fence: ``stride file=x.stride``
    text: str  # the body, indentation of the fence removed, ending in a newline
    before: str  # the last non-blank line above the block (a marker such as <!-- invalid -->)


def fenced_blocks(path: Path) -> list[Fenced]:
    """Every fenced block of a page, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Fenced] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        start = index
        fence, indent = opening["fence"], len(opening["indent"])
        body: list[str] = []
        index += 1
        while index < len(lines):
            closing = FENCE.match(lines[index])
            if (
                closing is not None
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            line = lines[index]
            body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
            index += 1
        above = [line.strip() for line in lines[:start] if line.strip()]
        text = "\n".join(body) + "\n"
        found.append(
            Fenced(start + 1, index + 1, opening["info"].strip(), text, (above or [""])[-1])
        )
        index += 1
    return found


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the grammar-table cache out of the developer's home folder during tests."""
    monkeypatch.setenv("STRIDELIFT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def codes(diagnostics: list) -> list[str]:  # type: ignore[type-arg]
    return [d.code for d in diagnostics]


VALID = """\
program "Test program" {
  units kg
  equipment kettlebell 12kg 16kg 20kg 24kg, bands light medium heavy, bodyweight
  weeks 12
  periodization block(base: 6, build: 4, taper: 2)
  deload every 4 weeks
  schedule tue: A, thu: B
  time budget 60min

  session A "Squat and hinge" {
    warmup 10min {
      hip_flexor_stretch 2 x 30s per side
      glute_bridge 2 x 10
      band_lateral_walk 2 x 12 per side @ band light
    }
    main goblet_squat 3 x 8 @ 16kg tempo 2-0-1-0 rest 90s progress double(8..12, +4kg)
    main kettlebell_swing 4 x 12 @ 20kg rest 60s progress linear(+4kg, every: 2 weeks)
    accessory split_squat 3 x 8 per side @ bodyweight progress ladder
    accessory standing_calf_raise 3 x 15 @ rpe 8 tempo 3-0-1-0
    cooldown 8min { calf_stretch 2 x 30s per side }
  }

  session B "Single leg and carry" {
    warmup 8min { clamshell 2 x 12 per side }
    main reverse_lunge 3 x 8 per side @ 12kg progress mine(+4kg)
    accessory circuit 3 rounds rest 60s {
      pallof_press 10 per side @ band medium
      side_plank 30s per side
    }
    accessory farmers_carry 3 x 40m @ 24kg
  }

  progression mine(step: load) {
    when completed and rpe <= 8: load += step
    when rpe >= 9.5 for 2 weeks: load -= 10%
    otherwise: hold
  }

  rule "fatigue cuts volume first" in accessory {
    when fatigue >= 7 or soreness >= 7: sets -= 1
  }
}
"""


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str):
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in this process with click's ``CliRunner``, as a coach's shell would,
    and capture what it prints (standard output and error apart)."""
    from click.testing import CliRunner

    from stridelift.core.cli.main import cli

    result = CliRunner().invoke(cli, list(args), env=env, prog_name="stridelift")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug in the test or the CLI wrapper itself
    return Result(result.exit_code, result.stdout, result.stderr)


#: The environment the CLI tests run in: only the built-in plugins, no colour.
CLI_ENV = {"STRIDELIFT_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a shell runs it, in its own process: a command that blocks
    fails the test at the timeout instead of stalling the suite."""
    return subprocess.run(
        [sys.executable, "-m", "stridelift.core", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **CLI_ENV},
    )


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """``folder/name`` holding ``text`` exactly (bytes as they are, text as UTF-8 with
    its line ends untouched)."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def venv_with_this_environment(folder: Path) -> Path:
    """A new virtual environment that also sees this one's packages (stridelift among them),
    so a test can pip-install a plugin into it without touching the running environment."""
    import site
    import subprocess
    import venv

    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    outer = [p for p in site.getsitepackages() if Path(p).is_dir()]
    lines = "".join(f"import site; site.addsitedir({p!r})\n" for p in outer)
    (Path(purelib) / "_outer_environment.pth").write_text(lines)
    return python


def pip_install_into(python: Path, *packages: Path) -> None:
    """Install local packages into another environment, offline, with this pip."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            *map(str, packages),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
