"""The grammars, package data that Lark reads: ``stride.lark`` (programs) and
``stride_test.lark`` (program tests, ``*.stride-test``).

:mod:`stridelift.core.language.lalr` builds Lark's LALR parser from the first and
:mod:`stridelift.core.testing.parse` from the second (each keeps Lark's analysis in
the on-disk cache).
"""

from __future__ import annotations

import os

GRAMMAR_FILE = "stride.lark"
GRAMMAR_PATH = os.path.join(os.path.dirname(__file__), GRAMMAR_FILE)
"""Beside this module: the package installs as plain files."""


def grammar_text() -> str:
    with open(GRAMMAR_PATH, encoding="utf-8") as f:
        return f.read()


def grammar_path(name: str) -> str:
    """The path of the grammar file ``name`` (``stride_test.lark``) beside this module."""
    return os.path.join(os.path.dirname(__file__), name)
