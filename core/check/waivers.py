"""Waivers: a comment that excuses one finding, with the reason written beside it.

::

    main goblet_squat 3 x 8 @ 16kg rir 6  # stride: ignore[W215] re-entry after injury
    # stride: ignore[W212] the warm-up is the run before the session
    session A { ... }
    # stride: ignore-file[W214] calves are trained on the track

A trailing waiver covers the findings that point at its own line; a waiver on a
line of its own covers the next line that holds something other than a comment;
``ignore-file`` covers the whole file, findings without a line included. The
codes are codes (``W215``), not prefixes or names, so a waiver is found by
searching for the code. Errors cannot be waived (they are fixed), nor can the
findings about waivers themselves (W230-W233).

A waiver is itself checked: one without a reason is W230 (it still waives), one
that names a code not reported where it points is W231 (except for a code
``check`` never reports, a plan warning's: ``plan`` and ``history`` use those),
a code that does not exist or is an error's is W232, and a ``# stride:``
comment that is not a waiver at all is W233.

Comments are found by scanning each line of the text for a ``#`` outside a
string (a string is ``"..."`` with ``\\`` escapes and never spans a line, as
``grammar/stride.lark`` has it), and only on lines that mention ``stride``: a
file without waivers costs one substring test a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import cache
from typing import NamedTuple

from stridelift.core.diagnostics import CODES, Diagnostic, Severity, did_you_mean
from stridelift.core.source import Span

#: The codes about waivers, which no waiver covers.
OWN_CODES = frozenset({"W230", "W231", "W232", "W233"})
_KINDS = ("ignore", "ignore-file")


# Named tuples and a plain class, and patterns compiled when a comment needs them:
# `check` imports this module on every run (a cold budget of 150 ms), and a frozen
# dataclass alone takes half a millisecond to build.


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The directive (``# stride:``), a waiver, a code."""
    return (
        re.compile(r"#[ \t]*stride[ \t]*:"),
        re.compile(
            r"#[ \t]*stride[ \t]*:\s*(?P<kind>[A-Za-z_-]*)\s*(?:\[(?P<codes>[^\]]*)\])?"
            r"(?P<reason>.*)$"
        ),
        re.compile(r"[A-Z][A-Z0-9]*[0-9]\Z"),
    )


#: What may stand between the codes and the reason: `]: reason`, `] -- reason`.
_SEPARATORS = " \t-:;,.\u2013\u2014"


class Waiver(NamedTuple):
    """One waiver comment: where it is, the line it covers (None: the whole file),
    each code with its place in the comment, and the reason."""

    path: str
    span: Span
    line: int | None
    codes: tuple[tuple[str, Span], ...]
    reason: str


def comment_column(line: str) -> int:
    """Where the comment of a line starts (0-based), or -1 when it has none."""
    quoted = False
    i = 0
    while i < len(line):
        char = line[i]
        if quoted:
            if char == "\\":
                i += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "#":
            return i
        i += 1
    return -1


