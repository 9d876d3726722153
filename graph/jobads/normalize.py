"""Job titles to ranked ESCO occupations by hybrid retrieval.

Two retrievers score every occupation: character n-gram TF-IDF over its preferred, alternative
and hidden labels and the O*NET titles it maps to (lexical), and MiniLM cosine over the same
forms (semantic). Their scores are fused with a weight chosen on the tuning part of the
validation titles (``graph.jobads.evaluate``). Given labelled titles
(:mod:`graph.jobads.examples`), each occupation also scores its most similar labelled title,
and their labels' frequencies add a log prior. When the ad's skills are known, candidates whose
REQUIRES edges cover those skills move up (:meth:`TitleNormalizer.rerank_with_skills`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from graph.jobads.embeddings import Matrix, TextEncoder
from graph.jobads.examples import LabelledTitle, TitleMemory
from graph.jobads.fusion import Scores, top_k, weighted_fusion
from graph.jobads.labels import Concept, EscoCatalog
from graph.jobads.retrieval import LexicalIndex, SemanticIndex, SurfaceForms

Mode = Literal["hybrid", "lexical", "semantic"]

LEXICAL_WEIGHT = 0.2
"""Weight of the lexical score in the fused score (semantic gets ``1 - LEXICAL_WEIGHT``);
chosen on the tuning part of ``vacancy_titles_validation.csv``."""

PRIOR_WEIGHT = 0.05
"""Weight of the log prior of an occupation (counts given, or those of labelled titles)."""

EXAMPLE_WEIGHT = 0.8
"""Weight of the best labelled title's similarity (:mod:`graph.jobads.examples`)."""

EXAMPLE_LEXICAL_WEIGHT = 0.3
"""Share of the lexical similarity in a labelled title's similarity (MiniLM gets the rest).
These three weights were chosen together, leave-one-out, on the tuning part of
``vacancy_titles_validation.csv``."""

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
_LEVEL_RE = re.compile(
    r"\b(senior|junior|mid[- ]?level|entry[- ]?level|experienced)\b|\b(sr|jr)\b\.?",
    re.IGNORECASE)
_GRADE_RE = re.compile(r"\s(i{1,3}|iv)$", re.IGNORECASE)  # a trailing grade: "Analyst II"
_SPACE_RE = re.compile(r"\s+")
_EDGE_RE = re.compile(r"^[\s\-|,:;/()]+|[\s\-|,:;/(]+$")


def clean_title(title: str) -> str:
    """Drop placeholders, gender markers and contract words; collapse whitespace."""
    text = _NOISE_RE.sub(" ", title)
    text = text.replace("()", " ")
    text = _SPACE_RE.sub(" ", text)
    text = _EDGE_RE.sub("", text)
    return text.strip() or title.strip()


def without_level(cleaned: str) -> str:
    """A cleaned title without its seniority ("Senior", "Jr.", "entry-level", a trailing
    grade such as "II"): what is matched against ESCO's labels. No preferred label names a
    level, and "Senior X" used to match alternative labels such as "senior footwear product
    developer" rather than X (held-out MRR .379 -> .381). Labelled titles are compared with
    the level kept: there it tells, say, a junior accountant from an accountant. A title that
    is nothing but a level is kept as it was."""
    text = _SPACE_RE.sub(" ", _LEVEL_RE.sub(" ", cleaned))
    text = _EDGE_RE.sub("", _GRADE_RE.sub("", _EDGE_RE.sub("", text)))
    return text.strip() or cleaned


def log_prior(concepts: Sequence[Concept], counts: Mapping[str, int],
              smoothing: float = 0.5) -> Scores:
    """Additively smoothed log frequency of each concept among ``counts`` (by URI)."""
    raw = np.asarray([counts.get(c.uri, 0) for c in concepts], dtype=np.float64) + smoothing
    out: Scores = np.log(raw / raw.sum()).astype(np.float32)
    return out


