"""Indexes over a label set: every surface form of every concept, scored against queries, with
each concept taking the best score among its forms (weighted by the form's kind).

:class:`LexicalIndex` uses character n-gram TF-IDF (robust to typos, plurals and word order);
:class:`SemanticIndex` uses sentence embeddings.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph.jobads.cache_files import DEFAULT_BUDGET_BYTES, mark_used, prune, write_atomic
from graph.jobads.embeddings import Matrix, TextEncoder
from graph.jobads.labels import (
    FORM_ALT,
    FORM_HIDDEN,
    FORM_LABEL,
    FORM_RELATED,
    Concept,
    fingerprint,
)

Scores = npt.NDArray[np.float32]

DEFAULT_FORM_WEIGHTS: Mapping[str, float] = {
    FORM_LABEL: 1.0, FORM_ALT: 0.97, FORM_HIDDEN: 0.9, FORM_RELATED: 0.5,
}
"""Weight of a form's score by its kind. O*NET titles (``related``, only in label sets read
from the graph) at 0.5, chosen on the tuning part of the vacancy-title benchmark with the
graph's label sets: at 0.85 they outranked ESCO's own labels (held-out MRR .360 against .379)."""


@dataclass(frozen=True)
class SurfaceForms:
    """All forms of a label set, grouped by concept: ``starts[i]`` is concept i's first form."""

    texts: list[str]
    owners: npt.NDArray[np.int64]
    weights: Scores
    starts: npt.NDArray[np.int64]

    @classmethod
    def of(
        cls,
        concepts: Sequence[Concept],
        *,
        kinds: Sequence[str] = (FORM_LABEL, FORM_ALT, FORM_HIDDEN, FORM_RELATED),
        form_weights: Mapping[str, float] = DEFAULT_FORM_WEIGHTS,
    ) -> SurfaceForms:
        texts: list[str] = []
        owners: list[int] = []
        weights: list[float] = []
        starts: list[int] = []
        for i, c in enumerate(concepts):
            starts.append(len(texts))
            for text, kind in c.surface_forms():
                if kind in kinds:
                    texts.append(text)
                    owners.append(i)
                    weights.append(form_weights.get(kind, 1.0))
        return cls(texts, np.asarray(owners, dtype=np.int64),
                   np.asarray(weights, dtype=np.float32), np.asarray(starts, dtype=np.int64))

    def best_per_concept(self, form_scores: Scores) -> Scores:
        """Max over each concept's forms (each concept has at least its preferred label)."""
        if self.one_per_concept:
            return np.asarray(form_scores, dtype=np.float32)
        weighted = form_scores * self.weights[None, :]
        return np.maximum.reduceat(weighted, self.starts, axis=1).astype(np.float32)

    @cached_property
    def one_per_concept(self) -> bool:
        """Each concept has exactly one form, of weight 1 (nothing to reduce)."""
        return (len(self.texts) == len(self.starts)
                and bool(np.all(self.owners == np.arange(len(self.owners))))
                and bool(np.all(self.weights == 1.0)))

    def best_per_concept_sparse(self, weighted: sparse.csr_matrix) -> Scores:
        """:meth:`best_per_concept` of non-negative, already weighted form scores held as a
        sparse matrix: only the stored entries are visited (absent ones count as 0)."""
        out = np.zeros((weighted.shape[0], len(self.starts)), dtype=np.float32)
        rows = np.repeat(np.arange(weighted.shape[0]), np.diff(weighted.indptr))
        np.maximum.at(out, (rows, self.owners[weighted.indices]),
                      weighted.data.astype(np.float32))
        return out


