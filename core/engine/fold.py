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

Around this module: :mod:`.compile` turns conditions into generated functions,
:mod:`.actions` applies a fired clause's actions, :mod:`.logindex` files the
log by week, :mod:`.explain` holds the changes and warnings, and
:mod:`.report` prints plans as text or JSON.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stridelift.core.engine.actions import Actor, nearest
from stridelift.core.engine.codegen import (
    Fn,
    Percent,
    arg_value,
    compile_expr,
    compile_first,
    compile_ticks,
    metric_names,
    quantity_value,
)
from stridelift.core.engine.explain import Change, Lazy, Text, Warning, fmt_amount, fmt_load, quoted
from stridelift.core.engine.logweeks import NO_WELLNESS, Agg, LogIndex, WeekLog
from stridelift.core.engine.metrics import FORM_NAMES, Done, Metrics
from stridelift.core.hooks.records import Availability, Exercise, WeekPlan
from stridelift.core.language import ast
from stridelift.core.language.unparse import format_call, format_expr, format_number
from stridelift.core.units import convert
from stridelift.core.values import record

if TYPE_CHECKING:
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.language.sources import Unit
    from stridelift.core.logs import Log

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LIFTING_PHASES = frozenset({"main", "accessory"})
WEEK_METRICS = frozenset({"fatigue", "soreness", "sleep", "stress", "week", "phase"})


@record
class Policy:
    """The coaching conventions the engine applies; each is a default, not a law."""

    #: Reps never climb past this when load cannot go up (domain brief: about 12-15).
    rep_cap: int = 15
    #: The slowest lowering, in seconds, a tempo progression goes to.
    slowest_eccentric: int = 5
    #: The longest pause, in seconds, added once the lowering is at its slowest.
    longest_pause: int = 2
    #: A deload week keeps this fraction of the sets (rounded up) ...
    deload_sets: float = 0.5
    #: ... and eases the effort by this many RPE points (about 2 RIR, Bell 2022).
    deload_effort: float = 2.0
    #: After this many weeks in a row with nothing logged, loads step back ...
    missed_weeks_step_back: int = 2
    #: ... to this fraction.
    step_back: float = 0.9
    #: A week-over-week load rise above this fraction is warned about.
    load_jump: float = 0.10
    #: A week-over-week rise in running distance above this fraction is warned about.
    run_jump: float = 0.30
    #: How a one-rep max is estimated from a logged set: rts, epley or brzycki.
    e1rm_method: str = "rts"


