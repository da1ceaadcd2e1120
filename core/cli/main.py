"""The ``stridelift`` command line: a click group with one module per command.

Exit codes (docs/cli.md): 0 clean, 1 findings, 2 usage, configuration, plugin
(with ``--strict-plugins``) or internal error. A command never shows a coach
a traceback: a :class:`~stridelift.core.cli.reporting.Failure` is its message
and hint, a :class:`~stridelift.core.hooks.guard.PluginFault` the X001 naming
the plugin, anything else an internal error (``STRIDELIFT_DEBUG=1`` shows the
traceback). Heavy modules load inside the commands that need them, so
``--help`` and ``--version`` stay fast and ``check`` never loads the engine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from stridelift.core import __version__
from stridelift.core.cli.check import check
from stridelift.core.cli.export import export_command
from stridelift.core.cli.fmt import fmt
from stridelift.core.cli.history import history_command
from stridelift.core.cli.plan import plan_command
from stridelift.core.cli.plugins import plugins_command
from stridelift.core.cli.report import report_command
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    Failure,
    echo,
    quiet,
    tell,
)
from stridelift.core.cli.simulate import simulate_command
from stridelift.core.cli.test import run_tests

if TYPE_CHECKING:
    from stridelift.core.hooks.guard import PluginFault

__all__ = ["cli", "commands", "entry", "main"]


class Commands(click.Group):
    """The group: commands listed in the order they are added (a coach's order, not
    the alphabet), and every command's outcome turned into its exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            code = super().invoke(ctx)
            # Flushed here, inside the handlers: a reader that left (`| head`) is a
            # BrokenPipeError on this flush, not a message when the interpreter exits.
            # The output is over, but the command's exit code stands.
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                quiet(sys.stdout)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Failure as failure:
            from stridelift.core.source import printable_path

            tell(f"error: {failure}")  # escaped: a path in it cannot forge a line
            if failure.hint:
                echo(f"  hint: {printable_path(failure.hint)}", err=True)
            raise click.exceptions.Exit(failure.code) from None
        except KeyboardInterrupt:
            echo("stridelift: interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except BrokenPipeError:  # a write that did not go through echo()
            quiet(sys.stdout)
            raise click.exceptions.Exit(EXIT_CLEAN) from None
        except Exception as exc:
            from stridelift.core.hooks.guard import PluginFault

            if isinstance(exc, PluginFault):
                raise click.exceptions.Exit(_plugin_fault(exc)) from None
            if os.environ.get("STRIDELIFT_DEBUG"):  # any non-empty value, as docs/cli.md says
                raise
            echo(f"stridelift: internal error: {type(exc).__name__}: {exc}", err=True)
            echo(
                "  hint: this is a bug in stridelift or a plugin; run again with "
                "STRIDELIFT_DEBUG=1 for the traceback and report it",
                err=True,
            )
            raise click.exceptions.Exit(EXIT_ERROR) from None
        raise click.exceptions.Exit(int(code or 0))


def _plugin_fault(fault: PluginFault) -> int:
    """A plugin's callable failed where the run could not go on without it (a style's
    week past the checked ones, an athlete model): the X001, and exit 1, or 2 with
    ``--strict-plugins``, which stops at the first plugin failure."""
    from stridelift.core.diagnostics import render

    echo(render(fault.to_diagnostic(), None), err=True)
    if fault.strict:
        echo("stridelift: error: a plugin failed with --strict-plugins", err=True)
        return EXIT_ERROR
    echo("stridelift: error: a plugin failed; nothing more was evaluated", err=True)
    return EXIT_FINDINGS


@click.group(
    "stridelift",
    cls=Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Strength programs for runners: check, format and evaluate *.stride files.",
)
@click.version_option(
    __version__, "-V", "--version", prog_name="stridelift", message="%(prog)s, version %(version)s"
)
def cli() -> None:
    pass


for _command in (
    check,
    fmt,
    plan_command,
    history_command,
    report_command,
    simulate_command,
    export_command,
    run_tests,
    plugins_command,
):
    cli.add_command(_command)


def commands() -> dict[str, list[str]]:
    """Each command with its long options (the CLI reference is tested against this)."""
    return {
        name: [
            option
            for param in command.params
            if isinstance(param, click.Option)
            for option in (*param.opts, *param.secondary_opts)
            if option.startswith("--") and option != "--help"
        ]
        for name, command in cli.commands.items()
    }


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line and exit with its code (a usage error is exit 2)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="stridelift")
    raise SystemExit(EXIT_CLEAN)  # click's main always exits; this says so to mypy


def entry() -> NoReturn:
    """The ``stridelift`` console script."""
    main()


if __name__ == "__main__":
    entry()
