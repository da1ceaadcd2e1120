"""Deprecated path of the plugin record types: import :mod:`stridelift.core.hooks.records`.

Plugins written for stridelift 0.1 import ``stridelift.core.records``; this
re-export keeps them working for one release.
"""

from stridelift.core.hooks.records import *  # noqa: F403
