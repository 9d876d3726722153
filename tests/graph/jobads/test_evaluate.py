"""Unit tests of the ranking metrics and the evaluation helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.jobads.evaluate import (
    average_precision,
    evaluate_span_finder,
    extraction_prf,
    gold_ranks,
    in_tuning_part,
    r_precision_at_k,
    read_skill_validation,
    recall_at_k,
    reciprocal_rank,
    single_label_metrics,
)
from graph.jobads.labels import EscoCatalog
from tests.graph.jobads.conftest import SQL


def test_reciprocal_rank_is_one_over_the_first_relevant_rank() -> None:
    assert reciprocal_rank(["a", "b", "c"], {"c", "b"}) == pytest.approx(0.5)
    assert reciprocal_rank(["a"], {"z"}) == 0.0


def test_r_precision_divides_by_the_smaller_of_k_and_the_gold_size() -> None:
    assert r_precision_at_k(["a", "b", "c", "d", "e"], {"a", "z"}, 5) == pytest.approx(0.5)
    assert r_precision_at_k(["a", "b"], {"a", "b", "c", "d", "e", "f"}, 2) == pytest.approx(1.0)


def test_recall_and_average_precision_of_a_ranking() -> None:
    ranked = ["a", "x", "b", "y"]
    assert recall_at_k(ranked, {"a", "b"}, 2) == pytest.approx(0.5)
    assert average_precision(ranked, {"a", "b"}) == pytest.approx((1 / 1 + 2 / 3) / 2)


def test_single_label_metrics_from_gold_ranks() -> None:
    scores = np.array([[0.9, 0.1, 0.0], [0.2, 0.1, 0.7]], dtype=np.float32)
    ranks = gold_ranks(scores, [0, 1])
    assert ranks.tolist() == [1.0, 3.0]
    m = single_label_metrics(ranks)
    assert m["MRR"] == pytest.approx((1 + 1 / 3) / 2)
    assert m["R@1"] == pytest.approx(0.5)
    assert m["R@5"] == pytest.approx(1.0)


def test_the_tuning_split_is_deterministic_and_about_the_asked_share() -> None:
    keys = [f"title {i}" for i in range(2000)]
    share = np.mean([in_tuning_part(k, 0.3) for k in keys])
    assert 0.25 < share < 0.35
    assert [in_tuning_part(k) for k in keys[:50]] == [in_tuning_part(k) for k in keys[:50]]


def test_validation_rows_are_grouped_by_sentence_without_placeholder_labels(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v.csv"
    path.write_text("sentence,span,sub_span,label\n"
                    "java and sql,java,,Java (computer programming)\n"
                    "java and sql,sql,,LABEL NOT PRESENT\n"
                    "be kind,kind,,UNDERSPECIFIED\n", encoding="utf-8")
    examples = read_skill_validation(path)
    assert [e.sentence for e in examples] == ["java and sql", "be kind"]
    assert examples[0].spans == ["java", "sql"]
    assert examples[0].labels == {"Java (computer programming)"}
    assert examples[1].labels == set()


def test_extraction_precision_and_recall_at_a_threshold() -> None:
    scores = np.array([[0.9, 0.6, 0.1]], dtype=np.float32)
    m = extraction_prf(scores, [{0, 2}], threshold=0.5)
    assert (m["P"], m["R"]) == pytest.approx((0.5, 0.5))


def test_span_finder_evaluation_counts_exact_and_loose_matches() -> None:
    posting: dict[str, object] = {
        "text": "Requirements\nStrong experience with Python , Docker and Kubernetes .",
        "skill_spans": [], "knowledge_spans": ["Python", "Kubernetes"]}
    result = evaluate_span_finder([posting])
    assert result["exact"]["R"] == pytest.approx(0.5)  # "Python" exactly; Kubernetes in a pair
    assert result["loose"]["R"] == pytest.approx(1.0)
    assert result["exact"]["predicted"] == 2.0


def test_job_skill_weights_are_tuned_to_the_signal_that_finds_the_gold_skills(
    catalog: EscoCatalog,
) -> None:
    from graph.jobads.evaluate import evaluate_job_skills, tune_job_skill_weights
    from graph.jobads.normalize import TitleNormalizer
    from graph.jobads.predict import AdEvidence, JobSkillPredictor, JobSkillWeights

    # the ads say nurses are asked for SQL; REQUIRES says care: the gold follows the ads
    ads = AdEvidence(["nurse", "nurse"], [{SQL: 1.0}, {SQL: 0.9}])
    predictor = JobSkillPredictor(TitleNormalizer(catalog, None), evidence=ads)
    gold = [("registered nurse", {SQL})]
    grid = (JobSkillWeights(0.0, 1.0), JobSkillWeights(0.0, 0.1, popularity=1.0))
    best, score = tune_job_skill_weights(predictor, gold, grid=grid)
    assert best == grid[1] and score == pytest.approx(1.0)
    rows = evaluate_job_skills(predictor, gold, weights=grid[0])
    assert rows["title -> occupations -> REQUIRES"]["MAP"] < 1.0
    assert rows["skills the job ads in the graph mention (popularity)"]["MAP"] == 1.0
    assert "MiniLM cosine title vs skill labels" not in rows  # no semantic index
