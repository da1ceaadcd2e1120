"""The JSON Schemas stridelift ships, in one offline registry, with validators built once.

Every ``*.schema.json`` in the package's ``schemas/`` folder is loaded and
registered under its ``$id``, so schemas refer to each other by ``$id`` and a
new file dropped into the folder is picked up without touching this module.
The registry never fetches anything: a ``$ref`` to a schema stridelift does
not ship fails instead of reaching for the network.

``jsonschema`` and ``referencing`` are imported inside the functions, never at
module level: importing this module must stay as cheap as the rest of the
core, and only a command that validates data pays for them. Modelled on
check-jsonschema's ``builtin_schemas`` and ``schema_loader``.

The module is not called ``schemas``: beside the ``schemas/`` folder, mypy
(checking ``-p stridelift``) takes the folder for a namespace package of that
name and never sees the module, though Python itself imports the module.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # jsonschema ships no type hints (and types-jsonschema is not a dependency).
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped,unused-ignore]
    from referencing import Registry

#: Where stridelift's schema ids live; ``$id`` is this plus the file name.
BASE_URI = "https://stridelift.dev/schemas/"
SUFFIX = ".schema.json"


class SchemaError(Exception):
    """A shipped schema is broken (bad JSON, no ``$id``, two files with one ``$id``)."""


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """Every shipped schema, keyed by its ``$id``, in file-name order."""
    from importlib.resources import files

    folder = files("stridelift.core") / "schemas"
    found: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(SUFFIX)),
        key=lambda entry: entry.name,
    )
    for entry in entries:
        try:
            contents = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise SchemaError(f"schemas/{entry.name} cannot be read: {error}") from error
        schema_id = contents.get("$id") if isinstance(contents, dict) else None
        if not isinstance(schema_id, str):
            raise SchemaError(f"schemas/{entry.name} has no `$id`")
        if schema_id in owners:
            raise SchemaError(
                f"schemas/{entry.name} and schemas/{owners[schema_id]} both have `$id` {schema_id}"
            )
        owners[schema_id] = entry.name
        found[schema_id] = contents
    return found


def schema_id(id_or_filename: str) -> str:
    """The full ``$id`` for an id, a file name (``log-set.schema.json``) or a stem (``log-set``)."""
    if "/" in id_or_filename:
        return id_or_filename
    name = id_or_filename if id_or_filename.endswith(SUFFIX) else id_or_filename + SUFFIX
    return BASE_URI + name


def schema(id_or_filename: str) -> dict[str, Any]:
    """One shipped schema's contents; KeyError names the known ids when there is no such schema."""
    wanted = schema_id(id_or_filename)
    known = schemas()
    if wanted not in known:
        raise KeyError(f"no shipped schema {wanted}; known: {', '.join(sorted(known))}")
    return known[wanted]


@cache
def registry() -> Registry[Any]:
    """One offline registry holding every shipped schema under its ``$id``."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = [
        (uri, Resource.from_contents(contents, default_specification=DRAFT202012))
        for uri, contents in schemas().items()
    ]
    # Without a `retrieve` callable the registry cannot fetch: it stays offline.
    return Registry().with_resources(resources).crawl()


def validator(id_or_filename: str) -> Draft202012Validator:
    """The validator for one shipped schema, built once per process.

    ``format`` is asserted (not only annotated), so ``"date": "2026-02-30"``
    fails even though it matches the schema's pattern.
    """
    # Normalised first, so "log-set" and its full id share one validator.
    return _validator(schema_id(id_or_filename))


@cache
def _validator(uri: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped,unused-ignore]

    contents = schema(uri)
    return Draft202012Validator(
        contents,
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


# ---------------------------------------------------------------- the quick check
#
# jsonschema walks a schema generically and takes about half a millisecond per
# log record, which made a 50,000-record log take over twenty seconds. The quick
# check compiles a shipped schema into plain closures once. It only ever says
# "valid" or "ask the validator": a record it passes is one the validator
# would pass (the same keyword semantics, the same `re` and format checker),
# and every error a user sees still comes from the validator. A schema that
# uses a keyword the compiler does not know gets no quick check at all.

Check = Callable[[Any], bool]

#: Keywords that only annotate: they never make an instance invalid.
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


class _Unsupported(Exception):
    """The schema uses something the quick check does not reproduce exactly."""


def quick_check(id_or_filename: str) -> Check:
    """A fast check for one shipped schema: True means the validator finds no error.

    False means only "ask the validator", which has the last word and the
    error messages.
    """
    return _quick_check(schema_id(id_or_filename))


@cache
def _quick_check(uri: str) -> Check:
    try:
        check = _Compiler().ref(uri)
    except _Unsupported:
        return _never

    def guarded(instance: Any) -> bool:
        try:
            return check(instance)
        except Exception:  # anything odd goes to the validator, which reports it
            return False

    return guarded


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


def _is_number(instance: Any) -> bool:
    kind = type(instance)
    if kind is int or kind is float:
        return True
    from numbers import Number

    return isinstance(instance, Number) and not isinstance(instance, bool)


def _is_integer(instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    # Draft 6 and later count 8.0 as an integer.
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
}


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def every(instance: Any) -> bool:
        # A loop, not all() over a generator: this runs for every record of a log.
        for check in checks:  # noqa: SIM110
            if not check(instance):
                return False
        return True

    return every


def _format(name: str) -> Check:
    """The validator's own format check."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped,unused-ignore]

    conforms = Draft202012Validator.FORMAT_CHECKER.conforms
    return lambda x: conforms(x, name)


