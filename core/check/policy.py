"""The ``policy { ... }`` block: engine settings (fields of ``Policy``) and lint settings.

Each engine setting is checked against its field of
:class:`stridelift.core.training.policy.Policy` (:func:`policy_fields`): the name
(E130, with the closest names), the kind of value (E117: a percentage for a
fraction, a whole number for a count, a word for a choice) and the range
(E120, the range named). A setting written twice is E113.

Lint lines (``lint W211 off``, ``lint load-jump threshold 15%``) are kept as
written: the lint rules come from plugins, so this module checks only their
shape (a severity word from ``SEVERITIES``, or a parameter and its value) and
repeats. Whether the rule and the parameter exist is for the lint runner,
which reads :attr:`CheckedProgram.lint_lines` for their positions.
"""

from __future__ import annotations

from stridelift.core.check.context import CheckContext, fmt
from stridelift.core.diagnostics import did_you_mean
from stridelift.core.language import ast
from stridelift.core.language.unparse import format_setting_value
from stridelift.core.training.policy import SEVERITIES, LintSetting, PolicyField, policy_fields


def check_policy(ctx: CheckContext, block: ast.PolicyBlock) -> None:
    """Check every line of the block; keep the values that pass on ``ctx``."""
    fields = {f.name: f for f in policy_fields()}
    seen: dict[str, ast.PolicySetting] = {}
    severities: dict[str, str] = {}
    params: dict[str, dict[str, object]] = {}
    lint_seen: dict[tuple[str, str], ast.LintLine] = {}
    for line in block.settings:
        if isinstance(line, ast.LintLine):
            _lint_line(ctx, line, lint_seen, severities, params)
            continue
        spec = fields.get(line.name)
        if spec is None:
            ctx.report(
                line.name_span,
                "E130",
                f"`{line.name}` is not a policy setting",
                did_you_mean(line.name, fields)
                or "docs/language.md#policy lists the settings; a lint line starts with `lint`",
            )
            continue
        if line.name in seen:
            ctx.report(
                line.span,
                "E113",
                f"the policy sets `{line.name}` twice",
                f"keep one; the first is at line {seen[line.name].span.line}",
            )
            continue
        seen[line.name] = line
        value = setting_value(ctx, spec, line)
        if value is not None:
            ctx.policy[spec.name] = value
    ctx.lint_lines.extend(x for x in block.settings if isinstance(x, ast.LintLine))
    for rule in {**severities, **params}:
        ctx.lints[rule] = LintSetting(severities.get(rule), dict(params.get(rule, {})))


def _percent(value: float) -> str:
    return f"{fmt(round(value * 100, 6))}%"


def bounds_words(spec: PolicyField) -> str:
    """The range of a setting as a program writes it: ``10% to 100%``, ``1 to 100 reps``."""
    bounds = spec.bounds
    if all(isinstance(b, str) for b in bounds):
        words = [f"`{b}`" for b in bounds]
        return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
    low, high = float(bounds[0]), float(bounds[1])
    if spec.unit == "fraction":
        return f"{_percent(low)} to {_percent(high)}"
    unit = f" {spec.unit}" if spec.unit and spec.unit not in ("rpe", "rir", "scale") else ""
    if spec.unit in ("rpe", "rir"):
        return f"{spec.unit.upper()} {fmt(low)} to {fmt(high)}"
    return f"{fmt(low)} to {fmt(high)}{unit}"


