"""The managed local server: configuration and a real start/stop cycle."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.errors import LocalServerError
from graph.server import LocalNeo4j, local
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


def _sleeper(*args: str) -> subprocess.Popen[bytes]:
    """A live process that is not Neo4j: Python sleeping, with ``args`` on its command line."""
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", *args])


@pytest.fixture
def unrelated() -> Iterator[subprocess.Popen[bytes]]:
    proc = _sleeper()
    yield proc
    proc.kill()
    proc.wait()


def _server_with_pid_file(tmp_path: Path, pid: int) -> LocalNeo4j:
    server = LocalNeo4j(Settings(local_bolt_port=free_port(), local_data_dir=tmp_path))
    server.pid_file.parent.mkdir(parents=True)
    server.pid_file.write_text(str(pid))
    return server


def test_a_pid_file_naming_an_unrelated_live_process_is_stale_and_stop_leaves_it_alone(
    tmp_path: Path, unrelated: subprocess.Popen[bytes],
) -> None:
    server = _server_with_pid_file(tmp_path, unrelated.pid)
    st = server.status()
    assert not st.running and st.pid is None
    assert st.stale_pid == unrelated.pid
    assert f"stale pid file: process {unrelated.pid}" in st.describe()
    assert not server.pid_file.exists()
    server.pid_file.write_text(str(unrelated.pid))
    assert server.stop(timeout_s=2) is False
    assert unrelated.poll() is None  # still running
    assert not server.pid_file.exists()


def test_the_stop_command_says_it_removed_a_stale_pid_file(
    tmp_path: Path, unrelated: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from graph.cli.main import app
    from graph.settings import get_settings

    _server_with_pid_file(tmp_path, unrelated.pid)
    monkeypatch.setenv("SKILLGRAPH_LOCAL_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["neo4j", "stop"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Neo4j was not running" in said
    assert f"removed a stale pid file: process {unrelated.pid}" in said
    assert unrelated.poll() is None


def test_a_pid_file_naming_this_servers_process_is_trusted_and_stopped(tmp_path: Path) -> None:
    server = LocalNeo4j(Settings(local_bolt_port=free_port(), local_data_dir=tmp_path))
    proc = _sleeper(local.ENTRY_POINT, f"--home-dir={server.home}")
    try:
        server.pid_file.parent.mkdir(parents=True)
        server.pid_file.write_text(str(proc.pid))
        assert server.status().pid == proc.pid
        assert server.stop(timeout_s=10) is True
        assert proc.wait(timeout=5) is not None
    finally:
        proc.kill()
        proc.wait()


def test_a_process_of_the_same_entry_point_for_another_home_is_not_trusted(
    tmp_path: Path,
) -> None:
    proc = _sleeper(local.ENTRY_POINT, f"--home-dir={tmp_path / 'other'}")
    try:
        server = _server_with_pid_file(tmp_path, proc.pid)
        assert server.stop(timeout_s=2) is False
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait()


def test_without_proc_a_live_pid_in_the_pid_file_is_taken_as_the_server(
    tmp_path: Path, unrelated: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(local, "PROC", tmp_path / "no-proc")
    server = _server_with_pid_file(tmp_path, unrelated.pid)
    assert server.status().pid == unrelated.pid
    assert server.status().stale_pid is None


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
