"""The plugin manager: built-ins and entry points, loaded defensively, behind a typed facade.

Built-in plugins are the modules in :data:`DEFAULT_PLUGINS`, registered the
same way as third-party ones. Third-party plugins come from the ``stridelift``
entry-point group; each is loaded in its own ``try`` so that one broken
plugin is reported (with its distribution and version) while the rest keep
working. ``strict`` mode lets the caller turn any load error into a failure.

Core code never calls ``pm.hook`` directly: :class:`Plugins` calls each
plugin's implementation separately, so a record can always be traced to the
plugin that registered it, a plugin that raises is reported instead of
aborting the run, and two plugins registering the same name are reported
with both sources.

pluggy is imported only when there is something besides the built-ins to
register (an installed entry point or an ``extra`` object). With only the
built-ins, their marked functions are called directly, in the same order
pluggy would call them; ``tests/test_plugins.py`` holds the two paths to the
same registries. This keeps pluggy's import (and ``inspect``, which it needs)
off the cold path of ``stridelift check``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from stridelift.core import __version__
from stridelift.core.hooks import specs as hookspecs
from stridelift.core.hooks.records import (
    AthleteModel,
    EquipmentSet,
    Exercise,
    PeriodizationStyle,
    ProgressionSpec,
)
from stridelift.core.values import field, record

ENTRY_POINT_GROUP = "stridelift"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "stridelift.plugins.catalog",
    "stridelift.plugins.equipment",
    "stridelift.plugins.progressions",
    "stridelift.plugins.periodization",
    "stridelift.plugins.athletes",
)

R = TypeVar("R")

if TYPE_CHECKING:
    import pluggy

#: A hook implementation: the name of the plugin it belongs to, and the function.
Impl = tuple[str, Callable[[], Any]]


@record
class PluginInfo:
    name: str
    module: str
    version: str
    distribution: str
    hooks: tuple[str, ...]
    builtin: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "module": self.module,
            "version": self.version,
            "distribution": self.distribution,
            "hooks": list(self.hooks),
            "builtin": self.builtin,
        }


@record
class PluginError:
    """A plugin that failed to load or whose hook raised or returned nonsense."""

    plugin: str
    distribution: str
    version: str
    message: str

    def __str__(self) -> str:
        source = f"{self.distribution} {self.version}".strip()
        return f"plugin {self.plugin!r} ({source}): {self.message}"

    def to_json(self) -> dict[str, str]:
        return {
            "plugin": self.plugin,
            "distribution": self.distribution,
            "version": self.version,
            "message": self.message,
        }


@record
class Clash:
    """Two plugins registered the same name; the first one registered is used."""

    kind: str
    name: str
    kept: str
    ignored: str

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.name!r} is registered by both {self.kept!r} and "
            f"{self.ignored!r}; using the one from {self.kept!r}"
        )


@record(frozen=False)
class Registry(Generic[R]):
    """Records of one kind by name, with the plugin each came from."""

    kind: str
    records: dict[str, R] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> R | None:
        return self.records.get(self.aliases.get(name, name))

    def canonical(self, name: str) -> str | None:
        name = self.aliases.get(name, name)
        return name if name in self.records else None

    def names(self) -> list[str]:
        return sorted({*self.records, *self.aliases})

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[R]:
        return iter(self.records.values())

    def __len__(self) -> int:
        return len(self.records)


class Plugins:
    """Typed access to what the loaded plugins register."""

    def __init__(
        self,
        implementations: Callable[[str], list[Impl]],
        infos: list[PluginInfo],
        errors: list[PluginError],
    ):
        self.implementations = implementations
        self.infos = infos
        self.errors = errors
        self.clashes: list[Clash] = []

    def _info(self, plugin_name: str) -> PluginInfo | None:
        for info in self.infos:
            if info.name == plugin_name:
                return info
        return None

    def _collect(
        self,
        hook_name: str,
        kind: str,
        record_type: type[R],
        aliases: Callable[[R], Iterable[str]] = lambda r: (),
    ) -> Registry[R]:
        registry: Registry[R] = Registry(kind)
        # Implementations come in registration order: built-ins first.
        for plugin, function in self.implementations(hook_name):
            try:
                produced = list(function() or ())
            except Exception as exc:  # a plugin's bug must not stop the run
                self._fail(plugin, f"{hook_name}() raised {type(exc).__name__}: {exc}")
                continue
            for item in produced:
                if not isinstance(item, record_type):
                    self._fail(
                        plugin,
                        f"{hook_name}() returned {type(item).__name__}, "
                        f"expected {record_type.__name__}",
                    )
                    continue
                name: str = item.name  # type: ignore[attr-defined]
                for key in (name, *aliases(item)):
                    owner = registry.sources.get(registry.aliases.get(key, key))
                    if owner is not None:
                        self.clashes.append(Clash(kind, key, owner, plugin))
                        break
                else:
                    registry.records[name] = item
                    registry.sources[name] = plugin
                    for alias in aliases(item):
                        registry.aliases[alias] = name
        return registry

    def fail(self, plugin: str, message: str) -> None:
        """Record a plugin's failure found while using what it registered."""
        self._fail(plugin, message)

    def _fail(self, plugin: str, message: str) -> None:
        info = self._info(plugin)
        self.errors.append(
            PluginError(
                plugin,
                info.distribution if info else "",
                info.version if info else "",
                message,
            )
        )

    @cached_property
    def exercises(self) -> Registry[Exercise]:
        return self._collect("register_exercises", "exercise", Exercise)

    @cached_property
    def equipment_sets(self) -> Registry[EquipmentSet]:
        return self._collect(
            "register_equipment_sets", "equipment set", EquipmentSet, lambda r: r.aliases
        )

    @cached_property
    def progressions(self) -> Registry[ProgressionSpec]:
        return self._collect("register_progressions", "progression", ProgressionSpec)

    @cached_property
    def periodization_styles(self) -> Registry[PeriodizationStyle]:
        return self._collect(
            "register_periodization_styles", "periodization style", PeriodizationStyle
        )

    @cached_property
    def athlete_models(self) -> Registry[AthleteModel]:
        return self._collect("register_athlete_models", "athlete model", AthleteModel)

    def load_all(self) -> None:
        """Call every registration hook now (``stridelift plugins`` and strict mode want
        every error up front)."""
        for name in (
            "exercises",
            "equipment_sets",
            "progressions",
            "periodization_styles",
            "athlete_models",
        ):
            getattr(self, name)


