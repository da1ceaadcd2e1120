"""The plugin guide's worked example is a real plugin, and it works.

``docs/plugins.md`` builds a plugin, ``stridelift-vest``, file by file. A fenced
block's info string names the file it is (``toml file=pyproject.toml``,
``python file=stridelift_vest/__init__.py``, ``stride
file=stridelift_vest/progressions.stride``, ``python file=tests/test_vest.py``).
Blocks tagged ``plugin-stride`` are programs that need the plugin: they are
checked here, with it, because ``tests/test_docs.py`` checks every block whose
info string starts with ``stride`` with the built-ins only. A ``python`` block
without ``file=`` is a snippet that runs once the package is importable.

The tests write the files into a fresh folder, import and register the module,
check the program with it, run the example's own tests under pytest (which
proves the ``stridelift_plugins`` and ``stride_check`` fixtures reach plugin
authors through the ``pytest11`` entry point), and, in the slow tests, install
the package with pip and compare ``stridelift plugins --all`` with the guide.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO, codes, fenced_blocks, pip_install_into, venv_with_this_environment

from stridelift.core.check import check_unit
from stridelift.core.diagnostics import Diagnostic
from stridelift.core.hooks import specs as hookspecs
from stridelift.core.hooks.manager import ENTRY_POINT_GROUP, Plugins, make_plugin_manager
from stridelift.core.language.sources import Loader

GUIDE = REPO / "docs" / "plugins.md"
PACKAGE_LANGUAGES = frozenset({"toml", "python", "stride", "plugin-stride"})
HOOKS = tuple(
    name
    for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("register_")
)


@dataclass(frozen=True)
class Block:
    """One fenced block of the guide."""

    line: int  # the line of the opening fence
    language: str
    text: str
    options: dict[str, str] = field(default_factory=dict)

    @property
    def file(self) -> str | None:
        return self.options.get("file")

    @property
    def where(self) -> str:
        return f"docs/plugins.md:{self.line}"


@cache
def blocks() -> tuple[Block, ...]:
    """Every fenced block of the guide, with its ``key=value`` options."""
    found: list[Block] = []
    for block in fenced_blocks(GUIDE):
        words = block.info.split()
        options = dict(word.split("=", 1) for word in words[1:] if "=" in word)
        found.append(Block(block.line, words[0] if words else "", block.text, options))
    return tuple(found)


def package_files() -> dict[str, Block]:
    """The worked example's files by path."""
    return {b.file: b for b in blocks() if b.file is not None}


def module_block() -> Block:
    (block,) = [
        b for b in blocks() if b.language == "python" and b.file and b.file.endswith("/__init__.py")
    ]
    return block


def module_name() -> str:
    file = module_block().file
    assert file is not None
    return file.removesuffix("/__init__.py").replace("/", ".")


def example_tests_block() -> Block:
    (block,) = [
        b
        for b in blocks()
        if b.language == "python" and b.file and Path(b.file).name.startswith("test_")
    ]
    return block


def plugin_programs() -> list[Block]:
    return [b for b in blocks() if b.language == "plugin-stride"]


def write_package(folder: Path) -> Path:
    for name, block in package_files().items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
    return folder


