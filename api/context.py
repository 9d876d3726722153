"""The GraphQL context: the reader over the app's driver and this request's DataLoaders."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeAlias

import neo4j
import strawberry
from strawberry.fastapi import BaseContext

from api import queries
from api.coalescing import LookupCoalescer
from api.jobad_models import JobAdModelCache
from api.limits import ApiLimits
from api.loaders import Loaders
from api.reader import GraphReader
from graph.settings import Settings

QueryEncoder: TypeAlias = Callable[[str], Awaitable[Sequence[float] | None]]
"""Turns a search text into the vector its label vectors are compared with (None: no vector,
words only): MiniLM in the app, a small fake in tests."""


class VectorIndexCache:
    """Names of the ONLINE vector indexes, shared by the requests of one app and read again
    once older than ``ttl_s`` (a model trained meanwhile is seen within that delay)."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._names: frozenset[str] | None = None
        self._read_at = 0.0

    async def names(self, reader: GraphReader) -> frozenset[str]:
        now = time.monotonic()
        if self._names is None or now - self._read_at >= self.ttl_s:
            records = await reader.read(queries.VECTOR_INDEXES)
            self._names = frozenset(r["name"] for r in records if r["state"] == "ONLINE")
            self._read_at = now
        return self._names


class Context(BaseContext):
    """What every resolver can reach; a new one (new DataLoaders) is made per request."""

    def __init__(
        self,
        driver: neo4j.AsyncDriver,
        settings: Settings,
        limits: ApiLimits,
        vector_indexes: VectorIndexCache | None = None,
        *,
        jobad_models: JobAdModelCache | None = None,
        authorization: str | None = None,
        plans: bool = True,
        coalescer: LookupCoalescer | None = None,
        query_encoder: QueryEncoder | None = None,
    ) -> None:
        super().__init__()
        self.plans = plans
        """Whether a compiled query plan may answer this request (false once one declined)."""
        self.coalescer = coalescer
        """The app's batching of concurrent compiled lookups (None: each reads alone)."""
        self.settings = settings
        self.limits = limits
        self.jobad_models = jobad_models
        """The app's job-ad models (None: job-ad fields are not served by this context)."""
        self.query_encoder = query_encoder
        """The meaning of ``search`` text (None: ``search`` matches words only)."""
        self.authorization = authorization
        """The request's ``Authorization`` header, checked by the mutations."""
        self.reader = GraphReader(
            driver, database=settings.neo4j_database, timeout_s=limits.read_timeout_s
        )
        self.loaders = Loaders(self.reader)
        self._vector_indexes = vector_indexes or VectorIndexCache(0.0)

    async def vector_indexes(self) -> frozenset[str]:
        """Names of the ONLINE vector indexes (cached per app, see :class:`VectorIndexCache`)."""
        return await self._vector_indexes.names(self.reader)


Info: TypeAlias = strawberry.Info[Context, None]