def make_plugin_manager(
    *,
    entry_points: bool = True,
    builtins: Iterable[str] = DEFAULT_PLUGINS,
    extra: Iterable[object] = (),
    use_pluggy: bool | None = None,
) -> Plugins:
    """A fresh, isolated plugin manager (tests build their own with ``entry_points=False``).

    ``use_pluggy`` forces (``True``) or forbids (``False``) the pluggy manager;
    by default it is used whenever there is more than the built-ins to load.
    """
    modules = [importlib.import_module(name) for name in builtins]
    extra = list(extra)
    rows = entry_point_rows() if entry_points else []
    if use_pluggy is None:
        use_pluggy = bool(extra or rows) or not all(map(_plain_builtin, modules))
    if not use_pluggy:
        return _builtins_only(modules)

    pm = _new_pluggy_manager()
    infos: list[PluginInfo] = []
    errors: list[PluginError] = []

    def register(obj: object, name: str, distribution: str, version: str, builtin: bool) -> None:
        if pm.has_plugin(name):
            errors.append(PluginError(name, distribution, version, _taken_message(name)))
            return
        try:
            pm.register(obj, name=name)
        except Exception as exc:
            errors.append(PluginError(name, distribution, version, f"cannot register: {exc}"))
            return
        unknown = _unknown_hooks(pm, obj)
        if unknown:
            pm.unregister(obj)
            errors.append(PluginError(name, distribution, version, _unknown_message(unknown)))
            return
        module = getattr(obj, "__name__", type(obj).__module__)
        infos.append(PluginInfo(name, module, version, distribution, _hooks_of(pm, obj), builtin))

    for module in modules:
        register(module, _builtin_name(module), "stridelift", __version__, True)
    for obj in extra:
        name = getattr(obj, "__name__", type(obj).__name__)
        register(obj, name, "", "", False)
    if rows:
        _load_entry_points(rows, register, errors)
    pm.check_pending()

    def implementations(hook_name: str) -> list[Impl]:
        caller = getattr(pm.hook, hook_name)
        return [(impl.plugin_name, impl.function) for impl in caller.get_hookimpls()]

    return Plugins(implementations, infos, errors)


