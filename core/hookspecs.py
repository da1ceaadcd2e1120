"""The hooks stridelift plugins implement.

A plugin is any module or object with functions named after these specs and
decorated with :data:`hookimpl`. Built-in plugins (``stridelift.plugins.*``)
are registered exactly like third-party ones, which come from the
``stridelift`` entry-point group.

Every ``register_*`` hook is called once per process, with no arguments, and
returns an iterable of frozen records (see :mod:`stridelift.core.records`).
Results from all plugins are merged; two plugins that register the same name
are reported with both sources, and the first registered wins.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from .records import EquipmentSet, Exercise, PeriodizationStyle, ProgressionSpec

PROJECT = "stridelift"
hookspec = pluggy.HookspecMarker(PROJECT)
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
