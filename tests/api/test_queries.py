"""The API's Cypher projects exactly the properties its GraphQL types read, and the tables
the compiled plans read cover every field of every node type."""

from __future__ import annotations

import re
from typing import Any

import pytest
from graphql import GraphQLObjectType

from api import nodes, queries
from api.loaders import NODE_KEYS
from api.prefetch import CONNECTIONS
from api.schema import build_schema


class RecordingProps(dict[str, Any]):
    """Properties that remember which keys were read (every key holds a string)."""

    def __init__(self) -> None:
        super().__init__()
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return "x"

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return None


@pytest.mark.parametrize("type_name", sorted(NODE_KEYS))
def test_every_property_a_type_reads_is_projected_for_its_label(type_name: str) -> None:
    props = RecordingProps()
    getattr(nodes, type_name).from_props(props)
    label, key = NODE_KEYS[type_name]
    served = set(queries.SERVED_PROPERTIES[label])
    assert props.read <= served, f"{type_name} reads {props.read - served} not projected"
    assert key in served


def test_neighbour_lists_project_their_target_label_and_never_the_vectors() -> None:
    for name, relation in queries.RELATIONS.items():
        text = queries.neighbour_pages(name)
        assert relation.target in queries.SERVED_PROPERTIES
        assert "{.*" not in text
        assert not any(h in text for h in queries.HIDDEN_PROPERTIES)


def test_a_pattern_without_a_labelled_target_is_rejected() -> None:
    relation = queries.Relation("Skill", "uri", "-[r:RELATED_TO]-(m)", "", "m.uri")
    with pytest.raises(ValueError, match=r"\(m:Label\)"):
        _ = relation.target


def _definition(type_name: str) -> Any:
    schema = build_schema()._schema
    return schema.type_map[type_name].extensions["strawberry-definition"]


@pytest.mark.parametrize("type_name", sorted(NODE_KEYS))
def test_every_scalar_field_of_a_node_type_is_read_from_a_named_property(
    type_name: str,
) -> None:
    fields = {f.python_name for f in _definition(type_name).fields if f.base_resolver is None}
    assert fields - {"id"} == set(nodes.NODE_PROPS[type_name])
    served = set(queries.SERVED_PROPERTIES[NODE_KEYS[type_name][0]])
    assert {p.key for p in nodes.NODE_PROPS[type_name].values()} <= served


@pytest.mark.parametrize("type_name", sorted(nodes.ROW_PROPS))
def test_a_row_type_reads_its_neighbour_and_the_properties_of_the_relationship(
    type_name: str,
) -> None:
    spec = nodes.ROW_PROPS[type_name]
    fields = {f.python_name for f in _definition(type_name).fields}
    assert fields == {spec.node_attr, *spec.rel}
    assert spec.node_type in NODE_KEYS


@pytest.mark.parametrize("type_name", sorted(NODE_KEYS))
def test_every_neighbour_list_of_a_node_type_is_known_to_the_plans(type_name: str) -> None:
    schema = build_schema()._schema
    graphql_type = schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    for field in _definition(type_name).fields:
        if field.base_resolver is None:
            continue
        name = next(n for n, f in graphql_type.fields.items()
                    if f.extensions["strawberry-definition"] is field)
        relation, _ = CONNECTIONS[(type_name, name)]
        assert queries.RELATIONS[relation].start == NODE_KEYS[type_name][0]


BARE_VARIABLE = re.compile(r"\b[mrk][.:)]")


@pytest.mark.parametrize("name", sorted(queries.RELATIONS))
def test_a_compiled_lookup_renames_the_variables_of_every_list_at_every_depth(name: str) -> None:
    relation = queries.RELATIONS[name]
    nested = [n for n, r in sorted(queries.RELATIONS.items()) if r.start == relation.target]
    inner = queries.NodeProjection(
        relation.target, (NODE_KEYS[relation.target][1],),
        tuple(queries.ListProjection(1, n, (), queries.NodeProjection(
            queries.RELATIONS[n].target, ("label",))) for n in nested[:1]),
    )
    root = queries.NodeProjection(relation.start, (), (
        queries.ListProjection(0, name, ("essential",), inner),
    ))
    text = queries.projection_query(NODE_KEYS[relation.start][1], root)
    assert not BARE_VARIABLE.search(text), text
    assert "{.*" not in text and not any(h in text for h in queries.HIDDEN_PROPERTIES)
    assert "$pages[0]" in text and ("$pages[1]" in text) == bool(nested)


def test_a_compiled_list_must_end_at_its_relations_target_label() -> None:
    root = queries.NodeProjection("Skill", (), (
        queries.ListProjection(0, "skill_occupations", (), queries.NodeProjection("Skill", ())),
    ))
    with pytest.raises(ValueError, match="Occupation"):
        queries.projection_query("uri", root)


def test_a_compiled_lookup_interpolates_only_plain_property_names() -> None:
    with pytest.raises(ValueError, match="identifier"):
        queries.projection_query("uri", queries.NodeProjection("Skill", ("label}) //",)))


def _occupation_skills(essential: bool | None) -> str:
    root = queries.NodeProjection("Occupation", ("label",), (
        queries.ListProjection(0, "occupation_skills", (), queries.NodeProjection(
            "Skill", ("label",)), essential),
    ))
    return queries.projection_query("uri", root)


@pytest.mark.parametrize("essential", [True, False])
def test_a_list_its_field_fixes_to_essential_or_optional_filters_on_a_constant(
    essential: bool,
) -> None:
    text = _occupation_skills(essential)
    assert f"r0.essential = {str(essential).lower()}" in text
    assert "$pages[0].essential" not in text and "r0.essential DESC" not in text
    assert "$pages[0].offset" in text  # the window is still the request's


def test_a_list_whose_filter_comes_with_the_request_reads_it_from_its_window() -> None:
    text = _occupation_skills(None)
    assert "$pages[0].essential IS NULL OR r0.essential = $pages[0].essential" in text
    assert "ORDER BY r0.essential DESC, m0.label, m0.uri" in text


def test_only_a_relation_filtered_on_essential_can_fix_it() -> None:
    root = queries.NodeProjection("Skill", (), (
        queries.ListProjection(0, "skill_broader", (), queries.NodeProjection(
            "Skill", ("label",)), True),
    ))
    with pytest.raises(ValueError, match="essential"):
        queries.projection_query("uri", root)
