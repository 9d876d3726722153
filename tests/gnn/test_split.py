"""Link splits: disjoint, deterministic and free of leakage into message passing."""

from __future__ import annotations

import numpy as np

from gnn.export import CAREER_TRANSITION, SKILL_RELATED
from gnn.model import ModelConfig
from gnn.split import split_links
from gnn.train import prepare_training
from tests.gnn.tiny import fake_encoder, tiny_export


def _pairs(e: np.ndarray) -> set[frozenset[int]]:
    return {frozenset((int(a), int(b))) for a, b in zip(e[0], e[1], strict=True)}


def _features() -> dict[str, np.ndarray]:
    ex = tiny_export()
    return {label: fake_encoder(t.texts) for label, t in ex.nodes.items()}


def test_train_validation_and_test_pairs_are_disjoint_in_either_direction() -> None:
    rng = np.random.default_rng(0)
    edges = rng.integers(0, 30, size=(2, 200))
    edges = np.concatenate([edges, edges[::-1, :50]], axis=1)  # some pairs in both directions
    for symmetric in (True, False):
        s = split_links(edges, symmetric=symmetric, val_ratio=0.2, test_ratio=0.2, seed=1)
        train, val, test = _pairs(s.train), _pairs(s.val), _pairs(s.test)
        assert not train & val and not train & test and not val & test
        assert val and test


def test_a_directed_split_keeps_every_edge_exactly_once() -> None:
    edges = np.array([[0, 1, 2, 3, 4, 5, 1], [1, 0, 3, 4, 5, 6, 2]])
    s = split_links(edges, symmetric=False, val_ratio=0.3, test_ratio=0.3, seed=0)
    together = np.concatenate([s.train, s.val, s.test], axis=1)
    assert sorted(map(tuple, together.T.tolist())) == sorted(map(tuple, edges.T.tolist()))
    # 0->1 and 1->0 are one pair: they land in the same split
    for part in (s.train, s.val, s.test):
        cols = set(map(tuple, part.T.tolist()))
        assert ((0, 1) in cols) == ((1, 0) in cols)


def test_the_same_seed_gives_the_same_split_and_another_seed_another() -> None:
    edges = np.random.default_rng(3).integers(0, 50, size=(2, 300))
    a = split_links(edges, symmetric=True, seed=5)
    b = split_links(edges, symmetric=True, seed=5)
    c = split_links(edges, symmetric=True, seed=6)
    assert np.array_equal(a.test, b.test) and np.array_equal(a.train, b.train)
    assert not np.array_equal(a.test, c.test)


def test_message_passing_never_sees_a_validation_or_test_edge_nor_its_reverse() -> None:
    export = tiny_export()
    data = prepare_training(export, _features(), ModelConfig(val_ratio=0.2, test_ratio=0.2), 0)
    graph = data.message_graph(data.train_targets())
    for task, et in (("related_skills", SKILL_RELATED), ("career_transitions", CAREER_TRANSITION)):
        held_out = _pairs(data.splits[task].val) | _pairs(data.splits[task].test)
        assert held_out
        for edge_type, e in graph.items():
            if edge_type[0] == et[0] and edge_type[2] == et[2]:
                assert not _pairs(e.numpy()) & held_out, edge_type
        # the reverse edge types exist (ToUndirected) and hold only training pairs
        rev = (et[2], f"rev_{et[1]}", et[0])
        assert rev in graph
        assert _pairs(graph[rev].numpy()) <= _pairs(data.splits[task].train)


def test_each_epoch_splits_training_edges_into_disjoint_message_and_supervision_sets() -> None:
    edges = np.random.default_rng(0).integers(0, 40, size=(2, 100))
    s = split_links(edges, symmetric=True, seed=0)
    message, supervision = s.message_and_supervision(np.random.default_rng(1), 0.3)
    assert not _pairs(message) & _pairs(supervision)
    assert message.shape[1] + supervision.shape[1] == s.train.shape[1]


def test_an_edge_and_its_reverse_are_never_split_between_message_and_supervision() -> None:
    edges = np.array([[0, 1, 2, 3, 4, 5, 6, 7], [1, 0, 3, 2, 5, 4, 7, 6]])
    s = split_links(edges, symmetric=False, val_ratio=0.0, test_ratio=0.0, seed=0)
    for seed in range(5):
        message, supervision = s.message_and_supervision(np.random.default_rng(seed), 0.5)
        assert not _pairs(message) & _pairs(supervision)
