"""Integration tests: SkillSpan sample postings ingested into the real Neo4j with the sample
ESCO subset loaded, then the JobAd nodes and their edges queried back."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest

from graph.jobads import queries
from graph.jobads.extract import SkillExtractor
from graph.jobads.ingest import JobAdAnnotator, prepare_job_ads
from graph.jobads.labels import EscoCatalog, catalog_from_graph
from graph.jobads.normalize import TitleNormalizer
from graph.loaders.base import write_prepared
from graph.loaders.esco import prepare_esco
from graph.loaders.sources import DataSource

pytestmark = pytest.mark.integration

SAMPLE = Path(__file__).resolve().parents[3] / "graph" / "sample"
POSTINGS = SAMPLE / "job-ads" / "postings.jsonl"
K_OCCUPATIONS = 3


@pytest.fixture
def esco_graph(empty_graph: neo4j.Driver) -> neo4j.Driver:
    source = DataSource(SAMPLE / "esco-v1.1.1")
    try:
        write_prepared(empty_graph, [prepare_esco(source)])
    finally:
        source.close()
    return empty_graph


def _annotator(catalog: EscoCatalog) -> JobAdAnnotator:
    # lexical only: MiniLM is exercised by the benchmark, not by the test suite
    return JobAdAnnotator(TitleNormalizer(catalog, None), SkillExtractor(catalog, None),
                          k_occupations=K_OCCUPATIONS, k_skills=10)


def _ingest(driver: neo4j.Driver, path: Path) -> None:
    annotator = _annotator(catalog_from_graph(driver))
    write_prepared(driver, [prepare_job_ads(path, annotator=annotator)])


def _count(driver: neo4j.Driver, query: str) -> int:
    return int(driver.execute_query(query).records[0][0])


def test_catalog_from_graph_reads_labels_and_requires(esco_graph: neo4j.Driver) -> None:
    catalog = catalog_from_graph(esco_graph)
    assert len(catalog.occupations) == _count(esco_graph, "MATCH (o:Occupation) RETURN count(o)")
    assert len(catalog.skills) == _count(esco_graph, "MATCH (s:Skill) RETURN count(s)")
    assert sum(len(v) for v in catalog.requires.values()) == _count(
        esco_graph, "MATCH (:Occupation)-[r:REQUIRES]->(:Skill) RETURN count(r)")
    stored = {
        (r["o"], r["s"], r["essential"]) for r in esco_graph.execute_query(
            "MATCH (o:Occupation)-[r:REQUIRES]->(s:Skill) "
            "RETURN o.uri AS o, s.uri AS s, coalesce(r.essential, false) AS essential").records
    }
    read = {(o, s, e) for o, pairs in catalog.requires.items() for s, e in pairs}
    assert read == stored
    assert {e for _, _, e in read} == {True, False}
    assert any(c.alt_labels for c in catalog.occupations)


def test_postings_become_job_ads_linked_to_occupations_and_skills(
    esco_graph: neo4j.Driver,
) -> None:
    _ingest(esco_graph, POSTINGS)
    ads = [json.loads(line) for line in POSTINGS.read_text(encoding="utf-8").splitlines()]
    assert _count(esco_graph, "MATCH (j:JobAd) RETURN count(j)") == len(ads)
    for ad in ads:
        occupations = esco_graph.execute_query(queries.JOB_AD_OCCUPATIONS, id=ad["id"]).records
        assert [r["rank"] for r in occupations] == list(range(1, K_OCCUPATIONS + 1))
        scores = [r["score"] for r in occupations]
        assert scores == sorted(scores, reverse=True)
        skills = esco_graph.execute_query(queries.JOB_AD_SKILLS, id=ad["id"]).records
        assert 0 < len(skills) <= 10
        for r in skills:
            assert r["span"] in ad["text"]
            assert r["score"] > 0


def test_an_ad_titled_like_an_occupation_is_normalized_to_it_first(
    esco_graph: neo4j.Driver, tmp_path: Path
) -> None:
    path = tmp_path / "ads.csv"
    path.write_text("id,title,text\nx1,Sewing Machinist (m/f/d),"
                    "You operate industrial sewing machines.\n", encoding="utf-8")
    _ingest(esco_graph, path)
    (best, *_) = esco_graph.execute_query(queries.JOB_AD_OCCUPATIONS, id="x1").records
    assert (best["label"], best["rank"]) == ("sewing machinist", 1)


def test_reingesting_updates_the_ad_and_replaces_its_links(
    esco_graph: neo4j.Driver, tmp_path: Path
) -> None:
    _ingest(esco_graph, POSTINGS)
    edges_before = _count(esco_graph, "MATCH (:JobAd)-[r]->() RETURN count(r)")
    ads = [json.loads(line) for line in POSTINGS.read_text(encoding="utf-8").splitlines()]
    ads[0]["title"] = "Registered nurse"
    changed = tmp_path / "postings.jsonl"
    changed.write_text("".join(json.dumps(a) + "\n" for a in ads), encoding="utf-8")
    _ingest(esco_graph, changed)
    assert _count(esco_graph, "MATCH (j:JobAd) RETURN count(j)") == len(ads)
    title = esco_graph.execute_query("MATCH (j:JobAd {id: $id}) RETURN j.title",
                                     id=ads[0]["id"]).records[0][0]
    assert title == "Registered nurse"
    assert _count(esco_graph, "MATCH (j:JobAd)-[r:NORMALIZED_TO]->() RETURN count(r)") == (
        len(ads) * K_OCCUPATIONS)
    # same texts, so the same skills: no duplicated MENTIONS edges
    assert _count(esco_graph, "MATCH (:JobAd)-[r]->() RETURN count(r)") == edges_before


def _snapshot(driver: neo4j.Driver) -> list[tuple[str, str, list[str]]]:
    """Every ad's id and title, and its links (type, target and score) in order."""
    return [(r["id"], r["title"], r["links"]) for r in driver.execute_query(
        "MATCH (j:JobAd) OPTIONAL MATCH (j)-[r]->(n) "
        "WITH j, r, n ORDER BY type(r), n.uri "
        "WITH j, collect(type(r) + ' ' + n.uri + ' ' + toString(r.score)) AS links "
        "RETURN j.id AS id, j.title AS title, links ORDER BY id").records]


