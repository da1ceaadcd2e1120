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

The schema files are package data of this package itself, so the registry
and what it registers have one home.
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

    folder = files("stridelift.core.schemas")
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


# jsonschema checks a log record in about half a millisecond: a year of logs
# (1,600 records) would cost most of a second per command, and a roster's logs
# far more. fastjsonschema compiles a schema into Python code once and checks a
# record in about 40 microseconds. It is only a first pass: a record it passes
# is taken, one it does not goes to the jsonschema validator, which has the last
# word and the messages, so no error a user sees comes from it. Tests hold the
# two to the same verdicts.

Check = Callable[[Any], bool]


def quick_check(id_or_filename: str) -> Check:
    """A fast check for one shipped schema: True means the validator finds no error.

    False means only "ask the validator", which has the last word and the
    error messages.
    """
    return _quick_check(schema_id(id_or_filename))


@cache
def _quick_check(uri: str) -> Check:
    import fastjsonschema  # type: ignore[import-untyped,unused-ignore]

    try:
        shipped: dict[str, dict[str, Any]] = {ref: _draft7(node) for ref, node in schemas().items()}
    except _Unsupported:  # a keyword fastjsonschema would ignore: no first pass
        return _never

    def offline(ref: str) -> dict[str, Any]:
        if ref not in shipped:
            raise SchemaError(f"{ref} is not a schema stridelift ships")
        return shipped[ref]

    try:
        compiled = fastjsonschema.compile(
            shipped[uri], handlers={"https": offline, "http": offline}, use_default=False
        )
    except Exception:  # a schema it cannot compile: every record goes to the validator
        return _never

    def check(instance: Any) -> bool:
        try:
            compiled(instance)
        except Exception:  # invalid, or anything odd: the validator decides and says why
            return False
        return True

    return check


def _never(instance: Any) -> bool:
    return False


class _Unsupported(Exception):
    """A Draft 2020-12 keyword with no draft-7 equivalent."""


#: Draft 2020-12 keywords fastjsonschema (drafts 4 to 7) does not know; it would
#: ignore them and pass records the validator refuses.
_NEWER = frozenset(
    {
        "dependentSchemas",
        "prefixItems",
        "unevaluatedProperties",
        "unevaluatedItems",
        "$dynamicRef",
        "$dynamicAnchor",
        "minContains",
        "maxContains",
        "$recursiveRef",
    }
)


def _draft7(node: Any) -> Any:
    """A shipped schema in the draft-7 words fastjsonschema reads: ``dependentRequired``
    becomes ``dependencies``; a keyword without an equivalent refuses the first pass."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NEWER:
            raise _Unsupported(key)
        if key == "dependentRequired":
            out.setdefault("dependencies", {}).update(value)
        elif key == "$schema":
            out[key] = "http://json-schema.org/draft-07/schema#"
        elif key == "properties":
            out[key] = {name: _draft7(sub) for name, sub in value.items()}
        else:
            out[key] = _draft7(value)
    return out
