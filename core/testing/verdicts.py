"""Verdicts: a resolved assertion (:class:`~.assertions.Judge`) judged against the
weeks a run planned.

A :class:`Run` is what one evaluation planned (the weeks, and the log they came
from); :func:`verdict` judges it. A failed verdict says what was expected and
what the engine gave, lists the values week by week, and quotes the explanation
(the changes, with their reasons) of the line in the week concerned.

The weeks an assertion judges (``docs/testing.md#assertions``):

- ``week N``, ``weeks A..B``, ``every week``: the check holds for every line it
  names in each of those weeks;
- ``no week``: it holds for no line in no week;
- ``some week``: it holds for some line in some week.

A line left out of a week (heavy legs before a race) is judged only by ``week
N``, where it fails; the other selectors pass over it. An assertion that finds
nothing to judge (no line with a rest, a rise in a one-week run) fails: a test
that cannot fail says nothing.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from stridelift.core.engine.explain import fmt_amount, fmt_effort, fmt_load, fmt_tempo
from stridelift.core.language.unparse import format_number
from stridelift.core.source import NO_SPAN, Span
from stridelift.core.testing.assertions import Judge, Target

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram, Prescribed, WeekResult
    from stridelift.core.engine.audit import Audit
    from stridelift.core.engine.slots import SlotSpec
    from stridelift.core.logs import Log, SetRecord

#: The comparisons of numbers.
_OPS: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_EPSILON = 1e-6
#: The kind of unsound week the audit (``core/engine/audit.py``) finds for each `after`.
_AUDIT_KIND = {
    "failed": "rise_after_failed",
    "poor form": "rise_after_poor_form",
    "tired": "rise_after_fatigue",
}
#: How many week-by-week values a line of details holds.
_PER_LINE = 13
#: How many failures a verdict lists one by one.
_LISTED = 5


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    message: str = ""
    details: tuple[str, ...] = ()
    span: Span = NO_SPAN


class Run:
    """What one evaluation planned: the weeks, the log they came from (the athlete's,
    or the one a simulated athlete wrote), and the seed of a simulation."""

    def __init__(
        self,
        program: CompiledProgram,
        weeks: Sequence[WeekResult],
        log: Log | None,
        seed: int | None = None,
    ) -> None:
        self.program = program
        self.weeks = weeks
        self.log = log
        self.seed = seed

    @cached_property
    def audit(self) -> Audit:
        from stridelift.core.engine.audit import audit
        from stridelift.core.logs import Log

        return audit(self.weeks, self.log or Log("<no log>"))

    @cached_property
    def _flagged(self) -> dict[str, dict[tuple[int, str], str]]:
        found: dict[str, dict[tuple[int, str], str]] = {}
        for finding in self.audit.findings:
            found.setdefault(finding.kind, {})[(finding.week, finding.slot)] = finding.what
        return found

    def flagged(self, kind: str, week: int, slot: str) -> str | None:
        """What the audit says of ``slot`` in ``week`` for a kind of unsound week."""
        return self._flagged.get(kind, {}).get((week, slot))

    @cached_property
    def _sets(self) -> dict[int, dict[str, list[SetRecord]]]:
        by_week: dict[int, dict[str, list[SetRecord]]] = {}
        if self.log is None or not self.weeks:
            return by_week
        start = self.weeks[0].start
        for record in self.log.sets:
            if record.role == "warmup":
                continue
            n = (record.date - start).days // 7 + 1
            by_week.setdefault(n, {}).setdefault(record.exercise, []).append(record)
        return by_week

    def missed(self, week: int, item: Prescribed) -> bool:
        """Whether nothing of the line was logged in ``week`` (its working sets, of the
        exercise it showed, in its session when the log names sessions)."""
        if self.log is None:
            return False
        records = self._sets.get(week, {}).get(item.exercise, ())
        session = item.slot.session
        return not any(r.session in (None, session) for r in records)

    def week(self, n: int) -> WeekResult:
        return self.weeks[n - 1]


# ---------------------------------------------------------------- what a line shows


def shown(item: Prescribed, units: str) -> str:
    """A line's prescription in the language's words: ``3 x 8 @ 16kg rpe 7 rest 90s``."""
    if item.omitted is not None:
        return f"skipped: {item.omitted}"
    text = f"{item.sets} x {fmt_amount(item.reps, item.slot.measure)}"
    if item.per_side:
        text += " per side"
    load = _load_text(item, units)
    if load:
        text += f" @ {load}"
    if item.effort is not None:
        text += f" {fmt_effort(item.effort)}"
    if item.tempo is not None:
        text += f" tempo {fmt_tempo(item.tempo)}"
    if item.rest is not None:
        text += f" rest {format_number(item.rest)}s"
    return text


def _load_text(item: Prescribed, units: str) -> str:
    if item.band is not None:
        return f"band {item.band}"
    if item.percent is not None:
        resolved = "no estimate yet" if item.load is None else fmt_load(item.load, units)
        return f"{format_number(item.percent)}% 1rm ({resolved})"
    if item.load is not None:
        return fmt_load(item.load, units)
    return "bodyweight"


def _actual(item: Prescribed, name: str, target: Target, units: str) -> tuple[object, str]:
    """A line's value of field ``name``, comparable with ``target``, and as shown; the
    value is None where the line has none of that kind."""
    if name == "sets":
        return float(item.sets), str(item.sets)
    if name == "reps":
        if item.slot.measure != target.measure:
            return None, fmt_amount(item.reps, item.slot.measure)
        return item.reps, fmt_amount(item.reps, item.slot.measure)
    if name == "load":
        text = _load_text(item, units)
        if target.kind == "mass":
            return item.load, text
        if target.kind == "percent":
            return item.percent, text
        if target.kind == "band":
            levels = item.slot.levels
            return (levels.index(item.band) if item.band in levels else None), text
        weighted = item.band is not None or item.percent is not None or item.load is not None
        return (None if weighted else "bodyweight"), text
    if name == "rest":
        shown_rest = "none" if item.rest is None else f"{format_number(item.rest)}s"
        return item.rest, shown_rest
    if name == "tempo":
        if item.tempo is None:
            return None, "none"
        return "-".join(item.tempo).upper(), fmt_tempo(item.tempo)
    if name == "effort":
        if item.effort is None:
            return None, "none"
        kind, figure = item.effort
        return (figure if kind == "rpe" else 10 - figure), fmt_effort(item.effort)
    return item.exercise, item.exercise


def _wanted(target: Target, item: Prescribed) -> object:
    if target.kind == "band":
        levels = item.slot.levels
        return levels.index(target.word) if target.word in levels else None
    if target.kind in ("tempo", "exercise"):
        return target.word
    if target.kind == "bodyweight":
        return "bodyweight"
    return target.number


def _holds(op: str, actual: object, wanted: object) -> bool:
    if actual is None or wanted is None:
        return False
    if isinstance(actual, float | int) and isinstance(wanted, float | int):
        a, b = float(actual), float(wanted)
        if op == "==":
            return math.isclose(a, b, abs_tol=_EPSILON)
        if op == "!=":
            return not math.isclose(a, b, abs_tol=_EPSILON)
        if op in ("<=", ">="):
            return math.isclose(a, b, abs_tol=_EPSILON) or _OPS[op](a, b)
        return _OPS[op](a, b) and not math.isclose(a, b, abs_tol=_EPSILON)
    if op == "==":
        return actual == wanted
    if op == "!=":
        return actual != wanted
    return False


def _fits(item: Prescribed, name: str, target: Target | None) -> bool:
    """Whether a line has a value a check on every line judges (``every week: rest <=
    2min`` judges the lines with a rest)."""
    if name == "reps":
        return target is None or item.slot.measure == target.measure
    if name == "load":
        kind = target.kind if target is not None else "mass"
        if kind == "mass":
            return item.load is not None
        if kind == "percent":
            return item.percent is not None
        if kind == "band":
            return item.band is not None
        return True
    if name == "rest":
        return item.rest is not None
    if name == "tempo":
        return item.tempo is not None
    if name == "effort":
        return item.effort is not None
    return True


# ---------------------------------------------------------------- rises


def _figure(tempo: tuple[str, ...] | None, index: int) -> float:
    parts = tempo or ("2", "0", "1", "0")
    return float(parts[index]) if parts[index].isdigit() else 1.0


def _rise(
    name: str, before: Prescribed, now: Prescribed, program: CompiledProgram, lighter: bool
) -> tuple[float, float, str] | None:
    """Whether field ``name`` rose from ``before`` to ``now`` (the same line, a week
    apart): the values and how it reads, or None. As the audit judges
    (``core/engine/audit.py``): a return to full reps after a lighter week, or to full
    sets after a week cut for that week only, is no rise."""
    units = program.units
    if name == "anything":
        for part in ("exercise", "load", "reps", "sets", "tempo"):
            found = _rise(part, before, now, program, lighter)
            if found is not None:
                return found[0], found[1], f"{part} {found[2]}"
        return None
    if name == "exercise":
        exercise = program.exercise(before.exercise)
        if exercise is not None and exercise.harder == now.exercise:
            return 0.0, 1.0, f"{before.exercise} -> {now.exercise} (a harder variant)"
        return None
    if now.exercise != before.exercise:
        return None  # another exercise: its numbers are not this one's
    if name == "load":
        if before.band is not None and now.band is not None:
            levels = now.slot.levels
            if before.band in levels and now.band in levels:
                old, new = levels.index(before.band), levels.index(now.band)
                if new > old:
                    return float(old), float(new), f"band {before.band} -> band {now.band}"
            return None
        if before.load is not None and now.load is not None:
            if now.load > before.load + _EPSILON:
                text = f"{fmt_load(before.load, units)} -> {fmt_load(now.load, units)}"
                return before.load, now.load, text + _percent_text(before.load, now.load)
            return None
        if (
            before.percent is not None
            and now.percent is not None
            and now.percent > before.percent + _EPSILON
        ):
            text = f"{format_number(before.percent)}% -> {format_number(now.percent)}% 1rm"
            return before.percent, now.percent, text
        return None
    if name == "reps":
        if lighter or now.reps is None or before.reps is None:
            return None
        if now.reps > before.reps + _EPSILON:
            measure = now.slot.measure
            text = f"{fmt_amount(before.reps, measure)} -> {fmt_amount(now.reps, measure)}"
            return before.reps, now.reps, text
        return None
    if name == "sets":
        week_only = lighter or any(
            (c.field == "sets" and c.kind in ("readiness", "deload", "periodization"))
            or c.reason.endswith("this week only")
            for c in before.changes
        )
        if not week_only and now.sets > before.sets:
            return float(before.sets), float(now.sets), f"{before.sets} -> {now.sets}"
        return None
    if name == "tempo":
        if _figure(now.tempo, 0) > _figure(before.tempo, 0) or _figure(now.tempo, 1) > _figure(
            before.tempo, 1
        ):
            return 0.0, 1.0, f"{fmt_tempo(before.tempo)} -> {fmt_tempo(now.tempo)}"
        return None
    if name == "rest":
        if before.rest is not None and now.rest is not None and now.rest > before.rest + _EPSILON:
            text = f"{format_number(before.rest)}s -> {format_number(now.rest)}s"
            return before.rest, now.rest, text
        return None
    # effort, as RPE: harder is higher
    if before.effort is None or now.effort is None:
        return None
    was = before.effort[1] if before.effort[0] == "rpe" else 10 - before.effort[1]
    rpe = now.effort[1] if now.effort[0] == "rpe" else 10 - now.effort[1]
    if rpe > was + _EPSILON:
        return was, rpe, f"{fmt_effort(before.effort)} -> {fmt_effort(now.effort)}"
    return None


def _percent_text(old: float, new: float) -> str:
    return f" (+{(new - old) / old:.0%})" if old > 0 else ""


def _beyond(by: tuple[str, float] | None, old: float, new: float) -> bool:
    if by is None:
        return True
    kind, size = by
    if kind == "percent":
        return old > 0 and (new - old) / old * 100 > size + _EPSILON
    return new - old > size + _EPSILON


# ---------------------------------------------------------------- judging


@dataclass
class _Case:
    """One (week, line) judged: whether the check holds, and what it found."""

    week: int
    item: Prescribed | None
    holds: bool
    found: str
    notes: list[str] = field(default_factory=list)


def _items(judge: Judge, week: WeekResult) -> Iterator[Prescribed]:
    if judge.slots is None:
        yield from week.prescriptions
        return
    for slot in judge.slots:
        yield week.prescriptions[slot.index]


def _cases(judge: Judge, run: Run) -> list[_Case]:
    """Every (week, line) the check judges, with its outcome."""
    program = run.program
    units = program.units
    explicit = judge.slots is not None
    one_week = judge.selector == "week"
    found: list[_Case] = []
    for n in range(judge.first, judge.last + 1):
        week = run.week(n)
        if judge.check == "has_pattern" or judge.check == "has_exercise":
            found.append(_has(judge, run, week))
            continue
        if judge.check == "sound":
            problems = [f for f in run.audit.findings if f.week == n]
            text = "; ".join(f"{f.slot}: {f.kind.replace('_', ' ')}: {f.what}" for f in problems)
            found.append(_Case(n, None, not problems, text or "sound"))
            continue
        previous = run.week(n - 1) if n > 1 else None
        lighter = previous is not None and (previous.deload is not None or previous.plan.taper)
        for item in _items(judge, week):
            if judge.check == "skipped":
                if item.omitted is not None:
                    found.append(_Case(n, item, True, f"is skipped ({item.omitted})"))
                else:
                    found.append(_Case(n, item, False, f"is not skipped: {shown(item, units)}"))
                continue
            if item.omitted is not None:
                if one_week and explicit:
                    found.append(_Case(n, item, False, f"skipped ({item.omitted})"))
                continue
            if judge.check == "compare":
                target = judge.target
                assert target is not None
                if not explicit and not _fits(item, judge.field, target):
                    continue
                actual, text = _actual(item, judge.field, target, units)
                ok = _holds(judge.op, actual, _wanted(target, item))
                found.append(_Case(n, item, ok, text))
                continue
            # rises
            if previous is None:
                continue
            before = previous.prescriptions[item.slot.index]
            if before.omitted is not None:
                continue
            rose = _rise(judge.field, before, item, program, lighter)
            after_text = ""
            if rose is not None and judge.after is not None:
                if judge.after == "missed":
                    if not run.missed(n - 1, before):
                        rose = None
                    else:
                        after_text = f"nothing of {before.exercise} was logged in week {n - 1}"
                else:
                    what = run.flagged(_AUDIT_KIND[judge.after], n, item.slot.key)
                    if what is None:
                        rose = None
                    else:
                        after_text = f"week {n - 1} was a {judge.after} week ({what})"
            if rose is not None and not _beyond(judge.by, rose[0], rose[1]):
                rose = None
            text = "does not rise" if rose is None else f"rises {rose[2]}"
            case = _Case(n, item, rose is not None, text)
            if after_text:
                case.notes.append(after_text)
            found.append(case)
    return found


def _has(judge: Judge, run: Run, week: WeekResult) -> _Case:
    program = run.program
    shown_names: list[str] = []
    ok = False
    for item in week.prescriptions:
        if item.omitted is not None:
            continue
        shown_names.append(item.exercise)
        if judge.check == "has_exercise":
            ok = ok or item.exercise == judge.word
        else:
            exercise = program.exercise(item.exercise)
            ok = ok or (exercise is not None and exercise.pattern == judge.word)
    what = f"pattern {judge.word}" if judge.check == "has_pattern" else judge.word
    text = f"has {what}" if ok else f"has no {what}"
    case = _Case(week.week, None, ok, text)
    if not ok:
        case.notes.append("its exercises: " + (", ".join(dict.fromkeys(shown_names)) or "none"))
    return case


def verdict(judge: Judge, run: Run) -> Verdict:
    """Whether the assertion holds in ``run``, and if not, why (expected, actual, trace)."""
    cases = _cases(judge, run)
    text = judge.source.text
    span = judge.source.span
    if not cases:
        what = f"`{judge.named}`" if judge.named else "any line"
        reason = {
            "compare": f"{what} has no {judge.field} to compare in the weeks judged",
            "rises": "no week has a week before it to rise from, with the line in both",
        }.get(judge.check, "no week to judge")
        return Verdict(False, f"`{text}` judged nothing: {reason}", (), span)
    if judge.selector == "no":
        bad = [c for c in cases if c.holds]
    elif judge.selector == "some":
        bad = [] if any(c.holds for c in cases) else cases
    else:
        bad = [c for c in cases if not c.holds]
    if not bad:
        return Verdict(True, span=span)
    message = f"`{text}` does not hold: {_explain(judge, cases, bad)}"
    details = list(_details(judge, run, cases, bad))
    return Verdict(False, message, tuple(details), span)


def _explain(judge: Judge, cases: list[_Case], bad: list[_Case]) -> str:
    """Expected against actual, for the first failure, and how many weeks fail."""
    first = bad[0]
    line = f"{first.item.slot.key} " if first.item is not None else ""
    subject = f"{line}{judge.field}" if judge.field != "anything" else line.strip()
    after = f" after a {judge.after} week" if judge.after and judge.after != "poor form" else ""
    if judge.after == "poor form":
        after = " after poor form"
    size = ""
    if judge.by is not None:
        size = f" more than {_size(judge)}"
    span = f"of weeks {judge.first}-{judge.last}"
    named = judge.named or "some line's"
    if judge.check == "compare":
        wanted = f"{judge.op} {judge.target.text if judge.target else ''}"
        if judge.selector == "some":
            return f"expected {named} {judge.field} {wanted} in some week {span}, got it in none"
        if judge.selector == "no":
            told = f"expected no week with {judge.field} {wanted}, got {subject} {first.found}"
        else:
            told = f"expected {subject} {wanted}, got {first.found}"
    elif judge.check == "rises":
        if judge.selector == "some":
            return (
                f"expected {named} {judge.field} to rise{size}{after} in some week {span}, "
                "it never does"
            )
        if judge.selector == "no":
            told = f"expected no rise in {judge.field}{size}{after}, got {subject} {first.found}"
        else:
            told = f"expected {subject} to rise{size}{after}, it does not"
    elif judge.check == "skipped":
        if judge.selector == "some":
            return f"expected {named} to be skipped in some week {span}, it never is"
        if judge.selector == "no":
            told = f"expected {line.strip()} never to be skipped, it {first.found}"
        else:
            told = f"expected {line.strip()} to be skipped, it {first.found}"
    elif judge.check == "sound":
        if judge.selector == "some":
            return f"expected some week {span} to be sound, the audit finds something in each"
        if judge.selector == "no":
            told = "expected no week to be sound, this one is"
        else:
            told = f"expected a sound week, the audit finds {first.found}"
    else:
        what = f"pattern {judge.word}" if judge.check == "has_pattern" else judge.word
        if judge.selector == "some":
            return f"expected some week {span} with {what}, none has it"
        if judge.selector == "no":
            told = f"expected no week with {what}, this one has it"
        else:
            told = f"expected {what} in the week, it {first.found}"
    weeks = sorted({c.week for c in bad})
    judged = len({c.week for c in cases})
    told += f" in week {first.week}"
    if len(weeks) > 1:
        listed = ", ".join(str(n) for n in weeks[:8]) + (", ..." if len(weeks) > 8 else "")
        told += f" (it fails in {len(weeks)} of {judged} weeks: {listed})"
    return told


def _size(judge: Judge) -> str:
    assert judge.by is not None
    kind, size = judge.by
    return f"{format_number(size)}%" if kind == "percent" else judge.by_text


def _details(judge: Judge, run: Run, cases: list[_Case], bad: list[_Case]) -> Iterator[str]:
    """What a failure shows under its message: each failure, the values week by week,
    and the explanation of the line in the first week concerned."""
    units = run.program.units
    if run.seed is not None:
        yield f"simulated with seed {run.seed}"
    listed = bad if judge.selector != "some" and len(bad) > 1 else []
    for case in listed[:_LISTED]:
        where = f", {case.item.slot.key}" if case.item is not None else ""
        subject = f" {judge.field}" if judge.field not in ("", "anything") else ""
        yield f"week {case.week}{where}:{subject} {case.found}"
        for note in case.notes:
            yield f"  {note}"
    if len(listed) > _LISTED:
        yield f"... and {len(listed) - _LISTED} more"
    if not listed:
        yield from bad[0].notes
    if judge.check == "skipped":
        if bad[0].item is not None:
            yield from _by_week(judge, run, bad[0].item.slot)
        return
    if judge.check not in ("compare", "rises"):
        yield from _by_week_weeks(judge, cases)
    elif judge.selector != "some":
        focus = bad[0].item
        if focus is not None:
            yield from _by_week(judge, run, focus.slot, bad)
    else:
        # Nothing to point at: the values of the lines named (not of every line).
        for slot in (judge.slots or ())[:3]:
            yield from _by_week(judge, run, slot)
        return
    first = bad[0]
    if first.item is not None:
        yield from trace(run.week(first.week), first.item, units)


def _by_week(judge: Judge, run: Run, slot: SlotSpec, bad: Sequence[_Case] = ()) -> Iterator[str]:
    """The line's value of the field judged, week by week (for a rise in anything, its
    prescription in the week of the failure and the one before)."""
    name = judge.field if judge.field not in ("", "anything") else None
    units = run.program.units
    values: list[str] = []
    if judge.check == "skipped":
        for week in run.weeks:
            left_out = week.prescriptions[slot.index].omitted is not None
            values.append(f"{week.week}: {'yes' if left_out else 'no'}")
        yield from _chunks(f"{slot.key} skipped by week", values)
        return
    if name is None:
        # A whole prescription is long: the week of the failure and the one before.
        failing = next((c.week for c in bad if c.item is not None), 1)
        for week in run.weeks[max(0, failing - 2) : failing]:
            item = week.prescriptions[slot.index]
            yield f"{slot.key} in week {week.week}: {shown(item, units)}"
        return
    for week in run.weeks:
        item = week.prescriptions[slot.index]
        if item.omitted is not None:
            value = "skipped"
        elif judge.target is not None:
            value = _actual(item, name, judge.target, units)[1]
        else:
            value = _actual(item, name, _any_target(name, item), units)[1]
        values.append(f"{week.week}: {value}")
    label = f"{slot.key} {name} by week"
    yield from _chunks(label, values)


def _any_target(name: str, item: Prescribed) -> Target:
    if name == "reps":
        return Target("amount", "", measure=item.slot.measure)
    if name == "load":
        return Target("mass", "")
    return Target(name, "")


def _by_week_weeks(judge: Judge, cases: list[_Case]) -> Iterator[str]:
    values = [f"{c.week}: {'yes' if c.holds else 'no'}" for c in cases]
    what = {
        "has_pattern": f"has pattern {judge.word}",
        "has_exercise": f"has {judge.word}",
        "sound": "sound",
    }[judge.check]
    yield from _chunks(f"{what}, by week", values)


def _chunks(label: str, values: list[str]) -> Iterator[str]:
    for start in range(0, len(values), _PER_LINE):
        head = f"{label}:" if start == 0 else " " * (len(label) + 1)
        yield f"{head} " + ", ".join(values[start : start + _PER_LINE])


def trace(week: WeekResult, item: Prescribed, units: str) -> Iterator[str]:
    """The explanation of one line in one week: what it shows, then each change and
    each held increase with its reason, then its notes."""
    yield f"week {week.week}, {item.slot.key}: {shown(item, units)}"
    changes = [*item.changes, *week.holds.get(item.slot.index, ())]
    for change in changes:
        yield f"  {change.text()}"
    for note in item.notes:
        yield f"  note: {note}"
    if not changes and not item.notes:
        yield "  (nothing changed it from the week before)"
