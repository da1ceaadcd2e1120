"""Lint rules as plugins: the built-ins fire on real programs and logs, stay quiet on
good ones, follow the settings, and a third-party rule joins them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, write

from stridelift.core.check import check_path
from stridelift.core.check.lints import StaticContext
from stridelift.core.diagnostics import Diagnostic, Severity, code_of
from stridelift.core.engine import compile_program
from stridelift.core.engine.compiled import CompiledProgram, EngineError
from stridelift.core.engine.fold import Evaluation
from stridelift.core.hooks.manager import Plugins, make_plugin_manager
from stridelift.core.hooks.records import LintFinding, LintParam, LintRule, RecordError
from stridelift.core.hooks.specs import hookimpl
from stridelift.core.logs import Log
from stridelift.core.logs.records import Run, SetRecord
from stridelift.core.training.policy import LintSetting

START = dt.date(2026, 1, 5)  # a Monday

GOOD = """\
program "Good" {
  units kg
  equipment kettlebell 12kg 16kg 20kg 24kg
  weeks 8
  deload every 4 weeks
  schedule tue: A, fri: B
  session A {
    warmup 8min { leg_swing 1 x 10 per side }
    main goblet_squat 3 x 8 @ 16kg rir 2 progress double(8..12, +4kg)
    accessory single_leg_calf_raise 3 x 12 per side @ bodyweight
  }
  session B {
    warmup 8min { leg_swing 1 x 10 per side }
    main kettlebell_swing 3 x 10 @ 16kg rpe 7
  }
}
"""


def builtins() -> Plugins:
    return make_plugin_manager(entry_points=False)


def check(
    tmp_path: Path, text: str, plugins: Plugins | None = None, **lints: LintSetting
) -> list[Diagnostic]:
    path = write(tmp_path, "p.stride", text)
    return check_path(path, plugins or builtins(), lints=lints).diagnostics


def codes(found: Iterable[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def test_a_good_program_is_quiet(tmp_path: Path) -> None:
    assert check(tmp_path, GOOD) == []


# ---------------------------------------------------------------- static rules

#: Each rule's code, and the change to GOOD that makes it fire.
FIRES: dict[str, tuple[str, str]] = {
    "W201": ("tue: A, fri: B", "tue: A, wed: B"),
    "W209": ("weeks 8\n", "weeks 8\n  time budget 10min\n"),
    "W211": ("  deload every 4 weeks\n", ""),
    "W212": ("  session A {\n    warmup 8min { leg_swing 1 x 10 per side }\n", "  session A {\n"),
    "W214": (
        "    accessory single_leg_calf_raise 3 x 12 per side @ bodyweight\n",
        "    accessory glute_bridge 3 x 12\n",
    ),
    "W215": ("@ 16kg rir 2", "@ 16kg rir 6"),
    "W216": ("kettlebell 12kg 16kg 20kg 24kg", "kettlebell 16kg"),
    "W217": ("double(8..12, +4kg)", "linear(+4kg, every: 20 weeks)"),
    "W219": ("3 x 8 @ 16kg rir 2", "3 x 15 @ 16kg rir 2"),
}


@pytest.mark.parametrize("code", sorted(FIRES))
def test_each_static_rule_fires_on_a_real_program(tmp_path: Path, code: str) -> None:
    old, new = FIRES[code]
    assert old in GOOD
    found = check(tmp_path, GOOD.replace(old, new))
    assert code in codes(found), found
    finding = next(d for d in found if d.code == code)
    assert finding.span.line > 0, finding
    assert finding.severity is code_of(code).severity
    # off turns it off; a severity changes it
    assert code not in codes(check(tmp_path, GOOD.replace(old, new), **{code: off()}))
    louder = check(tmp_path, GOOD.replace(old, new), **{code: LintSetting("error")})
    assert {d.severity for d in louder if d.code == code} == {Severity.ERROR}


def off() -> LintSetting:
    return LintSetting("off")


def test_w201_keeps_its_message_and_place(tmp_path: Path) -> None:
    found = check(tmp_path, GOOD.replace("tue: A, fri: B", "tue: A, wed: B"))
    (w201,) = [d for d in found if d.code == "W201"]
    assert w201.message == "strength sessions on consecutive days (tue and wed)"
    assert (w201.span.line, w201.span.column) == (6, 20)


def test_a_condition_that_can_never_be_true(tmp_path: Path) -> None:
    text = GOOD.replace("progress double(8..12, +4kg)", "progress mine(+4kg)").replace(
        "  session B {",
        "  progression mine(step: load) {\n    when rpe >= 11: load += step\n"
        "    otherwise: hold\n  }\n  session B {",
    )
    (w218,) = [d for d in check(tmp_path, text) if d.code == "W218"]
    assert "`rpe >= 11` can never be true" in w218.message


def test_a_taper_that_brings_in_a_new_exercise(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  deload every 4 weeks\n", "  periodization block(base: 4, build: 2, taper: 2)\n"
    ).replace(
        "  session B {",
        '  rule "harder" {\n    when completed and phase is taper: advance\n  }\n  session B {',
    )
    found = check(tmp_path, text)
    assert "W213" in codes(found)


def test_a_parameter_changes_what_fires(tmp_path: Path) -> None:
    # rir 4 is inside the default (5), outside a stricter 3
    text = GOOD.replace("@ 16kg rir 2", "@ 16kg rir 4")
    assert "W215" not in codes(check(tmp_path, text))
    strict = LintSetting(params={"max_rir": 3})
    assert "W215" in codes(check(tmp_path, text, **{"far-from-failure": strict}))
    # a shorter run without a deload is too long with max_weeks 3
    assert "W211" in codes(check(tmp_path, GOOD, W211=LintSetting(params={"max_weeks": 2})))


@pytest.mark.parametrize(
    ("key", "setting", "words"),
    [
        ("load-jmp", LintSetting("off"), "did you mean `load-jump`"),
        ("W215", LintSetting("loud"), "severity 'loud'"),
        ("W215", LintSetting(params={"max": 3}), "has no parameter `max`"),
        ("W215", LintSetting(params={"max_rir": 50}), "outside 0 to 10"),
        ("W211", LintSetting(params={"max_weeks": 2.5}), "not a whole number"),
    ],
)
def test_a_bad_setting_is_named(tmp_path: Path, key: str, setting: LintSetting, words: str) -> None:
    found = check(tmp_path, GOOD, **{key: setting})
    (problem,) = [d for d in found if d.code == "W229"]
    assert problem.severity is Severity.ERROR
    assert f"`{key}`" in problem.message and words in problem.message


# ---------------------------------------------------------------- third-party rules


def _sessions(ctx: StaticContext) -> Iterator[LintFinding]:
    if len(ctx.checked.sessions) > ctx.number("most"):
        yield LintFinding(f"{len(ctx.checked.sessions)} sessions", hint="fewer")


class Acme:
    rule = LintRule(
        "ACME101",
        "too-many-sessions",
        "info",
        "static",
        _sessions,
        (LintParam("most", "integer", 1, "Sessions a week.", "a convention", (1, 7)),),
        doc="More sessions than the rule allows.",
    )

    @hookimpl
    def register_lint_rules(self) -> tuple[LintRule, ...]:
        return (self.rule,)


def test_a_third_party_rule_joins_the_table(tmp_path: Path) -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[Acme()])
    found = check(tmp_path, GOOD, plugins)
    (acme,) = [d for d in found if d.code == "ACME101"]
    assert acme.severity is Severity.INFO and acme.to_json()["name"] == "too-many-sessions"
    assert check(tmp_path, GOOD, plugins, ACME101=LintSetting(params={"most": 2})) == []
    assert plugins.errors == [] and plugins.clashes == []


class Broken:
    def __init__(self, code: str, check: Any) -> None:
        self.rule = LintRule(code, "broken-rule", "warning", "static", check)

    @hookimpl
    def register_lint_rules(self) -> tuple[LintRule, ...]:
        return (self.rule,)


def _raises(ctx: object) -> None:
    raise KeyError("boom")


def _junk(ctx: object) -> object:
    return ["not a finding"]


@pytest.mark.parametrize(("check_fn", "words"), [(_raises, "raised KeyError"), (_junk, "item")])
def test_a_failing_rule_is_named_not_a_traceback(tmp_path: Path, check_fn: Any, words: str) -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[Broken("ZZZ101", check_fn)])
    found = check(tmp_path, GOOD, plugins)
    (fault,) = [d for d in found if d.code == "X001"]
    assert "Broken" in fault.message and "broken-rule" in fault.message and words in fault.message


def test_a_rule_that_takes_a_stridelift_code_is_the_plugins_problem(tmp_path: Path) -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[Broken("E101", _raises)])
    assert "broken-rule" not in plugins.lint_rules
    (error,) = plugins.errors
    assert error.plugin == "Broken" and "stridelift's own (unknown-exercise)" in error.message
    assert "X001" not in codes(check(tmp_path, GOOD, plugins))
    # another rule's code is a clash, reported with both plugins
    plugins = make_plugin_manager(entry_points=False, extra=[Broken("W201", _raises)])
    assert plugins.lint_rules.get("W201") is not None
    (clash,) = plugins.clashes
    assert (clash.name, clash.kept, clash.ignored) == ("W201", "lints", "Broken")


def test_a_record_with_a_bad_code_fails_when_built() -> None:
    with pytest.raises(RecordError, match="code"):
        LintRule("w1", "x", "warning", "static", _raises)
    with pytest.raises(RecordError, match="default"):
        LintParam("p", "number", 20, "", "", (0, 10))


# ---------------------------------------------------------------- plan rules


def compiled(tmp_path: Path, text: str, **lints: LintSetting) -> CompiledProgram:
    path = write(tmp_path, "p.stride", text)
    result = check_path(path, builtins())
    assert result.checked is not None and result.ok, result.diagnostics
    return compile_program(result.checked, lints=lints or None)


def day(week: int, weekday: int) -> dt.date:
    return START + dt.timedelta(days=7 * (week - 1) + weekday)


def sets(week: int, exercise: str, reps: int, load: float | None, **kw: Any) -> list[SetRecord]:
    weekday = kw.pop("weekday", 1)
    return [
        SetRecord(
            day(week, weekday),
            exercise,
            i,
            session=kw.pop("session", "A") if i == 1 else "A",
            reps=reps,
            load=load,
            unit="kg" if load is not None else None,
            rpe=kw.get("rpe", 7),
            side=kw.get("side"),
        )
        for i in range(1, 4)
    ]


def warnings(program: CompiledProgram, records: list[Any], week: int) -> list[str]:
    records.sort(key=lambda r: r.date)
    return [
        w.code + " " + w.message
        for w in Evaluation(program, Log.of("<t>", records), START).plan(week).warnings
    ]


SWING = """\
program "Swing" {
  units kg
  equipment kettlebell EQUIPMENT
  weeks 8
  deload every 4 weeks
  schedule tue: A
  session A {
    warmup 8min { leg_swing 1 x 10 per side }
    main kettlebell_swing 3 x 10 @ 16kg rpe 7 progress linear(+STEP)
    accessory single_leg_calf_raise 3 x 12 per side
  }
}
"""


def test_p304_quiet_on_the_next_implement_up(tmp_path: Path) -> None:
    program = compiled(tmp_path, SWING.replace("EQUIPMENT", "16kg 24kg").replace("STEP", "8kg"))
    found = warnings(program, sets(1, "kettlebell_swing", 10, 16), 2)
    assert not [w for w in found if w.startswith("P304")], found


def test_p304_fires_when_a_smaller_owned_step_exists(tmp_path: Path) -> None:
    program = compiled(
        tmp_path, SWING.replace("EQUIPMENT", "16kg 20kg 24kg").replace("STEP", "8kg")
    )
    found = warnings(program, sets(1, "kettlebell_swing", 10, 16), 2)
    (p304,) = [w for w in found if w.startswith("P304")]
    assert "16kg -> 24kg is a 50% jump" in p304 and "a step to 20kg" in p304
    # the jump is a parameter
    loose = compiled(
        tmp_path,
        SWING.replace("EQUIPMENT", "16kg 20kg 24kg").replace("STEP", "8kg"),
        P304=LintSetting(params={"jump": 0.6}),
    )
    assert not [w for w in warnings(loose, sets(1, "kettlebell_swing", 10, 16), 2) if "P304" in w]


def test_p304_counts_the_body_weight_an_exercise_carries(tmp_path: Path) -> None:
    text = SWING.replace("EQUIPMENT", "8kg 10kg 12kg 14kg").replace(
        "main kettlebell_swing 3 x 10 @ 16kg rpe 7 progress linear(+STEP)",
        "main split_squat 3 x 8 per side @ 8kg rpe 7 progress linear(+4kg)",
    )
    program = compiled(tmp_path, text)
    records = sets(1, "split_squat", 8, 8)
    # 8 -> 12 kg is +50 % of the bell, but +5 % of 78 kg moved: quiet
    assert not [w for w in warnings(program, records, 2) if w.startswith("P304")]
    light = compiled(tmp_path, text, P304=LintSetting(params={"body_weight": 20}))
    (p304,) = [w for w in warnings(light, sets(1, "split_squat", 8, 8), 2) if "P304" in w]
    assert "body weight" in p304


def test_p307_left_right_difference(tmp_path: Path) -> None:
    text = GOOD.replace(
        "main goblet_squat 3 x 8 @ 16kg rir 2 progress double(8..12, +4kg)",
        "main split_squat 3 x 8 per side @ 16kg rir 2",
    )
    program = compiled(tmp_path, text)
    even = sets(1, "split_squat", 8, 16, side="left") + sets(1, "split_squat", 8, 16, side="right")
    assert not [w for w in warnings(program, even, 2) if w.startswith("P307")]
    odd = sets(1, "split_squat", 8, 16, side="left") + sets(1, "split_squat", 6, 16, side="right")
    (p307,) = [w for w in warnings(program, odd, 2) if w.startswith("P307")]
    assert "right side did 25% less" in p307
    quiet = compiled(tmp_path, text, **{"left-right-difference": off()})
    odd = sets(1, "split_squat", 8, 16, side="left") + sets(1, "split_squat", 6, 16, side="right")
    assert not [w for w in warnings(quiet, odd, 2) if w.startswith("P307")]


def runs(week: int, per_day: list[float]) -> list[Run]:
    return [
        Run(day(week, i), "easy", 5.0, minutes, rpe=5)
        for i, minutes in enumerate(per_day)
        if minutes
    ]


def test_p308_monotony_and_p309_p310_acute_chronic(tmp_path: Path) -> None:
    program = compiled(tmp_path, GOOD)
    varied = [r for w in range(1, 5) for r in runs(w, [30, 0, 60, 0, 20, 90, 0])]
    found = warnings(program, list(varied), 5)
    assert not [w for w in found if w.startswith(("P308", "P310"))], found
    (p309,) = [w for w in found if w.startswith("P309")]
    assert "acute:chronic workload ratio 1.00" in p309
    same = [r for w in range(1, 5) for r in runs(w, [40] * 7)]
    assert [w for w in warnings(program, list(same), 5) if w.startswith("P308")]
    spike = [r for w in range(1, 4) for r in runs(w, [20, 0, 20, 0, 0, 30, 0])]
    spike += runs(4, [60, 0, 60, 0, 0, 90, 0])
    (p310,) = [w for w in warnings(program, spike, 5) if w.startswith("P310")]
    assert "at or above 1.5" in p310


def test_p301_moved_into_a_rule_and_can_be_turned_off(tmp_path: Path) -> None:
    program = compiled(tmp_path, GOOD)
    # a long run last Wednesday: this Wednesday is after Tuesday's session A
    records: list[Any] = [Run(day(1, 2), "long", 20.0, 110.0, rpe=6)]
    assert [w for w in warnings(program, list(records), 2) if w.startswith("P301")]
    quiet = compiled(tmp_path, GOOD, P301=off())
    assert not [w for w in warnings(quiet, list(records), 2) if w.startswith("P301")]


def test_a_bad_setting_refuses_to_compile(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="no lint rule"):
        compiled(tmp_path, GOOD, nothing=off())


# ---------------------------------------------------------------- shipped programs


@pytest.mark.parametrize("path", sorted((REPO / "programs").glob("*.stride")), ids=str)
def test_shipped_programs_get_no_new_warnings(path: Path) -> None:
    found = check_path(path, builtins()).diagnostics
    new = [d for d in found if d.code in ("W211", "W212", "W213", "W215", "W216", "W217")]
    new += [d for d in found if d.code in ("W218", "W219", "W229", "X001")]
    assert new == [], new


AMRAP = """program "AMRAP" {{
  units kg
  equipment kettlebell 16kg 24kg
  weeks 4
  schedule tue: A
  progression more(low..high: reps) {{
    when completed and reps < high: reps += 1
    otherwise: hold
  }}
  session A {{
    warmup 8min {{ leg_swing 1 x 10 per side }}
    main kettlebell_swing 3 x amrap @ 16kg progress {call}
    accessory single_leg_calf_raise 3 x 12 per side
  }}
}}
"""


@pytest.mark.parametrize(
    ("call", "warned"), [("more(10..20)", True), ("double(10..20, +8kg)", False)]
)
def test_a_reps_only_progression_on_an_amrap_line_is_named(
    tmp_path: Path, call: str, warned: bool
) -> None:
    """`reps += 1` on a line the athlete does for as many reps as they can changes
    nothing; `double` adds load from the reps logged and is fine."""
    found = [d for d in check(tmp_path, AMRAP.format(call=call)) if d.code == "W220"]
    assert bool(found) == warned
    if warned:
        assert found[0].span.line == 12
        assert "only changes reps" in found[0].message
