"""Query parameters from the command line (``--param k=v``) and the console (``:param k => v``).

A ``--param`` value is read as JSON when it is valid JSON (``5``, ``true``, ``["a", "b"]``,
``{"k": 1}``, ``"quoted"``), otherwise it is the string as typed (``name=software developer``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from graph.console.errors import ConsoleUsageError

PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM_COMMAND = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=>|:|=)\s*(.*)", re.DOTALL)


def parse_value(text: str) -> Any:
    """JSON when ``text`` is valid JSON, else ``text`` itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_param_option(option: str) -> tuple[str, Any]:
    """Split one ``name=value`` option; the value is parsed by :func:`parse_value`."""
    name, sep, raw = option.partition("=")
    name = name.strip()
    if not sep or not PARAM_NAME.fullmatch(name):
        raise ConsoleUsageError(
            f"expected --param NAME=VALUE with NAME made of letters, digits and _, got {option!r}"
        )
    return name, parse_value(raw)


def parse_param_options(options: Iterable[str]) -> dict[str, Any]:
    """Every ``--param`` option as a dict (a later option overrides an earlier one)."""
    return dict(parse_param_option(o) for o in options)


def split_param_command(argument: str) -> tuple[str, str]:
    """Split the argument of ``:param name => expression`` into name and expression text."""
    m = _PARAM_COMMAND.fullmatch(argument)
    if m is None or not m.group(2).strip():
        raise ConsoleUsageError(
            f"expected ':param name => value' (a JSON value or Cypher expression), got {argument!r}"
        )
    return m.group(1), m.group(2).strip().rstrip(";").strip()
