"""Compiled query plans: a query text seen once is answered from then on without
graphql-core's field-by-field execution.

The first time a query text arrives it runs through the resolvers as usual, so it is parsed,
validated (the depth, alias and token limits included) and answered exactly as always. If it
succeeded and every root field is one a plan can serve, a plan is compiled from the document
and kept (LRU, per process):

- a lookup by key reads all its selection asks for, nested lists at any depth included, with
  one Cypher query that projects only the selected properties (:mod:`api.projections`);
- a service field (the model and search fields) calls the same function as its resolver and
  renders the returned objects directly (:mod:`api.shaping`).

Whenever a plan cannot answer a request exactly (a malformed or unknown key, a page size,
cursor or variable the resolvers reject, a database error) the request runs through the
resolvers, which answer or report it as they always do: a plan changes how fast an answer comes,
never what it says. A plan is only dropped for an error of its own (its rendering), never for a
request's input. When Neo4j is unavailable or too slow to answer, the plan reports that error
itself, as the resolvers would: asking them would only wait for the same database again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    located_error,
    parse,
)
from graphql.execution.values import VariableValues, get_variable_values
from strawberry.types import ExecutionResult
from strawberry.types.arguments import convert_arguments
from strawberry.types.graphql import OperationType as StrawberryOperationType

from api import intelligence, search
from api.context import Context
from api.loaders import NODE_KEYS
from api.lookups import LOOKUP_FIELDS, LookupField
from api.projections import LookupCompiler, NodeRender, Window
from api.queries import batched_projection_query, projection_query
from api.selections import NotCompilable, Scope, collect
from api.shaping import Fallback, Render, argument_values, strawberry_field, value_renderer
from graph.errors import DatabaseError, DatabaseUnavailableError, SkillgraphError

log = logging.getLogger("api")

Service = Callable[..., Awaitable[Any]]

#: Query fields answered by a service function: it takes the context and the field's
#: arguments (Python names) and returns what the field's resolver returns.
SERVICES: dict[str, Service] = {
    "search": search.search_service,
    "relatedSkills": intelligence.related_skills_service,
    "careerTransitions": intelligence.career_transitions_service,
    "skillGap": intelligence.skill_gap_service,
    "careerPaths": intelligence.career_paths_service,
}


class RootPlan(Protocol):
    """How a plan answers one root field (selected by ``node``)."""

    @property
    def node(self) -> FieldNode: ...

    async def run(self, ctx: Context, variables: VariableValues | None) -> Any: ...


@dataclass(frozen=True)
class TypenameRoot:
    name: str
    node: FieldNode

    async def run(self, ctx: Context, variables: VariableValues | None) -> Any:
        return self.name


@dataclass(frozen=True)
class LookupRoot:
    """A lookup by key with its whole selection in one query."""

    field: GraphQLField
    node: FieldNode
    spec: LookupField
    cypher: str
    batched_cypher: str
    """The same for several keys, for the context's :class:`~api.coalescing.LookupCoalescer`."""
    windows: tuple[Window, ...]
    render: NodeRender

    async def run(self, ctx: Context, variables: VariableValues | None) -> Any:
        key = argument_values(self.field, self.node, variables)[self.spec.argument]
        if self.spec.check(key) is not None:
            raise Fallback("malformed key")
        pages = [w.page(variables, ctx.limits) for w in self.windows]
        if ctx.coalescer is None:
            records = await ctx.reader.read(self.cypher, key=key, pages=pages)
            node = records[0]["node"] if records else None
        else:
            node = await ctx.coalescer.node(
                ctx.reader, self.cypher, self.batched_cypher, key, pages
            )
        if node is None:
            raise Fallback("unknown key")
        return self.render(node, [p["offset"] for p in pages])


@dataclass(frozen=True)
class ServiceRoot:
    """A field whose resolver's service is called directly, its result rendered."""

    field: GraphQLField
    node: FieldNode
    service: Service
    arguments: Callable[[dict[str, Any]], dict[str, Any]]
    render: Render

    async def run(self, ctx: Context, variables: VariableValues | None) -> Any:
        kwargs = self.arguments(argument_values(self.field, self.node, variables))
        return self.render(await self.service(ctx, **kwargs))


