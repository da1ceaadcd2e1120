"""Tests for the formatter: canonical layout, comments, AST round trip, idempotence."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bench.corpus import EXERCISES, generate_corpus, generate_program  # noqa: E402
from stridelift.core.language import ast  # noqa: E402
from stridelift.core.language.layout import FormatResult, format_document, format_text  # noqa: E402
from stridelift.core.language.parse import parse_text, read_source  # noqa: E402
from stridelift.core.language.unparse import format_expr, format_number, format_string  # noqa: E402
from stridelift.plugins import catalog  # noqa: E402

# ---------------------------------------------------------------- samples that need no files

SKETCH = """\
# One kettlebell, a set of bands, bodyweight.
program "Runner strength: minimal equipment" {
  units kg
  equipment kettlebell 12kg 16kg 20kg 24kg, bands light medium heavy, bodyweight
  weeks 12
  periodization block(base: 6, build: 4, taper: 2)
  deload every 4 weeks
  schedule tue: A, thu: B
  time budget 45min

  session A "Squat and hinge" {
    warmup 10min {
      hip_flexor_stretch 2 x 30s per side
      glute_bridge 2 x 10
      band_lateral_walk 2 x 12 per side @ band light  # trailing
    }
    main goblet_squat 3 x 8 @ 16kg tempo 2-0-1-0 rest 90s progress double(8..12, +4kg)
    main kettlebell_swing 4 x 12 @ 20kg rest 60s progress linear(+4kg, every: 2 weeks)
    accessory bulgarian_split_squat 3 x 8 per side @ bodyweight progress ladder
    accessory standing_calf_raise 3 x 15 tempo 3-0-1-0 @ rpe 8
    accessory circuit 3 rounds rest 60s { pallof_press 10 per side; side_plank 30s per side }
    main front_squat 3 x 5 @ 75% 1rm rir 2
    cooldown 8min { calf_stretch 2 x 30s per side }
  }

  progression double(low..high, step: load) {
    when completed and reps >= high and rpe <= 8: load += step, reps = low
    when completed and rpe <= 8: reps += 1
    when rpe >= 9.5 for 2 weeks: load -= 10%
    when form is not poor and (fatigue > 3 or -sleep < 2 * 3): tempo = 3-1-X-0, note "slow"
    otherwise: hold
  }

  rule "fatigue cuts volume first" in accessory, pattern single_leg {
    when fatigue >= 7 or soreness >= 7: sets -= 1
  }
}
"""

FRAGMENT = """\
# Shared pieces, included by several programs.
include "warmups.stride"   # the warm-up library

session B {   # lower body, light
    warmup { pogo_hop 2 x 20 ; box_jump 3 x 3 }  # plyo primer
  main split_squat 3 x 10 per side @ 12kg rest 60s
    accessory superset rest 45s {
      # pair these
      copenhagen_plank 2 x 20s per side
      suitcase_carry 3 x 40m per side @ 24kg
      # end of pair
    }
}



progression steady(effort: number = 8, streak: weeks = 2 weeks) {
  when form is poor for 2 weeks: regress, note "back to the \\"easy\\" one"
  when completed and rpe <= effort for streak weeks: advance
  # nothing else applies
  otherwise: hold
}
rule "taper trims" in session B, goblet_squat, pattern hinge { when phase is taper: sets *= 0.5 }
# end of fragment"""

HEADER = """\
program "Spring marathon" {
  units kg
  weeks 12
  race 2027-04-18   "Boston"  # the goal
  running wed: quality,sun: long , tue: easy, sat: race
  policy   {
    # deloads lighter than the default
    deload_sets 60%  ; rep_cap 12
      backoff_rpe 9.5   # trailing
    e1rm_method epley
    lint W211 off
    lint load-jump threshold 15%
  }
  schedule mon: A
  session A { main push_up 3 x 10 }
}
program "later" { race 2027-10-01; policy {} }
"""

