"""Session load: session RPE x minutes (Foster 2001; domain brief, "Load monitoring").

A run's RPE and minutes are logged. A strength session has no RPE of its own in
the log, so its RPE is the mean RPE of its working sets (sets logged with RIR
count as RPE 10 - RIR), and its minutes are the program's estimate of the session
(:func:`stridelift.core.training.session_time.session_minutes`). The plan lint
rules that watch load (monotony, acute:chronic) and ``stridelift report`` count it
the same way.
"""

from __future__ import annotations

from collections.abc import Iterable


def session_load(rpe: float, minutes: float) -> float:
    """Foster's session load, in arbitrary units: session RPE (1-10) x minutes."""
    return rpe * minutes


def strength_session_rpe(rpes: Iterable[float]) -> float | None:
    """A strength session's RPE: the mean of its working sets' RPE, or None without one."""
    values = list(rpes)
    if not values:
        return None
    return sum(values) / len(values)
