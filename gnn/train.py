"""Full-batch training of the link predictor: seeded, deterministic on CPU, early-stopped on
validation MRR, with negatives sampled afresh every epoch."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from gnn.export import CAREER_TRANSITION, RATES, SKILL_RELATED, EdgeType, GraphExport
from gnn.metrics import filtered_ranks, ranking_metrics
from gnn.model import LinkPredictor, Metadata, ModelConfig
from gnn.split import LinkSplit, split_links
from graph.errors import ModelError

TASKS: dict[str, EdgeType] = {"related_skills": SKILL_RELATED,
                              "career_transitions": CAREER_TRANSITION}
SYMMETRIC = {"related_skills": True, "career_transitions": False}


@dataclass
class TrainingData:
    """Everything training needs: features, base (non-target) edges and the target splits."""

    export: GraphExport
    x: dict[str, Tensor]
    text: dict[str, Tensor]
    """L2-normalised MiniLM vectors (uncentred) mixed into the decoders' vectors."""
    base_edges: dict[EdgeType, np.ndarray]
    splits: dict[str, LinkSplit]

    @property
    def metadata(self) -> Metadata:
        from torch_geometric.transforms import ToUndirected

        data = self.hetero(self.empty_targets())
        data = ToUndirected(merge=False)(data)
        node_types, edge_types = data.metadata()
        return list(node_types), list(edge_types)

    def empty_targets(self) -> dict[str, np.ndarray]:
        return {t: np.zeros((2, 0), dtype=np.int64) for t in self.splits}

    def hetero(self, targets: dict[str, np.ndarray]) -> object:
        """A ``HeteroData`` of the base edges plus the given message-passing target edges."""
        from torch_geometric.data import HeteroData

        data = HeteroData()
        for t, x in self.x.items():
            data[t].x = x
        for et, e in self.base_edges.items():
            data[et].edge_index = torch.from_numpy(e)
        for task, e in targets.items():
            data[TASKS[task]].edge_index = torch.from_numpy(np.ascontiguousarray(e))
        return data

    def message_graph(self, targets: dict[str, np.ndarray]) -> dict[EdgeType, Tensor]:
        """Edge indices for message passing, made undirected with reverse edge types."""
        from torch_geometric.transforms import ToUndirected

        data = ToUndirected(merge=False)(self.hetero(targets))
        return {et: data[et].edge_index for et in data.edge_types}

    def all_known_targets(self) -> dict[str, np.ndarray]:
        """Every known target edge (for serving: message passing over the whole graph)."""
        return {t: np.concatenate([s.train, s.val, s.test], axis=1)
                for t, s in self.splits.items()}

    def train_targets(self) -> dict[str, np.ndarray]:
        return {t: s.train for t, s in self.splits.items()}


def standardise(f: np.ndarray) -> np.ndarray:
    """Zero mean, unit variance per column. MiniLM vectors of one node type share a large
    common direction; without centring, every pair looks alike to a cosine decoder and
    training stalls at chance."""
    f = f.astype(np.float32)
    if f.shape[0] < 2:
        return np.ascontiguousarray(f)
    std = f.std(axis=0)
    return np.ascontiguousarray((f - f.mean(axis=0)) / np.where(std > 1e-6, std, 1.0))


def prepare_training(
    export: GraphExport, features: dict[str, np.ndarray], config: ModelConfig, seed: int
) -> TrainingData:
    """Build the node features (text + O*NET ratings) and split every present target."""
    x: dict[str, Tensor] = {}
    text = {label: F.normalize(torch.from_numpy(np.ascontiguousarray(features[label],
                                                                     dtype=np.float32)), dim=-1)
            for label in export.nodes}
    ratings = export.onet_ratings() / 5.0
    for label in export.nodes:
        f = features[label]
        if label == "OnetOccupation" and ratings.shape[1]:
            f = np.concatenate([f, ratings], axis=1)
        x[label] = torch.from_numpy(standardise(f))
    targets = {task: et for task, et in TASKS.items() if et in export.edges}
    base: dict[EdgeType, np.ndarray] = {}
    for et, e in export.edges.items():
        if et in targets.values():
            continue
        if et == RATES:
            from gnn.export import RATES_MIN_IMPORTANCE
            e = e[:, export.weights[RATES] >= RATES_MIN_IMPORTANCE]
        base[et] = np.ascontiguousarray(e)
    splits = {
        task: split_links(export.edges[et], symmetric=SYMMETRIC[task],
                          val_ratio=config.val_ratio, test_ratio=config.test_ratio, seed=seed)
        for task, et in targets.items()
    }
    return TrainingData(export, x, text, base, splits)


@dataclass
class TrainResult:
    """A trained model and how training went."""

    model: LinkPredictor
    config: ModelConfig
    seed: int
    best_epoch: int
    epochs_run: int
    history: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0


def set_determinism(seed: int, threads: int) -> None:
    """Fixed seeds and a fixed number of CPU threads: with one thread every kernel runs in a
    fixed order, so training is bit-for-bit repeatable (and, on a shared machine, fastest)."""
    torch.manual_seed(seed)
    np.random.seed(seed % 2**32)
    torch.set_num_threads(max(1, threads))


