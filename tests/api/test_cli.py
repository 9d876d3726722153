"""``skillgraph serve``: its options and its logging configuration."""

from __future__ import annotations

import logging
import logging.config
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from uvicorn.config import LOGGING_CONFIG

from api.cli import log_config
from graph.settings import get_settings

LOGGERS = ("api", "uvicorn", "uvicorn.error", "uvicorn.access")


def test_the_api_log_is_shown_at_info_beside_uvicorns(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    saved = {name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level,
                    logging.getLogger(name).propagate) for name in LOGGERS}
    try:
        logging.config.dictConfig(log_config())
        logging.getLogger("api").info("job-ad models built in 1.0 s")
        logging.getLogger("api").debug("not shown")
    finally:
        for name, (handlers, level, propagate) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate
    err = capsys.readouterr().err
    assert "INFO" in err and "job-ad models built in 1.0 s" in err
    assert "not shown" not in err
    assert "api" not in LOGGING_CONFIG["loggers"]  # uvicorn's own default is left alone


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[dict[str, Any]]]:
    """The keyword arguments ``skillgraph serve`` passes to ``uvicorn.run`` (not run), with
    no ``.env`` in the way."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda **kwargs: calls.append(kwargs))
    monkeypatch.delenv("SKILLGRAPH_API_ACCESS_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


def serve(*args: str) -> None:
    from typer.testing import CliRunner

    from graph.cli.main import app

    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 0, result.output


def test_serve_writes_no_access_log_unless_asked(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    serve()
    serve("--access-log")
    monkeypatch.setenv("SKILLGRAPH_API_ACCESS_LOG", "true")
    get_settings.cache_clear()
    serve()
    serve("--no-access-log")
    assert [call["access_log"] for call in served] == [False, True, True, False]


def test_serve_runs_one_worker_from_the_factory_and_several_from_the_module_app(
    served: list[dict[str, Any]]
) -> None:
    serve("--port", "8123")
    serve("--workers", "2", "--host", "0.0.0.0")
    one, two = served
    assert (one["app"], one["factory"], one["port"], one["host"]) == \
        ("api.main:create", True, 8123, "127.0.0.1")
    assert (two["app"], two["factory"], two["workers"], two["host"]) == \
        ("api.main:app", False, 2, "0.0.0.0")
    assert one["log_config"]["loggers"]["api"]["level"] == "INFO"
