"""The O*NET loader: occupations, skill and knowledge ratings, technologies, related occupations.

Reads O*NET 29.2 from its Excel release or its tab-separated text release (the same file stems
with ``.txt`` and the same headers; :func:`graph.loaders.base.read_table` picks the reader):

- ``Occupation Data``: ``OnetOccupation`` nodes (code, title, description, SOC code);
- ``Job Zones``, ``Alternate Titles``, ``Sample of Reported Titles``: the occupations'
  ``jobZone``, ``alternateTitles`` and ``reportedTitles`` properties;
- ``Skills``, ``Knowledge``, ``Content Model Reference``: ``OnetDescriptor`` nodes and ``RATES``
  (see :mod:`graph.loaders.onet_ratings`);
- ``Technology Skills``: ``Technology`` nodes and ``USES_TECHNOLOGY``
  (see :mod:`graph.loaders.onet_technology`);
- ``Related Occupations``: ``RELATED_OCCUPATION {tier, index}``.

Every file is read and validated whole before anything is written; rows pointing to an
occupation missing from ``Occupation Data`` are skipped and reported (errors under ``strict``).
"""

from __future__ import annotations

from typing import Any

from graph.loaders import onet_fields as f
from graph.loaders import queries
from graph.loaders.base import PreparedLoad, Step, read_table
from graph.loaders.onet_ratings import Ratings, read_descriptions, read_ratings
from graph.loaders.onet_technology import Technologies, read_technologies
from graph.loaders.readers import Validator
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats

SOURCE = "onet"

OCCUPATION_DATA = "Occupation Data"
JOB_ZONES = "Job Zones"
ALTERNATE_TITLES = "Alternate Titles"
REPORTED_TITLES = "Sample of Reported Titles"
SKILLS = "Skills"
KNOWLEDGE = "Knowledge"
RELATED_OCCUPATIONS = "Related Occupations"

CODE = "O*NET-SOC Code"
TITLE = "Title"
DESCRIPTION = "Description"
JOB_ZONE = "Job Zone"
ALTERNATE_TITLE = "Alternate Title"
REPORTED_TITLE = "Reported Job Title"
RELATED_CODE = "Related O*NET-SOC Code"
TIER = "Relatedness Tier"
INDEX = "Index"

DUPLICATE_TITLE = "the same title listed twice for an occupation"

Occupations = dict[str, dict[str, Any]]
"""O*NET-SOC code -> the OnetOccupation node row, completed file by file."""


def prepare_onet(source: DataSource, *, strict: bool = False) -> PreparedLoad:
    """Read and validate the O*NET files in ``source``; nothing is written.

    Returns the steps (nodes before relationships) and the keys created:
    ``{"OnetOccupation": codes, "OnetDescriptor": element ids, "Technology": names}``.
    Raises :class:`graph.errors.InputError` naming file, row and column of every fault found
    in the first faulty file.
    """
    prepared = PreparedLoad(source=SOURCE)
    occupations, occupation_stats = read_occupations(source, prepared)
    read_job_zones(source, prepared, occupations, strict=strict)
    read_titles(source, prepared, occupations, ALTERNATE_TITLES, ALTERNATE_TITLE,
                "alternateTitles", strict=strict)
    read_titles(source, prepared, occupations, REPORTED_TITLES, REPORTED_TITLE,
                "reportedTitles", strict=strict)
    descriptors: dict[str, dict[str, Any]] = {}
    ratings = [
        read_ratings(source, prepared, domain, occupations, descriptors, strict=strict)
        for domain in (SKILLS, KNOWLEDGE)
    ]
    read_descriptions(source, prepared, descriptors)
    technologies = read_technologies(source, prepared, occupations, strict=strict)
    related, related_stats = read_related(source, prepared, occupations, strict=strict)

    prepared.steps = _steps(occupations, occupation_stats, ratings, technologies,
                            related, related_stats)
    prepared.keys = {
        "OnetOccupation": set(occupations),
        "OnetDescriptor": set(descriptors),
        "Technology": {t["name"] for t in technologies.nodes},
    }
    return prepared


def _steps(
    occupations: Occupations,
    occupation_stats: FileStats,
    ratings: list[Ratings],
    technologies: Technologies,
    related: list[dict[str, Any]],
    related_stats: FileStats,
) -> list[Step]:
    """Node steps first, then relationship steps, each with the stats of its file."""
    nodes = [
        Step("O*NET occupations", "OnetOccupation", queries.MERGE_ONET_OCCUPATIONS,
             list(occupations.values()), occupation_stats),
        *(Step(f"O*NET {r.domain.lower()} descriptors", "OnetDescriptor",
               queries.MERGE_ONET_DESCRIPTORS, r.descriptors, r.stats) for r in ratings),
        Step("Technologies", "Technology", queries.MERGE_TECHNOLOGIES,
             technologies.nodes, technologies.stats),
    ]
    relationships = [
        *(Step(f"RATES ({r.domain})", "RATES", queries.MERGE_ONET_RATES, r.rates, r.stats)
          for r in ratings),
        Step("USES_TECHNOLOGY", "USES_TECHNOLOGY", queries.MERGE_USES_TECHNOLOGY,
             technologies.uses, technologies.stats),
        Step("RELATED_OCCUPATION", "RELATED_OCCUPATION", queries.MERGE_RELATED_OCCUPATIONS,
             related, related_stats),
    ]
    return nodes + relationships


