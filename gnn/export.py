"""Neo4j -> the arrays of PyTorch Geometric's ``HeteroData``, keeping every id -> index mapping
(``gnn.train.TrainingData.hetero`` builds the ``HeteroData`` once the target edges are split).

One columnar query per node label and one per relationship type: the whole graph arrives in a
handful of records, whatever its size.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import neo4j
import numpy as np
from neo4j.exceptions import Neo4jError

from gnn import queries
from graph.errors import DatabaseError

EdgeType = tuple[str, str, str]


@dataclass(frozen=True)
class NodeSpec:
    """A node label taken into the model: its key, display property and text fields."""

    label: str
    key: str
    display: str
    text: tuple[str, ...]


@dataclass(frozen=True)
class EdgeSpec:
    """A relationship type taken into the model (optionally with a numeric weight)."""

    src: str
    rel: str
    dst: str
    weight: str | None = None
    max_rank: int | None = None
    """Keep only relationships whose ``rank`` property is at most this (ranked candidates)."""

    @property
    def edge_type(self) -> EdgeType:
        return (self.src, self.rel, self.dst)


NODE_SPECS: tuple[NodeSpec, ...] = (
    NodeSpec("Skill", "uri", "label", ("label", "description")),
    NodeSpec("Occupation", "uri", "label", ("label", "description")),
    NodeSpec("OnetOccupation", "code", "title", ("title", "description")),
    NodeSpec("OnetDescriptor", "id", "name", ("name", "description")),
    NodeSpec("Technology", "name", "name", ("name", "commodityTitle")),
    NodeSpec("Program", "cipCode", "title", ("title", "definition")),
    NodeSpec("JobAd", "id", "title", ("title",)),
)

SKILL_RELATED: EdgeType = ("Skill", "RELATED_TO", "Skill")
CAREER_TRANSITION: EdgeType = ("OnetOccupation", "RELATED_OCCUPATION", "OnetOccupation")
REQUIRES: EdgeType = ("Occupation", "REQUIRES", "Skill")
RATES: EdgeType = ("OnetOccupation", "RATES", "OnetDescriptor")
MAPS_TO: EdgeType = ("Occupation", "MAPS_TO", "OnetOccupation")
USES_TECHNOLOGY: EdgeType = ("OnetOccupation", "USES_TECHNOLOGY", "Technology")
PREPARES_FOR: EdgeType = ("Program", "PREPARES_FOR", "OnetOccupation")
JOB_AD_MENTIONS: EdgeType = ("JobAd", "MENTIONS", "Skill")
JOB_AD_NORMALIZED_TO: EdgeType = ("JobAd", "NORMALIZED_TO", "Occupation")

EDGE_SPECS: tuple[EdgeSpec, ...] = (
    EdgeSpec(*REQUIRES, weight="essential"),
    EdgeSpec(*SKILL_RELATED),
    EdgeSpec("Skill", "BROADER", "Skill"),
    EdgeSpec("Occupation", "BROADER", "Occupation"),
    EdgeSpec(*MAPS_TO),
    EdgeSpec(*RATES, weight="importance"),
    EdgeSpec(*USES_TECHNOLOGY),
    EdgeSpec(*CAREER_TRANSITION),
    EdgeSpec(*PREPARES_FOR),
    EdgeSpec(*JOB_AD_MENTIONS, weight="score"),
    EdgeSpec(*JOB_AD_NORMALIZED_TO, weight="score", max_rank=1),
)
"""Job ads join the graph once loaded: the skills they mention and the occupation their title
is normalized to (the best candidate only; the runners-up are guesses)."""

RATES_MIN_IMPORTANCE = 3.0
"""O*NET rates every descriptor for every occupation; only ratings of at least this importance
(IM, 1-5: "important") become message-passing edges. The full ratings are a node feature."""


@dataclass
class NodeTable:
    """The nodes of one label in index order."""

    ids: list[str]
    labels: list[str]
    texts: list[str]
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {k: i for i, k in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class GraphExport:
    """The exported graph: node tables, edge arrays (2 x E int64) and weights, by type."""

    nodes: dict[str, NodeTable]
    edges: dict[EdgeType, np.ndarray]
    weights: dict[EdgeType, np.ndarray]

    def num_nodes(self, label: str) -> int:
        table = self.nodes.get(label)
        return len(table) if table is not None else 0

    def fingerprint(self) -> str:
        """A hash of every node id and edge: equal fingerprints mean equal graphs."""
        h = hashlib.sha256()
        for label in sorted(self.nodes):
            h.update(label.encode())
            h.update("\x00".join(self.nodes[label].ids).encode())
        for et in sorted(self.edges):
            if self.edges[et].shape[1] == 0:
                continue  # an empty relationship type is the same graph as an absent one
            h.update("/".join(et).encode())
            h.update(np.ascontiguousarray(self.edges[et]).tobytes())
        return h.hexdigest()[:16]

    def onet_ratings(self) -> np.ndarray:
        """OnetOccupation x OnetDescriptor importance matrix (0 where unrated)."""
        n_occ, n_desc = self.num_nodes("OnetOccupation"), self.num_nodes("OnetDescriptor")
        out = np.zeros((n_occ, n_desc), dtype=np.float32)
        if RATES in self.edges and n_occ and n_desc:
            e = self.edges[RATES]
            out[e[0], e[1]] = self.weights[RATES]
        return out


def _run(driver: neo4j.Driver, query: str, database: str) -> dict[str, Any]:
    try:
        records = driver.execute_query(
            query, database_=database, routing_=neo4j.RoutingControl.READ
        ).records
    except Neo4jError as e:
        raise DatabaseError(f"exporting the graph failed: {e.message}") from e
    return dict(records[0]) if records else {}


def export_graph(
    driver: neo4j.Driver,
    *,
    database: str = "neo4j",
    node_specs: tuple[NodeSpec, ...] = NODE_SPECS,
    edge_specs: tuple[EdgeSpec, ...] = EDGE_SPECS,
) -> GraphExport:
    """Read the nodes and relationships the model uses; labels with no nodes are left out,
    and so are relationship types touching them. Edges are sorted and deduplicated."""
    nodes: dict[str, NodeTable] = {}
    for spec in node_specs:
        fields = (spec.display, *spec.text)
        rec = _run(driver, queries.node_columns(spec.label, spec.key, fields), database)
        keys = [str(k) for k in rec.get("keys", [])]
        if not keys:
            continue
        display = rec["f0"]
        parts = [rec[f"f{i + 1}"] for i in range(len(spec.text))]
        texts = [". ".join(p for p in row if p) for row in zip(*parts, strict=True)]
        nodes[spec.label] = NodeTable(keys, list(display), texts)

    keys_of = {s.label: s.key for s in node_specs}
    edges: dict[EdgeType, np.ndarray] = {}
    weights: dict[EdgeType, np.ndarray] = {}
    for es in edge_specs:
        if es.src not in nodes or es.dst not in nodes:
            continue
        q = queries.edge_columns(es.src, keys_of[es.src], es.rel, es.dst, keys_of[es.dst],
                                 es.weight, es.max_rank)
        rec = _run(driver, q, database)
        si, di = nodes[es.src].index, nodes[es.dst].index
        pairs: dict[tuple[int, int], float] = {}
        w = rec.get("weight") or [1.0] * len(rec.get("src", []))
        for s, d, x in zip(rec.get("src", []), rec.get("dst", []), w, strict=True):
            a, b = si.get(str(s)), di.get(str(d))
            if a is None or b is None or (es.src == es.dst and a == b):
                continue
            pairs[(a, b)] = max(float(x), pairs.get((a, b), float("-inf")))
        ordered = sorted(pairs)
        arr = np.array(ordered, dtype=np.int64).reshape(-1, 2).T.copy()
        edges[es.edge_type] = arr
        weights[es.edge_type] = np.array([pairs[p] for p in ordered], dtype=np.float32)
    return GraphExport(nodes, edges, weights)
