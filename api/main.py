"""ASGI entry points: ``api.main:create`` (factory) and ``api.main:app`` (module-level app,
built from the environment; the driver is still only made in the lifespan)."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app


def create() -> FastAPI:
    """The API configured from the environment."""
    return create_app()


app = create()
