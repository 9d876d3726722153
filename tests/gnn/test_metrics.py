"""Filtered ranking metrics."""

from __future__ import annotations

import numpy as np
import pytest

from gnn.metrics import Ranks, auc, filtered_ranks, ranking_metrics


def test_other_known_positives_and_the_source_itself_are_filtered_out() -> None:
    scores = np.array([[9.0, 8.0, 7.0, 6.0, 5.0]])
    queries = np.array([[0], [3]])  # source 0, true target 3
    known = np.array([[0, 0], [1, 3]])  # 0->1 is another known positive
    # candidates above 3: 0 (the source), 1 (known), 2 -> only 2 counts
    assert filtered_ranks(scores, queries, known, same_type=True).expected[0] == 2.0
    assert filtered_ranks(scores, queries, known, same_type=False).expected[0] == 3.0


def test_ties_count_half_so_a_constant_scorer_ranks_in_the_middle() -> None:
    scores = np.zeros((1, 5))
    ranks = filtered_ranks(scores, np.array([[0], [2]]), np.zeros((2, 0), np.int64),
                           same_type=False)
    assert ranks.expected[0] == 3.0
    assert (ranks.above[0], ranks.tied[0]) == (0, 4)


def test_mrr_and_hits_follow_their_definitions() -> None:
    m = ranking_metrics(Ranks(np.array([0, 1, 19, 99]), np.zeros(4, np.int64)))
    assert m["mrr"] == pytest.approx((1 + 0.5 + 0.05 + 0.01) / 4)
    assert m["hits@1"] == 0.25 and m["hits@10"] == 0.5 and m["hits@50"] == 0.75


def test_a_constant_scorer_gets_the_metrics_of_a_random_order_not_of_its_middle_rank() -> None:
    ranks = filtered_ranks(np.zeros((1, 5)), np.array([[0], [2]]), np.zeros((2, 0), np.int64),
                           same_type=False)
    m = ranking_metrics(ranks)
    assert m["mrr"] == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5) / 5)  # not 1/3
    assert m["hits@1"] == pytest.approx(0.2)  # not 0
    assert m["hits@10"] == 1.0


def test_tie_aware_metrics_equal_the_average_over_every_tie_breaking_order() -> None:
    rng = np.random.default_rng(5)
    above = rng.integers(0, 30, 40)
    tied = rng.integers(0, 60, 40)
    m = ranking_metrics(Ranks(above, tied))
    # each query's rank is equally likely to be any position of its tied block
    rows = [np.arange(a + 1, a + t + 2) for a, t in zip(above, tied, strict=True)]
    assert m["mrr"] == pytest.approx(np.mean([np.mean(1.0 / r) for r in rows]))
    for k in (1, 10, 50):
        assert m[f"hits@{k}"] == pytest.approx(np.mean([np.mean(r <= k) for r in rows]))


def test_ranks_of_chunks_concatenate_in_order() -> None:
    joined = Ranks.concat([Ranks(np.array([0]), np.array([2])), Ranks(np.array([5]),
                                                                        np.array([0]))])
    assert joined.above.tolist() == [0, 5] and joined.tied.tolist() == [2, 0]
    assert len(Ranks.concat([])) == 0


def test_auc_is_one_when_every_positive_outscores_every_negative() -> None:
    assert auc(np.array([3.0, 4.0]), np.array([1.0, 2.0])) == 1.0
    assert auc(np.array([1.0]), np.array([1.0])) == 0.5


def _loop_ranks(scores: np.ndarray, queries: np.ndarray, known: np.ndarray,
                same_type: bool) -> np.ndarray:
    out = []
    for q in range(scores.shape[0]):
        src, true = int(queries[0, q]), int(queries[1, q])
        banned = {int(t) for s, t in zip(known[0], known[1], strict=True) if s == src}
        if same_type:
            banned.add(src)
        banned.discard(true)
        others = [scores[q, c] for c in range(scores.shape[1]) if c not in banned and c != true]
        out.append(1 + sum(v > scores[q, true] for v in others)
                   + 0.5 * sum(v == scores[q, true] for v in others))
    return np.array(out, dtype=np.float64)


@pytest.mark.parametrize("same_type", [True, False])
def test_filtered_ranks_match_a_query_by_query_count_with_array_or_dict_positives(
    same_type: bool,
) -> None:
    from gnn.metrics import known_targets

    rng = np.random.default_rng(3)
    known = np.unique(rng.integers(0, 12, (2, 40)), axis=1)
    queries = known[:, rng.choice(known.shape[1], 15, replace=False)]
    scores = rng.integers(0, 5, (15, 12)).astype(np.float32)  # many ties
    want = _loop_ranks(scores, queries, known, same_type)
    assert np.array_equal(
        filtered_ranks(scores, queries, known, same_type=same_type).expected, want)
    assert np.array_equal(
        filtered_ranks(scores, queries, known_targets(known), same_type=same_type).expected, want)
