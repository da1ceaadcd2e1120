"""What the log schemas say about each kind of record: its fields, defaults and conversions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache
from typing import Any

from stridelift.core.logs.records import KINDS, SCHEMA_OF, Record
from stridelift.core.schemas import schema


@cache
def properties_of(kind: str) -> dict[str, dict[str, Any]]:
    """A kind's properties in schema order, without `type`."""
    properties: dict[str, dict[str, Any]] = schema(SCHEMA_OF[kind])["properties"]
    return {name: spec for name, spec in properties.items() if name != "type"}


def _from_json(spec: dict[str, Any]) -> Callable[[Any], Any] | None:
    """How a valid JSON value becomes the model's value; None when it already is."""
    if spec.get("format") == "date":
        return datetime.date.fromisoformat
    if spec.get("type") == "integer":
        return int  # JSON's 8.0 is a valid integer; the model holds 8
    if spec.get("type") == "number":
        return float
    return None


@cache
def _converters(kind: str) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    found = ((name, _from_json(spec)) for name, spec in properties_of(kind).items())
    return tuple((name, convert) for name, convert in found if convert is not None)


@cache
def field_defaults(kind: str) -> dict[str, Any]:
    return {
        name: spec["default"] for name, spec in properties_of(kind).items() if "default" in spec
    }


@cache
def csv_columns() -> tuple[str, ...]:
    """Every CSV column, in canonical order: `type`, then each kind's fields in schema order."""
    columns = ["type"]
    for kind in KINDS:
        columns += [name for name in properties_of(kind) if name not in columns]
    return tuple(columns)


def build_record(instance: dict[str, Any], line: int) -> Record:
    """The record for a schema-valid JSON object."""
    values = dict(instance)
    kind = values.pop("type")
    for name, convert in _converters(kind):
        if name in values:
            values[name] = convert(values[name])
    return KINDS[kind](**values, line=line)