@dataclass(frozen=True)
class TitleParts:
    """The score matrices of a batch of titles (titles x occupations)."""

    lexical: Scores
    semantic: Scores | None
    examples: Scores | None
    """Best labelled-title similarity per occupation (None without labelled titles)."""
    vectors: Matrix | None
    """MiniLM vectors of the cleaned titles (None without MiniLM)."""


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
        examples: Sequence[LabelledTitle] | None = None,
        example_weight: float = EXAMPLE_WEIGHT,
        example_lexical_weight: float = EXAMPLE_LEXICAL_WEIGHT,
        cache_dir: Path | None = None,
    ) -> None:
        """``examples`` (labelled titles) add a memory of similar titles and, unless
        ``prior_counts`` are given, the prior of their labels; ``cache_dir`` keeps the fitted
        lexical index on disk (:class:`~graph.jobads.retrieval.LexicalIndex`)."""
        self.catalog = catalog
        self.concepts: list[Concept] = catalog.occupations
        self.forms = SurfaceForms.of(self.concepts)
        self.lexical = LexicalIndex(self.forms, cache_dir=cache_dir)
        self.semantic = (SemanticIndex(self.forms, encoder, description="Encoding occupations")
                         if encoder is not None else None)
        self.lexical_weight = lexical_weight
        self.skill_weight = skill_weight
        self.prior_weight = prior_weight
        self.example_weight = example_weight
        self.memory: TitleMemory | None = None
        if examples:
            column = {c.uri: i for i, c in enumerate(self.concepts)}
            self.memory = TitleMemory(
                examples, [clean_title(e.title) for e in examples], column, len(self.concepts),
                encoder, lexical_weight=example_lexical_weight)
            if prior_counts is None:
                prior_counts = self.memory.counts
        self.log_prior = (log_prior(self.concepts, prior_counts)
                          if prior_counts is not None else None)

    def parts(self, titles: Sequence[str], *, cache: bool = False) -> TitleParts:
        """Lexical and semantic scores of the cleaned titles without their level against the
        labels, and labelled-title scores of the cleaned titles (:func:`without_level`; each
        distinct text is encoded once); ``cache`` keeps the title vectors on disk (evaluation
        data)."""
        cleaned = [clean_title(t) for t in titles]
        queries = [without_level(c) for c in cleaned]
        lex = self.lexical.scores(queries)
        sem = vectors = None
        if self.semantic is not None:
            # the encoder encodes each distinct text once (most titles have no level)
            encoded = self.semantic.encoder.encode([*cleaned, *queries],
                                                   description="Encoding titles", cache=cache)
            vectors = encoded[:len(cleaned)]
            sem = self.semantic.scores_for_vectors(encoded[len(cleaned):])
        examples = (self.memory.scores(cleaned, vectors) if self.memory is not None else None)
        return TitleParts(lex, sem, examples, vectors)

    def score_parts(
        self, titles: Sequence[str], *, cache: bool = False
    ) -> tuple[Scores, Scores | None]:
        """Lexical and semantic score matrices (titles x occupations) of the cleaned titles."""
        p = self.parts(titles, cache=cache)
        return p.lexical, p.semantic

    def fuse(self, lex: Scores, sem: Scores | None, mode: Mode = "hybrid",
             lexical_weight: float | None = None, *, examples: Scores | None = None) -> Scores:
        """``mode`` "hybrid": the weighted label scores, plus (when given) the labelled-title
        scores and the log prior; "lexical" and "semantic" return one side alone."""
        w = self.lexical_weight if lexical_weight is None else lexical_weight
        if mode == "lexical" or (sem is None and mode == "semantic"):
            return lex
        if mode == "semantic":
            assert sem is not None
            return sem
        fused = weighted_fusion([lex, sem], [w, 1.0 - w]) if sem is not None else lex.copy()
        if examples is not None:
            fused += np.float32(self.example_weight) * examples
        if self.log_prior is not None:
            fused += np.float32(self.prior_weight) * self.log_prior[None, :]
        return fused

    def scores(self, titles: Sequence[str], mode: Mode = "hybrid") -> Scores:
        p = self.parts(titles)
        return self.fuse(p.lexical, p.semantic, mode, examples=p.examples)

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
