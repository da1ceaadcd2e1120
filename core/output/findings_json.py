"""Findings as one JSON document for tools; ``docs/diagnostics.md`` describes its fields,
``docs/cli.md#output-formats`` the ``tests`` section a run of program tests adds."""

from __future__ import annotations

import json
from typing import Any

from stridelift.core import __version__
from stridelift.core.diagnostics import Severity
from stridelift.core.output.findings import FORMAT_VERSION, FindingsReport
from stridelift.core.output.terminal import Paint, plain
from stridelift.core.source import NO_SPAN
from stridelift.core.testing.results import CaseResult, Coverage, Outcome


def payload(report: FindingsReport) -> dict[str, Any]:
    counts = report.counts()
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "stridelift_version": __version__,
        "files": list(report.files),
        "diagnostics": [d.to_json() for d in report.findings],
        "summary": {
            "files": report.checked,
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            # Added in format_version 1: the findings a waiver excused (not listed).
            "waived": report.waived,
        },
        "plugin_errors": [dict(error) for error in report.plugin_errors],
    }
    # Only a run of program tests has the section, so `check`'s document is as it was.
    if report.has_tests:
        document["tests"] = tests_json(report)
    return document


def tests_json(report: FindingsReport) -> dict[str, Any]:
    outcomes = report.outcomes()
    return {
        "cases": [case_json(case) for case in report.cases],
        "summary": {
            "cases": len(report.cases),
            **{outcome.value: outcomes[outcome] for outcome in Outcome},
            "seconds": round(sum(case.seconds for case in report.cases), 6),
        },
        "coverage": None if report.coverage is None else coverage_json(report.coverage),
    }


def case_json(case: CaseResult) -> dict[str, Any]:
    # As a diagnostic's: a place is 1-based, and null where the case has none.
    span = case.span or NO_SPAN
    return {
        "path": case.path,
        "name": case.name,
        "outcome": case.outcome.value,
        "line": span.line or None,
        "column": span.column or None,
        "end_line": span.end_line or None,
        "end_column": span.end_column or None,
        "message": case.message,
        "details": list(case.details),
        "seconds": case.seconds,
        "program": case.program,
    }


def coverage_json(coverage: Coverage) -> dict[str, Any]:
    return {
        "clauses": coverage.total,
        "covered": coverage.covered,
        "percent": round(coverage.percent, 2),
        "fired": [
            {"program": program, "clause": clause, "count": count}
            for program, clause, count in coverage.fired
        ],
    }


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    return json.dumps(payload(report), indent=2)
