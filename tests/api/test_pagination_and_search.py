"""Connections (first, last, empty and maximum pages) and full-text search, on the sample."""

from __future__ import annotations

import base64

import neo4j
import pytest

from api.ids import MAX_CURSOR_OFFSET, offset_cursor
from api.limits import ApiLimits
from tests.api.conftest import Api, cypher
from tests.api.graphdata import skill_uri

pytestmark = pytest.mark.integration

PAGE = """query($uri: String!, $first: Int, $after: String) { occupation(uri: $uri) {
  ... on Occupation { essentialSkills(first: $first, after: $after) { totalCount
    edges { cursor node { uri } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }"""

BIGGEST = """
MATCH (o:Occupation)
WITH o, COUNT { (o)-[:REQUIRES {essential: true}]->(:Skill) } AS n ORDER BY n DESC, o.uri LIMIT 1
CALL (o) { MATCH (o)-[:REQUIRES {essential: true}]->(s:Skill)
           RETURN s.uri AS uri ORDER BY s.label, s.uri }
RETURN o.uri AS occupation, collect(uri) AS skills
"""


@pytest.fixture
def biggest(sample_graph: neo4j.Driver) -> tuple[str, list[str]]:
    """The sample occupation with the most essential skills, and those skills in label order."""
    (row,) = cypher(sample_graph, BIGGEST)
    return row["occupation"], list(row["skills"])


def page(api: Api, uri: str, **variables: object) -> dict:  # type: ignore[type-arg]
    body = api.gql(PAGE, uri=uri, **variables)
    return body["data"]["occupation"]["essentialSkills"] if "errors" not in body else body


def test_the_first_page_has_a_next_page_and_no_previous_one(
    api: Api, biggest: tuple[str, list[str]]
) -> None:
    uri, skills = biggest
    p = page(api, uri, first=10)
    assert p["totalCount"] == len(skills) > 10
    assert [e["node"]["uri"] for e in p["edges"]] == skills[:10]  # by label
    assert p["pageInfo"]["hasNextPage"] and not p["pageInfo"]["hasPreviousPage"]


def test_following_end_cursors_walks_the_whole_list_once(
    api: Api, biggest: tuple[str, list[str]]
) -> None:
    uri, skills = biggest
    seen: list[str] = []
    after = None
    while True:
        p = page(api, uri, first=10, after=after)
        seen += [e["node"]["uri"] for e in p["edges"]]
        if not p["pageInfo"]["hasNextPage"]:
            break
        after = p["pageInfo"]["endCursor"]
    assert seen == skills
    assert len(p["edges"]) == (len(skills) - 1) % 10 + 1 and p["pageInfo"]["hasPreviousPage"]


def test_a_page_past_the_end_and_a_zero_size_page_are_empty(
    api: Api, biggest: tuple[str, list[str]]
) -> None:
    uri, skills = biggest
    past = page(api, uri, first=10, after=offset_cursor(len(skills) + 5))
    assert past["edges"] == [] and past["totalCount"] == len(skills)
    assert past["pageInfo"]["endCursor"] is None and not past["pageInfo"]["hasNextPage"]
    assert page(api, uri, first=0)["edges"] == []


def test_the_maximum_page_size_is_accepted_and_one_more_is_rejected(
    api: Api, biggest: tuple[str, list[str]]
) -> None:
    uri, skills = biggest
    maximum = ApiLimits().max_page_size
    assert len(page(api, uri, first=maximum)["edges"]) == len(skills)
    body = page(api, uri, first=maximum + 1)
    assert f"between 0 and {maximum}" in body["errors"][0]["message"]


def test_a_forged_cursor_is_rejected_with_what_was_expected(
    api: Api, biggest: tuple[str, list[str]]
) -> None:
    body = page(api, biggest[0], first=5, after="bm90IGEgY3Vyc29y")
    assert "expected a cursor returned by this API" in body["errors"][0]["message"]


SEARCH = """query($text: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(text: $text, types: $types, first: $first, after: $after) {
    __typename
    ... on SearchHitConnection { totalCount edges { node { node { __typename
      ... on Skill { uri label } ... on Occupation { uri label }
      ... on OnetOccupation { code } ... on Program { cipCode } }
      score textRank semanticRank } } pageInfo { hasNextPage endCursor } }
    ... on InvalidInput { message argument } } }"""


def flat(result: dict) -> list[dict]:  # type: ignore[type-arg]
    """The hits of a search result, each node's fields next to its ranks."""
    return [
        {**e["node"]["node"], "textRank": e["node"]["textRank"],
         "semanticRank": e["node"]["semanticRank"]}
        for e in result["edges"]
    ]


