"""The ``stridelift`` command line.

Exit codes (docs/cli.md): 0 clean, 1 findings (a diagnostic at or above
``--fail-on``, a file ``fmt --check`` would change), 2 usage, configuration,
plugin (with ``--strict-plugins``) or internal error. Heavy modules load
inside the commands that need them, so ``--help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .plugins import Plugins, Registry

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMAT_VERSION = 1


def _colour(option: str) -> bool:
    if option == "always":
        return True
    if option == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _fail(message: str, hint: str | None = None) -> NoReturn:
    click.echo(f"stridelift: error: {message}", err=True)
    if hint:
        click.echo(f"  hint: {hint}", err=True)
    raise SystemExit(EXIT_ERROR)


def _load_plugins(strict: bool) -> Plugins:
    from .plugins import make_plugin_manager

    disabled = os.environ.get("STRIDELIFT_DISABLE_ENTRY_POINTS", "") not in ("", "0")
    plugins = make_plugin_manager(entry_points=not disabled)
    if strict:
        plugins.load_all()
    for error in plugins.errors:
        click.echo(f"stridelift: warning: {error}", err=True)
    if strict and plugins.errors:
        _fail(
            f"{len(plugins.errors)} plugin error(s) with --strict-plugins",
            "fix or uninstall the plugin, or drop --strict-plugins",
        )
    return plugins


def _report_clashes(plugins: Plugins) -> None:
    for clash in plugins.clashes:
        click.echo(f"stridelift: warning: {clash}", err=True)


common_output = click.option(
    "--output-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the results.",
)
colour_option = click.option(
    "--color",
    "colour",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output (auto: only on a terminal, and not with NO_COLOR).",
)
strict_option = click.option(
    "--strict-plugins",
    is_flag=True,
    help="Treat a plugin that fails to load as an error (exit 2). For CI.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="stridelift")
def cli() -> None:
    """Strength programs for runners: check, format and evaluate `*.stride` files."""


# ---------------------------------------------------------------- check


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@common_output
@colour_option
@strict_option
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="The lowest severity that makes the exit code 1.",
)
def check(
    paths: Sequence[Path], output_format: str, colour: str, strict_plugins: bool, fail_on: str
) -> None:
    """Check programs for mistakes: syntax, names, equipment, loads, schedule, rules.

    PATHS are files or folders (default: the current folder); folders are
    searched for *.stride files, and files named explicitly are always checked.
    """
    from .checker import check_unit, unique
    from .diagnostics import Severity, count_by_severity
    from .project import Loader, discover

    plugins = _load_plugins(strict_plugins)
    files, problems = discover(paths or [Path(".")])
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
    _report_clashes(plugins)
    found = unique(diagnostics)
    counts = count_by_severity(found)
    threshold = Severity[fail_on.upper()]
    failing = any(d.severity >= threshold for d in found)
    if output_format == "json":
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
        click.echo(json.dumps(payload, indent=2))
    else:
        from .diagnostics import render

        paint = _colour(colour)
        for diagnostic in found:
            click.echo(render(diagnostic, lines.get(diagnostic.path), colour=paint), color=paint)
            click.echo()
        noun = "file" if len(files) == 1 else "files"
        summary = (
            f"{len(files)} {noun} checked: {counts[Severity.ERROR]} error(s), "
            f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
        )
        click.echo(summary, err=not found)
    raise SystemExit(EXIT_FINDINGS if failing else EXIT_CLEAN)


# ---------------------------------------------------------------- fmt


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would change."
)
@click.option(
    "--diff", is_flag=True, help="Change nothing; print a unified diff of what would change."
)
@colour_option
def fmt(paths: Sequence[Path], check_only: bool, diff: bool, colour: str) -> None:
    """Rewrite programs in the one canonical layout (comments are kept).

    Files with syntax errors are left alone and reported (exit 1).
    """
    import difflib

    from .diagnostics import render
    from .formatter import format_text
    from .parser import read_source
    from .project import discover, display_path

    files, problems = discover(paths or [Path(".")])
    paint = _colour(colour)
    for problem in problems:
        click.echo(render(problem, None, colour=paint), err=True, color=paint)
    changed = broken = 0
    for path in files:
        name = display_path(path)
        text, read_problems = read_source(path, name)
        if text is None:
            broken += 1
            for problem in read_problems:
                click.echo(render(problem, None, colour=paint), err=True, color=paint)
            continue
        result = format_text(text, name)
        if result.output is None:
            broken += 1
            lines = text.splitlines()
            for diagnostic in result.diagnostics:
                click.echo(render(diagnostic, lines, colour=paint), err=True, color=paint)
            click.echo(f"stridelift: cannot format {name}: fix the syntax error first", err=True)
            continue
        if result.output == text:
            continue
        changed += 1
        if diff:
            click.echo(
                "".join(
                    difflib.unified_diff(
                        text.splitlines(keepends=True),
                        result.output.splitlines(keepends=True),
                        f"a/{name}",
                        f"b/{name}",
                    )
                ),
                nl=False,
            )
        elif check_only:
            click.echo(f"would reformat {name}")
        else:
            path.write_text(result.output, encoding="utf-8")
            click.echo(f"reformatted {name}", err=True)
    unchanged = len(files) - changed - broken
    verb = "would be reformatted" if (check_only or diff) else "reformatted"
    click.echo(f"{changed} file(s) {verb}, {unchanged} unchanged, {broken} not formatted", err=True)
    failing = broken or problems or ((check_only or diff) and changed)
    raise SystemExit(EXIT_FINDINGS if failing else EXIT_CLEAN)


# ---------------------------------------------------------------- plugins


@cli.command("plugins")
@click.option("--all", "show_all", is_flag=True, help="Also list what each plugin registers.")
@common_output
@strict_option
def plugins_command(show_all: bool, output_format: str, strict_plugins: bool) -> None:
    """List installed plugins with their versions and hooks, and any load errors."""
    plugins = _load_plugins(strict_plugins)
    plugins.load_all()
    registries: dict[str, Registry[Any]] = {
        "exercises": plugins.exercises,
        "equipment_sets": plugins.equipment_sets,
        "progressions": plugins.progressions,
        "periodization_styles": plugins.periodization_styles,
    }
    if output_format == "json":
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
        click.echo(json.dumps(payload, indent=2))
        raise SystemExit(EXIT_CLEAN)
    width = max((len(i.name) for i in plugins.infos), default=6)
    for info in plugins.infos:
        origin = "built-in" if info.builtin else f"{info.distribution} {info.version}".strip()
        click.echo(f"{info.name:<{width}}  {origin:<20}  {', '.join(info.hooks)}")
        if show_all:
            for kind, registry in registries.items():
                names = sorted(n for n, src in registry.sources.items() if src == info.name)
                if names:
                    click.echo(
                        f"{'':<{width}}    {kind.replace('_', ' ')} ({len(names)}): "
                        + ", ".join(names)
                    )
    for error in plugins.errors:
        click.echo(f"error: {error}")
    for clash in plugins.clashes:
        click.echo(f"clash: {clash}")
    raise SystemExit(EXIT_CLEAN)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point: never lets a traceback reach a coach."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="stridelift")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("stridelift: interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:
        if os.environ.get("STRIDELIFT_DEBUG"):
            raise
        click.echo(f"stridelift: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo(
            "  hint: this is a bug in stridelift or a plugin; run again with STRIDELIFT_DEBUG=1 "
            "for the traceback and report it",
            err=True,
        )
        raise SystemExit(EXIT_ERROR) from None
    raise SystemExit(EXIT_CLEAN)


if __name__ == "__main__":
    main()
