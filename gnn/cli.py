"""Commands of this group (filled in by its issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer, *, load_app: typer.Typer) -> None:
    """Add this group's commands to the ``skillgraph`` app."""
