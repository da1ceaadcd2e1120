"""The output formats of findings, by the names ``--output-format`` offers.

One module per format renders a :class:`~.findings.FindingsReport`; adding a
format (junit, github, sarif) is a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable

from stridelift.core.output import findings_json, findings_text
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import Paint

#: An emitter renders a report as the text it prints, painting it with ``paint``
#: (:func:`stridelift.core.output.terminal.painter`) where the format has colour.
Emitter = Callable[[FindingsReport, Paint], str]


def emitter(name: str) -> Emitter:
    """The emitter for an ``--output-format`` name (``text``, ``json``)."""
    found = _EMITTERS.get(name)
    if found is None:
        raise KeyError(f"no output format {name!r}; formats: {', '.join(FORMATS)}")
    return found


_EMITTERS: dict[str, Emitter] = {"text": findings_text.emit, "json": findings_json.emit}
FORMATS = tuple(_EMITTERS)
