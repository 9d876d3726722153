"""Fixtures of the API tests: a small graph written with Cypher and a TestClient (lifespan on)
whose driver counts the Cypher round trips."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import neo4j
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.db import create_async_driver
from graph.schema import apply_schema, clear_graph
from graph.settings import Settings
from tests.api.graphdata import write_graph
from tests.conftest import mark_graph_dirty


class CountingDriver:
    """An async driver that counts the sessions opened: the API runs one query per session,
    so this is the number of Cypher round trips."""

    def __init__(self, driver: neo4j.AsyncDriver) -> None:
        self._driver = driver
        self.calls = 0

    def session(self, **kwargs: Any) -> neo4j.AsyncSession:
        self.calls += 1
        return self._driver.session(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


class Api:
    """A TestClient with helpers to post GraphQL and read the round-trip counter."""

    def __init__(self, client: TestClient, counter: list[CountingDriver]) -> None:
        self.client = client
        self._counter = counter

    @property
    def round_trips(self) -> int:
        return self._counter[0].calls

    def reset(self) -> None:
        self._counter[0].calls = 0

    def gql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return cast(dict[str, Any], response.json())

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.gql(query, **variables)
        assert "errors" not in body, body["errors"]
        return cast(dict[str, Any], body["data"])


@pytest.fixture(scope="session")
def api_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The small API test graph (written once per session)."""
    clear_graph(neo4j_driver)
    apply_schema(neo4j_driver)
    write_graph(neo4j_driver)
    mark_graph_dirty()
    return neo4j_driver


def make_api(settings: Settings) -> Iterator[Api]:
    counter: list[CountingDriver] = []

    def factory(s: Settings) -> neo4j.AsyncDriver:
        counting = CountingDriver(create_async_driver(s))
        counter.append(counting)
        return cast(neo4j.AsyncDriver, counting)

    with TestClient(create_app(settings, driver_factory=factory)) as client:
        yield Api(client, counter)


@pytest.fixture(scope="module")
def api(api_graph: neo4j.Driver, settings: Settings) -> Iterator[Api]:
    """The API over the test graph, started through its lifespan."""
    yield from make_api(settings)
