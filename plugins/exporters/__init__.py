"""The built-in export formats: Markdown, HTML, JSON, CSV, iCalendar and Garmin FIT.

Each format is an :class:`~stridelift.core.hooks.records.Exporter` registered
like a third-party one. This module stays light: every plugin module is
imported when a command starts (``stridelift check`` included), so a format's
code, and the optional library it needs (icalendar, fit-tool, matplotlib), is
imported only when that format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from stridelift.core.hooks.records import Exporter, ExportFile, ExportOption, FitExercise
from stridelift.core.hooks.specs import hookimpl


def _lazy(module: str, function: str = "export") -> Any:
    """``function`` of ``stridelift.plugins.exporters.<module>``, imported on the first call."""

    def run(context: Any) -> Iterable[ExportFile]:
        loaded = importlib.import_module(f"{__name__}.{module}")
        result: Iterable[ExportFile] = getattr(loaded, function)(context)
        return result

    run.__name__ = run.__qualname__ = f"{module}.{function}"
    return run


MARKDOWN = Exporter(
    "markdown",
    "md",
    _lazy("markdown"),
    description="A printable sheet: each week's sessions as tables, with cues, tempo, rest "
    "and why each line changed.",
    options=(
        ExportOption(
            "changes", "boolean", "Explain what changed and why under each line.", default=True
        ),
    ),
)
JSON = Exporter(
    "json",
    "json",
    _lazy("jsonplan"),
    description="The weeks as JSON (schemas/export.schema.json): each week as "
    "`plan --output-format json` prints it.",
)
CSV = Exporter(
    "csv",
    "csv",
    _lazy("csvsets"),
    description="One row per prescribed set, for spreadsheets.",
    options=(
        ExportOption(
            "delimiter",
            "choice",
            "The field separator: comma, semicolon (spreadsheets set to a decimal comma) or tab.",
            default="comma",
            choices=("comma", "semicolon", "tab"),
        ),
    ),
)
ICS = Exporter(
    "ics",
    "ics",
    _lazy("ics"),
    description="An iCalendar file: one event per session on its date, the prescription in "
    "its description; re-importing updates the events.",
    options=(
        ExportOption(
            "time",
            "time",
            "The sessions' start time (HH:MM); without it the events are all-day.",
        ),
        ExportOption(
            "zone",
            "timezone",
            "The IANA time zone of --option time (default: UTC).",
        ),
        ExportOption(
            "duration",
            "integer",
            "Minutes a timed session lasts (default: the program's estimate of the "
            "session, warm-up to cool-down, rounded up to 5 minutes).",
            bounds=(5, 600),
        ),
    ),
    requires=("icalendar",),
    install="pip install 'stridelift[ics]' (or pip install icalendar)",
)
FIT = Exporter(
    "fit",
    "fit",
    _lazy("fit"),
    many=True,
    description="Garmin FIT workouts, one file per session (strength training): a step per "
    "set, rest steps, repeats; copy them to GARMIN/NewFiles on the watch.",
    requires=("fit_tool",),
    install="pip install 'stridelift[fit]' (or pip install fit-tool)",
)
HTML = Exporter(
    "html",
    "html",
    _lazy("html"),
    description="A self-contained report: the plan, each line's load, reps and volume, and "
    "the report command's figures (strength, volume, session load, adherence, wellness, "
    "left and right, running), the logged weeks beside the planned ones.",
    requires=("matplotlib",),
    install="pip install 'stridelift[html]' (or pip install matplotlib)",
)


@hookimpl
def register_exporters() -> Iterable[Exporter]:
    return (MARKDOWN, HTML, JSON, CSV, ICS, FIT)


@hookimpl
def register_fit_exercises() -> Iterable[FitExercise]:
    from stridelift.plugins.exporters.fit_catalog import CATALOG

    return CATALOG
