"""Project settings: ``stridelift.toml``, or ``[tool.stridelift]`` in ``pyproject.toml``.

A program's settings are found by walking up from the program file's folder to
the first folder holding ``stridelift.toml`` or ``pyproject.toml`` (when a
folder holds both, ``stridelift.toml`` wins, and a ``[tool.stridelift]`` table
beside it is reported as ignored, C010). ``--config PATH`` names the file
instead. What a file may hold is the shipped JSON Schema
``config.schema.json``, generated from :func:`policy_fields` by
:func:`config_schema` (a test holds the shipped file equal to it):

- ``[policy]``: any field of :class:`Policy`, in its range (fractions as numbers
  from 0 to 1, ``deload_sets = 0.6``);
- ``[lints]``: a rule's code or name, set to a severity (``W211 = "off"``) or to a
  table of a severity and parameters (``P304 = { severity = "info", jump = 0.15 }``);
- at the top: which findings are reported (``select``, ``extend-select``,
  ``ignore``, ``per-file-ignores``; :mod:`stridelift.core.training.selection`),
  which files a folder walk takes (``include``, ``exclude``), the plugins the
  project requires (``requires``, PEP 508), and how a run reports
  (``output-format``, ``jobs``).

Every problem is a :class:`Diagnostic` (C001-C011) placed on the key or the value
it is about; a required plugin that is missing is an X003 placed on its
requirement (:func:`unmet_requirements`). ``tomllib`` reads the file but gives no positions, so
:func:`toml_positions` walks the text once more, after tomllib accepted it,
and records where each key and value starts: the locator only has to find its
way through valid TOML (headers, dotted and quoted keys, strings of the four
kinds, arrays, inline tables), about 150 lines, where the one library that keeps
positions (tomlkit) would be a new dependency for the sake of a column number.

This module knows nothing of the engine or the command line.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import os
import re
from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from stridelift.core.diagnostics import Diagnostic, Severity, did_you_mean
from stridelift.core.source import Span, source_lines
from stridelift.core.training.policy import (
    MAX_JOBS,
    OUTPUT_FORMATS,
    SEVERITIES,
    LintSetting,
    Policy,
    Settings,
    policy_fields,
)
from stridelift.core.training.selection import SELECTOR, LintSelection, Vocabulary

CONFIG_FILE = "stridelift.toml"
PYPROJECT = "pyproject.toml"
#: The shipped schema of a settings table (``core/schemas/config.schema.json``).
SCHEMA = "config.schema.json"
SCHEMA_ID = "https://stridelift.dev/schemas/config.schema.json"
#: Where the settings live in a ``pyproject.toml``.
TABLE = ("tool", "stridelift")
#: A settings file is a few dozen lines; a larger one is the wrong file.
MAX_CONFIG_BYTES = 1024 * 1024
#: A lint rule is named by its code (``P304``) or its name (``load-jump``).
LINT_KEY = r"^([A-Z][0-9]{3}|[a-z][a-z0-9_-]*)$"
#: What the docs say about settings, for hints.
DOCS = "docs/cli.md#configuration"

Key = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Config:
    """What reading a project's settings found: the file (None when there is none),
    the settings (the defaults when there are errors), and every problem."""

    path: str | None
    settings: Settings
    diagnostics: tuple[Diagnostic, ...] = ()
    #: Each file's lines, by path, to quote in a rendered diagnostic.
    lines: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity >= Severity.ERROR)


# ---------------------------------------------------------------- finding the file


def find_config(folder: str | os.PathLike[str]) -> str | None:
    """The settings file for a program in ``folder``: the first ``stridelift.toml`` or
    ``pyproject.toml`` walking up (``stridelift.toml`` first within a folder)."""
    current = os.path.abspath(folder)
    while True:
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = os.path.join(current, name)
            if os.path.isfile(candidate):
                return _shown(candidate)
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _shown(path: str) -> str:
    """A found file as the coach would name it: relative to the current folder when
    it is inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith(os.pardir) else relative


def config_for(
    program: str | os.PathLike[str],
    explicit: str | None = None,
    rules: Mapping[str, str] | None = None,
) -> Config:
    """The settings for one program file: ``explicit`` (``--config``) when given, else
    the file :func:`find_config` finds from the program's folder, else the defaults.
    ``rules`` are the installed lint rules, code to name (see :func:`parse_config`)."""
    if explicit is not None:
        return read_config(explicit, explicit=True, rules=rules)
    found = find_config(os.path.dirname(os.path.abspath(program)))
    if found is None:
        return Config(None, Settings())
    config = read_config(found, explicit=False, rules=rules)
    if os.path.basename(found) == CONFIG_FILE:
        shadowed = _shadowed(os.path.join(os.path.dirname(found), PYPROJECT), found)
        if shadowed is not None:
            path, lines, warning = shadowed
            config = Config(
                config.path,
                config.settings,
                (*config.diagnostics, warning),
                {**config.lines, path: lines},
            )
    return config


