"""What is fuzzed: each target pairs a strategy with a property. ``tools/fuzz.py`` runs
them all; ``tests/test_fuzz.py`` has one test per target, at a bounded number of
examples."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from fuzzing import properties, strategies
from fuzzing.properties import Workspace
from fuzzing.strategies import Case

__all__ = ["TARGETS", "Target"]


@dataclass(frozen=True)
class Target:
    name: str
    strategy: Callable[[], st.SearchStrategy[Case]]
    check: Callable[[Case, Workspace], None]


def _engine_inputs() -> st.SearchStrategy[Case]:
    return st.one_of(strategies.shipped_programs(), strategies.mutated_programs())


TARGETS: tuple[Target, ...] = (
    Target(
        "grammar",
        lambda: strategies.program_cases(strategies.PROGRAMS, "from the grammar"),
        properties.commands_behave,
    ),
    Target(
        "grammar-glued",
        lambda: strategies.program_cases(strategies.GLUED_PROGRAMS, "from the grammar, glued"),
        properties.commands_behave,
    ),
    Target("glued-keyword", strategies.glued_keyword, properties.glued_keywords_stay_errors),
    Target(
        "grammar-fmt",
        lambda: strategies.program_cases(strategies.PROGRAMS, "from the grammar"),
        properties.fmt_round_trips,
    ),
    Target("mutated-programs", strategies.mutated_programs, properties.commands_behave),
    Target("mutated-programs-fmt", strategies.mutated_programs, properties.fmt_round_trips),
    Target("mutated-logs", strategies.mutated_logs, properties.commands_behave),
    Target("include-graphs", strategies.include_graphs, properties.commands_behave),
    Target("option-values", strategies.cli_values, properties.options_behave),
    Target("plan-deterministic", _engine_inputs, properties.plan_is_deterministic),
    Target("simulated-logs", _engine_inputs, properties.simulated_logs_pass_log_checks),
)
