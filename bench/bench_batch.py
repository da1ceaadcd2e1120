"""Batch evaluation in CI: `check`, `fmt --check` and `test` over a repository of 500
generated programs with their tests, with 1 and 2 jobs.

Run ``python bench/bench_batch.py`` (``--programs N``, ``--repeat K``).

It writes a coach's repository into a temporary folder: ``N`` programs of 80 to
300 lines (``bench/corpus.py``, each a valid, realistic program), and beside
each a ``*.stride-test`` file with a few assertions on a simulated athlete.
Then it times, each in a new process as CI runs them, ``stridelift check``,
``stridelift fmt --check`` and ``stridelift test`` over the whole tree with
``--jobs 1`` and ``--jobs 2``. Every timed run starts from the same cache: the
grammar's analysis and the plugin list are in it (as after any first run on a
machine), the programs' parses are not (a CI checkout is new).

Target (issue 12): 2 jobs at least 1.7x faster than 1 for `check` and `test`.
The results must not depend on the jobs: the script compares the JSON reports
of the two runs and stops when they differ. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpus import generate_program

TARGET_SPEEDUP = 1.7
SCRIPT = Path(sys.executable).with_name("stridelift")

TEST_FILE = """\
# What the coach expects of {name}, checked on every change.
program "{name}.stride"

test "a steady athlete for 12 weeks" {{
  athlete steady(adherence: 0.9)
  seeds 1..2
  weeks 12
  start 2026-01-05
  no week: load rises more than 10%
  no week: anything rises after a missed week
  every week: sound
}}
"""


def write_repository(folder: Path, count: int) -> None:
    rng = random.Random(12)
    for i in range(count):
        sub = folder / "programs" / f"group-{i // 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        name = f"program-{i:03d}"
        (sub / f"{name}.stride").write_text(
            generate_program(lines=rng.randint(80, 300), seed=i), encoding="utf-8"
        )
        (sub / f"{name}.stride-test").write_text(TEST_FILE.format(name=name), encoding="utf-8")


def run(command: list[str], folder: Path, cache: Path, base_cache: Path) -> tuple[float, str, int]:
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(base_cache, cache)
    env = dict(os.environ, STRIDELIFT_CACHE_DIR=str(cache), NO_COLOR="1")
    env.pop("STRIDELIFT_OUTPUT_FORMAT", None)
    started = time.perf_counter()
    done = subprocess.run(
        [str(SCRIPT), *command], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    return time.perf_counter() - started, done.stdout, done.returncode


def comparable(report: str) -> object:
    """A JSON report without what may differ between runs (timings)."""
    data = json.loads(report)
    for case in data.get("tests", {}).get("cases", []):
        case.pop("seconds", None)
    data.get("tests", {}).get("summary", {}).pop("seconds", None)
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (the fastest counts)")
    parser.add_argument(
        "--commands",
        default="check,fmt,test",
        help="which of check, fmt, test to time",
    )
    args = parser.parse_args()
    wanted = args.commands.split(",")
    commands = {
        "check": ["check", "--output-format", "json", "."],
        "fmt": ["fmt", "--check", "--output-format", "json", "."],
        "test": ["test", "--output-format", "json", "."],
    }
    with tempfile.TemporaryDirectory(prefix="stridelift-batch-") as tmp:
        folder = Path(tmp) / "repo"
        write_repository(folder, args.programs)
        base_cache = Path(tmp) / "cache-base"
        # The grammar's analysis and the plugin list, as after a first run anywhere.
        warm = Path(tmp) / "warm.stride"
        warm.write_text(generate_program(lines=40, seed=0), encoding="utf-8")
        env = dict(os.environ, STRIDELIFT_CACHE_DIR=str(base_cache))
        subprocess.run([str(SCRIPT), "check", str(warm)], env=env, capture_output=True, check=False)
        for entry in base_cache.glob("parse*"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        lines = sum(len(p.read_text().splitlines()) for p in folder.rglob("*.stride"))
        print(
            f"stridelift batch, Python {sys.version.split()[0]}, {os.cpu_count()} cores: "
            f"{args.programs} programs ({lines:,} lines) and {args.programs} test files"
        )
        met = True
        for name in wanted:
            times: dict[int, float] = {}
            reports: dict[int, object] = {}
            for jobs in (1, 2):
                best = float("inf")
                for _ in range(args.repeat):
                    seconds, out, code = run(
                        [*commands[name], "--jobs", str(jobs)],
                        folder,
                        Path(tmp) / "cache",
                        base_cache,
                    )
                    if code not in (0, 1):
                        print(f"{name} --jobs {jobs} failed (exit {code})")
                        return 1
                    best = min(best, seconds)
                times[jobs] = best
                reports[jobs] = comparable(out)
            if reports[1] != reports[2]:
                print(f"MISMATCH: `{name}` reports differ between 1 and 2 jobs")
                return 1
            speedup = times[1] / times[2]
            target = name in ("check", "test")
            ok = speedup >= TARGET_SPEEDUP or not target
            met = met and ok
            verdict = (
                f"target x{TARGET_SPEEDUP}: {'met' if ok else 'NOT met'}" if target else "no target"
            )
            print(
                f"{name:<6} 1 job {times[1]:7.2f} s   2 jobs {times[2]:7.2f} s   "
                f"x{speedup:.2f} faster   ({verdict}; same report with 1 and 2 jobs)"
            )
        return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