class EngineError(Exception):
    """The program or the request cannot be evaluated (exit code 2 at the CLI)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


# ---------------------------------------------------------------- the compiled program


class ClauseCode:
    """A clause: its condition (``None``: ``otherwise``), and its actions with their
    values compiled (``None`` for a tempo or an action without a value). The unit
    evaluates the conditions (:attr:`UnitCode.first`)."""

    __slots__ = (
        "actions",
        "condition",
        "given",
        "index",
        "inert",
        "names",
        "steps",
        "text",
        "values",
    )

    def __init__(
        self,
        index: int,
        condition: ast.Expr | None,
        text: str,
        names: tuple[str, ...],
        actions: tuple[tuple[ast.Action, Fn | None], ...],
        given: tuple[tuple[str, object], ...] = (),
    ) -> None:
        #: The progression's arguments the condition reads, quoted with the metrics.
        self.given = given
        #: The metric values an explanation quotes, read in one call.
        self.values = _reader(names)
        #: Each action as (what it does, the action, its compiled value).
        self.steps = tuple((_step_code(a), a, fn) for a, fn in actions)
        #: Whether, in a progression, the clause only explains (``hold``, a note): a
        #: week folded through without explanations can skip it.
        self.inert = all(code in ("hold", "note") for code, _, _ in self.steps)
        self.index = index
        self.condition = condition
        self.text = text
        self.names = names
        self.actions = actions


def _reader(names: tuple[str, ...]) -> Callable[[Metrics], tuple[object, ...]]:
    if not names:
        return lambda m: ()
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda m: (get(m),)
    many: Callable[[Metrics], tuple[object, ...]] = operator.attrgetter(*names)
    return many


def _step_code(action: ast.Action) -> str:
    if isinstance(action, ast.NoteAction):
        return "note"
    if isinstance(action, ast.SimpleAction):
        return action.kind
    return "tempo=" if isinstance(action.value, ast.Tempo) else action.target


class UnitCode:
    """A progression bound to its arguments, or a rule: clauses, first match wins."""

    __slots__ = (
        "clauses",
        "first",
        "holds",
        "kind",
        "label",
        "owns_reps",
        "params",
        "reads",
        "streaks",
        "tick",
        "week_level",
    )

    def __init__(
        self,
        kind: str,
        label: str,
        clauses: tuple[ClauseCode, ...],
        params: Mapping[str, object],
    ) -> None:
        self.kind = kind
        self.label = label
        self.clauses = clauses
        self.params = params
        streaks: list[tuple[Fn, int]] = []
        #: The first clause whose condition holds for a week's metrics, or ``None``.
        self.first: Callable[[Metrics], ClauseCode | None] = compile_first(
            [(clause.condition, clause) for clause in clauses], params, streaks
        )
        #: The inner conditions of its ``for N weeks``, and how many weeks each needs.
        self.streaks = tuple(streaks)
        #: Moves the unit's ``for N weeks`` counters on by one week.
        self.tick = compile_ticks(self.streaks)
        #: The metrics its conditions and action values read.
        reads = {name for clause in clauses for name in clause.names}
        for clause in clauses:
            for action, _ in clause.actions:
                if isinstance(action, ast.SetAction) and not isinstance(action.value, ast.Tempo):
                    reads.update(metric_names(action.value, params))
        self.reads = frozenset(reads)
        #: Whether every condition reads only the week's wellness, number or phase (no
        #: per-exercise metric, no streak): then it is evaluated once a week, not per slot.
        self.week_level = not streaks and all(set(c.names) <= WEEK_METRICS for c in clauses)
        self.holds = any(
            isinstance(action, ast.SimpleAction) and action.kind == "hold"
            for clause in clauses
            for action, _ in clause.actions
        )
        #: Whether a clause sets reps: then a style's rep target leaves the slot alone.
        self.owns_reps = any(
            isinstance(action, ast.SetAction) and action.target == "reps"
            for clause in clauses
            for action, _ in clause.actions
        )


class SlotSpec:
    """One exercise line of the program, as the engine tracks it."""

    __slots__ = (
        "busy",
        "cue",
        "exercise",
        "group",
        "index",
        "key",
        "levels",
        "line",
        "loads",
        "measure",
        "name",
        "pattern",
        "per_side",
        "percent",
        "phase",
        "progression",
        "range",
        "read",
        "reads",
        "rounds",
        "rule_units",
        "rules",
        "rules_read",
        "session",
        "snapshots",
        "streak_units",
        "units",
        "wellness_only",
    )

    def __init__(self, **values: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    index: int
    key: str
    session: str
    phase: str
    group: str | None
    line: ast.ExerciseLine
    exercise: Exercise | None
    name: str
    pattern: str | None
    measure: str
    per_side: bool
    loads: tuple[float, ...]
    levels: tuple[str, ...]
    progression: UnitCode | None
    rules: tuple[UnitCode, ...]
    range: tuple[float, float] | None
    rounds: int | None
    cue: str | None
    units: tuple[UnitCode, ...]
    snapshots: bool
    wellness_only: bool
    percent: bool
    streak_units: tuple[tuple[int, Callable[[Metrics, list[int]], None]], ...]
    rule_units: tuple[tuple[int, UnitCode], ...]
    rules_read: bool
    busy: bool
    reads: frozenset[str]
    read: _Filler

    def finish(self) -> SlotSpec:
        """Precompute what the fold asks of the slot every week."""
        self.units = ((self.progression,) if self.progression else ()) + self.rules
        self.percent = self.initial_percent is not None
        self.streak_units = tuple(
            (u, unit.tick) for u, unit in enumerate(self.units) if unit.streaks
        )
        offset = 1 if self.progression else 0
        self.rule_units = tuple(enumerate(self.rules, offset))
        self.snapshots = any(rule.holds for rule in self.rules)
        #: The per-exercise metrics the slot's progression and rules read, and whether
        #: a rule reads any (after a lighter week, when the progression and the
        #: streaks rest, only such a rule needs them).
        self.reads = frozenset().union(*(unit.reads for unit in self.units)) - WEEK_METRICS
        self.rules_read = any(rule.reads - WEEK_METRICS for rule in self.rules)
        #: Whether anything but the progression can change the slot in a week.
        self.busy = bool(self.rules) or self.percent
        self.wellness_only = (
            self.progression is None
            and self.initial_percent is None
            and all(rule.week_level for rule in self.rules)
        )
        self.read = _metrics_filler(self.reads)
        return self

    @property
    def dynamic(self) -> bool:
        return self.progression is not None or bool(self.rules) or self.initial_percent is not None

    @property
    def initial_percent(self) -> float | None:
        load = self.line.load
        return load.percent if isinstance(load, ast.PercentLoad) else None


class State:
    """A slot's progression state for one athlete (mutated by the fold)."""

    __slots__ = (
        "band",
        "e1rm",
        "effort",
        "load",
        "loads",
        "percent",
        "reps",
        "rest",
        "sets",
        "streaks",
        "tempo",
        "variant",
        "version",
    )

    sets: int
    reps: float | None
    load: float | None
    band: str | None
    percent: float | None
    tempo: tuple[str, ...] | None
    rest: float | None
    effort: tuple[str, float] | None
    variant: str
    streaks: list[list[int]]
    e1rm: float | None
    #: Bumped by every lasting change, so an unchanged slot's prescription is reused.
    version: int
    #: The loads owned for the current variant (a ladder can change the equipment).
    loads: tuple[float, ...]

    def copy(self) -> State:
        other = State.__new__(State)
        for name in State.__slots__:
            setattr(other, name, getattr(self, name))
        other.streaks = [list(s) for s in self.streaks]
        return other


