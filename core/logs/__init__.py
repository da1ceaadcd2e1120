"""An athlete's log: what they did (sets, runs), how they felt (check-ins), and who they are.

A log is a file of records, each with a ``type``: ``set``, ``checkin``, ``run``
or ``athlete``, written as JSON Lines or CSV; ``docs/logs.md`` is the
reference for coaches and runners. The package holds one concern a module:

* :mod:`.records`: the record types and :class:`Log`;
* :mod:`.fields`: what the shipped schemas say about each record's fields;
* :mod:`.reading`, :mod:`.lines`, :mod:`.jsonl`, :mod:`.csv_rows`,
  :mod:`.intake`: reading, a line at a time, which never raises on bad input
  and reports every problem (:mod:`.problems`) in a runner's words
  (:mod:`.messages`);
* :mod:`.writing`: canonical JSON Lines and CSV out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stridelift.core.logs.fields import csv_columns
    from stridelift.core.logs.problems import LogProblem, LogReading
    from stridelift.core.logs.reading import parse_log, read_log
    from stridelift.core.logs.records import (
        RECORD_SCHEMA,
        AssessmentResult,
        Athlete,
        CheckIn,
        Format,
        Log,
        PlannedRun,
        RaceDay,
        Record,
        Run,
        SetRecord,
        kind_of,
    )
    from stridelift.core.logs.writing import (
        dumps_csv,
        dumps_jsonl,
        to_json,
        write_csv,
        write_jsonl,
    )

#: Where each name lives: a name is imported on first use, so a module that needs
#: only the record types (the checker's `running` line) does not load the readers
#: and their schemas.
_HOMES = {
    "csv_columns": "fields",
    "LogProblem": "problems",
    "LogReading": "problems",
    "parse_log": "reading",
    "read_log": "reading",
    "RECORD_SCHEMA": "records",
    "AssessmentResult": "records",
    "Athlete": "records",
    "CheckIn": "records",
    "Format": "records",
    "Log": "records",
    "PlannedRun": "records",
    "RaceDay": "records",
    "Record": "records",
    "Run": "records",
    "SetRecord": "records",
    "kind_of": "records",
    "dumps_csv": "writing",
    "dumps_jsonl": "writing",
    "to_json": "writing",
    "write_csv": "writing",
    "write_jsonl": "writing",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "RECORD_SCHEMA",
    "AssessmentResult",
    "Athlete",
    "CheckIn",
    "Format",
    "Log",
    "LogProblem",
    "LogReading",
    "PlannedRun",
    "RaceDay",
    "Record",
    "Run",
    "SetRecord",
    "csv_columns",
    "dumps_csv",
    "dumps_jsonl",
    "kind_of",
    "parse_log",
    "read_log",
    "to_json",
    "write_csv",
    "write_jsonl",
]
