"""Built-in periodization styles.

Each style says, for week ``n`` of a program, the phase name, the volume and
intensity multipliers, whether progression runs, whether the week is a deload,
and a rep target where the style sets one. Numbers follow the domain brief:
build phases go heavier (loads up a tenth, sets down; the brief's 3-6 reps are
the program's to write), tapers cut volume and hold intensity (Bosquet 2007:
the engine cuts a taper week's sets by the policy's ``taper_cut_first`` to
``taper_cut_last``, 41-60 %, more each week), in-season work maintains
(Ronnestad 2010). A style shapes the weeks; the engine applies a rise in
intensity or volume only when readiness allows (docs/engine.md#readiness).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from stridelift.core.hooks.records import ParamSpec, PeriodizationStyle, WeekPlan
from stridelift.core.hooks.specs import hookimpl
from stridelift.core.language import ast


def _int(args: Mapping[str, object], name: str, default: int) -> int:
    value = args.get(name, default)
    return int(value) if isinstance(value, int | float) else default


def _weeks(n: int) -> ast.WeeksValue:
    return ast.WeeksValue(float(n))


def _reps(n: int) -> ast.Number:
    return ast.Number(float(n))


# ---------------------------------------------------------------- constant


def constant_week(n: int, args: Mapping[str, object], weeks: int) -> WeekPlan:
    return WeekPlan(n, "training")


# ---------------------------------------------------------------- block

BLOCK_PHASES = ("base", "build", "in_season", "taper")


def block_week(n: int, args: Mapping[str, object], weeks: int) -> WeekPlan:
    base, build = _int(args, "base", 6), _int(args, "build", 4)
    season = _int(args, "in_season", 0)
    reps = _int(args, "build_reps", 0) or None
    if n <= base:
        # No rep target: a block says what kind of work dominates, the program's own
        # prescriptions and rules say how many reps (a style's target would override them).
        return WeekPlan(n, "base", note="build strength and capacity")
    if n <= base + build:
        # Pre-season (domain brief, "Periodization"): heavier main lifts, 3-6 reps at
        # 80 % 1RM or more; `build_reps` sets that rep target for loaded main lifts
        # whose progression does not set reps.
        return WeekPlan(
            n,
            "build",
            volume=0.85,
            intensity=1.1 if reps is None else _build_intensity(reps),
            reps=reps,
            note="heavier main lifts: loads up, sets x0.85"
            + (f", {reps} reps" if reps is not None else ""),
        )
    if n <= base + build + season:
        # In season (Ronnestad 2010): maintenance, the build's loads at fewer sets, no
        # increases; back-offs still run.
        return WeekPlan(
            n,
            "in_season",
            volume=0.6,
            intensity=1.1 if reps is None else _build_intensity(reps),
            reps=reps,
            progress=False,
            note="maintain: the build's loads, fewer sets, no increases",
        )
    return WeekPlan(
        n,
        "taper",
        volume=0.5,
        intensity=1.1 if reps is None else _build_intensity(reps),
        reps=reps,
        progress=False,
        taper=True,
        note="fewer sets each week, loads held at the build's; nothing heavy in the last days "
        "before the race",
    )


def _build_intensity(reps: int) -> float:
    """How much heavier the build's rep target is than an 8-rep base set at the same
    effort: the RTS chart's ratio (8 reps at RPE 7 is 11 to failure, 70.7 % 1RM; 5 at
    RPE 7 is 8, 78.6 %: x1.11), from ``core/training/rts.py``."""
    from stridelift.core.training.rts import percent_for

    return round(percent_for(reps + 3) / percent_for(11), 3)


def block_validate(args: Mapping[str, object], weeks: int) -> Sequence[str]:
    total = sum(_int(args, name, 0) for name in BLOCK_PHASES)
    problems = []
    if weeks and total != weeks:
        named = ", ".join(name for name in BLOCK_PHASES if _int(args, name, 0))
        problems.append(f"{named} add up to {total} weeks but the program runs {weeks}")
    taper = _int(args, "taper", 2)
    if taper > 3:
        problems.append(f"a {taper}-week taper is long; about 2 weeks is usual (Bosquet 2007)")
    reps = _int(args, "build_reps", 0)
    if reps and not 3 <= reps <= 6:
        problems.append(
            f"build_reps {reps}: the build's heavier main lifts are 3-6 reps (domain brief)"
        )
    return problems


# ---------------------------------------------------------------- linear and reverse linear


def linear_week(n: int, args: Mapping[str, object], weeks: int) -> WeekPlan:
    block = max(1, _int(args, "block", 4))
    index = (n - 1) // block
    start, step = _int(args, "start", 8), _int(args, "step", 2)
    reps = max(3, start - index * step)
    return WeekPlan(
        n,
        f"block{index + 1}",
        volume=max(0.6, 1.0 - 0.1 * index),
        intensity=1.0 + 0.05 * index,
        reps=reps,
    )


def reverse_linear_week(n: int, args: Mapping[str, object], weeks: int) -> WeekPlan:
    block = max(1, _int(args, "block", 4))
    index = (n - 1) // block
    start, step = _int(args, "start", 4), _int(args, "step", 2)
    reps = min(15, start + index * step)
    return WeekPlan(
        n,
        f"block{index + 1}",
        volume=1.0 + 0.05 * index,
        intensity=max(0.7, 1.0 - 0.05 * index),
        reps=reps,
    )


def block_length_validate(args: Mapping[str, object], weeks: int) -> Sequence[str]:
    block = _int(args, "block", 4)
    if not 2 <= block <= 6:
        return [f"blocks of {block} weeks; 2-6 weeks each is the usual range"]
    return []


# ---------------------------------------------------------------- undulating


def undulating_week(n: int, args: Mapping[str, object], weeks: int) -> WeekPlan:
    targets = (_int(args, "heavy", 5), _int(args, "moderate", 8), _int(args, "light", 12))
    return WeekPlan(n, "undulating", session_reps=targets, note="rep targets change by session")


# ---------------------------------------------------------------- in season


def in_season_week(n: int, args: Mapping[str, object], weeks: int) -> WeekPlan:
    volume = args.get("volume", 60.0)
    fraction = float(volume) / 100 if isinstance(volume, int | float) else 0.6
    return WeekPlan(
        n,
        "in_season",
        volume=fraction,
        intensity=1.0,
        progress=False,
        note="maintain: fewer sets, same loads, never more than about 10 days apart",
    )


STYLES: tuple[PeriodizationStyle, ...] = (
    PeriodizationStyle(
        "constant",
        (),
        constant_week,
        description="The same emphasis every week; progression alone drives change.",
        phases=("training",),
    ),
    PeriodizationStyle(
        "block",
        (
            ParamSpec("base", "weeks", _weeks(6)),
            ParamSpec("build", "weeks", _weeks(4)),
            ParamSpec("taper", "weeks", _weeks(2)),
            ParamSpec("in_season", "weeks", _weeks(0)),
            ParamSpec("build_reps", "reps", _reps(0), bounds=(0, 30)),
        ),
        block_week,
        description=(
            "Base, build (loads x1.1, sets x0.85; build_reps sets its 3-6 rep target), "
            "an optional in-season phase (the build's loads, 60 % of the sets) and taper "
            "(volume cut 41-60 %, loads held at the build's)."
        ),
        validate=block_validate,
        phases=BLOCK_PHASES,
    ),
    PeriodizationStyle(
        "linear",
        (
            ParamSpec("block", "weeks", _weeks(4)),
            ParamSpec("start", "reps", _reps(8)),
            ParamSpec("step", "reps", _reps(2)),
        ),
        linear_week,
        description="The rep target drops each block (8RM, 6RM, 4RM) as loads rise.",
        validate=block_length_validate,
    ),
    PeriodizationStyle(
        "reverse_linear",
        (
            ParamSpec("block", "weeks", _weeks(4)),
            ParamSpec("start", "reps", _reps(4)),
            ParamSpec("step", "reps", _reps(2)),
        ),
        reverse_linear_week,
        description="Loads fall and reps rise each block.",
        validate=block_length_validate,
    ),
    PeriodizationStyle(
        "undulating",
        (
            # Heavy to light sessions run from a few reps to about 15 (the 4-12RM
            # of domain.md, "Periodization"); 30 leaves room for a coach's own.
            ParamSpec("heavy", "reps", _reps(5), bounds=(1, 30)),
            ParamSpec("moderate", "reps", _reps(8), bounds=(1, 30)),
            ParamSpec("light", "reps", _reps(12), bounds=(1, 30)),
        ),
        undulating_week,
        description="Daily undulating: each session of the week has its own rep target.",
        phases=("undulating",),
    ),
    PeriodizationStyle(
        "in_season",
        # Maintenance (domain.md, "Periodization"): volume falls, never rises.
        (ParamSpec("volume", "percent", ast.Quantity(60.0, "%"), bounds=(10, 100)),),
        in_season_week,
        description="Maintenance while racing: fewer sets at the same loads, no progression.",
        phases=("in_season",),
    ),
)


@hookimpl
def register_periodization_styles() -> Iterable[PeriodizationStyle]:
    return STYLES
