"""Unit tests of the on-disk embedding cache (a fake model stands in for MiniLM)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from graph.jobads.embeddings import MiniLMEncoder


class FakeModel:
    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        self.encoded.extend(texts)
        return np.full((len(texts), 384), 1.0 / np.sqrt(384), dtype=np.float32)


def _encoder(tmp_path: Path) -> tuple[MiniLMEncoder, FakeModel]:
    encoder = MiniLMEncoder(tmp_path, min_cached=1)
    model = FakeModel()
    encoder._model = model
    return encoder, model


def test_a_second_call_with_the_same_texts_reads_the_cache(tmp_path: Path) -> None:
    encoder, _ = _encoder(tmp_path)
    first = encoder.encode(["nurse", "welder"], cache=True)
    assert len(list(tmp_path.glob("*.npy"))) == 1
    again, model_again = _encoder(tmp_path)
    second = again.encode(["nurse", "welder"], cache=True)
    assert model_again.encoded == []
    assert np.array_equal(first, second)


def test_other_texts_are_encoded_afresh(tmp_path: Path) -> None:
    encoder, model = _encoder(tmp_path)
    encoder.encode(["nurse", "welder"], cache=True)
    encoder.encode(["nurse", "baker"], cache=True)
    assert model.encoded == ["nurse", "welder", "nurse", "baker"]


def test_duplicate_texts_are_encoded_once(tmp_path: Path) -> None:
    encoder, model = _encoder(tmp_path)
    out = encoder.encode(["nurse", "nurse", "welder"])
    assert model.encoded == ["nurse", "welder"]
    assert out.shape == (3, 384)


def test_nothing_is_cached_unless_asked(tmp_path: Path) -> None:
    encoder, _ = _encoder(tmp_path)
    encoder.encode(["a one-off query"])
    assert list(tmp_path.glob("*.npy")) == []
