"""The skills a posting with a given title most likely asks for.

The title is normalized to its best ESCO occupations; their REQUIRES skills are pooled, each
occupation contributing its normalized score (``occupations`` best, weights summing to one),
essential skills in full and optional ones at ``optional_weight``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from graph.jobads.fusion import top_k
from graph.jobads.normalize import Candidate, TitleNormalizer

OPTIONAL_WEIGHT = 0.4
OCCUPATIONS = 3
TEMPERATURE = 0.05
"""Softmax temperature over the fused occupation scores (small: trust the best candidate)."""


class JobSkillPredictor:
    """Ranks ESCO skills for job titles through normalization and REQUIRES."""

    def __init__(
        self,
        normalizer: TitleNormalizer,
        *,
        occupations: int = OCCUPATIONS,
        optional_weight: float = OPTIONAL_WEIGHT,
        temperature: float = TEMPERATURE,
    ) -> None:
        self.normalizer = normalizer
        self.catalog = normalizer.catalog
        self.occupations = occupations
        self.optional_weight = optional_weight
        self.temperature = temperature

    def predict(self, titles: Sequence[str], k: int = 20) -> list[list[Candidate]]:
        """The ``k`` best skills for each title, best first."""
        scores = self.normalizer.scores(titles)
        idx, vals = top_k(scores, self.occupations)
        out: list[list[Candidate]] = []
        for row, row_vals in zip(idx, vals, strict=True):
            logits = (row_vals - row_vals.max()) / self.temperature
            weights = np.exp(logits) / np.exp(logits).sum()
            pooled: dict[str, float] = {}
            for j, w in zip(row, weights, strict=True):
                uri = self.normalizer.concepts[int(j)].uri
                for skill, essential in self.catalog.requires.get(uri, []):
                    if not self.catalog.has_skill(skill):
                        continue
                    gain = float(w) * (1.0 if essential else self.optional_weight)
                    pooled[skill] = pooled.get(skill, 0.0) + gain
            best = sorted(pooled.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
            out.append([Candidate(uri, self.catalog.skill(uri).label, score)
                        for uri, score in best])
        return out
