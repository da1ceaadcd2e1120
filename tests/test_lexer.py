"""Lexing under Lark's contextual lexer, and the parser's on-disk cache.

A keyword is a keyword only where the grammar accepts one, and a keyword glued
to the next word is a name (so an error wherever a name cannot stand). Lark's
analysis of the grammar is cached; a cache that cannot be used only costs time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stridelift.core.cache import cache_dir
from stridelift.core.language import ast
from stridelift.core.language.parse import parse_text

MINIMAL = "session A {\n  main goblet_squat 3 x 8 @ 16kg\n}\n"


def only_error(text: str) -> tuple[str, int, int, str]:
    result = parse_text(text, "p.stride")
    assert result.document is None
    (d,) = result.diagnostics
    return d.code, d.span.line, d.span.column, d.message


# ---------------------------------------------------------------- keywords and words


@pytest.mark.parametrize(
    ("text", "where", "found"),
    [
        ("progression p {\n  when completed andnot rpe > 8: hold\n}\n", (2, 18), "`andnot`"),
        ("sessionweeks {\n}\n", (1, 1), "`sessionweeks`"),
        ('program "x" {\n  deload everyweek 4 weeks\n}\n', (2, 10), "`everyweek`"),
        ('program "x" {\n  weeks12\n}\n', (2, 3), "`weeks12`"),
        ("session A {\n  mainx goblet_squat 3 x 8\n}\n", (2, 3), "`mainx`"),
        ("session A {\n  main goblet_squat 3 x 8 @ rpe8\n}\n", (2, 29), "`rpe8`"),
        # `holdx` is a name, so the line reads as an assignment that stops short.
        ("progression p {\n  when rpe > 8: holdx\n}\n", (2, 22), "the end of the line"),
        ("progression p {\n  when rpe > 8 for 2 weeksx: hold\n}\n", (2, 22), "`weeksx`"),
    ],
)
def test_a_keyword_glued_to_the_next_word_is_a_syntax_error(
    text: str, where: tuple[int, int], found: str
) -> None:
    code, line, column, message = only_error(text)
    assert code == "S001"
    assert (line, column) == where
    assert message.endswith(f"found {found}"), message


def test_the_same_keywords_apart_parse() -> None:
    for text in (
        "progression p {\n  when completed and not rpe > 8: hold\n}\n",
        "session weeks {\n}\n",
        'program "x" {\n  deload every 4 weeks\n  weeks 12\n}\n',
        "progression p {\n  when rpe > 8 for 2 weeks: hold\n}\n",
    ):
        assert parse_text(text).diagnostics == [], text


def test_keywords_are_names_where_the_grammar_expects_a_name() -> None:
    # `main` is a phase after `in` and a session's name after `session`; `rpe` and
    # `week` are metrics in a condition; `x` and `tempo` name exercises.
    result = parse_text(
        'rule "r" in main, session main, x { when rpe >= 9 and week > 2: sets -= 1 }\n'
        "session main { main x 3 x 8; accessory tempo 2 x 5 }\n"
    )
    assert result.diagnostics == []
    rule, session = result.document.items  # type: ignore[union-attr]
    assert isinstance(rule, ast.Rule) and isinstance(session, ast.Session)
    assert [(s.kind, s.name) for s in rule.scope] == [
        ("phase", "main"),
        ("session", "main"),
        ("exercise", "x"),
    ]
    assert [line.name for _, line in session.exercises()] == ["x", "tempo"]


def test_sets_and_reps_may_touch_the_x() -> None:
    for text in ("3x8", "3 x8", "3x 8", "3 x 8"):
        result = parse_text(f"session A {{\n  main goblet_squat {text}\n}}\n")
        assert result.diagnostics == [], text
        line = result.document.items[0].phases[0].entries[0]  # type: ignore[union-attr]
        assert line.prescription == ast.Prescription(3, ast.Reps(8)), text


def test_an_error_names_the_whole_word_written() -> None:
    *_, message = only_error('program "x" {\n  units kg\n}\n2-0-1-0\n')
    assert message.endswith("found `2-0-1-0`"), message


def test_columns_after_a_semicolon_count_from_the_line_start() -> None:
    (d,) = parse_text("session A { main push_up 3 x 8; main pushup 3 x 8 @ }").diagnostics
    assert (d.span.line, d.span.column) == (1, 53)


def test_comments_inside_separators_keep_their_positions() -> None:
    text = "session A { # one\n\n  # two\n  main goblet_squat 3 x 8 ; # three\n} # four\n"
    result = parse_text(text)
    assert [(c.line, c.column, c.text, c.trailing) for c in result.comments] == [
        (1, 13, "# one", True),
        (3, 3, "# two", False),
        (4, 29, "# three", True),
        (5, 3, "# four", True),
    ]


# ---------------------------------------------------------------- the cache


def test_the_parser_is_cached_on_disk_and_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    code = (
        "from stridelift.core.language.parse import parse_text\n"
        f"assert parse_text({MINIMAL!r}).diagnostics == []\n"
    )
    env = {"STRIDELIFT_CACHE_DIR": str(tmp_path), "PATH": ""}

    def run() -> None:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
        assert done.returncode == 0 and done.stderr == b"", done.stderr

    run()
    (cached,) = tmp_path.glob("stride-*")
    written = cached.read_bytes()
    run()  # reads it back, leaves it as it was
    assert cached.read_bytes() == written
    cached.write_bytes(b"not a parser")
    run()  # rebuilt, not crashed
    assert cached.read_bytes() != b"not a parser"


def test_analyses_of_other_grammars_are_cleared(tmp_path: Path) -> None:
    stale = tmp_path / "stride-lark-1-00000000.cache"
    stale.write_bytes(b"an older grammar")
    old_tables = tmp_path / "stride-1-5085-50da080e.tables"  # stridelift 0.1's own tables
    old_tables.write_bytes(b"")
    code = f"from stridelift.core.language.parse import parse_text\nparse_text({MINIMAL!r})\n"
    env = {"STRIDELIFT_CACHE_DIR": str(tmp_path), "PATH": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert not stale.exists() and not old_tables.exists()
    assert len(list(tmp_path.glob("stride-*"))) == 1


def test_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    env = {"STRIDELIFT_CACHE_DIR": str(blocked / "cache"), "PATH": ""}
    code = (
        "from stridelift.core.cache import cache_dir\n"
        "from stridelift.core.language.parse import parse_text\n"
        f"assert cache_dir() == {str(blocked / 'cache')!r}\n"
        f"assert parse_text({MINIMAL!r}).diagnostics == []\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert blocked.read_text() == ""
    assert cache_dir()  # the test process's own cache is untouched


def test_a_file_that_did_not_change_is_not_parsed_again(tmp_path: Path) -> None:
    """The second check of an unchanged file reads its parse from the cache and never
    loads Lark; an edit, or a damaged entry, and the file is parsed afresh."""
    program = tmp_path / "p.stride"
    program.write_text(MINIMAL)
    cache = tmp_path / "cache"
    code = (
        "import sys\n"
        "from stridelift.core.language.parse import parse_file\n"
        f"result = parse_file({str(program)!r})\n"
        "items = len(result.document.items) if result.document else 0\n"
        "print(items, 'lark' in sys.modules, len(result.diagnostics))\n"
    )
    env = {"STRIDELIFT_CACHE_DIR": str(cache), "PATH": ""}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
        assert done.returncode == 0 and done.stderr == b"", done.stderr
        return done.stdout.decode().strip()

    assert run() == "1 True 0"  # parsed
    assert run() == "1 False 0"  # from the cache
    program.write_text(MINIMAL + "session B {\n  main goblet_squat 3 x 8 @ 16 kg\n}\n")
    assert run() == "0 True 1"  # edited: parsed, and the new syntax error is found
    (entry,) = cache.glob("parse-*")
    entry.write_bytes(b"not a parse")
    assert run() == "0 True 1"  # damaged: parsed again, not crashed
    assert run() == "0 False 1"
