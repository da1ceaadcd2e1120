"""How stridelift touches files: it reads only regular files, and it writes one way.

**Reading.** :func:`open_regular` opens a path only if it is a regular file.
A FIFO, a device (``/dev/zero``), a socket or a folder is refused at once with
:class:`NotRegularFile`, before a byte is read, so no input can block a command
or feed it without end. The file is opened non-blocking and checked with
``fstat`` on the open descriptor, so a path swapped for a FIFO between a check
and the open cannot block either.

**Writing.** The one way stridelift writes a file: a temporary file beside it, then
``os.replace``.

A coach's program or an athlete's log is never left half-written: the new
contents go to a temporary file in the same folder, are flushed to the disk,
and only then take the target's place, in one step, with the target's
permissions. If anything fails on the way (a full disk, a quota, a file-size
limit, Ctrl-C), the temporary file is removed, the original is as it was, and
the caller gets an :class:`OSError` that names the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from typing import BinaryIO


class NotRegularFile(OSError):
    """The path exists but is not a regular file (a folder, FIFO, device or socket)."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in a user's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for reading in binary, refusing anything but a regular file.

    Raises :class:`NotRegularFile` (whose ``strerror`` says what the path is:
    "a folder", "a FIFO (named pipe)", "a device", "a socket") or the
    :class:`OSError` the open raised (missing, permission, symlink loop)."""
    name = os.fspath(path)
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        # A socket cannot be opened at all (ENXIO): say what it is, as for the others.
        mode = 0
        if exc.errno == errno.ENXIO:
            with contextlib.suppress(OSError):
                mode = os.stat(name).st_mode
        if mode and not stat.S_ISREG(mode):
            raise NotRegularFile(0, kind_of(mode), name) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(0, kind_of(mode), name)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, durable: bool = True) -> None:
    """Replace ``path``'s contents with ``data`` (text is written as UTF-8), all or nothing.

    ``durable`` flushes the new contents to the disk before they replace the old;
    only what can be rebuilt (the cache) goes without."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:  # a new file gets the permissions open() would have given it
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
