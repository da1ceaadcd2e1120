"""Auditing a season of plans the way a coach would judge them.

:func:`audit` reads the weeks an evaluation planned and the log the athlete
wrote, and counts the weeks a coach would not sign (``docs/engine.md#audit``):

- ``rise_after_failed``, ``rise_after_poor_form``, ``rise_after_fatigue``: a
  slot's prescription rose (load, reps, sets, tempo, a harder variant, effort)
  in the week after one with missed reps, poor form, or fatigue or soreness at
  the policy's cut-off (last week or on the session's day);
- ``lighter_week_heavier``: a deload or taper week heavier, or with more
  volume, than the week before it;
- ``taper_cut_off``: a taper week whose volume misses the policy's cut by more
  than one set;
- ``taper_intensity_dropped``: a taper week lighter than the build by the
  style's hand (not by a back-off the athlete earned);
- ``backoff_never_fired``: three weeks in a row of missed reps and the
  prescription never came down.

Only what the athlete would see is compared: the shown prescriptions, week
against week. A rise back to full volume after a week cut "for this week
only" (a tired week, a deload) is no rise. ``tools/sweep.py`` runs the audit
over every shipped program and many simulated athletes; ``tests/test_soundness.py``
over generated programs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stridelift.core.engine.metrics import FORM_ORDER

if TYPE_CHECKING:
    from stridelift.core.engine.compiled import CompiledProgram
    from stridelift.core.engine.plan import Prescribed
    from stridelift.core.engine.week import WeekResult
    from stridelift.core.logs import Log, SetRecord

#: Every kind of unsound week the audit counts, in the order it prints them.
KINDS = (
    "rise_after_failed",
    "rise_after_poor_form",
    "rise_after_fatigue",
    "lighter_week_heavier",
    "taper_cut_off",
    "taper_intensity_dropped",
    "backoff_never_fired",
)


@dataclass
class Finding:
    """One unsound week of one slot."""

    kind: str
    week: int
    slot: str
    what: str


@dataclass
class Audit:
    """What :func:`audit` found, and how much it looked at."""

    findings: list[Finding] = field(default_factory=list)
    slot_weeks: int = 0
    athlete_weeks: int = 0

    def counts(self) -> Counter[str]:
        found = Counter(dict.fromkeys(KINDS, 0))
        found.update(f.kind for f in self.findings)
        return found

    def merge(self, other: Audit) -> None:
        self.findings.extend(other.findings)
        self.slot_weeks += other.slot_weeks
        self.athlete_weeks += other.athlete_weeks


def audit(weeks: Sequence[WeekResult], log: Log) -> Audit:
    """Every unsound week in ``weeks`` (one athlete's season) against ``log``."""
    found = Audit(athlete_weeks=len(weeks))
    if not weeks:
        return found
    program = weeks[0].program
    policy = program.policy
    sets_by_week: dict[int, dict[str, list[SetRecord]]] = {}
    start = weeks[0].start
    for record in log.sets:
        n = (record.date - start).days // 7 + 1
        sets_by_week.setdefault(n, {}).setdefault(record.exercise, []).append(record)
    tired_days = {
        c.date
        for c in log.checkins
        if (c.fatigue or 0) >= policy.fatigue_hold or (c.soreness or 0) >= policy.soreness_hold
    }
    failed_run: dict[int, int] = {}
    base: dict[int, Prescribed] = {}
    clean: dict[int, bool] = {}
    for previous, week in itertools.pairwise(weeks):
        lighter_before = previous.deload is not None or previous.plan.taper
        lighter_now = week.deload is not None or week.plan.taper
        dates = {name: date for _, name, date in program.session_dates(week.start)}
        last_dates = {name: date for _, name, date in program.session_dates(previous.start)}
        logged = sets_by_week.get(previous.week, {})
        for before, now in zip(previous.prescriptions, week.prescriptions, strict=True):
            slot = now.slot
            if slot.phase not in ("main", "accessory"):
                continue
            found.slot_weeks += 1
            i = slot.index
            week_only = any(
                c.kind == "readiness" or c.reason.endswith("this week only") for c in now.changes
            )
            if not lighter_now and not week_only:
                base[i] = now
                clean[i] = True
            elif any(c.kind not in ("periodization", "deload") for c in now.changes):
                clean[i] = False  # a back-off or a rule's cut took part: not the style's cut
            records = [r for r in logged.get(before.exercise, ()) if r.role != "warmup"]
            if slot.session in last_dates and records:
                records = [r for r in records if r.session in (None, slot.session)]
            failed = bool(records) and _failed(before, records)
            poor = any(r.form is not None and FORM_ORDER[r.form] >= 2 for r in records)
            day = dates.get(slot.session)
            tired = _tired(tired_days, previous.start, day)
            rises = _rises(before, now, program, lighter_before)
            if rises and not now.omitted and not before.omitted:
                what = f"{', '.join(rises)} rose: {_text(before)} -> {_text(now)}"
                if failed:
                    found.findings.append(Finding("rise_after_failed", week.week, slot.key, what))
                if poor:
                    found.findings.append(
                        Finding("rise_after_poor_form", week.week, slot.key, what)
                    )
                if tired:
                    found.findings.append(Finding("rise_after_fatigue", week.week, slot.key, what))
            if lighter_now and not now.omitted and not before.omitted:
                heavier = _heavier(before, now)
                if heavier:
                    found.findings.append(
                        Finding("lighter_week_heavier", week.week, slot.key, heavier)
                    )
            if week.plan.taper and i in base and clean.get(i) and not now.omitted:
                _taper(found, week, base[i], now)
            # Back-offs: three failed weeks in a row must bring the prescription down.
            if failed:
                failed_run[i] = failed_run.get(i, 0) + 1
            elif records:
                failed_run[i] = 0
            if _lower(before, now):
                failed_run[i] = 0
            # (A percentage with no estimate yet shows no load to bring down: P303 says
            # so. A line at one rep and the lightest load owned has nowhere to go.)
            unresolved = now.percent is not None and now.load is None
            floor = (now.reps is None or now.reps <= 1) and (
                now.load is None or not slot.loads or now.load <= slot.loads[0] + 1e-9
            )
            unresolved = unresolved or floor
            if failed_run.get(i, 0) >= 3 and slot.progression is not None and not unresolved:
                found.findings.append(
                    Finding(
                        "backoff_never_fired",
                        week.week,
                        slot.key,
                        f"{failed_run[i]} weeks of missed reps and nothing came down",
                    )
                )
                failed_run[i] = 0
    return found


def _failed(shown: Prescribed, records: Sequence[SetRecord]) -> bool:
    """Whether the week's sets fell short of what was shown (reps and load together,
    per side counted in pairs)."""
    reps, load = shown.reps, shown.load
    measure = shown.slot.measure
    good = {"left": 0, "right": 0, None: 0}
    for r in records:
        amount = (
            r.reps if measure == "reps" else (r.seconds if measure == "seconds" else r.distance_m)
        )
        if reps is not None and (amount is None or amount < reps - 1e-9):
            continue
        if load is not None and (r.load is None or r.load < load * 0.99 - 1e-9):
            continue
        good[r.side] += 1
    done = min(good["left"], good["right"]) + good[None]
    return done < shown.sets


def _tired(days: set[dt.date], last_start: dt.date, session: dt.date | None) -> bool:
    """Fatigue or soreness high last week, or on the session's day or the day before."""
    end = last_start + dt.timedelta(days=7)
    if any(last_start <= d < end for d in days):
        return True
    return session is not None and any(session - dt.timedelta(days=1) <= d <= session for d in days)


def _figure(tempo: tuple[str, ...] | None, index: int) -> float:
    parts = tempo or ("2", "0", "1", "0")
    return float(parts[index]) if parts[index].isdigit() else 1.0


def _rises(
    before: Prescribed, now: Prescribed, program: CompiledProgram, lighter_before: bool
) -> list[str]:
    """What rose from ``before`` to ``now`` (a return to full volume or reps after a
    week cut for that week only is no rise)."""
    found: list[str] = []
    if now.exercise != before.exercise:
        exercise = program.exercise(before.exercise)
        if exercise is not None and exercise.harder == now.exercise:
            found.append("variant")
        return found
    if now.load is not None and before.load is not None and now.load > before.load + 1e-6:
        found.append("load")
    levels = now.slot.levels
    if (
        now.band is not None
        and before.band is not None
        and now.band in levels
        and before.band in levels
        and levels.index(now.band) > levels.index(before.band)
    ):
        found.append("band")
    week_only = lighter_before or any(
        (c.field == "sets" and c.kind in ("readiness", "deload", "periodization"))
        or c.reason.endswith("this week only")
        for c in before.changes
    )
    if (
        not lighter_before
        and now.reps is not None
        and before.reps is not None
        and now.reps > before.reps + 1e-9
    ):
        found.append("reps")
    if not week_only and now.sets > before.sets:
        found.append("sets")
    if _figure(now.tempo, 0) > _figure(before.tempo, 0) or _figure(now.tempo, 1) > _figure(
        before.tempo, 1
    ):
        found.append("tempo")
    return found


def _lower(before: Prescribed, now: Prescribed) -> bool:
    """Whether the prescription came down (a back-off, a regression, fewer reps)."""
    if now.exercise != before.exercise:
        return True
    if now.load is not None and before.load is not None and now.load < before.load - 1e-6:
        return True
    if now.percent is not None and before.percent is not None and now.percent < before.percent:
        return True  # a %1RM line backed off (its load may not be shown yet)
    if now.reps is not None and before.reps is not None and now.reps < before.reps - 1e-9:
        return True
    return now.sets < before.sets


def _volume(item: Prescribed) -> float:
    return item.sets * (item.reps if item.reps is not None else 1.0)


def _heavier(before: Prescribed, now: Prescribed) -> str:
    if now.exercise != before.exercise:
        return ""
    if now.load is not None and before.load is not None and now.load > before.load + 1e-6:
        return f"load {before.load} -> {now.load} in a lighter week"
    if _volume(now) > _volume(before) + 1e-9:
        return f"volume {_volume(before):g} -> {_volume(now):g} in a lighter week"
    return ""


def _taper(found: Audit, week: WeekResult, base: Prescribed, now: Prescribed) -> None:
    """A taper week against the last full week: the cut within one set of the policy's,
    the load held unless the athlete's own back-off brought it down."""
    if now.exercise != base.exercise:
        return
    calendar = week.program.calendar(None)
    position, count = calendar.taper_position(week.week)
    policy = week.program.policy
    if count <= 1:
        cut = policy.taper_cut_last
    else:
        cut = policy.taper_cut_first + (policy.taper_cut_last - policy.taper_cut_first) * (
            position - 1
        ) / (count - 1)
    expected = _volume(base) * (1 - cut)
    one_set = base.reps if base.reps is not None else 1.0
    if abs(_volume(now) - expected) > one_set + 1e-9 and _volume(base) > 1:
        found.findings.append(
            Finding(
                "taper_cut_off",
                week.week,
                now.slot.key,
                f"volume {_volume(base):g} -> {_volume(now):g}, asked {expected:g} ({cut:.0%} cut)",
            )
        )
    if (
        now.load is not None
        and base.load is not None
        and now.load < base.load - 1e-6
        and any(c.field == "load" and c.kind == "periodization" for c in now.changes)
    ):
        found.findings.append(
            Finding(
                "taper_intensity_dropped",
                week.week,
                now.slot.key,
                f"load {base.load} -> {now.load} by the style",
            )
        )


def _text(item: Prescribed) -> str:
    load = "" if item.load is None else f" @ {item.load:g}"
    reps = "?" if item.reps is None else f"{item.reps:g}"
    tempo = "-".join(item.tempo) if item.tempo else ""
    return f"{item.exercise} {item.sets}x{reps}{load} {tempo}".strip()
