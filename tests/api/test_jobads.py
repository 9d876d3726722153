"""Job-ad fields over the bundled sample: ``normalizeTitle``, ``extractSkills`` and the
``ingestJobAds`` mutation with its API key, input checks and size caps.

Most tests run the lexical-only pipeline (no MiniLM); one runs the default hybrid path."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import neo4j
import pytest
from pydantic import SecretStr

from api.limits import ApiLimits
from graph.settings import Settings
from tests.api.conftest import Api, cypher, make_api
from tests.conftest import mark_graph_dirty

API_KEY = "test-key-7f3a"

NORMALIZE = """
query($title: String!, $text: String, $first: Int) {
  normalizeTitle(title: $title, text: $text, first: $first) {
    __typename
    ... on TitleNormalization {
      semantic
      occupations { uri label score rank occupation { uri } }
      skills { uri span }
    }
    ... on InvalidInput { argument message }
  }
}"""

EXTRACT = """
query($text: String!, $first: Int) {
  extractSkills(text: $text, first: $first) {
    __typename
    ... on SkillExtraction { semantic skills { uri label score span start end skill { uri } } }
    ... on InvalidInput { argument message }
  }
}"""

INGEST = """
mutation($ads: [JobAdInput!]!) {
  ingestJobAds(ads: $ads) {
    __typename
    ... on IngestedJobAds {
      ads {
        adId title url
        occupations(first: 10) { edges { node { uri } } }
        skills(first: 50) { edges { node { uri } } }
      }
    }
    ... on InvalidJobAds { message problems { position field message } }
    ... on Unauthorized { message }
  }
}"""


@pytest.fixture(scope="module")
def keyed_api(neo4j_driver: neo4j.Driver, settings: Settings) -> Iterator[Api]:
    """The lexical-only API with an API key configured."""
    keyed = settings.model_copy(update={"api_key": SecretStr(API_KEY)})
    yield from make_api(keyed, semantic_jobads=False)


@pytest.fixture
def writable_sample(sample_graph: neo4j.Driver) -> Iterator[neo4j.Driver]:
    """The sample, marked for reloading after the test (which writes)."""
    yield sample_graph
    mark_graph_dirty()


def post(api: Api, query: str, *, key: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {} if key is None else {"Authorization": f"Bearer {key}"}
    response = api.client.post("/graphql", json={"query": query, "variables": variables},
                               headers=headers)
    assert response.status_code == 200, response.text
    body = cast(dict[str, Any], response.json())
    assert "errors" not in body, body["errors"]
    return cast(dict[str, Any], body["data"])


def an_occupation(driver: neo4j.Driver) -> tuple[str, str]:
    """URI and label of an occupation whose preferred label no other occupation shares."""
    record = cypher(driver, """
        MATCH (o:Occupation) WHERE size(o.label) > 12
        WITH o.label AS label, collect(o.uri) AS uris WHERE size(uris) = 1
        RETURN uris[0] AS uri, label ORDER BY label LIMIT 1""")[0]
    return record["uri"], record["label"]


def a_skill(driver: neo4j.Driver) -> tuple[str, str]:
    """URI and label of a three-word skill that some occupation requires."""
    record = cypher(driver, """
        MATCH (:Occupation)-[:REQUIRES]->(s:Skill)
        WHERE size(split(s.label, ' ')) = 3 AND s.label =~ '[a-z ]+'
        RETURN DISTINCT s.uri AS uri, s.label AS label ORDER BY label LIMIT 1""")[0]
    return record["uri"], record["label"]


def ad(ad_id: str, title: str, text: str, **optional: str) -> dict[str, str]:
    return {"id": ad_id, "title": title, "text": text, **optional}


# --- normalizeTitle ---------------------------------------------------------------------------


def test_a_title_that_is_an_occupation_label_ranks_that_occupation_first(
    keyed_api: Api, sample_graph: neo4j.Driver
) -> None:
    uri, label = an_occupation(sample_graph)
    result = post(keyed_api, NORMALIZE, title=f"{label} (m/f/d)", first=3)["normalizeTitle"]
    assert result["__typename"] == "TitleNormalization"
    assert result["semantic"] is False
    occupations = result["occupations"]
    assert [o["rank"] for o in occupations] == [1, 2, 3]
    assert occupations[0]["uri"] == uri and occupations[0]["label"] == label
    assert occupations[0]["occupation"] == {"uri": uri}
    scores = [o["score"] for o in occupations]
    assert scores == sorted(scores, reverse=True)
    assert result["skills"] == []


def test_labelled_titles_from_the_settings_teach_normalize_title(
    neo4j_driver: neo4j.Driver, settings: Settings, sample_graph: neo4j.Driver,
    tmp_path: Path,
) -> None:
    uri, _ = an_occupation(sample_graph)
    title = "zyxwv qutsr"  # shares nothing with any label of the sample
    examples = tmp_path / "labelled.csv"
    examples.write_text(f"title,uri\n{title} senior,{uri}\n", encoding="utf-8")
    taught = settings.model_copy(update={"title_examples": examples})
    for api in make_api(taught, semantic_jobads=False):
        result = post(api, NORMALIZE, title=title, first=1)["normalizeTitle"]
        assert result["occupations"][0]["uri"] == uri


def test_the_text_of_an_ad_re_ranks_by_its_skills_and_only_raises_scores(
    keyed_api: Api, sample_graph: neo4j.Driver
) -> None:
    skill_uri, skill_label = a_skill(sample_graph)
    title = "engineer"
    text = f"We are hiring. You will {skill_label} every day."
    plain = post(keyed_api, NORMALIZE, title=title, first=20)["normalizeTitle"]
    reranked = post(keyed_api, NORMALIZE, title=title, text=text, first=20)["normalizeTitle"]
    assert skill_uri in {s["uri"] for s in reranked["skills"]}
    before = {o["uri"]: o["score"] for o in plain["occupations"]}
    after = {o["uri"]: o["score"] for o in reranked["occupations"]}
    assert all(after[u] >= before[u] - 1e-6 for u in before.keys() & after.keys())


def test_normalize_title_rejects_an_empty_or_over_long_title_and_text(keyed_api: Api) -> None:
    lim = ApiLimits()
    empty = post(keyed_api, NORMALIZE, title="  ")["normalizeTitle"]
    long_title = post(keyed_api, NORMALIZE,
                      title="x" * (lim.max_job_title_length + 1))["normalizeTitle"]
    long_text = post(keyed_api, NORMALIZE, title="nurse",
                     text="y" * (lim.max_job_text_length + 1))["normalizeTitle"]
    assert (empty["__typename"], empty["argument"]) == ("InvalidInput", "title")
    assert (long_title["__typename"], long_title["argument"]) == ("InvalidInput", "title")
    assert (long_text["__typename"], long_text["argument"]) == ("InvalidInput", "text")
    assert f"at most {lim.max_job_text_length:,} characters" in long_text["message"]


def test_first_outside_its_range_is_an_error_naming_the_argument(keyed_api: Api) -> None:
    body = keyed_api.gql(NORMALIZE, title="nurse", first=0)
    assert body["data"] is None
    assert "invalid argument 'first': expected 1 to 50, got 0" in body["errors"][0]["message"]


# --- extractSkills ----------------------------------------------------------------------------


def test_a_skill_named_in_a_text_is_extracted_with_its_span(
    keyed_api: Api, sample_graph: neo4j.Driver
) -> None:
    uri, label = a_skill(sample_graph)
    text = f"Our team is growing. The role: {label}. Apply now."
    result = post(keyed_api, EXTRACT, text=text, first=5)["extractSkills"]
    assert result["__typename"] == "SkillExtraction"
    skills = result["skills"]
    assert 1 <= len(skills) <= 5
    found = {s["uri"]: s for s in skills}
    assert uri in found
    assert found[uri]["skill"] == {"uri": uri} and found[uri]["label"] == label
    for s in skills:
        assert text[s["start"]:s["end"]] == s["span"]
    scores = [s["score"] for s in skills]
    assert scores == sorted(scores, reverse=True)


def test_extract_skills_caps_the_text_length(keyed_api: Api) -> None:
    limit = ApiLimits().max_job_text_length
    result = post(keyed_api, EXTRACT, text="a" * (limit + 1))["extractSkills"]
    assert (result["__typename"], result["argument"]) == ("InvalidInput", "text")


# --- ingestJobAds: API key --------------------------------------------------------------------


def job_ad_count(driver: neo4j.Driver, *ids: str) -> int:
    return int(cypher(driver, "MATCH (j:JobAd) WHERE j.id IN $ids RETURN count(j) AS n",
                      ids=list(ids))[0]["n"])


@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_ingesting_without_the_right_key_is_unauthorized_and_writes_nothing(
    keyed_api: Api, sample_graph: neo4j.Driver, key: str | None
) -> None:
    ads = [ad("api-denied-1", "nurse", "Care for patients.")]
    result = post(keyed_api, INGEST, key=key, ads=ads)["ingestJobAds"]
    assert result["__typename"] == "Unauthorized"
    assert "Authorization" in result["message"] or "API key" in result["message"]
    assert job_ad_count(sample_graph, "api-denied-1") == 0


def test_reads_stay_open_when_a_key_is_configured(
    keyed_api: Api, sample_graph: neo4j.Driver
) -> None:
    result = post(keyed_api, EXTRACT, text="Some text.")["extractSkills"]
    assert result["__typename"] == "SkillExtraction"


def test_invalid_ads_are_reported_by_position_and_field_and_nothing_is_written(
    keyed_api: Api, sample_graph: neo4j.Driver
) -> None:
    ads = [
        ad("api-bad-1", "nurse", "Care for patients.", url="ftp://example.org"),
        ad("api-bad-2", " ", "Some text.", postedAt="14/07/2021"),
        ad("api-bad-1", "cook", "Cook meals."),
    ]
    result = post(keyed_api, INGEST, key=API_KEY, ads=ads)["ingestJobAds"]
    assert result["__typename"] == "InvalidJobAds"
    located = {(p["position"], p["field"]) for p in result["problems"]}
    assert located == {(1, "url"), (2, "title"), (2, "postedAt"), (3, "id")}
    assert job_ad_count(sample_graph, "api-bad-1", "api-bad-2") == 0


def test_too_many_ads_or_an_over_long_text_are_rejected(
    keyed_api: Api, sample_graph: neo4j.Driver
) -> None:
    lim = ApiLimits()
    many = [ad(f"api-many-{i}", "nurse", "Care.") for i in range(lim.max_ads_per_request + 1)]
    too_many = post(keyed_api, INGEST, key=API_KEY, ads=many)["ingestJobAds"]
    assert too_many["__typename"] == "InvalidJobAds"
    assert too_many["problems"] == [{"position": None, "field": "ads", "message":
                                     f"expected 1 to {lim.max_ads_per_request} ads, "
                                     f"got {lim.max_ads_per_request + 1}"}]
    long = [ad("api-long", "nurse", "y" * (lim.max_job_text_length + 1))]
    too_long = post(keyed_api, INGEST, key=API_KEY, ads=long)["ingestJobAds"]
    assert too_long["__typename"] == "InvalidJobAds"
    assert {(p["position"], p["field"]) for p in too_long["problems"]} == {(1, "text")}
    assert job_ad_count(sample_graph, "api-many-0", "api-long") == 0


def test_ads_are_stored_with_their_links_and_re_ingesting_updates_them(
    keyed_api: Api, writable_sample: neo4j.Driver
) -> None:
    skill_uri, skill_label = a_skill(writable_sample)
    occupation_uri, occupation_label = an_occupation(writable_sample)
    first = [ad("api-ad-1", occupation_label, f"Daily work: {skill_label}.",
                url="https://example.org/1")]
    stored = post(keyed_api, INGEST, key=API_KEY, ads=first)["ingestJobAds"]
    assert stored["__typename"] == "IngestedJobAds"
    (ad1,) = stored["ads"]
    assert (ad1["adId"], ad1["title"], ad1["url"]) == ("api-ad-1", occupation_label,
                                                       "https://example.org/1")
    occupations = [e["node"]["uri"] for e in ad1["occupations"]["edges"]]
    assert len(occupations) == 5 and occupations[0] == occupation_uri
    assert skill_uri in {e["node"]["uri"] for e in ad1["skills"]["edges"]}
    edges = cypher(writable_sample, """
        MATCH (:JobAd {id: 'api-ad-1'})-[r:NORMALIZED_TO]->(o) RETURN o.uri AS uri, r.rank AS rank
        ORDER BY rank""")
    assert [(r["uri"], r["rank"]) for r in edges] == [(u, i) for i, u in enumerate(occupations, 1)]

    again = [ad("api-ad-1", "completely different title", "Nothing here.")]
    updated = post(keyed_api, INGEST, key=API_KEY, ads=again)["ingestJobAds"]
    assert updated["ads"][0]["title"] == "completely different title"
    assert updated["ads"][0]["url"] is None
    assert job_ad_count(writable_sample, "api-ad-1") == 1
    mentions = cypher(writable_sample, """
        MATCH (:JobAd {id: 'api-ad-1'})-[:MENTIONS]->(s:Skill {uri: $uri}) RETURN count(*) AS n""",
                      uri=skill_uri)
    assert mentions[0]["n"] == 0  # the old links were replaced


TWICE = """
mutation($a: [JobAdInput!]!, $b: [JobAdInput!]!) {
  a: ingestJobAds(ads: $a) { ... on IngestedJobAds { ads { title url
    skills(first: 50) { edges { node { uri } } } } } }
  b: ingestJobAds(ads: $b) { ... on IngestedJobAds { ads { title url
    skills(first: 50) { edges { node { uri } } } } } }
}"""


def test_a_second_ingest_of_an_ad_in_one_mutation_reads_back_what_it_wrote(
    keyed_api: Api, writable_sample: neo4j.Driver
) -> None:
    skill_uri, skill_label = a_skill(writable_sample)
    result = post(keyed_api, TWICE, key=API_KEY,
                  a=[ad("api-twice", "first title", f"Daily work: {skill_label}.",
                        url="https://example.org/a")],
                  b=[ad("api-twice", "second title", "Nothing here.")])
    (a,), (b,) = result["a"]["ads"], result["b"]["ads"]
    assert (a["title"], a["url"]) == ("first title", "https://example.org/a")
    assert skill_uri in {e["node"]["uri"] for e in a["skills"]["edges"]}
    assert (b["title"], b["url"]) == ("second title", None)
    stored = cypher(writable_sample, "MATCH (:JobAd {id: 'api-twice'})-[:MENTIONS]->(s) "
                    "RETURN s.uri AS uri")
    assert {e["node"]["uri"] for e in b["skills"]["edges"]} == {r["uri"] for r in stored}
    assert skill_uri not in {r["uri"] for r in stored}


# --- laziness and the default (hybrid) path ---------------------------------------------------


def test_importing_the_app_loads_no_model_library() -> None:
    code = ("import sys, api.app, api.main; "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'sklearn') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_ready_and_startup_do_not_build_the_job_ad_models(
    neo4j_driver: neo4j.Driver, settings: Settings
) -> None:
    for api in make_api(settings):
        assert api.client.get("/ready").json()["jobAdModels"] == "on first use"
        app = cast(Any, api.client.app)
        assert app.state.jobad_models.built is False


def test_the_warm_up_builds_the_job_ad_models_before_any_request_needs_them(
    neo4j_driver: neo4j.Driver, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    uri, label = an_occupation(sample_graph)
    for api in make_api(settings, semantic_jobads=False, warm_jobads=True):
        models = cast(Any, api.client.app).state.jobad_models
        deadline = time.monotonic() + 120
        while not models.built and time.monotonic() < deadline:
            time.sleep(0.1)
        assert models.built  # no request has asked for them
        assert api.client.get("/ready").json()["jobAdModels"] == "built"
        built = models.build()
        result = post(api, NORMALIZE, title=label, first=3)["normalizeTitle"]
        assert result["occupations"][0]["uri"] == uri
        assert models.build() is built


def test_the_default_path_uses_minilm_and_builds_the_models_once(
    neo4j_driver: neo4j.Driver, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    uri, label = an_occupation(sample_graph)
    for api in make_api(settings):
        models = cast(Any, api.client.app).state.jobad_models
        result = post(api, NORMALIZE, title=label, first=3)["normalizeTitle"]
        assert result["semantic"] is True
        assert result["occupations"][0]["uri"] == uri
        built = models.build()
        skills = post(api, EXTRACT, text=f"You will {a_skill(sample_graph)[1]}.")
        assert skills["extractSkills"]["semantic"] is True
        assert models.build() is built