def _remembered(check: Check, kinds: tuple[type, ...]) -> Check:
    """``check`` with its answers remembered for values of exactly these types.

    A log repeats its values (the same dates, names, reps and loads on line
    after line), so a dictionary lookup answers most calls. Keys are split by
    exact type because ``True == 1`` and ``8 == 8.0`` in Python, and those must
    not share an answer.
    """
    memos: dict[type, dict[Any, bool]] = {kind: {} for kind in kinds}

    def remembered(x: Any) -> bool:
        memo = memos.get(type(x))
        if memo is None:
            return check(x)
        known = memo.get(x)
        if known is None:
            known = check(x)
            if len(memo) < 10_000:
                memo[x] = known
        return known

    return remembered


_NUMBER_LEAF = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)
_STRING_LEAF = frozenset({"pattern", "format", "minLength", "maxLength"})


def _leaf(node: dict[str, Any]) -> Check | None:
    """One closure for a typed scalar property (most of a log schema), or None.

    The generic path costs a call per keyword; a property such as
    ``{"type": "number", "minimum": 1, "maximum": 10, "multipleOf": 0.5}`` is
    checked here in one call, with the same comparisons as jsonschema's.
    """
    kind = node.get("type")
    rest = {key for key in node if key not in _ANNOTATIONS} - {"type"}
    if kind in ("number", "integer") and rest <= _NUMBER_LEAF:
        return _remembered(_number_leaf(node, _TYPES[kind]), (int, float))
    if kind == "string" and rest <= _STRING_LEAF:
        return _remembered(_string_leaf(node), (str,))
    return None


def _number_leaf(node: dict[str, Any], is_kind: Check) -> Check:
    low, high = node.get("minimum"), node.get("maximum")
    above, below = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    step = node.get("multipleOf")

    def number(x: Any) -> bool:
        if not is_kind(x):
            return False
        if low is not None and x < low:
            return False
        if high is not None and x > high:
            return False
        if above is not None and x <= above:
            return False
        if below is not None and x >= below:
            return False
        if step is None:
            return True
        if isinstance(step, float):
            quotient = x / step
            return bool(int(quotient) == quotient)
        return not x % step

    return number


def _string_leaf(node: dict[str, Any]) -> Check:
    import re

    search = re.compile(node["pattern"]).search if "pattern" in node else None
    least, most = node.get("minLength"), node.get("maxLength")
    conforms = _format(node["format"]) if "format" in node else None

    def string(x: Any) -> bool:
        if not isinstance(x, str):
            return False
        if least is not None and len(x) < least:
            return False
        if most is not None and len(x) > most:
            return False
        if search is not None and search(x) is None:
            return False
        return conforms is None or conforms(x)

    return string