ASSESSMENT = """\
program "Screened" {
  units kg
  equipment kettlebell 16kg 24kg
  weeks 12
  periodization block(base: 6, build: 4, taper: 2)
  assessment   every 6 weeks {
    goblet_squat 8   rep  max  # the heaviest bell for 8
    single_leg_calf_raise reps to   failure per side
    knee_to_wall cm per side ; body_weight kg
  }
  schedule tue: A
  session A { main goblet_squat 3 x 8 @ 75% 1rm }
  rule "ankles" {
    when knee_to_wall < 10cm or asymmetry( single_leg_calf_raise ) > 10%: note "ankles"
  }
}
program "later" { assessment every phase {} ; assessment { side_plank s per side } }
"""

SAMPLES = {"sketch": SKETCH, "fragment": FRAGMENT, "header": HEADER, "assessment": ASSESSMENT}


def program_files() -> list[Path]:
    """Every shipped program, found at test time (there may be none yet)."""
    found = sorted((ROOT / "programs").rglob("*.stride"))
    found += sorted((ROOT / "plugins").glob("*.stride"))
    return found


@cache
def corpus() -> tuple[str, ...]:
    return tuple(generate_corpus(200, seed=2024))


@cache
def big_program() -> str:
    return generate_program(5000, seed=0)


# ---------------------------------------------------------------- the properties


def check(text: str) -> str:
    """Format ``text`` and check every promise the formatter makes; return the output."""
    before = parse_text(text)
    assert before.document is not None, before.diagnostics
    result = format_text(text)
    assert isinstance(result, FormatResult)
    assert result.diagnostics == before.diagnostics
    out = result.output
    assert out is not None
    # one newline at the end, none extra
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))
    # the same program
    after = parse_text(out)
    assert after.document is not None, (after.diagnostics, out)
    assert after.document == before.document
    # every comment, once, in order
    assert [c.text for c in after.comments] == [c.text for c in before.comments]
    # a fixed point
    assert format_text(out).output == out
    check_layout(out)
    return out


def check_layout(out: str) -> None:
    lines = out.split("\n")[:-1]
    for number, line in enumerate(lines):
        where = f"line {number + 1}: {line!r}"
        assert line == line.rstrip(), where
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, where
        assert not line[indent:].startswith("\t"), where
        if not line:
            assert 0 < number < len(lines) - 1, "blank line at the start or end"
            assert lines[number - 1], "two blank lines in a row"
            assert not lines[number - 1].endswith("{"), "blank line after {"
            assert not lines[number + 1].lstrip().startswith("}"), "blank line before }"


# ---------------------------------------------------------------- round trips over many inputs


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_inline_samples(name: str) -> None:
    check(SAMPLES[name])


@pytest.mark.parametrize(
    "path", program_files(), ids=lambda p: str(p.relative_to(ROOT)) if isinstance(p, Path) else p
)
def test_program_files(path: Path) -> None:
    text, problems = read_source(path)
    assert text is not None, f"a shipped program must be readable: {problems}"
    parsed = parse_text(text, str(path))
    if parsed.document is None:
        # An example of a broken file: the formatter must refuse it, not crash.
        result = format_text(text, str(path))
        assert result.output is None
        assert result.diagnostics
        return
    check(text)


@pytest.mark.parametrize("index", range(200))
def test_generated_corpus(index: int) -> None:
    check(corpus()[index])


def test_big_generated_program() -> None:
    text = big_program()
    assert 4900 <= len(text.splitlines()) <= 5100
    out = check(text)
    assert len(out.splitlines()) > 4000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32))
def test_random_corpus_seeds(seed: int) -> None:
    check(generate_corpus(1, seed=seed)[0])


# ---------------------------------------------------------------- expressions


NAMES = st.sampled_from(["a", "b", "c", "rpe", "load", "reps", "fatigue"])
ATOMS = st.one_of(
    st.builds(ast.Number, st.integers(0, 100).map(float)),
    st.builds(
        ast.Number, st.floats(0, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=True)
    ),
    st.builds(
        ast.Quantity, st.sampled_from([2.5, 4.0, 10.0, 75.0]), st.sampled_from(["kg", "%", "s"])
    ),
    st.builds(ast.Name, NAMES),
)


