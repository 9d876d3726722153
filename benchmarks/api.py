"""GraphQL API latency and throughput against one hand-written Cypher query per question.

Starts two ``skillgraph serve`` (uvicorn) on loopback, one with the compiled query plans
(``plans``, the default) and one that runs the resolvers for every request
(``SKILLGRAPH_API_QUERY_PLANS=false``, ``resolvers``); with ``--unbatched`` a third with plans
but without the batching of concurrent lookups (``unbatched``). It checks they give the same
answers, then for each of five questions sends a bounded number of requests at 1, 8 and 32
concurrent clients to each and reports p50/p99 latency and requests/s, next to the same answer
computed by one hand-written Cypher query through the async driver, in rounds that take the
paths in turn; the ratios are API over Cypher. At one client the same Cypher is also sent
after the idle time the API's requests leave Neo4j (``paced``), so that ``plans / paced``
compares the two with the machine's cost of waking up alike. A second table gives the CPU
per request of each path's server (for the Cypher paths, of the driver in this load generator)
and of the local Neo4j, read from ``/proc`` (Linux; one worker). A last line says how much
slower Neo4j answers a query that comes after a pause like the one a lookup through the API
leaves it at one client.

    python benchmarks/api.py --occupation URI --skill URI [--requests 400] [--rounds 4]
        [--port 8765] [--workers 1] [--no-resolvers] [--unbatched] [--json FILE]
        [--question TEXT] [--clients N]
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
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import neo4j
from rich.console import Console
from rich.table import Table

_HERE = Path(__file__).resolve().parent
# this folder holds scripts named api.py and gnn.py: keep them from shadowing the packages
# (``search_vector`` imports gnn)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from graph.db import create_async_driver  # noqa: E402
from graph.server.local import LocalNeo4j  # noqa: E402
from graph.settings import get_settings  # noqa: E402

CONCURRENCY = (1, 8, 32)

#: ``search`` in one query: every full-text index ranked within itself, the 50 nodes of each
#: kind whose label vector is nearest to the text's MiniLM vector ``$v`` ranked by cosine across
#: the kinds, reciprocal rank fusion, the best ten nodes' labels.
SEARCH_CYPHER = """
UNWIND [{name: 'skill_text', key: 'uri', vector: 'skill_label_embedding'},
        {name: 'occupation_text', key: 'uri', vector: 'occupation_label_embedding'},
        {name: 'onet_occupation_text', key: 'code', vector: 'onet_occupation_label_embedding'},
        {name: 'program_text', key: 'cipCode', vector: 'program_label_embedding'}] AS ix
CALL (ix) {
  CALL db.index.fulltext.queryNodes(ix.name, $q, {limit: 200}) YIELD node
  WITH collect(node) AS texts
  UNWIND range(1, size(texts)) AS rank
  RETURN texts[rank - 1] AS node, rank AS textRank, null AS cosine
  UNION ALL
  CALL db.index.vector.queryNodes(ix.vector, 50, $v) YIELD node, score
  RETURN node, null AS textRank, score AS cosine
}
WITH node, textRank, cosine ORDER BY coalesce(cosine, -2.0) DESC
WITH collect({node: node, textRank: textRank, cosine: cosine}) AS rows
UNWIND range(1, size(rows)) AS i
WITH rows[i - 1] AS row, CASE WHEN rows[i - 1].cosine IS NULL THEN null ELSE i END AS semantic
WITH row.node AS node, min(row.textRank) AS textRank, min(semantic) AS semantic,
     max(row.cosine) AS cosine
WITH node, cosine, coalesce(1.0 / (60 + textRank), 0.0) + coalesce(1.0 / (60 + semantic), 0.0)
  AS score
ORDER BY score DESC, coalesce(cosine, -2.0) DESC LIMIT 10
RETURN node.label AS label, node.title AS title, score
"""

SEARCH_TEXT = "software developer"
LABEL_INDEXES = frozenset({"skill_label_embedding", "occupation_label_embedding",
                           "onet_occupation_label_embedding", "program_label_embedding"})
"""The vector indexes :data:`SEARCH_CYPHER` reads (``gnn/label_vectors.py``)."""


def search_vector() -> list[float]:
    """The MiniLM vector of :data:`SEARCH_TEXT`, computed for every hand-written search as
    the API computes it for every request (the same model, loaded once)."""
    from gnn.features import _shared_minilm

    return [float(x) for x in _shared_minilm()([SEARCH_TEXT])[0]]


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
  MATCH (s:Skill) WHERE s.uri IN [m IN missing | m.uri]
  MATCH (s)<-[:REQUIRES]-(:Occupation)-[:MAPS_TO]->(t:OnetOccupation)
  WITH t, collect(DISTINCT s.uri) AS skills
  MATCH (t)<-[:PREPARES_FOR]-(p:Program)
  UNWIND skills AS uri
  WITH p, count(DISTINCT uri) AS covers
  ORDER BY covers DESC, p.cipCode LIMIT 5
  RETURN collect({title: p.title, covers: covers}) AS programs
}
RETURN t.label, score, shared, missing, programs
"""


