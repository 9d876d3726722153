"""Apply ``cypher/schema.cypher`` (idempotent constraints and indexes) and inspect the graph."""

from __future__ import annotations

import re
from pathlib import Path

import neo4j

from graph import queries
from graph.db import database_errors
from graph.errors import ConfigurationError

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
SCHEMA_FILE = CYPHER_DIR / "schema.cypher"


def split_statements(text: str) -> list[str]:
    """Split a .cypher script on ``;`` outside strings and comments; drop comment-only parts."""
    out: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    quote: str | None = None
    while i < n:
        c = text[i]
        if quote:
            buf.append(c)
            if c == "\\" and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in ("'", '"', "`"):
            quote = c
            buf.append(c)
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        elif c == ";":
            stmt = "".join(buf).strip()
            if stmt:
                out.append(stmt)
            buf = []
        else:
            buf.append(c)
        i += 1
    stmt = "".join(buf).strip()
    if stmt:
        out.append(stmt)
    return out


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    if not path.exists():
        raise ConfigurationError(f"schema file {path} is missing; expected cypher/schema.cypher")
    return split_statements(path.read_text(encoding="utf-8"))


def apply_schema(driver: neo4j.Driver, *, database: str = "neo4j", wait_s: int = 300) -> int:
    """Create every constraint and index (idempotent); wait until they are online."""
    statements = schema_statements()
    with database_errors("applying the schema"), driver.session(database=database) as session:
        for stmt in statements:
            session.run(stmt).consume()
        session.run(queries.AWAIT_INDEXES, timeout=wait_s).consume()
    return len(statements)


def graph_counts(driver: neo4j.Driver, *, database: str = "neo4j") -> dict[str, dict[str, int]]:
    """Counts by label and by relationship type (labels and types with no members omitted)."""
    with database_errors("counting nodes and relationships"):
        nodes = driver.execute_query(
            queries.NODE_COUNTS, database_=database, routing_=neo4j.RoutingControl.READ
        ).records
        rels = driver.execute_query(
            queries.RELATIONSHIP_COUNTS, database_=database, routing_=neo4j.RoutingControl.READ
        ).records
    return {
        "nodes": {r["label"]: r["count"] for r in nodes if r["count"]},
        "relationships": {r["type"]: r["count"] for r in rels if r["count"]},
    }


def clear_graph(
    driver: neo4j.Driver, *, database: str = "neo4j", drop_schema: bool = False
) -> None:
    """Delete every node and relationship (in batches); optionally drop constraints and indexes."""
    with database_errors("clearing the graph"), driver.session(database=database) as session:
        session.run(queries.DELETE_ALL_BATCHED).consume()
        if drop_schema:
            for rec in list(session.run(queries.SHOW_CONSTRAINTS)):
                session.run(
                    queries.DROP_CONSTRAINT.format(name=queries.identifier(rec["name"]))
                ).consume()
            for rec in list(session.run(queries.SHOW_INDEXES)):
                if rec["type"] == "LOOKUP":
                    continue
                name = rec["name"]
                if re.fullmatch(queries.IDENTIFIER, name):
                    session.run(queries.DROP_INDEX.format(name=queries.identifier(name))).consume()
