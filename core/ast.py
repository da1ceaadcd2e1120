"""Deprecated path of the syntax tree: import :mod:`stridelift.core.language.ast`.

Plugins written for stridelift 0.1 import ``stridelift.core.ast``; this
re-export keeps them working for one release.
"""

from stridelift.core.language.ast import *  # noqa: F403
