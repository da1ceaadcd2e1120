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
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import Any, Generic, TypeVar

import pluggy

from . import __version__, hookspecs
from .records import EquipmentSet, Exercise, PeriodizationStyle, ProgressionSpec
from .values import field, record

ENTRY_POINT_GROUP = "stridelift"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "stridelift.plugins.catalog",
    "stridelift.plugins.equipment",
    "stridelift.plugins.progressions",
    "stridelift.plugins.periodization",
)

R = TypeVar("R")


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
        self, pm: pluggy.PluginManager, infos: list[PluginInfo], errors: list[PluginError]
    ):
        self.pm = pm
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
        caller = getattr(self.pm.hook, hook_name)
        # get_hookimpls() lists implementations in registration order: built-ins first.
        for impl in caller.get_hookimpls():
            plugin = impl.plugin_name
            try:
                produced = list(impl.function() or ())
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

    def load_all(self) -> None:
        """Call every registration hook now (``stridelift plugins`` and strict mode want
        every error up front)."""
        for name in ("exercises", "equipment_sets", "progressions", "periodization_styles"):
            getattr(self, name)


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


def make_plugin_manager(
    *,
    entry_points: bool = True,
    builtins: Iterable[str] = DEFAULT_PLUGINS,
    extra: Iterable[object] = (),
) -> Plugins:
    """A fresh, isolated plugin manager (tests build their own with ``entry_points=False``)."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    errors: list[PluginError] = []

    def register(obj: object, name: str, distribution: str, version: str, builtin: bool) -> None:
        if pm.has_plugin(name):
            errors.append(
                PluginError(
                    name,
                    distribution,
                    version,
                    f"another plugin is already registered as {name!r}; "
                    "rename this plugin's entry point",
                )
            )
            return
        try:
            pm.register(obj, name=name)
        except Exception as exc:
            errors.append(PluginError(name, distribution, version, f"cannot register: {exc}"))
            return
        unknown = _unknown_hooks(pm, obj)
        if unknown:
            pm.unregister(obj)
            errors.append(
                PluginError(
                    name,
                    distribution,
                    version,
                    "implements hooks stridelift does not define: " + ", ".join(unknown),
                )
            )
            return
        module = getattr(obj, "__name__", type(obj).__module__)
        infos.append(PluginInfo(name, module, version, distribution, _hooks_of(pm, obj), builtin))

    for module_name in builtins:
        module = importlib.import_module(module_name)
        register(module, module_name.rsplit(".", 1)[-1], "stridelift", __version__, True)
    for obj in extra:
        name = getattr(obj, "__name__", type(obj).__name__)
        register(obj, name, "", "", False)
    if entry_points:
        _load_entry_points(register, errors)
    pm.check_pending()
    return Plugins(pm, infos, errors)


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

    from stridelift.grammar import cache_read, cache_write

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
    register: Callable[[object, str, str, str, bool], None], errors: list[PluginError]
) -> None:
    for name, value, dist_name, version in entry_point_rows():
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
