"""The on-disk cache: one folder, entries written atomically, never an error.

What is cached (the parser, the entry-point scan) can always be rebuilt, so a
cache that cannot be read or written only makes the next run slower.
"""

from __future__ import annotations

import os


def cache_dir() -> str:
    """``$STRIDELIFT_CACHE_DIR``, else ``$XDG_CACHE_HOME/stridelift``,
    else ``~/.cache/stridelift``."""
    explicit = os.environ.get("STRIDELIFT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "stridelift")


def cache_read(name: str) -> bytes | None:
    """A cache entry's bytes, or None when it is missing or unreadable."""
    try:
        with open(os.path.join(cache_dir(), name), "rb") as handle:
            return handle.read()
    except OSError:
        return None


def cache_write(name: str, data: bytes, *, replaces: str | None = None) -> None:
    """Store an entry atomically (a concurrent run never reads half a file), removing
    older entries whose names start with ``replaces``. A cache that cannot be
    written is not an error: the next run rebuilds the entry."""
    from stridelift.core.files import write_atomic

    folder = cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        write_atomic(os.path.join(folder, name), data, durable=False)
        if replaces:
            for entry in os.scandir(folder):
                if entry.name.startswith(replaces) and entry.name != name:
                    os.unlink(entry.path)
    except OSError:
        pass
