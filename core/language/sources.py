"""Loading programs from disk: file discovery, includes, the project root.

A *unit* is what the checker looks at: one top-level file plus every fragment
it includes, transitively. Includes resolve relative to the including file and
never outside the project root (the folder holding ``pyproject.toml`` above
the top-level file, or that file's own folder). Parse results are cached per
batch, so a fragment shared by twenty programs is read and parsed once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.language import ast
from stridelift.core.language.parse import ParseResult, parse_file

SUFFIX = ".stride"
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
)
# Paths are plain strings here: this module is on the path of every check, and
# importing pathlib cost a cold run more than resolving the paths does.
StrPath = str | os.PathLike[str]


def discover(paths: Iterable[StrPath]) -> tuple[list[str], list[Diagnostic]]:
    """Files to check: explicit files always, ``*.stride`` under folders (sorted)."""
    found: list[str] = []
    problems: list[Diagnostic] = []
    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(SUFFIX))
        elif os.path.lexists(path):
            found.append(path)
        else:
            problems.append(
                Diagnostic.make(path, None, "S007", "no such file or folder", "check the path")
            )
    seen: set[str] = set()
    unique: list[str] = []
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique, problems


def find_root(path: StrPath) -> str:
    """The project root for a top-level file: nearest folder with ``pyproject.toml``."""
    start = folder = os.path.dirname(os.path.realpath(path))
    while True:
        if os.path.isfile(os.path.join(folder, "pyproject.toml")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return start
        folder = parent


def is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def display_path(path: StrPath) -> str:
    """Paths relative to the working directory when they are below it, as ruff prints them."""
    real, cwd = os.path.realpath(path), os.path.realpath(os.getcwd())
    if is_within(real, cwd) and real != cwd:
        return os.path.relpath(real, cwd)
    return os.fspath(path)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an included item came from."""

    path: str
    lines: list[str] | None


@dataclass(frozen=True, slots=True)
class Unit:
    """A top-level file with its includes resolved, ready to check."""

    path: str
    result: ParseResult
    document: ast.Document | None
    # Items brought in by includes, with the file each came from.
    included: list[tuple[ast.Fragment, Origin]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def program(self) -> ast.Program | None:
        return self.document.program if self.document else None


class Loader:
    """Parses files once per batch and resolves includes."""

    def __init__(self) -> None:
        self._cache: dict[str, ParseResult] = {}

    def parse(self, path: StrPath) -> ParseResult:
        key = os.path.realpath(path)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = parse_file(path, display_path(path))
        return cached

    def load(self, path: StrPath) -> Unit:
        result = self.parse(path)
        unit = Unit(result.path, result, result.document, files=[result.path])
        if result.document is None:
            return unit
        real = os.path.realpath(path)
        self._resolve(real, result, find_root(path), [real], unit)
        return unit

    def _includes(self, document: ast.Document) -> Iterator[ast.Include]:
        for item in document.items:
            if isinstance(item, ast.Include):
                yield item
            elif isinstance(item, ast.Program):
                yield from (i for i in item.body if isinstance(i, ast.Include))

    def _resolve(
        self, path: str, result: ParseResult, root: str, stack: list[str], unit: Unit
    ) -> None:
        assert result.document is not None
        for include in self._includes(result.document):
            target = os.path.realpath(os.path.join(os.path.dirname(path), include.path))

            def report(
                code: str, message: str, hint: str | None = None, span: ast.Span = include.span
            ) -> None:
                unit.diagnostics.append(Diagnostic.make(result.path, span, code, message, hint))

            if not is_within(target, root):
                report(
                    "I003",
                    f'`include "{include.path}"` points outside the project root {root}',
                    "keep shared fragments inside the project (the folder with pyproject.toml)",
                )
                continue
            if target in stack:
                chain = " -> ".join(
                    display_path(p) for p in [*stack[stack.index(target) :], target]
                )
                report("I002", f"include cycle: {chain}", "remove one of these includes")
                continue
            if not os.path.isfile(target):
                report(
                    "I001",
                    f'included file "{include.path}" does not exist ({display_path(target)})',
                    "paths are relative to the including file",
                )
                continue
            child = self.parse(target)
            if child.path not in unit.files:
                unit.files.append(child.path)
            if child.document is None:
                continue  # its own parse diagnostics are reported for that file
            if child.document.program is not None:
                report(
                    "I004",
                    f'"{include.path}" holds a program; only sessions, progressions and '
                    "rules can be included",
                    "move the shared parts into a fragment file without `program`",
                )
                continue
            origin = Origin(child.path, child.lines)
            for item in child.document.items:
                if isinstance(item, ast.Session | ast.ProgressionDef | ast.Rule):
                    unit.included.append((item, origin))
            self._resolve(target, child, root, [*stack, target], unit)

    def parse_results(self) -> list[ParseResult]:
        return list(self._cache.values())