def read_occupations(source: DataSource, prepared: PreparedLoad) -> tuple[Occupations, FileStats]:
    """``Occupation Data``: one node row per O*NET-SOC code (codes must be unique)."""
    display, rows = read_table(source, OCCUPATION_DATA, required=(CODE, TITLE, DESCRIPTION))
    stats = prepared.file_stats(display)
    v = Validator(display)
    occupations: Occupations = {}
    seen: dict[str, int] = {}
    for row in rows:
        stats.rows_read += 1
        code = f.occupation_code(v, row, CODE)
        title = f.text(v, row, TITLE)
        if code is None or title is None:
            continue
        v.unique(seen, code, row, CODE)
        occupations[code] = {
            "code": code,
            "title": title,
            "description": f.optional_text(row, DESCRIPTION),
            "socCode": code[: f.SOC_CODE_LENGTH],
            "jobZone": None,
            "alternateTitles": [],
            "reportedTitles": [],
        }
    v.raise_if_any()
    return occupations, stats


def read_job_zones(
    source: DataSource, prepared: PreparedLoad, occupations: Occupations, *, strict: bool
) -> None:
    """``Job Zones``: the ``jobZone`` (1-5) of each occupation, at most one row per code."""
    display, rows = read_table(source, JOB_ZONES, required=(CODE, JOB_ZONE))
    stats = prepared.file_stats(display)
    v = Validator(display)
    seen: dict[str, int] = {}
    for row in rows:
        stats.rows_read += 1
        code = f.occupation_code(v, row, CODE)
        zone = f.integer(v, row, JOB_ZONE, 1, 5)
        if code is None or zone is None:
            continue
        v.unique(seen, code, row, CODE)
        if f.known_occupation(prepared, stats, v, strict=strict, row=row, column=CODE,
                              code=code, occupations=occupations):
            occupations[code]["jobZone"] = zone
    v.raise_if_any()


def read_titles(
    source: DataSource,
    prepared: PreparedLoad,
    occupations: Occupations,
    stem: str,
    column: str,
    prop: str,
    *,
    strict: bool,
) -> None:
    """Collect the titles in ``column`` of file ``stem`` into each occupation's list ``prop``
    (file order; a title repeated for the same occupation is kept once and reported)."""
    display, rows = read_table(source, stem, required=(CODE, column))
    stats = prepared.file_stats(display)
    v = Validator(display)
    for row in rows:
        stats.rows_read += 1
        code = f.occupation_code(v, row, CODE)
        title = f.text(v, row, column)
        if code is None or title is None:
            continue
        if not f.known_occupation(prepared, stats, v, strict=strict, row=row, column=CODE,
                                  code=code, occupations=occupations):
            continue
        titles: list[str] = occupations[code][prop]
        if title in titles:
            stats.skip(DUPLICATE_TITLE, f"{code} {title}")
        else:
            titles.append(title)
    v.raise_if_any()


def read_related(
    source: DataSource, prepared: PreparedLoad, occupations: Occupations, *, strict: bool
) -> tuple[list[dict[str, Any]], FileStats]:
    """``Related Occupations``: one RELATED_OCCUPATION row per distinct (code, related code).

    The file shipped in the shared data is an 80 % sample of O*NET's; it is loaded as it is.
    """
    display, rows = read_table(source, RELATED_OCCUPATIONS,
                               required=(CODE, RELATED_CODE, TIER, INDEX))
    stats = prepared.file_stats(display)
    v = Validator(display)
    related: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in rows:
        stats.rows_read += 1
        code = f.occupation_code(v, row, CODE)
        other = f.occupation_code(v, row, RELATED_CODE)
        tier = f.text(v, row, TIER)
        index = f.integer(v, row, INDEX, 1)
        if code is None or other is None or tier is None or index is None:
            continue
        v.unique(seen, f"{code} {other}", row, RELATED_CODE)
        known = all(
            f.known_occupation(prepared, stats, v, strict=strict, row=row, column=column,
                               code=value, occupations=occupations)
            for column, value in ((CODE, code), (RELATED_CODE, other))
        )
        if known:
            related.append({"code": code, "related": other, "tier": tier, "index": index})
    v.raise_if_any()
    return related, stats
