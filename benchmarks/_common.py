"""Shared helpers of the benchmarks: a throwaway Neo4j server and peak-memory readings."""

from __future__ import annotations

import os
import resource
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import neo4j

from graph.server import LocalNeo4j
from graph.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def data_dir() -> Path:
    env = os.environ.get("SKILLGRAPH_DATA") or os.environ.get("SKILLGRAPH_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def throwaway_settings(home: Path, heap: str = "2g", pagecache: str = "1g") -> Settings:
    return Settings(
        local_bolt_port=free_port(),
        local_http_port=free_port(),
        local_data_dir=home,
        local_heap=heap,
        local_pagecache=pagecache,
    )


@contextmanager
def throwaway_server(
    heap: str = "2g", pagecache: str = "1g"
) -> Iterator[tuple[neo4j.Driver, Settings]]:
    """A fresh, empty Neo4j on free loopback ports, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="skillgraph-bench-") as tmp:
        settings = throwaway_settings(Path(tmp), heap, pagecache)
        server = LocalNeo4j(settings)
        server.start()
        try:
            with neo4j.GraphDatabase.driver(settings.effective_uri) as driver:
                yield driver, settings
        finally:
            server.stop()


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
