"""Against the real Neo4j: the label vectors of ``search`` written, indexed and kept current."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import neo4j
import numpy as np
import pytest

from gnn.label_vectors import LABEL_EMBEDDING, LABEL_VECTOR_SPECS, write_label_vectors
from tests.gnn.tiny import create_tiny_graph, fake_encoder

pytestmark = pytest.mark.integration


@pytest.fixture
def tiny_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    from graph.schema import apply_schema, clear_graph
    from tests.conftest import mark_graph_dirty

    clear_graph(neo4j_driver, drop_schema=True)
    apply_schema(neo4j_driver)
    mark_graph_dirty()
    create_tiny_graph(neo4j_driver)
    neo4j_driver.execute_query(
        "CREATE (:Program {cipCode: '11.0701', title: 'Computer Science'}), "
        "(:Program {cipCode: '99.9999', title: ''})")
    return neo4j_driver


def labelled(driver: neo4j.Driver, label: str, key: str, text: str
             ) -> dict[str, tuple[str, list[float] | None]]:
    records = driver.execute_query(
        f"MATCH (n:{label}) RETURN n.{key} AS key, n.{text} AS text, n.{LABEL_EMBEDDING} AS v"
    ).records
    return {r["key"]: (r["text"], r["v"]) for r in records}


def test_every_searchable_node_gets_the_vector_of_its_label_and_an_online_index(
    tiny_graph: neo4j.Driver, tmp_path: Path
) -> None:
    stats = write_label_vectors(tiny_graph, tmp_path, fake_encoder)
    for spec in LABEL_VECTOR_SPECS:
        nodes = labelled(tiny_graph, spec.label, spec.key, spec.text)
        with_text = {k: v for k, (t, v) in nodes.items() if t}
        assert stats.written[spec.label] == len(with_text) > 0
        for key, (text, vector) in nodes.items():
            if text:
                assert vector is not None, key
                assert np.allclose(vector, fake_encoder([text])[0], atol=1e-6), key
            else:
                assert vector is None, key
    assert stats.skipped == {"Skill": 0, "Occupation": 0, "OnetOccupation": 0, "Program": 1}
    indexes = {r["name"]: r for r in tiny_graph.execute_query(
        "SHOW VECTOR INDEXES YIELD name, state, options "
        "RETURN name, state, options.indexConfig['vector.dimensions'] AS dimensions").records}
    for spec in LABEL_VECTOR_SPECS:
        assert indexes[spec.index]["state"] == "ONLINE"
        assert indexes[spec.index]["dimensions"] == 384


def test_writing_again_gives_a_changed_label_its_new_vector(
    tiny_graph: neo4j.Driver, tmp_path: Path
) -> None:
    write_label_vectors(tiny_graph, tmp_path, fake_encoder)
    spec = LABEL_VECTOR_SPECS[0]
    key = next(iter(labelled(tiny_graph, spec.label, spec.key, spec.text)))
    tiny_graph.execute_query(f"MATCH (n:{spec.label} {{{spec.key}: $key}}) "
                             "SET n.label = 'repair bicycles'", key=key)
    encoded: list[str] = []

    def counting(texts: Sequence[str]) -> np.ndarray:
        encoded.extend(texts)
        return fake_encoder(texts)

    again = write_label_vectors(tiny_graph, tmp_path, counting)
    assert encoded == ["repair bicycles"]  # every other label comes from the text cache
    _, vector = labelled(tiny_graph, spec.label, spec.key, spec.text)[key]
    assert vector is not None
    assert np.allclose(vector, fake_encoder(["repair bicycles"])[0], atol=1e-6)
    assert again.total == sum(again.written.values()) > 1
