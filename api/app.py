"""The FastAPI application: lifespan-owned driver, GraphQL at ``/graphql``, ``/health``
and ``/ready``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import neo4j
from fastapi import FastAPI, Request, Response, WebSocket
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from api import fast_path, queries
from api.coalescing import LookupCoalescer
from api.context import Context, QueryEncoder, VectorIndexCache
from api.heap import freeze_long_lived
from api.jobad_models import JobAdModelCache
from api.limits import ApiLimits
from api.plans import PlannedSchema
from api.reader import GraphReader
from api.schema import build_schema
from graph.db import create_async_driver
from graph.errors import SkillgraphError
from graph.settings import Settings, get_settings

log = logging.getLogger("api")

DriverFactory = Callable[[Settings], neo4j.AsyncDriver]
READY_TIMEOUT_S = 5.0


async def readiness(driver: neo4j.AsyncDriver, settings: Settings) -> tuple[bool, str]:
    """``(ready, reason)``: Neo4j answers a read and a current ModelVersion exists."""
    reader = GraphReader(driver, database=settings.neo4j_database, timeout_s=READY_TIMEOUT_S)
    try:
        await asyncio.wait_for(reader.read(queries.PING), READY_TIMEOUT_S)
        records = await asyncio.wait_for(reader.read(queries.CURRENT_MODEL), READY_TIMEOUT_S)
    except TimeoutError:
        return False, f"neo4j did not answer within {READY_TIMEOUT_S:g} s"
    except SkillgraphError as e:
        # the detail (Neo4j's own message) is for the log, not for unauthenticated callers
        log.warning("readiness check failed: %s", e)
        return False, "neo4j unavailable"
    if not records or records[0]["model"] is None:
        return False, "no current model: train one with `skillgraph train`"
    return True, f"model {records[0]['model']['version']}"


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view, routed straight from Starlette: a request pays for no FastAPI
    dependency resolution, only for a new :class:`Context` (fresh DataLoaders). A plain POST
    whose query text has a compiled plan is answered before the view (:mod:`api.fast_path`)."""

    schema: PlannedSchema

    def __init__(self, schema: PlannedSchema, settings: Settings, limits: ApiLimits) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.api_production else "graphiql",
            allow_queries_via_get=not settings.api_production,
        )
        self.settings = settings
        self.limits = limits
        self.vector_indexes = VectorIndexCache(limits.vector_index_ttl_s)
        self.coalescer = LookupCoalescer() if settings.api_lookup_batching else None

    def _context(self, state: Any, authorization: str | None, *, plans: bool = True
                 ) -> Context:
        return Context(state.driver, self.settings, self.limits, self.vector_indexes,
                       jobad_models=state.jobad_models, authorization=authorization,
                       plans=plans, coalescer=self.coalescer,
                       query_encoder=state.query_encoder)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket
                          ) -> Context:
        return self._context(request.app.state, request.headers.get("authorization"),
                             plans=not request.scope.get(fast_path.PLAN_DECLINED, False))

    def may_plan(self, scope: Scope) -> bool:
        """Whether a plan may answer this request: plans are on, it is a plain POST and no
        plan has declined it yet."""
        return (self.schema.plans_enabled and fast_path.is_plain_post(scope)
                and not scope.get(fast_path.PLAN_DECLINED, False))

    async def answer_planned(self, scope: Scope, receive: Receive, send: Send
                             ) -> Receive | None:
        """Answers a request that :meth:`may_plan` from its compiled plan and returns None;
        or, where no plan answers it, marks ``scope`` declined and returns a ``receive`` that
        gives the body again."""
        body, ended = await fast_path.read_body(receive)
        if ended is None:
            answer = await fast_path.planned_response(
                self.schema, body,
                lambda: self._context(scope["app"].state,
                                      Headers(scope=scope).get("authorization")),
            )
            if answer is not None:
                await fast_path.send_json(send, answer)
                return None
        scope[fast_path.PLAN_DECLINED] = True
        return fast_path.replay(body, ended, receive)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.may_plan(scope):
            replayed = await self.answer_planned(scope, receive, send)
            if replayed is None:
                return
            receive = replayed
        await super().__call__(scope, receive, send)


GRAPHQL_PATH = "/graphql"


