"""``search``: full-text indexes fused (reciprocal rank fusion) with the meaning of the text.

Each selected index is queried with the escaped text. When the graph has label vectors
(``gnn.label_vectors``, written by ``skillgraph train``), the text is also encoded with the same
MiniLM and the nodes whose label is nearest to it in meaning are fused in, ranked by cosine
across all the selected kinds, so that items that do not share the words surface ("python
programming" finds the skill Python first, "looking after elderly people" the skill "tend to
elderly people"). Querying, fusion, ordering and the page's properties are one Cypher query
(``api.queries.SEARCH``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

import strawberry

from api import queries
from api.connection import Connection, make_connection, page_window
from api.context import Context
from api.nodes import NODE_FACTORIES, Occupation, OnetOccupation, Program, Skill
from api.results import InvalidInput
from api.validation import MAX_SEARCH_LENGTH, lucene_query
from graph.errors import SkillgraphError

log = logging.getLogger("api")

RRF_K = 60
"""Reciprocal rank fusion constant: score = sum over signals of 1 / (RRF_K + rank)."""
SEMANTIC_NEIGHBOURS = 50
"""Nodes of each kind taken by the meaning of the text (measured: 50 ranked the right
occupation a little better than 10, ``docs/api.md``)."""


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
    vector: str
    """The vector index over the kind's label vectors (``gnn.label_vectors``)."""


SEARCH_INDEXES: dict[SearchType, SearchIndex] = {
    SearchType.SKILL: SearchIndex("skill_text", "uri", "skill_label_embedding"),
    SearchType.OCCUPATION: SearchIndex("occupation_text", "uri", "occupation_label_embedding"),
    SearchType.ONET_OCCUPATION: SearchIndex(
        "onet_occupation_text", "code", "onet_occupation_label_embedding"
    ),
    SearchType.PROGRAM: SearchIndex("program_text", "cipCode", "program_label_embedding"),
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
        description="Rank among the nodes whose label is nearest in meaning to the text, "
        "across every kind searched (1 = nearest), if among them."
    )


SearchResult = Annotated[
    Connection[SearchHit] | InvalidInput,
    strawberry.union("SearchResult", description="Search hits, or why the text was rejected."),
]


async def search_service(
    ctx: Context,
    text: str,
    types: list[SearchType] | None = None,
    first: int | None = None,
    after: str | None = None,
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
    offset, limit = page_window(first, after, ctx.limits)
    selected = types or list(SearchType)
    online = await ctx.vector_indexes()
    indexes = [
        {
            "type": t.value,
            "name": SEARCH_INDEXES[t].fulltext,
            "key": SEARCH_INDEXES[t].key,
            "vector": SEARCH_INDEXES[t].vector if SEARCH_INDEXES[t].vector in online else None,
        }
        for t in dict.fromkeys(selected)
    ]
    vector = None
    if ctx.query_encoder is not None and any(ix["vector"] for ix in indexes):
        vector = await _meaning(ctx, text)
    (record,) = await ctx.reader.read(
        queries.SEARCH,
        indexes=indexes,
        query=query,
        vector=vector,
        cap=ctx.limits.search_candidates,
        semantic=SEMANTIC_NEIGHBOURS,
        rrf=RRF_K,
        offset=offset,
        limit=limit,
    )
    page = [
        SearchHit(
            node=NODE_FACTORIES[h["type"]](dict(h["props"])),  # type: ignore[arg-type]
            score=float(h["score"]),
            text_rank=h["textRank"],
            semantic_rank=h["semanticRank"],
        )
        for h in record["page"]
    ]
    return make_connection(page, offset, int(record["total"]), lambda x: x)


async def _meaning(ctx: Context, text: str) -> list[float] | None:
    """The text's vector, or None (words only) when the encoder cannot give one: the failure
    is logged, and the search still answers by its words."""
    assert ctx.query_encoder is not None
    try:
        vector = await ctx.query_encoder(text)
    except SkillgraphError as e:
        log.warning("search: the text could not be encoded (%s); matching words only", e)
        return None
    return None if vector is None else [float(x) for x in vector]
