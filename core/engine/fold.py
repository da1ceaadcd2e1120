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
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stridelift.core.engine.actions import Actor
from stridelift.core.engine.anchors import Anchor, Anchors, test_values
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
from stridelift.core.engine.metrics import Done, Metrics, Wellness
from stridelift.core.engine.readiness import (
    Readiness,
    Reason,
    held_because,
    target_rpe,
    wellness_reasons,
)
from stridelift.core.hooks.records import WeekPlan
from stridelift.core.language import ast
from stridelift.core.language.unparse import format_number
from stridelift.core.training.e1rm import smoothed, week_estimate
from stridelift.core.training.loads import nearest

if TYPE_CHECKING:
    from stridelift.core.logs import AssessmentResult, Log
    from stridelift.core.training.assessment import AssessmentSpec
    from stridelift.core.training.policy import Policy
from stridelift.core.engine.clauses import ClauseCode, UnitCode
from stridelift.core.engine.compiled import CompiledProgram
from stridelift.core.engine.plan import Prescribed
from stridelift.core.engine.slots import LIFTING_PHASES, SlotSpec, initial_state
from stridelift.core.engine.slotstep import StepWeek
from stridelift.core.engine.state import State
from stridelift.core.engine.warnings import plan_warnings
from stridelift.core.engine.week import WeekResult


class _Week:
    """What folding one week produced, before it is turned into a :class:`WeekResult`."""

    __slots__ = (
        "adjust",
        "changes",
        "day",
        "deload",
        "n",
        "notes",
        "plan",
        "warnings",
        "week_notes",
    )

    def __init__(self, n: int, plan: WeekPlan, deload: str | None) -> None:
        self.n = n
        self.plan = plan
        self.deload = deload
        self.changes: dict[int, list[Change]] = {}
        self.week_notes: dict[int, list[str]] = {}
        self.adjust: dict[int, dict[str, Any]] = {}
        self.notes: list[str] = []
        self.warnings: list[PlanWarning] = []
        #: Fatigue or soreness reported on a session's day or the day before, by
        #: session name (readiness on the day).
        self.day: dict[str, list[Reason]] = {}


