"""Hostile and careless logs (issue 10): ranges, odd files, huge numbers, huge files.

Each test writes a real file and reads it the way the commands do, through
:func:`read_log` or the ``stridelift`` command itself, and asserts what the
runner sees: the message, its line, the records kept, the exit code.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from stridelift.core import schemas
from stridelift.core.logs import LogReading
from stridelift.core.logs.records import KINDS
from stridelift.core.units import LIMITS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "logs.md"
PROGRAM = ROOT / "programs" / "minimal-equipment.stride"

SQUAT: dict[str, Any] = {
    "type": "set",
    "date": "2026-03-03",
    "session": "A",
    "exercise": "goblet_squat",
    "set": 1,
    "reps": 8,
    "load": 16,
    "unit": "kg",
}


def squat(**changes: object) -> dict[str, object]:
    return {**SQUAT, **changes}


def jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def shown(reading: LogReading) -> list[str]:
    """Each problem as text, the file's path cut to its name."""
    return [str(p).replace(str(Path(p.path).parent) + os.sep, "", 1) for p in reading.problems]


# ---------------------------------------------------------------- one table of ranges


def _log_limits() -> dict[str, Any]:
    return {key: limit for key, limit in LIMITS.items() if key.partition(".")[0] in KINDS}


def test_the_schemas_state_the_ranges_of_the_one_table() -> None:
    """Every bounded field of every log schema has its row in LIMITS, with the same
    numbers; and every log row of LIMITS is a bounded field of a schema."""
    bounded = set()
    for kind in KINDS:
        for name, spec in schemas.schema(f"log-{kind}")["properties"].items():
            keywords = {"minimum", "exclusiveMinimum", "maximum", "maxLength"} & set(spec)
            if not keywords:
                continue
            key = f"{kind}.{name}"
            bounded.add(key)
            assert key in LIMITS, f"{key} is bounded in its schema but not in LIMITS"
            limit = LIMITS[key]
            if "maxLength" in spec:
                assert (limit.low, limit.high) == (1, spec["maxLength"]), key
                assert limit.words.endswith("characters"), key
                continue
            low = spec.get("minimum", spec.get("exclusiveMinimum"))
            assert (limit.low, limit.high) == (low, spec["maximum"]), key
            assert limit.above_low == ("exclusiveMinimum" in spec), key
            assert ("half steps" in limit.words) == (spec.get("multipleOf") == 0.5), key
    assert bounded == set(_log_limits())


def test_the_ranges_are_documented_as_the_table_states_them() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Ranges\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", section, re.M)[2:])
    expected = {f"`{key}`": limit.words for key, limit in _log_limits().items()}
    expected["every date (`date`, `start`)"] = LIMITS["year"].words
    expected["a line of the file"] = LIMITS["log.line_bytes"].words
    assert rows == expected


def test_a_limit_above_its_low_end_leaves_the_low_end_out() -> None:
    distance = LIMITS["run.distance_km"]
    assert 0 not in distance and 0.01 in distance and 1000 in distance and 1000.5 not in distance
    assert 0 in LIMITS["set.reps"]