def _shadowed(pyproject: str, config: str) -> tuple[str, list[str], Diagnostic] | None:
    """C010 when a ``pyproject.toml`` beside ``stridelift.toml`` has its own settings."""
    import tomllib

    if not os.path.isfile(pyproject):
        return None
    text, _ = _read(pyproject)
    try:
        data = tomllib.loads(text or "")
    except tomllib.TOMLDecodeError:
        return None
    if not isinstance(data.get("tool"), dict) or "stridelift" not in data["tool"]:
        return None
    where = toml_positions(text or "").get(TABLE)
    return (
        pyproject,
        source_lines(text or ""),
        Diagnostic.make(
            pyproject,
            where.key if where is not None else None,
            "C010",
            f"[tool.stridelift] is ignored: {os.path.basename(config)} in the same folder wins",
            f"keep the settings in one file: move them to {config}, or delete that file",
        ),
    )


def read_config(
    path: str, *, explicit: bool = True, rules: Mapping[str, str] | None = None
) -> Config:
    """Read and validate one settings file. A ``pyproject.toml`` is read at
    ``[tool.stridelift]`` (missing: the defaults, or C007 when the file was named
    with ``--config``); any other file is read from its top level."""
    text, problem = _read(path)
    if text is None:
        return Config(path, Settings(), (problem,) if problem is not None else ())
    return parse_config(
        text,
        path,
        pyproject=os.path.basename(path) == PYPROJECT,
        explicit=explicit,
        rules=rules,
    )


def unmet_requirements(config: Config) -> list[Diagnostic]:
    """An X003 for each of the settings' ``requires`` that the installed distributions
    do not meet (missing, or at a version outside the range), placed on it. A
    requirement whose environment marker is false here is met; an installed
    pre-release counts as the version it is."""
    if not config.settings.requires or config.path is None:
        return []
    from importlib import metadata

    from packaging.requirements import Requirement

    text = "\n".join(config.lines.get(config.path, ()))
    pyproject = os.path.basename(config.path) == PYPROJECT
    located = _Locate(config.path, toml_positions(text), TABLE if pyproject else ())
    found = []
    for i, written in enumerate(config.settings.requires):
        requirement = Requirement(written)  # valid: C011 refused it otherwise
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        hint = f"pip install '{written.partition(';')[0].strip()}'"
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            message = f"the project requires `{written}`, which is not installed"
        else:
            if _satisfies(requirement, version):
                continue
            message = (
                f"the project requires `{written}`, and {requirement.name} {version} is installed"
            )
        found.append(located.diagnostic(("requires", i), "X003", message, hint))
    return found


