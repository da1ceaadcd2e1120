"""Readiness: the one gate every increase of a slot passes, once per slot and week.

Whatever would raise a slot's load, reps, sets or tempo difficulty (a
progression, a rule, a periodization style's factor at a phase change, a %1RM
estimate, a ladder step, the "load cannot rise" fallbacks) asks the slot's
:class:`Readiness` first. It answers from what was logged (domain brief,
"Progression": hold when the week's sessions were missed, when technique
frayed, or when effort was above target; fatigue or soreness high, cut volume
before intensity):

- sets not completed last week (``completed``);
- poor form last week (``form``);
- effort above the line's target by more than ``Policy.effort_margin``, or at
  ``Policy.backoff_rpe`` or more when the line names no target (``rpe``);
- fewer sessions logged than scheduled (``missed``);
- fatigue or soreness at ``Policy.fatigue_hold``/``soreness_hold`` or more,
  last week or on the day of the session or the day before (``fatigue``,
  ``soreness``);
- and for the week itself: a deload or taper week, a phase that pauses
  progression (``week``).

A blocked increase is explained as held, with the reasons. Back-offs and holds
never ask. A clause whose condition reads the metric behind a reason has
decided on it explicitly (``when rpe <= effort: reps += 1`` compares effort
itself; ``when not completed: load += 5kg`` is the coach's word), so that
reason does not block it; the week's own reasons always do.

The reasons are worked out only when something asks: most slots in most
weeks want no increase.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from stridelift.core.language.unparse import format_number

if TYPE_CHECKING:
    from stridelift.core.engine.logweeks import Agg
    from stridelift.core.engine.metrics import Wellness
    from stridelift.core.training.policy import Policy

#: A reason: the metric it rests on, and what the coach reads.
Reason = tuple[str, str]

#: The metrics a clause may read to decide on a reason itself.
EXEMPTED_BY: dict[str, frozenset[str]] = {
    "completed": frozenset({"completed", "partial"}),
    "form": frozenset({"form"}),
    "rpe": frozenset({"rpe", "rir"}),
    "missed": frozenset({"missed"}),
    "fatigue": frozenset({"fatigue"}),
    "soreness": frozenset({"soreness"}),
    "week": frozenset(),
}


def target_rpe(effort: tuple[str, float] | None) -> float | None:
    """A line's effort target as RPE (``rir 3`` is RPE 7)."""
    if effort is None:
        return None
    kind, value = effort
    return value if kind == "rpe" else 10 - value


