"""Log reading benchmark: time and peak memory to read a large valid log, and to plan on it.

Run from the repository root with stridelift installed (``pip install -e '.[dev]'``):

    python bench/bench_log.py            # a 100 MiB log (about a minute)
    python bench/bench_log.py --mb 10    # a smaller one

It writes a valid JSON Lines log of the size asked for into a temporary folder
(a heavy logger's years of the shipped ``programs/marathon-year.stride``: its
session's main lifts every day, a check-in a day, a run every other day), then
runs, each in a child process of its own so each has its own peak:

* the baseline: ``for line in f: json.loads(line)`` over the same file, keeping
  nothing (the floor for any reader that looks at every record);
* ``stridelift.core.logs.read_log`` with the installed catalog, as the
  commands read a log: every record validated, the valid ones kept;
* ``stridelift plan programs/marathon-year.stride --log LOG --week 52``: the
  whole command, reading the log and folding it, from a cold start.

For each it prints the time, the peak resident memory of the child (from
``os.wait4``'s resource usage, so nothing in the child measures itself), and
the peak as a multiple of the file's size; the target (issue 10) is under 2x
for reading and for planning. Times are shown against the baseline's; nothing
here asserts a time. Exit status 1 when the memory target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROGRAM = REPO / "programs" / "marathon-year.stride"
START = dt.date(2026, 1, 5)
TARGET_RATIO = 2.0

#: The main lifts of each session of the program, and their load in kg.
SESSIONS = {
    "A": (("goblet_squat", 12.5, None), ("romanian_deadlift", 15.0, None)),
    "B": (("bulgarian_split_squat", 7.5, "left"), ("single_leg_romanian_deadlift", 7.5, "left")),
}


def generate(path: Path, size: int) -> int:
    """Write a valid log of at least ``size`` bytes to ``path``; the number of records."""
    records = 0
    written = 0
    day = START
    with path.open("w", encoding="utf-8", newline="\n") as out:

        def put(record: dict[str, object]) -> None:
            nonlocal records, written
            line = json.dumps(record) + "\n"
            out.write(line)
            written += len(line)
            records += 1

        put({"type": "athlete", "name": "Mei", "start": START.isoformat(), "program": str(PROGRAM)})
        n = 0
        while written < size:
            date = day.isoformat()
            put(
                {
                    "type": "checkin",
                    "date": date,
                    "fatigue": 1 + n % 7,
                    "sleep_hours": 6 + n % 5 / 2,
                }
            )
            session = "A" if n % 2 == 0 else "B"
            for exercise, load, side in SESSIONS[session]:
                for number in (1, 2, 3):
                    for this_side in (side, "right") if side else (None,):
                        record: dict[str, object] = {
                            "type": "set",
                            "date": date,
                            "session": session,
                            "exercise": exercise,
                            "set": number,
                        }
                        if this_side:
                            record["side"] = this_side
                        record |= {
                            "reps": 8 + n % 5,
                            "load": load + 2.5 * (n // 28 % 8),
                            "unit": "kg",
                            "rpe": 6 + number / 2,
                            "form": "good",
                        }
                        put(record)
            if n % 2:
                put(
                    {
                        "type": "run",
                        "date": date,
                        "kind": "easy",
                        "distance_km": 6 + n % 9,
                        "duration_min": round(34.5 + 5.5 * (n % 9), 1),
                        "rpe": 4,
                    }
                )
            n += 1
            day += dt.timedelta(days=1)
    return records


BASELINE = """
import json, sys
with open(sys.argv[1], "rb") as f:
    for line in f:
        json.loads(line)
"""

READ = """
import sys
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.logs import read_log
reading = read_log(sys.argv[1], exercises=set(make_plugin_manager().exercises.names()))
if not reading.ok:
    raise SystemExit(f"the generated log has problems: {reading.problems[:3]}")
print(len(reading.log.sets) + len(reading.log.checkins) + len(reading.log.runs))
"""


def measure(command: list[str]) -> tuple[float, int, str]:
    """Run ``command`` as a child; its wall time, peak RSS in bytes, and output."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait4 gives this child's own resource usage (RUSAGE_CHILDREN would be the
    # largest of every child so far). Read the pipes first so the child never blocks.
    out = child.stdout.read() if child.stdout else ""
    err = child.stderr.read() if child.stderr else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({child.returncode}):\n{err[-2000:]}")
    return seconds, usage.ru_maxrss * 1024, out  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="log size in MiB (default 100)")
    args = parser.parse_args()
    size = int(args.mb * 2**20)
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="stridelift-bench-log-") as folder:
        log = Path(folder) / "log.jsonl"
        started = time.perf_counter()
        records = generate(log, size)
        made = time.perf_counter() - started
        actual = log.stat().st_size
        print(f"stridelift log reading, Python {sys.version.split()[0]}")
        print(
            f"log: {actual / 2**20:,.1f} MiB, {records:,} records "
            f"({actual / records:.0f} bytes a line), written in {made:.1f} s"
        )
        plan = [
            python,
            "-m",
            "stridelift.core",
            "plan",
            str(PROGRAM),
            "--log",
            str(log),
            "--week",
            "52",
        ]
        jobs = [
            ("baseline: for line in f: json.loads(line)", [python, "-c", BASELINE, str(log)]),
            ("read_log (validate, keep the records)", [python, "-c", READ, str(log)]),
            ("stridelift plan --week 52 (read and fold)", plan),
        ]
        results = [(name, *measure(command)[:2]) for name, command in jobs]
    base_time = results[0][1]
    for name, seconds, peak in results:
        print(
            f"{name:<44} {seconds:7.2f} s  x{seconds / base_time:5.2f} of baseline   "
            f"peak RSS {peak / 2**20:7.1f} MiB  x{peak / actual:4.2f} of the file"
        )
    worst = max(peak for _, _, peak in results[1:]) / actual
    met = worst < TARGET_RATIO
    print(
        f"target: peak RSS under x{TARGET_RATIO:g} the file's size: "
        f"{'met' if met else 'NOT met'} (x{worst:.2f})"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
