"""ESCO concept files: skills, skill groups, occupations and ISCO-08 groups as node rows.

Each file is read and validated whole (required columns, URI and code formats, allowed values,
duplicate keys); row-level problems of a file are raised together as one InputError.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.loaders.base import PreparedLoad
from graph.loaders.readers import Row, Validator, read_delimited, split_labels
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats

ESCO = r"http://data\.europa\.eu/esco"
_ID = r"[0-9A-Za-z][0-9A-Za-z._-]*"

SKILL_URI = re.compile(rf"{ESCO}/skill/{_ID}")
SKILL_GROUP_URI = re.compile(rf"{ESCO}/(?:skill/{_ID}|isced-f/(\d{{1,4}}))")
OCCUPATION_URI = re.compile(rf"{ESCO}/occupation/{_ID}")
ISCO_URI = re.compile(rf"{ESCO}/isco/C(\d{{1,4}})")
ISCO_CODE = re.compile(r"\d{1,4}")
ISCO_UNIT_CODE = re.compile(r"\d{4}")
OCCUPATION_CODE = re.compile(r"\d{4}(?:\.\d+)*")

SKILL_URI_TEXT = "a skill URI (http://data.europa.eu/esco/skill/...)"
SKILL_GROUP_URI_TEXT = (
    "a skill group URI (http://data.europa.eu/esco/skill/... or .../esco/isced-f/<digits>)"
)
OCCUPATION_URI_TEXT = "an occupation URI (http://data.europa.eu/esco/occupation/...)"
ISCO_URI_TEXT = "an ISCO group URI (http://data.europa.eu/esco/isco/C<1-4 digits>)"

SKILL_TYPES = frozenset({"skill/competence", "knowledge"})
REUSE_LEVELS = frozenset({"transversal", "cross-sector", "sector-specific", "occupation-specific"})

SKILLS_FILE = "skills_en.csv"
SKILL_GROUPS_FILE = "skillGroups_en.csv"
OCCUPATIONS_FILE = "occupations_en.csv"
ISCO_GROUPS_FILE = "ISCOGroups_en.csv"

Props = dict[str, Any]
Converter = Callable[[Row, Validator], tuple[str, Props]]


@dataclass
class NodeRows:
    """Validated node rows of one concept file, keyed by ``key`` (``uri`` or ``code``);
    ``keys`` maps each key to the row it was read from."""

    label: str
    key: str
    rows: list[dict[str, Any]]
    stats: FileStats
    keys: dict[str, int] = field(default_factory=dict)


@dataclass
class Concepts:
    """The four concept files of an ESCO export."""

    skill_groups: NodeRows
    skills: NodeRows
    isco_groups: NodeRows
    occupations: NodeRows


def text(value: str) -> str | None:
    """A cell's text, or None (property removed) when it is empty."""
    value = value.strip()
    return value or None


def choice(v: Validator, row: Row, column: str, allowed: frozenset[str]) -> str | None:
    """An optional cell that, when filled, must be one of ``allowed``."""
    value = row.get(column).strip()
    if value and value not in allowed:
        v.add(row.number, column, f"expected one of {sorted(allowed)} or empty, found {value!r}")
    return value or None


def _skill(row: Row, v: Validator) -> tuple[str, Props]:
    uri = v.check(row, "conceptUri", SKILL_URI, SKILL_URI_TEXT)
    return uri, {
        "label": v.require_value(row, "preferredLabel"),
        "altLabels": split_labels(row.get("altLabels")),
        "hiddenLabels": split_labels(row.get("hiddenLabels")),
        "description": text(row.get("description")),
        "definition": text(row.get("definition")),
        "scopeNote": text(row.get("scopeNote")),
        "skillType": choice(v, row, "skillType", SKILL_TYPES),
        "reuseLevel": choice(v, row, "reuseLevel", REUSE_LEVELS),
        "status": text(row.get("status")),
        "collections": [],
    }


def _skill_group(row: Row, v: Validator) -> tuple[str, Props]:
    uri = v.check(row, "conceptUri", SKILL_GROUP_URI, SKILL_GROUP_URI_TEXT)
    isced = SKILL_GROUP_URI.fullmatch(uri)
    code = text(row.get("code")) or (isced.group(1) if isced else None)
    return uri, {
        "code": code,
        "label": v.require_value(row, "preferredLabel"),
        "altLabels": split_labels(row.get("altLabels")),
        "description": text(row.get("description")),
    }


