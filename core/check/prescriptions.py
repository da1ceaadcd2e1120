"""Sessions and their lines: exercises, equipment, prescriptions, loads, effort and tempo."""

from __future__ import annotations

from stridelift.core.check.calls import advances, check_progress_call
from stridelift.core.check.context import DISTANCE, MASS, TIME, CheckContext, fmt
from stridelift.core.diagnostics import did_you_mean
from stridelift.core.hooks.records import Exercise
from stridelift.core.language import ast
from stridelift.core.units import LIMITS


def check_session(ctx: CheckContext, session: ast.Session) -> None:
    for phase in session.phases:
        if phase.duration is not None and ctx.expect_unit(
            phase.duration, TIME, "a phase's length", "10min"
        ):
            ctx.within_quantity(phase.duration, "phase_length", f"a {phase.kind} length")
        for entry in phase.entries:
            if isinstance(entry, ast.Group):
                if entry.rounds is not None:
                    ctx.within(entry.rounds, "rounds", entry.span, f"{fmt(entry.rounds)} rounds")
                if entry.rest is not None and ctx.expect_unit(entry.rest, TIME, "rest", "90s"):
                    ctx.within_quantity(entry.rest, "rest", "rest")
                if entry.kind == "superset" and len(entry.exercises) < 2:
                    ctx.report(
                        entry.span,
                        "E120",
                        "a superset alternates at least two exercises",
                        "add the partner exercise, or write the line on its own",
                    )
                for member in entry.exercises:
                    check_exercise(ctx, phase, member, entry)
            else:
                check_exercise(ctx, phase, entry, None)


def check_exercise(
    ctx: CheckContext, phase: ast.Phase, line: ast.ExerciseLine, group: ast.Group | None
) -> None:
    catalog = ctx.plugins.exercises
    exercise = catalog.get(line.name)
    ctx.exercises_used.append((ctx.path, phase, line, exercise))
    if exercise is None:
        ctx.report(
            line.name_span,
            "E101",
            f"unknown exercise `{line.name}`",
            did_you_mean(line.name, catalog.names())
            or "`stridelift plugins --all` lists the installed catalogs",
        )
    missing = exercise is not None and equipment_for(ctx, line, exercise)
    check_prescription(ctx, line, exercise, group)
    if line.load is not None and not missing:  # one finding per missing piece of kit
        check_load(ctx, line, exercise)
    if line.effort is not None:
        check_effort(ctx, line.effort)
    if line.tempo is not None:
        check_tempo(ctx, line.tempo)
    if line.rest is not None and ctx.expect_unit(line.rest, TIME, "rest", "90s"):
        ctx.within_quantity(line.rest, "rest", "rest")
    if line.progress is not None:
        check_progress_call(ctx, line.progress)
        if exercise is not None and exercise.harder is None and advances(ctx, line.progress):
            ctx.report(
                line.progress.span,
                "W210",
                f"`{line.progress.name}` can `advance` to a harder variant, but the catalog "
                f"has none after `{line.name}`; it will hold there",
                "use a progression that adds reps, tempo or load, or an exercise with a ladder",
            )


def equipment_for(ctx: CheckContext, line: ast.ExerciseLine, exercise: Exercise) -> bool:
    """Report an exercise none of whose equipment is declared; True when reported."""
    if ctx.program is None:
        return False  # a fragment: the including program's equipment decides
    if any(ctx.has(name) for name in exercise.equipment):
        return False
    needs = " or ".join(f"`{n}`" for n in exercise.equipment)
    substitutes = [
        name
        for name in exercise.substitutes
        if (sub := ctx.plugins.exercises.get(name)) is not None
        and any(n in ctx.available for n in sub.equipment)
    ]
    hint = (
        "with the declared equipment: " + ", ".join(f"`{s}`" for s in substitutes)
        if substitutes
        else f"add it to `equipment`, for example `{needs.strip('`').split('` or `')[0]}`"
    )
    ctx.report(
        line.name_span,
        "E102",
        f"`{line.name}` needs {needs}, which the program does not declare",
        hint,
    )
    return True


