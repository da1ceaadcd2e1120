"""The hooks stridelift plugins implement.

A plugin is any module or object with functions named after these specs and
decorated with :data:`hookimpl`. Built-in plugins (``stridelift.plugins.*``)
are registered exactly like third-party ones, which come from the
``stridelift`` entry-point group.

Every ``register_*`` hook is called once per process, with no arguments, and
returns an iterable of frozen records (see :mod:`stridelift.core.hooks.records`).
Results from all plugins are merged; two plugins that register the same name
are reported with both sources, and the first registered wins.

:data:`hookspec` and :data:`hookimpl` take the same options as pluggy's
``HookspecMarker`` and ``HookimplMarker`` but only record them: importing
pluggy (and the ``inspect`` module it needs) costs a cold ``stridelift check``
more than the check itself, so pluggy is loaded only when a third-party
plugin is installed (:mod:`stridelift.core.hooks.manager` translates the marks
through pluggy's documented ``parse_hookspec_opts``/``parse_hookimpl_opts``).
Implementations marked with ``pluggy.HookimplMarker("stridelift")`` work too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from stridelift.core.hooks.records import (
    AthleteModel,
    EquipmentSet,
    Exercise,
    PeriodizationStyle,
    ProgressionSpec,
)

PROJECT = "stridelift"
SPEC_MARK = "_stridelift_hookspec"
IMPL_MARK = "_stridelift_hookimpl"

_F = TypeVar("_F", bound=Callable[..., Any])


def hookspec(function: _F) -> _F:
    """Mark a function of this module as a hook specification."""
    setattr(function, SPEC_MARK, {})
    return function


@overload
def hookimpl(function: _F, /) -> _F: ...
@overload
def hookimpl(
    *,
    optionalhook: bool = ...,
    tryfirst: bool = ...,
    trylast: bool = ...,
    specname: str | None = ...,
    wrapper: bool = ...,
    hookwrapper: bool = ...,
) -> Callable[[_F], _F]: ...
def hookimpl(
    function: _F | None = None,
    /,
    *,
    optionalhook: bool = False,
    tryfirst: bool = False,
    trylast: bool = False,
    specname: str | None = None,
    wrapper: bool = False,
    hookwrapper: bool = False,
) -> _F | Callable[[_F], _F]:
    """Mark a plugin's function as the implementation of the hook it is named after
    (or of ``specname``). Use bare (``@hookimpl``) or with pluggy's options
    (``@hookimpl(optionalhook=True)`` for a hook a later stridelift may define)."""
    options: dict[str, Any] = {}
    for key, value in (
        ("optionalhook", optionalhook),
        ("tryfirst", tryfirst),
        ("trylast", trylast),
        ("specname", specname),
        ("wrapper", wrapper),
        ("hookwrapper", hookwrapper),
    ):
        if value:
            options[key] = value

    def mark(func: _F) -> _F:
        setattr(func, IMPL_MARK, options)
        return func

    return mark if function is None else mark(function)


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


#: Every hook stridelift defines, in the order they are documented.
HOOKS: tuple[str, ...] = (
    "register_exercises",
    "register_equipment_sets",
    "register_progressions",
    "register_periodization_styles",
    "register_athlete_models",
)
