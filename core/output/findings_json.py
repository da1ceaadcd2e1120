"""Findings as one JSON document for tools; ``docs/diagnostics.md`` describes its fields."""

from __future__ import annotations

import json
from typing import Any

from stridelift.core import __version__
from stridelift.core.diagnostics import Severity
from stridelift.core.output.findings import FORMAT_VERSION, FindingsReport
from stridelift.core.output.terminal import Paint, plain


def payload(report: FindingsReport) -> dict[str, Any]:
    counts = report.counts()
    return {
        "format_version": FORMAT_VERSION,
        "stridelift_version": __version__,
        "files": list(report.files),
        "diagnostics": [d.to_json() for d in report.findings],
        "summary": {
            "files": report.checked,
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
        },
        "plugin_errors": [dict(error) for error in report.plugin_errors],
    }


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    return json.dumps(payload(report), indent=2)
