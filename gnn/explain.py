"""Why a career transition: the skills two occupations share and those the target needs that
the source lacks.

ESCO occupations compare their ``REQUIRES`` skills (essential first). O*NET occupations compare
their ``RATES`` descriptors (Skills and Knowledge) of at least "important" importance, ranked
by the target's importance. An ESCO occupation compared with an O*NET one is seen through the
O*NET occupations it ``MAPS_TO`` (mean importance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError

from gnn import queries
from gnn.predict import ONET_CODE
from graph.errors import DatabaseError, NotFoundError

IMPORTANT = 3.0
"""O*NET importance (1-5) from which a descriptor counts as needed by an occupation."""


@dataclass(frozen=True)
class SkillItem:
    """One skill (ESCO skill or O*NET descriptor) in an explanation."""

    id: str
    label: str
    essential: bool | None = None
    importance: float | None = None
    source_importance: float | None = None


@dataclass(frozen=True)
class TransitionExplanation:
    source_id: str
    target_id: str
    source_label: str
    target_label: str
    basis: str
    """``esco-skills`` (REQUIRES) or ``onet-descriptors`` (RATES importance)."""
    shared: list[SkillItem] = field(default_factory=list)
    missing: list[SkillItem] = field(default_factory=list)


ESCO_SKILLS = "esco-skills"
ONET_DESCRIPTORS = "onet-descriptors"


def basis_of(source_id: str, target_id: str) -> str:
    """``esco-skills`` when both ids are ESCO occupation URIs, else ``onet-descriptors``."""
    if ONET_CODE.fullmatch(source_id) or ONET_CODE.fullmatch(target_id):
        return ONET_DESCRIPTORS
    return ESCO_SKILLS


def skills_query(node_id: str, basis: str) -> str:
    """The query (``$ids`` -> rows ``id, label, skills``) that reads ``node_id``'s side of a
    comparison on ``basis``."""
    if basis == ESCO_SKILLS:
        return queries.ESCO_OCCUPATION_SKILLS
    if ONET_CODE.fullmatch(node_id):
        return queries.ONET_OCCUPATION_DESCRIPTORS
    return queries.ESCO_OCCUPATION_DESCRIPTORS


def not_found(node_id: str) -> NotFoundError:
    """The error for an unknown occupation id, naming the kind of id expected."""
    kind = "O*NET-SOC code" if ONET_CODE.fullmatch(node_id) else "ESCO occupation URI"
    return NotFoundError(f"no occupation with {kind} {node_id!r}")


def _fetch(driver: neo4j.Driver, query: str, node_id: str, database: str) -> dict[str, Any]:
    try:
        records = driver.execute_query(query, ids=[node_id], database_=database,
                                       routing_=neo4j.RoutingControl.READ).records
    except Neo4jError as e:
        raise DatabaseError(f"explaining a transition failed: {e.message}") from e
    if not records or records[0]["label"] is None:
        raise not_found(node_id)
    return dict(records[0])


def _esco_skills(items: list[dict[str, Any]]) -> dict[str, SkillItem]:
    out: dict[str, SkillItem] = {}
    for it in items:
        prev = out.get(it["id"])
        essential = bool(it["essential"]) or bool(prev and prev.essential)
        out[it["id"]] = SkillItem(it["id"], it["label"] or "", essential=essential)
    return out


def _descriptors(items: list[dict[str, Any]]) -> dict[str, SkillItem]:
    return {it["id"]: SkillItem(it["id"], it["label"] or "", importance=float(it["importance"]))
            for it in items if it["importance"] is not None}


def explain_transition(
    driver: neo4j.Driver, source_id: str, target_id: str, *, database: str = "neo4j"
) -> TransitionExplanation:
    """Shared and missing skills for moving from ``source_id`` to ``target_id`` (O*NET-SOC
    codes or ESCO occupation URIs); raises NotFoundError for an unknown occupation."""
    basis = basis_of(source_id, target_id)
    s = _fetch(driver, skills_query(source_id, basis), source_id, database)
    t = _fetch(driver, skills_query(target_id, basis), target_id, database)
    return compare(source_id, target_id, s, t)


def compare(
    source_id: str, target_id: str, s: dict[str, Any], t: dict[str, Any]
) -> TransitionExplanation:
    """The explanation from the rows of :func:`skills_query` for both sides (``label`` and
    ``skills``); pure, so batched callers share it."""
    if basis_of(source_id, target_id) == ESCO_SKILLS:
        src = {it["id"] for it in s["skills"]}  # only looked up: no items to build
        dst = _esco_skills(t["skills"])

        def by_essential(x: SkillItem) -> tuple[bool, str]:
            return (not x.essential, x.label)

        shared = sorted((dst[k] for k in dst if k in src), key=by_essential)
        missing = sorted((dst[k] for k in dst if k not in src), key=by_essential)
        return TransitionExplanation(source_id, target_id, s["label"], t["label"],
                                     ESCO_SKILLS, shared, missing)
    src_d, dst_d = _descriptors(s["skills"]), _descriptors(t["skills"])
    needed = [d for d in dst_d.values() if (d.importance or 0) >= IMPORTANT]
    shared_l, missing_l = [], []
    for d in needed:
        have = src_d.get(d.id)
        item = SkillItem(d.id, d.label, importance=d.importance,
                         source_importance=have.importance if have else None)
        if have is not None and (have.importance or 0) >= IMPORTANT:
            shared_l.append(item)
        else:
            missing_l.append(item)

    def by_importance(x: SkillItem) -> tuple[float, str]:
        return (-(x.importance or 0.0), x.label)

    return TransitionExplanation(source_id, target_id, s["label"], t["label"],
                                 ONET_DESCRIPTORS, sorted(shared_l, key=by_importance),
                                 sorted(missing_l, key=by_importance))
