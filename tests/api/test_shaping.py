"""Renderers of resolved values: leaves through the schema's serializers, list and non-null
wrappers, unions by the value's class, and fields with resolvers left to the resolvers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import (
    FieldNode,
    GraphQLBoolean,
    GraphQLError,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
    OperationDefinitionNode,
    parse,
)

from api.nodes import Skill
from api.results import NotFound
from api.schema import build_schema
from api.selections import NotCompilable, Scope
from api.shaping import Fallback, leaf, value_renderer, wrapped


def test_a_null_where_the_schema_promises_a_value_falls_back_to_the_resolvers() -> None:
    render = leaf(GraphQLNonNull(GraphQLInt))
    assert render(3) == 3
    with pytest.raises(Fallback):
        render(None)


SCALAR_VALUES = [
    (GraphQLString, ["", "python", 3, True, 1.5]),
    (GraphQLBoolean, [True, False, 1, 0]),
    (GraphQLInt, [0, -(2**31), 2**31 - 1, 2**31, True, 2.0, 2.5, "3"]),
    (GraphQLFloat, [0.5, 3, True, float("nan"), float("inf"), "1.5"]),
    (GraphQLID, ["a", 7]),
]


def _outcome(render: Callable[[Any], Any], value: Any) -> tuple[str, Any]:
    try:
        out = render(value)
    except (GraphQLError, TypeError, ValueError) as e:
        return "error", type(e)
    return type(out).__name__, out


@pytest.mark.parametrize(("scalar", "values"), SCALAR_VALUES,
                         ids=[s.name for s, _ in SCALAR_VALUES])
def test_a_built_in_leaf_renders_every_value_exactly_as_its_serializer(
    scalar: GraphQLScalarType, values: list[Any],
) -> None:
    for value in values:
        want = _outcome(scalar.serialize, value)
        for gql_type in (scalar, GraphQLNonNull(scalar)):
            got = _outcome(leaf(gql_type), value)
            assert got == want or (value != value and got[0] == want[0]), (gql_type, value)
    assert leaf(scalar)(None) is None
    with pytest.raises(Fallback):
        leaf(GraphQLNonNull(scalar))(None)


def test_lists_render_each_item_and_nullable_leaves_keep_null() -> None:
    render = wrapped(GraphQLList(GraphQLNonNull(GraphQLString)), str.upper)
    assert render(["a", "b"]) == ["A", "B"]
    assert render(None) is None
    with pytest.raises(Fallback):
        render(["a", None])


def _root_field(query: str) -> tuple[Scope, GraphQLObjectType, list[FieldNode]]:
    schema = build_schema()._schema
    operation = parse(query).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode) and schema.query_type is not None
    return Scope(schema, {}), schema.query_type, [field]


def test_a_union_is_rendered_by_the_class_of_its_value() -> None:
    scope, query_type, nodes = _root_field(
        "{ skill(uri: \"u\") { __typename ... on Skill { uri label altLabels } "
        "... on NotFound { key } } }"
    )
    render = value_renderer(scope, query_type.fields["skill"].type, nodes)
    skill = Skill.from_props({"uri": "u", "label": "python", "altLabels": ["py"]})
    assert render(skill) == {"__typename": "Skill", "uri": "u", "label": "python",
                             "altLabels": ["py"]}
    assert render(NotFound(message="none", key="k")) == {"__typename": "NotFound", "key": "k"}
    with pytest.raises(Fallback):
        render(object())


def test_a_field_with_its_own_resolver_is_not_compiled() -> None:
    scope, query_type, nodes = _root_field(
        "{ skill(uri: \"u\") { ... on Skill { broader { totalCount } } } }"
    )
    with pytest.raises(NotCompilable, match="resolver"):
        value_renderer(scope, query_type.fields["skill"].type, nodes)
