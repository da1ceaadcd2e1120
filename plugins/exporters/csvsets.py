"""The ``csv`` export: one row per prescribed set, for spreadsheets.

Written with the standard library's :mod:`csv` (RFC 4180 quoting, ``\\r\\n`` line
ends) and a UTF-8 byte-order mark, which spreadsheet programs need to read
accented names as UTF-8. Numbers are plain (``16``, ``2.5``); a column a line
does not use is empty.
"""

from __future__ import annotations

import csv
import io

from stridelift.core.engine.explain import fmt_effort, fmt_tempo
from stridelift.core.hooks.records import ExportFile
from stridelift.core.language.unparse import format_number
from stridelift.core.output.exports import ExportContext, prescribed_sets
from stridelift.core.output.plan import prescription_text, shown_measure

#: The columns, in order (docs/exports.md#csv says what each holds).
COLUMNS = (
    "week",
    "phase",
    "date",
    "day",
    "session",
    "session_title",
    "part",
    "group",
    "exercise",
    "programmed",
    "set",
    "sets",
    "amount",
    "measure",
    "per_side",
    "load",
    "load_unit",
    "percent_1rm",
    "band",
    "effort",
    "tempo",
    "rest_s",
    "cue",
    "prescription",
)
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}
_MEASURES = {"reps": "reps", "seconds": "s", "distance": "m"}


def _number(value: float | None) -> str:
    return "" if value is None else format_number(round(value, 2))


def rows(context: ExportContext) -> list[dict[str, str]]:
    units = context.program.units
    found = []
    for row in prescribed_sets(context.weeks):
        item, session = row.item, row.session
        slot = item.slot
        group = slot.grouping
        found.append(
            {
                "week": str(row.week.week),
                "phase": row.week.plan.phase,
                "date": session.date.isoformat() if session.date else "",
                "day": session.day or "",
                "session": session.name,
                "session_title": session.title or "",
                "part": slot.phase,
                "group": "" if group is None else f"{group.kind} {group.id}",
                "exercise": item.exercise,
                "programmed": slot.name,
                "set": str(row.number),
                "sets": str(item.sets),
                "amount": "amrap" if item.reps is None else _number(item.reps),
                "measure": _MEASURES[shown_measure(slot)],
                "per_side": "yes" if item.per_side else "no",
                "load": _number(item.load),
                "load_unit": units if item.load is not None else "",
                "percent_1rm": _number(item.percent),
                "band": item.band or "",
                "effort": fmt_effort(item.effort) if item.effort is not None else "",
                "tempo": fmt_tempo(item.tempo) if item.tempo else "",
                "rest_s": _number(item.rest),
                "cue": slot.cue or "",
                "prescription": prescription_text(item, units),
            }
        )
    return found


def export(context: ExportContext) -> list[ExportFile]:
    delimiter = DELIMITERS[str(context.options.get("delimiter") or "comma")]
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(context))
    return [ExportFile(f"{context.stem}.csv", ("\ufeff" + out.getvalue()).encode("utf-8"))]