class Prescribed:
    """What one slot shows for one week."""

    __slots__ = (
        "band",
        "changes",
        "deload",
        "e1rm",
        "effort",
        "exercise",
        "load",
        "notes",
        "per_side",
        "percent",
        "reps",
        "rest",
        "sets",
        "slot",
        "tempo",
    )

    def __init__(
        self,
        slot: SlotSpec,
        state: State,
        changes: tuple[Change, ...] = (),
        notes: tuple[str, ...] = (),
    ) -> None:
        self.slot = slot
        self.exercise = state.variant
        self.sets = state.sets
        self.reps = state.reps
        self.load = state.load
        self.band = state.band
        self.percent = state.percent
        self.e1rm = state.e1rm
        self.tempo = state.tempo
        self.rest = state.rest
        self.effort = state.effort
        self.deload = False
        self.changes = changes
        self.notes = notes
        #: Whether the prescription is per side: the line's, unless a ladder moved to a
        #: variant that is (or is not) unilateral.
        self.per_side = slot.per_side

    slot: SlotSpec
    exercise: str
    sets: int
    reps: float | None
    load: float | None
    band: str | None
    percent: float | None
    e1rm: float | None
    tempo: tuple[str, ...] | None
    rest: float | None
    effort: tuple[str, float] | None
    deload: bool
    changes: tuple[Change, ...]
    notes: tuple[str, ...]
    per_side: bool


@record
class SessionPlan:
    name: str
    title: str | None
    date: dt.date | None
    day: str | None
    items: tuple[Prescribed, ...]


