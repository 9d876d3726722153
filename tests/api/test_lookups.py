"""Lookups by key, the Relay node field, neighbours and typed failures, on the bundled sample
(each answer checked against a hand-written Cypher query); job ads on the small graph."""

from __future__ import annotations

import neo4j
import pytest

from api.ids import global_id
from tests.api.conftest import Api, cypher
from tests.api.graphdata import occupation_uri, skill_uri

pytestmark = pytest.mark.integration

SKILL = """
query($uri: String!) { skill(uri: $uri) {
  __typename
  ... on Skill { id uri label skillType groups { edges { node { uri } } }
                 broader { edges { node { uri } } } related { totalCount }
                 occupations(essential: true) { totalCount } }
  ... on NotFound { message key }
  ... on InvalidInput { message argument }
} }
"""


def test_a_skill_is_found_by_uri_with_its_neighbours(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, """
        MATCH (s:Skill) WHERE EXISTS { (s)-[:BROADER]->(:Skill) }
          AND EXISTS { (s)-[:RELATED_TO]-() } AND EXISTS { (s)<-[:REQUIRES {essential: true}]-() }
        WITH s ORDER BY s.uri LIMIT 1
        RETURN s.uri AS uri, s.label AS label, s.skillType AS type,
               [(s)-[:BROADER]->(b:Skill) | b.uri] AS broader,
               [(s)-[:BROADER]->(g:SkillGroup) | g.uri] AS groups,
               COUNT { (s)-[:RELATED_TO]-() } AS related,
               COUNT { (s)<-[:REQUIRES {essential: true}]-(:Occupation) } AS essential_for""")
    skill = api.data(SKILL, uri=row["uri"])["skill"]
    assert skill["__typename"] == "Skill"
    assert (skill["label"], skill["skillType"]) == (row["label"], row["type"])
    assert skill["id"] == global_id("Skill", row["uri"])
    assert {e["node"]["uri"] for e in skill["broader"]["edges"]} == set(row["broader"])
    assert {e["node"]["uri"] for e in skill["groups"]["edges"]} == set(row["groups"])
    assert skill["related"]["totalCount"] == row["related"]
    assert skill["occupations"]["totalCount"] == row["essential_for"]


def test_an_unknown_skill_is_a_not_found_result(api: Api, sample_graph: neo4j.Driver) -> None:
    uri = skill_uri(99)
    assert api.data(SKILL, uri=uri)["skill"] == {
        "__typename": "NotFound", "message": f"no Skill with key {uri!r}", "key": uri,
    }


