"""The database seam: driver errors become SkillgraphError subclasses at the boundary."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import neo4j
import pytest

from graph.errors import DatabaseError
from graph.jobads.predict import ad_evidence_from_graph
from graph.loaders.base import database_key_lookup
from graph.schema import apply_schema, graph_counts
from graph.settings import Settings

pytestmark = pytest.mark.integration

NO_SUCH_DATABASE = "skills"  # Community has only "neo4j" (and "system")

CALLS: dict[str, Callable[[neo4j.Driver], Any]] = {
    "apply_schema": lambda d: apply_schema(d, database=NO_SUCH_DATABASE),
    "graph_counts": lambda d: graph_counts(d, database=NO_SUCH_DATABASE),
    "database_key_lookup": lambda d: database_key_lookup(d, NO_SUCH_DATABASE)("Skill", "uri"),
    "ad_evidence_from_graph": lambda d: ad_evidence_from_graph(d, database=NO_SUCH_DATABASE),
}


@pytest.mark.parametrize("call", list(CALLS))
def test_a_database_that_does_not_exist_is_a_database_error_naming_the_setting(
    call: str, neo4j_driver: neo4j.Driver,
) -> None:
    with pytest.raises(DatabaseError) as caught:
        CALLS[call](neo4j_driver)
    assert "DatabaseNotFound" in str(caught.value)
    assert "NEO4J_DATABASE" in str(caught.value)
    assert isinstance(caught.value.__cause__, neo4j.exceptions.Neo4jError)


def test_the_cli_reports_a_missing_database_in_one_line_without_a_traceback(
    neo4j_driver: neo4j.Driver, settings: Settings,
) -> None:
    env = {**os.environ, "NEO4J_DATABASE": NO_SUCH_DATABASE, "COLUMNS": "500"}
    if settings.uses_local_server:
        env["SKILLGRAPH_LOCAL_BOLT_PORT"] = str(settings.local_bolt_port)
    proc = subprocess.run([sys.executable, "-m", "graph.cli.main", "stats"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("error:") and "NEO4J_DATABASE" in line
