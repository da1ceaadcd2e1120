"""The parse driver runs Lark's tables itself; it must agree with Lark's own parser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import PROGRAMS, REPO

from bench.corpus import generate_corpus, generate_program
from stridelift.core.cache import cache_dir
from stridelift.core.language.parse import _build_transformer, parse_text
from stridelift.grammar import build_parser, load_tables

SOURCES = sorted(PROGRAMS.rglob("*.stride")) + sorted((REPO / "plugins").glob("*.stride"))


@pytest.fixture(scope="module")
def lark_reference() -> object:
    """Lark's contextual lexer and LALR parser building the same AST."""
    return build_parser(transformer=_build_transformer())


def test_shipped_sources_parse_the_same_as_with_lark(lark_reference: object) -> None:
    assert SOURCES
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        ours = parse_text(text, str(path))
        assert ours.diagnostics == []
        assert ours.document == lark_reference.parse(text), path  # type: ignore[attr-defined]


def test_generated_corpus_parses_the_same_as_with_lark(lark_reference: object) -> None:
    texts = [*generate_corpus(300, seed=11), generate_program(2000, seed=3)]
    for text in texts:
        ours = parse_text(text)
        assert ours.diagnostics == [], text[:300]
        assert ours.document == lark_reference.parse(text)  # type: ignore[attr-defined]


def test_tables_are_cached_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIDELIFT_CACHE_DIR", str(tmp_path))
    first = load_tables()
    (cached,) = tmp_path.glob("stride-*.tables")
    assert load_tables() == first  # read back as written
    cached.write_bytes(b"not marshal data")
    rebuilt = load_tables()  # rebuilt, not crashed (Lark may number the states differently)
    assert rebuilt["format"] == first["format"]
    assert len(rebuilt["actions"]) == len(first["actions"])
    assert rebuilt["rules"] == first["rules"]
    assert cached.read_bytes() != b"not marshal data"


def test_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("STRIDELIFT_CACHE_DIR", str(blocked / "cache"))
    assert cache_dir() == str(blocked / "cache")
    assert load_tables()["format"] >= 1
    assert not (blocked / "cache").exists()


def test_columns_after_a_semicolon_count_from_the_line_start() -> None:
    (d,) = parse_text("session A { main push_up 3 x 8; main pushup 3 x 8 @ }").diagnostics
    assert (d.span.line, d.span.column) == (1, 53)


def test_lark_is_not_imported_by_a_normal_parse() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from stridelift.core.language.parse import parse_text\n"
        "parse_text('session A { main goblet_squat 3 x 8 }')\n"
        "print('lark' in sys.modules)\n"
    )
    env = {**os.environ}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "False", done.stderr
