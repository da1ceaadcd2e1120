"""The plugin spine: built-ins as plugins, defensive loading, typed access, clashes."""

from __future__ import annotations

import inspect
import itertools
import json
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pluggy
import pytest
from conftest import REPO, VALID, codes, invoke, pip_install_into, venv_with_this_environment

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.hooks import specs as hookspecs
from stridelift.core.hooks.manager import DEFAULT_PLUGINS, Plugins, make_plugin_manager
from stridelift.core.hooks.records import (
    AthleteModel,
    Availability,
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
    def register_importers(self) -> list[object]:
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
    assert any("hooks stridelift does not define: register_importers" in m for m in messages)
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
    # (the built-in lint rules may have warnings about the small program: stdout)
    assert "0 error(s)" in after.stdout + after.stderr

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
    assert listing.returncode == 1  # a plugin failed
    assert "broken" in listing.stdout.split("error:")[0]  # with a row of its own
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
    def register_importers(self) -> list[object]:
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


def test_a_style_that_raises_is_a_located_x001_naming_the_plugin(tmp_path: Path) -> None:
    from stridelift.core.check import check_unit
    from stridelift.core.language.sources import Loader

    (tmp_path / "pyproject.toml").touch()
    program = tmp_path / "p.stride"
    program.write_text(VALID.replace("block(base: 6, build: 4, taper: 2)", "wobbly"))
    plugins = make_plugin_manager(entry_points=False, extra=[BrokenStyle()])
    (finding,) = check_unit(Loader().load(program), plugins)
    assert (finding.code, finding.span.line, finding.span.column) == ("X001", 5, 17)
    assert finding.message == (
        "plugin 'BrokenStyle': periodization style 'wobbly' (register_periodization_styles): "
        "validate() raised KeyError: 'base'"
    )
    assert finding.hint is not None and "does not check" in finding.hint


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


# ------------------------------------------------ plugin code at run time

RUN_TIME = """\
program "Run time" {
  units kg
  equipment kettlebell 16kg 24kg, bodyweight
  weeks 4
  periodization odd
  schedule tue: A
  session A {
    main goblet_squat 3 x 8 @ 16kg
    accessory glute_bridge 3 x 12
  }
}
"""


class Misbehaving:
    """One plugin with a style, an equipment set and an athlete model, each of which
    does what ``how`` says: ``ok``, or one way of going wrong."""

    def __init__(self, how: str = "ok", *, bad_from_week: int = 1) -> None:
        self.how = how
        self.bad_from_week = bad_from_week

    def week(self, n: int, args: Mapping[str, object], weeks: int) -> object:
        how = self.how if n >= self.bad_from_week else "ok"
        if how == "raise":
            raise ZeroDivisionError("oops\nforged: line")
        if how == "sleep":
            import time

            time.sleep(60)
        return {
            "volume": WeekPlan(n, "build", volume=1e9),
            "phase": WeekPlan(n, "x" * 10_000),
            "newline": WeekPlan(n, "build", note="fine\nsrc/p.stride:1:1: E101 error: forged"),
            "none": None,
            "reps": WeekPlan(n, "build", session_reps=(8, 10**400)),
            "week": WeekPlan(n + 1, "build"),
        }.get(how, WeekPlan(n, "build"))

    @hookimpl
    def register_periodization_styles(self) -> Iterable[PeriodizationStyle]:
        return [PeriodizationStyle("odd", (), self.week)]  # type: ignore[arg-type]

    @hookimpl
    def register_equipment_sets(self) -> Iterable[EquipmentSet]:
        def resolve(values: object, units: str) -> object:
            if self.how == "resolve_raise":
                raise RuntimeError("catalogue offline")
            if self.how == "resolve_nan":
                return Availability(loads=(10.0, float("nan")))
            if self.how == "resolve_junk":
                return [10.0, 12.0]
            return Availability(loads=(10.0, 12.0))

        return [EquipmentSet("odd_bell", "loads", resolve)]  # type: ignore[arg-type]

    @hookimpl
    def register_athlete_models(self) -> Iterable[AthleteModel]:
        from stridelift.plugins.athletes import SteadyAthlete

        def create(params: Mapping[str, float], seed: int) -> object:
            if self.how == "create_raise":
                raise KeyError("strength")
            if self.how == "create_junk":
                return 42
            steady = SteadyAthlete({"bodyweight": 70.0}, seed)
            return Stumbles(steady, self.how)

        return [AthleteModel("odd_athlete", (), create)]


class Stumbles:
    def __init__(self, steady: Any, how: str) -> None:
        self.steady, self.how = steady, how

    def week(self, week: Any, units: str) -> object:
        if week.week >= 2 and self.how == "athlete_raise":
            raise RuntimeError("tripped on the stairs")
        if week.week >= 2 and self.how == "athlete_junk":
            return ["3 x 8 done"]
        return self.steady.week(week, units)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "p.stride").write_text(RUN_TIME)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _with(monkeypatch: pytest.MonkeyPatch, *extra: object) -> None:
    """The command line's plugins: the built-ins and ``extra`` (not what is installed),
    through the real load_plugins (its time limit and --strict-plugins)."""
    from stridelift.core.hooks import manager

    real = manager.make_plugin_manager

    def make(**options: Any) -> Plugins:
        return real(**{**options, "entry_points": False, "extra": extra})

    monkeypatch.setattr(manager, "make_plugin_manager", make)


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("volume", "week(1) returned volume 1e+09, expected a volume of 0 to 10 times"),
        ("phase", "week(1) returned a phase of 10,000 characters, expected a name of 1 to 40"),
        ("newline", "week(1) returned a note holding the control character '\\n'"),
        ("none", "week(1) returned None, expected a WeekPlan"),
        ("reps", "week(1) returned a session rep target a number of 401 digits, expected a rep"),
        ("week", "week(1) returned the WeekPlan of week 2, expected week=1"),
        ("raise", "week(1) raised ZeroDivisionError: oops\\nforged: line"),
    ],
)
def test_a_style_that_fails_at_run_time_fails_the_check_at_its_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, how: str, said: str
) -> None:
    _with(monkeypatch, Misbehaving(how))
    result = invoke("check", "p.stride")
    assert result.exit_code == 1, result.stdout + result.stderr  # not 2, an internal error
    head = result.stdout.splitlines()[0]
    assert head.startswith("p.stride:5:17: X001 error: plugin 'Misbehaving': periodization")
    assert "style 'odd' (register_periodization_styles): " + said in head
    assert "forged" not in result.stdout.replace("\\nforged", "")  # one line, nothing forged
    assert "internal error" not in result.stderr
    planned = invoke("plan", "p.stride", "--start", "2026-01-05")
    assert planned.exit_code == 1 and "X001" in planned.stderr


