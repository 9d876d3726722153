"""The crosswalk loader: code chaining on tiny files, MAPS_TO in Neo4j, and the real files."""

from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pytest

from graph.errors import InputError
from graph.loaders.base import KnownKeys, write_prepared
from graph.loaders.crosswalks import BLS_SOURCE, NESTA_SOURCE, prepare_crosswalks
from graph.loaders.sources import DataSource

OCC = "http://data.europa.eu/esco/occupation/"
DEV = OCC + "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
ANALYST = OCC + "0bee5c1c-6b5e-4a2d-b1d0-6a43b0a8d7a2"
MISSING = OCC + "00000000-0000-0000-0000-000000000000"

NESTA = [
    "id,esco_occupation,isco_code,onet_code,onet_occupation,matching_job_titles,"
    "semantic_similarity,confidence,concept_uri",
    f"1,software developer,2512,15-1132.00,software developers,['x'],0.8,1.0,{DEV}",
    f"2,ict analyst,2511,15-1199.02,analysts,['y'],0.61,2.0,{ANALYST}",
    f"3,gone,2511,15-1132.00,software developers,['z'],0.5,0.5,{MISSING}",
]
VERSIONS = [
    "O*NET-SOC 2010 Code,O*NET-SOC 2010 Title,O*NET-SOC 2019 Code,O*NET-SOC 2019 Title",
    "15-1132.00,Software Developers Applications,15-1252.00,Software Developers",
    "15-1133.00,Software Developers Systems,15-1252.00,Software Developers",
    "15-1199.02,Computer Systems Engineers,15-1211.00,Computer Systems Analysts",
    "15-1199.02,Computer Systems Engineers,15-1299.08,Computer Systems Engineers",
]
ONET_SOC = [
    "O*NET-SOC 2010 Code,O*NET-SOC 2010 Title,2010 SOC Code,2010 SOC Title",
    "15-1132.00,Software Developers Applications,15-1132,Software Developers Applications",
    "15-1133.00,Software Developers Systems,15-1133,Software Developers Systems",
    "15-1199.02,Computer Systems Engineers,15-1199,Computer Occupations All Other",
]
ISCO_SOC = [
    "ISCO-08 Code,ISCO-08 Title EN,part,2010 SOC Code,2010 SOC Title,Comment",
    "2512,Software developers,*,15-1132,Software Developers Applications,",
    "2512,Software developers,*,15-1133,Software Developers Systems,",
    "2511,Systems analysts,*,15-1199,Computer Occupations All Other,",
    "2511,Systems analysts,*,15-2099,Mathematical Science Occupations All Other,",
]


