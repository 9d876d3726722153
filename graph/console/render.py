"""Render statement results: rich tables, JSON, CSV, and query plans as indented operator trees.

The JSON document (``--format json``) is a list with one object per statement::

    {"statement": "MATCH ...", "columns": ["a", "b"], "rows": [[1, "x"], ...],
     "counters": {"nodes_created": 1}, "queryType": "r", "truncated": false,
     "plan": null | {"operator": ..., "details": ..., "identifiers": [...],
                     "estimatedRows": float, "rows": int | null, "dbHits": int | null,
                     "children": [...]},
     "notifications": ["WARNING: ..."], "timing": {"availableAfterMs": int, "consumedAfterMs": int}}

``rows`` are lists aligned with ``columns``; values are converted by ``graph.console.values``.
``counters`` holds only non-zero counters. CSV prints a header line of the columns, then one
line per row (strings as they are, other values as JSON); statements are separated by a blank line
and statements without columns print nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from graph.console.runner import StatementResult
from graph.console.values import cell, to_plain

# -- plans ------------------------------------------------------------------------------------


def _operator_name(op: dict[str, Any]) -> str:
    return str(op.get("operatorType", "?")).split("@", 1)[0]


def _plan_number(op: dict[str, Any], key: str, arg: str) -> Any:
    if key in op:
        return op[key]
    return op.get("args", {}).get(arg)


def plan_to_plain(op: dict[str, Any]) -> dict[str, Any]:
    """The plan tree as plain data (the ``plan`` member of the JSON document)."""
    args = op.get("args", {})
    return {
        "operator": _operator_name(op),
        "details": args.get("Details"),
        "identifiers": list(op.get("identifiers", [])),
        "estimatedRows": args.get("EstimatedRows"),
        "rows": _plan_number(op, "rows", "Rows"),
        "dbHits": _plan_number(op, "dbHits", "DbHits"),
        "children": [plan_to_plain(c) for c in op.get("children", [])],
    }


def total_db_hits(op: dict[str, Any]) -> int:
    """Database hits of an operator and all operators below it (0 for an unprofiled plan)."""
    own = _plan_number(op, "dbHits", "DbHits") or 0
    return int(own) + sum(total_db_hits(c) for c in op.get("children", []))


def plan_lines(op: dict[str, Any], *, profiled: bool) -> list[str]:
    """The plan as an indented operator tree, one operator a line, root first.

    Each line names the operator, its details, the estimated rows and, when profiled, the
    actual rows and database hits, e.g. ``+- NodeByLabelScan  n:Skill  est 10  rows 10  hits 11``.
    """
    lines: list[str] = []

    def walk(node: dict[str, Any], prefix: str, child_prefix: str) -> None:
        args = node.get("args", {})
        parts = [f"{prefix}{_operator_name(node)}"]
        details = args.get("Details")
        if details:
            parts.append(str(details).replace("\n", " "))
        est = args.get("EstimatedRows")
        if est is not None:
            parts.append(f"est {float(est):,.0f}")
        if profiled:
            parts.append(f"rows {_plan_number(node, 'rows', 'Rows') or 0:,}")
            parts.append(f"hits {_plan_number(node, 'dbHits', 'DbHits') or 0:,}")
        lines.append("  ".join(parts))
        children = node.get("children", [])
        for i, child in enumerate(children):
            last = i == len(children) - 1
            walk(child, child_prefix + "+- ", child_prefix + ("   " if last else "|  "))

    walk(op, "", "")
    return lines


def plan_header(op: dict[str, Any]) -> str:
    """Planner and runtime of a plan, e.g. ``Cypher 5, planner COST, runtime SLOTTED``."""
    args = op.get("args", {})
    return (
        f"Cypher {args.get('version', '?')}, planner {args.get('planner', '?')}, "
        f"runtime {args.get('runtime', '?')}"
    )


# -- summaries --------------------------------------------------------------------------------


def summary_line(result: StatementResult) -> str:
    """Rows, non-zero counters and timing, e.g. ``3 rows; 1 nodes created; 4 ms (server 2 ms)``."""
    n = len(result.rows)
    parts = [f"{n} row{'s' if n != 1 else ''}" + (" shown (more were discarded)"
                                                   if result.truncated else "")]
    for name, value in result.counters.items():
        parts.append(f"{value} {name.replace('_', ' ')}")
    server = (result.available_after_ms or 0) + (result.consumed_after_ms or 0)
    parts.append(f"{result.elapsed_ms:.0f} ms (server {server} ms)")
    if result.plan is not None and result.profiled:
        parts.append(f"{total_db_hits(result.plan):,} db hits")
    return "; ".join(parts)


# -- tables -----------------------------------------------------------------------------------


def results_table(result: StatementResult) -> Table:
    """A rich table of the rows (cells shortened by ``values.cell``)."""
    table = Table(show_lines=False, header_style="bold")
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(cell(v) for v in row))
    return table


def print_result(console: Console, result: StatementResult, *, show_plan: bool = True) -> None:
    """Print one result as the console shows it: table (or plan), notifications, summary."""
    if result.plan is not None and show_plan:
        console.print(plan_header(result.plan), style="dim", highlight=False)
        for line in plan_lines(result.plan, profiled=result.profiled):
            console.print(line, markup=False, highlight=False)
    if result.columns and (result.rows or result.plan is None):
        console.print(results_table(result))
    for note in result.notifications:
        console.print(note, style="yellow", markup=False, highlight=False)
    console.print(summary_line(result), style="dim", markup=False, highlight=False)


# -- JSON and CSV -----------------------------------------------------------------------------


def result_to_plain(result: StatementResult) -> dict[str, Any]:
    """One statement's member of the JSON document."""
    return {
        "statement": result.statement,
        "columns": list(result.columns),
        "rows": [[to_plain(v) for v in row] for row in result.rows],
        "counters": dict(result.counters),
        "queryType": result.query_type,
        "truncated": result.truncated,
        "plan": plan_to_plain(result.plan) if result.plan is not None else None,
        "notifications": list(result.notifications),
        "timing": {
            "availableAfterMs": result.available_after_ms,
            "consumedAfterMs": result.consumed_after_ms,
        },
    }


def write_json(results: Sequence[StatementResult], out: TextIO) -> None:
    """The JSON document (a list, one object per statement), indented, keys in a fixed order."""
    json.dump([result_to_plain(r) for r in results], out, indent=2, ensure_ascii=False)
    out.write("\n")


def _csv_value(value: Any) -> str:
    plain = to_plain(value)
    if plain is None:
        return ""
    if isinstance(plain, str):
        return plain
    return json.dumps(plain, ensure_ascii=False)


def write_csv(results: Sequence[StatementResult], out: TextIO) -> None:
    """Each statement's columns and rows as CSV; statements separated by a blank line.

    Statements that return no columns (pure writes, schema commands) print nothing.
    """
    for i, result in enumerate(r for r in results if r.columns):
        if i:
            out.write("\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([_csv_value(v) for v in row])
