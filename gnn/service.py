"""``skillgraph train`` end to end: export, features, train, evaluate, save, write back, label
vectors for ``search``."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from gnn import artifacts
from gnn.export import GraphExport, export_graph
from gnn.features import TextEncoder
from gnn.label_vectors import write_label_vectors
from gnn.model import ModelConfig
from gnn.pipeline import SeedRun, node_features, run_seed, serving_vectors
from gnn.train import EpochCallback
from gnn.writeback import (
    ServedVectors,
    ensure_vector_indexes,
    record_model_version,
    retire_current_model,
    write_vectors,
)
from graph.errors import ModelError


@dataclass
class Hooks:
    """Progress callbacks (the CLI draws rich progress bars with them)."""

    stage: Callable[[str], None] = lambda _s: None
    encoding: Callable[[int, int], None] | None = None
    epoch: EpochCallback | None = None
    writing: Callable[[int, int], None] | None = None
    """``writing(advance, total)``."""
    labels: Callable[[int, int], None] | None = None
    """``labels(done, total)``: the label vectors written for ``search``."""


@dataclass
class TrainOutcome:
    version: str
    path: Path
    metrics: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    written: int = 0


def train_and_publish(
    driver: neo4j.Driver,
    *,
    models_dir: Path,
    cache_dir: Path,
    config: ModelConfig,
    seed: int,
    database: str = "neo4j",
    encoder: TextEncoder | None = None,
    hooks: Hooks | None = None,
    write_back: bool = True,
) -> TrainOutcome:
    """Train one model and serve it from Neo4j; returns its version, folder and metrics."""
    hooks = hooks or Hooks()
    timings: dict[str, float] = {}
    t = time.perf_counter()
    hooks.stage("export")
    export = export_graph(driver, database=database)
    if export.num_nodes("Skill") == 0:
        raise ModelError("the graph has no Skill nodes; load data first (`skillgraph load all`)")
    timings["export_s"] = time.perf_counter() - t

    t = time.perf_counter()
    hooks.stage("features")
    features = node_features(export, cache_dir, encoder, hooks.encoding)
    timings["features_s"] = time.perf_counter() - t

    t = time.perf_counter()
    hooks.stage("train")
    run = run_seed(export, features, config, seed, on_epoch=hooks.epoch)
    timings["train_s"] = run.result.seconds
    timings["evaluate_s"] = time.perf_counter() - t - run.result.seconds
    timings["epochs"] = float(run.result.epochs_run)
    timings["seconds_per_epoch"] = run.result.seconds / max(run.result.epochs_run, 1)

    published = publish(driver, run, export, models_dir=models_dir, config=config, seed=seed,
                        database=database, hooks=hooks, write_back=write_back)
    if write_back:
        timings["write_back_s"] = published.write_back_s
        t = time.perf_counter()
        hooks.stage("label vectors")
        labelled = write_label_vectors(driver, cache_dir, encoder, database=database,
                                       on_encoding=hooks.encoding, on_progress=hooks.labels)
        timings["label_vectors_s"] = time.perf_counter() - t
        timings["label_vectors"] = float(labelled.total)
    (published.path / "timings.json").write_text(json.dumps(timings, indent=2),
                                                 encoding="utf-8")
    return TrainOutcome(published.version, published.path, published.metrics, timings,
                        published.written)


@dataclass
class Published:
    """A trained model saved as a versioned artifact and, unless asked not to, served."""

    version: str
    path: Path
    metrics: dict[str, Any]
    written: int = 0
    write_back_s: float = 0.0
    vectors: ServedVectors | None = None
    """What was written back (None without write-back)."""


def publish(
    driver: neo4j.Driver,
    run: SeedRun,
    export: GraphExport,
    *,
    models_dir: Path,
    config: ModelConfig,
    seed: int,
    database: str = "neo4j",
    hooks: Hooks | None = None,
    write_back: bool = True,
) -> Published:
    """Save ``run``'s model as a new version and write its vectors back.

    The write-back first leaves no model current, then writes the vectors and (re)creates
    the vector indexes, and only then records the new version as current: until it ends, and
    if it stops part-way, the graph says it serves no model rather than a model whose
    vectors are half replaced."""
    hooks = hooks or Hooks()
    fingerprint = export.fingerprint()
    metrics: dict[str, Any] = {
        "test": run.metrics, "seed": seed, "best_epoch": run.result.best_epoch,
        "epochs_run": run.result.epochs_run,
        "split_sizes": {task: {"train": int(s.train.shape[1]), "val": int(s.val.shape[1]),
                               "test": int(s.test.shape[1])}
                        for task, s in run.data.splits.items()},
    }
    version = artifacts.new_version(models_dir=models_dir)
    hooks.stage("save")
    path = artifacts.save_artifact(
        models_dir, version=version, state_dict=run.result.model.state_dict(),
        config={**config.to_dict(), "seed": seed,
                "in_dims": {k: int(v.shape[1]) for k, v in run.data.x.items()},
                "metadata": [list(x) for x in run.data.metadata[1]]},
        metrics=metrics, fingerprint=fingerprint, history=run.result.history)
    if not write_back:
        return Published(version, path, metrics)
    t = time.perf_counter()
    hooks.stage("write-back")
    vectors = serving_vectors(run.result, run.data)
    total = sum(len(v.ids) for v in vectors.labels.values())
    writing = hooks.writing
    retire_current_model(driver, database=database)
    written = write_vectors(driver, vectors, database=database,
                            on_progress=(lambda n: writing(n, total)) if writing else None)
    ensure_vector_indexes(driver, vectors.dimensions, database=database,
                          labels=set(vectors.labels))
    headline = {task: m["model"] for task, m in run.metrics.items()}
    record_model_version(driver, version=version, dimensions=vectors.dimensions,
                         metrics=headline, fingerprint=fingerprint, database=database)
    return Published(version, path, metrics, written, time.perf_counter() - t, vectors)
