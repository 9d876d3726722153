"""The ESCO loader: the v1.1.1 CSV export (a folder or a zip of it) as graph rows.

``prepare_esco`` reads and validates every file before anything is written and returns the
steps in graph-model order: nodes (SkillGroup, Skill, IscoGroup, Occupation), then the
collection labels, then BROADER, REQUIRES and RELATED_TO. Every statement MERGEs on the stable
keys, so loading the same export twice creates nothing the second time.

Files: ``skillGroups_en.csv``, ``skills_en.csv``, ``ISCOGroups_en.csv``, ``occupations_en.csv``,
``broaderRelationsSkillPillar.csv``, ``broaderRelationsOccPillar.csv`` and
``occupationSkillRelations.csv`` are required; ``skillSkillRelations.csv`` and the collection
files (``*SkillsCollection_en.csv``, ``researchOccupationsCollection_en.csv``) are loaded when
present.
"""

from __future__ import annotations

from graph.errors import InputProblem
from graph.loaders import queries
from graph.loaders.base import PreparedLoad, Step, raise_problems
from graph.loaders.esco_collections import read_collections
from graph.loaders.esco_concepts import NodeRows, read_concepts
from graph.loaders.esco_relations import relation_steps
from graph.loaders.sources import DataSource

SOURCE = "esco"

_NODE_QUERIES = {
    "SkillGroup": queries.MERGE_SKILL_GROUPS,
    "Skill": queries.MERGE_SKILLS,
    "IscoGroup": queries.MERGE_ISCO_GROUPS,
    "Occupation": queries.MERGE_OCCUPATIONS,
}


def _node_step(nodes: NodeRows) -> Step:
    return Step(f"{nodes.label} nodes", nodes.label, _NODE_QUERIES[nodes.label], nodes.rows,
                nodes.stats)


def prepare_esco(source: DataSource, *, strict: bool = False) -> PreparedLoad:
    """Read and validate an ESCO CSV export; nothing is written.

    Structural faults (missing column, malformed URI or code, unknown value, duplicate key,
    bad encoding, truncated row, unterminated quoted cell) raise InputError naming file, row
    and column. References to concepts missing from the export are skipped and reported in the
    file's ``FileStats.skipped``, or raise InputError when ``strict``.

    ``keys`` of the result: ``Skill``, ``SkillGroup`` and ``Occupation`` URIs, ``IscoGroup``
    codes.
    """
    prepared = PreparedLoad(source=SOURCE)
    problems: list[InputProblem] = []
    concepts = read_concepts(source, prepared)
    collections = read_collections(source, prepared, concepts, strict=strict, problems=problems)
    relations = relation_steps(source, prepared, concepts, strict=strict, problems=problems)
    raise_problems(problems)
    nodes = (concepts.skill_groups, concepts.skills, concepts.isco_groups, concepts.occupations)
    prepared.steps = [_node_step(n) for n in nodes] + collections.steps + relations
    prepared.keys = {n.label: set(n.keys) for n in nodes}
    return prepared
