"""Unit tests of the cache files' atomic writes and size budget."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import BinaryIO

import pytest

from graph.jobads.cache_files import STALE_TMP_S, mark_used, prune, write_atomic


def _entry(directory: Path, n: int, size: int, age_s: float, suffix: str = ".npy") -> Path:
    path = directory / f"{n:064x}{suffix}"
    path.write_bytes(b"x" * size)
    stamp = time.time() - age_s
    os.utime(path, (stamp, stamp))
    return path


def test_the_least_recently_used_files_go_first_until_the_rest_fit(tmp_path: Path) -> None:
    new = _entry(tmp_path, 1, 100, age_s=10)
    middle = _entry(tmp_path, 2, 100, age_s=20, suffix=".npz")
    old = _entry(tmp_path, 3, 100, age_s=30)
    assert prune(tmp_path, 250) == [old]
    assert new.exists() and middle.exists()
    assert prune(tmp_path, 250) == []


def test_a_file_marked_used_outlives_newer_unused_ones(tmp_path: Path) -> None:
    read_again = _entry(tmp_path, 1, 100, age_s=60)
    unused = _entry(tmp_path, 2, 100, age_s=10)
    mark_used(read_again)
    assert prune(tmp_path, 150) == [unused]


def test_the_file_just_written_stays_even_over_the_budget(tmp_path: Path) -> None:
    other = _entry(tmp_path, 1, 100, age_s=5)
    written = _entry(tmp_path, 2, 500, age_s=60)
    assert prune(tmp_path, 200, keep=written) == [other]
    assert written.exists()


def test_files_not_named_as_cache_entries_are_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / "notes.npy"
    mine.write_bytes(b"x" * 1000)
    assert prune(tmp_path, 0) == []
    assert mine.exists()


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    stale = tmp_path / f"{1:064x}.123.tmp"
    fresh = tmp_path / f"{2:064x}.456.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"partial")
    old = time.time() - STALE_TMP_S - 60
    os.utime(stale, (old, old))
    assert prune(tmp_path, 1 << 30) == [stale]
    assert fresh.exists()


def test_a_missing_directory_has_nothing_to_prune(tmp_path: Path) -> None:
    assert prune(tmp_path / "absent", 0) == []


def test_a_negative_budget_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bytes >= 0"):
        prune(tmp_path, -1)


def test_a_write_that_fails_leaves_the_previous_file_and_no_temporary_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / f"{7:064x}.npy"
    write_atomic(path, lambda f: f.write(b"first"))

    def broken(f: BinaryIO) -> None:
        f.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, broken)
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
