"""Generated stride programs for benchmarks and property tests.

:func:`generate_program` writes one large, realistic program as a coach would:
a full header, many sessions with warm-up blocks, main lifts, accessory
supersets and circuits, cool-downs, comments and cues, and a few progression and
rule definitions of its own. It uses only catalog exercises and loads that exist
on the declared equipment, so it checks as well as parses.

:func:`generate_corpus` writes many small programs and fragments that between
them use every construct of the grammar, laid out untidily on purpose (odd
indentation, blank lines, ``;`` separators, one-line blocks, comments at every
place a line can end). They are valid syntax, not necessarily sensible programs.

Both are deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from stridelift.core.hooks.records import PATTERNS

__all__ = ["EXERCISES", "generate_corpus", "generate_program"]

# ---------------------------------------------------------------- exercises

KETTLEBELLS = (8, 12, 16, 20, 24, 32)
DUMBBELLS = tuple(range(2, 41, 2))
BANDS = ("light", "medium", "heavy")


@dataclass(frozen=True, slots=True)
class _Exercise:
    name: str
    per_side: bool = False
    measure: str = "reps"  # reps, seconds or distance
    loading: str = (
        "bodyweight"  # weights, weights_or_bodyweight, bands, band_or_bodyweight, bodyweight
    )
    loads: tuple[int, ...] = ()  # sensible kg loads for this exercise
    cues: tuple[str, ...] = ()


def _kg(low: int, high: int) -> tuple[int, ...]:
    return tuple(kg for kg in sorted({*KETTLEBELLS, *DUMBBELLS}) if low <= kg <= high)


EXERCISES: dict[str, _Exercise] = {
    e.name: e
    for e in (
        _Exercise(
            "goblet_squat",
            loading="weights",
            loads=_kg(12, 32),
            cues=("elbows inside the knees", "sit between the heels"),
        ),
        _Exercise("front_squat", loading="weights", loads=_kg(20, 40)),
        _Exercise(
            "kettlebell_swing",
            loading="weights",
            loads=_kg(12, 32),
            cues=("snap the hips, float the bell", "plank at the top"),
        ),
        _Exercise("kettlebell_deadlift", loading="weights", loads=_kg(16, 40)),
        _Exercise(
            "romanian_deadlift",
            loading="weights",
            loads=_kg(12, 40),
            cues=("soft knees, push the hips back",),
        ),
        _Exercise(
            "single_leg_romanian_deadlift",
            per_side=True,
            loading="weights_or_bodyweight",
            loads=_kg(8, 24),
            cues=("square hips", "reach long through the back heel"),
        ),
        _Exercise(
            "bulgarian_split_squat",
            per_side=True,
            loading="weights_or_bodyweight",
            loads=_kg(6, 24),
            cues=("front shin vertical",),
        ),
        _Exercise("split_squat", per_side=True, loading="weights_or_bodyweight", loads=_kg(6, 24)),
        _Exercise(
            "reverse_lunge", per_side=True, loading="weights_or_bodyweight", loads=_kg(6, 20)
        ),
        _Exercise(
            "step_up",
            per_side=True,
            loading="weights_or_bodyweight",
            loads=_kg(6, 20),
            cues=("drive through the whole foot",),
        ),
        _Exercise(
            "standing_calf_raise",
            loading="weights_or_bodyweight",
            loads=_kg(8, 32),
            cues=("full range, pause at the top",),
        ),
        _Exercise(
            "single_leg_calf_raise",
            per_side=True,
            loading="weights_or_bodyweight",
            loads=_kg(4, 20),
        ),
        _Exercise(
            "farmers_carry",
            measure="distance",
            loading="weights",
            loads=_kg(16, 40),
            cues=("tall and quiet",),
        ),
        _Exercise(
            "suitcase_carry",
            per_side=True,
            measure="distance",
            loading="weights",
            loads=_kg(12, 32),
            cues=("do not lean",),
        ),
        _Exercise("glute_bridge", loading="weights_or_bodyweight", loads=_kg(12, 40)),
        _Exercise("hip_thrust", loading="weights_or_bodyweight", loads=_kg(16, 40)),
        _Exercise("band_lateral_walk", per_side=True, loading="bands"),
        _Exercise("clamshell", per_side=True, loading="band_or_bodyweight"),
        _Exercise("copenhagen_plank", per_side=True, measure="seconds"),
        _Exercise("side_plank", per_side=True, measure="seconds", cues=("stack the hips",)),
        _Exercise("pallof_press", per_side=True, loading="bands", cues=("resist the rotation",)),
        _Exercise("push_up", cues=("body in one line",)),
        _Exercise("inverted_row"),
        _Exercise("pogo_hop", cues=("stiff ankles, quick contacts",)),
        _Exercise("box_jump", cues=("land softly, step down",)),
        _Exercise("hip_flexor_stretch", per_side=True, measure="seconds"),
        _Exercise("calf_stretch", per_side=True, measure="seconds"),
    )
}

# ``front_squat`` needs a barbell, which the generated program does not declare.
_PROGRAM_EXERCISES = tuple(name for name in EXERCISES if name != "front_squat")
_MAIN = (
    "goblet_squat",
    "kettlebell_swing",
    "kettlebell_deadlift",
    "romanian_deadlift",
    "hip_thrust",
    "bulgarian_split_squat",
    "single_leg_romanian_deadlift",
    "step_up",
)
_ACCESSORY = (
    "split_squat",
    "reverse_lunge",
    "step_up",
    "standing_calf_raise",
    "single_leg_calf_raise",
    "glute_bridge",
    "clamshell",
    "copenhagen_plank",
    "side_plank",
    "pallof_press",
    "push_up",
    "inverted_row",
    "suitcase_carry",
    "farmers_carry",
    "band_lateral_walk",
    "single_leg_romanian_deadlift",
)
_WARMUP = (
    "hip_flexor_stretch",
    "glute_bridge",
    "band_lateral_walk",
    "clamshell",
    "pogo_hop",
    "calf_stretch",
    "push_up",
    "inverted_row",
)
_POWER = ("pogo_hop", "box_jump", "kettlebell_swing")
_COOLDOWN = ("calf_stretch", "hip_flexor_stretch")
_PATTERNS = PATTERNS  # every movement pattern the checker knows
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_SESSION_TITLES = (
    "Squat and hinge",
    "Single-leg strength",
    "Hips and calves",
    "Power and stiffness",
    "Full body",
    "Posterior chain",
    "Easy-day strength",
    "Pre-long-run primer",
    "Hill prep",
    "Stability and core",
)
_COMMENTS = (
    "keep this short on race weeks",
    "swap for step_up if the knee complains",
    "athlete reported tight calves: go easy",
    "after the easy run, not before intervals",
    "progress only if the long run went well",
    "add a set in the build block",
    "form first: film one set",
    "rest as long as needed for quality",
    "cut if time is short",
    "TODO: check the bell sizes at the gym",
    "same as last block",
    "quality over quantity",
    "heavy day",
    "light day",
    "watch the left hip",
    "from the physio's plan",
)
_HEADINGS = (
    "Warm-up and main lifts",
    "Single-leg work",
    "Calves and feet",
    "Power",
    "Hip stability",
    "Core",
    "Week focus: strength",
    "Week focus: stiffness",
)

# ---------------------------------------------------------------- one realistic program


class _ProgramWriter:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lines: list[str] = []
        self.custom_progressions: list[str] = []

    def add(self, text: str, level: int, comment_chance: float = 0.0) -> None:
        line = "  " * level + text
        if comment_chance and self.rng.random() < comment_chance:
            line += "  # " + self.rng.choice(_COMMENTS)
        self.lines.append(line)

    def load(self, ex: _Exercise, heavy: bool = False) -> str:
        rng = self.rng
        if ex.loading == "bands":
            return f"band {rng.choice(BANDS)}"
        if ex.loading == "band_or_bodyweight":
            return rng.choice(("bodyweight", f"band {rng.choice(BANDS)}"))
        if ex.loading == "weights" or (
            ex.loading == "weights_or_bodyweight" and rng.random() < 0.6
        ):
            loads = ex.loads
            pick = loads[len(loads) // 2 :] if heavy else loads
            return f"{rng.choice(pick)}kg"
        return "bodyweight"

    def prescription(self, ex: _Exercise, sets: int | None) -> str:
        rng = self.rng
        if ex.measure == "seconds":
            amount = f"{rng.choice((20, 30, 30, 45, 60))}s"
        elif ex.measure == "distance":
            amount = f"{rng.choice((20, 30, 40, 40, 50))}m"
        elif sets is not None and rng.random() < 0.25:
            low = rng.choice((5, 6, 8, 10))
            amount = f"{low}..{low + rng.choice((2, 4))}"
        else:
            amount = str(rng.choice((5, 6, 8, 8, 10, 12, 15)))
        text = amount if sets is None else f"{sets} x {amount}"
        return text + " per side" if ex.per_side else text

    def progress(self, ex: _Exercise, load: str) -> str | None:
        rng = self.rng
        if load.endswith("kg"):
            options = [
                "double(8..12, +4kg)",
                "linear(+4kg, every: 2 weeks)",
                "rpe_load(8)",
                "linear(+2kg)",
                "double(6..10, +2kg)",
            ]
            options += [f"{name}(8..12, +2kg)" for name in self.custom_progressions[-3:]]
            return rng.choice(options)
        if load == "bodyweight" and ex.measure == "reps" and rng.random() < 0.5:
            return "ladder"
        return None

    def exercise(
        self, name: str, sets: int | None, *, main: bool = False, options: bool = True
    ) -> str:
        rng = self.rng
        ex = EXERCISES[name]
        parts = [name, self.prescription(ex, sets)]
        if not options:
            return " ".join(parts)
        load = self.load(ex, heavy=main) if ex.loading != "bodyweight" else "bodyweight"
        if ex.loading != "bodyweight" or rng.random() < 0.2:
            parts.append(f"@ {load}")
            if load.endswith("kg") and rng.random() < 0.3:
                parts.append(rng.choice(("rpe 7", "rpe 8", "rpe 7.5", "rir 2", "rir 3")))
        elif rng.random() < 0.15:
            parts.append(rng.choice(("@ rpe 7", "@ rir 3")))
        if main and rng.random() < 0.4:
            parts.append(f"tempo {rng.choice(('2-0-1-0', '3-1-1-0', '3-0-X-0', '2-1-1-1'))}")
        if sets is not None and rng.random() < 0.6:
            parts.append(f"rest {rng.choice(('45s', '60s', '90s', '2min', '3min'))}")
        if sets is not None:
            progression = self.progress(ex, load)
            if progression is not None and rng.random() < 0.7:
                parts.append(f"progress {progression}")
        if ex.cues and rng.random() < 0.3:
            parts.append(f'cue "{rng.choice(ex.cues)}"')
        return " ".join(parts)

    def session(self, index: int) -> None:
        rng = self.rng
        if rng.random() < 0.5:
            self.add(f"# {rng.choice(_HEADINGS)}", 1)
        title = rng.choice(_SESSION_TITLES)
        self.add(f'session S{index} "{title}" {{', 1, 0.05)
        # warm-up block
        self.add(f"warmup {rng.choice((8, 10, 12))}min {{", 2)
        for name in rng.sample(_WARMUP, rng.randint(2, 4)):
            self.add(self.exercise(name, rng.choice((1, 2)), options=rng.random() < 0.3), 3, 0.1)
        self.add("}", 2)
        # main lifts
        if rng.random() < 0.3:
            self.add(f"main {self.exercise(rng.choice(_POWER), rng.choice((3, 4)))}", 2, 0.1)
        for name in rng.sample(_MAIN, rng.randint(1, 3)):
            self.add(f"main {self.exercise(name, rng.choice((3, 4, 5)), main=True)}", 2, 0.15)
        if rng.random() < 0.4:
            self.add(f"# {rng.choice(_HEADINGS)}", 2)
        for name in rng.sample(_ACCESSORY, rng.randint(1, 3)):
            self.add(f"accessory {self.exercise(name, rng.choice((2, 3)))}", 2, 0.15)
        roll = rng.random()
        if roll < 0.4:
            rest = f" rest {rng.choice(('60s', '90s'))}" if rng.random() < 0.6 else ""
            self.add(f"accessory superset{rest} {{", 2, 0.1)
            for name in rng.sample(_ACCESSORY, 2):
                self.add(self.exercise(name, 3), 3, 0.1)
            self.add("}", 2)
        elif roll < 0.8:
            rounds, rest = rng.choice((2, 3, 4)), rng.choice(("60s", "90s"))
            self.add(f"accessory circuit {rounds} rounds rest {rest} {{", 2)
            for name in rng.sample(_ACCESSORY, rng.randint(2, 4)):
                self.add(self.exercise(name, None), 3, 0.1)
            self.add("}", 2)
        else:
            self.add(f"accessory {rng.choice((10, 12, 15))}min {{", 2)
            for name in rng.sample(_ACCESSORY, 2):
                self.add(self.exercise(name, rng.choice((2, 3))), 3)
            self.add(f"circuit {rng.choice((2, 3))} rounds {{", 3)
            for name in rng.sample(_ACCESSORY, 2):
                self.add(self.exercise(name, None), 4)
            self.add("}", 3)
            self.add("}", 2)
        # cool-down
        stretch = rng.choice(_COOLDOWN)
        if rng.random() < 0.6:
            self.add(f"cooldown {rng.choice((5, 8, 10))}min {{ {stretch} 2 x 30s per side }}", 2)
        else:
            self.add("cooldown {", 2)
            for name in _COOLDOWN:
                self.add(f"{name} {rng.choice((1, 2))} x {rng.choice((30, 45))}s per side", 3)
            self.add("}", 2)
        self.add("}", 1, 0.05)
        self.lines.append("")

    def progression(self, index: int) -> None:
        rng = self.rng
        name = f"careful_double_{index}"
        effort = rng.choice((7, 8, 8.5))
        limit = rng.choice((6, 7, 8))
        self.add(f"# Double progression that backs off when recovery is poor ({index}).", 1)
        self.add(
            f"progression {name}(low..high: reps, step: load, effort: number = {effort}) {{", 1
        )
        hold = rng.choice(('hold, note "hold until it moves well"', "hold", "regress"))
        self.add(f"when form is poor or soreness >= {limit}: {hold}", 2)
        self.add("when completed and reps >= high and rpe <= effort: load += step, reps = low", 2)
        self.add(
            rng.choice(
                (
                    "when completed and rpe <= effort: reps += 1",
                    "when completed and not (rpe > effort or fatigue >= 7): reps += 1",
                    "when completed and rpe <= effort - 0.5 and form is not poor: reps += 1",
                )
            ),
            2,
            0.2,
        )
        self.add(
            rng.choice(
                (
                    "when rpe >= 9.5 for 2 weeks: load -= 10%",
                    "when rpe >= effort + 1.5 for 2 weeks: load -= step * 2",
                    "when (rpe >= 9 or fatigue >= 8) for 3 weeks: deload",
                )
            ),
            2,
            0.2,
        )
        self.add("otherwise: hold", 2)
        self.add("}", 1)
        self.lines.append("")
        self.custom_progressions.append(name)

    def rule(self, index: int) -> None:
        rng = self.rng
        scope = rng.choice(
            (
                f"accessory, pattern {rng.choice(_PATTERNS)}",
                f"main, pattern {rng.choice(('squat', 'hinge', 'single_leg'))}",
                f"session S{rng.randint(1, max(1, index))}",
                f"{rng.choice(_MAIN)}, {rng.choice(_ACCESSORY)}",
            )
        )
        self.add(f'rule "fatigue cuts volume first ({index})" in {scope} {{', 1)
        self.add(f"when fatigue >= {rng.choice((6, 7, 8))} or soreness >= 7: sets -= 1", 2, 0.2)
        if rng.random() < 0.5:
            self.add('when sleep < 6 for 2 weeks: sets -= 1, note "protect recovery"', 2)
        self.add("}", 1)
        self.lines.append("")


def generate_program(lines: int = 5000, seed: int = 0) -> str:
    """A valid, realistic program of roughly ``lines`` lines."""
    rng = random.Random(seed)
    w = _ProgramWriter(rng)
    w.lines += [
        "# Generated strength program for runners.",
        "# Two or three short sessions a week around the running plan.",
        f'program "Runner strength, generated (seed {seed})" {{',
        "  units kg",
        "  equipment kettlebell 8kg 12kg 16kg 20kg 24kg 32kg, dumbbells 2kg to 40kg by 2kg, "
        "bands light medium heavy, bodyweight",
        "  weeks 12",
        "  periodization block(base: 6, build: 4, taper: 2)",
        "  deload every 4 weeks  # the build block ends on a deload",
        "  schedule mon: S1, wed: S2, fri: S3",
        f"  time budget {rng.choice((40, 45, 60))}min",
        "",
    ]
    index = 0
    while len(w.lines) < lines - 1:
        index += 1
        w.session(index)
        if index % 8 == 0:
            w.progression(index // 8)
        if index % 12 == 0:
            w.rule(index // 12)
    while w.lines and not w.lines[-1]:
        w.lines.pop()
    w.lines.append("}")
    return "\n".join(w.lines) + "\n"


# ---------------------------------------------------------------- many small untidy programs

_NAMES = (
    "completed",
    "reps",
    "rpe",
    "rir",
    "form",
    "fatigue",
    "soreness",
    "sleep",
    "load",
    "sets",
    "eccentric",
    "low",
    "high",
    "step",
    "effort",
    "streak",
    "week",
)
_WORDS = ("poor", "good", "taper", "base", "build")
_UNITS = ("kg", "lb", "s", "min", "m", "km", "%")
_NOTES = ("slow down", 'say \\"easy\\"', "back\\\\slash", 'keep \\"quiet\\"', "deload now")
_ODD_COMMENTS = (
    "#",
    "# note: { not a block }",
    '# "quoted" #hash',
    "#no space",
    "# ünïcødé ✓",
    "#   spaced   ",
)


class _Fuzzer:
    """Writes one small program or fragment, using the grammar's constructs at random."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.budget = 0

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # ---------------------------------------------------- values

    def number(self) -> str:
        rng = self.rng
        return rng.choice(
            (str(rng.randint(0, 20)), f"{rng.randint(0, 12)}.{rng.choice((5, 25, 75))}")
        )

    def quantity(self, units: Sequence[str] = _UNITS) -> str:
        unit = self.rng.choice(units)
        value = self.number() if self.chance(0.3) else str(self.rng.randint(1, 60))
        return value + unit

    # ---------------------------------------------------- expressions, by grammar level

    def grow(self, p: float) -> bool:
        """Whether to make an expression bigger: less likely as it grows."""
        if self.budget <= 0 or not self.chance(p):
            return False
        self.budget -= 1
        return True

    def condition(self, depth: int, budget: int = 6) -> str:
        if depth >= 2:
            self.budget = budget
        text = self.or_expr(depth)
        if self.chance(0.2):
            count = self.rng.choice(("1", "2", "3", "streak", "every"))
            text += f" for {count} {self.rng.choice(('weeks', 'week'))}"
        return text

    def expr(self, depth: int, budget: int = 4) -> str:
        self.budget = budget
        return self.or_expr(depth)

    def _chain(self, op: str, item: str, depth: int) -> str:
        count = 1
        while count < 3 and self.grow(0.3):
            count += 1
        make = getattr(self, item)
        return f" {op} ".join(make(depth) for _ in range(count))

    def or_expr(self, depth: int) -> str:
        return self._chain("or", "and_expr", depth)

    def and_expr(self, depth: int) -> str:
        return self._chain("and", "not_expr", depth)

    def not_expr(self, depth: int) -> str:
        if self.grow(0.15):
            return "not " + self.not_expr(depth)
        return self.comparison(depth)

    def comparison(self, depth: int) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            op = self.rng.choice(("==", "!=", "<", "<=", ">", ">="))
            return f"{self.sum(depth)} {op} {self.sum(depth)}"
        if roll < 0.55:
            return f"{self.sum(depth)} is {self.rng.choice(_WORDS)}"
        if roll < 0.65:
            return f"{self.sum(depth)} is not {self.rng.choice(_WORDS)}"
        return self.sum(depth)

    def sum(self, depth: int) -> str:
        text = self.product(depth)
        while self.grow(0.25):
            text += f" {self.rng.choice('+-')} {self.product(depth)}"
        return text

    def product(self, depth: int) -> str:
        text = self.unary(depth)
        while self.grow(0.2):
            text += f" {self.rng.choice('*/')} {self.unary(depth)}"
        return text

    def unary(self, depth: int) -> str:
        if self.grow(0.1):
            return self.rng.choice("+-") + self.unary(depth)
        return self.atom(depth)

    def atom(self, depth: int) -> str:
        if depth > 0 and self.grow(0.25):
            return f"({self.condition(depth - 1)})"
        roll = self.rng.random()
        if roll < 0.3:
            return self.number()
        if roll < 0.45:
            return self.quantity(("kg", "%", "s"))
        return self.rng.choice(_NAMES)

    # ---------------------------------------------------- calls, loads, exercises

    def arg_value(self) -> str:
        roll = self.rng.random()
        if roll < 0.25:
            low = self.rng.randint(3, 10)
            return f"{low}..{low + self.rng.randint(0, 6)}"
        if roll < 0.4:
            count = self.rng.randint(1, 4)
            return f"{count} {self.rng.choice(('weeks', 'week'))}"
        return self.expr(1)

    def call(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            return rng.choice(("ladder", "ladder()"))
        if roll < 0.5:
            return rng.choice(
                (
                    "double(8..12, +4kg)",
                    "linear(+4kg, every: 2 weeks)",
                    "rpe_load(8)",
                    "linear(step: 2.5kg, every: 1 week, effort: 7.5)",
                    "rpe_load(target: 8, step: 5%)",
                )
            )
        args = []
        for _ in range(rng.randint(0, 3)):
            value = self.arg_value()
            args.append(f"{rng.choice(_NAMES)}: {value}" if self.chance(0.4) else value)
        return f"{rng.choice(('double', 'linear', 'custom', 'wave'))}({', '.join(args)})"

    def load(self) -> str:
        rng = self.rng
        return rng.choice(
            (
                f"{rng.choice(KETTLEBELLS)}kg",
                f"{rng.choice(DUMBBELLS)}.5kg",
                "bodyweight",
                f"band {rng.choice(BANDS)}",
                f"{rng.choice((60, 70, 75, 82.5))}% 1rm",
                f"{rng.randint(20, 100)}lb",
            )
        )

    def effort(self) -> str:
        rng = self.rng
        return rng.choice((f"rpe {rng.choice((6, 7, 7.5, 8, 9, 9.5))}", f"rir {rng.randint(0, 4)}"))

    def tempo(self) -> str:
        rng = self.rng
        figures = [rng.choice("0123X") for _ in range(rng.choice((4, 4, 4, 3)))]
        return "-".join(figures)

    def exercise(self, in_circuit: bool = False) -> str:
        rng = self.rng
        name = rng.choice(tuple(EXERCISES))
        ex = EXERCISES[name]
        parts = [name]
        roll = rng.random()
        if roll < 0.9:
            sets = None if in_circuit and self.chance(0.6) else rng.randint(1, 5)
            kind = rng.random()
            if ex.measure == "seconds" or kind < 0.1:
                amount = f"{rng.choice((20, 30, 45))}s"
            elif ex.measure == "distance" or kind < 0.15:
                amount = f"{rng.choice((20, 40))}m"
            elif kind < 0.3:
                low = rng.randint(5, 10)
                amount = f"{low}..{low + rng.randint(1, 5)}"
            elif kind < 0.4:
                amount = "amrap"
            else:
                amount = str(rng.randint(1, 20))
            text = amount if sets is None else f"{sets} x {amount}"
            if ex.per_side or self.chance(0.1):
                text += " per side"
            parts.append(text)
        options = []
        roll = rng.random()
        if roll < 0.5:
            options.append(f"@ {self.load()}" + (f" {self.effort()}" if self.chance(0.3) else ""))
        elif roll < 0.65:
            options.append(f"@ {self.effort()}")
        if self.chance(0.3):
            options.append(f"tempo {self.tempo()}")
        if self.chance(0.35):
            options.append(f"rest {self.quantity(('s', 'min'))}")
        if self.chance(0.35):
            options.append(f"progress {self.call()}")
        if self.chance(0.2):
            options.append(f"cue {self.string()}")
        rng.shuffle(options)
        return " ".join(parts + options)

    def string(self) -> str:
        return (
            '"'
            + self.rng.choice(
                (
                    "keep it smooth",
                    'say \\"go\\"',
                    "a\\\\b",
                    "",
                    "ünï ✓",
                    "hips # not a comment",
                    "{ braces }",
                )
            )
            + '"'
        )

    # ---------------------------------------------------- blocks

    def block(self, head: str, items: list[list[str]]) -> list[str]:
        """``head { ... }``: multi-line, or all on one line when every item is one line."""
        if all(len(item) == 1 for item in items) and self.chance(0.25):
            inner = "; ".join(item[0] for item in items)
            return [f"{head} {{ {inner} }}" if inner else f"{head} {{}}"]
        lines = [f"{head} {{"]
        for item in items:
            lines += ["  " + line for line in item]
        lines.append("}")
        return lines

    def group(self) -> list[str]:
        rng = self.rng
        kind = rng.choice(("superset", "circuit"))
        head = kind
        if kind == "circuit" and self.chance(0.8):
            head += f" {rng.randint(2, 5)} rounds"
        if self.chance(0.5):
            head += f" rest {self.quantity(('s', 'min'))}"
        count = rng.choice((0, 1, 2, 2, 3))
        return self.block(
            head, [[self.exercise(in_circuit=kind == "circuit")] for _ in range(count)]
        )

    def phase(self) -> list[str]:
        rng = self.rng
        kind = rng.choice(("warmup", "main", "main", "accessory", "cooldown"))
        head = kind + (f" {self.quantity(('min', 's'))}" if self.chance(0.3) else "")
        roll = rng.random()
        if roll < 0.5:
            return [f"{head} {self.exercise()}"]
        if roll < 0.65:
            group = self.group()
            return [f"{head} {group[0]}", *group[1:]]
        entries: list[list[str]] = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            entries.append(self.group() if self.chance(0.25) else [self.exercise()])
        return self.block(head, entries)

    def session(self, name: str) -> list[str]:
        title = f" {self.string()}" if self.chance(0.6) else ""
        return self.block(
            f"session {name}{title}", [self.phase() for _ in range(self.rng.randint(0, 5))]
        )

    def param(self) -> str:
        rng = self.rng
        if self.chance(0.25):
            text = f"{rng.choice(('low', 'lo'))}..{rng.choice(('high', 'hi'))}"
            return text + (f": {rng.choice(('reps', 'number'))}" if self.chance(0.5) else "")
        text = rng.choice(("step", "effort", "every", "streak", "target"))
        if self.chance(0.5):
            text += f": {rng.choice(('load', 'number', 'weeks', 'percent'))}"
        if self.chance(0.5):
            text += f" = {self.arg_value()}"
        return text

    def action(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            target = rng.choice(("load", "reps", "sets", "rest", "effort"))
            return f"{target} {rng.choice(('=', '+=', '-=', '*='))} {self.expr(1)}"
        if roll < 0.55:
            return f"tempo {rng.choice(('=', '+=', '-='))} " + rng.choice(
                (self.tempo(), "1", "eccentric + 1", "slowest")
            )
        if roll < 0.8:
            return rng.choice(("hold", "deload", "advance", "regress"))
        return f'note "{rng.choice(_NOTES)}"'

    def clauses(self) -> list[list[str]]:
        clauses = []
        for _ in range(self.rng.randint(0, 4)):
            actions = ", ".join(self.action() for _ in range(self.rng.randint(1, 3)))
            clauses.append([f"when {self.condition(2)}: {actions}"])
        if self.chance(0.6):
            actions = ", ".join(self.action() for _ in range(self.rng.randint(1, 2)))
            clauses.append([f"otherwise: {actions}"])
        return clauses

    def progression(self) -> list[str]:
        rng = self.rng
        head = f"progression {rng.choice(('double', 'linear', 'mine', 'wave', 'p'))}"
        roll = rng.random()
        if roll < 0.7:
            head += "(" + ", ".join(self.param() for _ in range(rng.randint(1, 3))) + ")"
        elif roll < 0.8:
            head += "()"
        return self.block(head, self.clauses())

    def rule(self) -> list[str]:
        rng = self.rng
        head = f"rule {self.string()}"
        if self.chance(0.8):
            items = []
            for _ in range(rng.randint(1, 3)):
                items.append(
                    rng.choice(
                        (
                            rng.choice(("warmup", "main", "accessory", "cooldown")),
                            f"pattern {rng.choice(_PATTERNS)}",
                            f"session S{rng.randint(1, 3)}",
                            rng.choice(tuple(EXERCISES)),
                        )
                    )
                )
            head += " in " + ", ".join(items)
        return self.block(head, self.clauses())

    def header(self) -> list[list[str]]:
        rng = self.rng
        items: list[list[str]] = []
        if self.chance(0.8):
            items.append([f"units {rng.choice(('kg', 'lb'))}"])
        if self.chance(0.8):
            parts = []
            for _ in range(rng.randint(1, 4)):
                roll = rng.random()
                if roll < 0.3:
                    parts.append(
                        "kettlebell " + " ".join(f"{kg}kg" for kg in rng.sample(KETTLEBELLS, 3))
                    )
                elif roll < 0.5:
                    parts.append(f"dumbbells 2kg to {rng.choice((20, 30, 40))}kg by 2kg")
                elif roll < 0.7:
                    parts.append("bands " + " ".join(rng.sample(BANDS, rng.randint(1, 3))))
                elif roll < 0.8:
                    parts.append("barbell 20kg 2.5kg to 100kg by 2.5kg")
                else:
                    parts.append("bodyweight")
            items.append(["equipment " + ", ".join(parts)])
        if self.chance(0.8):
            items.append([f"weeks {rng.randint(4, 16)}"])
        if self.chance(0.6):
            items.append(
                [
                    rng.choice(
                        (
                            "periodization block(base: 6, build: 4, taper: 2)",
                            "periodization linear",
                            "periodization undulating()",
                            "periodization block(4, 4)",
                        )
                    )
                ]
            )
        if self.chance(0.7):
            items.append(
                [
                    rng.choice(
                        (
                            f"deload every {rng.randint(3, 5)} weeks",
                            "deload every 1 week",
                            "deload weeks 4, 8",
                            "deload weeks 6",
                            "deload none",
                        )
                    )
                ]
            )
        if self.chance(0.8):
            days = rng.sample(_DAYS, rng.randint(1, 3))
            items.append(["schedule " + ", ".join(f"{d}: S{i + 1}" for i, d in enumerate(days))])
        if self.chance(0.5):
            items.append([f"time budget {rng.choice(('30min', '45min', '1h', '50min'))}"])
        if self.chance(0.2):
            items.append([f'include "{rng.choice(("shared/warmups.stride", "lib.stride"))}"'])
        rng.shuffle(items)
        return items

    def body(self) -> list[list[str]]:
        rng = self.rng
        items = []
        for index in range(rng.randint(0, 3)):
            items.append(self.session(f"S{index + 1}"))
        if self.chance(0.5):
            items.append(self.progression())
        if self.chance(0.4):
            items.append(self.rule())
        if self.chance(0.15):
            items.append([f'include "extra{rng.randint(1, 3)}.stride"'])
        rng.shuffle(items)
        return items

    def document(self) -> list[list[str]]:
        if self.chance(0.7):
            program = self.block(f"program {self.string()}", self.header() + self.body())
            items = [program]
            if self.chance(0.2):
                items.insert(0, ['include "common.stride"'])
            return items
        return self.body() or [['include "only.stride"']]

    # ---------------------------------------------------- untidy layout

    def comment(self) -> str:
        if self.chance(0.2):
            return self.rng.choice(_ODD_COMMENTS)
        return "# " + self.rng.choice(_COMMENTS)

    def layout(self, items: list[list[str]]) -> str:
        """Join the lines with noise: indentation, blank lines, ``;`` and comments everywhere."""
        rng = self.rng
        lines = [line for item in items for line in [*item, ""]]
        out: list[str] = []
        if self.chance(0.3):
            out.append(self.comment())
        for line in lines:
            if not line:
                out.extend([""] * rng.choice((0, 1, 1, 2)))
                continue
            if self.chance(0.08):
                out.append(" " * rng.randint(0, 6) + self.comment())
            if self.chance(0.05):
                out.append("")
            stripped = line.lstrip(" ")
            depth = len(line) - len(stripped)
            indent = (
                " " * depth if self.chance(0.8) else rng.choice(("", "\t", " " * rng.randint(0, 9)))
            )
            text = indent + stripped
            if out and out[-1].strip() and "#" not in _strip_strings(out[-1]) and self.chance(0.06):
                out[-1] += rng.choice(("; ", ";", " ;  ")) + stripped
                continue
            if self.chance(0.12):
                text += rng.choice(("  ", " ", "\t")) + self.comment()
            elif self.chance(0.05):
                text += "   "
            out.append(text)
        while out and not out[-1]:
            out.pop()
        if self.chance(0.2):
            out.append(self.comment())
        end = rng.choice(("\n", "\n", "\n", "", "\n\n", "\r\n"))
        if end == "\r\n":
            return "\r\n".join(out) + end
        return "\n".join(out) + end


def _strip_strings(line: str) -> str:
    out: list[str] = []
    quoted = escaped = False
    for ch in line:
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
            continue
        if ch == '"':
            quoted = True
            continue
        out.append(ch)
    return "".join(out)


def generate_corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` small, untidy, syntactically valid programs and fragments."""
    rng = random.Random(seed)
    corpus: list[str] = []
    for _ in range(n):
        fuzzer = _Fuzzer(random.Random(rng.getrandbits(64)))
        corpus.append(fuzzer.layout(fuzzer.document()))
    return corpus
