"""The API's Cypher projects exactly the properties its GraphQL types read."""

from __future__ import annotations

from typing import Any

import pytest

from api import nodes, queries
from api.loaders import NODE_KEYS


class RecordingProps(dict[str, Any]):
    """Properties that remember which keys were read (every key holds a string)."""

    def __init__(self) -> None:
        super().__init__()
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return "x"

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
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
