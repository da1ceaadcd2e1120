"""``stridelift plugins``: what is loaded, with versions, hooks and status, and what went
wrong; exit 1 when a plugin failed (to load, or in a hook)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    FORMAT_VERSION,
    echo,
    plugins_for_command,
)

if TYPE_CHECKING:
    from stridelift.core.hooks.manager import Registry


@click.command(
    "plugins",
    short_help="List installed plugins.",
    help="List installed plugins with their versions, hooks and status (ok, or failed: it "
    "did not load or a hook raised or returned junk), then every error. Exit 1 when a "
    "plugin failed.",
)
@click.option("--all", "show_all", is_flag=True, help="Also list what each plugin registers.")
@options.output_format
@options.strict_plugins
def plugins_command(show_all: bool, output_format: str, strict_plugins: bool) -> int:
    from stridelift.core.cli.inputs import Project

    plugins = plugins_for_command(strict_plugins)
    # The project's `requires` (the settings found from the current folder) hold here too.
    Project(None, plugins).settings_for([os.path.join(os.getcwd(), "-")])
    plugins.load_all()
    registries: dict[str, Registry[Any]] = {
        "exercises": plugins.exercises,
        "assessment_measures": plugins.assessment_measures,
        "equipment_sets": plugins.equipment_sets,
        "progressions": plugins.progressions,
        "periodization_styles": plugins.periodization_styles,
        "athlete_models": plugins.athlete_models,
        "lint_rules": plugins.lint_rules,
    }
    failed = plugins.failed()
    loaded = {info.name for info in plugins.infos}
    # A plugin that never loaded has no row of its own otherwise.
    missing = [error for error in plugins.errors if error.plugin not in loaded]
    code = EXIT_FINDINGS if failed else EXIT_CLEAN
    if output_format == "json":
        import json

        listed = []
        for info in plugins.infos:
            entry = info.to_json()
            entry["status"] = "failed" if info.name in failed else "ok"
            if show_all:
                entry["registers"] = {
                    kind: sorted(n for n, src in reg.sources.items() if src == info.name)
                    for kind, reg in registries.items()
                }
            listed.append(entry)
        payload = {
            "format_version": FORMAT_VERSION,
            "stridelift_version": __version__,
            "plugins": listed,
            "failed": failed,
            "errors": [e.to_json() for e in plugins.errors],
            "clashes": [
                {"kind": c.kind, "name": c.name, "kept": c.kept, "ignored": c.ignored}
                for c in plugins.clashes
            ],
        }
        echo(json.dumps(payload, indent=2))
        return code
    rows = [
        (
            info.name,
            "built-in" if info.builtin else f"{info.distribution} {info.version}".strip(),
            "failed" if info.name in failed else "ok",
            ", ".join(info.hooks),
        )
        for info in plugins.infos
    ]
    for name in dict.fromkeys(error.plugin for error in missing):
        error = next(e for e in missing if e.plugin == name)
        origin = f"{error.distribution} {error.version}".strip()
        rows.append((name, origin, "failed", "(not loaded)"))
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for name, origin, status, hooks in rows:
        echo(f"{name:<{widths[0]}}  {origin:<{widths[1]}}  {status:<{widths[2]}}  {hooks}")
        if show_all and name in loaded:
            for kind, registry in registries.items():
                names = sorted(n for n, src in registry.sources.items() if src == name)
                if names:
                    echo(
                        f"{'':<{widths[0]}}    {kind.replace('_', ' ')} ({len(names)}): "
                        + ", ".join(names)
                    )
    for error in plugins.errors:
        echo(f"error: {error}")
    for clash in plugins.clashes:
        echo(f"clash: {clash}")
    return code