class SkillgraphApi(FastAPI):
    """FastAPI, with one shortcut: a GraphQL POST that a compiled plan answers goes straight
    to :class:`GraphQLApp`, before Starlette's middleware stack and router, whose layers
    (error and exception middleware, route matching, a wrapped ``send`` per layer) are a
    quarter or more of the API's own CPU for such a request (``benchmarks/api_cpu.py``), and
    about 5% of the server's once the driver is counted. It is taken only while that stack adds
    nothing the answer needs: the app has no middleware of its own (CORS) and FastAPI's
    OpenTelemetry instrumentation is off. A request the plan declines, and every other
    request, goes through the stack as usual."""

    graphql: GraphQLApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        graphql = self.graphql
        if (graphql is not None and scope["type"] == "http"
                and scope["path"] == scope.get("root_path", "") + GRAPHQL_PATH
                and graphql.may_plan(scope) and self.stack_adds_nothing()):
            scope["app"] = self
            replayed = await graphql.answer_planned(scope, receive, send)
            if replayed is None:
                return
            receive = replayed
        await super().__call__(scope, receive, send)

    def stack_adds_nothing(self) -> bool:
        """True while no middleware was added to the app and FastAPI's telemetry is not
        enabled (``FastAPI(telemetry=...)`` or a configured OpenTelemetry provider)."""
        if self.user_middleware:
            return False
        telemetry = getattr(self, "_native_telemetry", None)
        return telemetry is None or not telemetry.enabled()


def create_app(
    settings: Settings | None = None,
    *,
    limits: ApiLimits | None = None,
    driver_factory: DriverFactory = create_async_driver,
    semantic_jobads: bool = True,
    warm_jobads: bool = False,
    query_encoder: QueryEncoder | None = None,
) -> SkillgraphApi:
    """The API for ``settings`` (default: the environment). The driver is made when the app
    starts and closed when it stops; ``driver_factory`` lets tests observe it.

    The job-ad models are built by the first request that needs them, not at startup
    (:mod:`api.jobad_models`), unless ``warm_jobads`` starts building them in the background
    as the app starts (``skillgraph serve`` does); ``semantic_jobads=False`` leaves MiniLM out
    of them. ``search`` encodes its text with the job-ad models' MiniLM (loaded by the first
    search, if the warm-up has not yet), or with ``query_encoder`` when given; with
    ``api_semantic_search`` off or without MiniLM it matches words only."""
    cfg = settings or get_settings()
    lim = limits or ApiLimits()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = driver_factory(cfg)
        app.state.driver = driver
        app.state.jobad_models = JobAdModelCache(cfg, semantic=semantic_jobads)
        app.state.query_encoder = (
            query_encoder or app.state.jobad_models.encode_query
        ) if cfg.api_semantic_search else None
        freeze_long_lived()  # the schema, the app and the imported modules (api.heap)
        if warm_jobads:  # after the freeze, which would otherwise keep its transient objects
            app.state.jobad_models.start_warming()
        try:
            yield
        finally:
            app.state.jobad_models.close()
            await driver.close()

    app = SkillgraphApi(
        title="skillgraph",
        description="GraphQL API over the skills graph (ESCO, O*NET, CIP, job ads) and its "
        "learned embeddings.",
        lifespan=lifespan,
        docs_url=None if cfg.api_production else "/docs",
        redoc_url=None,
        openapi_url=None if cfg.api_production else "/openapi.json",
    )

    graphql = GraphQLApp(
        build_schema(lim, production=cfg.api_production, plans=cfg.api_query_plans),
        cfg,
        lim,
    )
    app.router.routes.append(Route(GRAPHQL_PATH, graphql, methods=["GET", "POST"]))
    app.graphql = graphql
    app.state.schema = graphql.schema
    app.state.coalescer = graphql.coalescer

    if cfg.api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=cfg.api_cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.get("/health", summary="The process is alive.")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", summary="Neo4j is reachable and a model is loaded.")
    async def ready(request: Request) -> JSONResponse:
        """503 unless Neo4j answers and a model is current; ``jobAdModels`` says whether the
        job-ad models are ``built``, ``building`` or built ``on first use`` (it does not
        change the status: the fields that need them wait for them)."""
        ok, reason = await readiness(request.app.state.driver, cfg)
        return JSONResponse(
            {"status": "ready" if ok else "unavailable", "reason": reason,
             "jobAdModels": request.app.state.jobad_models.state},
            status_code=200 if ok else 503,
        )

    return app
