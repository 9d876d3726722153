"""Writes validated rows with ``UNWIND $rows`` in fixed batches, one transaction per batch."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Protocol

import neo4j

from graph.db import database_errors
from graph.loaders.readers import batched
from graph.loaders.stats import FileStats


class ProgressSink(Protocol):
    """What the writer reports progress to (a rich progress bar in the CLI)."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def finish(self) -> None: ...


class NullProgress:
    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def finish(self) -> None:
        pass


class BatchWriter:
    """Runs one parameterised ``UNWIND $rows`` statement over rows in fixed batches."""

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str = "neo4j",
        batch_size: int = 5000,
        progress: ProgressSink | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.progress: ProgressSink = progress or NullProgress()

    def run(
        self,
        query: str,
        rows: Sequence[dict[str, Any]],
        stats: FileStats,
        *,
        description: str,
        kind: str,
        params: dict[str, Any] | None = None,
    ) -> None:
        """Write ``rows`` with ``query`` (which reads ``$rows``) and add counters to ``stats``."""
        started = time.perf_counter()
        self.progress.start(description, len(rows))
        try:
            for batch in batched(rows, self.batch_size):
                result = self.execute(query, {"rows": batch, **(params or {})})
                stats.add_counters(result.summary.counters)
                stats.rows_written += len(batch)
                stats.written_by_type[kind] += len(batch)
                self.progress.advance(len(batch))
        finally:
            self.progress.finish()
            stats.seconds += time.perf_counter() - started

    def execute(self, query: str, parameters: dict[str, Any]) -> neo4j.EagerResult:
        """One write transaction (retried by the driver on transient errors)."""
        with database_errors("writing"):
            result = self.driver.execute_query(
                query, parameters, database_=self.database, routing_=neo4j.RoutingControl.WRITE
            )
        return result
