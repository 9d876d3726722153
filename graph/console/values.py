"""Driver values as plain data (for JSON and CSV) and as short text (for table cells).

Plain shapes, stable across versions of this package:

- node: ``{"elementId": str, "labels": [str, ...], "properties": {...}}`` (labels sorted)
- relationship: ``{"elementId": str, "type": str, "start": str, "end": str, "properties": {...}}``
  (``start``/``end`` are the element ids of its nodes)
- path: ``{"nodes": [node, ...], "relationships": [relationship, ...]}``
- temporal values: ISO 8601 strings; durations: ISO 8601 duration strings
- points: ``{"srid": int, "x": float, "y": float}`` (plus ``"z"`` in 3D)
- bytes: base64 strings; non-finite floats: ``"NaN"``, ``"Infinity"``, ``"-Infinity"``
- lists and maps: converted element by element
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

MAX_CELL_CHARS = 400


def to_plain(value: Any) -> Any:
    """Convert a value returned by the driver into JSON-compatible data."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, Node):
        return {
            "elementId": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: to_plain(v) for k, v in sorted(value.items())},
        }
    if isinstance(value, Relationship):
        return {
            "elementId": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node is not None else None,
            "end": value.end_node.element_id if value.end_node is not None else None,
            "properties": {k: to_plain(v) for k, v in sorted(value.items())},
        }
    if isinstance(value, Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return value.iso_format()
    if isinstance(value, Point):
        coords = list(value)
        point: dict[str, Any] = {"srid": value.srid, "x": coords[0], "y": coords[1]}
        if len(coords) > 2:
            point["z"] = coords[2]
        return point
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [to_plain(v) for v in value]
    return str(value)


def _literal(value: Any) -> str:
    """Cypher-like text of a value nested inside a list, map, node or relationship."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return to_text(value)


def _props(items: Mapping[str, Any]) -> str:
    if not items:
        return ""
    inner = ", ".join(f"{k}: {_literal(v)}" for k, v in sorted(items.items()))
    return " {" + inner + "}"


def to_text(value: Any) -> str:
    """Short, readable text of a value for a table cell (strings unquoted at the top level)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, Node):
        labels = "".join(f":{label}" for label in sorted(value.labels))
        return f"({labels}{_props(dict(value.items()))})"
    if isinstance(value, Relationship):
        return f"[:{value.type}{_props(dict(value.items()))}]"
    if isinstance(value, Path):
        nodes = value.nodes
        parts = [to_text(nodes[0])]
        for i, rel in enumerate(value.relationships):
            start = rel.start_node
            forward = start is not None and start.element_id == nodes[i].element_id
            parts.append(f"-{to_text(rel)}->" if forward else f"<-{to_text(rel)}-")
            parts.append(to_text(nodes[i + 1]))
        return "".join(parts)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    plain = to_plain(value)
    return plain if isinstance(plain, str) else json.dumps(plain)


def cell(value: Any, max_chars: int = MAX_CELL_CHARS) -> str:
    """``to_text`` cut to ``max_chars`` (long lists such as embeddings stay readable)."""
    text = to_text(value)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "\u2026"