def test_a_malformed_uri_is_an_invalid_input_result_naming_the_argument(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    result = api.data(SKILL, uri="not a uri")["skill"]
    assert result["__typename"] == "InvalidInput"
    assert result["argument"] == "uri"
    assert "expected an ESCO skill URI" in result["message"]


def test_an_occupation_lists_essential_and_optional_skills_and_its_crosswalk(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, """
        MATCH (o:Occupation)-[m:MAPS_TO]->(x:OnetOccupation)
        WHERE EXISTS { (o)-[:REQUIRES {essential: false}]->() }
        WITH o, m, x ORDER BY o.uri, m.confidence DESC, x.code LIMIT 1
        RETURN o.uri AS uri, x.code AS code, m.confidence AS confidence,
               COUNT { (o)-[:REQUIRES {essential: true}]->(:Skill) } AS essential,
               COUNT { (o)-[:REQUIRES {essential: false}]->(:Skill) } AS optional""")
    q = """query($uri: String!) { occupation(uri: $uri) { ... on Occupation {
      essentialSkills { totalCount } optionalSkills { totalCount }
      onetMappings(first: 1) { edges { node { confidence source
        onetOccupation { code title } } } } } } }"""
    occ = api.data(q, uri=row["uri"])["occupation"]
    assert occ["essentialSkills"]["totalCount"] == row["essential"]
    assert occ["optionalSkills"]["totalCount"] == row["optional"]
    mapping = occ["onetMappings"]["edges"][0]["node"]
    assert mapping["onetOccupation"]["code"] == row["code"]
    assert mapping["confidence"] == pytest.approx(row["confidence"])
    assert mapping["source"] == "esco-onet-nesta-2020"


def test_an_onet_occupation_has_ratings_technologies_related_occupations_and_programs(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, """
        MATCH (o:OnetOccupation) WHERE EXISTS { (o)-[:RELATED_OCCUPATION]->() }
          AND EXISTS { (o)<-[:PREPARES_FOR]-() } AND EXISTS { (o)-[:RATES]->() }
        WITH o ORDER BY o.code LIMIT 1
        CALL (o) { MATCH (o)-[r:RATES]->(d) RETURN d.id AS top ORDER BY r.importance DESC, d.id
                   LIMIT 1 }
        RETURN o.code AS code, o.jobZone AS zone, top,
               COUNT { (o)-[:RATES]->(:OnetDescriptor {domain: 'Knowledge'}) } AS knowledge,
               COUNT { (o)-[:USES_TECHNOLOGY]->() } AS technologies,
               [(o)-[:RELATED_OCCUPATION]->(x) | x.code] AS related,
               [(o)<-[:MAPS_TO]-(e) | e.uri] AS esco,
               COUNT { (o)<-[:PREPARES_FOR]-() } AS programs""")
    q = """query($code: String!) { onetOccupation(code: $code) { ... on OnetOccupation {
      title jobZone
      ratings(first: 1) { edges { node { importance descriptor { descriptorId domain } } } }
      knowledge: ratings(domain: "Knowledge") { totalCount }
      technologies { totalCount edges { node { hot technology { name
        occupations { totalCount } } } } }
      relatedOccupations(first: 100) { edges { node { tier occupation { code } } } }
      escoOccupations(first: 100) { edges { node { uri } } }
      programs { totalCount edges { node { cipCode onetOccupations { totalCount } } } } } } }"""
    onet = api.data(q, code=row["code"])["onetOccupation"]
    assert onet["jobZone"] == row["zone"]
    assert onet["ratings"]["edges"][0]["node"]["descriptor"]["descriptorId"] == row["top"]
    assert onet["knowledge"]["totalCount"] == row["knowledge"]
    assert onet["technologies"]["totalCount"] == row["technologies"]
    assert all(e["node"]["technology"]["occupations"]["totalCount"] >= 1
               for e in onet["technologies"]["edges"])
    related = {e["node"]["occupation"]["code"] for e in onet["relatedOccupations"]["edges"]}
    assert related == set(row["related"])
    assert {e["node"]["uri"] for e in onet["escoOccupations"]["edges"]} == set(row["esco"])
    assert onet["programs"]["totalCount"] == row["programs"]


@pytest.mark.parametrize(
    ("field", "argument", "value", "typename"),
    [
        ("onetOccupation", "code", "15-1252", "InvalidInput"),
        ("onetOccupation", "code", "99-9999.00", "NotFound"),
        ("program", "cipCode", "11.07", "InvalidInput"),
        ("program", "cipCode", "99.9999", "NotFound"),
        ("jobAd", "id", "", "InvalidInput"),
        ("jobAd", "id", "no-such-ad", "NotFound"),
    ],
)
def test_keys_are_validated_and_unknown_keys_are_not_found(
    api: Api, sample_graph: neo4j.Driver, field: str, argument: str, value: str, typename: str
) -> None:
    q = f'{{ r: {field}({argument}: "{value}") {{ __typename }} }}'
    assert api.data(q)["r"]["__typename"] == typename


def test_a_program_is_found_by_key_with_the_occupations_it_prepares_for(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, """
        MATCH (p:Program)-[:PREPARES_FOR]->(o) WITH p, collect(o.code) AS codes
        ORDER BY p.cipCode LIMIT 1 RETURN p.cipCode AS cip, p.title AS title, codes""")
    q = """query($cip: String!) { program(cipCode: $cip) { ... on Program { title
      onetOccupations(first: 100) { edges { node { code } } } } } }"""
    program = api.data(q, cip=row["cip"])["program"]
    assert program["title"] == row["title"]
    assert {e["node"]["code"] for e in program["onetOccupations"]["edges"]} == set(row["codes"])


def test_node_resolves_every_kind_of_global_id_and_null_for_unknown_ones(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, """
        MATCH (s:Skill) WITH min(s.uri) AS skill
        MATCH (g:SkillGroup) WITH skill, min(g.uri) AS grp
        MATCH (o:Occupation) WITH skill, grp, min(o.uri) AS occ
        MATCH (x:OnetOccupation) WITH skill, grp, occ, min(x.code) AS onet
        MATCH (p:Program) WITH skill, grp, occ, onet, min(p.cipCode) AS cip
        MATCH (d:OnetDescriptor) WITH skill, grp, occ, onet, cip, min(d.id) AS descriptor
        MATCH (t:Technology)
        RETURN skill, grp, occ, onet, cip, descriptor, min(t.name) AS tech""")
    q = "query($id: ID!) { node(id: $id) { __typename id } }"
    for type_name, key in [
        ("Skill", row["skill"]), ("SkillGroup", row["grp"]), ("Occupation", row["occ"]),
        ("OnetOccupation", row["onet"]), ("Program", row["cip"]),
        ("OnetDescriptor", row["descriptor"]), ("Technology", row["tech"]),
    ]:
        gid = global_id(type_name, key)
        assert api.data(q, id=gid)["node"] == {"__typename": type_name, "id": gid}
    assert api.data(q, id=global_id("Skill", skill_uri(98)))["node"] is None
    assert api.data(q, id=global_id("JobAd", "no-such-ad"))["node"] is None
    assert api.data(q, id="not-base64!")["node"] is None


def test_the_resolvers_cost_a_bounded_number_of_round_trips_for_nested_lists(
    resolver_api: Api, sample_graph: neo4j.Driver
) -> None:
    api = resolver_api  # a compiled plan costs one (tests/api/test_plans.py)
    (row,) = cypher(sample_graph, """
        MATCH (o:Occupation) WITH o, COUNT { (o)-[:REQUIRES {essential: true}]->() } AS n
        ORDER BY n DESC, o.uri LIMIT 1 RETURN o.uri AS uri, n""")
    assert row["n"] >= 25
    q = """query($uri: String!, $first: Int!) { occupation(uri: $uri) { ... on Occupation {
      essentialSkills(first: $first) { edges { node { label
        occupations(first: 5) { edges { node { label
          optionalSkills(first: 3) { totalCount } } } }
        groups { totalCount } } } } } } }"""
    counts = []
    for first in (2, 25):
        api.reset()
        data = api.data(q, uri=row["uri"], first=first)
        assert len(data["occupation"]["essentialSkills"]["edges"]) == first
        counts.append(api.round_trips)
    # occupation with its skills, the skills' occupations and groups, their optional skills
    assert counts[0] == counts[1] == 4


def test_a_lookup_reads_the_lists_selected_under_it_in_the_same_query(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, """
        MATCH (o:Occupation) WHERE EXISTS { (o)-[:MAPS_TO]->() }
        WITH o ORDER BY o.uri LIMIT 1
        RETURN o.uri AS uri, COUNT { (o)-[:REQUIRES {essential: true}]->() } AS essential,
               COUNT { (o)-[:REQUIRES {essential: false}]->() } AS optional""")
    q = """query($uri: String!, $n: Int) { occupation(uri: $uri) { ...Lists } }
      fragment Lists on Occupation { label
        essentialSkills(first: $n) { totalCount edges { node { uri } } }
        optional: optionalSkills(first: 2) { totalCount }
        ... on Occupation { onetMappings { edges { node { onetOccupation { code } } } } } }"""
    api.reset()
    occ = api.data(q, uri=row["uri"], n=3)["occupation"]
    assert api.round_trips == 1
    assert occ["essentialSkills"]["totalCount"] == row["essential"]
    assert len(occ["essentialSkills"]["edges"]) == min(3, row["essential"])
    assert occ["optional"]["totalCount"] == row["optional"]
    assert occ["onetMappings"]["edges"]
    api.reset()
    bad = api.gql(q, uri=row["uri"], n=-1)
    assert "between 0 and" in bad["errors"][0]["message"]  # the resolver still checks


def test_a_job_ad_is_found_by_key_with_its_occupations_and_skills(
    api: Api, small_graph: neo4j.Driver
) -> None:
    q = """{ jobAd(id: "ad-1") { ... on JobAd { title
               occupations { edges { node { uri jobAds { edges { node { adId } } } } } }
               skills { edges { node { uri } } } } } }"""
    ad = api.data(q)["jobAd"]
    assert ad["title"] == "Python developer"
    occupation = ad["occupations"]["edges"][0]["node"]
    assert occupation["uri"] == occupation_uri(1)
    assert occupation["jobAds"]["edges"][0]["node"]["adId"] == "ad-1"
    assert ad["skills"]["edges"][0]["node"]["uri"] == skill_uri(1)
