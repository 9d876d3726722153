"""Crosswalks from ESCO to O*NET: ``MAPS_TO`` from occupations and from ISCO-08 unit groups.

* ESCO occupation -> O*NET: Nesta's crosswalk (``esco_onet_crosswalk_Nov2020.csv``) names
  O*NET-SOC **2010** codes; each is chained through ``2010_to_2019_Crosswalk`` to the 2019
  codes O*NET 29.x uses (one 2010 code may become several 2019 ones).
* ISCO-08 unit group -> O*NET: BLS ``ISCO_SOC_Crosswalk`` (ISCO-08 -> SOC 2010), then
  ``ONET_to_US2010SOC`` (SOC 2010 -> O*NET-SOC 2010), then ``2010_to_2019_Crosswalk``.

Both ends must be in the graph (``KnownKeys``); mappings that miss one are skipped and
reported, or are errors under ``strict``. Nothing is written here: see ``write_prepared``.
"""

from __future__ import annotations

import re
from typing import Any

from graph.errors import InputProblem
from graph.loaders.base import KnownKeys, PreparedLoad, Step, dangling, raise_problems, read_table
from graph.loaders.onet_soc import (
    ONET_SOC_CODE,
    SOC_CODE,
    CodeMap,
    chain,
    read_onet_2010_to_2019,
    read_soc_2010_to_onet_2010,
)
from graph.loaders.queries import MERGE_ISCO_MAPS_TO, MERGE_OCCUPATION_MAPS_TO
from graph.loaders.readers import Row, Validator
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats

NESTA_FILE = "esco_onet_crosswalk_Nov2020"
ISCO_SOC_FILE = "ISCO_SOC_Crosswalk"

NESTA_SOURCE = "esco-onet-nesta-2020"
BLS_SOURCE = "bls-isco08-soc2010"

NESTA_COLUMNS = ("concept_uri", "onet_code", "confidence", "semantic_similarity")
ISCO_SOC_COLUMNS = ("ISCO-08 Code", "2010 SOC Code")

OCCUPATION_URI = re.compile(r"http://data\.europa\.eu/esco/occupation/[0-9a-fA-F-]{36}")
ISCO_GROUP = re.compile(r"\d{3,4}")
"""A four-digit ISCO-08 unit group; BLS maps a few SOC codes to a three-digit minor group."""
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")

NO_SUCCESSOR = "O*NET-SOC 2010 code with no O*NET-SOC 2019 successor"
NO_ONET_FOR_SOC = "SOC 2010 code with no O*NET-SOC 2010 occupation"
SAME_PAIR = "pair already mapped through an earlier row (the first is kept)"


def prepare_crosswalks(
    source: DataSource, known: KnownKeys, *, strict: bool = False
) -> PreparedLoad:
    """Read and validate both crosswalks; return the ``MAPS_TO`` steps (nothing written)."""
    prepared = PreparedLoad(source="crosswalks")
    onet_2010_to_2019 = read_onet_2010_to_2019(source, prepared)
    soc_2010_to_onet_2010 = read_soc_2010_to_onet_2010(source, prepared)
    occupations = known.get("Occupation", "uri")
    onet = known.get("OnetOccupation", "code")
    isco_groups = known.get("IscoGroup", "code")

    occupation_rows, occupation_stats = _occupation_mappings(
        source, prepared, onet_2010_to_2019, occupations, onet, strict=strict
    )
    isco_rows, isco_stats = _isco_mappings(
        source, prepared, soc_2010_to_onet_2010, onet_2010_to_2019, isco_groups, onet,
        strict=strict,
    )
    prepared.steps.append(Step(
        description="MAPS_TO occupation -> O*NET", kind="MAPS_TO",
        query=MERGE_OCCUPATION_MAPS_TO, rows=occupation_rows, stats=occupation_stats,
        params={"source": NESTA_SOURCE},
    ))
    prepared.steps.append(Step(
        description="MAPS_TO ISCO group -> O*NET", kind="MAPS_TO",
        query=MERGE_ISCO_MAPS_TO, rows=isco_rows, stats=isco_stats,
        params={"source": BLS_SOURCE},
    ))
    return prepared


