"""Loader benchmark on the full shared data (prints figures; not a test).

In one run, against a throwaway Neo4j started for the purpose:
1. ``load all`` into an empty database: wall time and relationships/s;
2. a second, idempotent ``load all``;
3. on one subset (ESCO skills, occupations and the first N REQUIRES rows): the batched
   loader vs a naive one-row-per-transaction ``MERGE`` loader vs ``neo4j-admin database
   import full`` (offline);
4. the loader's peak memory.

Run: ``python benchmarks/load.py [--subset-rels 20000]``
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j

_HERE = Path(__file__).resolve().parent
# the repository, not this folder, on the path: benchmarks/api.py and gnn.py are named
# like packages
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
from benchmarks._common import data_dir, peak_rss_mib, throwaway_server, throwaway_settings  # noqa: E402
from graph.cli.load_cmd import ALL_SOURCES  # noqa: E402
from graph.loaders.base import KnownKeys, PreparedLoad, write_prepared  # noqa: E402
from graph.loaders.readers import read_delimited  # noqa: E402
from graph.loaders.sources import DataSource  # noqa: E402
from graph.loaders.stats import FileStats  # noqa: E402
from graph.loaders.writer import BatchWriter  # noqa: E402
from graph.schema import apply_schema, clear_graph, graph_counts  # noqa: E402
from graph.server import LocalNeo4j  # noqa: E402
from graph.server.local import ADMIN_TOOL  # noqa: E402

Row = Callable[[dict[str, Any]], list[str]]
"""How a row of the subset becomes a line of an import CSV."""

SUBSET_NODE = "UNWIND $rows AS row MERGE (n:{label} {{uri: row.uri}}) SET n.label = row.label"
SUBSET_REL = (
    "UNWIND $rows AS row MATCH (o:Occupation {uri: row.o}) MATCH (s:Skill {uri: row.s}) "
    "MERGE (o)-[r:REQUIRES]->(s) SET r.essential = row.essential"
)
NAIVE_NODE = "MERGE (n:{label} {{uri: $uri}}) SET n.label = $label"
NAIVE_REL = (
    "MATCH (o:Occupation {uri: $o}) MATCH (s:Skill {uri: $s}) "
    "MERGE (o)-[r:REQUIRES]->(s) SET r.essential = $essential"
)


def prepare_all(path: Path) -> list[PreparedLoad]:
    source = DataSource(path)
    known = KnownKeys()
    loads = []
    for _, prepare in ALL_SOURCES:
        p = prepare(source, known, False)
        known.add_prepared(p)
        loads.append(p)
    return loads


def full_load(driver: neo4j.Driver, path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for run in ("first (empty database)", "second (idempotent)"):
        t0 = time.perf_counter()
        loads = prepare_all(path)
        t1 = time.perf_counter()
        report = write_prepared(driver, loads, batch_size=5000)
        t2 = time.perf_counter()
        rels = sum(f.rows_written for f in report.files)
        slowest = sorted(report.files, key=lambda f: f.seconds, reverse=True)[:4]
        print(
            f"  {run}, slowest files: "
            + ", ".join(f"{Path(f.file).name} {f.seconds:.1f} s" for f in slowest)
        )
        out[run] = {
            "validate_s": t1 - t0,
            "write_s": t2 - t1,
            "total_s": t2 - t0,
            "rows_written": rels,
            "relationships_created": report.relationships_created,
            "nodes_created": report.nodes_created,
            "rows_per_s": rels / (t2 - t0),
        }
    out["counts"] = graph_counts(driver)
    return out


def read_subset(
    esco: Path, n_rels: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    labels: dict[str, dict[str, str]] = {"skills": {}, "occupations": {}}
    with (esco / "skills_en.csv").open("rb") as f:
        for row in read_delimited(f, "skills_en.csv", required=["conceptUri", "preferredLabel"]):
            labels["skills"][row["conceptUri"]] = row["preferredLabel"]
    with (esco / "occupations_en.csv").open("rb") as f:
        for row in read_delimited(
            f, "occupations_en.csv", required=["conceptUri", "preferredLabel"]
        ):
            labels["occupations"][row["conceptUri"]] = row["preferredLabel"]
    rels: list[dict[str, Any]] = []
    with (esco / "occupationSkillRelations.csv").open("rb") as f:
        for row in read_delimited(
            f,
            "occupationSkillRelations.csv",
            required=["occupationUri", "skillUri", "relationType"],
        ):
            o, s = row["occupationUri"], row["skillUri"]
            if o in labels["occupations"] and s in labels["skills"]:
                rels.append({"o": o, "s": s, "essential": row["relationType"] == "essential"})
            if len(rels) >= n_rels:
                break
    occ = sorted({r["o"] for r in rels})
    sk = sorted({r["s"] for r in rels})
    return (
        [{"uri": u, "label": labels["occupations"][u]} for u in occ],
        [{"uri": u, "label": labels["skills"][u]} for u in sk],
        rels,
    )


def _write_one(tx: neo4j.ManagedTransaction, query: str, row: dict[str, Any]) -> None:
    """One row in its own transaction: the naive loader's unit of work."""
    tx.run(query, row).consume()


