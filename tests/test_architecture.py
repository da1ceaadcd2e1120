"""The packages' import graph: no cycles, and no package imports one above it.

The graph is built from the source with ``ast``: every import counts, at module
level, inside functions and under ``TYPE_CHECKING`` alike, since a cycle of
type-only imports is still two modules that cannot be understood apart.
docs/architecture.md gives the order and what each package holds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
CORE = ROOT / "core"

#: Bottom to top: a package may import its own modules and those of packages before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("source", "units", "files", "cache"),
    ("diagnostics",),
    ("schemas",),
    ("language",),
    ("logs",),
    ("hooks",),
    ("training",),
    ("config",),
    ("check",),
    ("engine",),
    ("report",),
    ("testing",),
    ("output",),
    ("cli", "__main__"),
)
#: Re-exports of old import paths for plugins written for 0.1 (one release).
SHIMS = frozenset({"stridelift.core.ast", "stridelift.core.hookspecs", "stridelift.core.records"})


def _module_name(path: Path) -> str:
    parts = path.relative_to(CORE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("stridelift", "core", *parts))


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(CORE.rglob("*.py"))}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The stridelift.core modules a file imports (a name from a package that is a
    module of it counts as that module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules else node.module)
    return {name for name in found if name in modules}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: _imports(path, modules) - {name}
        for name, path in modules.items()
        if name not in SHIMS
    }


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else "__init__"


def _rank(package: str) -> int:
    for rank, names in enumerate(LAYERS):
        if package in names:
            return rank
    raise AssertionError(f"core/{package} is in no layer of {__name__}.LAYERS")


def test_every_package_has_a_layer() -> None:
    packages = {_package(name) for name in _graph()} - {"__init__"}
    for package in packages:
        _rank(package)


def test_the_import_graph_has_no_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_no_package_imports_one_above_it() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in sorted(_graph().items())
        for target in sorted(targets)
        if _package(module) != "__init__"
        and _package(target) != "__init__"
        and _rank(_package(target)) > _rank(_package(module))
    ]
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize("package", ["language", "logs"])
def test_the_language_and_the_logs_know_nothing_of_the_engine_or_the_cli(package: str) -> None:
    graph = _graph()
    reach = [
        f"{module} imports {target}"
        for module, targets in graph.items()
        if _package(module) == package
        for target in targets
        if _package(target) in ("engine", "cli", "output", "check")
    ]
    assert not reach, "\n".join(reach)


def test_the_graph_is_read_from_the_source() -> None:
    """A guard on the guard: the graph sees the edges it must see."""
    graph = _graph()
    assert "stridelift.core.engine.compiler" in graph
    assert "stridelift.core.check" in graph["stridelift.core.engine.compiler"]
    assert "stridelift.core.engine.fold" in graph["stridelift.core.engine"]


def test_check_never_imports_the_engine_the_log_readers_or_jsonschema() -> None:
    """`stridelift check` is what CI runs on every file of a repository: it loads the
    checker and the static lint rules, and nothing that only plans or reads logs."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    code = (
        "import sys\n"
        "sys.argv = ['stridelift', 'check', 'programs/minimal-equipment.stride']\n"
        "from stridelift.core.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.startswith(('stridelift.core.engine',"
        " 'stridelift.core.logs.reading', 'jsonschema'))]\n"
        "print(','.join(sorted(loaded)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""  # (the summary goes to stderr)
