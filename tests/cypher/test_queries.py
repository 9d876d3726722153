"""The query library (cypher/queries/*.cypher): documented headers, and every query runs with
its default parameters and returns its documented columns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.console.library import QUERIES_DIR, QueryFile, library, parse_query_file
from graph.console.runner import CypherRunner
from graph.schema import apply_schema, clear_graph
from tests.conftest import SAMPLE_DIR, mark_graph_dirty
from tests.cypher.small_graph import DROP_SKILL_VECTOR_INDEX, create_small_graph

QUERY_FILES = sorted(QUERIES_DIR.glob("*.cypher"))
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@pytest.fixture(scope="module")
def small_graph(neo4j_driver: neo4j.Driver) -> Iterator[neo4j.Driver]:
    clear_graph(neo4j_driver, drop_schema=True)
    apply_schema(neo4j_driver)
    mark_graph_dirty()
    create_small_graph(neo4j_driver)
    yield neo4j_driver
    neo4j_driver.execute_query(DROP_SKILL_VECTOR_INDEX)


def test_the_library_holds_at_least_fifteen_documented_queries() -> None:
    queries = library()
    assert len(queries) >= 15
    assert len({q.title for q in queries}) == len(queries), "each file asks its own question"
    for q in queries:
        assert q.title.endswith("?"), f"{q.path.name}: the first header line is the question"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_parameter_a_query_uses_has_a_documented_default(path: Path) -> None:
    q = parse_query_file(path)
    used = set(PARAMETER.findall(q.statement))
    documented = set(q.defaults)
    assert used <= documented, f"{q.path.name}: no '// @param' default for {used - documented}"
    assert documented <= used, f"{q.path.name}: documented but unused {documented - used}"


def run_query(driver: neo4j.Driver, q: QueryFile) -> tuple[list[str], list[list[object]]]:
    result = CypherRunner(driver, timeout_s=30.0).run(q.statement, q.defaults)
    return result.columns, result.rows


@pytest.mark.integration
@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_each_query_returns_rows_of_its_documented_columns_on_a_small_graph(
    small_graph: neo4j.Driver, path: Path
) -> None:
    q = parse_query_file(path)
    columns, rows = run_query(small_graph, q)
    assert columns == q.columns
    assert rows, f"{q.path.name} returned no rows on a graph that holds its answer"
    assert all(len(row) == len(q.columns) for row in rows)


@pytest.mark.integration
@pytest.mark.skipif(not SAMPLE_DIR.exists(), reason="the bundled sample is not there yet")
@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_each_query_runs_on_the_bundled_sample(sample_graph: neo4j.Driver, path: Path) -> None:
    q = parse_query_file(path)
    apply_schema(sample_graph)
    columns, rows = run_query(sample_graph, q)
    assert columns == q.columns
    assert all(len(row) == len(q.columns) for row in rows)
    if not q.may_be_empty:
        assert rows, f"{q.path.name}: its defaults should find an answer in the sample"
