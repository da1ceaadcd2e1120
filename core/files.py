"""The one way stridelift writes a file: a temporary file beside it, then ``os.replace``.

A coach's program or an athlete's log is never left half-written: the new
contents go to a temporary file in the same folder, are flushed to the disk,
and only then take the target's place, in one step, with the target's
permissions. If anything fails on the way (a full disk, a quota, a file-size
limit, Ctrl-C), the temporary file is removed, the original is as it was, and
the caller gets an :class:`OSError` that names the file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


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
