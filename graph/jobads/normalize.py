"""Job titles to ranked ESCO occupations by hybrid retrieval.

Two retrievers score every occupation: character n-gram TF-IDF over its preferred, alternative
and hidden labels and the O*NET titles it maps to (lexical), and MiniLM cosine over the same
forms (semantic). Their scores are fused with a weight chosen on the tuning part of the
validation titles (``graph.jobads.evaluate``). When the ad's skills are known, candidates whose
REQUIRES edges cover those skills move up (:meth:`TitleNormalizer.rerank_with_skills`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from graph.jobads.embeddings import TextEncoder
from graph.jobads.fusion import Scores, top_k, weighted_fusion
from graph.jobads.labels import Concept, EscoCatalog
from graph.jobads.retrieval import LexicalIndex, SemanticIndex, SurfaceForms

Mode = Literal["hybrid", "lexical", "semantic"]

LEXICAL_WEIGHT = 0.2
"""Weight of the lexical score in the fused score (semantic gets ``1 - LEXICAL_WEIGHT``);
chosen on the tuning part of ``vacancy_titles_validation.csv``."""

PRIOR_WEIGHT = 0.03
"""Weight of the log prior of an occupation (when counts are given, e.g. from earlier ads)."""

SKILL_WEIGHT = 0.1
"""How much full coverage of an ad's skills by an occupation's REQUIRES adds to its score."""

_NOISE = [
    r"<[A-Z_]+>",                                   # de-identification placeholders
    r"\(\s*[mwfdhxi]\s*(/\s*[mwfdhxi]\s*)+\)",       # (m/f/d), (f/m/x), (m/w/d)
    r"\b[mwfdhx](\s*/\s*[mwfdhx]){1,3}\b",           # m/f/d without brackets
    r"\(\s*all genders?\s*\)",
    r"\b(full|part)[- ]?time\b",
    r"\b(remote|hybrid|onsite|on-site)\b",
]
_NOISE_RE = re.compile("|".join(_NOISE), re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
_EDGE_RE = re.compile(r"^[\s\-|,:;/()]+|[\s\-|,:;/(]+$")


def clean_title(title: str) -> str:
    """Drop placeholders, gender markers and contract words; collapse whitespace."""
    text = _NOISE_RE.sub(" ", title)
    text = text.replace("()", " ")
    text = _SPACE_RE.sub(" ", text)
    text = _EDGE_RE.sub("", text)
    return text.strip() or title.strip()


def log_prior(concepts: Sequence[Concept], counts: Mapping[str, int],
              smoothing: float = 0.5) -> Scores:
    """Additively smoothed log frequency of each concept among ``counts`` (by URI)."""
    raw = np.asarray([counts.get(c.uri, 0) for c in concepts], dtype=np.float64) + smoothing
    out: Scores = np.log(raw / raw.sum()).astype(np.float32)
    return out


@dataclass(frozen=True)
class Candidate:
    """One ranked concept: its URI, preferred label and score."""

    uri: str
    label: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {"id": self.uri, "label": self.label, "score": round(self.score, 6)}


class TitleNormalizer:
    """Ranks ESCO occupations for job titles (see the module docstring)."""

    def __init__(
        self,
        catalog: EscoCatalog,
        encoder: TextEncoder | None,
        *,
        lexical_weight: float = LEXICAL_WEIGHT,
        skill_weight: float = SKILL_WEIGHT,
        prior_counts: Mapping[str, int] | None = None,
        prior_weight: float = PRIOR_WEIGHT,
    ) -> None:
        self.catalog = catalog
        self.concepts: list[Concept] = catalog.occupations
        self.forms = SurfaceForms.of(self.concepts)
        self.lexical = LexicalIndex(self.forms)
        self.semantic = (SemanticIndex(self.forms, encoder, description="Encoding occupations")
                         if encoder is not None else None)
        self.lexical_weight = lexical_weight
        self.skill_weight = skill_weight
        self.prior_weight = prior_weight
        self.log_prior = (log_prior(self.concepts, prior_counts)
                          if prior_counts is not None else None)

    def score_parts(
        self, titles: Sequence[str], *, cache: bool = False
    ) -> tuple[Scores, Scores | None]:
        """Lexical and semantic score matrices (titles x occupations) of the cleaned titles;
        ``cache`` keeps the title vectors on disk (evaluation data)."""
        cleaned = [clean_title(t) for t in titles]
        lex = self.lexical.scores(cleaned)
        sem = (self.semantic.scores(cleaned, description="Encoding titles", cache=cache)
               if self.semantic is not None else None)
        return lex, sem

    def fuse(self, lex: Scores, sem: Scores | None, mode: Mode = "hybrid",
             lexical_weight: float | None = None) -> Scores:
        w = self.lexical_weight if lexical_weight is None else lexical_weight
        if mode == "lexical" or sem is None:
            return lex
        if mode == "semantic":
            return sem
        fused = weighted_fusion([lex, sem], [w, 1.0 - w])
        if self.log_prior is not None:
            fused += np.float32(self.prior_weight) * self.log_prior[None, :]
        return fused

    def scores(self, titles: Sequence[str], mode: Mode = "hybrid") -> Scores:
        lex, sem = self.score_parts(titles)
        return self.fuse(lex, sem, mode)

    def normalize(
        self,
        titles: Sequence[str],
        k: int = 5,
        *,
        skills: Sequence[Sequence[str]] | None = None,
        mode: Mode = "hybrid",
    ) -> list[list[Candidate]]:
        """The ``k`` best occupations for each title; ``skills`` (URIs per title) re-rank."""
        scores = self.scores(titles, mode)
        if skills is not None:
            scores = self.rerank_with_skills(scores, skills)
        return self.candidates(scores, k)

    def candidates(self, scores: Scores, k: int) -> list[list[Candidate]]:
        idx, vals = top_k(scores, k)
        return [
            [Candidate(self.concepts[j].uri, self.concepts[j].label, float(v))
             for j, v in zip(row, row_vals, strict=True)]
            for row, row_vals in zip(idx, vals, strict=True)
        ]

    def rerank_with_skills(
        self, scores: Scores, skills: Sequence[Sequence[str]], *, depth: int = 20
    ) -> Scores:
        """Add ``skill_weight * coverage`` to each row's ``depth`` best candidates, where coverage
        is the share of the ad's skills that the occupation REQUIRES (essential count fully,
        optional half)."""
        if len(skills) != scores.shape[0]:
            raise ValueError("expected one skill list per title")
        out = scores.copy()
        idx, _ = top_k(scores, depth)
        for row, (cands, wanted) in enumerate(zip(idx, skills, strict=True)):
            wanted_set = set(wanted)
            if not wanted_set:
                continue
            for j in cands:
                required = self.catalog.requires.get(self.concepts[j].uri, [])
                cover = sum(1.0 if essential else 0.5
                            for uri, essential in required if uri in wanted_set)
                out[row, j] += np.float32(self.skill_weight * cover / len(wanted_set))
        return out
