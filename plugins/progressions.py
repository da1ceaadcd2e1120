"""Built-in progressions: linear, double, ladder, rpe_load and reps_then_tempo.

They are defined in ``progressions.stride`` beside this module, in the same
language coaches write, so a coach can read exactly what a built-in does and
copy it into a program to change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

from stridelift.core.hookspecs import hookimpl
from stridelift.core.records import ProgressionSpec

SOURCE_FILE = "progressions.stride"


def source_text() -> str:
    return resources.files(__package__).joinpath(SOURCE_FILE).read_text(encoding="utf-8")


@cache
def builtin_progressions() -> tuple[ProgressionSpec, ...]:
    from stridelift.core import ast
    from stridelift.core.parser import parse_text

    text = source_text()
    result = parse_text(text, f"<stridelift>/{SOURCE_FILE}")
    if result.document is None or any(d.severity >= 3 for d in result.diagnostics):
        problems = "; ".join(d.message for d in result.diagnostics)
        raise RuntimeError(f"built-in progressions do not parse: {problems}")
    lines = text.splitlines()
    specs = []
    for item in result.document.items:
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
