"""Shared fixtures: the real Neo4j over Bolt, the bundled sample graph, the shared data.

Integration tests empty and reload the database they use. They connect to ``NEO4J_URI`` when
set, or to the managed local server the ``SKILLGRAPH_LOCAL_*`` settings name when those are
set; otherwise to a managed local server of their own (:data:`TEST_SERVER`: other ports and
``$SKILLGRAPH_HOME/test-server``), never to the development one, whose graph stays as it is.
The server is started for the session when it is not running (and stopped afterwards).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.db import create_driver, verify
from graph.errors import DatabaseUnavailableError
from graph.schema import apply_schema, clear_graph
from graph.server import LocalNeo4j
from graph.settings import Settings, get_settings

TEST_SERVER = {"SKILLGRAPH_LOCAL_BOLT_PORT": "7688", "SKILLGRAPH_LOCAL_HTTP_PORT": "7475"}
"""Ports of the tests' own local server (the development server's are 7687 and 7474)."""

_CHOSEN = frozenset({"neo4j_uri", "local_bolt_port", "local_data_dir"})
"""Settings that say which database the tests may use: any of them set (in the environment
or ``.env``), they are obeyed."""


def own_server_env(configured: Settings) -> dict[str, str]:
    """The environment that points at the tests' own local server; empty when the settings
    name a database."""
    if configured.model_fields_set & _CHOSEN:
        return {}
    return {**TEST_SERVER, "SKILLGRAPH_LOCAL_DATA_DIR": str(configured.home / "test-server")}


def pytest_configure(config: pytest.Config) -> None:
    """Point the session (and the processes it starts) at the tests' own local server
    unless the settings name a database."""
    os.environ.update(own_server_env(Settings()))
    get_settings.cache_clear()


ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "graph" / "sample"


def shared_data_dir() -> Path:
    for var in ("SKILLGRAPH_DATA", "SKILLGRAPH_DATA_DIR"):
        if os.environ.get(var):
            return Path(os.environ[var])
    return ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = shared_data_dir()
    if not (path / "esco-v1.1.1").exists():
        pytest.skip(f"shared data not found at {path}; set SKILLGRAPH_DATA")
    return path


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def neo4j_driver(settings: Settings) -> Iterator[neo4j.Driver]:
    """A driver to the real Neo4j; the local server is started when nothing answers."""
    started: LocalNeo4j | None = None
    driver = create_driver(settings)
    try:
        verify(driver, settings.effective_uri)
    except DatabaseUnavailableError:
        if not settings.uses_local_server:
            raise
        started = LocalNeo4j(settings)
        started.start()
        driver.close()
        driver = create_driver(settings)
        verify(driver, settings.effective_uri)
    try:
        yield driver
    finally:
        driver.close()
        if started is not None:
            started.stop()


class GraphState:
    """Tracks what the single Community database currently holds, to reload only when needed."""

    content: str = "unknown"


@pytest.fixture
def empty_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """An empty database with the schema applied."""
    clear_graph(neo4j_driver, drop_schema=True)
    apply_schema(neo4j_driver)
    GraphState.content = "dirty"
    return neo4j_driver


@pytest.fixture
def sample_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The bundled sample loaded (once, unless a test changed the graph since).

    Tests using it must not write; those that write use ``empty_graph`` and load what they need.
    """
    if GraphState.content != "sample":
        from graph.loaders.base import KnownKeys, write_prepared
        from graph.loaders.sources import DataSource

        clear_graph(neo4j_driver, drop_schema=True)
        source = DataSource(SAMPLE_DIR)
        known = KnownKeys()
        loads = []
        from graph.cli.load_cmd import ALL_SOURCES

        for _, prepare in ALL_SOURCES:
            prepared = prepare(source, known, False)
            known.add_prepared(prepared)
            loads.append(prepared)
        write_prepared(neo4j_driver, loads)
        GraphState.content = "sample"
    return neo4j_driver


def mark_graph_dirty() -> None:
    """Call after a test wrote to a graph it got from ``sample_graph``."""
    GraphState.content = "dirty"
