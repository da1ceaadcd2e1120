"""The plugin manager: built-ins and entry points through one pluggy path, behind a typed facade.

Built-in plugins are the modules in :data:`DEFAULT_PLUGINS`; third-party
plugins come from the ``stridelift`` entry-point group. Both go through the
same :meth:`pluggy.PluginManager.register`. Each entry point is loaded in its
own ``try``, so one broken plugin is reported (with its distribution and
version) while the rest keep working; :func:`load_plugins` with ``strict``
turns any plugin error into a failure, for CI.

Core code never calls ``pm.hook`` untyped: :class:`Plugins` has one typed
registry per ``register_*`` hook. It calls the hook's implementations in
pluggy's documented order (``tryfirst`` first, then the most recently
registered first, ``trylast`` last) one at a time, so that a record can be
traced to the plugin that registered it, a plugin that raises is reported
instead of aborting the run, and when two plugins register the same name both
are reported and the first one called keeps it.

Plugins are registered in reverse of their standing (the entry points, then
the ``extra`` objects, then the built-ins, each group reversed), so that in
pluggy's last-in-first-out order the built-ins are called first, in the order
of :data:`DEFAULT_PLUGINS`, then extras and entry points in the order given: a
third-party plugin cannot silently replace a built-in exercise unless it asks
to with ``tryfirst=True``.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar, cast

import pluggy

from stridelift.core import __version__
from stridelift.core.diagnostics import Diagnostic
from stridelift.core.hooks import specs as hookspecs
from stridelift.core.hooks.guard import (
    DEFAULT_TIMEOUT,
    Culprit,
    Guard,
    PluginFault,
    PluginTimeout,
    one_line,
    raised,
    time_limit,
    timeout_from_environment,
)
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

ENTRY_POINT_GROUP = "stridelift"

#: The built-in plugins, registered like any other, in the order they are called.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "stridelift.plugins.catalog",
    "stridelift.plugins.equipment",
    "stridelift.plugins.progressions",
    "stridelift.plugins.periodization",
    "stridelift.plugins.athletes",
    "stridelift.plugins.lints",
    "stridelift.plugins.exporters",
)

#: Set (to anything but ``0``) to ignore installed entry points, e.g. in tests.
DISABLE_ENTRY_POINTS = "STRIDELIFT_DISABLE_ENTRY_POINTS"

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class PluginError:
    """A plugin that failed to load or whose hook raised or returned nonsense."""

    plugin: str
    distribution: str
    version: str
    message: str

    def __str__(self) -> str:
        # An object passed to the manager directly has no distribution: no "()".
        return f"{Culprit(self.plugin, self.distribution, self.version)}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {
            "plugin": self.plugin,
            "distribution": self.distribution,
            "version": self.version,
            "message": self.message,
        }

    def to_diagnostic(self) -> Diagnostic:
        """The failure as the one finding type (X001), about the plugin, not a file."""
        hint = "update or uninstall the plugin, and tell its author"
        return Diagnostic.make(f"<plugin {self.plugin}>", None, "X001", str(self), hint)


@dataclass(frozen=True, slots=True)
class Clash:
    """Two plugins registered the same name; the first one called is used."""

    kind: str
    name: str
    kept: str
    ignored: str

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.name!r} is registered by both {self.kept!r} and "
            f"{self.ignored!r}; using the one from {self.kept!r}"
        )

    def to_diagnostic(self) -> Diagnostic:
        """The clash as the one finding type (X002), about the plugin that lost."""
        hint = "uninstall one of the plugins, or ask its author to rename the entry"
        return Diagnostic.make(f"<plugin {self.ignored}>", None, "X002", str(self), hint)


@dataclass(slots=True)
class Registry(Generic[R]):
    """Records of one kind by name, with the plugin each came from."""

    kind: str
    #: The registration hook the records come from.
    hook: str = ""
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
    """Typed access to what the loaded plugins register: the facade over ``pm.hook``."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        infos: list[PluginInfo],
        errors: list[PluginError],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        strict: bool = False,
    ):
        self.pm = pm
        self.infos = infos
        self.errors = errors
        self.clashes: list[Clash] = []
        #: Seconds one call into a plugin may take (0: no limit).
        self.timeout = timeout
        #: With ``--strict-plugins`` a plugin's failure at run time ends the run.
        self.strict = strict
        #: What the plugins' callables did wrong at run time, reported where used.
        self.faults: list[PluginFault] = []

    def _info(self, plugin_name: str) -> PluginInfo | None:
        for info in self.infos:
            if info.name == plugin_name:
                return info
        return None

    def _results(self, hook_name: str) -> Iterator[tuple[str, list[object]]]:
        """Each implementation's plugin and what it returned, in pluggy's call order."""
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        # get_hookimpls() lists implementations in reverse of the order a hook call makes.
        for impl in reversed(caller.get_hookimpls()):
            started, produced, late = time.monotonic(), [], False
            try:
                with time_limit(self.timeout):  # a generator runs inside the limit too
                    produced = list(cast("Iterable[object]", impl.function() or ()))
            except PluginTimeout:
                late = True
            except Exception as exc:  # a plugin's bug must not stop the run
                self._fail(impl.plugin_name, f"{hook_name}() {raised(exc)}")
                continue
            if late or (self.timeout and time.monotonic() - started > self.timeout):
                self._fail(
                    impl.plugin_name,
                    f"{hook_name}() took longer than {self.timeout:g} s; its records are left out",
                )
                continue
            yield impl.plugin_name, produced

    def _collect(
        self,
        hook_name: str,
        kind: str,
        record_type: type[R],
        aliases: Callable[[R], Iterable[str]] = lambda r: (),
    ) -> Registry[R]:
        registry: Registry[R] = Registry(kind, hook_name)
        for plugin, produced in self._results(hook_name):
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

    def guard(self, registry: Registry[Any], name: str) -> Guard:
        """The guard for calling what the record ``name`` of ``registry`` carries: it
        names the plugin that registered it, and keeps this run's limit and strictness."""
        plugin = registry.sources.get(registry.aliases.get(name, name), "?")
        info = self._info(plugin)
        culprit = Culprit(plugin, info.distribution, info.version) if info else Culprit(plugin)
        return Guard(
            culprit,
            f"{registry.kind} {name!r}",
            registry.hook,
            self.timeout,
            self.strict,
            faults=self.faults,
        )

    def failed(self) -> list[str]:
        """The plugins with a problem: failed to load, or a hook that raised or returned
        junk, in the order they were reported."""
        return list(dict.fromkeys(error.plugin for error in self.errors))

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
    def assessment_measures(self) -> Registry[AssessmentMeasure]:
        return self._collect(
            "register_assessment_measures", "assessment measure", AssessmentMeasure
        )

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

    @cached_property
    def lint_rules(self) -> Registry[LintRule]:
        """Every lint rule, by name and by code (a code is an alias of its rule's name,
        so two rules with one code clash like two with one name). A rule's code joins
        the finding table; a third-party rule that takes one of stridelift's own codes
        is the plugin's problem (X001 naming it), and is left out."""
        from stridelift.core.diagnostics import CODES, Code, Severity, register_code

        registry = self._collect("register_lint_rules", "lint rule", LintRule, lambda r: (r.code,))
        builtin = {info.name for info in self.infos if info.builtin}
        for rule in list(registry):
            plugin = registry.sources[rule.name]
            own = CODES.get(rule.code)
            if own is not None and plugin not in builtin:
                self._fail(
                    plugin,
                    f"register_lint_rules(): lint rule {rule.name!r} uses code {rule.code}, "
                    f"which is stridelift's own ({own.name}); the rule is left out, "
                    "choose a code of the plugin's own",
                )
                del registry.records[rule.name], registry.sources[rule.name]
                registry.aliases.pop(rule.code, None)
                continue
            if own is None:
                severity = Severity[rule.severity.upper()]
                summary = rule.summary or rule.doc.split("\n", 1)[0] or rule.name
                register_code(Code(rule.code, rule.name, severity, summary))
        return registry

    @cached_property
    def exporters(self) -> Registry[Exporter]:
        return self._collect("register_exporters", "exporter", Exporter)

    @cached_property
    def fit_exercises(self) -> Registry[FitExercise]:
        return self._collect("register_fit_exercises", "FIT exercise", FitExercise)

    def load_all(self) -> None:
        """Call every registration hook now (``stridelift plugins`` and strict mode want
        every error up front)."""
        for name in (
            "exercises",
            "assessment_measures",
            "equipment_sets",
            "progressions",
            "periodization_styles",
            "athlete_models",
            "lint_rules",
            "exporters",
            "fit_exercises",
        ):
            getattr(self, name)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A plugin object to register, with where it came from."""

    obj: object
    name: str
    distribution: str
    version: str
    builtin: bool


def new_plugin_manager() -> pluggy.PluginManager:
    """An empty pluggy manager that knows stridelift's hook specifications."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def make_plugin_manager(
    *,
    entry_points: bool = True,
    builtins: Iterable[str] = DEFAULT_PLUGINS,
    extra: Iterable[object] = (),
    timeout: float = DEFAULT_TIMEOUT,
    strict: bool = False,
) -> Plugins:
    """A fresh, isolated plugin manager: the built-ins, then ``extra`` objects, then
    (with ``entry_points``) the installed entry points. Tests build their own with
    ``entry_points=False`` and the plugins under test as ``extra``. ``timeout`` is the
    seconds one call into a plugin may take (0: no limit); with ``strict`` a plugin's
    failure at run time ends the run (:attr:`Plugins.strict`)."""
    errors: list[PluginError] = []
    candidates = [
        _Candidate(
            importlib.import_module(module), _builtin_name(module), "stridelift", __version__, True
        )
        for module in builtins
    ]
    for obj in extra:
        name = str(getattr(obj, "__name__", type(obj).__name__))
        candidates.append(_Candidate(obj, name, "", "", False))
    if entry_points:
        candidates.extend(_load_entry_points(entry_point_rows(), errors, timeout))

    # The first of two plugins with one name keeps it, whatever the registration order.
    taken: set[str] = set()
    standing: list[_Candidate] = []
    for candidate in candidates:
        if candidate.name in taken:
            errors.append(_error(candidate, _taken_message(candidate.name)))
        else:
            taken.add(candidate.name)
            standing.append(candidate)

    pm = new_plugin_manager()
    registered: set[str] = set()
    for candidate in reversed(standing):  # pluggy calls the last registered first
        if _register(pm, candidate, errors):
            registered.add(candidate.name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:  # _register refuses these; belt and braces
        errors.append(PluginError(pm.get_name(exc.plugin) or "?", "", "", str(exc)))
    infos = [
        PluginInfo(
            c.name,
            str(getattr(c.obj, "__name__", type(c.obj).__module__)),
            c.version,
            c.distribution,
            _hooks_of(pm, c.obj),
            c.builtin,
        )
        for c in standing
        if c.name in registered
    ]
    return Plugins(pm, infos, errors, timeout=timeout, strict=strict)


def load_plugins(*, strict: bool = False, extra: Iterable[object] = ()) -> Plugins:
    """The plugins a command runs with: the built-ins and every installed entry point
    (unless ``$STRIDELIFT_DISABLE_ENTRY_POINTS`` is set), with the time limit of
    ``$STRIDELIFT_PLUGIN_TIMEOUT`` (:class:`~.guard.TimeoutSetting` when it is not a
    number of seconds in range). With ``strict``, every hook is called now, so that
    :attr:`Plugins.errors` holds every problem before the work."""
    disabled = os.environ.get(DISABLE_ENTRY_POINTS, "") not in ("", "0")
    timeout = timeout_from_environment()
    plugins = make_plugin_manager(
        entry_points=not disabled, extra=extra, timeout=timeout, strict=strict
    )
    if strict:
        plugins.load_all()
    return plugins


def _register(pm: pluggy.PluginManager, candidate: _Candidate, errors: list[PluginError]) -> bool:
    try:
        pm.register(candidate.obj, name=candidate.name)
    except Exception as exc:  # pluggy refuses it (a bad mark, a spec mismatch)
        errors.append(_error(candidate, f"cannot register: {exc}"))
        return False
    problem = _unknown_hooks(pm, candidate.obj) or _wrappers(pm, candidate.obj)
    if problem:
        pm.unregister(candidate.obj)
        errors.append(_error(candidate, problem))
        return False
    return True


def _error(candidate: _Candidate, message: str) -> PluginError:
    return PluginError(candidate.name, candidate.distribution, candidate.version, message)


def _builtin_name(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def _taken_message(name: str) -> str:
    return f"another plugin is already registered as {name!r}; rename this plugin's entry point"


def _hooks_of(pm: pluggy.PluginManager, plugin: object) -> tuple[str, ...]:
    return tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))


