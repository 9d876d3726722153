"""ASGI entry points: ``api.main:create`` (factory) and ``api.main:app`` (module-level app,
built from the environment; the driver is still only made in the lifespan)."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from graph.settings import get_settings


def create() -> FastAPI:
    """The API configured from the environment; the job-ad models start building as it starts
    unless ``SKILLGRAPH_API_WARM_JOBADS=false``."""
    settings = get_settings()
    return create_app(settings, warm_jobads=settings.api_warm_jobads)


app = create()
