"""``skillgraph load ...`` and ``skillgraph stats``: bulk loading with progress and a summary."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import neo4j
import typer
from rich.table import Table

from graph.cli.common import (
    RichProgress,
    console,
    driver,
    err_console,
    make_progress,
    report_errors,
    settings,
)
from graph.errors import DatabaseUnavailableError
from graph.loaders.base import (
    KnownKeys,
    PreparedLoad,
    database_key_lookup,
    dry_run_report,
    write_prepared,
)
from graph.loaders.sources import DataSource
from graph.loaders.stats import LoadReport

app = typer.Typer(
    help="Load ESCO, O*NET, crosswalks, programs and job ads into Neo4j.", no_args_is_help=True
)

PathArg = Annotated[Path, typer.Argument(help="A folder (or .zip) holding the source files.")]
Strict = Annotated[bool, typer.Option("--strict", help="Treat dangling references as errors.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing.")]
JsonOut = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]

Preparer = Callable[[DataSource, KnownKeys, bool], PreparedLoad]


def _esco(source: DataSource, known: KnownKeys, strict: bool) -> PreparedLoad:
    from graph.loaders.esco import prepare_esco

    return prepare_esco(source, strict=strict)


def _onet(source: DataSource, known: KnownKeys, strict: bool) -> PreparedLoad:
    from graph.loaders.onet import prepare_onet

    return prepare_onet(source, strict=strict)


def _programs(source: DataSource, known: KnownKeys, strict: bool) -> PreparedLoad:
    from graph.loaders.programs import prepare_programs

    return prepare_programs(source, known, strict=strict)


def _crosswalks(source: DataSource, known: KnownKeys, strict: bool) -> PreparedLoad:
    from graph.loaders.crosswalks import prepare_crosswalks

    return prepare_crosswalks(source, known, strict=strict)


ALL_SOURCES: tuple[tuple[str, Preparer], ...] = (
    ("esco", _esco),
    ("onet", _onet),
    ("programs", _programs),
    ("crosswalks", _crosswalks),
)


def print_report(report: LoadReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_dict(), indent=2))
        return
    title = "Validated (dry run, nothing written)" if report.dry_run else "Loaded"
    table = Table(title=f"{title}: {report.source}", show_lines=False)
    for col in ("file", "rows read", "written", "nodes created", "rels created", "skipped", "s"):
        table.add_column(col, justify="left" if col == "file" else "right")
    for f in report.files:
        table.add_row(
            Path(f.file).name if "!" not in f.file else f.file.split("!")[-1],
            f"{f.rows_read:,}",
            f"{f.rows_written:,}",
            f"{f.nodes_created:,}",
            f"{f.relationships_created:,}",
            f"{f.rows_skipped:,}",
            f"{f.seconds:.1f}",
        )
    table.add_row(
        "total",
        f"{report.rows_read:,}",
        "",
        f"{report.nodes_created:,}",
        f"{report.relationships_created:,}",
        f"{report.rows_skipped:,}",
        f"{report.seconds:.1f}",
        style="bold",
    )
    console.print(table)
    for f in report.files:
        for s in f.skipped.values():
            console.print(f"[yellow]skipped[/] in {f.file}: {s.describe()}", highlight=False)


def run_load(
    path: Path, names: Sequence[str], *, strict: bool, dry_run: bool, as_json: bool
) -> LoadReport:
    """Validate the sources, then (unless ``dry_run``) write them.

    Keys that relationships point to are looked up in Neo4j as the real load does, also in a
    dry run (read-only); a dry run without a reachable database warns that it could not.
    """
    preparers = dict(ALL_SOURCES)
    source = DataSource(path)
    s = settings()
    try:
        with ExitStack() as stack:
            d, unreachable = _driver_for(stack, dry_run=dry_run)
            known = KnownKeys(database_key_lookup(d, s.neo4j_database) if d is not None else None)
            try:
                loads = _prepare_all(source, names, preparers, known, strict)
            finally:
                if known.not_consulted:
                    err_console.print(
                        f"[yellow]warning:[/] the {', '.join(sorted(known.not_consulted))} keys "
                        "already in the database were not consulted (dry run without Neo4j: "
                        f"{unreachable}); references to them are reported as unknown",
                        highlight=False,
                    )
            if d is None or dry_run:
                report = dry_run_report(loads)
            else:
                with make_progress() as progress:
                    report = write_prepared(
                        d,
                        loads,
                        database=s.neo4j_database,
                        batch_size=s.batch_size,
                        progress_factory=lambda: RichProgress(progress),
                    )
    finally:
        source.close()
    print_report(report, as_json)
    return report


def _driver_for(stack: ExitStack, *, dry_run: bool) -> tuple[neo4j.Driver | None, str]:
    """The CLI's driver, entered on ``stack``; for a dry run, (None, why) when Neo4j does not
    answer (a dry run still validates every file, only without the keys in the database)."""
    try:
        return stack.enter_context(driver()), ""
    except DatabaseUnavailableError as e:
        if not dry_run:
            raise
        return None, str(e)


def _prepare_all(
    source: DataSource,
    names: Sequence[str],
    preparers: dict[str, Preparer],
    known: KnownKeys,
    strict: bool,
) -> list[PreparedLoad]:
    loads = []
    for name in names:
        with err_console.status(f"Validating {name} files in {source.path}..."):
            prepared = preparers[name](source, known, strict)
        known.add_prepared(prepared)
        loads.append(prepared)
    return loads


@app.command("esco")
@report_errors
def load_esco(
    path: PathArg, strict: Strict = False, dry_run: DryRun = False, json_: JsonOut = False
) -> None:
    """Load the ESCO CSV export: skills, occupations, hierarchies, relations, collections."""
    run_load(path, ["esco"], strict=strict, dry_run=dry_run, as_json=json_)


@app.command("onet")
@report_errors
def load_onet(
    path: PathArg, strict: Strict = False, dry_run: DryRun = False, json_: JsonOut = False
) -> None:
    """Load O*NET (Excel or text release): occupations, ratings, technologies, related."""
    run_load(path, ["onet"], strict=strict, dry_run=dry_run, as_json=json_)


@app.command("crosswalks")
@report_errors
def load_crosswalks(
    path: PathArg, strict: Strict = False, dry_run: DryRun = False, json_: JsonOut = False
) -> None:
    """Load ESCO to O*NET and ISCO-08 to SOC crosswalks (load ESCO and O*NET first)."""
    run_load(path, ["crosswalks"], strict=strict, dry_run=dry_run, as_json=json_)


@app.command("programs")
@report_errors
def load_programs(
    path: PathArg, strict: Strict = False, dry_run: DryRun = False, json_: JsonOut = False
) -> None:
    """Load CIP 2020 programs and the CIP to SOC crosswalk (load O*NET first)."""
    run_load(path, ["programs"], strict=strict, dry_run=dry_run, as_json=json_)


@app.command("all")
@report_errors
def load_all(
    path: Annotated[Path, typer.Argument(help="A folder laid out like shared/data.")],
    strict: Strict = False,
    dry_run: DryRun = False,
    json_: JsonOut = False,
) -> None:
    """Validate every source in DATA_DIR, then load them all (ESCO, O*NET, programs, crosswalks)."""
    run_load(path, [n for n, _ in ALL_SOURCES], strict=strict, dry_run=dry_run, as_json=json_)
