"""Input files of the batch commands: JSON Lines, CSV and text, faults named by row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InputError
from graph.jobads.files import read_field


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "titles.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_column_is_read_skipping_blank_lines(tmp_path: Path) -> None:
    path = _csv(tmp_path, "id,title\n1,nurse\n\n2,baker\n")
    assert read_field(path, "title", alternatives=("text",)) == ["nurse", "baker"]


def test_a_csv_alternative_column_is_used_when_the_first_is_absent(tmp_path: Path) -> None:
    assert read_field(_csv(tmp_path, "text\nnurse\n"), "title", alternatives=("text",)) == [
        "nurse"]


def test_an_empty_csv_cell_is_rejected_with_file_row_and_column_not_dropped(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path, 'title\nnurse\n\n""\nbaker\n')
    with pytest.raises(InputError) as caught:
        read_field(path, "title", alternatives=("text",))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (str(path), 4, "title")
    assert "empty" in problem.message


def test_a_csv_without_the_column_is_rejected_naming_the_expected_columns(
    tmp_path: Path,
) -> None:
    with pytest.raises(InputError) as caught:
        read_field(_csv(tmp_path, "name\nnurse\n"), "title", alternatives=("text",))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (1, "title")
    assert "['title', 'text']" in problem.message


def test_an_unterminated_quote_is_an_input_error_not_the_rest_of_the_file_as_one_title(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path, 'title,x\n"never closed,1\nbaker,2\n')
    with pytest.raises(InputError) as caught:
        read_field(path, "title")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "title")
    assert "unterminated" in problem.message


def test_a_csv_that_is_not_utf8_is_rejected_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "titles.csv"
    path.write_bytes(b"title\nnurse\ncaf\xe9\n")
    with pytest.raises(InputError) as caught:
        read_field(path, "title")
    assert (caught.value.problems[0].row, caught.value.problems[0].column) == (3, "title")
