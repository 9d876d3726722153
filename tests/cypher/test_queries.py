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
from tests.conftest import SAMPLE_DIR, GraphState, mark_graph_dirty
from tests.cypher.small_graph import create_small_graph, drop_vector_indexes

QUERY_FILES = sorted(QUERIES_DIR.glob("*.cypher"))
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


SMALL_GRAPH = "the query library's small graph"


@pytest.fixture(scope="module")
def _drop_small_graph_indexes(neo4j_driver: neo4j.Driver) -> Iterator[None]:
    yield
    if GraphState.content == SMALL_GRAPH:
        drop_vector_indexes(neo4j_driver)
        mark_graph_dirty()


@pytest.fixture
def small_graph(neo4j_driver: neo4j.Driver, _drop_small_graph_indexes: None) -> neo4j.Driver:
    """The small graph, written again whenever another test (on the bundled sample) has
    replaced it since."""
    if GraphState.content != SMALL_GRAPH:
        clear_graph(neo4j_driver, drop_schema=True)
        apply_schema(neo4j_driver)
        mark_graph_dirty()
        create_small_graph(neo4j_driver)
        GraphState.content = SMALL_GRAPH
    return neo4j_driver


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


def library_query(stem: str) -> QueryFile:
    return parse_query_file(QUERIES_DIR / f"{stem}.cypher")


@pytest.mark.integration
def test_similar_labels_come_nearest_first_with_their_esco_links_and_shared_occupations(
    small_graph: neo4j.Driver,
) -> None:
    _, rows = run_query(small_graph, library_query("skills_with_similar_labels"))
    # project management [1, 0, 0]: statistics [0.8, 0.6, 0] is nearer than design patterns
    # [0, 1, 0]; ESCO relates it to statistics; ICT test analyst needs both, three occupations
    # need project management and design patterns
    assert [(r[0], r[3], r[4]) for r in rows] == [
        ("statistics", True, 1), ("use software design patterns", False, 3),
    ]
    # Neo4j's score is (1 + cosine) / 2, up to the index's approximation
    assert rows[0][2] == pytest.approx((1 + 0.8) / 2, abs=0.01)


@pytest.mark.integration
def test_onet_titles_nearest_an_occupation_say_which_the_crosswalk_maps_it_to(
    small_graph: neo4j.Driver,
) -> None:
    _, rows = run_query(small_graph, library_query("onet_titles_nearest_an_occupation"))
    # ICT business analyst [1, 0, 0] is nearer in meaning to Data Scientists [0.9, 0.1, 0] than
    # to Computer Systems Analysts [0.6, 0.8, 0], the one the crosswalk maps it to
    assert [(r[1], r[3]) for r in rows] == [("15-2051.00", False), ("15-1211.00", True)]
