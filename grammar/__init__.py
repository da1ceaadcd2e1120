"""The stride grammar (``stride.lark``) and its LALR parser, built once and cached on disk.

Building the LALR tables takes a few hundred milliseconds; loading them from
the cache takes a few. The cache file name carries the grammar's hash and
Lark's version, so an upgrade or a grammar edit never reads stale tables. If
the cache folder cannot be written, the parser is simply built in memory.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Lark

GRAMMAR_FILE = "stride.lark"


def grammar_text() -> str:
    return resources.files(__name__).joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")


def cache_dir() -> Path:
    """``$STRIDELIFT_CACHE_DIR``, else ``$XDG_CACHE_HOME/stridelift``,
    else ``~/.cache/stridelift``."""
    explicit = os.environ.get("STRIDELIFT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stridelift"


def build_parser(**extra: Any) -> Lark:
    """A new LALR parser for the stride grammar, its tables loaded from the disk cache.

    ``extra`` carries Lark options that do not change the tables (``transformer``,
    ``lexer_callbacks``); the caller keeps one parser per process."""
    import lark

    text = grammar_text()
    options: dict[str, Any] = {
        "parser": "lalr",
        "lexer": "contextual",
        "propagate_positions": False,
        "maybe_placeholders": True,
        **extra,
    }
    digest = hashlib.sha256(f"{text}\0{lark.__version__}".encode()).hexdigest()[:16]
    target = cache_dir() / f"stride-{digest}.lalr"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return lark.Lark(text, cache=str(target), **options)
    except OSError:
        return lark.Lark(text, **options)
