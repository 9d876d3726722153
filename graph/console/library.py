"""Headers of the query library (``cypher/queries/*.cypher``).

Each file asks one question. Its leading ``//`` comment block documents it, and three kinds of
lines in that block are read by tools:

- ``// @param name = <JSON value>``: a parameter and its default (used by ``skillgraph cypher -f``
  when no ``--param name=...`` is given, and by the tests);
- ``// @columns a, b, c``: the columns the query returns, in order;
- ``// @may-be-empty``: the query may return no rows on a graph without learned embeddings or
  job ads (it must still run).

Every other header line is free text (the question, what the columns mean).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.schema import CYPHER_DIR, split_statements

QUERIES_DIR = CYPHER_DIR / "queries"

_PARAM_LINE = re.compile(r"@param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)")
_COLUMNS_LINE = re.compile(r"@columns\s+(.+)")


@dataclass(frozen=True)
class QueryFile:
    """One library query: its header and its single statement."""

    path: Path
    title: str
    statement: str
    defaults: dict[str, Any] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    may_be_empty: bool = False


def header_lines(text: str) -> list[tuple[int, str]]:
    """The leading ``//`` comment lines of a script, as (line number, text after ``//``)."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        out.append((number, stripped[2:].strip()))
    return out


def parse_defaults(text: str, file: str = "<script>") -> dict[str, Any]:
    """The ``@param`` defaults of a script's header (values are JSON)."""
    defaults: dict[str, Any] = {}
    for number, line in header_lines(text):
        m = _PARAM_LINE.fullmatch(line)
        if line.startswith("@param") and m is None:
            raise InputError.single(file, number, None,
                                    "expected '// @param name = <JSON value>'")
        if m is None:
            continue
        try:
            defaults[m.group(1)] = json.loads(m.group(2))
        except ValueError as e:
            raise InputError.single(
                file, number, None,
                f"the default of parameter {m.group(1)!r} must be a JSON value, got "
                f"{m.group(2)!r}",
            ) from e
    return defaults


def parse_query_file(path: Path) -> QueryFile:
    """Read one library query; its header must state the columns and hold one statement."""
    text = path.read_text(encoding="utf-8")
    lines = header_lines(text)
    columns: list[str] = []
    for number, line in lines:
        m = _COLUMNS_LINE.fullmatch(line)
        if m is not None:
            columns = [c.strip() for c in m.group(1).split(",") if c.strip()]
            if not columns:
                raise InputError.single(path, number, None, "expected '// @columns a, b, c'")
    if not columns:
        raise InputError.single(path, None, None, "the header has no '// @columns ...' line")
    statements = split_statements(text)
    if len(statements) != 1:
        raise InputError.single(
            path, None, None, f"expected exactly one statement, found {len(statements)}"
        )
    title = next((line for _, line in lines if line and not line.startswith("@")), path.stem)
    return QueryFile(
        path=path,
        title=title,
        statement=statements[0],
        defaults=parse_defaults(text, str(path)),
        columns=columns,
        may_be_empty=any(line == "@may-be-empty" for _, line in lines),
    )


def library(directory: Path = QUERIES_DIR) -> list[QueryFile]:
    """Every query of the library, sorted by file name."""
    return [parse_query_file(p) for p in sorted(directory.glob("*.cypher"))]
