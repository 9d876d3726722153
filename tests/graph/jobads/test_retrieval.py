"""Unit tests of the lexical and semantic indexes over surface forms."""

from __future__ import annotations

import numpy as np
import pytest

from graph.jobads.labels import FORM_ALT, FORM_HIDDEN, FORM_LABEL, EscoCatalog
from graph.jobads.retrieval import LexicalIndex, SurfaceForms


def test_lexical_scores_equal_the_dense_best_weighted_form_per_concept(
    catalog: EscoCatalog,
) -> None:
    forms = SurfaceForms.of(catalog.skills, kinds=(FORM_LABEL, FORM_ALT, FORM_HIDDEN))
    index = LexicalIndex(forms, ngram_range=(2, 4))
    queries = ["python programming", "SQL queries", "nursing care", "zzz"]
    vectors = index.vectorizer.transform(queries)
    unweighted = index.vectorizer.transform(forms.texts).T.tocsr()
    dense = np.asarray((vectors @ unweighted).toarray(), dtype=np.float32)
    expected = np.maximum.reduceat(dense * forms.weights[None, :], forms.starts, axis=1)
    assert index.scores(queries) == pytest.approx(expected, abs=1e-6)
    assert index.scores(queries)[3].max() == 0.0


def test_a_set_of_single_preferred_labels_needs_no_reduction(catalog: EscoCatalog) -> None:
    forms = SurfaceForms.of(catalog.skills, kinds=(FORM_LABEL,))
    assert forms.one_per_concept
    scores = np.arange(8, dtype=np.float32).reshape(2, 4)
    np.testing.assert_array_equal(forms.best_per_concept(scores), scores)
    assert not SurfaceForms.of(catalog.skills).one_per_concept
