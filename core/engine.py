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
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import ast
from .compile import Fn, Percent, arg_value, compile_expr, metric_names, quantity_value
from .formatter import format_call, format_expr, format_number
from .metrics import Done, Metrics, Wellness, convert, summarise
from .records import Availability, Exercise, WeekPlan
from .values import field, record

if TYPE_CHECKING:
    from .logs import CheckIn, Log, Run, SetRecord
    from .plugins import Plugins
    from .project import Unit

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TEMPO = ("2", "0", "1", "0")
LIFTING_PHASES = frozenset({"main", "accessory"})


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


# ---------------------------------------------------------------- what the engine says


class Change:
    """One explained change to a prescription."""

    __slots__ = ("after", "before", "clause", "field", "kind", "reason", "source")

    def __init__(
        self,
        field: str,
        before: str,
        after: str,
        source: str,
        reason: str,
        kind: str = "progression",
        clause: int | None = None,
    ) -> None:
        self.field = field
        self.before = before
        self.after = after
        self.source = source
        self.reason = reason
        self.kind = kind
        self.clause = clause

    def text(self) -> str:
        where = self.source if self.clause is None else f"{self.source} clause {self.clause}"
        head = f"{self.field} {self.before} -> {self.after}" if self.field else "held"
        return f"{head}: {where}: {self.reason}" if self.reason else f"{head}: {where}"

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field or None,
            "before": self.before or None,
            "after": self.after or None,
            "kind": self.kind,
            "source": self.source,
            "clause": self.clause,
            "reason": self.reason,
            "text": self.text(),
        }

    def __repr__(self) -> str:
        return f"Change({self.text()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Change) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]


@record
class Warning:
    """Something a coach should know about a week's plan."""

    code: str
    message: str
    session: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "session": self.session}


# ---------------------------------------------------------------- the compiled program


class ClauseCode:
    """A clause: its condition as a closure, and its actions with their values compiled
    (``None`` for a tempo or an action without a value)."""

    __slots__ = ("actions", "condition", "index", "names", "text")

    def __init__(
        self,
        index: int,
        condition: Fn | None,
        text: str,
        names: tuple[str, ...],
        actions: tuple[tuple[ast.Action, Fn | None], ...],
    ) -> None:
        self.index = index
        self.condition = condition
        self.text = text
        self.names = names
        self.actions = actions


class UnitCode:
    """A progression bound to its arguments, or a rule: clauses, first match wins."""

    __slots__ = ("clauses", "kind", "label", "owns_reps", "params", "streaks")

    def __init__(
        self,
        kind: str,
        label: str,
        clauses: tuple[ClauseCode, ...],
        streaks: tuple[tuple[Fn, int], ...],
        params: Mapping[str, object],
    ) -> None:
        self.kind = kind
        self.label = label
        self.clauses = clauses
        self.streaks = streaks
        self.params = params
        #: Whether a clause sets reps: then a style's rep target leaves the slot alone.
        self.owns_reps = any(
            isinstance(action, ast.SetAction) and action.target == "reps"
            for clause in clauses
            for action, _ in clause.actions
        )


