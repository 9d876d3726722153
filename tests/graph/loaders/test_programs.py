"""The CIP program loader: parsing NCES's CSVs, PREPARES_FOR in Neo4j, and the real files."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import neo4j
import pytest

from graph.errors import InputError
from graph.loaders.base import KnownKeys, write_prepared
from graph.loaders.programs import (
    clean_title,
    escape_stray_quotes,
    parse_examples,
    prepare_programs,
    unescape_excel,
)
from graph.loaders.sources import DataSource

CIP_CODES = [
    '"CIPFamily","CIPCode","Action","TextChange","CIPTitle","CIPDefinition","CrossReferences",'
    '"Examples"',
    '="11",="11","No substantive changes",no,"COMPUTER SCIENCES.","Programs.","",',
    '="11",="11.07","No substantive changes",no,"Computer Science.","See 11.0701.","",',
    '="11",="11.0701","No substantive changes",no,"Computer Science.","A program that '
    'focuses on "computing" itself.","","Examples: - Informatics, - Computing"',
    '="11",="11.0804","New",no,"Modeling, Virtual Environments and Simulation.","Sims.","",',
    '="15",="15.0503","Moved from",no,"Energy Management.","Moved from 15.0503 to 15.1701","",',
]
CIP_SOC = [
    "\ufeffCIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title",
    "11.0701,Computer Science.,15-1252,Software Developers",
    "11.0701,Computer Science.,15-1299,Computer Occupations All Other",
    "11.0804,Modeling.,15-1299,Computer Occupations All Other",
    "11.0804,Modeling.,99-9999,NO MATCH",
]
TO_SOC = [
    "O*NET-SOC 2019 Code,O*NET-SOC 2019 Title,2018 SOC Code,2018 SOC Title",
    "15-1252.00,Software Developers,15-1252,Software Developers",
    "15-1299.08,Computer Systems Engineers,15-1299,Computer Occupations All Other",
    "15-1299.09,IT Project Managers,15-1299,Computer Occupations All Other",
]
ONET = {"15-1252.00", "15-1299.08", "15-1299.09"}


def write_cip(folder: Path, *, with_official: bool = True, **changes: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"CIPCode2020.csv": CIP_CODES, "CIP2020_SOC2018_Crosswalk.csv": CIP_SOC}
    if with_official:
        files["2019_to_SOC_Crosswalk.csv"] = TO_SOC
    for name, lines in files.items():
        lines = changes.get(name.split(".")[0], lines)
        (folder / name).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return folder


def known_onet(codes: set[str] = ONET) -> KnownKeys:
    known = KnownKeys()
    known.add("OnetOccupation", codes)
    return known


def test_excel_escaped_codes_are_unescaped() -> None:
    assert unescape_excel('="01.0000"') == "01.0000"
    assert unescape_excel("01.0000") == "01.0000"


def test_titles_lose_their_trailing_period_and_examples_become_a_list() -> None:
    assert clean_title("Agriculture, General.") == "Agriculture, General"
    assert parse_examples("Examples: - Viticulture, - Enology") == ["Viticulture", "Enology"]
    assert parse_examples("") == []


def test_a_stray_quote_inside_a_quoted_cell_is_escaped() -> None:
    line = b'="43",="43","x",no,"A.","titled "Security" in CIP.","",\r\n'
    fixed = escape_stray_quotes(line)
    cells = next(csv.reader([fixed.decode()]))
    assert cells[5] == 'titled "Security" in CIP.'
    assert escape_stray_quotes(b'"a ""b"" c",""\r\n') == b'"a ""b"" c",""\r\n'


def test_only_current_six_digit_programs_become_nodes(tmp_path: Path) -> None:
    prepared = prepare_programs(DataSource(write_cip(tmp_path)), known_onet())
    programs = {p["cipCode"]: p for p in prepared.steps[0].rows}
    assert set(programs) == {"11.0701", "11.0804"}
    assert programs["11.0701"] == {
        "cipCode": "11.0701", "title": "Computer Science",
        "definition": 'A program that focuses on "computing" itself.', "family": "11",
        "examples": ["Informatics", "Computing"],
    }
    stats = prepared.stats[0]
    skipped = {s.reason: s.keys for s in stats.skipped.values()}
    assert skipped["family or series code, not a six-digit program"] == {"11", "11.07"}
    assert skipped["code retired in CIP 2020 (moved or deleted)"] == {"15.0503"}
    assert prepared.keys["Program"] == {"11.0701", "11.0804"}


def test_a_soc_code_fans_out_to_every_onet_occupation_within_it(tmp_path: Path) -> None:
    prepared = prepare_programs(DataSource(write_cip(tmp_path)), known_onet())
    links = sorted((r["cipCode"], r["code"], r["socCode"]) for r in prepared.steps[1].rows)
    assert links == [
        ("11.0701", "15-1252.00", "15-1252"),
        ("11.0701", "15-1299.08", "15-1299"),
        ("11.0701", "15-1299.09", "15-1299"),
        ("11.0804", "15-1299.08", "15-1299"),
        ("11.0804", "15-1299.09", "15-1299"),
    ]


def test_without_the_official_table_the_code_prefix_is_used(tmp_path: Path) -> None:
    prepared = prepare_programs(DataSource(write_cip(tmp_path, with_official=False)),
                                known_onet())
    assert len(prepared.steps[1].rows) == 5


def test_a_soc_code_with_no_onet_occupation_is_skipped_with_its_reason(tmp_path: Path) -> None:
    prepared = prepare_programs(DataSource(write_cip(tmp_path)), known_onet(), strict=True)
    stats = next(s for s in prepared.stats if "CIP2020_SOC2018" in s.file)
    assert stats.skipped["SOC 2018 code with no O*NET-SOC occupation"].keys == {"99-9999"}


def test_under_strict_an_onet_occupation_missing_from_the_graph_is_an_error(
    tmp_path: Path,
) -> None:
    with pytest.raises(InputError) as err:
        prepare_programs(DataSource(write_cip(tmp_path)), known_onet({"15-1299.08"}),
                         strict=True)
    problem = err.value.problems[0]
    assert problem.file.endswith("CIP2020_SOC2018_Crosswalk.csv")
    assert (problem.row, problem.column) == (2, "SOC2018Code")


def test_a_malformed_cip_code_is_rejected_with_file_row_and_column(tmp_path: Path) -> None:
    broken = [*CIP_SOC[:2], CIP_SOC[2].replace("11.0701", "11.701"), *CIP_SOC[3:]]
    with pytest.raises(InputError) as err:
        prepare_programs(DataSource(write_cip(tmp_path, CIP2020_SOC2018_Crosswalk=broken)),
                         known_onet())
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (3, "CIP2020Code")


def test_a_duplicate_program_code_is_rejected(tmp_path: Path) -> None:
    broken = [*CIP_CODES, CIP_CODES[3]]
    with pytest.raises(InputError) as err:
        prepare_programs(DataSource(write_cip(tmp_path, CIPCode2020=broken)), known_onet())
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (7, "CIPCode")
    assert "duplicate" in problem.message


def test_a_file_that_is_not_utf8_is_rejected(tmp_path: Path) -> None:
    folder = write_cip(tmp_path)
    path = folder / "CIPCode2020.csv"
    path.write_bytes(path.read_bytes().replace(b"Modeling", b"Mod\xe9ling"))
    with pytest.raises(InputError, match="UTF-8"):
        prepare_programs(DataSource(folder), known_onet())


@pytest.mark.integration
def test_programs_and_prepares_for_are_written(empty_graph: neo4j.Driver, tmp_path: Path) -> None:
    empty_graph.execute_query("UNWIND $codes AS c CREATE (:OnetOccupation {code: c})",
                              codes=sorted(ONET))
    prepared = prepare_programs(DataSource(write_cip(tmp_path)), known_onet())
    write_prepared(empty_graph, [prepared])
    write_prepared(empty_graph, [prepared])  # idempotent
    records = empty_graph.execute_query(
        "MATCH (p:Program) OPTIONAL MATCH (p)-[r:PREPARES_FOR]->(o) "
        "RETURN p.cipCode AS cip, p.title AS title, p.examples AS examples, "
        "collect(o.code + ' ' + r.socCode) AS links ORDER BY cip"
    ).records
    got = {r["cip"]: (r["title"], r["examples"], sorted(r["links"])) for r in records}
    assert got == {
        "11.0701": ("Computer Science", ["Informatics", "Computing"],
                    ["15-1252.00 15-1252", "15-1299.08 15-1299", "15-1299.09 15-1299"]),
        "11.0804": ("Modeling, Virtual Environments and Simulation", [],
                    ["15-1299.08 15-1299", "15-1299.09 15-1299"]),
    }


# --- the real files ------------------------------------------------------------------------


def expected_programs(data: Path, onet: set[str]) -> tuple[int, int]:
    """Programs and PREPARES_FOR pairs the real files imply, computed independently."""
    folder = data / "crosswalks" / "cip2020-soc2018-nces"
    text = (folder / "CIPCode2020.csv").read_text(encoding="utf-8-sig")
    programs = {
        m.group(1) for m in re.finditer(r'^="\d\d",="(\d\d\.\d\d\d\d)","([^"]*)"', text, re.M)
        if m.group(2) not in ("Moved from", "Deleted")
    }
    with (folder / "CIP2020_SOC2018_Crosswalk.csv").open(encoding="utf-8-sig") as f:
        pairs = {(r["CIP2020Code"], code) for r in csv.DictReader(f)
                 for code in onet if code[:7] == r["SOC2018Code"]
                 if r["CIP2020Code"] in programs}
    return len(programs), len(pairs)


@pytest.mark.integration
@pytest.mark.full_data
def test_the_real_cip_files_give_the_programs_and_links_they_imply(
    empty_graph: neo4j.Driver, data_dir: Path
) -> None:
    from tests.graph.loaders.test_crosswalks import real_keys

    onet = real_keys(data_dir)["OnetOccupation"]
    empty_graph.execute_query("UNWIND $codes AS c CREATE (:OnetOccupation {code: c})",
                              codes=sorted(onet))
    write_prepared(empty_graph, [prepare_programs(DataSource(data_dir), known_onet(onet))])
    programs = empty_graph.execute_query("MATCH (p:Program) RETURN count(p) AS n").records[0]["n"]
    links = empty_graph.execute_query(
        "MATCH (:Program)-[r:PREPARES_FOR]->() RETURN count(r) AS n").records[0]["n"]
    assert (programs, links) == expected_programs(data_dir, onet)
    assert programs > 2000
