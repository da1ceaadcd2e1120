"""How each per-slot metric is read, as lines of Python: each slot's generated step
(:mod:`.slotstep`) runs the lines for the metrics its conditions read, and no others.

To add a metric, see docs/engine.md#adding-a-metric."""

from __future__ import annotations

#: How each per-slot metric is read: from the week's sets (``a``, a
#: :class:`~.logweeks.Agg`), when none were logged, and from the slot's state
#: (``st``). ``shown`` is what the slot showed that week (sets, reps, load);
#: ``scheduled`` its sessions a week.
#: (``FORM_NAMES`` is :data:`.metrics.FORM_NAMES`, in the generated step's namespace.)
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
    "symmetry": "m.symmetry = a.symmetry()",
}


#: The same metrics for a week with no working sets of the slot's exercise.
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


def filler_lines(names: frozenset[str]) -> list[str]:
    """The lines that fill in ``m`` the per-slot metrics among ``names`` from ``a`` (the
    week's :class:`~.logweeks.Agg`, or ``None``), ``st``, ``shown`` and ``scheduled``: a slot's
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
