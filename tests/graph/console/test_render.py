"""Rendering: plans as operator trees, CSV, JSON and the summary line."""

from __future__ import annotations

import io
import json
from typing import Any

from graph.console.render import (
    plan_lines,
    plan_to_plain,
    summary_line,
    total_db_hits,
    write_csv,
    write_json,
)
from graph.console.runner import StatementResult

PROFILE: dict[str, Any] = {
    "operatorType": "ProduceResults@neo4j",
    "args": {"Details": "s", "EstimatedRows": 10.0, "version": "5", "planner": "COST",
             "runtime": "SLOTTED"},
    "rows": 3, "dbHits": 0,
    "children": [{
        "operatorType": "Filter@neo4j",
        "args": {"Details": "s.label STARTS WITH $p", "EstimatedRows": 10.0},
        "rows": 3, "dbHits": 24,
        "children": [
            {"operatorType": "NodeByLabelScan@neo4j",
             "args": {"Details": "s:Skill", "EstimatedRows": 12.0}, "rows": 12, "dbHits": 13,
             "children": []},
            {"operatorType": "Argument@neo4j", "args": {"EstimatedRows": 1.0}, "rows": 1,
             "dbHits": 0, "children": []},
        ],
    }],
}


def test_a_profiled_plan_is_an_indented_tree_with_rows_and_db_hits() -> None:
    assert plan_lines(PROFILE, profiled=True) == [
        "ProduceResults  s  est 10  rows 3  hits 0",
        "+- Filter  s.label STARTS WITH $p  est 10  rows 3  hits 24",
        "   +- NodeByLabelScan  s:Skill  est 12  rows 12  hits 13",
        "   +- Argument  est 1  rows 1  hits 0",
    ]
    assert total_db_hits(PROFILE) == 37


def test_an_explained_plan_shows_estimates_only() -> None:
    lines = plan_lines(PROFILE, profiled=False)
    assert lines[0] == "ProduceResults  s  est 10"
    assert all("hits" not in line for line in lines)


def test_the_plan_as_plain_data_keeps_operator_names_and_children() -> None:
    plain = plan_to_plain(PROFILE)
    assert plain["operator"] == "ProduceResults"
    assert plain["children"][0]["dbHits"] == 24
    assert [c["operator"] for c in plain["children"][0]["children"]] == [
        "NodeByLabelScan", "Argument"]


def result(**kwargs: Any) -> StatementResult:
    base: dict[str, Any] = {"statement": "RETURN 1", "columns": ["a", "b"],
                            "rows": [[1, "x"], [None, [1, 2]]]}
    base.update(kwargs)
    return StatementResult(**base)


def test_csv_has_a_header_and_writes_non_strings_as_json() -> None:
    out = io.StringIO()
    write_csv([result(), result(columns=[], rows=[]), result(columns=["c"], rows=[["y,z"]])], out)
    assert out.getvalue() == 'a,b\n1,x\n,"[1, 2]"\n\nc\n"y,z"\n'


def test_json_has_one_object_per_statement_with_columns_rows_and_counters() -> None:
    out = io.StringIO()
    write_json([result(counters={"nodes_created": 2})], out)
    doc = json.loads(out.getvalue())
    assert doc[0]["columns"] == ["a", "b"]
    assert doc[0]["rows"] == [[1, "x"], [None, [1, 2]]]
    assert doc[0]["counters"] == {"nodes_created": 2}
    assert doc[0]["plan"] is None


def test_the_summary_counts_rows_names_counters_and_says_when_rows_were_cut() -> None:
    line = summary_line(result(counters={"nodes_created": 2}, truncated=True, elapsed_ms=5.0))
    assert line.startswith("2 rows shown (more were discarded); 2 nodes created; 5 ms")
