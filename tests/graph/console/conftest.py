"""A tiny graph for the console tests (written into an empty database)."""

from __future__ import annotations

import neo4j
import pytest

TINY_GRAPH = """
CREATE (sd:Occupation {uri: 'urn:test:occupation:sd', label: 'software developer'})
CREATE (py:Skill {uri: 'urn:test:skill:py', label: 'Python', altLabels: ['Python3']})
CREATE (sql:Skill {uri: 'urn:test:skill:sql', label: 'SQL'})
CREATE (sd)-[:REQUIRES {essential: true}]->(py), (sd)-[:REQUIRES {essential: false}]->(sql)
"""


@pytest.fixture
def tiny_graph(empty_graph: neo4j.Driver) -> neo4j.Driver:
    """One occupation requiring two skills."""
    empty_graph.execute_query(TINY_GRAPH)
    return empty_graph
