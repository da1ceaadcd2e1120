"""``python -m stridelift.core``: the same as the ``stridelift`` command."""

from stridelift.core.cli.main import entry

entry()
