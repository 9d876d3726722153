"""Combining rankings: weighted score fusion, reciprocal-rank fusion and top-k selection.

Score matrices have one row per query and one column per candidate concept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float32]
Indices = npt.NDArray[np.int64]


def top_k(scores: Scores, k: int) -> tuple[Indices, Scores]:
    """Per row, the ``k`` best columns (best first) and their scores; ties broken by column."""
    if scores.ndim != 2:
        raise ValueError(f"expected a 2-d score matrix, got shape {scores.shape}")
    k = max(0, min(k, scores.shape[1]))
    if k == 0:
        return (np.zeros((scores.shape[0], 0), dtype=np.int64),
                np.zeros((scores.shape[0], 0), dtype=np.float32))
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    part_scores = np.take_along_axis(scores, part, axis=1)
    # stable order: by score descending, then by column ascending
    order = np.lexsort((part, -part_scores), axis=1)
    idx = np.take_along_axis(part, order, axis=1).astype(np.int64)
    return idx, np.take_along_axis(scores, idx, axis=1).astype(np.float32)


def weighted_fusion(matrices: Sequence[Scores], weights: Sequence[float]) -> Scores:
    """``sum(w_i * S_i)``: scores on comparable scales (cosines, TF-IDF cosines) added up."""
    if len(matrices) != len(weights) or not matrices:
        raise ValueError("expected one weight per score matrix, and at least one matrix")
    out = np.zeros_like(matrices[0], dtype=np.float32)
    for m, w in zip(matrices, weights, strict=True):
        if m.shape != out.shape:
            raise ValueError(f"score matrices differ in shape: {m.shape} vs {out.shape}")
        out += np.float32(w) * m
    return out


def ranks(scores: Scores) -> npt.NDArray[np.float32]:
    """1-based rank of every column within its row (1 = best; ties get the lower column first)."""
    order = np.lexsort((np.broadcast_to(np.arange(scores.shape[1]), scores.shape), -scores),
                       axis=1)
    out = np.empty(scores.shape, dtype=np.float32)
    rows = np.arange(scores.shape[0])[:, None]
    out[rows, order] = np.arange(1, scores.shape[1] + 1, dtype=np.float32)[None, :]
    return out


def reciprocal_rank_fusion(
    matrices: Sequence[Scores], weights: Sequence[float] | None = None, *, k: float = 60.0
) -> Scores:
    """``sum(w_i / (k + rank_i))`` (Cormack et al. 2009): robust to differently scaled scores."""
    weights = weights if weights is not None else [1.0] * len(matrices)
    return weighted_fusion([1.0 / (k + ranks(m)) for m in matrices], weights)
