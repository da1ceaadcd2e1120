"""The ``assessment`` block: each test checked as an exercise line is.

A test names a catalog exercise (a rep max needs a load the program's equipment
can give; reps to failure needs an exercise counted in reps; a hold is written
in seconds) or a measure a plugin registers (``knee_to_wall``, ``body_weight``),
in one of its dimension's units. ``per side`` must agree with the exercise or
measure, as on an exercise line. The checked block is an
:class:`~stridelift.core.training.assessment.AssessmentSpec`.
"""

from __future__ import annotations

from stridelift.core.check.context import CheckContext
from stridelift.core.diagnostics import did_you_mean
from stridelift.core.hooks.records import AssessmentMeasure, Exercise
from stridelift.core.language import ast
from stridelift.core.training.assessment import AssessmentSpec, TestSpec
from stridelift.core.units import LIMITS

#: The unit an exercise measured in seconds or distance is tested in.
_EXERCISE_UNITS = {"seconds": ("s",), "distance": ("m",)}


def check_assessment(ctx: CheckContext, block: ast.Assessment) -> None:
    """Check the block and keep what it says in ``ctx.assessment``."""
    if block.every_weeks is not None:
        ctx.within(
            block.every_weeks,
            "assessment_every",
            block.repeat_span,
            f"`assessment every {block.every_weeks} weeks`",
        )
    program = ctx.program
    if block.every_phase and program is not None and program.first(ast.Periodization) is None:
        ctx.report(
            block.repeat_span,
            "E134",
            "`assessment every phase`: the program has no periodization, so no phases",
            "write `assessment every 6 weeks`, or add `periodization block(...)`",
        )
    seen: dict[str, ast.AssessmentTest] = {}
    tests: list[TestSpec] = []
    for test in block.tests:
        if test.name in seen:
            ctx.report(
                test.span,
                "E113",
                f"the assessment tests `{test.name}` twice",
                f"keep one; the first is at line {seen[test.name].span.line}",
            )
            continue
        seen[test.name] = test
        ctx.assessment_names.add(test.name)
        spec = _check_test(ctx, test)
        if spec is not None:
            tests.append(spec)
    every = block.every_weeks if block.every_weeks in LIMITS["assessment_every"] else None
    ctx.assessment = AssessmentSpec(tuple(tests), every, block.every_phase)


def _check_test(ctx: CheckContext, test: ast.AssessmentTest) -> TestSpec | None:
    exercise = ctx.plugins.exercises.get(test.name)
    if exercise is not None:
        return _exercise_test(ctx, test, exercise)
    measure = ctx.plugins.assessment_measures.get(test.name)
    if measure is not None:
        return _measure_test(ctx, test, measure)
    names = [*ctx.plugins.exercises.names(), *ctx.plugins.assessment_measures.names()]
    ctx.report(
        test.name_span,
        "E133",
        f"unknown assessment test `{test.name}`",
        did_you_mean(test.name, names)
        or "a test is a catalog exercise or a measure; `stridelift plugins --all` lists both",
    )
    return None


def _sides(ctx: CheckContext, test: ast.AssessmentTest, unilateral: bool) -> None:
    if test.per_side and not unilateral:
        ctx.report(
            test.span,
            "W207",
            f"`{test.name}` works both sides at once; `per side` asks for two results",
            "remove `per side`",
        )
    elif unilateral and not test.per_side:
        ctx.report(
            test.span,
            "W207",
            f"`{test.name}` is one-sided; test it `per side` so each side is logged "
            "and the difference between them is seen",
            "add `per side`",
        )


def _exercise_test(
    ctx: CheckContext, test: ast.AssessmentTest, exercise: Exercise
) -> TestSpec | None:
    _sides(ctx, test, exercise.unilateral)
    if ctx.program is not None and not any(ctx.has(n) for n in exercise.equipment):
        needs = " or ".join(f"`{n}`" for n in exercise.equipment)
        ctx.report(
            test.name_span,
            "E102",
            f"`{test.name}` needs {needs}, which the program does not declare",
            "test an exercise the athlete can do with the program's equipment",
        )
    if test.kind == "rep_max":
        if exercise.measure != "reps" or exercise.equipment == ("bodyweight",):
            how = "reps to failure" if exercise.measure == "reps" else _unit_words(exercise)
            ctx.report(
                test.kind_span,
                "E134",
                f"a rep max needs a load; `{test.name}` is done without one",
                f"test it as `{test.name} {how}`",
            )
            return None
        assert test.reps is not None
        if not ctx.within(test.reps, "rep_max", test.kind_span, f"a {test.reps} rep max"):
            return None
        return TestSpec(
            test.name, "rep_max", "load", test.reps, None, test.per_side, pattern=exercise.pattern
        )
    if test.kind == "to_failure":
        if exercise.measure != "reps":
            ctx.report(
                test.kind_span,
                "E134",
                f"`{test.name}` is measured in {exercise.measure}, not reps",
                f"test it as `{test.name} {_unit_words(exercise)}`",
            )
            return None
        return TestSpec(
            test.name, "to_failure", "reps", None, None, test.per_side, pattern=exercise.pattern
        )
    allowed = _EXERCISE_UNITS.get(exercise.measure, ())
    if test.unit not in allowed:
        how = f"`{test.name} {allowed[0]}`" if allowed else f"`{test.name} reps to failure`"
        ctx.report(
            test.kind_span,
            "E134",
            f"`{test.name}` is measured in {exercise.measure}, not `{test.unit}`",
            f"test it as {how}, or as `{test.name} 5 rep max` with a load",
        )
        return None
    dimension = "time" if exercise.measure == "seconds" else "length"
    return TestSpec(
        test.name, "measure", dimension, None, test.unit, test.per_side, pattern=exercise.pattern
    )


def _measure_test(
    ctx: CheckContext, test: ast.AssessmentTest, measure: AssessmentMeasure
) -> TestSpec | None:
    _sides(ctx, test, measure.unilateral)
    if test.kind != "measure" or test.unit not in measure.units:
        units = " or ".join(f"`{u}`" for u in measure.units)
        wrote = "a rep max" if test.kind == "rep_max" else "reps to failure"
        said = f"`{test.unit}`" if test.kind == "measure" else wrote
        ctx.report(
            test.kind_span,
            "E134",
            f"`{test.name}` is a {measure.dimension}, measured in {units}, not {said}",
            f"write `{test.name} {measure.units[0]}"
            + (" per side`" if measure.unilateral else "`"),
        )
        return None
    return TestSpec(
        test.name,
        "measure",
        measure.dimension,
        None,
        test.unit,
        test.per_side,
        measure.better,
        exercise=False,
    )


def _unit_words(exercise: Exercise) -> str:
    words = {"seconds": "s", "distance": "m"}.get(exercise.measure, "reps to failure")
    return words + " per side" if exercise.unilateral else words
