"""Latency of the query library (cypher/queries/*.cypher) on whatever graph Neo4j holds.

Runs each query with its default parameters in read transactions through the console's runner:
one warm-up run, then ``--runs`` timed runs; prints rows, p50 and max client-side milliseconds
and the server's own time. Point it at a loaded graph (the bundled sample or the full data).

    python benchmarks/queries.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics

from rich.console import Console
from rich.table import Table

from graph.console.library import library
from graph.console.runner import CypherRunner
from graph.db import open_driver
from graph.schema import graph_counts
from graph.settings import get_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query")
    args = parser.parse_args()
    settings = get_settings()
    console = Console()
    with open_driver(settings) as driver:
        counts = graph_counts(driver, database=settings.neo4j_database)
        nodes = sum(counts["nodes"].get(k, 0) for k in ("Skill", "Occupation", "OnetOccupation"))
        console.print(f"graph: {nodes:,} skills + occupations, "
                      f"{sum(counts['relationships'].values()):,} relationships")
        runner = CypherRunner(driver, database=settings.neo4j_database, timeout_s=120.0)
        table = Table(title=f"query library, {args.runs} runs each")
        for column in ("query", "rows", "p50 ms", "max ms", "server p50 ms"):
            table.add_column(column, justify="left" if column == "query" else "right")
        for q in library():
            runner.run(q.statement, q.defaults)
            results = [runner.run(q.statement, q.defaults) for _ in range(args.runs)]
            client = [r.elapsed_ms for r in results]
            server = [(r.available_after_ms or 0) + (r.consumed_after_ms or 0) for r in results]
            table.add_row(q.path.stem, f"{len(results[-1].rows):,}",
                          f"{statistics.median(client):.1f}", f"{max(client):.1f}",
                          f"{statistics.median(server):.0f}")
        console.print(table)


if __name__ == "__main__":
    main()
