"""skillgraph's graph layer: the local Neo4j, the graph model and the bulk loaders."""

__version__ = "0.1.0"
