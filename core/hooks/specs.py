"""The hooks stridelift plugins implement: pluggy hook specifications.

A plugin is any module or object with functions named after these specs and
decorated with :data:`hookimpl` (``pluggy.HookimplMarker("stridelift")``, so a
plugin may use pluggy's own marker just as well). Built-in plugins
(``stridelift.plugins.*``) are registered exactly like third-party ones, which
come from the ``stridelift`` entry-point group.

Every ``register_*`` hook is called once per process, with no arguments, and
returns an iterable of frozen records (see :mod:`stridelift.core.hooks.records`).
Results from all plugins are merged in pluggy's call order (``tryfirst``
implementations first, ``trylast`` last; see :mod:`stridelift.core.hooks.manager`
for where the built-ins stand); two plugins that register the same name are
reported with both sources, and the first one called keeps the name.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from stridelift.core.hooks.records import (
    AssessmentMeasure,
    AthleteModel,
    EquipmentSet,
    Exercise,
    Exporter,
    FitExercise,
    LintRule,
    PeriodizationStyle,
    ProgressionSpec,
)

PROJECT = "stridelift"

#: Marks a function of this module as a hook specification.
hookspec = pluggy.HookspecMarker(PROJECT)
#: Marks a plugin's function as the implementation of the hook it is named after (or of
#: ``specname``); bare (``@hookimpl``) or with pluggy's options
#: (``@hookimpl(optionalhook=True)`` for a hook a later stridelift may define,
#: ``@hookimpl(tryfirst=True)`` to be called before the built-ins).
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_exercises() -> Iterable[Exercise]:
    """Return the exercises this plugin adds to the catalog.

    Called once when the catalog is first needed. Each :class:`Exercise`
    names its movement pattern, the equipment sets any one of which suffices,
    whether it is unilateral, how it is measured, and its substitutes and
    ladder neighbours (which may live in other plugins' catalogs).

    Not ``firstresult``: every plugin's exercises are merged.
    """
    raise NotImplementedError


@hookspec
def register_assessment_measures() -> Iterable[AssessmentMeasure]:
    """Return the assessment measures this plugin adds: tests that are not exercises,
    such as ``knee_to_wall`` (ankle dorsiflexion, cm per side) or ``body_weight``.

    A program's ``assessment`` block may name a catalog exercise (a rep-max or a
    reps-to-failure test) or one of these, in one of its dimension's units.
    Not ``firstresult``: every plugin's measures are merged.
    """
    raise NotImplementedError


@hookspec
def register_equipment_sets() -> Iterable[EquipmentSet]:
    """Return the kinds of equipment a program may declare with ``equipment``.

    Called once when a program's ``equipment`` line is checked. Each
    :class:`EquipmentSet` resolves the sizes or levels written after its name
    (``kettlebell 16kg 24kg``) into the discrete loads or levels the athlete
    owns.

    Not ``firstresult``: every plugin's sets are merged.
    """
    raise NotImplementedError


@hookspec
def register_progressions() -> Iterable[ProgressionSpec]:
    """Return named progressions usable as ``progress NAME(args)``.

    Called once when a program refers to a progression it does not define
    itself. A :class:`ProgressionSpec` carries the signature the checker
    validates calls against, and normally its definition in the stride
    language so coaches can read and copy it.

    Not ``firstresult``: every plugin's progressions are merged.
    """
    raise NotImplementedError


@hookspec
def register_periodization_styles() -> Iterable[PeriodizationStyle]:
    """Return periodization styles usable as ``periodization NAME(args)``.

    Called once when a program's ``periodization`` line is checked. A
    :class:`PeriodizationStyle` declares its parameters and says, per week,
    the phase name, volume and intensity modifiers, whether progression runs
    and whether the week is a deload.

    Not ``firstresult``: every plugin's styles are merged.
    """
    raise NotImplementedError


@hookspec
def register_athlete_models() -> Iterable[AthleteModel]:
    """Return simulated athletes usable as ``stridelift simulate --athlete NAME``.

    Called once when ``simulate`` starts. An :class:`AthleteModel` declares
    numeric parameters with defaults (set with ``--param name=value``) and
    builds, from them and a seed, an athlete that turns each planned week into
    the log records it would write. Models must be deterministic for a given
    seed: simulations are replayed in CI.

    Not ``firstresult``: every plugin's models are merged.
    """
    raise NotImplementedError


@hookspec
def register_lint_rules() -> Iterable[LintRule]:
    """Return the lint rules this plugin adds: what a coach should hear about a program
    or a planned week.

    Called once when a program is first checked. Each :class:`LintRule` has a stable
    code (which joins the finding table: it must not be one of stridelift's own codes
    or another rule's), a name, a default severity, documented parameters with their
    defaults and sources, and ``kind``: ``static`` rules run on the checked program
    during ``stridelift check``, ``plan`` rules on every week ``plan``, ``history`` and
    ``simulate`` build. Projects and programs turn a rule off, change its severity or
    set its parameters by code or name (``Settings.lints``). A rule's ``check`` runs
    behind the plugin guard: one that raises or returns junk is an X001 naming the
    plugin, and the run goes on without its findings.

    Not ``firstresult``: every plugin's rules are merged.
    """
    raise NotImplementedError


@hookspec
def register_exporters() -> Iterable[Exporter]:
    """Return the export formats this plugin adds, usable as
    ``stridelift export PROGRAM --format NAME``.

    Called once, when ``stridelift export`` looks its format up (and by
    ``stridelift plugins``). Each :class:`Exporter` declares its name, its files'
    extension, whether it writes one file or many (one per session), its options
    (``--option NAME=VALUE``), the modules it needs that a plain install may lack
    and how to install them, and the function that turns the planned weeks (an
    :class:`~stridelift.core.output.exports.ExportContext`) into files. The
    function runs behind the plugin guard: one that raises or returns junk is an
    X001 naming the plugin, and nothing is written.

    Not ``firstresult``: every plugin's exporters are merged.
    """
    raise NotImplementedError


@hookspec
def register_fit_exercises() -> Iterable[FitExercise]:
    """Return how exercises are named in Garmin FIT workouts (the ``fit`` export):
    each :class:`FitExercise` maps a catalog exercise to a FIT exercise category and,
    where the FIT profile has one, an exercise name.

    Called once, when a FIT workout is written. An exercise no plugin maps falls
    back to the category of its movement pattern, unnamed (docs/exports.md#fit).
    Not ``firstresult``: every plugin's mappings are merged; a plugin that wants
    to replace a built-in mapping marks its hook ``tryfirst=True``.
    """
    raise NotImplementedError


#: Every hook stridelift defines, in the order they are documented.
HOOKS: tuple[str, ...] = (
    "register_exercises",
    "register_equipment_sets",
    "register_progressions",
    "register_periodization_styles",
    "register_athlete_models",
    "register_lint_rules",
    "register_exporters",
    "register_fit_exercises",
)
