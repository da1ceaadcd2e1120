"""The compiled program: slots, schedule, periodization and policy, ready to fold."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from stridelift.core.engine.clauses import UnitCode
from stridelift.core.engine.plan import Prescribed, SessionPlan
from stridelift.core.engine.slots import SlotSpec
from stridelift.core.engine.slotstep import SlotStep, compile_slot_step, program_source
from stridelift.core.hooks.records import Availability, Exercise, WeekPlan
from stridelift.core.language import ast
from stridelift.core.training.policy import LintSetting, Policy

if TYPE_CHECKING:
    from stridelift.core.check.lints import ActiveRule
    from stridelift.core.logs.records import PlannedRun
    from stridelift.core.training.assessment import AssessmentSpec

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class EngineError(Exception):
    """The program or the request cannot be evaluated (exit code 2 at the CLI)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class CompiledProgram:
    """A checked program compiled for evaluation."""

    def __init__(
        self,
        *,
        title: str,
        path: str,
        units: str,
        weeks: int | None,
        style_label: str,
        style_week: Callable[[int], WeekPlan],
        deload_every: int | None,
        deload_weeks: frozenset[int],
        schedule: tuple[tuple[str, str], ...],
        sessions: Mapping[str, ast.Session],
        slots: tuple[SlotSpec, ...],
        exercise: Callable[[str], Exercise | None],
        policy: Policy,
        equipment: frozenset[str] = frozenset({"bodyweight"}),
        available: Mapping[str, Availability] | None = None,
        policy_overrides: Mapping[str, object] | None = None,
        lints: Mapping[str, LintSetting] | None = None,
        race: dt.date | None = None,
        running: tuple[PlannedRun, ...] = (),
        assessment: AssessmentSpec | None = None,
        lint_rules: Sequence[ActiveRule] = (),
        plans: Sequence[WeekPlan] = (),
    ) -> None:
        self.title = title
        self.path = path
        self.units = units
        self.weeks = weeks
        self.style_label = style_label
        self._style_week = style_week
        self.deload_every = deload_every
        self.deload_weeks = deload_weeks
        self.schedule = schedule
        self.sessions = sessions
        #: Each session's place in the program (a style's per-session rep targets).
        self.session_position = {name: i for i, name in enumerate(sessions)}
        self.slots = slots
        self.dynamic = tuple(s for s in slots if s.dynamic)
        #: The slots whose conditions judge last week's sets against what the week
        #: showed (``completed``, ``partial``): the fold works out what each shows.
        #: The slots whose shown numbers the fold keeps week to week: readiness judges
        #: every dynamic slot's sets against what it showed, and a lighter week of any
        #: lifting slot is never more than the week before (a tired day's cut counts).
        self.judged = tuple(s for s in slots if s.dynamic or s.phase in ("main", "accessory"))
        found: dict[int, UnitCode] = {}
        for slot in slots:
            for rule in slot.rules:
                if rule.week_level:
                    found[id(rule)] = rule
        self.week_rules = tuple(found.values())
        #: Whether a condition reads the assessment (the fold then works out the
        #: results each week).
        self.reads_tests = any(rule.reads_tests for slot in slots for rule in slot.units)
        self.exercise = exercise
        self.equipment = equipment
        self.available = dict(available or {})
        self._loads: dict[str, tuple[float, ...]] = {}
        self.read_names = self._read_names()
        self.policy = policy
        #: What the program's own `policy` block set (already applied to ``policy``),
        #: its lint settings, race day and running week.
        self.policy_overrides = dict(policy_overrides or {})
        self.lints = dict(lints or {})
        self.race = race
        self.running = running
        #: The ``assessment`` block, checked: its tests, and when they are due.
        self.assessment = assessment
        #: The ``plan`` lint rules run on every week built (:mod:`.warnings`).
        self.lint_rules: tuple[ActiveRule, ...] = tuple(lint_rules)
        #: The style's weeks, by number (those the compiler already asked for, first).
        self._plans: dict[int, WeekPlan] = dict(enumerate(plans, 1))
        self._calendars: dict[int, Calendar] = {}
        self._default = Calendar(self)
        #: The prescriptions of slots that never change, by the week's modifiers,
        #: shared by every evaluation of the program.
        self.made: list[dict[object, tuple[int, Prescribed]]] = [{} for _ in slots]
        self._offsets: dict[int, list[tuple[str, str, dt.timedelta]]] = {}
        #: Sessions with a main lower-body lift (P301 and P302 watch those).
        self.heavy_sessions = frozenset(
            slot.session
            for slot in slots
            if slot.phase == "main" and slot.exercise is not None and slot.exercise.lower_body
        )
        counts: dict[str, int] = {}
        for _, session in schedule:
            counts[session] = counts.get(session, 0) + 1
        self.sessions_per_week = counts
        by_name: dict[str, list[SlotSpec]] = {}
        for slot in slots:
            by_name.setdefault(slot.name, []).append(slot)
        self.shared_names = frozenset(n for n, found in by_name.items() if len(found) > 1)
        #: Each dynamic slot's weekly step, generated for it (:mod:`.slotstep`), with the
        #: slot's index: the fold calls them in order.
        steps = []
        for slot in self.dynamic:
            step, slot.step_source = compile_slot_step(
                slot, self.week_rules, counts.get(slot.session, 0), self.shared_names
            )
            steps.append((step, slot.index))
        self.steps: tuple[tuple[SlotStep, int], ...] = tuple(steps)

    def _read_names(self) -> frozenset[str]:
        """Exercises whose logged sets the fold reads (a slot's exercise and every rung
        of its ladder); the log index only files the sets of the others."""
        names: set[str] = set()
        for slot in self.dynamic:
            if slot.wellness_only and not slot.reads:
                continue  # its rules read the week's wellness alone
            todo = [slot.name]
            while todo:
                name = todo.pop()
                if name in names:
                    continue
                names.add(name)
                exercise = self.exercise(name)
                if exercise is not None:
                    todo.extend(n for n in (exercise.harder, exercise.easier) if n)
        return frozenset(names)

    def loads_for(self, name: str) -> tuple[float, ...]:
        """Every load the athlete owns that fits the exercise (any of its equipment)."""
        found = self._loads.get(name)
        if found is None:
            exercise = self.exercise(name)
            loads: set[float] = set()
            for kind in exercise.equipment if exercise else ():
                has = self.available.get(kind)
                if has is not None:
                    loads.update(has.loads)
            found = self._loads[name] = tuple(sorted(loads))
        return found

    def measure_of(self, name: str) -> str:
        """How an exercise's sets are measured: as a line of the program states it
        (``farmers_carry 3 x 45s`` is seconds), else as the catalog says."""
        for slot in self.slots:
            if slot.name == name:
                return slot.measure
        exercise = self.exercise(name)
        # A ladder variant of a line that states its measure is measured as the line.
        for slot in self.slots:
            if slot.exercise is not None and slot.measure != slot.exercise.measure:
                rung: Exercise | None = slot.exercise
                for _ in range(16):
                    rung = self.exercise(rung.harder) if rung and rung.harder else None
                    if rung is None:
                        break
                    if rung.name == name:
                        return slot.measure
        return exercise.measure if exercise else "reps"

    def can_do(self, name: str) -> bool:
        """Whether the athlete owns the equipment for an exercise (any of its sets)."""
        exercise = self.exercise(name)
        return exercise is not None and any(e in self.equipment for e in exercise.equipment)

    def week_plan(self, n: int) -> WeekPlan:
        """What the style says of week ``n`` (without a race date)."""
        return self._default.week_plan(n)

    def style_plan(self, n: int) -> WeekPlan:
        plan = self._plans.get(n)
        if plan is None:
            plan = self._plans[n] = self._style_week(n)
        return plan

    def calendar(self, race_week: int | None = None) -> Calendar:
        """The program's weeks, with the taper placed to end in ``race_week`` when a
        race date is known (one calendar per race week, shared)."""
        if race_week is None:
            return self._default
        found = self._calendars.get(race_week)
        if found is None:
            found = self._calendars[race_week] = Calendar(self, race_week)
        return found

    def taper_position(self, n: int) -> tuple[int, int]:
        return self._default.taper_position(n)

    def taper_intensity(self, n: int) -> float:
        return self._default.taper_intensity(n)

    def deload_reason(self, n: int) -> str | None:
        """Why week ``n`` is a deload, or ``None``."""
        return self._default.deload_reason(n)

    def sessions_of(self, start: dt.date, shown: Sequence[Prescribed]) -> tuple[SessionPlan, ...]:
        by_session: dict[str, list[Prescribed]] = {}
        for item in shown:
            by_session.setdefault(item.slot.session, []).append(item)
        sessions = []
        listed = set()
        for day, name, date in self.session_dates(start):
            session = self.sessions.get(name)
            listed.add(name)
            title = session.title if session else None
            sessions.append(SessionPlan(name, title, date, day, tuple(by_session.get(name, ()))))
        for name, session in self.sessions.items():
            if name not in listed:
                items = tuple(by_session.get(name, ()))
                sessions.append(SessionPlan(name, session.title, None, None, items))
        return tuple(sessions)

    def generated_source(self) -> str:
        """The Python source generated for each dynamic slot's weekly step
        (:mod:`.slotstep`; ``STRIDELIFT_SHOW_CODE=1`` prints it as it is compiled)."""
        return program_source(self.dynamic)

    def session_on(self, date: dt.date) -> str:
        """The session scheduled on a date's weekday (to file a set logged without one)."""
        day = DAYS[date.weekday()]
        for scheduled, session in self.schedule:
            if scheduled == day:
                return session
        return ""

    def session_dates(self, week_start: dt.date) -> list[tuple[str, str, dt.date]]:
        """The scheduled sessions of the week from ``week_start``, in date order."""
        weekday = week_start.weekday()
        offsets = self._offsets.get(weekday)
        if offsets is None:
            found = [
                (day, session, (DAYS.index(day) - weekday) % 7) for day, session in self.schedule
            ]
            found.sort(key=lambda item: item[2])
            offsets = self._offsets[weekday] = [
                (day, session, dt.timedelta(days=offset)) for day, session, offset in found
            ]
        return [(day, session, week_start + offset) for day, session, offset in offsets]

    def log_key(self, slot: SlotSpec, variant: str) -> str:
        """Where the log index files a slot's sets: by exercise, and by session too
        for an exercise two sessions share."""
        return variant if variant not in self.shared_names else f"{variant}@{slot.session}"