def test_an_invalid_file_leaves_the_ads_and_links_in_the_graph_unchanged(
    esco_graph: neo4j.Driver, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from graph.cli.main import app

    _ingest(esco_graph, POSTINGS)
    before = _snapshot(esco_graph)
    first = json.loads(POSTINGS.read_text(encoding="utf-8").splitlines()[0])
    bad = tmp_path / "ads.jsonl"
    bad.write_text(json.dumps({**first, "title": "Registered nurse"}) + "\n"
                   '{"id": "b", "title": ""}\n', encoding="utf-8")

    result = CliRunner().invoke(app, ["load", "job-ads", str(bad), "--lexical-only"])

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "row 2, column 'title'" in said and "row 2, column 'text'" in said
    assert _snapshot(esco_graph) == before


def test_ads_without_annotation_are_written_without_edges(esco_graph: neo4j.Driver) -> None:
    write_prepared(esco_graph, [prepare_job_ads(SAMPLE / "job-ads")])
    assert _count(esco_graph, "MATCH (j:JobAd) RETURN count(j)") == 5
    assert _count(esco_graph, "MATCH (:JobAd)-[r]->() RETURN count(r)") == 0


def test_reingesting_without_annotation_drops_the_links_of_ads_whose_text_changed(
    esco_graph: neo4j.Driver, tmp_path: Path
) -> None:
    _ingest(esco_graph, POSTINGS)
    ads = [json.loads(line) for line in POSTINGS.read_text(encoding="utf-8").splitlines()]
    edges = "MATCH (j:JobAd {id: $id})-[r:NORMALIZED_TO|MENTIONS]->() RETURN count(r)"

    def links(ad_id: str) -> int:
        return int(esco_graph.execute_query(edges, id=ad_id).records[0][0])

    kept = {ad["id"]: links(ad["id"]) for ad in ads[2:]}
    assert links(ads[0]["id"]) > 0 and links(ads[1]["id"]) > 0 and all(kept.values())
    ads[0]["title"] = "Registered nurse"
    ads[1]["text"] = "You care for patients on a hospital ward."
    changed = tmp_path / "postings.jsonl"
    changed.write_text("".join(json.dumps(a) + "\n" for a in ads), encoding="utf-8")

    write_prepared(esco_graph, [prepare_job_ads(changed)])  # as `load job-ads --no-annotate`

    assert links(ads[0]["id"]) == 0 and links(ads[1]["id"]) == 0
    assert {ad["id"]: links(ad["id"]) for ad in ads[2:]} == kept  # unchanged ads keep theirs
    title = esco_graph.execute_query("MATCH (j:JobAd {id: $id}) RETURN j.title",
                                     id=ads[0]["id"]).records[0][0]
    assert title == "Registered nurse"


def test_the_ads_in_the_graph_are_read_back_as_evidence_for_job_skills(
    esco_graph: neo4j.Driver,
) -> None:
    from graph.jobads.predict import JobSkillPredictor, ad_evidence_from_graph

    _ingest(esco_graph, POSTINGS)
    evidence = ad_evidence_from_graph(esco_graph)
    assert len(evidence) == _count(esco_graph, "MATCH (j:JobAd) RETURN count(j)")
    assert sum(len(s) for s in evidence.skills) == _count(
        esco_graph, "MATCH (:JobAd)-[m:MENTIONS]->(:Skill) RETURN count(m)")
    catalog = catalog_from_graph(esco_graph)
    predictor = JobSkillPredictor(TitleNormalizer(catalog, None), evidence=evidence)
    mentioned = {uri for found in evidence.skills for uri in found}
    (skills,) = predictor.predict([evidence.titles[0]], k=5)
    assert skills and {c.uri for c in skills} & mentioned
