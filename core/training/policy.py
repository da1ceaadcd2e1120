"""The coaching conventions the engine applies, each a default with its source.

The domain brief (``../shared/domain.md``) says which numbers are conventions,
not validated thresholds; every one is a field of :class:`Policy`, settable per
project (``[tool.stridelift.policy]``) and per program (a ``policy { ... }``
block). Each field's metadata says what it means, where the default comes
from, and the range a setting must keep: :func:`policy_fields` lists them for
the configuration loader, the checker and ``docs/engine.md#policy``.

Lint rules keep their own parameters (their ``LintRule`` record); a
:class:`LintSetting` turns one off, changes its severity or sets a parameter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from stridelift.core.training.selection import LintSelection

#: The sections of the brief the defaults cite.
BRIEF = "../shared/domain.md"


class PolicyField(NamedTuple):
    """One setting: its name, default, meaning, source and range."""

    name: str
    default: object
    doc: str
    source: str
    #: Inclusive bounds for a number, or the allowed words for a choice.
    bounds: tuple[float, float] | tuple[str, ...]
    #: ``fraction`` settings are written as percentages in a program (``50%``).
    unit: str


def _setting(
    default: Any,
    doc: str,
    source: str,
    bounds: tuple[float, float] | tuple[str, ...],
    unit: str = "",
) -> Any:
    return field(
        default=default,
        metadata={"doc": doc, "source": source, "bounds": bounds, "unit": unit},
    )


@dataclass(frozen=True, slots=True)
class Policy:
    """The coaching conventions the engine applies; each is a default, not a law."""

    # -- when load cannot rise (domain.md, "Movement patterns and equipment")
    rep_cap: int = _setting(
        15,
        "Reps never climb past this when load cannot go up.",
        "Movement patterns and equipment: more reps, up to a cap of about 12-15",
        (1, 100),
        "reps",
    )
    slowest_eccentric: int = _setting(
        5,
        "The slowest lowering, in seconds, a tempo progression goes to.",
        "Tempo; a convention",
        (1, 20),
        "seconds",
    )
    longest_pause: int = _setting(
        2,
        "The longest pause, in seconds, added once the lowering is at its slowest.",
        "Movement patterns and equipment: slower tempo, then pauses; a convention",
        (0, 20),
        "seconds",
    )
    # -- deload (domain.md, "Periodization": Bell 2022, 2024)
    deload_sets: float = _setting(
        0.5,
        "A deload week keeps this fraction of the sets (rounded to the nearest set).",
        "Periodization: deload, fewer sets and reps (Bell 2022, 2024)",
        (0.1, 1.0),
        "fraction",
    )
    deload_reps: float = _setting(
        0.8,
        "A deload week keeps this fraction of the reps (rounded down, at least 1).",
        "Periodization: deload, fewer sets and reps (Bell 2022, 2024); "
        "the fraction is a convention",
        (0.1, 1.0),
        "fraction",
    )
    deload_effort: float = _setting(
        2.0,
        "A deload week eases the effort by this many RPE points (RIR up by as many).",
        "Periodization: deload, effort about 2 RIR easier (Bell 2022, 2024)",
        (0.0, 5.0),
        "rpe",
    )
    # -- taper (domain.md, "Periodization": Bosquet 2007)
    taper_cut_first: float = _setting(
        0.41,
        "The first taper week cuts this fraction of the sets; the cut grows week by week.",
        "Periodization: taper, cut volume 41-60 % and hold intensity (Bosquet 2007)",
        (0.0, 0.9),
        "fraction",
    )
    taper_cut_last: float = _setting(
        0.6,
        "The last taper week (race week) cuts this fraction of the sets.",
        "Periodization: taper, cut volume 41-60 % and hold intensity (Bosquet 2007)",
        (0.0, 0.9),
        "fraction",
    )
    race_quiet_days: int = _setting(
        3,
        "No heavy lower-body work in this many days before the race.",
        "Periodization: no heavy lower-body work in the last 2-4 days before the race",
        (0, 14),
        "days",
    )
    # -- missed weeks (a convention)
    missed_weeks_step_back: int = _setting(
        2,
        "After this many weeks in a row with nothing logged, loads step back ...",
        "Progression: hold when the week's sessions were missed; the step back is a convention",
        (1, 52),
        "weeks",
    )
    step_back: float = _setting(
        0.9,
        "... to this fraction of where they were.",
        "Progression: back off about -10 % load",
        (0.5, 1.0),
        "fraction",
    )
    # -- readiness: the one gate every increase passes (domain.md, "Progression")
    backoff_rpe: float = _setting(
        9.5,
        "An increase is held after a week at or above this RPE on a line that names no target.",
        "Progression: back off after very high effort (RPE 9.5 or more two weeks running)",
        (6.0, 10.0),
        "rpe",
    )
    effort_margin: float = _setting(
        0.0,
        "An increase is held when last week's RPE was above the line's target by more than this.",
        "Progression: hold when effort was above target",
        (0.0, 3.0),
        "rpe",
    )
    fatigue_hold: float = _setting(
        7.0,
        "A fatigue check-in at or above this holds increases and cuts a set.",
        "Progression: fatigue or soreness high, cut volume (sets) before intensity; "
        "the cut-off is a convention",
        (1.0, 10.0),
        "scale",
    )
    soreness_hold: float = _setting(
        7.0,
        "A soreness check-in at or above this holds increases and cuts a set.",
        "Progression: fatigue or soreness high, cut volume (sets) before intensity; "
        "the cut-off is a convention",
        (1.0, 10.0),
        "scale",
    )
    persistent_fatigue_weeks: int = _setting(
        3,
        "High fatigue in this many of the last weeks (see the next) warns "
        "and suggests a deload ...",
        "Periodization: deload every 4-6 weeks; the count is a convention",
        (1, 12),
        "weeks",
    )
    persistent_fatigue_window: int = _setting(
        4,
        "... counted over this many weeks.",
        "Periodization: deload every 4-6 weeks; the window is a convention",
        (1, 12),
        "weeks",
    )
    # -- estimates (domain.md, "Effort")
    e1rm_method: str = _setting(
        "rts",
        "How a one-rep max is estimated from a logged set.",
        "Effort: Epley, Brzycki, or the RTS reps-to-failure chart",
        ("rts", "epley", "brzycki"),
    )
    e1rm_max_reps: int = _setting(
        10,
        "Only sets of this many reps or fewer count toward a 1RM estimate.",
        "Effort: estimates only for sets of 10 or fewer reps",
        (1, 15),
        "reps",
    )
    e1rm_max_rir: float = _setting(
        3.0,
        "Only sets this near failure (reps in reserve) count toward a 1RM estimate.",
        "Effort: RIR is misjudged by about a rep near failure, more far from it (Hackett 2017)",
        (0.0, 5.0),
        "rir",
    )
    e1rm_weeks: int = _setting(
        3,
        "A %1RM line reads the estimate smoothed over this many recent weeks.",
        "Effort: single-set estimates are noisy (Hackett 2017); the window is a convention",
        (1, 12),
        "weeks",
    )
    # -- plan warnings (domain.md, "Lints a coach expects", "Load monitoring")
    load_jump: float = _setting(
        0.10,
        "A week-over-week load rise above this fraction is warned about.",
        "Lints a coach expects: week-over-week load jump, warn above 10 %",
        (0.0, 1.0),
        "fraction",
    )
    run_jump: float = _setting(
        0.30,
        "A week-over-week rise in running distance above this fraction is warned about.",
        "Load monitoring: weekly distance rising more than 30 % (Nielsen 2014)",
        (0.0, 2.0),
        "fraction",
    )
    symmetry_weeks: int = _setting(
        3,
        "Limb symmetry (weaker side / stronger side, reps x load) is read over this many "
        "recent weeks.",
        "Lints a coach expects: unilateral left/right difference, warn above 10 % (a convention, "
        "not validated); the window is a convention",
        (1, 12),
        "weeks",
    )
    # -- the report (domain.md, "Effort", "Scheduling", "Outcomes beyond the gym")
    rep_max_rir: float = _setting(
        1.0,
        "A set counts toward a rep max in the report at this many reps in reserve or fewer.",
        "Effort: RIR is misjudged by about a rep near failure (Hackett 2017); a convention",
        (0.0, 5.0),
        "rir",
    )
    hard_session_rpe: float = _setting(
        7.0,
        "A run or strength session at or above this RPE is hard (the report's recovery time).",
        "Scheduling: the quality and long runs are the hard days; the RPE cut-off is a convention",
        (1.0, 10.0),
        "rpe",
    )

    def replace(self, **changes: object) -> Policy:
        """This policy with some settings changed (names and ranges already checked)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def policy_fields() -> tuple[PolicyField, ...]:
    """Every setting of :class:`Policy`, in declaration order."""
    found = []
    for f in dataclasses.fields(Policy):
        meta = f.metadata
        found.append(
            PolicyField(
                f.name, f.default, meta["doc"], meta["source"], meta["bounds"], meta["unit"]
            )
        )
    return tuple(found)