class SlotSpec:
    """One exercise line of the program, as the engine tracks it."""

    __slots__ = (
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
        "phase",
        "progression",
        "range",
        "rounds",
        "rules",
        "session",
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
        "percent",
        "reps",
        "rest",
        "sets",
        "streaks",
        "tempo",
        "variant",
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

    def with_(self, **values: Any) -> Prescribed:
        other = Prescribed.__new__(Prescribed)
        for name in Prescribed.__slots__:
            setattr(other, name, values[name] if name in values else getattr(self, name))
        return other


@record
class SessionPlan:
    name: str
    title: str | None
    date: dt.date | None
    day: str | None
    items: tuple[Prescribed, ...]


@record(frozen=False)
class WeekResult:
    """One week of the fold: the plan shown for the week, and (once the next week is
    planned) what the log says was done."""

    week: int
    start: dt.date
    plan: WeekPlan
    deload: str | None  # why the week is a deload, if it is
    prescriptions: tuple[Prescribed, ...]
    sessions: tuple[SessionPlan, ...]
    warnings: list[Warning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    done: dict[int, Done] = field(default_factory=dict)
    logged_sessions: int = 0

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


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
        self.exercise = exercise
        self.policy = policy
        self._plans: dict[int, WeekPlan] = {}
        counts: dict[str, int] = {}
        for _, session in schedule:
            counts[session] = counts.get(session, 0) + 1
        self.sessions_per_week = counts
        by_name: dict[str, list[SlotSpec]] = {}
        for slot in slots:
            by_name.setdefault(slot.name, []).append(slot)
        self.shared_names = frozenset(n for n, found in by_name.items() if len(found) > 1)

    def week_plan(self, n: int) -> WeekPlan:
        plan = self._plans.get(n)
        if plan is None:
            plan = self._plans[n] = self._style_week(n)
        return plan

    def deload_reason(self, n: int) -> str | None:
        plan = self.week_plan(n)
        if n in self.deload_weeks:
            return f"deload week {n} (program: deload weeks)"
        if self.deload_every and n % self.deload_every == 0:
            return f"deload every {self.deload_every} weeks"
        if plan.deload:
            return f"{self.style_label}: deload week"
        return None

    def session_dates(self, week_start: dt.date) -> list[tuple[str, str, dt.date]]:
        found = []
        for day, session in self.schedule:
            offset = (DAYS.index(day) - week_start.weekday()) % 7
            found.append((day, session, week_start + dt.timedelta(days=offset)))
        found.sort(key=lambda item: item[2])
        return found


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


def _clauses(
    clauses: Sequence[ast.Clause], params: Mapping[str, object]
) -> tuple[tuple[ClauseCode, ...], tuple[tuple[Fn, int], ...]]:
    streaks: list[tuple[Fn, int]] = []
    compiled = []
    for index, clause in enumerate(clauses, 1):
        condition = None
        text = "otherwise"
        if clause.condition is not None:
            condition = compile_expr(clause.condition, params, streaks)
            text = format_expr(clause.condition, 0)
        names = metric_names(clause.condition, params)
        actions = tuple(
            (
                action,
                compile_expr(action.value, params, [])
                if isinstance(action, ast.SetAction) and not isinstance(action.value, ast.Tempo)
                else None,
            )
            for action in clause.actions
        )
        compiled.append(ClauseCode(index, condition, text, names, actions))
    return tuple(compiled), tuple(streaks)


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
            clauses, streaks = _clauses(definition.clauses, params)
            code = cache[key] = UnitCode("progression", format_call(call), clauses, streaks, params)
        return code

    rule_codes = []
    for rule in rules:
        clauses, streaks = _clauses(rule.clauses, {})
        rule_codes.append((rule, UnitCode("rule", f'rule "{rule.title}"', clauses, streaks, {})))

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
                )
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


class WeekLog:
    """One week of the log: sets by exercise name, the check-ins, the runs."""

    __slots__ = ("checkins", "dates", "runs", "sets", "wellness")

    def __init__(self) -> None:
        self.sets: dict[str, list[SetRecord]] = {}
        self.checkins: list[CheckIn] = []
        self.dates: set[dt.date] = set()
        self.runs: list[Run] = []
        self.wellness = Wellness()


class LogIndex:
    """A log cut into program weeks (week 1 starts on ``start``)."""

    def __init__(self, log: Log | None, start: dt.date) -> None:
        self.start = start
        self.weeks: dict[int, WeekLog] = {}
        self.last_week = 0
        if log is not None:
            self.add((*log.sets, *log.checkins, *log.runs))

    def add(self, records: Iterable[Any]) -> None:
        """File records (sets, check-ins, runs) under their weeks; records before week 1
        are ignored. A simulation adds each week's records as it goes."""
        checkins: dict[int, list[Any]] = {}
        for r in records:
            week = (r.date - self.start).days // 7 + 1
            if week < 1:
                continue
            entry = self._week(week)
            if hasattr(r, "exercise"):
                found = entry.sets.get(r.exercise)
                if found is None:
                    entry.sets[r.exercise] = [r]
                else:
                    found.append(r)
                entry.dates.add(r.date)
            elif hasattr(r, "kind"):
                entry.runs.append(r)
            else:
                checkins.setdefault(week, []).append(r)
        for week, new in checkins.items():
            entry = self.weeks[week]
            entry.checkins.extend(new)
            entry.wellness = Wellness(entry.checkins)

    def _week(self, week: int) -> WeekLog:
        entry = self.weeks.get(week)
        if entry is None:
            entry = self.weeks[week] = WeekLog()
            self.last_week = max(self.last_week, week)
        return entry

    def week_of(self, date: dt.date) -> int:
        return (date - self.start).days // 7 + 1

    def get(self, week: int) -> WeekLog | None:
        return self.weeks.get(week)


# ---------------------------------------------------------------- formatting values


def fmt_load(value: float | None, units: str) -> str:
    return "-" if value is None else f"{format_number(round(value, 2))}{units}"


def fmt_amount(value: float | None, measure: str) -> str:
    if value is None:
        return "amrap"
    if measure == "seconds":
        return f"{format_number(value)}s"
    if measure == "distance":
        return f"{format_number(value)}m"
    return format_number(value)


def fmt_tempo(tempo: Sequence[str] | None) -> str:
    return "-".join(tempo) if tempo else "-"


def fmt_effort(effort: tuple[str, float] | None) -> str:
    return "-" if effort is None else f"{effort[0]} {format_number(effort[1])}"


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
    st.e1rm = None
    st.streaks = [[0] * len(u.streaks) for u in _units(slot)]
    return st


def _units(slot: SlotSpec) -> tuple[UnitCode, ...]:
    return ((slot.progression,) if slot.progression else ()) + slot.rules


class Evaluation:
    """The fold for one athlete: call :meth:`weeks` and read one :class:`WeekResult`
    per program week."""

    def __init__(self, program: Program, log: Log | None, start: dt.date) -> None:
        self.program = program
        self.units = program.units
        self.policy = program.policy
        self.index = LogIndex(log, start)
        self.start = start
        self.states = [initial_state(slot, program.units) for slot in program.slots]
        self.missed_streak = 0

    # -- driving the fold
    def weeks(self, last: int | None = None) -> Iterator[WeekResult]:
        """Week 1, 2, ... up to ``last`` (default: the program's length)."""
        limit = last or self.program.weeks or self.index.last_week + 1
        previous: WeekResult | None = None
        for n in range(1, limit + 1):
            result = self.week(n, previous)
            yield result
            previous = result

    def plan(self, week: int) -> WeekResult:
        found: WeekResult | None = None
        for found in self.weeks(week):  # noqa: B007 (the fold's last week is the answer)
            pass
        assert found is not None
        return found

    def week(self, n: int, previous: WeekResult | None) -> WeekResult:
        program = self.program
        plan = program.week_plan(n)
        deload = program.deload_reason(n)
        notes: list[str] = []
        warnings: list[Warning] = []
        changes: dict[int, list[Change]] = {}
        week_notes: dict[int, list[str]] = {}
        adjust: dict[int, dict[str, Any]] = {}
        if previous is not None:
            self._advance(n, previous, changes, week_notes, adjust, notes, warnings)
        shown = self._show(n, plan, deload, changes, week_notes, adjust, previous)
        start = self.start + dt.timedelta(days=7 * (n - 1))
        sessions = []
        by_session: dict[str, list[Prescribed]] = {}
        for item in shown:
            by_session.setdefault(item.slot.session, []).append(item)
        scheduled = program.session_dates(start)
        listed = set()
        for day, name, date in scheduled:
            session = program.sessions.get(name)
            listed.add(name)
            sessions.append(
                SessionPlan(
                    name,
                    session.title if session else None,
                    date,
                    day,
                    tuple(by_session.get(name, ())),
                )
            )
        for name, session in program.sessions.items():
            if name not in listed:
                sessions.append(
                    SessionPlan(name, session.title, None, None, tuple(by_session.get(name, ())))
                )
        result = WeekResult(n, start, plan, deload, tuple(shown), tuple(sessions), warnings, notes)
        self._warn(result, previous)
        self.read_done(result)
        return result

    def read_done(self, result: WeekResult) -> None:
        """What the log says was done in the week (read by the next week's fold and by
        ``history``; it never changes the week's own plan)."""
        log = self.index.get(result.week)
        if log is None or not log.sets:
            return
        result.logged_sessions = len(log.dates)
        shared = self.program.shared_names
        method = self.policy.e1rm_method
        for slot in self.program.dynamic:
            variant = self.states[slot.index].variant
            sets = log.sets.get(variant)
            if sets and variant in shared:
                sets = [s for s in sets if self._belongs(s, slot)]
            if sets:
                result.done[slot.index] = summarise(sets, self.units, slot.measure, method)

    # -- from week n-1 to week n
    def _advance(
        self,
        n: int,
        previous: WeekResult,
        changes: dict[int, list[Change]],
        week_notes: dict[int, list[str]],
        adjust: dict[int, dict[str, Any]],
        notes: list[str],
        warnings: list[Warning],
    ) -> None:
        program = self.program
        last = n - 1
        log = self.index.get(last)
        logged = log is not None and bool(log.sets)
        self.missed_streak = 0 if logged else self.missed_streak + 1
        plan = program.week_plan(n)
        previous_plan = program.week_plan(last)
        after_deload = previous.deload is not None or not previous_plan.progress
        wellness = log.wellness if log is not None else Wellness()
        m = Metrics()
        m.week = float(n)
        m.phase = plan.phase
        m.fatigue = wellness.fatigue
        m.soreness = wellness.soreness
        m.sleep = wellness.sleep
        m.stress = wellness.stress
        if not logged:
            notes.append(
                f"nothing was logged in week {last}: its prescriptions are repeated"
                if self.missed_streak < self.policy.missed_weeks_step_back
                else f"{self.missed_streak} weeks in a row with nothing logged"
            )
        step_back = (
            self.missed_streak >= self.policy.missed_weeks_step_back
            and self.missed_streak % self.policy.missed_weeks_step_back == 0
        )
        if step_back:
            warnings.append(
                Warning(
                    "P306",
                    f"{self.missed_streak} weeks missed: loads step back to "
                    f"{self.policy.step_back:.0%} of where they were",
                )
            )
        shown_before = previous.prescriptions
        for slot in program.dynamic:
            i = slot.index
            st = self.states[i]
            done = previous.done.get(i)
            if done is not None and done.top_e1rm is not None:
                st.e1rm = done.top_e1rm
            self._fill(m, slot, st, done, shown_before[i], log)
            out: list[Change] = []
            before = st.copy()
            for u, unit in enumerate(_units(slot)):
                counters = st.streaks[u]
                for k, (inner, _) in enumerate(unit.streaks):
                    counters[k] = counters[k] + 1 if inner(m) else 0
            if slot.progression is not None:
                m.streaks = st.streaks[0]
                if not plan.progress:
                    out.append(
                        Change(
                            "",
                            "",
                            "",
                            program.style_label,
                            f"no progression in {plan.phase} weeks",
                            "hold",
                        )
                    )
                elif after_deload:
                    out.append(
                        Change(
                            "",
                            "",
                            "",
                            slot.progression.label,
                            f"week {last} was a lighter week: its easy sets say nothing "
                            "about readiness",
                            "hold",
                        )
                    )
                elif done is None:
                    out.append(
                        Change(
                            "",
                            "",
                            "",
                            slot.progression.label,
                            f"no sets of {st.variant} logged in week {last}",
                            "hold",
                        )
                    )
                else:
                    self._run(slot.progression, slot, st, m, done, out, week_notes, adjust, last)
            offset = 1 if slot.progression is not None else 0
            progressed = st.copy()
            for u, rule in enumerate(slot.rules, offset):
                m.streaks = st.streaks[u]
                self._run(
                    rule, slot, st, m, done, out, week_notes, adjust, last, before, progressed
                )
            if step_back and (st.load is not None or st.percent is not None):
                self._step_back(slot, st, out)
            if out:
                changes[i] = out

    def _belongs(self, s: SetRecord, slot: SlotSpec) -> bool:
        if s.session is not None:
            return s.session == slot.session
        day = DAYS[s.date.weekday()]
        return any(d == day and name == slot.session for d, name in self.program.schedule)

    def _fill(
        self,
        m: Metrics,
        slot: SlotSpec,
        st: State,
        done: Done | None,
        shown: Prescribed,
        log: WeekLog | None,
    ) -> None:
        if done is None:
            m.completed = m.partial = None
            m.reps = m.sets = m.load = m.rpe = m.rir = None
            m.form = None
        else:
            m.reps = done.reps
            m.sets = float(done.sets)
            m.load = done.load
            m.rpe = done.rpe
            m.rir = done.rir
            m.form = done.form
            target_reps = shown.reps
            reps_ok = target_reps is None or (done.reps is not None and done.reps >= target_reps)
            load_ok = shown.load is None or (
                done.load is not None and done.load >= shown.load * 0.99
            )
            all_sets = done.sets >= shown.sets
            m.completed = all_sets and reps_ok and load_ok
            m.partial = not m.completed and done.sets > 0
        scheduled = self.program.sessions_per_week.get(slot.session, 0)
        if log is None or done is None:
            m.missed = float(scheduled)
        else:
            m.missed = float(max(0, scheduled - _session_count(log, st.variant)))
        m.eccentric = _figure(st.tempo, 0)
        m.target_reps = st.reps
        m.target_sets = float(st.sets)
        m.target_load = st.load
        m.target_rpe = (
            None
            if st.effort is None
            else st.effort[1]
            if st.effort[0] == "rpe"
            else 10 - st.effort[1]
        )

    def _run(
        self,
        unit: UnitCode,
        slot: SlotSpec,
        st: State,
        m: Metrics,
        done: Done | None,
        out: list[Change],
        week_notes: dict[int, list[str]],
        adjust: dict[int, dict[str, Any]],
        last: int,
        before: State | None = None,
        progressed: State | None = None,
    ) -> None:
        for clause in unit.clauses:
            if clause.condition is not None and not clause.condition(m):
                continue
            reason = self._reason(clause, m, done, last)
            actor = _Actor(self, slot, st, unit, clause, reason, out, week_notes, adjust)
            variant = st.variant
            for action, value in clause.actions:
                actor.apply(action, value, m, before, progressed)
            if actor.changed:
                # ``for N weeks`` counts weeks since the prescription last changed: the
                # weeks that earned a change do not count toward the next one, and a new
                # variant starts its streaks from nothing.
                for counters in st.streaks if st.variant != variant else (m.streaks,):
                    counters[:] = [0] * len(counters)
            return

    def _reason(self, clause: ClauseCode, m: Metrics, done: Done | None, last: int) -> str:
        if clause.condition is None:
            return "otherwise"
        values = []
        for name in clause.names:
            value = getattr(m, name, None)
            if isinstance(value, bool):
                shown = "yes" if value else "no"
            elif value is None:
                shown = "not logged"
            elif isinstance(value, float):
                shown = format_number(round(value, 2))
            else:
                shown = str(value)
            values.append(f"{name} {shown}")
        text = f"{clause.text} ({', '.join(values)})" if values else clause.text
        if done is not None:
            text += f"; week {last}: {done.summary(self.units)}"
        return text

    def _step_back(self, slot: SlotSpec, st: State, out: list[Change]) -> None:
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
        lower = [x for x in slot.loads if x <= target + 1e-9]
        new = lower[-1] if lower else (target if not slot.loads else None)
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

    # -- week n as shown
    def _show(
        self,
        n: int,
        plan: WeekPlan,
        deload: str | None,
        changes: dict[int, list[Change]],
        week_notes: dict[int, list[str]],
        adjust: dict[int, dict[str, Any]],
        previous: WeekResult | None,
    ) -> list[Prescribed]:
        program = self.program
        shown: list[Prescribed] = []
        modifies = (
            deload is not None
            or plan.volume != 1.0
            or plan.intensity != 1.0
            or plan.reps is not None
            or bool(plan.session_reps)
        )
        for slot in program.slots:
            i = slot.index
            st = self.states[i]
            if (
                previous is not None
                and not modifies
                and i not in changes
                and i not in adjust
                and i not in week_notes
                and not slot.dynamic
            ):
                old = previous.prescriptions[i]
                if not old.changes and not old.notes and not old.deload:
                    shown.append(old)
                    continue
            item = Prescribed(slot, st, tuple(changes.get(i, ())), tuple(week_notes.get(i, ())))
            if st.percent is not None:
                item = self._resolve_percent(slot, item)
            lifting = slot.phase in LIFTING_PHASES
            extra: list[Change] = []
            tweak = adjust.get(i)
            if tweak:
                item = item.with_(**{k: v for k, v in tweak.items() if k != "deload"})
                if tweak.get("deload") and deload is None:
                    item = self._deload(slot, item, "this exercise's rule", extra)
            if lifting:
                item = self._periodize(slot, item, plan, extra)
                if deload is not None:
                    item = self._deload(slot, item, deload, extra)
            if extra:
                item = item.with_(changes=item.changes + tuple(extra))
            shown.append(item)
        return shown

    def _resolve_percent(self, slot: SlotSpec, item: Prescribed) -> Prescribed:
        if item.e1rm is None or item.percent is None:
            return item.with_(load=None)
        target = item.e1rm * item.percent / 100
        return item.with_(load=_nearest(target, slot.loads))

    def _periodize(
        self, slot: SlotSpec, item: Prescribed, plan: WeekPlan, extra: list[Change]
    ) -> Prescribed:
        label = self.program.style_label
        changes: dict[str, Any] = {}
        if plan.volume != 1.0:
            sets = max(1, round(item.sets * plan.volume))
            if sets != item.sets:
                extra.append(
                    Change(
                        "sets",
                        str(item.sets),
                        str(sets),
                        label,
                        f"{plan.phase} week: volume x{format_number(plan.volume)}",
                        "periodization",
                    )
                )
                changes["sets"] = sets
        if plan.intensity != 1.0 and item.load is not None and slot.loads:
            load = _nearest(item.load * plan.intensity, slot.loads)
            if load != item.load:
                extra.append(
                    Change(
                        "load",
                        fmt_load(item.load, self.units),
                        fmt_load(load, self.units),
                        label,
                        f"{plan.phase} week: intensity x{format_number(plan.intensity)}",
                        "periodization",
                    )
                )
                changes["load"] = load
        target = plan.reps
        if plan.session_reps:
            names = list(self.program.sessions)
            position = names.index(slot.session) if slot.session in names else 0
            target = plan.session_reps[position % len(plan.session_reps)]
        owned = slot.progression is not None and slot.progression.owns_reps
        if (
            target is not None
            and slot.phase == "main"
            and not owned
            and slot.measure == "reps"
            and item.reps is not None
            and item.reps != target
        ):
            extra.append(
                Change(
                    "reps",
                    fmt_amount(item.reps, "reps"),
                    str(target),
                    label,
                    f"{plan.phase}: rep target {target} for main lifts whose progression "
                    "does not set reps",
                    "periodization",
                )
            )
            changes["reps"] = float(target)
        return item.with_(**changes) if changes else item

    def _deload(
        self, slot: SlotSpec, item: Prescribed, reason: str, extra: list[Change]
    ) -> Prescribed:
        sets = max(1, math.ceil(item.sets * self.policy.deload_sets))
        changes: dict[str, Any] = {"deload": True}
        if sets != item.sets:
            extra.append(Change("sets", str(item.sets), str(sets), "deload", reason, "deload"))
            changes["sets"] = sets
        if item.effort is not None:
            kind, value = item.effort
            eased = (
                max(1.0, value - self.policy.deload_effort)
                if kind == "rpe"
                else min(10.0, value + self.policy.deload_effort)
            )
            if eased != value:
                extra.append(
                    Change(
                        kind,
                        format_number(value),
                        format_number(eased),
                        "deload",
                        reason + ": about 2 reps further from failure",
                        "deload",
                    )
                )
                changes["effort"] = (kind, eased)
        return item.with_(**changes)

    # -- warnings
    def _warn(self, result: WeekResult, previous: WeekResult | None) -> None:
        program = self.program
        log = self.index.get(result.week)
        runs = list(log.runs) if log is not None else []
        source = "logged"
        if not runs and self.index.get(result.week - 1) is not None:
            runs = [_shift(r, 7) for r in self.index.weeks[result.week - 1].runs]
            source = "as run last week"
        hard = [r for r in runs if r.kind in ("quality", "long", "race")]
        for session in result.sessions:
            if session.date is None or not _heavy_legs(session):
                continue
            for run in hard:
                gap = (run.date - session.date).days
                if gap == 1:
                    result.warnings.append(
                        Warning(
                            "P301",
                            f"session {session.name} on {session.date:%a %d %b} is the day "
                            f"before a {run.kind} run ({run.date:%a}, {source}): keep heavy "
                            "legs 24 h clear of quality and long runs (Doma 2013, 2017)",
                            session.name,
                        )
                    )
                elif gap == 0:
                    result.warnings.append(
                        Warning(
                            "P302",
                            f"session {session.name} falls on the day of a {run.kind} run "
                            f"({source}): lift after the run, 3 h or more later "
                            "(Robineau 2016)",
                            session.name,
                        )
                    )
        for item in result.prescriptions:
            if item.percent is not None and item.load is None:
                result.warnings.append(
                    Warning(
                        "P303",
                        f"{item.exercise}: {format_number(item.percent)}% of 1RM needs a 1RM "
                        "estimate; log its sets with RPE or RIR",
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
                    result.warnings.append(
                        Warning(
                            "P304",
                            f"{item.exercise}: load {fmt_load(old.load, self.units)} -> "
                            f"{fmt_load(item.load, self.units)} is a {rise:.0%} jump in a week",
                            item.slot.session,
                        )
                    )
        this = self.index.get(result.week - 1)
        before = self.index.get(result.week - 2)
        if this is not None and before is not None:
            now = sum(r.distance_km for r in this.runs)
            then = sum(r.distance_km for r in before.runs)
            if then > 0 and now > then * (1 + program.policy.run_jump):
                result.warnings.append(
                    Warning(
                        "P305",
                        f"running distance rose {now / then - 1:.0%} last week "
                        f"({format_number(round(then, 1))} -> {format_number(round(now, 1))} km); "
                        "rises above 30% go with more injuries (Nielsen 2014)",
                    )
                )


def _shift(run: Run, days: int) -> Run:
    from dataclasses import replace

    return replace(run, date=run.date + dt.timedelta(days=days))


def _heavy_legs(session: SessionPlan) -> bool:
    return any(
        item.slot.phase == "main"
        and item.slot.exercise is not None
        and item.slot.exercise.lower_body
        for item in session.items
    )


def _session_count(log: WeekLog, exercise: str) -> int:
    return len({s.date for s in log.sets.get(exercise, ())})


def _figure(tempo: Sequence[str] | None, index: int) -> float:
    parts = tempo or DEFAULT_TEMPO
    text = parts[index]
    return float(text) if text.isdigit() else 1.0


def _nearest(target: float, loads: Sequence[float]) -> float:
    """The owned load nearest ``target`` (ties go to the lighter one); any load when
    the equipment is unlimited."""
    if not loads:
        return round(target, 2)
    best = loads[0]
    for load in loads:
        if abs(load - target) < abs(best - target) - 1e-9:
            best = load
    return best


class _Actor:
    """Applies one fired clause's actions to a slot's state, explaining each change."""

    def __init__(
        self,
        ev: Evaluation,
        slot: SlotSpec,
        st: State,
        unit: UnitCode,
        clause: ClauseCode,
        reason: str,
        out: list[Change],
        week_notes: dict[int, list[str]],
        adjust: dict[int, dict[str, Any]],
    ) -> None:
        self.ev = ev
        self.slot = slot
        self.st = st
        self.unit = unit
        self.clause = clause
        self.reason = reason
        self.out = out
        self.week_notes = week_notes
        self.adjust = adjust
        self.units = ev.units
        self.policy = ev.policy
        self.rule = unit.kind == "rule"
        self.changed = False

    def change(self, field: str, before: str, after: str, why: str = "") -> None:
        if why != "this week only":
            self.changed = True
        reason = self.reason + (f"; {why}" if why else "")
        self.out.append(
            Change(field, before, after, self.unit.label, reason, self.unit.kind, self.clause.index)
        )

    def apply(
        self,
        action: ast.Action,
        compiled: Fn | None,
        m: Metrics,
        before: State | None,
        progressed: State | None,
    ) -> None:
        if isinstance(action, ast.NoteAction):
            self.week_notes.setdefault(self.slot.index, []).append(action.text)
            return
        if isinstance(action, ast.SimpleAction):
            kind = action.kind
            if kind == "hold":
                self.hold(before, progressed)
            elif kind == "deload":
                self.adjust.setdefault(self.slot.index, {})["deload"] = True
                self.change("", "", "", "a lighter week for this exercise")
            elif kind == "advance":
                self.variant(+1)
            else:
                self.variant(-1)
            return
        target = action.target
        if isinstance(action.value, ast.Tempo) or compiled is None:
            if isinstance(action.value, ast.Tempo):
                self.set_tempo(action.value.parts)
            return
        value = compiled(m)
        if value is None:
            return
        if target == "load":
            self.load(action.op, value)
        elif target == "reps":
            self.reps(action.op, value)
        elif target == "tempo":
            delta = float(value) if action.op == "+=" else -float(value)
            self.slow(delta)
        elif target == "rest":
            self.rest(action.op, value)
        elif target == "sets":
            self.sets(action.op, value)
        else:
            self.effort(target, action.op, value)

    # -- hold
    def hold(self, before: State | None, progressed: State | None) -> None:
        if not self.rule:
            self.out.append(
                Change("", "", "", self.unit.label, self.reason, "hold", self.clause.index)
            )
            return
        if before is None or progressed is None:
            return
        undone = [c for c in self.out if c.kind == "progression" and c.field]
        if not undone:
            return
        for name in State.__slots__:
            if name != "streaks" and getattr(before, name) != getattr(progressed, name):
                setattr(self.st, name, getattr(before, name))
        self.out[:] = [c for c in self.out if c not in undone]
        texts = "; ".join(f"{c.field} {c.before} -> {c.after}" for c in undone)
        self.out.append(
            Change(
                "",
                "",
                "",
                self.unit.label,
                f"{self.reason}; kept from week before: {texts}",
                "hold",
                self.clause.index,
            )
        )

    # -- load
    def load(self, op: str, value: Any) -> None:
        st, slot = self.st, self.slot
        if st.percent is not None:
            self.percent(op, value)
            return
        if st.band is not None:
            if op in ("+=", "-="):
                self.band(+1 if (op == "+=") == (float(value) >= 0) else -1)
            return
        if st.load is None:
            if op == "+=" or (op == "*=" and float(value) > 1):
                self.cannot_rise("no load to add: the exercise is done with bodyweight")
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
        if target < current - 1e-9 and slot.loads:
            # Backing off: safety first, so the next lighter load owned when the exact
            # one is not (10kg -10% with a 2.5kg rack is 7.5kg, not 10kg again).
            lighter = [x for x in slot.loads if x < current - 1e-9]
            if not lighter:
                self.cannot_drop()
                return
            new = _nearest(target, lighter)
        else:
            new = _nearest(target, slot.loads)
        if target > current + 1e-9 and new <= current + 1e-9:
            heaviest = slot.loads[-1] if slot.loads else current
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
            self.change("load", fmt_load(current, self.units), fmt_load(new, self.units))
            st.load = new

    def percent(self, op: str, value: Any) -> None:
        st = self.st
        assert st.percent is not None
        before = st.percent
        if isinstance(value, Percent):
            factor = 1 + float(value) / 100
            new = before * factor if op == "+=" else before * (2 - factor) if op == "-=" else before
        elif st.e1rm:
            points = float(value) / st.e1rm * 100
            new = before + points if op == "+=" else before - points if op == "-=" else before
            if op == "=":
                new = float(value) / st.e1rm * 100
        else:
            self.out.append(
                Change(
                    "",
                    "",
                    "",
                    self.unit.label,
                    self.reason + "; no 1RM estimate yet",
                    "hold",
                    self.clause.index,
                )
            )
            return
        new = round(new, 1)
        if new != before:
            self.change("load", f"{format_number(before)}% 1RM", f"{format_number(new)}% 1RM")
            st.percent = new

    def band(self, step: int) -> None:
        st, levels = self.st, self.slot.levels
        assert st.band is not None
        if st.band not in levels:
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
        """Load cannot go up: more reps, then a slower lowering, then a pause, then a
        harder variant (domain brief)."""
        st, slot, policy = self.st, self.slot, self.policy
        if slot.measure == "reps" and st.reps is not None and st.reps < policy.rep_cap:
            self.change(
                "reps",
                fmt_amount(st.reps, "reps"),
                fmt_amount(st.reps + 1, "reps"),
                f"{why}: one more rep instead (reps, then tempo, then a harder variant)",
            )
            st.reps += 1
            return
        low = slot.range[0] if slot.range else st.reps
        if _figure(st.tempo, 0) < policy.slowest_eccentric:
            self.slow(1.0, f"{why}, reps at the cap: a slower lowering instead", reset=low)
            return
        if _figure(st.tempo, 1) < policy.longest_pause:
            tempo = list(st.tempo or DEFAULT_TEMPO)
            tempo[1] = str(int(_figure(st.tempo, 1)) + 1)
            self.change(
                "tempo",
                fmt_tempo(st.tempo or DEFAULT_TEMPO),
                fmt_tempo(tempo),
                f"{why}, reps and lowering at their limits: a longer pause instead",
            )
            st.tempo = tuple(tempo)
            if low is not None and st.reps is not None and low < st.reps:
                self._reps_to(low)
            return
        self.variant(+1, f"{why}, and reps and tempo are at their limits", reset=low)

    def cannot_drop(self) -> None:
        st, slot = self.st, self.slot
        if slot.measure == "reps" and st.reps is not None and st.reps > 1:
            low = slot.range[0] if slot.range else 1.0
            reps = max(1.0, min(st.reps - 2, max(low, st.reps - 2)))
            if reps < st.reps:
                self.change(
                    "reps",
                    fmt_amount(st.reps, "reps"),
                    fmt_amount(reps, "reps"),
                    "no lighter load owned: fewer reps instead",
                )
                st.reps = reps

    def _reps_to(self, reps: float) -> None:
        st = self.st
        if st.reps is not None and reps != st.reps:
            self.change(
                "reps", fmt_amount(st.reps, self.slot.measure), fmt_amount(reps, self.slot.measure)
            )
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
            return
        new = self._number(op, st.reps, value)
        new = max(1.0, round(new) if self.slot.measure == "reps" else round(new, 1))
        self._reps_to(new)

    def sets(self, op: str, value: Any) -> None:
        st = self.st
        if self.rule:
            # A rule's volume change is for the coming week only (see the module docstring).
            tweak = self.adjust.setdefault(self.slot.index, {})
            current = tweak.get("sets", st.sets)
            new = max(1, round(self._number(op, current, value)))
            if new != current:
                self.change("sets", str(current), str(new), "this week only")
                tweak["sets"] = new
            return
        new = max(1, round(self._number(op, st.sets, value)))
        if new != st.sets:
            self.change("sets", str(st.sets), str(new))
            st.sets = new

    def rest(self, op: str, value: Any) -> None:
        st = self.st
        current = st.rest if st.rest is not None else 90.0
        new = max(0.0, round(self._number(op, current, value)))
        if new != st.rest:
            self.change("rest", f"{format_number(current)}s", f"{format_number(new)}s")
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
        before = fmt_effort(current_effort)
        after = fmt_effort((kind, new))
        if tweak is not None:
            self.change(kind, before, after, "this week only")
            tweak["effort"] = (kind, new)
        else:
            self.change(kind, before, after)
            st.effort = (kind, new)

    # -- tempo and variants
    def set_tempo(self, parts: tuple[str, ...]) -> None:
        st = self.st
        if tuple(parts) != tuple(st.tempo or ()):
            self.change("tempo", fmt_tempo(st.tempo or DEFAULT_TEMPO), fmt_tempo(parts))
            st.tempo = tuple(parts)

    def slow(self, seconds: float, why: str = "", reset: float | None = None) -> None:
        st = self.st
        tempo = list(st.tempo or DEFAULT_TEMPO)
        eccentric = _figure(tempo, 0) + seconds
        eccentric = min(max(eccentric, 1.0), float(self.policy.slowest_eccentric) + 10)
        tempo[0] = str(int(eccentric))
        if tuple(tempo) == tuple(st.tempo or DEFAULT_TEMPO):
            return
        self.change("tempo", fmt_tempo(st.tempo or DEFAULT_TEMPO), fmt_tempo(tempo), why)
        st.tempo = tuple(tempo)
        if reset is not None and st.reps is not None and reset < st.reps:
            self._reps_to(reset)

    def variant(self, step: int, why: str = "", reset: float | None = None) -> None:
        st = self.st
        exercise = self.ev.program.exercise(st.variant)
        neighbour = None
        if exercise is not None:
            neighbour = exercise.harder if step > 0 else exercise.easier
        if neighbour is None:
            word = "harder" if step > 0 else "easier"
            self.out.append(
                Change(
                    "",
                    "",
                    "",
                    self.unit.label,
                    self.reason
                    + (f"; {why}" if why else "")
                    + f"; the catalog has no {word} variant of {st.variant}",
                    "hold",
                    self.clause.index,
                )
            )
            return
        self.change("exercise", st.variant, neighbour, why)
        st.variant = neighbour
        if step > 0:
            line = self.slot.line
            original = line.tempo.parts if line.tempo else None
            if st.tempo != original:
                st.tempo = original
        if reset is not None and st.reps is not None and reset < st.reps:
            self._reps_to(reset)


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
