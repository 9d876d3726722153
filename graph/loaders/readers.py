"""Streaming, validating readers for CSV, TSV and Excel files.

Every row comes out with its row number as a person sees it in a spreadsheet (the header is
row 1), so an error can name file, row and column. Structural faults (bad encoding, missing
column, truncated row, unterminated quote) raise InputError at once.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from graph.errors import InputError, InputProblem

csv.field_size_limit(1 << 24)

MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number and its cells by column name."""

    number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default)


class _Lines:
    """UTF-8 lines of a byte stream for the csv module (a leading byte-order mark is dropped).

    Remembers what error messages need: the lines of the record being parsed, and the first
    line that is not valid UTF-8 (decoded with ``surrogateescape`` so that the row and column
    holding the bad byte can be named once the record is parsed).
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = iter(stream)
        self.line_no = 0
        self.record: list[str] = []
        self.bad: tuple[int, int] | None = None  # (line number, offending byte)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = next(self._stream)
        self.line_no += 1
        if self.line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            if self.bad is None:
                self.bad = (self.line_no, raw[e.start])
            text = raw.decode("utf-8", "surrogateescape")
        self.record.append(text)
        return text


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _undecodable_column(header: Sequence[str], fields: Sequence[str]) -> str | None:
    """The column of the first cell holding an undecodable byte (None when none does)."""
    for name, value in zip(header, fields, strict=False):
        if _ESCAPED_BYTE.search(value):
            return name
    return None


def _failing_cell(text: str, delimiter: str) -> int:
    """Index of the cell where a malformed record goes wrong: the quoted cell that never
    closes, or whose closing quote is not followed by a delimiter."""
    index, i, quoted, at_start = 0, 0, False, True
    while i < len(text):
        c = text[i]
        if quoted:
            if c == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 2
                    continue
                if text[i + 1 : i + 2] not in (delimiter, "\r", "\n", ""):
                    return index
                quoted = False
        elif c == delimiter:
            index += 1
            at_start = True
            i += 1
            continue
        elif c == '"' and at_start:
            quoted = True
        at_start = False
        i += 1
    return index


def _position(header: Sequence[str], index: int) -> str:
    """A cell's place for a message: its 1-based column number and the header cell before it."""
    after = next((h for h in reversed(header[:index]) if h), None)
    return f"column {index + 1}" + (f", after {after!r}" if after is not None else "")


def read_delimited(
    stream: IO[bytes],
    file: str,
    *,
    required: Sequence[str],
    delimiter: str = ",",
    one_of: Sequence[Sequence[str]] = (),
) -> Iterator[Row]:
    """Yield rows of a CSV/TSV stream after checking the header has every ``required`` column
    and, for each group of ``one_of``, at least one of its columns."""
    lines = _Lines(stream)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError.single(
            file, None, None, "the file is empty; expected a header row"
        ) from None
    except csv.Error as e:
        text = "".join(lines.record)
        index = _failing_cell(text, delimiter)
        names: list[str] = []
        with contextlib.suppress(csv.Error):  # the cells before it, read leniently
            names = next(csv.reader([text.split("\n", 1)[0]], delimiter=delimiter), [])
        raise InputError.single(
            file, 1, None,
            f"malformed header in {_position([h.strip() for h in names], index)}: {e} "
            "(an unterminated quoted cell?)",
        ) from e
    header = [h.strip() for h in header]
    if lines.bad is not None:
        _raise_undecodable(file, 1, _undecodable_column(header, header), lines.bad)
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            [
                InputProblem(file, 1, c, f"missing column; the header has {header}")
                for c in missing
            ]
        )
    absent = [group for group in one_of if not any(c in header for c in group)]
    if absent:
        raise InputError(
            [
                InputProblem(file, 1, group[0], f"missing column; expected one of "
                             f"{list(group)}, the header has {header}")
                for group in absent
            ]
        )
    width = len(header)
    number = 1
    while True:
        lines.record = []
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            index = _failing_cell("".join(lines.record), delimiter)
            where = "" if index < width else f" in {_position(header, index)}"
            raise InputError.single(
                file, number + 1, header[index] if index < width else None,
                f"malformed CSV{where} near line {reader.line_num}: {e} "
                "(an unterminated quoted cell?)",
            ) from e
        number += 1
        if lines.bad is not None:
            _raise_undecodable(file, number, _undecodable_column(header, fields), lines.bad)
        if not fields or (len(fields) == 1 and fields[0] == "" and width > 1):
            continue  # blank line
        if len(fields) < width:
            raise InputError.single(
                file, number, header[len(fields)],
                f"truncated row: expected {width} cells as in the header, found {len(fields)}",
            )
        if len(fields) > width:
            raise InputError.single(
                file, number, None,
                f"too many cells: expected {width} cells as in the header, found "
                f"{len(fields)}; the first extra cell is {_position(header, width)}",
            )
        yield Row(number, dict(zip(header, fields, strict=True)))


