"""Filtered full-ranking link-prediction metrics (MRR, Hits@k) and AUC."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HITS_AT = (1, 10, 50)


def known_targets(known: np.ndarray) -> dict[int, np.ndarray]:
    """Source index -> every known target index of the relation."""
    out: dict[int, list[int]] = defaultdict(list)
    for s, t in zip(known[0].tolist(), known[1].tolist(), strict=True):
        out[s].append(t)
    return {s: np.array(v, dtype=np.int64) for s, v in out.items()}


@dataclass(frozen=True)
class Ranks:
    """Where each query's true target lands among its candidates: ``above`` of them scored
    higher and ``tied`` scored the same. Under random tie-breaking the rank is uniform over
    ``above + 1 .. above + 1 + tied``; the metrics take their expectation over it, so a scorer
    with many ties is neither favoured nor penalised."""

    above: np.ndarray
    tied: np.ndarray

    @property
    def expected(self) -> np.ndarray:
        """The expected rank of each query (ties count half)."""
        out: np.ndarray = 1.0 + self.above + 0.5 * self.tied
        return out

    def __len__(self) -> int:
        return int(self.above.size)

    @staticmethod
    def concat(parts: Sequence[Ranks]) -> Ranks:
        if not parts:
            return Ranks(np.zeros(0, np.int64), np.zeros(0, np.int64))
        return Ranks(np.concatenate([p.above for p in parts]),
                     np.concatenate([p.tied for p in parts]))


def filtered_ranks(
    scores: np.ndarray,
    queries: np.ndarray,
    known: np.ndarray | dict[int, np.ndarray],
    *,
    same_type: bool,
) -> Ranks:
    """Where each true target ranks among all candidates of its type, with every other known
    positive of the same source (and the source itself when same-typed) removed.

    ``scores`` is (Q, C): row q scores source ``queries[0, q]`` against every candidate.
    """
    s = scores.copy() if np.issubdtype(scores.dtype, np.floating) else scores.astype(np.float64)
    n_queries = s.shape[0]
    rows = np.arange(n_queries)
    true = s[rows, queries[1]].copy()
    src, tgt = _pairs(known)
    order = np.argsort(src, kind="stable")
    src, tgt = src[order], tgt[order]
    start = np.searchsorted(src, queries[0], side="left")
    counts = np.searchsorted(src, queries[0], side="right") - start
    ends = np.cumsum(counts)
    offsets = np.arange(int(ends[-1]) if n_queries else 0) - np.repeat(ends - counts, counts)
    s[np.repeat(rows, counts), tgt[np.repeat(start, counts) + offsets]] = -np.inf
    if same_type:
        s[rows, queries[0]] = -np.inf
    s[rows, queries[1]] = true
    greater = (s > true[:, None]).sum(axis=1)
    equal = (s == true[:, None]).sum(axis=1) - 1
    return Ranks(greater.astype(np.int64), equal.astype(np.int64))


def _pairs(known: np.ndarray | dict[int, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Known (source, target) pairs as two int64 arrays."""
    if not isinstance(known, dict):
        return known[0].astype(np.int64), known[1].astype(np.int64)
    if not known:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    sources = np.repeat(np.fromiter(known, dtype=np.int64, count=len(known)),
                        [len(v) for v in known.values()])
    return sources, np.concatenate([np.asarray(v, np.int64) for v in known.values()])


def ranking_metrics(ranks: Ranks) -> dict[str, float]:
    """MRR and Hits@1/10/50 of filtered ranks, each the expectation under random
    tie-breaking: the mean of 1/r over the tied block's ranks, and the share of the block
    within the first k."""
    if len(ranks) == 0:
        return {"mrr": 0.0, **{f"hits@{k}": 0.0 for k in HITS_AT}}
    above, block = ranks.above, ranks.tied + 1
    harmonic = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, int(np.max(above + block))
                                                               + 1))])
    reciprocal = (harmonic[above + block] - harmonic[above]) / block
    return {"mrr": float(np.mean(reciprocal)),
            **{f"hits@{k}": float(np.mean(np.clip((k - above) / block, 0.0, 1.0)))
               for k in HITS_AT}}


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
