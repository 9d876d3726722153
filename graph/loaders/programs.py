"""CIP 2020 instructional programs and the programs they prepare for.

* ``CIPCode2020.csv`` (NCES): one row per CIP code of every level; only six-digit programs
  (``11.0701``) become ``Program`` nodes. Codes are Excel-escaped (``="11.0701"``); titles end
  with a period, which is dropped. Codes retired in CIP 2020 ("Moved from", "Deleted") are
  skipped and reported.
* ``CIP2020_SOC2018_Crosswalk.csv`` (NCES/BLS): program -> SOC 2018 code, written as
  ``(:Program)-[:PREPARES_FOR {socCode}]->(:OnetOccupation)`` for every O*NET-SOC 2019
  occupation in that SOC code (``2019_to_SOC_Crosswalk`` when present, else the code prefix).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from graph.errors import InputProblem
from graph.loaders.base import KnownKeys, PreparedLoad, Step, dangling, raise_problems, read_table
from graph.loaders.onet_soc import (
    ONET_2019_TO_SOC_2018,
    SOC_CODE,
    read_soc_2018_to_onet_2019,
    soc_to_known_onet,
)
from graph.loaders.queries import MERGE_PREPARES_FOR, MERGE_PROGRAMS
from graph.loaders.readers import Row, Validator, read_delimited
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats

CIP_FILE = "CIPCode2020"
CIP_SOC_FILE = "CIP2020_SOC2018_Crosswalk"

CIP_COLUMNS = ("CIPFamily", "CIPCode", "Action", "CIPTitle", "CIPDefinition", "Examples")
CIP_SOC_COLUMNS = ("CIP2020Code", "SOC2018Code")

CIP_ANY_LEVEL = re.compile(r"\d\d(\.\d\d(\d\d)?)?")
CIP_PROGRAM = re.compile(r"\d\d\.\d\d\d\d")
CIP_FAMILY = re.compile(r"\d\d")
EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)
STRAY_QUOTE = re.compile(rb'(?<=[^,="\r\n])"(?=[^,"\r\n])')
"""A quote inside a cell that is neither doubled nor next to a delimiter (``titled "X" in``)."""

RETIRED_ACTIONS = frozenset({"Moved from", "Deleted"})

NOT_A_PROGRAM = "family or series code, not a six-digit program"
RETIRED = "code retired in CIP 2020 (moved or deleted)"
NO_ONET_FOR_SOC = "SOC 2018 code with no O*NET-SOC occupation"


def unescape_excel(value: str) -> str:
    """``="01.0000"`` (text kept as text by Excel) -> ``01.0000``; other values unchanged."""
    value = value.strip()
    m = EXCEL_TEXT.fullmatch(value)
    return m.group(1).strip() if m else value


def parse_examples(value: str) -> list[str]:
    """``Examples: - Enology, - Viticulture`` -> ``["Enology", "Viticulture"]``."""
    text = value.strip()
    if text.lower().startswith("examples:"):
        text = text[len("examples:"):]
    parts = re.split(r",\s+-\s+", text.strip())
    out: dict[str, None] = {}
    for part in parts:
        part = part.strip().removeprefix("-").strip()
        if part:
            out.setdefault(part, None)
    return list(out)


def clean_title(value: str) -> str:
    """Drop the trailing period CIP puts after every title."""
    return value.strip().removesuffix(".").strip()


def escape_stray_quotes(data: bytes) -> bytes:
    """Double the quotes that NCES left unescaped inside quoted cells, so the CSV parses.

    A quote with text on both sides (``titled "Security and Protective Services" in``) cannot
    open or close a cell; every other quote is left as it is.
    """
    return STRAY_QUOTE.sub(b'""', data)


def read_cip_codes(source: DataSource, required: tuple[str, ...]) -> tuple[str, Iterator[Row]]:
    """Rows of ``CIPCode2020.csv`` after :func:`escape_stray_quotes`."""
    member = source.require(CIP_FILE + ".csv")
    file = source.display(member)

    def rows() -> Iterator[Row]:
        with source.open(member) as stream:
            data = escape_stray_quotes(stream.read())
        yield from read_delimited(io.BytesIO(data), file, required=required)

    return file, rows()


def prepare_programs(
    source: DataSource, known: KnownKeys, *, strict: bool = False
) -> PreparedLoad:
    """Read and validate the CIP code list and the CIP -> SOC crosswalk (nothing written)."""
    prepared = PreparedLoad(source="programs")
    programs, program_stats = _programs(source, prepared)
    official = (
        read_soc_2018_to_onet_2019(source, prepared)
        if _has_table(source, ONET_2019_TO_SOC_2018) else None
    )
    program_keys = {p["cipCode"] for p in programs} | known.get("Program", "cipCode")
    onet_by_soc = soc_to_known_onet(official, known.get("OnetOccupation", "code"))
    official_socs = set(official) if official is not None else set()
    links, link_stats = _prepares_for(
        source, prepared, program_keys, onet_by_soc, official_socs, strict=strict
    )
    prepared.keys["Program"] = {p["cipCode"] for p in programs}
    prepared.steps.append(Step(description="Program nodes", kind="Program",
                               query=MERGE_PROGRAMS, rows=programs, stats=program_stats))
    prepared.steps.append(Step(description="PREPARES_FOR program -> O*NET", kind="PREPARES_FOR",
                               query=MERGE_PREPARES_FOR, rows=links, stats=link_stats))
    return prepared


def _has_table(source: DataSource, stem: str) -> bool:
    return source.find(*(stem + ext for ext in (".xlsx", ".txt", ".csv", ".xls"))) is not None


def _programs(
    source: DataSource, prepared: PreparedLoad
) -> tuple[list[dict[str, Any]], FileStats]:
    """Six-digit CIP 2020 programs: ``{cipCode, title, definition, family, examples}``."""
    file, rows = read_cip_codes(source, CIP_COLUMNS)
    stats = prepared.file_stats(file)
    check = Validator(file)
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for row in rows:
        stats.rows_read += 1
        code = _checked(check, row, "CIPCode", CIP_ANY_LEVEL,
                        "a CIP code like 01, 01.01 or 01.0101 (optionally written =\"01.0101\")")
        family = _checked(check, row, "CIPFamily", CIP_FAMILY, "a two-digit CIP family")
        check.unique(seen, code, row, "CIPCode")
        if not CIP_PROGRAM.fullmatch(code):
            stats.skip(NOT_A_PROGRAM, code)
            continue
        title = clean_title(check.require_value(row, "CIPTitle"))
        if row.get("Action").strip() in RETIRED_ACTIONS:
            stats.skip(RETIRED, code)
            continue
        if family and code[:2] != family:
            check.add(row.number, "CIPFamily",
                      f"expected the family of {code!r} ({code[:2]!r}), found {family!r}")
        out.append({
            "cipCode": code,
            "title": title,
            "definition": row.get("CIPDefinition").strip() or None,
            "family": family,
            "examples": parse_examples(row.get("Examples")),
        })
    check.raise_if_any()
    return out, stats


def _checked(check: Validator, row: Row, column: str, pattern: re.Pattern[str],
             expected: str) -> str:
    value = unescape_excel(row.get(column))
    if not pattern.fullmatch(value):
        shown = value if len(value) <= 80 else value[:77] + "..."
        check.add(row.number, column, f"expected {expected}, found {shown!r}")
    return value


def _prepares_for(
    source: DataSource,
    prepared: PreparedLoad,
    program_keys: set[str],
    onet_by_soc: dict[str, list[str]],
    official_socs: set[str],
    *,
    strict: bool,
) -> tuple[list[dict[str, Any]], FileStats]:
    """Crosswalk rows fanned out to O*NET occupations: ``{cipCode, code, socCode}``."""
    file, rows = read_table(source, CIP_SOC_FILE, required=CIP_SOC_COLUMNS, extensions=(".csv",))
    stats = prepared.file_stats(file)
    check = Validator(file)
    problems: list[InputProblem] = []
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for row in rows:
        stats.rows_read += 1
        cip = _checked(check, row, "CIP2020Code", CIP_PROGRAM, "a six-digit CIP code like 11.0701")
        soc = _checked(check, row, "SOC2018Code", SOC_CODE, "a SOC 2018 code like 15-1252")
        check.unique(seen, f"{cip} -> {soc}", row, "SOC2018Code")
        if check.problems:
            continue
        codes = onet_by_soc.get(soc, [])
        if not codes:
            if soc in official_socs:
                dangling(prepared, stats, strict=strict, row=row, column="SOC2018Code", key=soc,
                         target="OnetOccupation", problems=problems)
            else:
                stats.skip(NO_ONET_FOR_SOC, soc)
            continue
        if cip not in program_keys:
            dangling(prepared, stats, strict=strict, row=row, column="CIP2020Code", key=cip,
                     target="Program", problems=problems)
            continue
        out.extend({"cipCode": cip, "code": code, "socCode": soc} for code in codes)
    check.raise_if_any()
    raise_problems(problems)
    return out, stats
