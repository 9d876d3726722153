"""Training is deterministic on CPU and learns the tiny graph's clusters."""

from __future__ import annotations

import numpy as np
import torch

from gnn.model import ModelConfig
from gnn.train import prepare_training, train_model
from tests.gnn.tiny import fake_encoder, tiny_export

CONFIG = ModelConfig(hidden=16, epochs=12, patience=50, val_ratio=0.2, test_ratio=0.2)


def _data(seed: int = 0):  # type: ignore[no-untyped-def]
    export = tiny_export()
    feats = {label: fake_encoder(t.texts) for label, t in export.nodes.items()}
    return prepare_training(export, feats, CONFIG, seed)


def test_the_same_seed_trains_bit_for_bit_the_same_model() -> None:
    a = train_model(_data(), CONFIG, seed=3)
    b = train_model(_data(), CONFIG, seed=3)
    assert [h["loss"] for h in a.history] == [h["loss"] for h in b.history]
    for (ka, va), (kb, vb) in zip(a.model.state_dict().items(), b.model.state_dict().items(),
                                  strict=True):
        assert ka == kb and torch.equal(va, vb)


def test_training_lowers_the_loss_and_keeps_the_best_validation_epoch() -> None:
    r = train_model(_data(), CONFIG, seed=0)
    losses = [h["loss"] for h in r.history]
    assert losses[-1] < losses[0]
    best = max(h["val_mrr"] for h in r.history)
    assert r.history[r.best_epoch - 1]["val_mrr"] == best
    assert np.isfinite(losses).all()
