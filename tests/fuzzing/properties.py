"""The properties every command keeps on any input, checked in this process.

A case (:class:`~.strategies.Case`) is written into a :class:`Workspace`, a folder
reused from case to case, and the commands run there through click's ``CliRunner``
against :data:`stridelift.core.cli.main.cli`, as a coach's shell would run them, so a
case costs milliseconds. A property that does not hold raises :class:`Broken`, whose
:attr:`~Broken.cause` is the same for every case that shows the same bug (the
long run in ``tools/fuzz.py`` files its findings by it).

What is checked (docs/fuzzing.md says why):

* every command exits 0, 1 or 2, prints no traceback and no "internal error", and
  none outlives :data:`HANG_SECONDS` (a guard against hangs, not a timing);
* ``fmt`` writes only a file without errors, and what it writes parses to the same
  program (spans aside) with the same diagnostics and the same numbers, and is left
  alone by a second ``fmt``;
* ``plan`` prints the same bytes twice;
* every log ``simulate --log-out`` writes is accepted by ``plan --log`` with no problem.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from fuzzing.strategies import Case
from stridelift.core.source import visible_line

__all__ = [
    "HANG_SECONDS",
    "PROPERTIES",
    "Broken",
    "Run",
    "Workspace",
    "commands_behave",
    "fmt_round_trips",
    "glued_keywords_stay_errors",
    "options_behave",
    "plan_is_deterministic",
    "simulated_logs_pass_log_checks",
]

#: A command still running after this many seconds is reported as a hang.
HANG_SECONDS = 20.0


class Broken(AssertionError):
    """A property that does not hold: ``cause`` names the bug, ``detail`` shows it."""

    def __init__(self, cause: str, detail: str, runs: list[Run] | None = None):
        super().__init__(f"{cause}\n{detail}")
        self.cause = cause
        self.detail = detail
        self.runs = runs or []


class Hang(BaseException):
    """Raised in a command that outlived :data:`HANG_SECONDS`. A ``BaseException``, so
    no ``except Exception`` in the command line turns it into an "internal error"."""


@dataclass
class Run:
    """One command: its arguments, exit code and what it printed."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    escaped: str | None = None  # an exception the command line let out

    def shown(self) -> str:
        parts = [f"$ stridelift {' '.join(_quote(a) for a in self.args)}", f"exit {self.code}"]
        if self.escaped:
            parts.append(f"exception: {self.escaped}")
        parts += [f"stdout:\n{_clip(self.stdout)}", f"stderr:\n{_clip(self.stderr)}"]
        return "\n".join(parts)


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./=:-]+", arg) else repr(arg)


def _clip(text: str, limit: int = 4000) -> str:
    return text if len(text) <= limit else text[:limit] + f"\n... ({len(text)} characters)"


# ---------------------------------------------------------------- running commands


@dataclass
class Workspace:
    """A folder the cases are written into, one after another, and the commands run in."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="stride-fuzz-")))
    hang_seconds: float = HANG_SECONDS
    #: A file touched before every command, so a watcher can tell a stuck process.
    heartbeat: Path | None = None
    runs: list[Run] = field(default_factory=list)

    def write(self, case: Case) -> None:
        """Empty the folder and write the case's files into it."""
        for child in self.root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for name, data in case.files:
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.runs = []

    def path(self, name: str) -> Path:
        return self.root / name

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def run(self, *args: str) -> Run:
        """Run ``stridelift ARGS`` in the folder; check what every command must keep."""
        from click.testing import CliRunner

        from stridelift.core.cli.main import cli

        if self.heartbeat is not None:
            self.heartbeat.touch()
        try:
            with _inside(self.root), _hang_guard(self.hang_seconds):
                result = CliRunner().invoke(cli, list(args), prog_name="stridelift")
        except Hang:
            self.runs.append(
                Run(tuple(args), -1, "", "", f"still running after {self.hang_seconds:g} s")
            )
            raise Broken(f"{args[0]}: hang", self.runs[-1].shown(), self.runs) from None
        escaped = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            escaped = f"{type(result.exception).__name__}: {result.exception}"
        run = Run(tuple(args), result.exit_code, result.stdout, result.stderr, escaped)
        self.runs.append(run)
        _behaves(run, self.runs)
        self._quotes_its_lines(run)
        return run

    def _quotes_its_lines(self, run: Run) -> None:
        """A diagnostic's quoted source line is the line it names (``path:12:5: ...``
        then ``   12 | text``): a form feed or a lone CR must not shift it."""
        path: Path | None = None
        for line in (run.stdout + run.stderr).split("\n"):
            head = _LOCATED.match(line)
            if head is not None:
                path = self.root / head["path"]
                continue
            quoted = _QUOTED.match(line)
            if quoted is None or path is None or not path.is_file():
                continue
            number, text = int(quoted["line"]), quoted["text"].rstrip()
            text = text.removeprefix("...").removesuffix("...")
            source = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
            # Lines as the parser counts them (at \n) or as an editor does (at \r too);
            # never at a form feed, a vertical tab or U+2028, as str.splitlines() does.
            wanted = ""
            for lines in (source.split("\n"), re.split(r"\r\n|\r|\n", source)):
                line = lines[number - 1] if 0 < number <= len(lines) else ""
                # Quoted lines show control characters as visible symbols (␍, ␌),
                # after tabs are laid out.
                shown = (visible_line(line.replace("\t", tab)) for tab in ("\t", " ", " " * 8))
                if any(text in variant for variant in shown):
                    break
                wanted = wanted or line
            else:
                raise Broken(
                    f"{run.args[0]}: quotes another line than the one it names",
                    f"line {number} is {wanted[:120]!r}, quoted {text[:120]!r}\n{run.shown()}",
                    self.runs,
                )
            path = None


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


