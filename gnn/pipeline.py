"""The steps of ``skillgraph train`` / ``evaluate`` glued together: features, one training run
with its test metrics next to the baselines, and multi-seed evaluation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gnn import baselines
from gnn.evaluate import EvaluationReport, evaluate_scorer
from gnn.export import MAPS_TO, GraphExport
from gnn.features import EmbeddingCache, TextEncoder, encode_texts
from gnn.model import ModelConfig
from gnn.train import (
    TASKS,
    EpochCallback,
    TrainingData,
    TrainResult,
    prepare_training,
    task_vectors,
    train_model,
)
from gnn.writeback import ServedVectors, served_vectors


def node_features(
    export: GraphExport,
    cache_dir: Path,
    encoder: TextEncoder | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, np.ndarray]:
    """MiniLM vectors of every node's text, per label (cached by text hash)."""
    cache = EmbeddingCache(cache_dir)
    return {label: encode_texts(t.texts, cache, encoder, on_progress=on_progress)
            for label, t in export.nodes.items()}


def task_baselines(
    data: TrainingData, features: dict[str, np.ndarray], task: str, seed: int
) -> dict[str, baselines.Scorer]:
    split = data.splits[task]
    src_t, _, dst_t = TASKS[task]
    n = data.x[dst_t].shape[0]
    out = {
        "random": baselines.random_scorer(n, seed),
        "popularity": baselines.popularity_scorer(split.train, n, symmetric=split.symmetric),
        "text_cosine": baselines.cosine_scorer(features[src_t], features[dst_t]),
    }
    if task == "related_skills":
        out["adamic_adar"] = baselines.adamic_adar_scorer(
            baselines.skill_neighbourhood(data.export, split.train))
    else:
        out["adamic_adar"] = baselines.adamic_adar_scorer(
            baselines.onet_neighbourhood(data.export, split.train))
        ratings = data.export.onet_ratings()
        if ratings.shape[1]:
            out["ratings_cosine"] = baselines.cosine_scorer(ratings, ratings)
    return out


def model_scorer(result: TrainResult, data: TrainingData, task: str) -> baselines.Scorer:
    """Scores of the trained model with message passing over the training edges only."""
    with torch.no_grad():
        z = result.model(data.x, data.message_graph(data.train_targets()))
        src, dst = task_vectors(result.model, task, z, data.text)
    s, d = src.numpy().astype(np.float64), dst.numpy().astype(np.float64)

    def score(sources: np.ndarray) -> np.ndarray:
        out: np.ndarray = s[sources] @ d.T
        return out

    return score


def test_metrics(
    result: TrainResult, data: TrainingData, features: dict[str, np.ndarray], seed: int,
    *, with_baselines: bool = True,
) -> dict[str, dict[str, dict[str, float]]]:
    """task -> method -> metrics on the test split."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for task, split in data.splits.items():
        if split.test.shape[1] == 0:
            continue
        src_t, _, dst_t = TASKS[task]
        n = data.x[dst_t].shape[0]
        scorers = {"model": model_scorer(result, data, task)}
        if with_baselines:
            scorers.update(task_baselines(data, features, task, seed))
        out[task] = {
            name: evaluate_scorer(sc, split.test, split.known, n, symmetric=split.symmetric,
                                  same_type=src_t == dst_t, seed=seed)
            for name, sc in scorers.items()
        }
    return out


@dataclass
class SeedRun:
    seed: int
    data: TrainingData
    result: TrainResult
    metrics: dict[str, dict[str, dict[str, float]]]


def run_seed(
    export: GraphExport, features: dict[str, np.ndarray], config: ModelConfig, seed: int,
    *, on_epoch: EpochCallback | None = None, with_baselines: bool = True,
) -> SeedRun:
    """Split with ``seed``, train with ``seed``, evaluate on the test split."""
    data = prepare_training(export, features, config, seed)
    result = train_model(data, config, seed=seed, on_epoch=on_epoch)
    return SeedRun(seed, data, result,
                   test_metrics(result, data, features, seed, with_baselines=with_baselines))


def evaluate_seeds(
    export: GraphExport, features: dict[str, np.ndarray], config: ModelConfig,
    seeds: list[int], *, on_seed: Callable[[int], EpochCallback | None] | None = None,
) -> EvaluationReport:
    """One full split + train + evaluation per seed, aggregated."""
    report = EvaluationReport(seeds=list(seeds))
    epochs: list[int] = []
    for seed in seeds:
        run = run_seed(export, features, config, seed,
                       on_epoch=on_seed(seed) if on_seed else None)
        epochs.append(run.result.best_epoch)
        for task, methods in run.metrics.items():
            for method, m in methods.items():
                report.add(task, method, m)
    report.extra["best_epochs"] = epochs
    report.extra["config"] = config.to_dict()
    return report


def serving_vectors(result: TrainResult, data: TrainingData) -> ServedVectors:
    """Vectors to write back: the trained model with message passing over every known edge
    (validation and test edges included: serving uses all the graph knows)."""
    model = result.model
    model.eval()
    with torch.no_grad():
        z = model(data.x, data.message_graph(data.all_known_targets()))
        t = data.text
        skill = model.related.vectors(z["Skill"], t["Skill"]).numpy()
        onet, occ = z.get("OnetOccupation"), z.get("Occupation")
        src = dst = onet_vec = occ_vec = None
        if onet is not None:
            src = model.transition.source_vectors(onet, t["OnetOccupation"]).numpy()
            dst = model.transition.target_vectors(onet, t["OnetOccupation"]).numpy()
            onet_vec = model.transition.mix(onet, t["OnetOccupation"]).numpy()
        if occ is not None:
            occ_vec = model.transition.mix(occ, t["Occupation"]).numpy()
    ids = {label: t.ids for label, t in data.export.nodes.items()}
    return served_vectors(ids, skill, occ_vec, onet_vec, src, dst,
                          data.export.edges.get(MAPS_TO))
