"""GraphQL API latency and throughput against one hand-written Cypher query per question.

Starts ``skillgraph serve`` (uvicorn) on loopback, then for each of five questions sends a
bounded number of requests at 1, 8 and 32 concurrent clients and reports p50/p99 latency and
requests/s, next to the same answer computed by one Cypher query through the async driver.

    python benchmarks/api.py --occupation URI --skill URI [--requests 200] [--port 8765]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import httpx
from rich.console import Console
from rich.table import Table

from graph.db import create_async_driver
from graph.settings import get_settings

CONCURRENCY = (1, 8, 32)


def questions(occupation: str, skill: str) -> list[tuple[str, str, str, dict[str, str]]]:
    """(name, GraphQL, equivalent Cypher, parameters)."""
    return [
        ("skill by uri", f'{{ skill(uri: "{skill}") {{ ... on Skill {{ label }} }} }}',
         "MATCH (s:Skill {uri: $skill}) RETURN s.label", {"skill": skill}),
        ("occupation + 20 essential skills",
         f'{{ occupation(uri: "{occupation}") {{ ... on Occupation {{ label '
         "essentialSkills(first: 20) { totalCount edges { node { label } } } } } }",
         "MATCH (o:Occupation {uri: $occ})-[:REQUIRES {essential: true}]->(s) "
         "WITH o, s ORDER BY s.label RETURN o.label, collect(s.label)[..20], count(s)",
         {"occ": occupation}),
        ("nested: skills -> occupations",
         f'{{ occupation(uri: "{occupation}") {{ ... on Occupation {{ essentialSkills(first: 10) '
         "{ edges { node { occupations(first: 5) { edges { node { label } } } } } } } } }",
         "MATCH (o:Occupation {uri: $occ})-[:REQUIRES {essential: true}]->(s) "
         "WITH s ORDER BY s.label LIMIT 10 CALL (s) { MATCH (s)<-[:REQUIRES]-(x) "
         "RETURN collect(x.label)[..5] AS xs } RETURN s.label, xs", {"occ": occupation}),
        ("search",
         '{ search(text: "software developer", first: 10) { ... on SearchHitConnection '
         "{ edges { node { score } } } } }",
         "CALL db.index.fulltext.queryNodes('occupation_text', $q, {limit: 10}) "
         "YIELD node, score RETURN node.label, score", {"q": "software developer"}),
        ("stats", "{ stats { nodes { count } } }",
         "MATCH (n:Skill) RETURN count(n)", {}),
    ]


async def measure(
    call: Callable[[], Awaitable[None]], requests: int, clients: int
) -> tuple[float, float, float]:
    """(p50 ms, p99 ms, requests/s) for ``requests`` calls spread over ``clients`` workers."""
    latencies: list[float] = []
    queue = list(range(requests))

    async def worker() -> None:
        while queue:
            queue.pop()
            t0 = time.perf_counter()
            await call()
            latencies.append((time.perf_counter() - t0) * 1000)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - t0
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return statistics.median(latencies), p99, requests / elapsed


async def run(args: argparse.Namespace) -> Table:
    table = Table(title=f"API vs one Cypher query ({args.requests} requests per cell)")
    for col in ("question", "via", "clients", "p50 ms", "p99 ms", "req/s"):
        table.add_column(col, justify="right" if col not in ("question", "via") else "left")
    settings = get_settings()
    driver = create_async_driver(settings)
    url = f"http://127.0.0.1:{args.port}/graphql"
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64)) as http:
        for name, gql, cypher, params in questions(args.occupation, args.skill):
            async def api_call(gql: str = gql) -> None:
                r = await http.post(url, json={"query": gql})
                r.raise_for_status()
                if "errors" in r.json():
                    raise RuntimeError(r.json()["errors"])

            async def cypher_call(cypher: str = cypher, params: dict[str, str] = params) -> None:
                await driver.execute_query(cypher, params, database_=settings.neo4j_database)

            for via, call in (("graphql", api_call), ("cypher", cypher_call)):
                await call()  # warm up
                for clients in CONCURRENCY:
                    p50, p99, rps = await measure(call, args.requests, clients)
                    table.add_row(name, via, str(clients), f"{p50:.1f}", f"{p99:.1f}", f"{rps:.0f}")
    await driver.close()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occupation", required=True, help="An ESCO occupation URI.")
    parser.add_argument("--skill", required=True, help="An ESCO skill URI.")
    parser.add_argument("--requests", type=int, default=200, help="Requests per cell.")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    exe = os.path.join(os.path.dirname(sys.executable), "skillgraph")
    server = subprocess.Popen([exe, "serve", "--port", str(args.port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{args.port}/health", timeout=1).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        Console().print(asyncio.run(run(args)))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
