"""The semantic checker: each mistake a coach can make gets its own code, place and fix."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import VALID, codes

from stridelift.core.diagnostics import Diagnostic, Severity

Check = Callable[..., list[Diagnostic]]


def only(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, [f"{d.code} {d.message}" for d in diagnostics]
    return found[0]


def test_valid_program_is_clean(stride_check: Check) -> None:
    assert stride_check(VALID) == []


def mutate(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def test_unknown_exercise_suggests_the_close_name(stride_check: Check) -> None:
    found = only(stride_check(mutate("main goblet_squat", "main gobelt_squat")), "E101")
    assert "`gobelt_squat`" in found.message
    assert found.hint == "did you mean `goblet_squat`?"
    assert (found.span.line, found.span.column) == (16, 10)


def test_equipment_not_declared_offers_substitutes_that_fit(stride_check: Check) -> None:
    found = only(
        stride_check(mutate("main kettlebell_swing 4 x 12 @ 20kg", "main back_squat 4 x 12")),
        "E102",
    )
    assert "`barbell`" in found.message
    assert found.hint is not None and "goblet_squat" in found.hint


def test_load_not_available_names_the_nearest_loads(stride_check: Check) -> None:
    found = only(stride_check(mutate("@ 16kg tempo", "@ 18kg tempo")), "E103")
    assert "18kg" in found.message
    assert found.hint == "nearest available: 16kg or 20kg"


def test_unknown_band_level(stride_check: Check) -> None:
    found = only(stride_check(mutate("@ band light", "@ band xheavy")), "E103")
    assert "light, medium, heavy" in found.message


def test_kg_in_an_lb_program_is_a_unit_mismatch(stride_check: Check) -> None:
    text = mutate("units kg", "units lb").replace(
        "kettlebell 12kg 16kg 20kg 24kg", "kettlebell 26lb 35lb 44lb 53lb"
    )
    found = [d for d in stride_check(text) if d.code == "E104"]
    assert found, "kg loads in an lb program must be reported"
    assert any("about 35.3lb" in (d.hint or "") for d in found)


def test_percentage_without_1rm_is_explained(stride_check: Check) -> None:
    found = only(stride_check(mutate("@ 16kg tempo", "@ 75% tempo")), "E104")
    assert "75% 1rm" in (found.hint or "")


@pytest.mark.parametrize("tempo", ["2-0-1", "2-0-1-0-0", "2-Y-1-0"])
def test_invalid_tempo(stride_check: Check, tempo: str) -> None:
    found = only(stride_check(mutate("tempo 2-0-1-0", f"tempo {tempo}")), "E105")
    assert tempo in found.message


def test_explosive_tempo_is_valid(stride_check: Check) -> None:
    assert stride_check(mutate("tempo 2-0-1-0", "tempo 3-1-X-0")) == []


def test_reps_range_upside_down(stride_check: Check) -> None:
    found = only(stride_check(mutate("double(8..12", "double(12..8")), "E110")
    assert "runs backwards" in found.message
    found = only(stride_check(mutate("3 x 8 @ 16kg", "3 x 12..8 @ 16kg")), "E106")
    assert found.hint == "write 8..12"


def test_schedule_names_missing_session(stride_check: Check) -> None:
    found = only(stride_check(mutate("thu: B", "thu: C")), "E107")
    assert "`C`" in found.message
    assert (
        only(stride_check(mutate("thu: B", "thu: C")), "W202").message
        == "session `B` is never scheduled"
    )


def test_session_never_scheduled(stride_check: Check) -> None:
    found = only(stride_check(mutate("schedule tue: A, thu: B", "schedule tue: A")), "W202")
    assert "`B`" in found.message


def test_consecutive_days_warn(stride_check: Check) -> None:
    found = only(stride_check(mutate("thu: B", "wed: B")), "W201")
    assert found.severity is Severity.WARNING
    assert "tue and wed" in found.message


def test_sunday_and_monday_are_consecutive(stride_check: Check) -> None:
    only(stride_check(mutate("schedule tue: A, thu: B", "schedule sun: A, mon: B")), "W201")


def test_unknown_day(stride_check: Check) -> None:
    found = only(stride_check(mutate("thu: B", "thurs: B")), "E114")
    assert found.hint == "did you mean `thu`?"


def test_unknown_progression_lists_installed_ones(stride_check: Check) -> None:
    found = only(stride_check(mutate("progress ladder", "progress laddr")), "E108")
    assert found.hint == "did you mean `ladder`?"


def test_unknown_periodization_style(stride_check: Check) -> None:
    found = only(stride_check(mutate("periodization block(", "periodization blok(")), "E109")
    assert "`block`" in (found.hint or "")


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("double(8..12)", "needs `step`"),
        ("double(8..12, +4kg, 8, 10%, 9)", "at most 4 arguments"),
        ("double(8, +4kg)", "must be a range such as 8..12"),
        ("double(8..12, 4)", "must be a load such as +4kg or 5%"),
        ("double(8..12, +4kg, efort: 8)", "did you mean `effort`?"),
        ("linear(+4kg, every: 2.5 weeks)", "must be a number of weeks"),
    ],
)
def test_wrong_arguments_to_a_progression(stride_check: Check, call: str, fragment: str) -> None:
    found = only(stride_check(mutate("double(8..12, +4kg)", call)), "E110")
    assert fragment in f"{found.message} {found.hint}"


def test_arguments_to_a_user_defined_progression_are_checked(stride_check: Check) -> None:
    found = only(stride_check(mutate("progress mine(+4kg)", "progress mine(2)")), "E110")
    assert "`step` must be a load" in found.message


def test_periodization_that_does_not_add_up(stride_check: Check) -> None:
    found = only(stride_check(mutate("build: 4", "build: 6")), "W206")
    assert "14 weeks" in found.message and "12" in found.message


def test_rule_scope_matching_nothing(stride_check: Check) -> None:
    found = only(stride_check(mutate("in accessory {", "in pattern push {")), "W203")
    assert "fatigue cuts volume first" in found.message


def test_unknown_pattern_in_scope(stride_check: Check) -> None:
    found = only(stride_check(mutate("in accessory {", "in pattern singel_leg {")), "E121")
    assert found.hint == "did you mean `single_leg`?"


def test_unreachable_clause_after_otherwise(stride_check: Check) -> None:
    text = mutate("    otherwise: hold\n", "    otherwise: hold\n    when rpe >= 10: deload\n")
    found = only(stride_check(text), "W204")
    assert "never runs" in found.message


def test_unknown_name_and_type_errors_in_conditions(stride_check: Check) -> None:
    text = mutate("when completed and rpe <= 8", "when complete and form > 3")
    found = stride_check(text)
    assert "E116" in codes(found) and "E117" in codes(found)
    unknown = only(found, "E116")
    assert unknown.hint == "did you mean `completed`?"


def test_is_test_checks_the_word(stride_check: Check) -> None:
    found = only(stride_check(mutate("when completed and rpe <= 8", "when form is bad")), "E116")
    assert "good, ok, poor" in found.message


def test_action_targets_and_types(stride_check: Check) -> None:
    found = stride_check(mutate("load += step", "weight += step, reps += 2kg"))
    assert codes(found).count("E116") == 1
    assert codes(found).count("E117") == 1


def test_every_semantic_error_in_a_file_is_reported(stride_check: Check) -> None:
    text = (
        VALID.replace("main goblet_squat", "main gobelt_squat")
        .replace("tempo 2-0-1-0", "tempo 2-0")
        .replace("progress ladder", "progress laddr")
        .replace("thu: B", "thu: C")
    )
    found = codes(stride_check(text))
    # tempo 2-0 is a syntax error, so use a valid-syntax but wrong tempo instead:
    text = text.replace("tempo 2-0", "tempo 2-0-1")
    found = codes(stride_check(text))
    for code in ("E101", "E105", "E108", "E107"):
        assert code in found


def test_missing_header_settings(stride_check: Check) -> None:
    text = VALID.replace("  units kg\n", "").replace("  weeks 12\n", "")
    found = stride_check(text)
    assert codes(found).count("E119") == 2


def test_duplicate_session(stride_check: Check) -> None:
    text = mutate('session B "Single leg and carry"', 'session A "Single leg and carry"')
    assert "E113" in codes(stride_check(text))


def test_measure_and_side_mismatch(stride_check: Check) -> None:
    found = stride_check(mutate("side_plank 30s per side", "side_plank 10 per side"))
    assert only(found, "W205").message.startswith("`side_plank` is measured in seconds")
    found = stride_check(mutate("glute_bridge 2 x 10", "glute_bridge 2 x 10 per side"))
    only(found, "W207")
    found = stride_check(mutate("3 x 8 per side @ bodyweight", "3 x 8 @ bodyweight"))
    only(found, "W207")


def test_missing_sets_outside_a_circuit(stride_check: Check) -> None:
    found = only(stride_check(mutate("glute_bridge 2 x 10", "glute_bridge 10")), "E118")
    assert "3 x 8" in (found.hint or "")


def test_session_over_time_budget(stride_check: Check) -> None:
    found = only(stride_check(mutate("time budget 60min", "time budget 30min")), "W209")
    assert "time budget is 30 min" in found.message


def test_unknown_equipment(stride_check: Check) -> None:
    found = only(stride_check(mutate("bands light", "bandz light")), "E111")
    assert found.hint == "did you mean `band`?"


def test_invalid_equipment_values(stride_check: Check) -> None:
    found = only(stride_check(mutate("bands light medium heavy", "bands 10kg")), "E112")
    assert "by level" in found.message


def test_fragment_files_are_checked_on_their_own(stride_check: Check) -> None:
    fragment = "session W {\n  warmup { hip_flexor_strech 2 x 30s per side }\n}\n"
    assert codes(stride_check(fragment)) == ["E101"]


def test_ladder_without_a_harder_variant_is_noted(stride_check: Check) -> None:
    text = mutate("accessory split_squat 3 x 8", "accessory bulgarian_split_squat 3 x 8")
    found = only(stride_check(text), "W210")
    assert found.severity is Severity.INFO
    assert "after `bulgarian_split_squat`" in found.message


def test_phase_names_come_from_the_periodization_style(stride_check: Check) -> None:
    text = mutate("    otherwise: hold\n", "    when phase is taper: hold\n    otherwise: hold\n")
    assert stride_check(text) == []
    found = only(stride_check(text.replace("phase is taper", "phase is tapr")), "E116")
    assert "base, build, taper" in found.message and found.hint == "did you mean `taper`?"


def test_missing_equipment_is_reported_once_per_line(stride_check: Check) -> None:
    text = VALID.replace("kettlebell 12kg 16kg 20kg 24kg, ", "")
    found = [d for d in stride_check(text) if d.span.line == 16]
    assert [d.code for d in found] == ["E102"]


# ---------------------------------------------------------------- the checked program


def test_the_checked_program_holds_what_the_checker_resolved() -> None:
    """The compiler is handed the checker's bindings, equipment and schedule: a call's
    arguments are matched to its parameters once, with the defaults it left out."""
    from pathlib import Path

    from stridelift.core.check import check_program
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.language import ast
    from stridelift.core.language.sources import Loader

    path = Path(__file__).parents[1] / "programs" / "minimal-equipment.stride"
    result = check_program(Loader().load(path), make_plugin_manager(entry_points=False))
    checked = result.checked
    assert result.ok and checked is not None
    assert (checked.title, checked.units, checked.weeks) == (
        "Runner strength: minimal equipment",
        "kg",
        12,
    )
    assert checked.schedule[:2] == (("tue", "A"), ("thu", "B"))
    assert checked.available["kettlebell"].loads == (16.0, 24.0)
    assert checked.style is not None and checked.style.style.name == "block"
    assert checked.style.values == {
        "base": 6.0,
        "build": 4.0,
        "taper": 2.0,
        "in_season": 0.0,
        "build_reps": 0.0,
    }
    jumps = [b for call, b in checked.calls.items() if call.name == "bell_jump"]
    assert [b.arg("low..high") for b in jumps] == [ast.Range(10, 15), ast.Range(8, 12)]
    assert jumps[0].values()["low"] == 10 and jumps[0].values()["high"] == 15
    assert jumps[0].defaulted == {"effort"} and jumps[0].arg("effort") == ast.Number(7)
    assert jumps[0].definition is not None and jumps[0].definition.name == "bell_jump"
    ladder = next(b for call, b in checked.calls.items() if call.name == "ladder")
    assert ladder.defaulted == frozenset(p.name for p in ladder.params)


def test_a_fragment_has_no_checked_program(tmp_path: object) -> None:
    from pathlib import Path

    from stridelift.core.check import check_program
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.language.sources import Loader

    assert isinstance(tmp_path, Path)
    (tmp_path / "pyproject.toml").touch()
    fragment = tmp_path / "warmups.stride"
    fragment.write_text('session W "Warm-up" {\n  warmup 5min { glute_bridge 2 x 10 }\n}\n')
    result = check_program(Loader().load(fragment), make_plugin_manager(entry_points=False))
    assert result.checked is None and not result.ok


@pytest.mark.parametrize("condition", ["- form is poor", "- - completed", "-(rpe > 8)"])
def test_a_sign_before_a_word_or_a_condition_is_a_type_error(
    stride_check: Check, condition: str
) -> None:
    """Found by tools/fuzz.py: `- form is poor` passed the check, and `plan` crashed
    negating the word."""
    text = VALID.replace("when rpe >= 9.5 for 2 weeks: load -= 10%", f"when {condition}: hold")
    assert text != VALID
    found = only(stride_check(text), "E117")
    assert "needs a number" in found.message
