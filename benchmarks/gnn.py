"""Link-prediction benchmark on the full shared data (prints figures; not a test).

Against the configured Neo4j (``NEO4J_URI`` or the local server on ``SKILLGRAPH_LOCAL_BOLT_PORT``)
already holding ``skillgraph load all`` of the shared data, or, with ``--throwaway``, against a
fresh server loaded for the purpose. Measures:

- export time;
- MiniLM feature time, cold (into an empty temporary cache: model load plus ``--cold-texts``
  sampled texts, extrapolated to every text; ``--cold-texts 0`` encodes them all, ``-1``
  skips it) and warm
  (the configured cache);
- seconds per epoch and training total (validation ranking included), evaluation on the test
  split next to the baselines (printed as a table);
- write-back time (vectors and the unquantised vector indexes), published as ``skillgraph
  train`` publishes: a new model version with its artifact becomes the current one;
- top-10 vector query latency p50/p99 for skills and transitions after a warm-up, three ways:
  the source vector read from the node inside the query, the source vector passed as a
  ``$vector`` parameter, each through the driver and as the server's own time
  (``result_available_after`` + ``result_consumed_after``); a ``RETURN 1`` round trip for
  reference;
- peak memory and the load average at start and end (the machine may be shared).

With ``--seeds N`` it also runs the multi-seed evaluation (N full trainings).

Run: ``python benchmarks/gnn.py [--epochs 80] [--seeds 1] [--cold-texts 1000] [--throwaway]
[--json out.json]``; ``--latency-only`` times the queries alone on the vectors already written.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import numpy as np
from rich.console import Console
from rich.progress import Progress

# This file is named like the ``gnn`` package: keep its own folder behind the repository root.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
from benchmarks._common import data_dir, peak_rss_mib, throwaway_server  # noqa: E402
from gnn.evaluate import EvaluationReport  # noqa: E402
from gnn.export import GraphExport, export_graph  # noqa: E402
from gnn.features import EmbeddingCache, encode_texts, text_key  # noqa: E402
from gnn.label_vectors import write_label_vectors  # noqa: E402
from gnn.model import ModelConfig  # noqa: E402
from gnn.pipeline import evaluate_seeds, node_features, run_seed  # noqa: E402
from gnn.service import publish  # noqa: E402
from gnn.writeback import (  # noqa: E402
    EMBEDDING,
    KEYS,
    TRANSITION_SOURCE,
    LabelVectors,
    ServedVectors,
)
from graph.db import create_driver  # noqa: E402
from graph.queries import identifier  # noqa: E402
from graph.settings import Settings, get_settings  # noqa: E402

TOP_K = 10
PING = "RETURN 1 AS one"
console = Console(stderr=True)


@dataclass(frozen=True)
class Probe:
    """One top-10 query: sources of ``label`` looked up in ``index`` with their ``source``
    vector property."""

    label: str
    source: str
    index: str

    @property
    def key(self) -> str:
        return KEYS[self.label]

    def from_node(self) -> str:
        """The source vector read from the node inside the query."""
        lab, key, src = identifier(self.label), identifier(self.key), identifier(self.source)
        return (f"MATCH (s:{lab} {{{key}: $id}}) "
                f"CALL db.index.vector.queryNodes($index, $k, s.{src}) YIELD node, score "
                f"WHERE node <> s RETURN node.{key} AS id, score LIMIT $limit")

    def from_parameter(self) -> str:
        """The source vector passed as ``$vector``."""
        key = identifier(self.key)
        return ("CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node, score "
                f"WHERE node.{key} <> $id RETURN node.{key} AS id, score LIMIT $limit")


PROBES = {
    "skill top-10": Probe("Skill", EMBEDDING, "skill_embedding"),
    "transition top-10": Probe("OnetOccupation", TRANSITION_SOURCE,
                               "onet_occupation_transition_target"),
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


def percentiles(times_ms: list[float]) -> dict[str, float]:
    arr = np.asarray(times_ms, dtype=np.float64)
    return {"p50_ms": round(float(np.percentile(arr, 50)), 2),
            "p99_ms": round(float(np.percentile(arr, 99)), 2),
            "max_ms": round(float(arr.max()), 2), "queries": int(arr.size)}


def timed_runs(
    session: neo4j.Session, query: str, params: list[dict[str, Any]], warmup: int,
    progress: Progress, label: str,
) -> tuple[list[float], list[float]]:
    """Client wall time and server time (available + consumed) of each query, in ms, after
    running the first ``warmup`` parameter sets untimed."""
    task = progress.add_task(label, total=warmup + len(params))
    for p in params[:warmup]:
        session.run(query, p).consume()
        progress.advance(task)
    client, server = [], []
    for p in params:
        t = time.perf_counter()
        summary = session.run(query, p).consume()
        client.append((time.perf_counter() - t) * 1000)
        server.append(float((summary.result_available_after or 0)
                            + (summary.result_consumed_after or 0)))
        progress.advance(task)
    return client, server


def latencies(
    driver: neo4j.Driver, vectors: ServedVectors, n: int, warmup: int
) -> dict[str, Any]:
    """Top-10 latency per probe: vector read from the node vs passed as a parameter, client
    (through the driver) and server side; plus a ``RETURN 1`` round trip."""
    out: dict[str, Any] = {}
    rng = np.random.default_rng(0)
    with driver.session() as session, Progress(console=console, transient=True) as progress:
        client, server = timed_runs(session, PING, [{}] * n, warmup, progress, "round trip")
        out["round trip (RETURN 1)"] = {"driver": percentiles(client),
                                        "server": percentiles(server)}
        for name, probe in PROBES.items():
            lv = vectors.labels[probe.label]
            picked = rng.choice(len(lv.ids), min(n, len(lv.ids)), replace=False)
            base = {"index": probe.index, "k": TOP_K + 1, "limit": TOP_K}
            by_id = [{**base, "id": lv.ids[i]} for i in picked]
            by_vector = [{**base, "id": lv.ids[i],
                          "vector": lv.properties[probe.source][i].tolist()} for i in picked]
            node_client, node_server = timed_runs(session, probe.from_node(), by_id, warmup,
                                                  progress, f"{name} (node vector)")
            par_client, par_server = timed_runs(session, probe.from_parameter(), by_vector,
                                                warmup, progress, f"{name} ($vector)")
            out[name] = {
                "node vector, driver": percentiles(node_client),
                "node vector, server": percentiles(node_server),
                "$vector, driver": percentiles(par_client),
                "$vector, server": percentiles(par_server),
            }
    return out


def all_texts(export: GraphExport) -> list[str]:
    """Every distinct node text, in a fixed order."""
    seen: dict[str, str] = {}
    for table in export.nodes.values():
        for t in table.texts:
            seen.setdefault(text_key(t), t)
    return [seen[k] for k in sorted(seen)]


def cold_features(export: GraphExport, sample: int) -> dict[str, float]:
    """MiniLM into an empty cache: model load plus ``sample`` texts (0: every text),
    extrapolated to every distinct text."""
    texts = all_texts(export)
    if 0 < sample < len(texts):
        rng = np.random.default_rng(0)
        texts = [texts[i] for i in sorted(rng.choice(len(texts), sample, replace=False))]
    total = len(all_texts(export))
    with tempfile.TemporaryDirectory(prefix="skillgraph-cold-cache-") as tmp, \
            Progress(console=console, transient=True) as progress:
        cache = EmbeddingCache(Path(tmp))
        t = time.perf_counter()
        encode_texts(texts[:1], cache)  # loads the model
        load_s = time.perf_counter() - t
        task = progress.add_task("MiniLM, cold cache", total=len(texts) - 1)
        t = time.perf_counter()
        encode_texts(texts[1:], cache,
                     on_progress=lambda done, _n: progress.update(task, completed=done))
        seconds = time.perf_counter() - t
    rate = (len(texts) - 1) / seconds
    return {"model_load_s": round(load_s, 2), "texts": len(texts) - 1,
            "encode_s": round(seconds, 2), "texts_per_s": round(rate, 1),
            "distinct_texts": total, "extrapolated_all_s": round(load_s + total / rate, 1)}


def stored_vectors(driver: neo4j.Driver) -> ServedVectors:
    """The source vectors of every probe as written back in the graph (for ``--latency-only``)."""
    labels: dict[str, LabelVectors] = {}
    dims = 0
    for probe in PROBES.values():
        key, src = identifier(probe.key), identifier(probe.source)
        records = driver.execute_query(
            f"MATCH (s:{identifier(probe.label)}) WHERE s.{src} IS NOT NULL "
            f"RETURN s.{key} AS id, s.{src} AS v ORDER BY id").records
        if not records:
            raise SystemExit(f"no {probe.label}.{probe.source} vectors: run `skillgraph train`")
        m = np.asarray([r["v"] for r in records], dtype=np.float32)
        lv = labels.setdefault(probe.label, LabelVectors([r["id"] for r in records], {}))
        lv.properties[probe.source] = m
        dims = m.shape[1]
    return ServedVectors(labels, dims)


def epoch_progress(progress: Progress, epochs: int) -> Callable[[int, dict[str, float]], None]:
    task = progress.add_task("training", total=epochs)

    def on_epoch(epoch: int, row: dict[str, float]) -> None:
        progress.update(task, completed=epoch,
                        description=f"training (val MRR {row.get('val_mrr', float('nan')):.3f})")

    return on_epoch


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    from gnn.cli import DEFAULT_EPOCHS

    parser.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--queries", type=int, default=500, help="timed queries per probe")
    parser.add_argument("--warmup", type=int, default=100, help="untimed queries per probe")
    parser.add_argument("--cold-texts", type=int, default=1000,
                        help="texts encoded into an empty cache (0: all; -1: skip)")
    parser.add_argument("--latency-only", action="store_true",
                        help="only the query latencies, on the vectors already in the graph")
    parser.add_argument("--throwaway", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    if args.latency_only:
        with graph(False) as driver:
            out: dict[str, Any] = {
                "cpus": os.cpu_count(), "load_avg_start": os.getloadavg(),
                "latency": latencies(driver, stored_vectors(driver), args.queries,
                                        args.warmup),
                "load_avg_end": os.getloadavg()}
        print(json.dumps(out, indent=2))
        return
    config = ModelConfig(epochs=args.epochs, hidden=args.hidden, threads=args.threads)
    settings: Settings = get_settings()
    out = {"cpus": os.cpu_count(), "load_avg_start": os.getloadavg()}
    with graph(args.throwaway) as driver:
        t = time.perf_counter()
        export = export_graph(driver)
        out["export_s"] = time.perf_counter() - t
        out["nodes"] = {k: len(v) for k, v in export.nodes.items()}
        out["edges"] = {"/".join(k): int(v.shape[1]) for k, v in export.edges.items()}
        if args.cold_texts >= 0:
            out["features_cold"] = cold_features(export, args.cold_texts)
        cache_dir = settings.home / "cache" / "text-embeddings"
        cached = EmbeddingCache(cache_dir)
        out["features_warm_missing_texts"] = sum(
            cached.get(text_key(x)) is None for x in all_texts(export))
        del cached
        t = time.perf_counter()
        features = node_features(export, cache_dir)
        out["features_warm_s"] = time.perf_counter() - t
        with Progress(console=console, transient=True) as progress:
            run = run_seed(export, features, config, args.seed,
                           on_epoch=epoch_progress(progress, args.epochs))
        out["train_s"] = run.result.seconds
        out["epochs_run"] = run.result.epochs_run
        out["best_epoch"] = run.result.best_epoch
        out["seconds_per_epoch"] = run.result.seconds / max(run.result.epochs_run, 1)
        out["test"] = run.metrics
        # published as `skillgraph train` publishes (artifact, vectors, indexes, then the
        # current version), so that the graph serves a model whose artifact exists
        models_dir = (Path(tempfile.mkdtemp(prefix="skillgraph-models-")) if args.throwaway
                      else settings.effective_models_dir)
        published = publish(driver, run, export, models_dir=models_dir, config=config,
                            seed=args.seed)
        out["model_version"] = published.version
        out["write_back_s"] = published.write_back_s
        t = time.perf_counter()  # and the label vectors of `search`, as `skillgraph train` does
        out["label_vectors"] = write_label_vectors(driver, cache_dir).total
        out["label_vectors_s"] = time.perf_counter() - t
        assert published.vectors is not None
        vectors = published.vectors
        out["latency"] = latencies(driver, vectors, args.queries, args.warmup)
        single = EvaluationReport(seeds=[args.seed])
        for task, methods in run.metrics.items():
            for method, m in methods.items():
                single.add(task, method, m)
        table = single.to_markdown()
        if args.seeds > 1:
            report = evaluate_seeds(export, features, config,
                                    list(range(args.seed, args.seed + args.seeds)))
            out["evaluation"] = report.to_json()
            table += "\n" + report.to_markdown()
    out["peak_rss_mib"] = peak_rss_mib()
    out["load_avg_end"] = os.getloadavg()
    text = json.dumps(out, indent=2, default=float)
    print(text)
    print(table)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
