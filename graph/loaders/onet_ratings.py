"""O*NET ``Skills`` and ``Knowledge``: descriptors and the occupation ratings pivoted to RATES.

Each file has one row per occupation x element x scale. The ``IM`` row becomes ``importance``
(1-5) and the ``LV`` row ``level`` (0-7) of a single ``RATES`` relationship per occupation and
element; ``notRelevant`` comes from the "Not Relevant" column (filled on ``LV`` rows only).
``Content Model Reference`` supplies the descriptors' descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.loaders import onet_fields as f
from graph.loaders.base import PreparedLoad, read_table
from graph.loaders.readers import Validator
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats

CONTENT_MODEL_REFERENCE = "Content Model Reference"

CODE = "O*NET-SOC Code"
ELEMENT_ID = "Element ID"
ELEMENT_NAME = "Element Name"
SCALE_ID = "Scale ID"
DATA_VALUE = "Data Value"
NOT_RELEVANT = "Not Relevant"
DESCRIPTION = "Description"

RATING_COLUMNS = (CODE, ELEMENT_ID, ELEMENT_NAME, SCALE_ID, DATA_VALUE, NOT_RELEVANT)

SCALES: dict[str, tuple[str, float, float]] = {
    "IM": ("importance", 1.0, 5.0),
    "LV": ("level", 0.0, 7.0),
}
"""Scale id -> (RATES property, lowest and highest value of the scale)."""

NOT_RELEVANT_BLANKS = ("", "n/a")
"""How IM rows leave "Not Relevant" unset (empty in Excel, ``n/a`` in the text release)."""


@dataclass
class Ratings:
    """What one ratings file (``Skills`` or ``Knowledge``) holds, ready to write."""

    domain: str
    stats: FileStats
    descriptors: list[dict[str, Any]] = field(default_factory=list)
    rates: list[dict[str, Any]] = field(default_factory=list)


def read_ratings(
    source: DataSource,
    prepared: PreparedLoad,
    domain: str,
    occupations: dict[str, dict[str, Any]],
    descriptors: dict[str, dict[str, Any]],
    *,
    strict: bool,
) -> Ratings:
    """Read and validate the ratings file named ``domain``; add its descriptors to
    ``descriptors`` (id -> node row, shared across files so an id may appear in one only)."""
    display, rows = read_table(source, domain, required=RATING_COLUMNS)
    stats = prepared.file_stats(display)
    v = Validator(display)
    result = Ratings(domain, stats)
    pivot: dict[tuple[str, str], dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for row in rows:
        stats.rows_read += 1
        code = f.occupation_code(v, row, CODE)
        element = f.element_id(v, row, ELEMENT_ID)
        name = f.text(v, row, ELEMENT_NAME)
        scale = row.get(SCALE_ID).strip()
        if scale not in SCALES:
            v.add(row.number, SCALE_ID, f"expected one of {', '.join(SCALES)}, found {scale!r}")
            continue
        prop, low, high = SCALES[scale]
        value = f.number(v, row, DATA_VALUE, low, high)
        not_relevant = f.flag(v, row, NOT_RELEVANT, blank=NOT_RELEVANT_BLANKS)
        if code is None or element is None or name is None or value is None:
            continue
        v.unique(seen, f"{code} {element} {scale}", row, SCALE_ID)
        descriptor = descriptors.get(element)
        if descriptor is None:
            descriptor = {"id": element, "name": name, "domain": domain, "description": None}
            descriptors[element] = descriptor
            result.descriptors.append(descriptor)
        elif descriptor["domain"] != domain:
            v.add(row.number, ELEMENT_ID,
                  f"expected an element of {domain}, found {element!r} already rated in "
                  f"{descriptor['domain']}")
        if not f.known_occupation(prepared, stats, v, strict=strict, row=row, column=CODE,
                                  code=code, occupations=occupations):
            continue
        rate = pivot.get((code, element))
        if rate is None:
            rate = {"code": code, "id": element, "importance": None, "level": None,
                    "notRelevant": None}
            pivot[(code, element)] = rate
            result.rates.append(rate)
        rate[prop] = value
        if not_relevant is not None:
            rate["notRelevant"] = bool(rate["notRelevant"]) or not_relevant
    v.raise_if_any()
    return result


def read_descriptions(
    source: DataSource, prepared: PreparedLoad, descriptors: dict[str, dict[str, Any]]
) -> None:
    """Fill the ``description`` of ``descriptors`` from ``Content Model Reference``."""
    display, rows = read_table(source, CONTENT_MODEL_REFERENCE,
                               required=(ELEMENT_ID, ELEMENT_NAME, DESCRIPTION))
    stats = prepared.file_stats(display)
    v = Validator(display)
    seen: dict[str, int] = {}
    for row in rows:
        stats.rows_read += 1
        element = f.element_id(v, row, ELEMENT_ID)
        if element is None:
            continue
        v.unique(seen, element, row, ELEMENT_ID)
        descriptor = descriptors.get(element)
        if descriptor is not None:
            descriptor["description"] = f.optional_text(row, DESCRIPTION)
    v.raise_if_any()
