"""The bundled sample: small, reproducible from the full data, and covering the graph model."""

from __future__ import annotations

import filecmp
from pathlib import Path

import neo4j
import pytest

from graph.sample.cut import main as cut

DATA_FILES = ("esco-v1.1.1", "onet-29.2", "crosswalks")


def sample_files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for d in DATA_FILES for p in (folder / d).rglob("*")
                  if p.is_file())


def test_the_sample_is_small_and_has_a_readme_with_attribution(sample_dir: Path) -> None:
    size = sum((sample_dir / p).stat().st_size for p in sample_files(sample_dir))
    assert 0 < size < 5_500_000
    readme = (sample_dir / "README.md").read_text(encoding="utf-8")
    assert "This service uses the ESCO classification of the European Commission" in readme
    assert "CC BY 4.0" in readme


def test_cutting_again_reproduces_the_bundled_files(
    sample_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    assert cut([str(data_dir), str(tmp_path)]) == 0
    assert sample_files(tmp_path) == sample_files(sample_dir)
    for rel in sample_files(sample_dir):
        assert filecmp.cmp(tmp_path / rel, sample_dir / rel, shallow=False), rel


@pytest.mark.integration
def test_the_loaded_sample_has_every_relationship_of_the_graph_model(
    sample_graph: neo4j.Driver,
) -> None:
    records = sample_graph.execute_query(
        "MATCH (a)-[r]->(b) RETURN DISTINCT labels(a)[0] AS a, type(r) AS t, labels(b)[0] AS b"
    ).records
    found = {(r["a"], r["t"], r["b"]) for r in records}
    expected = {
        ("SkillGroup", "BROADER", "SkillGroup"), ("Skill", "BROADER", "Skill"),
        ("Skill", "BROADER", "SkillGroup"), ("Skill", "RELATED_TO", "Skill"),
        ("Occupation", "REQUIRES", "Skill"), ("Occupation", "BROADER", "Occupation"),
        ("Occupation", "BROADER", "IscoGroup"), ("IscoGroup", "BROADER", "IscoGroup"),
        ("Occupation", "MAPS_TO", "OnetOccupation"), ("IscoGroup", "MAPS_TO", "OnetOccupation"),
        ("OnetOccupation", "RATES", "OnetDescriptor"),
        ("OnetOccupation", "USES_TECHNOLOGY", "Technology"),
        ("OnetOccupation", "RELATED_OCCUPATION", "OnetOccupation"),
        ("Program", "PREPARES_FOR", "OnetOccupation"),
    }
    assert expected <= found


@pytest.mark.integration
def test_every_sample_occupation_with_a_crosswalk_row_maps_to_onet(
    sample_graph: neo4j.Driver,
) -> None:
    unmapped = sample_graph.execute_query(
        "MATCH (o:Occupation) WHERE NOT (o)-[:MAPS_TO]->() AND NOT (o)-[:BROADER]->(:Occupation) "
        "RETURN count(o) AS n"
    ).records[0]["n"]
    mapped = sample_graph.execute_query(
        "MATCH (o:Occupation)-[:MAPS_TO]->() RETURN count(DISTINCT o) AS n").records[0]["n"]
    assert unmapped == 0
    assert mapped >= 90
