"""Diagnostics are values: collected, sorted, rendered; never raised at the user.

Every diagnostic has a stable code from :data:`CODES`; ``docs/diagnostics.md``
documents each one and a test keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from stridelift.core.source import NO_SPAN, Span, excerpt, printable_path, visible_line


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


def _codes(*rows: tuple[str, str, Severity, str]) -> dict[str, Code]:
    return {row[0]: Code(*row) for row in rows}


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, Code] = _codes(
    # input and syntax
    ("S001", "syntax-error", E, "The text does not follow the stride grammar."),
    ("S002", "binary-file", E, "The file holds binary data, not text."),
    ("S003", "invalid-encoding", E, "The file is not valid UTF-8."),
    ("S004", "empty-file", W, "The file holds nothing but blank lines and comments."),
    ("S005", "nested-too-deeply", E, "An expression is nested deeper than stridelift allows."),
    ("S006", "file-too-large", E, "The file is larger than stridelift reads."),
    (
        "S007",
        "unreadable-file",
        E,
        "The file could not be read (missing, a folder, no permission).",
    ),
    ("S008", "duplicate-option", E, "An exercise line gives the same option twice."),
    ("S009", "several-programs", E, "A file holds more than one `program` block."),
    ("S010", "number-too-long", E, "A number has more digits than any value in a program needs."),
    (
        "S011",
        "format-unsafe",
        E,
        "fmt's layout would not read back as the same program; the file is left alone.",
    ),
    ("S012", "line-too-long", E, "A line is longer than stridelift reads."),
    (
        "S013",
        "path-skipped",
        W,
        "A folder walk skipped a path: a symlink out of the folder, a FIFO, a broken link.",
    ),
    ("S014", "control-character", E, "Quoted text holds a control character."),
    # layout: what `fmt --check` and `fmt --diff` find
    ("F001", "would-reformat", E, "The file is not in the canonical layout; fmt would change it."),
    # includes
    ("I001", "include-not-found", E, "An included file does not exist."),
    ("I002", "include-cycle", E, "Files include each other in a cycle."),
    ("I003", "include-outside-root", E, "An include points outside the project root."),
    ("I004", "include-has-program", E, "An included file holds a `program` block."),
    (
        "I005",
        "include-not-a-file",
        E,
        "An included path is a folder, FIFO, device, socket or symlink loop, or unreadable.",
    ),
    ("I006", "include-limit", E, "Includes nest too deep, or bring in too many files."),
    # semantic errors
    ("E101", "unknown-exercise", E, "No installed catalog knows this exercise."),
    (
        "E102",
        "equipment-not-declared",
        E,
        "The exercise needs equipment the program does not declare.",
    ),
    (
        "E103",
        "load-not-available",
        E,
        "The prescribed load does not exist on the declared equipment.",
    ),
    ("E104", "unit-mismatch", E, "A quantity's unit does not fit the program or its place."),
    ("E105", "invalid-tempo", E, "A tempo is not four figures of seconds or X."),
    ("E106", "range-reversed", E, "A range's low end is above its high end."),
    ("E107", "unknown-session", E, "The schedule names a session that is not defined."),
    ("E108", "unknown-progression", E, "No progression of this name is defined or installed."),
    ("E109", "unknown-periodization", E, "No periodization style of this name is installed."),
    ("E110", "bad-arguments", E, "A call has the wrong number, names or types of arguments."),
    ("E111", "unknown-equipment", E, "No installed equipment set has this name."),
    ("E112", "invalid-equipment", E, "An equipment set's sizes or levels are not valid."),
    ("E113", "duplicate-definition", E, "A session, progression or setting is defined twice."),
    ("E114", "unknown-day", E, "A schedule day is not a weekday."),
    ("E115", "unknown-units", E, "Units must be kg or lb."),
    ("E116", "unknown-name", E, "A condition or action uses a name that means nothing there."),
    ("E117", "type-mismatch", E, "A condition or action mixes values of different kinds."),
    ("E118", "missing-sets", E, "An exercise outside a circuit has no number of sets."),
    (
        "E119",
        "missing-setting",
        E,
        "The program lacks a setting it needs (units, weeks, schedule).",
    ),
    ("E120", "invalid-value", E, "A number is out of its sensible range."),
    ("E121", "unknown-scope", E, "A rule's scope names an unknown phase, pattern or session."),
    (
        "E130",
        "unknown-setting",
        E,
        "A `policy` block names a setting the engine lacks, or a lint severity that is not one.",
    ),
    ("E131", "invalid-date", E, "A race date is not a day of the calendar written YYYY-MM-DD."),
    ("E132", "unknown-run-kind", E, "A running week names a kind of run the log does not know."),
    (
        "E133",
        "unknown-assessment-test",
        E,
        "An assessment names a test that is neither an exercise nor a measure.",
    ),
    (
        "E134",
        "invalid-assessment-test",
        E,
        "An assessment test does not fit its exercise or measure.",
    ),
    # warnings and information
    ("W201", "consecutive-days", W, "Two strength sessions fall on consecutive days."),
    ("W202", "session-never-scheduled", W, "A session is defined but never scheduled."),
    ("W203", "scope-matches-nothing", W, "A rule's scope matches no exercise in the program."),
    ("W204", "unreachable-clause", W, "A clause can never run: an unconditional one comes first."),
    ("W205", "measure-mismatch", W, "The prescription measures the exercise the wrong way."),
    (
        "W206",
        "periodization-length",
        W,
        "The periodization's weeks do not add up to the program's.",
    ),
    (
        "W207",
        "side-mismatch",
        W,
        "`per side` on a two-sided exercise, or missing on a one-sided one.",
    ),
    ("W208", "unused-progression", INFO, "A progression is defined but no exercise uses it."),
    ("W209", "over-time-budget", W, "A session's estimated length exceeds the time budget."),
    ("W210", "no-ladder-variant", INFO, "Advancing needs a harder variant the catalog lacks."),
    # lint rules (stridelift.plugins.lints); W201 and W209 above are rules too
    ("W211", "no-deload", W, "More than 6 weeks in a row with no deload or lighter week."),
    ("W212", "missing-warm-up", W, "A scheduled session has no warm-up."),
    (
        "W213",
        "taper-full-volume",
        W,
        "A taper or race week keeps full volume, or brings in a new exercise.",
    ),
    ("W214", "no-calf-ankle", INFO, "No calf or ankle exercise in the week."),
    (
        "W215",
        "far-from-failure",
        INFO,
        "A working set's target is more than 5 reps short of failure.",
    ),
    (
        "W216",
        "load-step-unreachable",
        W,
        "A progression's load step is smaller than the owned equipment allows.",
    ),
    (
        "W217",
        "period-longer-than-program",
        W,
        "A progression steps less often than the program is long.",
    ),
    ("W218", "condition-never-true", W, "A clause's condition can never be true."),
    ("W219", "reps-outside-range", W, "A line's reps lie outside its progression's rep range."),
    (
        "W220",
        "progression-on-amrap",
        W,
        "A progression that only changes reps, on an AMRAP line.",
    ),
    (
        "W221",
        "effort-target-disagrees",
        W,
        "A progression's effort target is not the line's own.",
    ),
    ("W229", "invalid-lint-setting", E, "A lint setting names no rule, severity or parameter."),
    # waivers: `# stride: ignore[CODE] reason` comments (docs/language.md#waivers)
    ("W230", "waiver-without-reason", W, "A waiver comment does not say why."),
    ("W231", "unused-waiver", W, "A waiver names a code that is not reported where it points."),
    (
        "W232",
        "invalid-waiver-code",
        W,
        "A waiver names no known code, or one that cannot be waived (an error).",
    ),
    ("W233", "malformed-waiver", W, "A `# stride:` comment is not a waiver stridelift reads."),
    # plan warnings: the engine's, about a week it plans (docs/engine.md#warnings)
    (
        "P301",
        "heavy-legs-before-hard-run",
        W,
        "Heavy lower-body lifting the day before a hard run.",
    ),
    ("P302", "heavy-legs-on-hard-run-day", W, "Heavy lower-body lifting on the day of a hard run."),
    ("P303", "percent-without-estimate", W, "A percentage of 1RM with no estimate to resolve it."),
    ("P304", "load-jump", W, "A load rises more than 10% from last week's."),
    ("P305", "running-spike", W, "Logged running distance rose more than 30% in a week."),
    ("P306", "step-back-after-gap", INFO, "Loads stepped back after weeks with nothing logged."),
    (
        "P307",
        "left-right-difference",
        W,
        "Last week's left and right sides differ by more than 10%.",
    ),
    ("P308", "training-monotony", W, "Last week's training monotony was above 2.0."),
    (
        "P309",
        "acute-chronic-ratio",
        INFO,
        "Last week's acute:chronic workload ratio, shown, never gating.",
    ),
    (
        "P310",
        "acute-chronic-high",
        W,
        "The acute:chronic workload ratio is 1.5 or more (flagged, never gating).",
    ),
    (
        "P320",
        "high-fatigue",
        INFO,
        "Fatigue or soreness was high: this week's increases are held.",
    ),
    (
        "P321",
        "persistent-fatigue",
        W,
        "Fatigue has been high in most recent weeks: a deload is due.",
    ),
    (
        "P322",
        "race-week-full-volume",
        W,
        "The race falls in a week planned at full volume: no taper.",
    ),
    # log problems: a record with one is left out of the log (docs/logs.md)
    (
        "L001",
        "log-unreadable",
        E,
        "The log file could not be read (missing, not a regular file, no permission).",
    ),
    ("L002", "log-invalid-encoding", E, "The log is not UTF-8 text."),
    ("L003", "log-empty", E, "The log holds no records."),
    ("L004", "log-not-json", E, "A line of a JSON Lines log is not a JSON object a log accepts."),
    (
        "L005",
        "log-invalid-field",
        E,
        "A field of a record is missing, unknown, mistyped or out of range.",
    ),
    ("L006", "log-csv-layout", E, "A CSV log's header or a row's columns cannot be read."),
    ("L007", "log-unknown-exercise", E, "A set names an exercise no installed catalog knows."),
    ("L008", "log-effort-disagrees", E, "A set's RPE and RIR do not add up to 10."),
    (
        "L009",
        "log-misplaced-athlete",
        E,
        "The athlete record is not the log's first, or not its only one.",
    ),
    ("L010", "log-duplicate-record", E, "A record repeats an earlier one."),
    ("L011", "log-out-of-order", E, "A record's date comes before an earlier line's."),
    # configuration: the project's settings (docs/cli.md#configuration)
    ("C001", "config-unreadable", E, "The settings file could not be read."),
    ("C002", "config-invalid-toml", E, "The settings file is not valid TOML."),
    ("C003", "config-unknown-key", E, "A table or setting the settings file may not hold."),
    ("C004", "config-wrong-type", E, "A setting's value is of the wrong type."),
    ("C005", "config-out-of-range", E, "A setting's number is outside its range."),
    ("C006", "config-invalid-choice", E, "A setting's word is not one of its choices."),
    ("C007", "config-no-settings", E, "The pyproject.toml named by --config has no settings."),
    (
        "C008",
        "config-unknown-lint",
        E,
        "A lint key or selector names no rule, code or code prefix that can be selected.",
    ),
    ("C009", "config-inconsistent", E, "Two settings, each in range, contradict each other."),
    (
        "C010",
        "config-ignored",
        W,
        "[tool.stridelift] in pyproject.toml is ignored: stridelift.toml beside it wins.",
    ),
    # program tests: `stridelift test` (docs/testing.md)
    ("T001", "test-failed", E, "An assertion of a program test does not hold."),
    (
        "T002",
        "test-not-run",
        E,
        "A program test could not run: its program, log or athlete cannot be used.",
    ),
    ("T010", "test-syntax-error", E, "The test file does not follow the test grammar."),
    (
        "T011",
        "test-file-unreadable",
        E,
        "The test file could not be read (missing, not a regular file, not UTF-8, too large).",
    ),
    (
        "T012",
        "test-unknown-name",
        E,
        "A test names an exercise line, exercise, pattern, athlete model or parameter "
        "that does not exist.",
    ),
    (
        "T013",
        "test-invalid-value",
        E,
        "A value in a test is of the wrong kind, unit or range for where it stands.",
    ),
    (
        "T014",
        "test-setup-problem",
        E,
        "A test file's setup does not hold together: no `program`, a setting given twice, "
        "a log and an athlete, two tests of one name.",
    ),
    (
        "T015",
        "test-table-mismatch",
        E,
        "A `where` table's row has the wrong number of values, or a `$name` has no column.",
    ),
    ("T016", "test-asserts-nothing", W, "A test file holds no test, or a test asserts nothing."),
    (
        "C011",
        "config-invalid-requirement",
        E,
        "A `requires` entry is not a requirement pip understands.",
    ),
    # plugin problems
    (
        "X001",
        "plugin-failed",
        E,
        "A plugin failed to load, or a hook or a callable it registered raised, "
        "returned nonsense or ran too long.",
    ),
    ("X002", "plugin-name-clash", W, "Two plugins register the same name; the first one is used."),
    (
        "X003",
        "plugin-requirement-unmet",
        E,
        "A plugin the project requires is not installed, or not at a version it accepts.",
    ),
)


#: Codes that plugins' lint rules bring (``register_lint_rules``), added as the rules are
#: loaded; :data:`CODES` stays stridelift's own. :func:`code_of` looks in both.
PLUGIN_CODES: dict[str, Code] = {}


def register_code(code: Code) -> None:
    """Add a plugin lint rule's code to the finding table (never one of :data:`CODES`)."""
    if code.code in CODES:
        raise ValueError(f"{code.code} is one of stridelift's own codes")
    PLUGIN_CODES[code.code] = code


