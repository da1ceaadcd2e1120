"""What the athlete sees in ``plan`` and ``history``: cues, supersets and circuits as
groups, rests and timed amounts as the coach wrote them, and every set as logged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli, write

from stridelift.core.schemas import validator

PROGRAM = """\
program "Output test" {
  units kg
  equipment kettlebell 16kg 20kg 24kg, bands light medium heavy, bodyweight
  weeks 8
  schedule tue: A
  session A "All of it" {
    warmup 8min { leg_swing 1 x 10 per side }
    main goblet_squat 3 x 8 @ 20kg rpe 7 rest 2min progress double(8..12, +4kg) cue "chest tall"
    accessory superset 3 rounds rest 90s {
      split_squat 8 per side @ bodyweight cue "knee over toe"
      band_lateral_walk 12 per side @ band medium
    }
    accessory circuit 2 rounds rest 1min {
      side_plank 30s per side
      dead_bug 8 per side
    }
    accessory farmers_carry 3 x 45s @ 24kg rest 60s
  }
}
"""


def _set(exercise: str, n: int, **fields: object) -> str:
    record = {"type": "set", "date": "2026-01-06", "session": "A", "exercise": exercise}
    return json.dumps({**record, "set": n, **fields})


LOG = "\n".join(
    [
        json.dumps({"type": "athlete", "name": "Ana", "start": "2026-01-05"}),
        _set("leg_swing", 1, side="left", reps=10),
        _set("leg_swing", 1, side="right", reps=10),
        _set("goblet_squat", 1, reps=8, load=20, unit="kg", rpe=8, form="good"),
        _set("goblet_squat", 2, reps=8, load=20, unit="kg", rpe=9, form="good"),
        _set("goblet_squat", 3, reps=7, load=20, unit="kg", rpe=10, form="ok"),
        _set("split_squat", 1, side="left", reps=8, rpe=7),
        _set("split_squat", 1, side="right", reps=6, rpe=9),
        _set("split_squat", 2, side="left", reps=8, rpe=7),
        _set("split_squat", 2, side="right", reps=7, rpe=9),
        _set("farmers_carry", 1, seconds=45, load=24, unit="kg"),
        _set("farmers_carry", 2, seconds=40, load=24, unit="kg"),
    ]
)


@pytest.fixture
def coach(tmp_path: Path) -> Path:
    write(tmp_path, "p.stride", PROGRAM)
    write(tmp_path, "log.jsonl", LOG + "\n")
    return tmp_path


def _run(folder: Path, *args: str) -> str:
    done = run_cli(*args, cwd=folder)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _json(folder: Path, *args: str) -> Any:
    payload = json.loads(_run(folder, *args, "--output-format", "json"))
    errors = [
        f"{e.json_path}: {e.message}" for e in validator("plan.schema.json").iter_errors(payload)
    ]
    assert errors == []
    return payload


def _after(text: str, line: str) -> list[str]:
    """The lines of ``text`` from the first that holds ``line``."""
    lines = text.splitlines()
    first = next(n for n, found in enumerate(lines) if line in found)
    return lines[first:]


def test_the_text_plan_prints_each_cue_under_its_exercise(coach: Path) -> None:
    out = _run(coach, "plan", "p.stride", "--log", "log.jsonl")
    squat = _after(out, "goblet_squat")
    assert squat[1].strip() == "cue: chest tall"
    split = _after(out, "split_squat")
    assert split[1].strip() == "cue: knee over toe"
    # A line without a cue has none printed under it.
    assert "cue" not in _after(out, "band_lateral_walk")[1]


def test_supersets_and_circuits_print_as_groups_with_rounds_and_rest(coach: Path) -> None:
    out = _run(coach, "plan", "p.stride", "--log", "log.jsonl")
    block = _after(out, "superset")
    assert block[0] == "    superset, 3 rounds, rest 90s after each round"
    assert block[1].startswith("      split_squat ")
    assert block[3].startswith("      band_lateral_walk ")
    circuit = _after(out, "circuit")
    assert circuit[0] == "    circuit, 2 rounds, rest 1min after each round"
    assert circuit[1].startswith("      side_plank ") and circuit[2].startswith("      dead_bug ")
    # The line after a group is back at the phase's indentation.
    assert circuit[3].startswith("    farmers_carry ")
    # Members' prescriptions line up with the other exercises'.
    column = _after(out, "goblet_squat")[0].index("3 x 8")
    assert block[1].index("3 x 8 per side") == column


def test_json_members_carry_their_group(coach: Path) -> None:
    payload = _json(coach, "plan", "p.stride", "--log", "log.jsonl")
    assert payload["format_version"] == 2
    (session,) = payload["plan"]["sessions"]
    by_slot = {e["slot"]: e for e in session["exercises"]}
    assert by_slot["A/split_squat"]["group"] == {
        "id": "A/superset#1",
        "kind": "superset",
        "rounds": 3,
        "rest_s": 90,
        "rest_text": "90s",
        "position": 1,
        "size": 2,
    }
    assert by_slot["A/band_lateral_walk"]["group"]["id"] == "A/superset#1"
    assert by_slot["A/band_lateral_walk"]["group"]["position"] == 2
    assert by_slot["A/dead_bug"]["group"]["id"] == "A/circuit#1"
    assert by_slot["A/dead_bug"]["group"]["rest_text"] == "1min"
    assert by_slot["A/goblet_squat"]["group"] is None
    assert by_slot["A/goblet_squat"]["cue"] == "chest tall"
    assert by_slot["A/split_squat"]["cue"] == "knee over toe"


def test_rest_prints_as_written(coach: Path) -> None:
    out = _run(coach, "plan", "p.stride", "--log", "log.jsonl")
    assert "3 x 8 @ 20kg rpe 7 rest 2min" in out and "120s" not in out
    payload = _json(coach, "plan", "p.stride", "--log", "log.jsonl")
    squat = payload["plan"]["sessions"][0]["exercises"][1]
    assert (squat["rest_s"], squat["rest_text"]) == (120, "2min")


def test_a_timed_carry_prints_in_seconds(coach: Path) -> None:
    out = _run(coach, "plan", "p.stride", "--log", "log.jsonl")
    assert "farmers_carry" in out
    assert _after(out, "farmers_carry")[0].endswith("3 x 45s @ 24kg rest 60s")
    assert "45m" not in out
    payload = _json(coach, "plan", "p.stride", "--log", "log.jsonl")
    carry = payload["plan"]["sessions"][0]["exercises"][-1]
    assert carry["amount"] == {"value": 45, "unit": "s", "text": "45s"}
    # A distance carry stays in metres.
    write(coach, "m.stride", PROGRAM.replace("3 x 45s @ 24kg", "3 x 40m @ 24kg"))
    assert _after(_run(coach, "plan", "m.stride", "--start", "2026-01-05"), "farmers_carry")[
        0
    ].endswith("3 x 40m @ 24kg rest 60s")


def test_history_shows_every_slot_each_set_and_each_side(coach: Path) -> None:
    out = _run(coach, "history", "p.stride", "--log", "log.jsonl")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  A/")}
    # Every line of the program, logged or not, progressing or not.
    assert set(rows) == {
        "A/leg_swing",
        "A/goblet_squat",
        "A/split_squat",
        "A/band_lateral_walk",
        "A/side_plank",
        "A/dead_bug",
        "A/farmers_carry",
    }
    # Each set as logged, not the worst one.
    assert (
        rows["A/goblet_squat"].rstrip().endswith("8, 8, 7 @ 20kg rpe 8, 9, 10 form good, good, ok")
    )
    # Each side on its own line.
    split = _after(out, "A/split_squat")
    assert split[0].rstrip().endswith("left: 8, 8 rpe 7")
    assert split[1].strip() == "right: 6, 7 rpe 9"
    assert _after(out, "A/leg_swing")[1].strip() == "right: 10"
    # A timed carry as seconds; a slot with nothing logged as a dash.
    assert rows["A/farmers_carry"].rstrip().endswith("45s, 40s @ 24kg")
    assert rows["A/dead_bug"].rstrip().endswith("-")


def test_history_json_lists_each_logged_set(coach: Path) -> None:
    payload = _json(coach, "history", "p.stride", "--log", "log.jsonl")
    done = payload["weeks"][0]["done"]
    assert set(done) == {"A/leg_swing", "A/goblet_squat", "A/split_squat", "A/farmers_carry"}
    assert [s["reps"] for s in done["A/goblet_squat"]["logged"]] == [8, 8, 7]
    assert [s["rpe"] for s in done["A/goblet_squat"]["logged"]] == [8, 9, 10]
    assert [(s["side"], s["reps"]) for s in done["A/split_squat"]["logged"]] == [
        ("left", 8),
        ("right", 6),
        ("left", 8),
        ("right", 7),
    ]
    assert done["A/split_squat"]["sets"] == 2
    assert [s["seconds"] for s in done["A/farmers_carry"]["logged"]] == [45, 40]


def test_two_lines_of_one_exercise_in_a_session_keep_their_own_sets(tmp_path: Path) -> None:
    program = PROGRAM.replace(
        "warmup 8min { leg_swing 1 x 10 per side }",
        "warmup 8min { leg_swing 1 x 10 per side; band_lateral_walk 2 x 10 per side @ band light }",
    )
    write(tmp_path, "p.stride", program)
    log = LOG + "\n" + _set("band_lateral_walk", 1, side="left", reps=12, band="medium") + "\n"
    write(tmp_path, "log.jsonl", log)
    out = _run(tmp_path, "history", "p.stride", "--log", "log.jsonl")
    assert _after(out, "A/band_lateral_walk ")[0].rstrip().endswith("-")
    assert "left: 12 @ band medium" in _after(out, "A/band_lateral_walk#2")[0]


def test_the_examples_in_the_cli_guide_print_what_they_show(tmp_path: Path) -> None:
    from conftest import REPO, fenced_blocks

    blocks = fenced_blocks(REPO / "docs" / "cli.md")
    named = {b.info: b.text for b in blocks}
    write(tmp_path, "groups.stride", named["stride file=groups.stride"])
    write(tmp_path, "groups.jsonl", named["jsonl file=groups.jsonl"])
    consoles = [b.text for b in blocks if b.info == "console"]
    assert len(consoles) == 2
    for console in consoles:
        command, _, shown = console.partition("\n")
        assert command.startswith("$ stridelift ")
        assert _run(tmp_path, *command.split()[2:]) == shown