def _builtin_name(module: object) -> str:
    return str(getattr(module, "__name__", "")).rsplit(".", 1)[-1]


def _taken_message(name: str) -> str:
    return f"another plugin is already registered as {name!r}; rename this plugin's entry point"


def _unknown_message(unknown: Iterable[str]) -> str:
    return "implements hooks stridelift does not define: " + ", ".join(unknown)


def _marked(module: object) -> Iterator[tuple[str, Callable[[], Any], dict[str, Any]]]:
    """The functions of a module marked with :data:`hookspecs.hookimpl`: hook name,
    function, options."""
    for attr, value in vars(module).items():
        options = getattr(value, hookspecs.IMPL_MARK, None) if callable(value) else None
        if isinstance(options, dict):
            yield str(options.get("specname") or attr), value, options


def _plain_builtin(module: object) -> bool:
    """Whether calling the module's hook functions directly is exactly what pluggy would
    do: every implementation marked with our ``hookimpl``, none of pluggy's ordering or
    wrapper options, no pluggy marks."""
    for value in vars(module).values():
        if callable(value) and getattr(value, hookspecs.PROJECT + "_impl", None) is not None:
            return False
    return all(set(options) <= {"optionalhook", "specname"} for _, _, options in _marked(module))


def _builtins_only(modules: Iterable[object]) -> Plugins:
    """The plugin manager when only the built-ins are installed, without pluggy."""
    infos: list[PluginInfo] = []
    errors: list[PluginError] = []
    table: dict[str, list[Impl]] = {hook: [] for hook in hookspecs.HOOKS}
    for module in modules:
        name = _builtin_name(module)
        if any(info.name == name for info in infos):
            errors.append(PluginError(name, "stridelift", __version__, _taken_message(name)))
            continue
        marked = list(_marked(module))
        unknown = sorted(
            {hook for hook, _, opts in marked if hook not in table and not opts.get("optionalhook")}
        )
        if unknown:
            errors.append(PluginError(name, "stridelift", __version__, _unknown_message(unknown)))
            continue
        hooks = sorted({hook for hook, _, _ in marked})
        for hook, function, _ in marked:
            if hook in table:
                table[hook].append((name, function))
        module_name = str(getattr(module, "__name__", ""))
        infos.append(PluginInfo(name, module_name, __version__, "stridelift", tuple(hooks), True))
    return Plugins(lambda hook_name: table[hook_name], infos, errors)


