"""Text features are cached by content hash and never re-encoded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from gnn.features import EmbeddingCache, encode_texts
from tests.gnn.tiny import fake_encoder


class CountingEncoder:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return fake_encoder(list(texts))


def test_a_second_run_reads_every_vector_from_the_disk_cache(tmp_path: Path) -> None:
    texts = ["cook meals", "write code", "cook meals"]
    first = CountingEncoder()
    a = encode_texts(texts, EmbeddingCache(tmp_path), first)
    assert sorted(first.seen) == ["cook meals", "write code"]  # duplicates encoded once
    second = CountingEncoder()
    b = encode_texts(texts, EmbeddingCache(tmp_path), second)
    assert second.seen == []
    assert np.array_equal(a, b) and a.shape == (3, 384)


def test_only_new_texts_are_encoded(tmp_path: Path) -> None:
    encode_texts(["a b"], EmbeddingCache(tmp_path), CountingEncoder())
    enc = CountingEncoder()
    out = encode_texts(["a b", "c d"], EmbeddingCache(tmp_path), enc)
    assert enc.seen == ["c d"]
    assert np.allclose(out[1], fake_encoder(["c d"])[0])


def test_texts_reach_the_encoder_longest_first_and_come_back_in_input_order(
    tmp_path: Path,
) -> None:
    texts = ["b", "a much longer description of a skill", "mid length", "cc"]
    enc = CountingEncoder()
    out = encode_texts(texts, EmbeddingCache(tmp_path), enc)
    assert enc.seen == sorted(texts, key=lambda t: -len(t))
    assert np.allclose(out, fake_encoder(texts))
