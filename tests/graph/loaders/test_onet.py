"""The O*NET loader over a tiny tab-separated release, in Neo4j, and over the real Excel files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.errors import InputError
from graph.loaders.base import PreparedLoad, Step, write_prepared
from graph.loaders.onet import prepare_onet
from graph.loaders.sources import DataSource
from graph.schema import graph_counts

OCCUPATION_HEADER = "O*NET-SOC Code\tTitle\tDescription"
RATING_HEADER = (
    "O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale ID\tScale Name\tData Value\tN\t"
    "Standard Error\tLower CI Bound\tUpper CI Bound\tRecommend Suppress\tNot Relevant\tDate\t"
    "Domain Source"
)

TINY_RELEASE: dict[str, list[str]] = {
    "Occupation Data": [
        OCCUPATION_HEADER,
        "11-1011.00\tChief Executives\tDetermine and formulate policies.",
        "15-1252.00\tSoftware Developers\tResearch, design, and develop software.",
        "15-1211.00\tComputer Systems Analysts\tAnalyze science, engineering, business data.",
    ],
    "Job Zones": [
        "O*NET-SOC Code\tTitle\tJob Zone\tDate\tDomain Source",
        "11-1011.00\tChief Executives\t5\t08/2023\tAnalyst",
        "15-1252.00\tSoftware Developers\t4\t08/2023\tAnalyst",
    ],
    "Alternate Titles": [
        "O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\tSource(s)",
        "15-1252.00\tSoftware Developers\tApplication Developer\t\t08",
        "15-1252.00\tSoftware Developers\tSoftware Engineer\t\t10",
        "15-1252.00\tSoftware Developers\tApplication Developer\t\t09",
        "11-1011.00\tChief Executives\tChief Executive Officer\tCEO\t08",
    ],
    "Sample of Reported Titles": [
        "O*NET-SOC Code\tTitle\tReported Job Title\tShown in My Next Move",
        "15-1252.00\tSoftware Developers\tSoftware Architect\tY",
        "15-1252.00\tSoftware Developers\tDeveloper\tN",
    ],
    "Skills": [
        RATING_HEADER,
        "15-1252.00\tSoftware Developers\t2.B.3.e\tProgramming\tIM\tImportance\t4.38\t8\t0.18\t"
        "4.02\t4.73\tN\tn/a\t08/2023\tAnalyst",
        "15-1252.00\tSoftware Developers\t2.B.3.e\tProgramming\tLV\tLevel\t5.25\t8\t0.25\t"
        "4.76\t5.74\tN\tN\t08/2023\tAnalyst",
        "15-1252.00\tSoftware Developers\t2.A.1.a\tReading Comprehension\tIM\tImportance\t"
        "1.00\t8\t0\t1\t1\tN\tn/a\t08/2023\tAnalyst",
        "15-1252.00\tSoftware Developers\t2.A.1.a\tReading Comprehension\tLV\tLevel\t0.00\t8\t"
        "0\t0\t0\tN\tY\t08/2023\tAnalyst",
        "11-1011.00\tChief Executives\t2.A.1.a\tReading Comprehension\tLV\tLevel\t4.62\t8\t"
        "0.18\t4.27\t4.98\tN\tN\t08/2023\tAnalyst",
        "11-1011.00\tChief Executives\t2.A.1.a\tReading Comprehension\tIM\tImportance\t4.12\t8\t"
        "0.12\t3.88\t4.37\tN\tn/a\t08/2023\tAnalyst",
    ],
    "Knowledge": [
        RATING_HEADER,
        "15-1252.00\tSoftware Developers\t2.C.3.a\tComputers and Electronics\tIM\tImportance\t"
        "4.81\t20\t0.1\t4.6\t5\tN\tn/a\t08/2023\tIncumbent",
        "15-1252.00\tSoftware Developers\t2.C.3.a\tComputers and Electronics\tLV\tLevel\t"
        "6.02\t20\t0.2\t5.6\t6.4\tN\tN\t08/2023\tIncumbent",
    ],
    "Content Model Reference": [
        "Element ID\tElement Name\tDescription",
        "2.A.1.a\tReading Comprehension\tUnderstanding written sentences and paragraphs.",
        "2.B.3.e\tProgramming\tWriting computer programs for \"various\" purposes.",
        "2.C.3.a\tComputers and Electronics\tKnowledge of circuit boards and computer hardware.",
        "2.C.4.a\tMathematics\tKnowledge of arithmetic, algebra, geometry.",
    ],
    "Technology Skills": [
        "O*NET-SOC Code\tTitle\tExample\tCommodity Code\tCommodity Title\tHot Technology\t"
        "In Demand",
        "15-1252.00\tSoftware Developers\tPython\t43232402\tProgram testing software\tY\tY",
        "15-1211.00\tComputer Systems Analysts\tPython\t43232402\tProgram testing software\t"
        "N\tN",
        "15-1211.00\tComputer Systems Analysts\tMicrosoft Excel\t43232110\tSpreadsheet "
        "software\tN\tN",
    ],
    "Related Occupations": [
        "O*NET-SOC Code\tTitle\tRelated O*NET-SOC Code\tRelated Title\tRelatedness Tier\tIndex",
        "15-1252.00\tSoftware Developers\t15-1211.00\tComputer Systems Analysts\t"
        "Primary-Short\t1",
        "15-1211.00\tComputer Systems Analysts\t15-1252.00\tSoftware Developers\t"
        "Primary-Long\t7",
    ],
}

CODE = "O*NET-SOC Code"

Change = Callable[[list[str]], list[str]]
"""Rewrites the lines of one file of the tiny release (to break it)."""


def write_release(folder: Path, changes: dict[str, Change] | None = None) -> Path:
    """Write the tiny release as ``.txt`` files into ``folder``, each file's lines passed
    through its entry in ``changes`` first."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, lines in TINY_RELEASE.items():
        change = (changes or {}).get(stem)
        body = change(list(lines)) if change else lines
        (folder / f"{stem}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    return folder


def prepare_tiny(
    folder: Path, changes: dict[str, Change] | None = None, *, strict: bool = False
) -> PreparedLoad:
    return prepare_onet(DataSource(write_release(folder, changes)), strict=strict)


def replace_cell(row: int, column: str, value: str) -> Change:
    """A change setting ``column`` of spreadsheet row ``row`` (header = row 1) to ``value``."""

    def change(lines: list[str]) -> list[str]:
        header = lines[0].split("\t")
        cells = lines[row - 1].split("\t")
        cells[header.index(column)] = value
        lines[row - 1] = "\t".join(cells)
        return lines

    return change


def step(prepared: PreparedLoad, description: str) -> Step:
    return next(s for s in prepared.steps if s.description == description)


def rows_by(prepared: PreparedLoad, description: str, *key: str) -> dict[Any, dict[str, Any]]:
    return {tuple(r[k] for k in key): r for r in step(prepared, description).rows}


# --- preparing: what the rows hold ------------------------------------------------------------


def test_im_and_lv_rows_are_pivoted_into_one_rating_per_occupation_and_element(
    tmp_path: Path,
) -> None:
    prepared = prepare_tiny(tmp_path)
    rates = rows_by(prepared, "RATES (Skills)", "code", "id")

    assert len(rates) == 3
    assert rates[("15-1252.00", "2.B.3.e")] == {
        "code": "15-1252.00", "id": "2.B.3.e", "importance": 4.38, "level": 5.25,
        "notRelevant": False,
    }
    assert rates[("11-1011.00", "2.A.1.a")]["importance"] == 4.12
    assert rates[("11-1011.00", "2.A.1.a")]["level"] == 4.62
    assert rows_by(prepared, "RATES (Knowledge)", "code", "id")[
        ("15-1252.00", "2.C.3.a")]["level"] == 6.02


def test_not_relevant_is_taken_from_the_level_row(tmp_path: Path) -> None:
    rates = rows_by(prepare_tiny(tmp_path), "RATES (Skills)", "code", "id")

    assert rates[("15-1252.00", "2.A.1.a")]["notRelevant"] is True
    assert rates[("11-1011.00", "2.A.1.a")]["notRelevant"] is False


def test_descriptors_carry_their_domain_and_content_model_description(tmp_path: Path) -> None:
    prepared = prepare_tiny(tmp_path)
    skills = rows_by(prepared, "O*NET skills descriptors", "id")
    knowledge = rows_by(prepared, "O*NET knowledge descriptors", "id")

    assert set(skills) == {("2.B.3.e",), ("2.A.1.a",)}
    assert skills[("2.B.3.e",)] == {
        "id": "2.B.3.e", "name": "Programming", "domain": "Skills",
        "description": 'Writing computer programs for "various" purposes.',
    }
    assert knowledge[("2.C.3.a",)]["domain"] == "Knowledge"
    assert prepared.keys["OnetDescriptor"] == {"2.B.3.e", "2.A.1.a", "2.C.3.a"}


def test_occupations_get_job_zone_soc_code_and_title_lists_without_repeats(
    tmp_path: Path,
) -> None:
    occupations = rows_by(prepare_tiny(tmp_path), "O*NET occupations", "code")
    developer = occupations[("15-1252.00",)]

    assert developer["title"] == "Software Developers"
    assert developer["socCode"] == "15-1252"
    assert developer["jobZone"] == 4
    assert developer["alternateTitles"] == ["Application Developer", "Software Engineer"]
    assert developer["reportedTitles"] == ["Software Architect", "Developer"]
    assert occupations[("15-1211.00",)]["jobZone"] is None
    assert occupations[("15-1211.00",)]["alternateTitles"] == []


def test_a_repeated_title_is_kept_once_and_reported_as_skipped(tmp_path: Path) -> None:
    prepared = prepare_tiny(tmp_path)
    stats = next(s for s in prepared.stats if s.file.endswith("Alternate Titles.txt"))

    assert stats.rows_read == 4
    assert stats.rows_skipped == 1


def test_a_technology_is_hot_when_any_occupation_flags_it(tmp_path: Path) -> None:
    prepared = prepare_tiny(tmp_path)
    technologies = rows_by(prepared, "Technologies", "name")
    uses = rows_by(prepared, "USES_TECHNOLOGY", "code", "name")

    assert technologies[("Python",)] == {
        "name": "Python", "commodityCode": "43232402",
        "commodityTitle": "Program testing software", "hot": True,
    }
    assert technologies[("Microsoft Excel",)]["hot"] is False
    assert uses[("15-1252.00", "Python")] == {
        "code": "15-1252.00", "name": "Python", "hot": True, "inDemand": True}
    assert uses[("15-1211.00", "Python")]["hot"] is False
    assert prepared.keys["Technology"] == {"Python", "Microsoft Excel"}


def test_related_occupations_keep_tier_and_index(tmp_path: Path) -> None:
    related = rows_by(prepare_tiny(tmp_path), "RELATED_OCCUPATION", "code", "related")

    assert related[("15-1211.00", "15-1252.00")] == {
        "code": "15-1211.00", "related": "15-1252.00", "tier": "Primary-Long", "index": 7}


def test_keys_name_every_occupation_and_nodes_come_before_relationships(tmp_path: Path) -> None:
    prepared = prepare_tiny(tmp_path)
    kinds = [s.kind for s in prepared.steps]
    relationship_kinds = {"RATES", "USES_TECHNOLOGY", "RELATED_OCCUPATION"}
    first_relationship = next(i for i, k in enumerate(kinds) if k in relationship_kinds)

    assert prepared.keys["OnetOccupation"] == {"11-1011.00", "15-1252.00", "15-1211.00"}
    assert not relationship_kinds & set(kinds[:first_relationship])
    assert set(kinds[first_relationship:]) == relationship_kinds


def test_rows_of_an_unknown_occupation_are_skipped_and_reported(tmp_path: Path) -> None:
    prepared = prepare_tiny(
        tmp_path, {"Technology Skills": replace_cell(4, CODE, "99-9999.00")})
    stats = next(s for s in prepared.stats if s.file.endswith("Technology Skills.txt"))

    assert stats.rows_skipped == 1
    assert "99-9999.00" in next(iter(stats.skipped.values())).keys
    assert "Microsoft Excel" not in prepared.keys["Technology"]
    assert len(step(prepared, "USES_TECHNOLOGY").rows) == 2


def test_under_strict_an_unknown_occupation_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        prepare_tiny(tmp_path, {"Related Occupations": replace_cell(
            3, "Related O*NET-SOC Code", "99-9999.00")}, strict=True)

    problem = caught.value.problems[0]
    assert problem.file.endswith("Related Occupations.txt")
    assert (problem.row, problem.column) == (3, "Related O*NET-SOC Code")
    assert "99-9999.00" in problem.message


# --- preparing: broken files --------------------------------------------------------------------


def drop_column(column: str) -> Change:
    def change(lines: list[str]) -> list[str]:
        index = lines[0].split("\t").index(column)
        return ["\t".join(c for i, c in enumerate(line.split("\t")) if i != index)
                for line in lines]

    return change


def duplicate_row(row: int) -> Change:
    return lambda lines: [*lines, lines[row - 1]]


def truncate_row(row: int) -> Change:
    def change(lines: list[str]) -> list[str]:
        lines[row - 1] = lines[row - 1].rsplit("\t", 1)[0]
        return lines

    return change


BROKEN_FILES = {
    "missing column": ("Skills", drop_column("Data Value"), 1, "Data Value"),
    "bad occupation code": ("Occupation Data", replace_cell(3, CODE, "15-1252"), 3, CODE),
    "bad code in a ratings file": ("Knowledge", replace_cell(2, CODE, "15.1252.00"), 2, CODE),
    "bad element id": ("Skills", replace_cell(4, "Element ID", "2.A 1.a"), 4, "Element ID"),
    "non-numeric data value": ("Skills", replace_cell(5, "Data Value", "high"), 5, "Data Value"),
    "data value off the scale": ("Knowledge", replace_cell(2, "Data Value", "7.5"), 2,
                                 "Data Value"),
    "unknown scale": ("Skills", replace_cell(2, "Scale ID", "XX"), 2, "Scale ID"),
    "bad job zone": ("Job Zones", replace_cell(2, "Job Zone", "6"), 2, "Job Zone"),
    "non-numeric index": ("Related Occupations", replace_cell(2, "Index", "first"), 2, "Index"),
    "bad hot flag": ("Technology Skills", replace_cell(3, "Hot Technology", "yes"), 3,
                     "Hot Technology"),
    "duplicate occupation code": ("Occupation Data", duplicate_row(2), 5, CODE),
    "duplicate rating row": ("Skills", duplicate_row(3), 8, "Scale ID"),
    "duplicate technology row": ("Technology Skills", duplicate_row(2), 5, "Example"),
    "duplicate related pair": ("Related Occupations", duplicate_row(2), 4,
                               "Related O*NET-SOC Code"),
    "truncated row": ("Related Occupations", truncate_row(3), 3, "Index"),
    "empty title": ("Occupation Data", replace_cell(2, "Title", ""), 2, "Title"),
}


@pytest.mark.parametrize(("stem", "change", "row", "column"), BROKEN_FILES.values(),
                         ids=BROKEN_FILES.keys())
def test_a_broken_file_is_rejected_with_file_row_and_column(
    tmp_path: Path, stem: str, change: Change, row: int,
    column: str,
) -> None:
    with pytest.raises(InputError) as caught:
        prepare_tiny(tmp_path, {stem: change})

    problem = caught.value.problems[0]
    assert Path(problem.file).name == f"{stem}.txt"
    assert (problem.row, problem.column) == (row, column)
    assert problem.message


def test_a_missing_file_is_rejected_naming_the_expected_file(tmp_path: Path) -> None:
    folder = write_release(tmp_path)
    (folder / "Job Zones.txt").unlink()

    with pytest.raises(InputError, match="Job Zones"):
        prepare_onet(DataSource(folder))


# --- writing to Neo4j -----------------------------------------------------------------------------


def load(driver: neo4j.Driver, folder: Path) -> PreparedLoad:
    prepared = prepare_onet(DataSource(folder))
    write_prepared(driver, [prepared])
    return prepared


def snapshot(driver: neo4j.Driver) -> dict[str, Any]:
    """Counts plus every property of every O*NET node and relationship, order-free."""
    records = driver.execute_query(
        """
        MATCH (n) WHERE n:OnetOccupation OR n:OnetDescriptor OR n:Technology
        OPTIONAL MATCH (n)-[r]->(m)
        RETURN labels(n) AS labels, properties(n) AS node, type(r) AS type,
               properties(r) AS rel, coalesce(m.code, m.id, m.name) AS target
        """
    ).records
    items = sorted(repr(sorted(r.data().items())) for r in records)
    return {"counts": graph_counts(driver), "items": items}


@pytest.mark.integration
def test_the_tiny_release_loads_as_expected(empty_graph: neo4j.Driver, tmp_path: Path) -> None:
    load(empty_graph, write_release(tmp_path))
    counts = graph_counts(empty_graph)
    developer = empty_graph.execute_query(
        """
        MATCH (o:OnetOccupation {code: '15-1252.00'})-[r:RATES]->(:OnetDescriptor {id: $id})
        RETURN o {.*} AS o, r {.*} AS r
        """, id="2.B.3.e",
    ).records[0]
    python = empty_graph.execute_query(
        "MATCH (t:Technology {name: 'Python'})<-[u:USES_TECHNOLOGY]-(o) "
        "RETURN t.hot AS hot, collect([o.code, u.inDemand]) AS uses"
    ).records[0]

    assert counts["nodes"] == {"OnetOccupation": 3, "OnetDescriptor": 3, "Technology": 2}
    assert counts["relationships"] == {"RATES": 4, "USES_TECHNOLOGY": 3,
                                       "RELATED_OCCUPATION": 2}
    assert developer["o"]["alternateTitles"] == ["Application Developer", "Software Engineer"]
    assert developer["o"]["jobZone"] == 4
    assert developer["r"] == {"importance": 4.38, "level": 5.25, "notRelevant": False}
    assert python["hot"] is True
    assert sorted(python["uses"]) == [["15-1211.00", False], ["15-1252.00", True]]


@pytest.mark.integration
def test_loading_twice_is_idempotent(empty_graph: neo4j.Driver, tmp_path: Path) -> None:
    folder = write_release(tmp_path)
    load(empty_graph, folder)
    first = snapshot(empty_graph)

    again = load(empty_graph, folder)

    assert snapshot(empty_graph) == first
    assert sum(s.nodes_created + s.relationships_created for s in again.stats) == 0


@pytest.mark.integration
def test_a_broken_file_leaves_the_graph_unchanged(
    empty_graph: neo4j.Driver, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from graph.cli.main import app

    load(empty_graph, write_release(tmp_path / "good"))
    before = snapshot(empty_graph)
    broken = write_release(tmp_path / "broken", {
        "Occupation Data": replace_cell(2, "Title", "Renamed Chief Executives"),
        "Related Occupations": replace_cell(3, "Index", "n/a"),
    })

    result = CliRunner().invoke(app, ["load", "onet", str(broken)])

    assert result.exit_code == 2
    assert snapshot(empty_graph) == before


# --- the real O*NET 29.2 Excel release ----------------------------------------------------------


def excel_rows(folder: Path, stem: str) -> list[dict[str, Any]]:
    from python_calamine import CalamineWorkbook

    table = CalamineWorkbook.from_path(str(folder / f"{stem}.xlsx")).get_sheet_by_index(0)
    header, *rows = table.to_python()
    names = [str(h) for h in header]
    return [dict(zip(names, r, strict=False)) for r in rows]


@pytest.mark.integration
@pytest.mark.full_data
def test_the_real_excel_release_loads_with_counts_matching_its_files(
    empty_graph: neo4j.Driver, data_dir: Path
) -> None:
    folder = data_dir / "onet-29.2"
    occupations = {r[CODE] for r in excel_rows(folder, "Occupation Data")}
    skills = excel_rows(folder, "Skills")
    knowledge = excel_rows(folder, "Knowledge")
    technology = excel_rows(folder, "Technology Skills")
    related = excel_rows(folder, "Related Occupations")
    expected_rates = {(r[CODE], r["Element ID"]) for r in skills + knowledge}
    expected_hot = {r["Example"] for r in technology if r["Hot Technology"] == "Y"}

    load(empty_graph, folder)
    counts = graph_counts(empty_graph)
    domains: dict[str, int] = dict(empty_graph.execute_query(
        "MATCH (d:OnetDescriptor) RETURN d.domain AS domain, count(*) AS n").records)
    hot = empty_graph.execute_query(
        "MATCH (t:Technology) WHERE t.hot RETURN count(t) AS n").records[0]["n"]

    assert len(occupations) == 1016
    assert counts["nodes"]["OnetOccupation"] == len(occupations)
    assert domains == {"Skills": 35, "Knowledge": 33}
    assert len({r["Element ID"] for r in skills}) == 35
    assert len({r["Element ID"] for r in knowledge}) == 33
    assert counts["relationships"]["RATES"] == len(expected_rates)
    assert len(related) == 14_768
    assert counts["relationships"]["RELATED_OCCUPATION"] == len(
        {(r[CODE], r["Related O*NET-SOC Code"]) for r in related})
    assert counts["relationships"]["USES_TECHNOLOGY"] == len(
        {(r[CODE], r["Example"]) for r in technology})
    assert counts["nodes"]["Technology"] == len({r["Example"] for r in technology})
    assert hot == len(expected_hot)


@pytest.mark.full_data
def test_the_text_release_reads_like_the_excel_release(data_dir: Path, tmp_path: Path) -> None:
    from graph.loaders.onet import (
        ALTERNATE_TITLES,
        JOB_ZONES,
        KNOWLEDGE,
        OCCUPATION_DATA,
        RELATED_OCCUPATIONS,
        REPORTED_TITLES,
        SKILLS,
    )
    from graph.loaders.onet_ratings import CONTENT_MODEL_REFERENCE
    from graph.loaders.onet_technology import TECHNOLOGY_SKILLS

    folder = data_dir / "onet-29.2"
    for stem in (OCCUPATION_DATA, JOB_ZONES, ALTERNATE_TITLES, REPORTED_TITLES, SKILLS,
                 KNOWLEDGE, CONTENT_MODEL_REFERENCE, TECHNOLOGY_SKILLS, RELATED_OCCUPATIONS):
        rows = excel_rows(folder, stem)
        header = list(rows[0])
        lines = ["\t".join(header)] + [
            "\t".join(as_text(r[h]) for h in header) for r in rows
        ]
        (tmp_path / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    from_excel = prepare_onet(DataSource(folder))
    from_text = prepare_onet(DataSource(tmp_path))

    assert from_text.keys == from_excel.keys
    assert [(s.description, s.rows) for s in from_text.steps] == [
        (s.description, s.rows) for s in from_excel.steps
    ]


def as_text(value: Any) -> str:
    """A cell as O*NET's text release writes it (whole numbers without a decimal point)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
