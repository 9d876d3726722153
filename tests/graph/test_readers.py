"""The validating readers: rows with spreadsheet row numbers, structural faults named by
file, row and column."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

import pytest

from graph.errors import InputError
from graph.loaders.readers import Validator, batched, read_delimited, read_excel, split_labels


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


def test_a_row_with_too_many_cells_is_rejected_naming_the_first_extra_cell() -> None:
    row, _, message = problem_of(b"a,b\n1,2,3\n")
    assert row == 2 and "too many cells" in message
    assert "column 3, after 'b'" in message


def test_a_malformed_header_names_the_column_where_it_goes_wrong() -> None:
    row, _, message = problem_of(b'a,"b"x,c\n1,2,3\n')
    assert row == 1 and "malformed header" in message
    assert "column 2, after 'a'" in message


def test_a_group_of_alternative_columns_needs_one_of_them() -> None:
    rows = read_delimited(io.BytesIO(b"text,label\nx,y\n"), "f.csv", required=(),
                          one_of=(("title", "text"),))
    assert [r.cells for r in rows] == [{"text": "x", "label": "y"}]
    with pytest.raises(InputError) as caught:
        list(read_delimited(io.BytesIO(b"name,label\nx,y\n"), "f.csv", required=(),
                            one_of=(("title", "text"), ("uri", "label"))))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (1, "title")
    assert "expected one of ['title', 'text']" in problem.message


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


# --- Excel --------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def xlsx(rows: list[list[str]]) -> bytes:
    """A one-sheet workbook holding ``rows`` as inline strings (empty strings: no cell)."""

    def ref(col: int, row: int) -> str:
        name, col = "", col + 1
        while col:
            col, rest = divmod(col - 1, 26)
            name = chr(65 + rest) + name
        return f"{name}{row}"

    cells = "".join(
        f'<row r="{r}">' + "".join(
            f'<c r="{ref(c, r)}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row) if v) + "</row>"
        for r, row in enumerate(rows, start=1))
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_TYPE}.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                       f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
                           '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<worksheet xmlns="{_MAIN}"><sheetData>{cells}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + text)
    return out.getvalue()


def read_sheet(rows: list[list[str]]) -> list[tuple[int, dict[str, str]]]:
    return [(r.number, r.cells)
            for r in read_excel(io.BytesIO(xlsx(rows)), "f.xlsx", required=("a",))]


def test_excel_rows_are_numbered_as_in_the_sheet_and_short_rows_padded() -> None:
    assert read_sheet([["a", "b"], ["1", ""], ["", ""], ["3", "4"]]) == [
        (2, {"a": "1", "b": ""}), (4, {"a": "3", "b": "4"})]


@pytest.mark.parametrize(("rows", "where"), [
    ([["a", "b"], ["1", "2", "3"]], "column 3, after 'b'"),  # beyond the header
    ([["a", "", "b"], ["1", "x", "2"]], "column 2, after 'a'"),  # under a blank header cell
])
def test_an_excel_value_under_no_header_is_rejected_like_an_extra_csv_cell(
    rows: list[list[str]], where: str,
) -> None:
    with pytest.raises(InputError) as caught:
        read_sheet(rows)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row) == ("f.xlsx", 2)
    assert where in problem.message
