"""``skillgraph predict ...``: the command group that prediction commands add themselves to."""

from __future__ import annotations

import typer

predict_app = typer.Typer(
    help="Batch predictions: related skills, career transitions, skills for a job title.",
    no_args_is_help=True,
)
