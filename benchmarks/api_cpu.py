"""CPU time of the API's own work per request, without the database's or the network's.

For each of the five questions of ``benchmarks/api.py``, the answer Neo4j gives is recorded
once, then replayed while the question is sent many times through the ASGI app in process (the
same app ``skillgraph serve`` runs: FastAPI, the GraphQL view, execution), with the compiled
query plans and without them. What is left is the CPU time the API spends per request on top of
the Cypher, which on a shared machine is a steadier figure than latency (for ``search``, the
MiniLM encoding of its text included). For reference, the same
run measures the driver's CPU time for the hand-written Cypher query of the question.

    python benchmarks/api_cpu.py --occupation URI --skill URI [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

import neo4j
from rich.console import Console
from rich.table import Table

_HERE = Path(__file__).resolve().parent
# this folder holds a script named api.py: keep it from shadowing the api package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from api import reader as api_reader  # noqa: E402
from api.app import create_app  # noqa: E402
from benchmarks.api import Parameters, questions  # noqa: E402
from graph.db import create_async_driver  # noqa: E402
from graph.settings import get_settings  # noqa: E402

Answer = list[neo4j.Record]
Read = Callable[..., Coroutine[Any, Any, Answer]]
"""``GraphReader.read``'s shape."""


def replaying(read: Read) -> Read:
    """``GraphReader.read`` that asks Neo4j once per query and parameters, then replays."""
    answers: dict[str, Answer] = {}

    async def replay(reader: Any, cypher: str, **parameters: Any) -> Answer:
        key = cypher + json.dumps(parameters, sort_keys=True, default=str)
        if key not in answers:
            answers[key] = await read(reader, cypher, **parameters)
        return answers[key]

    return replay


def asgi_post(app: Any, body: bytes) -> Callable[[], Awaitable[None]]:
    """One POST /graphql through ``app``, as uvicorn hands it over."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
        "root_path": "", "headers": [(b"content-type", b"application/json"),
                                     (b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
    }

    async def post() -> None:
        sent: list[dict[str, Any]] = []
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(dict(scope, state={}), receive, send)
        if sent[0]["status"] != 200 or b'"errors"' in sent[-1]["body"]:
            raise SystemExit(f"the API did not answer: {sent}")

    return post


async def cpu_per_call(call: Callable[[], Awaitable[None]], n: int) -> float:
    """Process CPU milliseconds per call, over ``n`` calls after a warm-up."""
    for _ in range(max(20, n // 20)):
        await call()
    start = time.process_time()
    for _ in range(n):
        await call()
    return (time.process_time() - start) / n * 1000


async def run(args: argparse.Namespace) -> Table:
    api_reader.GraphReader.read = replaying(  # type: ignore[method-assign]
        api_reader.GraphReader.read
    )
    settings = get_settings()
    apps = {
        "plans": create_app(settings),
        "resolvers": create_app(settings.model_copy(update={"api_query_plans": False})),
    }
    driver = create_async_driver(settings)
    table = Table(title=f"API CPU per request, Neo4j's answers replayed ({args.requests} "
                  "requests; ms)")
    for column in ("question", "resolvers", "plans", "resolvers / plans",
                   "driver, hand-written Cypher"):
        table.add_column(column, justify="left" if column == "question" else "right")
    async with apps["plans"].router.lifespan_context(apps["plans"]), \
            apps["resolvers"].router.lifespan_context(apps["resolvers"]):
        for name, gql, cypher, params in questions(args.occupation, args.skill):
            body = json.dumps({"query": gql}).encode()
            cpu = {path: await cpu_per_call(asgi_post(app, body), args.requests)
                   for path, app in apps.items()}

            async def hand_written(cypher: str = cypher, params: Parameters = params) -> None:
                values = {k: v() if callable(v) else v for k, v in params.items()}
                await driver.execute_query(cypher, values, database_=settings.neo4j_database)

            cypher_cpu = await cpu_per_call(hand_written, max(200, args.requests // 10))
            table.add_row(name, f"{cpu['resolvers']:.3f}", f"{cpu['plans']:.3f}",
                          f"{cpu['resolvers'] / cpu['plans']:.1f}x", f"{cypher_cpu:.3f}")
    await driver.close()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occupation", required=True, help="An ESCO occupation URI.")
    parser.add_argument("--skill", required=True, help="An ESCO skill URI.")
    parser.add_argument("--requests", type=int, default=2000, help="Requests per measurement.")
    args = parser.parse_args()
    try:
        import uvloop

        table = uvloop.run(run(args))
    except ImportError:
        table = asyncio.run(run(args))
    Console(width=150).print(table)


if __name__ == "__main__":
    main()
