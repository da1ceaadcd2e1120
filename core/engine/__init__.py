"""The weekly engine: a checked program and a log in, each week's plan out, explained.

The modules, from the bottom up: :mod:`.codegen` (conditions as generated
functions), :mod:`.metrics` and :mod:`.logweeks` (what the log says, week by
week), :mod:`.state` (a slot's state), :mod:`.fillers` and :mod:`.clauses`
(generated readers, compiled progressions and rules), :mod:`.slots`,
:mod:`.plan` (what a week shows), :mod:`.compiled` (the compiled program),
:mod:`.compiler`, :mod:`.week` (one week's result), :mod:`.actions` (what a
fired clause does), :mod:`.warnings` (P301-P306), :mod:`.fold` (the fold
itself) and :mod:`.simulate`. :mod:`.explain` holds the changes and warnings
every layer reports. ``docs/engine.md`` explains the fold for coaches.
"""

from stridelift.core.engine.compiled import CompiledProgram, EngineError
from stridelift.core.engine.compiler import compile_program
from stridelift.core.engine.explain import Change, PlanWarning
from stridelift.core.engine.fold import Evaluation
from stridelift.core.engine.plan import Prescribed, SessionPlan
from stridelift.core.engine.week import WeekResult, default_start, week_of
from stridelift.core.training.policy import Policy

__all__ = [
    "Change",
    "CompiledProgram",
    "EngineError",
    "Evaluation",
    "PlanWarning",
    "Policy",
    "Prescribed",
    "SessionPlan",
    "WeekResult",
    "compile_program",
    "default_start",
    "week_of",
]
