"""``skillgraph neo4j install|start|stop|status``: the managed local server."""

from __future__ import annotations

import typer

from graph.cli.common import console, report_errors, settings
from graph.server import LocalNeo4j
from graph.server.local import stale_pid_note

app = typer.Typer(help="Manage the local Neo4j 5.26 Community server (no Docker needed).",
                  no_args_is_help=True)


@app.command()
@report_errors
def install() -> None:
    """Fetch the Neo4j jars from Maven Central once (cached outside the repository)."""
    server = LocalNeo4j(settings())
    with console.status("Fetching Neo4j jars with Maven..."):
        fetched = server.install()
    console.print(("Installed" if fetched else "Already installed") + f" in {server.jars_dir}")


@app.command()
@report_errors
def start() -> None:
    """Start the local server in the background and wait until Bolt answers."""
    server = LocalNeo4j(settings())
    with console.status("Starting Neo4j..."):
        status = server.start()
    console.print(f"Neo4j {status.describe()}")
    console.print(status.bolt_uri)


@app.command()
@report_errors
def stop() -> None:
    """Stop the local server cleanly."""
    server = LocalNeo4j(settings())
    stopped = server.stop()
    console.print("Neo4j stopped" if stopped else "Neo4j was not running")
    if server.stale_pid is not None:
        console.print(f"[yellow]{stale_pid_note(server.stale_pid)}[/]", highlight=False)


@app.command()
@report_errors
def status() -> None:
    """Say whether the local server runs, and where."""
    st = LocalNeo4j(settings()).status()
    console.print(f"Neo4j {st.describe()} (home {st.home})")
    if not st.running:
        raise typer.Exit(3)
