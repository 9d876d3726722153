"""The GraphQL context: the reader over the app's driver and this request's DataLoaders."""

from __future__ import annotations

from typing import Any, TypeAlias

import neo4j
import strawberry
from strawberry.fastapi import BaseContext

from api import queries
from api.limits import ApiLimits
from api.loaders import Loaders
from api.reader import GraphReader
from graph.settings import Settings


class Context(BaseContext):
    """What every resolver can reach; a new one (new DataLoaders) is made per request."""

    def __init__(self, driver: neo4j.AsyncDriver, settings: Settings, limits: ApiLimits) -> None:
        super().__init__()
        self.settings = settings
        self.limits = limits
        self.reader = GraphReader(
            driver, database=settings.neo4j_database, timeout_s=limits.read_timeout_s
        )
        self.loaders = Loaders(self.reader)
        self._vector_indexes: set[str] | None = None

    async def vector_indexes(self) -> set[str]:
        """Names of the ONLINE vector indexes (read once per request)."""
        if self._vector_indexes is None:
            records = await self.reader.read(queries.VECTOR_INDEXES)
            self._vector_indexes = {r["name"] for r in records if r["state"] == "ONLINE"}
        return self._vector_indexes

    async def current_model(self) -> dict[str, Any] | None:
        """The ``(:ModelVersion {current: true})`` properties, or None without a model."""
        records = await self.reader.read(queries.CURRENT_MODEL)
        model = records[0]["model"] if records else None
        return dict(model) if model else None


Info: TypeAlias = strawberry.Info[Context, None]
