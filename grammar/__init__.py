"""The stride grammar (``stride.lark``): Lark's LALR parser and the tables stridelift runs.

Lark reads the grammar and computes its LALR(1) tables. stridelift's own
driver (``stridelift.core.language.lexer``) runs those tables, so a normal run needs
only the tables, not Lark: :func:`load_tables` keeps them on disk, keyed by
the grammar's hash, and rebuilds them with Lark when the grammar changes or
the cache is missing. :func:`build_parser` gives Lark's own parser for the
same grammar, which the tests use as the reference.
"""

from __future__ import annotations

import marshal
import os
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Lark

GRAMMAR_FILE = "stride.lark"
TABLE_FORMAT = 1
LARK_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "propagate_positions": False,
    "maybe_placeholders": True,
}


def grammar_text() -> str:
    # Read beside this module: the package installs as plain files, and
    # importlib.resources (or pathlib) would add its import to every cold start.
    with open(os.path.join(os.path.dirname(__file__), GRAMMAR_FILE), encoding="utf-8") as f:
        return f.read()


def build_parser(**extra: Any) -> Lark:
    """Lark's LALR parser for the stride grammar (the reference the tests compare with)."""
    import lark

    return lark.Lark(grammar_text(), **{**LARK_OPTIONS, **extra})


def compile_tables(parser: Lark) -> dict[str, Any]:
    """The LALR tables and per-rule reduction recipes, as plain data (marshal-able).

    ``actions[state][terminal]`` is a shift (an int, the next state) or a
    reduction ``(children, rule index, nonterminal)``. Each rule's recipe says
    which children its value keeps, which it splices in (``_rule`` results),
    where ``None`` stands for a missing ``[optional]``, and whether a
    ``?rule`` with one child is replaced by it: Lark's tree-building rules for
    LALR with ``maybe_placeholders``.
    """
    from lark.parsers.lalr_analysis import Shift

    frontend: Any = parser.parser
    table = frontend.parser.parser.parse_table
    rules = list(parser.rules)
    index = {rule: i for i, rule in enumerate(rules)}
    actions: dict[int, dict[str, Any]] = {}
    goto: dict[int, dict[str, int]] = {}
    for state, row in table.states.items():
        acts: dict[str, Any] = {}
        gotos: dict[str, int] = {}
        for raw, (action, arg) in row.items():
            key = str(raw)
            if action is Shift:
                (acts if key.isupper() else gotos)[key] = int(arg)
            else:
                acts[key] = (len(arg.expansion), index[arg], str(arg.origin.name))
        actions[state] = acts
        goto[state] = gotos
    recipes = []
    kept: set[str] = set()
    for rule in rules:
        options = rule.options
        expansion = rule.expansion
        if options.empty_indices:
            flags = "".join(str(int(b)) for b in options.empty_indices)
            nones = [len(run) for run in flags.split("0")]
        else:
            nones = [0] * (len(expansion) + 1)
        include: list[tuple[int, bool, int]] = []
        pending = 0
        for position, symbol in enumerate(expansion):
            pending += nones[position]
            filtered = symbol.is_term and getattr(symbol, "filter_out", False)
            keep = options.keep_all_tokens or not filtered
            if keep:
                if symbol.is_term:
                    kept.add(str(symbol.name))
                include.append(
                    (position, not symbol.is_term and symbol.name.startswith("_"), pending)
                )
                pending = 0
        trailing = pending + nones[len(expansion)]
        name = rule.alias or options.template_source or rule.origin.name
        expand1 = bool(options.expand1 and not rule.alias)
        plain = (
            not trailing
            and len(include) == len(expansion)
            and not any(expand or before for _, expand, before in include)
        )
        recipes.append((str(name), tuple(include), trailing, expand1, plain))
    terminals = [
        (
            str(t.name),
            str(t.pattern.to_regexp()),
            t.pattern.type == "str",
            int(t.priority),
            str(t.pattern.value) if t.pattern.type == "str" else None,
        )
        for t in parser.terminals
    ]
    return {
        "format": TABLE_FORMAT,
        "start": int(table.start_states["start"]),
        "end": int(table.end_states["start"]),
        "actions": actions,
        "goto": goto,
        "rules": recipes,
        "kept": frozenset(kept),
        "terminals": terminals,
    }


def _digest() -> str:
    """A key for the grammar's text (a change detector, not a security hash)."""
    data = grammar_text().encode()
    return f"{TABLE_FORMAT}-{len(data)}-{zlib.crc32(data):08x}"


def load_tables() -> dict[str, Any]:
    """The compiled tables: from the disk cache, or built with Lark and cached.

    A cache that cannot be read or written is not an error: the tables are
    then built in memory (about half a second).
    """
    name = f"stride-{_digest()}.tables"
    from stridelift.core.cache import cache_read, cache_write

    data = cache_read(name)
    if data is not None:
        try:
            tables: dict[str, Any] = marshal.loads(data)
            if isinstance(tables, dict) and tables.get("format") == TABLE_FORMAT:
                return tables
        except (EOFError, ValueError, TypeError):
            pass
    tables = compile_tables(build_parser())
    cache_write(name, marshal.dumps(tables), replaces="stride-")
    return tables