class _Compiler:
    """Turns schema nodes into closures, following `$ref` to other shipped schemas."""

    def __init__(self) -> None:
        self.compiled: dict[str, Check] = {}
        self.compiling: set[str] = set()

    def ref(self, uri: str) -> Check:
        if uri in self.compiled:
            return self.compiled[uri]
        if uri in self.compiling or uri not in schemas():
            raise _Unsupported(uri)  # recursion or a fragment: leave it to the validator
        self.compiling.add(uri)
        check = self.node(schemas()[uri])
        self.compiling.discard(uri)
        self.compiled[uri] = check
        return check

    def node(self, node: Any) -> Check:
        if node is True:
            return _always
        if node is False:
            return _never
        if not isinstance(node, dict):
            raise _Unsupported(repr(node))
        leaf = _leaf(node)
        if leaf is not None:
            return leaf
        if node.get("type") == "object":
            return self.object(node)
        return _all_of(self.keywords(node, skip=frozenset()))

    def keywords(self, node: dict[str, Any], skip: frozenset[str]) -> list[Check]:
        checks: list[Check] = []
        for keyword, value in node.items():
            if keyword in _ANNOTATIONS or keyword in skip or keyword in ("then", "else"):
                continue  # then/else are compiled with their `if`
            method = getattr(self, "k_" + keyword.lstrip("$"), None)
            if method is None:
                raise _Unsupported(keyword)
            checks.append(method(value, node))
        return checks

    def object(self, node: dict[str, Any]) -> Check:
        """One closure for an object's own keywords (a log record's schema, mostly).

        Properties, `additionalProperties: false` and `required` are checked in
        one pass over the record; the other keywords follow as usual.
        """
        closed = node.get("additionalProperties") is False and "patternProperties" not in node
        fused = {"type", "properties", "required"} | ({"additionalProperties"} if closed else set())
        checks = {name: self.node(sub) for name, sub in node.get("properties", {}).items()}
        required = tuple(node.get("required", ()))
        rest = _all_of(self.keywords(node, skip=frozenset(fused)))

        def each(x: Any) -> bool:
            if not isinstance(x, dict):
                return False
            for name, value in x.items():
                check = checks.get(name)
                if check is None:
                    if closed:
                        return False
                elif not check(value):
                    return False
            for name in required:
                if name not in x:
                    return False
            return rest(x)

        return each

    # -- keywords, each as jsonschema's `_keywords` module defines it

    def k_ref(self, uri: Any, node: dict[str, Any]) -> Check:
        if not isinstance(uri, str):
            raise _Unsupported("$ref")
        return self.ref(uri)

    def k_type(self, names: Any, node: dict[str, Any]) -> Check:
        wanted = [names] if isinstance(names, str) else list(names)
        if any(name not in _TYPES for name in wanted):
            raise _Unsupported(f"type {names!r}")
        checks = [_TYPES[name] for name in wanted]
        if len(checks) == 1:
            return checks[0]
        return lambda x: any(check(x) for check in checks)

    def k_enum(self, values: Any, node: dict[str, Any]) -> Check:
        # Only strings: jsonschema's equality special-cases bools, numbers and containers.
        if not all(isinstance(value, str) for value in values):
            raise _Unsupported("enum")
        allowed = frozenset(values)
        return lambda x: isinstance(x, str) and x in allowed

    def k_const(self, value: Any, node: dict[str, Any]) -> Check:
        return self.k_enum([value], node)

    def k_minimum(self, bound: Any, node: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x < bound

    def k_maximum(self, bound: Any, node: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x > bound

    def k_exclusiveMinimum(self, bound: Any, node: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x <= bound

    def k_exclusiveMaximum(self, bound: Any, node: dict[str, Any]) -> Check:
        return lambda x: not _is_number(x) or not x >= bound

    def k_multipleOf(self, step: Any, node: dict[str, Any]) -> Check:
        def multiple(x: Any) -> bool:
            if not _is_number(x):
                return True
            if isinstance(step, float):
                quotient = x / step
                return bool(int(quotient) == quotient)
            return not x % step

        return multiple

    def k_pattern(self, pattern: Any, node: dict[str, Any]) -> Check:
        import re

        search = re.compile(pattern).search
        return lambda x: not isinstance(x, str) or search(x) is not None

    def k_format(self, name: Any, node: dict[str, Any]) -> Check:
        return _format(name)

    def k_minLength(self, least: Any, node: dict[str, Any]) -> Check:
        return lambda x: not isinstance(x, str) or len(x) >= least

    def k_maxLength(self, most: Any, node: dict[str, Any]) -> Check:
        return lambda x: not isinstance(x, str) or len(x) <= most

    def k_required(self, names: Any, node: dict[str, Any]) -> Check:
        wanted = tuple(names)
        if len(wanted) == 1:
            name = wanted[0]
            return lambda x: name in x or not isinstance(x, dict)
        return lambda x: not isinstance(x, dict) or all(name in x for name in wanted)

    def k_dependentRequired(self, table: Any, node: dict[str, Any]) -> Check:
        pairs = tuple((key, tuple(needed)) for key, needed in table.items())

        def dependent(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            for key, needed in pairs:
                if key in x:
                    for name in needed:
                        if name not in x:
                            return False
            return True

        return dependent

    def k_properties(self, table: Any, node: dict[str, Any]) -> Check:
        checks = {name: self.node(sub) for name, sub in table.items()}

        def each(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            for name, value in x.items():
                check = checks.get(name)
                if check is not None and not check(value):
                    return False
            return True

        return each

    def k_additionalProperties(self, sub: Any, node: dict[str, Any]) -> Check:
        if "patternProperties" in node:
            raise _Unsupported("patternProperties")
        known = frozenset(node.get("properties", ()))
        if sub is False:
            return lambda x: not isinstance(x, dict) or x.keys() <= known
        check = self.node(sub)
        return lambda x: (
            not isinstance(x, dict)
            or all(check(value) for key, value in x.items() if key not in known)
        )

    def k_allOf(self, subs: Any, node: dict[str, Any]) -> Check:
        return self.dispatch(subs) or _all_of([self.node(sub) for sub in subs])

    def dispatch(self, subs: list[Any]) -> Check | None:
        """``allOf`` of ``if {required: [k], properties: {k: {const: v}}} then S``, or None.

        That is how a record schema picks the schema for its `type`; checking it
        as one dictionary lookup instead of one `if` per kind halves the cost
        of a record. For an object, only the `then` whose constant matches can
        apply; anything else passes every `if` vacuously, so all of them apply.
        """
        key: str | None = None
        branches: dict[str, Check] = {}
        for sub in subs:
            condition = sub.get("if") if isinstance(sub, dict) else None
            if not isinstance(condition, dict) or set(sub) != {"if", "then"}:
                return None
            required, properties = condition.get("required"), condition.get("properties")
            if set(condition) != {"required", "properties"} or not isinstance(required, list):
                return None
            if len(required) != 1 or not isinstance(properties, dict) or len(properties) != 1:
                return None
            name, test = required[0], properties.get(required[0])
            value = test.get("const") if isinstance(test, dict) and set(test) == {"const"} else None
            if not isinstance(value, str) or key not in (None, name) or value in branches:
                return None
            key = name
            branches[value] = self.node(sub["then"])
        everything = _all_of(list(branches.values()))

        def by_key(x: Any) -> bool:
            if not isinstance(x, dict):
                return everything(x)
            if key not in x:
                return True
            branch = branches.get(x[key]) if isinstance(x[key], str) else None
            return True if branch is None else branch(x)

        return by_key

    def k_anyOf(self, subs: Any, node: dict[str, Any]) -> Check:
        checks = [self.node(sub) for sub in subs]

        def any_of(x: Any) -> bool:
            for check in checks:  # noqa: SIM110 (see _all_of)
                if check(x):
                    return True
            return False

        return any_of

    def k_oneOf(self, subs: Any, node: dict[str, Any]) -> Check:
        checks = [self.node(sub) for sub in subs]
        return lambda x: sum(1 for check in checks if check(x)) == 1

    def k_not(self, sub: Any, node: dict[str, Any]) -> Check:
        check = self.node(sub)
        return lambda x: not check(x)

    def k_if(self, sub: Any, node: dict[str, Any]) -> Check:
        condition = self.node(sub)
        then = self.node(node.get("then", True))
        otherwise = self.node(node.get("else", True))
        return lambda x: then(x) if condition(x) else otherwise(x)
