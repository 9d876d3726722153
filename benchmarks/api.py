"""GraphQL API latency and throughput against one hand-written Cypher query per question.

Starts ``skillgraph serve`` (uvicorn) on loopback, then for each of five questions sends a
bounded number of requests at 1, 8 and 32 concurrent clients and reports p50/p99 latency and
requests/s, next to the same answer computed by one hand-written Cypher query through the async
driver, measured right after it in the same run; the ratios are API over Cypher.

    python benchmarks/api.py --occupation URI --skill URI [--requests 200] [--port 8765]
        [--workers 1]
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

#: The text signal of ``search`` in one query: every full-text index, reciprocal rank fusion,
#: the best ten nodes with their properties.
SEARCH_CYPHER = """
UNWIND ['skill_text', 'occupation_text', 'onet_occupation_text', 'program_text'] AS ix
CALL (ix) {
  CALL db.index.fulltext.queryNodes(ix, $q, {limit: 200}) YIELD node, score
  WITH collect(node) AS nodes
  UNWIND range(0, size(nodes) - 1) AS i
  RETURN nodes[i] AS node, 1.0 / (61 + i) AS rrf
}
WITH node, rrf ORDER BY rrf DESC LIMIT 10
RETURN node {.*, embedding: null} AS node, rrf
"""


#: Counts per label and relationship type (count store) and the current model, in one query.
STATS_CYPHER = "\n".join(
    [f"CALL () {{ MATCH (n:{label}) RETURN count(n) AS n{i} }}" for i, label in enumerate((
        "Skill", "SkillGroup", "Occupation", "IscoGroup", "OnetOccupation", "OnetDescriptor",
        "Technology", "Program", "JobAd"))]
    + [f"CALL () {{ MATCH ()-[r:{t}]->() RETURN count(r) AS r{i} }}" for i, t in enumerate((
        "BROADER", "REQUIRES", "RELATED_TO", "MAPS_TO", "RATES", "USES_TECHNOLOGY",
        "RELATED_OCCUPATION", "PREPARES_FOR", "NORMALIZED_TO", "MENTIONS"))]
    + ["CALL () { OPTIONAL MATCH (m:ModelVersion {current: true}) "
       "RETURN m.version AS model ORDER BY m.createdAt DESC LIMIT 1 }",
       "RETURN [n0, n1, n2, n3, n4, n5, n6, n7, n8] AS nodes, "
       "[r0, r1, r2, r3, r4, r5, r6, r7, r8, r9] AS relationships, model"]
)


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
         "{ edges { node { score node { ... on Occupation { label } } } } } } }",
         SEARCH_CYPHER, {"q": 'software developer "software developer"^2 developer*'}),
        ("stats", "{ stats { nodes { count } relationships { count } model { version } } }",
         STATS_CYPHER, {}),
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
    table = Table(title=f"GraphQL API vs one Cypher query ({args.requests} requests per cell, "
                  f"{args.workers} worker(s))")
    for col in ("question", "clients", "api p50", "api p99", "api req/s", "cypher p50",
                "cypher p99", "cypher req/s", "p50 ratio", "p99 ratio"):
        table.add_column(col, justify="left" if col == "question" else "right")
    settings = get_settings()
    driver = create_async_driver(settings)
    url = f"http://127.0.0.1:{args.port}/graphql"
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64)) as http:
        for name, gql, cypher, params in questions(args.occupation, args.skill):
            async def api_call(gql: str = gql) -> None:
                try:
                    r = await http.post(url, json={"query": gql})
                except (httpx.ReadError, httpx.RemoteProtocolError):
                    # a pooled connection the server closed while idle (keep-alive timeout)
                    r = await http.post(url, json={"query": gql})
                r.raise_for_status()
                if "errors" in r.json():
                    raise RuntimeError(r.json()["errors"])

            async def cypher_call(cypher: str = cypher, params: dict[str, str] = params) -> None:
                await driver.execute_query(cypher, params, database_=settings.neo4j_database)

            for _ in range(10):  # warm up both paths
                await api_call()
                await cypher_call()
            for clients in CONCURRENCY:
                a50, a99, arps = await measure(api_call, args.requests, clients)
                c50, c99, crps = await measure(cypher_call, args.requests, clients)
                table.add_row(name, str(clients), f"{a50:.1f}", f"{a99:.1f}", f"{arps:.0f}",
                              f"{c50:.1f}", f"{c99:.1f}", f"{crps:.0f}",
                              f"{a50 / c50:.2f}x", f"{a99 / c99:.2f}x")
    await driver.close()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occupation", required=True, help="An ESCO occupation URI.")
    parser.add_argument("--skill", required=True, help="An ESCO skill URI.")
    parser.add_argument("--requests", type=int, default=200, help="Requests per cell.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    args = parser.parse_args()
    exe = os.path.join(os.path.dirname(sys.executable), "skillgraph")
    server = subprocess.Popen([exe, "serve", "--port", str(args.port),
                               "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{args.port}/health", timeout=1).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        Console(width=150).print(asyncio.run(run(args)))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
