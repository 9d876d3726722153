"""The one seam to the database: drivers are made here from settings, and only the CLI and the
API lifespan call these functions. Library code takes an injected ``neo4j.Driver``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.errors import DatabaseError, DatabaseUnavailableError
from graph.settings import Settings


def create_driver(settings: Settings) -> neo4j.Driver:
    """A synchronous driver for ``settings.effective_uri`` (not yet verified)."""
    return neo4j.GraphDatabase.driver(
        settings.effective_uri,
        auth=settings.auth(),
        max_connection_pool_size=50,
        connection_acquisition_timeout=30.0,
    )


def create_async_driver(settings: Settings) -> neo4j.AsyncDriver:
    """An asynchronous driver for ``settings.effective_uri`` (not yet verified)."""
    return neo4j.AsyncGraphDatabase.driver(
        settings.effective_uri,
        auth=settings.auth(),
        max_connection_pool_size=100,
        connection_acquisition_timeout=10.0,
    )


def verify(driver: neo4j.Driver, uri: str) -> None:
    """Raise DatabaseUnavailableError with a hint when Bolt does not answer."""
    try:
        driver.verify_connectivity()
    except AuthError as e:
        raise DatabaseUnavailableError(
            f"Neo4j at {uri} refused the credentials: set NEO4J_USER and NEO4J_PASSWORD"
        ) from e
    except (ServiceUnavailable, OSError) as e:
        raise DatabaseUnavailableError(
            f"Neo4j is not reachable at {uri}; start the local server with "
            "`skillgraph neo4j start` or set NEO4J_URI"
        ) from e


@contextmanager
def open_driver(settings: Settings) -> Iterator[neo4j.Driver]:
    """Create, verify and close a driver (for CLI commands)."""
    driver = create_driver(settings)
    try:
        verify(driver, settings.effective_uri)
        yield driver
    finally:
        driver.close()


DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"


@contextmanager
def database_errors(doing: str) -> Iterator[None]:
    """Raise driver errors inside the block as DatabaseUnavailableError (connection lost) or
    DatabaseError (the server refused), naming what was being done (``doing``: "writing",
    "reading ESCO labels", ...). The boundary where library code meets the driver."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as e:
        raise DatabaseUnavailableError(f"lost the connection to Neo4j while {doing}: {e}") from e
    except Neo4jError as e:
        hint = ""
        if e.code == DATABASE_NOT_FOUND:
            hint = "; check NEO4J_DATABASE (Neo4j Community has only the database 'neo4j')"
        message = " ".join(str(e.message or e).split())
        raise DatabaseError(
            f"Neo4j returned an error while {doing} ({e.code}): {message}{hint}"
        ) from e