Parameters = dict[str, str | Callable[[], list[float]]]


def questions(occupation: str, skill: str) -> list[tuple[str, str, str, Parameters]]:
    """(name, GraphQL, equivalent Cypher, parameters): the five questions of the API's users;
    a parameter that is a function is computed again for every query."""
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
         f'{{ search(text: "{SEARCH_TEXT}", first: 10) {{ ... on SearchHitConnection '
         "{ edges { node { score node { ... on Occupation { label } } } } } } }",
         SEARCH_CYPHER, {"q": 'software developer "software developer"^2 developer*',
                         "v": search_vector}),
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


async def sample(
    call: Callable[[], Awaitable[None]], requests: int, clients: int, pause: float = 0.0
) -> tuple[list[float], float]:
    """The latencies (ms) of ``requests`` calls spread over ``clients`` workers, and the
    seconds they took in all. With ``pause`` (one client only), each call comes that many
    seconds after the previous answer, a pause the latencies leave out."""
    latencies: list[float] = []
    queue = list(range(requests))

    async def worker() -> None:
        while queue:
            queue.pop()
            if pause:
                time.sleep(pause)  # the load generator has nothing else to do meanwhile
            t0 = time.perf_counter()
            await call()
            latencies.append((time.perf_counter() - t0) * 1000)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, time.perf_counter() - t0


def summary(latencies: list[float], seconds: float) -> tuple[float, float, float]:
    """(p50 ms, p99 ms, requests/s)."""
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99, len(ordered) / seconds


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of process ``pid`` (all its threads) so far, from
    ``/proc``; None where that cannot be read (no pid, not Linux)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuMeter:
    """CPU time per request spent by the process that serves a path (an API server; for the
    Cypher path this load generator, i.e. its driver) and by Neo4j."""

    servers: dict[str, int | None]
    """The pid of each API path's server (None: unknown)."""
    neo4j: int | None

    def read(self, path: str) -> tuple[float | None, float | None]:
        own = time.process_time() if path in DRIVER_PATHS else cpu_seconds(self.servers[path])
        return own, cpu_seconds(self.neo4j)


