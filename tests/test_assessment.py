"""The assessment: the program's block, the log's results, and what they set.

Programs and logs are real files read by the real checker and reader; the plan is
the real command. Figures are worked out by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import invoke, write

from stridelift.core.logs import parse_log

HEADER = """\
program "Screened" {{
  units {units}
  equipment {equipment}
  weeks 8
  schedule tue: A
  assessment {{
{tests}
  }}
  session A {{
{lines}
  }}
{rules}}}
"""


def program(
    tests: str,
    lines: str = "    main push_up 3 x 10",
    rules: str = "",
    *,
    units: str = "kg",
    equipment: str = "kettlebell 16kg 24kg, dumbbells 2kg to 40kg by 2kg, bodyweight",
) -> str:
    return HEADER.format(units=units, equipment=equipment, tests=tests, lines=lines, rules=rules)


def check(folder: Path, text: str) -> list[str]:
    """The codes and messages `stridelift check` reports (the program's line of each)."""
    path = write(folder, "p.stride", text)
    result = invoke("check", str(path), "--output-format", "json")
    payload = json.loads(result.stdout)
    return [f"{f['code']} {f['line']}: {f['message']}" for f in payload["diagnostics"]]


# ---------------------------------------------------------------- the checker


def test_a_clean_assessment_checks_clean(tmp_path: Path) -> None:
    tests = """\
    goblet_squat 8 rep max
    push_up reps to failure
    single_leg_calf_raise reps to failure per side
    side_plank s per side
    knee_to_wall cm per side
    hip_internal_rotation deg per side
    body_weight kg"""
    found = [f for f in check(tmp_path, program(tests)) if f[0] == "E"]
    assert found == []


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ("knee_to_wal cm per side", "E133 7: unknown assessment test `knee_to_wal`"),
        ("push_up 5 rep max", "E134 7: a rep max needs a load; `push_up` is done without one"),
        ("side_plank reps to failure per side", "E134 7: `side_plank` is measured in seconds"),
        ("knee_to_wall kg per side", "E134 7: `knee_to_wall` is a length, measured in `cm` or"),
        ("body_weight cm", "E134 7: `body_weight` is a mass, measured in `kg` or `lb`, not `cm`"),
        ("goblet_squat 12 rep max", "E120 7: a 12 rep max is out of range"),
        ("single_leg_calf_raise reps to failure", "W207 7: `single_leg_calf_raise` is one-sided"),
        ("body_weight kg per side", "W207 7: `body_weight` works both sides at once"),
        ("front_squat 5 rep max", "E102 7: `front_squat` needs `barbell`"),
    ],
)
def test_each_test_is_checked_like_an_exercise_line(
    tmp_path: Path, test: str, expected: str
) -> None:
    found = check(tmp_path, program(f"    {test}"))
    assert any(f.startswith(expected) for f in found), found


def test_a_test_twice_is_a_duplicate(tmp_path: Path) -> None:
    found = check(tmp_path, program("    knee_to_wall cm per side\n    knee_to_wall cm per side"))
    assert "E113 8: the assessment tests `knee_to_wall` twice" in found


def test_every_phase_needs_phases(tmp_path: Path) -> None:
    text = program("    body_weight kg").replace("assessment {", "assessment every phase {")
    found = check(tmp_path, text)
    assert any(f.startswith("E134 6: `assessment every phase`") for f in found), found


def test_conditions_read_the_tests(tmp_path: Path) -> None:
    rules = """\
  rule "ankles" in push_up {
    when knee_to_wall < 10cm and asymmetry(single_leg_calf_raise) > 10%: note "x"
    when body_weight > 80kg or goblet_squat >= 30kg: note "y"
  }
"""
    tests = """\
    goblet_squat 8 rep max
    single_leg_calf_raise reps to failure per side
    knee_to_wall cm per side
    body_weight kg"""
    assert [f for f in check(tmp_path, program(tests, rules=rules)) if f[0] == "E"] == []


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("knee_to_wall < 10cm", "E116 14: `knee_to_wall` is not one of the program's assessment"),
        ("asymetry(single_leg_calf_raise) > 10%", "E116 14: `asymetry(...)` is not a function"),
        ("asymmetry(body_weight) > 10%", "E117 14: `asymmetry(body_weight)` compares the two"),
        ("body_weight > 10cm", "E117 14: cannot compare a load with a distance"),
    ],
)
def test_a_condition_on_the_assessment_is_checked(
    tmp_path: Path, condition: str, expected: str
) -> None:
    rules = f'  rule "r" in push_up {{\n    when {condition}: note "x"\n  }}\n'
    tests = "    single_leg_calf_raise reps to failure per side\n    body_weight kg"
    found = check(tmp_path, program(tests, rules=rules))
    assert any(f.startswith(expected) for f in found), found


