"""Actions: what a fired clause does to an exercise slot's state, explained.

One :class:`Actor` per evaluation applies each fired clause's actions in
order: each clause's actions are compiled to one function calling the actor's
method for each (``ClauseCode.run``, :func:`.clauses.compile_actions`).
Loads snap to what the athlete owns; a load that cannot rise moves the
progression to reps, then a slower lowering, then a pause, then the next
variant on the catalog's ladder (domain brief, "Movement patterns").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from stridelift.core.engine.codegen import Percent
from stridelift.core.engine.explain import Change, Lazy, Text, fmt_amount, fmt_load, fmt_tempo, join
from stridelift.core.engine.readiness import held_because
from stridelift.core.language.unparse import format_number
from stridelift.core.training.loads import nearest
from stridelift.core.units import LIMITS, convert

if TYPE_CHECKING:
    from stridelift.core.engine.clauses import ClauseCode, UnitCode
    from stridelift.core.engine.compiled import CompiledProgram
    from stridelift.core.engine.readiness import Readiness
    from stridelift.core.engine.slots import SlotSpec
    from stridelift.core.engine.state import State

DEFAULT_TEMPO = ("2", "0", "1", "0")

#: The range a slot's amount stays in, by how it is measured: what a progression
#: computes never leaves what a program could prescribe (docs/language.md#ranges).
AMOUNT_LIMITS = {"reps": "reps", "seconds": "hold", "distance": "distance"}


def capped(value: float, limit: str) -> tuple[float, str]:
    """``value`` brought inside ``LIMITS[limit]``, and why when it had to be."""
    bounds = LIMITS[limit]
    if value > bounds.high:
        return float(bounds.high), f"capped: {bounds.words}"
    if value < bounds.low:
        return float(bounds.low), f"capped: {bounds.words}"
    return value, ""


def figure(tempo: Sequence[str] | None, index: int) -> float:
    parts = tempo or DEFAULT_TEMPO
    text = parts[index]
    return float(text) if text.isdigit() else 1.0


def _lower(before: State, after: State) -> bool:
    """Whether ``after`` is a back-off from ``before``: a lighter load, band or
    percentage, or fewer reps or sets."""
    pairs = (
        (after.load, before.load),
        (after.percent, before.percent),
        (after.reps, before.reps),
        (after.sets, before.sets),
    )
    return any(a is not None and b is not None and a < b - 1e-9 for a, b in pairs)


def slot_reps_can_drop(slot: SlotSpec, st: State) -> bool:
    """Whether a back-off can take reps off the slot (a line counted in reps, above 1)."""
    return slot.measure == "reps" and st.reps is not None and st.reps > 1


class Actor:
    """Applies one fired clause's actions to a slot's state, explaining each change
    (one per evaluation, set up by :meth:`begin` for each clause)."""

    def __init__(self, program: CompiledProgram) -> None:
        # The program, not the evaluation: an evaluation holds its actor, and a
        # reference back would make a cycle that only the garbage collector frees.
        self.program = program
        self.units = program.units
        #: The heaviest load a program may prescribe, in its own units.
        self.heaviest_allowed = convert(LIMITS["load"].high, "kg", program.units)
        self.policy = program.policy
        #: Whether changes are explained: a roster evaluation folds its athletes'
        #: earlier weeks without explaining them (nobody reads them), and only the
        #: weeks it shows are explained.
        self.explain = True
        #: The slot's readiness this week: every increase asks it first.
        self.gate: Readiness | None = None

    def begin(
        self,
        slot: SlotSpec,
        st: State,
        unit: UnitCode,
        clause: ClauseCode,
        reason: Text,
        out: list[Change],
        week_notes: dict[int, list[str]],
        adjust: dict[int, dict[str, Any]],
    ) -> None:
        self.slot = slot
        self.st = st
        self.unit = unit
        self.clause = clause
        self.reason = reason
        self.out = out
        self.week_notes = week_notes
        self.adjust = adjust
        self.rule = unit.kind == "rule"
        self.changed = False
        #: Set when a load increase could not happen and another way was taken: a
        #: ``reps = low`` later in the clause belongs to the increase, so it is skipped.
        self.fell_back = False
        #: Set when readiness held an increase of this clause (explained once).
        self.blocked = False

    def held(self, *why: str) -> None:
        """Explain why the clause changed nothing: its reason, then ``why``."""
        if not self.explain:
            return
        reason = self.reason
        for part in why:
            if part:
                reason = Lazy(join, reason, part)
        self.out.append(Change("", "", "", self.unit.label, reason, "hold", self.clause.index))

    def rise_blocked(self, what: str) -> bool:
        """Whether readiness holds an increase (``what``: "load", "reps", ...); a held
        increase is explained once per clause, and what the clause does after it
        for the increase (``reps = low``) is skipped."""
        gate = self.gate
        if gate is None:
            return False
        if not self.explain:
            # Folded through unexplained: whether it is held is all that matters.
            if not gate.holds(self.clause.exempt):
                return False
            self.fell_back = self.blocked = True
            return True
        reasons = gate.blocking(self.clause.names)
        if not reasons:
            return False
        self.fell_back = True
        if not self.blocked:
            self.blocked = True
            if self.explain:
                why = f"{what} would rise: {held_because(reasons)}"
                self.out.append(
                    Change(
                        "",
                        "",
                        "",
                        self.unit.label,
                        Lazy(join, self.reason, why),
                        "held",
                        self.clause.index,
                    )
                )
        return True

    def change(
        self,
        field: str,
        before: Any,
        after: Any,
        why: str = "",
        show: Callable[..., str] | None = None,
        arg: object = None,
    ) -> None:
        """Record a change of ``field``; ``before`` and ``after`` are shown as given, or
        formatted by ``show`` (with ``arg``) when the explanation is read."""
        if why != "this week only":
            self.changed = True
        unit = self.unit
        if not self.explain:
            if self.slot.snapshots:
                # Only the fact of the change is kept (a rule's ``hold`` looks for it).
                self.out.append(Change(field, "", "", unit.label, "", unit.kind, self.clause.index))
            return
        if show is not None:
            if arg is None:
                before, after = Lazy(show, before), Lazy(show, after)
            else:
                before, after = Lazy(show, before, arg), Lazy(show, after, arg)
        reason = Lazy(join, self.reason, why) if why else self.reason
        self.out.append(
            Change(field, before, after, unit.label, reason, unit.kind, self.clause.index)
        )

    # -- hold
    def hold(self, before: State | None, progressed: State | None) -> None:
        """``hold``: in a progression, nothing changes; in a rule, the progression's
        increases of this week are undone. Its back-offs stay: a hold never keeps an
        athlete at a load they are failing (docs/engine.md#readiness)."""
        if not self.rule:
            self.held()
            return
        if before is None or progressed is None:
            return
        undone = [c for c in self.out if c.kind == "progression" and c.field]
        if not undone:
            return
        exercise = self.program.exercise(before.variant)
        if exercise is not None and exercise.easier == progressed.variant:
            return  # a regression is a back-off: it stays
        if before.variant == progressed.variant and _lower(before, progressed):
            return
        for name in type(self.st).__slots__:
            if name != "streaks" and getattr(before, name) != getattr(progressed, name):
                setattr(self.st, name, getattr(before, name))
        self.out[:] = [c for c in self.out if c not in undone]
        if self.explain:
            texts = "; ".join(f"{c.field} {c.before} -> {c.after}" for c in undone)
            self.held(f"kept from week before: {texts}")

    # -- load
    def load(self, op: str, value: Any) -> None:
        st, _slot = self.st, self.slot
        if st.percent is not None:
            self.percent(op, value)
            return
        if st.band is not None:
            if op in ("+=", "-="):
                self.band(+1 if (op == "+=") == (float(value) >= 0) else -1)
            return
        if st.load is None:
            if op == "+=" or (op == "*=" and float(value) > 1):
                if not self.rise_blocked("load"):
                    self.cannot_rise("no load to add: the exercise is done with bodyweight")
            elif op == "-=" or (op == "*=" and float(value) < 1):
                self.cannot_drop()
            return
        current = st.load
        if isinstance(value, Percent):
            factor = 1 + float(value) / 100
            target = (
                current * factor
                if op == "+="
                else current * (2 - factor)
                if op == "-="
                else current
            )
        elif op == "=":
            target = float(value)
        elif op == "+=":
            target = current + float(value)
        elif op == "-=":
            target = current - float(value)
        else:
            target = current * float(value)
        target = min(max(target, 0.0), self.heaviest_allowed)
        if target > current + 1e-9 and self.rise_blocked("load"):
            return
        if target < current - 1e-9 and st.loads:
            # Backing off: safety first, so the next lighter load owned when the exact
            # one is not (10kg -10% with a 2.5kg rack is 7.5kg, not 10kg again).
            lighter = [x for x in st.loads if x < current - 1e-9]
            if not lighter:
                self.cannot_drop()
                return
            new = nearest(target, lighter)
        else:
            new = nearest(target, st.loads)
        if target > current + 1e-9 and new <= current + 1e-9:
            heaviest = st.loads[-1] if st.loads else current
            why = (
                f"{fmt_load(heaviest, self.units)} is the heaviest load owned for {st.variant}"
                if heaviest <= current + 1e-9
                else f"{fmt_load(target, self.units)} is not a load the athlete owns"
            )
            self.cannot_rise(why)
            return
        if target < current - 1e-9 and new >= current - 1e-9:
            self.cannot_drop()
            return
        if new != current:
            self.change("load", current, new, show=fmt_load, arg=self.units)
            st.load = new

    def percent(self, op: str, value: Any) -> None:
        """A change to a percentage-of-1RM load: a percentage scales it, a weight moves
        it by that much of the estimate. Without an estimate there is nothing to
        anchor a change to, so the load holds; it never goes past 100%."""
        st = self.st
        assert st.percent is not None
        before = st.percent
        if not st.e1rm:
            self.held("no 1RM estimate yet to anchor the change")
            return
        if isinstance(value, Percent):
            factor = 1 + float(value) / 100
            new = before * factor if op == "+=" else before * (2 - factor) if op == "-=" else before
        else:
            points = float(value) / st.e1rm * 100
            new = before + points if op == "+=" else before - points if op == "-=" else before
            if op == "=":
                new = float(value) / st.e1rm * 100
        new = min(100.0, round(new, 1))
        if new > before and self.rise_blocked("load"):
            return
        if new != before:
            self.change("load", f"{format_number(before)}% 1RM", f"{format_number(new)}% 1RM")
            st.percent = new

    def band(self, step: int) -> None:
        st, levels = self.st, self.slot.levels
        assert st.band is not None
        if st.band not in levels:
            return
        if step > 0 and self.rise_blocked("band"):
            return
        position = levels.index(st.band) + step
        if position >= len(levels):
            self.cannot_rise(f"{st.band} is the heaviest band owned")
            return
        if position < 0:
            self.cannot_drop()
            return
        self.change("load", f"band {st.band}", f"band {levels[position]}")
        st.band = levels[position]

    def cannot_rise(self, why: str) -> None:
        """Load cannot go up: more reps up to the progression's own range (or the cap),
        then a slower lowering, then a pause, then a harder variant (domain brief).
        An explosive exercise (a swing, a jump) is never slowed or paused: it goes
        from reps to the harder variant; so does a timed hold or a carry."""
        self.fell_back = True
        st, slot, policy = self.st, self.slot, self.policy
        top = float(policy.rep_cap)
        if slot.range is not None:
            top = min(top, slot.range[1])
        if slot.measure == "reps" and st.reps is not None and st.reps < top:
            self.change(
                "reps",
                st.reps,
                st.reps + 1,
                f"{why}: one more rep instead (reps, then tempo, then a harder variant)",
                fmt_amount,
                "reps",
            )
            st.reps += 1
            return
        low = slot.range[0] if slot.range else st.reps
        if slot.explosive:
            self.variant(+1, f"{why}, reps at the top: an explosive lift is not slowed", reset=low)
            return
        if slot.measure != "reps":
            # A hold or a carry has no lowering to slow: the harder variant, if any.
            self.variant(+1, f"{why}: a {slot.measure} line is not slowed")
            return
        if figure(st.tempo, 0) < policy.slowest_eccentric:
            self.slow(1.0, f"{why}, reps at the top: a slower lowering instead", reset=low)
            return
        if figure(st.tempo, 1) < policy.longest_pause:
            tempo = list(st.tempo or DEFAULT_TEMPO)
            tempo[1] = str(int(figure(st.tempo, 1)) + 1)
            self.change(
                "tempo",
                st.tempo or DEFAULT_TEMPO,
                tempo,
                f"{why}, reps and lowering at their limits: a longer pause instead",
                fmt_tempo,
            )
            st.tempo = tuple(tempo)
            if low is not None and st.reps is not None and low < st.reps:
                self._reps_to(low)
            return
        self.variant(+1, f"{why}, and reps and tempo are at their limits", reset=low)

    def cannot_drop(self, why: str = "no lighter load owned") -> None:
        st, slot = self.st, self.slot
        if slot_reps_can_drop(slot, st):
            assert st.reps is not None
            low = slot.range[0] if slot.range else 1.0
            reps = max(1.0, min(st.reps - 2, max(low, st.reps - 2)))
            if reps < st.reps:
                self.change(
                    "reps",
                    st.reps,
                    reps,
                    f"{why}: fewer reps instead",
                    fmt_amount,
                    "reps",
                )
                st.reps = reps
                return
        self.held(f"{why}, and the reps are as few as they go")

    def _reps_to(self, reps: float, why: str = "") -> None:
        st = self.st
        if st.reps is not None and reps != st.reps:
            self.change("reps", st.reps, reps, why, fmt_amount, self.slot.measure)
            st.reps = reps

    # -- reps, sets, rest, effort
    def _number(self, op: str, current: float, value: Any) -> float:
        if isinstance(value, Percent):
            factor = float(value) / 100
            return (
                current * (1 + factor)
                if op == "+="
                else current * (1 - factor)
                if op == "-="
                else current * factor
            )
        v = float(value)
        return (
            v
            if op == "="
            else current + v
            if op == "+="
            else current - v
            if op == "-="
            else current * v
        )

    def reps(self, op: str, value: Any) -> None:
        st = self.st
        if st.reps is None:
            # An AMRAP line: the reps are the athlete's, not the plan's.
            self.held(
                "the line is AMRAP: its reps are the athlete's, so `reps` changes nothing; "
                "the progression moves on once the reps logged reach its range"
            )
            return
        if op == "=" and self.fell_back:
            return
        new = self._number(op, st.reps, value)
        new = round(new) if self.slot.measure == "reps" else round(new, 1)
        new, why = capped(new, AMOUNT_LIMITS.get(self.slot.measure, "reps"))
        if new > st.reps and self.rise_blocked(self.slot.measure):
            return
        self._reps_to(new, why)

    def sets(self, op: str, value: Any) -> None:
        st = self.st
        if self.rule:
            # A rule's volume change is for the coming week only (see the module docstring).
            tweak = self.adjust.setdefault(self.slot.index, {})
            current = tweak.get("sets", st.sets)
            new = int(capped(round(self._number(op, current, value)), "sets")[0])
            if new > current and self.rise_blocked("sets"):
                return
            if new != current:
                self.change("sets", str(current), str(new), "this week only")
                tweak["sets"] = new
            return
        figure, why = capped(round(self._number(op, st.sets, value)), "sets")
        new = int(figure)
        if new > st.sets and self.rise_blocked("sets"):
            return
        if new != st.sets:
            self.change("sets", str(st.sets), str(new), why)
            st.sets = new

    def rest(self, op: str, value: Any) -> None:
        st = self.st
        current = st.rest if st.rest is not None else 90.0
        new, why = capped(round(self._number(op, current, value)), "rest")
        if new != st.rest:
            self.change("rest", f"{format_number(current)}s", f"{format_number(new)}s", why)
            st.rest = new

    def effort(self, kind: str, op: str, value: Any) -> None:
        st = self.st
        tweak = self.adjust.setdefault(self.slot.index, {}) if self.rule else None
        current_effort = tweak.get("effort", st.effort) if tweak is not None else st.effort
        if current_effort is None:
            current = 7.0 if kind == "rpe" else 3.0
        else:
            current = current_effort[1] if current_effort[0] == kind else 10 - current_effort[1]
        new = min(10.0, max(0.0 if kind == "rir" else 1.0, self._number(op, current, value)))
        new = round(new * 2) / 2
        if current_effort is not None and current_effort == (kind, new):
            return
        harder = new > current if kind == "rpe" else new < current
        if harder and self.rise_blocked("effort"):
            return
        # The field names the scale ("rir 3 -> 4"); the other scale's value is converted.
        before = "-" if current_effort is None else format_number(current)
        after = format_number(new)
        if tweak is not None:
            self.change(kind, before, after, "this week only")
            tweak["effort"] = (kind, new)
        else:
            self.change(kind, before, after)
            st.effort = (kind, new)

    # -- tempo and variants
    def set_tempo(self, parts: tuple[str, ...]) -> None:
        st = self.st
        old = st.tempo or DEFAULT_TEMPO
        harder = sum(figure(parts, i) for i in range(4)) > sum(figure(old, i) for i in range(4))
        if harder and self.rise_blocked("tempo"):
            return
        if tuple(parts) != tuple(st.tempo or ()):
            self.change("tempo", st.tempo or DEFAULT_TEMPO, parts, show=fmt_tempo)
            st.tempo = tuple(parts)

    def slow(self, seconds: float, why: str = "", reset: float | None = None) -> None:
        st = self.st
        tempo = list(st.tempo or DEFAULT_TEMPO)
        eccentric = figure(tempo, 0) + seconds
        eccentric = min(max(eccentric, 1.0), float(self.policy.slowest_eccentric) + 10)
        tempo[0] = str(int(eccentric))
        if tuple(tempo) == tuple(st.tempo or DEFAULT_TEMPO):
            return
        if seconds > 0 and self.rise_blocked("tempo"):
            return
        self.change("tempo", st.tempo or DEFAULT_TEMPO, tempo, why, fmt_tempo)
        st.tempo = tuple(tempo)
        if reset is not None and st.reps is not None and reset < st.reps:
            self._reps_to(reset)

    def variant(self, step: int, why: str = "", reset: float | None = None) -> None:
        st = self.st
        if step > 0 and self.rise_blocked("variant"):
            return
        exercise = self.program.exercise(st.variant)
        neighbour = None
        if exercise is not None:
            neighbour = exercise.harder if step > 0 else exercise.easier
        if neighbour is not None and not self.program.can_do(neighbour):
            # A rung that needs kit the athlete does not own is no rung for them.
            neighbour = None
        if neighbour is None:
            if step < 0 and slot_reps_can_drop(self.slot, st):
                # No easier rung: scale back by reps instead (technique frays: scale back).
                self.cannot_drop(f"the catalog has no easier variant of {st.variant}")
                return
            word = "harder" if step > 0 else "easier"
            self.held(why, f"the catalog has no {word} variant of {st.variant}")
            return
        self.change("exercise", st.variant, neighbour, why)
        st.variant = neighbour
        loads = self.program.loads_for(neighbour)
        if loads != st.loads:
            st.loads = loads
            if st.load is not None:
                # Another implement: the nearest load of the new variant's equipment.
                new = nearest(st.load, loads) if loads else None
                if new != st.load:
                    before = Lazy(fmt_load, st.load, self.units)
                    after = Lazy(fmt_load, new, self.units) if new is not None else "bodyweight"
                    self.change("load", before, after, f"the loads owned for {neighbour}")
                    st.load = new
        if step > 0:
            line = self.slot.line
            original = line.tempo.parts if line.tempo else None
            if st.tempo != original:
                st.tempo = original
        if reset is not None and st.reps is not None and reset < st.reps:
            self._reps_to(reset)
