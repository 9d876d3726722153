"""The skills a posting with a given title most likely asks for.

Four signals, blended with weights chosen on half the SkillSpan postings
(``benchmarks/jobads.py``):

- **requires**: the title is normalized to its best ESCO occupations; their REQUIRES skills are
  pooled, each occupation contributing its softmax-normalized score, essential skills in full
  and optional ones at ``optional_weight`` (scaled to a maximum of 1);
- **semantic**: the MiniLM cosine of the title and each skill's preferred label, which also
  reaches skills no likely occupation REQUIRES;
- **popularity** (with job ads in the graph): how much the ads already loaded mention each
  skill, ``log(1 + sum of MENTIONS scores)`` scaled to a maximum of 1 (what postings ask for
  whatever the title: English, teamwork, Python);
- **neighbours** (with job ads and MiniLM): the skills of the ads whose titles are closest to
  this one, weighted by a softmax of title cosine.

Real postings ask for far more of the last two than ESCO's occupation profiles list. The
learned skill embeddings (``gnn/``), tried as a fifth signal, lowered MAP at every weight on the
tuning postings and are not used (``docs/job-ads.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import neo4j
import numpy as np

from graph.db import database_errors
from graph.jobads import queries
from graph.jobads.fusion import Scores, top_k
from graph.jobads.normalize import Candidate, TitleNormalizer, clean_title
from graph.jobads.retrieval import SemanticIndex

OPTIONAL_WEIGHT = 0.4
OCCUPATIONS = 3
TEMPERATURE = 0.05
"""Softmax temperature over the fused occupation scores (small: trust the best candidate)."""
NEIGHBOUR_TEMPERATURE = 0.1
"""Softmax temperature over the title cosines of the ads in the graph."""


@dataclass(frozen=True)
class JobSkillWeights:
    """Weights of the four signals (see the module docstring)."""

    semantic: float
    requires: float
    popularity: float = 0.0
    neighbours: float = 0.0


WITHOUT_ADS = JobSkillWeights(semantic=0.6, requires=0.1)
"""Without job ads in the graph (best MAP on half the SkillSpan postings)."""
WITH_ADS = JobSkillWeights(semantic=0.6, requires=0.1, popularity=0.0, neighbours=0.4)
"""With job ads in the graph (best MAP on half the postings, leave-one-out, that half loaded
as ads; popularity adds nothing once the nearest ads are used)."""
WITH_ADS_LEXICAL = JobSkillWeights(semantic=0.0, requires=0.1, popularity=0.6)
"""With job ads but without MiniLM (no title cosines, so no neighbours): popularity takes the
semantic signal's weight."""


@dataclass(frozen=True)
class AdEvidence:
    """Job ads already known: their titles and the skills each mentions (URI -> score)."""

    titles: list[str]
    skills: list[dict[str, float]]

    def __len__(self) -> int:
        return len(self.titles)


def ad_evidence_from_graph(driver: neo4j.Driver, *, database: str = "neo4j") -> AdEvidence:
    """Every JobAd's title and MENTIONS (ads without a title are left out)."""
    with database_errors("reading the job ads"):
        records, _, _ = driver.execute_query(queries.JOB_AD_MENTIONS, database_=database,
                                             routing_=neo4j.RoutingControl.READ)
    return AdEvidence([str(r["title"]) for r in records],
                      [{str(s): float(v) for s, v in r["skills"]} for r in records])


