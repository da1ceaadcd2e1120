"""``stridelift fmt``: the one canonical layout, written, checked or shown as a diff."""

from __future__ import annotations

import errno
import sys

import click

from stridelift.core.cli import options
from stridelift.core.cli.reporting import EXIT_CLEAN, EXIT_FINDINGS, echo, painter_for


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
@options.colour
@click.pass_context
def fmt(
    ctx: click.Context, paths: tuple[str, ...], check_only: bool, diff: bool, colour: str
) -> int:
    import difflib

    from stridelift.core.diagnostics import Severity, render
    from stridelift.core.language.layout import format_text
    from stridelift.core.language.parse import read_source
    from stridelift.core.language.sources import discover, display_path
    from stridelift.core.source import printable_path, source_lines

    options.exclusive(ctx, "check_only", "diff")
    files, problems = discover(list(paths) or ["."])
    paint = painter_for(colour)
    for problem in problems:
        echo(render(problem, None, paint=paint), err=True)
    # What the walk skipped (a symlink out of the folder, a FIFO) is said, not failed on.
    unfound = [p for p in problems if p.severity >= Severity.ERROR]
    changed = broken = 0
    for path in files:
        name = display_path(path)
        shown = printable_path(name)  # a file name cannot forge a line of output
        text, read_problems = read_source(path, name)
        if text is None:
            broken += 1
            for problem in read_problems:
                echo(render(problem, None, paint=paint), err=True)
            continue
        result = format_text(text, name)
        errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
        if result.output is None or errors:
            # A file with errors is left alone: the layout drops what the parser could
            # not place (a second load, say), and the error with it.
            broken += 1
            lines = source_lines(text)
            for diagnostic in errors or result.diagnostics:
                echo(render(diagnostic, lines, paint=paint), err=True)
            if any(d.code == "S011" for d in result.diagnostics):
                echo(f"stridelift: {shown} left as it is", err=True)
            else:
                echo(f"stridelift: cannot format {shown}: fix its errors first", err=True)
            continue
        if result.output == text:
            continue
        changed += 1
        if diff:
            sys.stdout.write(
                "".join(
                    difflib.unified_diff(
                        source_lines(text, keepends=True),
                        source_lines(result.output, keepends=True),
                        f"a/{shown}",
                        f"b/{shown}",
                    )
                )
            )
        elif check_only:
            echo(f"would reformat {shown}")
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
    echo(f"{changed} file(s) {verb}, {unchanged} unchanged, {broken} not formatted", err=True)
    failing = broken or unfound or ((check_only or diff) and changed)
    return EXIT_FINDINGS if failing else EXIT_CLEAN
