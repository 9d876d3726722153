"""Unit tests of skills predicted for a title through REQUIRES."""

from __future__ import annotations

from graph.jobads.labels import EscoCatalog
from graph.jobads.normalize import TitleNormalizer
from graph.jobads.predict import JobSkillPredictor
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