def _read(path: str) -> tuple[str | None, Diagnostic | None]:
    from stridelift.core.files import open_regular
    from stridelift.core.language.parse import unreadable

    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        hint = "give the path of a stridelift.toml or pyproject.toml file"
        return None, Diagnostic.make(path, None, "C001", unreadable(error), hint)
    if len(data) > MAX_CONFIG_BYTES:
        return None, Diagnostic.make(
            path,
            None,
            "C001",
            f"the settings file is larger than {MAX_CONFIG_BYTES // 1024} KiB",
            "check that this is the right file",
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, Diagnostic.make(
            path,
            Span.point(line, column),
            "C001",
            f"the settings file is not UTF-8 text: byte 0x{data[error.start]:02x} is not valid "
            "UTF-8",
            "save the file as UTF-8",
        )


def _satisfies(requirement: Any, version: str) -> bool:
    from packaging.version import InvalidVersion

    try:
        return bool(requirement.specifier.contains(version, prereleases=True))
    except InvalidVersion:  # installed with a version PEP 440 cannot read
        return not requirement.specifier


# ---------------------------------------------------------------- reading the text


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def parse_config(
    text: str,
    path: str,
    *,
    pyproject: bool = False,
    explicit: bool = True,
    rules: Mapping[str, str] | None = None,
) -> Config:
    """Validate settings text. ``rules``, when given, are the installed lint rules
    (code to name): a lint key or a selector that names none of them (nor another
    finding that can be selected) is C008. Without it, only stridelift's own codes
    are known."""
    import tomllib

    lines = source_lines(text)
    quoted = {path: lines}
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(path, Settings(), (_toml_error(error, path, lines),), quoted)
    positions = toml_positions(text)
    prefix: Key = TABLE if pyproject else ()
    data: object = document
    if pyproject:
        tool = document.get("tool")
        if not isinstance(tool, dict) or "stridelift" not in tool:
            if not explicit:
                return Config(None, Settings())
            problem = Diagnostic.make(
                path,
                None,
                "C007",
                "this pyproject.toml has no [tool.stridelift] table",
                "add [tool.stridelift.policy] or [tool.stridelift.lints], or name another "
                "file with --config",
            )
            return Config(path, Settings(), (problem,), quoted)
        data = tool["stridelift"]
    located = _Locate(path, positions, prefix)
    problems = validate(data, located, rules)
    if problems:
        return Config(path, Settings(), tuple(sorted(problems, key=_order)), quoted)
    assert isinstance(data, dict)
    settings = settings_from(data, os.path.dirname(os.path.abspath(path)))
    conflicts = [
        located.diagnostic(("policy", name), "C009", message, hint, value=False)
        for name, message, hint in policy_conflicts(settings.policy, data.get("policy", {}))
    ]
    if conflicts:
        return Config(path, Settings(), tuple(conflicts), quoted)
    return Config(path, settings, (), quoted)


def _order(diagnostic: Diagnostic) -> tuple[int, int, str]:
    return (diagnostic.span.line, diagnostic.span.column, diagnostic.message)


def _toml_error(error: Exception, path: str, lines: Sequence[str]) -> Diagnostic:
    message = str(error)
    span = None
    found = _TOML_AT.search(message)
    if found is not None:
        span = Span.point(int(found[1]), int(found[2]))
        message = message[: found.start()]
    elif (end := _TOML_END.search(message)) is not None:
        message = message[: end.start()]
        last = max(len(lines), 1)
        span = Span.point(last, len(lines[-1].rstrip("\r\n")) + 1 if lines else 1)
    reason = message[:1].lower() + message[1:]
    return Diagnostic.make(
        path,
        span,
        "C002",
        f"the settings file is not valid TOML: {reason}",
        "write each setting as `name = value` under its table, e.g. [policy] then "
        "`deload_sets = 0.6` (https://toml.io)",
    )


def settings_from(data: Mapping[str, Any], root: str = ".") -> Settings:
    """The settings a valid table holds (see :func:`validate`); ``root`` is the folder
    of the file they were read from."""
    kinds = {f.name: f.default for f in policy_fields()}
    changes: dict[str, object] = {}
    for name, value in data.get("policy", {}).items():
        default = kinds[name]
        if isinstance(default, bool | str):
            changes[name] = value
        elif isinstance(default, int):
            changes[name] = int(value)
        else:
            changes[name] = float(value)
    lints: dict[str, LintSetting] = {}
    for key, value in data.get("lints", {}).items():
        if isinstance(value, str):
            lints[key] = LintSetting(severity=value)
        else:
            params = {k: v for k, v in value.items() if k != "severity"}
            lints[key] = LintSetting(severity=value.get("severity"), params=params)
    selection = LintSelection(
        select=tuple(data["select"]) if "select" in data else None,
        extend_select=tuple(data.get("extend-select", ())),
        ignore=tuple(data.get("ignore", ())),
        per_file_ignores={k: tuple(v) for k, v in data.get("per-file-ignores", {}).items()},
    )
    jobs = data.get("jobs")
    return Settings(
        policy=Policy().replace(**changes),
        lints=lints,
        selection=selection,
        include=tuple(data["include"]) if "include" in data else None,
        exclude=tuple(data.get("exclude", ())),
        requires=tuple(data.get("requires", ())),
        output_format=data.get("output-format"),
        jobs=int(jobs) if isinstance(jobs, int | float) else jobs,
        root=root,
    )


def policy_conflicts(policy: Policy, given: Collection[str] = ()) -> list[tuple[str, str, str]]:
    """Settings each in range but wrong together: (the field to blame, message, hint).
    The field blamed is one of ``given`` (the settings written) when one is."""
    found = []
    pairs = (
        (
            "taper_cut_first",
            "taper_cut_last",
            policy.taper_cut_first > policy.taper_cut_last,
            f"the taper's first-week cut ({policy.taper_cut_first:g}) is more than its "
            f"race-week cut ({policy.taper_cut_last:g}); the cut grows week by week",
            "make taper_cut_first at most taper_cut_last",
        ),
        (
            "persistent_fatigue_weeks",
            "persistent_fatigue_window",
            policy.persistent_fatigue_weeks > policy.persistent_fatigue_window,
            f"persistent_fatigue_weeks ({policy.persistent_fatigue_weeks}) is more than the "
            f"weeks it is counted over (persistent_fatigue_window = "
            f"{policy.persistent_fatigue_window}), so it can never warn",
            "make persistent_fatigue_weeks at most persistent_fatigue_window",
        ),
    )
    for first, second, wrong, message, hint in pairs:
        if wrong:
            blamed = second if second in given and first not in given else first
            found.append((blamed, message, hint))
    return found


# ---------------------------------------------------------------- the schema


def config_schema() -> dict[str, Any]:
    """The JSON Schema of a settings table, from :func:`policy_fields` and
    :data:`SEVERITIES`; ``core/schemas/config.schema.json`` is this, written out."""
    policy: dict[str, Any] = {}
    for f in policy_fields():
        spec: dict[str, Any]
        if isinstance(f.default, str):
            spec = {"type": "string", "enum": list(f.bounds)}
        else:
            low, high = f.bounds
            kind = "integer" if isinstance(f.default, int) else "number"
            spec = {"type": kind, "minimum": low, "maximum": high}
        spec["default"] = f.default
        spec["description"] = f.doc
        spec["$comment"] = f"source: {f.source}" + (f"; unit: {f.unit}" if f.unit else "")
        policy[f.name] = spec
    severity = {"type": "string", "enum": list(SEVERITIES)}
    selector = {"type": "string", "pattern": SELECTOR}

    def selectors(description: str) -> dict[str, Any]:
        return {"description": description, "type": "array", "items": selector}

    def patterns(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "type": "array",
            "items": {"type": "string", "minLength": 1},
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "$comment": "Generated from stridelift.core.training.policy.policy_fields() by "
        "stridelift.core.config.config_schema(); tests/test_config.py holds the two equal.",
        "title": "stridelift settings",
        "description": "A project's settings: stridelift.toml, or [tool.stridelift] in "
        "pyproject.toml.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "policy": {
                "description": "The coaching conventions the engine applies (docs/engine.md).",
                "type": "object",
                "additionalProperties": False,
                "properties": policy,
            },
            "lints": {
                "description": "Lint rules by code or name: a severity, or a table of a "
                "severity and parameters.",
                "type": "object",
                "propertyNames": {"pattern": LINT_KEY},
                "additionalProperties": {
                    "type": ["string", "object"],
                    "if": {"type": "string"},
                    "then": severity,
                    "else": {
                        "properties": {"severity": severity},
                        "additionalProperties": {"type": ["number", "string", "boolean"]},
                    },
                },
            },
            "select": selectors(
                "The findings to report, replacing the default (every lint rule and "
                'warning): codes ("W211"), code prefixes ("W2", "P30"), rule names '
                '("no-deload") or "ALL".'
            ),
            "extend-select": selectors("Findings to report on top of `select`."),
            "ignore": selectors(
                "Findings not to report; a more specific selector wins over a less "
                "specific one in `select`."
            ),
            "per-file-ignores": {
                "description": "Path patterns, each with the findings not reported in the "
                "files it matches.",
                "type": "object",
                "propertyNames": {"minLength": 1},
                "additionalProperties": {"type": "array", "items": selector},
            },
            "include": patterns(
                "Path patterns a `*.stride` file found in a folder must match (default: "
                "every one); a file named on the command line is always taken."
            ),
            "exclude": patterns(
                "Path patterns of files and folders a folder walk leaves out; a file "
                "named on the command line is always taken."
            ),
            "requires": {
                "description": "Plugins the project needs, as pip writes them "
                '("stridelift-kettlebells>=1.2,<2"); a command stops (exit 2) when one '
                "is missing or at another version.",
                "type": "array",
                "items": {"type": "string", "minLength": 1},
            },
            "output-format": {
                "description": "How commands print their results.",
                "type": "string",
                "enum": list(OUTPUT_FORMATS),
            },
            "jobs": {
                "description": f'Parallel jobs: a number from 1 to {MAX_JOBS}, or "auto" '
                "(one per CPU).",
                "type": ["integer", "string"],
                "if": {"type": "string"},
                "then": {"enum": ["auto"]},
                "else": {"minimum": 1, "maximum": MAX_JOBS},
            },
        },
    }


