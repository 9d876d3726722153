"""``skillgraph load`` and ``skillgraph stats`` end to end against the real Neo4j."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from graph.cli.main import app
from graph.schema import clear_graph, graph_counts
from graph.settings import Settings

pytestmark = pytest.mark.integration

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout if "--json" in args else result.output


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def excel_rows(path: Path) -> int:
    table = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return sum(1 for row in table[1:] if any(str(c).strip() for c in row))


def test_dry_run_validates_the_sample_and_writes_nothing(
    empty_graph: neo4j.Driver, sample_dir: Path
) -> None:
    code, out = invoke("load", "all", str(sample_dir), "--dry-run", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["dry_run"] is True
    assert report["rows_read"] > 10_000
    assert graph_counts(empty_graph) == {"nodes": {}, "relationships": {}}


def _crosswalks_skipped_by_a_real_load(driver: neo4j.Driver, folder: Path) -> int:
    """What a real load would skip: the crosswalks prepared against the keys in ``driver``."""
    from graph.loaders.base import KnownKeys, database_key_lookup
    from graph.loaders.crosswalks import prepare_crosswalks
    from graph.loaders.sources import DataSource

    source = DataSource(folder)
    try:
        prepared = prepare_crosswalks(source, KnownKeys(database_key_lookup(driver)))
    finally:
        source.close()
    return sum(s.rows_skipped for s in prepared.stats)


def test_a_dry_run_of_crosswalks_on_a_loaded_graph_consults_the_keys_in_it(
    sample_graph: neo4j.Driver, sample_dir: Path
) -> None:
    folder = sample_dir / "crosswalks"
    code, out = invoke("load", "crosswalks", str(folder), "--dry-run", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["rows_skipped"] == _crosswalks_skipped_by_a_real_load(sample_graph, folder)
    assert report["rows_skipped"] < report["rows_read"] / 2
    code, out = invoke("load", "crosswalks", str(folder), "--dry-run", "--strict")
    assert code == 0, out
    assert "not consulted" not in out


def test_a_dry_run_without_neo4j_warns_that_the_keys_in_the_database_were_not_consulted(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    from graph.settings import get_settings

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    get_settings.cache_clear()
    try:
        code, out = invoke("load", "crosswalks", str(sample_dir / "crosswalks"), "--dry-run")
    finally:
        get_settings.cache_clear()
    said = " ".join(out.split())
    assert code == 0, out
    assert "keys already in the database were not consulted" in said
    assert "Occupation" in said and f"127.0.0.1:{port}" in said


def test_a_broken_file_exits_non_zero_naming_file_row_and_column_and_writes_nothing(
    empty_graph: neo4j.Driver, sample_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "esco"
    shutil.copytree(sample_dir / "esco-v1.1.1", broken)
    skills = broken / "skills_en.csv"
    with skills.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[2][rows[0].index("conceptUri")] = "not-a-uri"  # spreadsheet row 3
    with skills.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    code, out = invoke("load", "esco", str(broken))
    assert code == 2
    assert "skills_en.csv" in out and "row 3" in out and "conceptUri" in out
    assert graph_counts(empty_graph) == {"nodes": {}, "relationships": {}}


def test_stats_json_reports_counts_by_label_and_type(
    sample_graph: neo4j.Driver,
) -> None:
    code, out = invoke("stats", "--json")
    assert code == 0, out
    counts = json.loads(out)
    assert counts == graph_counts(sample_graph)
    assert counts["nodes"]["Skill"] > 1000
    assert counts["relationships"]["REQUIRES"] > 1000


@pytest.mark.full_data
def test_load_all_of_the_shared_data_matches_the_source_files_and_is_idempotent(
    empty_graph: neo4j.Driver, data_dir: Path
) -> None:
    esco = data_dir / "esco-v1.1.1"
    onet = data_dir / "onet-29.2"
    skills = {r["conceptUri"] for r in csv_rows(esco / "skills_en.csv")}
    occupations = {r["conceptUri"] for r in csv_rows(esco / "occupations_en.csv")}
    requires = [
        r for r in csv_rows(esco / "occupationSkillRelations.csv")
        if r["occupationUri"] in occupations and r["skillUri"] in skills
    ]

    code, out = invoke("load", "all", str(data_dir), "--json")
    assert code == 0, out
    first = json.loads(out)
    counts = graph_counts(empty_graph)

    assert counts["nodes"]["Skill"] == len(skills) == 13_896
    assert counts["nodes"]["Occupation"] == len(occupations) == 3_007
    assert counts["relationships"]["REQUIRES"] == len(requires) == 123_788
    assert counts["nodes"]["OnetOccupation"] == excel_rows(onet / "Occupation Data.xlsx") == 1_016
    assert counts["relationships"]["RELATED_OCCUPATION"] == excel_rows(
        onet / "Related Occupations.xlsx"
    )
    for label in ("SkillGroup", "IscoGroup", "OnetDescriptor", "Technology", "Program"):
        assert counts["nodes"][label] > 0
    for rel in ("BROADER", "RELATED_TO", "RATES", "USES_TECHNOLOGY", "MAPS_TO", "PREPARES_FOR"):
        assert counts["relationships"][rel] > 0
    assert first["relationships_created"] == sum(counts["relationships"].values())
    skipped = {
        Path(f["file"]).name: f["skipped"] for f in first["files"] if f["rows_skipped"]
    }
    assert any(
        sum(s["count"] for s in v.values()) == 67 for k, v in skipped.items()
        if k == "occupationSkillRelations.csv"
    ), skipped

    code, out = invoke("load", "all", str(data_dir), "--json")
    assert code == 0, out
    second = json.loads(out)
    assert second["nodes_created"] == 0
    assert second["relationships_created"] == 0
    assert graph_counts(empty_graph) == counts


def test_a_load_killed_halfway_and_run_again_converges_to_the_same_graph(
    empty_graph: neo4j.Driver, sample_dir: Path, settings: Settings
) -> None:
    env = {**os.environ, "SKILLGRAPH_BATCH_SIZE": "100"}
    if settings.uses_local_server:
        env["SKILLGRAPH_LOCAL_BOLT_PORT"] = str(settings.local_bolt_port)
    cmd = [sys.executable, "-m", "graph.cli.main", "load", "all", str(sample_dir)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            rels = empty_graph.execute_query("MATCH ()-[r:REQUIRES]->() RETURN count(r) AS n")
            if rels.records[0]["n"] > 0:
                break
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    partial = graph_counts(empty_graph)
    assert partial["relationships"].get("REQUIRES", 0) > 0  # it really stopped mid-way
    assert partial["relationships"].get("PREPARES_FOR", 0) == 0

    code, out = invoke("load", "all", str(sample_dir))
    assert code == 0, out
    resumed = graph_counts(empty_graph)
    clear_graph(empty_graph, drop_schema=True)
    code, out = invoke("load", "all", str(sample_dir))
    assert code == 0, out
    assert graph_counts(empty_graph) == resumed