@contextlib.contextmanager
def _hang_guard(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in a command that runs past ``seconds`` (only in the main
    thread, where signals are delivered; elsewhere the command simply runs)."""
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_LOCATED = re.compile(r"^(?P<path>[^\s:][^:]*):\d+:\d+: [A-Z]\d{3} ")
_QUOTED = re.compile(r"^ +(?P<line>\d+) \| (?P<text>.*)$")
_INTERNAL = re.compile(r"internal error: (\w+)(?:: ([^\n]*))?")
#: What moves the cursor or starts an escape sequence: printed from the input, it
#: shifts, hides or forges a line of the output.
_CONTROL = re.compile(r"[\r\x0b\x0c\x1b\x85\u2028\u2029]")


def _behaves(run: Run, runs: list[Run]) -> None:
    """Exit 0, 1 or 2; no traceback, no internal error; none of the input's line-moving
    control characters in what is printed without colour (they forge or hide lines)."""
    command = run.args[0]
    both = run.stdout + run.stderr
    if run.escaped is not None:
        raise Broken(f"{command}: escaped {run.escaped.split(':')[0]}", run.shown(), runs)
    found = _INTERNAL.search(both)
    if found is not None:
        message = _normalise(found.group(2) or "")[:80]
        raise Broken(f"{command}: internal error {found.group(1)}: {message}", run.shown(), runs)
    if "Traceback (most recent call last)" in both:
        raise Broken(f"{command}: traceback", run.shown(), runs)
    if run.code not in (0, 1, 2):
        raise Broken(f"{command}: exit {run.code}", run.shown(), runs)
    shown = run.stderr if run.args[:2] == ("fmt", "--diff") else both  # a diff shows the file
    control = _CONTROL.search(shown)
    if control is not None:
        raise Broken(f"{command}: prints control character {control.group()!r}", run.shown(), runs)


def _normalise(message: str) -> str:
    """A message with its numbers and paths blanked, so one bug has one cause."""
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    return re.sub(r"\d+", "N", message)


# ---------------------------------------------------------------- the properties


def commands_behave(case: Case, ws: Workspace) -> None:
    """Every command on the case's program (and log) behaves (see :func:`_behaves`)."""
    ws.write(case)
    program = case.program
    ws.run("check", "--color", "never", program)
    ws.run("check", "--color", "never", "--output-format", "json", ".")
    ws.run("fmt", "--check", "--color", "never", program)
    ws.run("fmt", "--diff", "--color", "never", ".")
    log = ("--log", case.log) if case.log else ()
    ws.run("plan", "--color", "never", program, *log)
    ws.run("plan", "--output-format", "json", program, *log)
    if case.log:
        ws.run("history", "--color", "never", program, *log)
    ws.run("simulate", "--color", "never", program, "--weeks", "3")


def glued_keywords_stay_errors(case: Case, ws: Workspace) -> None:
    """A keyword run on into the next word is an error that ``check`` reports (exit 1),
    never a crash, never a program that quietly means something else."""
    ws.write(case)
    run = ws.run("check", "--color", "never", case.program)
    if run.code != 1:
        raise Broken(f"glued keyword: check exits {run.code}", run.shown(), ws.runs)


def options_behave(case: Case, ws: Workspace) -> None:
    """Odd option values: a usage error (exit 2) or an answer, never a crash."""
    ws.write(case)
    log = ("--log", case.log) if case.log else ()
    args = case.args
    for command in ("plan", "history", "simulate"):
        mine = _options_for(command, args)
        extra = log if command != "simulate" else ()
        if command == "simulate" and "--weeks" not in mine:
            mine = (*mine, "--weeks", "3")
        ws.run(command, "--color", "never", case.program, *extra, *mine)


_TAKES = {
    "plan": {"--week", "--date", "--start"},
    "history": {"--start"},
    "simulate": {"--start", "--weeks", "--seed", "--param"},
}


def _options_for(command: str, args: tuple[str, ...]) -> tuple[str, ...]:
    pairs = zip(args[::2], args[1::2], strict=False)
    return tuple(
        part for option, value in pairs if option in _TAKES[command] for part in (option, value)
    )


# A number starts after anything but a word character or a decimal point: `9..4`
# holds two numbers (a range), `2.5` one.
_NUMBER = re.compile(r"(?<![A-Za-z_0-9])(?<![0-9]\.)[0-9]+(?:\.[0-9]+)?")
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*')


def numbers_written(text: str) -> Counter[str]:
    """The numbers of a program as written, strings and comments aside."""
    code = _STRING_OR_COMMENT.sub(" ", text)
    return Counter(_NUMBER.findall(code))


def _findings(ws: Workspace, program: str) -> Counter[tuple[str, str, str]]:
    run = ws.run("check", "--output-format", "json", program)
    try:
        payload = json.loads(run.stdout)
    except ValueError:
        raise Broken("check --output-format json: not JSON", run.shown(), ws.runs) from None
    return Counter(
        (d["code"], d["severity"], re.sub(r"line \d+", "line N", d["message"]))
        for d in payload["diagnostics"]
        if d["path"] == program
    )


def fmt_round_trips(case: Case, ws: Workspace) -> None:
    """``fmt`` writes only a file without errors; what it writes is the same program
    (spans aside) with the same diagnostics and numbers, and a second ``fmt`` leaves
    it alone."""
    from stridelift.core.diagnostics import Severity
    from stridelift.core.language.parse import decode_source, parse_text

    ws.write(case)
    program = case.program
    path = ws.path(program)
    before = path.read_bytes()
    findings_before = _findings(ws, program)
    run = ws.run("fmt", "--color", "never", program)
    after = path.read_bytes()
    if after == before:
        return
    text, _ = decode_source(before, program)
    if text is None:
        raise Broken("fmt: rewrote a file it cannot read", run.shown(), ws.runs)
    old = parse_text(text, program)
    errors = [d for d in old.diagnostics if d.severity >= Severity.ERROR]
    if old.document is None or errors:
        shown = "; ".join(f"{d.code} {d.message}" for d in errors)
        raise Broken(
            f"fmt: rewrote a file with errors ({errors[0].code if errors else '-'})",
            f"{shown}\n{run.shown()}",
            ws.runs,
        )
    new_text = after.decode("utf-8")
    new = parse_text(new_text, program)
    if new.document != old.document:
        raise Broken(
            "fmt: output is a different program",
            f"before:\n{_clip(text)}\nafter:\n{_clip(new_text)}",
            ws.runs,
        )
    if numbers_written(new_text) != numbers_written(text):
        lost = numbers_written(text) - numbers_written(new_text)
        gained = numbers_written(new_text) - numbers_written(text)
        raise Broken(
            "fmt: changes a number as written",
            f"lost {sorted(lost)[:5]}, gained {sorted(gained)[:5]}\n{run.shown()}",
            ws.runs,
        )
    findings_after = _findings(ws, program)
    if findings_after != findings_before:
        raise Broken(
            "fmt: output has other diagnostics",
            f"before only: {sorted(findings_before - findings_after)}\n"
            f"after only: {sorted(findings_after - findings_before)}",
            ws.runs,
        )
    again = ws.run("fmt", "--check", "--color", "never", program)
    if again.code != 0 or path.read_bytes() != after:
        raise Broken("fmt: not idempotent", again.shown(), ws.runs)


def plan_is_deterministic(case: Case, ws: Workspace) -> None:
    """Two runs of ``plan`` print the same bytes and exit the same way."""
    ws.write(case)
    log = ("--log", case.log) if case.log else ()
    for output in ("text", "json"):
        args = ("plan", "--color", "never", "--output-format", output, case.program, *log)
        first, second = ws.run(*args), ws.run(*args)
        if (first.code, first.stdout) != (second.code, second.stdout):
            raise Broken(
                f"plan --output-format {output}: differs between runs", second.shown(), ws.runs
            )


def simulated_logs_pass_log_checks(case: Case, ws: Workspace) -> None:
    """Every log ``simulate --log-out`` writes is one ``plan --log`` takes with no problem."""
    ws.write(case)
    for out in ("simulated.jsonl", "simulated.csv"):
        made = ws.run("simulate", case.program, "--weeks", "3", "--log-out", out)
        if made.code != 0:
            continue
        if not ws.path(out).is_file():
            raise Broken("simulate --log-out: no log written", made.shown(), ws.runs)
        used = ws.run("plan", "--color", "never", case.program, "--log", out)
        problems = re.findall(r"\bL\d{3}\b", used.stdout + used.stderr)
        if used.code != 0 or problems:
            codes = ",".join(sorted(set(problems))) or f"exit {used.code}"
            raise Broken(
                f"simulate --log-out: plan rejects the log ({codes})", used.shown(), ws.runs
            )


#: Every property, by name, as ``tools/fuzz.py`` runs them.
PROPERTIES: dict[str, Callable[[Case, Workspace], None]] = {
    "commands_behave": commands_behave,
    "glued_keywords_stay_errors": glued_keywords_stay_errors,
    "options_behave": options_behave,
    "fmt_round_trips": fmt_round_trips,
    "plan_is_deterministic": plan_is_deterministic,
    "simulated_logs_pass_log_checks": simulated_logs_pass_log_checks,
}