# ---------------------------------------------------------------- validation


def validate(
    data: object, located: _Locate, rules: Mapping[str, str] | None = None
) -> list[Diagnostic]:
    """Every problem of a settings table, each placed on its key or value."""
    from stridelift.core.schemas import quick_check, validator

    problems: list[Diagnostic] = []
    seen: set[Key] = set()
    # A compiled first pass passes most files without importing jsonschema (which
    # `check` otherwise never loads); what it refuses, jsonschema explains.
    errors = [] if quick_check(SCHEMA)(data) else validator(SCHEMA).iter_errors(data)
    for error in sorted(errors, key=lambda e: list(map(str, e.path))):
        for where, diagnostic in _problems(error, located):
            if where in seen:  # one problem a place (a type error is found twice, if/else)
                continue
            seen.add(where)
            problems.append(diagnostic)
    problems += _not_finite(data, located, seen)
    if not isinstance(data, dict):
        return problems
    if isinstance(data.get("lints"), dict) and rules is not None:
        known = [*rules, *rules.values()]
        for key in data["lints"]:
            if re.match(LINT_KEY, key) and key not in known:
                problems.append(
                    located.diagnostic(
                        ("lints", key),
                        "C008",
                        f"no lint rule `{key}` is installed",
                        did_you_mean(key, known) or "`stridelift plugins --all` lists the rules",
                        value=False,
                    )
                )
    problems += _unknown_selectors(data, located, seen, Vocabulary.of((rules or {}).items()))
    problems += _bad_requirements(data, located, seen)
    return problems


