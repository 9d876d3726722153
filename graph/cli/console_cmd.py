"""``skillgraph cypher``: the Cypher console, interactive or for scripts (``-c``, ``-f``, stdin)."""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.cli.common import console, driver, err_console, report_errors, settings
from graph.console.errors import ConsoleUsageError
from graph.errors import DatabaseError, SkillgraphError


class OutputFormat(StrEnum):
    """Output of non-interactive runs."""

    table = "table"
    json = "json"
    csv = "csv"


def _quiet_driver_logs() -> None:
    """The console prints notifications and errors itself; keep the driver's log lines (such as
    the notice that a cancelled statement's result could not be consumed) off stderr."""
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def _run_script(
    statements: list[str],
    parameters: dict[str, Any],
    *,
    origin: str,
    write: bool,
    timeout_s: float,
    output: OutputFormat,
    limit: int | None,
) -> None:
    from graph.console.render import print_result, write_csv, write_json
    from graph.console.runner import CypherRunner, StatementResult

    results: list[StatementResult] = []
    failure: SkillgraphError | None = None
    with driver() as d:
        runner = CypherRunner(d, database=settings().neo4j_database, write=write,
                              timeout_s=timeout_s)
        for i, statement in enumerate(statements, start=1):
            try:
                result = runner.run(statement, parameters,
                                    max_rows=limit if output is OutputFormat.table else None)
            except SkillgraphError as e:
                where = f"statement {i} of {len(statements)} in {origin}"
                failure = DatabaseError(f"{where} failed: {e}") if isinstance(
                    e, DatabaseError) else e
                break
            results.append(result)
            if output is OutputFormat.table:
                print_result(console, result)
    if output is OutputFormat.json:
        write_json(results, sys.stdout)
    elif output is OutputFormat.csv:
        write_csv(results, sys.stdout)
    sys.stdout.flush()
    if failure is not None:
        raise failure


def cypher(
    command: Annotated[str | None, typer.Option(
        "--command", "-c", help="Run this statement (or ';'-separated statements) and exit.",
    )] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help="Run the ';'-separated statements of this .cypher file and exit; "
        "its '// @param name = <JSON>' header lines give parameter defaults.",
        exists=True, dir_okay=False, readable=True)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="NAME=VALUE; VALUE is read as JSON when valid, else as a string. "
        "Repeatable.")] = None,
    output: Annotated[OutputFormat, typer.Option(
        "--format", help="Output of non-interactive runs.")] = OutputFormat.table,
    write: Annotated[bool, typer.Option(
        "--write", help="Allow writes (default: read-only transactions).")] = False,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", min=0.001, help="Transaction timeout in seconds "
        "(default: the SKILLGRAPH_TRANSACTION_TIMEOUT_S setting).")] = None,
    limit: Annotated[int, typer.Option(
        "--limit", min=0, help="Most rows shown in a table (0: no limit).")] = 1000,
) -> None:
    """Run Cypher: an interactive console, or -c / -f / statements piped on stdin.

    Read-only unless --write. Non-interactive runs exit non-zero when a statement fails.
    """
    from graph.console.params import parse_param_options
    from graph.console.script import Script, parse_script, read_script

    _quiet_driver_logs()
    timeout_s = timeout if timeout is not None else settings().transaction_timeout_s
    row_limit = limit or None
    parameters = parse_param_options(param or [])
    script: Script | None = None
    if command is not None and file is not None:
        raise ConsoleUsageError("expected either --command or --file, not both")
    if command is not None:
        script = parse_script(command, "--command")
    elif file is not None:
        script = read_script(file)
    elif not sys.stdin.isatty():
        script = parse_script(sys.stdin.read(), "<stdin>")
    if script is None:
        _interactive(parameters, write=write, timeout_s=timeout_s, limit=row_limit)
        return
    if not script.statements:
        err_console.print("no statements to run", style="yellow")
        return
    _run_script(script.statements, {**script.defaults, **parameters}, origin=script.origin,
                write=write, timeout_s=timeout_s, output=output, limit=row_limit)


def _interactive(
    parameters: dict[str, Any], *, write: bool, timeout_s: float, limit: int | None
) -> None:
    from graph.console.repl import HISTORY_FILE, run_repl
    from graph.console.runner import CypherRunner
    from graph.console.session import ConsoleSession

    s = settings()
    with driver() as d:
        runner = CypherRunner(d, database=s.neo4j_database, write=write, timeout_s=timeout_s)
        session = ConsoleSession(runner, console, max_rows=limit, parameters=dict(parameters))
        run_repl(session, s.home / HISTORY_FILE)


def register(app: typer.Typer, *, load_app: typer.Typer) -> None:
    """Add ``skillgraph cypher`` to the app."""
    app.command("cypher")(report_errors(cypher))
