"""Execute one Cypher statement and collect its rows, counters, plan, notifications and timing.

Statements run as auto-commit transactions in a session whose access mode is READ unless the
runner was made with ``write=True``: Neo4j itself refuses a write in read mode
(``Neo.ClientError.Statement.AccessMode``). Auto-commit transactions also allow the statements
that explicit transactions cannot run (``CALL { ... } IN TRANSACTIONS``, schema commands).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.console import queries
from graph.errors import DatabaseError, DatabaseUnavailableError

WRITE_HINT = " (the console is read-only; start it with --write to allow writes)"


@dataclass(frozen=True)
class StatementResult:
    """What one statement returned.

    ``rows`` hold raw driver values (see ``graph.console.values`` for conversions);
    ``counters`` only the non-zero update counters; ``plan`` the plan tree as the driver gives
    it (a dict with ``operatorType``, ``args``, ``children`` and, when profiled, ``rows`` and
    ``dbHits``) when the statement was EXPLAINed or PROFILEd; ``truncated`` says that more rows
    than ``max_rows`` existed and were discarded.
    """

    statement: str
    columns: list[str]
    rows: list[list[Any]]
    counters: dict[str, int] = field(default_factory=dict)
    query_type: str | None = None
    plan: dict[str, Any] | None = None
    profiled: bool = False
    notifications: list[str] = field(default_factory=list)
    available_after_ms: int | None = None
    consumed_after_ms: int | None = None
    elapsed_ms: float = 0.0
    truncated: bool = False

    @property
    def contains_updates(self) -> bool:
        return bool(self.counters)


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    c = summary.counters
    names = (
        "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
        "properties_set", "labels_added", "labels_removed", "indexes_added", "indexes_removed",
        "constraints_added", "constraints_removed", "system_updates",
    )
    return {n: int(getattr(c, n)) for n in names if getattr(c, n)}


def _notifications(summary: neo4j.ResultSummary) -> list[str]:
    out = []
    for status in summary.gql_status_objects:
        if not status.is_notification:
            continue
        text = status.status_description
        pos = status.position
        if pos is not None:
            text += f" (line {pos.line}, column {pos.column})"
        out.append(f"{status.raw_severity or 'NOTE'}: {text}")
    return out


def database_error(e: Neo4jError, *, write: bool) -> DatabaseError:
    """A DatabaseError carrying Neo4j's own code and message."""
    message = f"{e.code}: {e.message}" if e.code else str(e)
    if not write and e.code == "Neo.ClientError.Statement.AccessMode":
        message += WRITE_HINT
    return DatabaseError(message)


class CypherRunner:
    """Runs statements against one database of an injected driver."""

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str = "neo4j",
        write: bool = False,
        timeout_s: float | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.write = write
        self.timeout_s = timeout_s

    def run(
        self,
        statement: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        max_rows: int | None = None,
        force_read: bool = False,
    ) -> StatementResult:
        """Run ``statement``; keep at most ``max_rows`` rows (all when None).

        Raises DatabaseError with Neo4j's code and message when the server refuses it, and
        DatabaseUnavailableError when the server cannot be reached. On KeyboardInterrupt the
        transaction is terminated on the server (found by its metadata tag) and the interrupt
        propagates.
        """
        mode = neo4j.WRITE_ACCESS if self.write and not force_read else neo4j.READ_ACCESS
        tag = uuid.uuid4().hex
        query = neo4j.Query(statement, timeout=self.timeout_s,
                            metadata={"skillgraphConsole": tag})
        started = time.perf_counter()
        try:
            with self.driver.session(database=self.database, default_access_mode=mode) as session:
                try:
                    result = session.run(query, dict(parameters or {}))
                    columns = list(result.keys())
                    rows: list[list[Any]] = []
                    truncated = False
                    for record in result:
                        if max_rows is not None and len(rows) >= max_rows:
                            truncated = True
                            break
                        rows.append(list(record.values()))
                    summary = result.consume()
                except KeyboardInterrupt:
                    self.terminate(tag)
                    raise
        except Neo4jError as e:
            raise database_error(e, write=self.write and not force_read) from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise DatabaseUnavailableError(
                f"Neo4j stopped answering while running the statement: {e}"
            ) from e
        except DriverError as e:
            raise DatabaseError(f"the driver could not run the statement: {e}") from e
        elapsed = (time.perf_counter() - started) * 1000.0
        plan = summary.profile or summary.plan
        return StatementResult(
            statement=statement,
            columns=columns,
            rows=rows,
            counters=_counters(summary),
            query_type=summary.query_type,
            plan=dict(plan) if isinstance(plan, Mapping) else None,
            profiled=summary.profile is not None,
            notifications=_notifications(summary),
            available_after_ms=summary.result_available_after,
            consumed_after_ms=summary.result_consumed_after,
            elapsed_ms=elapsed,
            truncated=truncated,
        )

    def terminate(self, tag: str) -> int:
        """Terminate the running transactions this runner tagged with ``tag``; how many."""
        try:
            records = self.driver.execute_query(
                queries.TRANSACTIONS_TAGGED, tag=tag, database_=self.database
            ).records
            ids = [r["transactionId"] for r in records]
            if ids:
                self.driver.execute_query(
                    queries.TERMINATE_TRANSACTIONS, ids=ids, database_=self.database
                )
            return len(ids)
        except (Neo4jError, DriverError):
            return 0
