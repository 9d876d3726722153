"""Training is deterministic on CPU and learns the tiny graph's clusters."""

from __future__ import annotations

import numpy as np
import pytest
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


def test_a_graph_without_related_skills_or_occupations_is_refused_with_what_to_load() -> None:
    from gnn.export import CAREER_TRANSITION, SKILL_RELATED
    from graph.errors import ModelError

    export = tiny_export()
    for et in (SKILL_RELATED, CAREER_TRANSITION):
        del export.edges[et], export.weights[et]
    feats = {label: fake_encoder(t.texts) for label, t in export.nodes.items()}
    data = prepare_training(export, feats, CONFIG, 0)
    try:
        train_model(data, CONFIG, seed=0)
    except ModelError as e:
        assert "RELATED_TO" in str(e) and "skillSkillRelations.csv" in str(e)
    else:
        raise AssertionError("training without target edges should be refused")


def test_validation_and_test_scores_pass_messages_over_training_targets_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gnn.pipeline import model_scorer
    from gnn.train import TrainingData, validation_mrr

    data = _data()
    result = train_model(data, ModelConfig(hidden=16, epochs=2, patience=50), seed=0)
    seen: list[dict[str, np.ndarray]] = []
    original = TrainingData.message_graph

    def spy(self: TrainingData, targets: dict[str, np.ndarray]) -> dict[object, torch.Tensor]:
        seen.append({task: e.copy() for task, e in targets.items()})
        return original(self, targets)  # type: ignore[return-value]

    monkeypatch.setattr(TrainingData, "message_graph", spy)
    validation_mrr(result.model, data, "val")
    validation_mrr(result.model, data, "test")
    model_scorer(result, data, "related_skills")
    assert len(seen) == 3
    for targets in seen:
        for task, split in data.splits.items():
            passed = {tuple(p) for p in targets[task].T.tolist()}
            held_out = {tuple(p) for p in np.concatenate([split.val, split.test], 1).T.tolist()}
            assert passed == {tuple(p) for p in split.train.T.tolist()}
            assert held_out and not passed & held_out
