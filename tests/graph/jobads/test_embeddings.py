"""Unit tests of the on-disk embedding cache (a fake model stands in for MiniLM)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from graph.jobads.embeddings import MemoEncoder, MiniLMEncoder


class FakeModel:
    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        self.encoded.extend(texts)
        return np.full((len(texts), 384), 1.0 / np.sqrt(384), dtype=np.float32)


def _encoder(tmp_path: Path, **options: Any) -> tuple[MiniLMEncoder, FakeModel]:
    encoder = MiniLMEncoder(tmp_path, min_cached=1, **options)
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


def test_an_unreadable_cached_file_is_encoded_again_and_rewritten(tmp_path: Path) -> None:
    encoder, _ = _encoder(tmp_path)
    first = encoder.encode(["nurse", "welder"], cache=True)
    (path,) = tmp_path.glob("*.npy")
    path.write_bytes(b"not an array")
    again, model_again = _encoder(tmp_path)
    assert np.array_equal(again.encode(["nurse", "welder"], cache=True), first)
    assert model_again.encoded == ["nurse", "welder"]
    assert np.array_equal(np.load(path), first)


def test_caching_over_the_budget_removes_the_least_recently_used_file(tmp_path: Path) -> None:
    encoder, _ = _encoder(tmp_path)
    encoder.encode(["nurse", "welder"], cache=True)
    (older,) = tmp_path.glob("*.npy")
    tight, _ = _encoder(tmp_path, cache_budget=older.stat().st_size + 10)
    tight.encode(["baker", "welder"], cache=True)
    (kept,) = tmp_path.glob("*.npy")
    assert kept != older


def test_nothing_is_cached_unless_asked(tmp_path: Path) -> None:
    encoder, _ = _encoder(tmp_path)
    encoder.encode(["a one-off query"])
    assert list(tmp_path.glob("*.npy")) == []


class LengthModel:
    """Encodes a text as a one-hot of its length, so rows can be traced back to texts."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        out[np.arange(len(texts)), [len(t) for t in texts]] = 1.0
        return out


def test_texts_are_encoded_shortest_first_and_returned_in_input_order() -> None:
    encoder = MiniLMEncoder(None)
    model = LengthModel()
    encoder._model = model
    texts = ["a much longer text", "ab", "medium text"]
    vectors = encoder.encode(texts)
    assert model.calls == [["ab", "medium text", "a much longer text"]]
    assert [int(v.argmax()) for v in vectors] == [len(t) for t in texts]


def test_the_memo_encoder_sends_each_distinct_text_to_the_model_once() -> None:
    from tests.graph.jobads.conftest import BagOfWordsEncoder

    inner = BagOfWordsEncoder()
    memo = MemoEncoder(inner)
    first = memo.encode(["python", "sql", "python"])
    second = memo.encode(["sql", "java", "python"])
    assert inner.calls == 2
    assert len(memo) == 3
    np.testing.assert_array_equal(first[0], second[2])
    np.testing.assert_array_equal(second, inner.encode(["sql", "java", "python"]))
