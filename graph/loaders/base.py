"""The two phases of every loader: ``prepare`` (read and validate whole files, nothing written)
and ``write`` (constraints first, then ``UNWIND $rows`` batches, nodes before relationships).

A loader's ``prepare_*`` function returns a :class:`PreparedLoad`: ordered steps, each one
parameterised statement with its validated rows and a :class:`FileStats` already holding
rows read and skipped. :func:`write_prepared` runs the steps in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph.db import database_errors
from graph.errors import InputError, InputProblem
from graph.loaders.readers import Row, read_delimited, read_excel
from graph.loaders.sources import DataSource
from graph.loaders.stats import FileStats, LoadReport
from graph.loaders.writer import BatchWriter, ProgressSink
from graph.schema import apply_schema


@dataclass
class Step:
    """One statement over one set of rows (one node label or relationship type of a file)."""

    description: str
    kind: str
    query: str
    rows: Sequence[dict[str, Any]]
    stats: FileStats
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class PreparedLoad:
    """Validated rows for one source, ready to write; ``keys`` are the keys it creates by label."""

    source: str
    steps: list[Step] = field(default_factory=list)
    keys: dict[str, set[str]] = field(default_factory=dict)
    stats: list[FileStats] = field(default_factory=list)

    def file_stats(self, file: str) -> FileStats:
        for s in self.stats:
            if s.file == file:
                return s
        s = FileStats(file)
        self.stats.append(s)
        return s


class KnownKeys:
    """Keys that relationships may point to: those being loaded plus those already in Neo4j.

    ``lookup`` fetches a label's keys from the database once, when first asked; loaders that
    run without a database (a ``--dry-run`` when Neo4j does not answer) pass None and see only
    the keys of the loads in hand; ``not_consulted`` then names the labels asked for, so that
    the caller can say references to them may be in the database.
    """

    def __init__(self, lookup: Callable[[str, str], set[str]] | None = None) -> None:
        self._lookup = lookup
        self._keys: dict[str, set[str]] = {}
        self._fetched: set[str] = set()
        self.not_consulted: set[str] = set()

    def add(self, label: str, keys: set[str]) -> None:
        self._keys.setdefault(label, set()).update(keys)

    def add_prepared(self, prepared: PreparedLoad) -> None:
        for label, keys in prepared.keys.items():
            self.add(label, keys)

    def get(self, label: str, prop: str) -> set[str]:
        if self._lookup is None:
            self.not_consulted.add(label)
        elif label not in self._fetched:
            self._fetched.add(label)
            self.add(label, self._lookup(label, prop))
        return self._keys.get(label, set())


def database_key_lookup(
    driver: neo4j.Driver, database: str = "neo4j"
) -> Callable[[str, str], set[str]]:
    """A KnownKeys lookup reading existing keys of a label from Neo4j."""
    from graph.queries import identifier

    def lookup(label: str, prop: str) -> set[str]:
        query = f"MATCH (n:{identifier(label)}) RETURN n.{identifier(prop)} AS key"
        with database_errors(f"reading the {label} keys already in the graph"):
            records = driver.execute_query(
                query, database_=database, routing_=neo4j.RoutingControl.READ
            ).records
        return {r["key"] for r in records if r["key"] is not None}

    return lookup


def read_table(
    source: DataSource,
    stem: str,
    *,
    required: Sequence[str],
    header_row: int | None = None,
    extensions: Sequence[str] = (".xlsx", ".txt", ".csv", ".xls"),
) -> tuple[str, Iterator[Row]]:
    """Find ``stem`` with any of ``extensions`` in ``source`` and read it as a table.

    ``.xlsx``/``.xls`` are read as Excel, ``.txt`` as tab-separated (O*NET's text release),
    ``.csv`` as comma-separated. Returns the displayed file name and the row iterator.
    """
    member = source.require(*(stem + ext for ext in extensions))
    display = source.display(member)
    lower = member.lower()

    def rows() -> Iterator[Row]:
        with source.open(member) as stream:
            if lower.endswith((".xlsx", ".xls")):
                yield from read_excel(stream, display, required=required, header_row=header_row)
            else:
                delimiter = "\t" if lower.endswith(".txt") else ","
                yield from read_delimited(stream, display, required=required, delimiter=delimiter)

    return display, rows()


def dangling(
    prepared: PreparedLoad,
    stats: FileStats,
    *,
    strict: bool,
    row: Row,
    column: str,
    key: str,
    target: str,
    problems: list[InputProblem],
) -> None:
    """Record a reference to an unknown key: an error under ``strict``, else a reported skip."""
    if strict:
        problems.append(
            InputProblem(stats.file, row.number, column, f"unknown {target} {key!r} (no such node)")
        )
    else:
        article = "an" if target[:1].lower() in "aeiou" else "a"
        stats.skip(f"reference to {article} {target} not in the data", key)


def raise_problems(problems: list[InputProblem]) -> None:
    if problems:
        raise InputError(problems[:50], total=len(problems))


def write_prepared(
    driver: neo4j.Driver,
    loads: Sequence[PreparedLoad],
    *,
    database: str = "neo4j",
    batch_size: int = 5000,
    progress_factory: Callable[[], ProgressSink] | None = None,
    ensure_schema: bool = True,
) -> LoadReport:
    """Apply the schema, then run every step of every load in order."""
    if ensure_schema:
        apply_schema(driver, database=database)
    report = LoadReport(source=", ".join(p.source for p in loads))
    for prepared in loads:
        for step in prepared.steps:
            writer = BatchWriter(
                driver,
                database=database,
                batch_size=batch_size,
                progress=progress_factory() if progress_factory else None,
            )
            writer.run(
                step.query,
                step.rows,
                step.stats,
                description=step.description,
                kind=step.kind,
                params=step.params,
            )
        for s in prepared.stats:
            report.add(s)
    return report


def dry_run_report(loads: Sequence[PreparedLoad]) -> LoadReport:
    report = LoadReport(source=", ".join(p.source for p in loads), dry_run=True)
    for prepared in loads:
        for s in prepared.stats:
            report.add(s)
    return report