def _compound(inner: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    pairs = st.lists(inner, min_size=2, max_size=3).map(tuple)
    return st.one_of(
        st.builds(ast.Unary, st.sampled_from(["+", "-"]), inner),
        st.builds(ast.BinOp, st.sampled_from(["+", "-", "*", "/"]), inner, inner),
        st.builds(ast.Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), inner, inner),
        st.builds(
            ast.IsTest,
            inner,
            st.builds(ast.Word, st.sampled_from(["poor", "taper"])),
            st.booleans(),
        ),
        st.builds(ast.BoolOp, st.sampled_from(["and", "or"]), pairs),
        st.builds(ast.Not, inner),
        st.builds(ast.ForWeeks, inner, st.one_of(st.integers(1, 4), st.just("streak"))),
    )


EXPRESSIONS = st.recursive(ATOMS, _compound, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(EXPRESSIONS)
def test_expressions_print_with_the_parentheses_they_need(expr: ast.Expr) -> None:
    condition = format_expr(expr, 0)
    value = format_expr(expr)
    text = f"progression p {{\n  when {condition}: load = {value}\n}}\n"
    parsed = parse_text(text)
    assert parsed.document is not None, (parsed.diagnostics, text)
    [progression] = parsed.document.items
    assert isinstance(progression, ast.ProgressionDef)
    [clause] = progression.clauses
    assert clause.condition == expr
    [action] = clause.actions
    assert isinstance(action, ast.SetAction)
    assert action.value == expr
    assert format_text(text).output == text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("(a or b) and c", "(a or b) and c"),
        ("a or (b and c)", "a or b and c"),
        ("a - (b - c) > 0", "a - (b - c) > 0"),
        ("(a - b) - c > 0", "a - b - c > 0"),
        ("not (a and b)", "not (a and b)"),
        ("(not a) and b", "not a and b"),
        ("((a)) + (b * c) > 1", "a + b * c > 1"),
        ("(a + b) * c > 1", "(a + b) * c > 1"),
        ("a / (b * c) > 1", "a / (b * c) > 1"),
        ("-(a + b) < 2", "-(a + b) < 2"),
        ("- -a < 2", "--a < 2"),
        ("(a < b) == c", "(a < b) == c"),
        ("(a + 1) is poor", "a + 1 is poor"),
        ("(a is poor) is not good", "(a is poor) is not good"),
        ("(a or b) or c", "(a or b) or c"),
        ("a or b or c", "a or b or c"),
        ("(rpe >= 9) for 2 weeks", "rpe >= 9 for 2 weeks"),
        ("(a for 2 weeks) and b", "(a for 2 weeks) and b"),
        ("(a or b for streak weeks) for 1 week", "(a or b for streak weeks) for 1 week"),
        # numbers keep their spelling: fmt never rewrites what the coach wrote
        ("rpe >= 9.50 and load > 16.0kg", "rpe >= 9.50 and load > 16.0kg"),
        ("reps >= 08 and rest > 090s", "reps >= 08 and rest > 090s"),
    ],
)
def test_minimal_parentheses(source: str, expected: str) -> None:
    out = check(f"progression p {{\n  when {source}: hold\n}}\n")
    assert out == f"progression p {{\n  when {expected}: hold\n}}\n"


def test_for_weeks_is_wrapped_when_used_as_a_value() -> None:
    out = check("progression p {\n  when a: load = (b for 2 weeks)\n}\n")
    assert "load = (b for 2 weeks)" in out


def test_numbers() -> None:
    assert format_number(8.0) == "8"
    assert format_number(9.5) == "9.5"
    assert format_number(1e-05) == "0.00001"
    assert format_number(3) == "3"
    assert float(format_number(1e300)) == 1e300
    assert float(format_number(float("inf"))) == float("inf")


