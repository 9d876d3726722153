"""``skillgraph cypher`` without a terminal: -c, -f, stdin; table, JSON and CSV output."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from graph.cli.main import app

pytestmark = pytest.mark.integration

runner = CliRunner()


def test_command_prints_a_table_and_exits_zero(tiny_graph: neo4j.Driver) -> None:
    result = runner.invoke(app, ["cypher", "-c", "MATCH (s:Skill) RETURN s.label AS skill "
                                 "ORDER BY skill"])
    assert result.exit_code == 0, result.output
    assert "skill" in result.stdout and "Python" in result.stdout and "SQL" in result.stdout
    assert "2 rows" in result.stdout


def test_json_output_has_one_object_per_statement_with_converted_values(
    tiny_graph: neo4j.Driver,
) -> None:
    result = runner.invoke(app, [
        "cypher", "--format", "json", "-c",
        "MATCH (s:Skill {uri: $uri}) RETURN s, s.altLabels AS alt; RETURN $n * 2 AS twice",
        "--param", "uri=urn:test:skill:py", "--param", "n=21",
    ])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [d["columns"] for d in doc] == [["s", "alt"], ["twice"]]
    node, alt = doc[0]["rows"][0]
    assert node["labels"] == ["Skill"]
    assert node["properties"]["label"] == "Python"
    assert alt == ["Python3"]
    assert doc[1]["rows"] == [[42]]
    assert doc[1]["counters"] == {}


def test_csv_output_has_a_header_and_a_line_per_row(tiny_graph: neo4j.Driver) -> None:
    result = runner.invoke(app, ["cypher", "--format", "csv", "-c",
                                 "MATCH (:Occupation)-[r:REQUIRES]->(s:Skill) "
                                 "RETURN s.label AS skill, r.essential AS essential "
                                 "ORDER BY skill"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "skill,essential\nPython,true\nSQL,false\n"


def test_a_file_runs_every_statement_with_its_header_defaults_overridable(
    tiny_graph: neo4j.Driver, tmp_path: Path
) -> None:
    script = tmp_path / "q.cypher"
    script.write_text(
        "// Which skill has this label?\n// @param label = \"SQL\"\n"
        "MATCH (s:Skill {label: $label}) // a comment; with a semicolon\n"
        "RETURN s.uri AS uri;\n/* second */ RETURN 'x;y' AS text;\n"
    )
    result = runner.invoke(app, ["cypher", "--format", "json", "-f", str(script)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc[0]["rows"] == [["urn:test:skill:sql"]]
    assert doc[1]["rows"] == [["x;y"]]
    overridden = runner.invoke(app, ["cypher", "--format", "json", "-f", str(script),
                                     "-p", "label=Python"])
    assert json.loads(overridden.stdout)[0]["rows"] == [["urn:test:skill:py"]]


def test_statements_piped_on_stdin_run_in_order(tiny_graph: neo4j.Driver) -> None:
    result = runner.invoke(app, ["cypher", "--format", "csv"],
                           input="RETURN 1 AS a;\n// comment\nRETURN 2 AS b;\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "a\n1\n\nb\n2\n"


def test_a_write_is_refused_without_write_with_a_message_and_no_traceback(
    tiny_graph: neo4j.Driver,
) -> None:
    result = runner.invoke(app, ["cypher", "-c", "CREATE (:Skill {uri: 'urn:x'})"])
    assert result.exit_code == 1
    assert "Writing in read access mode not allowed" in result.stderr
    assert "--write" in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_write_allows_writes(tiny_graph: neo4j.Driver) -> None:
    result = runner.invoke(app, ["cypher", "--write", "--format", "json", "-c",
                                 "CREATE (s:Skill {uri: 'urn:x'}) RETURN s.uri AS uri"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["counters"]["nodes_created"] == 1
    stored = tiny_graph.execute_query("MATCH (s:Skill {uri: 'urn:x'}) RETURN count(s) AS c")
    assert stored.records[0]["c"] == 1


def test_a_failing_statement_stops_the_script_names_it_and_exits_non_zero(
    tiny_graph: neo4j.Driver,
) -> None:
    result = runner.invoke(app, ["cypher", "--format", "json", "-c",
                                 "RETURN 1 AS ok; RETURN nope AS bad; RETURN 3 AS never"])
    assert result.exit_code == 1
    assert "statement 2 of 3" in result.stderr
    assert "Variable `nope` not defined" in result.stderr
    assert [d["columns"] for d in json.loads(result.stdout)] == [["ok"]]


def test_a_malformed_param_option_is_rejected_before_connecting() -> None:
    result = runner.invoke(app, ["cypher", "-c", "RETURN 1", "--param", "no-equals"])
    assert result.exit_code == 1
    assert "expected --param NAME=VALUE" in result.stderr


def test_the_table_shows_at_most_limit_rows(tiny_graph: neo4j.Driver) -> None:
    result = runner.invoke(app, ["cypher", "--limit", "2", "-c",
                                 "UNWIND range(1, 5) AS x RETURN x"])
    assert result.exit_code == 0, result.output
    assert "2 rows shown (more were discarded)" in result.stdout


def test_a_statement_running_past_the_timeout_is_stopped_by_the_server(
    tiny_graph: neo4j.Driver,
) -> None:
    result = runner.invoke(app, ["cypher", "--timeout", "0.5", "-c",
                                 "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 "
                                 "RETURN count(*) AS c"])
    assert result.exit_code == 1
    assert "TransactionTimedOut" in result.stderr
