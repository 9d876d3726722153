"""Running statements against the real Neo4j: read-only refusal, writes, rows and plans."""

from __future__ import annotations

import neo4j
import pytest

from graph.console.runner import CypherRunner
from graph.console.values import to_plain, to_text
from graph.errors import DatabaseError

pytestmark = pytest.mark.integration


def test_a_write_is_refused_in_read_only_mode_with_neo4js_own_message(
    tiny_graph: neo4j.Driver,
) -> None:
    runner = CypherRunner(tiny_graph)
    with pytest.raises(DatabaseError) as caught:
        runner.run("CREATE (:Skill {uri: 'urn:test:skill:new'})")
    message = str(caught.value)
    assert "Neo.ClientError.Statement.AccessMode" in message
    assert "Writing in read access mode not allowed" in message
    assert "--write" in message
    count = tiny_graph.execute_query("MATCH (s:Skill) RETURN count(s) AS c").records[0]["c"]
    assert count == 2


def test_a_write_runs_and_reports_its_counters_when_writes_are_allowed(
    tiny_graph: neo4j.Driver,
) -> None:
    result = CypherRunner(tiny_graph, write=True).run(
        "CREATE (s:Skill {uri: $uri}) RETURN s.uri AS uri", {"uri": "urn:test:skill:new"}
    )
    assert result.rows == [["urn:test:skill:new"]]
    assert result.counters == {"nodes_created": 1, "properties_set": 1, "labels_added": 1}


def test_rows_beyond_the_limit_are_discarded_and_the_result_says_so(
    tiny_graph: neo4j.Driver,
) -> None:
    result = CypherRunner(tiny_graph).run("UNWIND range(1, 10) AS x RETURN x", max_rows=3)
    assert result.rows == [[1], [2], [3]]
    assert result.truncated
    assert not CypherRunner(tiny_graph).run("RETURN 1 AS x", max_rows=1).truncated


def test_a_syntax_error_carries_the_servers_code_and_position(tiny_graph: neo4j.Driver) -> None:
    with pytest.raises(DatabaseError, match=r"Neo.ClientError.Statement.SyntaxError.*line 1"):
        CypherRunner(tiny_graph).run("MATCH (n RETURN n")


def test_profile_returns_a_plan_with_rows_and_db_hits(tiny_graph: neo4j.Driver) -> None:
    result = CypherRunner(tiny_graph).run("PROFILE MATCH (s:Skill) RETURN s.label AS label")
    assert result.profiled and result.plan is not None
    assert sorted(r[0] for r in result.rows) == ["Python", "SQL"]
    assert result.plan["operatorType"].startswith("ProduceResults")
    assert result.plan["children"][0]["rows"] == 2


def test_nodes_relationships_and_paths_become_plain_data(tiny_graph: neo4j.Driver) -> None:
    result = CypherRunner(tiny_graph).run(
        "MATCH p = (o:Occupation)-[r:REQUIRES {essential: true}]->(s:Skill) RETURN o, r, p"
    )
    node, rel, path = (to_plain(v) for v in result.rows[0])
    assert node["labels"] == ["Occupation"]
    assert node["properties"] == {"label": "software developer", "uri": "urn:test:occupation:sd"}
    assert rel["type"] == "REQUIRES" and rel["properties"] == {"essential": True}
    assert rel["start"] == node["elementId"]
    assert [n["properties"]["uri"] for n in path["nodes"]] == [
        "urn:test:occupation:sd", "urn:test:skill:py"]
    assert to_text(result.rows[0][2]) == (
        '(:Occupation {label: "software developer", uri: "urn:test:occupation:sd"})'
        '-[:REQUIRES {essential: true}]->(:Skill {altLabels: ["Python3"], label: "Python", '
        'uri: "urn:test:skill:py"})'
    )


def test_temporal_values_become_iso_strings(tiny_graph: neo4j.Driver) -> None:
    result = CypherRunner(tiny_graph).run(
        "RETURN date('2024-02-29') AS d, duration('P1DT2H') AS span, point({x: 1, y: 2}) AS p"
    )
    assert [to_plain(v) for v in result.rows[0]] == [
        "2024-02-29", "P1DT2H", {"srid": 7203, "x": 1.0, "y": 2.0}]