def setting_value(ctx: CheckContext, spec: PolicyField, line: ast.PolicySetting) -> object | None:
    """The checked value of one setting (a fraction for ``60%``), or None once reported."""
    value = line.value
    written = format_setting_value(value)
    choices = spec.bounds if all(isinstance(b, str) for b in spec.bounds) else None
    if choices is not None:
        if not isinstance(value, ast.Word):
            ctx.report(
                value.span,
                "E117",
                f"`{spec.name}` is a choice of words, not `{written}`",
                f"use {bounds_words(spec)}",
            )
            return None
        if value.name not in choices:
            ctx.report(
                value.span,
                "E120",
                f"`{value.name}` is not a choice for `{spec.name}`",
                did_you_mean(value.name, [str(c) for c in choices]) or f"use {bounds_words(spec)}",
            )
            return None
        return value.name
    if isinstance(value, ast.Word):
        ctx.report(
            value.span,
            "E117",
            f"`{spec.name}` is a number, not the word `{value.name}`",
            f"for example `{spec.name} {default_text(spec)}`",
        )
        return None
    if ast.too_long(value.value):
        return None  # reported by the parser (S010)
    fraction = spec.unit == "fraction"
    if isinstance(value, ast.Quantity):
        if not (fraction and value.unit == "%"):
            wanted = "a percentage" if fraction else "a plain number"
            ctx.report(
                value.span,
                "E117",
                f"`{spec.name}` is {wanted}, not `{written}`",
                f"for example `{spec.name} {default_text(spec)}`",
            )
            return None
        number = value.value / 100
    else:
        if fraction:
            hint = f"write `{spec.name} {_percent(value.value)}`" if value.value <= 1 else None
            ctx.report(
                value.span,
                "E117",
                f"`{spec.name}` is a percentage, not the number `{written}`",
                hint or f"for example `{spec.name} {default_text(spec)}`",
            )
            return None
        number = float(value.value)
    whole = isinstance(spec.default, int)
    if whole and not number.is_integer():
        ctx.report(
            value.span,
            "E117",
            f"`{spec.name}` is a whole number, not `{written}`",
            f"for example `{spec.name} {default_text(spec)}`",
        )
        return None
    low, high = float(spec.bounds[0]), float(spec.bounds[1])
    if not low <= number <= high:
        ctx.report(
            value.span,
            "E120",
            f"`{spec.name} {written}` is out of range",
            f"use {bounds_words(spec)}",
        )
        return None
    return int(number) if whole else number


def default_text(spec: PolicyField) -> str:
    """A setting's default as a program writes it: ``50%``, ``15``, ``rts``."""
    default = spec.default
    if spec.unit == "fraction" and isinstance(default, float):
        return _percent(default)
    return fmt(default) if isinstance(default, int | float) else str(default)


def _lint_line(
    ctx: CheckContext,
    line: ast.LintLine,
    seen: dict[tuple[str, str], ast.LintLine],
    severities: dict[str, str],
    params: dict[str, dict[str, object]],
) -> None:
    if line.value is None:
        if line.setting not in SEVERITIES:
            ctx.report(
                line.setting_span,
                "E130",
                f"`{line.setting}` is not a severity for lint `{line.rule}`",
                did_you_mean(line.setting, SEVERITIES)
                or "end the line with "
                + ", ".join(f"`{s}`" for s in SEVERITIES[:-1])
                + f" or `{SEVERITIES[-1]}`, or give a parameter and its value "
                "(`lint load-jump threshold 15%`)",
            )
            return
        key = (line.rule, "")
        what = "severity"
    else:
        if line.setting in SEVERITIES:
            ctx.report(
                line.value.span,
                "E117",
                f"`{line.setting}` is a severity and takes no value",
                f"write `lint {line.rule} {line.setting}`",
            )
            return
        key = (line.rule, line.setting)
        what = f"parameter `{line.setting}`"
    if key in seen:
        ctx.report(
            line.span,
            "E113",
            f"the policy sets the {what} of lint `{line.rule}` twice",
            f"keep one; the first is at line {seen[key].span.line}",
        )
        return
    seen[key] = line
    if line.value is None:
        severities[line.rule] = line.setting
        return
    value = lint_value(ctx, line, line.value)
    if value is not None:
        params.setdefault(line.rule, {})[line.setting] = value


def lint_value(ctx: CheckContext, line: ast.LintLine, value: ast.SettingValue) -> object | None:
    """A lint parameter as a plain value: a percentage as a fraction (``15%`` is 0.15),
    a whole number as an int, a word as text. Its type is the lint rule's to check."""
    if isinstance(value, ast.Word):
        return value.name
    if ast.too_long(value.value):
        return None  # reported by the parser (S010)
    if isinstance(value, ast.Quantity):
        if value.unit != "%":
            ctx.report(
                value.span,
                "E117",
                f"a lint parameter is a number, a percentage or a word, "
                f"not `{format_setting_value(value)}`",
                f"write `lint {line.rule} {line.setting} {fmt(value.value)}` and say the unit "
                "in the parameter's name",
            )
            return None
        return value.value / 100
    number = float(value.value)
    return int(number) if number.is_integer() else number
