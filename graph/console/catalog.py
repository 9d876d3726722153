"""What the live database holds: labels, relationship types, property keys, procedures,
functions, constraints and indexes (for completion and ``:schema``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph.console import queries
from graph.errors import DatabaseError


@dataclass(frozen=True)
class Catalog:
    """Names read from the database (empty lists when nothing was read yet)."""

    labels: list[str] = field(default_factory=list)
    relationship_types: list[str] = field(default_factory=list)
    property_keys: list[str] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)


def _column(driver: neo4j.Driver, database: str, query: str) -> list[str]:
    records = driver.execute_query(
        query, database_=database, routing_=neo4j.RoutingControl.READ
    ).records
    return [str(r[0]) for r in records]


def read_catalog(driver: neo4j.Driver, *, database: str = "neo4j") -> Catalog:
    """Read every name the completer offers, in read transactions."""
    try:
        return Catalog(
            labels=_column(driver, database, queries.LABELS),
            relationship_types=_column(driver, database, queries.RELATIONSHIP_TYPES),
            property_keys=_column(driver, database, queries.PROPERTY_KEYS),
            procedures=_column(driver, database, queries.PROCEDURES),
            functions=_column(driver, database, queries.FUNCTIONS),
        )
    except (Neo4jError, DriverError) as e:
        raise DatabaseError(f"could not read the schema of database {database!r}: {e}") from e


def read_schema(
    driver: neo4j.Driver, *, database: str = "neo4j"
) -> dict[str, list[dict[str, Any]]]:
    """Constraints and indexes as rows of plain values (for ``:schema``)."""
    try:
        out: dict[str, list[dict[str, Any]]] = {}
        for key, query in (("constraints", queries.CONSTRAINTS), ("indexes", queries.INDEXES)):
            records = driver.execute_query(
                query, database_=database, routing_=neo4j.RoutingControl.READ
            ).records
            out[key] = [r.data() for r in records]
        return out
    except (Neo4jError, DriverError) as e:
        raise DatabaseError(f"could not read the schema of database {database!r}: {e}") from e
