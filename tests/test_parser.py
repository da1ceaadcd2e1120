"""The front end: text to AST, and what a coach sees when the text is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import VALID

from stridelift.core.language import ast
from stridelift.core.language.parse import MAX_NESTING, parse_file, parse_text


def one(text: str) -> tuple[str, str, int, int, str | None]:
    result = parse_text(text, "p.stride")
    assert result.document is None or result.diagnostics
    assert len(result.diagnostics) == 1, result.diagnostics
    d = result.diagnostics[0]
    return d.code, d.message, d.span.line, d.span.column, d.hint


def test_valid_program_builds_a_typed_tree() -> None:
    result = parse_text(VALID, "p.stride")
    assert result.diagnostics == []
    program = result.document.program  # type: ignore[union-attr]
    assert program is not None and program.title == "Test program"
    assert program.first(ast.Units) == ast.Units("kg")
    session = program.all(ast.Session)[0]
    phase, squat = session.exercises()[3]
    assert phase.kind == "main"
    assert squat == ast.ExerciseLine(
        "goblet_squat",
        ast.Prescription(3, ast.Reps(8)),
        load=ast.WeightLoad(ast.Quantity(16.0, "kg")),
        tempo=ast.Tempo("2-0-1-0"),
        rest=ast.Quantity(90.0, "s"),
        progress=ast.Call(
            "double",
            (
                ast.Arg(None, ast.Range(8, 12)),
                ast.Arg(None, ast.Unary("+", ast.Quantity(4.0, "kg"))),
            ),
        ),
    )
    assert (squat.name_span.line, squat.name_span.column) == (16, 10)


def test_spans_point_at_the_source() -> None:
    result = parse_text(VALID, "p.stride")
    program = result.document.program  # type: ignore[union-attr]
    session = program.all(ast.Session)[0]  # type: ignore[union-attr]
    assert session.span.line == 10 and session.end_line == 21
    warmup = session.phases[0]
    assert warmup.block and warmup.end_line == 15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "session A {\n  main goblet_squat 3 x\n}\n",
            "expected a number of reps, a time or distance (30s, 40m) or `amrap` after 'x'",
        ),
        ("session A {\n  main goblet_squat 3 x 8 @\n}\n", "expected a load after '@'"),
        (
            "session A {\n  main goblet_squat 3 x 8 tempo\n}\n",
            "expected a tempo of four figures after 'tempo'",
        ),
        ('program "x" {\n  units 16\n}\n', "expected `kg` or `lb` after 'units'"),
        ("session A {\n  main goblet_squat 3 x 8 rest\n}\n", "expected a rest time after 'rest'"),
    ],
)
def test_syntax_errors_speak_the_coaches_language(text: str, expected: str) -> None:
    code, message, _, _, _ = one(text)
    assert code == "S001"
    assert message.startswith(expected), message
    for token_name in ("INT", "NAME", "QUANTITY", "_NL", "$END", "RBRACE"):
        assert token_name not in message


def test_amount_with_a_space_gets_a_hint() -> None:
    code, _, line, column, hint = one("session A {\n  main goblet_squat 3 x 8 @ 16 kg\n}\n")
    assert (code, line, column) == ("S001", 2, 29)
    assert hint == "write amounts without a space: 16kg, 30s, 10min"


def test_unclosed_brace_names_the_block() -> None:
    code, message, line, _, hint = one(
        'program "x" {\n  session A {\n    main goblet_squat 3 x 8\n'
    )
    assert code == "S001"
    assert "`session A {` (line 2) is closed" in message
    assert line == 3
    assert hint == "add the missing `}` where that block ends"


def test_sets_x_reps_may_be_written_without_spaces() -> None:
    result = parse_text("session A {\n  main goblet_squat 3x8\n}\n")
    assert result.diagnostics == []
    line = result.document.items[0].phases[0].entries[0]  # type: ignore[union-attr]
    assert line.prescription == ast.Prescription(3, ast.Reps(8))


def test_keywords_are_names_where_the_grammar_expects_a_name() -> None:
    # `rpe` is a keyword after `@` and a metric in conditions; `main` is a phase here only.
    result = parse_text("progression p { when rpe >= 9 and week > 2: load -= 5% }\n")
    assert result.diagnostics == []


def test_option_given_twice() -> None:
    code, message, *_ = one("session A {\n  main goblet_squat 3 x 8 @ 16kg @ 20kg\n}\n")
    assert code == "S008"
    assert "a load twice" in message


def test_semicolons_separate_like_newlines() -> None:
    one_line = parse_text("session A { warmup { glute_bridge 2 x 10; clamshell 2 x 10 per side } }")
    lines = parse_text(
        "session A {\n  warmup {\n    glute_bridge 2 x 10\n    clamshell 2 x 10 per side\n  }\n}\n"
    )
    assert one_line.diagnostics == lines.diagnostics == []
    assert one_line.document == lines.document


def test_comments_anywhere_a_line_can_end() -> None:
    text = (
        '# top\nprogram "x" { # after brace\n  # own line\n  units kg # trailing\n'
        "  # before close\n} # after close\n# end\n"
    )
    result = parse_text(text)
    assert result.diagnostics == []
    assert [(c.line, c.trailing) for c in result.comments] == [
        (1, False),
        (2, True),
        (3, False),
        (4, True),
        (5, False),
        (6, True),
        (7, False),
    ]


def test_crlf_and_bom_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.stride"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode())
    result = parse_file(path)
    assert result.diagnostics == []
    assert result.document == parse_text(VALID).document


# ---------------------------------------------------------------- bad input never raises


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "b.stride"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = parse_file(path)
    assert [d.code for d in result.diagnostics] == ["S002"]


def test_invalid_utf8_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "u.stride"
    path.write_bytes(b'program "x" {\n  units kg\xe9\n}\n')
    (d,) = parse_file(path).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("S003", 2, 11)


def test_empty_file_warns() -> None:
    for text in ("", "\n\n", "# only a comment\n"):
        result = parse_text(text)
        assert [d.code for d in result.diagnostics] == ["S004"]


def test_ten_megabyte_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.stride"
    path.write_text("session A {" + "x" * 10_000_000 + "}\n")
    (d,) = parse_file(path).diagnostics
    assert d.code == "S006"


def test_a_line_past_the_limit_is_one_error_on_its_line() -> None:
    text = "session A {\n  main goblet_squat 3 x 8" + " " * 200_000 + "@ 16 kg\n}\n"
    (d,) = parse_text(text).diagnostics
    assert d.code == "S012" and d.span.line == 2


def test_a_long_line_inside_the_limit_parses_and_reports_near_the_error() -> None:
    text = "session A {\n  main goblet_squat 3 x 8" + " " * 9_000 + "@ 16 kg\n}\n"
    (d,) = parse_text(text).diagnostics
    assert d.code == "S001" and d.span.line == 2


def test_deeply_nested_expression() -> None:
    deep = "(" * 5000 + "rpe" + ")" * 5000
    (d,) = parse_text(f"progression p {{ when {deep} > 8: hold }}\n").diagnostics
    assert d.code == "S005"
    ok = "(" * MAX_NESTING + "rpe" + ")" * MAX_NESTING
    assert parse_text(f"progression p {{ when {ok} > 8: hold }}\n").diagnostics == []


def test_long_not_chain_and_sign_chain() -> None:
    for expr in ("not " * 3000 + "completed", "-" * 3000 + "1 < rpe"):
        (d,) = parse_text(f"progression p {{ when {expr}: hold }}\n").diagnostics
        assert d.code == "S005"


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    (d,) = parse_file(tmp_path / "nope.stride").diagnostics
    assert d.code == "S007"
    (d,) = parse_file(tmp_path).diagnostics
    assert d.code == "S007"


def test_garbage_never_raises() -> None:
    import random

    rng = random.Random(7)
    words = "program session main x @ { } ( ) : , ; # 8 16kg 2-0-1-0 when and or not is -"
    alphabet = [*words.split(" "), '"', "\n"]
    for _ in range(300):
        text = " ".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        parse_text(text)  # must not raise


# ---------------------------------------------------------------- the tree as a value


def test_trees_are_values_that_ignore_layout_and_pickle() -> None:
    import dataclasses
    import pickle

    laid_out = parse_text(VALID).document
    squeezed = parse_text(VALID.replace("\n\n", "\n").replace("  ", " ")).document
    assert laid_out is not None and squeezed is not None
    program = laid_out.program
    assert program is not None and squeezed.program is not None
    assert program.body[-1].span != squeezed.program.body[-1].span
    assert laid_out == squeezed and hash(laid_out) == hash(squeezed)  # spans take no part
    with pytest.raises(dataclasses.FrozenInstanceError):
        program.title = "changed"  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(laid_out))
    assert copy == laid_out
    assert copy.program.span == program.span  # type: ignore[union-attr]
    assert copy.program.end_line == program.end_line  # type: ignore[union-attr]
    assert "span" not in repr(ast.Units("kg", ast.Span.point(3, 3)))


def test_packaged_text_is_parsed_once_and_a_damaged_cache_entry_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stridelift.core.language.parse import parse_packaged

    monkeypatch.setenv("STRIDELIFT_CACHE_DIR", str(tmp_path))
    text = "progression p { when rpe > 8: hold }\n"
    first = parse_packaged(text, "<test>")
    (entry,) = tmp_path.glob("parsed-*")
    assert parse_packaged(text, "<test>") == first
    entry.write_bytes(b"not a pickle")
    assert parse_packaged(text, "<test>") == first
    with pytest.raises(RuntimeError, match="does not parse"):
        parse_packaged("progression {", "<test>")


@pytest.mark.parametrize(
    ("text", "offset", "word"),
    [("rest 60s  ", 10, "60s"), ("a + (", 5, "("), ("x", 0, None), ("weeks\n", 6, None)],
)
def test_the_word_before_a_syntax_error(text: str, offset: int, word: str | None) -> None:
    """Read back from the error by hand: the regular expression it replaced took
    seconds when a long word stood earlier in the file (found by tools/fuzz.py)."""
    from stridelift.core.language.lalr import _previous_word

    assert _previous_word(text, offset) == word
