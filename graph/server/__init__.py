"""The managed local Neo4j server (the embedded default for development, tests and the demo)."""

from graph.server.local import LocalNeo4j, ServerStatus

__all__ = ["LocalNeo4j", "ServerStatus"]
