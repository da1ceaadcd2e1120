"""The report computed from a program, its log filed by week, and the weeks the engine
planned from it (``docs/report.md`` says how each figure is computed).

The log is read as the engine files it (:class:`~stridelift.core.engine.logweeks.LogIndex`:
weeks counted from the athlete record's ``start``); what was prescribed is what
the engine planned for each week from the log so far (deloads, tapers and rules
included). References and baselines (the typical easy heart rate and pace, the
usual fatigue and soreness) come from the whole log, so every week is read at
the same ones, whichever weeks the report shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from stridelift.core.report.model import (
    Adherence,
    AssessmentResult,
    ExerciseVolume,
    Figure,
    LiftStrength,
    LiftTrend,
    References,
    RepMax,
    Report,
    Running,
    SessionLoad,
    Summary,
    Symmetry,
    Trend,
    Volume,
    WeekReport,
    Wellness,
)
from stridelift.core.training import outcomes
from stridelift.core.training.e1rm import smoothed, week_estimate
from stridelift.core.training.outcomes import (
    EASY_RUNS,
    HARD_RUNS,
    MINIMUMS,
    STEADY_RUNS,
    Minimums,
)
from stridelift.core.training.session_load import session_load, strength_session_rpe
from stridelift.core.units import convert

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram, WeekResult
    from stridelift.core.engine.logweeks import LogIndex
    from stridelift.core.logs import CheckIn, Log, Run, SetRecord
    from stridelift.core.logs.records import AssessmentResult as LoggedResult

#: Phases whose prescribed sets adherence counts (warm-up and cool-down are rarely logged).
COUNTED_PHASES = ("main", "accessory")
EASY = " or ".join(EASY_RUNS)
STEADY = " or ".join(STEADY_RUNS)


def build_report(
    program: CompiledProgram,
    log: Log | None,
    weeks: Sequence[WeekResult],
    index: LogIndex,
    *,
    minimums: Minimums = MINIMUMS,
) -> Report:
    """The report of ``weeks`` (planned by the engine from ``log``; ``index``: the log
    filed by week, as the engine filed it)."""
    context = _Context(program, index, minimums, log.assessments if log is not None else ())
    reported = tuple(context.week(result) for result in weeks)
    athlete = log.athlete.name if log is not None and log.athlete is not None else None
    return Report(
        program_title=program.title,
        program_path=program.path,
        units=program.units,
        athlete=athlete,
        start=index.start,
        references=context.references,
        weeks=reported,
        summary=context.summary(reported),
        baseline=tuple(a for a in context.assessments if a.date < index.start),
    )


class _Context:
    """What every week is read against: the whole log's references and slopes."""

    def __init__(
        self,
        program: CompiledProgram,
        index: LogIndex,
        minimums: Minimums,
        assessments: Iterable[Any],
    ) -> None:
        self.program = program
        self.index = index
        self.minimums = minimums
        self.policy = program.policy
        self.units = program.units
        self.assessments = assessment_results(assessments)
        last = index.last_week
        self.all_weeks = range(1, last + 1)
        runs = {w: index.runs_in(w) for w in self.all_weeks}
        self.steady = {w: [r for r in rs if r.kind in STEADY_RUNS] for w, rs in runs.items()}
        self.easy = {w: [r for r in rs if r.kind in EASY_RUNS] for w, rs in runs.items()}
        self._references()
        self._recoveries()
        self._estimates: dict[tuple[str, int], float | None] = {}

    # -- the whole log
    def _references(self) -> None:
        m = self.minimums
        with_hr = {w: [r for r in rs if r.heart_rate is not None] for w, rs in self.easy.items()}
        with_rpe = {w: [r for r in rs if r.rpe is not None] for w, rs in self.easy.items()}
        hr_runs = [r for rs in with_hr.values() for r in rs]
        all_easy = [r for rs in self.easy.values() for r in rs]
        self.with_hr, self.with_rpe = with_hr, with_rpe
        self.hr_count = len(hr_runs)
        self.rpe_count = sum(len(rs) for rs in with_rpe.values())
        hr_ref = outcomes.median(r.heart_rate for r in hr_runs if r.heart_rate is not None)
        pace_ref = outcomes.median(_pace(r) for r in all_easy)
        self.hr_ref = None if hr_ref is None else float(round(hr_ref))
        self.pace_ref = None if pace_ref is None else round(pace_ref, 2)
        self.pace_on_hr = outcomes.common_slope(
            [[(float(r.heart_rate or 0), _pace(r)) for r in rs] for rs in with_hr.values()]
        )
        self.hr_on_pace = outcomes.common_slope(
            [[(_pace(r), float(r.heart_rate or 0)) for r in rs] for rs in with_hr.values()]
        )
        self.rpe_on_pace = outcomes.common_slope(
            [[(_pace(r), float(r.rpe or 0)) for r in rs] for rs in with_rpe.values()]
        )
        checkins = [c for w in self.all_weeks for c in self._checkins(w)]
        paired = [c for c in checkins if c.fatigue is not None and c.soreness is not None]
        self.paired_checkins = [
            (c.date, float(c.fatigue or 0), float(c.soreness or 0)) for c in paired
        ]
        fatigue = outcomes.median(f for _, f, _ in self.paired_checkins)
        soreness = outcomes.median(s for _, _, s in self.paired_checkins)
        enough = len(paired) >= m.baseline_checkins
        self.baseline = (
            (fatigue, soreness) if enough and fatigue is not None and soreness is not None else None
        )
        why = _needs(
            m.baseline_checkins, "check-ins with fatigue and soreness in the log", len(paired)
        )
        hr_why = _needs(1, f"{EASY} runs with heart rate in the log", 0)
        self.references = References(
            heart_rate=(
                Figure.of(self.hr_ref, "bpm", self.hr_count, 0)
                if self.hr_ref is not None
                else Figure.none("bpm", hr_why)
            ),
            pace=(
                Figure.of(self.pace_ref, "min/km", len(all_easy))
                if self.pace_ref is not None
                else Figure.none("min/km", _needs(1, f"{EASY} runs in the log", 0))
            ),
            fatigue=(
                Figure.of(self.baseline[0], "1-10", len(paired), 1)
                if self.baseline
                else Figure.none("1-10", why, len(paired))
            ),
            soreness=(
                Figure.of(self.baseline[1], "1-10", len(paired), 1)
                if self.baseline
                else Figure.none("1-10", why, len(paired))
            ),
        )

    def _recoveries(self) -> None:
        hard: set[dt.date] = set()
        limit = self.policy.hard_session_rpe
        for w in self.all_weeks:
            for run in self.index.runs_in(w):
                if run.kind in HARD_RUNS or (run.rpe is not None and run.rpe >= limit):
                    hard.add(run.date)
            for (date, _), sets in self._strength_sessions(w).items():
                rpe = strength_session_rpe(
                    rpe for s in sets if (rpe := s.effective_rpe()) is not None
                )
                if rpe is not None and rpe >= limit:
                    hard.add(date)
        self.hard_days = sorted(hard)
        self.recoveries = (
            {}
            if self.baseline is None
            else {
                r.day: r
                for r in outcomes.recovery(self.hard_days, self.paired_checkins, self.baseline)
            }
        )

    # -- the log's week
    def _sets(self, week: int) -> list[SetRecord]:
        filed = self.index.get(week)
        if filed is None:
            return []
        found = [r for records in filed.raw.values() for r in records if r.role != "warmup"]
        found.sort(key=lambda r: (r.date, r.exercise, r.set))
        return found

    def _checkins(self, week: int) -> list[CheckIn]:
        filed = self.index.get(week)
        return [] if filed is None else list(filed.checkins)

    def _session_of(self, r: SetRecord) -> str:
        session = r.session
        if session is None or session not in self.program.sessions:
            session = self.program.session_on(r.date)
        return session

    def _strength_sessions(self, week: int) -> dict[tuple[dt.date, str], list[SetRecord]]:
        found: dict[tuple[dt.date, str], list[SetRecord]] = defaultdict(list)
        for r in self._sets(week):
            found[(r.date, self._session_of(r))].append(r)
        return found

    def _load(self, r: SetRecord) -> float | None:
        if r.load is None:
            return None
        return convert(r.load, r.unit or self.units, self.units)

    def _estimate(self, exercise: str, week: int) -> float | None:
        key = (exercise, week)
        if key not in self._estimates:
            sets = [r for r in self._sets(week) if r.exercise == exercise]
            self._estimates[key] = week_estimate(sets, self.policy, units=self.units)
        return self._estimates[key]

    # -- one week
    def week(self, result: WeekResult) -> WeekReport:
        n = result.week
        sets = self._sets(n)
        lifts = _main_lifts(result)
        week_results = [a for a in self.assessments if outcomes_week(self.index.start, a.date) == n]
        return WeekReport(
            week=n,
            start=result.start,
            end=result.end,
            phase=result.plan.phase,
            deload=result.deload is not None,
            strength=tuple(self._strength(name, n, sets, week_results) for name in lifts),
            volume=self._volume(sets),
            session_load=self._session_load(n),
            adherence=self._adherence(result, sets),
            wellness=self._wellness(n),
            symmetry=self._symmetry(sets),
            running=self._running(n),
            assessments=tuple(a for a in week_results if a.test not in lifts),
        )

    def _strength(
        self,
        exercise: str,
        week: int,
        sets: list[SetRecord],
        assessments: list[AssessmentResult],
    ) -> LiftStrength:
        mine = [r for r in sets if r.exercise == exercise]
        units = self.units
        policy = self.policy
        estimate = self._estimate(exercise, week)
        if not mine:
            e1rm = Figure.none(units, "not logged this week")
        elif all(r.load is None for r in mine):
            e1rm = Figure.none(units, "no load logged: an estimate needs loaded sets", len(mine))
        elif estimate is None:
            e1rm = Figure.none(
                units,
                f"not enough data: needs a loaded set of {policy.e1rm_max_reps} reps or fewer "
                f"within {policy.e1rm_max_rir:g} reps of failure, form not poor",
                len(mine),
            )
        else:
            e1rm = Figure.of(estimate, units, len(mine), 1)
        window = range(max(1, week - policy.e1rm_weeks + 1), week + 1)
        estimates = [self._estimate(exercise, w) for w in window]
        anchor_value = smoothed(estimates, policy)
        known = sum(1 for e in estimates if e is not None)
        anchor = (
            Figure.of(anchor_value, units, known, 1)
            if anchor_value is not None
            else Figure.none(units, f"no estimate in the last {policy.e1rm_weeks} week(s)", 0)
        )
        best: dict[tuple[int, str | None], RepMax] = {}
        for r in mine:
            rir = r.effective_rir()
            load = self._load(r)
            if r.reps is None or load is None or rir is None or r.form == "poor":
                continue
            if rir > policy.rep_max_rir or r.reps < 1:
                continue
            key = (r.reps, r.side)
            if key not in best or load > best[key].load:
                best[key] = RepMax(r.reps, round(load, 2), units, r.date, r.side)
        rep_maxes = tuple(sorted(best.values(), key=lambda m: (m.reps, m.side or "")))
        missing = None
        if not rep_maxes:
            effort = 10 - policy.rep_max_rir
            missing = (
                "not logged this week"
                if not mine
                else f"not enough data: needs a loaded set logged at RPE {effort:g} or more, "
                "form not poor"
            )
        return LiftStrength(
            exercise,
            e1rm,
            anchor,
            rep_maxes,
            missing,
            tuple(a for a in assessments if a.test == exercise),
        )

    def _volume(self, sets: list[SetRecord]) -> Volume:
        by: dict[str, list[SetRecord]] = defaultdict(list)
        for r in sets:
            by[r.exercise].append(r)
        rows = []
        for exercise, records in by.items():
            reps = sum(r.reps or 0 for r in records)
            tonnage = sum((r.reps or 0) * (self._load(r) or 0.0) for r in records)
            rows.append(ExerciseVolume(exercise, _pairs(records), reps, round(tonnage, 1)))
        return Volume(
            sum(v.sets for v in rows),
            sum(v.reps for v in rows),
            round(sum(v.tonnage for v in rows), 1),
            self.units,
            tuple(rows),
        )

    def _session_load(self, week: int) -> SessionLoad:
        from stridelift.core.training.session_time import session_minutes

        strength = running = 0.0
        counted = left_out = 0
        for (_, name), records in self._strength_sessions(week).items():
            rpe = strength_session_rpe(
                rpe for r in records if (rpe := r.effective_rpe()) is not None
            )
            session = self.program.sessions.get(name)
            if rpe is None or session is None:
                left_out += 1
                continue
            strength += session_load(rpe, session_minutes(session, self.program.exercise))
            counted += 1
        for run in self.index.runs_in(week):
            if run.rpe is None:
                left_out += 1
                continue
            running += session_load(run.rpe, run.duration_min)
            counted += 1
        return SessionLoad(
            round(strength + running), round(strength), round(running), counted, left_out
        )

    def _adherence(self, result: WeekResult, sets: list[SetRecord]) -> Adherence:
        scheduled: dict[str, int] = defaultdict(int)
        prescribed: dict[tuple[str, str], int] = defaultdict(int)
        for session in result.sessions:
            items = [
                i for i in session.items if i.omitted is None and i.slot.phase in COUNTED_PHASES
            ]
            if session.date is None or not items:
                continue
            scheduled[session.name] += 1
            for item in items:
                prescribed[(session.name, item.exercise)] += item.sets
        dates: dict[str, set[dt.date]] = defaultdict(set)
        done: dict[tuple[str, str], list[SetRecord]] = defaultdict(list)
        for r in sets:
            name = self._session_of(r)
            dates[name].add(r.date)
            done[(name, r.exercise)].append(r)
        sessions_prescribed = sum(scheduled.values())
        sessions_logged = sum(min(count, len(dates[name])) for name, count in scheduled.items())
        sets_prescribed = sum(prescribed.values())
        sets_logged = sum(min(count, _pairs(done[key])) for key, count in prescribed.items())
        return Adherence(
            sessions_prescribed,
            sessions_logged,
            sets_prescribed,
            sets_logged,
            _percent(sessions_logged, sessions_prescribed, "sessions"),
            _percent(sets_logged, sets_prescribed, "sets"),
        )

    def _wellness(self, week: int) -> Wellness:
        checkins = self._checkins(week)

        def figure(name: str, label: str, unit: str) -> Figure:
            values = [float(v) for c in checkins if (v := getattr(c, name)) is not None]
            average = outcomes.mean(values)
            if average is None:
                return Figure.none(unit, f"not enough data: needs a check-in with {label}")
            return Figure.of(average, unit, len(values), 1)

        return Wellness(
            len(checkins),
            figure("fatigue", "fatigue", "1-10"),
            figure("soreness", "soreness", "1-10"),
            figure("sleep_hours", "sleep", "h"),
            figure("stress", "stress", "1-10"),
        )

    def _symmetry(self, sets: list[SetRecord]) -> tuple[Symmetry, ...]:
        by: dict[str, list[SetRecord]] = defaultdict(list)
        for r in sets:
            if r.side is not None:
                by[r.exercise].append(r)
        found = []
        for exercise, records in by.items():
            measure = self.program.measure_of(exercise)
            loaded = all(r.load is not None for r in records) and measure == "reps"
            basis = (
                "reps x load"
                if loaded
                else {"seconds": "seconds", "distance": "metres"}.get(measure, "reps")
            )
            work = {"left": 0.0, "right": 0.0}
            counts = {"left": 0, "right": 0}
            for r in records:
                amount = (
                    r.reps
                    if measure == "reps"
                    else r.seconds
                    if measure == "seconds"
                    else r.distance_m
                )
                value = float(amount or 0) * ((self._load(r) or 0.0) if loaded else 1.0)
                side = r.side or "left"
                work[side] += value
                counts[side] += 1
            left, right = round(work["left"], 1), round(work["right"], 1)
            if not counts["left"] or not counts["right"]:
                only = "left" if counts["left"] else "right"
                difference = Figure.none(
                    "%",
                    f"not enough data: needs sets on both sides (only {only} logged)",
                    len(records),
                )
                weaker = None
            else:
                strong = max(work.values())
                weak_value = min(work.values())
                weaker = None if left == right else ("left" if left < right else "right")
                share = 0.0 if strong == 0 else (strong - weak_value) / strong * 100
                difference = Figure.of(share, "%", len(records), 1)
            found.append(Symmetry(exercise, basis, left, right, weaker, difference))  # type: ignore[arg-type]
        return tuple(found)

    def _running(self, week: int) -> Running:
        runs = self.index.runs_in(week)
        m = self.minimums
        with_hr = self.with_hr.get(week, [])
        with_rpe = self.with_rpe.get(week, [])
        steady = self.steady.get(week, [])

        def at_reference(
            points: list[tuple[float, float]],
            slope: float | None,
            reference: float | None,
            unit: str,
            what: str,
            log_count: int,
            digits: int,
        ) -> Figure:
            if log_count < m.easy_runs_log or reference is None:
                return Figure.none(
                    unit,
                    _needs(m.easy_runs_log, f"{EASY} runs with {what} in the log", log_count),
                )
            if slope is None:
                return Figure.none(
                    unit,
                    f"not enough data: the {what} of the {EASY} runs never differs within "
                    "a week, so no common slope can be seen",
                )
            if len(points) < m.easy_runs_week:
                return Figure.none(
                    unit,
                    _needs(m.easy_runs_week, f"{EASY} runs with {what} this week", len(points)),
                    len(points),
                )
            return Figure.of(
                outcomes.at_reference(points, slope, reference), unit, len(points), digits
            )

        pace_at_hr = at_reference(
            [(float(r.heart_rate or 0), _pace(r)) for r in with_hr],
            self.pace_on_hr,
            self.hr_ref,
            "min/km",
            "heart rate",
            self.hr_count,
            2,
        )
        hr_at_pace = at_reference(
            [(_pace(r), float(r.heart_rate or 0)) for r in with_hr],
            self.hr_on_pace,
            self.pace_ref,
            "bpm",
            "heart rate",
            self.hr_count,
            1,
        )
        rpe_at_pace = at_reference(
            [(_pace(r), float(r.rpe or 0)) for r in with_rpe],
            self.rpe_on_pace,
            self.pace_ref,
            "rpe",
            "RPE",
            self.rpe_count,
            1,
        )
        cadences = [float(r.cadence) for r in steady if r.cadence is not None]
        average = outcomes.mean(cadences)
        cadence = (
            Figure.of(average, "spm", len(cadences), 1)
            if average is not None
            else Figure.none("spm", _needs(1, f"{STEADY} runs with cadence this week", 0))
        )
        cv = outcomes.coefficient_of_variation(cadences)
        cadence_cv = (
            Figure.of(cv * 100, "%", len(cadences), 1)
            if cv is not None and len(cadences) >= m.cadence_runs_week
            else Figure.none(
                "%",
                _needs(m.cadence_runs_week, f"{STEADY} runs with cadence this week", len(cadences)),
                len(cadences),
            )
        )
        first = self.index.start + dt.timedelta(days=7 * (week - 1))
        hard = [d for d in self.hard_days if first <= d < first + dt.timedelta(days=7)]
        recovered = [
            r.days for d in hard if (r := self.recoveries.get(d)) is not None and r.days is not None
        ]
        interrupted = sum(
            1 for d in hard if (r := self.recoveries.get(d)) is not None and r.interrupted
        )
        if not hard:
            recovery = Figure.none("days", "no hard session this week")
        elif self.baseline is None:
            recovery = self.references.fatigue
            recovery = Figure.none("days", recovery.missing or "no baseline", len(hard))
        elif not recovered:
            recovery = Figure.none(
                "days",
                "no check-in back at baseline after the week's hard sessions"
                + (" before the next hard session" if interrupted else ""),
                len(hard),
            )
        else:
            recovery = Figure.of(sum(recovered) / len(recovered), "days", len(recovered), 1)
        return Running(
            runs=len(runs),
            distance_km=round(sum(r.distance_km for r in runs), 1),
            minutes=round(sum(r.duration_min for r in runs), 1),
            pace_at_hr=pace_at_hr,
            hr_at_pace=hr_at_pace,
            rpe_at_pace=rpe_at_pace,
            cadence=cadence,
            cadence_cv=cadence_cv,
            hard_days=len(hard),
            recovery_days=recovery,
            not_recovered=interrupted,
        )

    # -- the block
    def summary(self, weeks: Sequence[WeekReport]) -> Summary:
        lifts: dict[str, list[tuple[float, float]]] = {}
        for w in weeks:
            for lift in w.strength:
                points = lifts.setdefault(lift.exercise, [])
                if lift.e1rm.value is not None:
                    points.append((float(w.week), lift.e1rm.value))
        pace = self._trend([(w.week, w.running.pace_at_hr.value) for w in weeks], "min/km")
        economy: Figure
        if pace.first is not None and pace.last is not None and pace.last > 0:
            economy = Figure.of((pace.first / pace.last - 1) * 100, "%", pace.change.n, 1)
        else:
            economy = Figure.none("%", pace.change.missing or "no trend", pace.change.n)
        sessions = sum(w.adherence.sessions_prescribed for w in weeks)
        sets = sum(w.adherence.sets_prescribed for w in weeks)
        return Summary(
            strength=tuple(
                LiftTrend(name, self._trend([(int(x), y) for x, y in points], self.units))
                for name, points in lifts.items()
            ),
            pace_at_hr=pace,
            hr_at_pace=self._trend([(w.week, w.running.hr_at_pace.value) for w in weeks], "bpm"),
            rpe_at_pace=self._trend([(w.week, w.running.rpe_at_pace.value) for w in weeks], "rpe"),
            running_economy=economy,
            distance_km=round(sum(w.running.distance_km for w in weeks), 1),
            adherence_sessions=_percent(
                sum(w.adherence.sessions_logged for w in weeks), sessions, "sessions"
            ),
            adherence_sets=_percent(sum(w.adherence.sets_logged for w in weeks), sets, "sets"),
        )

    def _trend(self, values: Sequence[tuple[int, float | None]], unit: str) -> Trend:
        points = [(float(w), v) for w, v in values if v is not None]
        need = self.minimums.trend_weeks
        change = outcomes.trend_change(points) if len(points) >= need else None
        if change is None:
            return Trend(
                None,
                None,
                None,
                None,
                Figure.none("%", _needs(need, "weeks with the figure", len(points)), len(points)),
            )
        first, last = change
        weeks = [int(x) for x, _ in points]
        ratio = (
            Figure.of((last - first) / first * 100, "%", len(points), 1)
            if first
            else Figure.none("%", "the first week's value is 0", len(points))
        )
        return Trend(min(weeks), max(weeks), round(first, 2), round(last, 2), ratio)


