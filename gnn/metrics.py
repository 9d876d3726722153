"""Filtered full-ranking link-prediction metrics (MRR, Hits@k) and AUC."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

HITS_AT = (1, 10, 50)


def known_targets(known: np.ndarray) -> dict[int, np.ndarray]:
    """Source index -> every known target index of the relation."""
    out: dict[int, list[int]] = defaultdict(list)
    for s, t in zip(known[0].tolist(), known[1].tolist(), strict=True):
        out[s].append(t)
    return {s: np.array(v, dtype=np.int64) for s, v in out.items()}


def filtered_ranks(
    scores: np.ndarray,
    queries: np.ndarray,
    known: np.ndarray | dict[int, np.ndarray],
    *,
    same_type: bool,
) -> np.ndarray:
    """Rank of each true target among all candidates of its type, with every other known
    positive of the same source (and the source itself when same-typed) removed.

    ``scores`` is (Q, C): row q scores source ``queries[0, q]`` against every candidate; ties
    count half (the expected rank under random tie-breaking).
    """
    by_source = known if isinstance(known, dict) else known_targets(known)
    s = scores.astype(np.float64, copy=True)
    rows = np.arange(s.shape[0])
    true = s[rows, queries[1]].copy()
    for q in range(s.shape[0]):
        others = by_source.get(int(queries[0, q]))
        if others is not None:
            s[q, others] = -np.inf
        if same_type:
            s[q, queries[0, q]] = -np.inf
    s[rows, queries[1]] = true
    greater = (s > true[:, None]).sum(axis=1)
    equal = (s == true[:, None]).sum(axis=1) - 1
    ranks: np.ndarray = 1.0 + greater + 0.5 * equal
    return ranks


def ranking_metrics(ranks: np.ndarray) -> dict[str, float]:
    """MRR and Hits@1/10/50 of filtered ranks."""
    if ranks.size == 0:
        return {"mrr": 0.0, **{f"hits@{k}": 0.0 for k in HITS_AT}}
    return {"mrr": float(np.mean(1.0 / ranks)),
            **{f"hits@{k}": float(np.mean(ranks <= k)) for k in HITS_AT}}


def sample_negatives(
    queries: np.ndarray,
    n_candidates: int,
    known: dict[int, np.ndarray],
    rng: np.random.Generator,
    *,
    same_type: bool,
) -> np.ndarray:
    """One random candidate per query that is not a known positive (nor the source)."""
    out = np.empty(queries.shape[1], dtype=np.int64)
    for q in range(queries.shape[1]):
        src = int(queries[0, q])
        bad = set(known.get(src, np.empty(0, np.int64)).tolist())
        if same_type:
            bad.add(src)
        if len(bad) >= n_candidates:
            out[q] = int(queries[1, q])
            continue
        while True:
            c = int(rng.integers(n_candidates))
            if c not in bad:
                out[q] = c
                break
    return out


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """ROC AUC of positive vs negative scores (ties count half)."""
    from sklearn.metrics import roc_auc_score

    if pos.size == 0 or neg.size == 0:
        return float("nan")
    y = np.concatenate([np.ones(pos.size), np.zeros(neg.size)])
    return float(roc_auc_score(y, np.concatenate([pos, neg])))
