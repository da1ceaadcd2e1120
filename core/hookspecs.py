"""Deprecated path of the hook specifications: import :mod:`stridelift.core.hooks.specs`.

Plugins written for stridelift 0.1 import ``stridelift.core.hookspecs``; this
re-export keeps them working for one release.
"""

from stridelift.core.hooks.specs import *  # noqa: F403