def batched_subset(
    driver: neo4j.Driver,
    occ: list[dict[str, Any]],
    sk: list[dict[str, Any]],
    rels: list[dict[str, Any]],
) -> float:
    clear_graph(driver)
    apply_schema(driver)
    writer = BatchWriter(driver, batch_size=5000)
    stats = FileStats("subset")
    t0 = time.perf_counter()
    writer.run(SUBSET_NODE.format(label="Occupation"), occ, stats, description="occ", kind="n")
    writer.run(SUBSET_NODE.format(label="Skill"), sk, stats, description="skill", kind="n")
    writer.run(SUBSET_REL, rels, stats, description="requires", kind="r")
    return time.perf_counter() - t0


def naive_subset(
    driver: neo4j.Driver,
    occ: list[dict[str, Any]],
    sk: list[dict[str, Any]],
    rels: list[dict[str, Any]],
) -> float:
    clear_graph(driver)
    apply_schema(driver)
    t0 = time.perf_counter()
    with driver.session() as session:
        for label, rows in (("Occupation", occ), ("Skill", sk)):
            q = NAIVE_NODE.format(label=label)
            for r in rows:
                session.execute_write(_write_one, q, r)
        for r in rels:
            session.execute_write(_write_one, NAIVE_REL, r)
    return time.perf_counter() - t0


def admin_import(
    occ: list[dict[str, Any]], sk: list[dict[str, Any]], rels: list[dict[str, Any]]
) -> float:
    """``neo4j-admin database import full`` of the same subset into a fresh, stopped database."""
    with tempfile.TemporaryDirectory(prefix="skillgraph-import-") as tmp:
        home = Path(tmp)
        settings = throwaway_settings(home)
        server = LocalNeo4j(settings)
        server.write_config()
        files = {}
        tables: tuple[tuple[str, list[str], list[dict[str, Any]], Row], ...] = (
            (
                "occ.csv",
                ["uri:ID(Occupation)", "label", ":LABEL"],
                occ,
                lambda r: [r["uri"], r["label"], "Occupation"],
            ),
            (
                "skill.csv",
                ["uri:ID(Skill)", "label", ":LABEL"],
                sk,
                lambda r: [r["uri"], r["label"], "Skill"],
            ),
            (
                "req.csv",
                [":START_ID(Occupation)", ":END_ID(Skill)", "essential:boolean", ":TYPE"],
                rels,
                lambda r: [r["o"], r["s"], str(r["essential"]).lower(), "REQUIRES"],
            ),
        )
        for name, header, rows, fmt in tables:
            path = home / "import" / name
            with path.open("w", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(fmt(r) for r in rows)
            files[name] = path
        cmd = server.java_command(
            ADMIN_TOOL,
            "database",
            "import",
            "full",
            "neo4j",
            "--overwrite-destination",
            f"--nodes={files['occ.csv']}",
            f"--nodes={files['skill.csv']}",
            f"--relationships={files['req.csv']}",
            f"--report-file={home / 'import.report'}",
            heap=False,
        )
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=home, capture_output=True, text=True,
                              check=False)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(
                f"neo4j-admin import failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            )
        return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=data_dir())
    ap.add_argument("--subset-rels", type=int, default=20000)
    ap.add_argument("--skip-full", action="store_true", help="Only the subset comparisons.")
    args = ap.parse_args()
    print(f"data: {args.data}")
    esco = args.data / "esco-v1.1.1"
    occ, sk, rels = read_subset(esco, args.subset_rels)
    big = read_subset(esco, 10**9)
    n, n_big = len(occ) + len(sk) + len(rels), sum(len(x) for x in big)
    with throwaway_server() as (driver, _settings):
        if not args.skip_full:
            full = full_load(driver, args.data)
            for run, fig in full.items():
                if run == "counts":
                    continue
                print(
                    f"load all, {run}: {fig['total_s']:.1f} s (validate {fig['validate_s']:.1f} s,"
                    f" write {fig['write_s']:.1f} s), {fig['rows_written']:,} rows written, "
                    f"{fig['relationships_created']:,} relationships created, "
                    f"{fig['rows_per_s']:,.0f} rows/s"
                )
            print("counts:", full["counts"])
        t_batch = batched_subset(driver, occ, sk, rels)
        t_naive = naive_subset(driver, occ, sk, rels)
        t_batch_big = batched_subset(driver, *big)
    t_admin = admin_import(occ, sk, rels)
    t_admin_big = admin_import(*big)
    print(f"subset A: {len(occ):,} occupations, {len(sk):,} skills, {len(rels):,} REQUIRES")
    print(f"  batched loader (online, idempotent): {t_batch:.2f} s ({n / t_batch:,.0f} rows/s)")
    print(
        f"  naive one-row-per-transaction MERGE: {t_naive:.2f} s ({n / t_naive:,.0f} rows/s)"
        f" -> batched is {t_naive / t_batch:.1f}x faster"
    )
    print(
        f"  neo4j-admin database import full (offline, JVM start included): {t_admin:.2f} s"
        f" -> batched takes {t_batch / t_admin:.2f}x its time"
    )
    print(f"subset B: every ESCO occupation, skill and REQUIRES row ({n_big:,} rows)")
    print(f"  batched loader: {t_batch_big:.2f} s ({n_big / t_batch_big:,.0f} rows/s)")
    print(
        f"  neo4j-admin database import full: {t_admin_big:.2f} s"
        f" -> batched takes {t_batch_big / t_admin_big:.2f}x its time"
    )
    print(f"loader peak memory (RSS of this process): {peak_rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
