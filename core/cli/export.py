"""``stridelift export``: the plan in a format other tools read, written by an exporter plugin.

The format is an :class:`~stridelift.core.hooks.records.Exporter` a plugin
registered (the built-ins: ``stridelift.plugins.exporters``). The command reads
the program and the log as ``plan`` does (:func:`~stridelift.core.cli.inputs.prepare`),
plans the weeks asked for, hands them to the exporter behind the plugin guard, and
writes what it returns through the one atomic write: a one-file format to ``-o FILE``
(or into ``-o DIR``, or to standard output), a many-file format into ``-o DIR``.

Exit codes (docs/cli.md#stridelift-export): 0 written; 1 the program has errors, the
log invalid records, or the exporter failed (X001, nothing written); 2 a usage
problem: an unknown format or option, a week range outside the program, a missing
optional dependency, an output that may not be written.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from stridelift.core import __version__
from stridelift.core.cli import options
from stridelift.core.cli.reporting import EXIT_CLEAN, Failure, report_plugin_problems, tell

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram, WeekResult
    from stridelift.core.engine.logweeks import LogIndex
    from stridelift.core.hooks.manager import Plugins
    from stridelift.core.hooks.records import Exporter, ExportFile, ExportValue
    from stridelift.core.logs import Log
    from stridelift.core.report.model import Report

#: An export may take this many times the plugin time limit of one call (a report's
#: charts take seconds, not the milliseconds of a hook).
EXPORT_TIME_FACTOR = 12


@click.command(
    "export",
    short_help="Write the plan as Markdown, HTML, JSON, CSV, iCalendar, FIT, ...",
    help="Plan PROGRAM against the athlete's LOG and write the weeks asked for in the "
    "format NAME, which an exporter plugin provides (`stridelift plugins --all` lists "
    "them): markdown, html, json, csv, ics and fit are built in. A one-file format "
    "writes to -o FILE (or into -o DIR, or to standard output); a format that writes "
    "one file per session needs -o DIR. Exit 1 when the program has errors, the log "
    "invalid records or the exporter fails; 2 for a usage problem.",
)
@options.program
@options.log(required=False)
@click.option(
    "-f",
    "--format",
    "format_name",
    required=True,
    metavar="NAME",
    help="The export format: an exporter's name (built in: markdown, html, json, csv, ics, fit).",
)
@click.option(
    "--weeks",
    "weeks_range",
    metavar="RANGE",
    help="The program weeks to export: N, N-M, N- (to the program's end) or all "
    "(default: the week after the last logged, as `plan` plans).",
)
@click.option(
    "-o",
    "--output",
    "output",
    metavar="FILE|DIR",
    help="Where to write: a file (one-file formats), or a folder, made if missing, that "
    "receives the files under their own names (default: standard output for a "
    "one-file format).",
)
@click.option(
    "--option",
    "export_options",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set one of the format's options (ics: --option time=07:00 --option "
    "zone=Europe/Oslo); repeatable. `stridelift plugins --all --output-format json` "
    "lists each format's options.",
)
@options.start
@options.race
@options.e1rm
@options.config
@options.strict_plugins
@options.lint_selection
def export_command(
    program_path: str,
    log_path: str | None,
    format_name: str,
    weeks_range: str | None,
    output: str | None,
    export_options: tuple[str, ...],
    start: dt.date | None,
    skip_invalid: bool,
    strict_plugins: bool,
    race: dt.date | None = None,
    e1rm: str | None = None,
    config_path: str | None = None,
    select: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    lint_options: tuple[str, ...] = (),
) -> int:
    from stridelift.core.cli.found import Found
    from stridelift.core.cli.inputs import meta, prepare_command
    from stridelift.core.cli.outputs import check_report_output
    from stridelift.core.output.exports import ExportContext

    given = [program_path, log_path, config_path]
    if output is not None and not os.path.isdir(output):
        check_report_output(output, [p for p in given if p], option="-o")
    found = Found("export", given)
    prepared = prepare_command(found)
    plugins, program, evaluation = prepared.plugins, prepared.program, prepared.evaluation
    exporter = find_exporter(plugins, format_name)
    chosen = export_option_values(exporter, export_options)
    missing_requirements(exporter)
    last_logged = evaluation.index.last_week
    first, last = week_range(weeks_range, program, last_logged)
    if exporter.many and output is None:
        raise Failure(
            f"the {exporter.name} format writes one file per session; give the folder "
            "to write them to",
            f"pass -o DIR, for example -o {_stem(program_path)}-{exporter.name}/",
        )
    inputs = [*found.inputs, *found.files]
    logged = min(last_logged, program.weeks) if program.weeks else last_logged
    built = list(evaluation.weeks(max(last, logged)))
    prepared.warnings.apply(built)
    stem = _stem(output if output is not None and not _is_folder(output) else program_path)
    context = ExportContext(
        program=program,
        weeks=tuple(w for w in built if first <= w.week <= last),
        history=tuple(built),
        last_logged=last_logged,
        meta=meta(log_path, prepared.log, prepared.first, prepared.skipped, evaluation.race),
        version=__version__,
        stem=stem,
        options=chosen,
        log=prepared.log,
        index=evaluation.index,
        plugins=plugins,
        report_builder=report_builder(program, prepared.log, built, evaluation.index, logged),
    )
    files = run_exporter(plugins, exporter, context)
    written = write_files(files, exporter, output, inputs)
    if written:
        where = output if len(written) > 1 and output is not None else written[0]
        count = f"{len(written)} files" if len(written) > 1 else "1 file"
        tell(f"{exporter.name}: wrote {count} ({_weeks_text(first, last)}) to {where}")
    report_plugin_problems(plugins)
    return EXIT_CLEAN


def report_builder(
    program: CompiledProgram,
    log: Log | None,
    history: Sequence[WeekResult],
    index: LogIndex,
    logged: int,
) -> Callable[[], Report | None]:
    """How the export builds the ``report`` command's model when a format reads it:
    as ``stridelift report`` does, from the same log and the weeks planned from it, for
    every logged week (weeks 1 to ``logged``); None when no week is logged."""

    def build() -> Report | None:
        weeks = [w for w in history if w.week <= logged]
        if not weeks:
            return None
        from stridelift.core.report import build_report

        return build_report(program, log, weeks, index)

    return build


def find_exporter(plugins: Plugins, name: str) -> Exporter:
    """The exporter ``--format`` names; an unknown name is a usage error listing those
    installed (and the closest one)."""
    registry = plugins.exporters
    exporter = registry.get(name)
    if exporter is not None:
        return exporter
    import difflib

    known = registry.names()
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise Failure(
        f"--format {name!r} is not an export format; the installed ones are "
        f"{', '.join(known) or 'none'}",
        f"{hint}`stridelift plugins --all` lists what each plugin adds",
    )


def export_option_values(exporter: Exporter, given: Sequence[str]) -> dict[str, ExportValue | None]:
    """Every option of the exporter, the defaults replaced by ``--option NAME=VALUE``."""
    values: dict[str, ExportValue | None] = {o.name: o.default for o in exporter.options}
    names = ", ".join(o.name for o in exporter.options) or "none"
    for text in given:
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise Failure(
                f"--option {text!r} is not NAME=VALUE",
                f"for example --option {exporter.options[0].name}=..."
                if exporter.options
                else f"the {exporter.name} format takes no options",
            )
        option = exporter.option(name)
        if option is None:
            raise Failure(
                f"--option {name}: the {exporter.name} format has no option {name!r} "
                f"(its options: {names})",
                "`stridelift plugins --all --output-format json` lists each format's options",
            )
        try:
            values[name] = option.parse(value)
        except ValueError as problem:
            raise Failure(f"--option {name}={value}: {problem}", option.doc) from None
    return values


def missing_requirements(exporter: Exporter) -> None:
    """Refuse (exit 2) a format whose optional libraries are not installed, saying how
    to install them; nothing of them is imported here."""
    from importlib.util import find_spec

    missing = [module for module in exporter.requires if _absent(module, find_spec)]
    if missing:
        raise Failure(
            f"the {exporter.name} format needs {', '.join(missing)}, which is not installed",
            exporter.install,
        )


def _absent(module: str, find_spec: Any) -> bool:
    try:
        return find_spec(module) is None
    except (ImportError, ValueError):
        return True


def week_range(text: str | None, program: CompiledProgram, last_logged: int) -> tuple[int, int]:
    """``--weeks`` as the first and last week (both included): ``N``, ``N-M``, ``N-``
    (to the program's end) or ``all``; by default the week ``plan`` would plan."""
    total = program.weeks
    if text is None:
        week = last_logged + 1
        if total is not None and week > total:
            raise Failure(
                f"the log reaches week {last_logged} and the program has {total}: there is "
                "no next week to export",
                f"pass --weeks (1-{total}, or all) to export weeks again",
            )
        return week, week
    spec = text.strip().lower()
    example = "for example --weeks 5, --weeks 5-8, --weeks 5- or --weeks all"
    if spec == "all":
        if total is None:
            raise Failure("--weeks all: the program has no end (no `weeks`)", example)
        return 1, total
    low_text, dash, high_text = spec.partition("-")
    try:
        low = int(low_text)
        if dash and not high_text:
            if total is None:
                raise Failure(f"--weeks {text}: the program has no end (no `weeks`)", example)
            high = total
        else:
            high = int(high_text) if dash else low
    except ValueError:
        raise Failure(f"--weeks {text!r} is not a range of weeks", example) from None
    if low < 1 or high < low:
        raise Failure(f"--weeks {text}: weeks count from 1, the first before the last", example)
    if total is not None and high > total:
        raise Failure(
            f"--weeks {text}: the program has {total} weeks", f"pass weeks between 1 and {total}"
        )
    if high - low >= 520:
        raise Failure(f"--weeks {text}: at most 520 weeks at a time", example)
    return low, high


def run_exporter(plugins: Plugins, exporter: Exporter, context: Any) -> list[ExportFile]:
    """The exporter's files, through the guard: a plugin's failure is an X001 naming it,
    and nothing is written."""
    import dataclasses

    guard = plugins.guard(plugins.exporters, exporter.name)
    guard = dataclasses.replace(
        guard,
        timeout=guard.timeout * EXPORT_TIME_FACTOR,
        outcome="nothing was written",
        faults=guard.faults,
    )
    return guard.call("export()", exporter.export, context, check=_files_of(exporter))


def _files_of(exporter: Exporter) -> Any:
    from stridelift.core.hooks.records import ExportFile
    from stridelift.core.hooks.values import BadValue, show

    def check(value: object) -> list[ExportFile]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise BadValue(f"returned {show(value)}", "an iterable of ExportFile")
        files = list(value)
        names: set[str] = set()
        for item in files:
            if not isinstance(item, ExportFile) or not isinstance(item.data, bytes):
                raise BadValue(f"returned {show(item)}", "ExportFile records holding bytes")
            if not _plain_name(item.name):
                raise BadValue(
                    f"named a file {show(item.name)}", "a plain file name (no folder, no dot first)"
                )
            if item.name in names:
                raise BadValue(f"returned two files named {item.name!r}", "one file per name")
            names.add(item.name)
        if not exporter.many and len(files) != 1:
            raise BadValue(f"returned {len(files)} files", "exactly one (the format is one file)")
        return files

    return check


def _plain_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and 0 < len(name) <= 200
        and not name.startswith(".")
        and os.path.basename(name) == name
        and "\\" not in name
        and all(ch.isprintable() for ch in name)
    )


