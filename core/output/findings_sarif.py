"""Findings as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run: the tool (stridelift, with a rule for every code among the results,
from :data:`~stridelift.core.diagnostics.CODES` or a plugin's lint rules), a
result for every finding, and a result for every test case that failed (``T001``)
or could not run (``T002``). The tests validate what this module writes against
the OASIS schema (``tests/schemas/sarif/``).

Every result has a location with a file and a start line, since GitHub refuses a
whole upload for one result without them: a finding with no place in its file
(a path that does not exist) is placed at line 1. A finding about a plugin, not
a file (``<plugin NAME>``: X001, X002; or an option, ``--athlete NAME``), is a
tool execution notification, as the plugins that failed to load are.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from stridelift.core import __version__
from stridelift.core.diagnostics import CODES, PLUGIN_CODES, Code, Diagnostic, Severity
from stridelift.core.output.findings import FindingsReport, in_a_file
from stridelift.core.output.terminal import Paint, plain
from stridelift.core.source import Span
from stridelift.core.testing.results import CaseResult, Outcome

#: The schema a log names: the OASIS Standard's, errata 01, the one the tests validate with.
SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
HOMEPAGE = "https://stridelift.dev/"
#: ``docs/diagnostics.md`` as published; a code's section is ``#<code>-<name>``.
DIAGNOSTICS_DOC = HOMEPAGE + "docs/diagnostics.md"
#: The base SARIF viewers resolve a result's relative path against: the checkout's root.
SOURCE_ROOT = "%SRCROOT%"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

#: The rules of test cases that did not pass (rows of CODES, as every other code).
TEST_RULES = {Outcome.FAILED: CODES["T001"], Outcome.ERROR: CODES["T002"]}


def rule_of(code: str) -> Code | None:
    """A code's row: stridelift's own, or a loaded plugin's."""
    return CODES.get(code) or PLUGIN_CODES.get(code)


def help_uri(code: Code) -> str | None:
    """The code's section of the diagnostics reference (stridelift's own codes only)."""
    if code.code not in CODES:
        return None
    return f"{DIAGNOSTICS_DOC}#{code.code.lower()}-{code.name}"


def rule_json(code: str) -> dict[str, Any]:
    row = rule_of(code)
    if row is None:  # a code nothing registers (a plugin that went away): an id alone
        return {"id": code}
    rule: dict[str, Any] = {
        "id": row.code,
        "name": row.name,
        "shortDescription": {"text": row.summary},
        "defaultConfiguration": {"level": LEVELS[row.severity]},
    }
    uri = help_uri(row)
    if uri is not None:
        rule["helpUri"] = uri
    return rule


def artifact_uri(path: str) -> str:
    """A path as a URI reference: relative ones percent-encoded with ``/`` between
    folders (undecodable bytes as they were on disk), absolute ones as ``file:`` URIs."""
    raw = os.fsencode(path)
    if os.path.isabs(path):
        return "file://" + quote(raw.replace(os.sep.encode(), b"/"), safe="/")
    return quote(raw.replace(os.sep.encode(), b"/"), safe="/")


def region_json(span: Span | None) -> dict[str, int]:
    if span is None or span.line <= 0:
        return {"startLine": 1}
    region = {"startLine": span.line}
    if span.column > 0:
        region["startColumn"] = span.column
    ends_after = span.end_line > span.line or (
        span.end_line == span.line and span.end_column >= span.column
    )
    if ends_after and span.end_column > 0:
        region["endLine"] = span.end_line
        region["endColumn"] = span.end_column
    return region


def location_json(path: str, span: Span | None) -> dict[str, Any]:
    artifact = {"uri": artifact_uri(path)}
    if not os.path.isabs(path):  # a base is for a relative reference only
        artifact["uriBaseId"] = SOURCE_ROOT
    return {"physicalLocation": {"artifactLocation": artifact, "region": region_json(span)}}


def finding_json(diagnostic: Diagnostic, rules: dict[str, int]) -> dict[str, Any]:
    text = diagnostic.message
    if diagnostic.hint:
        text += f"\nhint: {diagnostic.hint}"
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rules[diagnostic.code],
        "level": LEVELS[diagnostic.severity],
        "message": {"text": text},
        "locations": [location_json(diagnostic.path, diagnostic.span)],
    }


def case_json(case: CaseResult, rules: dict[str, int]) -> dict[str, Any]:
    code = TEST_RULES[case.outcome].code
    row = rule_of(code)
    level = LEVELS[row.severity if row is not None else Severity.ERROR]
    verb = "failed" if case.outcome is Outcome.FAILED else "could not run"
    text = f"test `{case.name}` {verb}" + (f": {case.message}" if case.message else "")
    text += "".join(f"\n{detail}" for detail in case.details)
    return {
        "ruleId": code,
        "ruleIndex": rules[code],
        "level": level,
        "message": {"text": text},
        "locations": [location_json(case.path, case.span)],
    }


def payload(report: FindingsReport) -> dict[str, Any]:
    unpassed = [case for case in report.cases if case.outcome in TEST_RULES]
    located = [d for d in report.findings if in_a_file(d.path)]
    codes = sorted({d.code for d in located} | {TEST_RULES[c.outcome].code for c in unpassed})
    rules = {code: index for index, code in enumerate(codes)}
    results = [finding_json(d, rules) for d in located]
    results += [case_json(case, rules) for case in unpassed]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notifications = [
        {
            "level": "warning",
            "message": {"text": _plugin_error_text(error)},
            "descriptor": {"id": "X001"},
        }
        for error in report.plugin_errors
    ]
    notifications += [
        {
            "level": LEVELS[d.severity],
            "message": {"text": d.message + (f"\nhint: {d.hint}" if d.hint else "")},
            "descriptor": {"id": d.code},
        }
        for d in report.findings
        if not in_a_file(d.path)
    ]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "stridelift",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOMEPAGE,
                "rules": [rule_json(code) for code in codes],
            }
        },
        "invocations": [invocation],
        # Columns count characters, as the text output's carets do.
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if report.has_tests:
        outcomes = report.outcomes()
        tests: dict[str, Any] = {outcome.value: outcomes[outcome] for outcome in Outcome}
        if report.coverage is not None:
            tests["clauses"] = report.coverage.total
            tests["covered"] = report.coverage.covered
        run["properties"] = {"tests": tests}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _plugin_error_text(error: Mapping[str, str]) -> str:
    """``plugin 'vest' (stridelift-vest 0.3.0) failed: ...``."""
    origin = " ".join(error[key] for key in ("distribution", "version") if error.get(key))
    shown = f" ({origin})" if origin else ""
    return f"plugin {error.get('plugin', '?')!r}{shown} failed: {error.get('message', '')}"


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    return json.dumps(payload(report), indent=2)