def code_of(code: str) -> Code:
    """The row of a code: stridelift's own, or a loaded plugin's lint rule's."""
    found = CODES.get(code) or PLUGIN_CODES.get(code)
    if found is None:
        raise KeyError(code)
    return found


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where, what, how bad, and how to fix it."""

    path: str
    span: Span
    code: str
    message: str
    hint: str | None = None
    severity: Severity = field(default=Severity.ERROR)

    @classmethod
    def make(
        cls,
        path: str | os.PathLike[str],
        span: Span | None,
        code: str,
        message: str,
        hint: str | None = None,
        *,
        severity: Severity | None = None,
    ) -> Diagnostic:
        """A finding with the code's severity, or ``severity`` when a setting changed it
        (a lint rule's)."""
        level = code_of(code).severity if severity is None else severity
        return cls(os.fspath(path), span or NO_SPAN, code, message, hint, level)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        # The message breaks ties: two findings at one place keep one order on every run.
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.span.line or None,
            "column": self.span.column or None,
            "end_line": self.span.end_line or None,
            "end_column": self.span.end_column or None,
            "code": self.code,
            "name": code_of(self.code).name,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
        }


def did_you_mean(word: str, choices: Iterable[str], *, limit: int = 3) -> str | None:
    """A "did you mean" hint from the closest names, or None when nothing is close.

    Only names about as close as the best one are offered, so a clear typo gets
    one suggestion rather than a list.
    """
    import difflib  # only when a name is unknown

    pool = sorted(set(choices))
    scored = []
    for choice in pool:
        matcher = difflib.SequenceMatcher(None, word, choice)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            ratio = matcher.ratio()
            if ratio >= 0.6:
                scored.append((ratio, choice))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    close = [c for r, c in scored if r >= scored[0][0] - 0.08][:limit] if scored else []
    if not close:
        # Containment catches abbreviations the ratio misses ("swing" -> "kettlebell_swing").
        close = [c for c in pool if word and len(word) >= 3 and (word in c or c in word)][:limit]
    if not close:
        return None
    return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"


