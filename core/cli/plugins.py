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
    plugins_for_command,
)

if TYPE_CHECKING:
    from stridelift.core.hooks.manager import PluginError, Plugins, Registry


@click.command(
    "plugins",
    short_help="List installed plugins.",
    help="List installed plugins with their versions, hooks and status (ok, or failed: it "
    "did not load or a hook raised or returned junk), then every error. Exit 1 when a "
    "plugin failed.\n\nWith --output-format junit, github or sarif (or --sarif-file) each "
    "plugin that failed (X001) and each name two plugins register (X002) is reported for "
    "tools.",
)
@click.option("--all", "show_all", is_flag=True, help="Also list what each plugin registers.")
@options.document_outputs("the list of plugins")
@options.strict_plugins
def plugins_command(
    show_all: bool,
    output_format: str,
    strict_plugins: bool,
    output_file: str | None = None,
    sarif_file: str | None = None,
) -> int:
    from stridelift.core.cli.found import Found
    from stridelift.core.cli.inputs import Project
    from stridelift.core.cli.reports import ReportOptions

    outputs = ReportOptions(output_format, output_file, sarif_file)
    plugins = plugins_for_command(strict_plugins)
    # The project's `requires` (the settings found from the current folder) hold here too.
    project = Project(None, plugins)
    here = os.path.join(os.getcwd(), "-")
    project.settings_for([here])
    found = Found("plugins", [project.where(here)])
    outputs.refuse_inputs(found.inputs)
    plugins.load_all()
    registries: dict[str, Registry[Any]] = {
        "exercises": plugins.exercises,
        "assessment_measures": plugins.assessment_measures,
        "equipment_sets": plugins.equipment_sets,
        "progressions": plugins.progressions,
        "periodization_styles": plugins.periodization_styles,
        "athlete_models": plugins.athlete_models,
        "lint_rules": plugins.lint_rules,
        "exporters": plugins.exporters,
        "fit_exercises": plugins.fit_exercises,
    }
    failed = plugins.failed()
    loaded = {info.name for info in plugins.infos}
    # A plugin that never loaded has no row of its own otherwise.
    missing = [error for error in plugins.errors if error.plugin not in loaded]
    # For the formats for tools each plugin is a "file" (a JUnit case of its own), each
    # error an X001 and each clash an X002 about it; the SARIF log has them as tool
    # execution notifications, since no file of the repository holds them.
    names = [*(info.name for info in plugins.infos), *(e.plugin for e in missing)]
    found.read({f"<plugin {name}>": None for name in names})
    found.named = len(found.files)
    found.add(error.to_diagnostic() for error in plugins.errors)
    found.add(clash.to_diagnostic() for clash in plugins.clashes)
    own: dict[str, str | None] = {}
    if outputs.output_format == "json":
        own["json"] = _json(plugins, registries, show_all, failed) + "\n"
    elif outputs.text:
        own["text"] = "".join(
            f"{line}\n" for line in _listing(plugins, registries, show_all, missing)
        )
    found.write(outputs, own)
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _json(
    plugins: Plugins, registries: dict[str, Registry[Any]], show_all: bool, failed: list[str]
) -> str:
    import json

    from stridelift.core.cli.export import exporter_json

    listed = []
    for info in plugins.infos:
        entry = info.to_json()
        entry["status"] = "failed" if info.name in failed else "ok"
        if show_all:
            entry["registers"] = {
                kind: sorted(n for n, src in reg.sources.items() if src == info.name)
                for kind, reg in registries.items()
            }
            entry["exporters"] = [
                exporter_json(exporter)
                for name, exporter in sorted(plugins.exporters.records.items())
                if plugins.exporters.sources[name] == info.name
            ]
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
    return json.dumps(payload, indent=2)


def _listing(
    plugins: Plugins,
    registries: dict[str, Registry[Any]],
    show_all: bool,
    missing: list[PluginError],
) -> list[str]:
    failed = plugins.failed()
    loaded = {info.name for info in plugins.infos}
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
    lines = []
    for name, origin, status, hooks in rows:
        lines.append(f"{name:<{widths[0]}}  {origin:<{widths[1]}}  {status:<{widths[2]}}  {hooks}")
        if show_all and name in loaded:
            for kind, registry in registries.items():
                names = sorted(n for n, src in registry.sources.items() if src == name)
                if names:
                    lines.append(
                        f"{'':<{widths[0]}}    {kind.replace('_', ' ')} ({len(names)}): "
                        + ", ".join(names)
                    )
    lines.extend(f"error: {error}" for error in plugins.errors)
    lines.extend(f"clash: {clash}" for clash in plugins.clashes)
    return lines