def _raise_undecodable(file: str, row: int, column: str | None, bad: tuple[int, int]) -> None:
    line, byte = bad
    raise InputError.single(
        file, row, column,
        f"not valid UTF-8 (byte 0x{byte:02x} on line {line}); expected a UTF-8 encoded file",
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


def read_excel(
    stream: IO[bytes],
    file: str,
    *,
    required: Sequence[str],
    header_row: int | None = None,
    sheet: int = 0,
) -> Iterator[Row]:
    """Yield rows of the first sheet of an .xlsx/.xls workbook.

    ``header_row`` is the 1-based row of the header; when None, the first row that holds every
    ``required`` column is taken as the header (some government files have a title block).
    """
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(stream.read()))
        table = book.get_sheet_by_index(sheet).to_python(skip_empty_area=False)
    except Exception as e:  # calamine raises its own error types
        raise InputError.single(file, None, None, f"not a readable Excel workbook: {e}") from e
    start = 0
    if header_row is not None:
        start = header_row - 1
    else:
        for i, cells in enumerate(table[:30]):
            names = {_cell_text(c) for c in cells}
            if all(r in names for r in required):
                start = i
                break
    if start >= len(table):
        raise InputError.single(file, None, None, "the sheet is empty; expected a header row")
    header = [_cell_text(c) for c in table[start]]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            [
                InputProblem(file, start + 1, c, f"missing column; the header has {header}")
                for c in missing
            ]
        )
    for offset, cells in enumerate(table[start + 1 :], start=start + 2):
        texts = [_cell_text(c) for c in cells]
        if not any(texts):
            continue
        # As in a CSV, a value the header does not name is an error, not silently dropped.
        stray = next((i for i, t in enumerate(texts)
                      if t and (i >= len(header) or not header[i])), None)
        if stray is not None:
            shown = texts[stray] if len(texts[stray]) <= 80 else texts[stray][:77] + "..."
            raise InputError.single(
                file, offset, None,
                f"a value under no header: {_position(header, stray)} holds {shown!r}; "
                "expected values only in the columns the header names",
            )
        texts += [""] * (len(header) - len(texts))
        yield Row(offset, {h: t for h, t in zip(header, texts, strict=False) if h})


class Validator:
    """Collects row-level problems for one file and raises them together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[InputProblem] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(InputProblem(self.file, row, column, message))

    def check(
        self, row: Row, column: str, pattern: re.Pattern[str], expected: str
    ) -> str:
        value = row.get(column).strip()
        if not pattern.fullmatch(value):
            shown = value if len(value) <= 80 else value[:77] + "..."
            self.add(row.number, column, f"expected {expected}, found {shown!r}")
        return value

    def require_value(self, row: Row, column: str) -> str:
        value = row.get(column).strip()
        if not value:
            self.add(row.number, column, "expected a value, found an empty cell")
        return value

    def unique(self, seen: dict[str, int], key: str, row: Row, column: str) -> None:
        first = seen.get(key)
        if first is not None:
            self.add(row.number, column, f"duplicate key {key!r} (first seen in row {first})")
        else:
            seen[key] = row.number

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(list(self.problems), total=self.total)


def split_labels(value: str) -> list[str]:
    """Split a multi-valued cell (newline- or `` | ``-separated) into distinct labels."""
    parts = re.split(r"\n| \| ", value) if value else []
    seen: dict[str, None] = {}
    for p in parts:
        p = p.strip()
        if p:
            seen.setdefault(p, None)
    return list(seen)


def batched(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


RowCheck = Callable[[Row, Validator], None]
