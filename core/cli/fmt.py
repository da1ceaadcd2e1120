"""``stridelift fmt``: the one canonical layout, written, checked or shown as a diff.

With ``--check`` or ``--diff`` every file that would change is a finding (F001, at
the first line that would change), so the report formats of ``check`` (JSON,
JUnit, GitHub, SARIF) cover the layout too. The text format prints what it always
has: ``would reformat PATH`` lines or the diff.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

import click

from stridelift.core.cli import options
from stridelift.core.cli.reporting import EXIT_CLEAN, EXIT_FINDINGS, echo, painter_for

if TYPE_CHECKING:
    from stridelift.core.diagnostics import Diagnostic
    from stridelift.core.language.layout import FormatResult


@click.command(
    "fmt",
    short_help="Rewrite programs in the canonical layout.",
    help="Rewrite programs in the one canonical layout (comments are kept). Files with "
    "syntax errors are left alone and reported (exit 1).\n\nPATH: files or folders (default: "
    "the current folder); folders are searched for *.stride files, and files named explicitly "
    "are always processed.",
)
@options.paths
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Change nothing; exit 1 if a file would change.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Change nothing; print a unified diff of what would change (exit 1 if any).",
)
@options.jobs
@options.report_outputs
@options.colour
@click.pass_context
def fmt(
    ctx: click.Context,
    paths: tuple[str, ...],
    check_only: bool,
    diff: bool,
    jobs: str | None,
    output_format: str,
    output_file: str | None,
    sarif_file: str | None,
    colour: str,
) -> int:
    import difflib

    from stridelift.core.cli.batch import run_chunks
    from stridelift.core.cli.inputs import Project, jobs_for
    from stridelift.core.cli.reports import ReportOptions, write_report
    from stridelift.core.diagnostics import Severity, render
    from stridelift.core.language.sources import discover, display_path
    from stridelift.core.output.findings import FindingsReport
    from stridelift.core.source import printable_path, source_lines

    options.exclusive(ctx, "check_only", "diff")
    outputs = ReportOptions(output_format, output_file, sarif_file, colour)
    # The project's include and exclude choose among the files a folder walk finds, as
    # for check (a problem in the settings ends the command, exit 2).
    project = Project()
    files, problems = discover(list(paths) or ["."], keep=project.keep)
    project.settings_for(files)
    outputs.refuse_inputs(files)
    paint = painter_for(colour)
    for problem in problems:
        echo(render(problem, None, paint=paint), err=True)
    # What the walk skipped (a symlink out of the folder, a FIFO) is said, not failed on.
    unfound = [p for p in problems if p.severity >= Severity.ERROR]
    findings: list[Diagnostic] = list(problems)
    lines: dict[str, list[str] | None] = {}
    names: list[str] = []
    # The text format's standard output, as fmt has always printed it; in the other
    # formats the report takes its place and a diff goes to standard error.
    listing: list[str] = []
    changed = broken = 0
    # Reading and laying out the files is the work, spread over the jobs; what is
    # written, shown and reported is decided here, in the order of the files.
    laid_out = [
        done
        for chunk in run_chunks(_lay_out, files, jobs_for(jobs), label="formatting")
        for done in chunk
    ]
    for path, (text, read_problems, result) in zip(files, laid_out, strict=True):
        name = display_path(path)
        names.append(name)
        shown = printable_path(name)  # a file name cannot forge a line of output
        if text is None:
            broken += 1
            findings.extend(read_problems)
            for problem in read_problems:
                echo(render(problem, None, paint=paint), err=True)
            continue
        assert result is not None
        errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
        if result.output is None or errors:
            # A file with errors is left alone: the layout drops what the parser could
            # not place (a second load, say), and the error with it.
            broken += 1
            lines[name] = source_lines(text)
            findings.extend(errors or result.diagnostics)
            for diagnostic in errors or result.diagnostics:
                echo(render(diagnostic, lines[name], paint=paint), err=True)
            if any(d.code == "S011" for d in result.diagnostics):
                echo(f"stridelift: {shown} left as it is", err=True)
            else:
                echo(f"stridelift: cannot format {shown}: fix its errors first", err=True)
            continue
        if result.output == text:
            continue
        changed += 1
        if diff or check_only:
            lines[name] = source_lines(text)
            findings.append(would_reformat(name, text, result.output))
        if diff:
            patch = "".join(
                difflib.unified_diff(
                    source_lines(text, keepends=True),
                    source_lines(result.output, keepends=True),
                    f"a/{shown}",
                    f"b/{shown}",
                )
            )
            if outputs.text:
                listing.append(patch)
            else:
                echo(patch.removesuffix("\n"), err=True)
        elif check_only:
            listing.append(f"would reformat {shown}\n")
        else:
            from stridelift.core.cli.outputs import in_place_target, read_only
            from stridelift.core.files import write_atomic

            target = in_place_target(path)
            if target is None:
                changed -= 1
                broken += 1
                echo(
                    f"stridelift: {shown} is a symlink to a file outside its folder; "
                    "not written (format the file where it lives)",
                    err=True,
                )
                continue
            try:
                if read_only(target):
                    # The atomic write could replace it (the folder is writable), but
                    # a read-only file says: do not change me.
                    raise PermissionError(errno.EACCES, "the file is read-only", target)
                write_atomic(target, result.output)
            except OSError as error:  # the original is untouched: say so, go on
                changed -= 1
                broken += 1
                reason = error.strerror or str(error)
                echo(f"stridelift: cannot write {shown}: {reason}; the file is unchanged", err=True)
                continue
            echo(f"reformatted {shown}", err=True)
    unchanged = len(files) - changed - broken
    verb = "would be reformatted" if (check_only or diff) else "reformatted"
    report = FindingsReport(
        files=tuple(names),
        findings=tuple(sorted(findings, key=lambda d: d.sort_key)),
        lines=lines,
        checked=len(files),
        command="fmt",
    )
    write_report(report, outputs, inputs=files, text="".join(listing))
    echo(f"{changed} file(s) {verb}, {unchanged} unchanged, {broken} not formatted", err=True)
    failing = broken or unfound or ((check_only or diff) and changed)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def would_reformat(name: str, text: str, formatted: str) -> Diagnostic:
    """F001 at the first line the layout changes, the whole line underlined."""
    import shlex

    from stridelift.core.diagnostics import Diagnostic
    from stridelift.core.source import Span, printable_path, source_lines

    before = source_lines(text, keepends=True)
    after = source_lines(formatted, keepends=True)
    first = next(
        (n for n, (old, new) in enumerate(zip(before, after, strict=False)) if old != new),
        min(len(before), len(after)),
    )
    line = min(first + 1, max(len(before), 1))
    width = len(before[line - 1].rstrip("\r\n")) if before else 0
    return Diagnostic.make(
        name,
        Span(line, 1, line, width + 1),
        "F001",
        "would reformat: this is the first line fmt's layout changes",
        f"run `stridelift fmt {shlex.quote(printable_path(name))}` to rewrite the file, or "
        "`stridelift fmt --diff` to see the change",
    )


def _lay_out(paths: list[str]) -> list[tuple[str | None, list[Diagnostic], FormatResult | None]]:
    """Each file's text (or why it cannot be read) and its canonical layout: a chunk of
    ``fmt``'s work, in a worker process when there are jobs."""
    from stridelift.core.language.layout import format_text
    from stridelift.core.language.parse import read_source
    from stridelift.core.language.sources import display_path

    out: list[tuple[str | None, list[Diagnostic], FormatResult | None]] = []
    for path in paths:
        name = display_path(path)
        text, problems = read_source(path, name)
        out.append((text, list(problems), None if text is None else format_text(text, name)))
    return out