def _new_pluggy_manager() -> pluggy.PluginManager:
    """A pluggy manager that also understands the marks of :mod:`hookspecs`."""
    import inspect

    import pluggy

    def translate(marker: Callable[..., Any], suffix: str, options: dict[str, Any]) -> Any:
        # Let pluggy's own marker fill in its options, whatever its version calls them.
        def probe() -> None: ...

        marker(**options)(probe)
        return getattr(probe, hookspecs.PROJECT + suffix)

    class Manager(pluggy.PluginManager):
        def parse_hookspec_opts(
            self, module_or_class: Any, name: str
        ) -> pluggy.HookspecOpts | None:
            options = super().parse_hookspec_opts(module_or_class, name)
            if options is None:
                marks = getattr(getattr(module_or_class, name, None), hookspecs.SPEC_MARK, None)
                if isinstance(marks, dict):
                    options = translate(pluggy.HookspecMarker(hookspecs.PROJECT), "_spec", marks)
            return options

        def parse_hookimpl_opts(self, plugin: Any, name: str) -> pluggy.HookimplOpts | None:
            options = super().parse_hookimpl_opts(plugin, name)
            if options is None:
                try:
                    found = inspect.getattr_static(plugin, name)
                except AttributeError:
                    return None
                found = getattr(found, "__func__", found)
                marks = getattr(found, hookspecs.IMPL_MARK, None) if callable(found) else None
                if isinstance(marks, dict):
                    options = translate(pluggy.HookimplMarker(hookspecs.PROJECT), "_impl", marks)
            return options

    pm = Manager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def _hooks_of(pm: pluggy.PluginManager, plugin: object) -> tuple[str, ...]:
    return tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))


def _unknown_hooks(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    """Hooks the plugin implements that stridelift does not define, unless marked
    ``optionalhook=True`` (a plugin may implement hooks of a later stridelift)."""
    unknown = []
    for caller in pm.get_hookcallers(plugin) or ():
        if caller.has_spec():
            continue
        mine = [impl for impl in caller.get_hookimpls() if impl.plugin is plugin]
        if not all(impl.optionalhook for impl in mine):
            unknown.append(caller.name)
    return unknown


EntryPointRow = tuple[str, str, str, str]  # name, "module:attr", distribution, version
_ENTRY_POINT_FORMAT = 1


def _site_state() -> list[tuple[str, int]]:
    """What the installed-package folders look like: installing or removing a package
    changes the modification time of the folder its metadata lives in."""
    state = []
    # sys.path[0] is the running script's folder (or the working directory with
    # -m), which differs between invocations and holds no installed packages.
    for folder in sys.path[1:]:
        try:
            state.append((folder, os.stat(folder or ".").st_mtime_ns))
        except OSError:
            continue
    return state


def entry_point_rows() -> list[EntryPointRow]:
    """The ``stridelift`` entry points of every installed distribution.

    Scanning every installed package's metadata costs a cold run tens of
    milliseconds, so the result is kept in the cache folder and reused while
    the package folders are unchanged.
    """
    import marshal

    from stridelift.core.cache import cache_read, cache_write

    state = _site_state()
    data = cache_read("entry-points")
    if data is not None:
        try:
            cached = marshal.loads(data)
            if cached.get("format") == _ENTRY_POINT_FORMAT and cached.get("state") == state:
                return [(str(a), str(b), str(c), str(d)) for a, b, c, d in cached["rows"]]
        except (EOFError, ValueError, TypeError, AttributeError):
            pass
    from importlib.metadata import entry_points

    rows: list[EntryPointRow] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        rows.append(
            (
                ep.name,
                ep.value,
                dist.name if dist is not None else "",
                dist.version if dist is not None else "",
            )
        )
    payload = {"format": _ENTRY_POINT_FORMAT, "state": state, "rows": rows}
    cache_write("entry-points", marshal.dumps(payload))
    return rows


def load_entry_point(value: str) -> object:
    """Import ``module:attr.attr`` as ``importlib.metadata.EntryPoint.load`` does."""
    module_name, _, attrs = value.partition(":")
    obj: object = importlib.import_module(module_name.strip())
    for attr in filter(None, attrs.split("[")[0].strip().split(".")):
        obj = getattr(obj, attr)
    return obj


def _load_entry_points(
    rows: list[EntryPointRow],
    register: Callable[[object, str, str, str, bool], None],
    errors: list[PluginError],
) -> None:
    for name, value, dist_name, version in rows:
        try:
            obj = load_entry_point(value)
        except Exception as exc:  # a broken plugin must not take the others down
            errors.append(
                PluginError(
                    name, dist_name, version, f"failed to load: {type(exc).__name__}: {exc}"
                )
            )
            continue
        register(obj, name, dist_name, version, False)