def test_strings_are_re_escaped() -> None:
    assert format_string('say "go" \\ now') == '"say \\"go\\" \\\\ now"'
    out = check('session A {\n  main push_up 3 x 10 cue "say \\"up\\""\n}\n')
    assert 'cue "say \\"up\\""' in out


# ---------------------------------------------------------------- canonical layout


MESSY = """\


# header comment

# second header
program   "Messy"{   # after brace

  # first
  units kg;weeks 12


  equipment kettlebell 16kg   24kg ,bands light heavy,dumbbells 2kg to 20kg by 2kg , bodyweight
  deload weeks 4,8   # deloads
  # before schedule
  schedule tue: A,thu:B
  # dangling before the session

  session A{
      warmup 5min {
         calf_stretch 2 x 30s per side
      }

      main goblet_squat  3 x 8 rest 90s  @ rpe 8   cue "chest up" tempo 2-0-1-0   # top set
      accessory superset {

        push_up 3 x 10; inverted_row 3 x 10 }  # end superset
      cooldown { hip_flexor_stretch 1 x 30s per side
        calf_stretch 1 x 30s per side }


      # before close
  }
  progression p( low .. high : reps , step : load = 2.50kg ) {
    when a - (b - c) > 1 and (a - b) - c > 2: deload
    # explain
    otherwise: hold  # default
  }


  # trailing section

}
# end of file"""

MESSY_FORMATTED = """\
# header comment

# second header
program "Messy" {  # after brace
  # first
  units kg
  weeks 12

  equipment kettlebell 16kg 24kg, bands light heavy, dumbbells 2kg to 20kg by 2kg, bodyweight
  deload weeks 4, 8  # deloads
  # before schedule
  schedule tue: A, thu: B
  # dangling before the session

  session A {
    warmup 5min { calf_stretch 2 x 30s per side }
    main goblet_squat 3 x 8 @ rpe 8 tempo 2-0-1-0 rest 90s cue "chest up"  # top set
    accessory superset {
      push_up 3 x 10
      inverted_row 3 x 10
    }  # end superset
    cooldown {
      hip_flexor_stretch 1 x 30s per side
      calf_stretch 1 x 30s per side
    }
    # before close
  }
  progression p(low..high: reps, step: load = 2.50kg) {
    when a - (b - c) > 1 and a - b - c > 2: deload
    # explain
    otherwise: hold  # default
  }

  # trailing section
}
# end of file
"""


def test_messy_input_becomes_canonical() -> None:
    assert check(MESSY) == MESSY_FORMATTED


def test_sketch_layout() -> None:
    out = check(SKETCH)
    lines = out.splitlines()
    assert "    accessory standing_calf_raise 3 x 15 @ rpe 8 tempo 3-0-1-0" in lines
    assert "    accessory circuit 3 rounds rest 60s {" in lines
    assert "      pallof_press 10 per side" in lines
    assert "    cooldown 8min { calf_stretch 2 x 30s per side }" in lines
    assert "    main front_squat 3 x 5 @ 75% 1rm rir 2" in lines
    assert "      band_lateral_walk 2 x 12 per side @ band light  # trailing" in lines
    clause = "when form is not poor and (fatigue > 3 or -sleep < 2 * 3): tempo = 3-1-X-0"
    assert f'    {clause}, note "slow"' in lines


def test_fragment_layout() -> None:
    assert (
        check(FRAGMENT)
        == """\
# Shared pieces, included by several programs.
include "warmups.stride"  # the warm-up library

session B {  # lower body, light
  warmup {
    pogo_hop 2 x 20
    box_jump 3 x 3
  }  # plyo primer
  main split_squat 3 x 10 per side @ 12kg rest 60s
  accessory superset rest 45s {
    # pair these
    copenhagen_plank 2 x 20s per side
    suitcase_carry 3 x 40m per side @ 24kg
    # end of pair
  }
}

progression steady(effort: number = 8, streak: weeks = 2 weeks) {
  when form is poor for 2 weeks: regress, note "back to the \\"easy\\" one"
  when completed and rpe <= effort for streak weeks: advance
  # nothing else applies
  otherwise: hold
}
rule "taper trims" in session B, goblet_squat, pattern hinge {
  when phase is taper: sets *= 0.5
}
# end of fragment
"""
    )


