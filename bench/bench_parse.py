"""Front-end benchmark: text to checked AST, and the cold start of `stridelift check`.

Run from the repository root with stridelift installed:

    python bench/bench_parse.py            # about half a minute
    python bench/bench_parse.py --quick    # fewer repetitions

It prints throughput (KB/s and lines/s) for the shipped programs (checked as
one batch, the way `stridelift check programs/` does) and for a generated
5,000-line program, next to Lark's own parser on the same text as a baseline,
and the cold wall time of one `stridelift check` next to `python -c pass`
measured in the same run. Targets (issue 2): the front end at least 300 KB/s;
a cold check under 5x the bare interpreter start.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import generate_program  # noqa: E402

TARGET_KBS = 300.0
TARGET_COLD_RATIO = 5.0


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def front_end(files: list[Path]) -> Callable[[], object]:
    """Text to checked AST for a batch of files, as `stridelift check` does it."""
    from stridelift.core.check import check_unit
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.language.sources import Loader

    plugins = make_plugin_manager(entry_points=False)
    plugins.load_all()

    def run() -> object:
        loader = Loader()
        found = []
        for path in files:
            unit = loader.load(path)
            if unit.document is not None:
                found.extend(check_unit(unit, plugins))
        return found

    return run


def lark_reference(texts: list[str]) -> Callable[[], object]:
    """Lark's own contextual lexer and tree builder, no AST and no checks: the baseline."""
    from stridelift.grammar import build_parser

    lark = build_parser(propagate_positions=True)

    def run() -> object:
        return [lark.parse(text) for text in texts]

    return run


def throughput(label: str, files: list[Path], repeat: int) -> float:
    texts = [p.read_text(encoding="utf-8") for p in files]
    size = sum(len(t.encode()) for t in texts)
    lines = sum(t.count("\n") for t in texts)
    ours = front_end(files)
    ours()  # warm: grammar tables, catalog, caches
    seconds = best_of(repeat, ours)
    reference = lark_reference(texts)
    reference()
    lark_seconds = best_of(max(1, repeat // 2), reference)
    kbs = size / 1024 / seconds
    print(
        f"{label:<34} {size / 1024:8.1f} KB {lines:7d} lines  "
        f"{kbs:8.0f} KB/s {lines / seconds:9.0f} lines/s   "
        f"x{kbs / TARGET_KBS:4.2f} of target   "
        f"x{lark_seconds / seconds:4.2f} vs Lark tree-only parse "
        f"({size / 1024 / lark_seconds:.0f} KB/s)"
    )
    return kbs


def cold_start(program: Path, repeat: int) -> float:
    script = shutil.which("stridelift", path=str(Path(sys.executable).parent)) or shutil.which(
        "stridelift"
    )
    if script is None:
        print("cold start: the `stridelift` command is not installed; skipped")
        return float("nan")
    env = {**os.environ, "STRIDELIFT_CACHE_DIR": tempfile.mkdtemp(prefix="stridelift-bench-")}
    bare_cmd = [sys.executable, "-c", "pass"]
    pluggy_cmd = [sys.executable, "-c", "import pluggy"]
    check_cmd = [script, "check", str(program)]

    def wall(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        return time.perf_counter() - start

    first = wall(check_cmd)  # builds the grammar-table cache
    bare, plug, check = [], [], []
    for _ in range(repeat):  # interleaved, so all see the same machine
        bare.append(wall(bare_cmd))
        plug.append(wall(pluggy_cmd))
        check.append(wall(check_cmd))
    b, c = statistics.median(bare), statistics.median(check)
    p = statistics.median(plug)
    ratio = c / b
    print(f"python -c pass (median of {repeat})       {b * 1000:8.1f} ms")
    print(
        f"python -c 'import pluggy'               {p * 1000:8.1f} ms   x{p / b:4.2f} of bare start "
        "(the plugin framework alone, for scale)"
    )
    print(
        f"stridelift check {program.name:<20} {c * 1000:8.1f} ms   x{ratio:4.2f} of bare start "
        f"(target < x{TARGET_COLD_RATIO:.0f}); first run with an empty table cache "
        f"{first * 1000:.0f} ms"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 3 if args.quick else 10
    programs = sorted((REPO / "programs").rglob("*.stride"))
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "generated-5000.stride"
        big.write_text(generate_program(5000), encoding="utf-8")
        print(f"stridelift front end, Python {sys.version.split()[0]}, best of {repeat}")
        shipped = throughput(f"shipped programs ({len(programs)} files)", programs, repeat)
        generated = throughput("generated 5,000-line program", [big], max(3, repeat // 2))
        print()
        ratio = cold_start(REPO / "programs" / "minimal-equipment.stride", repeat)
    fast = min(shipped, generated) >= TARGET_KBS
    cold = ratio < TARGET_COLD_RATIO
    print()
    print(
        f"targets: front end >= {TARGET_KBS:.0f} KB/s: {'met' if fast else 'NOT met'}; "
        f"cold check < x{TARGET_COLD_RATIO:.0f}: {'met' if cold else 'NOT met'}"
    )
    ok = fast and cold
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
