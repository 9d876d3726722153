"""ESCO collection files: extra labels and the ``collections`` list on skills, and the
``ResearchOccupation`` label.

Collection files are optional (an export cut down to a sample may leave them out). A row naming
a skill or occupation that is not in the concept files is a dangling reference: skipped and
reported by default, an error under ``strict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.errors import InputProblem
from graph.loaders import queries
from graph.loaders.base import PreparedLoad, Step, dangling
from graph.loaders.esco_concepts import (
    OCCUPATION_URI,
    OCCUPATION_URI_TEXT,
    SKILL_URI,
    SKILL_URI_TEXT,
    Concepts,
)
from graph.loaders.readers import Validator, read_delimited
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats
from graph.queries import identifier


@dataclass(frozen=True)
class SkillCollection:
    """One skill collection file: the name listed in ``Skill.collections`` and its label."""

    file: str
    name: str
    label: str


SKILL_COLLECTIONS: tuple[SkillCollection, ...] = (
    SkillCollection("digitalSkillsCollection_en.csv", "digital", "DigitalSkill"),
    SkillCollection("greenSkillsCollection_en.csv", "green", "GreenSkill"),
    SkillCollection("transversalSkillsCollection_en.csv", "transversal", "TransversalSkill"),
    SkillCollection("languageSkillsCollection_en.csv", "language", "LanguageSkill"),
    SkillCollection("researchSkillsCollection_en.csv", "research", "ResearchSkill"),
    SkillCollection("digCompSkillsCollection_en.csv", "digComp", "DigCompSkill"),
)
RESEARCH_OCCUPATIONS_FILE = "researchOccupationsCollection_en.csv"
COLLECTION_LABELS: tuple[str, ...] = tuple(c.label for c in SKILL_COLLECTIONS)
for _label in COLLECTION_LABELS:  # they reach Cypher as dynamic labels: plain identifiers only
    identifier(_label)


@dataclass
class Collections:
    """Label steps, and each skill's collection names (in the order of SKILL_COLLECTIONS)."""

    steps: list[Step] = field(default_factory=list)
    names_by_skill: dict[str, list[str]] = field(default_factory=dict)


def _read_members(
    source: DataSource,
    prepared: PreparedLoad,
    name: str,
    *,
    known: dict[str, int],
    target: str,
    strict: bool,
    problems: list[InputProblem],
) -> tuple[str, list[str]] | None:
    """The displayed file name and the known member URIs of one collection file (None when
    the file is absent)."""
    member = source.find(name)
    if member is None:
        return None
    display = source.display(member)
    stats = prepared.file_stats(display)
    pattern, expected = (SKILL_URI, SKILL_URI_TEXT) if target == "skill" else (
        OCCUPATION_URI, OCCUPATION_URI_TEXT)
    v = Validator(display)
    seen: dict[str, int] = {}
    members: list[str] = []
    with source.open(member) as stream:
        for row in read_delimited(stream, display, required=("conceptUri",)):
            stats.rows_read += 1
            uri = v.check(row, "conceptUri", pattern, expected)
            v.unique(seen, uri, row, "conceptUri")
            if uri in known:
                members.append(uri)
            elif pattern.fullmatch(uri):
                dangling(prepared, stats, strict=strict, row=row, column="conceptUri",
                         key=uri, target=target, problems=problems)
    v.raise_if_any()
    return display, members


def read_collections(
    source: DataSource,
    prepared: PreparedLoad,
    concepts: Concepts,
    *,
    strict: bool,
    problems: list[InputProblem],
) -> Collections:
    """Read every collection file present; fill the skills' ``collections`` property.

    The first steps take from the skills and occupations of the load the collection labels
    they no longer have (a reload after a skill left a collection, or a file was dropped);
    the label steps then add the current ones."""
    out = Collections()
    label_steps: list[Step] = []
    for collection in SKILL_COLLECTIONS:
        found = _read_members(source, prepared, collection.file, known=concepts.skills.keys,
                              target="skill", strict=strict, problems=problems)
        if found is None:
            continue
        display, members = found
        for uri in members:
            out.names_by_skill.setdefault(uri, []).append(collection.name)
        rows: list[dict[str, Any]] = [{"uri": uri, "labels": [collection.label]}
                                      for uri in members]
        label_steps.append(Step(f"{collection.label} labels", collection.label,
                                queries.ADD_SKILL_COLLECTION_LABELS, rows,
                                prepared.file_stats(display)))
    found = _read_members(source, prepared, RESEARCH_OCCUPATIONS_FILE,
                          known=concepts.occupations.keys, target="occupation", strict=strict,
                          problems=problems)
    research: set[str] = set()
    if found is not None:
        display, members = found
        research = set(members)
        label_steps.append(Step("ResearchOccupation labels", "ResearchOccupation",
                                queries.ADD_RESEARCH_OCCUPATION_LABEL,
                                [{"uri": uri} for uri in members], prepared.file_stats(display)))
    label_of = {c.name: c.label for c in SKILL_COLLECTIONS}
    stale: list[dict[str, Any]] = []
    for row in concepts.skills.rows:
        names = out.names_by_skill.get(row["uri"], [])
        row["props"]["collections"] = names
        keep = {label_of[n] for n in names}
        stale.append({"uri": row["uri"],
                      "labels": [label for label in COLLECTION_LABELS if label not in keep]})
    not_research = [{"uri": row["uri"]} for row in concepts.occupations.rows
                    if row["uri"] not in research]
    removed = FileStats(f"{concepts.skills.stats.file} (old collection labels removed)")
    removed_research = FileStats(
        f"{concepts.occupations.stats.file} (old ResearchOccupation labels removed)")
    out.steps = [
        Step("Old collection labels", "removed", queries.REMOVE_SKILL_COLLECTION_LABELS,
             stale, removed),
        Step("Old ResearchOccupation labels", "removed",
             queries.REMOVE_RESEARCH_OCCUPATION_LABEL, not_research, removed_research),
        *label_steps,
    ]
    prepared.stats.extend([removed, removed_research])
    return out