def check_prescription(
    ctx: CheckContext, line: ast.ExerciseLine, exercise: Exercise | None, group: ast.Group | None
) -> None:
    prescription = line.prescription
    if prescription is None:
        ctx.report(
            line.name_span,
            "E118",
            f"`{line.name}` has no prescription",
            "add sets and reps, for example `3 x 8`",
        )
        return
    in_rounds = group is not None and group.rounds is not None
    if prescription.sets is None and not in_rounds:
        ctx.report(
            prescription.span,
            "E118",
            f"`{line.name}` says how much but not how many sets",
            "write it as sets x reps, for example `3 x 8`, or put it in a circuit with rounds",
        )
    if prescription.sets is not None:
        ctx.within(prescription.sets, "sets", prescription.span, f"{fmt(prescription.sets)} sets")
    amount = prescription.amount
    if isinstance(amount, ast.RepRange):
        if amount.low > amount.high:
            ctx.report(
                amount.span,
                "E106",
                f"the rep range {amount.low}..{amount.high} runs backwards",
                f"write {amount.high}..{amount.low}",
            )
        elif ctx.within(amount.low, "reps", amount.span, f"a rep range from {fmt(amount.low)}"):
            ctx.within(amount.high, "reps", amount.span, f"a rep range to {fmt(amount.high)}")
    elif isinstance(amount, ast.Reps):
        ctx.within(amount.count, "reps", amount.span, f"{fmt(amount.count)} reps")
    elif isinstance(amount, ast.Measured):
        unit = amount.quantity.unit
        if unit not in TIME | DISTANCE:
            ctx.report(
                amount.quantity.span,
                "E104",
                f"`{fmt(amount.quantity.value)}{unit}` is not a time or a distance",
                "timed holds take seconds (30s), carries a distance (40m) or a time",
            )
        elif unit in TIME:
            ctx.within_quantity(amount.quantity, "hold", "a set's time")
        else:
            ctx.within_quantity(amount.quantity, "distance", "a set's distance")
    if exercise is None:
        return
    measure = exercise.measure
    if isinstance(amount, ast.Measured) and amount.quantity.unit in TIME | DISTANCE:
        is_time = amount.quantity.unit in TIME
        # Holds take a time; carries take a distance or a time; rep exercises take reps.
        fits = (measure == "seconds" and is_time) or measure == "distance"
        if not fits:
            example = {"reps": "3 x 8", "seconds": "3 x 30s", "distance": "3 x 40m"}[measure]
            ctx.report(
                amount.span,
                "W205",
                f"`{line.name}` is measured in {measure}, not "
                f"{'seconds' if is_time else 'distance'}",
                f"for example `{example}`",
            )
    elif measure != "reps" and isinstance(amount, ast.Reps | ast.RepRange | ast.Amrap):
        example = "3 x 30s" if measure == "seconds" else "3 x 40m"
        ctx.report(
            amount.span,
            "W205",
            f"`{line.name}` is measured in {measure}, not reps",
            f"for example `{example}`",
        )
    if prescription.per_side and not exercise.unilateral:
        ctx.report(
            prescription.span,
            "W207",
            f"`{line.name}` works both sides at once; `per side` doubles what it asks",
            "remove `per side`",
        )
    elif exercise.unilateral and not prescription.per_side:
        ctx.report(
            prescription.span,
            "W207",
            f"`{line.name}` is one-sided; say `per side` so the athlete logs each side",
            "add `per side` after the reps",
        )


