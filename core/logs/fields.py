"""What the log schemas say about each kind of record: its fields, defaults and conversions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache
from typing import Any

from stridelift.core.logs.records import KINDS, SCHEMA_OF, PlannedRun, RaceDay, Record
from stridelift.core.schemas import schema


@cache
def properties_of(kind: str) -> dict[str, dict[str, Any]]:
    """A kind's properties in schema order, without `type`."""
    properties: dict[str, dict[str, Any]] = schema(SCHEMA_OF[kind])["properties"]
    return {name: spec for name, spec in properties.items() if name != "type"}


def planned_runs(items: list[dict[str, Any]]) -> tuple[PlannedRun, ...]:
    """The athlete record's ``runs`` (schema-valid) as the model holds them."""
    return tuple(
        PlannedRun(
            item["day"],
            item["kind"],
            None if "duration_min" not in item else float(item["duration_min"]),
            None if "distance_km" not in item else float(item["distance_km"]),
        )
        for item in items
    )


def race_days(items: list[dict[str, Any]]) -> tuple[RaceDay, ...]:
    """The athlete record's ``races`` (schema-valid), in date order."""
    found = [
        RaceDay(
            datetime.date.fromisoformat(item["date"]),
            item.get("name"),
            None if "distance_km" not in item else float(item["distance_km"]),
            bool(item.get("goal", True)),
        )
        for item in items
    ]
    return tuple(sorted(found, key=lambda race: race.date))


#: The athlete record's lists, and how each becomes the model's.
_LISTS: dict[str, Callable[[Any], Any]] = {"runs": planned_runs, "races": race_days}


def _from_json(spec: dict[str, Any], name: str = "") -> Callable[[Any], Any] | None:
    """How a valid JSON value becomes the model's value; None when it already is."""
    if spec.get("type") == "array":
        return _LISTS[name]
    if spec.get("format") == "date":
        return datetime.date.fromisoformat
    if spec.get("type") == "integer":
        return int  # JSON's 8.0 is a valid integer; the model holds 8
    if spec.get("type") == "number":
        return float
    return None


@cache
def _converters(kind: str) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    found = ((name, _from_json(spec, name)) for name, spec in properties_of(kind).items())
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


@cache
def date_fields(kind: str) -> tuple[str, ...]:
    """The fields of a kind that hold a date (none for an unknown kind)."""
    if kind not in KINDS:
        return ()
    return tuple(n for n, spec in properties_of(kind).items() if spec.get("format") == "date")


class Shared:
    """One object for each value a log's records repeat (its days, exercise names,
    sessions, units, loads), so a year of sets holds each once and not once a set.
    The numbers and texts kept are bounded: a log of all-different values costs no
    more than one without sharing."""

    __slots__ = ("dates", "numbers", "texts")

    #: The most numbers or texts kept; dates are bounded by the calendar's range.
    LIMIT = 1 << 14

    def __init__(self) -> None:
        self.dates: dict[str, datetime.date] = {}
        self.numbers: dict[float, float] = {}
        self.texts: dict[str, str] = {}

    def date(self, text: str) -> datetime.date:
        found = self.dates.get(text)
        if found is None:
            found = self.dates[text] = datetime.date.fromisoformat(text)
        return found

    def number(self, value: float) -> float:
        found = self.numbers.get(value)
        if found is None:
            found = float(value)
            if len(self.numbers) < self.LIMIT:
                self.numbers[found] = found
        return found

    def text(self, value: str) -> str:
        found = self.texts.get(value)
        if found is None:
            found = value
            if len(self.texts) < self.LIMIT:
                self.texts[value] = value
        return found


@cache
def _field_kinds(kind: str) -> dict[str, str]:
    """How each field's JSON value becomes the model's: "date", "integer", "number", "text"."""
    out: dict[str, str] = {}
    for name, spec in properties_of(kind).items():
        if spec.get("type") == "array":
            out[name] = "list"
        elif spec.get("format") == "date":
            out[name] = "date"
        elif spec.get("type") in ("integer", "number"):
            out[name] = spec["type"]
        else:
            out[name] = "text"
    return out


def build_record(instance: dict[str, Any], line: int, shared: Shared | None = None) -> Record:
    """The record for a schema-valid JSON object. With ``shared``, values other records
    of the log hold too are shared with them."""
    kind = instance["type"]
    if shared is None:
        values = {name: value for name, value in instance.items() if name != "type"}
        for name, convert in _converters(kind):
            if name in values:
                values[name] = convert(values[name])
        return KINDS[kind](**values, line=line)
    kinds = _field_kinds(kind)
    values = {}
    for name, value in instance.items():
        wanted = kinds.get(name)
        if wanted is None:
            continue  # "type"
        if wanted == "date":
            values[name] = shared.date(value)
        elif wanted == "integer":
            values[name] = int(value)  # JSON's 8.0 is a valid integer; the model holds 8
        elif wanted == "number":
            values[name] = shared.number(value)
        elif wanted == "list":
            values[name] = _LISTS[name](value)
        else:
            values[name] = shared.text(value)
    return KINDS[kind](**values, line=line)
