"""Shared pieces of the CLI: the console, error handling, the driver and progress bars."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import neo4j
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from graph.db import open_driver
from graph.errors import InputError, SkillgraphError
from graph.settings import Settings, get_settings

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def report_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn SkillgraphError into a clear message on stderr and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            err_console.print(
                f"[bold red]error:[/] invalid input, nothing was written from {e.file}"
            )
            for p in e.problems:
                err_console.print(f"  {p}", markup=False, highlight=False)
            if e.total > len(e.problems):
                err_console.print(f"  ... {e.total - len(e.problems)} more problems")
            raise typer.Exit(2) from None
        except SkillgraphError as e:
            err_console.print(f"[bold red]error:[/] {e}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper


def settings() -> Settings:
    return get_settings()


@contextmanager
def driver() -> Iterator[neo4j.Driver]:
    """The CLI's driver, made from settings (the only place outside the API that makes one)."""
    with open_driver(get_settings()) as d:
        yield d


class RichProgress:
    """A ProgressSink drawing one rich progress bar per file being written."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def start(self, description: str, total: int) -> None:
        self._task = self._progress.add_task(description, total=total)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)

    def finish(self) -> None:
        if self._task is not None:
            task = self._progress.tasks[self._task]
            if task.total is not None:
                self._progress.update(self._task, completed=task.total)
        self._task = None


def make_progress(**kwargs: Any) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
        **kwargs,
    )
