"""stridelift core: language front end, checker, formatter, plugin manager, CLI."""

__version__ = "0.1.0"
