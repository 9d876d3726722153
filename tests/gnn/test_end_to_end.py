"""Against the real Neo4j: export a tiny graph, train a few epochs, write back, query the
vector indexes, predict and explain."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import numpy as np
import pytest

from gnn.artifacts import find_artifact, list_artifacts
from gnn.explain import explain_transition
from gnn.export import export_graph
from gnn.model import ModelConfig
from gnn.predict import career_transitions, related_skills, write_jsonl
from gnn.service import train_and_publish
from graph.errors import NotFoundError
from tests.gnn.tiny import (
    create_tiny_graph,
    fake_encoder,
    occ_uri,
    onet_code,
    skill_uri,
    tiny_export,
)

pytestmark = pytest.mark.integration

CONFIG = ModelConfig(hidden=16, epochs=5, patience=50, val_ratio=0.2, test_ratio=0.2)


@pytest.fixture(scope="module")
def trained(neo4j_driver: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[neo4j.Driver, Path]:
    from graph.schema import apply_schema, clear_graph
    from tests.conftest import mark_graph_dirty

    clear_graph(neo4j_driver, drop_schema=True)
    apply_schema(neo4j_driver)
    mark_graph_dirty()
    create_tiny_graph(neo4j_driver)
    models = tmp_path_factory.mktemp("models")
    train_and_publish(neo4j_driver, models_dir=models, cache_dir=models / "cache",
                      config=CONFIG, seed=0, encoder=fake_encoder)
    return neo4j_driver, models


def test_the_export_round_trips_ids_and_edges_of_the_database(trained: tuple[neo4j.Driver, Path]
                                                              ) -> None:
    driver, _ = trained
    got, want = export_graph(driver), tiny_export()
    assert set(got.nodes) == set(want.nodes)
    for label in want.nodes:
        assert got.nodes[label].ids == want.nodes[label].ids
        idx = got.nodes[label].index
        assert all(got.nodes[label].ids[idx[k]] == k for k in want.nodes[label].ids)
    for et, e in want.edges.items():
        assert np.array_equal(got.edges[et], e), et
        assert np.allclose(got.weights[et], want.weights[et]), et
    assert got.fingerprint() == want.fingerprint()


def test_write_back_leaves_unit_vectors_indexes_and_one_current_model(
    trained: tuple[neo4j.Driver, Path],
) -> None:
    driver, models = trained
    rec = driver.execute_query(
        "MATCH (s:Skill) RETURN count(s.embedding) AS n, collect(s.embedding)[0] AS v").records[0]
    assert rec["n"] == 40 and abs(np.linalg.norm(rec["v"]) - 1) < 1e-4
    assert len(rec["v"]) == 384 + 16  # text part + graph part
    names = {r["name"] for r in driver.execute_query(
        "SHOW VECTOR INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name").records}
    assert {"skill_embedding", "occupation_embedding", "onet_occupation_embedding",
            "occupation_transition_target", "onet_occupation_transition_target"} <= names
    current = driver.execute_query(
        "MATCH (m:ModelVersion {current: true}) RETURN m.version AS v, m.dimensions AS d, "
        "m.metrics AS metrics").records
    assert len(current) == 1 and current[0]["d"] == 384 + 16
    assert "related_skills" in json.loads(current[0]["metrics"])
    assert [a.version for a in list_artifacts(models)] == [current[0]["v"]]
    assert (find_artifact(models, None).path / "training-curve.png").exists()


def test_the_transition_index_ranks_targets_by_the_source_vector(
    trained: tuple[neo4j.Driver, Path],
) -> None:
    driver, _ = trained
    rows = driver.execute_query(
        "MATCH (s:OnetOccupation {code: $code}) "
        "CALL db.index.vector.queryNodes('onet_occupation_transition_target', 5, "
        "s.transitionSource) YIELD node, score "
        "RETURN node.code AS code, score, "
        "reduce(d = 0.0, i IN range(0, size(s.transitionSource) - 1) | "
        "d + s.transitionSource[i] * node.transitionTarget[i]) AS dot",
        code=onet_code(0, 0)).records
    assert len(rows) == 5
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    for r in rows:  # Neo4j's cosine score is (1 + cos) / 2
        assert r["score"] == pytest.approx((1 + r["dot"]) / 2, abs=1e-4)  # unquantised


def test_predictions_never_return_the_source_and_come_best_first(
    trained: tuple[neo4j.Driver, Path], tmp_path: Path,
) -> None:
    driver, _ = trained
    ids = [skill_uri(0, 0), skill_uri(2, 3), "http://data.europa.eu/esco/skill/unknown"]
    out = tmp_path / "related.jsonl"
    n, empty = write_jsonl(related_skills(driver, ids, 5), out)
    assert (n, empty) == (3, 1)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["source"] for x in lines] == ids
    for line in lines[:2]:
        preds = line["predictions"]
        assert len(preds) == 5 and line["source"] not in {p["id"] for p in preds}
        assert [p["score"] for p in preds] == sorted((p["score"] for p in preds), reverse=True)
        assert all(p["label"] for p in preds)
    moves = list(career_transitions(driver, [onet_code(1, 0), occ_uri(1, 0)], 3))
    assert moves[0].predictions and moves[0].predictions[0].id != onet_code(1, 0)
    assert all(p.id.startswith("1") for p in moves[0].predictions)
    assert moves[1].predictions and all("occupation" in p.id for p in moves[1].predictions)


def test_explanations_list_shared_and_missing_skills_by_importance(
    trained: tuple[neo4j.Driver, Path],
) -> None:
    driver, _ = trained
    same = explain_transition(driver, onet_code(0, 0), onet_code(0, 1))
    assert same.basis == "onet-descriptors"
    assert [s.id for s in same.shared] == ["2.A.1.a"] and same.missing == []
    other = explain_transition(driver, onet_code(0, 0), onet_code(2, 1))
    assert [s.id for s in other.missing] == ["2.A.1.c"] and other.shared == []
    esco = explain_transition(driver, occ_uri(0, 0), occ_uri(0, 1))
    assert esco.basis == "esco-skills"
    essentials = [s.essential for s in esco.missing]
    assert essentials == sorted(essentials, key=bool, reverse=True)  # essential first
    assert not {s.id for s in esco.shared} & {s.id for s in esco.missing}
    with pytest.raises(NotFoundError):
        explain_transition(driver, onet_code(0, 0), "99-9999.00")


class _Stopped(Exception):
    """Stands for whatever ends a write-back part-way (a crash, Ctrl-C, a lost connection)."""


def test_a_write_back_that_stops_part_way_leaves_no_model_current_and_a_rerun_serves_one(
    trained: tuple[neo4j.Driver, Path],
) -> None:
    from gnn.pipeline import run_seed
    from gnn.service import Hooks, publish

    driver, models = trained
    export = export_graph(driver)
    features = {label: fake_encoder(t.texts) for label, t in export.nodes.items()}
    run = run_seed(export, features, CONFIG, 1, with_baselines=False)

    def stop(_advance: int, _total: int) -> None:
        raise _Stopped

    current = "MATCH (m:ModelVersion {current: true}) RETURN m.version AS v"
    assert len(driver.execute_query(current).records) == 1
    with pytest.raises(_Stopped):
        publish(driver, run, export, models_dir=models, config=CONFIG, seed=1,
                hooks=Hooks(writing=stop))
    assert driver.execute_query(current).records == []  # half-written vectors serve no model
    again = publish(driver, run, export, models_dir=models, config=CONFIG, seed=1)
    assert [r["v"] for r in driver.execute_query(current).records] == [again.version]


def test_training_writes_the_label_vectors_search_reads(trained: tuple[neo4j.Driver, Path]
                                                        ) -> None:
    driver, _ = trained
    (row,) = driver.execute_query(
        "MATCH (n) WHERE n:Skill OR n:Occupation OR n:OnetOccupation "
        "RETURN count(n) AS nodes, count(n.labelEmbedding) AS vectors").records
    assert row["nodes"] == row["vectors"] > 0
