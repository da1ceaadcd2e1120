"""The findings emitters: one report, every format, a syntax error among the findings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stridelift.core.check import check_file
from stridelift.core.hooks.manager import make_plugin_manager
from stridelift.core.language.parse import parse_file
from stridelift.core.logs import parse_log
from stridelift.core.output.emitters import FORMATS, emitter
from stridelift.core.output.findings import FindingsReport
from stridelift.core.output.terminal import plain

BROKEN = "session A {\n  main goblet_squat 3 x 8 @ 16 kg\n}\n"
TYPO = """program "Typo" {
  units kg
  weeks 4
  equipment kettlebell 16kg
  schedule tue: A
  session A { main gobelt_squat 3 x 8 @ 16kg }
}
"""
LOG = '{"type": "checkin", "date": "2026-03-03", "fatigue": 4}\nnot json\n'


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FindingsReport:
    """Two programs (a syntax error, an unknown exercise) and a log that is not JSON."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").touch()
    Path("broken.stride").write_text(BROKEN)
    Path("typo.stride").write_text(TYPO)
    plugins = make_plugin_manager(entry_points=False)
    findings = []
    lines = {}
    for name in ("broken.stride", "typo.stride"):
        findings += check_file(name, plugins)[1]
        lines[name] = parse_file(name).lines
    findings += [p.to_diagnostic() for p in parse_log(LOG, "log.jsonl").problems]
    lines["log.jsonl"] = LOG.splitlines()
    return FindingsReport(("broken.stride", "typo.stride"), tuple(findings), lines, checked=2)


def test_text_quotes_each_finding_with_a_caret_and_sums_up(report: FindingsReport) -> None:
    assert emitter("text")(report, plain) == (
        "broken.stride:2:29: S001 error: expected a load after '@' (16kg, bodyweight, "
        "band light, 75% 1rm) or an effort (rpe 8, rir 2), found `16`\n"
        "    2 |   main goblet_squat 3 x 8 @ 16 kg\n"
        "      |                             ^^\n"
        "  hint: write amounts without a space: 16kg, 30s, 10min\n"
        "\n"
        "typo.stride:6:20: E101 error: unknown exercise `gobelt_squat`\n"
        "    6 |   session A { main gobelt_squat 3 x 8 @ 16kg }\n"
        "      |                    ^^^^^^^^^^^^\n"
        "  hint: did you mean `goblet_squat`?\n"
        "\n"
        "log.jsonl:2:1: L004 error: $: not valid JSON: Expecting value\n"
        "    2 | not json\n"
        "      | ^\n"
        "  hint: each record must be one complete JSON object on a single line\n"
        "\n"
        "2 files checked: 3 error(s), 0 warning(s), 0 info"
    )


def test_json_carries_every_finding_with_a_format_version(report: FindingsReport) -> None:
    data = json.loads(emitter("json")(report, plain))
    assert data["format_version"] == 1
    assert data["files"] == ["broken.stride", "typo.stride"]
    assert [(d["path"], d["line"], d["code"]) for d in data["diagnostics"]] == [
        ("broken.stride", 2, "S001"),
        ("typo.stride", 6, "E101"),
        ("log.jsonl", 2, "L004"),
    ]
    assert data["diagnostics"][0]["name"] == "syntax-error"
    assert data["summary"] == {"files": 2, "errors": 3, "warnings": 0, "info": 0, "waived": 0}
    assert data["plugin_errors"] == []


def test_every_format_the_command_line_offers_has_an_emitter() -> None:
    assert FORMATS == ("text", "json", "junit", "github", "sarif")
    for name in FORMATS:
        assert callable(emitter(name))
    with pytest.raises(KeyError, match="formats: text, json, junit, github, sarif"):
        emitter("yaml")


#: Each format for tools, pinned in ``tests/golden/`` and read by its consumer.
SNAPSHOTS = {
    "junit": "findings.junit.xml",
    "github": "findings.github.txt",
    "sarif": "findings.sarif",
}


@pytest.mark.parametrize("name", sorted(SNAPSHOTS))
def test_each_format_for_tools_renders_the_report_as_pinned(
    report: FindingsReport, name: str
) -> None:
    from reports import valid_junit, valid_sarif, workflow_commands

    text = emitter(name)(report, plain)
    golden = Path(__file__).parent / "golden" / SNAPSHOTS[name]
    if os.environ.get("STRIDELIFT_UPDATE_GOLDEN"):
        golden.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == golden.read_text(encoding="utf-8"), f"{name} output changed: {golden}"
    if name == "sarif":
        results = valid_sarif(text)["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["S001", "E101", "L004"]
    elif name == "junit":
        (suite,) = list(valid_junit(text))
        assert (suite.tests, suite.failures) == (3, 3)  # two programs and the log
    else:
        commands, _ = workflow_commands(text)
        assert [c.properties["title"] for c in commands] == ["S001", "E101", "L004"]