class RootError(Exception):
    """A root field failed with an error the answer reports as the resolvers would (the
    database is unavailable or did not answer in time: the resolvers would only meet it
    again)."""

    def __init__(self, error: GraphQLError) -> None:
        super().__init__(error.message)
        self.error = error

    @staticmethod
    def at(key: str, root: RootPlan, cause: Exception) -> RootError:
        """The error of root field ``key`` (selected by ``root.node``), caused by ``cause``."""
        return RootError(located_error(cause, [root.node], [key]))


@dataclass(frozen=True)
class DocumentPlan:
    """The compiled answer to one query text (and operation name)."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    roots: tuple[tuple[str, RootPlan], ...]

    async def run(self, ctx: Context, inputs: dict[str, Any] | None) -> dict[str, Any]:
        variables: VariableValues | None = None
        if self.operation.variable_definitions:
            coerced = get_variable_values(
                self.schema, self.operation.variable_definitions, inputs or {}
            )
            if isinstance(coerced, list):
                raise Fallback("variables rejected")
            variables = coerced
        if len(self.roots) == 1:
            ((key, root),) = self.roots
            try:
                return {key: await root.run(ctx, variables)}
            except DatabaseUnavailableError as e:
                raise RootError.at(key, root, e) from e
        values = await asyncio.gather(
            *(root.run(ctx, variables) for _, root in self.roots), return_exceptions=True
        )
        for value in values:
            if isinstance(value, BaseException):
                raise self._failure(values)
        return {key: value for (key, _), value in zip(self.roots, values, strict=True)}

    def _failure(self, values: list[Any]) -> BaseException:
        """What the request fails with when some roots failed: an unavailable database
        first (as the error of its field), else the first failure."""
        for (key, root), value in zip(self.roots, values, strict=True):
            if isinstance(value, DatabaseUnavailableError):
                failure = RootError.at(key, root, value)
                failure.__cause__ = value
                return failure
        return next(v for v in values if isinstance(v, BaseException))


def _operation(document: Any, name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    if len(chosen) != 1:
        raise NotCompilable("expected exactly one operation")
    return chosen[0]


def compile_plan(schema: strawberry.Schema, query: str, operation_name: str | None
                 ) -> DocumentPlan:
    """The plan of a document that the resolvers already answered without errors."""
    core = schema._schema
    document = parse(query)
    operation = _operation(document, operation_name)
    if operation.operation != OperationType.QUERY:
        raise NotCompilable("only queries are compiled")
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    scope = Scope(core, fragments)
    query_type = core.query_type
    assert query_type is not None
    roots: list[tuple[str, RootPlan]] = []
    for key, nodes in collect(scope, query_type, [operation.selection_set]).items():
        name = nodes[0].name.value
        if name == "__typename":
            roots.append((key, TypenameRoot(query_type.name, nodes[0])))
        elif len(nodes) != 1:
            raise NotCompilable("a root field selected twice under one key")
        elif name in LOOKUP_FIELDS:
            spec = LOOKUP_FIELDS[name]
            compiler = LookupCompiler(scope)
            projection, render = compiler.node(spec.type_name, nodes)
            key_property = NODE_KEYS[spec.type_name][1]
            roots.append((key, LookupRoot(
                query_type.fields[name], nodes[0], spec,
                projection_query(key_property, projection),
                batched_projection_query(key_property, projection),
                tuple(compiler.windows), render,
            )))
        elif name in SERVICES:
            field = query_type.fields[name]
            definition = strawberry_field(query_type, name)
            roots.append((key, ServiceRoot(
                field, nodes[0], SERVICES[name], _converter(schema, definition.arguments),
                value_renderer(scope, field.type, nodes),
            )))
        else:
            raise NotCompilable(f"Query.{name} is not compiled")
    return DocumentPlan(core, operation, tuple(roots))


def _converter(schema: strawberry.Schema, arguments: Iterable[Any]
               ) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """GraphQL argument values -> the resolver's keyword arguments, as Strawberry converts
    them (enums, defaults, Python names)."""
    listed = list(arguments)

    def convert(values: dict[str, Any]) -> dict[str, Any]:
        return convert_arguments(values, listed, scalar_registry=schema.schema_converter.
                                 scalar_registry, config=schema.config)

    return convert


_UNSEEN = object()
CACHED_PLANS = 256
"""Query texts whose plan (or whose lack of one) is kept per process (LRU)."""


class PlannedSchema(strawberry.Schema):
    """A Strawberry schema that answers repeated query texts with compiled plans.

    ``plans=False`` turns them off (every request runs the resolvers); ``plan_hits`` counts the
    requests a plan answered."""

    def __init__(self, *args: Any, plans: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plans_enabled = plans
        self.plan_hits = 0
        self._plans: OrderedDict[tuple[str, str | None], DocumentPlan | None] = OrderedDict()

    def _plan(self, key: tuple[str, str | None]) -> object:
        plan = self._plans.get(key, _UNSEEN)
        if plan is not _UNSEEN:
            self._plans.move_to_end(key)
        return plan

    def _remember(self, key: tuple[str, str | None], plan: DocumentPlan | None) -> None:
        self._plans[key] = plan
        while len(self._plans) > CACHED_PLANS:
            self._plans.popitem(last=False)

    async def planned_answer(
        self, query: str, operation_name: str | None, variables: dict[str, Any] | None,
        ctx: Context,
    ) -> dict[str, Any] | GraphQLError | None:
        """The data its plan gives for a query text, or the error it fails with (the database
        is unavailable or too slow, the answer is ``{"data": null, "errors": [error]}``), or
        None when there is no plan for it (yet) or the plan cannot answer this request
        exactly: then :meth:`execute` answers."""
        if not self.plans_enabled:
            return None
        key = (query, operation_name)
        plan = self._plan(key)
        if not isinstance(plan, DocumentPlan):
            return None
        try:
            data = await plan.run(ctx, variables)
        except RootError as e:
            log.warning("a query plan's read failed (%s); the plan answers with that error", e)
            self.plan_hits += 1
            return e.error
        except DatabaseError as e:
            log.warning("a query plan's Cypher failed (%s); the resolvers answer", e)
            return None
        except (Fallback, SkillgraphError):
            return None  # the resolvers answer, or report the error as they always do
        except Exception:
            log.exception("query plan failed; the resolvers answer this query from now on")
            self._plans[key] = None
            return None
        self.plan_hits += 1
        return data

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[Any] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        usable = (
            self.plans_enabled and query is not None and isinstance(context_value, Context)
            and not operation_extensions
        )
        key = (query or "", operation_name)
        seen = self._plan(key) if usable else None
        queries_allowed = (
            allowed_operation_types is None
            or StrawberryOperationType.QUERY in set(allowed_operation_types)
        )
        if isinstance(seen, DocumentPlan) and queries_allowed \
                and isinstance(context_value, Context) and context_value.plans:
            data = await self.planned_answer(key[0], operation_name, variable_values,
                                             context_value)
            if isinstance(data, GraphQLError):
                return ExecutionResult(data=None, errors=[data])
            if data is not None:
                return ExecutionResult(data=data, errors=None)
        result = await super().execute(
            query, variable_values=variable_values, context_value=context_value,
            root_value=root_value, operation_name=operation_name,
            allowed_operation_types=allowed_operation_types,
            operation_extensions=operation_extensions,
        )
        if usable and seen is _UNSEEN and isinstance(result, ExecutionResult) \
                and not result.errors and result.data is not None:
            assert query is not None
            try:
                compiled: DocumentPlan | None = compile_plan(self, query, operation_name)
            except NotCompilable as e:
                log.debug("no plan for this query: %s", e)
                compiled = None
            except Exception:
                log.exception("could not compile a plan; the resolvers answer this query")
                compiled = None
            self._remember(key, compiled)
        return result
