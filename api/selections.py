"""Field collection over a parsed, validated GraphQL document, for the compiled query plans
(:mod:`api.plans`): which fields a selection asks of one concrete type, in response order.

Only what a plan can honour is accepted; anything else (directives such as ``@skip``,
fragment arguments) raises :class:`NotCompilable`, and the document keeps the ordinary
resolver path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
)


class NotCompilable(Exception):
    """The document (or a part of it) has no compiled plan; the resolvers answer it."""


@dataclass(frozen=True)
class Scope:
    """What field collection needs besides the selections: the schema and the fragments."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]


def _applies(scope: Scope, condition: str | None, concrete: GraphQLObjectType) -> bool:
    """Whether a fragment with type condition ``condition`` applies to ``concrete``."""
    if condition is None or condition == concrete.name:
        return True
    named = scope.schema.get_type(condition)
    if isinstance(named, GraphQLAbstractType):
        return scope.schema.is_sub_type(named, concrete)
    return False


def collect(
    scope: Scope, concrete: GraphQLObjectType, selection_sets: Iterable[SelectionSetNode]
) -> dict[str, list[FieldNode]]:
    """Response key -> the field nodes merged under it, for an object of type ``concrete``,
    in the order GraphQL writes the response (first appearance)."""
    out: dict[str, list[FieldNode]] = {}

    def walk(selection_set: SelectionSetNode, seen: frozenset[str]) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCompilable("directives are left to the resolvers")
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                out.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if _applies(scope, condition.name.value if condition else None, concrete):
                    walk(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if getattr(selection, "arguments", None):
                    raise NotCompilable("fragment arguments are left to the resolvers")
                fragment = scope.fragments.get(name)
                if fragment is None or name in seen:
                    raise NotCompilable(f"fragment {name!r} cannot be expanded")
                if _applies(scope, fragment.type_condition.name.value, concrete):
                    walk(fragment.selection_set, seen | {name})
            else:  # pragma: no cover - graphql-core has no other selection kind
                raise NotCompilable(f"unexpected selection {selection.kind}")

    for selection_set in selection_sets:
        walk(selection_set, frozenset())
    return out


def subselections(fields: list[FieldNode]) -> list[SelectionSetNode]:
    """The selection sets of the field nodes merged under one response key."""
    return [f.selection_set for f in fields if f.selection_set is not None]
