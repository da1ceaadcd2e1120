"""Schema errors in a runner's words: jsonschema's errors with the field, range and a hint."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

from stridelift.core.diagnostics import did_you_mean
from stridelift.core.logs.fields import properties_of
from stridelift.core.logs.numbers import cell_number, clip
from stridelift.core.logs.records import KIND_NOUNS, KINDS

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "object": "a JSON object",
    "array": "a list",
    "boolean": "true or false",
    "null": "null",
}


Explained: TypeAlias = tuple[str, str, str]  # field, message, hint


def _show(value: object) -> str:
    """A value as the runner wrote it, cut short when long."""
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"


def json_path(parts: Iterable[object]) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, str) and part.isidentifier():
            out += "." + part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def _names(names: Iterable[str]) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _range_words(spec: dict[str, Any]) -> str:
    low, above = spec.get("minimum"), spec.get("exclusiveMinimum")
    high, below = spec.get("maximum"), spec.get("exclusiveMaximum")
    if low is not None and high is not None:
        return f"between {low} and {high}"
    lower = (
        f"{low} or more" if low is not None else f"more than {above}" if above is not None else ""
    )
    upper = (
        f"at most {high}" if high is not None else f"less than {below}" if below is not None else ""
    )
    return " and ".join(words for words in (lower, upper) if words)


def _step_words(step: float) -> str:
    if step == 0.5:
        return "in half steps (like 7 or 7.5)"
    if step == 1:
        return "a whole number"
    return f"a multiple of {step}"


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _pattern_words(value: str, spec: dict[str, Any]) -> tuple[str, str]:
    """What a pattern asks for, and a hint, judged from the pattern's shape."""
    pattern = spec["pattern"]
    if spec.get("format") == "date":
        return "a date written YYYY-MM-DD", "for example 2026-03-05"
    if pattern.startswith("^[a-z]"):
        fixed = _snake(value)
        hint = f"did you mean `{fixed}`?" if fixed and fixed != value else ""
        return "a catalog name in lower_snake_case", hint
    if pattern.startswith("^[A-Za-z_]"):
        fixed = re.sub(r"[^A-Za-z0-9_]+", "_", value).strip("_")
        hint = f"did you mean `{fixed}`?" if fixed and fixed != value else ""
        return "a name of letters, digits and underscores, as the program writes it", hint
    if pattern.startswith("^[^\\s"):
        return "one line of text that does not start or end with a space", ""
    return f"text matching {pattern}", ""


#: Words runners use for a field, by kind of record.
_ALIASES: dict[str, dict[str, str]] = {
    "set": {
        "weight": "load",
        "repetitions": "reps",
        "effort": "rpe",
        "duration": "seconds",
        "time": "seconds",
        "distance": "distance_m",
    },
    "checkin": {"sleep": "sleep_hours", "tiredness": "fatigue", "doms": "soreness"},
    "run": {
        "distance": "distance_km",
        "km": "distance_km",
        "duration": "duration_min",
        "time": "duration_min",
        "hr": "heart_rate",
        "heartrate": "heart_rate",
        "spm": "cadence",
        "effort": "rpe",
    },
    "athlete": {"start_date": "start", "athlete": "name"},
}


def _unknown_hint(name: str, kind: str | None, known: list[str]) -> str:
    import difflib

    # A field of another kind is a clearer story than the nearest spelling.
    hint = _other_kind_hint(name, kind) or did_you_mean(name, known) or ""
    if hint or kind is None:
        return hint
    aliases = _ALIASES.get(kind, {})
    close = difflib.get_close_matches(name.lower(), aliases, n=1, cutoff=0.75)
    if close:
        return f"did you mean `{aliases[close[0]]}`?"
    return f"the fields of {KIND_NOUNS[kind]} are " + ", ".join(f"`{k}`" for k in known)


def _other_kind_hint(name: str, kind: str | None) -> str:
    owners = [other for other in KINDS if other != kind and name in properties_of(other)]
    if not owners or kind is None:
        return ""
    fields_of = " and ".join(KIND_NOUNS[o] for o in owners)
    return f"`{name}` is a field of {fields_of}, not of {KIND_NOUNS[kind]}"


@dataclass(frozen=True, slots=True)
class Failure:
    """One jsonschema error, with what the explanations need from it."""

    keyword: str
    parts: list[object]  # where in the record: [] for the record, ["reps"] for its reps
    value: Any  # the value at that place
    spec: dict[str, Any]  # the schema node whose keyword failed
    rule: Any  # the keyword's value in the schema (the minimum, the enum, ...)
    kind: str | None  # the record's type, when it is a known one
    message: str  # jsonschema's own words, for a keyword nobody rewrote

    @property
    def where(self) -> str:
        return json_path(self.parts)

    @property
    def name(self) -> str:
        return str(self.parts[-1]) if self.parts else ""

    @property
    def whose(self) -> str:
        return KIND_NOUNS.get(self.kind or "", "a record")

    def said(self, words: str, hint: str = "") -> list[Explained]:
        """``name must be <words>, got <value>`` at the failure's place."""
        return [(self.where, f"`{self.name}` must be {words}, got {_show(self.value)}", hint)]


def explain_errors(error: Any, kind: str | None) -> list[Explained]:
    """One jsonschema error as (field, message, hint) triples in a runner's words."""
    failure = Failure(
        error.validator,
        list(error.absolute_path),
        error.instance,
        error.schema,
        error.validator_value,
        kind,
        error.message,
    )
    explain = _EXPLAINERS.get(failure.keyword)
    return explain(failure) if explain else [(failure.where, failure.message, "")]