def _unknown_hooks(pm: pluggy.PluginManager, plugin: object) -> str | None:
    """Hooks the plugin implements that stridelift does not define, unless marked
    ``optionalhook=True`` (a plugin may implement hooks of a later stridelift)."""
    unknown = []
    for caller in pm.get_hookcallers(plugin) or ():
        if caller.has_spec():
            continue
        mine = [impl for impl in caller.get_hookimpls() if impl.plugin is plugin]
        if not all(impl.optionalhook for impl in mine):
            unknown.append(caller.name)
    if not unknown:
        return None
    return "implements hooks stridelift does not define: " + ", ".join(sorted(unknown))


def _wrappers(pm: pluggy.PluginManager, plugin: object) -> str | None:
    """The registration hooks return records and are called one implementation at a
    time (to trace each record to its plugin), so there is nothing for a wrapper to wrap."""
    wrapped = sorted(
        caller.name
        for caller in pm.get_hookcallers(plugin) or ()
        if caller.has_spec()
        for impl in caller.get_hookimpls()
        if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper)
    )
    if not wrapped:
        return None
    return "wraps hooks that take no wrappers: " + ", ".join(wrapped)


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
    rows: list[EntryPointRow], errors: list[PluginError], timeout: float = DEFAULT_TIMEOUT
) -> list[_Candidate]:
    """Import each entry point on its own, within the time limit: a broken or hanging
    plugin must not take the others down."""
    loaded = []
    for name, value, dist_name, version in rows:
        started, obj, late = time.monotonic(), None, False
        try:
            with time_limit(timeout):
                obj = load_entry_point(value)
        except PluginTimeout:
            late = True
        except Exception as exc:
            message = one_line(f"{type(exc).__name__}: {exc}")
            errors.append(PluginError(name, dist_name, version, f"failed to load: {message}"))
            continue
        if late or (timeout and time.monotonic() - started > timeout):
            message = f"failed to load: importing it took longer than {timeout:g} s"
            errors.append(PluginError(name, dist_name, version, message))
            continue
        loaded.append(_Candidate(obj, name, dist_name, version, False))
    return loaded
