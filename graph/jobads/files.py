"""Input and output files of the batch commands: titles or texts in, JSON Lines out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.loaders.readers import read_delimited


def read_field(path: str | Path, field: str, *, alternatives: Sequence[str] = ()) -> list[str]:
    """Values of ``field`` from a file: JSON Lines objects (``field`` or an alternative key),
    a CSV with such a column, or plain text with one value a line (blank lines skipped)."""
    path = Path(path)
    if not path.is_file():
        raise InputError.single(path, None, None, "no such file")
    keys = (field, *alternatives)
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return _json_values(path, keys)
        if suffix == ".csv":
            return _csv_values(path, keys)
        with path.open(encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]
    except UnicodeDecodeError as e:
        raise InputError.single(path, None, None,
                                "not valid UTF-8; expected a UTF-8 text file") from e


def _json_values(path: Path, keys: Sequence[str]) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError.single(path, number, None,
                                        f"not a JSON object ({e.msg}); expected one a line") from e
            value = next((obj[k] for k in keys if isinstance(obj, dict) and k in obj), None)
            if not isinstance(value, str) or not value.strip():
                raise InputError.single(path, number, keys[0],
                                        f"expected a non-empty string under {' or '.join(keys)}")
            out.append(value)
    return out


def _csv_values(path: Path, keys: Sequence[str]) -> list[str]:
    """The first of the ``keys`` columns a CSV has, read as the loaders read their files (rows
    numbered as in a spreadsheet, blank lines skipped); an empty cell is an error."""
    out: list[str] = []
    with path.open("rb") as f:
        for row in read_delimited(f, str(path), required=(), one_of=(keys,)):
            column = next(k for k in keys if k in row.cells)
            value = row[column]
            if not value.strip():
                raise InputError.single(path, row.number, column,
                                        "expected a value, found an empty cell")
            out.append(value)
    return out


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write one JSON object a line; returns the number of lines."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