def test_a_wrong_test_is_not_reported_again_in_a_condition(tmp_path: Path) -> None:
    rules = '  rule "r" in push_up {\n    when goblet_squat > 20kg: note "x"\n  }\n'
    found = check(tmp_path, program("    goblet_squat 12 rep max", rules=rules))
    assert [f.split(":")[0] for f in found if f[0] == "E"] == ["E120 7"]


def test_fmt_writes_the_block_canonically(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.stride",
        program("      goblet_squat  8 rep   max\n  knee_to_wall cm   per side").replace(
            "assessment {", "assessment   every  4 weeks {"
        ),
    )
    assert invoke("fmt", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "  assessment every 4 weeks {\n    goblet_squat 8 rep max\n" in text
    assert "    knee_to_wall cm per side\n  }\n" in text


# ---------------------------------------------------------------- the log


RESULTS = [
    {"type": "athlete", "start": "2026-03-02"},
    {"type": "assessment", "date": "2026-02-28", "test": "goblet_squat", "reps": 8, "load": 20,
     "unit": "kg"},
    {"type": "assessment", "date": "2026-02-28", "test": "knee_to_wall", "side": "left",
     "value": 11, "unit": "cm"},
    {"type": "assessment", "date": "2026-02-28", "test": "knee_to_wall", "side": "right",
     "value": 8.5, "unit": "cm"},
]  # fmt: skip


def jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_results_are_read_from_jsonl_and_csv() -> None:
    reading = parse_log(jsonl(RESULTS), "log.jsonl")
    assert reading.problems == ()
    assert [(r.test, r.side, r.value) for r in reading.log.assessments] == [
        ("goblet_squat", None, None),
        ("knee_to_wall", "left", 11.0),
        ("knee_to_wall", "right", 8.5),
    ]
    csv = (
        "type,date,test,side,reps,load,value,unit,start\n"
        "athlete,,,,,,,,2026-03-02\n"
        "assessment,2026-02-28,goblet_squat,,8,20,,kg,\n"
        "assessment,2026-02-28,knee_to_wall,left,,,11,cm,\n"
    )
    from_csv = parse_log(csv, "log.csv")
    assert from_csv.problems == ()
    assert from_csv.log.assessments == reading.log.assessments[:2]


def test_results_do_not_move_the_start_of_week_1() -> None:
    log = parse_log(jsonl(RESULTS[1:]), "log.jsonl").log
    assert log.first_date is None  # nothing but results: week 1 is the command's to say


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"value": 3}, "$: an assessment result gives `load` or `value`, not both"),
        ({"unit": "cm"}, "$.unit: a load is in kg or lb, not `cm`"),
        ({"test": "gobelt_squat"}, "$.test: unknown assessment test `gobelt_squat`"),
        ({"rpe": 8, "rir": 1}, "$.rir: `rpe` 8 and `rir` 1 disagree"),
        ({"load": None}, "$: an assessment result needs at least one of"),
    ],
)
def test_a_bad_result_is_explained(changes: dict[str, object], expected: str) -> None:
    record = {k: v for k, v in {**RESULTS[1], **changes}.items() if v is not None}
    if "load" not in record:
        record.pop("reps")
    reading = parse_log(
        jsonl([record]),
        "log.jsonl",
        exercises={"goblet_squat"},
        measures={"knee_to_wall"},
    )
    messages = [f"{p.field}: {p.message}" for p in reading.problems]
    assert any(m.startswith(expected) for m in messages), messages


def test_the_same_result_twice_is_a_duplicate() -> None:
    reading = parse_log(jsonl([*RESULTS, RESULTS[2]]), "log.jsonl")
    assert [(p.line, p.code, p.message) for p in reading.problems] == [
        (5, "L010", "duplicate of line 3")
    ]