class Evaluation:
    """The fold for one athlete.

    :meth:`step` plans one more week, keeping only what the next week needs
    (each slot's state and the few numbers it was shown); :meth:`result` turns
    the current week into a :class:`WeekResult`. :meth:`weeks` does both for
    every week (``history``, ``simulate``); :meth:`plan` folds straight to one
    week and builds only that one (``plan``, roster evaluation).
    """

    def __init__(
        self,
        program: CompiledProgram,
        log: Log | None,
        start: dt.date,
        race: dt.date | None = None,
    ) -> None:
        self.program = program
        #: The race day (``--race``, the athlete record, or the program's ``race``):
        #: the taper ends in its week, and heavy lower-body work stays out of the
        #: last days before it.
        self.race = race or program.race
        race_week = (self.race - start).days // 7 + 1 if self.race and self.race >= start else None
        self.calendar = program.calendar(race_week)
        self.units = program.units
        self.policy = program.policy
        self.index = LogIndex(log, start, program)
        self.start = start
        #: The athlete's 1RM anchors and assessment results, from the whole log.
        self.anchors = Anchors(program.assessment, log, start, self.units, self.policy)
        #: A re-tested 1RM that would rise while fatigue holds increases, by slot.
        self._waiting: dict[int, Anchor] = {}
        count = len(program.slots)
        self.states = [initial_state(slot, program.units) for slot in program.slots]
        self.missed_streak = 0
        self.n = 0
        self.current: _Week | None = None
        # What each progressing slot was shown in the week just planned (sets, reps,
        # load): next week's ``completed`` compares the log with it.
        self.shown: list[tuple[int, float | None, float | None]] = [(0, None, None)] * count
        #: What each judged slot showed the week before the one being planned, and
        #: its exercise then: a lighter week is never more than it (see :meth:`_lighter`).
        self._before: list[tuple[int, float | None, float | None]] = list(self.shown)
        self._before_variant: list[str | None] = [None] * count
        #: The exercise each judged slot showed in the week just planned.
        self._shown_variant: list[str | None] = [None] * count
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

    def add_assessments(self, records: Iterable[AssessmentResult]) -> None:
        """File assessment results the athlete took as the fold goes (a simulation's):
        a result counts from the week after the day it was taken."""
        self.anchors.results.add(records)

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
        self._before = self.shown.copy()
        self._before_variant = self._shown_variant.copy()
        week = _Week(n, self.calendar.week_plan(n), self.calendar.deload_reason(n))
        if n > 1:
            self._actor.explain = explain
            self._advance(week, explain)
        else:
            # Week 1 is the program as written, in the style's first week, its %1RM
            # lines anchored on what the athlete brings (the assessment, earlier sets),
            # and the rules that read only the assessment applied.
            volume, intensity = self._factors(week.plan)
            for slot in program.dynamic:
                if slot.styled:
                    st = self.states[slot.index]
                    st.volume, st.intensity = volume, intensity
                    st.target = self._week_target(slot, week.plan)
            self._anchor()
            self._on_the_day(week)
            if program.assessment is not None:
                self._actor.explain = explain
                self._assessed_rules(week)
        spec = program.assessment
        if spec is not None and spec.tests and explain and spec.due(n, self.calendar.phase_starts):
            week.notes.append(self._due_note(n, spec))
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
        # Without any log (a program previewed), no week counts as missed.
        missed = not logged and self.index.last_week > 0
        self.missed_streak = self.missed_streak + 1 if missed else 0
        plan = week.plan
        after_deload = (
            # (An in-season week is no lighter week: its sets say what they say, and a
            # failing athlete backs off in it.)
            self.calendar.deload_reason(last) is not None or self.calendar.week_plan(last).taper
        )
        wellness = log.wellness if log is not None else NO_WELLNESS
        m = self._metrics
        m.week = float(n)
        m.phase = plan.phase
        m.fatigue = wellness.fatigue
        m.soreness = wellness.soreness
        m.sleep = wellness.sleep
        m.stress = wellness.stress
        m.tests = self._tests(n)
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
        # A rule that only reads the week's wellness fires or not for every slot alike.
        wk = StepWeek()
        wk.week_level = [rule.first(m) for rule in program.week_rules]
        wk.changes = week.changes
        wk.shown = self.shown
        wk.plan = plan
        wk.week = week
        wk.n = n
        wk.last = last
        wk.log = log
        wk.step_back = step_back
        wk.explain = explain
        wk.after_deload = after_deload
        # What holds every increase this week, whatever was logged (docs/engine.md#readiness).
        week_reasons: list[Reason] = []
        if week.deload is not None:
            week_reasons.append(("week", f"week {n} is a lighter week ({week.deload})"))
        elif plan.taper:
            week_reasons.append(("week", f"week {n} is a taper week"))
        elif not plan.progress:
            week_reasons.append(("week", f"{plan.phase} weeks pause increases"))
        self._on_the_day(week)
        if explain:
            self._wellness_warnings(week, wellness)
        wk.day = week.day
        wk.actor = actor = self._actor
        # After a lighter week the progression and the streaks rest: a week folded
        # through unexplained has nothing to do for a slot without rules or %1RM.
        wk.rest = after_deload and not explain
        wk.readiness = Readiness(
            policy, last, wellness, week_reasons, self.index.last_week >= last, explain
        )
        self._reanchor(week, wk, explain)
        wk.volume = self._volume(plan, n)
        # Only the week's rep target changes per session; the factors are the week's.
        wk.targets = plan.reps is not None or bool(plan.session_reps)
        # Each slot's step is generated for it when the program is compiled
        # (:mod:`.slotstep`): its progression and rules, readiness, the style, the
        # missed weeks.
        states = self.states
        for step, i in program.steps:
            step(self, wk, states[i], m)
        actor.gate = None

    # -- what the athlete brings: anchors and the assessment
    def _tests(self, n: int) -> Mapping[str, float | None]:
        """The assessment's results before week ``n``, as conditions read them (none
        read, none worked out: it runs for every week of every athlete)."""
        if not self.program.reads_tests:
            return {}
        return test_values(self.anchors.results, self.start + dt.timedelta(days=7 * (n - 1)))

    def _due_note(self, n: int, spec: AssessmentSpec) -> str:
        """The week's note when the assessment is due (before week 1, then as the block
        says): what to test, or that it is logged."""
        tests = ", ".join(t.describe() for t in spec.tests)
        week_start = self.start + dt.timedelta(days=7 * (n - 1))
        results = self.anchors.results
        since = None if n == 1 else week_start - dt.timedelta(days=7)
        taken = any(
            (found := results.reading(t.name, week_start)) is not None
            and (since is None or found.date >= since)
            for t in spec.tests
        )
        when = "before week 1" if n == 1 else "at the start of this week"
        if taken:
            return f"the assessment {when} is logged ({tests})"
        return (
            f"the assessment is due {when} ({tests}): take it before the first session "
            "and log the results; the week's %1RM loads and the rules on the tests "
            "follow them when the week is planned again"
        )

    def _anchor(self) -> None:
        """Week 1's %1RM lines: the 1RM from the assessment's rep max or from the sets
        logged before week 1, the newer (:mod:`.anchors`)."""
        for slot in self.program.dynamic:
            st = self.states[slot.index]
            if st.percent is None or st.e1rm is not None:
                continue
            anchor = self.anchors.before_start(st.variant)
            if anchor is not None:
                st.e1rm = anchor.e1rm
                st.estimates = (anchor.e1rm,)
                st.e1rm_from = anchor.source
                st.version += 1

    def _reanchor(self, week: _Week, wk: StepWeek, explain: bool) -> None:
        """A rep max re-tested in the week before ``week`` re-anchors its %1RM lines. A
        lower 1RM counts at once; a higher one waits, as any rise does, while readiness
        holds increases: a failed or poor-form week of the line, fatigue or soreness
        (docs/engine.md#readiness)."""
        program = self.program
        if program.assessment is None:
            return
        week_start = self.start + dt.timedelta(days=7 * (week.n - 1))
        log = wk.log
        for slot in program.dynamic:
            st = self.states[slot.index]
            if st.percent is None:
                continue
            anchor = self.anchors.retested(st.variant, week_start) or self._waiting.get(slot.index)
            if anchor is None or (st.e1rm_from == anchor.source and st.e1rm == anchor.e1rm):
                continue
            sets = log.summary(program.log_key(slot, st.variant)) if log is not None else None
            gate = wk.readiness.at(
                sets,
                self.shown[slot.index],
                program.sessions_per_week.get(slot.session, 0),
                target_rpe(st.effort),
                week.day.get(slot.session, ()),
            )
            held = list(gate.blocking())
            before = st.e1rm
            out = week.changes.setdefault(slot.index, []) if explain else []
            if before is not None and anchor.e1rm > before and held:
                self._waiting[slot.index] = anchor
                out.append(
                    Change(
                        "",
                        "",
                        "",
                        "1RM estimate",
                        f"re-tested ({anchor.source}): the 1RM would rise to "
                        f"{fmt_load(anchor.e1rm, self.units)}: " + held_because(held),
                        "held",
                    )
                )
                continue
            # A higher 1RM is approached at most `load_jump` a week (10 %: the rise a
            # coach expects to see warned about, domain brief "Lints a coach expects").
            new = anchor.e1rm
            why = f"re-tested: {anchor.source}"
            jump = self.policy.load_jump
            if before is not None and new > before * (1 + jump) + 1e-9:
                new = before * (1 + jump)
                why += f": toward {fmt_load(anchor.e1rm, self.units)}, at most {jump:.0%} a week"
                self._waiting[slot.index] = anchor
            else:
                self._waiting.pop(slot.index, None)
            st.e1rm = new
            st.estimates = (new,)
            st.e1rm_from = anchor.source
            st.version += 1
            out.append(
                Change(
                    "1RM",
                    fmt_load(before, self.units) if before is not None else "-",
                    fmt_load(new, self.units),
                    "assessment",
                    why,
                    "assessment",
                )
            )

    def _assessed_rules(self, week: _Week) -> None:
        """Week 1: the rules whose every condition reads only the assessment and the
        week (corrective work for a limitation the tests found) apply from the start."""
        m = self._metrics
        m.week = 1.0
        m.phase = week.plan.phase
        m.fatigue = m.soreness = m.sleep = m.stress = None
        m.tests = self._tests(1)
        if not any(v is not None for v in m.tests.values()):
            return
        actor = self._actor
        actor.gate = Readiness(self.policy, 0, NO_WELLNESS, [], False, actor.explain)
        for slot in self.program.dynamic:
            st = self.states[slot.index]
            out: list[Change] = []
            for rule in slot.rules:
                if not (rule.week_level and rule.reads_tests):
                    continue
                clause = rule.first(m)
                if clause is not None:
                    self._apply(rule, clause, slot, st, m, None, out, week, 0)
            if out:
                week.changes.setdefault(slot.index, []).extend(out)
        actor.gate = None

    def _wellness_warnings(self, week: _Week, wellness: Wellness) -> None:
        """P320 when last week (or this week's session days) were tired; P321 when
        most recent weeks were."""
        policy = self.policy
        last = week.n - 1
        found = wellness_reasons(wellness, policy, f"in week {last}")
        found += [r for reasons in week.day.values() for r in reasons]
        if found:
            week.warnings.append(
                PlanWarning(
                    "P320",
                    "; ".join(dict.fromkeys(text for _, text in found))
                    + ": this week's increases are held",
                )
            )
        window = policy.persistent_fatigue_window
        tired = 0
        for n in range(max(1, last - window + 1), last + 1):
            past = self.index.get(n)
            if past is not None and wellness_reasons(past.wellness, policy, ""):
                tired += 1
        if tired >= policy.persistent_fatigue_weeks:
            week.warnings.append(
                PlanWarning(
                    "P321",
                    f"fatigue or soreness {format_number(policy.fatigue_hold)} or more in "
                    f"{tired} of the last {window} weeks: plan a deload week "
                    f"(`deload weeks {week.n}`), and look at sleep, stress and the "
                    "running load",
                )
            )

    def _volume(self, plan: WeekPlan, n: int) -> float:
        """The style's volume factor for week ``n``; a taper's comes from the policy,
        cut more each week (Bosquet 2007: 41-60 %)."""
        if not plan.taper:
            return plan.volume
        first, count = self.calendar.taper_position(n)
        policy = self.policy
        if count <= 1:
            return 1 - policy.taper_cut_last
        step = (policy.taper_cut_last - policy.taper_cut_first) / (count - 1)
        return 1 - (policy.taper_cut_first + step * (first - 1))

    def _style_factors(
        self,
        slot: SlotSpec,
        st: State,
        plan: WeekPlan,
        n: int,
        gate: Readiness,
        out: list[Change],
        explain: bool,
    ) -> None:
        """A style's intensity and volume apply to the slot at a phase change, and only
        when readiness allows a rise; a taper holds the last build intensity."""
        label = self.program.style_label
        intensity = plan.intensity
        if plan.taper and intensity < st.intensity:
            intensity = st.intensity  # a taper holds intensity (Bosquet 2007)
        if intensity != st.intensity:
            if intensity > st.intensity and (reasons := gate.blocking()):
                if explain:
                    why = (
                        f"{plan.phase} week would raise loads "
                        f"x{format_number(round(intensity / st.intensity, 3))}: "
                        + held_because(reasons)
                    )
                    out.append(Change("", "", "", label, why, "held"))
            else:
                st.intensity = intensity
                st.version += 1
        target = self._week_target(slot, plan)
        if target != st.target:
            rise = target is not None and st.target is not None and target > st.target
            if rise and (reasons := gate.blocking()):
                if explain:
                    why = f"{plan.phase} week's rep target {target} would add reps: " + (
                        held_because(reasons)
                    )
                    out.append(Change("", "", "", label, why, "held"))
            else:
                st.target = target
                st.version += 1
        volume = self._volume(plan, n)
        if volume != st.volume:
            if volume > st.volume and (reasons := gate.blocking()):
                if explain:
                    why = f"{plan.phase} week would add sets: " + held_because(reasons)
                    out.append(Change("", "", "", label, why, "held"))
            else:
                st.volume = volume
                st.version += 1

    def _estimate(
        self,
        slot: SlotSpec,
        st: State,
        sets: Agg,
        gate: Readiness,
        out: list[Change],
        explain: bool,
    ) -> None:
        """A %1RM line's estimate: each week's best eligible set (10 reps or fewer, near
        failure, form not poor; :func:`~stridelift.core.training.e1rm.week_estimate`),
        the median of the last few weeks. It may fall at any time, and rises only
        when readiness allows (never after a failed or poor-form week)."""
        policy = self.policy
        week = week_estimate(sets.records, policy, policy.e1rm_method, self.units)
        st.estimates = (*st.estimates, week)[-policy.e1rm_weeks :]
        e1rm = smoothed(st.estimates, policy)
        if e1rm is None or e1rm == st.e1rm:
            return
        if st.e1rm is not None and e1rm > st.e1rm and (reasons := gate.blocking()):
            if explain:
                why = (
                    f"the 1RM estimate would rise to {fmt_load(e1rm, self.units)}: "
                    + held_because(reasons)
                )
                out.append(Change("", "", "", "1RM estimate", why, "held"))
            return
        st.e1rm = e1rm
        if week is not None:
            st.e1rm_from = f"the sets logged in the last {policy.e1rm_weeks} weeks"
        st.version += 1

    def _on_the_day(self, week: _Week) -> None:
        """Fatigue or soreness checked in on a session's day or the day before (the
        plan made for the current week): it holds that session's increases and, fatigue
        or soreness high, cuts volume before intensity (domain brief, "Progression"):
        one set this week, unless the slot's own rules read fatigue or soreness."""
        policy = self.policy
        this = self.index.get(week.n)
        before = self.index.get(week.n - 1)
        # Fast path: a week's wellness holds its highest fatigue and soreness (the index
        # keeps it in step with the week's check-ins), so with neither week's high
        # enough, no check-in of them is, and no session's day is tired.
        if not (
            (before is not None and _tired(before.wellness, policy))
            or (this is not None and _tired(this.wellness, policy))
        ):
            return
        # Only a high check-in matters; the day before the first session can be the
        # last day of the week before.
        high = [
            c
            for log in (before, this)
            if log is not None
            for c in log.checkins
            if (c.fatigue is not None and c.fatigue >= policy.fatigue_hold)
            or (c.soreness is not None and c.soreness >= policy.soreness_hold)
        ]
        if not high:
            return
        start = self.start + dt.timedelta(days=7 * (week.n - 1))
        one = dt.timedelta(days=1)
        for _, name, date in self.program.session_dates(start):
            # The highest of each on the day or the day before, dated as checked in.
            found: dict[str, tuple[float, Reason]] = {}
            for c in high:
                if date - one <= c.date <= date:
                    for reason in wellness_reasons(Wellness((c,)), policy, f"on {c.date:%a %d %b}"):
                        value = float(getattr(c, reason[0]) or 0)
                        if reason[0] not in found or value > found[reason[0]][0]:
                            found[reason[0]] = (value, reason)
            if found:
                week.day.setdefault(name, []).extend(r for _, r in found.values())
        if not week.day:
            return
        for slot in self.program.slots:
            reasons = week.day.get(slot.session)
            if not reasons or slot.phase not in LIFTING_PHASES or slot.wellness_rules:
                continue
            st = self.states[slot.index]
            tweak = week.adjust.setdefault(slot.index, {})
            current = tweak.get("sets", st.sets)
            if current >= 2:
                tweak["sets"] = current - 1
                why = "; ".join(text for _, text in reasons) + ": one set fewer this week"
                week.changes.setdefault(slot.index, []).append(
                    Change("sets", str(current), str(current - 1), "readiness", why, "readiness")
                )

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
        (clause.run if actor.explain else clause.run_quiet)(actor, m, before, progressed)
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
        volume, intensity = self._factors(plan)
        modifiers = (volume, intensity, plan.reps, plan.session_reps, deload, plan.taper)
        # (A lighter week is measured against the week before: never reused.)
        same = modifiers == self._modifiers and deload is None and not plan.taper
        self._modifiers = modifiers
        adjust = week.adjust
        versions = self._shown_key
        variants = self._shown_variant
        special = (
            plan.reps is not None or bool(plan.session_reps) or deload is not None or plan.taper
        )
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
            if special or st.percent is not None or (tweak and "deload" in tweak):
                self.shown[i] = self._shown_values(slot, st, plan, deload, tweak)
                variants[i] = st.variant
                continue
            sets, reps, load = st.sets, st.reps, st.load
            if tweak:
                sets = tweak.get("sets", sets)
                reps = tweak.get("reps", reps)
                load = tweak.get("load", load)
            if slot.phase in LIFTING_PHASES:
                slot_volume, slot_intensity = (
                    (st.volume, st.intensity) if slot.styled else (volume, intensity)
                )
                if slot_volume != 1.0:
                    sets = kept_sets(sets, slot_volume)
                if slot_intensity != 1.0 and load is not None and st.loads:
                    load = nearest(load * slot_intensity, st.loads)
            self.shown[i] = (sets, reps, load)
            variants[i] = st.variant

    def _shown_values(
        self,
        slot: SlotSpec,
        st: State,
        plan: WeekPlan,
        deload: str | None,
        tweak: Mapping[str, Any] | None,
    ) -> tuple[int, float | None, float | None]:
        """The sets, reps and load :meth:`_present` gives the slot, without explaining
        them or building the rest of the prescription (the same steps, in the same
        order; ``tests/test_slotstep.py`` holds the two together)."""
        sets, reps, load = st.sets, st.reps, st.load
        if st.percent is not None:
            load = None if st.e1rm is None else nearest(st.e1rm * st.percent / 100, st.loads)
        policy = self.policy
        if tweak:
            sets = tweak.get("sets", sets)
            reps = tweak.get("reps", reps)
            load = tweak.get("load", load)
            if tweak.get("deload") and deload is None:
                sets, reps = deloaded(sets, reps, (sets, reps), policy)
        if slot.phase not in LIFTING_PHASES:
            return sets, reps, load
        base = sets, reps
        # The style (:meth:`_periodize`): its rep target, volume and intensity.
        reps = self._target_reps(slot, reps, plan)
        volume, intensity = (st.volume, st.intensity) if slot.styled else self._factors(plan)
        if volume != 1.0:
            new = kept_sets(sets, volume)
            if plan.taper and slot.measure == "reps" and reps is not None:
                new, reps = taper_cut(sets, reps, volume)
            sets = new
        if intensity != 1.0 and load is not None and st.loads:
            load = nearest(load * intensity, st.loads)
        if deload is not None:
            sets, reps = deloaded(sets, reps, base, policy)
        if (deload is not None or plan.taper) and plan.week > 1:
            # Never more than the week before (:meth:`_lighter`).
            i = slot.index
            if self._before_variant[i] == st.variant:
                b_sets, b_reps, b_load = self._before[i]
                if b_sets:
                    if load is not None and b_load is not None and load > b_load:
                        load = b_load
                    if sets > b_sets:
                        sets = b_sets
                    if reps is not None and b_reps is not None:
                        if reps > b_reps:
                            reps = b_reps
                        if sets * reps > b_sets * b_reps + 1e-9:
                            fewer = max(1.0, float(math.floor(b_sets * b_reps / sets + 1e-9)))
                            if slot.measure != "reps":
                                fewer = round(b_sets * b_reps / sets, 1)
                            if fewer < reps:
                                reps = fewer
        return sets, reps, load

    def _factors(self, plan: WeekPlan) -> tuple[float, float]:
        """The week's volume and intensity for a slot that takes the style's factors
        as they come (a styled slot keeps its own, see :meth:`_style_factors`)."""
        if plan.taper:
            return self._volume(plan, plan.week), self.calendar.taper_intensity(plan.week)
        return plan.volume, plan.intensity

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
                self._deload(
                    values, "this exercise's rule", extra, (values["sets"], values["reps"])
                )
        if slot.phase in LIFTING_PHASES:
            base = values["sets"], values["reps"]
            self._periodize(slot, st, values, plan, extra)
            if deload is not None:
                self._deload(values, deload, extra, base)
            if (deload is not None or plan.taper) and plan.week > 1:
                self._lighter(slot, st, values, extra, deload or f"{plan.phase} week")
        return values

    def _lighter(
        self,
        slot: SlotSpec,
        st: State,
        values: dict[str, Any],
        extra: list[Change] | None,
        reason: str,
    ) -> None:
        """A deload or taper week is never heavier, nor more volume, than the week
        before it (a week a tired athlete was already cut back counts as it was)."""
        i = slot.index
        if self._before_variant[i] != st.variant:
            return
        sets, reps, load = self._before[i]
        if not sets:
            return
        if values["load"] is not None and load is not None and values["load"] > load:
            if extra is not None:
                extra.append(
                    Change(
                        "load",
                        Lazy(fmt_load, values["load"], self.units),
                        Lazy(fmt_load, load, self.units),
                        "lighter week",
                        f"{reason}: no heavier than last week",
                        "deload",
                    )
                )
            values["load"] = load
        if values["sets"] > sets:
            if extra is not None:
                extra.append(
                    Change(
                        "sets",
                        str(values["sets"]),
                        str(sets),
                        "lighter week",
                        f"{reason}: no more sets than last week",
                        "deload",
                    )
                )
            values["sets"] = sets
        now = values["reps"]
        if now is not None and reps is not None and now > reps:
            if extra is not None:
                extra.append(
                    Change(
                        "reps",
                        Lazy(fmt_amount, now, slot.measure),
                        Lazy(fmt_amount, reps, slot.measure),
                        "lighter week",
                        f"{reason}: no more reps than last week",
                        "deload",
                    )
                )
            values["reps"] = now = reps
        if now is not None and reps is not None and values["sets"] * now > sets * reps + 1e-9:
            fewer = max(1.0, float(math.floor(sets * reps / values["sets"] + 1e-9)))
            if slot.measure != "reps":
                fewer = round(sets * reps / values["sets"], 1)
            if fewer < now:
                if extra is not None:
                    extra.append(
                        Change(
                            "reps",
                            Lazy(fmt_amount, now, slot.measure),
                            Lazy(fmt_amount, fewer, slot.measure),
                            "lighter week",
                            f"{reason}: no more volume than last week",
                            "deload",
                        )
                    )
                values["reps"] = fewer

    def _periodize(
        self,
        slot: SlotSpec,
        st: State,
        values: dict[str, Any],
        plan: WeekPlan,
        extra: list[Change] | None,
    ) -> None:
        label = self.program.style_label
        self._rep_target(slot, values, plan, extra)
        volume, intensity = (st.volume, st.intensity) if slot.styled else self._factors(plan)
        if volume != 1.0:
            sets = values["sets"]
            new = kept_sets(sets, volume)
            reps = values["reps"]
            if plan.taper and slot.measure == "reps" and reps is not None:
                new, new_reps = taper_cut(sets, reps, volume)
                if new_reps != reps:
                    values["reps"] = new_reps
                    if extra is not None:
                        why_reps: Text = Lazy(_taper_why, plan.phase, volume)
                        extra.append(
                            Change(
                                "reps",
                                Lazy(fmt_amount, reps, "reps"),
                                Lazy(fmt_amount, new_reps, "reps"),
                                label,
                                why_reps,
                                "periodization",
                            )
                        )
            if new != sets:
                values["sets"] = new
                if extra is not None:
                    why: Text = (
                        Lazy(_taper_why, plan.phase, volume)
                        if plan.taper
                        else Lazy(_style_why, plan.phase, "volume", volume)
                    )
                    extra.append(Change("sets", str(sets), str(new), label, why, "periodization"))
        load = values["load"]
        if intensity != 1.0 and load is not None and st.loads:
            new_load = nearest(load * intensity, st.loads)
            if new_load != load:
                values["load"] = new_load
                if extra is not None:
                    why_load: Text = Lazy(_style_why, plan.phase, "intensity", intensity)
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

    def _week_target(self, slot: SlotSpec, plan: WeekPlan) -> int | None:
        """The style's rep target for the slot's session this week, if any."""
        if plan.session_reps:
            position = self.program.session_position.get(slot.session, 0)
            return plan.session_reps[position % len(plan.session_reps)]
        return plan.reps

    def _rep_target(
        self, slot: SlotSpec, values: dict[str, Any], plan: WeekPlan, extra: list[Change] | None
    ) -> None:
        """The style's rep target for loaded main lifts whose progression does not set
        reps (before a taper's cut, which then cuts from it)."""
        reps = values["reps"]
        new = self._target_reps(slot, reps, plan)
        if new == reps:
            return
        values["reps"] = new
        if extra is not None:
            target = self._week_target(slot, plan)
            if slot.styled:
                target = self.states[slot.index].target
            why = (
                f"{plan.phase}: rep target {target} for loaded main lifts whose "
                "progression does not set reps"
            )
            extra.append(
                Change(
                    "reps",
                    Lazy(fmt_amount, reps, "reps"),
                    Lazy(fmt_amount, new, "reps"),
                    self.program.style_label,
                    why,
                    "periodization",
                )
            )

    def _target_reps(self, slot: SlotSpec, reps: float | None, plan: WeekPlan) -> float | None:
        """The reps a slot shows under the style's rep target this week (``reps`` when
        there is none, or it does not apply to the slot)."""
        target = self._week_target(slot, plan)
        if target is None:
            return reps  # no rep target this week (most weeks of most styles)
        if slot.styled:
            target = self.states[slot.index].target  # a rise waits for readiness
        owned = slot.progression is not None and slot.progression.owns_reps
        loaded = isinstance(slot.line.load, ast.WeightLoad | ast.PercentLoad)
        if (
            target is None
            or slot.phase != "main"
            or not loaded
            or owned
            or slot.measure != "reps"
            or reps is None
        ):
            return reps
        amount = slot.line.prescription.amount if slot.line.prescription else None
        written = (
            amount.count
            if isinstance(amount, ast.Reps)
            else amount.low
            if isinstance(amount, ast.RepRange)
            else None
        )
        new = float(target)
        if written is not None and reps < written:
            # A back-off took reps below the line's: the target shrinks in the same
            # proportion, so the athlete sees the back-off.
            new = max(1.0, float(math.floor(target * reps / written + 1e-9)))
        return reps if new == reps else new

    def _deload(
        self,
        values: dict[str, Any],
        reason: str,
        extra: list[Change] | None,
        base: tuple[int, float | None],
    ) -> None:
        """A lighter week (Bell 2022, 2024): fewer sets and reps, an easier effort.
        It does not stack on a week the style already lightens (a taper): the sets
        and reps are the fewer of the two, counted from ``base``, the sets and reps
        before the style's volume."""
        values["deload"] = True
        policy = self.policy
        sets, reps = values["sets"], values["reps"]
        new, fewer = deloaded(sets, reps, base, policy)
        if new != sets:
            values["sets"] = new
            if extra is not None:
                extra.append(Change("sets", str(sets), str(new), "deload", reason, "deload"))
        if reps is not None and fewer != reps:
            values["reps"] = fewer
            if extra is not None:
                extra.append(
                    Change(
                        "reps",
                        Lazy(fmt_amount, reps, "reps"),
                        Lazy(fmt_amount, fewer, "reps"),
                        "deload",
                        reason,
                        "deload",
                    )
                )
        effort = values["effort"]
        if effort is not None:
            kind, value = effort
            ease = policy.deload_effort
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
        lighter = week.deload is not None or week.plan.taper
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
            # (A lighter week is measured against the week before it: never cached.)
            plain = found is None and tweak is None and notes is None and not lighter
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
        quiet = self._quiet(start)
        if quiet:
            for k, item in enumerate(shown):
                slot = item.slot
                why = quiet.get(slot.session)
                if why is not None and _heavy_legs(slot):
                    shown[k] = item.omit(why)
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
        race = self.race
        if (
            not shown_only
            and race is not None
            and start <= race < start + dt.timedelta(days=7)
            and week.deload is None
            and not week.plan.taper
            and week.plan.volume >= 1.0
        ):
            # Domain brief, "Lints a coach expects": taper or race week with full volume.
            week.warnings.append(
                PlanWarning(
                    "P322",
                    f"the race ({race:%a %d %b}) is this week and the week is planned at "
                    "full volume: taper into it (a style with a taper, such as `block`, or "
                    f"`deload weeks {week.n}`)",
                )
            )
        if not shown_only:
            last = previous if previous is not None and previous.week == week.n - 1 else None
            plan_warnings(self.program, self.index, result, last)
            self.read_done(result)
        self._previous = result
        return result

    def _quiet(self, start: dt.date) -> dict[str, str]:
        """The week's sessions in the last days before the race, with why heavy
        lower-body work is left out of them (domain brief, "Periodization": no heavy
        lower-body work in the last 2-4 days before the race)."""
        race = self.race
        if race is None:
            return {}
        days = self.policy.race_quiet_days
        found = {}
        for _, name, date in self.program.session_dates(start):
            before = (race - date).days
            if 0 <= before <= days:
                when = "race day" if before == 0 else f"{before} day(s) before the race"
                found[name] = (
                    f"{when} ({race:%a %d %b}): no heavy lower-body work in the last {days} days"
                )
        return found

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


