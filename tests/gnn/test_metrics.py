"""Filtered ranking metrics."""

from __future__ import annotations

import numpy as np
import pytest

from gnn.metrics import auc, filtered_ranks, ranking_metrics


def test_other_known_positives_and_the_source_itself_are_filtered_out() -> None:
    scores = np.array([[9.0, 8.0, 7.0, 6.0, 5.0]])
    queries = np.array([[0], [3]])  # source 0, true target 3
    known = np.array([[0, 0], [1, 3]])  # 0->1 is another known positive
    # candidates above 3: 0 (the source), 1 (known), 2 -> only 2 counts
    assert filtered_ranks(scores, queries, known, same_type=True)[0] == 2.0
    assert filtered_ranks(scores, queries, known, same_type=False)[0] == 3.0


def test_ties_count_half_so_a_constant_scorer_ranks_in_the_middle() -> None:
    scores = np.zeros((1, 5))
    ranks = filtered_ranks(scores, np.array([[0], [2]]), np.zeros((2, 0), np.int64),
                           same_type=False)
    assert ranks[0] == 3.0


def test_mrr_and_hits_follow_their_definitions() -> None:
    m = ranking_metrics(np.array([1.0, 2.0, 20.0, 100.0]))
    assert m["mrr"] == pytest.approx((1 + 0.5 + 0.05 + 0.01) / 4)
    assert m["hits@1"] == 0.25 and m["hits@10"] == 0.5 and m["hits@50"] == 0.75


def test_auc_is_one_when_every_positive_outscores_every_negative() -> None:
    assert auc(np.array([3.0, 4.0]), np.array([1.0, 2.0])) == 1.0
    assert auc(np.array([1.0]), np.array([1.0])) == 0.5