def _occupation(row: Row, v: Validator) -> tuple[str, Props]:
    uri = v.check(row, "conceptUri", OCCUPATION_URI, OCCUPATION_URI_TEXT)
    return uri, {
        "label": v.require_value(row, "preferredLabel"),
        "altLabels": split_labels(row.get("altLabels")),
        "hiddenLabels": split_labels(row.get("hiddenLabels")),
        "description": text(row.get("description")),
        "definition": text(row.get("definition")),
        "iscoCode": v.check(row, "iscoGroup", ISCO_UNIT_CODE, "a 4-digit ISCO-08 unit group code"),
        "code": v.check(row, "code", OCCUPATION_CODE, "an ESCO occupation code such as 2654.1"),
        "regulatedProfessionNote": text(row.get("regulatedProfessionNote")),
        "status": text(row.get("status")),
    }


def _isco_group(row: Row, v: Validator) -> tuple[str, Props]:
    uri = v.check(row, "conceptUri", ISCO_URI, ISCO_URI_TEXT)
    code = v.check(row, "code", ISCO_CODE, "an ISCO-08 code of 1 to 4 digits")
    match = ISCO_URI.fullmatch(uri)
    if match and ISCO_CODE.fullmatch(code) and match.group(1) != code:
        v.add(row.number, "conceptUri", f"expected the URI of code {code!r} (.../isco/C{code}), "
                                        f"found {uri!r}")
    return code, {
        "uri": uri,
        "label": v.require_value(row, "preferredLabel"),
        "altLabels": split_labels(row.get("altLabels")),
        "description": text(row.get("description")),
        "level": len(code),
    }


def read_nodes(
    source: DataSource,
    prepared: PreparedLoad,
    name: str,
    *,
    label: str,
    key: str,
    key_column: str,
    required: Sequence[str],
    convert: Converter,
) -> NodeRows:
    """Read and validate one concept file into ``{key: ..., "props": {...}}`` rows."""
    member = source.require(name)
    display = source.display(member)
    stats = prepared.file_stats(display)
    v = Validator(display)
    seen: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    with source.open(member) as stream:
        for row in read_delimited(stream, display, required=required):
            stats.rows_read += 1
            value, props = convert(row, v)
            v.unique(seen, value, row, key_column)
            rows.append({key: value, "props": props})
    v.raise_if_any()
    return NodeRows(label, key, rows, stats, seen)


def read_concepts(source: DataSource, prepared: PreparedLoad) -> Concepts:
    """Read the skill group, skill, ISCO group and occupation files of an export."""
    groups = read_nodes(source, prepared, SKILL_GROUPS_FILE, label="SkillGroup", key="uri",
                        key_column="conceptUri", required=("conceptUri", "preferredLabel"),
                        convert=_skill_group)
    skills = read_nodes(source, prepared, SKILLS_FILE, label="Skill", key="uri",
                        key_column="conceptUri",
                        required=("conceptUri", "preferredLabel", "skillType", "reuseLevel"),
                        convert=_skill)
    _check_disjoint(skills, groups)
    isco = read_nodes(source, prepared, ISCO_GROUPS_FILE, label="IscoGroup", key="code",
                      key_column="code", required=("conceptUri", "code", "preferredLabel"),
                      convert=_isco_group)
    occupations = read_nodes(source, prepared, OCCUPATIONS_FILE, label="Occupation", key="uri",
                             key_column="conceptUri",
                             required=("conceptUri", "preferredLabel", "iscoGroup", "code"),
                             convert=_occupation)
    return Concepts(groups, skills, isco, occupations)


def _check_disjoint(skills: NodeRows, groups: NodeRows) -> None:
    """A URI must not be both a skill and a skill group (BROADER ends are told apart by it)."""
    v = Validator(skills.stats.file)
    for uri in sorted(skills.keys.keys() & groups.keys.keys(), key=skills.keys.__getitem__):
        v.add(skills.keys[uri], "conceptUri", f"expected a URI that is not also a skill group "
                                               f"in {groups.stats.file}, found {uri!r}")
    v.raise_if_any()