def _selector_places(data: Mapping[str, Any]) -> list[tuple[Key, object]]:
    """Every selector of a settings table, with its place."""
    found: list[tuple[Key, object]] = []
    for key in ("select", "extend-select", "ignore"):
        value = data.get(key)
        if isinstance(value, list):
            found += [((key, i), item) for i, item in enumerate(value)]
    per_file = data.get("per-file-ignores")
    for pattern, value in per_file.items() if isinstance(per_file, dict) else ():
        if isinstance(value, list):
            found += [(("per-file-ignores", pattern, i), item) for i, item in enumerate(value)]
    return found


def _unknown_selectors(
    data: Mapping[str, Any], located: _Locate, seen: set[Key], words: Vocabulary
) -> list[Diagnostic]:
    """C008 for a selector that names no code that can be selected."""
    found = []
    for where, selector in _selector_places(data):
        if where in seen or not isinstance(selector, str):
            continue
        problem = words.problem(selector)
        if problem is not None:
            found.append(located.diagnostic(where, "C008", *problem))
    return found


def _bad_requirements(
    data: Mapping[str, Any], located: _Locate, seen: set[Key]
) -> list[Diagnostic]:
    """C011 for a ``requires`` entry that is not a requirement pip could install."""
    given = data.get("requires")
    if not isinstance(given, list) or not given:
        return []
    from packaging.requirements import InvalidRequirement, Requirement

    found = []
    for i, text in enumerate(given):
        if ("requires", i) in seen or not isinstance(text, str) or not text.strip():
            continue
        try:
            requirement = Requirement(text)
        except InvalidRequirement as error:
            reason = str(error).splitlines()[0]
            found.append(
                located.diagnostic(
                    ("requires", i),
                    "C011",
                    f"`{text}` is not a requirement: {reason}",
                    "write a distribution name and a version range, e.g. "
                    '"stridelift-kettlebells>=1.2,<2"',
                )
            )
            continue
        if requirement.url:
            found.append(
                located.diagnostic(
                    ("requires", i),
                    "C011",
                    f"`{text}` names a URL; a requirement here names an installed version",
                    f'write the name and a version range, e.g. "{requirement.name}>=1.0"',
                )
            )
    return found


def _not_finite(data: object, located: _Locate, seen: set[Key]) -> list[Diagnostic]:
    """``nan`` passes every bound a schema can state; ``inf`` is out of range anyway."""
    found = []
    policy = data.get("policy") if isinstance(data, dict) else None
    for name, value in (policy or {}).items() if isinstance(policy, dict) else ():
        if isinstance(value, float) and math.isnan(value) and ("policy", name) not in seen:
            found.append(
                located.diagnostic(
                    ("policy", name),
                    "C005",
                    f"`{name}` must be a number, got nan",
                    f"write a number from {_range(name)}",
                )
            )
    return found


def _range(name: str) -> str:
    for f in policy_fields():
        if f.name == name and not isinstance(f.default, str):
            low, high = f.bounds
            return f"{low:g} to {high:g}"
    return "its range"


_FIELDS = {f.name: f for f in policy_fields()}
_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text in quotes",
    "object": "a table",
    "boolean": "true or false",
}


def describe(value: object) -> str:
    """A TOML value's kind in a coach's words, with the value when it is short."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, int):
        return f"the whole number {value}"
    if isinstance(value, float):
        return f"the number {_number(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _problems(error: Any, located: _Locate) -> list[tuple[Key, Diagnostic]]:
    """What one jsonschema error means, in a coach's words, placed in the file."""
    if error.validator == "additionalProperties":
        return _unknown_keys(error, located)
    return [_problem(error, located)]


def _unknown_keys(error: Any, located: _Locate) -> list[tuple[Key, Diagnostic]]:
    path: Key = tuple(error.absolute_path)
    value = error.instance
    known = sorted(error.schema.get("properties", {}))
    extra = [k for k in value if k not in known] if isinstance(value, dict) else []
    table = located.table(path)
    found = []
    for key in extra:
        where = (*path, key)
        if path == ("policy",):
            hint = did_you_mean(key, known) or "docs/engine.md#configuration lists every setting"
        elif key == "tool" and not path:
            hint = (
                "this file is read from its top level: write [policy] and [lints], or name a "
                "pyproject.toml with --config"
            )
        else:
            tables = error.schema.get("properties", {})
            hint = did_you_mean(key, known) or f"{table} holds " + ", ".join(
                f"[{k}]" if tables[k].get("type") == "object" and not path else k for k in known
            )
        message = f"unknown setting `{key}` {'in ' + table if path or located.prefix else table}"
        found.append((where, located.diagnostic(where, "C003", message, hint, value=False)))
    return found


