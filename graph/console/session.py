"""One console's state (parameters, catalog, runner) and its ``:commands``.

``ConsoleSession.execute`` takes one entry typed at the prompt (a Cypher statement ended by
``;``, or a ``:command``) and prints what it produced; it is independent of the terminal, so the
same code serves the prompt and ``:source``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from graph.console import queries
from graph.console.catalog import Catalog, read_catalog, read_schema
from graph.console.errors import ConsoleUsageError
from graph.console.params import parse_value, split_param_command
from graph.console.render import print_result
from graph.console.runner import CypherRunner, StatementResult
from graph.console.script import read_script
from graph.console.values import cell, to_text
from graph.errors import SkillgraphError

HELP = """\
Statements end with ';' and may span several lines. Commands start with ':'.

  :help                      this help
  :schema                    labels, relationship types, constraints and indexes
  :param NAME => VALUE       set a parameter (JSON value or Cypher expression), use it as $NAME
  :params                    list the parameters; ':params clear' forgets them all
  :source FILE               run the ';'-separated statements of a file
  :explain STATEMENT         show the plan without running the statement
  :profile STATEMENT         run the statement and show the plan with rows and db hits
  :exit                      leave (or Ctrl-D)

Tab completes labels after '(n:', types after '[r:', properties after '.', parameters after
'$', procedures after CALL. Ctrl-C cancels a running statement or clears the input.
"""


class ExitConsole(Exception):
    """Raised by ``:exit`` to leave the prompt."""


@dataclass
class ConsoleSession:
    """State of one console: the runner, the parameters, the catalog used for completion."""

    runner: CypherRunner
    console: Console
    max_rows: int | None = 1000
    parameters: dict[str, Any] = field(default_factory=dict)
    catalog: Catalog = field(default_factory=Catalog)

    def __post_init__(self) -> None:
        self._commands: dict[str, Callable[[str], None]] = {
            ":help": self._help,
            ":schema": self._schema,
            ":param": self._param,
            ":params": self._params,
            ":source": self._source,
            ":explain": lambda arg: self._prefixed("EXPLAIN", arg),
            ":profile": lambda arg: self._prefixed("PROFILE", arg),
            ":exit": self._exit,
            ":quit": self._exit,
        }

    @property
    def command_names(self) -> list[str]:
        return sorted(self._commands)

    def refresh_catalog(self) -> None:
        """Re-read labels, types, property keys and procedures from the database."""
        self.catalog = read_catalog(self.runner.driver, database=self.runner.database)

    # -- entries ---------------------------------------------------------------------------
    def execute(self, entry: str) -> None:
        """Run one entry; errors of the database or of the entry are printed, not raised."""
        text = entry.strip()
        if not text:
            return
        try:
            if text.startswith(":"):
                name, _, arg = text.partition(" ")
                command = self._commands.get(name.rstrip(";").lower())
                if command is None:
                    raise ConsoleUsageError(f"unknown command {name!r}; type :help for the list")
                command(arg.strip())
            else:
                self.run_statement(text.rstrip().rstrip(";"))
        except SkillgraphError as e:
            self.console.print(f"[bold red]error:[/] {e}", highlight=False)

    def run_statement(self, statement: str) -> StatementResult:
        """Run one statement with the session's parameters and print its result."""
        with self.console.status("running (Ctrl-C cancels)"):
            result = self.runner.run(statement, self.parameters, max_rows=self.max_rows)
        print_result(self.console, result)
        if result.contains_updates:
            self.refresh_catalog()
        return result

    # -- commands --------------------------------------------------------------------------
    def _help(self, _arg: str) -> None:
        self.console.print(HELP, markup=False, highlight=False)

    def _exit(self, _arg: str) -> None:
        raise ExitConsole

    def _prefixed(self, keyword: str, statement: str) -> None:
        body = statement.strip().rstrip(";")
        if not body:
            raise ConsoleUsageError(f"expected :{keyword.lower()} STATEMENT")
        self.run_statement(f"{keyword} {body}")

    def _param(self, arg: str) -> None:
        name, expression = split_param_command(arg)
        value = parse_value(expression)
        if isinstance(value, str) and value == expression:
            result = self.runner.run(
                queries.evaluate_expression(expression), self.parameters, force_read=True
            )
            value = result.rows[0][0]
        self.parameters[name] = value
        self.console.print(f"${name} = {cell(value)}", markup=False, highlight=False)

    def _params(self, arg: str) -> None:
        if arg.strip().lower() == "clear":
            self.parameters.clear()
            self.console.print("parameters cleared")
            return
        if not self.parameters:
            self.console.print("no parameters; set one with :param NAME => VALUE")
            return
        for name, value in sorted(self.parameters.items()):
            self.console.print(f"${name} = {cell(value)}", markup=False, highlight=False)

    def _source(self, arg: str) -> None:
        if not arg:
            raise ConsoleUsageError("expected :source FILE")
        script = read_script(Path(arg).expanduser())
        for name, value in script.defaults.items():
            self.parameters.setdefault(name, value)
        for i, statement in enumerate(script.statements, start=1):
            self.console.print(f"-- {script.origin} statement {i} of {len(script.statements)}",
                               style="dim", markup=False, highlight=False)
            self.run_statement(statement)

    def _schema(self, _arg: str) -> None:
        self.refresh_catalog()
        driver, database = self.runner.driver, self.runner.database
        schema = read_schema(driver, database=database)
        self.console.print("Labels: " + (", ".join(self.catalog.labels) or "(none)"),
                           markup=False, highlight=False)
        self.console.print(
            "Relationship types: " + (", ".join(self.catalog.relationship_types) or "(none)"),
            markup=False, highlight=False,
        )
        for key in ("constraints", "indexes"):
            rows = schema[key]
            table = Table(title=key.capitalize(), header_style="bold")
            columns = list(rows[0]) if rows else ["name"]
            for column in columns:
                table.add_column(column)
            for row in rows:
                table.add_row(*(to_text(row[c]) for c in columns))
            self.console.print(table)

