"""The local server serves Neo4j Browser."""

from __future__ import annotations

import httpx
import neo4j
import pytest

from graph.settings import Settings


@pytest.mark.integration
def test_neo4j_browser_answers_with_html(neo4j_driver: neo4j.Driver, settings: Settings) -> None:
    if not settings.uses_local_server:
        pytest.skip("NEO4J_URI points at an external server")
    response = httpx.get(f"http://127.0.0.1:{settings.local_http_port}/browser/", timeout=30.0)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text.lower()
    assert "neo4j" in response.text.lower()