class WeekResult:
    """One week of the fold: the plan shown for the week, and what the log says was
    done in it."""

    __slots__ = (
        "_done",
        "_sessions",
        "deload",
        "holds",
        "logged_sessions",
        "notes",
        "plan",
        "prescriptions",
        "program",
        "start",
        "warnings",
        "week",
    )

    def __init__(
        self,
        program: Program,
        week: int,
        start: dt.date,
        plan: WeekPlan,
        deload: str | None,
        prescriptions: tuple[Prescribed, ...],
        warnings: list[Warning],
        notes: list[str],
        holds: dict[int, list[Change]],
    ) -> None:
        self.program = program
        self.week = week
        self.start = start
        self.plan = plan
        #: Why the week is a deload, if it is.
        self.deload = deload
        self.prescriptions = prescriptions
        self.warnings = warnings
        self.notes = notes
        #: Why a slot did not progress, by slot index (``plan --explain-holds``).
        self.holds = holds
        #: What the log says was done: a dict, or how to work it out on first use.
        self._done: dict[int, Done] | Callable[[], dict[int, Done]] = {}
        self.logged_sessions = 0
        self._sessions: tuple[SessionPlan, ...] | None = None

    @property
    def done(self) -> dict[int, Done]:
        """What the log says was done in the week, by slot index (read on first use:
        only ``history`` asks)."""
        if callable(self._done):
            self._done = self._done()
        return self._done

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def sessions(self) -> tuple[SessionPlan, ...]:
        """The week's sessions in date order, each with its date and prescriptions
        (built on first use: a roster evaluation rarely asks)."""
        if self._sessions is None:
            self._sessions = self.program.sessions_of(self.start, self.prescriptions)
        return self._sessions


class Program:
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
        self.slots = slots
        self.dynamic = tuple(s for s in slots if s.dynamic)
        #: The slots whose conditions judge last week's sets against what the week
        #: showed (``completed``, ``partial``): the fold works out what each shows.
        self.judged = tuple(
            s for s in self.dynamic if any({"completed", "partial"} & u.reads for u in s.units)
        )
        found: dict[int, UnitCode] = {}
        for slot in slots:
            for rule in slot.rules:
                if rule.week_level:
                    found[id(rule)] = rule
        self.week_rules = tuple(found.values())
        self.exercise = exercise
        self.equipment = equipment
        self.available = dict(available or {})
        self._loads: dict[str, tuple[float, ...]] = {}
        self.read_names = self._read_names()
        self.policy = policy
        self._plans: dict[int, WeekPlan] = {}
        #: The prescriptions of slots that never change, by the week's modifiers,
        #: shared by every evaluation of the program.
        self.made: list[dict[object, tuple[int, Prescribed]]] = [{} for _ in slots]
        self._deloads: dict[int, str | None] = {}
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

    def can_do(self, name: str) -> bool:
        """Whether the athlete owns the equipment for an exercise (any of its sets)."""
        exercise = self.exercise(name)
        return exercise is not None and any(e in self.equipment for e in exercise.equipment)

    def week_plan(self, n: int) -> WeekPlan:
        plan = self._plans.get(n)
        if plan is None:
            plan = self._plans[n] = self._style_week(n)
        return plan

    def deload_reason(self, n: int) -> str | None:
        """Why week ``n`` is a deload, or ``None``."""
        if n in self._deloads:
            return self._deloads[n]
        found = self._deloads[n] = self._deload_reason(n)
        return found

    def _deload_reason(self, n: int) -> str | None:
        plan = self.week_plan(n)
        if n in self.deload_weeks:
            return f"deload week {n} (program: deload weeks)"
        if self.deload_every and n % self.deload_every == 0:
            return f"deload every {self.deload_every} weeks"
        if plan.deload:
            return f"{self.style_label}: deload week"
        return None

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


# ---------------------------------------------------------------- compiling