def test_option_order_is_canonical() -> None:
    text = (
        'session A {\n  main goblet_squat 3 x 8..12 cue "up" progress double(8..12, +4kg) '
        "rest 2min tempo 3-1-X-0 @ 16kg rpe 8\n}\n"
    )
    assert check(text) == (
        "session A {\n  main goblet_squat 3 x 8..12 @ 16kg rpe 8 tempo 3-1-X-0 rest 2min "
        'progress double(8..12, +4kg) cue "up"\n}\n'
    )


def test_prescriptions_and_loads() -> None:
    text = """\
session A {
  main push_up 3 x amrap @ bodyweight
  accessory circuit 2 rounds {
    clamshell 10 per side @ band medium
    pogo_hop amrap
    side_plank 30s per side
    farmers_carry 40m @ 24kg
  }
  main front_squat 5 x 3 @ 82.5% 1rm
  main step_up
}
"""
    assert check(text) == text


def test_one_line_block() -> None:
    text = "session A {\n  cooldown 8min {\n\n    calf_stretch 2 x 30s per side\n  }\n}\n"
    assert check(text) == "session A {\n  cooldown 8min { calf_stretch 2 x 30s per side }\n}\n"


def test_one_line_block_keeps_trailing_comment() -> None:
    text = "session A {\n  cooldown {\n    calf_stretch 2 x 30s per side\n  }  # easy\n}\n"
    assert check(text) == "session A {\n  cooldown { calf_stretch 2 x 30s per side }  # easy\n}\n"


@pytest.mark.parametrize(
    "inner",
    [
        "    calf_stretch 2 x 30s per side  # hold it\n",
        "    # before\n    calf_stretch 2 x 30s per side\n",
        "    calf_stretch 2 x 30s per side\n    # after\n",
    ],
)
def test_block_with_a_comment_inside_stays_open(inner: str) -> None:
    text = f"session A {{\n  cooldown {{\n{inner}  }}\n}}\n"
    assert check(text) == text


def test_block_too_long_for_one_line_stays_open() -> None:
    cue = "keep the back knee soft and the front heel down, breathe out on the way up"
    text = f'session A {{\n  cooldown {{ calf_stretch 2 x 30s per side cue "{cue}" }}\n}}\n'
    out = check(text)
    assert out == (
        f'session A {{\n  cooldown {{\n    calf_stretch 2 x 30s per side cue "{cue}"\n  }}\n}}\n'
    )


def test_groups_in_blocks_indent_further() -> None:
    text = (
        "session A { accessory 12min { step_up 3 x 8 per side; "
        "superset { push_up 3 x 10; inverted_row 3 x 8 } } }"
    )
    assert check(text) == (
        "session A {\n"
        "  accessory 12min {\n"
        "    step_up 3 x 8 per side\n"
        "    superset {\n"
        "      push_up 3 x 10\n"
        "      inverted_row 3 x 8\n"
        "    }\n"
        "  }\n"
        "}\n"
    )


def test_empty_blocks() -> None:
    assert check("session A {\n\n}\n") == "session A {}\n"
    assert check("session A { warmup {\n} }") == "session A {\n  warmup {}\n}\n"
    assert check("session A {  # soon\n}\n") == "session A {  # soon\n}\n"


def test_blank_lines_collapse_between_program_items() -> None:
    text = (
        'program "P" {\n\n\n  units kg\n\n\n\n  weeks 8\n  session A {\n\n'
        "    main push_up 3 x 10\n\n\n    main inverted_row 3 x 10\n\n  }\n\n\n}\n\n\n"
    )
    assert check(text) == (
        'program "P" {\n  units kg\n\n  weeks 8\n  session A {\n'
        "    main push_up 3 x 10\n    main inverted_row 3 x 10\n  }\n}\n"
    )


