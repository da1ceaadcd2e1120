"""Start-up budgets: a cold `stridelift check` and `stridelift plan`, as a user installs it.

Run from the repository root with the dev extra installed (it brings pyperf):

    python bench/bench_startup.py            # a minute or two, most of it pip
    python bench/bench_startup.py --fast     # fewer runs, rougher figures

It copies the checkout to a temporary folder, builds a fresh virtual
environment there and installs the project into it with `pip install .`
(NOT editable: an editable install adds a path hook to every start), then
times, with pyperf, each command in a new process:

- `python -c pass` with the environment's interpreter (the bare start),
- `stridelift check programs/minimal-equipment.stride`,
- `stridelift plan programs/minimal-equipment.stride --log programs/logs/minimal-equipment.jsonl`
  (the README's command).

"Cold" is a new process each time; bytecode is allowed (pip compiles it at
install) and the on-disk cache (parser tables, entry points) is filled by one
untimed run first, as it is on a user's machine after the first command.
Budgets (issue 9): check <= 150 ms, plan <= 300 ms. Each figure is printed
with the bare interpreter start of the same run; the script exits 1 when a
budget is not met.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROGRAM = "programs/minimal-equipment.stride"
LOG = "programs/logs/minimal-equipment.jsonl"
BUDGETS_MS = {"check": 150.0, "plan": 300.0}
#: What the copy of the checkout leaves out: nothing in these is installed.
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
)


def install(folder: Path) -> Path:
    """A fresh, non-editable environment with the checkout installed; its bin folder."""
    source = folder / "src"
    shutil.copytree(REPO, source, ignore=IGNORED)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(source)],
        check=True,
    )
    return bin_dir


def measure(name: str, command: list[str], env: dict[str, str], fast: bool, out: Path) -> float:
    """pyperf's mean wall time of ``command`` in a new process, in milliseconds."""
    import pyperf

    result = out / f"{name}.json"
    args = [sys.executable, "-m", "pyperf", "command", "--quiet", "--name", name]
    args += ["--inherit-environ", "STRIDELIFT_CACHE_DIR,STRIDELIFT_DISABLE_ENTRY_POINTS"]
    args += ["--fast"] if fast else []
    args += ["-o", str(result), "--", *command]
    subprocess.run(args, env=env, check=True, cwd=out)
    benchmark = pyperf.Benchmark.load(str(result))
    return float(benchmark.mean()) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="fewer runs (pyperf --fast)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    try:
        import pyperf  # noqa: F401
    except ImportError:
        sys.exit("bench_startup: needs pyperf (pip install -e '.[dev]')")

    with tempfile.TemporaryDirectory(prefix="stridelift-startup-") as tmp:
        folder = Path(tmp)
        print("installing the checkout into a fresh virtual environment (pip install .) ...")
        bin_dir = install(folder)
        python, stridelift = str(bin_dir / "python"), str(bin_dir / "stridelift")
        cache = folder / "cache"
        cache.mkdir()
        env = {**os.environ, "STRIDELIFT_CACHE_DIR": str(cache)}
        env.pop("STRIDELIFT_DISABLE_ENTRY_POINTS", None)
        program, log = str(REPO / PROGRAM), str(REPO / LOG)
        commands = {
            "bare": [python, "-c", "pass"],
            "check": [stridelift, "check", program],
            "plan": [stridelift, "plan", program, "--log", log],
        }
        for name in ("check", "plan"):  # fill the cache; a failing command fails the bench
            subprocess.run(
                commands[name],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=folder,
            )
        figures = {
            name: measure(name, cmd, env, args.fast, folder) for name, cmd in commands.items()
        }

    version = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    bare = figures["bare"]
    print(f"\nstridelift start-up, Python {version}, pyperf mean per new process")
    print(f"{'python -c pass'}\n{'':<20} {bare:7.1f} ms")
    met = {}
    for name, label in (
        ("check", f"stridelift check {PROGRAM}"),
        ("plan", f"stridelift plan {PROGRAM} --log {LOG}"),
    ):
        ms, budget = figures[name], BUDGETS_MS[name]
        met[name] = ms <= budget
        verdict = "met" if met[name] else "NOT met"
        print(
            f"{label}\n{'':<20} {ms:7.1f} ms  (bare start + {ms - bare:.1f} ms; "
            f"budget {budget:.0f} ms: {verdict})"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"ms": figures, "met": met}, indent=2) + "\n")
    sys.exit(0 if all(met.values()) else 1)


if __name__ == "__main__":
    main()
