"""O*NET ``Technology Skills``: Technology nodes keyed by the example name, USES_TECHNOLOGY.

A technology is ``hot`` when any occupation's row flags it as a hot technology; rows of
unknown occupations are skipped (and a technology only they name is not created). An example
filed under several UNSPSC commodities keeps the one most of its rows use (the first seen on a
tie); the occupation's own ``hot`` and ``inDemand`` flags go on the relationship.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.loaders import onet_fields as f
from graph.loaders.base import PreparedLoad, read_table
from graph.loaders.readers import Validator
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats

TECHNOLOGY_SKILLS = "Technology Skills"

CODE = "O*NET-SOC Code"
EXAMPLE = "Example"
COMMODITY_CODE = "Commodity Code"
COMMODITY_TITLE = "Commodity Title"
HOT = "Hot Technology"
IN_DEMAND = "In Demand"

COLUMNS = (CODE, EXAMPLE, COMMODITY_CODE, COMMODITY_TITLE, HOT, IN_DEMAND)

COMMODITY = re.compile(r"\d{8}")
"""A UNSPSC commodity code: eight digits."""


@dataclass
class Technologies:
    """Technology node rows and USES_TECHNOLOGY rows of ``Technology Skills``."""

    stats: FileStats
    nodes: list[dict[str, Any]] = field(default_factory=list)
    uses: list[dict[str, Any]] = field(default_factory=list)


def read_technologies(
    source: DataSource,
    prepared: PreparedLoad,
    occupations: dict[str, dict[str, Any]],
    *,
    strict: bool,
) -> Technologies:
    """Read and validate ``Technology Skills``."""
    display, rows = read_table(source, TECHNOLOGY_SKILLS, required=COLUMNS)
    stats = prepared.file_stats(display)
    v = Validator(display)
    result = Technologies(stats)
    hot: dict[str, bool] = {}
    commodities: dict[str, Counter[tuple[str, str | None]]] = {}
    seen: dict[str, int] = {}
    for row in rows:
        stats.rows_read += 1
        code = f.occupation_code(v, row, CODE)
        name = f.text(v, row, EXAMPLE)
        commodity = v.check(row, COMMODITY_CODE, COMMODITY, "an eight-digit UNSPSC code")
        is_hot = f.flag(v, row, HOT)
        in_demand = f.flag(v, row, IN_DEMAND)
        if code is None or name is None or is_hot is None or in_demand is None:
            continue
        v.unique(seen, f"{code} {name}", row, EXAMPLE)
        if not f.known_occupation(prepared, stats, v, strict=strict, row=row, column=CODE,
                                  code=code, occupations=occupations):
            continue
        hot[name] = hot.get(name, False) or is_hot
        commodities.setdefault(name, Counter())[
            (commodity, f.optional_text(row, COMMODITY_TITLE))
        ] += 1
        result.uses.append({"code": code, "name": name, "hot": is_hot, "inDemand": in_demand})
    v.raise_if_any()
    for name, counts in commodities.items():
        (commodity_code, commodity_title), _ = counts.most_common(1)[0]
        result.nodes.append({"name": name, "commodityCode": commodity_code,
                             "commodityTitle": commodity_title, "hot": hot[name]})
    return result
