"""Versioned model artifacts on disk: weights, config, metrics, data fingerprint, curves.

Layout: ``<models_dir>/<version>/{model.pt, config.json, metrics.json, fingerprint.txt,
history.json, training-curve.png}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.errors import ModelError

CONFIG = "config.json"
METRICS = "metrics.json"
FINGERPRINT = "fingerprint.txt"
HISTORY = "history.json"
WEIGHTS = "model.pt"
CURVE = "training-curve.png"


def new_version(now: datetime | None = None, *, models_dir: Path | None = None) -> str:
    """A sortable version name from the UTC time, e.g. ``v20260101T120000Z``; when a model of
    that second is already saved in ``models_dir``, the first free ``-2``, ``-3``, ... after it
    (which sorts after it)."""
    base = (now or datetime.now(UTC)).strftime("v%Y%m%dT%H%M%SZ")
    if models_dir is None or not (models_dir / base).exists():
        return base
    n = 2
    while (models_dir / f"{base}-{n}").exists():
        n += 1
    return f"{base}-{n}"


@dataclass(frozen=True)
class ArtifactInfo:
    """What ``skillgraph model list|show`` reports about one saved model."""

    version: str
    path: Path
    config: dict[str, Any]
    metrics: dict[str, Any]
    fingerprint: str

    def headline(self) -> dict[str, float]:
        """Test MRR per task of the model itself."""
        out: dict[str, float] = {}
        for task, methods in self.metrics.get("test", {}).items():
            if "model" in methods:
                out[task] = float(methods["model"]["mrr"])
        return out


def save_artifact(
    directory: Path, *, version: str, state_dict: dict[str, Any], config: dict[str, Any],
    metrics: dict[str, Any], fingerprint: str, history: list[dict[str, float]],
) -> Path:
    """Write one version's files; returns its folder."""
    import torch

    path = directory / version
    path.mkdir(parents=True, exist_ok=False)
    torch.save(state_dict, path / WEIGHTS)
    (path / CONFIG).write_text(json.dumps(config, indent=2, sort_keys=True), encoding="utf-8")
    (path / METRICS).write_text(json.dumps(metrics, indent=2, sort_keys=True), encoding="utf-8")
    (path / FINGERPRINT).write_text(fingerprint + "\n", encoding="utf-8")
    (path / HISTORY).write_text(json.dumps(history), encoding="utf-8")
    plot_history(history, path / CURVE)
    return path


def load_info(path: Path) -> ArtifactInfo:
    try:
        return ArtifactInfo(
            version=path.name, path=path,
            config=json.loads((path / CONFIG).read_text(encoding="utf-8")),
            metrics=json.loads((path / METRICS).read_text(encoding="utf-8")),
            fingerprint=(path / FINGERPRINT).read_text(encoding="utf-8").strip())
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"{path} is not a complete model artifact "
                         f"(expected {CONFIG}, {METRICS}, {FINGERPRINT}): {e}") from e


def list_artifacts(directory: Path) -> list[ArtifactInfo]:
    """Every complete artifact, oldest first."""
    if not directory.exists():
        return []
    return [load_info(p) for p in sorted(directory.iterdir())
            if p.is_dir() and (p / CONFIG).exists()]


def find_artifact(directory: Path, version: str | None) -> ArtifactInfo:
    """The named version, or the newest when ``version`` is None."""
    found = list_artifacts(directory)
    if not found:
        raise ModelError(f"no trained model under {directory}; run `skillgraph train` first")
    if version is None:
        return found[-1]
    for info in found:
        if info.version == version:
            return info
    raise ModelError(f"no model version {version!r} under {directory}; "
                     f"expected one of {', '.join(i.version for i in found)}")


def plot_history(history: list[dict[str, float]], path: Path) -> None:
    """Training loss and validation MRR per epoch."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    epochs = [h["epoch"] for h in history]
    ax.plot(epochs, [h["loss"] for h in history], label="training loss", color="tab:blue")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax2 = ax.twinx()
    for key in sorted({k for h in history for k in h if k.startswith("val_mrr")}):
        ax2.plot(epochs, [h.get(key, float("nan")) for h in history], label=key, linestyle="--")
    ax2.set_ylabel("validation MRR")
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="center right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
