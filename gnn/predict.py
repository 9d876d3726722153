"""Batch predictions from the written-back vectors through Neo4j's vector indexes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError

from gnn import queries
from gnn.writeback import (
    DISPLAY,
    EMBEDDING,
    INDEX_FOR,
    KEYS,
    TRANSITION_SOURCE,
    TRANSITION_TARGET,
)
from graph.errors import DatabaseError, InputError

ONET_CODE = re.compile(r"\d{2}-\d{4}\.\d{2}")
ESCO_OCCUPATION = re.compile(r"https?://data\.europa\.eu/esco/occupation/\S+")
ESCO_SKILL = re.compile(r"https?://data\.europa\.eu/esco/skill/\S+")
BATCH = 500


@dataclass(frozen=True)
class Prediction:
    id: str
    label: str
    score: float


@dataclass(frozen=True)
class SourcePredictions:
    source: str
    predictions: list[Prediction]

    def to_json(self) -> str:
        return json.dumps({"source": self.source,
                           "predictions": [{"id": p.id, "label": p.label, "score": p.score}
                                           for p in self.predictions]}, ensure_ascii=False)


def read_ids(path: Path, pattern: Callable[[str], bool], expected: str) -> list[str]:
    """Non-blank lines of ``path``; every one must match; reports every bad line."""
    from graph.errors import InputProblem

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError.single(path, None, None, f"cannot read the file: {e}") from e
    ids, problems = [], []
    for n, line in enumerate(lines, start=1):
        value = line.strip()
        if not value:
            continue
        if not pattern(value):
            problems.append(InputProblem(str(path), n, None, f"expected {expected}, got {value!r}"))
        ids.append(value)
    if problems:
        raise InputError(problems[:20], total=len(problems))
    return ids


def _neighbours(driver: neo4j.Driver, query: str, ids: list[str], k: int,
                database: str) -> dict[str, list[Prediction]]:
    try:
        records = driver.execute_query(query, parameters_={"ids": ids, "k": k},
                                       database_=database,
                                       routing_=neo4j.RoutingControl.READ).records
    except Neo4jError as e:
        raise DatabaseError(f"vector query failed ({e.message}); "
                            "expected the vectors written by `skillgraph train`") from e
    return {r["source"]: [Prediction(str(h[0]), str(h[1]), float(h[2])) for h in r["hits"]]
            for r in records}


def _predict(driver: neo4j.Driver, ids: list[str], k: int, label: str, vector: str,
             index_prop: str, database: str,
             on_progress: Callable[[int], None] | None) -> Iterator[SourcePredictions]:
    q = queries.vector_neighbours(label, KEYS[label], DISPLAY[label], vector,
                                  INDEX_FOR[(label, index_prop)])
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        found = _neighbours(driver, q, list(dict.fromkeys(batch)), k, database)
        for i in batch:
            yield SourcePredictions(i, found.get(i, []))
        if on_progress is not None:
            on_progress(len(batch))


def related_skills(driver: neo4j.Driver, ids: list[str], k: int, *, database: str = "neo4j",
                   on_progress: Callable[[int], None] | None = None
                   ) -> Iterator[SourcePredictions]:
    """The ``k`` skills most related to each skill URI (never the skill itself)."""
    return _predict(driver, ids, k, "Skill", EMBEDDING, EMBEDDING, database, on_progress)


def career_transitions(driver: neo4j.Driver, ids: list[str], k: int, *, database: str = "neo4j",
                       on_progress: Callable[[int], None] | None = None
                       ) -> Iterator[SourcePredictions]:
    """The ``k`` likeliest next occupations of each O*NET-SOC code (O*NET targets) or ESCO
    occupation URI (ESCO targets), in input order."""
    onet = [i for i in ids if ONET_CODE.fullmatch(i)]
    esco = [i for i in ids if not ONET_CODE.fullmatch(i)]
    results: dict[str, SourcePredictions] = {}
    for group, label in ((onet, "OnetOccupation"), (esco, "Occupation")):
        for p in _predict(driver, group, k, label, TRANSITION_SOURCE, TRANSITION_TARGET,
                          database, on_progress):
            results[p.source] = p
    return (results[i] for i in ids)


def write_jsonl(predictions: Iterable[SourcePredictions], path: Path) -> tuple[int, int]:
    """Write one JSON line per source; returns (sources, sources with no prediction)."""
    n = empty = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for p in predictions:
            f.write(p.to_json() + "\n")
            n += 1
            empty += not p.predictions
    return n, empty


def is_skill(value: str) -> bool:
    return ESCO_SKILL.fullmatch(value) is not None


def is_occupation(value: str) -> bool:
    return ONET_CODE.fullmatch(value) is not None or ESCO_OCCUPATION.fullmatch(value) is not None


def as_dict(p: SourcePredictions) -> dict[str, Any]:
    return json.loads(p.to_json())  # type: ignore[no-any-return]