def _wrong_type(f: Failure) -> list[Explained]:
    if not f.parts:
        hint = 'one record a line, like {"type": "checkin", "date": "2026-03-05", "fatigue": 4}'
        return [("$", f"a record must be a JSON object {{...}}, got {_json_kind(f.value)}", hint)]
    wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in _as_list(f.rule))
    quoted = isinstance(f.value, str) and cell_number(f.value) is not None and wanted != "text"
    return f.said(wanted, f"write numbers without quotes: {f.value.strip()}" if quoted else "")


def _not_allowed(f: Failure) -> list[Explained]:
    allowed = [str(a) for a in _as_list(f.rule)]
    suggestion = did_you_mean(f.value, allowed) if isinstance(f.value, str) else None
    return f.said(f"one of {', '.join(allowed)}", suggestion or "")


def _missing(f: Failure) -> list[Explained]:
    out: list[Explained] = []
    for name in f.rule:
        if name in f.value:
            continue
        if name == "type" and not f.parts:
            out.append(("$", f"a record needs `type`: one of {', '.join(KINDS)}", ""))
            continue
        spec = properties_of(f.kind).get(name, {}) if f.kind in KINDS else {}
        hint = f"`{name}`: {spec['description']}" if "description" in spec else ""
        out.append((f.where, f"{f.whose} needs `{name}`", hint))
    return out


def _dependencies(f: Failure) -> list[Explained]:
    out: list[Explained] = []
    properties = properties_of(f.kind) if f.kind in KINDS else {}
    for name, needed in f.rule.items():
        for other in needed:
            if name in f.value and other not in f.value:
                choices = properties.get(other, {}).get("enum")
                also = f" ({' or '.join(choices)})" if choices else ""
                out.append((json_path([*f.parts, name]), f"`{name}` needs a `{other}`{also}", ""))
    return out


def _none_of(f: Failure) -> list[Explained]:
    if not all(_only_required(sub) for sub in f.rule):
        return [(f.where, f.message, "")]
    names = [sub["required"][0] for sub in f.rule]
    return [(f.where, f"{f.whose} needs at least one of {_names(names)}", "")]


def _exclusive(f: Failure) -> list[Explained]:
    """``not: {required: [a, b]}``: fields a record gives one of, never both."""
    if not isinstance(f.value, dict):
        return []  # not an object at all: its type's error says so
    names = f.rule.get("required", []) if isinstance(f.rule, dict) else []
    if set(f.rule) != {"required"} or len(names) != 2:
        return [(f.where, f.message, "")]
    first, second = names
    hint = "a rep max gives `reps` and `load`; a measure gives `value`"
    return [(f.where, f"{f.whose} gives `{first}` or `{second}`, not both", hint)]


def _unknown_fields(f: Failure) -> list[Explained]:
    known = list(f.spec.get("properties", {}))
    return [
        (
            json_path([*f.parts, extra]),
            f"unknown field `{extra}`",
            _unknown_hint(extra, f.kind, known),
        )
        for extra in f.value
        if extra not in known
    ]


def _out_of_range(f: Failure) -> list[Explained]:
    return f.said(_range_words(f.spec))


def _off_step(f: Failure) -> list[Explained]:
    return f.said(_step_words(f.rule))


def _bad_pattern(f: Failure) -> list[Explained]:
    return f.said(*_pattern_words(f.value, f.spec))


def _bad_format(f: Failure) -> list[Explained]:
    if "pattern" in f.spec and not re.search(f.spec["pattern"], f.value):
        return []  # the pattern's error already says how to write it
    return f.said("a real day of the calendar")


def _too_short(f: Failure) -> list[Explained]:
    return [(f.where, f"`{f.name}` must not be empty", "")]


def _too_long(f: Failure) -> list[Explained]:
    return [(f.where, f"`{f.name}` must be at most {f.rule} characters long", "")]


_EXPLAINERS: dict[str, Callable[[Failure], list[Explained]]] = {
    "type": _wrong_type,
    "enum": _not_allowed,
    "const": _not_allowed,
    "required": _missing,
    "dependentRequired": _dependencies,
    "anyOf": _none_of,
    "not": _exclusive,
    "additionalProperties": _unknown_fields,
    "minimum": _out_of_range,
    "maximum": _out_of_range,
    "exclusiveMinimum": _out_of_range,
    "exclusiveMaximum": _out_of_range,
    "multipleOf": _off_step,
    "pattern": _bad_pattern,
    "format": _bad_format,
    "minLength": _too_short,
    "maxLength": _too_long,
}


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _only_required(sub: object) -> bool:
    return isinstance(sub, dict) and set(sub) == {"required"} and len(sub["required"]) == 1


def number_out_of_range(kind: str | None, name: str, text: str) -> str | None:
    """What to say of ``name``: ``text``, a number beyond any field's range and a
    float's (``1e400``, a 5,000-digit integer); None for a field the record's kind
    does not have (the schema's "unknown field" says that)."""
    shown = clip(text)
    if kind not in KINDS:
        return f"`{name}` is out of range: {shown} is larger than any number a log holds"
    spec = properties_of(kind).get(name)
    if spec is None:
        return None
    if {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"} & set(spec):
        return f"`{name}` must be {_range_words(spec)}, got {shown}"
    if "type" in spec:
        return f"`{name}` must be {_TYPE_WORDS.get(spec['type'], spec['type'])}, got {shown}"
    allowed = [str(a) for a in _as_list(spec.get("enum", spec.get("const")))]
    return f"`{name}` must be one of {', '.join(allowed)}, got {shown}"