async def measure(
    calls: dict[str, Callable[[], Awaitable[None]]], requests: int, clients: int, rounds: int,
    meter: CpuMeter, pauses: dict[str, float] | None = None,
) -> tuple[dict[str, tuple[float, float, float]], dict[str, tuple[float | None, ...]]]:
    """(p50 ms, p99 ms, requests/s) of each path for ``requests`` calls at ``clients``
    concurrent clients, sent in ``rounds`` rounds that take the paths in turn (so that a
    slower or busier moment of the machine weighs on every path alike); and the ms of CPU
    per request of each path's server and of Neo4j (:class:`CpuMeter`). A path in
    ``pauses`` leaves that many seconds between an answer and its next call."""
    latencies: dict[str, list[float]] = {path: [] for path in calls}
    seconds = dict.fromkeys(calls, 0.0)
    cpu: dict[str, list[float | None]] = {path: [0.0, 0.0] for path in calls}
    per_round = max(1, requests // rounds)
    for _ in range(rounds):
        for path, call in calls.items():
            before = meter.read(path)
            lat, took = await sample(call, per_round, clients, (pauses or {}).get(path, 0.0))
            after = meter.read(path)
            latencies[path] += lat
            seconds[path] += took
            for i, (a, b) in enumerate(zip(before, after, strict=True)):
                total = cpu[path][i]
                cpu[path][i] = None if a is None or b is None or total is None \
                    else total + b - a
    count = per_round * rounds
    return (
        {path: summary(latencies[path], seconds[path]) for path in calls},
        {path: tuple(None if c is None else c * 1000 / count for c in cpu[path])
         for path in calls},
    )


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


@dataclass
class Cell:
    """One question at one concurrency: (p50 ms, p99 ms, requests/s) of each path."""

    question: str
    clients: int
    figures: dict[str, tuple[float, float, float]]
    cpu: dict[str, tuple[float | None, ...]]
    """(ms of CPU per request of the path's server, of Neo4j) for each path."""

    def ratio(self, path: str, at: int, baseline: str = "cypher") -> float:
        return self.figures[path][at] / self.figures[baseline][at]


async def run(args: argparse.Namespace, ports: dict[str, int], meter: CpuMeter
              ) -> tuple[list[Cell], tuple[float, float]]:
    """Every question at every concurrency, over each API server in ``ports`` and the
    hand-written Cypher, measured one after the other for each cell; then
    :func:`idle_cost`."""
    settings = get_settings()
    driver = create_async_driver(settings)
    online = {r["name"] for r in (await driver.execute_query(
        "SHOW VECTOR INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name",
        database_=settings.neo4j_database)).records}
    if missing := sorted(LABEL_INDEXES - online):
        raise SystemExit(f"expected the label vectors of search; missing {', '.join(missing)}: "
                         "run `skillgraph train`")
    pools = {name: [HttpConnection("127.0.0.1", port)
                    for _ in range(max(args.clients or CONCURRENCY))]
             for name, port in ports.items()}
    free = {name: list(pool) for name, pool in pools.items()}
    cells: list[Cell] = []
    for name, gql, cypher, params in questions(args.occupation, args.skill):
        if args.question and not any(q in name for q in args.question):
            continue
        body = json.dumps({"query": gql}).encode()

        def api_call(path: str, body: bytes = body) -> Callable[[], Awaitable[None]]:
            async def post() -> None:
                conn = free[path].pop()
                try:
                    await conn.post("/graphql", body)
                finally:
                    free[path].append(conn)

            return post

        async def cypher_call(cypher: str = cypher, params: Parameters = params) -> None:
            values = {k: v() if callable(v) else v for k, v in params.items()}
            await driver.execute_query(cypher, values, database_=settings.neo4j_database)

        answers = {}
        for path in ports:  # the servers must give the same answer
            answers[path] = await pools[path][0].post("/graphql", body)
        if len({json.dumps(a, sort_keys=True) for a in answers.values()}) != 1:
            raise SystemExit(f"{name}: the API servers answered differently")
        calls = {path: api_call(path) for path in ports} | {"cypher": cypher_call}
        for call in calls.values():  # warm up alone and concurrently (Neo4j plans every
            for clients in (1, max(args.clients or CONCURRENCY)):  # query text it is sent)
                await sample(call, 20, clients)
        for clients in args.clients or CONCURRENCY:
            paced = {PACED: cypher_call} if clients == 1 else {}
            figures, cpu = await measure(calls | paced, args.requests, clients, args.rounds,
                                         meter, dict.fromkeys(paced, PAUSE_S))
            cells.append(Cell(name, clients, figures, cpu))
    for pool in pools.values():
        for conn in pool:
            await conn.close()
    idle = await idle_cost(driver, settings.neo4j_database)
    await driver.close()
    return cells, idle


PAUSE_S = 0.0015
"""About what a lookup through the API leaves Neo4j idle between two of its queries at one
client (the answer's rendering, the HTTP hops out and back, the next request's parsing)."""

PACED = "paced"
"""At one client, the hand-written Cypher again, each query sent :data:`PAUSE_S` after the
previous answer: the same query arriving at Neo4j after the idle time the API's requests
leave it, so that ``plans / paced`` compares the two with the machine's cost of waking up
the same on both sides."""

DRIVER_PATHS = frozenset({"cypher", PACED})
"""The paths whose queries this load generator's driver sends."""


async def idle_cost(driver: neo4j.AsyncDriver, database: str, requests: int = 400, rounds: int = 4
                    ) -> tuple[float, float]:
    """p50 ms of ``RETURN 1`` through the driver sent right after the previous answer, and
    sent after a pause of :data:`PAUSE_S`: how much more this machine takes to answer a query
    that comes after idle time, as every query through the API does at one client."""
    async def ping() -> None:
        await driver.execute_query("RETURN 1", database_=database)

    latencies: dict[float, list[float]] = {0.0: [], PAUSE_S: []}
    for _ in range(rounds):
        for pause, sink in latencies.items():
            sink.extend((await sample(ping, requests // rounds, 1, pause))[0])
    return statistics.median(latencies[0.0]), statistics.median(latencies[PAUSE_S])


def table(cells: list[Cell], paths: list[str], args: argparse.Namespace) -> Table:
    out = Table(title=f"GraphQL API vs one hand-written Cypher query ({args.requests} requests "
                f"per cell and path in {args.rounds} rounds, {args.workers} worker(s); ms, "
                "ratios API/Cypher)")
    out.add_column("question")
    out.add_column("clients", justify="right")
    for path in [*paths, "cypher", PACED]:
        out.add_column(f"{path} p50 / p99", justify="right")
        out.add_column(f"{path} req/s", justify="right")
    for path in paths:
        out.add_column(f"{path} ratio p50 / p99", justify="right")
    out.add_column(f"{paths[0]} / {PACED} p50 / p99", justify="right")
    for c in cells:
        row = [c.question, str(c.clients)]
        for path in [*paths, "cypher", PACED]:
            if path not in c.figures:
                row += ["-", "-"]
                continue
            p50, p99, rps = c.figures[path]
            row += [f"{p50:.1f} / {p99:.1f}", f"{rps:.0f}"]
        row += [f"{c.ratio(p, 0):.2f}x / {c.ratio(p, 1):.2f}x" for p in paths]
        row.append(f"{c.ratio(paths[0], 0, PACED):.2f}x / {c.ratio(paths[0], 1, PACED):.2f}x"
                   if PACED in c.figures else "-")
        out.add_row(*row)
    return out


#: The API servers a run can compare: the settings each runs with.
SERVERS = {
    "plans": {"SKILLGRAPH_API_QUERY_PLANS": "true"},
    "unbatched": {"SKILLGRAPH_API_QUERY_PLANS": "true",
                  "SKILLGRAPH_API_LOOKUP_BATCHING": "false"},
    "resolvers": {"SKILLGRAPH_API_QUERY_PLANS": "false"},
}


def cpu_table(cells: list[Cell], paths: list[str]) -> Table:
    out = Table(title="CPU per request (ms): the path's server (for Cypher, the driver in this "
                "load generator) / Neo4j")
    out.add_column("question")
    out.add_column("clients", justify="right")
    for path in [*paths, "cypher", PACED]:
        out.add_column(path, justify="right")

    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    for c in cells:
        out.add_row(c.question, str(c.clients),
                    *(" / ".join(ms(v) for v in c.cpu[path]) if path in c.cpu else "-"
                      for path in [*paths, "cypher", PACED]))
    return out


def start_server(port: int, workers: int, name: str) -> subprocess.Popen[bytes]:
    exe = os.path.join(os.path.dirname(sys.executable), "skillgraph")
    # none of the questions needs the job-ad models: building them beside the measurements
    # (tens of seconds of CPU) would only slow whatever runs meanwhile
    env = os.environ | {"SKILLGRAPH_API_WARM_JOBADS": "false"} | SERVERS[name]
    return subprocess.Popen([exe, "serve", "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).is_success:
                return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise SystemExit(f"the API on port {port} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occupation", required=True, help="An ESCO occupation URI.")
    parser.add_argument("--skill", required=True, help="An ESCO skill URI.")
    parser.add_argument("--requests", type=int, default=400,
                        help="Requests per cell and path.")
    parser.add_argument("--rounds", type=int, default=4,
                        help="Rounds that take the paths in turn within a cell.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument("--no-resolvers", action="store_true",
                        help="Leave out the server that runs the resolvers for every request.")
    parser.add_argument("--unbatched", action="store_true",
                        help="Also measure a server with plans but without the batching of "
                        "concurrent lookups (SKILLGRAPH_API_LOOKUP_BATCHING=false).")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument("--question", action="append", default=[],
                        help="Only the questions whose name contains this (repeatable).")
    parser.add_argument("--clients", type=int, action="append", default=[],
                        help="Only these numbers of concurrent clients (repeatable).")
    args = parser.parse_args()
    names = ["plans", *(["unbatched"] if args.unbatched else []),
             *([] if args.no_resolvers else ["resolvers"])]
    ports = {name: args.port + i for i, name in enumerate(names)}
    servers = [start_server(port, args.workers, name) for name, port in ports.items()]
    settings = get_settings()
    meter = CpuMeter(  # a server's CPU is its process's with one worker, else unknown
        {name: server.pid if args.workers == 1 else None
         for name, server in zip(ports, servers, strict=True)},
        None if settings.neo4j_uri else LocalNeo4j(settings).status().pid,
    )
    try:
        for port in ports.values():
            wait_healthy(port)
        try:
            import uvloop

            cells, idle = uvloop.run(run(args, ports, meter))
        except ImportError:
            cells, idle = asyncio.run(run(args, ports, meter))
        console = Console(width=200)
        console.print(table(cells, list(ports), args))
        console.print(cpu_table(cells, list(ports)))
        console.print(f"Neo4j after idle time: RETURN 1 through the driver takes {idle[0]:.2f} ms "
                      f"p50 sent right after the previous answer, {idle[1]:.2f} ms after a "
                      f"{PAUSE_S * 1000:g} ms pause (about what a lookup through the API leaves "
                      "Neo4j idle at one client)")
        if args.json:
            args.json.write_text(json.dumps([asdict(c) for c in cells], indent=2) + "\n")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
