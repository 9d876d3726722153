"""Link-prediction benchmark on the full shared data (prints figures; not a test).

Against the configured Neo4j (``NEO4J_URI`` or the local server on ``SKILLGRAPH_LOCAL_BOLT_PORT``)
already holding ``skillgraph load all`` of the shared data, or, with ``--throwaway``, against a
fresh server loaded for the purpose. Measures: export time; feature time (MiniLM, cached);
seconds per epoch and training total; evaluation on the test split next to the baselines;
write-back time; top-10 vector query latency p50/p99 for skills and transitions; peak memory.
With ``--seeds N`` it also runs the multi-seed evaluation (N full trainings).

Run: ``python benchmarks/gnn.py [--epochs 150] [--seeds 1] [--throwaway] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import data_dir, peak_rss_mib, throwaway_server

from gnn.export import export_graph
from gnn.model import ModelConfig
from gnn.pipeline import evaluate_seeds, node_features, run_seed, serving_vectors
from gnn.writeback import ensure_vector_indexes, write_vectors
from graph.db import create_driver
from graph.settings import Settings, get_settings

LATENCY_QUERIES = {
    "skill top-10": (
        "Skill", "uri",
        "MATCH (s:Skill {uri: $id}) CALL db.index.vector.queryNodes('skill_embedding', 11, "
        "s.embedding) YIELD node, score WHERE node <> s RETURN node.uri, score LIMIT 10"),
    "transition top-10": (
        "OnetOccupation", "code",
        "MATCH (s:OnetOccupation {code: $id}) CALL db.index.vector.queryNodes("
        "'onet_occupation_transition_target', 11, s.transitionSource) YIELD node, score "
        "WHERE node <> s RETURN node.code, score LIMIT 10"),
}


@contextmanager
def graph(throwaway: bool) -> Iterator[neo4j.Driver]:
    if not throwaway:
        driver = create_driver(get_settings())
        try:
            yield driver
        finally:
            driver.close()
        return
    from graph.cli.load_cmd import ALL_SOURCES
    from graph.loaders.base import KnownKeys, write_prepared
    from graph.loaders.sources import DataSource
    from graph.schema import apply_schema

    with throwaway_server() as (driver, _settings):
        apply_schema(driver)
        source, known, loads = DataSource(data_dir()), KnownKeys(), []
        for _, prepare in ALL_SOURCES:
            p = prepare(source, known, False)
            known.add_prepared(p)
            loads.append(p)
        write_prepared(driver, loads)
        yield driver


def latency(driver: neo4j.Driver, ids: list[str], query: str) -> dict[str, float]:
    times = []
    with driver.session() as session:
        for i in ids:
            t = time.perf_counter()
            session.run(query, id=i).consume()
            times.append((time.perf_counter() - t) * 1000)
    arr = np.array(times[10:] if len(times) > 20 else times)  # first ones warm the caches
    return {"p50_ms": float(np.percentile(arr, 50)), "p99_ms": float(np.percentile(arr, 99)),
            "queries": float(arr.size)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--throwaway", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    config = ModelConfig(epochs=args.epochs, hidden=args.hidden, threads=args.threads)
    settings: Settings = get_settings()
    out: dict[str, Any] = {"cpus": os.cpu_count(), "load_avg_start": os.getloadavg()}
    with graph(args.throwaway) as driver:
        t = time.perf_counter()
        export = export_graph(driver)
        out["export_s"] = time.perf_counter() - t
        out["nodes"] = {k: len(v) for k, v in export.nodes.items()}
        out["edges"] = {"/".join(k): int(v.shape[1]) for k, v in export.edges.items()}
        t = time.perf_counter()
        features = node_features(export, settings.home / "cache" / "text-embeddings")
        out["features_s"] = time.perf_counter() - t
        run = run_seed(export, features, config, args.seed)
        out["train_s"] = run.result.seconds
        out["epochs_run"] = run.result.epochs_run
        out["best_epoch"] = run.result.best_epoch
        out["seconds_per_epoch"] = run.result.seconds / max(run.result.epochs_run, 1)
        out["test"] = run.metrics
        t = time.perf_counter()
        vectors = serving_vectors(run.result, run.data)
        write_vectors(driver, vectors)
        ensure_vector_indexes(driver, vectors.dimensions, labels=set(vectors.labels))
        out["write_back_s"] = time.perf_counter() - t
        rng = np.random.default_rng(0)
        for name, (label, _key, query) in LATENCY_QUERIES.items():
            ids = export.nodes[label].ids
            picked = [ids[i] for i in rng.choice(len(ids), min(args.queries, len(ids)),
                                                 replace=False)]
            out[f"latency {name}"] = latency(driver, picked, query)
        if args.seeds > 1:
            report = evaluate_seeds(export, features, config,
                                    list(range(args.seed, args.seed + args.seeds)))
            out["evaluation"] = report.to_json()
            print(report.to_markdown())
    out["peak_rss_mib"] = peak_rss_mib()
    out["load_avg_end"] = os.getloadavg()
    text = json.dumps(out, indent=2, default=float)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
