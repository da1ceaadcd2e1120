"""Logs written back out as canonical JSON Lines or CSV."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterable

from stridelift.core.files import write_atomic
from stridelift.core.logs.fields import csv_columns, field_defaults, properties_of
from stridelift.core.logs.records import Athlete, Log, PlannedRun, RaceDay, Record, kind_of


def _item_json(item: PlannedRun | RaceDay) -> dict[str, object]:
    """A planned run or a race as its JSON object: absent fields and ``goal: true`` left out."""
    out: dict[str, object] = {}
    for name in item.__slots__:
        value = getattr(item, name)
        if value is None or (name == "goal" and value is True):
            continue
        out[name] = json_value(value)
    return out


def json_value(value: object) -> object:
    if isinstance(value, tuple):
        return [_item_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 16, not 16.0
    return value


def to_json(record: Record) -> dict[str, object]:
    """The record as its canonical JSON object: schema order, absent and default fields left out."""
    kind = kind_of(record)
    defaults = field_defaults(kind)
    out: dict[str, object] = {"type": kind}
    for name in properties_of(kind):
        value = getattr(record, name)
        if value is None or (name in defaults and value == defaults[name]):
            continue
        out[name] = json_value(value)
    return out


def _canonical(log_or_records: Log | Iterable[Record]) -> list[Record]:
    """The athlete first, then the rest by date (stable: same-day records keep their order)."""
    records = list(log_or_records.records if isinstance(log_or_records, Log) else log_or_records)
    athletes = [record for record in records if isinstance(record, Athlete)]
    dated = [record for record in records if not isinstance(record, Athlete)]
    dated.sort(key=lambda record: record.date)
    return [*athletes, *dated]


def dumps_jsonl(log_or_records: Log | Iterable[Record]) -> str:
    """The records as canonical JSON Lines text."""
    return "".join(
        json.dumps(to_json(record), ensure_ascii=False) + "\n"
        for record in _canonical(log_or_records)
    )


def _cell(value: object) -> str:
    shown = json_value(value)
    if isinstance(shown, list):
        return json.dumps(shown, ensure_ascii=False)  # the athlete's runs and races
    return "" if shown is None else str(shown)


def dumps_csv(log_or_records: Log | Iterable[Record]) -> str:
    """The records as canonical CSV text: only the columns some record uses."""
    import csv
    import io

    rows = [to_json(record) for record in _canonical(log_or_records)]
    used = {name for row in rows for name in row}
    header = [name for name in csv_columns() if name in used or name == "type"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in header])
    return buffer.getvalue()


def write_jsonl(log_or_records: Log | Iterable[Record], path: str | os.PathLike[str]) -> None:
    """Write the records to ``path`` as canonical JSON Lines (UTF-8)."""
    write_atomic(path, dumps_jsonl(log_or_records))


def write_csv(log_or_records: Log | Iterable[Record], path: str | os.PathLike[str]) -> None:
    """Write the records to ``path`` as canonical CSV (UTF-8)."""
    write_atomic(path, dumps_csv(log_or_records))
