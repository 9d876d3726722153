"""Files of the on-disk label-set caches (MiniLM vectors, fitted TF-IDF indexes): written
atomically, and kept within a size budget with the least recently used files removed first.

A cache file is named after a content hash (``<64 hex digits><suffix>``); every change to a
label set, its weights or the options makes a new one, so without a budget a directory would
only grow (about 90 MB for each version of the full occupation index). Reading a file marks
it used (its modification time), so the files still in use are the last to go.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

DEFAULT_BUDGET_BYTES = 1 << 30
"""What one cache directory keeps at most by default (1 GiB)."""

STALE_TMP_S = 3600.0
"""A temporary file this old is left from a writer that stopped: it is removed."""

_ENTRY = re.compile(r"[0-9a-f]{64}\.[a-z]+")
_TMP = re.compile(r"[0-9a-f]{64}\.\d+\.tmp")


def write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through a temporary file beside it that then replaces it, so a reader
    never sees half a file and a writer that dies leaves no entry behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name.split('.', 1)[0]}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            write(f)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def mark_used(path: Path) -> None:
    """Record that ``path`` was just read (its modification time), for :func:`prune`."""
    with contextlib.suppress(OSError):  # read-only, or removed by another process meanwhile
        os.utime(path)


def prune(directory: Path, budget_bytes: int, *, keep: Path | None = None) -> list[Path]:
    """Remove the least recently used cache files of ``directory`` until the rest fit in
    ``budget_bytes`` (``keep``, the file just written, always stays), and temporary files
    left for over :data:`STALE_TMP_S`. Files not named like cache entries are left alone.
    Returns what was removed."""
    if budget_bytes < 0:
        raise ValueError(f"a cache budget is a number of bytes >= 0, not {budget_bytes}")
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    entries: list[tuple[float, int, Path]] = []
    removed: list[Path] = []
    now = time.time()
    for name in names:
        path = directory / name
        try:
            stat = path.stat()
        except OSError:
            continue  # removed meanwhile
        if _TMP.fullmatch(name):
            if now - stat.st_mtime > STALE_TMP_S and _unlink(path):
                removed.append(path)
        elif _ENTRY.fullmatch(name):
            entries.append((stat.st_mtime, stat.st_size, path))
    entries.sort(key=lambda e: (e[2] == keep, e[0]), reverse=True)  # ``keep`` first
    used = 0
    for _, size, path in entries:
        if path == keep or used + size <= budget_bytes:
            used += size
        elif _unlink(path):
            removed.append(path)
    if removed:
        log.info("cache %s: removed %d least recently used file(s) to stay within %d MB",
                 directory, len(removed), budget_bytes >> 20)
    return removed


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False  # another process removed it first, or it cannot be removed
    return True
