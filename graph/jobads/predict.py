"""The skills a posting with a given title most likely asks for.

The title is normalized to its best ESCO occupations; their REQUIRES skills are pooled, each
occupation contributing its softmax-normalized score, essential skills in full and optional ones
at ``optional_weight``. With a semantic index over skill labels, the pooled score (scaled to a
maximum of 1) is blended with the MiniLM cosine of the title and each skill label, which also
reaches skills no likely occupation REQUIRES.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from graph.jobads.fusion import top_k
from graph.jobads.normalize import Candidate, TitleNormalizer, clean_title
from graph.jobads.retrieval import SemanticIndex

OPTIONAL_WEIGHT = 0.4
OCCUPATIONS = 3
TEMPERATURE = 0.05
"""Softmax temperature over the fused occupation scores (small: trust the best candidate)."""
SEMANTIC_WEIGHT = 0.8
"""Weight of the title-to-skill-label cosine in the blend (chosen on half the postings)."""


class JobSkillPredictor:
    """Ranks ESCO skills for job titles through normalization and REQUIRES."""

    def __init__(
        self,
        normalizer: TitleNormalizer,
        *,
        skill_index: SemanticIndex | None = None,
        occupations: int = OCCUPATIONS,
        optional_weight: float = OPTIONAL_WEIGHT,
        temperature: float = TEMPERATURE,
        semantic_weight: float = SEMANTIC_WEIGHT,
    ) -> None:
        self.normalizer = normalizer
        self.catalog = normalizer.catalog
        self.skill_index = skill_index
        self.occupations = occupations
        self.optional_weight = optional_weight
        self.temperature = temperature
        self.semantic_weight = semantic_weight
        self._column = {c.uri: i for i, c in enumerate(self.catalog.skills)}

    def pooled(self, titles: Sequence[str]) -> np.ndarray:
        """REQUIRES scores (titles x catalog skills), each row scaled to a maximum of 1."""
        scores = self.normalizer.scores(titles)
        idx, vals = top_k(scores, self.occupations)
        out = np.zeros((len(titles), len(self.catalog.skills)), dtype=np.float32)
        for r, (row, row_vals) in enumerate(zip(idx, vals, strict=True)):
            logits = (row_vals - row_vals.max()) / self.temperature
            weights = np.exp(logits) / np.exp(logits).sum()
            for j, w in zip(row, weights, strict=True):
                uri = self.normalizer.concepts[int(j)].uri
                for skill, essential in self.catalog.requires.get(uri, []):
                    col = self._column.get(skill)
                    if col is not None:
                        out[r, col] += float(w) * (1.0 if essential else self.optional_weight)
            top = out[r].max()
            if top > 0:
                out[r] /= top
        return out

    def scores(self, titles: Sequence[str], *, semantic_weight: float | None = None
               ) -> np.ndarray:
        sw = self.semantic_weight if semantic_weight is None else semantic_weight
        pooled = self.pooled(titles)
        if self.skill_index is None or sw == 0:
            return pooled
        sims = self.skill_index.scores([clean_title(t) for t in titles])
        blended: np.ndarray = (1.0 - sw) * pooled + sw * sims
        return blended

    def predict(self, titles: Sequence[str], k: int = 20) -> list[list[Candidate]]:
        """The ``k`` best skills for each title, best first (skills scoring 0 left out)."""
        idx, vals = top_k(self.scores(titles).astype(np.float32), k)
        return [
            [Candidate(self.catalog.skills[int(j)].uri, self.catalog.skills[int(j)].label,
                       float(v)) for j, v in zip(row, row_vals, strict=True) if v > 0]
            for row, row_vals in zip(idx, vals, strict=True)
        ]
