"""Serve the model from Neo4j: L2-normalised vectors written back as node properties, cosine
vector indexes over them and a ``ModelVersion`` node saying which model produced them.

Names (read by the GraphQL API): ``embedding`` on ``Skill`` / ``Occupation`` /
``OnetOccupation`` with indexes ``skill_embedding`` / ``occupation_embedding`` /
``onet_occupation_embedding``; ``transitionSource`` / ``transitionTarget`` on ``Occupation`` and
``OnetOccupation`` with indexes ``occupation_transition_target`` /
``onet_occupation_transition_target``. Querying a transition-target index with a source's
``transitionSource`` ranks targets by the model's transition score.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import neo4j
import numpy as np
from neo4j.exceptions import Neo4jError

from gnn import queries
from graph.errors import DatabaseError

KEYS = {"Skill": "uri", "Occupation": "uri", "OnetOccupation": "code"}
DISPLAY = {"Skill": "label", "Occupation": "label", "OnetOccupation": "title"}
EMBEDDING = "embedding"
TRANSITION_SOURCE = "transitionSource"
TRANSITION_TARGET = "transitionTarget"
VECTOR_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("skill_embedding", "Skill", EMBEDDING),
    ("occupation_embedding", "Occupation", EMBEDDING),
    ("onet_occupation_embedding", "OnetOccupation", EMBEDDING),
    ("occupation_transition_target", "Occupation", TRANSITION_TARGET),
    ("onet_occupation_transition_target", "OnetOccupation", TRANSITION_TARGET),
)
INDEX_FOR = {(label, prop): name for name, label, prop in VECTOR_INDEXES}


def l2_normalise(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    out: np.ndarray = (m / np.where(n == 0, 1.0, n)).astype(np.float32)
    return out


@dataclass
class LabelVectors:
    """Vectors of one label: property -> (n, D) array; rows where ``valid`` is False get the
    property removed instead (e.g. ESCO occupations with no O*NET mapping have no transitions).
    """

    ids: list[str]
    properties: dict[str, np.ndarray]
    valid: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class ServedVectors:
    """Everything written back, by label."""

    labels: dict[str, LabelVectors]
    dimensions: int


def served_vectors(
    ids: dict[str, list[str]],
    skill: np.ndarray,
    occupation: np.ndarray | None,
    onet: np.ndarray | None,
    onet_source: np.ndarray | None,
    onet_target: np.ndarray | None,
    maps_to: np.ndarray | None,
) -> ServedVectors:
    """Assemble the written-back vectors; ESCO occupations take the mean (re-normalised)
    transition vectors of the O*NET occupations they map to."""
    labels = {"Skill": LabelVectors(ids["Skill"], {EMBEDDING: l2_normalise(skill)})}
    if onet is not None and onet_source is not None and onet_target is not None:
        labels["OnetOccupation"] = LabelVectors(ids["OnetOccupation"], {
            EMBEDDING: l2_normalise(onet),
            TRANSITION_SOURCE: l2_normalise(onet_source),
            TRANSITION_TARGET: l2_normalise(onet_target)})
    if occupation is not None:
        props = {EMBEDDING: l2_normalise(occupation)}
        valid: dict[str, np.ndarray] = {}
        if "OnetOccupation" in labels and maps_to is not None:
            n = occupation.shape[0]
            m = np.zeros((n, len(ids["OnetOccupation"])), dtype=np.float32)
            m[maps_to[0], maps_to[1]] = 1.0
            has = m.sum(axis=1) > 0
            for p in (TRANSITION_SOURCE, TRANSITION_TARGET):
                props[p] = l2_normalise(m @ labels["OnetOccupation"].properties[p])
                valid[p] = has
        labels["Occupation"] = LabelVectors(ids["Occupation"], props, valid)
    return ServedVectors(labels, int(skill.shape[1]))


def execute(driver: neo4j.Driver, query: str, database: str, **params: Any) -> list[Any]:
    try:
        return list(driver.execute_query(query, parameters_=params, database_=database).records)
    except Neo4jError as e:
        raise DatabaseError(f"writing vectors to the graph failed: {e.message}") from e


def write_vectors(
    driver: neo4j.Driver,
    vectors: ServedVectors,
    *,
    database: str = "neo4j",
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write every vector property in batched UNWINDs; returns the nodes written."""
    written = 0
    for label, lv in vectors.labels.items():
        key = KEYS[label]
        props = tuple(lv.properties)
        valid = np.ones(len(lv.ids), dtype=bool)
        for p in props:
            if p in lv.valid:
                valid &= lv.valid[p]
        full = [i for i in range(len(lv.ids)) if valid[i]]
        partial = [i for i in range(len(lv.ids)) if not valid[i]]
        for rows_idx, ps in ((full, props),
                             (partial, tuple(p for p in props if p not in lv.valid))):
            if not rows_idx or not ps:
                continue
            q = queries.set_vectors(label, key, ps)
            for start in range(0, len(rows_idx), batch_size):
                chunk = rows_idx[start:start + batch_size]
                rows = [{"id": lv.ids[i], **{f"p{j}": lv.properties[p][i].tolist()
                                             for j, p in enumerate(ps)}} for i in chunk]
                execute(driver, q, database, rows=rows)
                written += len(chunk)
                if on_progress is not None:
                    on_progress(len(chunk))
        removable = tuple(lv.valid)
        if partial and removable:
            ids = [lv.ids[i] for i in partial]
            for start in range(0, len(ids), batch_size):
                execute(driver, queries.remove_properties(label, key, removable), database,
                        ids=ids[start:start + batch_size])
    return written


