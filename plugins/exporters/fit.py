"""The ``fit`` export: one Garmin FIT workout file per scheduled session.

Written with ``fit-tool`` (BSD licence). A file holds a ``file_id`` (a workout),
one ``workout`` (sport training, sub-sport strength training, named after the
session and week) and its ``workout_step``\\ s:

- each line is an exercise step (reps, or time, or distance; an AMRAP line
  ends with the lap button), a rest step (its rest, or the lap button when a
  main or accessory line gives none; a warm-up or cool-down line without a
  rest has none), and, for more than one set, a repeat step back to the
  exercise step for every set (a watch shows "set 2 of 3");
- a superset or circuit is its members' steps in order, the group's rest, and
  one repeat for its rounds (the group's ``rounds``, else its members' most
  sets);
- warm-up and cool-down lines are warm-up and cool-down steps; a line left out
  this week has no step;
- each exercise step carries the FIT exercise category and name from the FIT
  mapping (``register_fit_exercises``; the built-in catalog's is
  :mod:`.fit_catalog`), its weight in kilograms (shown in the program's units)
  and the prescription as the step's note.

An exercise without a mapping is written with its movement pattern's category
and no name, so the watch shows the step's name (the exercise's); one whose
mapping names a category or exercise the FIT profile does not have is written
the same way. The file's creation time and serial number come from the
export's fixed time and the session's key: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fit_tool.fit_file_builder import FitFileBuilder  # type: ignore[import-untyped,unused-ignore]
from fit_tool.profile import profile_type as fit  # type: ignore[import-untyped,unused-ignore]
from fit_tool.profile.messages.file_id_message import FileIdMessage  # type: ignore[import-untyped,unused-ignore]
from fit_tool.profile.messages.workout_message import WorkoutMessage  # type: ignore[import-untyped,unused-ignore]
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage  # type: ignore[import-untyped,unused-ignore]

from stridelift.core.engine import Prescribed, SessionPlan, WeekResult
from stridelift.core.hooks.records import ExportFile, FitExercise
from stridelift.core.output.exports import ExportContext, dated_sessions, session_key, stamp
from stridelift.core.output.plan import prescription_text
from stridelift.core.units import convert, seconds
from stridelift.plugins.exporters.fit_catalog import PATTERN_CATEGORIES, UNKNOWN_CATEGORY

#: How long a step's name may be (watches cut longer ones).
NAME_CHARS = 40
NOTE_CHARS = 100
_INTENSITY = {"warmup": fit.Intensity.WARMUP, "cooldown": fit.Intensity.COOLDOWN}


@dataclass(frozen=True, slots=True)
class FitName:
    """The FIT profile's numbers for an exercise: its category and, if any, its name."""

    category: int
    exercise: int | None
    #: How the numbers were found: "mapped", "pattern" (the fallback) or "unknown".
    source: str


def _enum_name(words: str) -> str:
    return "".join(part.capitalize() for part in words.split("_")) + "ExerciseName"


def fit_name(exercise: str, context: ExportContext) -> FitName:
    """The FIT category and name of ``exercise``: its mapping when the FIT profile knows
    both, else the category of its movement pattern, else the profile's "unknown"."""
    mapping: FitExercise | None = None
    pattern: str | None = None
    plugins = context.plugins
    if plugins is not None:
        mapping = plugins.fit_exercises.get(exercise)
        record = plugins.exercises.get(exercise)
        pattern = record.pattern if record is not None else None
    categories = fit.ExerciseCategory.__members__
    if mapping is not None and mapping.category.upper() in categories:
        category = categories[mapping.category.upper()].value
        names = getattr(fit, _enum_name(mapping.category), None)
        number = None
        if mapping.exercise is not None and names is not None:
            member = names.__members__.get(mapping.exercise.upper())
            number = member.value if member is not None else None
        if mapping.exercise is None or number is not None:
            return FitName(category, number, "mapped")
    fallback = PATTERN_CATEGORIES.get(pattern or "", UNKNOWN_CATEGORY).upper()
    if fallback in categories and fallback != UNKNOWN_CATEGORY.upper():
        return FitName(categories[fallback].value, None, "pattern")
    return FitName(fit.ExerciseCategory.UNKNOWN.value, None, "unknown")


def title(exercise: str) -> str:
    """``goblet_squat`` -> ``Goblet squat``."""
    return exercise.replace("_", " ").capitalize()[:NAME_CHARS]