def test_a_style_that_fails_past_the_checked_weeks_stops_the_run_naming_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with(monkeypatch, Misbehaving("volume", bad_from_week=5))
    assert invoke("check", "p.stride").exit_code == 0
    ran = invoke("simulate", "p.stride", "--athlete", "odd_athlete", "--weeks", "6")
    assert ran.exit_code == 1, ran.stderr
    assert ran.stderr.startswith("p.stride:5:17: X001 error: plugin 'Misbehaving'")
    assert "week(5) returned volume 1e+09" in ran.stderr
    assert "nothing more was evaluated" in ran.stderr
    strict = invoke(
        "simulate", "p.stride", "--athlete", "odd_athlete", "--weeks", "6", "--strict-plugins"
    )
    assert strict.exit_code == 2 and "with --strict-plugins" in strict.stderr


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("resolve_raise", "resolve() raised RuntimeError: catalogue offline"),
        ("resolve_nan", "resolve() returned a load nan, expected loads from 0 to 2000"),
        ("resolve_junk", "resolve() returned list, expected an Availability"),
    ],
)
def test_a_resolver_that_fails_is_an_x001_at_the_equipment_item(
    project: Path, monkeypatch: pytest.MonkeyPatch, how: str, said: str
) -> None:
    (project / "p.stride").write_text(
        RUN_TIME.replace("kettlebell 16kg 24kg", "odd_bell 10kg, kettlebell 16kg 24kg").replace(
            "accessory glute_bridge 3 x 12", "accessory glute_bridge 3 x 12\\n    main odd 1 x 1"
        )
    )
    (project / "p.stride").write_text(
        RUN_TIME.replace("kettlebell 16kg 24kg", "odd_bell 10kg, kettlebell 16kg 24kg")
    )
    _with(monkeypatch, Misbehaving(how))
    result = invoke("check", "p.stride", "--output-format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["diagnostics"]
    assert (finding["code"], finding["line"], finding["column"]) == ("X001", 3, 13)
    assert finding["message"].startswith(
        "plugin 'Misbehaving': equipment set 'odd_bell' (register_equipment_sets): " + said
    )


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("create_raise", "create() raised KeyError: 'strength'"),
        ("create_junk", "create() returned 42, which has no week() method"),
        ("athlete_raise", "week(2) raised RuntimeError: tripped on the stairs"),
        ("athlete_junk", "week(2) returned '3 x 8 done' among its records"),
    ],
)
def test_an_athlete_model_that_fails_stops_the_simulation_naming_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, how: str, said: str
) -> None:
    _with(monkeypatch, Misbehaving(how))
    ran = invoke("simulate", "p.stride", "--athlete", "odd_athlete")
    assert ran.exit_code == 1, ran.stdout + ran.stderr
    first = ran.stderr.splitlines()[0]
    assert first.startswith(
        "--athlete odd_athlete: X001 error: plugin 'Misbehaving': athlete model 'odd_athlete' "
        "(register_athlete_models): " + said
    )
    assert "internal error" not in ran.stderr
    strict = invoke("simulate", "p.stride", "--athlete", "odd_athlete", "--strict-plugins")
    assert strict.exit_code == 2