def write_rows(
    driver: neo4j.Driver, query: str, rows: list[dict[str, Any]], *, database: str = "neo4j",
    batch_size: int = 2000, on_progress: Callable[[int], None] | None = None,
) -> int:
    """Run ``query`` (an ``UNWIND $rows``) over ``rows`` in batches; returns the rows sent."""
    for start in range(0, len(rows), batch_size):
        chunk = rows[start:start + batch_size]
        execute(driver, query, database, rows=chunk)
        if on_progress is not None:
            on_progress(len(chunk))
    return len(rows)


def ensure_vector_indexes(
    driver: neo4j.Driver, dimensions: int, *, database: str = "neo4j", labels: set[str],
    wait_s: int = 300,
) -> list[str]:
    """Create the model's cosine vector indexes over ``labels`` (see :func:`index_vectors`)."""
    return index_vectors(driver, [i for i in VECTOR_INDEXES if i[1] in labels], dimensions,
                         database=database, wait_s=wait_s)


def index_vectors(
    driver: neo4j.Driver, indexes: list[tuple[str, str, str]], dimensions: int, *,
    database: str = "neo4j", wait_s: int = 300,
) -> list[str]:
    """Create the cosine vector indexes ``(name, label, property)``, unquantised so that scores
    are exact cosines (re-created when their dimension or quantisation differs), and wait until
    they are online."""
    made = []
    for name, label, prop in indexes:
        existing = execute(driver, queries.VECTOR_INDEX_OPTIONS, database, name=name)
        if existing and (existing[0]["dimensions"] != dimensions
                         or existing[0]["quantized"] is not False):
            execute(driver, queries.drop_index(name), database)
        execute(driver, queries.create_vector_index(name, label, prop, dimensions), database)
        made.append(name)
    execute(driver, queries.AWAIT_INDEXES, database, timeout=wait_s)
    return made


def retire_current_model(driver: neo4j.Driver, *, database: str = "neo4j") -> None:
    """Leave no ``ModelVersion`` current: done before vectors are overwritten, so that a
    write-back that stops part-way leaves the graph saying it serves no model (the API's
    ``/ready`` answers 503) instead of naming a model whose vectors are half replaced."""
    execute(driver, queries.UNSET_CURRENT_MODEL, database)


def record_model_version(
    driver: neo4j.Driver, *, version: str, dimensions: int, metrics: dict[str, Any],
    fingerprint: str, database: str = "neo4j", created_at: datetime | None = None,
) -> None:
    """Mark ``version`` as the current ``ModelVersion`` (and no other)."""
    created = (created_at or datetime.now(UTC)).isoformat()
    try:
        with driver.session(database=database) as session:
            session.execute_write(lambda tx: (
                tx.run(queries.UNSET_CURRENT_MODEL).consume(),
                tx.run(queries.CREATE_MODEL_VERSION, version=version, createdAt=created,
                       dimensions=dimensions, metrics=json.dumps(metrics, sort_keys=True),
                       dataFingerprint=fingerprint).consume()))
    except Neo4jError as e:
        raise DatabaseError(f"recording the model version failed: {e.message}") from e
