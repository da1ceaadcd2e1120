"""The stride grammar, ``stride.lark``: package data that Lark reads.

:mod:`stridelift.core.language.lalr` builds Lark's LALR parser from it (and keeps
Lark's analysis in the on-disk cache).
"""

from __future__ import annotations

import os

GRAMMAR_FILE = "stride.lark"
GRAMMAR_PATH = os.path.join(os.path.dirname(__file__), GRAMMAR_FILE)
"""Beside this module: the package installs as plain files."""


def grammar_text() -> str:
    with open(GRAMMAR_PATH, encoding="utf-8") as f:
        return f.read()
