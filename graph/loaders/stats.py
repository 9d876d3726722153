"""What a load did: rows read, written and skipped per file, and Neo4j's counters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Skipped:
    """Rows left out on purpose, with the reason and the distinct keys that caused it."""

    reason: str
    count: int = 0
    keys: set[str] = field(default_factory=set)

    def add(self, key: str) -> None:
        self.count += 1
        self.keys.add(key)

    def describe(self, max_keys: int = 5) -> str:
        shown = sorted(self.keys)[:max_keys]
        more = len(self.keys) - len(shown)
        keys = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
        return f"{self.count} rows: {self.reason} ({len(self.keys)} distinct: {keys})"


@dataclass
class FileStats:
    """The outcome of loading one file (or one logical part of a file)."""

    file: str
    rows_read: int = 0
    rows_written: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    labels_added: int = 0
    labels_removed: int = 0
    seconds: float = 0.0
    written_by_type: Counter[str] = field(default_factory=Counter)
    skipped: dict[str, Skipped] = field(default_factory=dict)

    @property
    def rows_skipped(self) -> int:
        return sum(s.count for s in self.skipped.values())

    def skip(self, reason: str, key: str) -> None:
        self.skipped.setdefault(reason, Skipped(reason)).add(key)

    def add_counters(self, counters: Any) -> None:
        self.nodes_created += int(counters.nodes_created)
        self.relationships_created += int(counters.relationships_created)
        self.properties_set += int(counters.properties_set)
        self.labels_added += int(counters.labels_added)
        self.labels_removed += int(counters.labels_removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "rows_skipped": self.rows_skipped,
            "nodes_created": self.nodes_created,
            "relationships_created": self.relationships_created,
            "properties_set": self.properties_set,
            "written_by_type": dict(self.written_by_type),
            "skipped": {
                s.reason: {"count": s.count, "keys": sorted(s.keys)} for s in self.skipped.values()
            },
            "seconds": round(self.seconds, 3),
        }


@dataclass
class LoadReport:
    """The outcome of one ``skillgraph load`` command: one FileStats per file, in load order."""

    source: str
    files: list[FileStats] = field(default_factory=list)
    dry_run: bool = False

    def add(self, stats: FileStats) -> FileStats:
        self.files.append(stats)
        return stats

    def extend(self, other: LoadReport) -> None:
        self.files.extend(other.files)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_skipped(self) -> int:
        return sum(f.rows_skipped for f in self.files)

    @property
    def nodes_created(self) -> int:
        return sum(f.nodes_created for f in self.files)

    @property
    def relationships_created(self) -> int:
        return sum(f.relationships_created for f in self.files)

    @property
    def seconds(self) -> float:
        return sum(f.seconds for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "rows_skipped": self.rows_skipped,
            "nodes_created": self.nodes_created,
            "relationships_created": self.relationships_created,
            "seconds": round(self.seconds, 3),
            "files": [f.as_dict() for f in self.files],
        }
