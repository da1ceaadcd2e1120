"""``stridelift check``: every finding in every program, in any of the report formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from stridelift.core.cli import options
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    echo,
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
@options.config
@options.report_outputs
@options.colour
@options.strict_plugins
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    help="The lowest severity that makes the exit code 1 (default: error).",
)
def check(
    paths: tuple[str, ...],
    config_path: str | None,
    output_format: str,
    output_file: str | None,
    sarif_file: str | None,
    colour: str,
    strict_plugins: bool,
    fail_on: str,
) -> int:
    from stridelift.core.check import check_unit, unique
    from stridelift.core.cli.inputs import settings_for
    from stridelift.core.cli.reports import ReportOptions, write_report
    from stridelift.core.diagnostics import Severity
    from stridelift.core.language.sources import Loader, discover
    from stridelift.core.output.findings import FindingsReport

    outputs = ReportOptions(output_format, output_file, sarif_file, colour)
    plugins = plugins_for_command(strict_plugins)
    files, problems = discover(list(paths) or ["."])
    inputs = [*files, *([config_path] if config_path else [])]
    outputs.refuse_inputs(inputs)  # before the work; the includes are known only after it
    # Each file's project settings, read and validated before anything is checked (a
    # problem in them ends the command, exit 2); their `lints` are each file's lint settings.
    settings = settings_for(files, config_path)
    loader = Loader()
    diagnostics: list[Diagnostic] = list(problems)
    lines: dict[str, list[str] | None] = {}
    for path in files:
        unit = loader.load(path)
        diagnostics.extend(unit.diagnostics)
        if unit.document is not None:
            diagnostics.extend(check_unit(unit, plugins, lints=settings[path].lints))
    for result in loader.parse_results():
        diagnostics.extend(result.diagnostics)
        lines[result.path] = result.lines
    report_plugin_problems(plugins)
    report = FindingsReport(
        files=tuple(result.path for result in loader.parse_results()),
        findings=tuple(unique(diagnostics)),
        lines=lines,
        checked=len(files),
        plugin_errors=tuple(error.to_json() for error in plugins.errors),
    )
    failing = report.failing(Severity[fail_on.upper()])
    text = None
    if outputs.text and not report.findings and output_file is None:
        from stridelift.core.output.findings_text import summary

        echo(summary(report), err=True)  # nothing found: stdout stays empty for scripts
        text = ""
    write_report(report, outputs, inputs=inputs, text=text)
    return EXIT_FINDINGS if failing else EXIT_CLEAN
