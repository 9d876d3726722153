"""The managed local server: configuration and a real start/stop cycle."""

from __future__ import annotations

import socket
from pathlib import Path

import neo4j
import pytest

from graph.errors import LocalServerError
from graph.server import LocalNeo4j
from graph.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_generated_config_binds_loopback_on_the_configured_ports(tmp_path: Path) -> None:
    s = Settings(local_bolt_port=17687, local_http_port=17474, local_data_dir=tmp_path)
    text = LocalNeo4j(s).config_text()
    assert "server.bolt.listen_address=127.0.0.1:17687" in text
    assert "server.http.listen_address=127.0.0.1:17474" in text
    assert "server.default_listen_address=127.0.0.1" in text
    assert f"server.directories.data={tmp_path / 'data'}" in text


def test_status_of_a_never_started_server_is_not_running(tmp_path: Path) -> None:
    s = Settings(local_bolt_port=free_port(), local_data_dir=tmp_path)
    st = LocalNeo4j(s).status()
    assert not st.running and st.pid is None
    assert "not running" in st.describe()


def test_start_refuses_a_port_taken_by_another_program(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        s = Settings(local_bolt_port=port, local_http_port=free_port(), local_data_dir=tmp_path)
        with pytest.raises(LocalServerError, match=f"port {port}"):
            LocalNeo4j(s).start()


@pytest.mark.integration
def test_a_second_server_starts_answers_bolt_and_stops(tmp_path: Path) -> None:
    s = Settings(local_bolt_port=free_port(), local_http_port=free_port(), local_data_dir=tmp_path,
                 local_heap="512m", local_pagecache="64m")
    server = LocalNeo4j(s)
    if not server.installed:
        pytest.skip("Neo4j jars not installed")
    status = server.start()
    try:
        assert status.running
        with neo4j.GraphDatabase.driver(status.bolt_uri) as d:
            assert d.execute_query("RETURN 1 AS x").records[0]["x"] == 1
        assert server.start().pid == status.pid  # idempotent
    finally:
        assert server.stop()
    assert not server.status().running
