"""One table of units: the international definitions, and conversions that round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stridelift.core.units import KG_PER_LB, LB_PER_KG, UNITS, convert


def test_the_definitions() -> None:
    assert convert(1, "lb", "kg") == 0.45359237
    assert LB_PER_KG == 1 / KG_PER_LB
    assert convert(1, "mi", "m") == 1609.344
    assert convert(90, "s", "min") == 1.5
    assert convert(2, "h", "min") == 120


@given(st.floats(0, 1e6), st.sampled_from(sorted(UNITS)), st.sampled_from(sorted(UNITS)))
def test_a_conversion_and_back_is_the_same_amount(value: float, unit: str, to: str) -> None:
    if UNITS[unit][0] != UNITS[to][0]:
        with pytest.raises(ValueError, match="cannot convert"):
            convert(value, unit, to)
        return
    assert convert(convert(value, unit, to), to, unit) == pytest.approx(value)


def test_no_second_table_of_unit_factors() -> None:
    """grep finds the factors only in core/units.py."""
    from pathlib import Path

    root = Path(__file__).parents[1]
    sources = [*root.glob("core/**/*.py"), *root.glob("plugins/*.py"), *root.glob("bench/*.py")]
    for path in sources:
        if path.name == "units.py":
            continue
        text = path.read_text(encoding="utf-8")
        for factor in ("0.45359", "2.2046", "1609"):
            assert factor not in text, f"{path.relative_to(root)} writes out {factor}"


def test_every_limit_is_stated_in_the_language_reference() -> None:
    """The ranges the checker enforces are the ones docs/language.md gives."""
    from pathlib import Path

    from stridelift.core.units import LIMITS

    text = (Path(__file__).parents[1] / "docs" / "language.md").read_text(encoding="utf-8")
    stated = {
        "weeks": "1 to 104 weeks",
        "sets": "Sets run from 1 to 20",
        "rpe": "1 to 10 in half points",
        "rir": "0 to 10",
    }
    for name, words in stated.items():
        limit = LIMITS[name]
        assert words in text, f"docs/language.md does not state the {name} range: {words!r}"
        assert f"{limit.low:g}" in words and f"{limit.high:g}" in words, (name, limit)


def test_every_limit_has_a_row_in_the_docs() -> None:
    """Each range of LIMITS is listed, in the words the messages use, in the
    language reference's Ranges table, the log format reference or, for what a
    plugin may return, the plugin guide."""
    from pathlib import Path

    from stridelift.core.units import LIMITS

    docs = Path(__file__).parents[1] / "docs"
    pages = ("language.md", "logs.md", "plugins.md")
    text = "".join((docs / page).read_text(encoding="utf-8") for page in pages)
    missing = [
        f"{name}: {limit.words}" for name, limit in LIMITS.items() if limit.words not in text
    ]
    assert not missing, f"LIMITS rows the docs do not list: {missing}"
