"""Lint rules: which run, how loud, with which parameters; and the static ones' run.

Lint rules come from plugins (``register_lint_rules``; the built-ins are
``stridelift.plugins.lints``). A project or program configures them with
:class:`~stridelift.core.training.policy.LintSetting`s keyed by a rule's code or
name: a severity (``off`` turns the rule off) and parameter values.
:func:`resolve_lints` checks those settings against the installed rules and
gives the :class:`ActiveRule`s; :func:`run_static_lints` runs the ``static`` ones
on a :class:`~.checked.CheckedProgram` during ``stridelift check``. The ``plan``
ones run on each planned week (:mod:`stridelift.core.engine.warnings`).

A rule runs behind the plugin guard (:mod:`stridelift.core.hooks.guard`): one
that raises, hangs or returns something other than :class:`LintFinding`s is an
X001 naming its plugin and rule, and the run goes on without its findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from stridelift.core.check.checked import CheckedProgram
from stridelift.core.diagnostics import Diagnostic, Severity, did_you_mean
from stridelift.core.hooks.guard import Guard, PluginFault
from stridelift.core.hooks.manager import Plugins
from stridelift.core.hooks.records import Exercise, LintFinding, LintRule
from stridelift.core.hooks.values import BadValue, show
from stridelift.core.language import ast
from stridelift.core.training.policy import SEVERITIES, LintSetting

#: More findings than this from one rule in one run is junk, not advice.
MAX_FINDINGS = 1000

__all__ = [
    "ActiveRule",
    "LintSettingError",
    "StaticContext",
    "findings_of",
    "merge_lints",
    "resolve_lints",
    "run_static_lints",
]


class LintSettingError(ValueError):
    """A lint setting names no rule, an unknown severity or parameter, or a value out
    of range; the message names the setting (and where it was written, when known)."""


@dataclass(frozen=True, slots=True)
class ActiveRule:
    """A rule that runs, with its severity and parameters as configured."""

    rule: LintRule
    severity: Severity
    params: Mapping[str, object] = field(compare=False)
    guard: Guard = field(compare=False, repr=False)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    def run(self, context: object, path: str) -> tuple[LintFinding, ...]:
        """The rule's findings, through the guard (a :class:`PluginFault` when it fails)."""
        guard = self.guard.at(path, None, "the rule's findings are left out")
        return guard.call(
            f"check() of rule {self.code}", self.rule.check, context, check=findings_of
        )


def findings_of(value: object) -> tuple[LintFinding, ...]:
    """What a rule returned, as findings, or :class:`BadValue`."""
    expected = "an iterable of LintFinding"
    if value is None:
        return ()
    if isinstance(value, str | bytes | LintFinding) or not isinstance(value, Iterable):
        raise BadValue(f"returned {show(value)}", expected)
    found: list[LintFinding] = []
    for item in value:
        if not isinstance(item, LintFinding):
            raise BadValue(f"returned an item {show(item)}", expected)
        if not isinstance(item.message, str) or not item.message.strip():
            raise BadValue(f"returned a finding with message {show(item.message)}", "some text")
        for name in ("hint", "path", "session"):
            part = getattr(item, name)
            if part is not None and not isinstance(part, str):
                raise BadValue(f"returned a finding with {name} {show(part)}", "text or None")
        if item.span is not None and not isinstance(item.span, ast.Span):
            raise BadValue(f"returned a finding with span {show(item.span)}", "a Span or None")
        found.append(item)
        if len(found) > MAX_FINDINGS:
            raise BadValue("returned more findings than one rule has", f"at most {MAX_FINDINGS}")
    return tuple(found)


def _value(text: object, kind: str) -> object:
    """A parameter as a configuration file may write it: ``10%`` for a fraction."""
    if isinstance(text, str) and kind == "fraction" and text.strip().endswith("%"):
        try:
            return float(text.strip()[:-1]) / 100
        except ValueError:
            return text
    return text


def merge_lints(
    plugins: Plugins, *layers: Mapping[str, LintSetting] | None
) -> dict[str, LintSetting]:
    """Lint settings stacked, the last layer's on top: for a rule set in several
    layers (by its code in one and its name in another, say), a later severity
    replaces an earlier one and the parameters are merged, so ``--lint
    P304.jump=0.15`` keeps the severity a settings file gave P304. A key that names
    no rule is kept as it is (and reported when the settings are resolved)."""
    registry = plugins.lint_rules
    merged: dict[str, LintSetting] = {}
    keys: dict[str, str] = {}  # a rule's name -> its key in `merged`
    for layer in layers:
        for key, setting in (layer or {}).items():
            name = registry.canonical(key) or key
            before = merged.pop(keys[name], None) if name in keys else None
            if before is not None:
                severity = setting.severity if setting.severity is not None else before.severity
                setting = LintSetting(severity, {**before.params, **setting.params})
            merged[key] = setting
            keys[name] = key
    return merged