class Readiness:
    """Whether one slot may rise in the week being planned, and why not."""

    __slots__ = (
        "_day",
        "_found",
        "_unwell",
        "expected",
        "explain",
        "last",
        "policy",
        "scheduled",
        "sets",
        "shown",
        "target",
        "week_reasons",
        "wellness",
    )

    def __init__(
        self,
        policy: Policy,
        last: int,
        wellness: Wellness,
        week_reasons: Sequence[Reason] = (),
        expected: bool = False,
        explain: bool = True,
    ) -> None:
        """The week's readiness, for no slot yet (:meth:`at` gives it one). Without
        ``explain`` (a week folded through, never shown) the reasons are the same but
        their texts are left empty: only whether they hold an increase matters."""
        self.policy = policy
        self.last = last
        self.sets: Agg | None = None
        self.shown: tuple[int, float | None, float | None] = (0, None, None)
        self.scheduled = 0
        self.target: float | None = None
        self.wellness = wellness
        self._day: Sequence[Reason] = ()
        self.week_reasons = tuple(week_reasons)
        #: Whether the log reaches the week judged (then nothing logged is a miss).
        self.expected = expected
        self.explain = explain
        self._found: tuple[Reason, ...] | None = None
        #: Last week's fatigue and soreness reasons: the same for every slot.
        self._unwell = wellness_reasons(wellness, policy, f"in week {last}")

    def at(
        self,
        sets: Agg | None,
        shown: tuple[int, float | None, float | None],
        scheduled: int,
        target: float | None,
        day: Sequence[Reason],
    ) -> Readiness:
        """The same week's readiness for another slot (one object a week, refilled:
        the fold asks it for every slot of every athlete)."""
        self.sets = sets
        self.shown = shown
        self.scheduled = scheduled
        self.target = target
        self._day = day
        self._found = None
        return self

    def reasons(self) -> tuple[Reason, ...]:
        """Every reason an increase is held this week (empty: ready)."""
        found = self._found
        if found is None:
            found = self._found = (*self.week_reasons, *self._logged(), *self._day)
        return found

    def blocking(self, reads: frozenset[str] | Sequence[str] = frozenset()) -> tuple[Reason, ...]:
        """The reasons that hold an increase asked for by a clause reading ``reads``."""
        found = self.reasons()
        if not found or not reads:
            return found
        return tuple(r for r in found if EXEMPTED_BY[r[0]].isdisjoint(reads))

    def holds(self, exempt: frozenset[str]) -> bool:
        """Whether a reason other than those in ``exempt`` (the kinds a clause decided on
        itself, :func:`exempt_kinds`) holds an increase: :meth:`blocking` without the
        reasons, for a week folded through unexplained."""
        found = self._found
        if found is None:
            found = self.reasons()
        for kind, _ in found:  # noqa: SIM110 (no generator: it runs for every increase)
            if kind not in exempt:
                return True
        return False

    def _logged(self) -> list[Reason]:
        if not self.explain:
            return self._kinds()
        policy, last, a = self.policy, self.last, self.sets
        found: list[Reason] = []
        if a is None and self.expected and self.scheduled:
            found.append(("missed", f"nothing logged for it in week {last}"))
        if a is not None:
            sets, reps, load = self.shown
            if sets:
                done = a.completed(reps, load)
                if done < sets:
                    found.append(("completed", f"{done} of {sets} sets completed in week {last}"))
            if a.worst >= 2:
                found.append(("form", f"form was poor in week {last}"))
            if a.rir is not None:
                rpe = 10 - a.rir
                target = self.target
                if target is not None and rpe > target + policy.effort_margin + 1e-9:
                    found.append(
                        (
                            "rpe",
                            f"RPE {format_number(rpe)} in week {last}, above the target "
                            f"RPE {format_number(target)}",
                        )
                    )
                elif target is None and rpe >= policy.backoff_rpe - 1e-9:
                    found.append(("rpe", f"RPE {format_number(rpe)} in week {last}"))
            if self.scheduled and a.days < self.scheduled:
                found.append(
                    ("missed", f"{a.days} of {self.scheduled} sessions logged in week {last}")
                )
        found.extend(self._unwell)
        return found

    def _kinds(self) -> list[Reason]:
        """:meth:`_logged` without the texts (the same tests, in the same order)."""
        policy, a = self.policy, self.sets
        found: list[Reason] = []
        if a is None:
            if self.expected and self.scheduled:
                found.append(_MISSED)
        else:
            sets, reps, load = self.shown
            if sets and a.completed(reps, load) < sets:
                found.append(_NOT_COMPLETED)
            if a.worst >= 2:
                found.append(_POOR_FORM)
            if a.rir is not None:
                rpe = 10 - a.rir
                target = self.target
                if target is not None:
                    if rpe > target + policy.effort_margin + 1e-9:
                        found.append(_HARD)
                elif rpe >= policy.backoff_rpe - 1e-9:
                    found.append(_HARD)
            if self.scheduled and a.days < self.scheduled:
                found.append(_MISSED)
        found.extend(self._unwell)
        return found


# The reasons of a week folded through unexplained (:meth:`Readiness._kinds`).
_MISSED: Reason = ("missed", "")
_NOT_COMPLETED: Reason = ("completed", "")
_POOR_FORM: Reason = ("form", "")
_HARD: Reason = ("rpe", "")


def exempt_kinds(reads: frozenset[str] | Sequence[str]) -> frozenset[str]:
    """The kinds of reason a clause reading ``reads`` has decided on itself, so they do
    not hold its increases (:data:`EXEMPTED_BY`)."""
    return frozenset(kind for kind, names in EXEMPTED_BY.items() if not names.isdisjoint(reads))


def wellness_reasons(wellness: Wellness, policy: Policy, when: str) -> list[Reason]:
    """Fatigue or soreness at the policy's cut-off or above, as reasons."""
    found: list[Reason] = []
    if wellness.fatigue is not None and wellness.fatigue >= policy.fatigue_hold:
        found.append(("fatigue", f"fatigue {format_number(wellness.fatigue)} {when}"))
    if wellness.soreness is not None and wellness.soreness >= policy.soreness_hold:
        found.append(("soreness", f"soreness {format_number(wellness.soreness)} {when}"))
    return found


def held_because(reasons: Sequence[Reason]) -> str:
    """``held: RPE 9.5 in week 3, above the target RPE 8; form was poor in week 3``."""
    return "held: " + "; ".join(text for _, text in reasons)
