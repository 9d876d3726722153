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
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

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


#: Career transitions with their gaps in one query: the directed vector neighbours of an ESCO
#: occupation, for each the target's REQUIRES split into shared and missing (essential first),
#: and the five programs covering most missing skills.
TRANSITIONS_CYPHER = """
MATCH (o:Occupation {uri: $occ})
CALL db.index.vector.queryNodes('occupation_transition_target', 6, o.transitionSource)
  YIELD node AS t, score
WITH o, t, score WHERE t <> o
WITH o, t, score ORDER BY score DESC LIMIT 5
CALL (o, t) {
  MATCH (t)-[r:REQUIRES]->(s:Skill)
  WITH s, r, EXISTS { (o)-[:REQUIRES]->(s) } AS have
  ORDER BY r.essential DESC, s.label
  RETURN collect(CASE WHEN have THEN s {.uri, .label, essential: r.essential} END) AS shared,
         collect(CASE WHEN NOT have THEN s {.uri, .label, essential: r.essential} END)
           AS missing
}
CALL (missing) {
  UNWIND missing AS m
  MATCH (:Skill {uri: m.uri})<-[:REQUIRES]-(:Occupation)-[:MAPS_TO]->(:OnetOccupation)
        <-[:PREPARES_FOR]-(p:Program)
  WITH p, count(DISTINCT m.uri) AS covers
  ORDER BY covers DESC, p.cipCode LIMIT 5
  RETURN collect({title: p.title, covers: covers}) AS programs
}
RETURN t.label, score, shared, missing, programs
"""


def questions(occupation: str, skill: str) -> list[tuple[str, str, str, dict[str, str]]]:
    """(name, GraphQL, equivalent Cypher, parameters): the five questions of the API's users."""
    return [
        ("occupation + 20 essential skills",
         f'{{ occupation(uri: "{occupation}") {{ ... on Occupation {{ label '
         "essentialSkills(first: 20) { totalCount edges { node { label } } } } } }",
         "MATCH (o:Occupation {uri: $occ})-[:REQUIRES {essential: true}]->(s) "
         "WITH o, s ORDER BY s.label RETURN o.label, collect(s.label)[..20], count(s)",
         {"occ": occupation}),
        ("skill + 20 occupations",
         f'{{ skill(uri: "{skill}") {{ ... on Skill {{ label '
         "occupations(first: 20) { totalCount edges { node { label } } } } } }",
         "MATCH (s:Skill {uri: $skill})<-[r:REQUIRES]-(o:Occupation) "
         "WITH s, r, o ORDER BY r.essential DESC, o.label "
         "RETURN s.label, collect({essential: r.essential, label: o.label})[..20], count(o)",
         {"skill": skill}),
        ("search",
         '{ search(text: "software developer", first: 10) { ... on SearchHitConnection '
         "{ edges { node { score node { ... on Occupation { label } } } } } } }",
         SEARCH_CYPHER, {"q": 'software developer "software developer"^2 developer*'}),
        ("related skills (10)",
         f'{{ relatedSkills(uri: "{skill}", first: 10) {{ ... on RelatedSkills '
         "{ related { score skill { uri label } } } } }",
         "MATCH (s:Skill {uri: $skill}) "
         "CALL db.index.vector.queryNodes('skill_embedding', 11, s.embedding) "
         "YIELD node, score WITH node, score WHERE node <> s "
         "RETURN node.uri, node.label, score LIMIT 10", {"skill": skill}),
        ("career transitions (5) with gaps",
         f'{{ careerTransitions(from: "{occupation}", first: 5) {{ ... on CareerTransitions '
         "{ transitions { score occupation { ... on Occupation { label } } "
         "sharedSkills { key label essential } missingSkills { key label essential } "
         "programs { covers program { title } } } } } }",
         TRANSITIONS_CYPHER, {"occ": occupation}),
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


class HttpConnection:
    """One keep-alive HTTP/1.1 connection that POSTs JSON: a load generator that costs the
    shared CPU far less than a full client, so the figures are the server's."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> dict[str, Any]:
        for attempt in (0, 1):
            if self.writer is None or self.writer.is_closing():
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            self.writer.write(
                f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                .encode() + body)
            try:
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                self.writer = None  # the server closed an idle connection: open a new one
                if attempt:
                    raise
                continue
            status = int(head.split(b" ", 2)[1])
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            payload = json.loads(await self.reader.readexactly(length))
            if status != 200 or "errors" in payload:
                raise RuntimeError(f"HTTP {status}: {payload}")
            return dict(payload)
        raise AssertionError("unreachable")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def run(args: argparse.Namespace) -> Table:
    table = Table(title=f"GraphQL API vs one Cypher query ({args.requests} requests per cell, "
                  f"{args.workers} worker(s))")
    for col in ("question", "clients", "api p50", "api p99", "api req/s", "cypher p50",
                "cypher p99", "cypher req/s", "p50 ratio", "p99 ratio"):
        table.add_column(col, justify="left" if col == "question" else "right")
    settings = get_settings()
    driver = create_async_driver(settings)
    pool = [HttpConnection("127.0.0.1", args.port) for _ in range(max(CONCURRENCY))]
    free = list(pool)
    for name, gql, cypher, params in questions(args.occupation, args.skill):
        body = json.dumps({"query": gql}).encode()

        async def api_call(body: bytes = body) -> None:
            conn = free.pop()
            try:
                await conn.post("/graphql", body)
            finally:
                free.append(conn)

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
    for conn in pool:
        await conn.close()
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
        try:
            import uvloop

            table = uvloop.run(run(args))
        except ImportError:
            table = asyncio.run(run(args))
        Console(width=150).print(table)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