def _bind(definition: ast.ProgressionDef, call: ast.Call, units: str) -> dict[str, object]:
    """A checked call's arguments by parameter name (ranges bind both their names)."""
    positional = [a for a in call.args if a.name is None]
    named = {a.name: a.value for a in call.args if a.name is not None}
    values: dict[str, object] = {}
    for i, param in enumerate(definition.params):
        key = f"{param.low}..{param.high}" if isinstance(param, ast.RangeParam) else param.name
        given: ast.ArgValue | None = positional[i].value if i < len(positional) else None
        if given is None:
            given = named.get(key)
        if given is None and isinstance(param, ast.Param):
            given = param.default
            if isinstance(given, ast.Quantity) and given.unit in ("kg", "lb"):
                # A built-in's default is written in its own units, not the program's.
                given = ast.Quantity(convert(given.value, given.unit, units), units)
        if given is None:
            continue
        value = arg_value(given)
        if isinstance(param, ast.RangeParam):
            if isinstance(value, tuple):
                values[param.low], values[param.high] = value
        else:
            values[param.name] = value
    return values


def _clauses(clauses: Sequence[ast.Clause], params: Mapping[str, object]) -> tuple[ClauseCode, ...]:
    compiled = []
    for index, clause in enumerate(clauses, 1):
        condition = clause.condition
        text = "otherwise" if condition is None else format_expr(condition, 0)
        names = metric_names(clause.condition, params)
        given = tuple(
            (name, params[name]) for name in metric_names(clause.condition, params, parameters=True)
        )
        actions = tuple(
            (
                action,
                compile_expr(action.value, params, [])
                if isinstance(action, ast.SetAction) and not isinstance(action.value, ast.Tempo)
                else None,
            )
            for action in clause.actions
        )
        compiled.append(ClauseCode(index, condition, text, names, actions, given))
    return tuple(compiled)


def _in_scope(rule: ast.Rule, session: str, phase: str, name: str, pattern: str | None) -> bool:
    if not rule.scope:
        return True
    for item in rule.scope:
        if (
            (item.kind == "phase" and item.name == phase)
            or (item.kind == "exercise" and item.name == name)
            or (item.kind == "pattern" and item.name == pattern)
            or (item.kind == "session" and item.name == session)
        ):
            return True
    return False


