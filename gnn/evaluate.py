"""Test-split evaluation of the model next to baselines, over several seeds.

Setting: filtered full ranking. Each test edge's true target is ranked against every node of
its type, after removing the source's other known positives (and the source itself); symmetric
relations are queried in both directions. AUC compares test edges with one sampled
non-edge per test edge.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gnn import baselines
from gnn.metrics import (
    Ranks,
    auc,
    filtered_ranks,
    known_targets,
    ranking_metrics,
    sample_negatives,
)

CHUNK = 512
METRICS = ("auc", "mrr", "hits@1", "hits@10", "hits@50")


def evaluate_scorer(
    scorer: baselines.Scorer,
    test: np.ndarray,
    known: np.ndarray,
    n_candidates: int,
    *,
    symmetric: bool,
    same_type: bool,
    seed: int,
) -> dict[str, float]:
    """AUC, MRR and Hits@k of ``scorer`` on the test edges (2 x E)."""
    queries = np.concatenate([test, test[::-1]], axis=1) if symmetric else test
    by_source = known_targets(known)
    rng = np.random.default_rng(seed)
    negatives = sample_negatives(queries, n_candidates, by_source, rng, same_type=same_type)
    ranks, pos, neg = [], [], []
    for start in range(0, queries.shape[1], CHUNK):
        q = queries[:, start:start + CHUNK]
        scores = np.asarray(scorer(q[0]), dtype=np.float64)
        rows = np.arange(q.shape[1])
        pos.append(scores[rows, q[1]])
        neg.append(scores[rows, negatives[start:start + CHUNK]])
        ranks.append(filtered_ranks(scores, q, by_source, same_type=same_type))
    r = Ranks.concat(ranks)
    return {"auc": auc(np.concatenate(pos) if pos else np.zeros(0),
                       np.concatenate(neg) if neg else np.zeros(0)),
            **ranking_metrics(r), "queries": float(queries.shape[1])}


@dataclass
class EvaluationReport:
    """Per task, per method: metric -> list of values (one per seed)."""

    seeds: list[int]
    results: dict[str, dict[str, dict[str, list[float]]]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, task: str, method: str, metrics: dict[str, float]) -> None:
        by_metric = self.results.setdefault(task, {}).setdefault(method, {})
        for k, v in metrics.items():
            by_metric.setdefault(k, []).append(v)

    def summary(self) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
        """task -> method -> metric -> {mean, std}: the sample standard deviation over the
        seeds (0 with one seed)."""
        return {
            task: {m: {k: {"mean": float(np.mean(v)),
                           "std": float(np.std(v, ddof=1)) if len(v) > 1 else 0.0}
                       for k, v in metrics.items()}
                   for m, metrics in methods.items()}
            for task, methods in self.results.items()
        }

    def best_baseline(self, task: str, metric: str = "mrr") -> tuple[str, float]:
        s = self.summary()[task]
        name = max((m for m in s if m != "model"), key=lambda m: s[m][metric]["mean"])
        return name, s[name][metric]["mean"]

    def margins(self) -> dict[str, dict[str, float]]:
        """Model MRR minus (and relative to) the best baseline's MRR, per task."""
        out: dict[str, dict[str, float]] = {}
        s = self.summary()
        for task in s:
            if "model" not in s[task]:
                continue
            name, base = self.best_baseline(task)
            model = s[task]["model"]["mrr"]["mean"]
            out[task] = {"model_mrr": model, "best_baseline_mrr": base,
                         "absolute": model - base,
                         "relative": (model - base) / base if base > 0 else float("inf")}
            out[task]["best_baseline"] = name  # type: ignore[assignment]
        return out

    def to_json(self) -> dict[str, Any]:
        return {"seeds": self.seeds, "summary": self.summary(), "runs": self.results,
                "margins": self.margins(), **self.extra}

    def to_markdown(self) -> str:
        lines = [f"# Link-prediction evaluation (test split, seeds {self.seeds})", "",
                 "Filtered full ranking; mean ± standard deviation over seeds.", ""]
        s = self.summary()
        for task, methods in s.items():
            lines += [f"## {task}", "", "| method | " + " | ".join(METRICS) + " |",
                      "|---|" + "---:|" * len(METRICS)]
            for m, metrics in sorted(methods.items(),
                                     key=lambda kv: -kv[1]["mrr"]["mean"]):
                cells = [f"{metrics[k]['mean']:.3f} ± {metrics[k]['std']:.3f}"
                         for k in METRICS]
                lines.append(f"| {m} | " + " | ".join(cells) + " |")
            lines.append("")
        for task, mg in self.margins().items():
            lines.append(f"- {task}: model MRR {mg['model_mrr']:.3f} vs best baseline "
                         f"`{mg['best_baseline']}` {mg['best_baseline_mrr']:.3f} "
                         f"({mg['absolute']:+.3f}, {mg['relative']:+.0%})")
        return "\n".join(lines) + "\n"

    def write(self, directory: Path) -> list[Path]:
        """``evaluation.json``, ``evaluation.md`` and ``evaluation.png`` in ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        j, md, png = (directory / f"evaluation.{ext}" for ext in ("json", "md", "png"))
        j.write_text(json.dumps(self.to_json(), indent=2), encoding="utf-8")
        md.write_text(self.to_markdown(), encoding="utf-8")
        plot_summary(self.summary(), png)
        return [j, md, png]


def plot_summary(summary: dict[str, dict[str, dict[str, dict[str, float]]]], path: Path) -> None:
    """Bar chart of MRR and Hits@10 per method and task, with spread as error bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tasks = list(summary)
    fig, axes = plt.subplots(1, max(len(tasks), 1), figsize=(6 * max(len(tasks), 1), 4),
                             squeeze=False)
    for ax, task in zip(axes[0], tasks, strict=False):
        methods = sorted(summary[task], key=lambda m: -summary[task][m]["mrr"]["mean"])
        x = np.arange(len(methods))
        for off, metric in ((-0.2, "mrr"), (0.2, "hits@10")):
            ax.bar(x + off, [summary[task][m][metric]["mean"] for m in methods], 0.4,
                   yerr=[summary[task][m][metric]["std"] for m in methods], label=metric)
        ax.set_xticks(x, methods, rotation=30, ha="right")
        ax.set_title(task)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


BaselineFactory = Callable[[], dict[str, baselines.Scorer]]
