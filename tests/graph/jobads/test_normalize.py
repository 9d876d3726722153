"""Unit tests of title cleaning, hybrid normalization and skill re-ranking (fake encoder)."""

from __future__ import annotations

import numpy as np

from graph.jobads.labels import EscoCatalog
from graph.jobads.normalize import TitleNormalizer, clean_title, log_prior, without_level
from tests.graph.jobads.conftest import NURSE, SOFTWARE, TESTER, TESTING, BagOfWordsEncoder


def test_clean_title_drops_gender_markers_placeholders_and_contract_words() -> None:
    assert clean_title("Senior QA Engineer ( m/f/d ) <ORGANIZATION>") == "Senior QA Engineer"
    assert clean_title("Java Developer - Full-time - <LOCATION>") == "Java Developer"
    assert clean_title("Nurse (w/m/d), remote") == "Nurse"


def test_the_title_matched_against_labels_drops_seniority_and_a_trailing_grade() -> None:
    assert without_level(clean_title("Sr. Data Analyst II (m/f/d)")) == "Data Analyst"
    assert without_level("Junior Web Developer") == "Web Developer"
    assert without_level("Entry-level accountant, experienced team") == "accountant, team"
    assert without_level("Head Chef") == "Head Chef"  # ranks that name another job stay
    assert without_level("Seniors care assistant") == "Seniors care assistant"
    assert without_level("Project Manager IV") == "Project Manager"
    assert without_level("Senior") == "Senior"


def test_labels_see_the_title_without_its_level_and_labelled_titles_with_it(
    catalog: EscoCatalog,
) -> None:
    plain = TitleNormalizer(catalog, BagOfWordsEncoder())
    senior = plain.parts(["Senior Software Engineer II"])
    unranked = plain.parts(["Software Engineer"])
    np.testing.assert_array_equal(senior.lexical, unranked.lexical)
    assert senior.semantic is not None and unranked.semantic is not None
    np.testing.assert_array_equal(senior.semantic, unranked.semantic)
    assert senior.vectors is not None and unranked.vectors is not None
    assert not np.array_equal(senior.vectors, unranked.vectors)  # memory: the level kept


def test_a_title_that_is_only_noise_is_kept_as_it_was() -> None:
    assert clean_title("<ORGANIZATION>") == "<ORGANIZATION>"


def test_titles_are_normalized_to_the_occupation_holding_a_matching_label(
    catalog: EscoCatalog,
) -> None:
    normalizer = TitleNormalizer(catalog, BagOfWordsEncoder())
    results = normalizer.normalize(["Registered Nurse (m/f/d)", "Senior Software Engineer"], k=2)
    assert results[0][0].uri == NURSE
    assert results[1][0].uri == SOFTWARE
    assert len(results[0]) == 2
    assert results[0][0].score >= results[0][1].score


def test_lexical_and_semantic_modes_are_available_without_fusion(catalog: EscoCatalog) -> None:
    normalizer = TitleNormalizer(catalog, BagOfWordsEncoder())
    lex, sem = normalizer.score_parts(["software tester"])
    assert sem is not None
    assert np.array_equal(normalizer.fuse(lex, sem, "lexical"), lex)
    assert np.array_equal(normalizer.fuse(lex, sem, "semantic"), sem)


def test_without_an_encoder_the_normalizer_is_lexical_only(catalog: EscoCatalog) -> None:
    normalizer = TitleNormalizer(catalog, None)
    assert normalizer.semantic is None
    assert normalizer.normalize(["software tester"], k=1)[0][0].uri == TESTER


def test_the_ads_skills_move_an_occupation_that_requires_them_up(catalog: EscoCatalog) -> None:
    normalizer = TitleNormalizer(catalog, None, skill_weight=1.0)
    plain = normalizer.normalize(["software engineer"], k=3)[0]
    assert plain[0].uri == SOFTWARE
    reranked = normalizer.normalize(["software engineer"], k=3, skills=[[TESTING]])[0]
    # TESTING is essential for the tester and only optional for the developer
    assert reranked[0].uri == TESTER


def test_the_log_prior_favours_frequent_occupations(catalog: EscoCatalog) -> None:
    prior = log_prior(catalog.occupations, {NURSE: 10})
    assert prior[1] > prior[0] == prior[2]
