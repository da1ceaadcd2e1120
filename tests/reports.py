"""The consumers of the report formats, for the tests: the OASIS SARIF schema, the JUnit
XSD pytest uses and junitparser, and a reader of GitHub's workflow commands that
parses a line the way the Actions runner does.

The schemas are the vendored copies in ``tests/schemas/`` (see its README).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SARIF_SCHEMA = SCHEMAS / "sarif" / "sarif-schema-2.1.0.json"
JUNIT_XSD = SCHEMAS / "junit" / "junit-10.xsd"


@cache
def sarif_validator() -> Any:
    """A validator of the draft the schema declares (draft-04), formats checked too."""
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator, f"the SARIF schema declares {schema['$schema']}"
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif_errors(log: Any) -> list[str]:
    """Every way ``log`` breaks the SARIF schema, ``$.path: message`` each."""
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(sarif_validator().iter_errors(log), key=lambda e: e.json_path)
    ]


def valid_sarif(text: str) -> dict[str, Any]:
    """The SARIF log ``text`` holds, after the schema has accepted it."""
    log: dict[str, Any] = json.loads(text)
    errors = sarif_errors(log)
    assert not errors, "\n".join(errors)
    return log


@cache
def junit_schema() -> Any:
    import xmlschema

    return xmlschema.XMLSchema(str(JUNIT_XSD))


def valid_junit(text: str) -> Any:
    """The report ``text`` holds, validated by the XSD and read back by junitparser."""
    from junitparser import JUnitXml

    junit_schema().validate(text)
    return JUnitXml.fromstring(text.encode("utf-8"))


@dataclass(frozen=True)
class Command:
    """One workflow command: ``::name key=value,key=value::message``, unescaped."""

    name: str
    properties: dict[str, str]
    message: str


_COMMAND = re.compile(r"::(?P<name>[a-z-]+)(?: (?P<properties>.*?))?::(?P<message>.*)", re.S)


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def workflow_commands(output: str) -> tuple[list[Command], list[str]]:
    """The commands in ``output`` and its other lines, as the runner reads a step's log:
    a line that starts with ``::`` is a command; its properties end at the first ``::``,
    are split at ``,`` and each at its first ``=``."""
    commands, others = [], []
    for line in output.removesuffix("\n").split("\n"):
        assert "\r" not in line, f"a raw carriage return in {line!r}"
        if not line.startswith("::"):
            others.append(line)
            continue
        match = _COMMAND.fullmatch(line)
        assert match is not None, f"not a workflow command: {line!r}"
        properties = {}
        for pair in (match["properties"] or "").split(","):
            if not pair:
                continue
            key, equals, value = pair.partition("=")
            assert equals, f"a property without a value in {line!r}"
            assert key not in properties, f"{key} twice in {line!r}"
            properties[key] = _unescape_property(value)
        commands.append(Command(match["name"], properties, _unescape_data(match["message"])))
    return commands, others
