"""Unit tests of skills predicted for a title: REQUIRES, and the job ads already known."""

from __future__ import annotations

import pytest

from graph.jobads.labels import FORM_LABEL, EscoCatalog
from graph.jobads.normalize import TitleNormalizer
from graph.jobads.predict import (
    WITH_ADS,
    WITH_ADS_LEXICAL,
    WITHOUT_ADS,
    AdEvidence,
    JobSkillPredictor,
    JobSkillWeights,
)
from graph.jobads.retrieval import SemanticIndex, SurfaceForms
from tests.graph.jobads.conftest import CARE, PYTHON, SQL, BagOfWordsEncoder


def test_essential_skills_of_the_best_occupation_come_first(catalog: EscoCatalog) -> None:
    predictor = JobSkillPredictor(TitleNormalizer(catalog, BagOfWordsEncoder()), occupations=1)
    (skills,) = predictor.predict(["software developer"], k=10)
    uris = [c.uri for c in skills]
    assert uris[0] == PYTHON
    assert SQL in uris
    assert CARE not in uris


def test_skills_of_the_runner_up_occupation_are_pooled_with_lower_weight(
    catalog: EscoCatalog,
) -> None:
    predictor = JobSkillPredictor(TitleNormalizer(catalog, None), occupations=3,
                                  temperature=0.5)
    (skills,) = predictor.predict(["registered nurse"], k=10)
    assert skills[0].uri == CARE
    assert len(skills) == 4


def _ads() -> AdEvidence:
    return AdEvidence(["night nurse", "registered nurse", "python developer"],
                      [{CARE: 0.9}, {CARE: 0.8, SQL: 0.6}, {PYTHON: 0.9, SQL: 0.7}])


def test_skills_many_ads_mention_rank_first_on_popularity(catalog: EscoCatalog) -> None:
    predictor = JobSkillPredictor(TitleNormalizer(catalog, None), evidence=_ads(),
                                  weights=JobSkillWeights(0.0, 0.0, popularity=1.0))
    (skills,) = predictor.predict(["anything at all"], k=4)
    assert [c.uri for c in skills][:2] == [CARE, SQL]  # 1.7 and 1.3 summed scores
    assert len(skills) == 3  # the testing skill no ad mentions scores 0


def test_the_ads_with_the_nearest_titles_lend_their_skills(catalog: EscoCatalog) -> None:
    enc = BagOfWordsEncoder()
    index = SemanticIndex(SurfaceForms.of(catalog.skills, kinds=(FORM_LABEL,)), enc)
    predictor = JobSkillPredictor(TitleNormalizer(catalog, enc), skill_index=index,
                                  evidence=_ads(),
                                  weights=JobSkillWeights(0.0, 0.0, neighbours=1.0))
    signals = predictor.signals(["python developer", "night nurse"])
    assert {k: v.shape for k, v in signals.items()} == {
        k: (2, len(catalog.skills)) for k in ("semantic", "requires", "popularity", "neighbours")}
    column = {c.uri: i for i, c in enumerate(catalog.skills)}
    assert signals["neighbours"][0].argmax() == column[PYTHON]
    assert signals["neighbours"][1].argmax() == column[CARE]


def test_leaving_an_ad_out_removes_its_skills_from_its_own_scores(catalog: EscoCatalog) -> None:
    enc = BagOfWordsEncoder()
    index = SemanticIndex(SurfaceForms.of(catalog.skills, kinds=(FORM_LABEL,)), enc)
    predictor = JobSkillPredictor(TitleNormalizer(catalog, enc), skill_index=index,
                                  evidence=_ads())
    column = {c.uri: i for i, c in enumerate(catalog.skills)}
    full = predictor.signals(["python developer"])
    loo = predictor.signals(["python developer"], exclude=[2])
    assert full["neighbours"][0, column[PYTHON]] > 0
    assert loo["neighbours"][0, column[PYTHON]] == 0.0  # only the excluded ad mentions it
    assert loo["popularity"][0, column[PYTHON]] == 0.0
    assert loo["popularity"][0, column[CARE]] == pytest.approx(1.0)


def test_without_ads_the_blend_has_no_ad_signals(catalog: EscoCatalog) -> None:
    predictor = JobSkillPredictor(TitleNormalizer(catalog, None), evidence=AdEvidence([], []))
    assert predictor.evidence is None and predictor.weights == WITHOUT_ADS
    assert not predictor.signals(["nurse"])["popularity"].any()


def test_with_ads_but_no_minilm_the_popular_skills_are_blended_in(catalog: EscoCatalog) -> None:
    predictor = JobSkillPredictor(TitleNormalizer(catalog, None), evidence=_ads())
    assert predictor.weights == WITH_ADS_LEXICAL
    (skills,) = predictor.predict(["software developer"], k=3)
    assert CARE in {c.uri for c in skills}  # mentioned by two ads, required by no developer
    enc = BagOfWordsEncoder()
    index = SemanticIndex(SurfaceForms.of(catalog.skills, kinds=(FORM_LABEL,)), enc)
    with_minilm = JobSkillPredictor(TitleNormalizer(catalog, enc), skill_index=index,
                                    evidence=_ads())
    assert with_minilm.weights == WITH_ADS