def _problem(error: Any, located: _Locate) -> tuple[Key, Diagnostic]:
    path: Key = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    label = ".".join(str(p) for p in path) or "the settings"
    name = str(path[-1]) if path else label
    if path and isinstance(path[-1], int):  # an array's item: `select` entry 2
        name = f"{path[-2]}` entry `{path[-1] + 1}"
    in_policy = len(path) == 2 and path[0] == "policy"
    special = _special(error, path, value, located)
    if special is not None:
        return special
    if "propertyNames" in error.relative_schema_path or "propertyNames" in error.schema_path:
        where = (*path, str(value))
        return where, located.diagnostic(
            where,
            "C008",
            f"`{value}` is not a lint rule's code or name",
            "name a rule by its code (P304) or its name (load-jump)",
            value=False,
        )
    if kind == "type":
        wanted = error.validator_value
        kinds = [str(w) for w in (wanted if isinstance(wanted, list) else [wanted])]
        named = [_TYPE_WORDS.get(w, w) for w in kinds]
        words = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
        if path in (("policy",), ("lints",), ("per-file-ignores",)) or not path:
            message = f"{located.table(path)} must be a table, got {describe(value)}"
            return path, located.diagnostic(path, "C004", message, _table_hint(path))
        message = f"`{name}` must be {words}, got {describe(value)}"
        return path, located.diagnostic(path, "C004", message, _type_hint(path, value, wanted))
    if kind in ("minimum", "maximum") and in_policy:
        f = _FIELDS[name]
        low, high = (float(b) for b in f.bounds)
        message = f"`{name}` must be between {low:g} and {high:g}, got {_number(value)}"
        hint = f"the range is {low:g} to {high:g}" + (f" {f.unit}" if _plural(f.unit) else "")
        if f.unit == "fraction":
            if isinstance(value, int | float) and low <= value / 100 <= high:
                hint = f"a fraction is a number from 0 to 1: write {value:g} % as {value / 100:g}"
            else:
                hint = f"a fraction is a number from 0 to 1, here {low:g} to {high:g}"
        return path, located.diagnostic(path, "C005", message, hint)
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        message = f"`{name}` must be one of {', '.join(choices)}, got {describe(value)}"
        hint = did_you_mean(str(value), choices) or f'e.g. {name} = "{choices[0]}"'
        if path[:1] == ("lints",) and len(path) == 2:
            message = (
                f"lint `{name}` must be set to one of {', '.join(choices)}, got {describe(value)}"
            )
            hint = did_you_mean(str(value), choices) or (
                f'e.g. {name} = "off", or {name} = {{ severity = "info" }}'
            )
        return path, located.diagnostic(path, "C006", message, hint)
    message = f"`{label}`: {error.message}"
    return path, located.diagnostic(path, "C004", message, f"see {DOCS}")


#: The top-level keys that hold a list, with an example for hints.
_LISTS = {
    "select": '["W2", "P30"]',
    "extend-select": '["W214"]',
    "ignore": '["W214", "no-deload"]',
    "include": '["athletes/*"]',
    "exclude": '["drafts", "*-old.stride"]',
    "requires": '["stridelift-kettlebells>=1.2,<2"]',
}


def _special(
    error: Any, path: Key, value: object, located: _Locate
) -> tuple[Key, Diagnostic] | None:
    """The top-level keys' own problems, in their own words (None: the general ones)."""
    kind = error.validator
    top = str(path[0]) if path else ""
    if kind == "pattern" and "propertyNames" not in error.schema_path:  # a selector
        message, hint = Vocabulary.of().problem(value) or ("", "")
        return path, located.diagnostic(path, "C008", message, hint)
    if top in _LISTS and len(path) == 1 and kind == "type":
        example = f"{top} = {_LISTS[top]}"
        if isinstance(value, str):
            example = f'{top} = ["{value}"]'
        message = f"`{top}` must be a list in brackets, got {describe(value)}"
        return path, located.diagnostic(path, "C004", message, f"write it as {example}")
    if top in _LISTS and len(path) == 2 and kind in ("type", "minLength"):
        message = f"each entry of `{top}` must be text in quotes, got {describe(value)}"
        if kind == "minLength":
            message = f"entry {int(path[1]) + 1} of `{top}` is empty"
        return path, located.diagnostic(path, "C004", message, f"e.g. {top} = {_LISTS[top]}")
    if top == "per-file-ignores":
        example = f'e.g. "{path[1]}" = ["W2"]' if len(path) > 1 else ""
        if "propertyNames" in error.schema_path:
            where = (*path, str(value))
            return where, located.diagnostic(
                where,
                "C004",
                "a per-file-ignores pattern is empty",
                'name the files, e.g. "drafts/*" = ["W2"]',
                value=False,
            )
        if kind == "type" and len(path) == 2:
            message = f"`{path[1]}` must be a list of codes, got {describe(value)}"
            return path, located.diagnostic(path, "C004", message, example)
        if kind == "type" and len(path) == 3:
            message = f"each code of `{path[1]}` must be text in quotes, got {describe(value)}"
            return path, located.diagnostic(path, "C004", message, example)
    if top == "jobs":
        hint = f'write a number of jobs from 1 to {MAX_JOBS}, e.g. jobs = 4, or jobs = "auto"'
        if kind in ("minimum", "maximum"):
            message = f"`jobs` must be between 1 and {MAX_JOBS}, got {_number(value)}"
            return path, located.diagnostic(path, "C005", message, hint)
        if kind == "enum":
            message = f'`jobs` must be a number or "auto", got {describe(value)}'
            return path, located.diagnostic(path, "C006", message, hint)
        if kind == "type":
            message = f'`jobs` must be a whole number or "auto", got {describe(value)}'
            return path, located.diagnostic(path, "C004", message, hint)
    return None


