"""Work over many files: chunks in order, across processes, jobs and progress settings."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from stridelift.core.cli.batch import (
    MIN_PARALLEL_ITEMS,
    JobsError,
    available_cores,
    chunks,
    progress_wanted,
    resolve_jobs,
    run_chunks,
)


def _square_with_pid(part: list[int]) -> tuple[int, list[int]]:
    return os.getpid(), [n * n for n in part]


def test_results_come_back_in_the_order_of_the_files_whatever_the_jobs() -> None:
    items = list(range(100))
    for jobs in (1, 2, 3):
        results = run_chunks(_square_with_pid, items, jobs, progress=False)
        assert [n for _, part in results for n in part] == [n * n for n in items]


def _slow_square_with_pid(part: list[int]) -> tuple[int, list[int]]:
    time.sleep(0.05)  # long enough that one process cannot take every chunk alone
    return _square_with_pid(part)


def test_two_jobs_run_in_two_other_processes() -> None:
    results = run_chunks(_slow_square_with_pid, list(range(64)), 2, progress=False)
    pids = {pid for pid, _ in results}
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_one_job_or_a_handful_of_files_stays_in_this_process() -> None:
    for items, jobs in ((list(range(50)), 1), (list(range(MIN_PARALLEL_ITEMS - 1)), 4)):
        results = run_chunks(_square_with_pid, items, jobs, progress=False)
        assert {pid for pid, _ in results} == {os.getpid()}
        assert len(results) == 1  # one chunk: included fragments are parsed once


def test_chunks_split_neighbours_and_lose_nothing() -> None:
    items = [f"p{i}.stride" for i in range(500)]
    parts = chunks(items, 2)
    assert [x for part in parts for x in part] == items
    assert len(parts) >= 8  # several a process, so a slow file does not hold one back
    assert chunks([], 2) == []


def test_jobs_are_a_positive_number_or_auto() -> None:
    assert resolve_jobs("auto") == available_cores()
    assert resolve_jobs(None) == available_cores()
    assert resolve_jobs("3") == 3
    assert resolve_jobs(2) == 2
    for bad in ("0", "-1", "many", 0):
        with pytest.raises(JobsError, match="processes"):
            resolve_jobs(bad)


def test_no_progress_bar_in_ci_or_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert progress_wanted() is False
    assert progress_wanted(True) is True
    monkeypatch.delenv("CI")
    for name in ("GITHUB_ACTIONS", "GITLAB_CI"):
        monkeypatch.delenv(name, raising=False)
    assert progress_wanted() is False  # pytest's captured stderr is not a terminal


def test_a_failing_worker_fails_the_run() -> None:
    with pytest.raises(ZeroDivisionError):
        run_chunks(_divide, list(range(40)), 2, progress=False)


def _divide(part: list[int]) -> list[float]:
    return [1 / (n - 20) for n in part]


def test_check_and_test_report_the_same_with_one_job_or_two(tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess
    import sys

    root = Path(__file__).parents[1] / "programs"
    shutil.copytree(root, tmp_path / "programs")
    for n in range(4):  # more files than one process takes alone
        shutil.copytree(root / "tests", tmp_path / "programs" / f"tests{n}")
    broken = tmp_path / "programs" / "broken.stride"
    broken.write_text('program "x" {\n  weeks 4\n  sesion A {}\n}\n', encoding="utf-8")
    script = Path(sys.executable).with_name("stridelift")
    untidy = tmp_path / "programs" / "untidy.stride"
    untidy.write_text((root / "bodyweight-only.stride").read_text().replace("\n  ", "\n    ", 5))
    for command in ("check", "fmt", "test"):
        reports = []
        for jobs in ("1", "2"):
            extra = ["--check"] if command == "fmt" else []
            done = subprocess.run(
                [str(script), command, *extra, "--output-format", "json", "-j", jobs, "programs"],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                check=False,
            )
            # The broken program fails check and fmt, the untidy one fmt; no test names them.
            assert done.returncode == (0 if command == "test" else 1), done.stderr
            data = json.loads(done.stdout)
            for case in data.get("tests", {}).get("cases", []):
                case.pop("seconds")
            data.get("tests", {}).get("summary", {}).pop("seconds", None)
            reports.append(data)
        assert reports[0] == reports[1]
        assert reports[0]["diagnostics"] if command != "test" else reports[0]["tests"]["cases"]
        if command == "fmt":
            assert "F001" in {d["code"] for d in reports[0]["diagnostics"]}


def test_fmt_walks_the_files_check_walks(tmp_path: Path) -> None:
    import subprocess
    import sys

    good = Path(__file__).parents[1] / "programs" / "bodyweight-only.stride"
    untidy = good.read_text(encoding="utf-8").replace("\n  ", "\n    ", 5)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "idea.stride").write_text(untidy, encoding="utf-8")
    (tmp_path / "stridelift.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    script = Path(sys.executable).with_name("stridelift")
    done = subprocess.run(
        [str(script), "fmt", "--check", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr  # the draft is left out
    named = subprocess.run(
        [str(script), "fmt", "--check", "drafts/idea.stride"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert named.returncode == 1  # named on the command line: always taken
