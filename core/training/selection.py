"""Which findings a run reports: lint selection, as ruff selects its rules.

A :class:`LintSelection` is one layer of choices: a settings file's
(``select``, ``extend-select``, ``ignore``, ``per-file-ignores``) or the
command line's (``--select``, ``--extend-select``, ``--ignore``). Each
choice is a *selector*: ``ALL``, a code (``W211``), a code prefix (``W2``,
``P30``) or a name (``no-deload``). :func:`enabled` stacks the layers, the
command line's last: a layer's ``select`` starts the set afresh (what the
layers below selected or ignored is forgotten), then its ``extend-select``
adds codes and its ``ignore`` takes them away; within one layer the more
specific selector wins (``select = ["W2"]`` with ``ignore = ["W211"]``
leaves W211 out, ``ignore = ["W2"]`` with ``extend-select = ["W211"]``
keeps it), and ``ignore`` wins a tie. ``per-file-ignores`` is applied last.

What can be selected (:class:`Vocabulary`): every installed lint rule, and
every warning and information of the checker and the engine (the ``W`` and
``P`` codes that are not errors). Errors (a syntax error, an unknown
exercise, a bad setting) are always reported: a selector that names only
errors is refused. The lint settings (:class:`~.policy.LintSetting`, ``off``
included) are the other axis: a rule runs when it is selected and its
severity is not ``off``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from stridelift.core.diagnostics import CODES, Severity, did_you_mean

#: ``ALL``, a code or a code prefix (capitals then digits), or a rule's name.
SELECTOR = r"^(ALL|[A-Z]+[0-9]*|[a-z][a-z0-9]*(-[a-z0-9]+)*)$"
_SELECTOR = re.compile(SELECTOR)
_NAME = re.compile(r"[a-z]")
#: A name is more specific than any code or prefix.
_BY_NAME = 1000


# The value classes here are named tuples, not dataclasses: a frozen dataclass takes
# half a millisecond to build when the module is imported, and every `check` imports
# this one (a cold budget of 150 ms).


class LintSelection(NamedTuple):
    """One layer of selectors (see the module's docstring); ``select`` None means the
    layer keeps what the layers below it chose."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Path patterns (relative to the settings file's folder) and the selectors each
    #: turns off in the files it matches.
    per_file_ignores: Mapping[str, tuple[str, ...]] = MappingProxyType({})

    def selectors(self) -> Iterable[str]:
        yield from self.select or ()
        yield from self.extend_select
        yield from self.ignore
        for chosen in self.per_file_ignores.values():
            yield from chosen


class Vocabulary(NamedTuple):
    """What a selector may name: each selectable code with its name, and the codes
    that are always reported (errors, and findings about the input itself)."""

    codes: Mapping[str, str]
    fixed: Mapping[str, str]

    @classmethod
    def of(cls, rules: Iterable[tuple[str, str]] = ()) -> Vocabulary:
        """stridelift's own codes and the installed lint rules' (code, name) pairs."""
        codes: dict[str, str] = {}
        fixed: dict[str, str] = {}
        for row in CODES.values():
            selectable = row.code[0] in "WP" and row.severity < Severity.ERROR
            (codes if selectable else fixed)[row.code] = row.name
        for code, name in rules:
            fixed.pop(code, None)
            codes[code] = name
        return cls(codes, fixed)

    def match(self, selector: str) -> tuple[frozenset[str], int]:
        """The codes a selector names, and how specific it is (a longer prefix is more
        specific; a name most of all)."""
        if selector == "ALL":
            return frozenset(self.codes), 0
        if _NAME.match(selector):
            return frozenset(c for c, n in self.codes.items() if n == selector), _BY_NAME
        return frozenset(c for c in self.codes if c.startswith(selector)), len(selector)

    def problem(self, selector: object) -> tuple[str, str] | None:
        """Why ``selector`` selects nothing (message, hint), or None when it is fine."""
        if not isinstance(selector, str) or not _SELECTOR.match(selector):
            return (
                f"{_shown(selector)} is not a code, a code prefix or a rule's name",
                'write a code ("W211"), a prefix ("W2", "P30"), a rule\'s name '
                '("no-deload") or "ALL"',
            )
        if self.match(selector)[0]:
            return None
        by_name = _NAME.match(selector)
        fixed = [c for c, n in self.fixed.items() if (n == selector if by_name else c == selector)]
        if not fixed and not by_name:
            fixed = [c for c in self.fixed if c.startswith(selector)]
        if fixed:
            shown = fixed[0] if len(fixed) == 1 else f"{fixed[0]}-{fixed[-1]}"
            return (
                f"`{selector}` names {shown}, which is always reported: errors and "
                "problems with the input cannot be selected or ignored",
                "fix what it reports instead; selection applies to lint rules and to "
                "the W and P warnings",
            )
        words = [*self.codes.values()] if by_name else [*self.codes]
        return (
            f"no lint rule or warning has the {'name' if by_name else 'code'} `{selector}`",
            did_you_mean(selector, words) or "`stridelift plugins --all` lists the lint rules",
        )


def _shown(value: object) -> str:
    return f"`{value}`" if isinstance(value, str) else repr(value)


Matched = Sequence[tuple[frozenset[str], int]]


def _decide(code: str, prior: bool, chosen: Matched, ignored: Matched) -> bool:
    """Whether one layer leaves ``code`` on: its most specific selector decides."""
    on = max((rank for codes, rank in chosen if code in codes), default=-1)
    off = max((rank for codes, rank in ignored if code in codes), default=-1)
    if on < 0 and off < 0:
        return prior
    return on > off


def enabled(layers: Sequence[LintSelection], words: Vocabulary) -> frozenset[str]:
    """The selectable codes left on by ``layers`` (lowest priority first); a
    selector that names nothing is left out (it is reported where it was read)."""
    on = set(words.codes)
    for layer in layers:
        chosen = [words.match(s) for s in (*(layer.select or ()), *layer.extend_select)]
        ignored = [words.match(s) for s in layer.ignore]
        if layer.select is None and not chosen and not ignored:
            continue
        fresh = layer.select is not None
        on = {
            code for code in words.codes if _decide(code, not fresh and code in on, chosen, ignored)
        }
    return frozenset(on)


class Selected(NamedTuple):
    """A run's selection for the files of one settings file: what is reported where."""

    words: Vocabulary
    on: frozenset[str]
    #: Each per-file-ignores pattern with the codes it turns off.
    per_file: tuple[tuple[str, frozenset[str]], ...] = ()
    #: The folder the patterns are relative to (the settings file's).
    root: str = "."

    @classmethod
    def of(cls, layers: Sequence[LintSelection], words: Vocabulary, root: str = ".") -> Selected:
        per_file: list[tuple[str, frozenset[str]]] = []
        for layer in layers:
            for pattern, chosen in layer.per_file_ignores.items():
                codes = frozenset(c for s in chosen for c in words.match(s)[0])
                per_file.append((pattern, codes))
        return cls(words, enabled(layers, words), tuple(per_file), root)

    @property
    def off(self) -> frozenset[str]:
        """The selectable codes turned off in every file."""
        return frozenset(self.words.codes) - self.on

    def reports(self, code: str, path: str) -> bool:
        """Whether a finding with ``code`` in the file ``path`` is reported."""
        if code not in self.words.codes:
            return True  # an error, or a finding about the input: always
        if code not in self.on:
            return False
        if self.per_file:
            from stridelift.core.language.sources import path_matches

            for pattern, codes in self.per_file:
                if code in codes and path_matches(path, (pattern,), self.root):
                    return False
        return True
