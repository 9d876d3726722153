"""Model versions and their folders."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from gnn.artifacts import new_version


def test_two_models_saved_in_the_same_second_get_distinct_versions_in_order(
    tmp_path: Path,
) -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    first = new_version(now, models_dir=tmp_path)
    assert first == "v20260101T120000Z"
    (tmp_path / first).mkdir()
    second = new_version(now, models_dir=tmp_path)
    (tmp_path / second).mkdir()
    third = new_version(now, models_dir=tmp_path)
    assert (second, third) == ("v20260101T120000Z-2", "v20260101T120000Z-3")
    assert sorted([third, first, second]) == [first, second, third]