def _code_line(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith("#")


def read_waivers(path: str, lines: Sequence[str]) -> tuple[list[Waiver], list[Diagnostic]]:
    """The waivers of one file's text, and a W233 for each ``# stride:`` comment that
    is not one."""
    waivers: list[Waiver] = []
    problems: list[Diagnostic] = []
    for index, line in enumerate(lines):
        if "stride" not in line:
            continue
        start = comment_column(line)
        if start < 0:
            continue
        comment = line[start:].rstrip("\r\n")
        directive, waiver, _ = _patterns()
        if not directive.match(comment):
            continue
        number = index + 1
        span = Span(number, start + 1, number, start + 1 + len(comment.rstrip()))
        found = waiver.match(comment)
        kind = found["kind"] if found else ""
        if found is None or kind not in _KINDS or found["codes"] is None:
            problems.append(_malformed(path, span, comment, kind))
            continue
        codes_at = start + found.start("codes")
        codes: list[tuple[str, Span]] = []
        for part in re.finditer(r"[^,]+", found["codes"]):
            code = part.group().strip()
            if code:
                column = codes_at + part.start() + (len(part.group()) - len(part.group().lstrip()))
                codes.append((code, Span(number, column + 1, number, column + 1 + len(code))))
        if not codes:
            problems.append(_malformed(path, span, comment, kind, empty=True))
            continue
        if kind == "ignore-file":
            covered: int | None = None
        elif line[:start].strip():
            covered = number
        else:  # on a line of its own: the next line that holds code
            following = (i for i in range(index + 1, len(lines)) if _code_line(lines[i]))
            covered = next(following, index) + 1
        reason = found["reason"].strip().lstrip(_SEPARATORS).strip()
        waivers.append(Waiver(path, span, covered, tuple(codes), reason))
    return waivers, problems


def _malformed(path: str, span: Span, comment: str, kind: str, empty: bool = False) -> Diagnostic:
    if empty:
        message = "this waiver names no code"
    elif kind not in _KINDS:
        hint = did_you_mean(kind, _KINDS) if kind else None
        message = f"`{kind or comment}` is not a waiver stridelift knows" + (
            f"; {hint}" if hint else ""
        )
    else:
        message = f"`{kind}` needs the codes it waives in brackets"
    return Diagnostic.make(
        path,
        span,
        "W233",
        message,
        "write `# stride: ignore[CODE] reason` (this line, or the next when the comment "
        "stands alone) or `# stride: ignore-file[CODE] reason`",
    )


class Waived(NamedTuple):
    """What applying the waivers left: the findings still reported (the waivers' own
    problems among them), and how many were waived."""

    findings: list[Diagnostic]
    waived: int = 0


class Waivers:
    """Every waiver of a run's files, and the problems found reading them.

    ``lint_codes`` are the installed lint rules' codes (each can be waived, at any
    severity); ``silent`` the codes ``check`` never reports (the plan rules' and the
    engine's): a waiver of one is never W231 there."""

    __slots__ = ("by_path", "lint_codes", "problems", "silent")

    def __init__(self, lint_codes: Collection[str], silent: Collection[str] = ()) -> None:
        self.lint_codes = lint_codes
        self.silent = silent
        self.by_path: dict[str, list[Waiver]] = {}
        self.problems: list[Diagnostic] = []

    def read(self, files: Mapping[str, Sequence[str] | None]) -> None:
        """Read the waivers of each file (its path and its lines)."""
        for path, lines in files.items():
            if lines is None or path in self.by_path:
                continue
            found, problems = read_waivers(path, lines)
            self.problems.extend(problems)
            self.by_path[path] = []
            for waiver in found:
                kept = self._checked(waiver)
                if kept is not None:
                    self.by_path[path].append(kept)

    def _checked(self, waiver: Waiver) -> Waiver | None:
        """The waiver with the codes it may waive (a W232 for each other), and a W230
        when it gives no reason."""
        valid = []
        for code, span in waiver.codes:
            problem = self._code_problem(code)
            if problem is None:
                valid.append((code, span))
            else:
                message, hint = problem
                self.problems.append(Diagnostic.make(waiver.path, span, "W232", message, hint))
        if not waiver.reason:
            self.problems.append(
                Diagnostic.make(
                    waiver.path,
                    waiver.span,
                    "W230",
                    "this waiver does not say why the finding is accepted",
                    "write the reason after the codes: `# stride: ignore[W215] re-entry after "
                    "injury`",
                )
            )
        if not valid:
            return None
        return Waiver(waiver.path, waiver.span, waiver.line, tuple(valid), waiver.reason)

    def _code_problem(self, code: str) -> tuple[str, str] | None:
        if not _patterns()[2].match(code):
            return (
                f"`{code}` is not a code",
                "name each finding by its code (W215), as `stridelift check` prints it",
            )
        if code in OWN_CODES:
            return (
                f"{code} is about waivers and cannot itself be waived",
                "fix the waiver as the finding says",
            )
        if code in self.lint_codes:
            return None
        row = CODES.get(code)
        if row is None:
            waivable = [c for c, r in CODES.items() if r.severity < Severity.ERROR]
            hint = did_you_mean(code, {*waivable, *self.lint_codes} - OWN_CODES)
            return (
                f"no finding has the code {code}",
                hint
                or "docs/diagnostics.md lists the codes; `stridelift plugins --all` the lint rules",
            )
        if row.severity >= Severity.ERROR:
            return (
                f"{code} ({row.name}) is an error, and errors cannot be waived",
                "fix what it reports; only warnings, information and lint rules can be waived",
            )
        return None

    def covers(self, path: str, line: int, code: str) -> Waiver | None:
        """The waiver that covers a finding with ``code`` at ``line`` of ``path``."""
        for waiver in self.by_path.get(path, ()):
            if (waiver.line is None or waiver.line == line) and any(
                c == code for c, _ in waiver.codes
            ):
                return waiver
        return None

    def apply(
        self,
        diagnostics: Iterable[Diagnostic],
        reported: Callable[[str, str], bool] = lambda code, path: True,
        unsure: Collection[str] = (),
    ) -> Waived:
        """The findings no waiver covers, then the waivers' problems: W230, W232, W233,
        and W231 for each code of a waiver that covered nothing, unless ``reported``
        says the code is not reported in that file anyway, ``check`` never reports
        it, or the file is one of ``unsure`` (a program with errors, whose lint
        rules may not all have run)."""
        kept: list[Diagnostic] = []
        used: set[tuple[str, int, str]] = set()
        waived = 0
        for diagnostic in diagnostics:
            waiver = None
            if diagnostic.code not in OWN_CODES and (
                diagnostic.severity < Severity.ERROR or diagnostic.code in self.lint_codes
            ):
                waiver = self.covers(diagnostic.path, diagnostic.span.line, diagnostic.code)
            if waiver is None:
                kept.append(diagnostic)
                continue
            waived += 1
            used.add((waiver.path, waiver.span.line, diagnostic.code))
        unused = []
        for path, waivers in self.by_path.items():
            if path in unsure:
                continue
            for waiver in waivers:
                for code, span in waiver.codes:
                    if (path, waiver.span.line, code) in used or code in self.silent:
                        continue
                    if not reported(code, path):
                        continue  # turned off here: the waiver waits for it
                    where = "in this file" if waiver.line is None else f"on line {waiver.line}"
                    unused.append(
                        Diagnostic.make(
                            path,
                            span,
                            "W231",
                            f"{code} is not reported {where}: the waiver waives nothing",
                            f"remove {code} from the waiver (the whole comment if it is the "
                            "only code)",
                        )
                    )
        return Waived([*kept, *self.problems, *unused], waived)
