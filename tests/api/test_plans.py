"""Compiled query plans (``api.plans``): a query text answered once by the resolvers is
answered afterwards by its plan, with exactly the resolvers' answer (checked against an app
that runs the resolvers for every request), in one round trip for any lookup, and falls back
to the resolvers for whatever a plan cannot answer exactly."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from typing import Any, cast

import httpx
import neo4j
import pytest

from api import plans
from api.app import create_app
from api.ids import MAX_CURSOR_OFFSET, offset_cursor
from api.limits import ApiLimits
from api.queries import (
    ListProjection,
    NodeProjection,
    batched_projection_query,
    projection_query,
)
from graph.db import create_async_driver
from graph.settings import Settings
from tests.api.conftest import SLOW_CYPHER, Api, CountingDriver, cypher, make_api

pytestmark = pytest.mark.integration

KEYS = """
MATCH (s:Skill) WHERE EXISTS { (s)<-[:REQUIRES]-() } AND EXISTS { (s)-[:BROADER]->(:Skill) }
  AND EXISTS { (s)-[:BROADER]->(:SkillGroup) }
WITH s ORDER BY COUNT { (s)<-[:REQUIRES]-() } DESC, s.uri LIMIT 1
MATCH (o:Occupation) WHERE EXISTS { (o)-[:MAPS_TO]->() } AND EXISTS { (o)-[:BROADER]->() }
  AND EXISTS { (o)-[:REQUIRES {essential: false}]->() }
WITH s, o ORDER BY o.uri LIMIT 1
MATCH (n:OnetOccupation) WHERE EXISTS { (n)-[:USES_TECHNOLOGY]->() }
  AND EXISTS { (n)-[:RELATED_OCCUPATION]->() } AND EXISTS { (n)<-[:PREPARES_FOR]-() }
  AND EXISTS { (n)<-[:MAPS_TO]-() }
WITH s, o, n ORDER BY n.code LIMIT 1
MATCH (p:Program)-[:PREPARES_FOR]->()
WITH s, o, n, p ORDER BY p.cipCode LIMIT 1
RETURN s.uri AS skill, o.uri AS occupation, n.code AS onet, p.cipCode AS program
"""

SKILL = """query($skill: String!) { skill(uri: $skill) { __typename
  ... on Skill { id uri label altLabels description skillType reuseLevel collections
    broader { totalCount edges { cursor node { uri label } }
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    narrower(first: 3) { totalCount edges { node { label } } }
    groups { __typename edges { __typename node { __typename id uri code label description
      broader { totalCount } narrowerGroups(first: 2) { totalCount edges { node { label } } }
      skills(first: 3) { totalCount edges { node { label } } } } } }
    related(first: 4) { totalCount edges { node { label } } }
    occupations(first: 5) { totalCount edges { cursor node { label } } }
    essentialFor: occupations(first: 2, essential: true) { totalCount edges { node { uri } } }
    jobAds { totalCount } }
  ... on NotFound { message } } }"""

OCCUPATION = """query($occupation: String!, $after: String) {
  occupation(uri: $occupation) { ... on Occupation { id uri label altLabels description
    iscoCode code
    essentialSkills(first: 3) { totalCount edges { cursor node { label skillType } }
      again: edges { node { uri } } }
    optionalSkills(first: 2, after: $after) { totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
      edges { node { uri occupations(first: 2) { totalCount edges { node { label } } } } } }
    broader { edges { node { label } } } narrower { totalCount }
    onetMappings { edges { node { __typename source confidence similarity
      onetOccupation { code title ratings(first: 2) { totalCount } } } } }
    jobAds { totalCount } } } }"""

ONET = """query($onet: String!) { onetOccupation(code: $onet) { ... on OnetOccupation {
    id code title description jobZone socCode alternateTitles
    ratings(first: 3, domain: "Knowledge") { totalCount edges { node { __typename importance
      level notRelevant descriptor { id descriptorId name domain description } } } }
    technologies(first: 3) { edges { node { hot inDemand technology { id name commodityCode
      commodityTitle hot occupations(first: 2) { totalCount edges { node { code } } } } } } }
    relatedOccupations(first: 3) { edges { node { tier index occupation { code title } } } }
    escoOccupations { totalCount edges { node { uri } } }
    programs(first: 2) { edges { node { cipCode title definition family
      onetOccupations { totalCount } } } } } } }"""

PROGRAM = """query($program: String!) { program(cipCode: $program) { ... on Program {
    id cipCode title definition family
    onetOccupations(first: 2) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { code title programs(first: 1) { totalCount } } } } } } }"""

FRAGMENTS = """query Both($skill: String!, $occupation: String!, $n: Int) {
  __typename
  a: skill(uri: $skill) { ...SkillFields }
  b: occupation(uri: $occupation) { __typename ... on Occupation {
    page: essentialSkills(first: $n) { ...Page }
    next: essentialSkills(first: $n, after: "b2Zmc2V0OjA=") { ...Page }
    label } } }
