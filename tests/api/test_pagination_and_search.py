"""Connections (first, last, empty and maximum pages) and full-text search."""

from __future__ import annotations

import pytest

from api.ids import offset_cursor
from api.limits import ApiLimits
from tests.api.conftest import Api
from tests.api.graphdata import occupation_uri, skill_uri

pytestmark = pytest.mark.integration

PAGE = """query($first: Int, $after: String) { occupation(uri: "%s") { ... on Occupation {
  essentialSkills(first: $first, after: $after) { totalCount
    edges { cursor node { uri } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }""".replace(
    "%s", occupation_uri(1)
)


def page(api: Api, **variables: object) -> dict:  # type: ignore[type-arg]
    body = api.gql(PAGE, **variables)
    return body["data"]["occupation"]["essentialSkills"] if "errors" not in body else body


def test_the_first_page_has_a_next_page_and_no_previous_one(api: Api) -> None:
    p = page(api, first=10)
    assert p["totalCount"] == 25
    assert [e["node"]["uri"] for e in p["edges"]][:2] == [skill_uri(2), skill_uri(1)]  # by label
    assert p["pageInfo"]["hasNextPage"] and not p["pageInfo"]["hasPreviousPage"]


def test_following_end_cursors_walks_the_whole_list_once(api: Api) -> None:
    seen: list[str] = []
    after = None
    while True:
        p = page(api, first=10, after=after)
        seen += [e["node"]["uri"] for e in p["edges"]]
        if not p["pageInfo"]["hasNextPage"]:
            break
        after = p["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 25
    assert len(p["edges"]) == 5 and p["pageInfo"]["hasPreviousPage"]


def test_a_page_past_the_end_and_a_zero_size_page_are_empty(api: Api) -> None:
    past = page(api, first=10, after=offset_cursor(30))
    assert past["edges"] == [] and past["totalCount"] == 25
    assert past["pageInfo"]["endCursor"] is None and not past["pageInfo"]["hasNextPage"]
    assert page(api, first=0)["edges"] == []


def test_the_maximum_page_size_is_accepted_and_one_more_is_rejected(api: Api) -> None:
    maximum = ApiLimits().max_page_size
    assert len(page(api, first=maximum)["edges"]) == 25
    body = page(api, first=maximum + 1)
    assert f"between 0 and {maximum}" in body["errors"][0]["message"]


def test_a_forged_cursor_is_rejected_with_what_was_expected(api: Api) -> None:
    body = page(api, first=5, after="bm90IGEgY3Vyc29y")
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


def test_search_finds_each_kind_of_node_by_its_words(api: Api) -> None:
    hits = api.data(SEARCH, text="developer")["search"]
    kinds = {h["__typename"] for h in flat(hits) if h["textRank"]}
    assert {"Occupation", "OnetOccupation"} <= kinds
    program = api.data(SEARCH, text="computing", types=["PROGRAM"])["search"]
    assert flat(program)[0]["cipCode"] == "11.0701"


def test_search_fuses_embedding_neighbours_of_the_best_text_hit(api: Api) -> None:
    hits = api.data(SEARCH, text="accountant", types=["OCCUPATION"])["search"]
    first = flat(hits)[0]
    assert first["label"] == "accountant"
    assert first["textRank"] == 1 and first["semanticRank"] is not None
    assert any(h["textRank"] is None and h["semanticRank"] for h in flat(hits))


def test_search_pages_through_fused_hits(api: Api) -> None:
    one = api.data(SEARCH, text="skill", types=["SKILL"], first=10)["search"]
    two = api.data(SEARCH, text="skill", types=["SKILL"], first=10,
                   after=one["pageInfo"]["endCursor"])["search"]
    uris = [h["uri"] for h in flat(one) + flat(two)]
    assert len(uris) == len(set(uris)) == 20 and one["totalCount"] >= 26


@pytest.mark.parametrize(
    "text",
    ['C++', 'Python (computer programming)', '"unbalanced', 'a:b OR NOT c~ *', "x') RETURN 1 //",
     "\\", "&& || !", "[1 TO 5]", "{}^~?/"],
)
def test_lucene_and_cypher_metacharacters_are_taken_literally(api: Api, text: str) -> None:
    result = api.data(SEARCH, text=text)["search"]
    assert result["__typename"] in {"SearchHitConnection", "InvalidInput"}


def test_metacharacter_words_still_match_their_literal_label(api: Api) -> None:
    hits = api.data(SEARCH, text="C++", types=["SKILL"])["search"]
    assert flat(hits)[0]["label"] == "C++"
    hits = api.data(SEARCH, text="Python (computer programming)", types=["SKILL"])["search"]
    assert flat(hits)[0]["uri"] == skill_uri(1)


@pytest.mark.parametrize("text", ["", "   ", "x" * 201])
def test_empty_or_overlong_search_text_is_invalid_input(api: Api, text: str) -> None:
    result = api.data(SEARCH, text=text)["search"]
    assert result["__typename"] == "InvalidInput" and result["argument"] == "text"
