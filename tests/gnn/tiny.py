"""A tiny clustered labour-market graph, both in memory and as Cypher for the real Neo4j.

Four clusters; skills, occupations and O*NET occupations of a cluster are related to each other,
so a working model ranks same-cluster pairs first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import neo4j
import numpy as np

from gnn.export import (
    CAREER_TRANSITION,
    JOB_AD_MENTIONS,
    JOB_AD_NORMALIZED_TO,
    MAPS_TO,
    PREPARES_FOR,
    RATES,
    REQUIRES,
    SKILL_RELATED,
    USES_TECHNOLOGY,
    GraphExport,
    NodeTable,
)

CLUSTERS = 4
SKILLS_PER = 10
OCCS_PER = 3


def skill_uri(c: int, i: int) -> str:
    return f"http://data.europa.eu/esco/skill/s{c}-{i}"


def occ_uri(c: int, i: int) -> str:
    return f"http://data.europa.eu/esco/occupation/o{c}-{i}"


def onet_code(c: int, i: int) -> str:
    return f"1{c}-10{i}0.00"


def tiny_rows() -> dict[str, list[dict[str, object]]]:
    """Rows for every label and relationship type of the tiny graph (deterministic)."""
    rng = np.random.default_rng(7)
    topics = ["cooking", "accounting", "programming", "nursing"]
    rows: dict[str, list[dict[str, object]]] = {k: [] for k in (
        "skills", "occs", "onets", "descs", "techs", "requires", "related", "maps", "rates",
        "uses", "transitions", "programs", "prepares", "ads", "mentions", "normalized")}
    for c in range(CLUSTERS):
        for i in range(SKILLS_PER):
            rows["skills"].append({"uri": skill_uri(c, i), "label": f"{topics[c]} skill {i}",
                                   "description": f"A skill used in {topics[c]}."})
        pairs = {(a, b) for a in range(SKILLS_PER) for b in range(a + 1, SKILLS_PER)}
        chosen = sorted(pairs)
        for k in rng.choice(len(chosen), 15, replace=False):
            a, b = chosen[int(k)]
            rows["related"].append({"a": skill_uri(c, a), "b": skill_uri(c, b),
                                    "essential": bool(k % 2)})
        for i in range(OCCS_PER):
            rows["occs"].append({"uri": occ_uri(c, i), "label": f"{topics[c]} worker {i}",
                                 "description": f"Works in {topics[c]}."})
            rows["onets"].append({"code": onet_code(c, i), "title": f"{topics[c]} job {i}",
                                  "description": f"An O*NET {topics[c]} occupation."})
            rows["maps"].append({"a": occ_uri(c, i), "b": onet_code(c, i)})
            for s in rng.choice(SKILLS_PER, 6, replace=False):
                rows["requires"].append({"a": occ_uri(c, i), "b": skill_uri(c, int(s)),
                                         "essential": bool(s % 2)})
            for j in range(OCCS_PER):
                if j != i:
                    rows["transitions"].append({"a": onet_code(c, i), "b": onet_code(c, j),
                                                "tier": "Primary-Short", "index": j + 1})
            for d in range(CLUSTERS):
                rows["rates"].append({"a": onet_code(c, i), "b": f"2.A.1.{'abcd'[d]}",
                                      "importance": 4.5 if d == c else 1.5, "level": 3.0})
            rows["uses"].append({"a": onet_code(c, i), "b": f"Tool {c}"})
        rows["descs"].append({"id": f"2.A.1.{'abcd'[c]}", "name": f"{topics[c]} knowledge",
                              "description": f"Knowledge of {topics[c]}."})
        rows["techs"].append({"name": f"Tool {c}", "commodityTitle": f"{topics[c]} software"})
        rows["programs"].append({"cipCode": f"5{c}.0101", "title": f"{topics[c]} studies",
                                 "definition": f"A program that prepares for {topics[c]}."})
        rows["prepares"].append({"a": f"5{c}.0101", "b": onet_code(c, 0)})
        rows["ads"].append({"id": f"ad-{c}", "title": f"senior {topics[c]} worker"})
        for i in range(3):
            rows["mentions"].append({"a": f"ad-{c}", "b": skill_uri(c, i), "score": 0.5 + i / 10})
        for rank, occ in ((1, occ_uri(c, 1)), (2, occ_uri((c + 1) % CLUSTERS, 0))):
            rows["normalized"].append({"a": f"ad-{c}", "b": occ, "score": 1.0 / rank,
                                       "rank": rank})
    return rows


CREATE = (
    ("skills", "UNWIND $rows AS r CREATE (:Skill {uri: r.uri, label: r.label, "
               "description: r.description})"),
    ("occs", "UNWIND $rows AS r CREATE (:Occupation {uri: r.uri, label: r.label, "
             "description: r.description})"),
    ("onets", "UNWIND $rows AS r CREATE (:OnetOccupation {code: r.code, title: r.title, "
              "description: r.description})"),
    ("descs", "UNWIND $rows AS r CREATE (:OnetDescriptor {id: r.id, name: r.name, "
              "description: r.description, domain: 'Knowledge'})"),
    ("techs", "UNWIND $rows AS r CREATE (:Technology {name: r.name, "
              "commodityTitle: r.commodityTitle})"),
    ("requires", "UNWIND $rows AS r MATCH (a:Occupation {uri: r.a}), (b:Skill {uri: r.b}) "
                 "CREATE (a)-[:REQUIRES {essential: r.essential}]->(b)"),
    ("related", "UNWIND $rows AS r MATCH (a:Skill {uri: r.a}), (b:Skill {uri: r.b}) "
                "CREATE (a)-[:RELATED_TO {essential: r.essential}]->(b)"),
    ("maps", "UNWIND $rows AS r MATCH (a:Occupation {uri: r.a}), (b:OnetOccupation {code: r.b}) "
             "CREATE (a)-[:MAPS_TO {source: 'esco-onet-nesta-2020'}]->(b)"),
    ("rates", "UNWIND $rows AS r MATCH (a:OnetOccupation {code: r.a}), "
              "(b:OnetDescriptor {id: r.b}) "
              "CREATE (a)-[:RATES {importance: r.importance, level: r.level}]->(b)"),
    ("uses", "UNWIND $rows AS r MATCH (a:OnetOccupation {code: r.a}), (b:Technology {name: r.b}) "
             "CREATE (a)-[:USES_TECHNOLOGY {hot: false}]->(b)"),
    ("transitions", "UNWIND $rows AS r MATCH (a:OnetOccupation {code: r.a}), "
                    "(b:OnetOccupation {code: r.b}) "
                    "CREATE (a)-[:RELATED_OCCUPATION {tier: r.tier, index: r.index}]->(b)"),
    ("programs", "UNWIND $rows AS r CREATE (:Program {cipCode: r.cipCode, title: r.title, "
                 "definition: r.definition})"),
    ("prepares", "UNWIND $rows AS r MATCH (a:Program {cipCode: r.a}), "
                 "(b:OnetOccupation {code: r.b}) CREATE (a)-[:PREPARES_FOR]->(b)"),
    ("ads", "UNWIND $rows AS r CREATE (:JobAd {id: r.id, title: r.title, text: 'A posting.'})"),
    ("mentions", "UNWIND $rows AS r MATCH (a:JobAd {id: r.a}), (b:Skill {uri: r.b}) "
                 "CREATE (a)-[:MENTIONS {score: r.score, span: 'x'}]->(b)"),
    ("normalized", "UNWIND $rows AS r MATCH (a:JobAd {id: r.a}), (b:Occupation {uri: r.b}) "
                   "CREATE (a)-[:NORMALIZED_TO {score: r.score, rank: r.rank}]->(b)"),
)


def create_tiny_graph(driver: neo4j.Driver) -> dict[str, list[dict[str, object]]]:
    """Write the tiny graph into an (empty) database; returns the rows written."""
    rows = tiny_rows()
    for key, query in CREATE:
        driver.execute_query(query, rows=rows[key])
    return rows


def fake_encoder(texts: Sequence[str]) -> np.ndarray:
    """A deterministic stand-in for MiniLM: hashed bag of words, L2-normalised (384-d)."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in t.lower().replace(".", " ").split():
            out[i, sum(ord(ch) * 31**k for k, ch in enumerate(w)) % 384] += 1.0
    n = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(n == 0, 1, n)