def compile_program(unit: Unit, plugins: Plugins, policy: Policy | None = None) -> Program:
    """Compile a program that checks clean (run the checker first)."""
    policy = policy or Policy()
    program = unit.program
    if program is None:
        raise EngineError(
            f"{unit.path} holds no `program` block", "evaluate the file that includes it"
        )
    units_node = program.first(ast.Units)
    units = units_node.name if units_node else "kg"
    weeks_node = program.first(ast.Weeks)
    weeks = weeks_node.count if weeks_node else None

    items: list[object] = list(program.body)
    items.extend(item for item, _ in unit.included)
    if unit.document is not None:
        items.extend(i for i in unit.document.items if not isinstance(i, ast.Program))
    sessions = {i.name: i for i in items if isinstance(i, ast.Session)}
    own_defs = {i.name: i for i in items if isinstance(i, ast.ProgressionDef)}
    rules = [i for i in items if isinstance(i, ast.Rule)]

    available: dict[str, Availability] = {"bodyweight": Availability()}
    equipment = program.first(ast.Equipment)
    for item in equipment.items if equipment else ():
        record_ = plugins.equipment_sets.get(item.name)
        if record_ is not None:
            available[record_.name] = record_.resolve(item.values, units)

    style_label, style_week = _style(program, plugins, weeks)
    deload = program.first(ast.Deload)
    schedule_node = program.first(ast.Schedule)
    schedule = tuple((e.day, e.session) for e in schedule_node.entries) if schedule_node else ()

    cache: dict[tuple[str, str], UnitCode] = {}

    def progression_for(call: ast.Call) -> UnitCode | None:
        definition = own_defs.get(call.name)
        if definition is None:
            spec = plugins.progressions.get(call.name)
            definition = spec.definition if spec is not None else None
        if definition is None:
            return None
        params = _bind(definition, call, units)
        key = (call.name, repr(sorted(params.items())))
        code = cache.get(key)
        if code is None:
            clauses = _clauses(definition.clauses, params)
            code = cache[key] = UnitCode("progression", format_call(call), clauses, params)
        return code

    rule_codes = []
    for rule in rules:
        clauses = _clauses(rule.clauses, {})
        rule_codes.append((rule, UnitCode("rule", f'rule "{rule.title}"', clauses, {})))

    slots: list[SlotSpec] = []
    for session in sessions.values():
        seen: dict[str, int] = {}
        for phase, line in session.exercises():
            if line.prescription is None:
                continue
            exercise = plugins.exercises.get(line.name)
            name = exercise.name if exercise else line.name
            seen[name] = seen.get(name, 0) + 1
            key = f"{session.name}/{name}" + (f"#{seen[name]}" if seen[name] > 1 else "")
            owner = next(
                (
                    g
                    for g in phase.entries
                    if isinstance(g, ast.Group) and any(line is e for e in g.exercises)
                ),
                None,
            )
            group = owner.kind if owner else None
            rounds = owner.rounds if owner else None
            loads: set[float] = set()
            levels: tuple[str, ...] = ()
            for kind in exercise.equipment if exercise else ():
                has = available.get(kind)
                if has is not None:
                    loads.update(has.loads)
                    levels = levels or has.levels
            if "bands" in available and isinstance(line.load, ast.BandLoad):
                levels = available["bands"].levels
            pattern = exercise.pattern if exercise else None
            progression = progression_for(line.progress) if line.progress else None
            amount = line.prescription.amount
            range_: tuple[float, float] | None = None
            if progression is not None:
                for param in _range_params(line, own_defs, plugins):
                    low, high = progression.params.get(param[0]), progression.params.get(param[1])
                    if isinstance(low, float | int) and isinstance(high, float | int):
                        range_ = (float(low), float(high))
            if range_ is None and isinstance(amount, ast.RepRange):
                range_ = (float(amount.low), float(amount.high))
            slots.append(
                SlotSpec(
                    index=len(slots),
                    key=key,
                    session=session.name,
                    phase=phase.kind,
                    group=group,
                    line=line,
                    exercise=exercise,
                    name=name,
                    pattern=pattern,
                    measure=exercise.measure if exercise else "reps",
                    per_side=line.prescription.per_side,
                    loads=tuple(sorted(loads)),
                    levels=levels,
                    progression=progression,
                    rules=tuple(
                        code
                        for rule, code in rule_codes
                        if _in_scope(rule, session.name, phase.kind, name, pattern)
                        and _changes_anything(rule)
                    ),
                    range=range_,
                    rounds=rounds,
                    cue=line.cue,
                ).finish()
            )
    return Program(
        title=program.title,
        path=unit.path,
        units=units,
        weeks=weeks,
        style_label=style_label,
        style_week=style_week,
        deload_every=deload.every if deload else None,
        deload_weeks=frozenset(deload.weeks) if deload else frozenset(),
        schedule=schedule,
        sessions=sessions,
        slots=tuple(slots),
        exercise=plugins.exercises.get,
        policy=policy,
        equipment=frozenset(available),
        available=available,
    )


def _changes_anything(rule: ast.Rule) -> bool:
    """A rule whose every clause only holds (``otherwise: hold``) cannot change a slot."""
    return any(
        not (isinstance(a, ast.SimpleAction) and a.kind == "hold")
        for clause in rule.clauses
        for a in clause.actions
    )


def _range_params(
    line: ast.ExerciseLine, own: Mapping[str, ast.ProgressionDef], plugins: Plugins
) -> Iterator[tuple[str, str]]:
    call = line.progress
    if call is None:
        return
    definition = own.get(call.name)
    if definition is None:
        spec = plugins.progressions.get(call.name)
        definition = spec.definition if spec else None
    for param in definition.params if definition else ():
        if isinstance(param, ast.RangeParam):
            yield (param.low, param.high)


