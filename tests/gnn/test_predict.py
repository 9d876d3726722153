"""Input files of ``skillgraph predict``."""

from __future__ import annotations

from pathlib import Path

import pytest

from gnn.predict import is_occupation, is_skill, read_ids
from graph.errors import InputError


def test_a_bad_id_is_rejected_with_its_file_and_row(tmp_path: Path) -> None:
    f = tmp_path / "ids.txt"
    f.write_text("15-1252.00\n\nnot-a-code\nhttp://data.europa.eu/esco/occupation/x\n")
    with pytest.raises(InputError) as e:
        read_ids(f, is_occupation, "an occupation id")
    assert e.value.problems[0].row == 3 and "not-a-code" in str(e.value)


def test_blank_lines_are_skipped_and_order_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "ids.txt"
    f.write_text("http://data.europa.eu/esco/skill/b\n\nhttp://data.europa.eu/esco/skill/a\n")
    assert read_ids(f, is_skill, "a skill URI") == ["http://data.europa.eu/esco/skill/b",
                                                     "http://data.europa.eu/esco/skill/a"]
