"""Fields backed by the learned embeddings, on the sample with random unit vectors: ESCO
occupations by URI and O*NET occupations by O*NET-SOC code."""

from __future__ import annotations

import neo4j
import pytest

from gnn.explain import IMPORTANT
from tests.api.conftest import Api, cypher
from tests.api.graphdata import skill_uri

pytestmark = pytest.mark.integration

PAIR = """
MATCH (a:Occupation)-[:REQUIRES]->(:Skill)<-[:REQUIRES]-(b:Occupation)
WHERE a <> b AND EXISTS { (b)-[:REQUIRES {essential: false}]->() }
WITH a, b, count(*) AS shared ORDER BY shared DESC, a.uri, b.uri LIMIT 1
RETURN a.uri AS a, b.uri AS b,
       [(b)-[r:REQUIRES]->(s) WHERE EXISTS { (a)-[:REQUIRES]->(s) } | s.uri] AS shared,
       [(b)-[r:REQUIRES]->(s) WHERE NOT EXISTS { (a)-[:REQUIRES]->(s) } | s.uri] AS missing
"""

ONET_PAIR = """
MATCH (a:OnetOccupation)-[:RATES]->(), (b:OnetOccupation)-[:RATES]->()
WHERE a.code < b.code WITH DISTINCT a, b ORDER BY a.code, b.code LIMIT 1
RETURN a.code AS a, b.code AS b,
       [(b)-[r:RATES]->(d) WHERE r.importance >= $important
          AND NOT EXISTS { (a)-[q:RATES]->(d) WHERE q.importance >= $important } | d.id] AS missing
"""

GAP = """query($from: String!, $to: String!) { skillGap(from: $from, to: $to) { __typename
  ... on SkillGap { basis score coverage
    source { __typename ... on Occupation { uri } ... on OnetOccupation { code } }
    target { __typename ... on Occupation { uri } ... on OnetOccupation { code } }
    sharedSkills { key }
    missingSkills { key label essential importance skill { uri } descriptor { descriptorId } }
    programs { covers program { cipCode } } }
  ... on NotFound { key } ... on InvalidInput { argument } } }"""


def test_related_skills_are_the_nearest_other_skills_by_cosine(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, "MATCH (s:Skill) RETURN min(s.uri) AS uri")
    q = """query($uri: String!) { relatedSkills(uri: $uri, first: 5) { __typename
      ... on RelatedSkills { skill { uri } related { score skill { uri } } } } }"""
    api.reset()
    result = api.data(q, uri=row["uri"])["relatedSkills"]
    assert api.round_trips == 1
    assert result["skill"]["uri"] == row["uri"]
    scores = [r["score"] for r in result["related"]]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert row["uri"] not in {r["skill"]["uri"] for r in result["related"]}
    unknown = api.data(q, uri=skill_uri(77))["relatedSkills"]
    assert unknown["__typename"] == "NotFound"


def test_a_skill_gap_between_esco_occupations_compares_their_skills(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, PAIR)
    gap = api.data(GAP, **{"from": row["a"], "to": row["b"]})["skillGap"]
    assert gap["basis"] == "ESCO_SKILLS"
    assert gap["source"] == {"__typename": "Occupation", "uri": row["a"]}
    assert {s["key"] for s in gap["sharedSkills"]} == set(row["shared"])
    missing = gap["missingSkills"]
    assert {m["key"] for m in missing} == set(row["missing"])
    assert [m["skill"]["uri"] for m in missing] == [m["key"] for m in missing]
    assert all(m["descriptor"] is None for m in missing)
    assert [m["essential"] for m in missing] == sorted((m["essential"] for m in missing),
                                                        reverse=True)
    assert {m["importance"] for m in missing} <= {1.0, 0.5}
    assert all(m["importance"] == (1.0 if m["essential"] else 0.5) for m in missing)
    total = len(row["shared"]) + len(row["missing"])
    assert gap["coverage"] == pytest.approx(len(row["shared"]) / total)
    assert 0.0 <= gap["score"] <= 1.0


def test_a_skill_gap_to_an_onet_occupation_ranks_missing_descriptors_by_importance(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, ONET_PAIR, important=IMPORTANT)
    gap = api.data(GAP, **{"from": row["a"], "to": row["b"]})["skillGap"]
    assert gap["basis"] == "ONET_DESCRIPTORS"
    assert gap["target"] == {"__typename": "OnetOccupation", "code": row["b"]}
    missing = gap["missingSkills"]
    assert {m["key"] for m in missing} == set(row["missing"])
    importances = [m["importance"] for m in missing]
    assert importances == sorted(importances, reverse=True)
    assert all(i >= IMPORTANT for i in importances)
    assert all(m["essential"] is None and m["skill"] is None for m in missing)
    assert [m["descriptor"]["descriptorId"] for m in missing] == [m["key"] for m in missing]
    assert gap["score"] is not None


