"""The console's ``:commands`` and statements, printed to a recording rich console."""

from __future__ import annotations

import uuid
from pathlib import Path

import neo4j
import pytest
from rich.console import Console

from graph.console.runner import CypherRunner
from graph.console.session import ConsoleSession, ExitConsole

pytestmark = pytest.mark.integration


def session(driver: neo4j.Driver, *, write: bool = False) -> ConsoleSession:
    console = Console(record=True, width=200, color_system=None)
    return ConsoleSession(CypherRunner(driver, write=write), console)


def output(s: ConsoleSession) -> str:
    return s.console.export_text()


def test_a_statement_prints_a_table_and_a_summary(tiny_graph: neo4j.Driver) -> None:
    s = session(tiny_graph)
    s.execute("MATCH (s:Skill)\nRETURN s.label AS skill ORDER BY skill;")
    text = output(s)
    assert "skill" in text and "Python" in text and "SQL" in text
    assert "2 rows;" in text


def test_a_write_in_read_only_mode_prints_neo4js_message_not_a_traceback(
    tiny_graph: neo4j.Driver,
) -> None:
    s = session(tiny_graph)
    s.execute("CREATE (:Skill {uri: 'urn:x'});")
    text = output(s)
    assert "error:" in text and "Writing in read access mode not allowed" in text
    assert "Traceback" not in text


def test_param_takes_json_or_a_cypher_expression_and_statements_use_it(
    tiny_graph: neo4j.Driver,
) -> None:
    s = session(tiny_graph)
    s.execute(':param uri => "urn:test:skill:py"')
    s.execute(":param names => ['Python', 'SQL']")
    s.execute(":param day => date('2024-01-31')")
    assert s.parameters["uri"] == "urn:test:skill:py"
    assert s.parameters["names"] == ["Python", "SQL"]
    s.execute(":params")
    s.execute("MATCH (x:Skill {uri: $uri}) RETURN x.label AS found, $names AS names;")
    text = output(s)
    assert "$day = 2024-01-31" in text
    assert "found" in text and "Python" in text


def test_params_clear_forgets_every_parameter(tiny_graph: neo4j.Driver) -> None:
    s = session(tiny_graph)
    s.execute(":param k => 1")
    s.execute(":params clear")
    assert s.parameters == {}


def test_schema_lists_labels_types_constraints_and_indexes(tiny_graph: neo4j.Driver) -> None:
    s = session(tiny_graph)
    s.execute(":schema")
    text = output(s)
    labels = next(line for line in text.splitlines() if line.startswith("Labels: "))
    assert {"Occupation", "Skill"} <= set(labels.removeprefix("Labels: ").split(", "))
    assert "REQUIRES" in next(line for line in text.splitlines()
                              if line.startswith("Relationship types: "))
    assert "skill_uri" in text and "UNIQUENESS" in text
    assert "skill_text" in text and "FULLTEXT" in text


def test_explain_prints_the_plan_without_running_and_profile_adds_db_hits(
    tiny_graph: neo4j.Driver,
) -> None:
    s = session(tiny_graph)
    s.execute(":explain MATCH (x:Skill) RETURN x.label")
    explained = output(s)
    assert "ProduceResults" in explained and "+- " in explained and "hits" not in explained
    s.execute(":profile MATCH (x:Skill) RETURN x.label AS label")
    profiled = output(s)
    assert "rows 2" in profiled and "db hits" in profiled


def test_source_runs_each_statement_of_a_file(tiny_graph: neo4j.Driver, tmp_path: Path) -> None:
    script = tmp_path / "two.cypher"
    script.write_text("// two statements\nRETURN 'a;b' AS first;\nRETURN $n + 1 AS second;\n"
                      .replace("// two statements", "// two statements\n// @param n = 41"))
    s = session(tiny_graph)
    s.execute(f":source {script}")
    text = output(s)
    assert "statement 1 of 2" in text and "a;b" in text
    assert "statement 2 of 2" in text and "42" in text


def test_completion_catalog_is_refreshed_after_a_write(tiny_graph: neo4j.Driver) -> None:
    label = f"Fresh{uuid.uuid4().hex}"
    s = session(tiny_graph, write=True)
    s.refresh_catalog()
    assert label not in s.catalog.labels
    s.execute(f"CREATE (:{label} {{uri: 'urn:fresh'}});")
    assert label in s.catalog.labels


def test_an_unknown_command_is_named_and_exit_leaves(tiny_graph: neo4j.Driver) -> None:
    s = session(tiny_graph)
    s.execute(":nonsense")
    assert "unknown command ':nonsense'" in output(s)
    with pytest.raises(ExitConsole):
        s.execute(":exit")
