"""Hypothesis strategies for hostile input: programs from the grammar, mutations of the
shipped programs and logs, include graphs, and command-line values.

Every strategy draws a :class:`Case`: the files of a small project (paths relative to
its root, contents as bytes), which of them is the program and which the log. The
properties in :mod:`.properties` write a case into a folder and run the commands on it.

The grammar strategy is :func:`hypothesis.extra.lark.from_lark` over
``grammar/stride.lark``, with ``explicit=`` strategies for the terminals whose
regular expressions would give implausible text (names, numbers, strings, tempos,
separators) and for the keywords, whose lookahead ``(?![A-Za-z0-9_])`` hypothesis
cannot generate from. Each word-like token is followed by a space, so a program from
:data:`PROGRAMS` lexes as the grammar meant; :data:`GLUED_PROGRAMS` leaves the space
out now and then, so a keyword runs on into the next word (``sets3``,
``tempo3-1-1-0``): text that must stay an error, never a crash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "programs"

__all__ = [
    "GLUED_PROGRAMS",
    "PROGRAMS",
    "Case",
    "cli_values",
    "glued_keyword",
    "include_graphs",
    "mutated_logs",
    "mutated_programs",
    "program_cases",
    "shipped_programs",
]


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """A small project to run commands on.

    ``files`` maps a path relative to the project root to its bytes; ``program`` and
    ``log`` name two of them (``log`` may be absent). ``args`` are extra command-line
    arguments for the commands that take them; ``how`` says how the case was made.
    """

    files: tuple[tuple[str, bytes], ...]
    program: str
    log: str | None = None
    args: tuple[str, ...] = ()
    how: str = ""

    def __repr__(self) -> str:  # what hypothesis prints: how, not 50 kB of bytes
        sizes = ", ".join(f"{n} ({len(d)} B)" for n, d in self.files if n != "pyproject.toml")
        return (
            f"Case({self.how!r}; program={self.program}; log={self.log}; args={self.args}; {sizes})"
        )

    def text(self, name: str) -> bytes:
        return dict(self.files)[name]

    def replace(self, name: str, data: bytes, how: str) -> Case:
        files = tuple((n, data if n == name else d) for n, d in self.files)
        return Case(files, self.program, self.log, self.args, f"{self.how}; {how}".strip("; "))


# ---------------------------------------------------------------- the shipped files


@cache
def _shipped() -> dict[str, bytes]:
    """Every shipped program, fragment and log, by path relative to ``programs/``'s parent."""
    found: dict[str, bytes] = {}
    for path in sorted(SHIPPED.rglob("*")):
        if path.is_file() and path.suffix in {".stride", ".jsonl", ".csv"}:
            found[path.relative_to(REPO).as_posix()] = path.read_bytes()
    return found


def _shared_files() -> tuple[tuple[str, bytes], ...]:
    """The fragments the shipped programs include, and a pyproject.toml for the root."""
    shared = tuple((n, d) for n, d in _shipped().items() if n.startswith("programs/shared/"))
    return (("pyproject.toml", b""), *shared)


@cache
def _pairs() -> tuple[tuple[str, str], ...]:
    """(program, log) for every shipped program with a log of its own."""
    pairs = []
    for name in _shipped():
        if name.startswith("programs/") and name.count("/") == 1 and name.endswith(".stride"):
            stem = name.removeprefix("programs/").removesuffix(".stride")
            for suffix in (".jsonl", ".csv"):
                log = f"programs/logs/{stem}{suffix}"
                if log in _shipped():
                    pairs.append((name, log))
    return tuple(pairs)


def shipped_case(program: str, log: str | None) -> Case:
    files = dict(_shared_files())
    files[program] = _shipped()[program]
    if log is not None:
        files[log] = _shipped()[log]
    return Case(tuple(files.items()), program, log, how=f"shipped {program}")


def shipped_programs() -> st.SearchStrategy[Case]:
    """A shipped program with its own log."""
    return st.sampled_from(_pairs()).map(lambda pair: shipped_case(*pair))


def program_cases(text: st.SearchStrategy[str], how: str) -> st.SearchStrategy[Case]:
    """A program text as ``programs/fuzz.stride``, beside the shipped fragments and a log."""

    def build(program: str, pair: tuple[str, str]) -> Case:
        files = dict(_shared_files())
        files["programs/fuzz.stride"] = program.encode("utf-8", "surrogatepass")
        files[pair[1]] = _shipped()[pair[1]]
        return Case(tuple(files.items()), "programs/fuzz.stride", pair[1], how=how)

    return st.builds(build, text, st.sampled_from(_pairs()))


