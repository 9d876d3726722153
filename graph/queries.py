"""Runtime Cypher of the graph package: named constants and small builders.

Every value is a ``$parameter``; identifiers are interpolated only after validation.
"""

from __future__ import annotations

import re

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def identifier(name: str) -> str:
    """Return ``name`` quoted for Cypher after checking it is a plain identifier."""
    if not IDENTIFIER.fullmatch(name):
        raise ValueError(f"expected a plain identifier (letters, digits, _), got {name!r}")
    return f"`{name}`"


NODE_COUNTS = """
CALL db.labels() YIELD label
CALL (label) {
  MATCH (n) WHERE label IN labels(n) RETURN count(n) AS count
}
RETURN label, count ORDER BY label
"""

RELATIONSHIP_COUNTS = """
CALL db.relationshipTypes() YIELD relationshipType AS type
CALL (type) {
  MATCH ()-[r]->() WHERE type(r) = type RETURN count(r) AS count
}
RETURN type, count ORDER BY type
"""

SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *"
SHOW_INDEXES = "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN *"

DELETE_ALL_BATCHED = """
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""

DROP_CONSTRAINT = "DROP CONSTRAINT {name} IF EXISTS"
DROP_INDEX = "DROP INDEX {name} IF EXISTS"
AWAIT_INDEXES = "CALL db.awaitIndexes($timeout)"
