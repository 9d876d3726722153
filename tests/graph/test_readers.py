"""The validating readers: rows with spreadsheet row numbers, structural faults named by
file, row and column."""

from __future__ import annotations

import io
import re

import pytest

from graph.errors import InputError
from graph.loaders.readers import Validator, batched, read_delimited, split_labels


def read(
    data: bytes, *, required: tuple[str, ...] = ("a",), delimiter: str = ","
) -> list[dict[str, str]]:
    return [r.cells for r in read_delimited(io.BytesIO(data), "f.csv", required=required,
                                            delimiter=delimiter)]


def problem_of(
    data: bytes, *, required: tuple[str, ...] = ("a",)
) -> tuple[int | None, str | None, str]:
    with pytest.raises(InputError) as caught:
        read(data, required=required)
    p = caught.value.problems[0]
    assert p.file == "f.csv"
    return p.row, p.column, p.message


def test_rows_are_numbered_as_in_a_spreadsheet_across_multi_line_cells() -> None:
    rows = list(read_delimited(io.BytesIO(b'a,b\n1,"x\ny"\n2,z\n'), "f.csv", required=("a",)))
    assert [(r.number, r.cells) for r in rows] == [(2, {"a": "1", "b": "x\ny"}),
                                                   (3, {"a": "2", "b": "z"})]


def test_a_byte_order_mark_is_dropped_from_the_first_header() -> None:
    assert read(b"\xef\xbb\xbfa,b\n1,2\n") == [{"a": "1", "b": "2"}]


def test_tab_separated_files_are_read_with_their_delimiter() -> None:
    assert read(b"a\tb\n1\t2\n", delimiter="\t") == [{"a": "1", "b": "2"}]


def test_blank_lines_are_skipped() -> None:
    assert read(b"a,b\n1,2\n\n3,4\n") == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


def test_a_missing_column_is_rejected_with_file_row_and_column() -> None:
    row, column, message = problem_of(b"a,b\n1,2\n", required=("a", "c"))
    assert (row, column) == (1, "c")
    assert "missing column" in message


def test_an_empty_file_is_rejected() -> None:
    with pytest.raises(InputError, match="empty"):
        read(b"")


def test_a_truncated_row_names_the_first_missing_column() -> None:
    row, column, message = problem_of(b"a,b,c\n1,2,3\n4,5\n")
    assert (row, column) == (3, "c")
    assert "truncated row" in message


def test_a_row_with_too_many_cells_is_rejected() -> None:
    row, _, message = problem_of(b"a,b\n1,2,3\n")
    assert row == 2 and "too many cells" in message


def test_a_latin1_byte_is_rejected_with_its_row_and_column() -> None:
    row, column, message = problem_of(b'a,b\n1,ok\n2,"multi\nline"\n3,caf\xe9\n')
    assert (row, column) == (4, "b")
    assert "0xe9" in message and "UTF-8" in message


def test_a_latin1_byte_in_a_continuation_line_names_the_row_where_the_cell_starts() -> None:
    row, column, _ = problem_of(b'a,b,c\n1,"first\nsecond caf\xe9",x\n')
    assert (row, column) == (2, "b")


def test_a_latin1_byte_in_the_header_is_reported_on_row_one() -> None:
    row, column, _ = problem_of(b"a,caf\xe9\n1,2\n")
    assert row == 1 and column is not None


def test_an_unterminated_quote_names_the_row_and_column_where_it_opens() -> None:
    row, column, message = problem_of(b'a,b,c\n1,2,3\n4,"never closed,6\n7,8,9\n')
    assert (row, column) == (3, "b")
    assert "unterminated" in message


def test_an_unterminated_quote_swallowing_a_later_quoted_cell_names_its_own_cell() -> None:
    row, column, _ = problem_of(b'a,b,c\n1,"open,3\n4,"x",6\n')
    assert (row, column) == (2, "b")


def test_the_validator_collects_problems_and_raises_them_together() -> None:
    v = Validator("f.csv")
    rows = list(read_delimited(io.BytesIO(b"a,b\nx1,\ny,2\nx1,3\n"), "f.csv", required=("a",)))
    seen: dict[str, int] = {}
    for r in rows:
        v.check(r, "a", re.compile(r"x\d"), "an x and a digit")
        v.unique(seen, r["a"], r, "a")
    v.require_value(rows[0], "b")
    with pytest.raises(InputError) as caught:
        v.raise_if_any()
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "a"), (4, "a"), (2, "b")]
    assert "first seen in row 2" in caught.value.problems[1].message


def test_split_labels_splits_on_newlines_and_pipes_dropping_blanks_and_repeats() -> None:
    assert split_labels("a\nb \n\n a") == ["a", "b"]
    assert split_labels("x | y | x") == ["x", "y"]
    assert split_labels("") == []


def test_batched_yields_fixed_size_batches_and_a_short_last_one() -> None:
    rows = [{"i": i} for i in range(5)]
    assert [len(b) for b in batched(rows, 2)] == [2, 2, 1]
