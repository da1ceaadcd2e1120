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
from stridelift.core.cli.reporting import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    Failure,
    echo,
    quiet,
    tell,
)

if TYPE_CHECKING:
    from stridelift.core.hooks.guard import PluginFault

__all__ = ["cli", "commands", "entry", "main"]


#: Each command's module (under ``stridelift.core.cli``) and function, in a coach's
#: order. A command's module is imported when it is run or shown (click's lazy
#: group pattern), so ``stridelift check`` starts without the other eight.
LAZY: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "fmt": ("fmt", "fmt"),
    "plan": ("plan", "plan_command"),
    "history": ("history", "history_command"),
    "report": ("report", "report_command"),
    "simulate": ("simulate", "simulate_command"),
    "export": ("export", "export_command"),
    "test": ("test", "run_tests"),
    "plugins": ("plugins", "plugins_command"),
}


class Commands(click.Group):
    """The group: commands listed in a coach's order (not the alphabet), each loaded
    when used, and every command's outcome turned into its exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*LAZY, *(name for name in self.commands if name not in LAZY)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = self.commands.get(cmd_name)
        if found is None and cmd_name in LAZY:
            import importlib

            module, name = LAZY[cmd_name]
            found = getattr(importlib.import_module(f"stridelift.core.cli.{module}"), name)
            assert isinstance(found, click.Command) and found.name == cmd_name
            self.commands[cmd_name] = found
        return found

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


def commands() -> dict[str, list[str]]:
    """Each command with its long options (the CLI reference is tested against this)."""
    context = click.Context(cli)
    found: dict[str, list[str]] = {}
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None
        found[name] = [
            option
            for param in command.params
            if isinstance(param, click.Option)
            for option in (*param.opts, *param.secondary_opts)
            if option.startswith("--") and option != "--help"
        ]
    return found


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line and exit with its code (a usage error is exit 2)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="stridelift")
    raise SystemExit(EXIT_CLEAN)  # click's main always exits; this says so to mypy


def entry() -> NoReturn:
    """The ``stridelift`` console script."""
    main()


if __name__ == "__main__":
    entry()
