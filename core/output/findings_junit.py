"""Findings as JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``<testsuites>`` holding one ``<testsuite>`` for the command's run
(``stridelift check``). For ``check`` and ``fmt`` each file is a ``<testcase>``
(class: the command, name: the path), with a ``<failure>`` for every error and
warning in it, its message ``path:line:col: CODE message`` and its text the
finding as the text output shows it; info findings go to the case's
``<system-out>``. For ``test`` each case is a ``<testcase>`` (class: its test
file) that failed (``<failure>``), could not run (``<error>``) or was skipped
(``<skipped>``), and only the files with findings get a case of their own.

The layout is the one of the ``junit-10.xsd`` that pytest validates its own
reports with; the tests validate what this module writes against it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stridelift.core import __version__
from stridelift.core.diagnostics import Diagnostic, Severity, render
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import Paint, plain
from stridelift.core.source import printable_path, visible_line
from stridelift.core.testing.results import CaseResult, Outcome

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

#: What XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def xml_text(text: str) -> str:
    """Text an XML document can carry: a character XML forbids becomes U+FFFD."""
    return re.sub(_NOT_XML, "\ufffd", text)  # re caches the compiled pattern


def headline(diagnostic: Diagnostic) -> str:
    """``path:line:col: CODE message`` (``path: CODE message`` without a place)."""
    where = printable_path(diagnostic.path)
    if diagnostic.span.line:
        where += f":{diagnostic.span.line}:{diagnostic.span.column}"
    return f"{where}: {diagnostic.code} {visible_line(diagnostic.message)}"


def _seconds(value: float) -> str:
    # The schema's time is at most three decimals.
    return f"{max(value, 0.0):.3f}"


def _file_case(
    parent: Element, report: FindingsReport, path: str, findings: Sequence[Diagnostic]
) -> str | None:
    """A file's ``<testcase>``; returns "failure" when it has one."""
    from xml.etree.ElementTree import SubElement

    case = SubElement(parent, "testcase", classname=report.command, name=xml_text(path))
    failed = None
    notes = []
    for d in findings:
        if d.severity >= Severity.WARNING:
            failure = SubElement(case, "failure", type=d.code, message=xml_text(headline(d)))
            failure.text = xml_text(render(d, report.lines.get(d.path)))
            failed = "failure"
        else:
            notes.append(xml_text(headline(d)))
    if notes:
        SubElement(case, "system-out").text = "\n".join(notes)
    return failed


def _test_case(parent: Element, case: CaseResult) -> str | None:
    """A test case's ``<testcase>``; returns how it counts: failure, error, skipped."""
    from xml.etree.ElementTree import SubElement

    element = SubElement(
        parent,
        "testcase",
        classname=xml_text(printable_path(case.path)),
        name=xml_text(case.name),
        time=_seconds(case.seconds),
    )
    tag = {Outcome.FAILED: "failure", Outcome.ERROR: "error", Outcome.SKIPPED: "skipped"}.get(
        case.outcome
    )
    if tag is None:
        return None
    attributes = {"message": xml_text(case.message)}
    if case.outcome is not Outcome.SKIPPED:
        attributes["type"] = "T001" if case.outcome is Outcome.FAILED else "T002"
    child = SubElement(element, tag, attributes)
    where = printable_path(case.path)
    if case.span is not None and case.span.line:
        where += f":{case.span.line}:{case.span.column}"
    child.text = xml_text("\n".join([f"{where}: {case.message}".rstrip(), *case.details]))
    return tag


def emit(report: FindingsReport, paint: Paint = plain) -> str:
    from xml.etree.ElementTree import Element, SubElement, indent, tostring

    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.findings:
        by_path.setdefault(d.path, []).append(d)
    # A test run: only the files with something to say; else every file read.
    paths = list(by_path) if report.has_tests else list(dict.fromkeys([*report.files, *by_path]))

    root = Element("testsuites", name="stridelift")
    suite = SubElement(root, "testsuite", name=f"stridelift {report.command}")
    properties = SubElement(suite, "properties")
    SubElement(properties, "property", name="stridelift_version", value=__version__)
    counted: list[str | None] = [_file_case(suite, report, p, by_path.get(p, ())) for p in paths]
    counted += [_test_case(suite, case) for case in report.cases]

    totals = {
        "tests": str(len(counted)),
        "failures": str(counted.count("failure")),
        "errors": str(counted.count("error")),
    }
    suite.attrib.update({**totals, "skipped": str(counted.count("skipped"))})
    root.attrib.update(totals)
    if report.cases:
        seconds = _seconds(sum(case.seconds for case in report.cases))
        suite.set("time", seconds)
        root.set("time", seconds)
    indent(root)
    return tostring(root, encoding="unicode", xml_declaration=True)