def test_blank_line_position_among_comments_is_kept() -> None:
    text = 'program "P" {\n  units kg\n  # about weeks\n\n  weeks 8\n}\n'
    assert check(text) == text
    text = 'program "P" {\n  units kg\n\n  # about weeks\n  weeks 8\n}\n'
    assert check(text) == text


def test_header_statements() -> None:
    text = """\
program "H" {
  units   lb
  equipment   barbell 20kg 2.5kg to 100kg by 2.5kg ,  bodyweight
  weeks 10
  periodization   linear ( )
  deload every 1 weeks
  schedule mon : S1 , fri : S2
  time budget 1h
  include "more.stride"
}
"""
    assert (
        check(text)
        == """\
program "H" {
  units lb
  equipment barbell 20kg 2.5kg to 100kg by 2.5kg, bodyweight
  weeks 10
  periodization linear
  deload every 1 week
  schedule mon: S1, fri: S2
  time budget 1h
  include "more.stride"
}
"""
    )


def test_actions_and_params() -> None:
    text = """\
progression p(low..high, step: load, every: weeks = 1 week, range = 8..12, effort: number = 8) {
  when a: tempo += 1, tempo = 3-1-X-0, load *= 1.5, note "n", hold, deload, advance, regress
  otherwise: load -= step * 2
}
"""
    assert check(text) == text


def test_semicolons_split_into_lines() -> None:
    assert check("session A { main push_up 3 x 10; main inverted_row 3 x 10 }  # both") == (
        "session A {\n  main push_up 3 x 10\n  main inverted_row 3 x 10\n}  # both\n"
    )


def test_trailing_comment_goes_to_the_last_item_on_its_line() -> None:
    text = "session A {\n  main push_up 3 x 10; main inverted_row 3 x 10  # pull\n}\n"
    assert check(text) == (
        "session A {\n  main push_up 3 x 10\n  main inverted_row 3 x 10  # pull\n}\n"
    )


def test_comments_before_closing_brace_stay_inside() -> None:
    text = "session A {\n  main push_up 3 x 10\n# one\n        # two\n}\n"
    assert check(text) == "session A {\n  main push_up 3 x 10\n  # one\n  # two\n}\n"


def test_comments_at_end_of_file() -> None:
    text = "session A {\n  main push_up 3 x 10\n}\n\n\n# the end\n   # really"
    assert check(text) == "session A {\n  main push_up 3 x 10\n}\n\n# the end\n# really\n"


def test_only_comments() -> None:
    assert check("# nothing yet\n\n\n# still nothing\n") == "# nothing yet\n\n# still nothing\n"


def test_empty_file() -> None:
    assert format_text("").output == ""
    assert format_text("\n\n  \n").output == ""


def test_crlf_input() -> None:
    text = 'program "P" {\r\n  units kg  # metric\r\n  weeks 8\r\n}\r\n'
    assert check(text) == 'program "P" {\n  units kg  # metric\n  weeks 8\n}\n'


def test_deload_none_and_otherwise_keep_their_comments() -> None:
    # The parser gives these nodes no position; the formatter still places comments right.
    text = """\
program "P" {
  units kg
  # never deload
  deload none  # short block
  weeks 6
  progression p {
    when a > 1: hold
    # fall back
    otherwise: hold  # default
  }
}
"""
    assert check(text) == text
    parsed = parse_text(text)
    assert parsed.document is not None
    assert format_document(parsed.document, parsed.comments) == text


def test_format_document_without_spans() -> None:
    line = ast.ExerciseLine(
        "goblet_squat",
        ast.Prescription(3, ast.RepRange(8, 12)),
        load=ast.WeightLoad(ast.Quantity(16.0, "kg")),
        rest=ast.Quantity(90.0, "s"),
    )
    doc = ast.Document(
        (
            ast.Session("A", (ast.Phase("main", (line,)),), "Legs"),
            ast.Rule(
                "r",
                (ast.ScopeItem("phase", "main"),),
                (ast.Clause(None, (ast.SimpleAction("hold"),)),),
            ),
        )
    )
    assert format_document(doc, []) == (
        'session A "Legs" {\n  main goblet_squat 3 x 8..12 @ 16kg rest 90s\n}\n'
        'rule "r" in main {\n  otherwise: hold\n}\n'
    )


