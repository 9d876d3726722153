"""What separates two occupations, for the model-backed fields: nodes by either kind of key,
shared and missing skills, transition scores, neighbours and programs for a gap.

Occupations are ESCO occupations (by URI) or O*NET occupations (by O*NET-SOC code). The
comparison itself is :mod:`gnn.explain`'s (one implementation for the CLI and the API): ESCO
pairs compare their ``REQUIRES`` skills (importance 1.0 essential, 0.5 optional); a pair with an
O*NET side compares O*NET Skills and Knowledge descriptors by ``RATES.importance`` (an ESCO side
seen through the O*NET occupations it ``MAPS_TO``). Here the rows of every occupation asked
about are read in one batched query per kind of row.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from api import queries
from api.context import Context
from api.loaders import NodeKey, Props
from gnn import explain
from gnn.explain import TransitionExplanation
from gnn.predict import ONET_CODE

ESSENTIAL_IMPORTANCE = 1.0
OPTIONAL_IMPORTANCE = 0.5
PROGRAMS_PER_GAP = 5


@dataclass(frozen=True)
class OccupationKind:
    """An occupation node type with its key and the vector indexes over it."""

    type_name: str
    key: str
    embedding_index: str
    transition_index: str


ESCO_OCCUPATION = OccupationKind(
    "Occupation", "uri", "occupation_embedding", "occupation_transition_target"
)
ONET_OCCUPATION = OccupationKind(
    "OnetOccupation", "code", "onet_occupation_embedding", "onet_occupation_transition_target"
)


def kind_of(occupation_id: str) -> OccupationKind:
    """O*NET for an O*NET-SOC code, ESCO otherwise."""
    return ONET_OCCUPATION if ONET_CODE.fullmatch(occupation_id) else ESCO_OCCUPATION


async def occupations(ctx: Context, *ids: str) -> list[Props | None]:
    """The properties of each occupation (None when unknown), batched by the DataLoader."""
    keys = [NodeKey(kind_of(i).type_name, i) for i in ids]
    return list(await ctx.loaders.nodes.load_many(keys))


def importance(item: explain.SkillItem) -> float:
    """The O*NET importance of a descriptor, or 1.0 / 0.5 for an essential / optional skill."""
    if item.importance is not None:
        return item.importance
    return ESSENTIAL_IMPORTANCE if item.essential else OPTIONAL_IMPORTANCE


def gap_size(explanation: TransitionExplanation) -> int:
    """Missing skills that count for a move: essential ESCO skills or important descriptors."""
    return sum(1 for m in explanation.missing if m.essential is not False)


async def explanations(
    ctx: Context, pairs: list[tuple[str, str]]
) -> dict[tuple[str, str], TransitionExplanation]:
    """The explanation of every pair whose two occupations exist (unknown ones are left out)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        basis = explain.basis_of(a, b)
        wanted[explain.skills_query(a, basis)].add(a)
        wanted[explain.skills_query(b, basis)].add(b)

    async def one(query: str, ids: set[str]) -> tuple[str, dict[str, dict[str, Any]]]:
        records = await ctx.reader.read(query, ids=sorted(ids))
        return query, {r["id"]: dict(r) for r in records if r["label"] is not None}

    rows = dict(await asyncio.gather(*(one(q, ids) for q, ids in wanted.items())))
    out: dict[tuple[str, str], TransitionExplanation] = {}
    for a, b in pairs:
        basis = explain.basis_of(a, b)
        s = rows[explain.skills_query(a, basis)].get(a)
        t = rows[explain.skills_query(b, basis)].get(b)
        if s is not None and t is not None:
            out[(a, b)] = explain.compare(a, b, s, t)
    return out


async def directed(ctx: Context, kind: OccupationKind) -> bool:
    """Whether the directed transition index of ``kind`` is online."""
    return kind.transition_index in await ctx.vector_indexes()


@dataclass(frozen=True)
class Neighbours:
    """An occupation's properties, whether it has vectors, and its nearest neighbours."""

    props: Props
    embedded: bool
    hits: list[tuple[Props, float]]
    """``(props, score)``, best first."""


async def neighbours(ctx: Context, ids: list[str], k: int) -> dict[str, Neighbours]:
    """The :class:`Neighbours` of each known one of ``ids`` (unknown ones are left out), of
    the same kind as the occupation, in one query per kind."""
    by_kind: dict[OccupationKind, list[str]] = defaultdict(list)
    for i in ids:
        by_kind[kind_of(i)].append(i)

    async def one(kind: OccupationKind, kind_ids: list[str]) -> list[Any]:
        return await ctx.reader.read(
            queries.occupation_neighbours(kind.type_name, kind.key),
            ids=kind_ids, k=k + 1, directed=await directed(ctx, kind),
            transitionIndex=kind.transition_index, embeddingIndex=kind.embedding_index,
        )

    results = await asyncio.gather(*(one(kd, v) for kd, v in by_kind.items()))
    return {
        r["id"]: Neighbours(
            dict(r["props"]),
            bool(r["embedded"]),
            [(dict(h["props"]), float(h["score"])) for h in r["hits"]][:k],
        )
        for records in results
        for r in records
    }


async def scores(ctx: Context, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], float | None]:
    """Model transition score of each pair of known occupations (None without vectors)."""
    if not pairs:
        return {}
    is_directed = any([await directed(ctx, k) for k in {kind_of(a) for a, _ in pairs}])
    records = await ctx.reader.read(
        queries.PAIR_SCORES, pairs=[{"from": a, "to": b} for a, b in pairs],
        directed=is_directed,
    )
    return {
        (r["from"], r["to"]): None if r["score"] is None else float(r["score"]) for r in records
    }


@dataclass(frozen=True)
class ProgramHit:
    """A program and how many of a gap's missing skills it covers."""

    props: Props
    covers: int


async def programs(
    ctx: Context, gaps: list[TransitionExplanation]
) -> list[list[ProgramHit]]:
    """Programs teaching each gap's missing skills, most covering first (one query per basis)."""
    out: list[list[ProgramHit]] = [[] for _ in gaps]
    by_basis: dict[str, list[int]] = defaultdict(list)
    for i, gap in enumerate(gaps):
        if gap.missing:
            by_basis[gap.basis].append(i)

    async def one(basis: str, positions: list[int]) -> None:
        query = (
            queries.PROGRAMS_FOR_SKILLS if basis == explain.ESCO_SKILLS
            else queries.PROGRAMS_FOR_DESCRIPTORS
        )
        records = await ctx.reader.read(
            query,
            requests=[{"i": i, "skills": [m.id for m in gaps[i].missing]} for i in positions],
            limit=PROGRAMS_PER_GAP,
            important=explain.IMPORTANT,
        )
        for r in records:
            out[r["i"]] = [
                ProgramHit(dict(p["props"]), int(p["covers"])) for p in r["programs"]
            ]

    await asyncio.gather(*(one(b, pos) for b, pos in by_basis.items()))
    return out