def write_files(
    files: Sequence[ExportFile], exporter: Exporter, output: str | None, inputs: Sequence[str]
) -> list[str]:
    """Write each file atomically: a one-file export to ``output`` (a file, or a folder
    that receives it under its own name) or to standard output; a many-file export into
    the folder ``output``, made if missing. Returns the paths written."""
    from stridelift.core.cli.outputs import check_report_output
    from stridelift.core.files import write_atomic

    if output is None:
        (only,) = files
        stream = sys.stdout.buffer
        stream.write(only.data)
        stream.flush()
        return []
    if exporter.many or _is_folder(output):
        try:
            os.makedirs(output, exist_ok=True)
        except OSError as error:
            raise Failure(
                f"-o {output}: cannot make the folder: {error.strerror or error}"
            ) from None
        targets = [(os.path.join(output, f.name), f) for f in files]
    else:
        targets = [(output, files[0])]
    for path, _ in targets:  # every refusal before the first write
        check_report_output(path, inputs, option="-o")
    written = []
    for path, file in targets:
        try:
            write_atomic(path, file.data)
        except OSError as error:
            raise Failure(f"-o {path}: cannot write: {error.strerror or error}") from None
        written.append(path)
    return written


def _is_folder(path: str) -> bool:
    """``-o`` names a folder: one that exists, or a path written with a trailing slash."""
    return os.path.isdir(path) or path.endswith(("/", os.sep))


def _stem(path: str) -> str:
    name = os.path.basename(os.path.normpath(path))
    stem = name.split(".", 1)[0]
    return stem or "plan"


def _weeks_text(first: int, last: int) -> str:
    return f"week {first}" if first == last else f"weeks {first}-{last}"


def exporter_json(exporter: Exporter) -> dict[str, object]:
    """An exporter as ``plugins --all --output-format json`` describes it."""
    return {
        "name": exporter.name,
        "extension": exporter.extension,
        "many": exporter.many,
        "description": exporter.description,
        "requires": list(exporter.requires),
        "install": exporter.install or None,
        "options": [
            {
                "name": o.name,
                "type": o.type,
                "default": o.default,
                "doc": o.doc,
                "choices": list(o.choices),
            }
            for o in exporter.options
        ],
    }
