"""``stridelift plugins``: what is loaded, with versions and hooks, and what went wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.reporting import EXIT_CLEAN, FORMAT_VERSION, echo, plugins_for_command

if TYPE_CHECKING:
    from stridelift.core.hooks.manager import Registry


@click.command(
    "plugins",
    short_help="List installed plugins.",
    help="List installed plugins with their versions and hooks, and any load errors.",
)
@click.option("--all", "show_all", is_flag=True, help="Also list what each plugin registers.")
@options.output_format
@options.strict_plugins
def plugins_command(show_all: bool, output_format: str, strict_plugins: bool) -> int:
    plugins = plugins_for_command(strict_plugins)
    plugins.load_all()
    registries: dict[str, Registry[Any]] = {
        "exercises": plugins.exercises,
        "equipment_sets": plugins.equipment_sets,
        "progressions": plugins.progressions,
        "periodization_styles": plugins.periodization_styles,
        "athlete_models": plugins.athlete_models,
    }
    if output_format == "json":
        import json

        listed = []
        for info in plugins.infos:
            entry = info.to_json()
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
            "errors": [e.to_json() for e in plugins.errors],
            "clashes": [
                {"kind": c.kind, "name": c.name, "kept": c.kept, "ignored": c.ignored}
                for c in plugins.clashes
            ],
        }
        echo(json.dumps(payload, indent=2))
        return EXIT_CLEAN
    width = max((len(i.name) for i in plugins.infos), default=6)
    origins = {
        info.name: "built-in" if info.builtin else f"{info.distribution} {info.version}".strip()
        for info in plugins.infos
    }
    origin_width = max((len(o) for o in origins.values()), default=8)
    for info in plugins.infos:
        echo(f"{info.name:<{width}}  {origins[info.name]:<{origin_width}}  {', '.join(info.hooks)}")
        if show_all:
            for kind, registry in registries.items():
                names = sorted(n for n, src in registry.sources.items() if src == info.name)
                if names:
                    echo(
                        f"{'':<{width}}    {kind.replace('_', ' ')} ({len(names)}): "
                        + ", ".join(names)
                    )
    for error in plugins.errors:
        echo(f"error: {error}")
    for clash in plugins.clashes:
        echo(f"clash: {clash}")
    return EXIT_CLEAN
