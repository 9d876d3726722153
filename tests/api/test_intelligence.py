"""Fields backed by the learned embeddings (random unit vectors in the test graph)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.graphdata import occupation_uri, skill_uri

pytestmark = pytest.mark.integration


def test_related_skills_are_the_nearest_other_skills_by_cosine(api: Api) -> None:
    q = """query($uri: String!) { relatedSkills(uri: $uri, first: 5) { __typename
      ... on RelatedSkills { skill { uri } related { score skill { uri } } } } }"""
    result = api.data(q, uri=skill_uri(3))["relatedSkills"]
    scores = [r["score"] for r in result["related"]]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert skill_uri(3) not in {r["skill"]["uri"] for r in result["related"]}
    unknown = api.data(q, uri=skill_uri(77))["relatedSkills"]
    assert unknown["__typename"] == "NotFound"


def test_career_transitions_carry_shared_and_missing_skills_and_programs(api: Api) -> None:
    q = """query($from: String!) { careerTransitions(from: $from, first: 5) { __typename
      ... on CareerTransitions { transitions { score occupation { uri }
        sharedSkills { uri } missingSkills { essential importance skill { uri } }
        programs { covers program { cipCode } } } } } }"""
    api.reset()
    result = api.data(q, **{"from": occupation_uri(2)})["careerTransitions"]
    transitions = result["transitions"]
    assert len(transitions) == 5
    assert api.round_trips <= 5  # bounded, whatever the number of transitions
    to_one = next(t for t in transitions if t["occupation"]["uri"] == occupation_uri(1))
    # occupation 2 requires skills 2-11; occupation 1 requires 1-30 (26-30 optional)
    assert {s["uri"] for s in to_one["sharedSkills"]} == {skill_uri(i) for i in range(2, 12)}
    missing = to_one["missingSkills"]
    assert len(missing) == 20
    assert [m["essential"] for m in missing] == sorted((m["essential"] for m in missing),
                                                        reverse=True)
    assert missing[0]["importance"] == 1.0 and missing[-1]["importance"] == 0.5
    assert to_one["programs"][0]["program"]["cipCode"] == "11.0701"


def test_skill_gap_between_two_occupations_has_coverage(api: Api) -> None:
    q = """query($from: String!, $to: String!) { skillGap(from: $from, to: $to) { __typename
      ... on SkillGap { score coverage sharedSkills { uri } missingSkills { skill { uri } } }
      ... on NotFound { key } ... on InvalidInput { argument } } }"""
    gap = api.data(q, **{"from": occupation_uri(3), "to": occupation_uri(4)})["skillGap"]
    assert gap["coverage"] == pytest.approx(0.9)  # 4-13 vs 3-12: nine of ten shared
    assert [m["skill"]["uri"] for m in gap["missingSkills"]] == [skill_uri(13)]
    assert -1.0 <= gap["score"] <= 1.0
    missing = api.data(q, **{"from": occupation_uri(3), "to": occupation_uri(9)})["skillGap"]
    assert missing == {"__typename": "NotFound", "key": occupation_uri(9)}
    bad = api.data(q, **{"from": "x", "to": occupation_uri(4)})["skillGap"]
    assert bad == {"__typename": "InvalidInput", "argument": "from"}


def test_career_paths_end_at_the_goal_and_rank_by_cumulative_gap(api: Api) -> None:
    q = """query($from: String!, $to: String!, $steps: Int!) {
      careerPaths(from: $from, to: $to, maxSteps: $steps, first: 5) { __typename
      ... on CareerPaths { paths { cumulativeGap score
        steps { gap source { uri } target { uri } } } } } }"""
    result = api.data(q, **{"from": occupation_uri(3), "to": occupation_uri(1), "steps": 3})
    paths = result["careerPaths"]["paths"]
    assert paths
    for path in paths:
        steps = path["steps"]
        assert 1 <= len(steps) <= 3
        assert steps[0]["source"]["uri"] == occupation_uri(3)
        assert steps[-1]["target"]["uri"] == occupation_uri(1)
        assert path["cumulativeGap"] == sum(s["gap"] for s in steps)
    gaps = [p["cumulativeGap"] for p in paths]
    assert gaps == sorted(gaps)


def test_too_many_path_steps_are_rejected(api: Api) -> None:
    q = f"""{{ careerPaths(from: "{occupation_uri(3)}", to: "{occupation_uri(1)}", maxSteps: 9)
      {{ __typename }} }}"""
    assert "maxSteps" in api.gql(q)["errors"][0]["message"]
