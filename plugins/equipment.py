"""Built-in equipment sets: bodyweight, bands, kettlebells, dumbbells and a barbell gym.

Loads are discrete: a runner who owns 16kg and 24kg kettlebells cannot lift
20kg, so every set resolves what the program lists into the exact loads (or
band levels) the athlete has, in the program's units.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from stridelift.core.hooks.records import (
    Availability,
    EquipmentSet,
    EquipmentValue,
    EquipmentValueError,
)
from stridelift.core.hooks.specs import hookimpl
from stridelift.core.language import ast

DEFAULT_BAND_LEVELS = ("light", "medium", "heavy")
MAX_RANGE_STEPS = 500
# A bar and plates a commercial gym has (Olympic bar, calibrated change plates).
DEFAULT_BAR = {"kg": 20.0, "lb": 45.0}
DEFAULT_PLATES = {
    "kg": (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25),
    "lb": (45.0, 35.0, 25.0, 10.0, 5.0, 2.5),
}
DEFAULT_BAR_MAX = {"kg": 250.0, "lb": 550.0}


def _fmt(value: float, units: str) -> str:
    return f"{value:g}{units}"


def _span(value: EquipmentValue) -> ast.Span:
    return value.span


def resolve_bodyweight(values: Sequence[EquipmentValue], units: str) -> Availability:
    if values:
        raise EquipmentValueError(
            "bodyweight takes no sizes or levels",
            "write just `bodyweight`",
            _span(values[0]),
        )
    return Availability()


def resolve_bands(values: Sequence[EquipmentValue], units: str) -> Availability:
    levels: list[str] = []
    for value in values:
        if not isinstance(value, ast.Word):
            raise EquipmentValueError(
                "bands are listed by level, lightest first, not by weight",
                "write `bands light medium heavy`",
                _span(value),
            )
        if value.name in levels:
            raise EquipmentValueError(
                f"band level `{value.name}` is listed twice", None, _span(value)
            )
        levels.append(value.name)
    return Availability(levels=tuple(levels) or DEFAULT_BAND_LEVELS)


def _weights(values: Sequence[EquipmentValue], units: str, what: str) -> list[float]:
    loads: list[float] = []
    for value in values:
        if isinstance(value, ast.Quantity):
            if value.value <= 0:
                raise EquipmentValueError(f"{what} weigh more than 0{units}", None, value.span)
            loads.append(value.value)
        elif isinstance(value, ast.LoadRange):
            low, high, step = value.low.value, value.high.value, value.step.value
            if step <= 0 or high < low:
                raise EquipmentValueError(
                    f"`{_fmt(low, units)} to {_fmt(high, units)} by {_fmt(step, units)}` "
                    "is not a range of loads",
                    "the first load must not exceed the second and the step must be positive",
                    value.span,
                )
            count = round((high - low) / step) + 1
            if count > MAX_RANGE_STEPS:
                raise EquipmentValueError(
                    f"that range lists {count} loads; stridelift accepts up to {MAX_RANGE_STEPS}",
                    "use a larger step",
                    value.span,
                )
            loads.extend(round(low + i * step, 4) for i in range(count))
        else:
            raise EquipmentValueError(
                f"{what} are listed by weight, not `{value.name}`",
                f"list the sizes the athlete owns, for example `{what} 12kg 16kg`",
                value.span,
            )
    return sorted(set(loads))


def resolve_kettlebells(values: Sequence[EquipmentValue], units: str) -> Availability:
    if not values:
        raise EquipmentValueError(
            "list the kettlebells the athlete owns",
            "for example `kettlebell 12kg 16kg 24kg`",
        )
    return Availability(loads=tuple(_weights(values, units, "kettlebells")))


def resolve_dumbbells(values: Sequence[EquipmentValue], units: str) -> Availability:
    if not values:
        raise EquipmentValueError(
            "list the dumbbells the athlete owns",
            "for example `dumbbells 5kg 10kg 15kg` or `dumbbells 2kg to 30kg by 2kg`",
        )
    return Availability(loads=tuple(_weights(values, units, "dumbbells")))


def resolve_barbell(values: Sequence[EquipmentValue], units: str) -> Availability:
    """``barbell`` alone is a gym (20kg bar, the usual plates);
    ``barbell 15kg plates 10kg 5kg 2.5kg`` gives the bar and the plate pairs owned."""
    bar = DEFAULT_BAR[units]
    plates: list[float] = []
    maximum = DEFAULT_BAR_MAX[units]
    mode = "bar"
    for value in values:
        if isinstance(value, ast.Word):
            if value.name not in ("plates", "max"):
                raise EquipmentValueError(
                    f"unknown barbell option `{value.name}`",
                    "write `barbell 20kg plates 20kg 10kg 5kg 2.5kg max 150kg`",
                    value.span,
                )
            mode = value.name
            continue
        if isinstance(value, ast.LoadRange):
            raise EquipmentValueError(
                "a barbell takes a bar weight and plate sizes, not a range",
                "write `barbell 20kg plates 20kg 10kg 5kg`",
                value.span,
            )
        if value.value <= 0:
            raise EquipmentValueError("weights must be above zero", None, value.span)
        if mode == "bar":
            bar = value.value
            mode = "after-bar"
        elif mode == "plates":
            plates.append(value.value)
        elif mode == "max":
            maximum = value.value
        else:
            raise EquipmentValueError(
                "only one bar weight; put plate sizes after `plates`",
                "write `barbell 20kg plates 20kg 10kg 5kg`",
                value.span,
            )
    plates = plates or list(DEFAULT_PLATES[units])
    # Plates go on in pairs and every listed size can repeat. Count in steps of
    # the largest amount that divides every pair (hundredths keep 1.25kg exact),
    # so the table has a few hundred entries, not tens of thousands.
    hundredths = sorted({round(p * 2 * 100) for p in plates})
    step = math.gcd(*hundredths)
    sizes = [h // step for h in hundredths]
    limit = math.floor(round((maximum - bar) * 100) / step)
    reachable = bytearray(max(limit, 0) + 1)
    if limit >= 0:
        reachable[0] = 1
        for total in range(limit + 1):
            if reachable[total]:
                for size in sizes:
                    if total + size <= limit:
                        reachable[total + size] = 1
    loads = tuple(round(bar + i * step / 100, 4) for i, ok in enumerate(reachable) if ok)
    return Availability(loads=loads)


EQUIPMENT_SETS: tuple[EquipmentSet, ...] = (
    EquipmentSet(
        "bodyweight",
        "bodyweight",
        resolve_bodyweight,
        description="No equipment: the floor, a wall, a sturdy step or table.",
        example="bodyweight",
    ),
    EquipmentSet(
        "bands",
        "levels",
        resolve_bands,
        aliases=("band", "resistance_bands"),
        description="Resistance bands by level, lightest first.",
        example="bands light medium heavy",
    ),
    EquipmentSet(
        "kettlebell",
        "loads",
        resolve_kettlebells,
        aliases=("kettlebells",),
        description="Kettlebells of the listed sizes.",
        example="kettlebell 12kg 16kg 24kg",
    ),
    EquipmentSet(
        "dumbbells",
        "loads",
        resolve_dumbbells,
        aliases=("dumbbell",),
        description="Dumbbells of the listed sizes, or a rack given as a range.",
        example="dumbbells 2kg to 30kg by 2kg",
    ),
    EquipmentSet(
        "barbell",
        "loads",
        resolve_barbell,
        aliases=("gym", "barbell_gym"),
        description="A bar and plate pairs; every total the plates can make is available.",
        example="barbell 20kg plates 20kg 10kg 5kg 2.5kg 1.25kg",
    ),
)


@hookimpl
def register_equipment_sets() -> Iterable[EquipmentSet]:
    return EQUIPMENT_SETS
