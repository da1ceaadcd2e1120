"""The weekly engine: a program and a log in, each week's prescriptions out, explained.

Evaluation is a fold over the weeks. Every exercise line of the program is a
*slot* with a state (sets, reps, load, tempo, rest, effort, variant and the
counters behind ``for N weeks``). Planning week N from week N-1:

1. the metrics of week N-1 are read from the log (:mod:`.metrics`);
2. the slot's progression runs: its clauses in order, the first that matches
   fires (skipped, with the reason given, when the style pauses progression,
   when week N-1 was a deload, or when nothing was logged for the exercise);
3. the rules whose scope includes the slot run, each its first matching
   clause. A rule's changes to load, reps, tempo, rest and variant carry
   forward like a progression's; its changes to sets and effort (``sets -= 1``
   on a tired week) are for week N only, so one bad week does not cut volume
   for the rest of the block;
4. the missed-week policy applies when whole weeks went unlogged;
5. the periodization style's week (volume, intensity, rep target, deload) and
   the program's deload weeks change what is *shown* for week N, never the
   state that later weeks progress from;
6. loads snap to what the athlete owns; a load that cannot go up moves the
   progression to reps, then a slower lowering, then a pause, then the next
   variant on the catalog's ladder (domain brief, "Movement patterns").

Every change carries a :class:`Change` that names the clause or rule and the
metric values that made it fire. The fold keeps only the current state, so a
season of N weeks costs O(N), and week N's plan depends only on the program,
the plugins and the log up to the end of week N-1.

Around this module: :mod:`.compiler` turns a checked program into a
:class:`~.compiled.CompiledProgram`, :mod:`.codegen` turns conditions into
generated functions, :mod:`.actions` applies a fired clause's actions,
:mod:`.logweeks` files the log by week, :mod:`.warnings` adds P301-P305 to a
week, and :mod:`.explain` holds the changes and warnings.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stridelift.core.engine.actions import Actor, nearest
from stridelift.core.engine.explain import (
    Change,
    Lazy,
    PlanWarning,
    Text,
    fmt_amount,
    fmt_load,
    quoted,
)
from stridelift.core.engine.logweeks import NO_WELLNESS, Agg, LogIndex, WeekLog
from stridelift.core.engine.metrics import Done, Metrics
from stridelift.core.hooks.records import WeekPlan
from stridelift.core.language import ast
from stridelift.core.language.unparse import format_number

if TYPE_CHECKING:
    from stridelift.core.logs import Log
from stridelift.core.engine.clauses import ClauseCode, UnitCode
from stridelift.core.engine.compiled import CompiledProgram
from stridelift.core.engine.plan import Prescribed
from stridelift.core.engine.slots import LIFTING_PHASES, SlotSpec, initial_state
from stridelift.core.engine.state import State
from stridelift.core.engine.warnings import plan_warnings
from stridelift.core.engine.week import WeekResult


class _Week:
    """What folding one week produced, before it is turned into a :class:`WeekResult`."""

    __slots__ = ("adjust", "changes", "deload", "n", "notes", "plan", "warnings", "week_notes")

    def __init__(self, n: int, plan: WeekPlan, deload: str | None) -> None:
        self.n = n
        self.plan = plan
        self.deload = deload
        self.changes: dict[int, list[Change]] = {}
        self.week_notes: dict[int, list[str]] = {}
        self.adjust: dict[int, dict[str, Any]] = {}
        self.notes: list[str] = []
        self.warnings: list[PlanWarning] = []


class Evaluation:
    """The fold for one athlete.

    :meth:`step` plans one more week, keeping only what the next week needs
    (each slot's state and the few numbers it was shown); :meth:`result` turns
    the current week into a :class:`WeekResult`. :meth:`weeks` does both for
    every week (``history``, ``simulate``); :meth:`plan` folds straight to one
    week and builds only that one (``plan``, roster evaluation).
    """

    def __init__(self, program: CompiledProgram, log: Log | None, start: dt.date) -> None:
        self.program = program
        self.units = program.units
        self.policy = program.policy
        self.index = LogIndex(log, start, program)
        self.start = start
        count = len(program.slots)
        self.states = [initial_state(slot, program.units) for slot in program.slots]
        self.missed_streak = 0
        self.n = 0
        self.current: _Week | None = None
        # What each progressing slot was shown in the week just planned (sets, reps,
        # load): next week's ``completed`` compares the log with it.
        self.shown: list[tuple[int, float | None, float | None]] = [(0, None, None)] * count
        self._shown_key: list[object] = [None] * count
        self._modifiers: tuple[object, ...] = ()
        # Each slot's prescriptions built so far, by the week's modifiers; a slot no
        # progression or rule changes shows the same for every athlete (the program's).
        self._made = [{} if slot.dynamic else program.made[slot.index] for slot in program.slots]
        self._previous: WeekResult | None = None
        self._actor = Actor(program)
        # One set of metrics, refilled for each week and slot (each slot's reader
        # fills the metrics its conditions read).
        self._metrics = Metrics()

    # -- driving the fold
    def weeks(self, last: int | None = None) -> Iterator[WeekResult]:
        """Week 1, 2, ... up to ``last`` (default: the program's length), each built."""
        limit = last or self.program.weeks or self.index.last_week + 1
        while self.n < limit:
            self.step()
            yield self.result()

    def plan(self, week: int) -> WeekResult:
        """Fold to ``week`` and build only that week: the weeks before it are folded
        for their state alone, and the one before it shows just its prescriptions
        (the week's load-jump warnings compare with them)."""
        while self.n < week - 1:
            self.step(explain=False)
        if self.n < week:
            if self.n >= 1:
                self.result(shown_only=True)
            self.step()
        return self.result()

    def step(self, explain: bool = True) -> None:
        """Plan the next week: progressions, rules, missed weeks; then what it shows.
        Without ``explain`` the week's state is the same, but its changes, notes and
        warnings are not written (a week folded through, never shown)."""
        n = self.n + 1
        program = self.program
        week = _Week(n, program.week_plan(n), program.deload_reason(n))
        if n > 1:
            self._actor.explain = explain
            self._advance(week, explain)
        self.n = n
        self.current = week
        self._light(week)

    # -- from week n-1 to week n
    def _advance(self, week: _Week, explain: bool) -> None:
        program = self.program
        n = week.n
        last = n - 1
        log = self.index.get(last)
        logged = log is not None and bool(log.dates)
        self.missed_streak = 0 if logged else self.missed_streak + 1
        plan = week.plan
        after_deload = (
            program.deload_reason(last) is not None or not program.week_plan(last).progress
        )
        wellness = log.wellness if log is not None else NO_WELLNESS
        m = self._metrics
        m.week = float(n)
        m.phase = plan.phase
        m.fatigue = wellness.fatigue
        m.soreness = wellness.soreness
        m.sleep = wellness.sleep
        m.stress = wellness.stress
        policy = self.policy
        if not logged and explain:
            week.notes.append(
                f"no sets were logged in week {last}: its prescriptions are repeated"
                if self.missed_streak < policy.missed_weeks_step_back
                else f"{self.missed_streak} weeks in a row with nothing logged"
            )
        # Once per absence: a long one steps back once, not 10% for every two weeks.
        step_back = self.missed_streak == policy.missed_weeks_step_back
        if step_back and explain:
            week.warnings.append(
                PlanWarning(
                    "P306",
                    f"{self.missed_streak} weeks missed: loads step back to "
                    f"{policy.step_back:.0%} of where they were",
                )
            )
        changes = week.changes
        # A rule that only reads the week's wellness fires or not for every slot alike.
        week_level = {id(rule): rule.first(m) for rule in program.week_rules}
        states = self.states
        shown = self.shown
        per_week = program.sessions_per_week
        progress = plan.progress
        # After a lighter week the progression and the streaks rest: a week folded
        # through unexplained has nothing to do for a slot without rules or %1RM.
        rest = after_deload and not explain
        for slot in program.dynamic:
            i = slot.index
            st = states[i]
            loaded = step_back and (st.load is not None or st.percent is not None)
            if rest and not slot.busy and not loaded:
                continue
            if slot.wellness_only and not loaded:
                for rule in slot.rules:
                    if week_level[id(rule)] is not None:
                        break
                else:
                    continue
            variant = st.variant
            sets = None
            if log is not None and (not rest or slot.percent or slot.rules_read):
                sets = log.summary(program.log_key(slot, variant))
            if sets is not None and slot.percent:
                e1rm = sets.done(self.units).e1rm(policy.e1rm_method)
                if e1rm is not None and e1rm != st.e1rm:
                    st.e1rm = e1rm
                    st.version += 1
            if slot.reads and (not after_deload or slot.rules_read):
                slot.read(m, sets, st, shown[i], per_week.get(slot.session, 0))
            out: list[Change] = []
            before = st.copy() if slot.snapshots else None
            # A lighter week neither extends nor breaks a streak: its easy sets say
            # nothing about readiness.
            for u, tick in slot.streak_units if not after_deload else ():
                tick(m, st.streaks[u])
            progression = slot.progression
            if progression is not None:
                m.streaks = st.streaks[0]
                if not progress:
                    if explain:
                        why = f"no progression in {plan.phase} weeks"
                        out.append(Change("", "", "", program.style_label, why, "hold"))
                elif after_deload:
                    if explain:
                        why = (
                            f"week {last} was a lighter week: "
                            "its easy sets say nothing about readiness"
                        )
                        out.append(Change("", "", "", progression.label, why, "hold"))
                elif sets is None:
                    if explain:
                        why = f"no sets of {variant} logged in week {last}"
                        out.append(Change("", "", "", progression.label, why, "hold"))
                else:
                    clause = progression.first(m)
                    if clause is not None and (explain or not clause.inert):
                        self._apply(progression, clause, slot, st, m, sets, out, week, last)
            progressed = st.copy() if slot.snapshots else None
            for u, rule in slot.rule_units:
                if rule.week_level:
                    clause = week_level[id(rule)]
                else:
                    m.streaks = st.streaks[u]
                    clause = rule.first(m)
                if clause is not None:
                    self._apply(
                        rule, clause, slot, st, m, sets, out, week, last, before, progressed
                    )
            if loaded:
                self._step_back(slot, st, out)
            if out:
                changes[i] = out

    def _apply(
        self,
        unit: UnitCode,
        clause: ClauseCode,
        slot: SlotSpec,
        st: State,
        m: Metrics,
        sets: Agg | None,
        out: list[Change],
        week: _Week,
        last: int,
        before: State | None = None,
        progressed: State | None = None,
    ) -> None:
        """Apply a fired clause's actions, explaining each change."""
        reason: Text = ""
        if self._actor.explain:
            found = clause.values(m)
            reason = Lazy(_reason, clause, found, sets, slot.measure, last, self.units)
        actor = self._actor
        actor.begin(slot, st, unit, clause, reason, out, week.week_notes, week.adjust)
        variant = st.variant
        for code, action, value in clause.steps:
            actor.apply(code, action, value, m, before, progressed)
        if actor.changed:
            st.version += 1
            # ``for N weeks`` counts weeks since the prescription last changed: the
            # weeks that earned a change do not count toward the next one, and a new
            # variant starts its streaks from nothing.
            if st.variant != variant:
                for counters in st.streaks:
                    counters[:] = [0] * len(counters)
            elif unit.streaks:
                own = st.streaks[slot.units.index(unit)]
                own[:] = [0] * len(own)

    def _step_back(self, slot: SlotSpec, st: State, out: list[Change]) -> None:
        st.version += 1
        reason = f"{self.missed_streak} weeks with nothing logged"
        if st.percent is not None:
            before = st.percent
            st.percent = round(st.percent * self.policy.step_back, 1)
            out.append(
                Change(
                    "load",
                    f"{format_number(before)}% 1RM",
                    f"{format_number(st.percent)}% 1RM",
                    "missed weeks",
                    reason,
                    "missed",
                )
            )
            return
        assert st.load is not None
        target = st.load * self.policy.step_back
        lower = [x for x in st.loads if x <= target + 1e-9]
        new = lower[-1] if lower else (target if not st.loads else None)
        if new is None or new >= st.load:
            if st.reps is not None and slot.measure == "reps" and st.reps > 1:
                low = slot.range[0] if slot.range else 1
                reps = max(low, st.reps - 2, 1)
                if reps < st.reps:
                    out.append(
                        Change(
                            "reps",
                            fmt_amount(st.reps, slot.measure),
                            fmt_amount(reps, slot.measure),
                            "missed weeks",
                            reason + "; no lighter load, so fewer reps",
                            "missed",
                        )
                    )
                    st.reps = reps
            return
        out.append(
            Change(
                "load",
                fmt_load(st.load, self.units),
                fmt_load(new, self.units),
                "missed weeks",
                reason,
                "missed",
            )
        )
        st.load = new

    # -- what a week shows
    def _light(self, week: _Week) -> None:
        """Sets, reps and load each progressing slot shows this week (what the next
        week's ``completed`` is judged against), without building the plan.

        The same arithmetic as :meth:`_present` (``tests/test_engine.py`` holds the two
        together), kept apart because it runs for every slot of every week.
        """
        plan = week.plan
        deload = week.deload
        modifiers = (plan.volume, plan.intensity, plan.reps, plan.session_reps, deload)
        same = modifiers == self._modifiers
        self._modifiers = modifiers
        adjust = week.adjust
        versions = self._shown_key
        volume, intensity = plan.volume, plan.intensity
        targets = plan.reps is not None or bool(plan.session_reps)
        deload_sets = self.policy.deload_sets
        for slot in self.program.judged:
            i = slot.index
            st = self.states[i]
            tweak = adjust.get(i)
            if tweak is None:
                if same and versions[i] == st.version:
                    continue
                versions[i] = st.version
            else:
                versions[i] = None
            if targets or st.percent is not None or (tweak and "deload" in tweak):
                values = self._present(slot, st, plan, deload, tweak, None)
                self.shown[i] = (values["sets"], values["reps"], values["load"])
                continue
            sets, reps, load = st.sets, st.reps, st.load
            if tweak:
                sets = tweak.get("sets", sets)
                reps = tweak.get("reps", reps)
                load = tweak.get("load", load)
            if slot.phase in LIFTING_PHASES:
                base = sets
                if volume != 1.0:
                    sets = max(1, round(sets * volume))
                if intensity != 1.0 and load is not None and st.loads:
                    load = nearest(load * intensity, st.loads)
                if deload is not None:
                    sets = min(sets, max(1, math.ceil(base * deload_sets)))
            self.shown[i] = (sets, reps, load)

    def _present(
        self,
        slot: SlotSpec,
        st: State,
        plan: WeekPlan,
        deload: str | None,
        tweak: Mapping[str, Any] | None,
        extra: list[Change] | None,
    ) -> dict[str, Any]:
        """The week's prescription for a slot: its state, the rules' changes for the
        week, then the style's modifiers and the deload. ``extra`` collects the
        explanations of the modifiers (``None``: do not explain)."""
        values: dict[str, Any] = {
            "sets": st.sets,
            "reps": st.reps,
            "load": st.load,
            "effort": st.effort,
            "deload": False,
        }
        if st.percent is not None:
            values["load"] = (
                None if st.e1rm is None else nearest(st.e1rm * st.percent / 100, st.loads)
            )
        if tweak:
            for key, value in tweak.items():
                if key != "deload":
                    values[key] = value
            if tweak.get("deload") and deload is None:
                self._deload(values, "this exercise's rule", extra)
        if slot.phase in LIFTING_PHASES:
            base = values["sets"]
            self._periodize(slot, st, values, plan, extra)
            if deload is not None:
                self._deload(values, deload, extra, base)
        return values

    def _periodize(
        self,
        slot: SlotSpec,
        st: State,
        values: dict[str, Any],
        plan: WeekPlan,
        extra: list[Change] | None,
    ) -> None:
        label = self.program.style_label
        if plan.volume != 1.0:
            sets = values["sets"]
            new = max(1, round(sets * plan.volume))
            if new != sets:
                values["sets"] = new
                if extra is not None:
                    why: Text = Lazy(_style_why, plan.phase, "volume", plan.volume)
                    extra.append(Change("sets", str(sets), str(new), label, why, "periodization"))
        load = values["load"]
        if plan.intensity != 1.0 and load is not None and st.loads:
            new_load = nearest(load * plan.intensity, st.loads)
            if new_load != load:
                values["load"] = new_load
                if extra is not None:
                    why_load: Text = Lazy(_style_why, plan.phase, "intensity", plan.intensity)
                    extra.append(
                        Change(
                            "load",
                            Lazy(fmt_load, load, self.units),
                            Lazy(fmt_load, new_load, self.units),
                            label,
                            why_load,
                            "periodization",
                        )
                    )
        target = plan.reps
        if plan.session_reps:
            names = list(self.program.sessions)
            position = names.index(slot.session) if slot.session in names else 0
            target = plan.session_reps[position % len(plan.session_reps)]
        reps = values["reps"]
        owned = slot.progression is not None and slot.progression.owns_reps
        loaded = isinstance(slot.line.load, ast.WeightLoad | ast.PercentLoad)
        if (
            target is not None
            and slot.phase == "main"
            and loaded
            and not owned
            and slot.measure == "reps"
            and reps is not None
            and reps != target
        ):
            values["reps"] = float(target)
            if extra is not None:
                why = (
                    f"{plan.phase}: rep target {target} for loaded main lifts whose "
                    "progression does not set reps"
                )
                extra.append(
                    Change(
                        "reps",
                        Lazy(fmt_amount, reps, "reps"),
                        str(target),
                        label,
                        why,
                        "periodization",
                    )
                )

    def _deload(
        self,
        values: dict[str, Any],
        reason: str,
        extra: list[Change] | None,
        base: int | None = None,
    ) -> None:
        """A lighter week: fewer sets, an easier effort. It does not stack on a week the
        style already lightens (a taper): the sets are the fewer of the two, counted
        from ``base``, the sets before the style's volume."""
        values["deload"] = True
        sets = values["sets"]
        new = min(sets, max(1, math.ceil((base or sets) * self.policy.deload_sets)))
        if new != sets:
            values["sets"] = new
            if extra is not None:
                extra.append(Change("sets", str(sets), str(new), "deload", reason, "deload"))
        effort = values["effort"]
        if effort is not None:
            kind, value = effort
            ease = self.policy.deload_effort
            eased = max(1.0, value - ease) if kind == "rpe" else min(10.0, value + ease)
            if eased != value:
                values["effort"] = (kind, eased)
                if extra is not None:
                    why = reason + ": about 2 reps further from failure"
                    extra.append(
                        Change(
                            kind,
                            Lazy(format_number, value),
                            Lazy(format_number, eased),
                            "deload",
                            why,
                            "deload",
                        )
                    )

    def result(self, shown_only: bool = False) -> WeekResult:
        """Build the week just planned: every slot's prescription with its changes and
        notes, the week's warnings, and what the log says was done in it (with
        ``shown_only``, the prescriptions alone)."""
        week = self.current
        assert week is not None, "step() first"
        program = self.program
        previous = self._previous
        if previous is not None and previous.week == week.n:
            return previous
        holds: dict[int, list[Change]] = {}
        shown: list[Prescribed] = []
        # What a slot shows depends on the state and on these (the phase is quoted).
        modifiers = (*self._modifiers, week.plan.phase)
        for slot in program.slots:
            i = slot.index
            st = self.states[i]
            found = week.changes.get(i)
            if found is not None:
                real = [c for c in found if c.kind != "hold"]
                if len(real) != len(found):
                    holds[i] = [c for c in found if c.kind == "hold"]
                found = real or None
            tweak = week.adjust.get(i)
            notes = week.week_notes.get(i)
            plain = found is None and tweak is None and notes is None
            if plain:
                made = self._made[i].get(modifiers)
                if made is not None and made[0] == st.version:
                    shown.append(made[1])
                    continue
            extra: list[Change] = []
            values = self._present(slot, st, week.plan, week.deload, tweak, extra)
            item = Prescribed(slot, st, (*(found or ()), *extra), tuple(notes or ()))
            item.sets = values["sets"]
            item.reps = values["reps"]
            item.load = values["load"]
            item.effort = values["effort"]
            item.deload = values["deload"]
            if item.exercise != slot.name:
                variant = program.exercise(item.exercise)
                if (
                    variant is not None
                    and slot.exercise is not None
                    and variant.unilateral != slot.exercise.unilateral
                ):
                    item.per_side = variant.unilateral
            if plain:
                self._made[i][modifiers] = (st.version, item)
            shown.append(item)
        start = self.start + dt.timedelta(days=7 * (week.n - 1))
        result = WeekResult(
            program,
            week.n,
            start,
            week.plan,
            week.deload,
            tuple(shown),
            week.warnings,
            week.notes,
            holds,
        )
        if not shown_only:
            last = previous if previous is not None and previous.week == week.n - 1 else None
            plan_warnings(self.program, self.index, result, last)
            self.read_done(result)
        self._previous = result
        return result

    def read_done(self, result: WeekResult) -> None:
        """What the log says was done in the week (for ``history`` and explanations;
        it never changes the week's own plan), worked out when first read."""
        log = self.index.get(result.week)
        if log is None or not log.dates:
            return
        result.logged_sessions = len(log.dates)
        variants = tuple(self.states[slot.index].variant for slot in self.program.dynamic)
        # As the log stands now: a simulation files the week's sets after planning it.
        result._done = functools.partial(_done_in, self.program, log.snapshot(), variants)


def _done_in(program: CompiledProgram, log: WeekLog, variants: tuple[str, ...]) -> dict[int, Done]:
    """Each dynamic slot's sets in a week of the log, as done (``variants``: the
    exercise each slot was at that week)."""
    done: dict[int, Done] = {}
    units = program.units
    for slot, variant in zip(program.dynamic, variants, strict=True):
        sets = log.summary(program.log_key(slot, variant))
        if sets is not None:
            done[slot.index] = sets.done(units)
            continue
        filed = log.filed(variant)
        if filed is not None and variant in program.shared_names:
            filed = [s for s in filed if (s.session or program.session_on(s.date)) == slot.session]
        if filed:
            done[slot.index] = Agg.of(filed, units, slot.measure).done(units)
    return done


def _style_why(phase: str, what: str, factor: float) -> str:
    return f"{phase} week: {what} x{format_number(factor)}"


def _reason(
    clause: ClauseCode,
    found: tuple[object, ...],
    sets: Agg | None,
    measure: str,
    last: int,
    units: str,
) -> str:
    """Why a clause fired: its condition, the values it read, and last week's sets."""
    if clause.condition is None:
        return "otherwise"
    values = [
        f"{name} {quoted(value)}"
        for name, value in (*zip(clause.names, found, strict=True), *clause.given)
    ]
    text = f"{clause.text} ({', '.join(values)})" if values else clause.text
    if sets:
        text += f"; week {last}: {sets.done(units).summary(units)}"
    return text
