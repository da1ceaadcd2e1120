"""The front end: bytes on disk to a typed :class:`~stridelift.core.language.ast.Document`.

Reading checks what a text editor would choke on (binary data, bad UTF-8, a
huge file) before Lark sees the text. Lark parses
(:mod:`.lalr`, imported only when a text is parsed), and a file's parse is kept
in the on-disk cache, so checking files that did not change never loads the
parser. Syntax errors become diagnostics written in a coach's words; nothing
here raises at the user.
"""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from functools import cache

from stridelift.core.diagnostics import Diagnostic, Severity
from stridelift.core.language import ast
from stridelift.core.language.parsed import MAX_NESTING, Comment, ParseResult, line_col

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "Comment",
    "ParseResult",
    "decode_source",
    "parse_file",
    "parse_packaged",
    "parse_text",
    "read_source",
    "unreadable",
]

MAX_FILE_BYTES = 4 * 1024 * 1024
#: The longest line a program may have, in characters. Program lines are short
#: (the formatter wraps at 100); a longer one is a pasted blob or a binary file,
#: and every finding on it would quote it.
MAX_LINE_CHARS = 10_000
_OVERLONG_LINE = re.compile(rf"^[^\n]{{{MAX_LINE_CHARS + 1}}}", re.MULTILINE)


# ---------------------------------------------------------------- reading


def read_source(
    path: str | os.PathLike[str], display: str | None = None
) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or the diagnostics that say why it cannot be read as a program.

    Only a regular file is opened (:func:`~stridelift.core.files.open_regular`): a
    folder, a FIFO, a device or a socket is refused at once, before a byte is read,
    so no path can block the run or feed it without end; and no more than
    :data:`MAX_FILE_BYTES` and one byte are ever read, even from a file that grows."""
    from stridelift.core.files import open_regular

    name = display or os.fspath(path)
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > MAX_FILE_BYTES else handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [
            Diagnostic.make(
                name, None, "S007", unreadable(exc), "give the path of a .stride program file"
            )
        ]
    size = max(size, len(data))
    if size > MAX_FILE_BYTES:
        return None, [
            Diagnostic.make(
                name,
                None,
                "S006",
                f"file is {size / 1048576:.1f} MiB; stridelift reads program files up to "
                f"{MAX_FILE_BYTES // 1048576} MiB",
                "split the program with `include` or check that this is the right file",
            )
        ]
    return decode_source(data, name)


def unreadable(error: OSError) -> str:
    """Why a path cannot be read, in a user's words: "is a folder, not a file",
    "is a FIFO (named pipe), not a file", "is a symlink loop", "does not exist"."""
    import errno

    from stridelift.core.files import NotRegularFile

    if isinstance(error, NotRegularFile):
        return f"is {error.strerror}, not a file"
    if error.errno == errno.ELOOP:
        return "is a symlink loop"
    if error.errno == errno.ENOENT:
        return "does not exist"
    if error.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot be read: {error.strerror or error}"


def decode_source(data: bytes, name: str) -> tuple[str | None, list[Diagnostic]]:
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        return None, [
            Diagnostic.make(
                name,
                ast.Span.point(line, 1),
                "S002",
                "file holds binary data (a NUL byte), not program text",
                "stride programs are plain UTF-8 text files",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Diagnostic.make(
                name,
                ast.Span.point(line, column),
                "S003",
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
            )
        ]
    return text.removeprefix("\ufeff"), []


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where brackets or ``not``/sign chains first nest past :data:`MAX_NESTING`.

    The checker and the formatter recurse over expressions; a pathological
    input must become a diagnostic, not a RecursionError.
    """
    for long_line in _LONG_LINE.finditer(text):
        # Conditions stay on one line, so a long operator chain shows up per line.
        if len(_OPERATOR.findall(long_line.group())) > 3 * MAX_NESTING:
            return line_col(text, long_line.start())
    if text.count("(") > MAX_NESTING:
        depth = 0
        for bracket in _BRACKETS.finditer(text):
            ch = bracket.group()
            if ch == "(":
                depth += 1
                if depth > MAX_NESTING:
                    return line_col(text, bracket.start())
            elif ch == ")":
                depth = max(0, depth - 1)
            else:
                depth = 0
    chain = _CHAIN.search(text)
    if chain is not None:
        return line_col(text, chain.start())
    return None


_BRACKETS = re.compile(r"[()\n]")
_OPERATOR = re.compile(r"[-+*/]|\b(?:and|or)\b")
_LONG_LINE = re.compile(rf"^[^\n]{{{3 * MAX_NESTING + 1},}}$", re.MULTILINE)
_CHAIN = re.compile(rf"(?:\bnot\s+|[-+]\s*){{{MAX_NESTING + 1},}}")


# ---------------------------------------------------------------- entry points


