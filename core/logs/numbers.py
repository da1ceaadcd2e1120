"""Numbers as a log may write them: finite, whole where a field wants it, cells as typed."""

from __future__ import annotations

import re


class JSONValueError(ValueError):
    """Valid JSON syntax that a log does not accept (NaN, 1e999, a key given twice)."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


def finite_number(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JSONValueError(f"the number {clip(text)} is too large")
    return value


def whole_number(text: str) -> int:
    # jsonschema's arithmetic overflows on integers beyond a float's range; no field
    # of a log comes near 2**53, so such a number is an error before it is a record.
    if len(text) > 16:
        raise JSONValueError(f"the number {clip(text)} is too large")
    return int(text)


def clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


INTEGER = re.compile(r"[+-]?[0-9]+")


NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def cell_number(cell: str) -> float | int | None:
    """A cell's number (int when written as one), or None when it is not a number a log
    can hold (not a number at all, or beyond any field's range and a float's)."""
    text = cell.strip()
    if INTEGER.fullmatch(text):
        return int(text) if len(text) <= 16 else None  # see whole_number
    if NUMBER.fullmatch(text):
        value = float(text)
        return value if value - value == 0 else None  # not inf
    return None
