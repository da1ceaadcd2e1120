"""Generated readers that fill in the metrics one slot's conditions read, and no others."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stridelift.core.engine.logweeks import Agg
from stridelift.core.engine.metrics import FORM_NAMES, Metrics

if TYPE_CHECKING:
    pass
from stridelift.core.engine.state import State

#: How each per-slot metric is read: from the week's sets (``a``, an :class:`Agg`),
#: when none were logged, and from the slot's state (``st``). ``shown`` is what the
#: slot showed that week (sets, reps, load); ``scheduled`` its sessions a week.
_LOGGED = {
    "reps": "m.reps = a.amount",
    "sets": "m.sets = float(min(a.left, a.right) + a.both)",
    "load": "m.load = a.load",
    "rir": "m.rir = a.rir",
    "rpe": "m.rpe = None if a.rir is None else 10 - a.rir",
    "form": "m.form = FORM_NAMES[a.worst] if a.worst >= 0 else None",
    "completed": "m.completed = a.completed(shown[1], shown[2]) >= shown[0]",
    "partial": (
        "m.partial = a.completed(shown[1], shown[2]) < shown[0]"
        " and min(a.left, a.right) + a.both > 0"
    ),
    "missed": "m.missed = float(max(scheduled - a.days, 0))",
}


_NOT_LOGGED = {name: f"m.{name} = None" for name in _LOGGED} | {
    "missed": "m.missed = float(scheduled)"
}


_STATE = {
    "eccentric": (
        "m.eccentric = ((float(t[0]) if t[0].isdigit() else 1.0) if (t := st.tempo) else 2.0)"
    ),
    # What the athlete was shown last week (a deload's fewer reps, a style's rep
    # target, a rule's set cut), not the state those came from.
    "target_reps": "m.target_reps = shown[1]",
    "target_sets": "m.target_sets = float(shown[0])",
    "target_load": "m.target_load = shown[2]",
    "target_rpe": (
        "m.target_rpe = None if (e := st.effort) is None else e[1] if e[0] == 'rpe' else 10 - e[1]"
    ),
}


Shown = tuple[int, float | None, float | None]


Filler = Callable[[Metrics, "Agg | None", State, Shown, int], None]


_fillers: dict[frozenset[str], Filler] = {}


def filler_lines(names: frozenset[str]) -> list[str]:
    """The lines that fill in ``m`` the per-slot metrics among ``names`` from ``a`` (the
    week's :class:`Agg`, or ``None``), ``st``, ``shown`` and ``scheduled``: a slot's
    generated step (:mod:`.slotstep`) runs them inline."""
    logged = [_LOGGED[n] for n in _LOGGED if n in names]
    lines: list[str] = []
    if logged:
        lines.append("if a is None:")
        lines.extend(f"    {_NOT_LOGGED[n]}" for n in _LOGGED if n in names)
        lines.append("else:")
        lines.extend(f"    {line}" for line in logged)
    lines.extend(_STATE[n] for n in _STATE if n in names)
    return lines


def metrics_filler(names: frozenset[str]) -> Filler:
    """A function that fills in ``m`` the per-slot metrics among ``names`` (what the
    slot's conditions and action values read), and no others: ``completed`` walks
    the week's sets, and most slots never ask for most metrics."""
    found = _fillers.get(names)
    if found is not None:
        return found
    lines = ["def read(m, a, st, shown, scheduled):"]
    lines.extend(f"    {line}" for line in filler_lines(names))
    lines.append("    return None")
    namespace: dict[str, Any] = {"FORM_NAMES": FORM_NAMES}
    exec(compile("\n".join(lines), "<stridelift metrics>", "exec"), namespace)
    reader: Filler = namespace["read"]
    _fillers[names] = reader
    return reader
