"""Write the example logs in ``programs/logs/`` (run from the repository root).

Each log is a simulated athlete (the built-in ``steady`` model, fixed seed)
with what real logs have and the engine must handle, added by hand below:
a week of poor sleep and high fatigue, sessions skipped, for one program a
whole week away, and the program's deload week. Rerun after changing the
model or the programs; ``tests/test_engine_cli.py`` pins the plans these logs
give (``tests/golden/``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

from stridelift.core.check import check_path
from stridelift.core.engine import compile_program
from stridelift.core.engine.simulate import simulate
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.logs import Athlete, CheckIn, Log, SetRecord, write_csv, write_jsonl

START = dt.date(2026, 1, 5)
# program, athlete, weeks logged, seed, bad week, weeks away, format
LOGS = (
    ("minimal-equipment", "Sam", 8, 11, 3, (), "jsonl"),
    ("bodyweight-only", "Ana", 6, 12, 4, (), "jsonl"),
    ("home-dumbbells", "Kofi", 9, 13, 2, (6,), "jsonl"),
    ("in-season-maintenance", "Lea", 7, 14, 5, (), "jsonl"),
    ("barbell-gym-lb", "Jo", 6, 15, 3, (), "csv"),
    ("marathon-year", "Mei", 10, 16, 7, (), "jsonl"),
)


def main() -> int:
    root = Path.cwd()
    plugins = make_plugin_manager(entry_points=False)
    model = plugins.athlete_models.get("steady")
    assert model is not None
    for name, athlete, weeks, seed, bad, away, fmt in LOGS:
        source = root / "programs" / f"{name}.stride"
        checked = check_path(source, plugins).checked
        assert checked is not None, source
        program = compile_program(checked)
        _, log = simulate(program, model, {"adherence": 0.85}, seed, weeks, START)
        records: list[object] = [
            Athlete(athlete, START, f"programs/{name}.stride"),
        ]
        for r in (*log.assessments, *log.checkins, *log.sets, *log.runs):
            week = (r.date - START).days // 7 + 1
            if week in away:
                continue
            if isinstance(r, CheckIn) and week == bad:
                r = dataclasses.replace(r, fatigue=8, soreness=7, sleep_hours=5.5, stress=7)
            records.append(r)
        body = sorted(records[1:], key=lambda r: (r.date, not isinstance(r, CheckIn)))  # type: ignore[attr-defined]
        out = Log.of(str(source), [records[0], *body])  # type: ignore[list-item]
        target = root / "programs" / "logs" / f"{name}.{fmt}"
        (write_csv if fmt == "csv" else write_jsonl)(out, target)
        sets = sum(1 for r in body if isinstance(r, SetRecord))
        print(f"{target.relative_to(root)}: {len(body) + 1} records, {sets} sets", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
