"""Numbers as a log may write them: finite, whole where a field wants it, cells as typed."""

from __future__ import annotations

import re


class JSONValueError(ValueError):
    """Valid JSON syntax that a log does not accept (NaN, a key given twice)."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


class OutOfRange:
    """A number written in valid JSON or as a cell, but beyond any field's range and a
    float's: ``1e400`` (infinity as a float), or an integer of more than 16 digits
    (jsonschema's arithmetic overflows on integers beyond a float's range, and a
    5,000-digit one is past Python's own limit for turning text into an int). It is
    reported as the field's value being out of range, never as broken JSON."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


#: No field of a log comes near 2**53: more significant digits than this is out of range.
MAX_DIGITS = 16


def too_many_digits(text: str) -> bool:
    return len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS


def clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


INTEGER = re.compile(r"[+-]?[0-9]+")


NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def cell_number(cell: str) -> float | int | OutOfRange | None:
    """A cell's number (int when written as one), :class:`OutOfRange` for a number
    beyond any field's range and a float's, or None when it is not a number at all."""
    text = cell.strip()
    if INTEGER.fullmatch(text):
        return OutOfRange(text) if too_many_digits(text) else int(text)
    if NUMBER.fullmatch(text):
        value = float(text)
        return value if value - value == 0 else OutOfRange(text)  # inf: out of range
    return None
