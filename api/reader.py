"""The API's only path to Neo4j: read transactions with a timeout, driver errors wrapped."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.errors import DatabaseError, DatabaseUnavailableError

_NOT_IN_TIME = (
    "Neo.ClientError.Transaction.TransactionTimedOut",  # ...ClientConfiguration: our timeout
    "Neo.ClientError.Transaction.Terminated",
    "Neo.ClientError.Transaction.LockClientStopped",
)
"""Codes of a transaction ended before it answered: past its timeout, or terminated (the
driver reports Neo4j's transient ``Terminated`` and ``LockClientStopped`` as client errors)."""


class GraphReader:
    """Runs read queries through an injected async driver.

    Every query is an auto-commit read (routed to readers, not retried: a client gets a clean
    error at once when Neo4j is away), carries a transaction timeout, and turns driver failures
    into :class:`DatabaseUnavailableError` (Neo4j unreachable, or the query timed out or was
    terminated: retry later) or :class:`DatabaseError` (the query failed). Server notifications
    (hints such as "property key does not exist" for optional properties) are switched off:
    they cost work on both sides of every query and nobody reads them here. ``round_trips``
    counts queries sent.
    """

    def __init__(self, driver: neo4j.AsyncDriver, *, database: str, timeout_s: float) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s
        self.round_trips = 0

    async def read(self, cypher: str, **parameters: Any) -> list[neo4j.Record]:
        """The records of one read query (``cypher`` from ``api.queries``)."""
        self.round_trips += 1
        try:
            async with self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            ) as session:
                result = await session.run(
                    neo4j.Query(cypher, timeout=self.timeout_s),
                    parameters,
                )
                return [record async for record in result]
        except (ServiceUnavailable, SessionExpired, AuthError, OSError) as e:
            raise DatabaseUnavailableError(
                "the graph database is unavailable; try again shortly"
            ) from e
        except Neo4jError as e:
            if isinstance(e, TransientError) or (e.code or "").startswith(_NOT_IN_TIME):
                raise DatabaseUnavailableError(
                    "the graph database could not answer in time; try again or narrow the query"
                ) from e
            raise DatabaseError(f"the graph database rejected a query: {e}") from e
        except DriverError as e:
            raise DatabaseError(f"the graph database rejected a query: {e}") from e
