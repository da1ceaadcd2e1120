"""pytest helpers for people who write stridelift plugins.

Installed with stridelift through the ``pytest11`` entry point, so a plugin's
own test suite gets these fixtures without importing anything:

``stridelift_plugins(*extra, entry_points=False)``
    Build an isolated plugin manager: the built-ins plus the plugin objects
    or modules you pass, and nothing else installed on the machine.

``stride_check(text, *extra, filename="program.stride")``
    Write ``text`` to a temporary project and check it with the built-ins
    plus ``extra`` plugins; returns the list of diagnostics.

This module is imported by every pytest run where stridelift is installed,
so it imports nothing heavy until a fixture is used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from stridelift.core.diagnostics import Diagnostic
    from stridelift.core.hooks.manager import Plugins


@pytest.fixture
def stridelift_plugins() -> Callable[..., Plugins]:
    from stridelift.core.hooks.manager import make_plugin_manager

    def build(*extra: object, entry_points: bool = False) -> Plugins:
        return make_plugin_manager(entry_points=entry_points, extra=extra)

    return build


@pytest.fixture
def stride_check(tmp_path: Path) -> Callable[..., list[Diagnostic]]:
    from stridelift.core.check import check_file
    from stridelift.core.files import write_atomic
    from stridelift.core.hooks.manager import make_plugin_manager

    def run(text: str, *extra: Any, filename: str = "program.stride") -> list[Diagnostic]:
        (tmp_path / "pyproject.toml").touch()
        path = tmp_path / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        plugins = make_plugin_manager(entry_points=False, extra=extra)
        return check_file(path, plugins)[1]

    return run
