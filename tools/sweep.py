"""Sweep the simulator over every shipped program and many athletes, and count the
weeks a coach would not sign (``core/engine/audit.py`` says what each count means).

    python tools/sweep.py            # the full sweep: about 16,000 athlete-weeks
    python tools/sweep.py --quick    # a fifth of it, for a quick look
    python tools/sweep.py --show 5   # and print the first 5 findings of each kind

Every program in ``programs/`` x seeds x adherence x fatigue x strength x form
breakdown x asymmetry, each simulated for the program's length (16 weeks when
it has none) with the built-in ``steady`` athlete. It prints the count of each
unsound kind; every count should be 0. The exit code is 1 when one is not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
START = dt.date(2026, 1, 5)

ADHERENCE = (0.6, 0.85, 1.0)
FATIGUE = (0.1, 0.5, 0.9)
STRENGTH = (0.6, 1.0, 1.6)
BREAKDOWN = (0.0, 0.8)
ASYMMETRY = (0.0, 0.15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fifth of the sweep")
    parser.add_argument("--seeds", type=int, default=2, help="seeds per athlete (default 2)")
    parser.add_argument("--show", type=int, default=3, help="findings to print per kind")
    args = parser.parse_args(argv)

    from stridelift.core.check import check_path
    from stridelift.core.engine import compile_program
    from stridelift.core.engine.audit import KINDS, Audit, audit
    from stridelift.core.engine.simulate import simulate
    from stridelift.core.hooks.manager import load_plugins

    plugins = load_plugins()
    model = plugins.athlete_models.get("steady")
    assert model is not None
    total = Audit()
    began = time.perf_counter()
    grid = list(itertools.product(ADHERENCE, FATIGUE, STRENGTH, BREAKDOWN, ASYMMETRY))
    if args.quick:
        grid = grid[::5]
    per_program: dict[str, Audit] = {}
    for path in sorted((REPO / "programs").glob("*.stride")):
        result = check_path(path, plugins)
        assert result.checked is not None, path
        program = compile_program(result.checked)
        weeks = program.weeks or 16
        found = Audit()
        for seed, (adherence, fatigue, strength, breakdown, asymmetry) in itertools.product(
            range(args.seeds), grid
        ):
            params = {
                "adherence": adherence,
                "fatigue": fatigue,
                "strength": strength,
                "breakdown": breakdown,
                "asymmetry": asymmetry,
            }
            results, log = simulate(program, model, params, seed, weeks, START)
            found.merge(audit(results, log))
        per_program[path.name] = found
        total.merge(found)
    seconds = time.perf_counter() - began
    print(
        f"swept {len(per_program)} programs x {len(grid) * args.seeds} athletes: "
        f"{total.athlete_weeks:,} athlete-weeks, {total.slot_weeks:,} slot-weeks "
        f"in {seconds:.0f} s"
    )
    counts = total.counts()
    print(f"\n{'unsound weeks':<26}" + "".join(f"{name[:14]:>16}" for name in per_program))
    for kind in KINDS:
        row = "".join(f"{per_program[name].counts()[kind]:>16}" for name in per_program)
        print(f"{kind:<26}{row}   total {counts[kind]}")
    if args.show:
        for kind in KINDS:
            shown = [f for f in total.findings if f.kind == kind][: args.show]
            for f in shown:
                print(f"  {kind}: week {f.week} {f.slot}: {f.what}")
    bad = sum(counts.values())
    print(f"\n{'every count is 0' if not bad else f'{bad} unsound week(s)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
