"""Unit tests of skill extraction and linking over a tiny catalog (fake encoder)."""

from __future__ import annotations

import pytest

from graph.jobads.extract import SkillExtractor
from graph.jobads.labels import EscoCatalog
from tests.graph.jobads.conftest import CARE, PYTHON, SQL, BagOfWordsEncoder


def test_skills_are_found_with_their_span_and_offsets_into_the_text(
    catalog: EscoCatalog,
) -> None:
    extractor = SkillExtractor(catalog, BagOfWordsEncoder(), threshold=0.5)
    text = "About us\nYou have strong experience with Python and SQL ."
    (found,) = extractor.extract([text], k=5)
    by_uri = {m.uri: m for m in found}
    assert {PYTHON, SQL} <= set(by_uri)
    for m in found:
        assert text[m.start:m.end] == m.span
    assert by_uri[PYTHON].span == "Python"


def test_nothing_below_the_threshold_is_reported(catalog: EscoCatalog) -> None:
    extractor = SkillExtractor(catalog, BagOfWordsEncoder())
    assert extractor.extract(["The office is near the station."], k=5,
                             threshold=0.9) == [[]]


def test_each_text_gets_its_own_skills(catalog: EscoCatalog) -> None:
    extractor = SkillExtractor(catalog, None, threshold=0.4)
    found = extractor.extract(["Care for patients on the ward.", "Write SQL queries."], k=3)
    assert found[0][0].uri == CARE
    assert found[1][0].uri == SQL


def test_link_returns_the_closest_skill_of_a_whole_span(catalog: EscoCatalog) -> None:
    extractor = SkillExtractor(catalog, BagOfWordsEncoder())
    (best,) = extractor.link(["structured query language"])
    assert best[0].uri == SQL


def test_an_extraction_encodes_a_span_repeated_across_texts_once(catalog: EscoCatalog) -> None:
    encoder = BagOfWordsEncoder()
    extractor = SkillExtractor(catalog, encoder, threshold=0.5, batch_sentences=1)
    encoder.calls = 0
    texts = ["Write SQL queries.", "Write SQL queries.", "Python and SQL."]
    found = extractor.extract(texts, k=5)
    assert encoder.calls == 1  # one prefetch; the per-sentence batches read the memo
    assert found[0] == found[1]
    assert SQL in {m.uri for m in found[2]}


def test_extraction_scores_match_scoring_each_sentence_alone(catalog: EscoCatalog) -> None:
    extractor = SkillExtractor(catalog, BagOfWordsEncoder(), threshold=0.0)
    sentences = ["You know Python and SQL.", "Care for patients."]
    memo = extractor.prefetch(sentences)
    shared = extractor.score_sentences(sentences, encoder=memo).scores
    alone = extractor.score_sentences(sentences).scores
    assert shared == pytest.approx(alone, abs=1e-6)