def test_long_operator_chains_do_not_recurse() -> None:
    # Within the parser's limit, a long `a + a + ... + a` formats in a loop, not by recursion.
    chain = " + ".join(["a"] * 90) + " - b * c * d"
    text = f"progression p {{\n  when {chain} > 1: load = {chain}\n}}\n"
    result = format_text(text)
    assert result.output == text
    assert format_text(result.output).output == text


def test_operator_chain_past_the_limit_is_refused() -> None:
    chain = " + ".join(["a"] * 3000)
    result = format_text(f"progression p {{\n  when {chain} > 1: hold\n}}\n")
    assert result.output is None
    assert [d.code for d in result.diagnostics] == ["S005"]


# ---------------------------------------------------------------- refusing bad input


def test_syntax_error_gives_no_output() -> None:
    result = format_text("session A {\n  main goblet_squat 3 x\n}\n", "bad.stride")
    assert result.output is None
    assert [d.code for d in result.diagnostics] == ["S001"]
    assert result.diagnostics[0].path == "bad.stride"


def test_too_deep_gives_no_output() -> None:
    text = "progression p {\n  when " + "(" * 80 + "a" + ")" * 80 + ": hold\n}\n"
    result = format_text(text)
    assert result.output is None
    assert "S005" in [d.code for d in result.diagnostics]


def test_a_file_with_errors_gets_no_layout() -> None:
    # Laid out, the second rest would vanish and the S008 with it.
    result = format_text("session A {\n  main push_up 3 x 10 rest 60s rest 90s\n}\n")
    assert "S008" in [d.code for d in result.diagnostics]
    assert result.output is None


def test_a_layout_that_would_change_the_program_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """fmt checks its own output: a layout bug (here, one that drops the rest)
    leaves the file alone with S011 instead of writing a different program."""
    from stridelift.core.language import layout

    real = layout.format_document
    monkeypatch.setattr(
        layout,
        "format_document",
        lambda *a, **k: real(*a, **k).replace(" rest 60s", ""),
    )
    result = format_text("session A {\n  main push_up 3 x 10   rest 60s\n}\n")
    assert result.output is None
    assert [d.code for d in result.diagnostics] == ["S011"]


# ---------------------------------------------------------------- the generators


# The generators may use any exercise the built-in catalog knows (and nothing else).
ALLOWED_EXERCISES = frozenset(exercise.name for exercise in catalog.EXERCISES)


def test_generators_are_deterministic() -> None:
    assert generate_corpus(5, seed=1) == generate_corpus(5, seed=1)
    assert generate_corpus(5, seed=1) != generate_corpus(5, seed=2)
    assert generate_program(300, seed=3) == generate_program(300, seed=3)
    assert set(EXERCISES) <= ALLOWED_EXERCISES


def test_big_program_is_realistic() -> None:
    parsed = parse_text(big_program())
    assert parsed.document is not None
    assert parsed.diagnostics == []
    program = parsed.document.program
    assert program is not None
    sessions = program.all(ast.Session)
    assert len(sessions) > 100
    assert program.all(ast.ProgressionDef)
    assert program.all(ast.Rule)
    assert sum(c.trailing for c in parsed.comments) > 50
    assert sum(not c.trailing for c in parsed.comments) > 50
    weights = {float(kg) for kg in (8, 12, 16, 20, 24, 32)} | {float(kg) for kg in range(2, 41, 2)}
    for session in sessions:
        for _, line in session.exercises():
            assert line.name in ALLOWED_EXERCISES
            if isinstance(line.load, ast.WeightLoad):
                assert line.load.quantity.unit == "kg"
                assert line.load.quantity.value in weights
            per_side = EXERCISES[line.name].per_side
            assert line.prescription is not None
            assert line.prescription.per_side == per_side, line


