"""Scripts: ``;``-separated statements from a file, a string or standard input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.console.errors import ConsoleUsageError
from graph.console.library import parse_defaults
from graph.schema import split_statements


@dataclass(frozen=True)
class Script:
    """Statements to run in order, and the parameter defaults declared in the header."""

    origin: str
    statements: list[str]
    defaults: dict[str, Any] = field(default_factory=dict)


def parse_script(text: str, origin: str = "<script>") -> Script:
    """Split ``text`` on ``;`` outside strings and comments; read ``// @param`` defaults."""
    return Script(origin, split_statements(text), parse_defaults(text, origin))


def read_script(path: Path) -> Script:
    """A script file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConsoleUsageError(f"cannot read the Cypher file {path}: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise ConsoleUsageError(f"expected a UTF-8 text file, {path} is not: {e}") from e
    return parse_script(text, str(path))
