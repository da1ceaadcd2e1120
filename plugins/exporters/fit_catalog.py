"""How the built-in catalog's exercises are named in Garmin FIT workouts.

Each entry is the FIT profile's exercise category and, where the profile has
the exercise, its name in that category (both as the profile spells them, in
lowercase). An exercise without a name here, or one a plugin adds, is written
with the category of its movement pattern (:data:`PATTERN_CATEGORIES`) and no
name: a watch then shows the step's name, which is the exercise's
(docs/exports.md#fit). Plugins extend this through ``register_fit_exercises``.
"""

from __future__ import annotations

from stridelift.core.hooks.records import FitExercise

#: A movement pattern's FIT category: the fallback for an exercise without its own.
PATTERN_CATEGORIES: dict[str, str] = {
    "squat": "squat",
    "hinge": "deadlift",
    "single_leg": "lunge",
    "push": "push_up",
    "pull": "row",
    "carry": "carry",
    "calf_ankle": "calf_raise",
    "hip_stability": "hip_stability",
    "core": "core",
    "plyometric": "plyo",
    "mobility": "warm_up",
}

#: What a FIT category is when nothing fits: the profile's own "unknown".
UNKNOWN_CATEGORY = "unknown"

_TABLE: tuple[tuple[str, str, str | None], ...] = (
    # squat
    ("box_squat", "squat", "barbell_box_squat"),
    ("bodyweight_squat", "squat", "air_squat"),
    ("goblet_squat", "squat", "goblet_squat"),
    ("front_squat", "squat", "barbell_front_squat"),
    ("back_squat", "squat", "barbell_back_squat"),
    ("wall_sit", "squat", "body_weight_wall_squat"),
    ("sumo_squat", "squat", "sumo_squat"),
    # hinge
    ("kettlebell_deadlift", "deadlift", "kettlebell_deadlift"),
    ("kettlebell_swing", "hip_raise", "kettlebell_swing"),
    ("kettlebell_snatch", "olympic_lift", "single_arm_kettlebell_snatch"),
    ("romanian_deadlift", "deadlift", "romanian_deadlift"),
    ("b_stance_romanian_deadlift", "deadlift", None),
    ("single_leg_romanian_deadlift", "deadlift", "single_leg_romanian_deadlift_with_dumbbell"),
    ("trap_bar_deadlift", "deadlift", "trap_bar_deadlift"),
    ("deadlift", "deadlift", "barbell_deadlift"),
    ("good_morning", "leg_curl", "good_morning"),
    ("glute_bridge", "hip_raise", "barbell_hip_thrust_on_floor"),
    ("single_leg_glute_bridge", "hip_raise", "single_leg_hip_raise"),
    ("hip_thrust", "hip_raise", "barbell_hip_thrust_with_bench"),
    ("single_leg_hip_thrust", "hip_raise", "single_leg_hip_raise"),
    ("hamstring_walkout", "leg_curl", None),
    ("nordic_hamstring_curl", "leg_curl", None),
    # single leg
    ("split_squat", "squat", "dumbbell_split_squat"),
    ("bulgarian_split_squat", "lunge", "dumbbell_bulgarian_split_squat"),
    ("reverse_lunge", "lunge", "dumbbell_reverse_lunge"),
    ("forward_lunge", "lunge", "dumbbell_lunge"),
    ("walking_lunge", "lunge", "walking_lunge"),
    ("lateral_lunge", "lunge", "side_lunge"),
    ("cossack_squat", "lunge", "side_lunge"),
    ("step_up", "squat", "dumbbell_step_up"),
    ("step_down", "lunge", None),
    ("single_leg_box_squat", "squat", None),
    ("skater_squat", "squat", None),
    ("pistol_squat", "squat", "pistol_squat"),
    # push
    ("incline_push_up", "push_up", "incline_push_up"),
    ("push_up", "push_up", "push_up"),
    ("decline_push_up", "push_up", "decline_push_up"),
    ("band_chest_press", "bench_press", None),
    ("floor_press", "bench_press", "dumbbell_floor_press"),
    ("dumbbell_bench_press", "bench_press", "dumbbell_bench_press"),
    ("overhead_press", "shoulder_press", "overhead_dumbbell_press"),
    ("half_kneeling_overhead_press", "shoulder_press", None),
    ("pike_push_up", "push_up", "pike_push_up"),
    # pull
    ("inverted_row", "row", "inverted_row"),
    ("chin_up", "pull_up", "chin_up"),
    ("pull_up", "pull_up", "pull_up"),
    ("single_arm_row", "row", "one_arm_bent_over_row"),
    ("bent_over_row", "row", "bent_over_row_with_dumbell"),
    ("band_row", "row", None),
    ("band_pull_apart", "shoulder_stability", None),
    ("band_face_pull", "row", "face_pull"),
    # carry
    ("farmers_carry", "carry", "farmers_carry"),
    ("suitcase_carry", "carry", None),
    ("overhead_carry", "carry", "overhead_carry"),
    ("goblet_carry", "carry", None),
    ("front_rack_carry", "carry", None),
    # calf and ankle
    ("standing_calf_raise", "calf_raise", "standing_calf_raise"),
    ("single_leg_calf_raise", "calf_raise", "single_leg_standing_calf_raise"),
    ("eccentric_calf_raise", "calf_raise", None),
    ("seated_calf_raise", "calf_raise", "seated_calf_raise"),
    ("bent_knee_calf_raise", "calf_raise", None),
    ("isometric_calf_hold", "calf_raise", None),
    ("tibialis_raise", "calf_raise", None),
    ("heel_walk", "warm_up", None),
    ("band_ankle_eversion", "banded_exercises", None),
    # hip stability
    ("clamshell", "hip_raise", "clams"),
    ("side_lying_hip_abduction", "hip_stability", "side_lying_leg_raise"),
    ("fire_hydrant", "hip_stability", "fire_hydrant_kicks"),
    ("band_lateral_walk", "hip_stability", "lateral_walks_with_band_at_ankles"),
    ("monster_walk", "hip_stability", None),
    ("band_external_rotation", "shoulder_stability", "band_external_rotation"),
    ("single_leg_balance", "hip_stability", None),
    ("stance_hold", "hip_stability", None),
    ("hip_airplane", "hip_stability", None),
    ("short_lever_copenhagen", "plank", None),
    ("copenhagen_plank", "plank", None),
    ("side_lying_hip_adduction", "hip_stability", None),
    # core
    ("front_plank", "plank", "plank"),
    ("hollow_hold", "core", None),
    ("kneeling_side_plank", "plank", None),
    ("side_plank", "plank", "side_plank"),
    ("dead_bug", "hip_stability", "dead_bug"),
    ("bird_dog", "core", None),
    ("pallof_press", "core", None),
    ("band_chop", "chop", None),
    ("plank_shoulder_tap", "plank", "straight_arm_plank_with_shoulder_touch"),
    # plyometric
    ("pogo_hop", "plyo", None),
    ("single_leg_pogo_hop", "plyo", None),
    ("line_hop", "plyo", None),
    ("box_jump", "plyo", "box_jump"),
    ("squat_jump", "plyo", "body_weight_jump_squat"),
    ("drop_jump", "plyo", "depth_jump"),
    ("broad_jump", "plyo", None),
    ("bounding", "plyo", None),
    ("skater_hop", "plyo", None),
    ("lateral_bound", "plyo", None),
    ("split_squat_jump", "plyo", None),
    # mobility
    ("hip_flexor_stretch", "warm_up", "stretch_lunging_hip_flexor"),
    ("couch_stretch", "warm_up", None),
    ("calf_stretch", "warm_up", None),
    ("hamstring_stretch", "warm_up", None),
    ("pigeon_stretch", "warm_up", None),
    ("hip_90_90", "warm_up", "ninety_ninety_hip_switch"),
    ("cat_cow", "warm_up", None),
    ("leg_swing", "warm_up", "forward_and_backward_leg_swings"),
    ("worlds_greatest_stretch", "warm_up", None),
    ("ankle_dorsiflexion_mobilisation", "warm_up", "ankle_dorsiflexion_with_band"),
    ("open_book", "warm_up", None),
    ("adductor_rockback", "warm_up", None),
    ("inchworm", "core", "inchworm"),
)

#: The built-in catalog's FIT names.
CATALOG: tuple[FitExercise, ...] = tuple(
    FitExercise(name, category, exercise) for name, category, exercise in _TABLE
)
