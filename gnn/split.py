"""Leakage-free link splits of the target relations (RandomLinkSplit-style).

Edges are grouped by unordered node pair before splitting, so an edge and its reverse always
fall in the same split: a validation or test pair never reaches message passing in either
direction, neither as a stored edge nor as a reverse edge added by ``ToUndirected``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LinkSplit:
    """One target relation split into train / validation / test edges (each 2 x E, int64).

    ``symmetric`` relations keep one canonical direction (smaller index first) per pair;
    ``known`` holds every edge of the relation in both directions when symmetric, for filtering.
    """

    symmetric: bool
    train: np.ndarray
    val: np.ndarray
    test: np.ndarray
    known: np.ndarray

    def message_and_supervision(
        self, rng: np.random.Generator, supervision_ratio: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Split the training edges for one epoch into disjoint message-passing edges and
        supervision edges, by unordered pair: the model can never score a pair by seeing that
        very edge, nor its reverse, in message passing."""
        n = self.train.shape[1]
        if n == 0:
            return self.train, self.train
        lo = np.minimum(self.train[0], self.train[1])
        hi = np.maximum(self.train[0], self.train[1])
        _, group = np.unique(np.stack([lo, hi], axis=1), axis=0, return_inverse=True)
        group = group.reshape(-1)
        n_groups = int(group.max()) + 1
        order = rng.permutation(n_groups)
        chosen = np.zeros(n_groups, dtype=bool)
        chosen[order[:max(1, round(n_groups * supervision_ratio))]] = True
        sup = chosen[group]
        return self.train[:, ~sup], self.train[:, sup]


def _canonical(edges: np.ndarray) -> np.ndarray:
    lo, hi = np.minimum(edges[0], edges[1]), np.maximum(edges[0], edges[1])
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0)
    return pairs.T.astype(np.int64).reshape(2, -1)


def split_links(
    edges: np.ndarray,
    *,
    symmetric: bool,
    val_ratio: float = 0.1,
    test_ratio: float = 0.1,
    seed: int = 0,
) -> LinkSplit:
    """Split ``edges`` (2 x E) by unordered pair with a seeded permutation."""
    if not 0 <= val_ratio + test_ratio < 1:
        raise ValueError(f"expected val_ratio + test_ratio in [0, 1), got {val_ratio + test_ratio}")
    edges = edges.astype(np.int64).reshape(2, -1)
    groups = _canonical(edges)
    rng = np.random.default_rng(seed)
    order = rng.permutation(groups.shape[1])
    n_val = round(groups.shape[1] * val_ratio)
    n_test = round(groups.shape[1] * test_ratio)
    part = np.zeros(groups.shape[1], dtype=np.int8)  # 0 train, 1 val, 2 test
    part[order[:n_val]] = 1
    part[order[n_val:n_val + n_test]] = 2
    if symmetric:
        def pick(p: int) -> np.ndarray:
            return groups[:, part == p]
        known = np.concatenate([groups, groups[::-1]], axis=1)
        return LinkSplit(True, pick(0), pick(1), pick(2), known)
    lo, hi = np.minimum(edges[0], edges[1]), np.maximum(edges[0], edges[1])
    n_nodes = int(edges.max()) + 1 if edges.size else 1
    group_index = {int(k): i for i, k in enumerate(groups[0] * n_nodes + groups[1])}
    edge_part = np.array([part[group_index[int(k)]] for k in lo * n_nodes + hi], dtype=np.int8)
    return LinkSplit(
        False,
        edges[:, edge_part == 0],
        edges[:, edge_part == 1],
        edges[:, edge_part == 2],
        edges,
    )