#: Severity words a lint setting may use (``off`` turns the rule off).
SEVERITIES = ("error", "warning", "info", "off")


@dataclass(frozen=True, slots=True)
class LintSetting:
    """A project's or program's word on one lint rule: its severity and parameters."""

    severity: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)


#: The output formats a settings file may name (``output-format``).
OUTPUT_FORMATS = ("text", "json", "junit", "github", "sarif")
#: The most parallel jobs a settings file may ask for.
MAX_JOBS = 256


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a project or program configures: the engine policy, the lints
    (keyed by rule code, ``P304``, or name), which findings are reported, which files
    a folder walk takes, the plugins the project requires, and how a run reports.

    ``root`` is the folder the path patterns (``include``, ``exclude``,
    ``per-file-ignores``) are relative to: the settings file's."""

    policy: Policy = field(default_factory=Policy)
    lints: Mapping[str, LintSetting] = field(default_factory=dict)
    selection: LintSelection = field(default_factory=LintSelection)
    #: Patterns a walked ``*.stride`` file must match (None: every one) ...
    include: tuple[str, ...] | None = None
    #: ... and must not match (nor may a folder on its way).
    exclude: tuple[str, ...] = ()
    #: Distributions the project needs, as PEP 508 requirements (``"x>=1.2,<2"``).
    requires: tuple[str, ...] = ()
    #: One of :data:`OUTPUT_FORMATS`, or None for the command's default.
    output_format: str | None = None
    #: Parallel jobs: a positive number, ``"auto"`` (one per CPU), or None (the default).
    jobs: int | Literal["auto"] | None = None
    root: str = "."