def describe(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(f"{d.path}:{d.span.line}: {d.code} {d.message}" for d in diagnostics)


def check(path: Path, plugins: Plugins) -> list[Diagnostic]:
    loader = Loader()
    unit = loader.load(path)
    found = list(unit.diagnostics) + check_unit(unit, plugins)
    for result in loader.parse_results():
        found.extend(result.diagnostics)
    return found


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return write_package(tmp_path / "stridelift-vest")


@pytest.fixture
def plugin(package: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The guide's module, imported from the folder it was written to."""
    name = module_name()
    monkeypatch.syspath_prepend(str(package))
    for loaded in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        monkeypatch.delitem(sys.modules, loaded)
    yield importlib.import_module(name)
    for loaded in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[loaded]


# ---------------------------------------------------------------- the guide's shape


def test_the_guide_builds_a_whole_package() -> None:
    files = package_files()
    assert "pyproject.toml" in files
    assert module_block().file in files
    assert example_tests_block().file in files
    assert plugin_programs(), "the guide shows no plugin-stride program"
    for block in plugin_programs():
        assert block.file and block.file.endswith(".stride"), f"{block.where}: needs file="
    for block in blocks():
        if block.file is not None:
            assert block.language in PACKAGE_LANGUAGES, f"{block.where}: {block.language}"
        unknown = set(block.options) - {"file"}
        assert not unknown, f"{block.where}: unknown options {sorted(unknown)}"
    # tests/test_docs.py checks every block whose info string starts with `stride`,
    # without third-party plugins, and refuses kinds it does not know: the plugin's
    # programs must not look like its examples.
    kinds = {b.language for b in blocks() if b.language.startswith("stride")}
    assert kinds <= {"stride", "stride-error"}, kinds


def test_every_hook_has_a_section() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for name in HOOKS:
        assert re.search(rf"^###[ \t]+`{name}`[ \t]*$", text, re.M), f"no `### `{name}`` section"


# ---------------------------------------------------------------- the module and the program


def test_the_module_registers_every_hook_cleanly(plugin: ModuleType) -> None:
    plugins = make_plugin_manager(entry_points=False, extra=[plugin])
    plugins.load_all()
    assert plugins.errors == []
    assert plugins.clashes == []
    (info,) = [i for i in plugins.infos if i.module == plugin.__name__]
    assert set(HOOKS) <= set(info.hooks), "the worked example should implement every hook"
    for registry in (
        plugins.exercises,
        plugins.equipment_sets,
        plugins.progressions,
        plugins.periodization_styles,
    ):
        assert plugin.__name__ in registry.sources.values(), f"nothing in {registry.kind}"


def test_the_program_checks_clean_with_the_plugin(package: Path, plugin: ModuleType) -> None:
    with_plugin = make_plugin_manager(entry_points=False, extra=[plugin])
    builtins_only = make_plugin_manager(entry_points=False)
    for block in plugin_programs():
        path = package / str(block.file)
        found = check(path, with_plugin)
        assert found == [], f"{block.where}: the program should check clean:\n{describe(found)}"
        # It really uses the plugin: without it the names are unknown.
        assert "E111" in codes(check(path, builtins_only)), block.where
    assert with_plugin.errors == []
    assert with_plugin.clashes == []


def test_the_snippets_run(plugin: ModuleType) -> None:
    snippets = [b for b in blocks() if b.language == "python" and b.file is None]
    assert snippets
    for block in snippets:
        code = compile(block.text, block.where, "exec")
        exec(code, {"__name__": f"snippet_{block.line}"})


# ---------------------------------------------------------------- the example's own tests


def test_the_example_tests_pass_with_the_pytest_helpers(package: Path) -> None:
    block = example_tests_block()
    assert block.file is not None
    count = len(re.findall(r"^def test_", block.text, re.M))
    assert count
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_DISABLE_PLUGIN_AUTOLOAD"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(package), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", block.file, "-q", "-p", "no:cacheprovider"],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{count} passed" in done.stdout, done.stdout


# ---------------------------------------------------------------- pyproject.toml


def test_pyproject_declares_the_entry_point() -> None:
    for block in blocks():
        if block.language == "toml":
            tomllib.loads(block.text)  # every toml block parses
    project = tomllib.loads(package_files()["pyproject.toml"].text)
    points = project["project"]["entry-points"][ENTRY_POINT_GROUP]
    assert list(points.values()) == [module_name()]
    assert any(
        re.fullmatch(r"stridelift\s*>=\s*0\.1", requirement)
        for requirement in project["project"]["dependencies"]
    )
    # The module reads progressions.stride at run time: the wheel must ship it.
    data = project["tool"]["setuptools"]["package-data"][module_name()]
    assert "*.stride" in data
    shipped = [
        f for f in package_files() if f.endswith(".stride") and f.startswith(f"{module_name()}/")
    ]
    assert shipped


# ---------------------------------------------------------------- lint


def test_the_python_blocks_are_lint_clean(package: Path) -> None:
    # ruff comes with the dev extra, which the documented test command (.ci/run) installs.
    assert importlib.util.find_spec("ruff") is not None, "pip install -e '.[dev]'"
    snippets = [b for b in blocks() if b.language == "python" and b.file is None]
    for block in snippets:
        (package / "snippets").mkdir(exist_ok=True)
        (package / "snippets" / f"snippet_{block.line}.py").write_text(block.text, encoding="utf-8")
    # The project's own style, but seen from the plugin's package: stridelift is a
    # dependency there, stridelift_vest the first party.
    config = [
        "--config",
        str(REPO / "pyproject.toml"),
        "--config",
        "lint.isort.known-first-party = ['stridelift_vest']",
        "--no-cache",
    ]
    for command in (["check", *config, "."], ["format", *config, "--check", "--diff", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=package, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_the_python_blocks_pass_mypy_strict(package: Path, tmp_path: Path) -> None:
    assert importlib.util.find_spec("mypy") is not None, "pip install -e '.[dev]'"
    # mypy cannot follow setuptools' package-dir mapping; give it the installed
    # layout as links, as .ci/run does.
    typed = tmp_path / "typed" / "stridelift"
    typed.mkdir(parents=True)
    for part in ("core", "plugins", "grammar"):
        (typed / part).symlink_to(REPO / part, target_is_directory=True)
    sources = [str(package / name) for name, b in package_files().items() if b.language == "python"]
    for block in blocks():
        if block.language == "python" and block.file is None:
            snippet = package / f"snippet_{block.line}.py"
            snippet.write_text(block.text, encoding="utf-8")
            sources.append(str(snippet))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.11",
            "--explicit-package-bases",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            *sources,
        ],
        cwd=package,
        env={**os.environ, "MYPYPATH": str(typed.parent)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- installed with pip


def _shown_listing() -> list[str]:
    """The lines of the guide's `stridelift plugins --all` output that name exact values."""
    (block,) = [
        b
        for b in blocks()
        if b.language == "text" and b.text.startswith("$ stridelift plugins --all\n")
    ]
    return [line for line in block.text.splitlines()[1:] if "..." not in line]


@pytest.mark.slow
def test_installed_with_pip_the_plugin_is_listed_as_the_guide_shows(
    package: Path, tmp_path: Path
) -> None:
    python = venv_with_this_environment(tmp_path / "venv")
    pip_install_into(python, package)
    env = {k: v for k, v in os.environ.items() if k != "STRIDELIFT_DISABLE_ENTRY_POINTS"}

    def stridelift(*args: str) -> subprocess.CompletedProcess[str]:
        # From outside the package folder, so only the installed copy can be imported.
        return subprocess.run(
            [python, "-m", "stridelift.core", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )

    listing = stridelift("plugins", "--all")
    assert listing.returncode == 0, listing.stdout + listing.stderr
    printed = [line.rstrip() for line in listing.stdout.splitlines()]
    missing = [line for line in _shown_listing() if line.rstrip() not in printed]
    assert not missing, f"the guide shows lines stridelift does not print: {missing}\n" + (
        listing.stdout
    )

    listed = json.loads(stridelift("plugins", "--output-format", "json").stdout)
    assert listed["errors"] == [] and listed["clashes"] == []
    for block in plugin_programs():
        checked = stridelift("check", "--strict-plugins", str(package / str(block.file)))
        assert checked.returncode == 0, checked.stdout + checked.stderr