def test_an_esco_occupation_compared_with_an_onet_one_is_seen_through_its_crosswalk(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, """
        MATCH (e:Occupation)-[:MAPS_TO]->(x:OnetOccupation)-[:RATES]->()
        WHERE COUNT { (e)-[:MAPS_TO]->() } = 1
        WITH DISTINCT e, x ORDER BY e.uri, x.code LIMIT 1 RETURN e.uri AS esco, x.code AS onet""")
    gap = api.data(GAP, **{"from": row["esco"], "to": row["onet"]})["skillGap"]
    assert gap["basis"] == "ONET_DESCRIPTORS"
    # the only O*NET occupation it maps to is the target itself: nothing is missing
    assert gap["missingSkills"] == [] and gap["coverage"] == 1.0


def test_skill_gap_reports_unknown_and_malformed_occupations(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, "MATCH (o:Occupation) RETURN min(o.uri) AS uri")
    missing = api.data(GAP, **{"from": row["uri"], "to": "99-9999.00"})["skillGap"]
    assert missing == {"__typename": "NotFound", "key": "99-9999.00"}
    bad = api.data(GAP, **{"from": "15-1252", "to": row["uri"]})["skillGap"]
    assert bad == {"__typename": "InvalidInput", "argument": "from"}


TRANSITIONS = """query($from: String!) { careerTransitions(from: $from, first: 5) {
  __typename ... on CareerTransitions { transitions { score basis
    occupation { __typename ... on Occupation { uri } ... on OnetOccupation { code } }
    sharedSkills { key } missingSkills { essential importance key }
    programs { covers program { cipCode } } } } } }"""


def test_career_transitions_carry_shared_and_missing_skills_and_programs(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, PAIR)
    api.reset()
    result = api.data(TRANSITIONS, **{"from": row["a"]})["careerTransitions"]
    transitions = result["transitions"]
    assert len(transitions) == 5
    assert api.round_trips <= 5  # bounded, whatever the number of transitions
    scores = [t["score"] for t in transitions]
    assert scores == sorted(scores, reverse=True)
    for t in transitions:
        assert t["basis"] == "ESCO_SKILLS" and t["occupation"]["__typename"] == "Occupation"
        assert t["occupation"]["uri"] != row["a"]
        (oracle,) = cypher(embedded_sample, """
            MATCH (a:Occupation {uri: $a}), (b:Occupation {uri: $b})
            RETURN [(b)-[:REQUIRES]->(s) WHERE NOT EXISTS { (a)-[:REQUIRES]->(s) } | s.uri]
                   AS missing""", a=row["a"], b=t["occupation"]["uri"])
        assert {m["key"] for m in t["missingSkills"]} == set(oracle["missing"])
        assert [p["covers"] for p in t["programs"]] == sorted(
            (p["covers"] for p in t["programs"]), reverse=True)


PROGRAMS_ORACLE = """
UNWIND $missing AS uri
MATCH (:Skill {uri: uri})<-[:REQUIRES]-(:Occupation)-[:MAPS_TO]->(:OnetOccupation)
      <-[:PREPARES_FOR]-(p:Program)
WITH p, count(DISTINCT uri) AS covers
ORDER BY covers DESC, p.cipCode LIMIT 5
RETURN collect({cipCode: p.cipCode, covers: covers}) AS programs"""
"""Each path from a missing skill to a program followed one by one: the plain reading of
"the programs that teach most of the missing skills"."""


def test_career_transition_programs_are_those_reached_from_most_missing_skills(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, PAIR)
    transitions = api.data(TRANSITIONS, **{"from": row["a"]})["careerTransitions"]["transitions"]
    with_programs = 0
    for t in transitions:
        missing = [m["key"] for m in t["missingSkills"]]
        (oracle,) = cypher(embedded_sample, PROGRAMS_ORACLE, missing=missing)
        got = [{"cipCode": p["program"]["cipCode"], "covers": p["covers"]}
               for p in t["programs"]]
        assert got == oracle["programs"]
        with_programs += bool(got)
    assert with_programs  # the sample's crosswalks and programs reach some of them