def _exercise_step(item: Prescribed, context: ExportContext) -> WorkoutStepMessage:
    units = context.program.units
    step = WorkoutStepMessage()
    name = title(item.exercise)
    if item.per_side:
        name = f"{name} per side"[:NAME_CHARS]
    step.workout_step_name = name
    step.intensity = _INTENSITY.get(item.slot.phase, fit.Intensity.ACTIVE)
    measure = item.slot.measure
    if item.reps is None:
        step.duration_type = fit.WorkoutStepDuration.OPEN
    elif measure == "seconds":
        step.duration_type = fit.WorkoutStepDuration.TIME
        step.duration_time = float(item.reps)
    elif measure == "distance":
        step.duration_type = fit.WorkoutStepDuration.DISTANCE
        step.duration_distance = float(item.reps)
    else:
        step.duration_type = fit.WorkoutStepDuration.REPS
        step.duration_reps = round(item.reps)
    step.target_type = fit.WorkoutStepTarget.OPEN
    named = fit_name(item.exercise, context)
    step.exercise_category = named.category
    if named.exercise is not None:
        step.exercise_name = named.exercise
    if item.load is not None:
        step.exercise_weight = round(convert(item.load, units, "kg"), 2)
        step.weight_display_unit = (
            fit.FitBaseUnit.POUND if units == "lb" else fit.FitBaseUnit.KILOGRAM
        )
    step.notes = prescription_text(item, units)[:NOTE_CHARS]
    return step


def _rest_step(seconds: float | None) -> WorkoutStepMessage:
    step = WorkoutStepMessage()
    step.workout_step_name = "Rest"
    step.intensity = fit.Intensity.REST
    if seconds:
        step.duration_type = fit.WorkoutStepDuration.TIME
        step.duration_time = float(seconds)
    else:
        step.duration_type = fit.WorkoutStepDuration.OPEN
    step.target_type = fit.WorkoutStepTarget.OPEN
    return step


def _repeat_step(first: int, times: int) -> WorkoutStepMessage:
    step = WorkoutStepMessage()
    step.duration_type = fit.WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
    step.duration_step = first
    step.target_type = fit.WorkoutStepTarget.OPEN
    step.target_repeat_steps = times
    return step


def _blocks(items: Sequence[Prescribed]) -> Iterator[list[Prescribed]]:
    """The session's lines as blocks: a line alone, or a group's members together."""
    block: list[Prescribed] = []
    group: str | None = None
    for item in items:
        if item.omitted is not None:
            continue
        grouping = item.slot.grouping
        here = grouping.id if grouping is not None else None
        if block and (here is None or here != group):
            yield block
            block = []
        block.append(item)
        group = here
    if block:
        yield block


def steps(session: SessionPlan, context: ExportContext) -> list[WorkoutStepMessage]:
    found: list[WorkoutStepMessage] = []
    for block in _blocks(session.items):
        first = len(found)
        for item in block:
            found.append(_exercise_step(item, context))
        grouping = block[0].slot.grouping
        if grouping is None:
            item = block[0]
            # A warm-up or cool-down line without a rest flows into its next set.
            if item.rest or item.slot.phase in ("main", "accessory"):
                found.append(_rest_step(item.rest))
            rounds = item.sets
        else:
            rest = grouping.rest
            found.append(_rest_step(None if rest is None else seconds(rest.value, rest.unit)))
            rounds = grouping.rounds or max(item.sets for item in block)
        if rounds > 1:
            found.append(_repeat_step(first, rounds))
    for index, step in enumerate(found):
        step.message_index = index
    return found


def _serial(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") or 1


def workout(week: WeekResult, session: SessionPlan, context: ExportContext) -> bytes:
    key = session_key(context.stem, week, session)
    file_id = FileIdMessage()
    file_id.type = fit.FileType.WORKOUT
    file_id.manufacturer = fit.Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = round(stamp(context).timestamp() * 1000)
    file_id.serial_number = _serial(key)
    workout_steps = steps(session, context)
    message = WorkoutMessage()
    name = f"W{week.week} {session.name}" + (f" {session.title}" if session.title else "")
    message.workout_name = name[:NAME_CHARS]
    message.sport = fit.Sport.TRAINING
    message.sub_sport = fit.SubSport.STRENGTH_TRAINING
    message.num_valid_steps = len(workout_steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    builder.add(file_id)
    builder.add(message)
    builder.add_all(workout_steps)
    data: Any = builder.build().to_bytes()
    return bytes(data)


def export(context: ExportContext) -> list[ExportFile]:
    return [
        ExportFile(
            f"{session_key(context.stem, week, session)}.fit", workout(week, session, context)
        )
        for week, session in dated_sessions(context.weeks)
    ]