def test_corpus_covers_the_grammar() -> None:
    """Every rule, alias and terminal of stride.lark occurs in what the round trips format.

    The round-trip tests above only guard the syntax they meet; a rule added to
    the grammar without a sample fails here (blark's ``test_uncovered_grammar``).
    """
    from lark import Lark, Token

    from stridelift.grammar import grammar_text

    # A plain tree with every token kept: Lark's own view of which rules and terminals matched.
    parser = Lark(grammar_text(), parser="lalr", keep_all_tokens=True)
    rules: set[str] = set()
    for rule in parser.rules:
        if rule.options.expand1 and len(rule.expansion) == 1 and not rule.alias:
            continue  # `?rule: other` is inlined and never appears in a tree
        name = str(rule.alias or rule.origin.name)
        if not name.startswith("_"):
            rules.add(name)
    terminals = {t.name for t in parser.terminals} - {"COMMENT"} - set(parser.ignore_tokens)
    seen_rules: set[str] = set()
    seen_terminals: set[str] = set()
    texts = (*SAMPLES.values(), *corpus(), generate_program(400, seed=1))
    for text in texts:
        tree = parser.parse(text)
        for subtree in tree.iter_subtrees():
            seen_rules.add(str(subtree.data))
            seen_terminals.update(c.type for c in subtree.children if isinstance(c, Token))
    assert rules - seen_rules == set()
    assert terminals - seen_terminals == set()
    assert any("#" in text for text in texts)  # and comments, which the tree leaves out


def test_fmt_writes_through_a_symlink_only_inside_its_folder(tmp_path: Path) -> None:
    from conftest import invoke

    messy = "session A {\n  main push_up   3 x 10\n}\n"
    tidy = "session A {\n  main push_up 3 x 10\n}\n"
    outside = tmp_path / "elsewhere" / "theirs.stride"
    outside.parent.mkdir()
    outside.write_text(messy)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "real.stride").write_text(messy)
    (mine / "inside.stride").symlink_to(mine / "real.stride")
    (mine / "outside.stride").symlink_to(outside)

    done = invoke("fmt", str(mine / "inside.stride"), str(mine / "outside.stride"))
    assert done.exit_code == 1
    assert (mine / "inside.stride").is_symlink()  # the link stays a link
    assert (mine / "real.stride").read_text() == tidy
    assert outside.read_text() == messy  # not written through the link out
    assert (mine / "outside.stride").is_symlink()
    assert "outside its folder; not written" in done.stderr


def test_fmt_leaves_a_read_only_file_alone_and_formats_the_rest(tmp_path: Path) -> None:
    """A read-only file stopped the run with an internal error, so the files after it
    were never formatted."""
    from conftest import invoke

    messy = "session A {\n  main push_up   3 x 10\n}\n"
    tidy = "session A {\n  main push_up 3 x 10\n}\n"
    (tmp_path / "pyproject.toml").touch()
    locked, other = tmp_path / "a.stride", tmp_path / "b.stride"
    for path in (locked, other):
        path.write_text(messy)
    locked.chmod(0o444)
    done = invoke("fmt", str(locked), str(other))
    assert done.exit_code == 1
    assert "the file is read-only; the file is unchanged" in done.stderr
    assert locked.read_text() == messy and other.read_text() == tidy
    assert "1 file(s) reformatted, 0 unchanged, 1 not formatted" in done.stderr


def test_nesting_at_the_limit_formats_without_a_recursion_error() -> None:
    """64 nested `not (` crashed fmt's printer with a RecursionError."""
    from stridelift.core.language.parse import MAX_NESTING

    deep = "not (" * MAX_NESTING + "rpe > 8" + ")" * MAX_NESTING
    result = format_text(f"progression p {{\n  when {deep}: hold\n}}\n")
    assert result.output is not None
    assert format_text(result.output).output == result.output
