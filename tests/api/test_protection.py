"""Query limits, error masking, production mode, health and the schema snapshot."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import ApiLimits
from api.reader import GraphReader
from api.schema import SCHEMA_FILE, schema_sdl
from graph.db import create_async_driver
from graph.errors import DatabaseUnavailableError
from graph.server import LocalNeo4j
from graph.settings import Settings
from tests.api.conftest import SLOW_CYPHER, Api, cypher, make_api
from tests.api.graphdata import occupation_uri, skill_uri

pytestmark = pytest.mark.integration


def test_the_exported_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "api/schema.graphql is stale: regenerate it with `python -m api.export_schema`"
    )


def test_a_query_deeper_than_the_limit_is_rejected(api: Api) -> None:
    inner = "totalCount"
    for _ in range(ApiLimits().max_depth):
        inner = (
            "edges { node { occupations { edges { node { essentialSkills { "
            + inner + " } } } } } }"
        )
    uri = skill_uri(1)
    body = api.gql(f'{{ skill(uri: "{uri}") {{ ... on Skill {{ occupations {{ {inner} }} }} }} }}')
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


def test_too_many_aliases_are_rejected(api: Api) -> None:
    fields = " ".join(f'a{i}: stats {{ nodes {{ count }} }}' for i in range(20))
    body = api.gql(f"{{ {fields} }}")
    assert "aliases" in body["errors"][0]["message"]


def test_too_many_tokens_are_rejected(api: Api) -> None:
    fields = " ".join("__typename" for _ in range(ApiLimits().max_tokens))
    body = api.gql(f"{{ {fields} }}")
    assert "token" in body["errors"][0]["message"].lower()


def test_stats_counts_nodes_and_relationships(api: Api, sample_graph: neo4j.Driver) -> None:
    stats = api.data("{ stats { nodes { label count } relationships { type count } "
                     "model { version dimensions } } }")["stats"]
    (row,) = cypher(sample_graph, """
        RETURN COUNT { (:Skill) } AS skills, COUNT { (:Occupation) } AS occupations,
               COUNT { (:Program) } AS programs, COUNT { ()-[:REQUIRES]->() } AS requires""")
    nodes = {n["label"]: n["count"] for n in stats["nodes"]}
    assert (nodes["Skill"], nodes["Occupation"], nodes["Program"]) == (
        row["skills"], row["occupations"], row["programs"])
    assert {r["type"]: r["count"] for r in stats["relationships"]}["REQUIRES"] == row["requires"]
    assert stats["model"] is None  # the sample has no model


def test_health_is_ok_and_ready_needs_a_model(api: Api, sample_graph: neo4j.Driver) -> None:
    assert api.client.get("/health").json() == {"status": "ok"}
    ready = api.client.get("/ready")
    assert ready.status_code == 503 and "no current model" in ready.json()["reason"]


def test_graphiql_is_served_in_development(api: Api) -> None:
    response = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


@pytest.fixture
def production(sample_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    prod = settings.model_copy(update={"api_production": True})
    with TestClient(create_app(prod)) as client:
        yield client


def test_production_refuses_introspection_and_graphiql(production: TestClient) -> None:
    body = production.post("/graphql", json={"query": "{ __schema { types { name } } }"}).json()
    assert "introspection" in body["errors"][0]["message"].lower()
    assert production.get("/graphql", headers={"Accept": "text/html"}).status_code != 200
    ok = production.post("/graphql", json={"query": "{ stats { nodes { count } } }"}).json()
    assert "errors" not in ok


def test_production_refuses_queries_sent_with_get_even_once_planned(
    production: TestClient,
) -> None:
    query = "{ __typename }"
    schema = production.app.state.schema  # type: ignore[attr-defined]
    hits = schema.plan_hits
    for _ in range(2):  # the second POST is answered by the plan compiled on the first
        answer = production.post("/graphql", json={"query": query}).json()
        assert answer == {"data": {"__typename": "Query"}}
    assert schema.plan_hits == hits + 1
    refused = production.get("/graphql", params={"query": query})
    assert refused.status_code >= 400
    assert schema.plan_hits == hits + 1


def test_a_variable_of_the_wrong_type_is_reported_not_masked(api: Api) -> None:
    query = "query($first: Int) { search(text: \"x\", first: $first) { __typename } }"
    body = api.client.post("/graphql", json={"query": query, "variables": {"first": "ten"}})
    (error,) = body.json()["errors"]
    assert "Int cannot represent non-integer value: 'ten'" in error["message"]
    assert "correlationId" not in (error.get("extensions") or {})


def test_internal_errors_are_masked_with_a_correlation_id(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api import queries

    def broken(*args: object) -> str:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(queries, "nodes_by_key", broken)
    body = api.gql(f'{{ occupation(uri: "{occupation_uri(1)}") {{ __typename }} }}')
    error = body["errors"][0]
    assert error["message"] == "Internal server error."
    assert "secret" not in str(body) and len(error["extensions"]["correlationId"]) == 12


def test_a_read_past_its_timeout_is_reported_as_not_answered_in_time_not_masked(
    neo4j_driver: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api import queries

    monkeypatch.setattr(queries, "nodes_by_key", lambda *args: SLOW_CYPHER)
    resolvers = settings.model_copy(update={"api_query_plans": False})
    for api in make_api(resolvers, limits=ApiLimits(read_timeout_s=1.0)):
        body = api.gql(f'{{ occupation(uri: "{occupation_uri(1)}") {{ __typename }} }}')
    (error,) = body["errors"]
    assert error["message"] == ("the graph database could not answer in time; try again or "
                                "narrow the query")
    assert "correlationId" not in (error.get("extensions") or {})


def test_a_read_terminated_in_neo4j_is_reported_as_not_answered_in_time(
    neo4j_driver: neo4j.Driver, settings: Settings
) -> None:
    async def run() -> None:
        driver = create_async_driver(settings)
        reader = GraphReader(driver, database=settings.neo4j_database, timeout_s=60.0)
        read = asyncio.create_task(reader.read(SLOW_CYPHER))
        try:
            deadline = time.monotonic() + 30
            ids: list[str] = []
            while not ids and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                ids = [r["id"] for r in await asyncio.to_thread(
                    cypher, neo4j_driver, "SHOW TRANSACTIONS YIELD transactionId AS id, "
                    "currentQuery WHERE currentQuery = $slow RETURN id", slow=SLOW_CYPHER)]
            assert ids, "the slow read never showed up in SHOW TRANSACTIONS"
            await asyncio.to_thread(cypher, neo4j_driver, "TERMINATE TRANSACTIONS $ids",
                                    ids=ids)
            with pytest.raises(DatabaseUnavailableError, match="could not answer in time"):
                await asyncio.wait_for(read, 30)
        finally:
            read.cancel()
            await driver.close()

    asyncio.run(run())


def test_ready_shows_no_neo4j_message_to_its_callers_and_logs_it(
    neo4j_driver: neo4j.Driver, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    missing = settings.model_copy(update={"neo4j_database": "no-such-database"})
    with TestClient(create_app(missing)) as client, \
            caplog.at_level(logging.WARNING, logger="api"):
        down = client.get("/ready")
    assert down.status_code == 503
    assert down.json() == {"status": "unavailable", "reason": "neo4j unavailable",
                           "jobAdModels": "on first use"}
    assert "DatabaseNotFound" in caplog.text  # the detail is in the log


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _warm_up(settings: Settings, cypher: str = "RETURN 1") -> None:
    """Run one query on a freshly started server (its first answers are slow)."""
    from graph.db import create_driver

    with create_driver(settings) as d:
        d.execute_query(cypher)


def test_ready_reports_a_stopped_database_and_recovers_when_it_returns(tmp_path: Path) -> None:
    throwaway = Settings(
        local_bolt_port=_free_port(), local_http_port=_free_port(),
        local_data_dir=tmp_path / "neo4j", local_heap="512m", local_pagecache="128m",
    )
    server = LocalNeo4j(throwaway)
    server.start()
    try:
        _warm_up(throwaway)
        with TestClient(create_app(throwaway)) as client:
            assert client.get("/ready").json()["reason"].startswith("no current model")
            server.stop()
            down = client.get("/ready")
            assert down.status_code == 503 and down.json()["reason"] == "neo4j unavailable"
            body = client.post("/graphql", json={"query": "{ stats { nodes { count } } }"})
            assert "unavailable" in body.json()["errors"][0]["message"]
            assert client.get("/health").status_code == 200
            server.start()
            _warm_up(throwaway, "CREATE (:ModelVersion {version: 'v1', current: true})")
            back = client.get("/ready")
            assert back.status_code == 200, back.json()
    finally:
        server.stop()


def test_ready_and_stats_name_the_current_model(api: Api, embedded_sample: neo4j.Driver) -> None:
    ready = api.client.get("/ready")
    assert ready.status_code == 200 and "random-1" in ready.json()["reason"]
    model = api.data("{ stats { model { version dimensions } } }")["stats"]["model"]
    assert model == {"version": "random-1", "dimensions": 8}