def _number(value: object) -> str:
    """A number as a coach writes it: 1000000000, not 1e+09."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plural(unit: str) -> bool:
    return unit in ("reps", "seconds", "weeks", "days")


def _table_hint(path: Key) -> str:
    if path == ("policy",):
        return "write [policy] on its own line, then one `name = value` a line"
    if path == ("lints",):
        return 'write [lints] on its own line, then e.g. `W211 = "off"`'
    return "write the settings as tables: [tool.stridelift.policy], [tool.stridelift.lints]"


def _type_hint(path: Key, value: object, wanted: object) -> str:
    name = str(path[-1])
    f = _FIELDS.get(name) if path[:1] == ("policy",) else None
    example = f"{name} = {_toml(f.default)}" if f is not None else None
    if isinstance(value, str) and wanted in ("number", "integer"):
        text = value.strip().rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is not None and f is not None and f.unit == "fraction" and "%" in value:
            fraction = f"{name} = {number / 100:g}"
            return f"write a fraction as a number from 0 to 1, without quotes: {fraction}"
        if number is not None:
            return f"write the number without quotes: {name} = {text}"
    if wanted == "integer" and isinstance(value, float):
        return f"write a whole number, e.g. {name} = {round(value)}"
    if path[:1] == ("lints",):
        return "a lint parameter is a number, text or true/false, e.g. threshold = 0.15"
    return f"e.g. {example}" if example else f"see {DOCS}"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)


# ---------------------------------------------------------------- where things are


@dataclass(frozen=True, slots=True)
class Where:
    """Where a key and its value start (None when the text has no such part)."""

    key: Span | None
    value: Span | None


@dataclass(frozen=True, slots=True)
class _Locate:
    """Places a problem at ``path`` (relative to the settings table) in the file."""

    path: str
    positions: Mapping[Key, Where]
    prefix: Key

    def table(self, path: Key) -> str:
        """How the file names the table at ``path``: ``[tool.stridelift.policy]``."""
        full = (*self.prefix, *path)
        return "[" + ".".join(map(str, full)) + "]" if full else "at the top level"

    def span(self, path: Key, *, value: bool = True) -> Span | None:
        full = (*self.prefix, *path)
        while True:
            where = self.positions.get(full)
            if where is not None:
                found = (where.value or where.key) if value else (where.key or where.value)
                if found is not None:
                    return found
            if not full:
                return None
            full = full[:-1]
            value = False  # a parent is shown by its key (or header)

    def diagnostic(
        self, path: Key, code: str, message: str, hint: str | None, *, value: bool = True
    ) -> Diagnostic:
        return Diagnostic.make(self.path, self.span(path, value=value), code, message, hint)


@cache
def toml_positions(text: str) -> dict[Key, Where]:
    """Where every key and value of a TOML text starts, by its path (array items by
    index). Meant for text tomllib accepted; on anything else it stops early and
    returns what it found."""
    scanner = _Scanner(text)
    with contextlib.suppress(IndexError, ValueError):
        scanner.document()
    return {path: Where(*spans) for path, spans in scanner.found.items()}


_BARE = re.compile(r"[A-Za-z0-9_-]+")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: dict[Key, list[Span | None]] = {}

    def span(self, start: int, end: int) -> Span:
        row = bisect_right(self.starts, start) - 1
        line_end = self.text.find("\n", start)
        if line_end != -1:
            end = min(end, line_end)
        column = start - self.starts[row] + 1
        return Span(row + 1, column, row + 1, column + max(end - start, 1))

    def record(self, path: Key, index: int, start: int, end: int) -> None:
        spans = self.found.setdefault(path, [None, None])
        if spans[index] is None:
            spans[index] = self.span(start, end)

    def blank(self, i: int) -> int:
        """Past spaces, tabs, line ends and comments."""
        text = self.text
        while i < len(text):
            if text[i] in " \t\r\n":
                i += 1
            elif text[i] == "#":
                end = text.find("\n", i)
                i = len(text) if end == -1 else end
            else:
                break
        return i

    def spaces(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in " \t":
            i += 1
        return i

    def key(self, i: int, prefix: Key) -> tuple[Key, int]:
        """A dotted key; every prefix of it is recorded where its part starts."""
        import tomllib

        path = prefix
        while True:
            i = self.spaces(i)
            start = i
            if self.text[i] in "\"'":
                i = self.string(i)
                part = tomllib.loads("k = " + self.text[start:i])["k"]
            else:
                match = _BARE.match(self.text, i)
                if match is None:
                    raise ValueError(f"no key at {i}")
                i = match.end()
                part = match[0]
            path = (*path, part)
            self.record(path, 0, start, i)
            i = self.spaces(i)
            if i < len(self.text) and self.text[i] == ".":
                i += 1
                continue
            return path, i

    def string(self, i: int) -> int:
        """Past one string of any of TOML's four kinds."""
        text = self.text
        quote = text[i]
        if text.startswith(quote * 3, i):
            j = i + 3
            while True:
                if quote == '"' and text[j] == "\\":
                    j += 2
                elif text.startswith(quote * 3, j):
                    j += 3
                    for _ in range(2):  # up to two more quotes end the string's text
                        if j < len(text) and text[j] == quote:
                            j += 1
                    return j
                else:
                    j += 1
        j = i + 1
        while text[j] != quote:
            j += 2 if quote == '"' and text[j] == "\\" else 1
        return j + 1

    def value(self, i: int, path: Key) -> int:
        text = self.text
        start = i
        char = text[i]
        if char in "\"'":
            i = self.string(i)
        elif char == "[":
            i, index = i + 1, 0
            while True:
                i = self.blank(i)
                if text[i] == "]":
                    i += 1
                    break
                i = self.blank(self.value(i, (*path, index)))
                index += 1
                if text[i] == ",":
                    i += 1
        elif char == "{":
            i += 1
            while True:
                i = self.blank(i)
                if text[i] == "}":
                    i += 1
                    break
                inner, i = self.key(i, path)
                i = self.spaces(i)
                if text[i] != "=":
                    raise ValueError(f"no = at {i}")
                i = self.value(self.spaces(i + 1), inner)
                i = self.blank(i)
                if text[i] == ",":
                    i += 1
        else:
            while i < len(text) and text[i] not in ",]}#\r\n":
                i += 1
            while i > start and text[i - 1] in " \t":
                i -= 1
        self.record(path, 1, start, i)
        return i

    def document(self) -> None:
        text = self.text
        table: Key = ()
        i = self.blank(0)
        while i < len(text):
            if text[i] == "[":
                double = text.startswith("[[", i)
                table, i = self.key(i + (2 if double else 1), ())
                i = self.spaces(i) + (2 if double else 1)
            else:
                path, i = self.key(i, table)
                i = self.spaces(i)
                if text[i] != "=":
                    raise ValueError(f"no = at {i}")
                i = self.value(self.spaces(i + 1), path)
            end = text.find("\n", i)
            i = self.blank(len(text) if end == -1 else end)


