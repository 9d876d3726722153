"""Connections (first, last, empty and maximum pages) and full-text search, on the sample."""

from __future__ import annotations

import base64
import itertools

import neo4j
import numpy as np
import pytest

from api.ids import MAX_CURSOR_OFFSET, offset_cursor
from api.limits import ApiLimits
from graph.errors import ModelError
from graph.settings import Settings
from tests.api.conftest import Api, cypher, make_api, meaning_encoder, meaning_of
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


def test_search_finds_labels_near_in_meaning_that_share_no_word(
    api: Api, labelled_sample: neo4j.Driver
) -> None:
    hits = flat(api.data(SEARCH, text="zqtooth", types=["OCCUPATION"], first=50)["search"])
    assert hits and all(h["textRank"] is None for h in hits)  # no label has the word
    near = [h["label"] for h in hits if h["semanticRank"] <= 3]
    assert "dental hygienist" in near


def test_search_ranks_meaning_by_cosine_across_every_kind(
    api: Api, labelled_sample: neo4j.Driver
) -> None:
    text = "nurse care"
    rows = cypher(labelled_sample, """
        UNWIND ['Skill', 'Occupation', 'OnetOccupation', 'Program'] AS kind
        MATCH (n) WHERE kind IN labels(n) AND n.labelEmbedding IS NOT NULL
        RETURN coalesce(n.uri, n.code, n.cipCode) AS key, n.labelEmbedding AS v""")
    query = meaning_encoder([text])[0]
    cosine = {r["key"]: float(np.dot(query, r["v"])) for r in rows}
    hits = flat(api.data(SEARCH, text=text, first=100)["search"])
    ranked = sorted((h for h in hits if h["semanticRank"]), key=lambda h: h["semanticRank"])
    keys = [h.get("uri") or h.get("code") or h.get("cipCode") for h in ranked]
    assert len({h["__typename"] for h in ranked}) >= 3
    by_rank = [cosine[k] for k in keys]
    assert all(a >= b - 1e-6 for a, b in itertools.pairwise(by_rank))
    assert by_rank[0] == pytest.approx(max(cosine.values()), abs=1e-6)


def test_search_matches_words_only_when_semantic_search_is_off(
    api: Api, labelled_sample: neo4j.Driver, settings: Settings
) -> None:
    off = settings.model_copy(update={"api_semantic_search": False})
    for plain in make_api(off, query_encoder=meaning_of):
        hits = flat(plain.data(SEARCH, text="dental hygienist")["search"])
        assert hits and all(h["semanticRank"] is None for h in hits)
        assert plain.data(SEARCH, text="zqtooth")["search"]["totalCount"] == 0


def test_search_encodes_no_text_when_the_graph_has_no_label_vectors(
    sample_graph: neo4j.Driver, settings: Settings
) -> None:
    texts: list[str] = []

    async def counting(text: str) -> list[float]:
        texts.append(text)
        return [float(x) for x in meaning_encoder([text])[0]]

    for api in make_api(settings, query_encoder=counting):
        assert api.data(SEARCH, text="engineer")["search"]["totalCount"] > 0
    assert texts == []


def test_search_answers_by_its_words_when_the_text_cannot_be_encoded(
    labelled_sample: neo4j.Driver, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(text: str) -> list[float]:
        raise ModelError("MiniLM is not installed")

    for api in make_api(settings, query_encoder=broken):
        hits = flat(api.data(SEARCH, text="dental hygienist")["search"])
    assert hits[0]["label"] == "dental hygienist"
    assert all(h["semanticRank"] is None for h in hits)
    assert "matching words only" in caplog.text


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