def assessment_results(records: Iterable[LoggedResult]) -> tuple[AssessmentResult, ...]:
    """The log's ``assessment`` records as the report's results."""
    return tuple(
        AssessmentResult(r.date, r.test, r.side, r.reps, r.load, r.unit, r.value) for r in records
    )


def outcomes_week(start: dt.date, date: dt.date) -> int:
    """The program week of a date (week 1 starts on ``start``), as the engine counts."""
    return (date - start).days // 7 + 1


def _main_lifts(result: WeekResult) -> list[str]:
    """The exercises of the program's ``main`` lines this week (a ladder's current rung)."""
    found: list[str] = []
    for item in result.prescriptions:
        if item.slot.phase == "main" and item.exercise not in found:
            found.append(item.exercise)
    return found


def _pace(run: Run) -> float:
    """Minutes per kilometre."""
    return run.duration_min / run.distance_km


def _pairs(records: Iterable[SetRecord]) -> int:
    """Sets, a left and a right set counting as one (as the engine counts them)."""
    from stridelift.core.engine.logweeks import pairs

    left = right = both = 0
    for r in records:
        if r.side == "left":
            left += 1
        elif r.side == "right":
            right += 1
        else:
            both += 1
    return pairs(left, right, both)


def _percent(done: int, prescribed: int, what: str) -> Figure:
    if prescribed <= 0:
        return Figure.none("%", f"no {what} prescribed")
    return Figure.of(done / prescribed * 100, "%", prescribed, 0)


def _needs(count: int, what: str, has: int) -> str:
    """``not enough data: needs 6 easy runs with heart rate in the log (has 2)``; ``what``
    is written in the plural and said in the singular for one."""
    if count == 1:
        what = re.sub(r"\b(runs|check-ins|weeks)\b", lambda m: m[1][:-1], what, count=1)
    return f"not enough data: needs {count} {what} (has {has})"
