"""The plugin spine: built-ins as plugins, defensive loading, typed access, clashes."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pluggy
import pytest
from conftest import REPO, VALID, codes, pip_install_into, venv_with_this_environment

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.hooks import specs as hookspecs
from stridelift.core.hooks.manager import DEFAULT_PLUGINS, Plugins, make_plugin_manager
from stridelift.core.hooks.records import (
    EquipmentSet,
    Exercise,
    PeriodizationStyle,
    RecordError,
    WeekPlan,
)
from stridelift.core.hooks.specs import hookimpl

FIXTURES = REPO / "tests" / "fixtures" / "plugins"
Check = Callable[..., list[Diagnostic]]


def test_builtins_are_registered_like_any_plugin() -> None:
    plugins = make_plugin_manager(entry_points=False)
    assert [i.module for i in plugins.infos] == list(DEFAULT_PLUGINS)
    assert all(i.builtin and i.distribution == "stridelift" for i in plugins.infos)
    assert plugins.errors == []
    assert len(plugins.exercises) >= 60
    assert {"bodyweight", "bands", "kettlebell", "dumbbells", "barbell"} <= set(
        plugins.equipment_sets.records
    )
    assert {"linear", "double", "ladder", "rpe_load", "reps_then_tempo"} <= set(
        plugins.progressions.records
    )
    assert {"block", "linear", "undulating", "reverse_linear", "in_season"} <= set(
        plugins.periodization_styles.records
    )


def _registered(plugins: Plugins) -> dict[str, dict[str, str]]:
    plugins.load_all()
    return {
        kind: dict(getattr(plugins, kind).sources)
        for kind in ("exercises", "equipment_sets", "progressions", "periodization_styles")
    }


class FirstKettlebells:
    """A plugin that asks to be called before the built-ins, and so keeps a clashing name."""

    @hookimpl(tryfirst=True)
    def register_equipment_sets(self) -> Iterable[EquipmentSet]:
        from stridelift.plugins.equipment import resolve_kettlebells

        return [EquipmentSet("kettlebell", "loads", resolve_kettlebells, description="mine")]


def test_a_tryfirst_plugin_is_called_first_and_keeps_the_name() -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[FirstKettlebells()])
    kettlebell = plugins.equipment_sets.get("kettlebell")
    assert kettlebell is not None and kettlebell.description == "mine"
    (clash,) = plugins.clashes
    assert (clash.kept, clash.ignored) == ("FirstKettlebells", "equipment")


def test_the_builtins_are_called_in_the_order_they_are_listed() -> None:
    plugins = make_plugin_manager(entry_points=False)
    assert list(dict.fromkeys(plugins.exercises.sources.values())) == ["catalog"]
    hook = plugins.pm.hook.register_equipment_sets
    called = [impl.plugin_name for impl in reversed(hook.get_hookimpls())]
    assert called == ["equipment"]
    order = [
        impl.plugin_name for impl in reversed(plugins.pm.hook.register_exercises.get_hookimpls())
    ]
    assert order[0] == "catalog"


def test_plugins_written_against_the_old_import_paths_still_load() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from stridelift.core.hookspecs import hookimpl as old_hookimpl
        from stridelift.core.records import Exercise as OldExercise

    class OldStyle:
        @old_hookimpl
        def register_exercises(self) -> Iterable[Exercise]:
            return [OldExercise("old_press", "push", ("bodyweight",))]

    plugins = make_plugin_manager(entry_points=False, extra=[OldStyle()])
    assert OldExercise is Exercise
    assert plugins.exercises.sources["old_press"] == "OldStyle"
    assert plugins.errors == []


class PluggyMarked:
    """A plugin written against pluggy directly, as older guides show."""

    @pluggy.HookimplMarker("stridelift")
    def register_exercises(self) -> Iterable[Exercise]:
        return [Exercise("pluggy_press", "push", equipment=("bodyweight",))]


def test_plugins_marked_with_pluggys_own_marker_are_loaded() -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[PluggyMarked()])
    assert "pluggy_press" in plugins.exercises
    assert plugins.exercises.sources["pluggy_press"] == "PluggyMarked"
    assert plugins.errors == []


class Kettlebells:
    """A plugin object that registers an equipment name the built-ins already use."""

    @hookimpl
    def register_equipment_sets(self) -> Iterable[EquipmentSet]:
        from stridelift.plugins.equipment import resolve_kettlebells

        return [EquipmentSet("kettlebell", "loads", resolve_kettlebells)]


def test_name_clash_is_reported_with_both_sources() -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[Kettlebells()])
    plugins.load_all()
    (clash,) = plugins.clashes
    assert (clash.kind, clash.name, clash.kept, clash.ignored) == (
        "equipment set",
        "kettlebell",
        "equipment",
        "Kettlebells",
    )
    assert "both 'equipment' and 'Kettlebells'" in str(clash)
    finding = clash.to_diagnostic()
    assert (finding.code, str(finding.severity)) == ("X002", "warning")
    assert finding.path == "<plugin Kettlebells>" and finding.message == str(clash)


class Raises:
    @hookimpl
    def register_exercises(self) -> Iterable[Exercise]:
        raise RuntimeError("catalog file missing")


class ReturnsJunk:
    @hookimpl
    def register_exercises(self) -> Iterable[Exercise]:
        return ["goblet_squat"]  # type: ignore[list-item]


class UnknownHook:
    @hookimpl
    def register_exporters(self) -> list[object]:
        return []


def test_a_failing_hook_is_reported_and_the_rest_keep_working() -> None:
    plugins = make_plugin_manager(
        entry_points=False, extra=[Raises(), ReturnsJunk(), UnknownHook()]
    )
    plugins.load_all()
    messages = [str(e) for e in plugins.errors]
    assert any(
        "register_exercises() raised RuntimeError: catalog file missing" in m for m in messages
    )
    assert any("returned str, expected Exercise" in m for m in messages)
    assert any("hooks stridelift does not define: register_exporters" in m for m in messages)
    assert "goblet_squat" in plugins.exercises
    findings = [e.to_diagnostic() for e in plugins.errors]
    assert {(f.code, str(f.severity)) for f in findings} == {("X001", "error")}
    assert [f.message for f in findings] == messages


def test_records_validate_themselves() -> None:
    with pytest.raises(RecordError, match="pattern 'legs' is not one of"):
        Exercise("wall_sit", "legs", ("bodyweight",))
    with pytest.raises(RecordError, match="lower_snake_case"):
        Exercise("Wall Sit", "squat", ("bodyweight",))


def test_every_hook_is_documented() -> None:
    guide = (REPO / "docs" / "plugins.md").read_text()
    specs = [
        name
        for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("register_")
    ]
    assert specs
    for name in specs:
        assert inspect.getdoc(getattr(hookspecs, name)), f"{name} has no docstring"
        assert f"`{name}`" in guide, f"{name} is not described in docs/plugins.md"


def test_pytest_helpers_for_plugin_authors(
    stridelift_plugins: Callable[..., Plugins], stride_check: Check
) -> None:
    plugins = stridelift_plugins(Kettlebells())
    assert plugins.clashes == [] or plugins.equipment_sets.get("kettlebell") is not None
    assert stride_check(VALID) == []


# ------------------------------------------------ real installs into a virtual environment

SANDBAG_PROGRAM = """\
program "Sandbag strength" {
  units kg
  equipment sandbag 10kg 20kg 30kg, bodyweight
  weeks 8
  schedule tue: A
  session A {
    main sandbag_clean 3 x 5 @ 20kg
    accessory sandbag_bear_hug_carry 3 x 40m @ 30kg
  }
}
"""


def _venv(tmp_path: Path) -> Path:
    return venv_with_this_environment(tmp_path / "venv")


_pip_install = pip_install_into


def _stridelift(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STRIDELIFT_DISABLE_ENTRY_POINTS"}
    return subprocess.run(
        [python, "-m", "stridelift.core", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_third_party_plugin_installed_with_pip_is_used_by_check(tmp_path: Path) -> None:
    program = tmp_path / "sandbag.stride"
    program.write_text(SANDBAG_PROGRAM)
    python = _venv(tmp_path)
    before = _stridelift(python, "check", str(program), cwd=tmp_path)
    assert before.returncode == 1
    assert "E111" in before.stdout and "unknown equipment `sandbag`" in before.stdout

    _pip_install(python, FIXTURES / "stridelift-sandbag")
    after = _stridelift(python, "check", str(program), cwd=tmp_path)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "0 error(s)" in after.stderr

    listed = json.loads(
        _stridelift(python, "plugins", "--all", "--output-format", "json", cwd=tmp_path).stdout
    )
    (sandbag,) = [p for p in listed["plugins"] if p["name"] == "sandbag"]
    assert (sandbag["distribution"], sandbag["version"]) == ("stridelift-sandbag", "1.2.0")
    assert sandbag["registers"]["exercises"] == ["sandbag_bear_hug_carry", "sandbag_clean"]


@pytest.mark.slow
def test_plugin_that_fails_to_import_is_reported_and_the_rest_work(tmp_path: Path) -> None:
    program = tmp_path / "sandbag.stride"
    program.write_text(SANDBAG_PROGRAM)
    python = _venv(tmp_path)
    _pip_install(python, FIXTURES / "stridelift-sandbag", FIXTURES / "stridelift-broken")

    listing = _stridelift(python, "plugins", cwd=tmp_path)
    assert listing.returncode == 0
    assert (
        "plugin 'broken' (stridelift-broken 0.0.1): failed to load: ImportError" in listing.stdout
    )
    assert "sandbag" in listing.stdout and "Traceback" not in listing.stdout + listing.stderr

    checked = _stridelift(python, "check", str(program), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "stridelift-broken 0.0.1" in checked.stderr

    strict = _stridelift(python, "check", "--strict-plugins", str(program), cwd=tmp_path)
    assert strict.returncode == 2
    assert "--strict-plugins" in strict.stderr and "Traceback" not in strict.stderr


def test_codes_helper_is_used(stride_check: Check) -> None:
    assert codes(stride_check(VALID)) == []


class FutureHooks:
    """Implements a hook a later stridelift may define; marked optional, so it is accepted."""

    @hookimpl(optionalhook=True)
    def register_exporters(self) -> list[object]:
        return []


def test_optional_hooks_of_later_versions_are_accepted() -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[FutureHooks()])
    assert plugins.errors == []
    assert "FutureHooks" in [info.name for info in plugins.infos]


class AliasEquipment:
    @hookimpl
    def register_exercises(self) -> Iterable[Exercise]:
        return [Exercise("bell_halo", "core", ["kettlebells"])]  # an alias, given as a list


def test_exercise_equipment_may_name_an_alias(stride_check: Check) -> None:
    text = VALID.replace("main kettlebell_swing 4 x 12 @ 20kg", "main bell_halo 3 x 8 @ 12kg")
    assert stride_check(text, AliasEquipment()) == []


class BrokenStyle:
    @hookimpl
    def register_periodization_styles(self) -> Iterable[PeriodizationStyle]:
        def week(n: int, args: object, weeks: int) -> WeekPlan:
            raise ZeroDivisionError("oops")

        def validate(args: object, weeks: int) -> list[str]:
            raise KeyError("base")

        return [PeriodizationStyle("wobbly", (), week, validate=validate)]


def test_a_style_that_raises_is_a_plugin_error_not_a_crash(tmp_path: Path) -> None:
    from stridelift.core.check import check_unit
    from stridelift.core.language.sources import Loader

    (tmp_path / "pyproject.toml").touch()
    program = tmp_path / "p.stride"
    program.write_text(VALID.replace("block(base: 6, build: 4, taper: 2)", "wobbly"))
    plugins = make_plugin_manager(entry_points=False, extra=[BrokenStyle()])
    assert check_unit(Loader().load(program), plugins) == []
    messages = [str(e) for e in plugins.errors]
    assert any("validate() raised KeyError('base')" in m for m in messages)
    assert any("week() raised ZeroDivisionError('oops')" in m for m in messages)


def test_unreadable_equipment_is_reported_once(stride_check: Check) -> None:
    found = codes(stride_check(VALID.replace("kettlebell 12kg 16kg 20kg 24kg", "kettlebell heavy")))
    assert found == ["E112"]


class Wraps:
    @hookimpl(wrapper=True)
    def register_exercises(self) -> object:
        return (yield)


def test_a_wrapper_on_a_registration_hook_is_refused_and_the_rest_work() -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[Wraps()])
    (error,) = plugins.errors
    assert "wraps hooks that take no wrappers: register_exercises" in error.message
    assert len(plugins.exercises) >= 60


def test_a_plugin_named_like_another_is_refused_with_a_short_message() -> None:
    import types

    twin = types.ModuleType("catalog")
    plugins = make_plugin_manager(entry_points=False, extra=[twin])
    (error,) = plugins.errors
    assert "already registered as 'catalog'" in error.message
    assert "\n" not in error.message


def test_a_style_gets_the_values_it_was_checked_with(tmp_path: Path) -> None:
    """What validate() saw is what week() gets: amounts as written (``2min`` is 2.0, as
    docs/plugins.md says), from the one binder, defaults filled in."""
    from stridelift.core.check import check_path
    from stridelift.core.engine import Evaluation, compile_program
    from stridelift.core.hooks.records import ParamSpec, PeriodizationStyle, WeekPlan
    from stridelift.core.language import ast

    seen: list[tuple[str, dict[str, object]]] = []

    def validate(args: Mapping[str, object], weeks: int) -> list[str]:
        seen.append(("validate", dict(args)))
        return []

    def week(n: int, args: Mapping[str, object], weeks: int) -> WeekPlan:
        seen.append(("week", dict(args)))
        return WeekPlan(n, "probe")

    class Probe:
        @hookimpl
        def register_periodization_styles(self) -> Iterable[PeriodizationStyle]:
            params = (
                ParamSpec("rest", "seconds"),
                ParamSpec("blocks", "weeks", ast.WeeksValue(3)),
            )
            return [PeriodizationStyle("probe", params, week, validate=validate)]

    (tmp_path / "pyproject.toml").touch()
    program = tmp_path / "p.stride"
    program.write_text(
        'program "P" {\n  units kg\n  weeks 4\n  periodization probe(rest: 2min)\n'
        "  schedule tue: A\n  session A { main bodyweight_squat 3 x 8 @ bodyweight }\n}\n"
    )
    plugins = make_plugin_manager(entry_points=False, extra=[Probe()])
    result = check_path(program, plugins)
    assert result.ok and result.checked is not None, result.diagnostics
    compiled = compile_program(result.checked)
    import datetime as dt

    Evaluation(compiled, None, dt.date(2026, 1, 5)).plan(2)
    checked_with = next(args for kind, args in seen if kind == "validate")
    assert checked_with == {"rest": 2.0, "blocks": 3.0}
    assert {str(args) for kind, args in seen if kind == "week"} == {str(checked_with)}
