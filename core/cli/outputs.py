"""Where a command may write: never over its own inputs, never over someone's file.

Every file a command writes (``simulate --log-out``, the reports of ``-o`` and
``--sarif-file``; the exports to come) is checked here first. It is written with
:func:`stridelift.core.files.write_atomic`, so a failed write leaves the old file
whole; this module decides whether the old file may be replaced at all:

- a path that is an input of the same run (the program, an included fragment,
  the log read) is refused, even with ``--force``: the run would destroy what
  it is reading;
- a path that is not a regular file (a folder, a FIFO, a device) is refused;
- an existing file is replaced only if stridelift wrote it (for a log: one
  ``simulate`` wrote, whose athlete record says "simulated"). Anything else,
  a real athlete's log included, needs ``--force``. A report is the exception:
  it is written anew on every run and replaces what is there.

Refusals are usage errors (exit 2), raised before any work is done.

Writing a file in place (``fmt``) has rules of its own, here too: a read-only file
is not replaced, and a symlink is written where it points only when its target
stays in the link's folder.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import stat
from collections.abc import Iterable

from stridelift.core.cli.reporting import Failure
from stridelift.core.files import kind_of, open_regular

#: How much of an existing file is read to tell whether stridelift wrote it.
_SNIFF_BYTES = 64 * 1024


def check_output(path: str, inputs: Iterable[str], *, force: bool, option: str) -> None:
    """Refuse (:class:`Failure`, exit 2) to write ``path`` over an input of the run,
    a special file, or, without ``force``, a file stridelift did not write."""
    if not _writable(path, inputs, option):
        return
    if not force and not _written_by_simulate(path):
        raise Failure(
            f"{option} {path} already exists and is not a log `stridelift simulate` wrote; "
            "it was not overwritten",
            "choose another file name, or pass --force to replace it",
        )


def check_report_output(path: str, inputs: Iterable[str], *, option: str) -> None:
    """Refuse (:class:`Failure`, exit 2) to write a report (``-o``, ``--sarif-file``) over
    an input of the run or a special file. An existing file is replaced: a report is
    written again on every run, as a compiler's output is."""
    _writable(path, inputs, option)


def _writable(path: str, inputs: Iterable[str], option: str) -> bool:
    """Refuse an input of the run or a special file; True when ``path`` is an existing
    regular file (the caller decides whether it may be replaced)."""
    real = os.path.realpath(path)
    for source in inputs:
        if os.path.realpath(source) == real:
            raise Failure(
                f"{option} {path} is {source}, an input of this run; it was not overwritten",
                "write the output to a file of its own",
            )
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise Failure(f"{option} {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise Failure(
            f"{option} {path} is {kind_of(mode)}, not a file that can be written",
            "give the path of a file",
        )
    return True


def _written_by_simulate(path: str) -> bool:
    """The file's first record is the athlete record ``simulate`` writes."""
    try:
        with open_regular(path) as handle:
            head = handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    lines = head.lstrip("\ufeff").splitlines()[:2]
    record: object = None
    if path.endswith(".csv"):  # a header row, then the athlete's row
        rows = list(csv.reader(lines))
        if len(rows) == 2:
            record = dict(zip(rows[0], rows[1], strict=False))
    elif lines:
        with contextlib.suppress(ValueError):
            record = json.loads(lines[0])
    return (
        isinstance(record, dict)
        and record.get("type") == "athlete"
        and str(record.get("name", "")).startswith("simulated ")
    )


def in_place_target(path: str) -> str | None:
    """Where formatting ``path`` writes: the file itself, or for a symlink the file
    it points to (so the link stays a link), but only if that file is inside the
    folder the link is in; a link out of it is not followed (None)."""
    if not os.path.islink(path):
        return path
    real = os.path.realpath(path)
    folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    return real if os.path.commonpath([real, folder]) == folder else None


def read_only(path: str) -> bool:
    """No one may write the file (no write bit), or this user may not."""
    return not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not (
        os.access(path, os.W_OK)
    )
