"""Runtime Cypher of the console: named constants and one small builder.

Every value is a ``$parameter``; the only interpolated text is a parameter expression typed by
the user at the console (``:param name => expression``), which is Cypher the user runs anyway.
"""

from __future__ import annotations

LABELS = "CALL db.labels() YIELD label RETURN label ORDER BY label"
RELATIONSHIP_TYPES = (
    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType "
    "ORDER BY relationshipType"
)
PROPERTY_KEYS = "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey ORDER BY propertyKey"
PROCEDURES = "SHOW PROCEDURES YIELD name RETURN name ORDER BY name"
FUNCTIONS = "SHOW FUNCTIONS YIELD name RETURN name ORDER BY name"
CONSTRAINTS = (
    "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties "
    "RETURN name, type, entityType, labelsOrTypes, properties ORDER BY name"
)
INDEXES = (
    "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state "
    "RETURN name, type, entityType, labelsOrTypes, properties, state ORDER BY name"
)


def evaluate_expression(expression: str) -> str:
    """A statement returning the value of a Cypher expression as column ``value``.

    Used by ``:param name => expression`` so that Cypher literals (``['a', 'b']``,
    ``date('2024-01-01')``, ``{k: 1}``) become parameter values; run in a read transaction.
    """
    text = expression.strip()
    if not text:
        raise ValueError(f"expected one Cypher expression, got {expression!r}")
    return f"RETURN {text} AS value"

# Cancelling: the console tags each transaction with metadata and terminates it on Ctrl-C.
TRANSACTIONS_TAGGED = (
    "SHOW TRANSACTIONS YIELD transactionId, metaData "
    "WHERE metaData.skillgraphConsole = $tag RETURN transactionId"
)
TERMINATE_TRANSACTIONS = "TERMINATE TRANSACTIONS $ids"
