"""Tests for the built-in exercise catalog plugin."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest

from stridelift.core.hooks.records import LOWER_BODY_PATTERNS, PATTERNS, Exercise
from stridelift.plugins import catalog

VALID_EQUIPMENT = frozenset({"bodyweight", "bands", "kettlebell", "dumbbells", "barbell"})

REQUIRED = (
    "goblet_squat",
    "front_squat",
    "back_squat",
    "kettlebell_swing",
    "kettlebell_deadlift",
    "romanian_deadlift",
    "single_leg_romanian_deadlift",
    "bulgarian_split_squat",
    "split_squat",
    "reverse_lunge",
    "step_up",
    "kettlebell_snatch",
    "standing_calf_raise",
    "single_leg_calf_raise",
    "farmers_carry",
    "suitcase_carry",
    "glute_bridge",
    "hip_thrust",
    "band_lateral_walk",
    "clamshell",
    "copenhagen_plank",
    "side_plank",
    "pallof_press",
    "push_up",
    "inverted_row",
    "pogo_hop",
    "box_jump",
    "hip_flexor_stretch",
    "calf_stretch",
)

# Moved through a range for reps, not held, whatever the name says.
DYNAMIC_DRILLS = frozenset({"leg_swing", "cat_cow", "worlds_greatest_stretch", "inchworm"})

BY_NAME = {exercise.name: exercise for exercise in catalog.EXERCISES}


def _ladder(exercise: Exercise, direction: str) -> list[str]:
    """Names reached by following ``easier`` or ``harder`` from ``exercise``."""
    seen = [exercise.name]
    step: str | None = getattr(exercise, direction)
    while step is not None:
        assert step not in seen, f"cycle along {direction!r}: {' -> '.join([*seen, step])}"
        seen.append(step)
        step = getattr(BY_NAME[step], direction)
    return seen


def test_hook_returns_the_catalog() -> None:
    registered = tuple(catalog.register_exercises())
    assert registered == catalog.EXERCISES
    assert all(isinstance(exercise, Exercise) for exercise in registered)


def test_catalog_is_large() -> None:
    assert len(catalog.EXERCISES) >= 60


def test_names_are_unique() -> None:
    counts = Counter(exercise.name for exercise in catalog.EXERCISES)
    assert [name for name, count in counts.items() if count > 1] == []


@pytest.mark.parametrize("name", REQUIRED)
def test_required_exercise_present(name: str) -> None:
    assert name in BY_NAME


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_pattern_has_several_exercises(pattern: str) -> None:
    assert sum(exercise.pattern == pattern for exercise in catalog.EXERCISES) >= 3


def test_lower_body_work_dominates() -> None:
    lower = sum(exercise.pattern in LOWER_BODY_PATTERNS for exercise in catalog.EXERCISES)
    assert lower > len(catalog.EXERCISES) / 3


def test_equipment_names_are_valid() -> None:
    for exercise in catalog.EXERCISES:
        assert exercise.equipment, exercise.name
        assert set(exercise.equipment) <= VALID_EQUIPMENT, exercise.name
        assert len(set(exercise.equipment)) == len(exercise.equipment), exercise.name


def test_bodyweight_listed_first_when_present() -> None:
    for exercise in catalog.EXERCISES:
        if "bodyweight" in exercise.equipment:
            assert exercise.equipment[0] == "bodyweight", exercise.name


@pytest.mark.parametrize(
    ("name", "equipment"),
    [
        ("goblet_squat", ("kettlebell", "dumbbells")),
        ("kettlebell_swing", ("kettlebell", "dumbbells")),
        ("back_squat", ("barbell",)),
        ("band_lateral_walk", ("bands",)),
        ("pallof_press", ("bands",)),
        ("push_up", ("bodyweight",)),
        ("inverted_row", ("bodyweight",)),
        ("box_jump", ("bodyweight",)),
        ("split_squat", ("bodyweight", "kettlebell", "dumbbells", "barbell")),
    ],
)
def test_known_equipment(name: str, equipment: tuple[str, ...]) -> None:
    assert BY_NAME[name].equipment == equipment


def test_references_exist() -> None:
    for exercise in catalog.EXERCISES:
        for other in (*exercise.substitutes, exercise.easier, exercise.harder):
            if other is not None:
                assert other in BY_NAME, f"{exercise.name} refers to unknown {other!r}"


def test_substitutes_share_pattern_and_are_distinct() -> None:
    """A coach swapping an exercise is offered a short list (one to four) of others
    that train the same movement, none twice."""
    assert len(catalog.EXERCISES) > 100  # the loop below checks the whole catalog
    for exercise in catalog.EXERCISES:
        count = len(exercise.substitutes)
        assert 1 <= count <= 4, f"{exercise.name} has {count} substitutes"
        assert len(set(exercise.substitutes)) == len(exercise.substitutes), exercise.name
        for other in exercise.substitutes:
            assert BY_NAME[other].pattern == exercise.pattern, f"{exercise.name} -> {other}"


def test_equipment_bound_exercises_have_a_bodyweight_substitute() -> None:
    # Carries need something to carry, so they are the one exception.
    for exercise in catalog.EXERCISES:
        if "bodyweight" in exercise.equipment or exercise.pattern == "carry":
            continue
        assert any("bodyweight" in BY_NAME[other].equipment for other in exercise.substitutes), (
            exercise.name
        )


def test_ladder_links_are_symmetric() -> None:
    for exercise in catalog.EXERCISES:
        if exercise.harder is not None:
            assert BY_NAME[exercise.harder].easier == exercise.name, exercise.name
        if exercise.easier is not None:
            assert BY_NAME[exercise.easier].harder == exercise.name, exercise.name


def test_ladders_are_acyclic() -> None:
    for exercise in catalog.EXERCISES:
        _ladder(exercise, "harder")
        _ladder(exercise, "easier")


def test_ladder_neighbours_share_pattern_and_measure() -> None:
    for exercise in catalog.EXERCISES:
        for other in (exercise.easier, exercise.harder):
            if other is not None:
                assert BY_NAME[other].pattern == exercise.pattern, f"{exercise.name} -> {other}"
                assert BY_NAME[other].measure == exercise.measure, f"{exercise.name} -> {other}"


@pytest.mark.parametrize(
    "chain",
    [
        ("bodyweight_squat", "goblet_squat", "front_squat", "back_squat"),
        ("split_squat", "bulgarian_split_squat"),
        ("glute_bridge", "single_leg_glute_bridge"),
        ("standing_calf_raise", "single_leg_calf_raise"),
        ("kettlebell_deadlift", "kettlebell_swing", "kettlebell_snatch"),
    ],
)
def test_expected_progressions(chain: tuple[str, ...]) -> None:
    for easier, harder in pairwise(chain):
        assert BY_NAME[easier].harder == harder
        assert BY_NAME[harder].easier == easier


def test_carries_are_measured_by_distance() -> None:
    carries = [exercise for exercise in catalog.EXERCISES if exercise.pattern == "carry"]
    assert len(carries) >= 3
    for exercise in carries:
        assert exercise.measure == "distance", exercise.name


@pytest.mark.parametrize(
    "name",
    [
        "side_plank",
        "copenhagen_plank",
        "front_plank",
        "hollow_hold",
        "hip_flexor_stretch",
        "calf_stretch",
        "couch_stretch",
        "hamstring_stretch",
        "pigeon_stretch",
        "wall_sit",
        "single_leg_balance",
    ],
)
def test_holds_are_measured_in_seconds(name: str) -> None:
    assert BY_NAME[name].measure == "seconds"


def test_every_plank_and_static_stretch_is_timed() -> None:
    for exercise in catalog.EXERCISES:
        if exercise.name in DYNAMIC_DRILLS:
            continue
        if exercise.name.endswith(("_plank", "_stretch", "_hold")):
            assert exercise.measure == "seconds", exercise.name


@pytest.mark.parametrize("name", sorted(DYNAMIC_DRILLS))
def test_dynamic_drills_are_measured_in_reps(name: str) -> None:
    assert BY_NAME[name].measure == "reps"


@pytest.mark.parametrize(
    ("name", "unilateral"),
    [
        ("bulgarian_split_squat", True),
        ("split_squat", True),
        ("single_leg_romanian_deadlift", True),
        ("suitcase_carry", True),
        ("side_plank", True),
        ("copenhagen_plank", True),
        ("clamshell", True),
        ("pallof_press", True),
        ("single_arm_row", True),
        ("goblet_squat", False),
        ("back_squat", False),
        ("farmers_carry", False),
        ("kettlebell_swing", False),
        ("push_up", False),
    ],
)
def test_unilateral_flag(name: str, unilateral: bool) -> None:
    assert BY_NAME[name].unilateral is unilateral


def test_single_leg_names_are_unilateral() -> None:
    for exercise in catalog.EXERCISES:
        if exercise.name.startswith("single_leg_") or exercise.pattern == "single_leg":
            assert exercise.unilateral, exercise.name


def test_every_exercise_has_a_description() -> None:
    for exercise in catalog.EXERCISES:
        assert exercise.description.strip(), exercise.name
        assert exercise.description.endswith("."), exercise.name