# ---------------------------------------------------------------- the reference


_UNIT_WORDS = {"fraction": " (a fraction)", "rpe": " RPE", "rir": " RIR", "scale": ""}


def policy_markdown() -> str:
    """The table of every policy setting that ``docs/engine.md#policy`` holds: name,
    default (as a settings file writes it), range, meaning and source."""
    rows = [
        "| setting | default | range | meaning | source (`../shared/domain.md`) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in policy_fields():
        if isinstance(f.default, str):
            default = f'`"{f.default}"`'
            bounds = ", ".join(f"`{b}`" for b in f.bounds)
        else:
            default = f"`{_toml(f.default)}`"
            low, high = f.bounds
            unit = _UNIT_WORDS.get(f.unit, f" {f.unit}" if f.unit else "")
            bounds = f"{_toml(low)} to {_toml(high)}{unit}"
        doc = f.doc.replace("|", "\\|")
        source = f.source.replace("|", "\\|")
        rows.append(f"| `{f.name}` | {default} | {bounds} | {doc} | {source} |")
    return "\n".join(rows)


#: How each top-level key's value is written, and its default, for the reference table.
_KEY_FORMS = {
    "select": ('a list of selectors: `["W2", "P30", "no-deload"]`', "every lint rule and warning"),
    "extend-select": ("a list of selectors", "none"),
    "ignore": ("a list of selectors", "none"),
    "per-file-ignores": ("a table: a path pattern = a list of selectors", "none"),
    "include": ('a list of path patterns: `["athletes/*"]`', "every `*.stride` file"),
    "exclude": ('a list of path patterns: `["drafts", "*-old.stride"]`', "none"),
    "requires": ('a list of requirements: `["stridelift-kettlebells>=1.2,<2"]`', "none"),
    "output-format": (
        ", ".join(f"`{f}`" for f in OUTPUT_FORMATS),
        "each command's own (`text`)",
    ),
    "jobs": (f'a number from 1 to {MAX_JOBS}, or `"auto"`', "the command's own"),
}


def settings_markdown() -> str:
    """The table of the top-level settings that ``docs/cli.md#configuration`` holds:
    key, how its value is written, its default and its meaning (the schema's)."""
    rows = ["| key | value | default | meaning |", "| --- | --- | --- | --- |"]
    properties = config_schema()["properties"]
    for key, (form, default) in _KEY_FORMS.items():
        meaning = properties[key]["description"].replace("|", "\\|")
        rows.append(f"| `{key}` | {form} | {default} | {meaning} |")
    return "\n".join(rows)
