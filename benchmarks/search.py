"""How well ``search`` finds the occupation a vacancy title names, with and without the meaning
of the text, in the same run.

Takes ``--titles`` vacancy titles of ``job-ads/vacancy_titles_validation.csv`` (shuffled with
``--seed``) whose labelled ESCO occupation is in the graph, sends each to ``search`` through the
API in process (lifespan on, the configured Neo4j with the full data and the label vectors of
``skillgraph train``), over every kind and over occupations only, and reports MRR@10 and R@10 of
the labelled occupation, for ``search`` as served and for words only
(``SKILLGRAPH_API_SEMANTIC_SEARCH=false``), with the p50 latency of each.

    python benchmarks/search.py [--data ../shared/data] [--titles 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table

_HERE = Path(__file__).resolve().parent
# this folder holds a script named api.py: keep it from shadowing the api package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from api.app import create_app  # noqa: E402
from graph.db import create_driver  # noqa: E402
from graph.settings import get_settings  # noqa: E402

SEARCH = """query($text: String!, $types: [SearchType!]) {
  search(text: $text, types: $types, first: 10) { ... on SearchHitConnection {
    edges { node { node { ... on Occupation { uri } } } } } } }"""
TITLES = "job-ads/vacancy_titles_validation.csv"
OCCUPATIONS = "MATCH (o:Occupation) RETURN o.label AS label, o.uri AS uri"


def titles(data: Path, count: int, seed: int, occupations: dict[str, str]) -> list[tuple[str, str]]:
    """(title, occupation URI) pairs whose label names an occupation of the graph."""
    with (data / TITLES).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    random.Random(seed).shuffle(rows)
    return [(r["text"], occupations[r["label"]]) for r in rows if r["label"] in occupations
            ][:count]


def score(client: TestClient, pairs: list[tuple[str, str]], types: list[str] | None
          ) -> tuple[float, float, float]:
    """(MRR@10, R@10, p50 ms) of the labelled occupation among the first ten hits."""
    reciprocal, found, took = 0.0, 0, []
    for text, uri in pairs:
        started = time.perf_counter()
        body: dict[str, Any] = client.post(
            "/graphql", json={"query": SEARCH, "variables": {"text": text, "types": types}}
        ).json()
        took.append(time.perf_counter() - started)
        edges = body["data"]["search"].get("edges", [])
        ranked = [e["node"]["node"].get("uri") for e in edges]
        if uri in ranked:
            reciprocal += 1 / (ranked.index(uri) + 1)
            found += 1
    n = max(len(pairs), 1)
    return reciprocal / n, found / n, statistics.median(took) * 1000 if took else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--titles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    settings = get_settings().model_copy(update={"api_warm_jobads": False})
    with create_driver(settings) as driver:
        occupations = {r["label"]: r["uri"] for r in driver.execute_query(
            OCCUPATIONS, database_=settings.neo4j_database).records}
    pairs = titles(args.data, args.titles, args.seed, occupations)
    table = Table(title=f"search: the labelled occupation of {len(pairs)} vacancy titles "
                  f"(seed {args.seed})")
    for column in ("search", "kinds", "MRR@10", "R@10", "p50 ms"):
        table.add_column(column, justify="left" if column in ("search", "kinds") else "right")
    for name, semantic in (("words only", False), ("words + meaning", True)):
        app = create_app(settings.model_copy(update={"api_semantic_search": semantic}))
        with TestClient(app) as client:
            score(client, pairs[:3], None)  # the first search loads MiniLM
            for kinds, types in (("all", None), ("occupations", ["OCCUPATION"])):
                mrr, recall, p50 = score(client, pairs, types)
                table.add_row(name, kinds, f"{mrr:.4f}", f"{recall:.4f}", f"{p50:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
