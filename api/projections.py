"""Compiled lookups: a lookup by key (``occupation(uri) { ... }``) with every neighbour list
selected under it, at any depth, read by one Cypher query that projects only the
properties the selection reads (:func:`api.queries.projection_query`), and rendered straight
from its record into response JSON.

Scalars are read through the same ``NODE_PROPS``/``ROW_PROPS`` tables as the resolvers'
``from_props``/``from_row``, lists are ordered and paginated as by ``api.queries.RELATIONS``,
and leaves are serialized by the schema, so an answer is the resolvers' answer (the tests
compare the two on every kind of list).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from graphql import FieldNode, GraphQLField, GraphQLObjectType, get_named_type
from graphql.execution.values import VariableValues

from api.connection import page_window
from api.errors import InvalidArgumentError
from api.ids import global_id, offset_cursor
from api.limits import ApiLimits
from api.loaders import NODE_KEYS, Props
from api.nodes import NODE_PROPS, ROW_PROPS
from api.prefetch import CONNECTIONS
from api.queries import ListProjection, NodeProjection, list_key
from api.selections import NotCompilable, Scope, collect, subselections
from api.shaping import Fallback, argument_values, leaf, strawberry_field

Offsets = Sequence[int]
"""The page offset of every list of a plan, by slot."""
NodeRender = Callable[[Props, Offsets], dict[str, Any]]
ItemRender = Callable[[Props, Props, Offsets], Any]
PageRender = Callable[[Props, int, Offsets], Any]
"""Renders part of a connection from its page (``{total, nodes, rels}``) and offset."""
EdgeRender = Callable[[Props, Props, int, Offsets], Any]
"""Renders part of an edge from its node's and relationship's maps and its position."""
_EMPTY: Props = {}


@dataclass(frozen=True)
class Window:
    """The page arguments of one list in a plan, coerced for each request."""

    field: GraphQLField
    node: FieldNode
    essential: bool | None
    """Fixed by the field (``essentialSkills``), else read from its ``essential`` argument."""

    def page(self, variables: VariableValues | None, limits: ApiLimits) -> dict[str, Any]:
        """``$pages[slot]`` of the query: offset, limit and filters (Fallback when the
        resolver would reject the arguments, so that it reports them)."""
        args = argument_values(self.field, self.node, variables)
        try:
            offset, limit = page_window(args.get("first"), args.get("after"), limits)
        except (InvalidArgumentError, ValueError, OverflowError) as e:
            raise Fallback(str(e)) from e
        essential = self.essential if self.essential is not None else args.get("essential")
        return {"offset": offset, "limit": limit, "essential": essential,
                "domain": args.get("domain")}


def _merged(label: str, parts: list[NodeProjection]) -> NodeProjection:
    """One projection reading what every part reads (parts come from aliases of one list)."""
    properties = dict.fromkeys(p for part in parts for p in part.properties)
    lists = tuple(spec for part in parts for spec in part.lists)
    return NodeProjection(label, tuple(properties), lists)


class LookupCompiler:
    """Compiles the selection under a lookup into a :class:`NodeProjection` and its
    renderer; ``windows`` collects the lists' page arguments, by slot."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.windows: list[Window] = []

    def _object_type(self, type_name: str) -> GraphQLObjectType:
        found = self.scope.schema.get_type(type_name)
        if not isinstance(found, GraphQLObjectType):
            raise NotCompilable(f"expected an object type {type_name}")
        return found

    def node(self, type_name: str, fields: list[FieldNode]) -> tuple[NodeProjection, NodeRender]:
        """A node of ``type_name`` selected by ``fields`` (the field nodes of one key)."""
        label, key = NODE_KEYS[type_name]
        obj_type = self._object_type(type_name)
        properties: dict[str, None] = {}
        lists: list[ListProjection] = []
        entries: list[tuple[str, Callable[[Props, Offsets], Any]]] = []
        for response_key, nodes in collect(self.scope, obj_type, subselections(fields)).items():
            name = nodes[0].name.value
            if name == "__typename":
                entries.append((response_key, _constant(type_name)))
                continue
            definition = strawberry_field(obj_type, name)
            gql_field = obj_type.fields[name]
            prop = NODE_PROPS[type_name].get(definition.python_name)
            if name == "id":
                properties[key] = None
                entries.append((response_key, _global_id(type_name, key, leaf(gql_field.type))))
            elif prop is not None:
                properties[prop.key] = None
                entries.append((response_key, _scalar(prop.key, prop.convert,
                                                      leaf(gql_field.type))))
            elif (type_name, name) in CONNECTIONS:
                relation, essential = CONNECTIONS[(type_name, name)]
                spec, render_list = self.connection(gql_field, nodes, relation, essential)
                lists.append(spec)
                entries.append((response_key, render_list))
            else:
                raise NotCompilable(f"{type_name}.{name} is not compiled")

        def render(props: Props, offsets: Offsets) -> dict[str, Any]:
            return {k: f(props, offsets) for k, f in entries}

        return NodeProjection(label, tuple(properties), tuple(lists)), render

    def connection(
        self, field: GraphQLField, nodes: list[FieldNode], relation: str,
        essential: bool | None,
    ) -> tuple[ListProjection, Callable[[Props, Offsets], Any]]:
        """A neighbour list (Relay connection) selected by ``nodes``."""
        slot = len(self.windows)
        self.windows.append(Window(field, nodes[0], essential))
        conn_type = get_named_type(field.type)
        if not isinstance(conn_type, GraphQLObjectType):
            raise NotCompilable(f"expected a connection, got {conn_type}")
        edge_type = get_named_type(conn_type.fields["edges"].type)
        if not isinstance(edge_type, GraphQLObjectType):
            raise NotCompilable(f"expected an edge type, got {edge_type}")
        item_name = get_named_type(edge_type.fields["node"].type).name
        parts: list[NodeProjection] = []
        rel_properties: dict[str, None] = {}
        entries: list[tuple[str, PageRender]] = []
        for response_key, selected in collect(
            self.scope, conn_type, subselections(nodes)
        ).items():
            attr = _python_name(conn_type, selected[0].name.value)
            if attr == "__typename":
                entries.append((response_key, _constant(conn_type.name)))
            elif attr == "total_count":
                entries.append((response_key, _total(leaf(conn_type.fields["totalCount"].type))))
            elif attr == "page_info":
                entries.append((response_key, self._page_info(conn_type, selected)))
            elif attr == "edges":
                entries.append((response_key, self._edges(
                    edge_type, item_name, selected, parts, rel_properties
                )))
            else:
                raise NotCompilable(f"{conn_type.name}.{attr} is not compiled")
        target = item_name if item_name in NODE_PROPS else ROW_PROPS[item_name].node_type
        spec = ListProjection(slot, relation, tuple(rel_properties),
                              _merged(NODE_KEYS[target][0], parts), essential)

        def render(props: Props, offsets: Offsets) -> dict[str, Any]:
            page, offset = props[list_key(slot)], offsets[slot]
            return {k: f(page, offset, offsets) for k, f in entries}

        return spec, render

    def _edges(
        self, edge_type: GraphQLObjectType, item_name: str, nodes: list[FieldNode],
        parts: list[NodeProjection], rel_properties: dict[str, None],
    ) -> PageRender:
        """The edges of a page; what their items read is added to ``parts`` (of the node
        projection) and ``rel_properties``."""
        entries: list[tuple[str, EdgeRender]] = []
        for key, selected in collect(self.scope, edge_type, subselections(nodes)).items():
            attr = _python_name(edge_type, selected[0].name.value)
            if attr == "__typename":
                entries.append((key, _constant(edge_type.name)))
            elif attr == "cursor":
                entries.append((key, _cursor))
            elif attr == "node":
                item_parts, item_rels, item = self._item(item_name, selected)
                parts.extend(item_parts)
                rel_properties.update(dict.fromkeys(item_rels))
                entries.append((key, _edge_node(item)))
            else:
                raise NotCompilable(f"{edge_type.name}.{attr} is not compiled")
        return _edges(entries)

    def _item(
        self, item_name: str, nodes: list[FieldNode]
    ) -> tuple[list[NodeProjection], list[str], ItemRender]:
        """The item of a list: a node, or a row type around a node (``ROW_PROPS``)."""
        if item_name in NODE_PROPS:
            projection, render = self.node(item_name, nodes)
            return [projection], [], lambda n, r, o: render(n, o)
        spec = ROW_PROPS.get(item_name)
        if spec is None:
            raise NotCompilable(f"{item_name} is neither a node nor a row type")
        row_type = self._object_type(item_name)
        parts: list[NodeProjection] = []
        rels: list[str] = []
        entries: list[tuple[str, ItemRender]] = []
        for response_key, selected in collect(self.scope, row_type, subselections(nodes)).items():
            name = selected[0].name.value
            attr = _python_name(row_type, name)
            if attr == "__typename":
                entries.append((response_key, _constant(item_name)))
            elif attr == spec.node_attr:
                projection, render = self.node(spec.node_type, selected)
                parts.append(projection)
                entries.append((response_key, _row_node(render)))
            elif attr in spec.rel:
                prop = spec.rel[attr]
                rels.append(prop.key)
                entries.append((response_key, _rel_scalar(prop.key, prop.convert,
                                                          leaf(row_type.fields[name].type))))
            else:
                raise NotCompilable(f"{item_name}.{name} is not compiled")

        def render_row(n: Props, r: Props, o: Offsets) -> dict[str, Any]:
            return {k: f(n, r, o) for k, f in entries}

        return parts, rels, render_row

    def _page_info(self, conn_type: GraphQLObjectType, nodes: list[FieldNode]) -> PageRender:
        info_type = get_named_type(conn_type.fields["pageInfo"].type)
        if not isinstance(info_type, GraphQLObjectType):
            raise NotCompilable("expected PageInfo")
        entries: list[tuple[str, Callable[[int, int, int], Any]]] = []
        for response_key, selected in collect(self.scope, info_type, subselections(nodes)).items():
            attr = _python_name(info_type, selected[0].name.value)
            part = _constant(info_type.name) if attr == "__typename" else _PAGE_INFO.get(attr)
            if part is None:
                raise NotCompilable(f"PageInfo.{attr} is not compiled")
            entries.append((response_key, part))

        def render(page: Props, offset: int, offsets: Offsets) -> dict[str, Any]:
            total, size = page["total"], len(page["nodes"])
            return {k: f(offset, size, total) for k, f in entries}

        return render


