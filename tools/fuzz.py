"""The long fuzz run: every target of ``tests/fuzzing/targets.py`` for a time budget.

Run from the repository root with stridelift installed (``pip install -e '.[dev]'``):

    python tools/fuzz.py --minutes 30                 # all targets, two workers
    python tools/fuzz.py --minutes 5 --seed 7 --out fuzz-out --target grammar-fmt

Each worker process runs the targets in turn, in rounds of hypothesis examples
(generation only: no shrinking, no example database), each round with its own
seed, so a run with the same ``--seed`` and budget draws the same cases. A case
that breaks a property is filed by its cause (``fmt: changes a number as
written``, ``check: internal error ValueError: ...``): the first one of each cause
is cut down line by line while it still shows the same cause, and saved under
``--out`` as ``<cause>/files/`` (the project the commands ran in), ``case.txt``
(the target, how the case was made, what broke), ``output.txt`` (the commands
and what they printed) and ``repro.sh``. A command that runs longer than
``--hang-seconds`` is a hang; a worker that stops answering is killed and its
case saved as one.

It prints the number of cases per target and the causes found, and exits 1 if
there is any. See docs/fuzzing.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import re
import resource
import shlex
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

from fuzzing.properties import HANG_SECONDS, Broken, Workspace  # noqa: E402
from fuzzing.strategies import Case  # noqa: E402
from fuzzing.targets import TARGETS, Target  # noqa: E402

ROUND = 40  # examples per target per round
MINIMISE_SECONDS = 30.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="time budget (default 30)")
    parser.add_argument("--seed", type=int, default=0, help="base seed (default 0)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"), help="where cases go")
    parser.add_argument(
        "--target",
        action="append",
        choices=[t.name for t in TARGETS],
        help="run only this target (repeatable; default: all)",
    )
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--hang-seconds", type=float, default=HANG_SECONDS)
    parser.add_argument("--memory-mb", type=int, default=4096, help="address space per worker")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--restart", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    targets = [t for t in TARGETS if not args.target or t.name in args.target]
    args.out.mkdir(parents=True, exist_ok=True)
    if args.worker is not None:
        return work(args, targets)
    return supervise(args, targets)


# ---------------------------------------------------------------- the supervisor


def supervise(args: argparse.Namespace, targets: list[Target]) -> int:
    """Start the workers, wait for them (killing one that stops answering), merge."""
    deadline = time.monotonic() + args.minutes * 60
    names = [f"--target={t.name}" for t in targets] if args.target else []
    for index in range(args.jobs):
        for stale in (_heartbeat(args.out, index), args.out / f".worker-{index}.json"):
            stale.unlink(missing_ok=True)

    def start(index: int, restart: int) -> subprocess.Popen[bytes]:
        minutes = max((deadline - time.monotonic()) / 60, 0.0)
        command = [
            sys.executable,
            __file__,
            f"--worker={index}",
            f"--restart={restart}",
            f"--minutes={minutes}",
            f"--seed={args.seed}",
            f"--out={args.out}",
            f"--hang-seconds={args.hang_seconds}",
            f"--memory-mb={args.memory_mb}",
            *names,
        ]
        return subprocess.Popen(command)

    workers = {index: start(index, 0) for index in range(args.jobs)}
    restarts: Counter[int] = Counter()
    grace = max(60.0, 3 * args.hang_seconds)
    while workers:
        time.sleep(1.0)
        for index, process in list(workers.items()):
            if process.poll() is not None:
                del workers[index]
                continue
            beat = _heartbeat(args.out, index)
            quiet = time.time() - beat.stat().st_mtime if beat.exists() else 0.0
            if quiet > grace or time.monotonic() > deadline + 2 * grace:
                process.kill()
                process.wait()
                del workers[index]
                _save_stuck(args.out, index, quiet)
                if time.monotonic() < deadline - 10:  # a fresh worker, other seeds
                    restarts[index] += 1
                    workers[index] = start(index, restarts[index])
    return report(args.out, args.jobs, time.monotonic() - (deadline - args.minutes * 60))


def _heartbeat(out: Path, index: int) -> Path:
    return out / f".worker-{index}.case"


def _save_stuck(out: Path, index: int, quiet: float) -> None:
    """A worker that stopped answering (stuck where a signal cannot reach, in a regular
    expression say): its current case, saved as a hang."""
    beat = _heartbeat(out, index)
    if not beat.exists():
        return
    name, case = pickle.loads(beat.read_bytes())
    beat.unlink()
    cause = f"{name}: hang (the worker stopped answering)"
    detail = f"killed by tools/fuzz.py after {quiet:.0f} s without a command finishing"
    save(out, name, case, Broken(cause, detail), index)
    results = out / f".worker-{index}.json"
    found = json.loads(results.read_text()) if results.exists() else {"cases": {}, "causes": {}}
    found["causes"][cause] = found["causes"].get(cause, 0) + 1
    results.write_text(json.dumps(found))


def report(out: Path, jobs: int, seconds: float) -> int:
    cases: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    for index in range(jobs):
        results = out / f".worker-{index}.json"
        if results.exists():
            found = json.loads(results.read_text())
            cases.update(found["cases"])
            causes.update(found["causes"])
    print(f"\n{sum(cases.values())} cases in {seconds / 60:.1f} min")
    for name, count in sorted(cases.items()):
        print(f"  {name:24} {count:7} cases")
    if not causes:
        print("no property broken")
        return 0
    print(f"\n{len(causes)} cause(s) found (cases saved under {out}/):")
    for cause, count in causes.most_common():
        print(f"  {count:6} x {cause}\n           {out / slug(cause)}")
    return 1


# ---------------------------------------------------------------- a worker


def work(args: argparse.Namespace, targets: list[Target]) -> int:
    """Run rounds of every target until the budget is spent; write what was found."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    limit = args.memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.setdefault("STRIDELIFT_CACHE_DIR", str(args.out / f".cache-{args.worker}"))
    deadline = time.monotonic() + args.minutes * 60
    beat = _heartbeat(args.out, args.worker)
    room = args.out / f".work-{args.worker}"
    room.mkdir(exist_ok=True)
    ws = Workspace(room, hang_seconds=args.hang_seconds, heartbeat=beat)
    results = args.out / f".worker-{args.worker}.json"
    found = json.loads(results.read_text()) if results.exists() else {}  # after a restart
    cases: Counter[str] = Counter(found.get("cases", {}))
    causes: Counter[str] = Counter(found.get("causes", {}))
    saved: set[str] = set(causes)

    def write_results() -> None:
        results.write_text(json.dumps({"cases": cases, "causes": causes}))

    def one(target: Target, case: Case) -> None:
        if time.monotonic() > deadline:
            return
        beat.write_bytes(pickle.dumps((target.name, case)))
        cases[target.name] += 1
        try:
            target.check(case, ws)
        except Broken as broken:
            causes[broken.cause] += 1
            if broken.cause not in saved:
                saved.add(broken.cause)
                small = minimise(target, case, broken.cause, ws)
                try:
                    target.check(small, ws)
                    final = broken
                except Broken as again:
                    final = again
                save(args.out, target.name, small, final, args.worker)
                write_results()
        except Exception as error:  # the harness's own bug: keep going, but say so
            cause = f"{target.name}: harness error {type(error).__name__}: {error}"[:160]
            causes[cause] += 1

    generate = settings(
        max_examples=ROUND,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    round_ = 0
    while time.monotonic() < deadline:
        for number, target in enumerate(targets):
            if time.monotonic() > deadline:
                break
            number_ = args.seed * 1_000_003 + args.worker * 10_007 + round_ * 101 + number
            number_ += args.restart * 7_919_999
            run_round = seed(number_)(generate(given(target.strategy())(_runner(one, target))))
            with contextlib.suppress(Exception):
                run_round()
        round_ += 1
        write_results()
    write_results()
    beat.unlink(missing_ok=True)
    ws.close()
    return 0


def _runner(one: Callable[[Target, Case], None], target: Target) -> Callable[[Case], None]:
    def run(case: Case) -> None:
        one(target, case)

    return run


def _cause_of(target: Target, case: Case, ws: Workspace) -> str | None:
    try:
        target.check(case, ws)
    except Broken as broken:
        return broken.cause
    except Exception:
        return None
    return None


def minimise(target: Target, case: Case, cause: str, ws: Workspace) -> Case:
    """Cut the case's files down, lines and then bytes, while it shows the same cause."""
    stop = time.monotonic() + MINIMISE_SECONDS
    for name, _ in sorted(case.files, key=lambda f: -len(f[1])):
        if not re.search(r"\.(stride|jsonl|csv)$", name):
            continue
        for split in (_lines, _bytes):
            parts = split(case.text(name))
            chunk = max(len(parts) // 2, 1)
            while chunk >= 1 and time.monotonic() < stop:
                index = 0
                while index < len(parts) and time.monotonic() < stop:
                    trial = parts[:index] + parts[index + chunk :]
                    smaller = case.replace(name, b"".join(trial), "")
                    if _cause_of(target, smaller, ws) == cause:
                        parts = trial
                    else:
                        index += chunk
                chunk //= 2
            case = Case(
                tuple((n, b"".join(parts) if n == name else d) for n, d in case.files),
                case.program,
                case.log,
                case.args,
                case.how,
            )
            if len(parts) > 2000:  # too many bytes to go one at a time
                break
    return case


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _bytes(data: bytes) -> list[bytes]:
    return [data[i : i + 1] for i in range(len(data))] if len(data) <= 2000 else [data]


def slug(cause: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", cause).strip("-")[:90] or "cause"


def save(out: Path, target: str, case: Case, broken: Broken, worker: int) -> None:
    """Write the case under ``out/<cause>/``: its files, the commands and their output."""
    folder = out / slug(broken.cause)
    if folder.exists():
        return
    files = folder / "files"
    for name, data in case.files:
        path = files / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (folder / "case.txt").write_text(
        f"target: {target}\ncause: {broken.cause}\nhow: {case.how}\nprogram: {case.program}\n"
        f"log: {case.log}\nargs: {' '.join(case.args)}\nworker: {worker}\n\n{broken.detail}\n",
        errors="backslashreplace",
    )
    shown = "\n\n".join(run.shown() for run in broken.runs)
    (folder / "output.txt").write_text(shown + "\n", errors="backslashreplace")
    lines = [
        "#!/bin/sh",
        "# Rerun the commands of this case in its files/ folder.",
        'cd "$(dirname "$0")/files"',
    ]
    lines += ["stridelift " + " ".join(shlex.quote(a) for a in run.args) for run in broken.runs]
    (folder / "repro.sh").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
