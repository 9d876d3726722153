"""The application around the GraphQL view (``api.app``): a planned answer skips Starlette's
middleware stack only while that stack adds nothing to it, and CORS, when configured, is on
every answer, planned or not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from api.app import SkillgraphApi, create_app
from graph.settings import Settings
from tests.api.conftest import Api, cypher, make_api

pytestmark = pytest.mark.integration

QUERY = "query($s: String!) { skill(uri: $s) { ... on Skill { uri label } } }"
ORIGIN = "https://careers.example.org"


class CountingStack:
    """Stands in front of the app's middleware stack and counts the requests it is given."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)


def count_stack(client: TestClient) -> CountingStack:
    app = client.app
    assert isinstance(app, SkillgraphApi) and app.middleware_stack is not None  # lifespan ran
    counting = CountingStack(app.middleware_stack)
    app.middleware_stack = counting
    return counting


def a_skill(driver: neo4j.Driver) -> str:
    return str(cypher(driver, "MATCH (s:Skill) RETURN s.uri AS uri ORDER BY uri LIMIT 1")[0]["uri"])


@pytest.fixture(scope="module")
def cors_api(neo4j_driver: neo4j.Driver, settings: Settings) -> Iterator[Api]:
    yield from make_api(settings.model_copy(update={"api_cors_origins": [ORIGIN]}))


def test_a_planned_answer_skips_the_middleware_stack_and_everything_else_goes_through_it(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    skill = a_skill(sample_graph)
    body: dict[str, Any] = {"query": QUERY, "variables": {"s": skill}}
    first = api.client.post("/graphql", json=body)  # answered by the resolvers: plan compiled
    stack = count_stack(api.client)
    hits = api.plan_hits
    planned = api.client.post("/graphql", json=body)
    assert api.plan_hits == hits + 1
    assert stack.paths == []
    assert planned.status_code == 200 and planned.content == first.content

    unknown = {"query": QUERY, "variables": {"s": skill + "-unknown"}}  # the plan declines
    declined = api.client.post("/graphql", json=unknown)
    assert declined.json()["data"] == {"skill": {}}
    assert api.client.get("/health").status_code == 200
    assert stack.paths == ["/graphql", "/health"]


def test_with_cors_configured_planned_answers_carry_the_cors_headers(
    cors_api: Api, sample_graph: neo4j.Driver
) -> None:
    body = {"query": QUERY, "variables": {"s": a_skill(sample_graph)}}
    headers = {"Origin": ORIGIN}
    reference = cors_api.client.post("/graphql", json=body, headers=headers)
    stack = count_stack(cors_api.client)
    hits = cors_api.plan_hits
    planned = cors_api.client.post("/graphql", json=body, headers=headers)
    assert cors_api.plan_hits == hits + 1  # the plan answered, inside the stack
    assert stack.paths == ["/graphql"]
    assert planned.content == reference.content
    assert planned.headers["access-control-allow-origin"] == ORIGIN

    other = cors_api.client.post("/graphql", json=body,
                                 headers={"Origin": "https://elsewhere.example.com"})
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
    preflight = cors_api.client.options("/graphql", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    })
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_middleware_added_to_the_app_puts_planned_answers_back_inside_the_stack(
    settings: Settings,
) -> None:
    app = create_app(settings)
    assert app.stack_adds_nothing()
    app.add_middleware(GZipMiddleware)
    assert not app.stack_adds_nothing()