def write_crosswalks(folder: Path, **changes: list[str]) -> Path:
    files = {
        "esco_onet_crosswalk_Nov2020.csv": NESTA,
        "2010_to_2019_Crosswalk.csv": VERSIONS,
        "ONET_to_US2010SOC.csv": ONET_SOC,
        "ISCO_SOC_Crosswalk.csv": ISCO_SOC,
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        lines = changes.get(name.split(".")[0], lines)
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def known_keys() -> KnownKeys:
    known = KnownKeys()
    known.add("Occupation", {DEV, ANALYST})
    known.add("OnetOccupation", {"15-1252.00", "15-1211.00", "15-1299.08"})
    known.add("IscoGroup", {"2511", "2512"})
    return known


def rows_of(
    folder: Path, description: str, known: KnownKeys | None = None
) -> list[dict[str, object]]:
    prepared = prepare_crosswalks(DataSource(folder), known or known_keys())
    step = next(s for s in prepared.steps if s.description == description)
    return list(step.rows)


def test_an_occupation_maps_to_the_2019_successor_of_its_2010_code(tmp_path: Path) -> None:
    rows = rows_of(write_crosswalks(tmp_path), "MAPS_TO occupation -> O*NET")
    dev = [r for r in rows if r["uri"] == DEV]
    assert dev == [{"uri": DEV, "code": "15-1252.00", "confidence": 1.0, "similarity": 0.8,
                    "onetCode2010": "15-1132.00"}]


def test_a_2010_code_split_in_2019_maps_to_every_successor(tmp_path: Path) -> None:
    rows = rows_of(write_crosswalks(tmp_path), "MAPS_TO occupation -> O*NET")
    codes = sorted(str(r["code"]) for r in rows if r["uri"] == ANALYST)
    assert codes == ["15-1211.00", "15-1299.08"]


def test_isco_groups_chain_through_soc_2010_and_onet_2010(tmp_path: Path) -> None:
    rows = rows_of(write_crosswalks(tmp_path), "MAPS_TO ISCO group -> O*NET")
    assert sorted((r["isco"], r["code"], r["socCode2010"], r["onetCode2010"]) for r in rows) == [
        ("2511", "15-1211.00", "15-1199", "15-1199.02"),
        ("2511", "15-1299.08", "15-1199", "15-1199.02"),
        ("2512", "15-1252.00", "15-1132", "15-1132.00"),
    ]


def test_two_paths_to_the_same_pair_are_kept_once_and_reported(tmp_path: Path) -> None:
    prepared = prepare_crosswalks(DataSource(write_crosswalks(tmp_path)), known_keys())
    stats = next(s for s in prepared.stats if s.file.endswith("ISCO_SOC_Crosswalk.csv"))
    reasons = {s.reason: s.keys for s in stats.skipped.values()}
    assert any("2512 -> 15-1252.00" in keys for keys in reasons.values())


def test_a_soc_code_without_onet_occupation_is_skipped_with_its_reason(tmp_path: Path) -> None:
    prepared = prepare_crosswalks(DataSource(write_crosswalks(tmp_path)), known_keys())
    stats = next(s for s in prepared.stats if s.file.endswith("ISCO_SOC_Crosswalk.csv"))
    skipped = {s.reason: s.keys for s in stats.skipped.values()}
    assert skipped["SOC 2010 code with no O*NET-SOC 2010 occupation"] == {"15-2099"}


def test_mappings_to_occupations_not_in_the_graph_are_skipped_and_reported(
    tmp_path: Path,
) -> None:
    prepared = prepare_crosswalks(DataSource(write_crosswalks(tmp_path)), known_keys())
    stats = next(s for s in prepared.stats if s.file.endswith("esco_onet_crosswalk_Nov2020.csv"))
    assert stats.rows_read == 3
    skipped = {s.reason: s for s in stats.skipped.values()}
    assert skipped["reference to an Occupation not in the data"].keys == {MISSING}


def test_under_strict_a_dangling_mapping_is_an_error_naming_file_row_and_column(
    tmp_path: Path,
) -> None:
    with pytest.raises(InputError) as err:
        prepare_crosswalks(DataSource(write_crosswalks(tmp_path)), known_keys(), strict=True)
    problem = err.value.problems[0]
    assert problem.file.endswith("esco_onet_crosswalk_Nov2020.csv")
    assert (problem.row, problem.column) == (4, "concept_uri")


def test_a_malformed_onet_code_is_rejected_with_file_row_and_column(tmp_path: Path) -> None:
    broken = [*NESTA[:2], NESTA[2].replace("15-1199.02", "15-1199")]
    folder = write_crosswalks(tmp_path, esco_onet_crosswalk_Nov2020=broken)
    with pytest.raises(InputError) as err:
        prepare_crosswalks(DataSource(folder), known_keys())
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (3, "onet_code")
    assert "O*NET-SOC 2010 code" in problem.message


def test_a_missing_column_in_a_version_table_is_rejected(tmp_path: Path) -> None:
    broken = [VERSIONS[0].replace("O*NET-SOC 2019 Code", "Code 2019"), *VERSIONS[1:]]
    folder = write_crosswalks(tmp_path, **{"2010_to_2019_Crosswalk": broken})
    with pytest.raises(InputError) as err:
        prepare_crosswalks(DataSource(folder), known_keys())
    assert (err.value.problems[0].row, err.value.problems[0].column) == (1, "O*NET-SOC 2019 Code")


@pytest.mark.integration
def test_maps_to_relationships_are_written_with_their_source_and_codes(
    empty_graph: neo4j.Driver, tmp_path: Path
) -> None:
    known = known_keys()
    empty_graph.execute_query(
        "UNWIND $occ AS u CREATE (:Occupation {uri: u}) "
        "WITH count(*) AS _ UNWIND $onet AS c CREATE (:OnetOccupation {code: c}) "
        "WITH count(*) AS _ UNWIND $isco AS i CREATE (:IscoGroup {code: i})",
        occ=sorted(known.get("Occupation", "uri")),
        onet=sorted(known.get("OnetOccupation", "code")),
        isco=sorted(known.get("IscoGroup", "code")),
    )
    prepared = prepare_crosswalks(DataSource(write_crosswalks(tmp_path)), known)
    write_prepared(empty_graph, [prepared])
    write_prepared(empty_graph, [prepared])  # idempotent
    records = empty_graph.execute_query(
        "MATCH (a)-[r:MAPS_TO]->(o:OnetOccupation) "
        "RETURN coalesce(a.uri, a.code) AS from, o.code AS to, r.source AS source, "
        "r.confidence AS confidence, r.socCode2010 AS soc ORDER BY from, to"
    ).records
    got = [(r["from"], r["to"], r["source"], r["confidence"], r["soc"]) for r in records]
    assert got == sorted([
        (ANALYST, "15-1211.00", NESTA_SOURCE, 2.0, None),
        (ANALYST, "15-1299.08", NESTA_SOURCE, 2.0, None),
        (DEV, "15-1252.00", NESTA_SOURCE, 1.0, None),
        ("2511", "15-1211.00", BLS_SOURCE, None, "15-1199"),
        ("2511", "15-1299.08", BLS_SOURCE, None, "15-1199"),
        ("2512", "15-1252.00", BLS_SOURCE, None, "15-1132"),
    ])


# --- the real files ------------------------------------------------------------------------


def _excel(path: Path, header: str) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    table = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    start = next(i for i, r in enumerate(table) if header in [str(c).strip() for c in r])
    return [[str(c).strip() for c in r] for r in table[start + 1:] if any(r)]


def real_keys(data: Path) -> dict[str, set[str]]:
    esco = data / "esco-v1.1.1"
    with (esco / "occupations_en.csv").open(encoding="utf-8") as f:
        occupations = {r["conceptUri"] for r in csv.DictReader(f)}
    with (esco / "ISCOGroups_en.csv").open(encoding="utf-8") as f:
        isco = {r["code"] for r in csv.DictReader(f)}
    onet = {r[0] for r in _excel(data / "onet-29.2" / "Occupation Data.xlsx", "O*NET-SOC Code")}
    return {"Occupation": occupations, "IscoGroup": isco, "OnetOccupation": onet}


def expected_maps_to(data: Path, keys: dict[str, set[str]]) -> tuple[int, int]:
    """MAPS_TO pairs the files imply, computed independently of the loader."""
    xw = data / "crosswalks"
    to_2019: dict[str, set[str]] = {}
    versions = xw / "onet-soc-versions" / "2010_to_2019_Crosswalk.xlsx"
    for r in _excel(versions, "O*NET-SOC 2010 Code"):
        to_2019.setdefault(r[0], set()).add(r[2])
    soc_to_onet: dict[str, set[str]] = {}
    for r in _excel(xw / "isco08-soc2010-bls" / "ONET_to_US2010SOC.xlsx", "2010 SOC Code"):
        soc_to_onet.setdefault(r[2], set()).add(r[0])
    with (xw / "esco-onet-nesta-2020" / "esco_onet_crosswalk_Nov2020.csv").open() as f:
        occupation_pairs = {
            (r["concept_uri"], c) for r in csv.DictReader(f)
            for c in to_2019.get(r["onet_code"], ())
            if r["concept_uri"] in keys["Occupation"] and c in keys["OnetOccupation"]
        }
    isco_pairs = {
        (r[0], c)
        for r in _excel(xw / "isco08-soc2010-bls" / "ISCO_SOC_Crosswalk.xls", "ISCO-08 Code")
        for o in soc_to_onet.get(r[3], ()) for c in to_2019.get(o, ())
        if r[0] in keys["IscoGroup"] and c in keys["OnetOccupation"]
    }
    return len(occupation_pairs), len(isco_pairs)


@pytest.mark.integration
@pytest.mark.full_data
def test_the_real_crosswalks_give_the_maps_to_pairs_their_files_imply(
    empty_graph: neo4j.Driver, data_dir: Path
) -> None:
    keys = real_keys(data_dir)
    empty_graph.execute_query(
        "UNWIND $occ AS u CREATE (:Occupation {uri: u}) "
        "WITH count(*) AS _ UNWIND $onet AS c CREATE (:OnetOccupation {code: c}) "
        "WITH count(*) AS _ UNWIND $isco AS i CREATE (:IscoGroup {code: i})",
        occ=sorted(keys["Occupation"]), onet=sorted(keys["OnetOccupation"]),
        isco=sorted(keys["IscoGroup"]),
    )
    known = KnownKeys()
    for label, values in keys.items():
        known.add(label, values)
    write_prepared(empty_graph, [prepare_crosswalks(DataSource(data_dir), known)])
    counts = {
        r["source"]: r["n"] for r in empty_graph.execute_query(
            "MATCH ()-[r:MAPS_TO]->() RETURN r.source AS source, count(*) AS n").records
    }
    occupation_pairs, isco_pairs = expected_maps_to(data_dir, keys)
    assert counts == {NESTA_SOURCE: occupation_pairs, BLS_SOURCE: isco_pairs}
    assert occupation_pairs > 1600
