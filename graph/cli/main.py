"""The ``skillgraph`` entry point: one Typer app gathering every command group.

Heavy libraries (torch, sentence-transformers) are imported inside commands, never here, so
``skillgraph --help`` stays fast.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from graph.cli import load_cmd, neo4j_cmd
from graph.cli.common import console, driver, report_errors, settings
from graph.cli.predict_cmd import predict_app
from graph.schema import apply_schema, graph_counts

app = typer.Typer(
    name="skillgraph",
    help="A knowledge graph of skills, occupations, programs and job ads in Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(neo4j_cmd.app, name="neo4j")
app.add_typer(load_cmd.app, name="load")
app.add_typer(predict_app, name="predict")


@app.command()
@report_errors
def schema() -> None:
    """Create the constraints and indexes of cypher/schema.cypher (idempotent)."""
    with driver() as d:
        n = apply_schema(d, database=settings().neo4j_database)
    console.print(f"Applied {n} schema statements")


@app.command()
@report_errors
def stats(json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of nodes by label and relationships by type."""
    with driver() as d:
        counts = graph_counts(d, database=settings().neo4j_database)
    if json_:
        print(json.dumps(counts, indent=2, sort_keys=True))
        return
    for kind, title in (("nodes", "label"), ("relationships", "type")):
        table = Table(title=kind.capitalize())
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in sorted(counts[kind].items()):
            table.add_row(name, f"{count:,}")
        console.print(table)


def _register_groups() -> None:
    """Command groups of the other packages; each module's ``register`` adds its commands."""
    from api import cli as api_cli
    from gnn import cli as gnn_cli
    from graph.cli import console_cmd, jobads_cmd

    for module in (console_cmd, jobads_cmd, gnn_cli, api_cli):
        module.register(app, load_app=load_cmd.app)


_register_groups()


if __name__ == "__main__":
    app()