class Calendar:
    """The weeks of a program for one evaluation: the style's, with the taper moved
    to end in the race week when a race date is known (domain brief,
    "Periodization": a taper of about 2 weeks before the race).

    Without a race the weeks are the style's. With one in week R and a style whose
    taper is T weeks: weeks R-T+1 to R are the taper; the weeks before it follow the
    style up to its last week before the taper (a race later than planned extends
    the build, an earlier one cuts it short); weeks after the race are a recovery
    phase: half the sets, no increases, until the coach plans the next block."""

    def __init__(self, program: CompiledProgram, race_week: int | None = None) -> None:
        self.program = program
        self.race_week = race_week
        self._plans: dict[int, WeekPlan] = {}
        self._deloads: dict[int, str | None] = {}
        self._first_taper = 0
        self._taper_weeks = 0
        if race_week is not None:
            total = program.weeks or 52
            tapers = [n for n in range(1, total + 1) if program.style_plan(n).taper]
            if tapers:
                self._first_taper, self._taper_weeks = tapers[0], len(tapers)

    def week_plan(self, n: int) -> WeekPlan:
        plan = self._plans.get(n)
        if plan is None:
            plan = self._plans[n] = self._plan(n)
        return plan

    @property
    def phase_starts(self) -> frozenset[int]:
        """The weeks that start a new phase (week 1 aside): ``assessment every phase``
        is due in them."""
        total = self.program.weeks or 52
        return frozenset(
            n for n in range(2, total + 1) if self.week_plan(n).phase != self.week_plan(n - 1).phase
        )

    def _plan(self, n: int) -> WeekPlan:
        program, race = self.program, self.race_week
        if race is None:
            return program.style_plan(n)
        if n > race:
            return WeekPlan(
                n,
                "recovery",
                volume=0.5,
                progress=False,
                note="after the race: half the sets, no increases",
            )
        count = self._taper_weeks
        if not count:
            return program.style_plan(n)
        first = race - count + 1
        if n >= first:
            week = self._first_taper + (n - first)
        else:
            week = min(n, self._first_taper - 1) if self._first_taper > 1 else n
        plan = program.style_plan(max(1, week))
        return plan if plan.week == n else dataclasses.replace(plan, week=n)

    def taper_position(self, n: int) -> tuple[int, int]:
        """Week ``n``'s place in its run of taper weeks, and the run's length."""
        first = n
        while first > 1 and self.week_plan(first - 1).taper:
            first -= 1
        last = n
        weeks = self.program.weeks
        while (weeks is None or last < weeks) and self.week_plan(last + 1).taper:
            last += 1
            if last - first > 52:
                break
        return n - first + 1, last - first + 1

    def taper_intensity(self, n: int) -> float:
        """A taper week's intensity: the style's, but never below the last week before
        the taper (a taper holds intensity, Bosquet 2007)."""
        plan = self.week_plan(n)
        position, _ = self.taper_position(n)
        before = n - position
        if before < 1:
            return plan.intensity
        return max(plan.intensity, self.week_plan(before).intensity)

    def deload_reason(self, n: int) -> str | None:
        """Why week ``n`` is a deload, or ``None``."""
        if n in self._deloads:
            return self._deloads[n]
        found = self._deloads[n] = self._deload_reason(n)
        return found

    def _deload_reason(self, n: int) -> str | None:
        program = self.program
        plan = self.week_plan(n)
        if plan.taper or plan.phase == "recovery":
            return None  # a taper or the week after a race is already lighter
        if n in program.deload_weeks:
            return f"deload week {n} (program: deload weeks)"
        if program.deload_every and n % program.deload_every == 0:
            return f"deload every {program.deload_every} weeks"
        if plan.deload:
            return f"{program.style_label}: deload week"
        return None
