"""``stridelift check``: every finding in every program, as text or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    FORMAT_VERSION,
    echo,
    painter_for,
    plugins_for_command,
    report_plugin_problems,
)

if TYPE_CHECKING:
    from stridelift.core.diagnostics import Diagnostic


@click.command(
    "check",
    short_help="Check programs for mistakes.",
    help="Check programs for mistakes: syntax, names, equipment, loads, schedule, rules. "
    "Exit 1 when a finding reaches --fail-on.\n\nPATH: files or folders (default: the current "
    "folder); folders are searched for *.stride files, and files named explicitly are always "
    "processed.",
)
@options.paths
@options.reporting
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    help="The lowest severity that makes the exit code 1 (default: error).",
)
def check(
    paths: tuple[str, ...], output_format: str, colour: str, strict_plugins: bool, fail_on: str
) -> int:
    from stridelift.core.check.checker import check_unit, unique
    from stridelift.core.diagnostics import Severity, count_by_severity
    from stridelift.core.language.sources import Loader, discover

    plugins = plugins_for_command(strict_plugins)
    files, problems = discover(list(paths) or ["."])
    loader = Loader()
    diagnostics: list[Diagnostic] = list(problems)
    lines: dict[str, list[str] | None] = {}
    for path in files:
        unit = loader.load(path)
        diagnostics.extend(unit.diagnostics)
        if unit.document is not None:
            diagnostics.extend(check_unit(unit, plugins))
    for result in loader.parse_results():
        diagnostics.extend(result.diagnostics)
        lines[result.path] = result.lines
    report_plugin_problems(plugins)
    found = unique(diagnostics)
    counts = count_by_severity(found)
    threshold = Severity[fail_on.upper()]
    failing = any(d.severity >= threshold for d in found)
    if output_format == "json":
        import json

        payload: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "stridelift_version": __version__,
            "files": [result.path for result in loader.parse_results()],
            "diagnostics": [d.to_json() for d in found],
            "summary": {
                "files": len(files),
                "errors": counts[Severity.ERROR],
                "warnings": counts[Severity.WARNING],
                "info": counts[Severity.INFO],
            },
            "plugin_errors": [e.to_json() for e in plugins.errors],
        }
        echo(json.dumps(payload, indent=2))
    else:
        from stridelift.core.diagnostics import render

        paint = painter_for(colour)
        for diagnostic in found:
            echo(render(diagnostic, lines.get(diagnostic.path), paint=paint))
            echo()
        noun = "file" if len(files) == 1 else "files"
        summary = (
            f"{len(files)} {noun} checked: {counts[Severity.ERROR]} error(s), "
            f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
        )
        echo(summary, err=not found)
    return EXIT_FINDINGS if failing else EXIT_CLEAN
