"""Renderers of resolved values: leaves through the schema's serializers, list and non-null
wrappers, unions by the value's class, and fields with resolvers left to the resolvers."""

from __future__ import annotations

import pytest
from graphql import (
    FieldNode,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
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