def _style(
    program: ast.Program, plugins: Plugins, weeks: int | None
) -> tuple[str, Callable[[int], WeekPlan]]:
    node = program.first(ast.Periodization)
    if node is None:
        return "no periodization", lambda n: WeekPlan(n, "training")
    style = plugins.periodization_styles.get(node.call.name)
    if style is None:
        raise EngineError(f"periodization style `{node.call.name}` is not installed")
    values: dict[str, object] = {}
    positional = [a for a in node.call.args if a.name is None]
    for param, arg in zip(style.params, positional, strict=False):
        values[param.name] = _plain(arg.value)
    for arg in node.call.args:
        if arg.name is not None:
            values[arg.name] = _plain(arg.value)
    for param in style.params:
        if param.name not in values and param.default is not None:
            values[param.name] = _plain(param.default)
    total = weeks or 52
    label = format_call(node.call)
    return label, lambda n: style.week(n, values, total)


def _plain(value: ast.ArgValue) -> object:
    found = arg_value(value)
    return float(found) if isinstance(found, Percent) else found


# ---------------------------------------------------------------- the log, by week


# ---------------------------------------------------------------- the fold


def initial_state(slot: SlotSpec, units: str) -> State:
    line = slot.line
    prescription = line.prescription
    assert prescription is not None
    st = State.__new__(State)
    amount = prescription.amount
    st.sets = prescription.sets or slot.rounds or 1
    if isinstance(amount, ast.Reps):
        st.reps = float(amount.count)
    elif isinstance(amount, ast.RepRange):
        st.reps = float(amount.low)
    elif isinstance(amount, ast.Measured):
        st.reps = quantity_value(amount.quantity)
    else:
        st.reps = None
    load = line.load
    st.load = load.quantity.value if isinstance(load, ast.WeightLoad) else None
    st.band = load.level if isinstance(load, ast.BandLoad) else None
    st.percent = load.percent if isinstance(load, ast.PercentLoad) else None
    st.tempo = line.tempo.parts if line.tempo else None
    st.rest = quantity_value(line.rest) if line.rest else None
    st.effort = (line.effort.kind, line.effort.value) if line.effort else None
    st.variant = slot.name
    st.loads = slot.loads
    st.e1rm = None
    st.streaks = [[0] * len(u.streaks) for u in slot.units]
    st.version = 0
    return st


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
        self.warnings: list[Warning] = []