class LexicalIndex:
    """Character n-gram (``char_wb``) TF-IDF cosine between queries and surface forms.

    Fitting takes seconds on the full ESCO label sets (some 10 s for the 196,000 occupation
    forms), so with ``cache_dir`` a fitted index is kept on disk, keyed by a hash of everything
    it depends on (the forms, their weights, the options, scikit-learn's version), and read
    back by the next process that needs the same one (0.1 s). The file holds arrays only (no
    pickle); one that cannot be read or does not fit is fitted again and rewritten. The
    directory keeps at most ``cache_budget`` bytes, the least recently used files removed
    first (:mod:`graph.jobads.cache_files`)."""

    def __init__(self, forms: SurfaceForms, *, ngram_range: tuple[int, int] = (2, 4),
                 max_df: float = 1.0, chunk: int = 512, cache_dir: Path | None = None,
                 min_cached: int = 2000, cache_budget: int = DEFAULT_BUDGET_BYTES) -> None:
        """``max_df`` < 1 drops n-grams found in more than that share of forms: they weigh
        little in the cosine but make the sparse product slow on large label sets (ignored on
        sets too small for the share to mean ten forms). Sets of fewer than ``min_cached``
        forms are fitted every time (in well under a second)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.forms = forms
        self.chunk = chunk
        options: dict[str, Any] = {"analyzer": "char_wb", "ngram_range": ngram_range,
                                   "lowercase": True, "sublinear_tf": True,
                                   "dtype": np.float32}
        max_df = max_df if len(forms.texts) * max_df >= 10 else 1.0
        self.cache_path = (
            cache_dir / f"{_lexical_key(forms, options, max_df)}.npz"
            if cache_dir is not None and len(forms.texts) >= min_cached else None
        )
        cached = _read_index(self.cache_path, len(forms.texts)) if self.cache_path else None
        if cached is not None:
            terms, idf, self.matrix = cached
            self.vectorizer = TfidfVectorizer(
                **options, vocabulary={t: i for i, t in enumerate(terms)})
            self.vectorizer.idf_ = idf
            return
        self.vectorizer = TfidfVectorizer(**options, max_df=max_df)
        vectors = self.vectorizer.fit_transform(forms.texts)
        # form weights folded into the index: (q . x) * w == q . (x * w)
        self.matrix = sparse.csr_matrix(
            vectors.multiply(forms.weights[:, None]).T, dtype=np.float32)
        if self.cache_path is not None:
            vocabulary: dict[str, int] = self.vectorizer.vocabulary_
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            _write_index(self.cache_path, terms, self.vectorizer.idf_, self.matrix)
            prune(self.cache_path.parent, cache_budget, keep=self.cache_path)

    def form_scores(self, queries: Sequence[str]) -> Scores:
        """Weighted cosine of each query with every form (queries x forms, dense)."""
        q = self.vectorizer.transform(list(queries))
        return np.asarray((q @ self.matrix).toarray(), dtype=np.float32)

    def scores(self, queries: Sequence[str]) -> Scores:
        """Cosine (non-negative) of each query with every concept's best weighted form; the
        sparse product is reduced to concepts without materialising queries x forms."""
        n_concepts = len(self.forms.starts)
        out = np.zeros((len(queries), n_concepts), dtype=np.float32)
        for start in range(0, len(queries), self.chunk):
            q = self.vectorizer.transform(list(queries[start:start + self.chunk]))
            product = sparse.csr_matrix(q @ self.matrix)
            out[start:start + product.shape[0]] = self.forms.best_per_concept_sparse(product)
        return out


LEXICAL_CACHE_FORMAT = "1"
"""Part of every cache key: raised when what an index file holds changes."""


def _lexical_key(forms: SurfaceForms, options: dict[str, Any], max_df: float) -> str:
    import sklearn

    weights = hashlib.sha256(np.ascontiguousarray(forms.weights).tobytes()).hexdigest()
    settings = repr(sorted((k, repr(v)) for k, v in options.items()))
    return fingerprint(["lexical-index", LEXICAL_CACHE_FORMAT, sklearn.__version__, settings,
                        repr(max_df), weights, *forms.texts])


def _read_index(path: Path, n_forms: int
                ) -> tuple[list[str], npt.NDArray[np.float64], sparse.csr_matrix] | None:
    """``(terms, idf, matrix)`` of a cached index, or None when there is none that fits."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as f:
            terms = [str(t) for t in f["terms"]]
            idf = np.asarray(f["idf"], dtype=np.float64)
            shape = tuple(int(v) for v in f["shape"])
            matrix = sparse.csr_matrix((f["data"], f["indices"], f["indptr"]), shape=shape,
                                       dtype=np.float32)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    if shape != (len(terms), n_forms) or idf.shape != (len(terms),):
        return None
    mark_used(path)
    return terms, idf, matrix


def _write_index(path: Path, terms: list[str], idf: npt.NDArray[np.float64],
                 matrix: sparse.csr_matrix) -> None:
    write_atomic(path, lambda f: np.savez(
        f, terms=np.asarray(terms, dtype=np.str_), idf=idf, data=matrix.data,
        indices=matrix.indices, indptr=matrix.indptr,
        shape=np.asarray(matrix.shape, dtype=np.int64)))


class SemanticIndex:
    """Cosine similarity of sentence embeddings between queries and surface forms."""

    def __init__(self, forms: SurfaceForms, encoder: TextEncoder, *, chunk: int = 256,
                 description: str = "Encoding labels") -> None:
        self.forms = forms
        self.encoder = encoder
        self.chunk = chunk
        self.vectors: Matrix = encoder.encode(forms.texts, description=description, cache=True)

    def scores_for_vectors(self, queries: Matrix) -> Scores:
        n_concepts = len(self.forms.starts)
        out = np.zeros((queries.shape[0], n_concepts), dtype=np.float32)
        for start in range(0, queries.shape[0], self.chunk):
            sims = queries[start:start + self.chunk] @ self.vectors.T
            out[start:start + len(sims)] = self.forms.best_per_concept(sims)
        return out

    def scores(self, queries: Sequence[str], *, description: str = "Encoding queries",
               cache: bool = False) -> Scores:
        return self.scores_for_vectors(
            self.encoder.encode(queries, description=description, cache=cache))
