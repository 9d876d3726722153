"""``search``: full-text indexes fused (reciprocal rank fusion) with the learned embeddings.

Each selected index is queried with the escaped text; when the model has written embeddings,
the nearest neighbours of each index's best hit (vector index) are fused in as a semantic
signal, so related items that do not share the words also surface.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated

import strawberry

from api import queries
from api.connection import Connection, make_connection, page_window
from api.context import Info
from api.loaders import NodeKey
from api.nodes import NODE_FACTORIES, Occupation, OnetOccupation, Program, Skill
from api.results import InvalidInput
from api.validation import MAX_SEARCH_LENGTH, lucene_query

RRF_K = 60
"""Reciprocal rank fusion constant: score = sum over signals of 1 / (RRF_K + rank)."""
SEMANTIC_NEIGHBOURS = 10


@strawberry.enum(description="Kinds of node `search` can return.")
class SearchType(Enum):
    SKILL = "Skill"
    OCCUPATION = "Occupation"
    ONET_OCCUPATION = "OnetOccupation"
    PROGRAM = "Program"


@dataclass(frozen=True)
class SearchIndex:
    fulltext: str
    key: str
    vector: str | None


SEARCH_INDEXES: dict[SearchType, SearchIndex] = {
    SearchType.SKILL: SearchIndex("skill_text", "uri", "skill_embedding"),
    SearchType.OCCUPATION: SearchIndex("occupation_text", "uri", "occupation_embedding"),
    SearchType.ONET_OCCUPATION: SearchIndex(
        "onet_occupation_text", "code", "onet_occupation_embedding"
    ),
    SearchType.PROGRAM: SearchIndex("program_text", "cipCode", None),
}

SearchNode = Annotated[
    Skill | Occupation | OnetOccupation | Program,
    strawberry.union("SearchNode", description="A node `search` can return."),
]


@strawberry.type(description="One search result with the signals that ranked it.")
class SearchHit:
    node: SearchNode = strawberry.field(description="The matching node.")
    score: float = strawberry.field(description="Fused score (higher is better).")
    text_rank: int | None = strawberry.field(
        description="Rank among its index's full-text hits (1 = best), if it matched the words."
    )
    semantic_rank: int | None = strawberry.field(
        description="Rank among the embedding neighbours of the best text hit, if any."
    )


@dataclass
class _Fused:
    type_name: str
    key: str
    score: float = 0.0
    text_rank: int | None = None
    semantic_rank: int | None = None


def fuse(rows: list[tuple[str, list[str], list[str]]]) -> list[_Fused]:
    """Reciprocal rank fusion of (type, text keys, semantic keys) rows, best first."""
    fused: dict[tuple[str, str], _Fused] = {}
    for type_name, text_keys, similar_keys in rows:
        for rank, key in enumerate(text_keys, start=1):
            hit = fused.setdefault((type_name, key), _Fused(type_name, key))
            if hit.text_rank is None:
                hit.text_rank = rank
                hit.score += 1.0 / (RRF_K + rank)
        for rank, key in enumerate(similar_keys, start=1):
            hit = fused.setdefault((type_name, key), _Fused(type_name, key))
            if hit.semantic_rank is None:
                hit.semantic_rank = rank
                hit.score += 1.0 / (RRF_K + rank)
    return sorted(fused.values(), key=lambda h: (-h.score, h.type_name, h.key))


SearchResult = Annotated[
    Connection[SearchHit] | InvalidInput,
    strawberry.union("SearchResult", description="Search hits, or why the text was rejected."),
]


async def search(
    info: Info,
    text: str,
    types: list[SearchType] | None,
    first: int | None,
    after: str | None,
) -> Connection[SearchHit] | InvalidInput:
    """The fused, paginated hits for ``text`` over the indexes of ``types`` (all by default)."""
    if len(text) > MAX_SEARCH_LENGTH:
        return InvalidInput(
            message=f"expected search text of at most {MAX_SEARCH_LENGTH} characters",
            argument="text",
        )
    query = lucene_query(text)
    if query is None:
        return InvalidInput(message="expected search text with at least one word",
                            argument="text")
    offset, limit = page_window(first, after, info.context.limits)
    selected = types or list(SearchType)
    vectors = await info.context.vector_indexes()
    indexes = [
        {
            "type": t.value,
            "name": SEARCH_INDEXES[t].fulltext,
            "key": SEARCH_INDEXES[t].key,
            "vector": SEARCH_INDEXES[t].vector if SEARCH_INDEXES[t].vector in vectors else None,
        }
        for t in dict.fromkeys(selected)
    ]
    records = await info.context.reader.read(
        queries.FULLTEXT_SEARCH,
        indexes=indexes,
        query=query,
        cap=info.context.limits.search_candidates,
        semantic=SEMANTIC_NEIGHBOURS,
    )
    hits = fuse([(r["type"], list(r["keys"]), list(r["similar"])) for r in records])
    window = hits[offset : offset + limit]
    props = await info.context.loaders.nodes.load_many(
        [NodeKey(h.type_name, h.key) for h in window]
    )
    page = [
        SearchHit(
            node=NODE_FACTORIES[h.type_name](p),  # type: ignore[arg-type]
            score=h.score,
            text_rank=h.text_rank,
            semantic_rank=h.semantic_rank,
        )
        for h, p in zip(window, props, strict=True)
        if p is not None
    ]
    return make_connection(page, offset, len(hits), lambda x: x)