def resolve_lints(
    plugins: Plugins, settings: Mapping[str, LintSetting] | None = None
) -> tuple[list[ActiveRule], list[str]]:
    """The rules that run, with their severities and parameters, and what is wrong
    with the settings (one message each: an unknown rule, severity or parameter, a
    value out of range). A setting with a problem changes nothing."""
    registry = plugins.lint_rules
    chosen: dict[str, tuple[str, dict[str, object]]] = {
        rule.name: (rule.severity, rule.defaults()) for rule in registry
    }
    problems: list[str] = []
    for key, setting in (settings or {}).items():
        origin = getattr(setting, "origin", "") or ""
        where = f"{origin}: " if origin else ""
        name = registry.canonical(key)
        if name is None:
            hint = did_you_mean(key, registry.names())
            problems.append(
                f"{where}lint setting `{key}`: no lint rule has this code or name"
                + (f"; {hint}" if hint else "; `stridelift plugins --all` lists them")
            )
            continue
        rule = registry.records[name]
        severity, params = chosen[name]
        wrong = False
        if setting.severity is not None:
            if setting.severity not in SEVERITIES:
                problems.append(
                    f"{where}lint setting `{key}`: severity {show(setting.severity)} is not "
                    f"one of {', '.join(SEVERITIES)}"
                )
                wrong = True
            else:
                severity = setting.severity
        new = dict(params)
        for param_name, raw in setting.params.items():
            spec = rule.param(param_name)
            if spec is None:
                known = ", ".join(p.name for p in rule.params) or "none"
                problems.append(
                    f"{where}lint setting `{key}`: rule {rule.code} {rule.name} has no "
                    f"parameter `{param_name}` (its parameters: {known})"
                )
                wrong = True
                continue
            value = _value(raw, spec.type)
            problem = spec.problem(value)
            if problem:
                problems.append(f"{where}lint setting `{key}`: `{param_name}` {problem}")
                wrong = True
                continue
            new[param_name] = int(value) if spec.type == "integer" else value  # type: ignore[call-overload]
        if not wrong:
            chosen[name] = (severity, new)
    active = [
        ActiveRule(
            registry.records[name],
            Severity[severity.upper()],
            params,
            plugins.guard(registry, name),
        )
        for name, (severity, params) in chosen.items()
        if severity != "off"
    ]
    return active, problems


@dataclass(frozen=True, slots=True)
class StaticContext:
    """What a ``static`` rule reads: the checked program and the rule's parameters.

    ``sound`` says the program had no errors before the lints ran (a rule that
    estimates, such as the time budget, stays quiet otherwise)."""

    checked: CheckedProgram
    params: Mapping[str, object]
    sound: bool = True
    session_paths: Mapping[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.checked.path

    def exercise(self, name: str) -> Exercise | None:
        return self.checked.exercise(name)

    def session_path(self, name: str) -> str:
        """The file a session is defined in (an included one's, or the program's)."""
        return self.session_paths.get(name, self.checked.path)

    def lines(self) -> Iterator[tuple[ast.Session, ast.Phase, ast.ExerciseLine]]:
        """Every exercise line of every session, with its session and phase."""
        for session in self.checked.sessions.values():
            for phase, line in session.exercises():
                yield session, phase, line

    def scheduled(self) -> list[ast.Session]:
        """The sessions of a week, once per time the schedule names them."""
        return [
            self.checked.sessions[name]
            for _, name in self.checked.schedule
            if name in self.checked.sessions
        ]

    def number(self, name: str) -> float:
        value = self.params[name]
        assert isinstance(value, int | float)
        return float(value)


def run_static_lints(
    checked: CheckedProgram,
    rules: Iterable[ActiveRule],
    *,
    sound: bool = True,
    session_paths: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """Every ``static`` rule's findings as diagnostics with the rule's code and the
    configured severity; a rule that fails is an X001 naming its plugin."""
    out: list[Diagnostic] = []
    for active in rules:
        if active.rule.kind != "static":
            continue
        context = StaticContext(checked, active.params, sound, session_paths or {})
        try:
            found = active.run(context, checked.path)
        except PluginFault as fault:
            if fault.strict:
                raise
            out.append(fault.to_diagnostic())
            continue
        for item in found:
            path = item.path or (context.session_path(item.session) if item.session else None)
            out.append(
                Diagnostic.make(
                    path or checked.path,
                    item.span,
                    active.code,
                    item.message,
                    item.hint,
                    severity=active.severity,
                )
            )
    return out
