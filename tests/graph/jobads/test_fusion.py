"""Unit tests of score fusion and top-k selection."""

from __future__ import annotations

import numpy as np
import pytest

from graph.jobads.fusion import ranks, reciprocal_rank_fusion, top_k, weighted_fusion


def test_top_k_returns_the_best_columns_best_first_with_ties_by_column() -> None:
    scores = np.array([[0.1, 0.9, 0.5, 0.9], [0.3, 0.2, 0.1, 0.0]], dtype=np.float32)
    idx, vals = top_k(scores, 3)
    assert idx.tolist() == [[1, 3, 2], [0, 1, 2]]
    assert vals[0].tolist() == pytest.approx([0.9, 0.9, 0.5])


def test_top_k_larger_than_the_number_of_columns_returns_every_column() -> None:
    idx, _ = top_k(np.array([[0.2, 0.8]], dtype=np.float32), 10)
    assert idx.tolist() == [[1, 0]]


def test_weighted_fusion_adds_weighted_scores() -> None:
    a = np.array([[1.0, 0.0]], dtype=np.float32)
    b = np.array([[0.0, 1.0]], dtype=np.float32)
    assert weighted_fusion([a, b], [0.25, 0.75]).tolist() == [[0.25, 0.75]]


def test_weighted_fusion_rejects_a_missing_weight() -> None:
    a = np.zeros((1, 2), dtype=np.float32)
    with pytest.raises(ValueError, match="one weight per score matrix"):
        weighted_fusion([a, a], [1.0])


def test_ranks_are_one_based_within_each_row() -> None:
    assert ranks(np.array([[0.1, 0.7, 0.4]], dtype=np.float32)).tolist() == [[3.0, 1.0, 2.0]]


def test_reciprocal_rank_fusion_prefers_an_item_ranked_well_by_both() -> None:
    # column 0 is first for lexical but last for semantic; column 1 is second and first
    lexical = np.array([[0.9, 0.8, 0.7, 0.6]], dtype=np.float32)
    semantic = np.array([[0.1, 0.9, 0.8, 0.2]], dtype=np.float32)
    fused = reciprocal_rank_fusion([lexical, semantic], k=1.0)
    assert int(fused.argmax()) == 1
    assert fused[0, 1] > fused[0, 0]
