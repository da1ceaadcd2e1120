"""``python -m stridelift.core``: the same as the ``stridelift`` command."""

from .cli import entry

entry()
