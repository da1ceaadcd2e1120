"""The output formats of findings, by the names ``--output-format`` offers.

One module per format renders a :class:`~.findings.FindingsReport`; adding a
format is a module and a line here. A format's module is imported when it is
asked for, so the command line can list :data:`FORMATS` without loading five
emitters (and ``check`` with the default format loads one).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Named here for the reader and the import graph; imported by emitter().
    from stridelift.core.output import (  # noqa: F401
        findings_github,
        findings_json,
        findings_junit,
        findings_sarif,
        findings_text,
    )
    from stridelift.core.output.findings import FindingsReport
    from stridelift.core.output.terminal import Paint

#: An emitter renders a report as the text it prints, painting it with ``paint``
#: (:func:`stridelift.core.output.terminal.painter`) where the format has colour.
Emitter = Callable[["FindingsReport", "Paint"], str]

#: Each format and the module of :mod:`stridelift.core.output` whose ``emit`` renders it.
_MODULES = {
    "text": "findings_text",
    "json": "findings_json",
    "junit": "findings_junit",
    "github": "findings_github",
    "sarif": "findings_sarif",
}
FORMATS = tuple(_MODULES)


def emitter(name: str) -> Emitter:
    """The emitter for an ``--output-format`` name (one of :data:`FORMATS`)."""
    module = _MODULES.get(name)
    if module is None:
        raise KeyError(f"no output format {name!r}; formats: {', '.join(FORMATS)}")
    emit: Emitter = import_module(f"{__package__}.{module}").emit
    return emit