class Evaluation:
    """The fold for one athlete.

    :meth:`step` plans one more week, keeping only what the next week needs
    (each slot's state and the few numbers it was shown); :meth:`result` turns
    the current week into a :class:`WeekResult`. :meth:`weeks` does both for
    every week (``history``, ``simulate``); :meth:`plan` folds straight to one
    week and builds only that one (``plan``, roster evaluation).
    """

    def __init__(self, program: Program, log: Log | None, start: dt.date) -> None:
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
                Warning(
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
            self._warn(
                result, previous if previous is not None and previous.week == week.n - 1 else None
            )
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

    # -- warnings
    def _warn(self, result: WeekResult, previous: WeekResult | None) -> None:
        program = self.program
        # Runners keep a weekly rhythm: last week's runs, a week on, are this week's
        # best guess. (This week's own records would break "week N depends only on
        # the log before it".)
        runs = self.index.runs_in(result.week - 1)
        source = "as run last week"
        week = dt.timedelta(days=7)
        hard = [(r.date + week, r.kind) for r in runs if r.kind in ("quality", "long", "race")]
        for _, name, day in program.session_dates(result.start) if hard else ():
            if name not in program.heavy_sessions:
                continue
            for date, kind in hard:
                gap = (date - day).days
                if gap == 1:
                    result.warnings.append(
                        Warning(
                            "P301",
                            f"session {name} on {day:%a %d %b} is the day "
                            f"before a {kind} run ({date:%a}, {source}): keep heavy "
                            "legs 24 h clear of quality and long runs (Doma 2013, 2017)",
                            name,
                        )
                    )
                elif gap == 0:
                    result.warnings.append(
                        Warning(
                            "P302",
                            f"session {name} falls on the day of a {kind} run "
                            f"({source}): lift after the run, 3 h or more later "
                            "(Robineau 2016)",
                            name,
                        )
                    )
        for item in result.prescriptions:
            if item.percent is not None and item.load is None:
                result.warnings.append(
                    Warning(
                        "P303",
                        f"{item.exercise}: {format_number(item.percent)}% of 1RM needs a 1RM "
                        "estimate; log its sets with the load lifted and RPE or RIR",
                        item.slot.session,
                    )
                )
        if previous is not None:
            for item, old in zip(result.prescriptions, previous.prescriptions, strict=True):
                if (
                    item.load is not None
                    and old.load
                    and item.exercise == old.exercise
                    and item.load > old.load * (1 + program.policy.load_jump) + 1e-9
                ):
                    rise = item.load / old.load - 1
                    message = (
                        f"{item.exercise}: load {fmt_load(old.load, self.units)} -> "
                        f"{fmt_load(item.load, self.units)} is a {rise:.0%} jump in a week"
                    )
                    owned = program.loads_for(item.exercise)
                    if owned and not any(old.load + 1e-9 < x < item.load - 1e-9 for x in owned):
                        # Nothing to change in the program: say so, and what would help.
                        message += (
                            ", the smallest step the athlete's equipment allows; "
                            "an in-between load would make it gentler"
                        )
                    result.warnings.append(Warning("P304", message, item.slot.session))
        now = sum(r.distance_km for r in self.index.runs_in(result.week - 1))
        then = sum(r.distance_km for r in self.index.runs_in(result.week - 2))
        if then > 0 and now > then * (1 + program.policy.run_jump):
            result.warnings.append(
                Warning(
                    "P305",
                    f"running distance rose {now / then - 1:.0%} last week "
                    f"({format_number(round(then, 1))} -> {format_number(round(now, 1))} km); "
                    "rises above 30% go with more injuries (Nielsen 2014)",
                )
            )


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
    "target_reps": "m.target_reps = st.reps",
    "target_sets": "m.target_sets = float(st.sets)",
    "target_load": "m.target_load = st.load",
    "target_rpe": (
        "m.target_rpe = None if (e := st.effort) is None else e[1] if e[0] == 'rpe' else 10 - e[1]"
    ),
}
_Shown = tuple[int, float | None, float | None]
_Filler = Callable[[Metrics, "Agg | None", State, _Shown, int], None]
_fillers: dict[frozenset[str], _Filler] = {}


def _metrics_filler(names: frozenset[str]) -> _Filler:
    """A function that fills in ``m`` the per-slot metrics among ``names`` (what the
    slot's conditions and action values read), and no others: ``completed`` walks
    the week's sets, and most slots never ask for most metrics."""
    found = _fillers.get(names)
    if found is not None:
        return found
    logged = [_LOGGED[n] for n in _LOGGED if n in names]
    lines = ["def read(m, a, st, shown, scheduled):"]
    if logged:
        lines.append("    if a is None:")
        lines.extend(f"        {_NOT_LOGGED[n]}" for n in _LOGGED if n in names)
        lines.append("    else:")
        lines.extend(f"        {line}" for line in logged)
    lines.extend(f"    {_STATE[n]}" for n in _STATE if n in names)
    lines.append("    return None")
    namespace: dict[str, Any] = {"FORM_NAMES": FORM_NAMES}
    exec(compile("\n".join(lines), "<stridelift metrics>", "exec"), namespace)
    reader: _Filler = namespace["read"]
    _fillers[names] = reader
    return reader


def _done_in(program: Program, log: WeekLog, variants: tuple[str, ...]) -> dict[int, Done]:
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


def week_of(start: dt.date, date: dt.date) -> int:
    return (date - start).days // 7 + 1


def default_start(log: Log | None) -> dt.date | None:
    """The athlete record's start, else the Monday on or before the first record."""
    if log is None:
        return None
    if log.athlete is not None and log.athlete.start is not None:
        return log.athlete.start
    first = log.first_date
    if first is None:
        return None
    return first - dt.timedelta(days=first.weekday())