# ---------------------------------------------------------------- rendering

#: The style each severity is painted in (see :mod:`stridelift.core.output.terminal`).
_SEVERITY_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}


def _unpainted(text: str, style: str) -> str:
    return text


def render(
    diagnostic: Diagnostic,
    lines: Sequence[str] | None,
    *,
    paint: Callable[[str, str], str] = _unpainted,
) -> str:
    """``path:line:col: CODE severity: message``, the source line, a caret, a hint.
    ``paint(text, style)`` colours a piece (:func:`stridelift.core.output.terminal.painter`)."""

    span = diagnostic.span
    where = printable_path(diagnostic.path)  # a file name cannot forge a line of output
    if span.line:
        where += f":{span.line}:{span.column}"
    severity = paint(str(diagnostic.severity), _SEVERITY_STYLES[diagnostic.severity])
    head = (
        f"{paint(where, 'bold')}: {paint(diagnostic.code, 'bold')} {severity}: "
        # A message may quote the input (the token found, a name): shown, not obeyed.
        + visible_line(diagnostic.message)
    )
    out = [head]
    if lines is not None and 0 < span.line <= len(lines):
        raw = visible_line(lines[span.line - 1].rstrip("\r\n").expandtabs(1))
        start = max(span.column - 1, 0)
        end = span.end_column - 1 if span.end_line == span.line else len(raw)
        end = max(end, start + 1)
        text, start, end = excerpt(raw, start, end)
        gutter = f"{span.line:>5} | "
        out.append(paint(gutter, "dim") + text)
        out.append(
            paint(" " * 5 + " | ", "dim")
            + " " * start
            + paint("^" * (end - start), _SEVERITY_STYLES[diagnostic.severity])
        )
    if diagnostic.hint:
        out.append(f"  {paint('hint', 'bold')}: {visible_line(diagnostic.hint)}")
    return "\n".join(out)


def count_by_severity(diagnostics: Iterable[Diagnostic]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    return counts