def _occupation_mappings(
    source: DataSource,
    prepared: PreparedLoad,
    onet_2010_to_2019: CodeMap,
    occupations: set[str],
    onet: set[str],
    *,
    strict: bool,
) -> tuple[list[dict[str, Any]], FileStats]:
    """Nesta rows chained to 2019 codes: ``{uri, code, confidence, similarity, onetCode2010}``."""
    file, rows = read_table(source, NESTA_FILE, required=NESTA_COLUMNS, extensions=(".csv",))
    stats = prepared.file_stats(file)
    check = Validator(file)
    problems: list[InputProblem] = []
    seen_uris: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for row in rows:
        stats.rows_read += 1
        uri = check.check(row, "concept_uri", OCCUPATION_URI, "an ESCO occupation URI")
        code_2010 = check.check(row, "onet_code", ONET_SOC_CODE,
                                "an O*NET-SOC 2010 code like 15-1132.00")
        confidence = _number(check, row, "confidence")
        similarity = _number(check, row, "semantic_similarity")
        check.unique(seen_uris, uri, row, "concept_uri")
        if check.problems:
            continue
        codes_2019 = onet_2010_to_2019.get(code_2010, [])
        if not codes_2019:
            stats.skip(NO_SUCCESSOR, code_2010)
            continue
        if uri not in occupations:
            dangling(prepared, stats, strict=strict, row=row, column="concept_uri", key=uri,
                     target="Occupation", problems=problems)
            continue
        for code in codes_2019:
            if code not in onet:
                dangling(prepared, stats, strict=strict, row=row, column="onet_code", key=code,
                         target="OnetOccupation", problems=problems)
            elif (uri, code) in pairs:
                stats.skip(SAME_PAIR, f"{uri} -> {code}")
            else:
                pairs.add((uri, code))
                out.append({"uri": uri, "code": code, "confidence": confidence,
                            "similarity": similarity, "onetCode2010": code_2010})
    check.raise_if_any()
    raise_problems(problems)
    return out, stats


def _isco_mappings(
    source: DataSource,
    prepared: PreparedLoad,
    soc_2010_to_onet_2010: CodeMap,
    onet_2010_to_2019: CodeMap,
    isco_groups: set[str],
    onet: set[str],
    *,
    strict: bool,
) -> tuple[list[dict[str, Any]], FileStats]:
    """BLS rows chained SOC 2010 -> O*NET-SOC 2010 -> 2019: ``{isco, code, socCode2010, ...}``."""
    file, rows = read_table(source, ISCO_SOC_FILE, required=ISCO_SOC_COLUMNS)
    stats = prepared.file_stats(file)
    check = Validator(file)
    problems: list[InputProblem] = []
    seen_rows: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for row in rows:
        stats.rows_read += 1
        isco = check.check(row, "ISCO-08 Code", ISCO_GROUP,
                            "a four-digit (or three-digit) ISCO-08 code")
        soc = check.check(row, "2010 SOC Code", SOC_CODE, "a SOC 2010 code like 15-1132")
        check.unique(seen_rows, f"{isco} -> {soc}", row, "2010 SOC Code")
        if check.problems:
            continue
        onet_2010 = soc_2010_to_onet_2010.get(soc, [])
        if not onet_2010:
            stats.skip(NO_ONET_FOR_SOC, soc)
            continue
        if isco not in isco_groups:
            dangling(prepared, stats, strict=strict, row=row, column="ISCO-08 Code", key=isco,
                     target="IscoGroup", problems=problems)
            continue
        for code_2010 in onet_2010:
            codes_2019 = chain([code_2010], onet_2010_to_2019)
            if not codes_2019:
                stats.skip(NO_SUCCESSOR, code_2010)
            for code in codes_2019:
                _add_isco_pair(out, pairs, stats, row, isco, soc, code_2010, code, onet,
                               strict=strict, prepared=prepared, problems=problems)
    check.raise_if_any()
    raise_problems(problems)
    return out, stats


def _add_isco_pair(
    out: list[dict[str, Any]],
    pairs: set[tuple[str, str]],
    stats: FileStats,
    row: Row,
    isco: str,
    soc: str,
    code_2010: str,
    code: str,
    onet: set[str],
    *,
    strict: bool,
    prepared: PreparedLoad,
    problems: list[InputProblem],
) -> None:
    if code not in onet:
        dangling(prepared, stats, strict=strict, row=row, column="2010 SOC Code", key=code,
                 target="OnetOccupation", problems=problems)
    elif (isco, code) in pairs:
        stats.skip(SAME_PAIR, f"{isco} -> {code}")
    else:
        pairs.add((isco, code))
        out.append({"isco": isco, "code": code, "socCode2010": soc, "onetCode2010": code_2010})


def _number(check: Validator, row: Row, column: str) -> float | None:
    value = check.check(row, column, NUMBER, "a number")
    return float(value) if NUMBER.fullmatch(value) else None