fragment SkillFields on Skill { label ... on Node { id } label uri }
fragment Page on SkillConnection { totalCount edges { cursor node { name: label label } } }"""

EMPTY_PAGES = """query($skill: String!, $far: String!) { skill(uri: $skill) { ... on Skill {
    none: occupations(first: 0) { totalCount edges { cursor }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    past: occupations(after: $far) { totalCount edges { cursor }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
    whole: occupations(first: 100) { totalCount pageInfo { hasNextPage endCursor } } } } }"""

DOCUMENTS = {
    "skill": SKILL, "occupation": OCCUPATION, "onet": ONET, "program": PROGRAM,
    "fragments": FRAGMENTS, "empty pages": EMPTY_PAGES,
}


def keys(driver: neo4j.Driver) -> dict[str, Any]:
    (row,) = cypher(driver, KEYS)
    return {**dict(row), "after": offset_cursor(0), "n": 2, "far": offset_cursor(100_000)}


def variables_of(query: str, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if f"${k}" in query}


def same_as_resolvers(api: Api, resolver_api: Api, query: str, **variables: Any
                      ) -> dict[str, Any]:
    """Ask ``query`` twice (the second time its plan answers) and check both answers are the
    resolvers' to the byte, key order included; return the planned answer."""
    reference = json.dumps(resolver_api.gql(query, **variables))
    first = api.gql(query, **variables)
    hits = api.plan_hits
    second = api.gql(query, **variables)
    assert api.plan_hits == hits + 1, "the second request was not answered by a plan"
    assert json.dumps(first) == reference
    assert json.dumps(second) == reference
    return second


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_planned_lookup_answers_exactly_as_the_resolvers(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver, name: str
) -> None:
    query = DOCUMENTS[name]
    answer = same_as_resolvers(api, resolver_api, query,
                               **variables_of(query, keys(sample_graph)))
    assert "errors" not in answer
    assert any(v for v in answer["data"].values())


EMPTY_LISTS = """query($skill: String!) { skill(uri: $skill) { ... on Skill {
    narrower(first: 5) { totalCount edges { node { label occupations(first: 1) { totalCount } } } }
    occupations(first: 100) { totalCount edges { node { uri
      onetMappings(first: 2) { totalCount edges { node { source onetOccupation { code } } } }
    } } } } } }"""

EMPTY_LISTS_KEY = """
MATCH (s:Skill) WHERE NOT EXISTS { (s)<-[:BROADER]-(:Skill) }
  AND EXISTS { (s)<-[:REQUIRES]-(o:Occupation) WHERE NOT EXISTS { (o)-[:MAPS_TO]->() } }
  AND COUNT { (s)<-[:REQUIRES]-() } <= 100
RETURN s.uri AS skill ORDER BY s.uri LIMIT 1
"""


def test_a_planned_list_with_nothing_in_it_is_empty_at_every_depth(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, EMPTY_LISTS_KEY)
    skill = same_as_resolvers(api, resolver_api, EMPTY_LISTS, skill=row["skill"])["data"]["skill"]
    assert skill["narrower"] == {"totalCount": 0, "edges": []}
    mappings = [e["node"]["onetMappings"] for e in skill["occupations"]["edges"]]
    assert {"totalCount": 0, "edges": []} in mappings
    assert len(mappings) == skill["occupations"]["totalCount"]


def test_the_sample_lists_each_kind_of_neighbour_the_documents_select(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    """The differential test above means little on empty lists: the graph has each kind."""
    values = keys(sample_graph)
    skill = api.data(SKILL, skill=values["skill"])["skill"]
    onet = api.data(ONET, onet=values["onet"])["onetOccupation"]
    occupation = api.data(OCCUPATION, occupation=values["occupation"],
                          after=values["after"])["occupation"]
    assert skill["broader"]["edges"] and skill["groups"]["edges"]
    assert skill["occupations"]["totalCount"] > 5
    assert occupation["optionalSkills"]["edges"] and occupation["onetMappings"]["edges"]
    for field in ("ratings", "technologies", "relatedOccupations", "escoOccupations",
                  "programs"):
        assert onet[field]["edges"], field


def test_job_ads_and_their_lists_are_planned_exactly(
    api: Api, resolver_api: Api, small_graph: neo4j.Driver
) -> None:
    (row,) = cypher(small_graph, """MATCH (j:JobAd)-[:MENTIONS]->(s:Skill)
        MATCH (j)-[:NORMALIZED_TO]->(o:Occupation)
        RETURN j.id AS id, s.uri AS skill, o.uri AS occupation ORDER BY id LIMIT 1""")
    query = """query($id: String!, $skill: String!, $occupation: String!) {
      jobAd(id: $id) { ... on JobAd { id adId title text postedAt employer location source url
        occupations { totalCount edges { node { uri } } }
        skills(first: 2) { edges { node { uri } } } } }
      skill(uri: $skill) { ... on Skill { jobAds { totalCount edges { node { adId } } } } }
      occupation(uri: $occupation) { ... on Occupation { jobAds { edges { node { adId } } } } }
    }"""
    answer = same_as_resolvers(api, resolver_api, query, **dict(row))
    assert answer["data"]["jobAd"]["skills"]["edges"]


def test_a_planned_lookup_costs_one_round_trip_however_deep_and_long(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, """
        MATCH (o:Occupation) WITH o, COUNT { (o)-[:REQUIRES {essential: true}]->() } AS n
        ORDER BY n DESC, o.uri LIMIT 1 RETURN o.uri AS uri, n""")
    q = """query($uri: String!, $first: Int!) { occupation(uri: $uri) { ... on Occupation {
      essentialSkills(first: $first) { edges { node { label
        occupations(first: 5) { edges { node { label
          optionalSkills(first: 3) { totalCount } } } }
        groups { totalCount } } } } } } }"""
    api.data(q, uri=row["uri"], first=1)  # the resolvers answer; the plan is compiled
    for first in (2, 25):
        api.reset()
        hits = api.plan_hits
        data = api.data(q, uri=row["uri"], first=first)
        assert len(data["occupation"]["essentialSkills"]["edges"]) == first
        assert api.plan_hits == hits + 1
        assert api.round_trips == 1


SERVICES = {
    "related skills": """query($skill: String!) { relatedSkills(uri: $skill, first: 5) {
        __typename ... on RelatedSkills { skill { uri label } related { score skill { id uri
        label altLabels } } } ... on NotFound { message } } }""",
    "career transitions": """query($occupation: String!) {
      careerTransitions(from: $occupation, first: 3) { __typename ... on CareerTransitions {
        source { __typename ... on Occupation { uri label } }
        transitions { score basis occupation { __typename ... on Occupation { uri label } }
          sharedSkills { key label essential importance sourceImportance }
          missingSkills { key label essential importance }
          programs { covers program { cipCode title } } } } } }""",
    "onet transitions": """query($onet: String!) { careerTransitions(from: $onet, first: 3) {
        ... on CareerTransitions { source { ... on OnetOccupation { code } }
        transitions { score basis occupation { ... on OnetOccupation { code title } }
          missingSkills { key label importance sourceImportance } } } } }""",
    "skill gap": """query($occupation: String!, $onet: String!) {
      skillGap(from: $occupation, to: $onet) { __typename ... on SkillGap { basis score coverage
        sharedSkills { key } missingSkills { key label importance }
        programs { covers program { cipCode } } } } }""",
    "career paths": """query($occupation: String!, $other: String!) {
      careerPaths(from: $occupation, to: $other, maxSteps: 3, first: 2) { __typename
        ... on CareerPaths { paths { cumulativeGap score steps { score gap basis
          sharedSkills { key } missingSkills { key label essential importance }
          source { ... on Occupation { uri } } target { ... on Occupation { uri } } } } } } }""",
    "search": """query($text: String!) { search(text: $text, first: 5,
        types: [OCCUPATION, SKILL]) { __typename ... on SearchHitConnection { totalCount
        pageInfo { hasNextPage endCursor } edges { cursor node { score textRank semanticRank
        node { __typename ... on Occupation { uri label } ... on Skill { uri } } } } } } }""",
}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_model_and_search_fields_are_planned_exactly(
    api: Api, resolver_api: Api, embedded_sample: neo4j.Driver, name: str
) -> None:
    values = keys(embedded_sample)
    (other,) = cypher(embedded_sample, "MATCH (o:Occupation) WHERE o.uri <> $uri "
                      "RETURN o.uri AS uri ORDER BY uri DESC LIMIT 1", uri=values["occupation"])
    values |= {"other": other["uri"], "text": "manager"}
    query = SERVICES[name]
    answer = same_as_resolvers(api, resolver_api, query, **variables_of(query, values))
    assert "errors" not in answer


def cursor(offset: str) -> str:
    """A cursor of this API's form around any text."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode("ascii")


def still_planned(api: Api, query: str, **variables: Any) -> None:
    """The plan of ``query`` is kept and answers the next request with ``variables``."""
    schema = api.client.app.state.schema  # type: ignore[attr-defined]
    assert isinstance(schema._plans[(query, None)], plans.DocumentPlan)
    hits = api.plan_hits
    assert "errors" not in api.gql(query, **variables)
    assert api.plan_hits == hits + 1


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"uri": "http://data.europa.eu/esco/skill/no-such-skill"}, "NotFound"),
        ({"uri": "not a uri"}, "InvalidInput"),
        ({"first": -1}, "between 0 and"),
        ({"first": 101}, "between 0 and"),
        ({"after": "forged"}, "expected a cursor returned by this API"),
        ({"after": cursor("\u00b2")}, "expected a cursor returned by this API"),
        ({"after": cursor(str(2**64))}, "expected a cursor returned by this API"),
        ({"after": cursor(str(2**63 - 2))}, "expected a cursor returned by this API"),
        ({"after": cursor("9" * 5000)}, "expected a cursor returned by this API"),
        ({"first": "ten"}, "Int cannot represent"),
    ],
    ids=["unknown key", "malformed key", "negative page", "page too big", "forged cursor",
         "unicode digit cursor", "cursor past 2^64", "cursor near 2^63", "cursor of 5000 digits",
         "wrong variable type"],
)
def test_what_a_plan_cannot_answer_the_resolvers_answer_or_report_and_the_plan_stays(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver, variables: dict[str, Any],
    expected: str,
) -> None:
    query = """query($uri: String!, $first: Int, $after: String) { skill(uri: $uri) {
      __typename ... on Skill { label occupations(first: $first, after: $after) { totalCount } }
      ... on NotFound { message key } ... on InvalidInput { message argument } } }"""
    good = {"uri": keys(sample_graph)["skill"], "first": 2, "after": None}
    same_as_resolvers(api, resolver_api, query, **good)  # the plan exists from here on
    asked = good | variables
    hits = api.plan_hits
    answer = api.gql(query, **asked)
    assert api.plan_hits == hits
    assert json.dumps(answer) == json.dumps(resolver_api.gql(query, **asked))
    assert expected in json.dumps(answer)
    assert "Internal server error" not in json.dumps(answer)
    still_planned(api, query, **good)


def test_a_planned_page_at_the_largest_cursor_offset_is_empty_as_the_resolvers_answer(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver
) -> None:
    query = """query($skill: String!, $last: String!) { skill(uri: $skill) { ... on Skill {
      occupations(after: $last) { totalCount edges { cursor node { uri } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
      broader(first: 100, after: $last) { totalCount edges { cursor } } } } }"""
    last = offset_cursor(MAX_CURSOR_OFFSET)
    skill = same_as_resolvers(api, resolver_api, query, skill=keys(sample_graph)["skill"],
                              last=last)["data"]["skill"]
    assert skill["occupations"]["edges"] == skill["broader"]["edges"] == []
    assert skill["occupations"]["totalCount"] > 0
    assert skill["occupations"]["pageInfo"]["hasPreviousPage"] is True


NULL_FOR_A_DEFAULT = {
    "a lookup": ('query($u: String = "SKILL") { skill(uri: $u) { ... on Skill { label } } }',
                 "u"),
    "a service field": ('query($t: String = "manager") { search(text: $t, first: 2) {'
                        " __typename } }", "t"),
}


@pytest.mark.parametrize("name", sorted(NULL_FOR_A_DEFAULT))
def test_a_null_sent_for_a_defaulted_variable_of_a_non_null_argument_is_reported_and_the_plan_stays(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver, name: str
) -> None:
    text, variable = NULL_FOR_A_DEFAULT[name]
    query = text.replace("SKILL", keys(sample_graph)["skill"])
    same_as_resolvers(api, resolver_api, query)  # the default is used; the plan answers
    hits = api.plan_hits
    answer = api.gql(query, **{variable: None})
    assert api.plan_hits == hits
    assert json.dumps(answer) == json.dumps(resolver_api.gql(query, **{variable: None}))
    assert "non-null type 'String!'" in answer["errors"][0]["message"]
    still_planned(api, query)


@pytest.mark.parametrize(
    "query",
    [
        """query($skill: String!, $yes: Boolean!) { skill(uri: $skill) { ... on Skill {
           label occupations @include(if: $yes) { totalCount } } } }""",
        """query($skill: String!) { skill(uri: $skill) { ... on Skill { label } }
           __schema { queryType { name } } }""",
        """query($skill: String!) { skill(uri: $skill) { ... on Skill {
           label q: label } } stats { nodes { label count } } }""",
    ],
    ids=["a directive", "introspection", "an uncompiled root field"],
)
def test_documents_a_plan_cannot_serve_keep_the_resolvers(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver, query: str
) -> None:
    variables = {"skill": keys(sample_graph)["skill"], "yes": True}
    variables = variables_of(query, variables)
    hits = api.plan_hits
    answers = [api.gql(query, **variables) for _ in range(2)]
    assert api.plan_hits == hits
    assert answers[0] == answers[1] == resolver_api.gql(query, **variables)
    assert "errors" not in answers[0]


def test_a_plan_that_fails_unexpectedly_is_dropped_and_the_resolvers_answer(
    api: Api, sample_graph: neo4j.Driver, caplog: pytest.LogCaptureFixture
) -> None:
    query = "query($skill: String!) { skill(uri: $skill) { ... on Skill { uri label } } }"
    skill = keys(sample_graph)["skill"]
    expected = api.data(query, skill=skill)
    schema = api.client.app.state.schema  # type: ignore[attr-defined]
    plan = schema._plans[(query, None)]
    assert isinstance(plan, plans.DocumentPlan)

    def broken(props: Any, offsets: Any) -> Any:
        raise RuntimeError("a bug in a renderer")

    ((_, root),) = plan.roots
    object.__setattr__(root, "render", broken)
    with caplog.at_level(logging.ERROR, logger="api"):
        assert api.data(query, skill=skill) == expected
    assert "query plan failed" in caplog.text
    assert schema._plans[(query, None)] is None
    hits = api.plan_hits
    assert api.data(query, skill=skill) == expected
    assert api.plan_hits == hits


def test_plans_are_kept_for_the_most_recent_query_texts_only(
    api: Api, sample_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plans, "CACHED_PLANS", 2)
    skill = keys(sample_graph)["skill"]
    texts = [f"query($s: String!) {{ skill(uri: $s) {{ ... on Skill {{ n{i}: label }} }} }}"
             for i in range(3)]
    for text in texts:
        api.data(text, s=skill)
    schema = api.client.app.state.schema  # type: ignore[attr-defined]
    assert [q for q, _ in schema._plans] == texts[1:]
    hits = api.plan_hits
    api.data(texts[0], s=skill)  # evicted: the resolvers answer and the plan is made again
    assert api.plan_hits == hits
    api.data(texts[0], s=skill)
    assert api.plan_hits == hits + 1


def test_a_planned_answer_is_the_same_http_response_the_view_sends(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver
) -> None:
    body = {"query": SKILL, "variables": {"skill": keys(sample_graph)["skill"]}}
    reference = resolver_api.client.post("/graphql", json=body)
    api.client.post("/graphql", json=body)
    hits = api.plan_hits
    planned = api.client.post("/graphql", json=body)
    assert api.plan_hits == hits + 1
    assert planned.status_code == reference.status_code == 200
    assert planned.headers["content-type"] == reference.headers["content-type"]
    assert planned.content == reference.content


def test_a_plan_declines_an_unknown_key_once_and_the_resolvers_answer(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    query = "query($s: String!) { skill(uri: $s) { __typename ... on NotFound { key } } }"
    api.data(query, s=keys(sample_graph)["skill"])  # the plan is compiled
    api.reset()
    unknown = "http://data.europa.eu/esco/skill/unknown"
    assert api.data(query, s=unknown)["skill"] == {"__typename": "NotFound", "key": unknown}
    assert api.round_trips == 2  # the plan's query, then the resolvers' (not the plan again)


@pytest.mark.parametrize(
    "request_body",
    [
        {"extensions": {"tracing": True}},
        {"operationName": "Missing"},
    ],
    ids=["extensions", "an unknown operation name"],
)
def test_requests_beyond_a_plain_post_of_a_planned_text_go_to_the_view(
    api: Api, resolver_api: Api, sample_graph: neo4j.Driver, request_body: dict[str, Any]
) -> None:
    query = "query Named($s: String!) { skill(uri: $s) { ... on Skill { uri } } }"
    body = {"query": query, "variables": {"s": keys(sample_graph)["skill"]}}
    api.client.post("/graphql", json=body)  # the plan is compiled
    hits = api.plan_hits
    answer = api.client.post("/graphql", json=body | request_body)
    assert api.plan_hits == hits
    reference = resolver_api.client.post("/graphql", json=body | request_body)
    assert (answer.status_code, answer.text) == (reference.status_code, reference.text)


def test_a_body_that_is_not_json_is_refused_by_the_view(api: Api) -> None:
    response = api.client.post("/graphql", content=b"{not json",
                               headers={"content-type": "application/json"})
    assert response.status_code == 400


def test_a_document_whose_plan_cannot_be_built_keeps_the_resolvers(
    api: Api, sample_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug in the compiler")

    monkeypatch.setattr(plans, "compile_plan", broken)
    query = "query($s: String!) { skill(uri: $s) { ... on Skill { label uri } } }"
    skill = keys(sample_graph)["skill"]
    hits = api.plan_hits
    with caplog.at_level(logging.ERROR, logger="api"):
        answers = [api.data(query, s=skill) for _ in range(2)]
    assert answers[0] == answers[1] and answers[0]["skill"]["uri"] == skill
    assert api.plan_hits == hits
    assert "could not compile a plan" in caplog.text


CONCURRENT = """query($uri: String!) { occupation(uri: $uri) { __typename
  ... on Occupation { uri label essentialSkills(first: 3) { totalCount
    edges { cursor node { label occupations(first: 2) { totalCount edges { node { uri } } } } } }
    broader { edges { node { label } } } }
  ... on NotFound { message } } }"""


async def _ask_concurrently(app: Any, sessions: list[CountingDriver], first: str,
                            asked: list[str]) -> list[Any]:
    """Ask ``CONCURRENT`` for ``first`` (the resolvers answer, the plan is compiled), then for
    every uri of ``asked`` at once; the round trips are counted from the second step."""
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://api"
    ) as client:
        async def ask(uri: str) -> Any:
            response = await client.post("/graphql", json={"query": CONCURRENT,
                                                           "variables": {"uri": uri}})
            return response.json()

        await ask(first)
        sessions[0].calls = 0
        return list(await asyncio.gather(*(ask(uri) for uri in asked)))


def test_concurrent_planned_lookups_share_queries_and_each_gets_its_own_answer(
    resolver_api: Api, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    uris = [r["uri"] for r in cypher(
        sample_graph, "MATCH (o:Occupation) RETURN o.uri AS uri ORDER BY o.uri LIMIT 12")]
    asked = [*uris, uris[0], "http://data.europa.eu/esco/occupation/unknown", uris[1]]
    expected = [resolver_api.gql(CONCURRENT, uri=uri) for uri in asked]
    sessions: list[CountingDriver] = []

    def factory(s: Settings) -> neo4j.AsyncDriver:
        sessions.append(CountingDriver(create_async_driver(s)))
        return cast(neo4j.AsyncDriver, sessions[0])

    app = create_app(settings, driver_factory=factory)

    answers = asyncio.run(_ask_concurrently(app, sessions, uris[0], asked))
    assert [json.dumps(a) for a in answers] == [json.dumps(e) for e in expected]
    coalescer = app.state.coalescer
    assert coalescer.batches >= 1
    alone = len(asked) - coalescer.batched  # the first at least, each by its own query
    unknown = 1  # the plan declines the unknown key; the resolvers read it again
    assert sessions[0].calls == alone + coalescer.batches + unknown
    assert sessions[0].calls < len(asked)


def test_with_batching_off_each_planned_lookup_reads_alone(
    resolver_api: Api, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    uris = [r["uri"] for r in cypher(
        sample_graph, "MATCH (o:Occupation) RETURN o.uri AS uri ORDER BY o.uri LIMIT 12")]
    asked = [*uris, uris[0], uris[1]]
    expected = [resolver_api.gql(CONCURRENT, uri=uri) for uri in asked]
    sessions: list[CountingDriver] = []

    def factory(s: Settings) -> neo4j.AsyncDriver:
        sessions.append(CountingDriver(create_async_driver(s)))
        return cast(neo4j.AsyncDriver, sessions[0])

    app = create_app(settings.model_copy(update={"api_lookup_batching": False}),
                     driver_factory=factory)
    schema = app.state.schema

    hits = schema.plan_hits
    answers = asyncio.run(_ask_concurrently(app, sessions, uris[0], asked))
    assert [json.dumps(a) for a in answers] == [json.dumps(e) for e in expected]
    assert schema.plan_hits == hits + len(asked)
    assert sessions[0].calls == len(asked)  # one query per lookup, none shared
    assert app.state.coalescer is None


@pytest.mark.parametrize(
    "query",
    ["query($s: String!) { skill(uri: $s) { ... on Skill { uri label } } }",
     "query($s: String!) { __typename skill(uri: $s) { ... on Skill { uri label } } }"],
    ids=["one root field", "two root fields"],
)
def test_a_plan_whose_read_times_out_reports_it_as_the_resolvers_do_without_reading_again(
    sample_graph: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """A slow (or absent) Neo4j would only be asked again by the resolvers: the plan answers
    with the error they give, and the plan stays."""
    from api import queries

    skill = keys(sample_graph)["skill"]
    limits = ApiLimits(vector_index_ttl_s=0.0, read_timeout_s=1.0)
    get = {"query": query, "variables": json.dumps({"s": skill})}
    for api in make_api(settings, limits=limits):
        schema = api.client.app.state.schema  # type: ignore[attr-defined]
        api.data(query, s=skill)  # the resolvers answer; the plan is compiled
        (root,) = [r for _, r in schema._plans[(query, None)].roots
                   if isinstance(r, plans.LookupRoot)]
        object.__setattr__(root, "cypher", SLOW_CYPHER)
        monkeypatch.setattr(queries, "nodes_by_key", lambda *args: SLOW_CYPHER)
        api.reset()
        hits = api.plan_hits
        posted = api.client.post("/graphql", json={"query": query, "variables": {"s": skill}})
        got = api.client.get("/graphql", params=get)  # through the view and execute
        assert api.plan_hits == hits + 2
        assert api.round_trips == 2  # one read each: the resolvers did not read again
        assert isinstance(schema._plans[(query, None)], plans.DocumentPlan)
    for reference_api in make_api(settings.model_copy(update={"api_query_plans": False}),
                                  limits=limits):
        reference = reference_api.client.post(
            "/graphql", json={"query": query, "variables": {"s": skill}})
        reference_get = reference_api.client.get("/graphql", params=get)
    assert "could not answer in time" in reference.json()["errors"][0]["message"]
    assert (posted.status_code, posted.content) == (reference.status_code, reference.content)
    assert (got.status_code, got.content) == (reference_get.status_code, reference_get.content)


def test_the_batched_lookup_query_gives_each_key_the_row_of_the_single_query(
    sample_graph: neo4j.Driver,
) -> None:
    root = NodeProjection("Occupation", ("uri", "label"), (
        ListProjection(0, "occupation_skills", (), NodeProjection("Skill", ("label",))),))
    (uri,) = [r["uri"] for r in cypher(
        sample_graph, "MATCH (o:Occupation)-[:REQUIRES]->() RETURN DISTINCT o.uri AS uri "
        "ORDER BY uri LIMIT 1")]
    pages = [{"offset": 1, "limit": 2, "essential": None, "domain": None}]
    (single,) = cypher(sample_graph, projection_query("uri", root), key=uri, pages=pages)
    rows = cypher(sample_graph, batched_projection_query("uri", root),
                  batch={"keys": [uri, "unknown", uri]}, pages=pages)
    assert [(r["b"], r["node"]) for r in rows] == [(0, single["node"]), (2, single["node"])]
    assert len(single["node"]["__l0"]["nodes"]) == 2
