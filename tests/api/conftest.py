"""Fixtures of the API tests: a TestClient (lifespan on) whose driver counts the Cypher round
trips, the bundled sample (with random unit embeddings where the model fields are tested) and a
small graph written with Cypher for the content the sample lacks (job ads)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

import neo4j
import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import ApiLimits
from gnn.label_vectors import write_label_vectors
from graph.db import create_async_driver
from graph.schema import apply_schema, clear_graph
from graph.settings import Settings
from tests.api.graphdata import write_embeddings, write_graph
from tests.conftest import GraphState, mark_graph_dirty
from tests.gnn.tiny import fake_encoder


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

    @property
    def plan_hits(self) -> int:
        """Requests answered by a compiled query plan (``api.plans``) so far."""
        return int(self.client.app.state.schema.plan_hits)  # type: ignore[attr-defined]

    def gql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return cast(dict[str, Any], response.json())

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.gql(query, **variables)
        assert "errors" not in body, body["errors"]
        return cast(dict[str, Any], body["data"])


def cypher(driver: neo4j.Driver, query: str, **parameters: Any) -> list[neo4j.Record]:
    """The records of a hand-written query: the oracle the API's answers are checked against."""
    return list(driver.execute_query(query, parameters).records)


SLOW_CYPHER = "UNWIND range(1, 10000000000) AS i WITH i WHERE i < 0 RETURN i AS node"
"""A read that runs for minutes (but reads nothing): it meets any short read timeout."""

SMALL_GRAPH = "api-small-graph"
EMBEDDED_SAMPLE = "sample+random-embeddings"
LABELLED_SAMPLE = "sample+label-vectors"

MEANINGS = {"zqtooth": "dental", "zqcarer": "nurse"}
"""Made-up words (in no label of the sample) that :func:`meaning_encoder` reads as another."""


def meaning_encoder(texts: Sequence[str]) -> np.ndarray:
    """A stand-in for MiniLM in which the words of :data:`MEANINGS` mean another word: a text
    can be near a label it shares no word with."""
    return fake_encoder([" ".join(MEANINGS.get(w, w) for w in t.lower().split()) for t in texts])


async def meaning_of(text: str) -> list[float]:
    """The app's ``query_encoder`` for :func:`meaning_encoder`."""
    return [float(x) for x in meaning_encoder([text])[0]]


@pytest.fixture
def small_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The small hand-written graph of ``graphdata`` (rewritten when the database changed)."""
    if GraphState.content != SMALL_GRAPH:
        clear_graph(neo4j_driver, drop_schema=True)
        apply_schema(neo4j_driver)
        write_graph(neo4j_driver)
        mark_graph_dirty()
        GraphState.content = SMALL_GRAPH
    return neo4j_driver


@pytest.fixture
def embedded_sample(request: pytest.FixtureRequest, neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The bundled sample with random unit vectors, their vector indexes and a current
    ModelVersion (written once; the sample is reloaded by the next ``sample_graph`` user)."""
    if GraphState.content != EMBEDDED_SAMPLE:
        request.getfixturevalue("sample_graph")
        write_embeddings(neo4j_driver)
        mark_graph_dirty()
        GraphState.content = EMBEDDED_SAMPLE
    return neo4j_driver


@pytest.fixture
def labelled_sample(request: pytest.FixtureRequest, neo4j_driver: neo4j.Driver,
                    tmp_path_factory: pytest.TempPathFactory) -> neo4j.Driver:
    """The bundled sample with the label vectors of ``search``, from :func:`meaning_encoder`."""
    if GraphState.content != LABELLED_SAMPLE:
        request.getfixturevalue("sample_graph")
        write_label_vectors(neo4j_driver, tmp_path_factory.mktemp("label-vectors"),
                            meaning_encoder)
        mark_graph_dirty()
        GraphState.content = LABELLED_SAMPLE
    return neo4j_driver


def make_api(settings: Settings, *, limits: ApiLimits | None = None, **app_options: Any
             ) -> Iterator[Api]:
    """An :class:`Api` over a new app (``app_options`` go to ``create_app``)."""
    counter: list[CountingDriver] = []

    def factory(s: Settings) -> neo4j.AsyncDriver:
        counting = CountingDriver(create_async_driver(s))
        counter.append(counting)
        return cast(neo4j.AsyncDriver, counting)

    # the graph changes between tests: list the vector indexes on every request
    limits = limits or ApiLimits(vector_index_ttl_s=0.0)
    app = create_app(settings, limits=limits, driver_factory=factory, **app_options)
    with TestClient(app) as client:
        yield Api(client, counter)


@pytest.fixture(scope="module")
def api(neo4j_driver: neo4j.Driver, settings: Settings) -> Iterator[Api]:
    """The API over the test database, started through its lifespan (each test asks for the
    graph it needs: ``sample_graph``, ``embedded_sample``, ``labelled_sample`` or
    ``small_graph``); ``search`` reads the meaning of its text with :func:`meaning_encoder`."""
    yield from make_api(settings, query_encoder=meaning_of)


@pytest.fixture(scope="module")
def resolver_api(neo4j_driver: neo4j.Driver, settings: Settings) -> Iterator[Api]:
    """The same API with the compiled query plans turned off: every request runs the
    resolvers (the reference the plans are checked against)."""
    yield from make_api(settings.model_copy(update={"api_query_plans": False}),
                        query_encoder=meaning_of)
