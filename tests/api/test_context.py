"""The per-app cache of vector index names (a small fake reader stands in for Neo4j)."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from api.context import VectorIndexCache
from api.reader import GraphReader


class FakeReader:
    """Answers the vector index listing with the names it holds; counts the reads."""

    def __init__(self, *names: str) -> None:
        self.names = list(names)
        self.reads = 0

    async def read(self, cypher: str, **parameters: Any) -> list[dict[str, str]]:
        self.reads += 1
        return [{"name": n, "state": "ONLINE"} for n in self.names] + [
            {"name": "still_building", "state": "POPULATING"}
        ]


def test_online_vector_indexes_are_read_once_within_the_ttl() -> None:
    reader = FakeReader("skill_embedding")
    cache = VectorIndexCache(ttl_s=3600.0)

    async def twice() -> list[frozenset[str]]:
        first = await cache.names(cast(GraphReader, reader))
        reader.names.append("occupation_embedding")
        return [first, await cache.names(cast(GraphReader, reader))]

    first, second = asyncio.run(twice())
    assert first == second == frozenset({"skill_embedding"})
    assert reader.reads == 1


def test_a_zero_ttl_reads_the_indexes_on_every_call() -> None:
    reader = FakeReader("skill_embedding")
    cache = VectorIndexCache(ttl_s=0.0)

    async def twice() -> frozenset[str]:
        await cache.names(cast(GraphReader, reader))
        reader.names.append("occupation_embedding")
        return await cache.names(cast(GraphReader, reader))

    assert asyncio.run(twice()) == {"skill_embedding", "occupation_embedding"}
    assert reader.reads == 2