def pair_logits(model: LinkPredictor, task: str, z: dict[str, Tensor],
                text: dict[str, Tensor], edges: Tensor) -> Tensor:
    src_t, _, dst_t = TASKS[task]
    decoder = model.related if task == "related_skills" else model.transition
    out: Tensor = decoder(z[src_t][edges[0]], z[dst_t][edges[1]],
                          text[src_t][edges[0]], text[dst_t][edges[1]])
    return out


def task_vectors(model: LinkPredictor, task: str, z: dict[str, Tensor],
                 text: dict[str, Tensor]) -> tuple[Tensor, Tensor]:
    """Source and candidate vectors of a task: their dot product is the ranking score."""
    src_t, _, dst_t = TASKS[task]
    if task == "related_skills":
        v = model.related.vectors(z[src_t], text[src_t])
        return v, v
    return (model.transition.source_vectors(z[src_t], text[src_t]),
            model.transition.target_vectors(z[dst_t], text[dst_t]))


def validation_mrr(
    model: LinkPredictor, data: TrainingData, which: str = "val"
) -> dict[str, float]:
    """Filtered full-ranking MRR per task on the validation (or test) edges."""
    model.eval()
    with torch.no_grad():
        z = model(data.x, data.message_graph(data.train_targets()))
        out: dict[str, float] = {}
        for task, split in data.splits.items():
            edges = split.val if which == "val" else split.test
            if edges.shape[1] == 0:
                continue
            src, dst = task_vectors(model, task, z, data.text)
            queries = _queries(edges, split.symmetric)
            scores = (src[torch.from_numpy(queries[0])] @ dst.T).numpy()
            ranks = filtered_ranks(scores, queries, split.known,
                                   same_type=TASKS[task][0] == TASKS[task][2])
            out[task] = ranking_metrics(ranks)["mrr"]
    return out


def _queries(edges: np.ndarray, symmetric: bool) -> np.ndarray:
    return np.concatenate([edges, edges[::-1]], axis=1) if symmetric else edges


EpochCallback = Callable[[int, dict[str, float]], None]


def train_model(
    data: TrainingData, config: ModelConfig, *, seed: int, on_epoch: EpochCallback | None = None
) -> TrainResult:
    """Train full-batch with early stopping on mean validation MRR; keep the best weights."""
    if not any(split.train.shape[1] for split in data.splits.values()):
        raise ModelError(
            "nothing to learn from: the graph has no training edges of skills related to "
            "skills (RELATED_TO) or of related O*NET occupations (RELATED_OCCUPATION); load "
            "ESCO with skillSkillRelations.csv or O*NET with Related Occupations")
    set_determinism(seed, config.threads)
    start = time.perf_counter()
    in_dims = {t: int(x.shape[1]) for t, x in data.x.items()}
    model = LinkPredictor(data.metadata, in_dims, config)
    optim = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    rng = np.random.default_rng(seed)
    gen = torch.Generator().manual_seed(seed)
    best, best_epoch, best_state = -1.0, 0, copy.deepcopy(model.state_dict())
    history: list[dict[str, float]] = []
    epoch = 0
    for epoch in range(1, config.epochs + 1):
        model.train()
        optim.zero_grad()
        message, supervision = {}, {}
        for task, split in data.splits.items():
            message[task], supervision[task] = split.message_and_supervision(
                rng, config.supervision_ratio)
        z = model(data.x, data.message_graph(message))
        loss = torch.zeros(())
        for task, sup in supervision.items():
            if sup.shape[1] == 0:
                continue
            pos = torch.from_numpy(_queries(sup, data.splits[task].symmetric))
            n_dst = data.x[TASKS[task][2]].shape[0]
            neg = pos.repeat(1, config.negatives)
            neg[1] = torch.randint(0, n_dst, (neg.shape[1],), generator=gen)
            logits = torch.cat([pair_logits(model, task, z, data.text, pos),
                                pair_logits(model, task, z, data.text, neg)])
            labels = torch.cat([torch.ones(pos.shape[1]), torch.zeros(neg.shape[1])])
            weight = torch.cat([torch.full((pos.shape[1],), float(config.negatives)),
                                torch.ones(neg.shape[1])])
            loss = loss + F.binary_cross_entropy_with_logits(logits, labels, weight=weight)
        loss.backward()  # type: ignore[no-untyped-call]
        optim.step()
        val = validation_mrr(model, data)
        score = float(np.mean(list(val.values()))) if val else 0.0
        row = {"epoch": float(epoch), "loss": float(loss.item()), "val_mrr": score,
               **{f"val_mrr_{k}": v for k, v in val.items()}}
        history.append(row)
        if on_epoch is not None:
            on_epoch(epoch, row)
        if score > best:
            best, best_epoch, best_state = score, epoch, copy.deepcopy(model.state_dict())
        elif epoch - best_epoch >= config.patience:
            break
    model.load_state_dict(best_state)
    model.eval()
    return TrainResult(model, config, seed, best_epoch, epoch, history,
                       time.perf_counter() - start)
