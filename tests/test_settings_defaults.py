"""The settings' `output-format` and `jobs` are the defaults of check and test; the
command line and STRIDELIFT_OUTPUT_FORMAT win over them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
SCRIPT = Path(sys.executable).with_name("stridelift")


def _run(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    import os

    environ = {k: v for k, v in os.environ.items() if k != "STRIDELIFT_OUTPUT_FORMAT"}
    done = subprocess.run(
        [str(SCRIPT), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**environ, **(env or {})},
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_the_settings_choose_the_format_unless_the_run_says_otherwise(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "coach-repo", tmp_path / "repo")
    repo = tmp_path / "repo"
    settings = repo / "stridelift.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'jobs = "auto"', 'jobs = 2\noutput-format = "json"'
        ),
        encoding="utf-8",
    )
    assert json.loads(_run(repo, "check"))["summary"]["files"] == 3
    assert json.loads(_run(repo, "test"))["tests"]["summary"]["passed"] == 7
    assert _run(repo, "check", "--output-format", "github").startswith("3 files checked")
    github = _run(repo, "test", env={"STRIDELIFT_OUTPUT_FORMAT": "github"})
    assert github.strip().endswith("7 passed, 0 failed, 0 error(s), 0 skipped")
