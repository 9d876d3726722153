"""Cell checks shared by the O*NET readers: codes, element ids, numbers, Y/N flags, references.

Every check records a problem on the file's :class:`Validator` (file, row, column, what was
expected) and returns None for a bad cell, so a whole file is checked before anything fails.
"""

from __future__ import annotations

import math
import re

from graph.errors import InputProblem
from graph.loaders.base import PreparedLoad, dangling
from graph.loaders.readers import Row, Validator
from graph.loaders.stats import FileStats

ONET_CODE = re.compile(r"\d\d-\d\d\d\d\.\d\d")
"""An O*NET-SOC 2019 code: ``15-1252.00``."""

ELEMENT_ID = re.compile(r"\d+(?:\.[A-Za-z0-9]+)*")
"""A content-model element id: ``2.A.1.a``."""

INTEGER = re.compile(r"\d+(?:\.0*)?")
"""A whole number as text; Excel hands whole numbers over as floats (``5.0``)."""

OCCUPATION_TARGET = "OnetOccupation"
"""How a reference to an occupation missing from ``Occupation Data`` is reported."""

SOC_CODE_LENGTH = 7
"""``15-1252.00`` belongs to SOC ``15-1252``."""


def occupation_code(v: Validator, row: Row, column: str) -> str | None:
    """The O*NET-SOC code in ``column``, or None (with a problem recorded) when malformed."""
    value = row.get(column).strip()
    if ONET_CODE.fullmatch(value):
        return value
    v.add(row.number, column, f"expected an O*NET-SOC code like 15-1252.00, found {value!r}")
    return None


def element_id(v: Validator, row: Row, column: str) -> str | None:
    """The content-model element id in ``column``, or None when malformed."""
    value = row.get(column).strip()
    if ELEMENT_ID.fullmatch(value):
        return value
    v.add(row.number, column, f"expected a content-model element id like 2.A.1.a, found {value!r}")
    return None


def text(v: Validator, row: Row, column: str) -> str | None:
    """The non-empty text in ``column``, or None when the cell is empty."""
    value = row.get(column).strip()
    if value:
        return value
    v.add(row.number, column, "expected a value, found an empty cell")
    return None


def optional_text(row: Row, column: str) -> str | None:
    """The text in ``column``, None when empty or absent."""
    return row.get(column).strip() or None


def number(v: Validator, row: Row, column: str, low: float, high: float) -> float | None:
    """The number in ``column`` when it lies in ``[low, high]``, else None."""
    value = row.get(column).strip()
    try:
        parsed = float(value)
    except ValueError:
        parsed = math.nan
    if math.isfinite(parsed) and low <= parsed <= high:
        return parsed
    v.add(row.number, column, f"expected a number from {low:g} to {high:g}, found {value!r}")
    return None


def integer(v: Validator, row: Row, column: str, low: int, high: int | None = None) -> int | None:
    """The whole number in ``column`` when it is at least ``low`` (and at most ``high``)."""
    value = row.get(column).strip()
    parsed = int(float(value)) if INTEGER.fullmatch(value) else None
    if parsed is not None and parsed >= low and (high is None or parsed <= high):
        return parsed
    limits = f"from {low} to {high}" if high is not None else f"of at least {low}"
    v.add(row.number, column, f"expected a whole number {limits}, found {value!r}")
    return None


def flag(v: Validator, row: Row, column: str, *, blank: tuple[str, ...] = ()) -> bool | None:
    """``Y`` -> True, ``N`` -> False; the ``blank`` spellings -> None; anything else a problem."""
    value = row.get(column).strip()
    if value == "Y":
        return True
    if value == "N":
        return False
    if value in blank:
        return None
    v.add(row.number, column, f"expected Y or N, found {value!r}")
    return None


def known_occupation(
    prepared: PreparedLoad,
    stats: FileStats,
    v: Validator,
    *,
    strict: bool,
    row: Row,
    column: str,
    code: str,
    occupations: dict[str, dict[str, object]] | set[str],
) -> bool:
    """Whether ``code`` is in ``Occupation Data``; an unknown code is skipped and reported
    (``strict``: recorded as a problem of the file)."""
    if code in occupations:
        return True
    problems: list[InputProblem] = []
    dangling(prepared, stats, strict=strict, row=row, column=column, key=code,
             target=OCCUPATION_TARGET, problems=problems)
    for p in problems:
        v.add(p.row, p.column, p.message)
    return False
