"""Vectors prepared for write-back (no database needed)."""

from __future__ import annotations

import numpy as np

from gnn.writeback import EMBEDDING, TRANSITION_SOURCE, TRANSITION_TARGET, served_vectors


def test_every_vector_is_unit_length_and_esco_transitions_average_their_onet_mappings() -> None:
    rng = np.random.default_rng(0)
    ids = {"Skill": ["s0", "s1"], "Occupation": ["o0", "o1", "o2"],
           "OnetOccupation": ["n0", "n1"]}
    onet_src, onet_dst = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    maps = np.array([[0, 0, 1], [0, 1, 1]])  # o0 -> n0, n1; o1 -> n1; o2 unmapped
    v = served_vectors(ids, rng.normal(size=(2, 4)), rng.normal(size=(3, 4)),
                       rng.normal(size=(2, 4)), onet_src, onet_dst, maps)
    for lv in v.labels.values():
        for p, arr in lv.properties.items():
            norms = np.linalg.norm(arr, axis=1)
            valid = lv.valid.get(p, np.ones(len(lv.ids), dtype=bool))
            assert valid.any() and np.allclose(norms[valid], 1.0)
            assert not norms[~valid].any()  # not written: no vector to serve
    occ = v.labels["Occupation"]
    unit = onet_src / np.linalg.norm(onet_src, axis=1, keepdims=True)
    mean = unit.mean(axis=0)
    assert np.allclose(occ.properties[TRANSITION_SOURCE][0], mean / np.linalg.norm(mean), atol=1e-6)
    assert occ.valid[TRANSITION_TARGET].tolist() == [True, True, False]
    assert EMBEDDING in occ.properties and v.dimensions == 4
