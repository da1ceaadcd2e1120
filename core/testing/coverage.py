"""Which progression clauses and rule clauses the tests made fire.

The clauses that can fire are the compiled program's: every clause of each
progression a line uses (bound to its arguments, as a plan names it:
``double(8..12, +4kg)``) and of each rule whose scope reaches a line. A clause
*fires* in a week for a line when the line's explanation names it: a change it
made, an increase it held (``hold``, or readiness holding it: ``held``), or a
note it added. A rule's ``hold`` that finds no increase of the week to undo, and
a clause that only notes when the note is also another clause's, leave nothing
to tell them by and are not counted. Each week and line counts a clause once,
however many fields it changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from stridelift.core.language import ast
from stridelift.core.testing.results import Coverage

if TYPE_CHECKING:
    from stridelift.core.engine import CompiledProgram, WeekResult
    from stridelift.core.engine.clauses import UnitCode

#: A clause: the label its changes carry (``double(8..12, +4kg)``, ``rule "x"``) and its
#: index from 1.
Key = tuple[str, int]


class Counter:
    """The clauses of one compiled program, and how often each fired."""

    def __init__(self, program: CompiledProgram) -> None:
        self.labels: dict[Key, str] = {}
        self.counts: dict[Key, int] = {}
        #: Each slot's clauses that add a note, by the note's text.
        self._notes: list[dict[str, list[Key]]] = []
        for slot in program.slots:
            notes: dict[str, list[Key]] = {}
            units: list[UnitCode] = [] if slot.progression is None else [slot.progression]
            for unit in (*units, *slot.rules):
                for clause in unit.clauses:
                    key = (unit.label, clause.index)
                    if key not in self.labels:
                        self.labels[key] = f"{unit.label} clause {clause.index}: " + (
                            "otherwise" if clause.condition is None else f"when {clause.text}"
                        )
                        self.counts[key] = 0
                    for action, _ in clause.actions:
                        if isinstance(action, ast.NoteAction):
                            notes.setdefault(action.text, []).append(key)
            self._notes.append(notes)

    def add(self, weeks: Iterable[WeekResult]) -> None:
        """Count the clauses that fired in ``weeks`` (explained weeks of one run)."""
        counts = self.counts
        for week in weeks:
            for item in week.prescriptions:
                index = item.slot.index
                fired: set[Key] = set()
                for change in (*item.changes, *week.holds.get(index, ())):
                    if change.clause is not None:
                        key = (change.source, change.clause)
                        if key in counts:
                            fired.add(key)
                notes = self._notes[index]
                for note in item.notes:
                    keys = notes.get(note, ())
                    if len(keys) == 1:
                        fired.add(keys[0])
                for key in fired:
                    counts[key] += 1

    def coverage(self, program: str) -> Coverage:
        """The counts as a :class:`Coverage`, each clause named for ``program`` (its path)."""
        return Coverage(tuple((program, self.labels[key], n) for key, n in self.counts.items()))


def merged(parts: Sequence[Coverage]) -> Coverage:
    """One coverage of several runs: a clause seen in two (one program tested by two
    files) counts the firings of both, in the order first seen."""
    totals: dict[tuple[str, str], int] = {}
    for part in parts:
        for program, label, count in part.fired:
            totals[(program, label)] = totals.get((program, label), 0) + count
    return Coverage(tuple((program, label, n) for (program, label), n in totals.items()))