# ---------------------------------------------------------------- the grammar

# Names a program uses, so that generated text reaches the checker and the engine
# with words it knows, and now and then one it does not.
EXERCISES = (
    "goblet_squat",
    "kettlebell_swing",
    "split_squat",
    "standing_calf_raise",
    "glute_bridge",
    "calf_stretch",
    "pallof_press",
    "side_plank",
    "farmers_carry",
    "reverse_lunge",
    "pogo_hop",
    "front_squat",
    "copenhagen_plank",
)
WORDS = (
    *EXERCISES,
    "A",
    "B",
    "kg",
    "lb",
    "kettlebell",
    "bands",
    "dumbbells",
    "barbell",
    "bodyweight",
    "light",
    "medium",
    "heavy",
    "block",
    "linear",
    "undulating",
    "constant",
    "base",
    "build",
    "taper",
    "double",
    "ladder",
    "rpe_load",
    "mine",
    "step",
    "low",
    "high",
    "load",
    "reps",
    "sets",
    "rpe",
    "rir",
    "form",
    "poor",
    "good",
    "completed",
    "missed",
    "fatigue",
    "soreness",
    "sleep",
    "week",
    "phase",
    "eccentric",
    "number",
    "weeks",
    "percent",
    "eps",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "single_leg",
    "plyometric",
    "every",
    "effort",
)

KEYWORDS = {
    "_PROGRAM": "program",
    "_UNITS": "units",
    "_EQUIPMENT": "equipment",
    "_TO": "to",
    "_BY": "by",
    "_WEEKS": "weeks",
    "_WEEK": "week",
    "_PERIODIZATION": "periodization",
    "_DELOAD": "deload",
    "_EVERY": "every",
    "_NONE": "none",
    "_SCHEDULE": "schedule",
    "_TIME": "time",
    "_BUDGET": "budget",
    "_INCLUDE": "include",
    "POLICY": "policy",
    "_LINT": "lint",
    "_RACE": "race",
    "_RUNNING": "running",
    "ASSESSMENT": "assessment",
    "PHASE": "phase",
    "REP_MAX": "rep max",
    "REPS_TO_FAILURE": "reps to failure",
    "_SESSION": "session",
    "_ROUNDS": "rounds",
    "_X": "x",
    "_AMRAP": "amrap",
    "_ONE_RM": "1rm",
    "_BODYWEIGHT": "bodyweight",
    "_BAND": "band",
    "_TEMPO": "tempo",
    "_REST": "rest",
    "_PROGRESS": "progress",
    "_CUE": "cue",
    "_PROGRESSION": "progression",
    "_RULE": "rule",
    "_IN": "in",
    "_PATTERN": "pattern",
    "_WHEN": "when",
    "_OTHERWISE": "otherwise",
    "_NOTE": "note",
    "_HOLD": "hold",
    "_ADVANCE": "advance",
    "_REGRESS": "regress",
    "_FOR": "for",
    "_OR": "or",
    "_AND": "and",
    "_NOT": "not",
    "_IS": "is",
    "_WARMUP": "warmup",
    "_MAIN": "main",
    "_ACCESSORY": "accessory",
    "_COOLDOWN": "cooldown",
    "_SUPERSET": "superset",
    "_CIRCUIT": "circuit",
    "_RPE": "rpe",
    "_RIR": "rir",
}

