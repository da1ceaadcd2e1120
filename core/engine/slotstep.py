"""Each dynamic slot's weekly step, generated as one Python function per slot.

Planning week N from week N-1 does the same things for every dynamic slot
(:meth:`~stridelift.core.engine.fold.Evaluation.step`): decide whether the slot
has anything to do this week, look up last week's sets, ask readiness, fill in
the metrics the slot's conditions read, move its ``for N weeks`` counters on,
run its progression and rules, then the style's factors and the missed-week
step back. Most of what decides each of those is fixed when the program is
compiled (whether the slot has a progression, rules, a %1RM load, a style; which
metrics it reads; its sessions a week), so instead of testing it again for
every slot of every week of every athlete, :func:`compile_slot_step` writes the
slot's step with only the lines that apply to it, and the fold makes one call
per slot and week.

The generated source is kept on the slot (``SlotSpec.step_source``);
:func:`program_source` gives every slot's, and ``STRIDELIFT_SHOW_CODE=1`` prints
it to standard error as each program is compiled (``stridelift plan ...``).

What the step reads of the week is a :class:`StepWeek`, one per week folded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from stridelift.core.engine.explain import Change
from stridelift.core.engine.fillers import filler_lines
from stridelift.core.engine.metrics import FORM_NAMES

if TYPE_CHECKING:
    from stridelift.core.engine.clauses import UnitCode
    from stridelift.core.engine.slots import SlotSpec


#: A slot's generated step: ``step(ev, wk, st, m)``.
SlotStep = Callable[[Any, "StepWeek", Any, Any], None]


class StepWeek:
    """What every slot's step reads of the week being planned (set by the fold)."""

    __slots__ = (
        "actor",
        "after_deload",
        "changes",
        "day",
        "explain",
        "last",
        "log",
        "n",
        "plan",
        "readiness",
        "rest",
        "shown",
        "step_back",
        "targets",
        "volume",
        "week",
        "week_level",
    )

    #: The actor applying fired clauses (:class:`~.actions.Actor`).
    actor: Any
    #: Whether week N-1 was a lighter week (the progression and the streaks rest).
    after_deload: bool
    #: The week's changes, by slot index.
    changes: dict[int, list[Change]]
    #: Fatigue or soreness on a session's day, by session name.
    day: dict[str, Any]
    explain: bool
    #: Week N-1 (the one judged) and week N (the one planned).
    last: int
    n: int
    #: Week N-1 of the log (``None``: nothing filed in it).
    log: Any
    plan: Any
    readiness: Any
    #: After a lighter week, folded through without explanations.
    rest: bool
    #: What each slot showed in week N-1 (sets, reps, load).
    shown: list[Any]
    #: Whether the missed-week policy steps loads back this week.
    step_back: bool
    #: Whether the style sets a rep target this week.
    targets: bool
    #: The style's volume factor for week N.
    volume: float
    #: The fold's ``_Week`` being built.
    week: Any
    #: The first matching clause of each of the program's week-level rules, in
    #: ``CompiledProgram.week_rules`` order.
    week_level: list[Any]


