"""Loading programs from disk: file discovery, includes, the project root.

A *unit* is what the checker looks at: one top-level file plus every fragment
it includes, transitively. Includes resolve relative to the including file and
never outside the project root (the folder holding ``pyproject.toml`` above
the top-level file, or that file's own folder). Parse results are cached per
batch, so a fragment shared by twenty programs is read and parsed once, and a
fragment reached twice from one program (a diamond) is brought in once.

The work is bounded by the input, whatever its shape: includes are followed
with an explicit stack, not recursion, to at most ``LIMITS["include_depth"]``
levels and ``LIMITS["include_files"]`` files. Only regular files are read, and
a folder walk never leaves the folder it was given.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.files import kind_of
from stridelift.core.language import ast
from stridelift.core.language.parse import ParseResult, parse_file, unreadable
from stridelift.core.source import printable_path
from stridelift.core.units import LIMITS

SUFFIX = ".stride"
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
)
# Paths are plain strings here: this module is on the path of every check, and
# importing pathlib cost a cold run more than resolving the paths does.
StrPath = str | os.PathLike[str]


#: Whether a folder walk takes a path: ``keep(path, is_folder, top)``, ``top`` being the
#: folder named on the command line. A folder it refuses is not walked; a file it
#: refuses is left out without a word.
Keep = Callable[[str, bool, str], bool]


def discover(
    paths: Iterable[StrPath], keep: Keep | None = None, suffix: str = SUFFIX
) -> tuple[list[str], list[Diagnostic]]:
    """Files to check: explicit files always, files ending in ``suffix`` (``*.stride``;
    ``.stride-test`` for ``stridelift test``) under folders (sorted), each file once.

    ``keep``, when given, chooses among what a walk finds (a project's ``include``
    and ``exclude``); a file named explicitly is always taken. The problems are the
    paths that do not exist (S007) and what a folder walk skipped (S013): a symlink
    that leaves the folder, a special file (FIFO, socket, device) named ``*.stride``,
    a broken symlink or a symlink loop."""
    found: list[str] = []
    problems: list[Diagnostic] = []
    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            found.extend(_walk(path, problems, suffix, keep))
        elif os.path.lexists(path):
            found.append(path)  # named explicitly: read_source says what it is
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


def discover_files(paths: Iterable[StrPath], suffix: str) -> tuple[list[str], list[Diagnostic]]:
    """:func:`discover` for files of another kind (``.stride-test``), walked the same way."""
    return discover(paths, suffix=suffix)


def _walk(
    top: str, problems: list[Diagnostic], suffix: str = SUFFIX, keep: Keep | None = None
) -> list[str]:
    """The files ending in ``suffix`` (``*.stride``) under ``top`` that ``keep`` keeps,
    each folder's files before its subfolders.

    Symlinks are followed only while they stay inside ``top``; each real folder is
    walked once, so a symlink cycle ends; special files are never opened."""
    root = os.path.realpath(top)
    walked = {root}
    found: list[str] = []

    def skip(path: str, message: str, hint: str) -> None:
        problems.append(Diagnostic.make(os.path.normpath(path), None, "S013", message, hint))

    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            skip(folder, f"skipped: the folder {unreadable(error)}", "check its permissions")
            continue
        subfolders: list[str] = []
        for entry in entries:
            stride = entry.name.endswith(suffix)
            wanted_folder = entry.name not in SKIP_DIRS and not entry.name.startswith(".")
            if stride and keep is not None and not keep(entry.path, False, top):
                continue  # left out by the project's include/exclude: nothing to say
            try:
                if entry.is_symlink():
                    try:
                        real = os.path.realpath(entry.path, strict=True)
                        mode = os.stat(real).st_mode
                    except OSError as error:
                        if stride:
                            broken = error.errno in (errno.ENOENT, errno.ENOTDIR)
                            skip(
                                entry.path,
                                "skipped: a broken symlink"
                                if broken
                                else f"skipped: {unreadable(error)}",
                                "fix or remove the symlink",
                            )
                        continue
                    if not (stat.S_ISDIR(mode) and wanted_folder) and not stride:
                        continue
                    if not is_within(real, root):
                        skip(
                            entry.path,
                            f"skipped: a symlink to {printable_path(real)}, outside "
                            f"{printable_path(os.path.normpath(top))}",
                            "name the file on the command line to check it, or move it into "
                            "the folder",
                        )
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    real, mode = os.path.realpath(entry.path), stat.S_IFDIR
                elif stride:
                    real, mode = entry.path, entry.stat(follow_symlinks=False).st_mode
                else:
                    continue
            except OSError as error:  # gone or unreadable since the folder was listed
                if stride:
                    skip(entry.path, f"skipped: {unreadable(error)}", "check the path")
                continue
            if stat.S_ISDIR(mode):
                if keep is not None and wanted_folder and not keep(entry.path, True, top):
                    continue
                if wanted_folder and real not in walked:  # a folder reached twice is walked once
                    walked.add(real)
                    subfolders.append(entry.path)
            elif not stride:
                continue
            elif stat.S_ISREG(mode):
                found.append(entry.path)
            else:
                skip(
                    entry.path,
                    f"skipped: is {kind_of(mode)}, not a file",
                    "only regular files are read; name a real program file",
                )
        pending.extend(reversed(subfolders))
    return found


def path_matches(
    path: StrPath, patterns: Iterable[str], root: str, below: StrPath | None = None
) -> bool:
    """Whether ``path`` or a folder on its way down from ``root`` matches a pattern.

    A pattern with a ``/`` is matched against the path relative to ``root``
    (``archive/*``, ``athletes/*/old.stride``); one without, against the name of the
    file or of any folder on its way (``drafts``, ``*-old.stride``). ``*`` matches
    any characters, ``/`` included, ``?`` one, ``[abc]`` one of those (``fnmatch``,
    case-sensitive). A leading ``./`` or ``/`` anchors nothing more than ``root``.
    With ``below`` (the folder a walk started from), only ``below`` itself and what
    is above it do not count: a folder named on the command line is walked."""
    from fnmatch import fnmatchcase

    parts = _parts(path, root)
    skip = 0
    if below is not None:
        top = _parts(below, root)
        if top == parts[: len(top)] and is_within(os.path.abspath(below), os.path.abspath(root)):
            skip = len(top)
    for raw in patterns:
        pattern = raw.replace(os.sep, "/").removeprefix("./").strip("/")
        if not pattern:
            continue
        if "/" in pattern:
            if any(
                fnmatchcase("/".join(parts[:n]), pattern)
                for n in range(max(skip, 0) + 1, len(parts) + 1)
            ):
                return True
        elif any(fnmatchcase(part, pattern) for part in parts[skip:]):
            return True
    return False


def _parts(path: StrPath, root: str) -> list[str]:
    """The names on the way from ``root`` down to ``path`` (outside it: from the top
    of what they share)."""
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive (Windows)
        relative = os.path.abspath(path)
    return [p for p in relative.replace(os.sep, "/").split("/") if p not in ("", ".", "..")]


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
        self._resolve(os.path.realpath(path), result, find_root(path), unit)
        return unit

    def _includes(self, document: ast.Document) -> Iterator[ast.Include]:
        for item in document.items:
            if isinstance(item, ast.Include):
                yield item
            elif isinstance(item, ast.Program):
                yield from (i for i in item.body if isinstance(i, ast.Include))

    def _resolve(self, top: str, result: ParseResult, root: str, unit: Unit) -> None:
        """Bring in every fragment ``top`` includes, transitively, depth first.

        An explicit stack of the files being read, not recursion, so no chain of
        includes can exhaust Python's; each file is brought in once per unit."""
        assert result.document is not None
        max_depth = int(LIMITS["include_depth"].high)
        max_files = int(LIMITS["include_files"].high)
        stack: list[tuple[str, ParseResult, Iterator[ast.Include]]] = [
            (top, result, self._includes(result.document))
        ]
        brought = {top}  # files whose items are in the unit already
        while stack:
            path, parent, pending = stack[-1]
            include = next(pending, None)
            if include is None:
                stack.pop()
                continue
            target = os.path.realpath(os.path.join(os.path.dirname(path), include.path))
            written = printable_path(include.path)

            def report(
                code: str,
                message: str,
                hint: str | None = None,
                where: str = parent.path,
                span: ast.Span = include.span,
            ) -> None:
                unit.diagnostics.append(Diagnostic.make(where, span, code, message, hint))

            if not is_within(target, root):
                report(
                    "I003",
                    f'`include "{written}"` points outside the project root {printable_path(root)}',
                    "keep shared fragments inside the project (the folder with pyproject.toml)",
                )
                continue
            chain = [p for p, _, _ in stack]
            if target in chain:
                report(
                    "I002",
                    f"include cycle: {_chain([*chain[chain.index(target) :], target])}",
                    "remove one of these includes",
                )
                continue
            if target in brought:
                continue  # a diamond: the fragment's items are in once, and reported once
            if len(stack) > max_depth:
                report(
                    "I006",
                    f"includes nest more than {max_depth} deep: {_chain([*chain, target])}",
                    "include shared fragments from the program, not through a long chain "
                    f"({LIMITS['include_depth'].words})",
                )
                continue
            if len(brought) > max_files:
                report(
                    "I006",
                    f"this program brings in more than {max_files} files through includes; "
                    f"the rest are not read ({LIMITS['include_files'].words})",
                    "merge small fragments into fewer files",
                )
                return
            problem = _not_a_fragment(target, written)
            if problem is not None:
                report(*problem)
                continue
            brought.add(target)
            child = self.parse(target)
            if child.path not in unit.files:
                unit.files.append(child.path)
            if child.document is None:
                continue  # its own parse diagnostics are reported for that file
            if child.document.program is not None:
                report(
                    "I004",
                    f'"{written}" holds a program; only sessions, progressions and '
                    "rules can be included",
                    "move the shared parts into a fragment file without `program`",
                )
                continue
            origin = Origin(child.path, child.lines)
            for item in child.document.items:
                if isinstance(item, ast.Session | ast.ProgressionDef | ast.Rule):
                    unit.included.append((item, origin))
            stack.append((target, child, self._includes(child.document)))

    def parse_results(self) -> list[ParseResult]:
        return list(self._cache.values())


def _chain(paths: list[str], *, shown: int = 4) -> str:
    """``a.stride -> b.stride -> ... -> z.stride``: the first few files and the last."""
    names = [printable_path(display_path(p)) for p in paths]
    if len(names) > shown + 2:
        names = [*names[:shown], f"... ({len(names) - shown - 1} more)", names[-1]]
    return " -> ".join(names)


def _not_a_fragment(target: str, written: str) -> tuple[str, str, str] | None:
    """Why an included path cannot be read as a fragment (I001 or I005), or None.

    Only ``stat``: nothing is opened here, and the read that follows refuses a
    path that has become a FIFO since."""
    try:
        mode = os.stat(target).st_mode
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return (
                "I001",
                f'included file "{written}" does not exist '
                f"({printable_path(display_path(target))})",
                "paths are relative to the including file",
            )
        return (
            "I005",
            f'included path "{written}" {unreadable(error)}',
            "include a fragment file (sessions, progressions, rules)",
        )
    if stat.S_ISREG(mode):
        return None
    return (
        "I005",
        f'included path "{written}" is {kind_of(mode)}, not a fragment file',
        "include one fragment file (a folder cannot be included; name each file)"
        if stat.S_ISDIR(mode)
        else "include a regular fragment file",
    )