def check_load(ctx: CheckContext, line: ast.ExerciseLine, exercise: Exercise | None) -> None:
    load = line.load
    if ctx.program is None and not isinstance(load, ast.PercentLoad):
        # A fragment has no equipment or units of its own; each program that
        # includes it checks these lines against its own.
        if isinstance(load, ast.WeightLoad) and load.quantity.unit not in MASS:
            ctx.mass(load.quantity, "a load")
        return
    if isinstance(load, ast.WeightLoad):
        quantity = load.quantity
        if quantity.unit == "%":
            ctx.report(
                quantity.span,
                "E104",
                f"`{fmt(quantity.value)}%` of what?",
                f"a percentage of the estimated 1RM is written `{fmt(quantity.value)}% 1rm`",
            )
            return
        if not ctx.mass(quantity, "a load") or not ctx.within_quantity(quantity, "load", "a load"):
            return
        if exercise is None:
            return
        sets = ctx.plugins.equipment_sets
        names = [sets.canonical(n) or n for n in exercise.equipment]
        if any(name in ctx.unreadable for name in names):
            return  # its sizes could not be read (E112); nothing to compare with
        implements = [
            (name, ctx.available[name])
            for name in names
            if name in ctx.available and ctx.available[name].loads
        ]
        if not implements:
            loaded = [n for n in exercise.equipment if n != "bodyweight"]
            if loaded:
                ctx.report(
                    quantity.span,
                    "E102",
                    f"a {fmt(quantity.value)}{ctx.units} `{line.name}` needs "
                    + " or ".join(f"`{n}`" for n in loaded)
                    + ", which the program does not declare",
                    "add the equipment, or prescribe `@ bodyweight`",
                )
            else:
                ctx.report(
                    quantity.span,
                    "E103",
                    f"`{line.name}` is a bodyweight exercise; it takes no weight",
                    "write `@ bodyweight` or drop the load",
                )
            return
        loads = sorted({w for _, a in implements for w in a.loads})
        if not any(abs(w - quantity.value) < 1e-6 for w in loads):
            lower = [w for w in loads if w < quantity.value]
            higher = [w for w in loads if w > quantity.value]
            near = [f"{fmt(w)}{ctx.units}" for w in (lower[-1:] + higher[:1])]
            declared = " or ".join(n for n, _ in implements)
            ctx.report(
                quantity.span,
                "E103",
                f"no {fmt(quantity.value)}{ctx.units} load on the declared {declared}",
                "nearest available: " + " or ".join(near) if near else None,
            )
    elif isinstance(load, ast.BandLoad):
        bands = ctx.available.get("bands")
        if bands is None:
            ctx.report(
                load.span,
                "E102",
                f"`band {load.level}` needs `bands`, which the program does not declare",
                "add `bands light medium heavy` to `equipment`",
            )
        elif load.level not in bands.levels:
            ctx.report(
                load.span,
                "E103",
                f"no `{load.level}` band; the program declares {', '.join(bands.levels)}",
                did_you_mean(load.level, bands.levels),
            )
    elif isinstance(load, ast.PercentLoad):
        if not ast.too_long(load.percent) and load.percent not in LIMITS["percent_1rm"]:
            ctx.report(
                load.span,
                "E120",
                f"{fmt(load.percent)}% of 1RM is not a training load",
                f"use {LIMITS['percent_1rm'].words}",
            )
        if exercise is not None and exercise.equipment == ("bodyweight",):
            ctx.report(
                load.span,
                "E103",
                f"`{line.name}` is a bodyweight exercise; a percentage of 1RM does not apply",
                "prescribe an effort instead, for example `@ rpe 8`",
            )


def check_effort(ctx: CheckContext, effort: ast.Effort) -> None:
    if ast.too_long(effort.value):
        return
    halves = (effort.value * 2).is_integer()
    if effort.kind == "rpe" and not (effort.value in LIMITS["rpe"] and halves):
        ctx.report(
            effort.span,
            "E120",
            f"RPE {fmt(effort.value)} is off the scale",
            f"use {LIMITS['rpe'].words}",
        )
    if effort.kind == "rir" and not (effort.value in LIMITS["rir"] and halves):
        hint = f"use {LIMITS['rir'].words} in half points"
        ctx.report(effort.span, "E120", f"RIR {fmt(effort.value)} is off the scale", hint)


def check_tempo(ctx: CheckContext, tempo: ast.Tempo) -> None:
    parts = tempo.parts
    bad = len(parts) != 4 or any(not (p.isdigit() or p in ("X", "x")) for p in parts)
    if bad:
        ctx.report(
            tempo.span,
            "E105",
            f"`{tempo.text}` is not a tempo",
            "four figures, lowering-pause-lifting-pause in seconds, X for explosive: 3-1-X-0",
        )
        return
    limit = LIMITS["tempo_phase"]
    for part in parts:
        if part.isdigit() and (len(part) > 2 or int(part) not in limit):
            ctx.report(
                tempo.span,
                "E120",
                f"a tempo phase of {part if len(part) <= 6 else part[:6] + '...'} seconds "
                f"in `{tempo.text if len(tempo.text) <= 24 else tempo.text[:24] + '...'}` "
                "is out of range",
                f"use {limit.words}: 3-1-X-0",
            )
            return