def compile_slot_step(
    slot: SlotSpec,
    week_rules: Sequence[UnitCode],
    scheduled: int,
    shared_names: frozenset[str],
) -> tuple[SlotStep, str]:
    """The slot's weekly step as a function ``step(ev, wk, st, m)`` (``ev`` the
    evaluation, ``wk`` the :class:`StepWeek`, ``st`` the slot's state, ``m`` the
    metrics), and its source."""
    namespace: dict[str, object] = {
        "Change": Change,
        "FORM_NAMES": FORM_NAMES,
        "SLOT": slot,
    }
    busy = slot.busy
    progression = slot.progression
    lines: list[str] = [f"# {slot.key}: {slot.phase} line {slot.index}"]
    add = lines.append

    # Whether the slot has anything to do this week.
    if progression is not None or busy:
        add("loaded = wk.step_back and (st.load is not None or st.percent is not None)")
    else:
        add("loaded = False  # no progression or rule: the missed weeks never step it back")
    add("plan = wk.plan")
    if slot.styled:
        add(
            "styled = (plan.intensity != st.intensity or wk.volume != st.volume"
            " or ((wk.targets or st.target is not None)"
            " and ev._week_target(SLOT, plan) != st.target))"
        )
    else:
        add("styled = False")
    if progression is None and not busy:
        add("if not styled and not loaded:")
        add("    return  # only the style moves the slot, and it moves nothing this week")
    add("rest = wk.rest")
    if not busy:
        add("if rest and not loaded and not styled:")
        add("    return")
    if slot.week_rules_only:
        fired = " and ".join(
            f"wk.week_level[{_position(rule, week_rules)}] is None" for rule in slot.rules
        )
        add(f"if not loaded and not styled and {fired or 'True'}:")
        add("    return  # its week-level rules did not fire")

    # Last week's sets, and readiness.
    add("variant = st.variant")
    add("a = None")
    add("log = wk.log")
    reads_anyway = slot.percent or slot.rules_read
    add("if log is not None:" if reads_anyway else "if log is not None and (not rest or styled):")
    key = (
        f"variant if variant not in SHARED else variant + {'@' + slot.session!r}"
        if shared_names
        else "variant"
    )
    namespace["SHARED"] = shared_names
    add(f"    a = log.summary({key})")
    add(f"scheduled = {scheduled}")
    add(f"shown = wk.shown[{slot.index}]")
    add("e = st.effort")
    add(
        "gate = wk.readiness.at(a, shown, scheduled,"
        " None if e is None else e[1] if e[0] == 'rpe' else 10 - e[1],"
        f" wk.day.get({slot.session!r}, ()))"
    )
    add("actor = wk.actor")
    add("actor.gate = gate")
    add("out = []")
    add("explain = wk.explain")
    if slot.percent:
        add("if a is not None:")
        add("    ev._estimate(SLOT, st, a, gate, out, explain)")

    # The metrics its conditions read.
    add("after_deload = wk.after_deload")
    if slot.reads:
        fill = filler_lines(slot.reads)
        if slot.rules_read:
            add("# the metrics read (a rule reads them after a lighter week too)")
            lines.extend(fill)
        else:
            add("if not after_deload:  # the progression rests after a lighter week")
            lines.extend("    " + line for line in fill)
    add("before = st.copy()" if slot.snapshots else "before = None")

    # The ``for N weeks`` counters: a lighter week, or a week with nothing logged
    # for the slot, neither extends nor breaks a streak.
    ticks = [(u, unit) for u, unit in enumerate(slot.units) if unit.streaks]
    if ticks:
        add("if not after_deload:")
        for u, unit in ticks:
            namespace[f"TICK{u}"] = unit.tick
            if unit.week_level:
                add(f"    TICK{u}(m, st.streaks[{u}])")
            else:
                add("    if a is not None:")
                add(f"        TICK{u}(m, st.streaks[{u}])  # {unit.label}")

    # The progression: back-offs run in every week; readiness holds the increases.
    if progression is not None:
        namespace["PROGRESSION"] = progression
        add(f"# {progression.label}")
        add("m.streaks = st.streaks[0]")
        add("if after_deload:")
        add("    if explain:")
        add(
            "        out.append(Change('', '', '', PROGRESSION.label, f'week {wk.last} was a"
            " lighter week: its easy sets say nothing about readiness', 'hold'))"
        )
        add("elif a is None:")
        add("    if explain:")
        add(
            "        out.append(Change('', '', '', PROGRESSION.label,"
            " f'no sets of {variant} logged in week {wk.last}', 'hold'))"
        )
        add("else:")
        add("    clause = PROGRESSION.first(m)")
        add("    if clause is not None and (explain or not clause.inert):")
        add("        ev._apply(PROGRESSION, clause, SLOT, st, m, a, out, wk.week, wk.last)")
    add("progressed = st.copy()" if slot.snapshots else "progressed = None")

    # The rules, each its first matching clause. Unexplained, a rule's hold or note
    # does something only when there is a progression change to undo (in ``out``).
    offset = 1 if progression is not None else 0
    for u, rule in enumerate(slot.rules, offset):
        namespace[f"RULE{u}"] = rule
        add(f"# {rule.label}")
        if rule.week_level:
            add(f"clause = wk.week_level[{_position(rule, week_rules)}]  # read once a week")
        else:
            add(f"m.streaks = st.streaks[{u}]")
            add(f"clause = RULE{u}.first(m)")
        add("if clause is not None and (explain or out or not clause.inert):")
        add(
            f"    ev._apply(RULE{u}, clause, SLOT, st, m, a, out, wk.week, wk.last,"
            " before, progressed)"
        )

    add("if styled:")
    add("    ev._style_factors(SLOT, st, plan, wk.n, gate, out, explain)")
    if progression is not None or busy:
        add("if loaded:")
        add("    ev._step_back(SLOT, st, out)")
    add("if out:")
    add(f"    wk.changes.setdefault({slot.index}, []).extend(out)")

    name = f"step_{slot.index}"
    source = f"def {name}(ev, wk, st, m):\n" + "".join(f"    {line}\n" for line in lines)
    exec(compile(source, f"<stridelift step {slot.key}>", "exec"), namespace)
    if os.environ.get("STRIDELIFT_SHOW_CODE"):
        sys.stderr.write(source + "\n")
    step: SlotStep = namespace[name]  # type: ignore[assignment]
    return step, source


def _position(rule: UnitCode, week_rules: Sequence[UnitCode]) -> int:
    for k, candidate in enumerate(week_rules):
        if candidate is rule:
            return k
    raise ValueError(f"{rule.label} is not a week-level rule")  # pragma: no cover


def program_source(slots: Sequence[SlotSpec]) -> str:
    """Every dynamic slot's generated step, as Python source (to read or debug)."""
    return "\n".join(slot.step_source for slot in slots if slot.step_source)