class JobSkillPredictor:
    """Ranks ESCO skills for job titles (see the module docstring)."""

    def __init__(
        self,
        normalizer: TitleNormalizer,
        *,
        skill_index: SemanticIndex | None = None,
        evidence: AdEvidence | None = None,
        weights: JobSkillWeights | None = None,
        occupations: int = OCCUPATIONS,
        optional_weight: float = OPTIONAL_WEIGHT,
        temperature: float = TEMPERATURE,
    ) -> None:
        self.normalizer = normalizer
        self.catalog = normalizer.catalog
        self.skill_index = skill_index
        self.occupations = occupations
        self.optional_weight = optional_weight
        self.temperature = temperature
        self._column = {c.uri: i for i, c in enumerate(self.catalog.skills)}
        self.evidence = evidence if evidence is not None and len(evidence) else None
        self.weights = weights or _default_weights(self.evidence is not None,
                                                   skill_index is not None)
        self._mentions = np.zeros((0, len(self.catalog.skills)), dtype=np.float32)
        self._ad_vectors: np.ndarray | None = None
        if self.evidence is not None:
            self._mentions = np.zeros((len(self.evidence), len(self.catalog.skills)),
                                      dtype=np.float32)
            for row, found in enumerate(self.evidence.skills):
                for uri, score in found.items():
                    col = self._column.get(uri)
                    if col is not None:
                        self._mentions[row, col] = score
            if skill_index is not None:
                self._ad_vectors = skill_index.encoder.encode(
                    [clean_title(t) for t in self.evidence.titles],
                    description="Encoding job-ad titles", cache=True)

    def can_use(self, weights: JobSkillWeights) -> bool:
        """Whether every signal ``weights`` asks for is available (MiniLM, job ads)."""
        return ((self.skill_index is not None or not weights.semantic)
                and (self.evidence is not None
                     or not (weights.popularity or weights.neighbours)))

    def pooled(self, titles: Sequence[str]) -> Scores:
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
        return _scaled(out)

    def title_vectors(self, titles: Sequence[str]) -> np.ndarray | None:
        """MiniLM vectors of the cleaned titles (None without a semantic index)."""
        if self.skill_index is None:
            return None
        return self.skill_index.encoder.encode([clean_title(t) for t in titles],
                                               description="Encoding titles")

    def semantic(self, titles: Sequence[str], vectors: np.ndarray | None = None) -> Scores:
        """MiniLM cosine of each cleaned title and every skill's preferred label."""
        if self.skill_index is None:
            return np.zeros((len(titles), len(self.catalog.skills)), dtype=np.float32)
        if vectors is None:
            vectors = self.title_vectors(titles)
        assert vectors is not None
        return self.skill_index.scores_for_vectors(vectors)

    def popularity(self, n: int, *, exclude: Sequence[int] | None = None) -> Scores:
        """How much the known ads mention each skill (one row per title; ``exclude[r]``, an
        ad's row, is left out of row ``r``)."""
        totals = self._mentions.sum(axis=0)
        rows = np.repeat(totals[None, :], n, axis=0)
        if exclude is not None:
            rows -= self._mentions[np.asarray(exclude)]
        return _scaled(np.log1p(np.maximum(rows, 0.0)).astype(np.float32))

    def neighbours(self, titles: Sequence[str], vectors: np.ndarray | None = None, *,
                   exclude: Sequence[int] | None = None) -> Scores:
        """Skills of the ads with the closest titles (softmax of title cosine)."""
        out = np.zeros((len(titles), len(self.catalog.skills)), dtype=np.float32)
        if self._ad_vectors is None or self.skill_index is None or not titles:
            return out
        if vectors is None:
            vectors = self.title_vectors(titles)
        assert vectors is not None
        sims = (vectors @ self._ad_vectors.T).astype(np.float64)
        if exclude is not None:
            sims[np.arange(len(titles)), np.asarray(exclude)] = -np.inf
        logits = (sims - sims.max(axis=1, keepdims=True)) / NEIGHBOUR_TEMPERATURE
        weights = np.exp(logits)
        weights /= weights.sum(axis=1, keepdims=True)
        return _scaled((weights @ self._mentions).astype(np.float32))

    def signals(self, titles: Sequence[str], *, exclude: Sequence[int] | None = None
                ) -> dict[str, Scores]:
        """Each signal's score matrix (titles x catalog skills)."""
        vectors = self.title_vectors(titles)
        return {"semantic": self.semantic(titles, vectors), "requires": self.pooled(titles),
                "popularity": self.popularity(len(titles), exclude=exclude),
                "neighbours": self.neighbours(titles, vectors, exclude=exclude)}

    @staticmethod
    def blend(signals: dict[str, Scores], weights: JobSkillWeights) -> Scores:
        out = np.zeros_like(signals["semantic"])
        for name, matrix in signals.items():
            w = getattr(weights, name)
            if w:
                out += np.float32(w) * matrix
        return out

    def scores(self, titles: Sequence[str], *, weights: JobSkillWeights | None = None
               ) -> Scores:
        return self.blend(self.signals(titles), weights or self.weights)

    def predict(self, titles: Sequence[str], k: int = 20) -> list[list[Candidate]]:
        """The ``k`` best skills for each title, best first (skills scoring 0 left out)."""
        idx, vals = top_k(self.scores(titles).astype(np.float32), k)
        return [
            [Candidate(self.catalog.skills[int(j)].uri, self.catalog.skills[int(j)].label,
                       float(v)) for j, v in zip(row, row_vals, strict=True) if v > 0]
            for row, row_vals in zip(idx, vals, strict=True)
        ]


def _default_weights(ads: bool, semantic: bool) -> JobSkillWeights:
    if not ads:
        return WITHOUT_ADS
    return WITH_ADS if semantic else WITH_ADS_LEXICAL


def _scaled(m: Scores) -> Scores:
    """Each row divided by its maximum (rows of zeros stay zero)."""
    top = m.max(axis=1, keepdims=True) if m.size else np.ones((m.shape[0], 1), np.float32)
    return np.where(top > 0, m / np.where(top > 0, top, 1.0), 0.0).astype(np.float32)
