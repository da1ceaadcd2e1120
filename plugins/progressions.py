"""Built-in progressions: linear, double, ladder, rpe_load and reps_then_tempo.

They are defined in ``progressions.stride`` beside this module, in the same
language coaches write, so a coach can read exactly what a built-in does and
copy it into a program to change it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache

from stridelift.core.hooks.records import ProgressionSpec
from stridelift.core.hooks.specs import hookimpl

SOURCE_FILE = "progressions.stride"


def source_text() -> str:
    # Beside this module (plain files once installed; importlib.resources costs a cold start).
    with open(os.path.join(os.path.dirname(__file__), SOURCE_FILE), encoding="utf-8") as f:
        return f.read()


@cache
def builtin_progressions() -> tuple[ProgressionSpec, ...]:
    from stridelift.core.language import ast
    from stridelift.core.language.parse import parse_packaged
    from stridelift.core.source import source_lines

    text = source_text()
    document = parse_packaged(text, f"<stridelift>/{SOURCE_FILE}")
    lines = source_lines(text)  # numbered as the lexer numbers them
    specs = []
    for item in document.items:
        if isinstance(item, ast.ProgressionDef):
            specs.append(
                ProgressionSpec.from_definition(
                    item, description=_leading_comment(lines, item.span.line), source=text
                )
            )
    return tuple(specs)


def _leading_comment(lines: list[str], line: int) -> str:
    """The comment block right above a definition, as its description."""
    found: list[str] = []
    index = line - 2
    while index >= 0 and lines[index].startswith("#"):
        found.append(lines[index].lstrip("# ").rstrip())
        index -= 1
    return " ".join(reversed(found)).strip()


@hookimpl
def register_progressions() -> Iterable[ProgressionSpec]:
    return builtin_progressions()
