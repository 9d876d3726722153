"""Field collection for the compiled plans, on a tiny schema: response order, merging,
fragments through interfaces and unions, and what is left to the resolvers."""

from __future__ import annotations

import pytest
from graphql import FragmentDefinitionNode, GraphQLObjectType, OperationDefinitionNode, parse
from graphql import build_schema as build_sdl

from api.selections import NotCompilable, Scope, collect

SDL = """
interface Named { name: String }
type A implements Named { name: String size: Int other: B }
type B implements Named { name: String colour: String }
union AorB = A | B
type Query { one: AorB }
"""


def fields_of(query: str, type_name: str) -> dict[str, list[str]]:
    """Response key -> the field names merged under it, for the first root field's selection."""
    schema = build_sdl(SDL)
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    root = operation.selection_set.selections[0]
    concrete = schema.get_type(type_name)
    assert isinstance(concrete, GraphQLObjectType)
    assert root.selection_set is not None  # type: ignore[attr-defined]
    found = collect(Scope(schema, fragments), concrete, [root.selection_set])  # type: ignore[attr-defined]
    return {key: [n.name.value for n in nodes] for key, nodes in found.items()}


def test_fields_come_in_response_order_with_repeated_keys_merged() -> None:
    query = "{ one { __typename ... on A { size name } n: name ... on A { size } } }"
    assert fields_of(query, "A") == {"__typename": ["__typename"], "size": ["size", "size"],
                                     "name": ["name"], "n": ["name"]}


def test_fragments_apply_through_their_interface_or_union_and_not_to_other_types() -> None:
    query = """{ one { ... on Named { name } ... on AorB { __typename } ...OnB ... on A { size } } }
               fragment OnB on B { colour }"""
    assert list(fields_of(query, "A")) == ["name", "__typename", "size"]
    assert list(fields_of(query, "B")) == ["name", "__typename", "colour"]


def test_a_fragment_spread_inside_a_fragment_is_expanded() -> None:
    query = """{ one { ...Outer } } fragment Outer on A { size ...Inner }
               fragment Inner on Named { name }"""
    assert list(fields_of(query, "A")) == ["size", "name"]


@pytest.mark.parametrize(
    "query",
    [
        "query($x: Boolean!) { one { ... on A { size @include(if: $x) } } }",
        "query($x: Boolean!) { one { ... on A @skip(if: $x) { size } } }",
        "{ one { ...Missing } }",
    ],
    ids=["a field directive", "a fragment directive", "an unknown fragment"],
)
def test_what_plans_cannot_honour_is_not_compiled(query: str) -> None:
    with pytest.raises(NotCompilable):
        fields_of(query, "A")
