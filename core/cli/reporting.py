"""What every command shares: exit codes, printing, failures, and the plugins it runs with.

Exit codes (docs/cli.md): 0 clean, 1 findings (a diagnostic at or above
``--fail-on``, a file ``fmt --check`` would change, a program or log that
cannot be used), 2 usage, configuration, plugin (with ``--strict-plugins``)
or internal error.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.output.terminal import Paint

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMAT_VERSION = 1


def echo(text: str = "", *, err: bool = False) -> None:
    """One line to standard output (or error), exactly as given: no escape sequence is
    added or taken away (click's own ``echo`` strips colour it did not ask for).

    A reader that left (``| head -1``) ends the output, not the command: the rest is
    dropped, and the command finishes with its own exit code, so ``check`` with
    findings still exits 1 in a pipeline.
    """
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + "\n")
    except BrokenPipeError:
        quiet(stream)


def quiet(stream: TextIO) -> None:
    """After a broken pipe, point the stream at the null device, so that what is left
    to flush, now or when the interpreter exits, does not fail again (the recipe of
    the Python documentation's note on SIGPIPE)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner)
        pass


def painter_for(colour: str) -> Paint:
    """The painter for ``--color`` (see :mod:`stridelift.core.output.terminal`)."""
    from stridelift.core.output.terminal import colour_wanted, painter

    return painter(colour_wanted(colour))


class Failure(Exception):
    """A problem that ends the command with a message, never a traceback: exit 2 for
    usage, configuration and plugin problems, 1 (``code``) for bad input such as a
    program with errors or a log with invalid records."""

    def __init__(self, message: str, hint: str | None = None, code: int = EXIT_ERROR):
        super().__init__(message)
        self.hint = hint
        self.code = code


def plugins_for_command(strict: bool) -> Plugins:
    """The installed plugins; with ``--strict-plugins`` any plugin problem ends the run,
    a failure to load now, a callable failing at run time when it fails (exit 2)."""
    from stridelift.core.hooks.guard import TIMEOUT_VARIABLE, TimeoutSetting
    from stridelift.core.hooks.manager import load_plugins

    try:
        plugins = load_plugins(strict=strict)
    except TimeoutSetting as exc:
        raise Failure(str(exc), f"for example {TIMEOUT_VARIABLE}=10") from None
    if strict and plugins.errors:
        report_plugin_problems(plugins)
        raise Failure(
            f"{len(plugins.errors)} plugin error(s) with --strict-plugins",
            "fix or uninstall the plugin, or drop --strict-plugins",
        )
    return plugins


def tell(text: str) -> None:
    """One line to standard error, ``stridelift: TEXT``, such as ``note: ...`` or
    ``warning: ...``. The whole line is printed escaped: what it quotes from the
    input (a path, an athlete's name, a plugin's message) cannot forge a line or
    drive the terminal."""
    from stridelift.core.source import printable_path

    echo(printable_path(f"stridelift: {text}"), err=True)


def report_plugin_problems(plugins: Plugins) -> None:
    """After the work: hooks run lazily, so a hook that failed mid-check is included."""
    for error in plugins.errors:
        tell(f"warning: {error}")
    for clash in plugins.clashes:
        tell(f"warning: {clash}")
