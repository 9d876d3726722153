"""The exception hierarchy: one root, specific subclasses, messages that say what was expected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SkillgraphError(Exception):
    """Root of every error skillgraph raises on purpose."""


class ConfigurationError(SkillgraphError):
    """A setting is missing or has a value that cannot work."""


class ToolMissingError(SkillgraphError):
    """An external program (Java, Maven) that a command needs is not installed."""


class LocalServerError(SkillgraphError):
    """The managed local Neo4j could not be installed, started or stopped."""


class DatabaseUnavailableError(SkillgraphError):
    """Neo4j could not be reached over Bolt."""


class DatabaseError(SkillgraphError):
    """Neo4j answered a query with an error."""


class NotFoundError(SkillgraphError):
    """A node asked for by its key does not exist."""


class ModelError(SkillgraphError):
    """A trained model is missing, incompatible with the graph, or cannot be used."""


@dataclass(frozen=True)
class InputProblem:
    """One fault in an input file, located by file, row and column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class InputError(SkillgraphError):
    """An input file failed validation; nothing from it was written.

    ``problems`` lists every fault found (up to a cap), each with file, row and column.
    """

    def __init__(self, problems: list[InputProblem], *, total: int | None = None) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        self.total = total if total is not None else len(problems)
        first = problems[0]
        more = self.total - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
        super().__init__(f"{first}{suffix}")

    @property
    def file(self) -> str:
        return self.problems[0].file

    @classmethod
    def single(
        cls, file: str | Path, row: int | None, column: str | None, message: str
    ) -> InputError:
        return cls([InputProblem(str(file), row, column, message)])