def parse_text(text: str, path: str = "<text>") -> ParseResult:
    """Parse program text. Never raises for bad input: problems come back as diagnostics."""
    refused = _refusal(text, path)
    if refused is not None:
        return ParseResult(path, text, None, [refused])
    from stridelift.core.language.lalr import lark_parse

    return lark_parse(text, path)


def _refusal(text: str, path: str) -> Diagnostic | None:
    """Why ``text`` is not handed to the parser at all: nesting deeper than the tree
    walkers allow (S005), or a line longer than a program's (S012)."""
    deep = _too_deep(text)
    if deep is not None:
        return Diagnostic.make(
            path,
            ast.Span.point(*deep),
            "S005",
            f"expression nested more than {MAX_NESTING} levels deep",
            "split the condition into simpler clauses",
        )
    overlong = _OVERLONG_LINE.search(text) if len(text) > MAX_LINE_CHARS else None
    if overlong is None:
        return None
    line, _ = line_col(text, overlong.start())
    end = text.find("\n", overlong.start())
    length = (len(text) if end < 0 else end) - overlong.start()
    return Diagnostic.make(
        path,
        ast.Span.point(line, MAX_LINE_CHARS + 1),
        "S012",
        f"line {line} is {length:,} characters long; program lines are at most {MAX_LINE_CHARS:,}",
        "break it into several lines, or check that this is the right file",
    )


@cache
def front_end_stamp() -> bytes:
    """A digest of everything a cached parse depends on: stridelift's version, the
    grammar, the source of the modules that build the tree and its findings, and the
    installed Lark (a checkout and an upgrade in place both share the cache folder)."""
    import hashlib
    from importlib.util import find_spec

    from stridelift.core import __version__
    from stridelift.grammar import grammar_text

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{grammar_text()}\0".encode())
    here = os.path.dirname(os.path.abspath(__file__))
    core = os.path.dirname(here)
    for module in ("ast.py", "lalr.py", "parse.py", "parsed.py"):
        with open(os.path.join(here, module), "rb") as source:
            digest.update(source.read())
    for module in ("source.py", "diagnostics.py"):
        with open(os.path.join(core, module), "rb") as source:
            digest.update(source.read())
    lark = find_spec("lark")
    if lark is not None and lark.origin:
        found = os.stat(lark.origin)
        digest.update(f"{lark.origin}\0{found.st_size}\0{found.st_mtime_ns}".encode())
    return digest.digest()


def parse_packaged(text: str, name: str) -> ast.Document:
    """Parse stride text shipped inside a package (built-in progressions), through a cache.

    The document is pickled into the cache folder, keyed by the front end
    (:func:`front_end_stamp`) and the text, so a later run skips the parse (and
    the lexer's set-up for the syntax it uses). The text must be valid: it ships
    with the code.
    """
    import pickle

    from stridelift.core.cache import cache_read, cache_write

    data = text.encode()
    stamp = front_end_stamp().hex()[:16]
    entry = f"parsed-{stamp}-{len(data)}-{zlib.crc32(data):08x}.pickle"
    cached = cache_read(entry)
    if cached is not None:
        with contextlib.suppress(Exception):  # a damaged entry is parsed again
            document = pickle.loads(cached)
            if isinstance(document, ast.Document):
                return document
    result = parse_text(text, name)
    if result.document is None or any(d.severity >= Severity.ERROR for d in result.diagnostics):
        problems = "; ".join(d.message for d in result.diagnostics)
        raise RuntimeError(f"{name} does not parse: {problems}")
    cache_write(entry, pickle.dumps(result.document), replaces="parsed-")
    return result.document


def parse_file(path: str | os.PathLike[str], display: str | None = None) -> ParseResult:
    name = display or os.fspath(path)
    text, problems = read_source(path, name)
    if text is None:
        return ParseResult(name, None, None, problems)
    result = _parse_cached(text, name)
    result.diagnostics[:0] = problems
    return result


def _parse_cached(text: str, name: str) -> ParseResult:
    """:func:`parse_text`, through the on-disk cache.

    Each file name has one entry, holding the parse of the text it had when last
    parsed, stamped with a digest of the front end (:func:`front_end_stamp`), the
    name and the text; any difference, or a damaged entry, and the text is
    parsed again. Checking files that did not change so never loads Lark.
    """
    import hashlib
    import pickle

    from stridelift.core.cache import cache_read, cache_write

    stamp = hashlib.blake2b(front_end_stamp(), digest_size=16)
    for part in (name, text):
        stamp.update(part.encode("utf-8", "surrogatepass") + b"\0")
    entry = (
        "parse-"
        + hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    )
    cached = cache_read(entry)
    if cached is not None and cached[:16] == stamp.digest():
        with contextlib.suppress(Exception):  # a damaged entry is parsed again
            found = pickle.loads(cached[16:])
            if isinstance(found, ParseResult) and found.path == name and found.text == text:
                return found
    result = parse_text(text, name)
    cache_write(entry, stamp.digest() + pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    return result
