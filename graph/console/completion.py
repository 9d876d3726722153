"""Completion for the interactive console: labels after ``(n:``, relationship types after
``[r:``, property keys after ``.``, parameters after ``$``, procedures after ``CALL``, console
commands after a leading ``:``, and Cypher keywords and functions elsewhere."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from graph.console.catalog import Catalog

KEYWORDS = (
    "MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER BY", "SKIP", "LIMIT",
    "DISTINCT", "CREATE", "MERGE", "SET", "DELETE", "DETACH DELETE", "REMOVE", "CALL", "YIELD",
    "UNION", "UNION ALL", "EXPLAIN", "PROFILE", "SHOW", "INDEXES", "CONSTRAINTS", "AS", "AND",
    "OR", "NOT", "XOR", "IN", "IS NULL", "IS NOT NULL", "STARTS WITH", "ENDS WITH", "CONTAINS",
    "CASE", "WHEN", "THEN", "ELSE", "END", "EXISTS", "COUNT", "COLLECT", "ASC", "DESC", "true",
    "false", "null", "FOREACH", "ON CREATE", "ON MATCH", "LOAD CSV",
)

_LABEL = re.compile(r":`?([A-Za-z_][A-Za-z0-9_]*)?$")
_PROPERTY = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)?$")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?$")
_PROCEDURE = re.compile(r"\bCALL\s+([A-Za-z_][A-Za-z0-9_.]*)?$", re.IGNORECASE)
_COMMAND = re.compile(r"^\s*(:[a-z]*)$")
_WORD = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)$")


def _in_relationship(text: str) -> bool:
    """Whether the cursor sits inside ``[...]`` (a relationship pattern) rather than ``(...)``."""
    return text.rfind("[") > max(text.rfind("]"), text.rfind("("))


def _matching(prefix: str, names: Iterable[str], *, ignore_case: bool = False) -> list[str]:
    if ignore_case:
        p = prefix.lower()
        return [n for n in names if n.lower().startswith(p)]
    return [n for n in names if n.startswith(prefix)]


class CypherCompleter(Completer):
    """Completes from a catalog (re-read through ``catalog()`` each time) and known parameters."""

    def __init__(
        self,
        catalog: Callable[[], Catalog],
        parameters: Callable[[], Iterable[str]],
        commands: Iterable[str],
    ) -> None:
        self._catalog = catalog
        self._parameters = parameters
        self._commands = sorted(commands)

    def suggestions(self, text: str) -> tuple[str, list[str]]:
        """The prefix being completed in ``text`` (up to the cursor) and the candidates."""
        cat = self._catalog()
        if m := _COMMAND.match(text):
            return m.group(1), _matching(m.group(1), self._commands)
        if m := _PARAMETER.search(text):
            prefix = m.group(1) or ""
            return prefix, _matching(prefix, sorted(self._parameters()))
        if m := _LABEL.search(text):
            prefix = m.group(1) or ""
            names = cat.relationship_types if _in_relationship(text) else cat.labels
            return prefix, _matching(prefix, names)
        if m := _PROCEDURE.search(text):
            prefix = m.group(1) or ""
            return prefix, _matching(prefix, cat.procedures)
        if m := _PROPERTY.search(text):
            prefix = m.group(1) or ""
            return prefix, _matching(prefix, cat.property_keys)
        if m := _WORD.search(text):
            prefix = m.group(1)
            words = [*KEYWORDS, *cat.functions]
            return prefix, _matching(prefix, words, ignore_case=True)
        return "", []

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        prefix, names = self.suggestions(document.text_before_cursor)
        for name in names:
            if name != prefix:
                yield Completion(name, start_position=-len(prefix))