def test_a_well_behaved_plugin_runs_through_the_guard_unchanged(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with(monkeypatch, Misbehaving("ok"))
    assert invoke("check", "p.stride").exit_code == 0
    ran = invoke("simulate", "p.stride", "--athlete", "odd_athlete")
    assert ran.exit_code == 0, ran.stderr
    assert "X001" not in ran.stdout + ran.stderr


def test_a_slow_style_is_interrupted_and_named(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    monkeypatch.setenv("STRIDELIFT_PLUGIN_TIMEOUT", "0.2")
    _with(monkeypatch, Misbehaving("sleep"))
    before = signal.getsignal(signal.SIGALRM)
    result = invoke("check", "p.stride")
    assert result.exit_code == 1
    assert "week(1) took longer than 0.2 s, expected at most 0.2 s a call" in result.stdout
    assert signal.getsignal(signal.SIGALRM) is before  # the old handler is back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class SlowHook:
    @hookimpl
    def register_exercises(self) -> Iterable[Exercise]:
        import time

        time.sleep(60)
        return []


def test_a_slow_registration_hook_is_named_and_the_rest_keep_working() -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[SlowHook()], timeout=0.2)
    assert "goblet_squat" in plugins.exercises
    (error,) = plugins.errors
    assert error.plugin == "SlowHook"
    assert error.message == "register_exercises() took longer than 0.2 s; its records are left out"


def test_the_time_limit_gives_back_a_timer_that_was_running() -> None:
    import signal

    from stridelift.core.hooks.guard import time_limit

    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with time_limit(0.2):
            pass
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < left <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_plugin_time_limit_out_of_range_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("STRIDELIFT_PLUGIN_TIMEOUT", value)
    result = invoke("check", "p.stride")
    assert result.exit_code == 2
    assert "STRIDELIFT_PLUGIN_TIMEOUT=" in result.stderr and "0 (no limit) to 3600" in result.stderr
    assert "internal error" not in result.stderr


def test_strict_plugins_stops_a_check_at_the_first_run_time_failure(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with(monkeypatch, Misbehaving("raise"))
    result = invoke("check", "--strict-plugins", "p.stride")
    assert result.exit_code == 2
    assert result.stderr.startswith("p.stride:5:17: X001 error: plugin 'Misbehaving'")
    assert "with --strict-plugins" in result.stderr


def test_plugins_shows_which_failed_and_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    _with(monkeypatch, Raises(), PluggyMarked())
    listing = invoke("plugins")
    assert listing.exit_code == 1
    rows = {line.split()[0]: line.split()[-2:] for line in listing.stdout.splitlines()}
    assert rows["Raises"][0] == "failed" and "ok" in listing.stdout.split("PluggyMarked")[1]
    assert "error: plugin 'Raises': register_exercises() raised RuntimeError" in listing.stdout
    payload = json.loads(invoke("plugins", "--output-format", "json").stdout)
    assert payload["failed"] == ["Raises"]
    status = {p["name"]: p["status"] for p in payload["plugins"]}
    assert status["Raises"] == "failed" and status["PluggyMarked"] == "ok"
    assert status["catalog"] == "ok"


def test_plugins_exits_0_when_every_plugin_is_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    _with(monkeypatch, PluggyMarked())
    listing = invoke("plugins")
    assert listing.exit_code == 0
    assert all("  ok  " in line for line in listing.stdout.splitlines())


def test_the_builtin_styles_keep_their_ranges_over_the_longest_program(
    stride_check: Check,
) -> None:
    """The ranges are for plugins' mistakes: the built-in styles, with their defaults,
    stay inside them in every week of a 104-week program."""
    plugins = make_plugin_manager(entry_points=False)
    for style in plugins.periodization_styles:
        text = RUN_TIME.replace("weeks 4", "weeks 104").replace("odd", style.name)
        assert "X001" not in codes(stride_check(text)), style.name


def test_the_plugin_value_ranges_are_the_ones_the_guide_states() -> None:
    from stridelift.core.units import LIMITS

    guide = " ".join((REPO / "docs" / "plugins.md").read_text(encoding="utf-8").split())
    names = list(LIMITS)
    # The plugin block runs from plugin_seconds to the log block (keyed `type.field`).
    mine = list(itertools.takewhile(lambda n: "." not in n, names[names.index("plugin_seconds") :]))
    assert mine
    for name in mine:
        words = LIMITS[name].words
        if name == "plugin_seconds":
            assert (
                "STRIDELIFT_PLUGIN_TIMEOUT` sets another number of seconds, "
                "0 (no limit) to 3600 seconds" in guide
            )
            continue
        assert words in guide, f"docs/plugins.md does not state {name}: {words!r}"


# ------------------------------------------------ a real entry point, in a subprocess

SLOW_MODULE = """\
import time

from stridelift.core.hooks.records import PeriodizationStyle, WeekPlan
from stridelift.core.hooks.specs import hookimpl


def week(n, args, weeks):
    time.sleep(60)
    return WeekPlan(n, "never")


@hookimpl
def register_periodization_styles():
    return [PeriodizationStyle("odd", (), week)]
"""


def test_a_slow_installed_plugin_is_named_with_its_distribution(project: Path) -> None:
    """A dist-info folder on the path is an installed distribution to importlib.metadata."""
    import sys

    site = project / "site"
    info = site / "stridelift_slowpoke-0.3.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: stridelift-slowpoke\nVersion: 0.3.0\n"
    )
    (info / "entry_points.txt").write_text("[stridelift]\nslowpoke = stridelift_slowpoke\n")
    (site / "stridelift_slowpoke.py").write_text(SLOW_MODULE)
    env = {k: v for k, v in os.environ.items() if k != "STRIDELIFT_DISABLE_ENTRY_POINTS"}
    env.update(PYTHONPATH=str(site), STRIDELIFT_PLUGIN_TIMEOUT="0.2")
    done = subprocess.run(
        [sys.executable, "-m", "stridelift.core", "check", "p.stride"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith(
        "p.stride:5:17: X001 error: plugin 'slowpoke' (stridelift-slowpoke 0.3.0): periodization "
        "style 'odd' (register_periodization_styles): week(1) took longer than 0.2 s"
    )
    assert "Traceback" not in done.stdout + done.stderr
