"""The ``stridelift`` command line.

Exit codes (docs/cli.md): 0 clean, 1 findings (a diagnostic at or above
``--fail-on``, a file ``fmt --check`` would change), 2 usage, configuration,
plugin (with ``--strict-plugins``) or internal error. Heavy modules load
inside the commands that need them, so ``--help`` and ``--version`` stay fast.

The parser is the standard library's argparse rather than click: a cold
``stridelift check`` is measured against the bare interpreter start
(``bench/bench_parse.py``), and importing click alone took longer than
checking a program.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from stridelift.core import __version__

if TYPE_CHECKING:
    from stridelift.core.diagnostics import Diagnostic
    from stridelift.core.hooks.manager import Plugins, Registry

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMAT_VERSION = 1


def echo(text: str = "", *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")


def _colour(option: str) -> bool:
    if option == "always":
        return True
    if option == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


class Failure(Exception):
    """A problem that ends the command with a message, never a traceback: exit 2 for
    usage, configuration and plugin problems, 1 (``code``) for bad input such as a
    program with errors or a log with invalid records."""

    def __init__(self, message: str, hint: str | None = None, code: int = 2):
        super().__init__(message)
        self.hint = hint
        self.code = code


def _load_plugins(strict: bool) -> Plugins:
    from stridelift.core.hooks.manager import make_plugin_manager

    disabled = os.environ.get("STRIDELIFT_DISABLE_ENTRY_POINTS", "") not in ("", "0")
    plugins = make_plugin_manager(entry_points=not disabled)
    if strict:
        plugins.load_all()
        if plugins.errors:
            _report_plugin_problems(plugins)
            raise Failure(
                f"{len(plugins.errors)} plugin error(s) with --strict-plugins",
                "fix or uninstall the plugin, or drop --strict-plugins",
            )
    return plugins


def _report_plugin_problems(plugins: Plugins) -> None:
    """After the work: hooks run lazily, so a hook that failed mid-check is included."""
    for error in plugins.errors:
        echo(f"stridelift: warning: {error}", err=True)
    for clash in plugins.clashes:
        echo(f"stridelift: warning: {clash}", err=True)


# ---------------------------------------------------------------- check


def check(
    paths: Sequence[str], output_format: str, colour: str, strict_plugins: bool, fail_on: str
) -> int:
    """Check programs for mistakes: syntax, names, equipment, loads, schedule, rules."""
    from stridelift.core.check import check_unit, unique
    from stridelift.core.diagnostics import Severity, count_by_severity
    from stridelift.core.language.sources import Loader, discover

    plugins = _load_plugins(strict_plugins)
    files, problems = discover(paths or ["."])
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
    _report_plugin_problems(plugins)
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

        paint = _colour(colour)
        for diagnostic in found:
            echo(render(diagnostic, lines.get(diagnostic.path), colour=paint))
            echo()
        noun = "file" if len(files) == 1 else "files"
        summary = (
            f"{len(files)} {noun} checked: {counts[Severity.ERROR]} error(s), "
            f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
        )
        echo(summary, err=not found)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


# ---------------------------------------------------------------- fmt


def fmt(paths: Sequence[str], check_only: bool, diff: bool, colour: str) -> int:
    """Rewrite programs in the one canonical layout (comments are kept)."""
    import difflib

    from stridelift.core.diagnostics import render
    from stridelift.core.language.layout import format_text
    from stridelift.core.language.parse import read_source
    from stridelift.core.language.sources import discover, display_path

    files, problems = discover(paths or ["."])
    paint = _colour(colour)
    for problem in problems:
        echo(render(problem, None, colour=paint), err=True)
    changed = broken = 0
    for path in files:
        name = display_path(path)
        text, read_problems = read_source(path, name)
        if text is None:
            broken += 1
            for problem in read_problems:
                echo(render(problem, None, colour=paint), err=True)
            continue
        result = format_text(text, name)
        if result.output is None:
            broken += 1
            lines = text.splitlines()
            for diagnostic in result.diagnostics:
                echo(render(diagnostic, lines, colour=paint), err=True)
            echo(f"stridelift: cannot format {name}: fix the syntax error first", err=True)
            continue
        if result.output == text:
            continue
        changed += 1
        if diff:
            sys.stdout.write(
                "".join(
                    difflib.unified_diff(
                        text.splitlines(keepends=True),
                        result.output.splitlines(keepends=True),
                        f"a/{name}",
                        f"b/{name}",
                    )
                )
            )
        elif check_only:
            echo(f"would reformat {name}")
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(result.output)
            echo(f"reformatted {name}", err=True)
    unchanged = len(files) - changed - broken
    verb = "would be reformatted" if (check_only or diff) else "reformatted"
    echo(f"{changed} file(s) {verb}, {unchanged} unchanged, {broken} not formatted", err=True)
    failing = broken or problems or ((check_only or diff) and changed)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


# ---------------------------------------------------------------- plugins


def plugins_command(show_all: bool, output_format: str, strict_plugins: bool) -> int:
    """List installed plugins with their versions and hooks, and any load errors."""
    plugins = _load_plugins(strict_plugins)
    plugins.load_all()
    registries: dict[str, Registry[Any]] = {
        "exercises": plugins.exercises,
        "equipment_sets": plugins.equipment_sets,
        "progressions": plugins.progressions,
        "periodization_styles": plugins.periodization_styles,
        "athlete_models": plugins.athlete_models,
    }
    if output_format == "json":
        import json

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
        echo(json.dumps(payload, indent=2))
        return EXIT_CLEAN
    width = max((len(i.name) for i in plugins.infos), default=6)
    origins = {
        info.name: "built-in" if info.builtin else f"{info.distribution} {info.version}".strip()
        for info in plugins.infos
    }
    origin_width = max((len(o) for o in origins.values()), default=8)
    for info in plugins.infos:
        echo(f"{info.name:<{width}}  {origins[info.name]:<{origin_width}}  {', '.join(info.hooks)}")
        if show_all:
            for kind, registry in registries.items():
                names = sorted(n for n, src in registry.sources.items() if src == info.name)
                if names:
                    echo(
                        f"{'':<{width}}    {kind.replace('_', ' ')} ({len(names)}): "
                        + ", ".join(names)
                    )
    for error in plugins.errors:
        echo(f"error: {error}")
    for clash in plugins.clashes:
        echo(f"clash: {clash}")
    return EXIT_CLEAN


# ---------------------------------------------------------------- the parser


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output-format",
        choices=["text", "json"],
        default="text",
        help="how to print the results (default: text)",
    )


def _add_colour(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        dest="colour",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text output (default: auto, only on a terminal and not with NO_COLOR)",
    )


def _add_reporting(parser: argparse.ArgumentParser) -> None:
    """--output-format, --color and --strict-plugins, which every reporting command takes."""
    _add_output(parser)
    _add_colour(parser)
    _add_strict(parser)


def _add_strict(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict-plugins",
        action="store_true",
        help="treat a plugin that fails to load as an error (exit 2); for CI",
    )


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: the current folder); folders are searched for "
        "*.stride files, and files named explicitly are always processed",
    )


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size`` says, without importing shutil."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter; argparse builds one per added argument, and the stock one
    imports shutil to ask the width each time (a few ms of every cold run)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _date(text: str) -> Any:
    from stridelift.core.cli.engine_commands import parse_date

    return parse_date(text)


def _add_log(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument(
        "--log",
        required=required,
        metavar="LOG",
        help="the athlete's log: JSON Lines (.jsonl) or CSV (.csv), see docs/logs.md",
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave out invalid log records (each is reported) instead of refusing the log",
    )


def _add_e1rm(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--e1rm",
        choices=["rts", "epley", "brzycki"],
        default="rts",
        help="how a one-rep max is estimated from a logged set for %% of 1RM loads: the RTS "
        "chart with the logged effort (default), or Epley or Brzycki for sets to failure",
    )


def _add_start(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start",
        type=_date,
        help="the first day of week 1 (default: the log's athlete record, else the Monday "
        "before its first record)",
    )


#: Options whose command-function parameter has another name than the option.
_PARAMETER = {"program": "program_path", "log": "log_path", "param": "params"}


def _engine_command(name: str) -> Callable[[argparse.Namespace], int]:
    """Run ``stridelift.core.cli.engine_commands.NAME`` with the parsed options as its keyword
    arguments (imported only when the command runs: ``check`` never loads the engine)."""

    def run(a: argparse.Namespace) -> int:
        from stridelift.core.cli import engine_commands as commands

        function = getattr(commands, name)
        code = function.__code__
        wanted = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        given = {_PARAMETER.get(key, key): value for key, value in vars(a).items()}
        return int(function(**{key: given[key] for key in wanted if key in given}))

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stridelift",
        formatter_class=_HelpFormatter,
        description="Strength programs for runners: check, format and evaluate *.stride files.",
    )
    parser.add_argument(
        "-V", "--version", action="version", version=f"stridelift, version {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    sub = commands.add_parser(
        "check",
        formatter_class=_HelpFormatter,
        help="check programs for mistakes",
        description="Check programs for mistakes: syntax, names, equipment, loads, schedule, "
        "rules. Exit 1 when a finding reaches --fail-on.",
    )
    _add_paths(sub)
    _add_reporting(sub)
    sub.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        default="error",
        help="the lowest severity that makes the exit code 1 (default: error)",
    )
    sub.set_defaults(
        run=lambda a: check(a.paths, a.output_format, a.colour, a.strict_plugins, a.fail_on)
    )

    sub = commands.add_parser(
        "fmt",
        formatter_class=_HelpFormatter,
        help="rewrite programs in the canonical layout",
        description="Rewrite programs in the one canonical layout (comments are kept). "
        "Files with syntax errors are left alone and reported (exit 1).",
    )
    _add_paths(sub)
    mode = sub.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        dest="check_only",
        action="store_true",
        help="change nothing; exit 1 if a file would change",
    )
    mode.add_argument(
        "--diff",
        action="store_true",
        help="change nothing; print a unified diff of what would change (exit 1 if any)",
    )
    _add_colour(sub)
    sub.set_defaults(run=lambda a: fmt(a.paths, a.check_only, a.diff, a.colour))

    sub = commands.add_parser(
        "plan",
        formatter_class=_HelpFormatter,
        help="next week's sessions from a program and a log, every change explained",
        description="Evaluate PROGRAM against the athlete's LOG and print next week's (or week "
        "N's) sessions with dates, each exercise's prescription, why it changed, and warnings. "
        "Exit 1 when the program has errors or the log has invalid records.",
    )
    sub.add_argument("program", metavar="PROGRAM", help="the .stride program")
    _add_log(sub, required=False)
    _add_start(sub)
    when = sub.add_mutually_exclusive_group()
    when.add_argument(
        "--week", type=int, help="plan this program week (default: the week after the last logged)"
    )
    when.add_argument(
        "--date", type=_date, help="plan the program week that contains this date (YYYY-MM-DD)"
    )
    sub.add_argument(
        "--explain-holds",
        action="store_true",
        help="also say why an exercise did not progress (text output; JSON always has it)",
    )
    _add_e1rm(sub)
    _add_reporting(sub)
    sub.set_defaults(run=_engine_command("plan_command"))

    sub = commands.add_parser(
        "history",
        formatter_class=_HelpFormatter,
        help="week by week: what was prescribed, what was done, what changed",
        description="Replay PROGRAM over LOG and print, for every logged week, each "
        "progressing exercise's prescription, what the log says was done, and what changed.",
    )
    sub.add_argument("program", metavar="PROGRAM", help="the .stride program")
    _add_log(sub, required=True)
    _add_start(sub)
    _add_e1rm(sub)
    _add_reporting(sub)
    sub.set_defaults(run=_engine_command("history_command"))

    sub = commands.add_parser(
        "simulate",
        formatter_class=_HelpFormatter,
        help="run a program against a simulated athlete",
        description="Run PROGRAM for N weeks against a simulated athlete (an athlete-model "
        "plugin; the built-in `steady` model is deterministic for a given --seed) and print "
        "how each progressing exercise moves week by week.",
    )
    sub.add_argument("program", metavar="PROGRAM", help="the .stride program")
    sub.add_argument("--weeks", type=int, help="weeks to run (default: the program's length)")
    sub.add_argument("--athlete", default="steady", help="the athlete model (default: steady)")
    sub.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a model parameter, e.g. --param adherence=0.8 (repeatable)",
    )
    sub.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    _add_start(sub)
    sub.add_argument(
        "--log-out",
        metavar="FILE",
        help="also write the athlete's simulated log (.jsonl or .csv)",
    )
    sub.add_argument(
        "--explain", action="store_true", help="list every change with its explanation"
    )
    _add_e1rm(sub)
    _add_reporting(sub)
    sub.set_defaults(run=_engine_command("simulate_command"))

    sub = commands.add_parser(
        "plugins",
        formatter_class=_HelpFormatter,
        help="list installed plugins",
        description="List installed plugins with their versions and hooks, and any load errors.",
    )
    sub.add_argument(
        "--all", dest="show_all", action="store_true", help="also list what each plugin registers"
    )
    _add_output(sub)
    _add_strict(sub)
    sub.set_defaults(run=lambda a: plugins_command(a.show_all, a.output_format, a.strict_plugins))
    return parser


def commands() -> dict[str, list[str]]:
    """Each command with its long options (the CLI reference is tested against this)."""
    parser = build_parser()
    found: dict[str, list[str]] = {}
    for action in parser._actions:  # argparse keeps subcommands here
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = [
                    option
                    for item in sub._actions
                    for option in item.option_strings
                    if option.startswith("--") and option != "--help"
                ]
    return found


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point: never lets a traceback reach a coach."""
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
        run: Callable[[argparse.Namespace], int] = args.run
        code = run(args)
    except SystemExit:
        raise
    except Failure as failure:
        echo(f"stridelift: error: {failure}", err=True)
        if failure.hint:
            echo(f"  hint: {failure.hint}", err=True)
        raise SystemExit(failure.code) from None
    except KeyboardInterrupt:
        echo("stridelift: interrupted", err=True)
        raise SystemExit(130) from None
    except BrokenPipeError:
        # `stridelift check | head`: the reader left; nothing more to say.
        sys.stderr.close()
        raise SystemExit(EXIT_CLEAN) from None
    except Exception as exc:
        if os.environ.get("STRIDELIFT_DEBUG"):
            raise
        echo(f"stridelift: internal error: {type(exc).__name__}: {exc}", err=True)
        echo(
            "  hint: this is a bug in stridelift or a plugin; run again with STRIDELIFT_DEBUG=1 "
            "for the traceback and report it",
            err=True,
        )
        raise SystemExit(EXIT_ERROR) from None
    raise SystemExit(code)


def entry() -> NoReturn:
    """The ``stridelift`` command: :func:`main` in a process that starts and ends fast.

    A check is short-lived and its objects are acyclic, so the cyclic garbage
    collector only costs time; and tearing the interpreter down (freeing every
    module and object one by one) takes longer than some checks. Output is
    flushed and ``atexit`` handlers run before the process ends.
    """
    import atexit
    import gc

    gc.disable()
    try:
        main()
    except SystemExit as exit_:
        code = exit_.code
    if not isinstance(code, int):
        if code is not None:
            sys.stderr.write(f"{code}\n")
        code = 0 if code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    # ``python -m stridelift.core.cli.main`` runs this file as ``__main__``; the commands
    # import ``stridelift.core.cli.main``, a second copy whose ``Failure`` this copy's
    # handler would not know. Run that copy's entry point.
    from stridelift.core.cli.main import entry as _entry

    _entry()
