"""Renderers that turn resolved values into response JSON for one selection, without
graphql-core's per-field execution: the output half of the compiled query plans
(:mod:`api.plans`).

A renderer is compiled once per document and field. Leaves go through the schema's own
``serialize`` (so values come out exactly as graphql-core writes them); a ``null`` where the
schema promises a value raises :class:`Fallback`, and the resolvers answer instead (and
report the error as GraphQL does).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    GraphQLAbstractType,
    GraphQLBoolean,
    GraphQLError,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
    get_named_type,
    is_leaf_type,
)
from graphql.execution.values import VariableValues, get_argument_values

from api.selections import NotCompilable, Scope, collect, subselections

Render = Callable[[Any], Any]


class Fallback(Exception):
    """A compiled plan cannot answer this request exactly; the resolvers answer it."""


def argument_values(field: GraphQLField, node: FieldNode, variables: VariableValues | None
                    ) -> dict[str, Any]:
    """The arguments of ``node`` for this request, as the resolvers get them; Fallback when
    graphql-core rejects them (a null, say from a variable with a default, for a non-null
    argument), so that the resolvers report it and the plan stays."""
    try:
        return get_argument_values(field, node, variables)
    except GraphQLError as e:
        raise Fallback(e.message) from e


def wrapped(gql_type: GraphQLOutputType, inner: Render) -> Render:
    """``inner`` (for the named type) under the list and non-null wrappers of ``gql_type``."""
    if isinstance(gql_type, GraphQLNonNull):
        of = wrapped(gql_type.of_type, inner)

        def non_null(value: Any) -> Any:
            if value is None:
                raise Fallback("null for a non-null field")
            return of(value)

        return non_null
    if isinstance(gql_type, GraphQLList):
        item = wrapped(gql_type.of_type, inner)

        def listed(value: Any) -> Any:
            return None if value is None else [item(v) for v in value]

        return listed

    def nullable(value: Any) -> Any:
        return None if value is None else inner(value)

    return nullable


_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1

_SERIALIZED: dict[GraphQLScalarType, Callable[[Any], bool]] = {
    GraphQLString: lambda v: type(v) is str,
    GraphQLID: lambda v: type(v) is str,
    GraphQLBoolean: lambda v: type(v) is bool,
    GraphQLInt: lambda v: type(v) is int and _INT_MIN <= v <= _INT_MAX,
    GraphQLFloat: lambda v: type(v) is float and math.isfinite(v),
}
"""For the built-in scalars, which values the serializer would return unchanged."""


def leaf(gql_type: GraphQLOutputType) -> Render:
    """The renderer of a scalar or enum field: the schema's serializer, under the wrappers.

    A built-in scalar (or a non-null one) gets one function instead of a chain: a value
    already in its serialized form (a ``str`` for ``String``, an ``int`` within 32 bits for
    ``Int``, ...) is returned as it is, as the serializer would return it; any other value
    goes through the serializer. A model answer renders hundreds of such leaves."""
    named = get_named_type(gql_type)
    if not is_leaf_type(named):
        raise NotCompilable(f"expected a scalar or enum, got {named}")
    if not isinstance(named, GraphQLScalarType) or named not in _SERIALIZED:
        return wrapped(gql_type, named.serialize)
    ready, serialize = _SERIALIZED[named], named.serialize
    if gql_type is named:
        def nullable_leaf(value: Any) -> Any:
            return value if value is None or ready(value) else serialize(value)

        return nullable_leaf
    if isinstance(gql_type, GraphQLNonNull) and gql_type.of_type is named:
        def non_null_leaf(value: Any) -> Any:
            if ready(value):
                return value
            if value is None:
                raise Fallback("null for a non-null field")
            return serialize(value)

        return non_null_leaf
    return wrapped(gql_type, serialize)


def strawberry_field(obj_type: GraphQLObjectType, name: str) -> Any:
    """The Strawberry field behind ``obj_type.name``, or NotCompilable when there is none."""
    field = obj_type.fields.get(name)
    definition = None if field is None else (field.extensions or {}).get(
        "strawberry-definition"
    )
    if definition is None:
        raise NotCompilable(f"{obj_type.name}.{name} is not a Strawberry field")
    return definition


def value_renderer(scope: Scope, gql_type: GraphQLOutputType, fields: list[FieldNode]) -> Render:
    """The renderer of a field of type ``gql_type`` whose value is an already resolved
    Python object (Strawberry types, lists, scalars), selected by ``fields``."""
    named = get_named_type(gql_type)
    if is_leaf_type(named):
        return leaf(gql_type)
    if isinstance(named, GraphQLObjectType):
        return wrapped(gql_type, object_renderer(scope, named, fields))
    if isinstance(named, GraphQLAbstractType):
        return wrapped(gql_type, _abstract_renderer(scope, named, fields))
    raise NotCompilable(f"unexpected output type {named}")


def object_renderer(scope: Scope, obj_type: GraphQLObjectType, fields: list[FieldNode]
                    ) -> Render:
    """The renderer of a Strawberry object of ``obj_type``: each selected field read as the
    attribute the default resolver would read. A field with its own resolver (or arguments)
    is not compiled."""
    entries: list[tuple[str, str, Render | None]] = []
    for key, nodes in collect(scope, obj_type, subselections(fields)).items():
        name = nodes[0].name.value
        if name == "__typename":
            entries.append((key, "", None))
            continue
        definition = strawberry_field(obj_type, name)
        if definition.base_resolver is not None or obj_type.fields[name].args:
            raise NotCompilable(f"{obj_type.name}.{name} has a resolver")
        entries.append((key, definition.python_name, value_renderer(
            scope, obj_type.fields[name].type, nodes)))
    type_name = obj_type.name

    def render(obj: Any) -> dict[str, Any]:
        return {
            key: type_name if render_field is None else render_field(getattr(obj, attr))
            for key, attr, render_field in entries
        }

    return render


def _abstract_renderer(
    scope: Scope, abstract: GraphQLAbstractType, fields: list[FieldNode]
) -> Render:
    """A union or interface: the concrete type is read off the value's Strawberry class."""
    by_class: dict[type, Render] = {}
    for concrete in scope.schema.get_possible_types(abstract):
        definition = (concrete.extensions or {}).get("strawberry-definition")
        if definition is None:
            raise NotCompilable(f"{concrete.name} is not a Strawberry type")
        member = object_renderer(scope, concrete, fields)
        origins = {definition.origin}
        if definition.concrete_of is not None:
            origins.add(definition.concrete_of.origin)
        for origin in origins:
            if origin in by_class:
                raise NotCompilable(f"{abstract.name} has two members of class {origin}")
            by_class[origin] = member

    def render(value: Any) -> Any:
        found = by_class.get(type(value))
        if found is None:
            raise Fallback(f"no member of {abstract.name} for {type(value).__name__}")
        return found(value)

    return render
