"""The ESCO loader: validation of whole files before writing, and the graph it writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.errors import DatabaseError, InputError
from graph.loaders.base import PreparedLoad, Step, write_prepared
from graph.loaders.esco import prepare_esco
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats
from graph.schema import graph_counts
from tests.graph.loaders.conftest import (
    GROUP_ICT,
    GROUP_PROGRAMMING,
    OCC_DEVELOPER,
    OCC_MISSING,
    OCC_SENIOR,
    SKILL_COMMUNICATE,
    SKILL_JAVA,
    SKILL_PYTHON,
    Table,
    write_tables,
    zip_folder,
)


def prepare(path: Path, *, strict: bool = False) -> PreparedLoad:
    source = DataSource(path)
    try:
        return prepare_esco(source, strict=strict)
    finally:
        source.close()


def step_rows(prepared: PreparedLoad, description: str) -> list[dict[str, Any]]:
    return [row for s in prepared.steps if s.description == description for row in s.rows]


def stats_of(prepared: PreparedLoad, name: str) -> FileStats:
    return next(s for s in prepared.stats if s.file.endswith(name))


# --- parsing a good export --------------------------------------------------------------


def test_a_good_export_gives_node_rows_with_split_labels_and_collections(esco_dir: Path) -> None:
    prepared = prepare(esco_dir)
    skills = {r["uri"]: r["props"] for r in step_rows(prepared, "Skill nodes")}
    assert set(skills) == {SKILL_PYTHON, SKILL_JAVA, SKILL_COMMUNICATE}
    python = skills[SKILL_PYTHON]
    assert python["label"] == "Python"
    assert python["altLabels"] == ["Python 3", "python programming"]
    assert python["hiddenLabels"] == ["py"]
    assert python["skillType"] == "knowledge" and python["reuseLevel"] == "cross-sector"
    assert python["collections"] == ["digital"]
    assert python["scopeNote"] is None
    assert skills[SKILL_COMMUNICATE]["collections"] == ["transversal"]
    assert skills[SKILL_COMMUNICATE]["scopeNote"] == "Oral and written."


def test_isco_groups_are_keyed_by_code_with_their_level(esco_dir: Path) -> None:
    rows = step_rows(prepare(esco_dir), "IscoGroup nodes")
    by_code = {r["code"]: r["props"] for r in rows}
    assert set(by_code) == {"2", "25", "251", "2512"}
    assert by_code["251"]["level"] == 3
    assert by_code["2512"]["uri"] == "http://data.europa.eu/esco/isco/C2512"


def test_isced_skill_groups_take_their_code_from_the_uri(esco_dir: Path) -> None:
    rows = step_rows(prepare(esco_dir), "SkillGroup nodes")
    codes = {r["uri"]: r["props"]["code"] for r in rows}
    assert codes == {GROUP_ICT: "06", GROUP_PROGRAMMING: "S1.2"}


def test_steps_run_nodes_then_labels_then_broader_requires_related(esco_dir: Path) -> None:
    kinds = [s.kind for s in prepare(esco_dir).steps]
    assert kinds[:4] == ["SkillGroup", "Skill", "IscoGroup", "Occupation"]
    assert kinds[4:6] == ["removed", "removed"]  # old collection labels, before the new ones
    assert kinds[6:9] == ["DigitalSkill", "TransversalSkill", "ResearchOccupation"]
    assert kinds[9:] == ["BROADER"] * 6 + ["REQUIRES", "RELATED_TO"]


def test_each_skill_loses_the_collection_labels_of_the_collections_it_is_not_in(
    esco_dir: Path,
) -> None:
    prepared = prepare(esco_dir)
    stale = {r["uri"]: set(r["labels"]) for r in step_rows(prepared, "Old collection labels")}
    every = {"DigitalSkill", "GreenSkill", "TransversalSkill", "LanguageSkill",
             "ResearchSkill", "DigCompSkill"}
    assert stale == {SKILL_PYTHON: every - {"DigitalSkill"}, SKILL_JAVA: every - {"DigitalSkill"},
                     SKILL_COMMUNICATE: every - {"TransversalSkill"}}
    assert step_rows(prepared, "Old ResearchOccupation labels") == [{"uri": OCC_DEVELOPER}]


def test_broader_ends_are_resolved_to_labels_and_isco_codes(esco_dir: Path) -> None:
    prepared = prepare(esco_dir)
    assert step_rows(prepared, "BROADER Occupation->IscoGroup") == [
        {"child": OCC_DEVELOPER, "parent": "2512"}]
    assert step_rows(prepared, "BROADER IscoGroup->IscoGroup") == [
        {"child": "25", "parent": "2"}, {"child": "251", "parent": "25"},
        {"child": "2512", "parent": "251"}]
    assert step_rows(prepared, "BROADER Skill->Skill") == [
        {"child": SKILL_JAVA, "parent": SKILL_PYTHON}]


def test_requires_rows_carry_essential_as_a_boolean(esco_dir: Path) -> None:
    rows = step_rows(prepare(esco_dir), "REQUIRES occupationSkillRelations.csv")
    assert {(r["occupation"], r["skill"], r["essential"]) for r in rows} == {
        (OCC_DEVELOPER, SKILL_PYTHON, True), (OCC_DEVELOPER, SKILL_JAVA, False),
        (OCC_SENIOR, SKILL_COMMUNICATE, True)}


def test_keys_by_label_are_returned_for_other_loaders(esco_dir: Path) -> None:
    keys = prepare(esco_dir).keys
    assert keys["Skill"] == {SKILL_PYTHON, SKILL_JAVA, SKILL_COMMUNICATE}
    assert keys["Occupation"] == {OCC_DEVELOPER, OCC_SENIOR}
    assert keys["SkillGroup"] == {GROUP_ICT, GROUP_PROGRAMMING}
    assert keys["IscoGroup"] == {"2", "25", "251", "2512"}


def test_a_dangling_reference_is_skipped_and_reported_with_its_key(esco_dir: Path) -> None:
    prepared = prepare(esco_dir)
    stats = stats_of(prepared, "occupationSkillRelations.csv")
    assert stats.rows_read == 4
    (skipped,) = stats.skipped.values()
    assert skipped.count == 1 and skipped.keys == {OCC_MISSING}
    assert "occupation" in skipped.reason


def test_a_collection_row_naming_an_unknown_skill_is_skipped(
    tmp_path: Path, esco_tables: dict[str, Table]
) -> None:
    unknown = "http://data.europa.eu/esco/skill/0000-unknown"
    esco_tables["digitalSkillsCollection_en.csv"].rows.append(
        ["KnowledgeSkillCompetence", unknown, "gone"])
    prepared = prepare(write_tables(tmp_path / "esco", esco_tables))
    assert len(step_rows(prepared, "DigitalSkill labels")) == 2
    stats = stats_of(prepared, "digitalSkillsCollection_en.csv")
    assert [s.keys for s in stats.skipped.values()] == [{unknown}]


def test_optional_files_may_be_absent(tmp_path: Path, esco_tables: dict[str, Table]) -> None:
    for name in ("skillSkillRelations.csv", "digitalSkillsCollection_en.csv",
                 "transversalSkillsCollection_en.csv", "researchOccupationsCollection_en.csv"):
        del esco_tables[name]
    prepared = prepare(write_tables(tmp_path / "esco", esco_tables))
    assert "RELATED_TO" not in [s.kind for s in prepared.steps]
    assert all(r["props"]["collections"] == []
               for r in step_rows(prepared, "Skill nodes"))


def test_a_zip_of_the_export_in_a_nested_folder_gives_the_same_rows(
    tmp_path: Path, esco_dir: Path
) -> None:
    archive = zip_folder(esco_dir, tmp_path / "esco.zip", inner="ESCO dataset - v1.1.1")
    from_zip, from_dir = prepare(archive), prepare(esco_dir)
    assert [s.rows for s in from_zip.steps] == [s.rows for s in from_dir.steps]


# --- broken files: InputError naming file, row and column ------------------------------

Breaker = Callable[[dict[str, Table], Path], None]


def _set(name: str, row: int, column: str, value: str) -> Breaker:
    def breaker(tables: dict[str, Table], folder: Path) -> None:
        tables[name].set(row, column, value)
        write_tables(folder, tables)
    return breaker


def _rename_column(name: str, column: str) -> Breaker:
    def breaker(tables: dict[str, Table], folder: Path) -> None:
        header = tables[name].header
        header[header.index(column)] = column + "X"
        write_tables(folder, tables)
    return breaker


def _duplicate_row(name: str, row: int) -> Breaker:
    def breaker(tables: dict[str, Table], folder: Path) -> None:
        tables[name].rows.append(list(tables[name].rows[row - 2]))
        write_tables(folder, tables)
    return breaker


def _raw(name: str, old: bytes, new: bytes) -> Breaker:
    def breaker(tables: dict[str, Table], folder: Path) -> None:
        write_tables(folder, tables)
        path = folder / name
        data = path.read_bytes()
        assert data.count(old) == 1, f"{old!r} must occur once in {name}"
        path.write_bytes(data.replace(old, new))
    return breaker


def _truncate_last_row(name: str, cells: int) -> Breaker:
    def breaker(tables: dict[str, Table], folder: Path) -> None:
        tables[name].rows[-1] = tables[name].rows[-1][:cells]
        write_tables(folder, tables)
    return breaker


BROKEN: dict[str, tuple[Breaker, str, int, str]] = {
    # case: (breaker, file, row, column)
    "missing column": (_rename_column("skills_en.csv", "preferredLabel"),
                       "skills_en.csv", 1, "preferredLabel"),
    "malformed skill URI": (_set("occupationSkillRelations.csv", 3, "skillUri",
                                 "http://example.org/skill/java"),
                            "occupationSkillRelations.csv", 3, "skillUri"),
    "malformed occupation URI": (_set("occupations_en.csv", 2, "conceptUri",
                                      "http://data.europa.eu/esco/skill/not-an-occupation"),
                                 "occupations_en.csv", 2, "conceptUri"),
    "ISCO URI not matching its code": (_set("ISCOGroups_en.csv", 4, "conceptUri",
                                            "http://data.europa.eu/esco/isco/C999"),
                                       "ISCOGroups_en.csv", 4, "conceptUri"),
    "unknown relation type": (_set("skillSkillRelations.csv", 2, "relationType", "mandatory"),
                              "skillSkillRelations.csv", 2, "relationType"),
    "unknown skill type": (_set("skills_en.csv", 3, "skillType", "attitude"),
                           "skills_en.csv", 3, "skillType"),
    "malformed ISCO code": (_set("occupations_en.csv", 3, "iscoGroup", "25"),
                            "occupations_en.csv", 3, "iscoGroup"),
    "duplicate skill": (_duplicate_row("skills_en.csv", 3), "skills_en.csv", 5, "conceptUri"),
    "duplicate relation": (_duplicate_row("occupationSkillRelations.csv", 2),
                           "occupationSkillRelations.csv", 6, "skillUri"),
    "truncated row": (_truncate_last_row("skillSkillRelations.csv", 2),
                      "skillSkillRelations.csv", 2, "relationType"),
    "latin-1 byte": (_raw("skills_en.csv", b"Another language.", b"Autre langue \xe9crite."),
                     "skills_en.csv", 3, "description"),
    "unterminated quote": (_raw("occupations_en.csv", b"Leads software work.",
                                b'"Leads software work.'),
                           "occupations_en.csv", 3, "description"),
    "skill group narrower than a skill": (
        _set("broaderRelationsSkillPillar.csv", 5, "broaderUri", SKILL_PYTHON),
        "broaderRelationsSkillPillar.csv", 5, "broaderUri"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_rejected_naming_file_row_and_column(
    case: str, tmp_path: Path, esco_tables: dict[str, Table]
) -> None:
    breaker, file, row, column = BROKEN[case]
    folder = tmp_path / "esco"
    breaker(esco_tables, folder)
    with pytest.raises(InputError) as caught:
        prepare(folder)
    problem = caught.value.problems[0]
    assert Path(problem.file).name == file
    assert (problem.row, problem.column) == (row, column), str(caught.value)


def test_a_dangling_reference_under_strict_is_an_error_with_row_and_column(
    esco_dir: Path,
) -> None:
    with pytest.raises(InputError) as caught:
        prepare(esco_dir, strict=True)
    (problem,) = caught.value.problems
    assert Path(problem.file).name == "occupationSkillRelations.csv"
    assert (problem.row, problem.column) == (5, "occupationUri")
    assert OCC_MISSING in problem.message


def test_a_missing_required_file_is_named(tmp_path: Path, esco_tables: dict[str, Table]) -> None:
    del esco_tables["occupationSkillRelations.csv"]
    with pytest.raises(InputError, match=r"occupationSkillRelations\.csv"):
        prepare(write_tables(tmp_path / "esco", esco_tables))


# --- writing to the real Neo4j ----------------------------------------------------------

NODE_COUNTS = {"Skill": 3, "SkillGroup": 2, "IscoGroup": 4, "Occupation": 2,
               "DigitalSkill": 2, "TransversalSkill": 1, "ResearchOccupation": 1}
REL_COUNTS = {"BROADER": 9, "REQUIRES": 3, "RELATED_TO": 1}


def counts(driver: neo4j.Driver) -> tuple[dict[str, int], dict[str, int]]:
    found = graph_counts(driver)
    return found["nodes"], found["relationships"]


@pytest.mark.integration
def test_a_tiny_export_loads_to_the_expected_graph(
    empty_graph: neo4j.Driver, esco_dir: Path
) -> None:
    report = write_prepared(empty_graph, [prepare(esco_dir)])
    assert counts(empty_graph) == (NODE_COUNTS, REL_COUNTS)
    assert report.nodes_created == 11 and report.relationships_created == 13
    record = empty_graph.execute_query(
        "MATCH (o:Occupation {uri: $o})-[r:REQUIRES]->(s:Skill) "
        "RETURN s.label AS skill, r.essential AS essential ORDER BY skill", o=OCC_DEVELOPER,
    ).records
    assert [(r["skill"], r["essential"]) for r in record] == [("Java", False), ("Python", True)]
    python = empty_graph.execute_query(
        "MATCH (s:Skill {uri: $uri}) RETURN s, labels(s) AS labels", uri=SKILL_PYTHON
    ).records[0]
    assert set(python["labels"]) == {"Skill", "DigitalSkill"}
    assert python["s"]["altLabels"] == ["Python 3", "python programming"]
    assert python["s"]["collections"] == ["digital"]
    assert "scopeNote" not in python["s"]
    path = empty_graph.execute_query(
        "MATCH p = (:Occupation {uri: $o})-[:BROADER*]->(:IscoGroup {code: '2'}) "
        "RETURN length(p) AS hops", o=OCC_SENIOR,
    ).records
    assert [r["hops"] for r in path] == [5]


@pytest.mark.integration
def test_loading_twice_creates_nothing_the_second_time(
    empty_graph: neo4j.Driver, esco_dir: Path
) -> None:
    write_prepared(empty_graph, [prepare(esco_dir)])
    first = counts(empty_graph)
    again = write_prepared(empty_graph, [prepare(esco_dir)])
    assert counts(empty_graph) == first
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert sum(f.labels_added for f in again.files) == 0


@pytest.mark.integration
def test_reloading_after_a_skill_and_an_occupation_left_their_collections_drops_their_labels(
    empty_graph: neo4j.Driver, esco_dir: Path, tmp_path: Path, esco_tables: dict[str, Table],
) -> None:
    write_prepared(empty_graph, [prepare(esco_dir)])
    digital = esco_tables["digitalSkillsCollection_en.csv"]
    digital.rows = [r for r in digital.rows if r[1] != SKILL_JAVA]
    del esco_tables["researchOccupationsCollection_en.csv"]

    report = write_prepared(empty_graph, [prepare(write_tables(tmp_path / "v2", esco_tables))])

    labels: dict[str, list[str]] = dict(empty_graph.execute_query(
        "MATCH (s:Skill) RETURN s.uri AS uri, [l IN labels(s) WHERE l <> 'Skill'] AS labels"
    ).records)
    assert labels == {SKILL_PYTHON: ["DigitalSkill"], SKILL_JAVA: [],
                      SKILL_COMMUNICATE: ["TransversalSkill"]}
    java = empty_graph.execute_query("MATCH (s:Skill {uri: $uri}) RETURN s.collections",
                                     uri=SKILL_JAVA).records[0][0]
    assert java == []
    assert "ResearchOccupation" not in counts(empty_graph)[0]
    assert sum(f.labels_removed for f in report.files) == 2


@pytest.mark.integration
@pytest.mark.parametrize("case", ["malformed skill URI", "truncated row", "latin-1 byte",
                                  "unterminated quote", "duplicate relation"])
def test_a_broken_file_leaves_the_graph_unchanged(
    case: str, empty_graph: neo4j.Driver, esco_dir: Path, tmp_path: Path,
    esco_tables: dict[str, Table],
) -> None:
    from typer.testing import CliRunner

    from graph.cli.main import app

    write_prepared(empty_graph, [prepare(esco_dir)])
    before = counts(empty_graph)
    # a good row changes next to the broken one: it must not be written either
    esco_tables["skills_en.csv"].set(2, "preferredLabel", "Python, renamed")
    folder = tmp_path / "broken"
    BROKEN[case][0](esco_tables, folder)

    result = CliRunner().invoke(app, ["load", "esco", str(folder)])

    assert result.exit_code == 2, result.output
    assert counts(empty_graph) == before
    label = empty_graph.execute_query("MATCH (s:Skill {uri: $uri}) RETURN s.label",
                                      uri=SKILL_PYTHON).records[0][0]
    assert label == "Python"


@pytest.mark.integration
def test_a_load_that_fails_part_way_leaves_a_graph_that_a_rerun_completes(
    empty_graph: neo4j.Driver, esco_dir: Path
) -> None:
    prepared = prepare(esco_dir)
    failing = Step("failing write", "failure",
                   "UNWIND $rows AS row MERGE (n:Skill {uri: row.missing})",
                   [{"uri": SKILL_PYTHON}], FileStats("failing"))
    last = next(i for i, s in enumerate(prepared.steps) if s.kind == "RELATED_TO")
    prepared.steps.insert(last, failing)
    with pytest.raises(DatabaseError):
        write_prepared(empty_graph, [prepared])
    partial = counts(empty_graph)
    assert partial[1]["REQUIRES"] == 3 and "RELATED_TO" not in partial[1]  # stopped mid-way

    write_prepared(empty_graph, [prepare(esco_dir)])

    assert counts(empty_graph) == (NODE_COUNTS, REL_COUNTS)


@pytest.mark.integration
def test_a_zip_export_loads_like_the_folder(
    empty_graph: neo4j.Driver, esco_dir: Path, tmp_path: Path
) -> None:
    archive = zip_folder(esco_dir, tmp_path / "esco.zip", inner="esco-v1.1.1")
    write_prepared(empty_graph, [prepare(archive)])
    assert counts(empty_graph) == (NODE_COUNTS, REL_COUNTS)


# --- the whole real export ---------------------------------------------------------------


def _data_rows(path: Path) -> int:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


@pytest.mark.integration
@pytest.mark.full_data
def test_the_real_export_loads_with_counts_matching_the_source_files(
    empty_graph: neo4j.Driver, data_dir: Path
) -> None:
    esco = data_dir / "esco-v1.1.1"
    prepared = prepare(esco)
    report = write_prepared(empty_graph, [prepared])
    nodes, rels = counts(empty_graph)
    assert nodes["Skill"] == 13_896 == _data_rows(esco / "skills_en.csv")
    assert nodes["Occupation"] == 3_007 == _data_rows(esco / "occupations_en.csv")
    assert nodes["SkillGroup"] == _data_rows(esco / "skillGroups_en.csv")
    assert nodes["IscoGroup"] == _data_rows(esco / "ISCOGroups_en.csv")
    assert nodes["DigitalSkill"] == _data_rows(esco / "digitalSkillsCollection_en.csv")
    assert nodes["ResearchOccupation"] == _data_rows(esco / "researchOccupationsCollection_en.csv")
    assert rels["REQUIRES"] == 123_788
    related = stats_of(prepared, "skillSkillRelations.csv")
    assert rels["RELATED_TO"] == _data_rows(esco / "skillSkillRelations.csv") - related.rows_skipped
    requires = stats_of(prepared, "occupationSkillRelations.csv")
    (skipped,) = requires.skipped.values()
    assert skipped.count == 67
    assert skipped.keys == {"http://data.europa.eu/esco/occupation/"
                            "a9e54177-a185-404d-b6e6-15663d31137e"}
    assert report.relationships_created == sum(rels.values())
