"""``skillgraph serve``: the GraphQL API under uvicorn."""

from __future__ import annotations

import copy
from typing import Annotated, Any

import typer


def register(app: typer.Typer, *, load_app: typer.Typer) -> None:
    """Add ``serve`` to the ``skillgraph`` app."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
        access_log: Annotated[bool | None, typer.Option(
            "--access-log/--no-access-log",
            help="Write uvicorn's access log, a line per request (default: "
            "SKILLGRAPH_API_ACCESS_LOG, else off).",
            show_default=False,
        )] = None,
    ) -> None:
        """Serve the GraphQL API (GraphiQL at /graphql in development, /health, /ready)."""
        import uvicorn

        from graph.settings import get_settings

        uvicorn.run(**uvicorn_options(
            host=host, port=port, workers=workers,
            access_log=get_settings().api_access_log if access_log is None else access_log,
        ))


def uvicorn_options(*, host: str, port: int, workers: int, access_log: bool) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run`` for ``skillgraph serve``: one worker is
    served from the factory ``api.main:create``, several import ``api.main:app``."""
    return {
        "app": "api.main:app" if workers > 1 else "api.main:create",
        "host": host,
        "port": port,
        "workers": workers,
        "factory": workers == 1,
        "access_log": access_log,
        "log_level": "info",
        "log_config": log_config(),
    }


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with the API's own log (``api``: the job-ad models' warm-up, masked
    errors with their correlation ids) at INFO on the same handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["api"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
