"""``stridelift check``: every finding in every program, in any of the report formats."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

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
    from stridelift.core.cli.inputs import LintChoice, Project
    from stridelift.core.diagnostics import Diagnostic
    from stridelift.core.hooks.manager import Plugins


@click.command(
    "check",
    short_help="Check programs for mistakes.",
    help="Check programs for mistakes: syntax, names, equipment, loads, schedule, rules. "
    "Exit 1 when a finding reaches --fail-on (0 with --exit-zero).\n\nPATH: files or folders "
    "(default: the current folder); folders are searched for *.stride files (as the "
    "settings' include and exclude say), and files named explicitly are always processed.",
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
@options.lint_selection
@options.exit_zero
@options.jobs
def check(
    paths: tuple[str, ...],
    config_path: str | None,
    output_format: str,
    output_file: str | None,
    sarif_file: str | None,
    colour: str,
    strict_plugins: bool,
    fail_on: str,
    select: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    lint_options: tuple[str, ...] = (),
    exit_zero: bool = False,
    jobs: str | None = None,
) -> int:
    from stridelift.core.check import unique
    from stridelift.core.check.waivers import Waivers
    from stridelift.core.cli.batch import run_chunks
    from stridelift.core.cli.inputs import Project, format_for, jobs_for, lint_choice
    from stridelift.core.cli.reports import ReportOptions, write_report
    from stridelift.core.diagnostics import CODES, Severity
    from stridelift.core.language.sources import discover
    from stridelift.core.output.findings import FindingsReport

    plugins = plugins_for_command(strict_plugins)
    choice = lint_choice(plugins, select, extend_select, ignore, lint_options)
    project = Project(config_path, plugins, choice)
    # Each folder's project settings are read as the walk meets it (their include and
    # exclude choose its files), and validated before anything is checked (a problem
    # in them ends the command, exit 2).
    files, problems = discover(list(paths) or ["."], keep=project.keep)
    project.settings_for(files)
    inputs = [*files, *([config_path] if config_path else [])]
    # The settings of the folder the command runs in choose the format and the jobs.
    here = project.config(os.path.join(os.getcwd(), "-")).settings
    outputs = ReportOptions(
        format_for(output_format, here.output_format), output_file, sarif_file, colour
    )
    outputs.refuse_inputs(inputs)  # before the work; the includes are known only after it
    global _state
    _state = (plugins, project, choice)  # what a forked worker checks with
    diagnostics: list[Diagnostic] = list(problems)
    lines: dict[str, list[str] | None] = {}
    # The files of a program with an error: not every lint rule ran on them, so a
    # waiver there that waived nothing is not called unused.
    unsure: set[str] = set()
    parsed: list[str] = []
    for chunk in run_chunks(_check_files, files, jobs_for(jobs, here.jobs), label="checking"):
        diagnostics.extend(chunk.diagnostics)
        lines.update(chunk.lines)
        unsure.update(chunk.unsure)
        parsed.extend(chunk.parsed)
    # What the selection reports, then what no waiver covers (W230-W233 about the waivers).
    shown = [d for d in unique(diagnostics) if project.reports(d.code, d.path)]
    plan_codes = {r.code for r in plugins.lint_rules if r.kind == "plan"}
    waivers = Waivers(project.rules, {*plan_codes, *(c for c in CODES if c[0] == "P")})
    waivers.read(lines)
    waived = waivers.apply(shown, project.reports, unsure)
    report_plugin_problems(plugins)
    report = FindingsReport(
        files=tuple(dict.fromkeys(parsed)),
        findings=tuple(unique(d for d in waived.findings if project.reports(d.code, d.path))),
        lines=lines,
        checked=len(files),
        plugin_errors=tuple(error.to_json() for error in plugins.errors),
        waived=waived.waived,
    )
    failing = report.failing(Severity[fail_on.upper()])
    text = None
    if outputs.text and not report.findings and output_file is None:
        from stridelift.core.output.findings_text import summary

        echo(summary(report), err=True)  # nothing found: stdout stays empty for scripts
        text = ""
    write_report(report, outputs, inputs=inputs, text=text)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


#: What the command checks with (plugins, project settings, lint choice): set before the
#: files are split, so a forked worker has them.
_state: tuple[Plugins, Project, LintChoice] | None = None


class Checked(NamedTuple):
    """What checking one chunk of files found (it pickles: a worker sends it back)."""

    diagnostics: list[Diagnostic]
    lines: dict[str, list[str] | None]
    unsure: set[str]
    parsed: list[str]


def _check_files(paths: list[str]) -> Checked:
    """Check a chunk of program files, sharing one loader (so a fragment that several
    include is parsed once a chunk)."""
    from stridelift.core.check import check_unit
    from stridelift.core.diagnostics import Severity
    from stridelift.core.language.sources import Loader

    assert _state is not None, "check() sets the state first"
    plugins, project, choice = _state
    loader = Loader()
    out = Checked([], {}, set(), [])
    for path in paths:
        unit = loader.load(path)
        found = list(unit.diagnostics)
        if unit.document is not None:
            found += check_unit(unit, plugins, lints=project.lints(path), final=choice.lints)
        if unit.document is None or any(d.severity >= Severity.ERROR for d in found):
            out.unsure.update(unit.files)
        out.diagnostics.extend(found)
    for result in loader.parse_results():
        out.diagnostics.extend(result.diagnostics)
        out.lines[result.path] = result.lines
        out.parsed.append(result.path)
        if result.document is None or any(d.severity >= Severity.ERROR for d in result.diagnostics):
            out.unsure.add(result.path)
    return out