def tiny_export() -> GraphExport:
    """The tiny graph as ``export_graph`` returns it, built without a database."""
    rows = tiny_rows()
    tables = {
        "Skill": NodeTable(*_table(rows["skills"], "uri", "label", ("label", "description"))),
        "Occupation": NodeTable(*_table(rows["occs"], "uri", "label", ("label", "description"))),
        "OnetOccupation": NodeTable(*_table(rows["onets"], "code", "title",
                                            ("title", "description"))),
        "OnetDescriptor": NodeTable(*_table(rows["descs"], "id", "name",
                                            ("name", "description"))),
        "Technology": NodeTable(*_table(rows["techs"], "name", "name",
                                        ("name", "commodityTitle"))),
        "Program": NodeTable(*_table(rows["programs"], "cipCode", "title",
                                     ("title", "definition"))),
        "JobAd": NodeTable(*_table(rows["ads"], "id", "title", ("title",))),
    }
    spec = {
        REQUIRES: ("requires", "essential"), SKILL_RELATED: ("related", None),
        MAPS_TO: ("maps", None), RATES: ("rates", "importance"),
        USES_TECHNOLOGY: ("uses", None), CAREER_TRANSITION: ("transitions", None),
        PREPARES_FOR: ("prepares", None), JOB_AD_MENTIONS: ("mentions", "score"),
        JOB_AD_NORMALIZED_TO: ("normalized", "score"),
    }
    edges, weights = {}, {}
    for et, (key, w) in spec.items():
        si, di = tables[et[0]].index, tables[et[2]].index
        pairs = sorted((si[str(r["a"])], di[str(r["b"])], float(cast(float, r[w])) if w else 1.0)
                       for r in rows[key] if int(str(r.get("rank", 1))) <= 1)
        edges[et] = np.array([p[:2] for p in pairs], dtype=np.int64).T.copy()
        weights[et] = np.array([p[2] for p in pairs], dtype=np.float32)
    return GraphExport(tables, edges, weights)


def _table(rows: list[dict[str, object]], key: str, display: str,
           text: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    ordered = sorted(rows, key=lambda r: str(r[key]))
    return ([str(r[key]) for r in ordered], [str(r[display]) for r in ordered],
            [". ".join(str(r[f]) for f in text if r.get(f)) for r in ordered])
