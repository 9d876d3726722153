"""O*NET-SOC and SOC code tables: the version crosswalks that chain one taxonomy to the next.

Each reader validates every row (code formats, empty cells) and returns a mapping from a code
to the codes it corresponds to, in file order. One code may map to several (a 2010 occupation
split into several 2019 ones; a SOC code covering several O*NET-SOC occupations).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.loaders.base import PreparedLoad, read_table
from graph.loaders.readers import Validator
from graph.loaders.sources import DataSource

ONET_SOC_CODE = re.compile(r"\d\d-\d\d\d\d\.\d\d")
"""An O*NET-SOC occupation code (2010 or 2019 taxonomy), e.g. ``15-1252.00``."""

SOC_CODE = re.compile(r"\d\d-\d\d\d\d")
"""A SOC detailed occupation code (2010 or 2018), e.g. ``15-1252``."""

ONET_2010_TO_2019 = "2010_to_2019_Crosswalk"
ONET_2010_TO_SOC_2010 = "ONET_to_US2010SOC"
ONET_2019_TO_SOC_2018 = "2019_to_SOC_Crosswalk"

CodeMap = dict[str, list[str]]


def _read_pairs(
    source: DataSource,
    prepared: PreparedLoad,
    stem: str,
    *,
    from_column: str,
    from_pattern: re.Pattern[str],
    from_expected: str,
    to_column: str,
    to_pattern: re.Pattern[str],
    to_expected: str,
) -> CodeMap:
    """Read a two-column code table into ``{from: [to, ...]}`` (pairs de-duplicated)."""
    file, rows = read_table(source, stem, required=(from_column, to_column))
    stats = prepared.file_stats(file)
    check = Validator(file)
    mapping: CodeMap = {}
    for row in rows:
        stats.rows_read += 1
        key = check.check(row, from_column, from_pattern, from_expected)
        value = check.check(row, to_column, to_pattern, to_expected)
        targets = mapping.setdefault(key, [])
        if value in targets:
            check.add(row.number, to_column, f"duplicate pair {key!r} -> {value!r}")
        else:
            targets.append(value)
    check.raise_if_any()
    return mapping


def read_onet_2010_to_2019(source: DataSource, prepared: PreparedLoad) -> CodeMap:
    """O*NET-SOC 2010 code -> the O*NET-SOC 2019 codes it became."""
    return _read_pairs(
        source, prepared, ONET_2010_TO_2019,
        from_column="O*NET-SOC 2010 Code", from_pattern=ONET_SOC_CODE,
        from_expected="an O*NET-SOC 2010 code like 15-1132.00",
        to_column="O*NET-SOC 2019 Code", to_pattern=ONET_SOC_CODE,
        to_expected="an O*NET-SOC 2019 code like 15-1252.00",
    )


def read_soc_2010_to_onet_2010(source: DataSource, prepared: PreparedLoad) -> CodeMap:
    """SOC 2010 code -> the O*NET-SOC 2010 occupations within it."""
    onet_to_soc = _read_pairs(
        source, prepared, ONET_2010_TO_SOC_2010,
        from_column="O*NET-SOC 2010 Code", from_pattern=ONET_SOC_CODE,
        from_expected="an O*NET-SOC 2010 code like 15-1132.00",
        to_column="2010 SOC Code", to_pattern=SOC_CODE,
        to_expected="a SOC 2010 code like 15-1132",
    )
    return invert(onet_to_soc)


def read_soc_2018_to_onet_2019(source: DataSource, prepared: PreparedLoad) -> CodeMap:
    """SOC 2018 code -> the O*NET-SOC 2019 occupations within it."""
    onet_to_soc = _read_pairs(
        source, prepared, ONET_2019_TO_SOC_2018,
        from_column="O*NET-SOC 2019 Code", from_pattern=ONET_SOC_CODE,
        from_expected="an O*NET-SOC 2019 code like 15-1252.00",
        to_column="2018 SOC Code", to_pattern=SOC_CODE,
        to_expected="a SOC 2018 code like 15-1252",
    )
    return invert(onet_to_soc)


def invert(mapping: CodeMap) -> CodeMap:
    """``{a: [b, ...]}`` -> ``{b: [a, ...]}``, keeping first-seen order."""
    inverted: CodeMap = {}
    for key, values in mapping.items():
        for value in values:
            targets = inverted.setdefault(value, [])
            if key not in targets:
                targets.append(key)
    return inverted


def chain(codes: Iterable[str], mapping: CodeMap) -> list[str]:
    """Every code that ``codes`` map to through ``mapping``, de-duplicated, in order."""
    out: dict[str, None] = {}
    for code in codes:
        for target in mapping.get(code, ()):
            out.setdefault(target, None)
    return list(out)


def soc_to_known_onet(official: CodeMap | None, known_onet: set[str]) -> CodeMap:
    """SOC 2018 code -> the known O*NET-SOC 2019 occupations within it.

    The official table's occupations come first; every known O*NET code whose first seven
    characters are the SOC code (``15-1252.00`` is in ``15-1252``) is added to them. Codes of
    the official table that are not known are left out.
    """
    mapping: dict[str, dict[str, None]] = {}
    for soc, codes in (official or {}).items():
        for code in codes:
            if code in known_onet:
                mapping.setdefault(soc, {}).setdefault(code, None)
    for code in sorted(known_onet):
        if ONET_SOC_CODE.fullmatch(code):
            mapping.setdefault(code[:7], {}).setdefault(code, None)
    return {soc: list(codes) for soc, codes in mapping.items()}
