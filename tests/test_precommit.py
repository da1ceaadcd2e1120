"""The pre-commit hooks, read by pre-commit's own manifest loader and run as it runs them."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from pre_commit.clientlib import load_manifest

ROOT = Path(__file__).parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
SCRIPT = Path(sys.executable).with_name("stridelift")


def _hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in load_manifest(str(MANIFEST))}


def _run(
    hook: dict[str, object], folder: Path, changed: list[str]
) -> subprocess.CompletedProcess[str]:
    """The hook's entry with its args and, as pre-commit passes them, the changed files
    its ``files`` pattern matches."""
    entry = shlex.split(str(hook["entry"]))
    assert entry[0] == "stridelift"
    pattern = re.compile(str(hook["files"]))
    files = [name for name in changed if pattern.search(name)] if hook["pass_filenames"] else []
    command = [str(SCRIPT), *entry[1:], *map(str, hook["args"]), *files]  # type: ignore[call-overload]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)


def test_the_manifest_is_valid_for_pre_commit() -> None:
    hooks = _hooks()
    assert {"stridelift-check", "stridelift-fmt", "stridelift-test"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "python"  # installed from this repository with pip


def test_check_and_fmt_hooks_pass_a_tidy_program_and_fail_a_broken_or_untidy_one(
    tmp_path: Path,
) -> None:
    hooks = _hooks()
    shutil.copy(ROOT / "programs" / "bodyweight-only.stride", tmp_path / "good.stride")
    shutil.copytree(ROOT / "programs" / "shared", tmp_path / "shared")
    (tmp_path / "notes.txt").write_text("not a program\n", encoding="utf-8")
    ok = _run(hooks["stridelift-check"], tmp_path, ["good.stride", "notes.txt"])
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert _run(hooks["stridelift-fmt"], tmp_path, ["good.stride"]).returncode == 0

    text = (tmp_path / "good.stride").read_text(encoding="utf-8")
    (tmp_path / "bad.stride").write_text(text.replace('program "', 'progam "', 1), "utf-8")
    bad = _run(hooks["stridelift-check"], tmp_path, ["bad.stride"])
    assert bad.returncode == 1
    assert "bad.stride:" in bad.stdout

    untidy = text.replace("\n  ", "\n      ", 3)
    (tmp_path / "untidy.stride").write_text(untidy, encoding="utf-8")
    _run(hooks["stridelift-fmt"], tmp_path, ["untidy.stride"])
    # pre-commit fails a hook that changed a file: the layout was rewritten.
    assert (tmp_path / "untidy.stride").read_text(encoding="utf-8") == text


def test_the_example_coach_repository_uses_every_hook() -> None:
    from pre_commit.clientlib import load_config

    config = load_config(str(ROOT / "examples" / "coach-repo" / ".pre-commit-config.yaml"))
    (repo,) = config["repos"]
    assert [hook["id"] for hook in repo["hooks"]] == list(_hooks())
