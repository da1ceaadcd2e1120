"""Left and right: per-side sets read per side, shown per side, and the limb-symmetry
warning (P307), through the real command line with real log files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import CLI_ENV, invoke, write

PROGRAM = """\
program "Single leg" {
  units kg
  equipment dumbbells 2kg to 30kg by 2kg, bodyweight
  weeks 8
  schedule tue: A
  session A {
    main bulgarian_split_squat 3 x 10 per side @ 10kg progress double(8..12, +2kg)
  }
}
"""


def _log(
    tmp_path: Path, weeks: list[tuple[int, int]], name: str = "log.jsonl", **extra: str
) -> Path:
    """A log of one session a week: three sets a side, left and right reps as given
    (``extra``: more fields of the right side's sets)."""
    records: list[dict[str, Any]] = [{"type": "athlete", "name": "Sam", "start": "2027-01-04"}]
    for n, (left, right) in enumerate(weeks):
        date = f"2027-01-{5 + 7 * n:02d}"
        for number in (1, 2, 3):
            for side, reps in (("left", left), ("right", right)):
                records.append(
                    {"type": "set", "date": date, "session": "A",
                     "exercise": "bulgarian_split_squat", "set": number, "side": side,
                     "reps": reps, "load": 10, "unit": "kg", "rpe": 8,
                     **(extra if side == "right" else {})}
                )  # fmt: skip
    return write(tmp_path, name, "".join(json.dumps(r) + "\n" for r in records))


def _plan(tmp_path: Path, log: Path, *args: str) -> dict[str, Any]:
    program = write(tmp_path, "p.stride", PROGRAM)
    done = invoke(
        "plan", str(program), "--log", str(log), *args, "--output-format", "json", env=CLI_ENV
    )
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def p307(payload: dict[str, Any]) -> list[str]:
    return [w["message"] for w in payload["plan"]["warnings"] if w["code"] == "P307"]


def test_a_ten_percent_difference_is_flagged(tmp_path: Path) -> None:
    found = p307(_plan(tmp_path, _log(tmp_path, [(10, 9)])))
    assert found == [
        "bulgarian_split_squat: limb symmetry 90% over week 1: the right side did 10% less "
        "than the left (reps x load); 10% or more is worth a look (a convention, not a "
        "validated threshold)"
    ]


def test_a_five_percent_difference_is_not(tmp_path: Path) -> None:
    # 20 reps a side against 19: the right side did 5% less.
    log = _log(tmp_path, [(20, 19)])
    assert p307(_plan(tmp_path, log)) == []


def test_the_symmetry_is_read_over_recent_weeks(tmp_path: Path) -> None:
    # Week 1 lopsided (80 %), weeks 2-3 even: over the three weeks the right side did
    # 84 reps to the left's 90 (93 %), inside the 10 % line.
    log = _log(tmp_path, [(10, 8), (10, 10), (10, 10)])
    assert p307(_plan(tmp_path, log, "--week", "4")) == []
    # One lopsided week is flagged the week after it.
    assert p307(_plan(tmp_path, log, "--week", "2"))


def test_the_threshold_is_configurable(tmp_path: Path) -> None:
    log = _log(tmp_path, [(20, 19)])
    payload = _plan(tmp_path, log, "--lint", "P307.difference=0.05")
    assert [m.split(":")[1] for m in p307(payload)] == [" limb symmetry 95% over week 1"]


def test_the_plan_explains_last_week_side_by_side(tmp_path: Path) -> None:
    program = write(tmp_path, "p.stride", PROGRAM)
    log = _log(tmp_path, [(8, 5)], form="poor")
    done = invoke("plan", str(program), "--log", str(log), env=CLI_ENV)
    assert done.exit_code == 0, done.stderr
    # Before, this read "week 1: 3x5 at 10kg": the weaker side, with no side named.
    assert "week 1: L 3x8 / R 3x5 at 10kg, RPE 8, form poor" in done.stdout
    assert "the right side did 38% less than the left" in done.stdout


def test_history_shows_each_side(tmp_path: Path) -> None:
    program = write(tmp_path, "p.stride", PROGRAM)
    log = _log(tmp_path, [(8, 5)])
    done = invoke("history", str(program), "--log", str(log), env=CLI_ENV)
    assert done.exit_code == 0, done.stderr
    assert "left: 8, 8, 8 @ 10kg rpe 8" in done.stdout
    assert "right: 5, 5, 5 @ 10kg rpe 8" in done.stdout


def test_the_weaker_side_gates_the_progression(tmp_path: Path) -> None:
    # The left side reached the top of the range (12), the right did not: no load rise.
    uneven = _plan(tmp_path, _log(tmp_path, [(12, 10)]))
    even = _plan(tmp_path, _log(tmp_path, [(12, 12)], "even.jsonl"))

    def load(payload: dict[str, Any]) -> float:
        return payload["plan"]["sessions"][0]["exercises"][0]["load"]["value"]  # type: ignore[no-any-return]

    assert (load(uneven), load(even)) == (10, 12)