def test_career_transitions_from_an_onet_code_stay_on_the_onet_side(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    (row,) = cypher(embedded_sample, ONET_PAIR, important=IMPORTANT)
    result = api.data(TRANSITIONS, **{"from": row["a"]})["careerTransitions"]
    transitions = result["transitions"]
    assert len(transitions) == 5
    for t in transitions:
        assert t["basis"] == "ONET_DESCRIPTORS"
        assert t["occupation"]["__typename"] == "OnetOccupation"
        assert t["occupation"]["code"] != row["a"]
        assert all(m["importance"] >= IMPORTANT for m in t["missingSkills"])
    unknown = api.data(TRANSITIONS, **{"from": "99-9999.00"})["careerTransitions"]
    assert unknown["__typename"] == "NotFound"


PATHS = """query($from: String!, $to: String!, $steps: Int!) {
  careerPaths(from: $from, to: $to, maxSteps: $steps, first: 5) { __typename
  ... on CareerPaths { paths { cumulativeGap score
    steps { gap basis sharedSkills { key } missingSkills { key essential importance }
            source { ... on Occupation { uri } ... on OnetOccupation { code } }
            target { ... on Occupation { uri } ... on OnetOccupation { code } } } } } } }"""

STEP_SKILLS = """
MATCH (a:Occupation {uri: $a}), (b:Occupation {uri: $b})
RETURN [(b)-[:REQUIRES]->(s) WHERE EXISTS { (a)-[:REQUIRES]->(s) } | s.uri] AS shared,
       [(b)-[:REQUIRES]->(s) WHERE NOT EXISTS { (a)-[:REQUIRES]->(s) } | s.uri] AS missing
"""


@pytest.mark.parametrize("kind", ["esco", "onet"])
def test_career_paths_end_at_the_goal_and_rank_by_cumulative_gap(
    api: Api, embedded_sample: neo4j.Driver, kind: str
) -> None:
    (row,) = cypher(embedded_sample, PAIR if kind == "esco" else ONET_PAIR, important=IMPORTANT)
    key = "uri" if kind == "esco" else "code"
    result = api.data(PATHS, **{"from": row["a"], "to": row["b"], "steps": 3})
    paths = result["careerPaths"]["paths"]
    assert paths
    for path in paths:
        steps = path["steps"]
        assert 1 <= len(steps) <= 3
        assert steps[0]["source"][key] == row["a"]
        assert steps[-1]["target"][key] == row["b"]
        assert path["cumulativeGap"] == sum(s["gap"] for s in steps)
        for step in steps:
            missing = step["missingSkills"]
            assert step["basis"] == ("ESCO_SKILLS" if kind == "esco" else "ONET_DESCRIPTORS")
            assert step["gap"] == sum(1 for m in missing if m["essential"] is not False)
            importances = [m["importance"] for m in missing]
            assert importances == sorted(importances, reverse=True)  # most important first
            if kind == "esco":
                (oracle,) = cypher(embedded_sample, STEP_SKILLS, a=step["source"][key],
                                   b=step["target"][key])
                assert sorted(m["key"] for m in missing) == sorted(oracle["missing"])
                assert sorted(s["key"] for s in step["sharedSkills"]) == sorted(oracle["shared"])
            else:
                assert all(m["importance"] >= IMPORTANT for m in missing)
    gaps = [p["cumulativeGap"] for p in paths]
    assert gaps == sorted(gaps)


def test_too_many_path_steps_are_rejected(api: Api, embedded_sample: neo4j.Driver) -> None:
    (row,) = cypher(embedded_sample, PAIR)
    q = f"""{{ careerPaths(from: "{row['a']}", to: "{row['b']}", maxSteps: 9)
      {{ __typename }} }}"""
    assert "maxSteps" in api.gql(q)["errors"][0]["message"]


def test_model_fields_without_embeddings_say_the_model_is_missing(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, "MATCH (o:Occupation) RETURN min(o.uri) AS uri")
    q = """query($from: String!) { careerTransitions(from: $from) { __typename
      ... on ModelUnavailable { message } } }"""
    result = api.data(q, **{"from": row["uri"]})["careerTransitions"]
    assert result["__typename"] == "ModelUnavailable" and "skillgraph train" in result["message"]


def test_routes_sharing_a_move_share_its_skill_lists_and_an_unexplained_move_has_none() -> None:
    from api.intelligence import _path, _StepGaps
    from gnn.explain import ESCO_SKILLS, SkillItem, TransitionExplanation

    def uri(key: str) -> str:
        return f"http://data.europa.eu/esco/occupation/{key}"

    props = {uri(k): {"uri": uri(k), "label": k} for k in "abc"}
    explained = {(uri("a"), uri("b")): TransitionExplanation(
        uri("a"), uri("b"), "a", "b", ESCO_SKILLS, shared=[SkillItem("s1", "one", True)],
        missing=[SkillItem("s2", "two", True), SkillItem("s3", "three", False)])}
    edges = {uri("a"): {uri("b"): 0.9, uri("c"): 0.5}, uri("b"): {uri("c"): 0.4}}
    step_gaps = _StepGaps(explained)
    via_b = _path([uri("a"), uri("b"), uri("c")], props, edges, step_gaps)
    direct = _path([uri("a"), uri("b")], props, edges, step_gaps)
    first, unexplained = via_b.steps
    assert first.missing_skills is direct.steps[0].missing_skills  # built once
    assert [m.key for m in first.missing_skills] == ["s2", "s3"]
    assert [s.key for s in first.shared_skills] == ["s1"]
    assert first.gap == 1 and via_b.cumulative_gap == 1  # the optional skill does not count
    assert unexplained.missing_skills == [] and unexplained.gap == 0
    assert unexplained.basis.value == ESCO_SKILLS