# Digits as a coach writes them, and the hostile ones: 20, 400 and 5,000 digits.
_DIGITS = st.one_of(
    st.integers(0, 12).map(str),
    st.integers(0, 400).map(str),
    st.sampled_from(["0", "00", "007", "99999", "9" * 20, "1" + "0" * 19, "9" * 400, "7" * 5000]),
)
_FRACTION = st.one_of(st.just(""), st.sampled_from([".5", ".25", ".0", ".50", "." + "3" * 30]))
_INT = _DIGITS
_NUMBER = st.builds(lambda d, f: d + f, _DIGITS, _FRACTION)
_UNIT = st.sampled_from(["kg", "lb", "s", "min", "h", "m", "km", "mi"])
_QUANTITY = st.builds(lambda n, u: n + u, _NUMBER, _UNIT)
_PERCENT = st.builds(lambda n: n + "%", _NUMBER)
_FIGURE = st.one_of(st.integers(0, 9).map(str), st.sampled_from(["X", "x", "10", "9" * 20, "A"]))
_TEMPO = st.lists(_FIGURE, min_size=2, max_size=5).map("-".join)
_NAME = st.one_of(
    st.sampled_from(WORDS),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True),
)
_LINT_RULE = st.one_of(
    st.sampled_from(["W201", "P304", "load-jump", "no-deload-6-weeks", "x"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}(-[A-Za-z0-9_]{1,6}){0,3}", fullmatch=True),
)
_RACE_DATE = st.one_of(
    st.sampled_from(
        ["2027-04-18", "2027-02-30", "2028-02-29", "18/04/2027", "9" * 30, "0000-00-00"]
    ),
    st.from_regex(r"[0-9A-Za-z_]{1,8}([-/.][0-9A-Za-z_]{1,4}){0,3}", fullmatch=True),
)
_STRING_BODY = st.one_of(
    st.sampled_from(["Squat and hinge", "fatigue cuts volume", "warmups.stride", 'say \\"easy\\"']),
    st.text(st.characters(exclude_characters='"\\\n\r', exclude_categories=["Cs"]), max_size=20),
    st.sampled_from(["shared/warmups.stride", "../outside.stride", "fuzz.stride", "", "\\\\"]),
)
_STRING = _STRING_BODY.map(lambda body: f'"{body}"')
_COMMENT_TEXT = st.sampled_from(
    ["# a comment", "#", "# note: 3 x 8 @ 16kg", "# \u202e bidi \u2066", "# \f form feed", "#{"]
)
_NL = st.one_of(
    st.just("\n"),
    st.just("\n  "),
    st.just("; "),
    st.builds(lambda c: f"\n  {c}\n  ", _COMMENT_TEXT),
    st.just("\r\n"),
    st.just("\n\n"),
)


def _spaced(strategy: st.SearchStrategy[str], glue: bool) -> st.SearchStrategy[str]:
    """A token and the space after it; with ``glue``, the space is left out one time in
    eight, so the token runs on into the next one."""
    if not glue:
        return strategy.map(lambda token: token + " ")
    return st.builds(lambda t, s: t + s, strategy, st.sampled_from([" "] * 7 + [""]))


def _explicit(glue: bool) -> dict[str, st.SearchStrategy[str]]:
    words: dict[str, st.SearchStrategy[str]] = {
        name: st.just(word) for name, word in KEYWORDS.items()
    }
    words.update(
        PER_SIDE=st.sampled_from(["per side", "per\tside"]),
        QUANTITY=_QUANTITY,
        PERCENT=_PERCENT,
        TEMPO=_TEMPO,
        NUMBER=_NUMBER,
        INT=_INT,
        NAME=_NAME,
        STRING=_STRING,
        LINT_RULE=_LINT_RULE,
        RACE_DATE=_RACE_DATE,
    )
    explicit = {name: _spaced(strategy, glue) for name, strategy in words.items()}
    # An ignored token between any two: mostly a space. Comments come only at line
    # ends, through _NL: in the middle of a line one would swallow the rest of it.
    explicit["__IGNORE_0"] = st.sampled_from([" ", "  ", "\t", "\f"])
    explicit["COMMENT"] = st.just(" ")
    explicit["_NL"] = _NL
    return explicit


@cache
def grammar_programs(glue: bool = False) -> st.SearchStrategy[str]:
    """Program text from the grammar (see the module's docstring)."""
    from lark import Lark

    from stridelift.grammar import grammar_text

    grammar = Lark(grammar_text(), parser="lalr", lexer="contextual")
    return from_lark(grammar, explicit=_explicit(glue))


PROGRAMS = st.deferred(lambda: grammar_programs(False))
GLUED_PROGRAMS = st.deferred(lambda: grammar_programs(True))


# ---------------------------------------------------------------- gluing a keyword


_CODE_KEYWORDS = sorted(set(KEYWORDS.values()) - {"x", "1rm"}, key=len, reverse=True)
_GLUEABLE = re.compile(
    r"(?<![A-Za-z0-9_])(" + "|".join(_CODE_KEYWORDS) + r")[ \t]+(?=[A-Za-z0-9_])"
)
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*')


def glueable_spots(text: str) -> list[re.Match[str]]:
    """Every keyword followed by blanks and then a word, outside strings and comments."""
    blanked = _STRING_OR_COMMENT.sub(lambda m: "\0" * len(m.group()), text)
    return list(_GLUEABLE.finditer(blanked))


@st.composite
def glued_keyword(draw: st.DrawFn) -> Case:
    """A shipped program (which checks clean) with one keyword glued to the next word."""
    case = draw(shipped_programs())
    text = case.text(case.program).decode()
    spots = glueable_spots(text)
    spot = spots[draw(st.integers(0, len(spots) - 1))]
    glued = text[: spot.start()] + spot.group(1) + text[spot.end() :]
    line = text.count("\n", 0, spot.start()) + 1
    return case.replace(case.program, glued.encode(), f"glued `{spot.group(1)}` on line {line}")


# ---------------------------------------------------------------- mutating text

HUGE = ("9" * 20, "1" + "0" * 19, "9" * 400, "8" * 5000)
CONTROL = ("\f", "\r", "\0", "\u202e", "\u2066", "\x1b[31m", "\v", "\u2028", "\x85", "\ufeff")
_NUMBER_AT = re.compile(rb"[0-9]+(?:\.[0-9]+)?")


def _pick(draw: st.DrawFn, size: int) -> int:
    return draw(st.integers(0, max(size - 1, 0)))


@st.composite
def _mutate(draw: st.DrawFn, data: bytes, log: bool) -> tuple[bytes, str]:
    """One mutation of a file's bytes, and what it was."""
    kinds = [
        "flip",
        "delete line",
        "duplicate line",
        "swap lines",
        "huge number",
        "control",
        "truncate",
        "crlf",
        "cr only",
        "bom",
        "latin-1",
        "splice",
    ]
    kinds += ["log value", "date"] if log else ["nesting", "long line"]
    kind = draw(st.sampled_from(kinds))
    lines = data.splitlines(keepends=True) or [b""]
    if kind == "flip":
        at = _pick(draw, len(data))
        byte = draw(st.integers(0, 255))
        return data[:at] + bytes([byte]) + data[at + 1 :], f"byte {at} -> 0x{byte:02x}"
    if kind == "delete line":
        at = _pick(draw, len(lines))
        return b"".join(lines[:at] + lines[at + 1 :]), f"deleted line {at + 1}"
    if kind == "duplicate line":
        at = _pick(draw, len(lines))
        return b"".join(lines[: at + 1] + lines[at:]), f"duplicated line {at + 1}"
    if kind == "swap lines":
        a, b = _pick(draw, len(lines)), _pick(draw, len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return b"".join(lines), f"swapped lines {a + 1} and {b + 1}"
    if kind == "huge number":
        numbers = list(_NUMBER_AT.finditer(data))
        if not numbers:
            return data, "no number to grow"
        found = numbers[_pick(draw, len(numbers))]
        huge = draw(st.sampled_from(HUGE)).encode()
        line = data.count(b"\n", 0, found.start()) + 1
        return (
            data[: found.start()] + huge + data[found.end() :],
            f"{len(huge)}-digit number on line {line}",
        )
    if kind == "control":
        at = _pick(draw, len(data))
        char = draw(st.sampled_from(CONTROL))
        return data[:at] + char.encode() + data[at:], f"inserted {char!r} at byte {at}"
    if kind == "truncate":
        at = _pick(draw, len(data))
        return data[:at], f"truncated to {at} bytes"
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n"), "CRLF line ends"
    if kind == "cr only":
        return data.replace(b"\n", b"\r"), "CR-only line ends"
    if kind == "bom":
        return b"\xef\xbb\xbf" + data, "BOM"
    if kind == "latin-1":
        text = data.decode("utf-8", "replace").replace("e", "\u00e9", 1)
        return text.encode("latin-1", "replace"), "Latin-1"
    if kind == "splice":
        a, b = sorted((_pick(draw, len(data)), _pick(draw, len(data))))
        at = _pick(draw, len(data))
        return data[:at] + data[a:b] + data[at:], f"copied bytes {a}-{b} to {at}"
    if kind == "nesting":
        return _nest(draw, data)
    if kind == "long line":
        at = _pick(draw, len(lines))
        long = b"  accessory glute_bridge 2 x 10" + b" cue " + b'"' + b"w" * 100_000 + b'"\n'
        return b"".join([*lines[:at], long, *lines[at:]]), f"100 kB line at line {at + 1}"
    if kind == "log value":
        return _log_value(draw, lines)
    return _date(draw, data)


def _nest(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """A condition wrapped in many ``not (`` or brackets."""
    whens = list(re.finditer(rb"when ([^:\n]+):", data))
    depth = draw(st.sampled_from([10, 63, 64, 65, 100, 1000]))
    opener = draw(st.sampled_from([b"not (", b"(", b"not ", b"- ", b"-("]))
    closer = b")" if b"(" in opener else b""
    if not whens:
        rule = b'\nrule "deep" {\n  when ' + opener * depth + b"fatigue > 3"
        rule += closer * depth + b": hold\n}\n"
        return data + rule, f"{depth} x {opener!r} in a new rule"
    found = whens[_pick(draw, len(whens))]
    nested = b"when " + opener * depth + found.group(1) + closer * depth + b":"
    line = data.count(b"\n", 0, found.start()) + 1
    return data[: found.start()] + nested + data[found.end() :], f"{depth} x {opener!r} line {line}"


_LOG_VALUES: tuple[object, ...] = (
    -1,
    0,
    10**20,
    10**400,
    1e308,
    "1e400",
    "NaN",
    "Infinity",
    -0.0,
    "8",
    None,
    True,
    [],
    {},
    "",
    "x" * 10_000,
    10.5,
    11,
    2.25,
)
_RAW = {"1e400": "1e400", "NaN": "NaN", "Infinity": "Infinity"}


def _log_value(draw: st.DrawFn, lines: list[bytes]) -> tuple[bytes, str]:
    """One field of one record set to an out-of-range value or the wrong type."""
    at = _pick(draw, len(lines))
    line = lines[at]
    value = draw(st.sampled_from(_LOG_VALUES))
    raw = _RAW.get(value) if isinstance(value, str) else None
    if line.lstrip().startswith(b"{"):
        try:
            record = json.loads(line)
        except ValueError:
            return b"".join(lines), "unparsable line left alone"
        if not isinstance(record, dict) or not record:
            return b"".join(lines), "not a record"
        keys = sorted(record)
        key = keys[_pick(draw, len(keys))]
        marker = "@@FUZZ@@"
        record[key] = marker
        text = json.dumps(record).replace(f'"{marker}"', raw or json.dumps(value))
        ending = b"\r\n" if line.endswith(b"\r\n") else b"\n"
        lines[at] = text.encode() + ending
        return b"".join(lines), f"line {at + 1}: {key} = {(raw or json.dumps(value))[:40]}"
    cells = line.rstrip(b"\r\n").split(b",")
    column = _pick(draw, len(cells))
    cells[column] = (raw or (str(value) if not isinstance(value, str) else value)).encode()
    lines[at] = b",".join(cells) + b"\n"
    return b"".join(lines), f"line {at + 1}: column {column + 1} = {str(value)[:40]!r}"


_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}")
_ODD_DATES = (
    "0001-01-01",
    "0001-01-07",
    "1899-12-31",
    "1900-01-01",
    "2999-12-31",
    "3000-01-01",
    "9999-12-20",
    "9999-12-31",
    "2026-02-30",
    "2026-13-01",
    "10000-01-01",
    "2026-1-5",
)


def _date(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """One date (or every date) moved to the edges of the calendar."""
    dates = list(_DATE.finditer(data))
    if not dates:
        return data, "no date"
    odd = draw(st.sampled_from(_ODD_DATES)).encode()
    if draw(st.booleans()):
        return _DATE.sub(odd, data), f"every date -> {odd.decode()}"
    found = dates[_pick(draw, len(dates))]
    line = data.count(b"\n", 0, found.start()) + 1
    return data[: found.start()] + odd + data[found.end() :], f"line {line}: date {odd.decode()}"


@st.composite
def _mutated(draw: st.DrawFn, case: Case, name: str, log: bool) -> Case:
    data = case.text(name)
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        data, how = draw(_mutate(data, log))
        steps.append(how)
    return case.replace(name, data, f"{name}: " + ", ".join(steps))


def _corpus_case(index: int) -> Case:
    text = _corpus()[index % len(_corpus())]
    files = dict(_shared_files())
    files["programs/fuzz.stride"] = text.encode()
    pair = _pairs()[index % len(_pairs())]
    files[pair[1]] = _shipped()[pair[1]]
    return Case(tuple(files.items()), "programs/fuzz.stride", pair[1], how=f"corpus #{index}")


@cache
def _corpus() -> tuple[str, ...]:
    import sys

    sys.path.insert(0, str(REPO))
    from bench.corpus import generate_corpus

    return tuple(generate_corpus(40, seed=10))


def _seed_programs() -> st.SearchStrategy[Case]:
    """What mutations start from: a shipped program, a fragment, or a corpus program."""

    def fragment(case: Case) -> Case:
        return Case(case.files, "programs/shared/warmups.stride", case.log, how="the fragment")

    return st.one_of(
        shipped_programs(),
        shipped_programs().map(fragment),
        st.integers(0, 39).map(_corpus_case),
    )


@st.composite
def mutated_programs(draw: st.DrawFn) -> Case:
    """A shipped (or corpus) program, or the fragment it includes, mutated 1-3 times."""
    case = draw(_seed_programs())
    target = case.program
    if case.program != "programs/shared/warmups.stride" and draw(st.integers(0, 4)) == 0:
        target = "programs/shared/warmups.stride"  # the program runs with a broken include
    return draw(_mutated(case, target, log=False))


@st.composite
def mutated_logs(draw: st.DrawFn) -> Case:
    """A shipped program and its own log, the log mutated 1-3 times."""
    case = draw(shipped_programs())
    assert case.log is not None
    return draw(_mutated(case, case.log, log=True))


# ---------------------------------------------------------------- includes


@st.composite
def include_graphs(draw: st.DrawFn, max_files: int = 10) -> Case:
    """A program and fragments that include each other: chains, diamonds, cycles, a
    fragment that includes itself, folders and missing files named as includes."""
    count = draw(st.integers(1, max_files))
    files: dict[str, bytes] = {"pyproject.toml": b""}
    targets = [f"f{i}.stride" for i in range(count)]
    odd = ["missing.stride", "sub", "../../outside.stride", "f0.stride/", "", "."]
    for i, name in enumerate(targets):
        later = targets[i + 1 :] or targets
        fan = draw(st.integers(0, 3))
        chosen = [draw(st.sampled_from(later + odd if i % 3 == 2 else later)) for _ in range(fan)]
        body = "".join(f'include "{t}"\n' for t in chosen)
        body += f'rule "r{i}" in main {{\n  when fatigue >= 7: sets -= 1\n}}\n'
        files[name] = body.encode()
    files["sub/.keep.stride"] = b""
    program = draw(st.sampled_from(list(_pairs())))[0]
    text = _shipped()[program].replace(b'include "shared/warmups.stride"', b'include "f0.stride"')
    files["main.stride"] = text
    return Case(tuple(files.items()), "main.stride", None, how=f"{count} fragments")


# ---------------------------------------------------------------- the command line

_CLI_NUMBERS = st.one_of(
    st.integers(-3, 110).map(str),
    st.sampled_from(["0", "-1", "104", "105", "99999", "9" * 20, "1e3", "", "x", "3.5"]),
)
_CLI_DATES = st.one_of(
    st.sampled_from(_ODD_DATES),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", "today", "2026-01-05T00:00", "\u0662\u0660\u0662\u0666-01-05"]),
)


@st.composite
def cli_values(draw: st.DrawFn) -> Case:
    """A shipped program and log, with odd values for the options that take numbers
    and dates (``--week``, ``--date``, ``--start``, ``--weeks``, ``--seed``, ``--param``)."""
    case = draw(shipped_programs())
    args: list[str] = []
    if draw(st.booleans()):
        args += [draw(st.sampled_from(["--week", "--date"]))]
        args += [draw(_CLI_NUMBERS if args[-1] == "--week" else _CLI_DATES)]
    if draw(st.booleans()):
        args += ["--start", draw(_CLI_DATES)]
    if draw(st.booleans()):
        args += ["--weeks", draw(_CLI_NUMBERS)]
    if draw(st.booleans()):
        args += ["--seed", draw(st.sampled_from(["0", "-1", "9" * 20, "9" * 400, "x"]))]
    if draw(st.booleans()):
        name = draw(st.sampled_from(["adherence", "strength", "fatigue", "nope", ""]))
        value = draw(st.sampled_from(["0.8", "0", "-1", "nan", "inf", "1e308", "9" * 400, "x"]))
        args += ["--param", f"{name}={value}"]
    return Case(case.files, case.program, case.log, tuple(args), how="odd option values")