def _python_name(obj_type: GraphQLObjectType, name: str) -> str:
    return "__typename" if name == "__typename" else str(
        strawberry_field(obj_type, name).python_name
    )


_PAGE_INFO: dict[str, Callable[[int, int, int], Any]] = {
    "has_next_page": lambda offset, size, total: offset + size < total,
    "has_previous_page": lambda offset, size, total: offset > 0,
    "start_cursor": lambda offset, size, total: offset_cursor(offset) if size else None,
    "end_cursor": lambda offset, size, total: offset_cursor(offset + size - 1) if size else None,
}


def _constant(value: str) -> Callable[..., str]:
    return lambda *_: value


def _global_id(type_name: str, key: str, serialize: Callable[[Any], Any]
               ) -> Callable[[Props, Offsets], Any]:
    return lambda p, o: serialize(global_id(type_name, p[key]))


def _scalar(key: str, convert: Callable[[Any], Any], serialize: Callable[[Any], Any]
            ) -> Callable[[Props, Offsets], Any]:
    return lambda p, o: serialize(convert(p.get(key)))


def _rel_scalar(key: str, convert: Callable[[Any], Any], serialize: Callable[[Any], Any]
                ) -> ItemRender:
    return lambda n, r, o: serialize(convert(r.get(key)))


def _total(serialize: Callable[[Any], Any]) -> PageRender:
    return lambda page, offset, offsets: serialize(page["total"])


def _cursor(node: Props, rel: Props, position: int, offsets: Offsets) -> str:
    return offset_cursor(position)


def _row_node(render: NodeRender) -> ItemRender:
    return lambda n, r, o: render(n, o)


def _edge_node(item: ItemRender) -> EdgeRender:
    return lambda n, r, i, o: item(n, r, o)


def _edges(entries: list[tuple[str, EdgeRender]]) -> PageRender:
    """The edges of a page (the offsets of every list go down to the nodes' own lists)."""

    def render(page: Props, offset: int, offsets: Offsets) -> list[dict[str, Any]]:
        rels = page.get("rels")
        return [
            {k: f(node, rel, offset + i, offsets) for k, f in entries}
            for i, (node, rel) in enumerate(
                zip(page["nodes"], repeat(_EMPTY) if rels is None else rels, strict=False)
            )
        ]

    return render
