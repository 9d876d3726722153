"""ESCO relation files: BROADER hierarchies, REQUIRES and RELATED_TO as relationship rows.

The relation files carry URIs only. Each end is resolved against the concept files: the node
label of a BROADER end is the file it was read from (never the ``conceptType`` column), and an
ISCO group end is keyed by its code. A reference to a concept that is not in the concept files
is dangling: skipped and reported (count and distinct keys) by default, an error naming file,
row and column under ``strict``. Malformed URIs, unknown relation types, a hierarchy edge between
kinds the graph model does not allow, and duplicate pairs always raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.errors import InputProblem
from graph.loaders import queries
from graph.loaders.base import PreparedLoad, Step, dangling
from graph.loaders.esco_concepts import (
    ISCO_URI,
    OCCUPATION_URI,
    OCCUPATION_URI_TEXT,
    SKILL_GROUP_URI,
    SKILL_URI,
    SKILL_URI_TEXT,
    Concepts,
)
from graph.loaders.readers import Row, Validator, read_delimited
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats

SKILL_BROADER_FILE = "broaderRelationsSkillPillar.csv"
OCCUPATION_BROADER_FILE = "broaderRelationsOccPillar.csv"
REQUIRES_FILE = "occupationSkillRelations.csv"
RELATED_FILE = "skillSkillRelations.csv"

RELATION_TYPES = frozenset({"essential", "optional"})

SKILL_PILLAR_URI = SKILL_GROUP_URI  # skills and skill groups: .../skill/... or .../isced-f/...
SKILL_PILLAR_URI_TEXT = "a skill or skill group URI (.../esco/skill/... or .../esco/isced-f/...)"
OCC_PILLAR_URI = re.compile(f"{OCCUPATION_URI.pattern}|{ISCO_URI.pattern}")
OCC_PILLAR_URI_TEXT = "an occupation or ISCO group URI (.../esco/occupation/... or .../isco/C...)"

# (narrower label, broader label) -> statement; the pairs the graph model allows.
BROADER_QUERIES: dict[tuple[str, str], str] = {
    ("Skill", "Skill"): queries.MERGE_SKILL_BROADER_SKILL,
    ("Skill", "SkillGroup"): queries.MERGE_SKILL_BROADER_SKILL_GROUP,
    ("SkillGroup", "SkillGroup"): queries.MERGE_SKILL_GROUP_BROADER_SKILL_GROUP,
    ("Occupation", "Occupation"): queries.MERGE_OCCUPATION_BROADER_OCCUPATION,
    ("Occupation", "IscoGroup"): queries.MERGE_OCCUPATION_BROADER_ISCO_GROUP,
    ("IscoGroup", "IscoGroup"): queries.MERGE_ISCO_GROUP_BROADER_ISCO_GROUP,
}

# Resolves a URI to (label, key), or None when no concept file holds it.
Resolver = Callable[[str], tuple[str, str] | None]


class _RelationFile:
    """Reads one relation file, validating each row and sorting out dangling references."""

    def __init__(self, source: DataSource, prepared: PreparedLoad, name: str, *, strict: bool,
                 problems: list[InputProblem]) -> None:
        self.source = source
        self.member = source.require(name)
        self.display = source.display(self.member)
        self.prepared = prepared
        self.stats: FileStats = prepared.file_stats(self.display)
        self.validator = Validator(self.display)
        self.strict = strict
        self.problems = problems
        self.seen: dict[str, int] = {}

    def rows(self, required: tuple[str, ...]) -> list[Row]:
        with self.source.open(self.member) as stream:
            rows = list(read_delimited(stream, self.display, required=required))
        self.stats.rows_read += len(rows)
        return rows

    def resolve_ends(
        self, row: Row, ends: list[tuple[str, str, Resolver, str]]
    ) -> list[tuple[str, str]] | None:
        """Resolve each (column, uri, resolver, target) end; None when one is dangling (it is
        recorded: every unknown end under ``strict``, the first otherwise)."""
        resolved: list[tuple[str, str]] = []
        unknown: list[tuple[str, str, str]] = []
        for column, uri, resolve, target in ends:
            hit = resolve(uri)
            if hit is None:
                unknown.append((column, uri, target))
            else:
                resolved.append(hit)
        if not unknown:
            return resolved
        for column, uri, target in unknown if self.strict else unknown[:1]:
            dangling(self.prepared, self.stats, strict=self.strict, row=row, column=column,
                     key=uri, target=target, problems=self.problems)
        return None

    def essential(self, row: Row) -> bool:
        value = row.get("relationType").strip()
        if value not in RELATION_TYPES:
            self.validator.add(row.number, "relationType",
                               f"expected one of {sorted(RELATION_TYPES)}, found {value!r}")
        return value == "essential"


def _skill_pillar(concepts: Concepts) -> Resolver:
    skills, groups = concepts.skills.keys, concepts.skill_groups.keys

    def resolve(uri: str) -> tuple[str, str] | None:
        if uri in skills:
            return "Skill", uri
        if uri in groups:
            return "SkillGroup", uri
        return None

    return resolve


def _occupation_pillar(concepts: Concepts) -> Resolver:
    occupations, isco = concepts.occupations.keys, concepts.isco_groups.keys

    def resolve(uri: str) -> tuple[str, str] | None:
        if uri in occupations:
            return "Occupation", uri
        match = ISCO_URI.fullmatch(uri)
        if match and match.group(1) in isco:
            return "IscoGroup", match.group(1)
        return None

    return resolve


def _only(label: str, keys: dict[str, int]) -> Resolver:
    def resolve(uri: str) -> tuple[str, str] | None:
        return (label, uri) if uri in keys else None

    return resolve


def _broader_steps(
    source: DataSource, prepared: PreparedLoad, name: str, *, pattern: re.Pattern[str],
    expected: str, resolve: Resolver, target: str, strict: bool, problems: list[InputProblem],
) -> list[Step]:
    f = _RelationFile(source, prepared, name, strict=strict, problems=problems)
    v = f.validator
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in f.rows(("conceptUri", "broaderUri")):
        child = v.check(row, "conceptUri", pattern, expected)
        parent = v.check(row, "broaderUri", pattern, expected)
        if not (pattern.fullmatch(child) and pattern.fullmatch(parent)):
            continue
        v.unique(f.seen, f"{child} -> {parent}", row, "broaderUri")
        ends = f.resolve_ends(row, [("conceptUri", child, resolve, target),
                                    ("broaderUri", parent, resolve, target)])
        if ends is None:
            continue
        (child_label, child_key), (parent_label, parent_key) = ends
        pair = (child_label, parent_label)
        if pair not in BROADER_QUERIES:
            v.add(row.number, "broaderUri",
                  f"expected a broader concept that a {child_label} may have, found the "
                  f"{parent_label} {parent!r}")
            continue
        by_pair.setdefault(pair, []).append({"child": child_key, "parent": parent_key})
    v.raise_if_any()
    return [
        Step(f"BROADER {child}->{parent}", "BROADER", BROADER_QUERIES[(child, parent)],
             by_pair[(child, parent)], f.stats)
        for child, parent in BROADER_QUERIES
        if (child, parent) in by_pair
    ]


@dataclass(frozen=True)
class End:
    """One end of a REQUIRES / RELATED_TO row: its column, the row field it fills, its URI
    format, how it resolves, and what to call it in a dangling-reference report."""

    column: str
    field: str
    pattern: re.Pattern[str]
    expected: str
    resolve: Resolver
    target: str


def _pair_step(
    source: DataSource, prepared: PreparedLoad, name: str, *, kind: str, query: str,
    ends: tuple[End, End], strict: bool, problems: list[InputProblem],
) -> Step:
    """REQUIRES / RELATED_TO: two URI columns and a relationType (essential or optional)."""
    f = _RelationFile(source, prepared, name, strict=strict, problems=problems)
    v = f.validator
    first, second = ends
    rows: list[dict[str, Any]] = []
    for row in f.rows((first.column, "relationType", second.column)):
        a = v.check(row, first.column, first.pattern, first.expected)
        b = v.check(row, second.column, second.pattern, second.expected)
        essential = f.essential(row)
        if not (first.pattern.fullmatch(a) and second.pattern.fullmatch(b)):
            continue
        v.unique(f.seen, f"{a} -> {b}", row, second.column)
        resolved = f.resolve_ends(row, [(first.column, a, first.resolve, first.target),
                                        (second.column, b, second.resolve, second.target)])
        if resolved is None:
            continue
        rows.append({first.field: resolved[0][1], second.field: resolved[1][1],
                     "essential": essential})
    v.raise_if_any()
    return Step(f"{kind} {name}", kind, query, rows, f.stats)


def relation_steps(
    source: DataSource, prepared: PreparedLoad, concepts: Concepts, *, strict: bool,
    problems: list[InputProblem],
) -> list[Step]:
    """BROADER (both pillars), then REQUIRES, then RELATED_TO (when the file is present)."""
    skill, occupation = _only("Skill", concepts.skills.keys), _only(
        "Occupation", concepts.occupations.keys)
    steps = _broader_steps(source, prepared, SKILL_BROADER_FILE, pattern=SKILL_PILLAR_URI,
                           expected=SKILL_PILLAR_URI_TEXT, resolve=_skill_pillar(concepts),
                           target="skill or skill group", strict=strict, problems=problems)
    steps += _broader_steps(source, prepared, OCCUPATION_BROADER_FILE, pattern=OCC_PILLAR_URI,
                            expected=OCC_PILLAR_URI_TEXT, resolve=_occupation_pillar(concepts),
                            target="occupation or ISCO group", strict=strict, problems=problems)
    steps.append(_pair_step(
        source, prepared, REQUIRES_FILE, kind="REQUIRES", query=queries.MERGE_REQUIRES,
        ends=(End("occupationUri", "occupation", OCCUPATION_URI, OCCUPATION_URI_TEXT,
                  occupation, "occupation"),
              End("skillUri", "skill", SKILL_URI, SKILL_URI_TEXT, skill, "skill")),
        strict=strict, problems=problems))
    if source.find(RELATED_FILE) is not None:
        steps.append(_pair_step(
            source, prepared, RELATED_FILE, kind="RELATED_TO", query=queries.MERGE_RELATED_TO,
            ends=(End("originalSkillUri", "source", SKILL_URI, SKILL_URI_TEXT, skill, "skill"),
                  End("relatedSkillUri", "target", SKILL_URI, SKILL_URI_TEXT, skill, "skill")),
            strict=strict, problems=problems))
    return steps
