"""``stridelift test``: run program tests (``*.stride-test``) and report what failed, with
expected and actual values, the explanation behind them, and the clause coverage."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from stridelift.core.cli import options
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    Failure,
    echo,
    plugins_for_command,
    report_plugin_problems,
    tell,
)


@click.command(
    "test",
    short_help="Run program tests.",
    help="Run program tests: *.stride-test files that name a program, a log or a simulated "
    "athlete, and assert what the engine prescribes. Exit 1 when a test fails or cannot run."
    "\n\nPATH: files or folders (default: the current folder); folders are searched for "
    "*.stride-test files, and files named explicitly are always run.",
)
@options.paths
@click.option(
    "-k",
    "--select",
    "select",
    multiple=True,
    metavar="TEXT",
    help="Run only the tests whose name, or FILE::NAME, contains TEXT (any case); repeat "
    "for several.",
)
@click.option(
    "--fail-on-empty", is_flag=True, help="Exit 1 when no test ran (none found or selected)."
)
@click.option(
    "--coverage",
    "show_coverage",
    is_flag=True,
    help="Print which progression and rule clauses fired during the tests.",
)
@click.option(
    "--coverage-threshold",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Exit 1 when fewer than PCT percent of the clauses fired.",
)
@options.config
@options.jobs
@options.report_outputs
@options.colour
@options.strict_plugins
def run_tests(
    paths: tuple[str, ...],
    select: Sequence[str],
    fail_on_empty: bool,
    show_coverage: bool,
    coverage_threshold: float | None,
    config_path: str | None,
    jobs: str | None,
    output_format: str,
    output_file: str | None,
    sarif_file: str | None,
    colour: str,
    strict_plugins: bool,
) -> int:
    import os

    from stridelift.core.cli.batch import run_chunks
    from stridelift.core.cli.inputs import format_for, jobs_for
    from stridelift.core.cli.reports import ReportOptions, write_report
    from stridelift.core.config import config_for
    from stridelift.core.diagnostics import Diagnostic, Severity, render
    from stridelift.core.language.sources import discover_files
    from stridelift.core.output.findings import FindingsReport
    from stridelift.core.testing.coverage import merged
    from stridelift.core.testing.parse import SUFFIX
    from stridelift.core.testing.results import Outcome

    # The settings of the folder the command runs in choose the format and the jobs
    # (their problems are reported with each test file they apply to).
    here = config_for(os.path.join(os.getcwd(), "-"), config_path).settings
    outputs = ReportOptions(
        format_for(output_format, here.output_format), output_file, sarif_file, colour
    )
    plugins = plugins_for_command(strict_plugins)
    files, problems = discover_files(list(paths) or ["."], SUFFIX)
    inputs = [*files, *([config_path] if config_path else [])]
    outputs.refuse_inputs(inputs)  # before the work; programs and logs are known after it
    global _plugins
    _plugins = plugins  # forked workers use the plugins already loaded
    worker = functools.partial(
        _run_files, select=tuple(select), config=config_path, strict=strict_plugins
    )
    results = [
        result
        for part in run_chunks(worker, files, jobs_for(jobs, here.jobs), label="tests")
        for result in part
    ]
    settings = [
        d
        for result in results
        for d in result.findings
        if d.code.startswith("C") and d.severity >= Severity.ERROR
    ]
    if settings:
        lines = {path: text for result in results for path, text in result.lines.items()}
        for diagnostic in sorted(set(settings), key=lambda d: d.sort_key):
            echo(render(diagnostic, lines.get(diagnostic.path)), err=True)
            echo(err=True)
        raise Failure(
            f"{len(set(settings))} error(s) in the settings; no test was run",
            "fix the settings as each message says (docs/cli.md#configuration)",
        )
    findings: list[Diagnostic] = list(problems)
    lines_of: dict[str, Sequence[str] | None] = {}
    for result in results:
        findings.extend(result.findings)
        lines_of.update(result.lines)
    measured = show_coverage or coverage_threshold is not None
    coverage = merged([result.coverage for result in results])
    report = FindingsReport(
        files=tuple(dict.fromkeys(path for result in results for path in result.files)),
        findings=tuple(sorted(set(findings), key=lambda d: d.sort_key)),
        lines=lines_of,
        checked=len(files),
        plugin_errors=tuple(error.to_json() for error in plugins.errors),
        cases=tuple(case for result in results for case in result.cases),
        coverage=coverage if measured else None,
        command="test",
    )
    write_report(report, outputs, inputs=inputs)
    report_plugin_problems(plugins)
    code = EXIT_FINDINGS if report.failing(Severity.ERROR) else EXIT_CLEAN
    ran = sum(1 for case in report.cases if case.outcome is not Outcome.SKIPPED)
    if fail_on_empty and ran == 0:
        tell("error: no test ran (--fail-on-empty)")
        code = EXIT_FINDINGS
    if coverage_threshold is not None and coverage.percent < coverage_threshold:
        tell(
            f"error: {coverage.percent:.1f}% of the clauses fired, below "
            f"--coverage-threshold {coverage_threshold:g}%"
        )
        code = EXIT_FINDINGS
    return code


if TYPE_CHECKING:
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.testing.runner import FileResult

#: The plugins the command loaded: a forked worker has them already.
_plugins: Plugins | None = None


def _run_files(
    paths: list[str], *, select: tuple[str, ...], config: str | None, strict: bool
) -> list[FileResult]:
    """One chunk of test files (a module-level function: a process pool sends it by name)."""
    from stridelift.core.testing.runner import run_file

    plugins = _plugins if _plugins is not None else plugins_for_command(strict)
    return [run_file(path, select=select, plugins=plugins, config=config) for path in paths]