def test_search_finds_each_kind_of_node_by_its_words(
    api: Api, sample_graph: neo4j.Driver
) -> None:
    hits = flat(api.data(SEARCH, text="engineer", first=50)["search"])
    kinds = {h["__typename"] for h in hits if h["textRank"]}
    assert {"Occupation", "OnetOccupation"} <= kinds
    assert all(h["semanticRank"] is None for h in hits)  # no embeddings in the sample
    (row,) = cypher(sample_graph, "MATCH (p:Program) WITH p ORDER BY p.cipCode LIMIT 1 "
                    "RETURN p.cipCode AS cip, p.title AS title")
    program = flat(api.data(SEARCH, text=row["title"], types=["PROGRAM"])["search"])
    assert program[0]["cipCode"] == row["cip"]


def test_search_pages_through_fused_hits(api: Api, sample_graph: neo4j.Driver) -> None:
    one = api.data(SEARCH, text="manage", types=["SKILL"], first=10)["search"]
    two = api.data(SEARCH, text="manage", types=["SKILL"], first=10,
                   after=one["pageInfo"]["endCursor"])["search"]
    uris = [h["uri"] for h in flat(one) + flat(two)]
    assert len(uris) == len(set(uris)) == 20 and one["totalCount"] > 20


@pytest.mark.parametrize(
    "text",
    ['C++', 'Python (computer programming)', '"unbalanced', 'a:b OR NOT c~ *', "x') RETURN 1 //",
     "\\", "&& || !", "[1 TO 5]", "{}^~?/"],
)
def test_lucene_and_cypher_metacharacters_are_taken_literally(
    api: Api, sample_graph: neo4j.Driver, text: str
) -> None:
    result = api.data(SEARCH, text=text)["search"]
    assert result["__typename"] in {"SearchHitConnection", "InvalidInput"}


@pytest.mark.parametrize("text", ["", "   ", "x" * 201])
def test_empty_or_overlong_search_text_is_invalid_input(
    api: Api, sample_graph: neo4j.Driver, text: str
) -> None:
    result = api.data(SEARCH, text=text)["search"]
    assert result["__typename"] == "InvalidInput" and result["argument"] == "text"


def test_search_fuses_embedding_neighbours_of_the_best_text_hit(
    api: Api, embedded_sample: neo4j.Driver
) -> None:
    hits = flat(api.data(SEARCH, text="dental hygienist", types=["OCCUPATION"])["search"])
    first = hits[0]
    assert first["label"] == "dental hygienist"
    assert first["textRank"] == 1 and first["semanticRank"] is not None
    assert any(h["textRank"] is None and h["semanticRank"] for h in hits)


def test_metacharacter_words_still_match_their_literal_label(
    api: Api, small_graph: neo4j.Driver
) -> None:
    hits = api.data(SEARCH, text="C++", types=["SKILL"])["search"]
    assert flat(hits)[0]["label"] == "C++"
    hits = api.data(SEARCH, text="Python (computer programming)", types=["SKILL"])["search"]
    assert flat(hits)[0]["uri"] == skill_uri(1)


NARROW_SKILL = "MATCH (s:Skill)-[:BROADER]->(:Skill) RETURN s.uri AS uri ORDER BY uri LIMIT 1"
BROADER = """query($uri: String!, $after: String) { skill(uri: $uri) { __typename
  ... on Skill { broader(after: $after) { totalCount edges { cursor } } } } }"""


@pytest.mark.parametrize(
    "offset", ["\u00b2", "\u0661", str(MAX_CURSOR_OFFSET + 1), str(2**63 - 2), str(2**64),
               "9" * 5000],
    ids=["superscript two", "arabic-indic one", "just past the cap", "near 2^63", "past 2^64",
         "5000 digits"],
)
def test_a_cursor_whose_offset_is_not_a_bounded_ascii_number_is_rejected_as_forged(
    resolver_api: Api, sample_graph: neo4j.Driver, offset: str
) -> None:
    forged = base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode("ascii")
    (row,) = cypher(sample_graph, NARROW_SKILL)
    for body in (resolver_api.gql(BROADER, uri=row["uri"], after=forged),
                 resolver_api.gql(SEARCH, text="manage", after=forged)):
        (error,) = body["errors"]
        assert error["message"] == ("invalid argument 'after': expected a cursor returned by "
                                    "this API"), body
        assert "correlationId" not in (error.get("extensions") or {})


def test_a_cursor_at_the_largest_offset_gives_an_empty_page(
    resolver_api: Api, sample_graph: neo4j.Driver
) -> None:
    (row,) = cypher(sample_graph, NARROW_SKILL)
    last = offset_cursor(MAX_CURSOR_OFFSET)
    broader = resolver_api.data(BROADER, uri=row["uri"], after=last)["skill"]["broader"]
    assert broader["edges"] == [] and broader["totalCount"] > 0
    assert resolver_api.data(SEARCH, text="manage", after=last)["search"]["edges"] == []