def _tired(wellness: Wellness, policy: Policy) -> bool:
    """Whether a week's highest fatigue or soreness holds increases."""
    fatigue, soreness = wellness.fatigue, wellness.soreness
    return (fatigue is not None and fatigue >= policy.fatigue_hold) or (
        soreness is not None and soreness >= policy.soreness_hold
    )


def _heavy_legs(slot: SlotSpec) -> bool:
    """A loaded lower-body main or accessory line: what a race week leaves out."""
    exercise = slot.exercise
    return (
        slot.phase in LIFTING_PHASES
        and exercise is not None
        and exercise.lower_body
        and isinstance(slot.line.load, ast.WeightLoad | ast.PercentLoad)
    )


def _style_why(phase: str, what: str, factor: float) -> str:
    return f"{phase} week: {what} x{format_number(round(factor, 3))}"


def _taper_why(phase: str, volume: float) -> str:
    return f"{phase} week: volume cut {1 - volume:.0%}, loads held (Bosquet 2007)"


def deloaded(
    sets: int, reps: float | None, base: tuple[int, float | None], policy: Policy
) -> tuple[int, float | None]:
    """A deload week's sets and reps (Bell 2022, 2024), counted from ``base`` (the sets
    and reps before the style's volume), never more than ``sets`` and ``reps``."""
    sets = min(sets, kept_sets(base[0], policy.deload_sets))
    before = base[1]
    if reps is not None and before is not None and policy.deload_reps < 1:
        fewer = min(reps, max(1.0, float(math.floor(before * policy.deload_reps + 1e-9))))
        if fewer != reps:
            reps = fewer
    return sets, reps


def kept_sets(sets: int, fraction: float) -> int:
    """The sets a week keeps of ``sets`` at ``fraction``: the nearest whole set, halves
    rounding up, and never none (so the cut is within half a set of what was asked)."""
    return max(1, math.floor(sets * fraction + 0.5))


def taper_cut(sets: int, reps: float, fraction: float) -> tuple[int, float]:
    """A taper week's sets and reps keeping ``fraction`` of ``sets`` x ``reps``: the sets
    nearest the fraction (the fewer, or the more, whichever lands nearer), then the
    reps that bring the volume closest to it, never more reps than before."""
    target = sets * reps * fraction
    best: tuple[float, int, float] | None = None
    for kept in {max(1, math.floor(sets * fraction)), max(1, math.ceil(sets * fraction))}:
        kept = min(kept, sets)
        each = min(reps, max(1.0, float(math.floor(target / kept + 0.5))))
        miss = abs(kept * each - target)
        if (
            best is None
            or miss < best[0] - 1e-9
            or (abs(miss - best[0]) <= 1e-9 and kept > best[1])
        ):
            best = (miss, kept, each)
    assert best is not None
    return best[1], best[2]


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
