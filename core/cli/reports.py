"""Where a command's report goes: rendered in the format asked for, to standard output
or to ``-o FILE``, and as SARIF to ``--sarif-file`` as well.

Every command that reports findings takes the options of
:func:`stridelift.core.cli.options.report_outputs` (``check``, ``fmt``, ``test``) or
:func:`~stridelift.core.cli.options.document_outputs` (``plan``, ``history``,
``simulate``, ``plugins``, which print a document of their own in text and JSON; see
:mod:`stridelift.core.cli.found`) and ends with :func:`write_report`. A file is written with
:func:`stridelift.core.files.write_atomic` (all or nothing) and never over an
input of the run (:func:`stridelift.core.cli.outputs.check_report_output`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from stridelift.core.cli.reporting import Failure, quiet

if TYPE_CHECKING:
    from stridelift.core.output.findings import FindingsReport
    from stridelift.core.output.terminal import Paint


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """``--output-format``, ``-o/--output-file`` and ``--sarif-file`` as given."""

    output_format: str
    output_file: str | None = None
    sarif_file: str | None = None
    colour: str = "auto"

    @property
    def text(self) -> bool:
        return self.output_format == "text"

    def refuse_inputs(self, inputs: Iterable[str]) -> None:
        """Refuse (exit 2) a report file that is an input of the run, a special file,
        or the same file for both options. Called before the work with what the command
        was given, and again before writing with every file it read."""
        from stridelift.core.cli.outputs import check_report_output
        from stridelift.core.language.sources import display_path

        inputs = [display_path(path) for path in inputs]
        out, sarif = self.output_file, self.sarif_file
        if out is not None and sarif is not None and _same(out, sarif):
            raise Failure(
                f"--output-file and --sarif-file are both {out}",
                "give each report a file of its own",
            )
        if out is not None:
            check_report_output(out, inputs, option="--output-file")
        if sarif is not None:
            check_report_output(sarif, inputs, option="--sarif-file")

    def paint(self) -> Paint:
        """Colour on a terminal (``--color``); into a file only with ``--color always``."""
        from stridelift.core.cli.reporting import painter_for
        from stridelift.core.output.terminal import painter

        if self.output_file is None:
            return painter_for(self.colour)
        return painter(self.colour == "always")


def _same(one: str, other: str) -> bool:
    return os.path.realpath(one) == os.path.realpath(other)


def write_report(
    report: FindingsReport,
    options: ReportOptions,
    *,
    inputs: Iterable[str] = (),
    text: str | None = None,
    own: Mapping[str, str | None] | None = None,
) -> None:
    """Write ``report``: first the SARIF file (so what points to it finds it), then the
    report in the format asked for to ``-o`` or standard output. ``text`` replaces the
    text format's rendering (``fmt`` prints its own listing; an empty string prints
    nothing); the formats for tools always render the report.

    ``own`` is the output of a command with a document of its own (``plan``'s week in
    ``text`` and ``json``, core/cli/found.py) by format: for those formats it is
    written instead of the report, and ``None`` there writes nothing at all (the
    command stopped before it could make its document)."""
    from stridelift.core.output.emitters import emitter

    options.refuse_inputs([*inputs, *report.files])
    if options.sarif_file is not None:
        from stridelift.core.output import findings_sarif

        report = replace(report, full_report=options.sarif_file)
        _write_file(options.sarif_file, findings_sarif.emit(report) + "\n", "--sarif-file")
    if own is not None and options.output_format in own:
        body = own[options.output_format]
        if body is None:
            return
    elif options.text and text is not None:
        body = text
    else:
        body = emitter(options.output_format)(report, options.paint()) + "\n"
    if options.output_file is not None:
        _write_file(options.output_file, body, "--output-file")
    else:
        write_stdout(body)


def write_stdout(text: str) -> None:
    """``text`` to standard output exactly as given; a reader that left ends the output
    quietly (as :func:`stridelift.core.cli.reporting.echo` does)."""
    if not text:
        return
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        quiet(sys.stdout)


def _write_file(path: str, text: str, option: str) -> None:
    from stridelift.core.files import write_atomic

    try:
        write_atomic(path, text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise Failure(
            f"{option} {path}: cannot write it: {reason}",
            "check that its folder exists and can be written",
        ) from None
