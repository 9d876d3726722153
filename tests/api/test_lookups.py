"""Lookups by key, the Relay node field, neighbours and typed failures."""

from __future__ import annotations

import pytest

from api.ids import global_id
from tests.api.conftest import Api
from tests.api.graphdata import occupation_uri, skill_uri

pytestmark = pytest.mark.integration

SKILL = """
query($uri: String!) { skill(uri: $uri) {
  __typename
  ... on Skill { id uri label skillType groups { edges { node { code label } } }
                 broader { edges { node { uri } } } related { totalCount }
                 occupations(essential: true) { totalCount } jobAds { edges { node { adId } } } }
  ... on NotFound { message key }
  ... on InvalidInput { message argument }
} }
"""


def test_a_skill_is_found_by_uri_with_its_neighbours(api: Api) -> None:
    skill = api.data(SKILL, uri=skill_uri(2))["skill"]
    assert skill["__typename"] == "Skill"
    assert skill["label"] == "C++"
    assert skill["id"] == global_id("Skill", skill_uri(2))
    assert skill["groups"]["edges"][0]["node"] == {"code": "S1", "label": "programming"}
    assert skill["broader"]["edges"][0]["node"]["uri"] == skill_uri(1)
    assert skill["related"]["totalCount"] == 1
    assert skill["occupations"]["totalCount"] == 2  # occupations 1 and 2


def test_an_unknown_skill_is_a_not_found_result(api: Api) -> None:
    uri = skill_uri(99)
    assert api.data(SKILL, uri=uri)["skill"] == {
        "__typename": "NotFound", "message": f"no Skill with key {uri!r}", "key": uri,
    }


def test_a_malformed_uri_is_an_invalid_input_result_naming_the_argument(api: Api) -> None:
    result = api.data(SKILL, uri="not a uri")["skill"]
    assert result["__typename"] == "InvalidInput"
    assert result["argument"] == "uri"
    assert "expected an ESCO skill URI" in result["message"]


def test_an_occupation_lists_essential_and_optional_skills_and_its_crosswalk(api: Api) -> None:
    q = """query($uri: String!) { occupation(uri: $uri) { ... on Occupation {
      label essentialSkills { totalCount } optionalSkills { totalCount
        edges { node { uri } } }
      narrower { edges { node { label } } }
      onetMappings { edges { node { confidence source onetOccupation { code title } } } }
      jobAds { edges { node { adId title skills { edges { node { uri } } } } } } } } }"""
    occ = api.data(q, uri=occupation_uri(1))["occupation"]
    assert occ["essentialSkills"]["totalCount"] == 25
    assert occ["optionalSkills"]["totalCount"] == 5
    assert occ["narrower"]["edges"][0]["node"]["label"] == "web developer"
    mapping = occ["onetMappings"]["edges"][0]["node"]
    assert mapping["onetOccupation"]["code"] == "15-1252.00"
    assert mapping["confidence"] == pytest.approx(0.9)
    ad = occ["jobAds"]["edges"][0]["node"]
    assert ad["adId"] == "ad-1"
    assert ad["skills"]["edges"][0]["node"]["uri"] == skill_uri(1)


def test_an_onet_occupation_has_ratings_technologies_related_occupations_and_programs(
    api: Api,
) -> None:
    q = """{ onetOccupation(code: "15-1252.00") { ... on OnetOccupation {
      title jobZone
      ratings { edges { node { importance descriptor { descriptorId domain } } } }
      knowledge: ratings(domain: "Knowledge") { totalCount }
      technologies { edges { node { hot inDemand technology { name
        occupations { totalCount } } } } }
      relatedOccupations { edges { node { tier index occupation { code } } } }
      escoOccupations { edges { node { uri } } }
      programs { edges { node { cipCode title onetOccupations { totalCount } } } } } } }"""
    onet = api.data(q)["onetOccupation"]
    assert onet["jobZone"] == 4
    ratings = [e["node"] for e in onet["ratings"]["edges"]]
    assert [r["descriptor"]["descriptorId"] for r in ratings] == ["2.C.3.a", "2.A.1.a"]
    assert onet["knowledge"]["totalCount"] == 1
    tech = onet["technologies"]["edges"][0]["node"]
    assert tech["technology"]["name"] == "Python" and tech["hot"] is True
    assert onet["relatedOccupations"]["edges"][0]["node"]["occupation"]["code"] == "15-2051.00"
    assert onet["escoOccupations"]["edges"][0]["node"]["uri"] == occupation_uri(1)
    assert onet["programs"]["edges"][0]["node"]["cipCode"] == "11.0701"


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
    api: Api, field: str, argument: str, value: str, typename: str
) -> None:
    q = f'{{ r: {field}({argument}: "{value}") {{ __typename }} }}'
    assert api.data(q)["r"]["__typename"] == typename


def test_a_program_and_a_job_ad_are_found_by_key(api: Api) -> None:
    q = """{ program(cipCode: "11.0701") { ... on Program { title family } }
             jobAd(id: "ad-1") { ... on JobAd { title
               occupations { edges { node { uri } } } } } }"""
    data = api.data(q)
    assert data["program"] == {"title": "Computer Science", "family": "11"}
    assert data["jobAd"]["occupations"]["edges"][0]["node"]["uri"] == occupation_uri(1)


def test_node_resolves_every_kind_of_global_id_and_null_for_unknown_ones(api: Api) -> None:
    q = "query($id: ID!) { node(id: $id) { __typename id } }"
    for type_name, key in [
        ("Skill", skill_uri(1)), ("Occupation", occupation_uri(2)),
        ("OnetOccupation", "15-1252.00"), ("Program", "11.0701"), ("JobAd", "ad-1"),
        ("OnetDescriptor", "2.A.1.a"), ("Technology", "Python"),
        ("SkillGroup", "http://data.europa.eu/esco/skill/group-s1"),
    ]:
        gid = global_id(type_name, key)
        assert api.data(q, id=gid)["node"] == {"__typename": type_name, "id": gid}
    assert api.data(q, id=global_id("Skill", skill_uri(98)))["node"] is None
    assert api.data(q, id="not-base64!")["node"] is None


def test_nested_lists_cost_a_bounded_number_of_round_trips(api: Api) -> None:
    q = """query($first: Int!) { occupation(uri: "%s") { ... on Occupation {
      essentialSkills(first: $first) { edges { node { label
        occupations(first: 5) { edges { node { label
          optionalSkills(first: 3) { totalCount } } } }
        groups { totalCount } } } } } } }""".replace("%s", occupation_uri(1))
    counts = []
    for first in (2, 25):
        api.reset()
        data = api.data(q, first=first)
        assert len(data["occupation"]["essentialSkills"]["edges"]) == first
        counts.append(api.round_trips)
    # occupation, its skills, the skills' occupations and groups, their optional skills
    assert counts[0] == counts[1] == 5
