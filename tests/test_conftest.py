"""The test session's choice of database: never the development server unless told to."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings
from tests.conftest import TEST_SERVER, own_server_env


def test_with_nothing_configured_the_tests_use_a_server_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in ("NEO4J_URI", "SKILLGRAPH_NEO4J_URI", "SKILLGRAPH_LOCAL_BOLT_PORT",
                "SKILLGRAPH_LOCAL_HTTP_PORT", "SKILLGRAPH_LOCAL_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    env = own_server_env(Settings(home=tmp_path))
    development = Settings(home=tmp_path)
    assert env["SKILLGRAPH_LOCAL_BOLT_PORT"] != str(development.local_bolt_port)
    assert env["SKILLGRAPH_LOCAL_HTTP_PORT"] != str(development.local_http_port)
    assert Path(env["SKILLGRAPH_LOCAL_DATA_DIR"]) == tmp_path / "test-server"
    assert Path(env["SKILLGRAPH_LOCAL_DATA_DIR"]) != development.server_home


def test_a_database_named_in_the_settings_is_used_as_it_is() -> None:
    assert own_server_env(Settings(neo4j_uri="bolt://db.example:7687")) == {}
    assert own_server_env(Settings(local_bolt_port=17687)) == {}
    assert own_server_env(Settings(local_data_dir=Path("/srv/neo4j"))) == {}


def test_this_session_talks_to_the_tests_server_or_to_the_one_it_was_told(
    settings: Settings,
) -> None:
    if settings.local_data_dir is not None and settings.local_data_dir.name == "test-server":
        assert str(settings.local_bolt_port) == TEST_SERVER["SKILLGRAPH_LOCAL_BOLT_PORT"]
    else:
        assert settings.model_fields_set & {"neo4j_uri", "local_bolt_port", "local_data_dir"}
