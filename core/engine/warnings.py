"""Plan lint rules: what a coach should know about the week being planned.

The rules are plugins' (``register_lint_rules``, ``kind="plan"``; the built-ins,
P301-P305 and P307-P310, are in ``stridelift.plugins.lints``). The compiler
resolves which run, with which severity and parameters
(:func:`stridelift.core.check.lints.resolve_lints`); :func:`plan_warnings` runs
them on each week the fold builds. (P306, the step back after missed weeks, is
raised by the fold itself.) A rule that fails is an X001 naming its plugin, and
the week goes on without its findings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stridelift.core.engine.compiled import CompiledProgram
from stridelift.core.engine.explain import PlanWarning
from stridelift.core.engine.logweeks import LogIndex
from stridelift.core.engine.week import WeekResult
from stridelift.core.hooks.guard import PluginFault


@dataclass(frozen=True, slots=True)
class PlanContext:
    """What a ``plan`` rule reads: the compiled program, the log filed by week, the
    week just planned and the one before it (``None`` in week 1, or when only one week
    is built), and the rule's parameters as configured."""

    program: CompiledProgram
    index: LogIndex
    result: WeekResult
    previous: WeekResult | None
    params: Mapping[str, object]

    def number(self, name: str) -> float:
        value = self.params[name]
        assert isinstance(value, int | float)
        return float(value)


def plan_warnings(
    program: CompiledProgram, index: LogIndex, result: WeekResult, previous: WeekResult | None
) -> None:
    """Add to ``result`` the findings of every plan lint rule the program runs with."""
    for active in program.lint_rules:
        context = PlanContext(program, index, result, previous, active.params)
        try:
            found = active.run(context, program.path)
        except PluginFault as fault:
            if fault.strict:
                raise
            result.warnings.append(PlanWarning("X001", fault.message))
            continue
        for item in found:
            result.warnings.append(
                PlanWarning(active.code, item.message, item.session, active.severity)
            )
