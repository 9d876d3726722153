"""Unit tests of the lexical and semantic indexes over surface forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


QUERIES = ["python programming", "SQL queries", "nursing care", "Pythn", "zzz"]


def _skill_forms(catalog: EscoCatalog) -> SurfaceForms:
    return SurfaceForms.of(catalog.skills, kinds=(FORM_LABEL, FORM_ALT, FORM_HIDDEN))


def test_a_cached_lexical_index_is_read_back_and_scores_exactly_as_the_fitted_one(
    catalog: EscoCatalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    forms = _skill_forms(catalog)
    fitted = LexicalIndex(forms, cache_dir=tmp_path, min_cached=1)
    assert fitted.cache_path is not None and fitted.cache_path.exists()
    assert [p.name for p in tmp_path.iterdir()] == [fitted.cache_path.name]  # no temp file

    from sklearn.feature_extraction.text import TfidfVectorizer

    def no_fit(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the cached index was fitted again")

    monkeypatch.setattr(TfidfVectorizer, "fit_transform", no_fit)
    cached = LexicalIndex(forms, cache_dir=tmp_path, min_cached=1)
    np.testing.assert_array_equal(cached.scores(QUERIES), fitted.scores(QUERIES))
    np.testing.assert_array_equal(cached.form_scores(QUERIES), fitted.form_scores(QUERIES))


def test_other_forms_weights_or_options_get_their_own_cached_index(
    catalog: EscoCatalog, tmp_path: Path,
) -> None:
    forms = _skill_forms(catalog)
    reweighted = SurfaceForms(forms.texts, forms.owners, forms.weights * 0.5, forms.starts)
    renamed = SurfaceForms([*forms.texts[:-1], "something else"], forms.owners, forms.weights,
                           forms.starts)
    cases: list[tuple[SurfaceForms, dict[str, Any]]] = [
        (forms, {}), (reweighted, {}), (renamed, {}), (forms, {"ngram_range": (3, 5)})]
    paths = {
        LexicalIndex(f, cache_dir=tmp_path, min_cached=1, **options).cache_path
        for f, options in cases
    }
    assert len(paths) == 4 and len(list(tmp_path.iterdir())) == 4
    again = LexicalIndex(reweighted, cache_dir=tmp_path, min_cached=1)
    assert again.scores(QUERIES) == pytest.approx(
        LexicalIndex(forms).scores(QUERIES) * 0.5, abs=1e-6)


def _cached(forms: SurfaceForms, cache_dir: Path, **options: Any) -> Path:
    """Where a fitted index of ``forms`` was cached."""
    path = LexicalIndex(forms, cache_dir=cache_dir, min_cached=1, **options).cache_path
    assert path is not None and path.exists()
    return path


def test_an_unreadable_cached_index_is_fitted_again_and_rewritten(
    catalog: EscoCatalog, tmp_path: Path,
) -> None:
    forms = _skill_forms(catalog)
    path = _cached(forms, tmp_path)
    path.write_bytes(b"not an index")
    rebuilt = LexicalIndex(forms, cache_dir=tmp_path, min_cached=1)
    np.testing.assert_array_equal(rebuilt.scores(QUERIES), LexicalIndex(forms).scores(QUERIES))
    with np.load(path, allow_pickle=False) as f:  # a readable index again
        assert int(f["shape"][1]) == len(forms.texts)


def test_small_label_sets_are_not_cached(catalog: EscoCatalog, tmp_path: Path) -> None:
    index = LexicalIndex(_skill_forms(catalog), cache_dir=tmp_path)
    assert index.cache_path is None and not list(tmp_path.iterdir())


def test_writing_an_index_over_the_cache_budget_removes_the_least_recently_used_one(
    catalog: EscoCatalog, tmp_path: Path,
) -> None:
    forms = _skill_forms(catalog)
    first = _cached(forms, tmp_path)
    second = _cached(forms, tmp_path, ngram_range=(3, 5), cache_budget=first.stat().st_size)
    assert second != first
    assert [p.name for p in tmp_path.iterdir()] == [second.name]
